/*
 * postprocess.c - tidy a delinearized rule into what upstream nft lists.
 *
 *  - ranges: "cmp gte a; cmp lte b" on the same expression -> "a-b";
 *  - binops: an xor on the left is folded into the constant (upstream
 *    lists `ct mark ^ 0x3 != 0x1` as `ct mark != 0x00000002`); an address
 *    masked by a prefix mask -> "10.0.0.0/8";
 *  - bitmasks (ct state, ct status, tcp flags, ct label): "& M != 0" ->
 *    `ct state established,related`; "& M == 0" -> `ct label != "x"` for
 *    labels (our meaning of != on a label), kept as "& M == 0" for the
 *    others, which print.c lists as upstream does (`ct state ! new`);
 *    upstream's `ct label != x` bytecode (cmp neq X without a mask: "the
 *    label set is not exactly {x}") becomes `ct label != { x }`, which
 *    means exactly that and cannot be mistaken for our bit test;
 *  - implied dependencies dropped as upstream does (`meta l4proto tcp`
 *    before `tcp dport`, `meta nfproto ipv4` before `ip saddr` in inet),
 *    see dep_rules below;
 *  - operators: "==" becomes implicit except where upstream prints it
 *    (a binop on the left, a bitmask value on the right);
 *  - values of set statements get the key's datatype.
 */
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "ast.h"
#include "datatype.h"
#include "deps.h"
#include "nft.h"

/* ---- expression helpers ---------------------------------------------- */

static bool expr_same(const struct expr *a, const struct expr *b)
{
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case EXPR_CT:
		return a->ct.key == b->ct.key && a->ct.dir == b->ct.dir;
	case EXPR_META:
		return a->meta.key == b->meta.key;
	case EXPR_PAYLOAD:
		return a->payload.base == b->payload.base &&
		       a->payload.offset == b->payload.offset && a->len == b->len;
	case EXPR_VALUE:
		return a->len == b->len && !memcmp(a->value.data, b->value.data, (a->len + 7) / 8);
	case EXPR_BINOP:
		return a->binop.op == b->binop.op && expr_same(a->binop.left, b->binop.left) &&
		       expr_same(a->binop.right, b->binop.right);
	default:
		return false;
	}
}

static bool is_bitmask(const struct expr *e)
{
	return e && e->dtype && e->dtype->bitmask;
}

static bool is_label(const struct expr *e)
{
	return e && e->dtype == &ct_label_type;
}

static unsigned int value_bytes(const struct expr *v)
{
	unsigned int n = (v->len + 7) / 8;

	return n > VALUE_MAX_BYTES ? VALUE_MAX_BYTES : n;
}

/* v ^= x, bytewise (both in register order). */
static void value_xor(struct expr *v, const struct expr *x)
{
	unsigned int i, n = value_bytes(v);

	for (i = 0; i < n && i < value_bytes(x); i++)
		v->value.data[i] ^= x->value.data[i];
}

/* Prefix length of a network order mask (leading ones, then zeros), or -1. */
static int mask_prefix_len(const struct expr *m)
{
	unsigned int n = value_bytes(m), bits = 0, i;
	bool zeros = false;

	for (i = 0; i < n * 8; i++) {
		bool one = (m->value.data[i / 8] >> (7 - i % 8)) & 1;

		if (one && zeros)
			return -1;
		if (one)
			bits++;
		else
			zeros = true;
	}
	return bits;
}

/* Whether v has a bit set that the mask m clears: such a compare is
 * never true, and as a prefix it would read back with those bits
 * cleared, so it stays listed as `x & m == v`. */
static bool value_outside_mask(const struct expr *v, const struct expr *m)
{
	unsigned int i, n = value_bytes(v);

	for (i = 0; i < n; i++)
		if (v->value.data[i] & ~(i < value_bytes(m) ? m->value.data[i] : 0))
			return true;
	return false;
}

static bool type_takes_prefix(const struct datatype *dt)
{
	return dt == &ipaddr_type || dt == &ip6addr_type;
}

/* Give @e (a value, or values inside ranges, sets, binops) the type of
 * @like where it has none. */
static void type_values(struct expr *e, const struct expr *like)
{
	size_t i;

	if (!e || !like)
		return;
	switch (e->kind) {
	case EXPR_VALUE:
		/* a constant of another length than the key stays raw */
		if (!e->dtype && like->dtype &&
		    (!like->dtype->size || e->len == like->dtype->size)) {
			e->dtype = like->dtype;
			e->byteorder = like->byteorder;
		}
		break;
	case EXPR_RANGE:
		type_values(e->range.low, like);
		type_values(e->range.high, like);
		break;
	case EXPR_PREFIX:
		type_values(e->prefix.expr, like);
		break;
	case EXPR_SET:
	case EXPR_LIST:
		for (i = 0; i < e->list.n; i++)
			type_values(e->list.items[i], like);
		break;
	case EXPR_BINOP:
		type_values(e->binop.left, like);
		type_values(e->binop.right, like);
		break;
	default:
		break;
	}
}

/* ---- rule statement list --------------------------------------------- */

static void rule_remove_stmt(struct rule *r, struct stmt *s)
{
	struct stmt **pp, *prev = NULL;

	for (pp = &r->stmts; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp != s)
			continue;
		*pp = s->next;
		if (r->stmts_tail == s)
			r->stmts_tail = prev;
		stmt_free(s);
		return;
	}
}

static struct expr *match_of(const struct stmt *s)
{
	if (s->kind != STMT_EXPR || !s->expr || s->expr->kind != EXPR_RELATIONAL)
		return NULL;
	return s->expr;
}

/* "x >= a" followed by "x <= b": one range match "x a-b". */
static void merge_ranges(struct rule *r)
{
	struct stmt *s;

	for (s = r->stmts; s && s->next; s = s->next) {
		struct expr *a = match_of(s), *b = match_of(s->next);

		if (!a || !b || a->rel.op != OP_GTE || b->rel.op != OP_LTE ||
		    !expr_same(a->rel.left, b->rel.left) ||
		    a->rel.right->kind != EXPR_VALUE || b->rel.right->kind != EXPR_VALUE)
			continue;
		a->rel.right = range_expr_alloc(NULL, a->rel.right, b->rel.right);
		b->rel.right = NULL;
		a->rel.op = OP_EQ;
		rule_remove_stmt(r, s->next);
	}
}

/* ---- matches --------------------------------------------------------- */

/* "(x ^ c) op v" -> "x op (v ^ c)" */
static void fold_xor(struct expr *rel)
{
	struct expr *l = rel->rel.left, *v = rel->rel.right;

	while (l->kind == EXPR_BINOP && l->binop.op == BINOP_XOR &&
	       l->binop.right->kind == EXPR_VALUE && v->kind == EXPR_VALUE &&
	       (rel->rel.op == OP_EQ || rel->rel.op == OP_NEQ)) {
		value_xor(v, l->binop.right);
		rel->rel.left = l->binop.left;
		l->binop.left = NULL;
		expr_free(l);
		l = rel->rel.left;
	}
}

/* Replace rel's left "x & m" by x, freeing the binop; returns m. */
static struct expr *take_mask(struct expr *rel)
{
	struct expr *l = rel->rel.left, *m = l->binop.right;

	rel->rel.left = l->binop.left;
	l->binop.left = NULL;
	l->binop.right = NULL;
	expr_free(l);
	return m;
}

static void fold_and(struct expr *rel)
{
	struct expr *l = rel->rel.left, *v = rel->rel.right, *x, *m;
	int plen;

	if (l->kind != EXPR_BINOP || l->binop.op != BINOP_AND ||
	    l->binop.right->kind != EXPR_VALUE || v->kind != EXPR_VALUE ||
	    (rel->rel.op != OP_EQ && rel->rel.op != OP_NEQ))
		return;
	x = l->binop.left;
	if (is_bitmask(x)) {
		if (!value_is_zero(v))
			return;		/* "v / m", printed by print.c */
		if (rel->rel.op == OP_NEQ) {
			/* any of the bits: ct state established,related */
			rel->rel.op = OP_IMPLICIT;
		} else if (is_label(x)) {
			/* none of the bits: our ct label != "x" */
			rel->rel.op = OP_NEQ;
		} else {
			return;		/* "x & m == 0": print.c lists `x ! m` */
		}
		m = take_mask(rel);
		expr_free(rel->rel.right);
		rel->rel.right = m;
		return;
	}
	if (type_takes_prefix(x->dtype) && x->byteorder == BYTEORDER_BIG &&
	    (plen = mask_prefix_len(l->binop.right)) >= 0 &&
	    !value_outside_mask(v, l->binop.right)) {
		m = take_mask(rel);
		expr_free(m);
		rel->rel.right = prefix_expr_alloc(NULL, v, plen);
		rel->rel.right->dtype = v->dtype;
		rel->rel.right->len = v->len;
	}
}

/* Upstream's `ct label != x` (the whole label set compared with {x}):
 * listed as `ct label != { x }`, which says exactly that. */
static void label_exact_neq(struct expr *rel)
{
	struct expr *set;

	if (rel->rel.op != OP_NEQ || rel->rel.left->kind != EXPR_CT ||
	    !is_label(rel->rel.left) || rel->rel.right->kind != EXPR_VALUE)
		return;
	set = set_expr_alloc(NULL);
	list_expr_add(set, rel->rel.right);
	rel->rel.right = set;
}

/* Where upstream prints "==": a binop on the left or a bitmask value on
 * the right; elsewhere the operator is implicit. */
static void normalize_op(struct expr *rel)
{
	if (rel->rel.op != OP_EQ)
		return;
	if (rel->rel.left->kind == EXPR_BINOP)
		return;
	if (rel->rel.right->kind == EXPR_VALUE && is_bitmask(rel->rel.right))
		return;
	rel->rel.op = OP_IMPLICIT;
}

/* ---- dependencies ----------------------------------------------------- */

/* What a protocol match states, or what a match needs. */
enum dep_kind {
	DEP_NONE,
	DEP_META_NFPROTO,	/* meta nfproto ipv4 */
	DEP_META_PROTOCOL,	/* meta protocol ip (ethertype) */
	DEP_ETHER_TYPE,		/* ether type ip (link layer payload) */
	DEP_META_L4PROTO,	/* meta l4proto tcp */
	DEP_PAYLOAD_L4,		/* ip protocol tcp / ip6 nexthdr tcp */
	DEP_CT_L3PROTO,		/* ct l3proto ipv4 */
	/* consumers that are not payloads */
	USE_META_L4PROTO,
	USE_CT_PROTOCOL,
};

#define FAM(f) (1u << (f))
#define FAM_ALL (FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6) | FAM(NFPROTO_INET) | \
		 FAM(NFPROTO_ARP) | FAM(NFPROTO_BRIDGE) | FAM(NFPROTO_NETDEV))
#define FAM_SINGLE (FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6) | FAM(NFPROTO_ARP))

/* Which earlier protocol match a later match makes implied, per family,
 * as upstream nft 1.0.6 lists rules. A payload of layer L uses the
 * match that selected the protocol of L. */
static const struct dep_rule {
	uint32_t families;
	int use_layer;		/* payload consumer of this layer, or -1 */
	enum dep_kind use;	/* non-payload consumer, or DEP_NONE */
	enum dep_kind dep;
	bool family_proto;	/* the dependency must name the family's protocol */
	bool implied;		/* network protocol implied by icmp/icmpv6 */
} dep_rules[] = {
	{ FAM(NFPROTO_INET), PROTO_NETWORK, DEP_NONE, DEP_META_NFPROTO, false, false },
	{ FAM_ALL & ~FAM(NFPROTO_INET), PROTO_NETWORK, DEP_NONE, DEP_META_PROTOCOL, false, false },
	{ FAM(NFPROTO_BRIDGE) | FAM(NFPROTO_NETDEV), PROTO_NETWORK, DEP_NONE, DEP_ETHER_TYPE,
	  false, false },
	{ FAM_ALL, PROTO_TRANSPORT, DEP_NONE, DEP_META_L4PROTO, false, false },
	{ FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6), PROTO_TRANSPORT, DEP_NONE, DEP_PAYLOAD_L4,
	  false, false },
	{ FAM_SINGLE, -1, USE_META_L4PROTO, DEP_META_PROTOCOL, true, false },
	{ FAM_ALL, -1, USE_CT_PROTOCOL, DEP_CT_L3PROTO, false, false },
	/* icmp type in inet/bridge/netdev: the network protocol icmp implies */
	{ FAM(NFPROTO_INET), PROTO_TRANSPORT, DEP_NONE, DEP_META_NFPROTO, false, true },
	{ FAM(NFPROTO_BRIDGE) | FAM(NFPROTO_NETDEV), PROTO_TRANSPORT, DEP_NONE,
	  DEP_META_PROTOCOL, false, true },
	{ FAM(NFPROTO_BRIDGE) | FAM(NFPROTO_NETDEV), PROTO_TRANSPORT, DEP_NONE,
	  DEP_ETHER_TYPE, false, true },
};

struct dep_slot {
	struct stmt *stmt;
	enum dep_kind kind;
	const struct proto_desc *desc;	/* protocol it selects, if known */
	uint64_t value;
};

struct pp_ctx {
	struct rule *rule;
	uint32_t family;
	struct dep_slot dep[PROTO_TRANSPORT + 1];
};

/* The plain key under binops (`ct mark & 0xff`: ct mark). */
static const struct expr *base_expr(const struct expr *e)
{
	while (e && e->kind == EXPR_BINOP)
		e = e->binop.left;
	return e;
}

static enum dep_kind meta_kind(const struct expr *l, bool use)
{
	if (!l->meta.key)
		return DEP_NONE;
	switch (l->meta.key->key) {
	case NFT_META_NFPROTO:
		return use ? DEP_NONE : DEP_META_NFPROTO;
	case NFT_META_PROTOCOL:
		return use ? DEP_NONE : DEP_META_PROTOCOL;
	case NFT_META_L4PROTO:
		return use ? USE_META_L4PROTO : DEP_META_L4PROTO;
	}
	return DEP_NONE;
}

static enum dep_kind ct_kind(const struct expr *l, bool use)
{
	if (!l->ct.key)
		return DEP_NONE;
	switch (l->ct.key->key) {
	case NFT_CT_L3PROTOCOL:
		return use ? DEP_NONE : DEP_CT_L3PROTO;
	case NFT_CT_PROTOCOL:
		return use ? USE_CT_PROTOCOL : DEP_NONE;
	}
	return DEP_NONE;
}

/* If @rel selects a protocol, what kind of match it is and the layer it
 * selects; -1 if it is not a protocol match. */
static int dep_of(const struct expr *rel, struct dep_slot *slot)
{
	const struct expr *l = rel->rel.left, *v = rel->rel.right;
	enum dep_kind k = DEP_NONE;
	int layer = -1;

	if ((rel->rel.op != OP_EQ && rel->rel.op != OP_IMPLICIT) || v->kind != EXPR_VALUE ||
	    v->len > 64)
		return -1;
	switch (l->kind) {
	case EXPR_META:
		k = meta_kind(l, false);
		break;
	case EXPR_CT:
		k = ct_kind(l, false);
		break;
	case EXPR_PAYLOAD:
		if (!l->payload.field)
			return -1;
		if (l->dtype == &inet_protocol_type)
			k = DEP_PAYLOAD_L4;
		else if (l->dtype == &ethertype_type)
			k = DEP_ETHER_TYPE;
		break;
	default:
		return -1;
	}
	slot->kind = k;
	slot->value = value_to_u64(v);
	switch (k) {
	case DEP_META_NFPROTO:
	case DEP_CT_L3PROTO:
		slot->desc = proto_by_nfproto(slot->value);
		layer = PROTO_NETWORK;
		break;
	case DEP_META_PROTOCOL:
	case DEP_ETHER_TYPE:
		slot->desc = proto_by_ethertype(slot->value);
		layer = PROTO_NETWORK;
		break;
	case DEP_META_L4PROTO:
	case DEP_PAYLOAD_L4:
		slot->desc = proto_by_l4(slot->value);
		layer = PROTO_TRANSPORT;
		break;
	default:
		break;
	}
	return layer;
}

/* The dependency @slot names the protocol of @e's header (or e is "th",
 * which any transport protocol carries). */
static bool dep_matches(const struct dep_slot *slot, const struct expr *e)
{
	const struct proto_desc *d = e->payload.desc;

	if (!d)
		return true;
	/* th: only a known protocol, whose header the listing then names;
	 * a protocol without one (meta l4proto 47) stays listed */
	if (d->layer == PROTO_TRANSPORT && d->protocol == 0)
		return slot->desc != NULL;
	return slot->desc == d;
}

static bool family_proto(uint32_t family, const struct dep_slot *slot)
{
	return slot->desc && slot->desc == proto_by_nfproto(family);
}

/* Drop the dependencies that @rel makes implied, if any. */
static void dep_kill(struct pp_ctx *pp, const struct expr *rel)
{
	const struct expr *l = base_expr(rel->rel.left);
	enum dep_kind use = DEP_NONE;
	int layer = -1;
	size_t i;

	if (!l || pp->family >= 32)
		return;
	if (l->kind == EXPR_PAYLOAD)
		layer = l->payload.desc ? (int)l->payload.desc->layer : -1;
	else if (l->kind == EXPR_META)
		use = meta_kind(l, true);
	else if (l->kind == EXPR_CT)
		use = ct_kind(l, true);
	for (i = 0; i < sizeof(dep_rules) / sizeof(dep_rules[0]); i++) {
		const struct dep_rule *dr = &dep_rules[i];
		int dl = layer >= 0 && !dr->implied ? layer : PROTO_NETWORK;
		struct dep_slot *slot;

		if (!(dr->families & FAM(pp->family)))
			continue;
		if (layer >= 0 ? dr->use_layer != layer : (use == DEP_NONE || dr->use != use))
			continue;
		if (dl > PROTO_TRANSPORT)
			continue;
		slot = &pp->dep[dl];
		if (!slot->stmt || slot->kind != dr->dep)
			continue;
		if (dr->implied) {
			if (!slot->desc || proto_implied_network(l->payload.desc) != slot->desc)
				continue;
		} else if (layer >= 0 && !dep_matches(slot, l)) {
			continue;
		}
		if (dr->family_proto && !family_proto(pp->family, slot))
			continue;
		rule_remove_stmt(pp->rule, slot->stmt);
		memset(slot, 0, sizeof(*slot));
	}
}

static void dep_store(struct pp_ctx *pp, struct stmt *s)
{
	struct dep_slot slot = { 0 };
	int layer = dep_of(s->expr, &slot);

	if (layer < 0 || slot.kind == DEP_NONE)
		return;
	slot.stmt = s;
	pp->dep[layer] = slot;
}

/* ---- statements ------------------------------------------------------ */

static void pp_match(struct pp_ctx *pp, struct stmt *s)
{
	struct expr *rel = s->expr;

	type_values(rel->rel.right, base_expr(rel->rel.left));
	fold_xor(rel);
	label_exact_neq(rel);
	fold_and(rel);
	normalize_op(rel);
	dep_kill(pp, rel);
	dep_store(pp, s);
}

static void pp_set_value(struct expr *value, const struct datatype *dt, enum byteorder bo)
{
	struct expr like = { .dtype = dt, .byteorder = bo };

	type_values(value, &like);
}

void postprocess_rule(struct nft_ctx *ctx, struct rule *rule)
{
	struct pp_ctx pp = { .rule = rule, .family = rule->h.family };
	struct stmt *s, *next;

	(void)ctx;
	merge_ranges(rule);
	for (s = rule->stmts; s; s = next) {
		next = s->next;
		switch (s->kind) {
		case STMT_EXPR:
			if (match_of(s))
				pp_match(&pp, s);
			break;
		case STMT_CT_SET:
			if (s->ct.key)
				pp_set_value(s->ct.value, s->ct.key->dtype, s->ct.key->byteorder);
			break;
		case STMT_META_SET:
			if (s->meta.key)
				pp_set_value(s->meta.value, s->meta.key->dtype,
					     s->meta.key->byteorder);
			break;
		default:
			break;
		}
	}
}
