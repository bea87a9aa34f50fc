/*
 * evaluate.c - type and resolve one command in place (nft.h):
 * evaluate_cmd().
 *
 * For rules: every symbol becomes a value of the type of what it is
 * compared with (datatype parse; label names become bits through the
 * label table), lists of bitmask values are folded into one value,
 * constant binops are folded, ranges, prefixes and anonymous sets are
 * checked, protocol dependencies are inserted as statements before the
 * match that needs them (deps.h), and adjacent payload matches are merged
 * into one load as upstream nft 1.0.6 does. For chains: hook, type and
 * priority are checked and the priority resolved to a number.
 *
 * Every error is queued with erec_error at the location of the offending
 * node, with upstream's wording where upstream has one.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "datatype.h"
#include "deps.h"
#include "erec.h"
#include "labels.h"
#include "nft.h"

#define PROTO_LAYERS (PROTO_TRANSPORT + 1)

struct eval_ctx {
	struct nft_ctx *nft;
	uint32_t family;
	struct rule *rule;
	struct stmt *prev;	/* statement before the one evaluated (deps go after it) */
	struct stmt *cur;
	const struct proto_desc *proto[PROTO_LAYERS];
	struct stmt *redundant;	/* `meta protocol ip` in the ip family */
};

static const char *const relop_names[] = {
	[OP_IMPLICIT] = "implicit", [OP_EQ] = "==", [OP_NEQ] = "!=", [OP_LT] = "<",
	[OP_GT] = ">", [OP_LTE] = "<=", [OP_GTE] = ">=", [OP_NEG] = "!",
};

/* ---- value helpers ---------------------------------------------------- */

static unsigned int nbytes(unsigned int bits)
{
	return (bits + 7) / 8;
}

static uint64_t max_value(unsigned int bits)
{
	return bits >= 64 ? UINT64_MAX : (1ULL << bits) - 1;
}

/* Re-encode constant @v for a key of @len bits in @bo, checking range.
 * Values wider than 64 bits (addresses, labels, names) must already
 * have the key's type; interface name wildcards keep their length. */
static int value_fit(struct expr *v, const struct datatype *dt, unsigned int len,
		     enum byteorder bo)
{
	uint64_t u;

	if (v->len > 64 || len > 64 || datatype_basetype(dt) == &string_type) {
		if (datatype_basetype(dt) == &string_type) {
			if (v->len > len) {
				erec_error(&v->loc, "String exceeds maximum length of %u",
					   len / 8);
				return -1;
			}
			/* a whole string (NUL terminated, not "eth*") fills
			 * the key: upstream compares all of its bytes */
			if (v->kind == EXPR_VALUE && v->len < len && v->len >= 8 &&
			    !v->value.data[v->len / 8 - 1])
				v->len = len;
		} else if (v->len != len) {
			erec_error(&v->loc, "Value does not fit in %u bits", len);
			return -1;
		}
		v->dtype = dt;
		return 0;
	}
	u = value_to_u64(v);
	if (u > max_value(len) && dt == &time_type) {
		erec_error(&v->loc, "value too large");	/* upstream's words */
		return -1;
	}
	if (u > max_value(len)) {
		erec_error(&v->loc, "Value %" PRIu64 " exceeds valid range 0-%" PRIu64,
			   u, max_value(len));
		return -1;
	}
	{
		struct expr *n = value_expr_from_u64(&v->loc, dt, bo, len, u);

		memcpy(v->value.data, n->value.data, sizeof(v->value.data));
		v->len = len;
		v->byteorder = bo;
		v->dtype = dt;
		expr_free(n);
	}
	return 0;
}

/* Replace *@pe by @n (freeing the old node). */
static void replace(struct expr **pe, struct expr *n)
{
	expr_free(*pe);
	*pe = n;
}

/* Bytewise fold of two constants of the same length. */
static void fold_bytes(struct expr *a, const struct expr *b, enum binop op)
{
	unsigned int i;

	for (i = 0; i < nbytes(a->len); i++) {
		switch (op) {
		case BINOP_AND:
			a->value.data[i] &= b->value.data[i];
			break;
		case BINOP_OR:
			a->value.data[i] |= b->value.data[i];
			break;
		case BINOP_XOR:
			a->value.data[i] ^= b->value.data[i];
			break;
		default:
			break;
		}
	}
}

/* ---- constants --------------------------------------------------------- */

/* What a constant may be, by context. */
enum {
	ALLOW_LIST = 1 << 0,	/* a,b: bitmask values */
	ALLOW_SET = 1 << 1,
	ALLOW_RANGE = 1 << 2,
	ALLOW_PREFIX = 1 << 3,
	/* `key != { V }` of a bitmask type stays a set of one value: the
	 * exact compare upstream emits (`cmp neq V`), whereas `ct label !=
	 * V` means "bit V not set" (linearize.c) */
	KEEP_SINGLETON = 1 << 4,
};

static int eval_const(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
		      unsigned int len, enum byteorder bo, unsigned int allow);

static int eval_symbol(struct expr **pe, const struct datatype *dt, unsigned int len,
		       enum byteorder bo)
{
	struct expr *v;

	if (!dt->parse) {
		erec_error(&(*pe)->loc, "Could not parse %s", dt->desc);
		return -1;
	}
	v = dt->parse(dt, *pe);
	if (!v)
		return -1;
	v->loc = (*pe)->loc;
	if (value_fit(v, dt, len, bo) < 0) {
		expr_free(v);
		return -1;
	}
	replace(pe, v);
	return 0;
}

static int eval_const_binop(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
			    unsigned int len, enum byteorder bo)
{
	struct expr *e = *pe, *l, *r;

	if (eval_const(ctx, &e->binop.left, dt, len, bo, 0) < 0 ||
	    eval_const(ctx, &e->binop.right, dt, len, bo, 0) < 0)
		return -1;
	l = e->binop.left;
	r = e->binop.right;
	if (l->kind != EXPR_VALUE || r->kind != EXPR_VALUE) {
		erec_error(&e->loc, "Binary operation on a non-constant expression");
		return -1;
	}
	if (e->binop.op == BINOP_LSHIFT || e->binop.op == BINOP_RSHIFT) {
		uint64_t a = value_to_u64(l), b = value_to_u64(r);

		if (len > 64) {
			erec_error(&e->loc, "Shift on a value wider than 64 bits");
			return -1;
		}
		a = b >= 64 ? 0 : e->binop.op == BINOP_LSHIFT ? a << b : a >> b;
		e->binop.left = NULL;
		replace(pe, value_expr_from_u64(&e->loc, dt, bo, len, a & max_value(len)));
		expr_free(l);
		return 0;
	}
	fold_bytes(l, r, e->binop.op);
	l->loc = e->loc;
	e->binop.left = NULL;
	replace(pe, l);
	return 0;
}

/* a,b,c of a bitmask type: one value, the OR of all. */
static int eval_list(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
		     unsigned int len, enum byteorder bo, unsigned int allow)
{
	struct expr *e = *pe, *acc = NULL;
	size_t i;

	if (!(allow & ALLOW_LIST) || !dt->bitmask) {
		erec_error(e->list.n ? &e->list.items[0]->loc : &e->loc,
			   "Basetype of type %s is not bitmask", dt->desc);
		return -1;
	}
	for (i = 0; i < e->list.n; i++) {
		if (eval_const(ctx, &e->list.items[i], dt, len, bo, 0) < 0)
			return -1;
		if (e->list.items[i]->kind != EXPR_VALUE) {
			erec_error(&e->list.items[i]->loc, "List element is not a constant");
			return -1;
		}
	}
	acc = expr_clone(e->list.items[0]);
	for (i = 1; i < e->list.n; i++)
		fold_bytes(acc, e->list.items[i], BINOP_OR);
	acc->loc = e->loc;
	replace(pe, acc);
	return 0;
}

static int value_cmp(const struct expr *a, const struct expr *b)
{
	unsigned int i, n = nbytes(a->len);

	if (a->len <= 64 && a->byteorder != BYTEORDER_BIG) {
		uint64_t x = value_to_u64(a), y = value_to_u64(b);

		return x < y ? -1 : x > y;
	}
	for (i = 0; i < n; i++)
		if (a->value.data[i] != b->value.data[i])
			return a->value.data[i] < b->value.data[i] ? -1 : 1;
	return 0;
}

static int eval_range(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
		      unsigned int len, enum byteorder bo)
{
	struct expr *e = *pe;

	if (eval_const(ctx, &e->range.low, dt, len, bo, 0) < 0 ||
	    eval_const(ctx, &e->range.high, dt, len, bo, 0) < 0)
		return -1;
	if (e->range.low->kind != EXPR_VALUE || e->range.high->kind != EXPR_VALUE) {
		erec_error(&e->loc, "Range bounds must be constants");
		return -1;
	}
	if (value_cmp(e->range.low, e->range.high) > 0) {
		erec_error(&e->loc, "Range has zero or negative size");
		return -1;
	}
	e->dtype = dt;
	e->len = len;
	e->byteorder = bo;
	return 0;
}

/* Clear the host bits of @v beyond a prefix of @plen bits. */
static void mask_prefix(struct expr *v, unsigned int plen)
{
	unsigned int i, n = nbytes(v->len);

	if (v->len <= 64 && v->byteorder != BYTEORDER_BIG) {
		uint64_t u = value_to_u64(v);
		uint64_t m = plen >= v->len ? max_value(v->len) :
			     (max_value(v->len) & ~max_value(v->len - plen));
		struct expr *t = value_expr_from_u64(&v->loc, v->dtype, v->byteorder,
						     v->len, u & m);

		memcpy(v->value.data, t->value.data, sizeof(v->value.data));
		expr_free(t);
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned int bits = plen > i * 8 ? plen - i * 8 : 0;

		if (bits < 8)
			v->value.data[i] &= (uint8_t)(0xff00 >> bits);
	}
}

static int eval_prefix(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
		       unsigned int len, enum byteorder bo)
{
	struct expr *e = *pe;

	if (eval_const(ctx, &e->prefix.expr, dt, len, bo, 0) < 0)
		return -1;
	if (e->prefix.expr->kind != EXPR_VALUE) {
		erec_error(&e->loc, "Prefix of a non-constant expression");
		return -1;
	}
	if (e->prefix.prefix_len > len) {
		erec_error(&e->loc, "Prefix length %u is invalid for type of %u bits width",
			   e->prefix.prefix_len, len);
		return -1;
	}
	mask_prefix(e->prefix.expr, e->prefix.prefix_len);
	e->dtype = dt;
	e->len = len;
	e->byteorder = bo;
	return 0;
}

/* ---- anonymous sets: duplicates and merged intervals ------------------- */

/* An element's interval [lo, hi] in key order, as big endian bytes: the
 * number for keys of up to 64 bits, the bytes the kernel compares
 * otherwise (linearize.c orders interval elements the same way). */
struct span {
	uint8_t lo[VALUE_MAX_BYTES], hi[VALUE_MAX_BYTES];
	size_t idx;			/* the element's index in the set */
};

static void put_be64(uint8_t *b, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		b[i] = v >> (56 - 8 * i);
}

static uint64_t get_be64(const uint8_t *b)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return v;
}

static void span_bound(const struct expr *v, unsigned int len, uint8_t *out)
{
	if (len <= 64)
		put_be64(out, value_to_u64(v));
	else
		memcpy(out, v->value.data, nbytes(len));
}

static bool is_wildcard_elem(const struct expr *v, const struct datatype *dt, unsigned int len)
{
	return v->kind == EXPR_VALUE && datatype_basetype(dt) == &string_type && v->len < len;
}

static void span_of(const struct expr *el, const struct datatype *dt, unsigned int len,
		    struct span *s)
{
	unsigned int i, host;

	memset(s, 0, sizeof(*s));
	switch (el->kind) {
	case EXPR_RANGE:
		span_bound(el->range.low, len, s->lo);
		span_bound(el->range.high, len, s->hi);
		break;
	case EXPR_PREFIX:
		span_bound(el->prefix.expr, len, s->lo);
		if (len <= 64) {
			host = len - el->prefix.prefix_len;
			put_be64(s->hi, get_be64(s->lo) |
					(host >= 64 ? UINT64_MAX : (1ULL << host) - 1));
		} else {
			memcpy(s->hi, s->lo, sizeof(s->hi));
			for (i = el->prefix.prefix_len; i < nbytes(len) * 8; i++)
				s->hi[i / 8] |= 0x80 >> (i % 8);
		}
		break;
	default:
		span_bound(el, len, s->lo);
		memcpy(s->hi, s->lo, sizeof(s->hi));
		if (is_wildcard_elem(el, dt, len))	/* "eth*" */
			memset(s->hi + nbytes(el->len), 0xff, nbytes(len) - nbytes(el->len));
		break;
	}
}

static int span_cmp(const void *a, const void *b)
{
	return memcmp(((const struct span *)a)->lo, ((const struct span *)b)->lo,
		      VALUE_MAX_BYTES);
}

/* @b + 1 == @next, on @w bytes (false if @b is the maximum). */
static bool span_follows(const uint8_t *b, const uint8_t *next, unsigned int w)
{
	uint8_t t[VALUE_MAX_BYTES];
	int i;

	memcpy(t, b, VALUE_MAX_BYTES);
	for (i = w - 1; i >= 0; i--)
		if (++t[i])
			break;
	return i >= 0 && !memcmp(t, next, VALUE_MAX_BYTES);
}

/* Keep item @keep of set @e alone. */
static void set_keep_one(struct expr *e, size_t keep)
{
	size_t i;

	for (i = 0; i < e->list.n; i++)
		if (i != keep)
			expr_free(e->list.items[i]);
	e->list.items[0] = e->list.items[keep];
	e->list.n = 1;
}

/* The value at @b (span form) as a constant of the key. */
static struct expr *span_value(const struct location *loc, const uint8_t *b,
			       const struct datatype *dt, unsigned int len, enum byteorder bo)
{
	if (len <= 64)
		return value_expr_from_u64(loc, dt, bo, len, get_be64(b));
	return value_expr_alloc(loc, dt, bo, len, b);
}

/* Interval set whose elements all merge into one interval: the kernel
 * holds the same set as for that one interval, so the rule is that
 * match, and it lists as such (`{ 1-100, 2 }` is `1-100`, `{ 1-10,
 * 11-20 }` is `1-20`). The element covering all others is kept as it
 * is written (a prefix stays a prefix); otherwise a range is made.
 * Names only merge by containment ("eth*" holds "eth0"): there is
 * always such an element. */
static void set_merge_single(struct expr *e, const struct datatype *dt, unsigned int len,
			     enum byteorder bo)
{
	unsigned int w = len <= 64 ? 8 : nbytes(len);
	bool strings = datatype_basetype(dt) == &string_type;
	struct span *sp = calloc(e->list.n, sizeof(*sp));
	uint8_t hi[VALUE_MAX_BYTES];
	struct expr *lo_v, *hi_v, *r;
	size_t i, keep;
	bool single = true;

	if (!sp)
		abort();
	for (i = 0; i < e->list.n; i++) {
		span_of(e->list.items[i], dt, len, &sp[i]);
		sp[i].idx = i;
	}
	qsort(sp, e->list.n, sizeof(*sp), span_cmp);
	memcpy(hi, sp[0].hi, sizeof(hi));
	for (i = 1; i < e->list.n && single; i++) {
		/* names merge only when one contains the other, as in
		 * linearize.c */
		if (memcmp(sp[i].lo, hi, VALUE_MAX_BYTES) > 0 &&
		    (strings || !span_follows(hi, sp[i].lo, w)))
			single = false;
		else if (memcmp(sp[i].hi, hi, VALUE_MAX_BYTES) > 0)
			memcpy(hi, sp[i].hi, sizeof(hi));
	}
	keep = e->list.n;
	for (i = 0; i < e->list.n && single && keep == e->list.n; i++)
		if (!memcmp(sp[i].lo, sp[0].lo, VALUE_MAX_BYTES) &&
		    !memcmp(sp[i].hi, hi, VALUE_MAX_BYTES))
			keep = sp[i].idx;
	if (single && keep < e->list.n) {
		set_keep_one(e, keep);
	} else if (single && !strings) {
		lo_v = span_value(&e->loc, sp[0].lo, dt, len, bo);
		hi_v = span_value(&e->loc, hi, dt, len, bo);
		if (!memcmp(sp[0].lo, hi, VALUE_MAX_BYTES)) {
			expr_free(hi_v);
			r = lo_v;
		} else {
			r = range_expr_alloc(&e->loc, lo_v, hi_v);
			r->dtype = dt;
			r->len = len;
			r->byteorder = bo;
		}
		list_expr_add(e, r);
		set_keep_one(e, e->list.n - 1);
	}
	free(sp);
}

/* Plain values of a set given twice are one element (the kernel holds
 * each once, and the set lists them once); an interval set that is one
 * interval is that interval. */
static void set_normalize(struct expr *e, const struct datatype *dt, unsigned int len,
			  enum byteorder bo)
{
	bool interval = false;
	size_t i, j, m;

	for (i = 0; i < e->list.n; i++) {
		const struct expr *el = e->list.items[i];

		if (el->kind == EXPR_RANGE || el->kind == EXPR_PREFIX ||
		    is_wildcard_elem(el, dt, len))
			interval = true;
		else if (el->kind != EXPR_VALUE)
			return;
	}
	if (interval) {
		if (e->list.n > 1)
			set_merge_single(e, dt, len, bo);
		return;
	}
	for (i = 0, m = 0; i < e->list.n; i++) {
		for (j = 0; j < m && value_cmp(e->list.items[j], e->list.items[i]); j++)
			;
		if (j < m)
			expr_free(e->list.items[i]);
		else
			e->list.items[m++] = e->list.items[i];
	}
	e->list.n = m;
}

static int eval_set(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
		    unsigned int len, enum byteorder bo, unsigned int allow)
{
	struct expr *e = *pe;
	size_t i;

	if (!e->list.n) {
		erec_error(&e->loc, "Set is empty");
		return -1;
	}
	for (i = 0; i < e->list.n; i++)
		if (eval_const(ctx, &e->list.items[i], dt, len, bo,
			       ALLOW_RANGE | ALLOW_PREFIX | ALLOW_LIST) < 0)
			return -1;
	set_normalize(e, dt, len, bo);
	e->dtype = dt;
	e->len = len;
	e->byteorder = bo;
	if (e->list.n == 1 && (allow & KEEP_SINGLETON) &&
	    e->list.items[0]->kind == EXPR_VALUE)
		return 0;
	if (e->list.n == 1) {
		/* { x } is x, as upstream */
		struct expr *only = e->list.items[0];

		e->list.n = 0;
		replace(pe, only);
	}
	return 0;
}

static int eval_const(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
		      unsigned int len, enum byteorder bo, unsigned int allow)
{
	struct expr *e = *pe;

	if (!e) {
		erec_error(&ctx->cur->loc, "Missing value");
		return -1;
	}
	switch (e->kind) {
	case EXPR_SYMBOL:
		return eval_symbol(pe, dt, len, bo);
	case EXPR_VALUE:
		return value_fit(e, dt, len, bo);
	case EXPR_VARIABLE:
		erec_error(&e->loc, "unknown identifier '%s'", e->sym.identifier);
		return -1;
	case EXPR_BINOP:
		return eval_const_binop(ctx, pe, dt, len, bo);
	case EXPR_LIST:
		return eval_list(ctx, pe, dt, len, bo, allow);
	case EXPR_SET:
		if (!(allow & ALLOW_SET))
			break;
		return eval_set(ctx, pe, dt, len, bo, allow);
	case EXPR_RANGE:
		if (!(allow & ALLOW_RANGE) || dt == &ct_label_type)
			break;
		return eval_range(ctx, pe, dt, len, bo);
	case EXPR_PREFIX:
		if (!(allow & ALLOW_PREFIX) || dt == &ct_label_type)
			break;
		return eval_prefix(ctx, pe, dt, len, bo);
	default:
		break;
	}
	if (dt == &ct_label_type && (e->kind == EXPR_RANGE || e->kind == EXPR_PREFIX)) {
		/* a set of label bits has no order: ranges and prefixes of
		 * the 128-bit value match nothing a label name says */
		erec_error(&e->loc, "conntrack labels are a set of bits: a %s is not a label "
			   "match (list the labels: ct label a,b)",
			   e->kind == EXPR_RANGE ? "range" : "prefix");
		return -1;
	}
	erec_error(&e->loc, "Expression is not a constant of type %s", dt->desc);
	return -1;
}

/* ---- protocol context and dependencies --------------------------------- */

static void insert_dep(struct eval_ctx *ctx, struct expr *dep)
{
	struct stmt *s = stmt_alloc(STMT_EXPR, &dep->loc);

	s->expr = dep;
	s->next = ctx->cur;
	if (ctx->prev)
		ctx->prev->next = s;
	else
		ctx->rule->stmts = s;
	ctx->prev = s;
}

static int conflict(const struct expr *e, const struct proto_desc *have,
		    const struct proto_desc *want)
{
	erec_error(&e->loc, "conflicting protocols specified: %s vs. %s", have->name,
		   want->name);
	return -1;
}

/* Upstream drops a user's `meta protocol ip` (ip6) in the ip (ip6)
 * family, which the family implies, once a header field follows. */
static bool is_redundant_selector(const struct eval_ctx *ctx, const struct expr *rel)
{
	const struct proto_desc *base = proto_family_base(ctx->family, PROTO_NETWORK);
	const struct expr *l = rel->rel.left, *r = rel->rel.right;

	if (!base || (ctx->family != NFPROTO_IPV4 && ctx->family != NFPROTO_IPV6))
		return false;
	if (l->kind != EXPR_META || l->meta.key->key != NFT_META_PROTOCOL ||
	    r->kind != EXPR_VALUE || (rel->rel.op != OP_EQ && rel->rel.op != OP_IMPLICIT))
		return false;
	return value_to_u64(r) == base->ethertype;
}

static void drop_redundant(struct eval_ctx *ctx)
{
	struct stmt **pp, *s = ctx->redundant, *before = NULL;

	ctx->redundant = NULL;
	for (pp = &ctx->rule->stmts; *pp; before = *pp, pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			if (ctx->prev == s)
				ctx->prev = before;
			stmt_free(s);
			return;
		}
	}
}

static int payload_dep(struct eval_ctx *ctx, const struct expr *e)
{
	const struct proto_desc *d = e->payload.desc, *net;
	struct expr *dep;

	if (ctx->redundant && (!d || d->layer != PROTO_LL))
		drop_redundant(ctx);
	if (!d || !strcmp(d->name, "th"))
		return 0;
	if (d->layer == PROTO_TRANSPORT) {
		net = ctx->proto[PROTO_NETWORK];
		if (net && !strcmp(net->name, "arp"))
			return conflict(e, net, d);
		net = proto_implied_network(d);
		if (net && !ctx->proto[PROTO_NETWORK]) {
			dep = proto_dep_build(ctx->family, net, true, &e->loc);
			if (dep)
				insert_dep(ctx, dep);
			ctx->proto[PROTO_NETWORK] = net;
		}
	}
	if (ctx->proto[d->layer])
		return ctx->proto[d->layer] == d ? 0 : conflict(e, ctx->proto[d->layer], d);
	dep = proto_dep_build(ctx->family, d, false, &e->loc);
	if (dep)
		insert_dep(ctx, dep);
	ctx->proto[d->layer] = d;
	return 0;
}

/* A user match that selects a protocol sets the context (first wins). */
static void learn_proto(struct eval_ctx *ctx, const struct expr *rel)
{
	enum proto_layer layer;
	const struct proto_desc *d = proto_selects(ctx->family, rel, &layer);

	if (d && !ctx->proto[layer])
		ctx->proto[layer] = d;
}

/* ---- expressions -------------------------------------------------------- */

static int eval_left(struct eval_ctx *ctx, struct expr **pe)
{
	struct expr *e = *pe;

	switch (e->kind) {
	case EXPR_PAYLOAD:
		if (e->payload.field && !e->len) {
			e->dtype = e->payload.field->dtype;
			e->len = e->payload.field->len;
			e->byteorder = e->payload.field->byteorder;
			e->payload.base = e->payload.desc->base;
			e->payload.offset = e->payload.field->offset;
		}
		return payload_dep(ctx, e);
	case EXPR_CT:
		if (!e->len) {
			e->dtype = e->ct.key->dtype;
			e->len = e->ct.key->len;
			e->byteorder = e->ct.key->byteorder;
		}
		if (e->ct.key->dir == KEY_DIR_REQUIRED && e->ct.dir == CT_DIR_NONE) {
			erec_error(&e->loc, "ct %s requires a direction (original or reply)",
				   e->ct.key->name);
			return -1;
		}
		return 0;
	case EXPR_META:
		if (!e->len) {
			e->dtype = e->meta.key->dtype;
			e->len = e->meta.key->len;
			e->byteorder = e->meta.key->byteorder;
		}
		if (e->meta.key->key == NFT_META_NFPROTO && ctx->family != NFPROTO_INET) {
			erec_error(&e->loc, "meta nfproto is only useful in the inet family");
			return -1;
		}
		return 0;
	case EXPR_BINOP:
		if (eval_left(ctx, &e->binop.left) < 0)
			return -1;
		e->dtype = e->binop.left->dtype;
		e->len = e->binop.left->len;
		e->byteorder = e->binop.left->byteorder;
		if (e->binop.op == BINOP_LSHIFT || e->binop.op == BINOP_RSHIFT)
			return eval_const(ctx, &e->binop.right, &integer_type, 32,
					  BYTEORDER_HOST, 0);
		return eval_const(ctx, &e->binop.right, e->dtype, e->len, e->byteorder,
				  ALLOW_LIST);
	default:
		erec_error(&e->loc, "Expression is not a key to match on");
		return -1;
	}
}

/* `key ^ C == V` is `key == V ^ C` (upstream moves the xor right). */
static void transfer_xor(struct expr *rel)
{
	struct expr *l = rel->rel.left, *r = rel->rel.right;

	if (l->kind != EXPR_BINOP || l->binop.op != BINOP_XOR || r->kind != EXPR_VALUE ||
	    l->binop.right->kind != EXPR_VALUE || l->dtype->bitmask)
		return;
	if (rel->rel.op != OP_EQ && rel->rel.op != OP_NEQ && rel->rel.op != OP_IMPLICIT)
		return;
	fold_bytes(r, l->binop.right, BINOP_XOR);
	rel->rel.left = l->binop.left;
	l->binop.left = NULL;
	expr_free(l);
}

/* Length of the prefix mask @m (ones, then zeros) on @n bytes, or -1. */
static int mask_prefix_len(const uint8_t *m, unsigned int n)
{
	unsigned int i, len = 0;
	bool zeros = false;

	for (i = 0; i < n * 8; i++) {
		bool one = m[i / 8] & (0x80 >> (i % 8));

		if (one && zeros)
			return -1;
		if (one)
			len++;
		else
			zeros = true;
	}
	return len;
}

/* `ip saddr & 255.255.0.0 == 10.1.0.0` is `ip saddr 10.1.0.0/16`: the
 * same match, and what it lists as; the byte aligned prefix of a header
 * field loads only its bytes (linearize.c), so the listing loads back
 * identically only if the mask form does the same. Other prefixes give
 * the same bytecode either way and are left alone. */
static void binop_to_prefix(struct expr *rel)
{
	struct expr *l = rel->rel.left, *v = rel->rel.right, *m;
	unsigned int n, i;
	int plen;

	if (rel->rel.op != OP_EQ && rel->rel.op != OP_NEQ && rel->rel.op != OP_IMPLICIT)
		return;
	if (l->kind != EXPR_BINOP || l->binop.op != BINOP_AND || v->kind != EXPR_VALUE ||
	    l->binop.left->kind != EXPR_PAYLOAD || l->byteorder != BYTEORDER_BIG ||
	    l->dtype->bitmask || l->len > VALUE_MAX_BYTES * 8)
		return;
	m = l->binop.right;
	n = nbytes(l->len);
	if (m->kind != EXPR_VALUE || l->len != n * 8)
		return;
	plen = mask_prefix_len(m->value.data, n);
	if (plen <= 0 || (unsigned int)plen >= l->len || plen % 8)
		return;
	for (i = plen / 8; i < n; i++)
		if (v->value.data[i])
			return;		/* never true: stays as written */
	rel->rel.left = l->binop.left;
	l->binop.left = NULL;
	rel->rel.right = prefix_expr_alloc(&v->loc, v, plen);
	rel->rel.right->dtype = v->dtype;
	rel->rel.right->len = v->len;
	rel->rel.right->byteorder = v->byteorder;
	if (rel->rel.op == OP_IMPLICIT)
		rel->rel.op = OP_EQ;
	expr_free(l);
}

static int eval_relational(struct eval_ctx *ctx, struct expr *rel)
{
	struct expr *left, *right;
	unsigned int allow = ALLOW_SET | ALLOW_RANGE | ALLOW_PREFIX | ALLOW_LIST;
	const struct datatype *dt;

	if (eval_left(ctx, &rel->rel.left) < 0)
		return -1;
	left = rel->rel.left;
	dt = left->dtype;
	if (!rel->rel.right) {
		erec_error(&rel->loc, "Missing value");
		return -1;
	}
	if (rel->rel.op == OP_NEQ && dt->bitmask)
		allow |= KEEP_SINGLETON;
	if (eval_const(ctx, &rel->rel.right, dt, left->len, left->byteorder, allow) < 0)
		return -1;
	right = rel->rel.right;
	switch (rel->rel.op) {
	case OP_NEG:
		if (!dt->bitmask || right->kind != EXPR_VALUE) {
			erec_error(&rel->loc, "negation can only be used with singleton bitmask "
				   "values");
			return -1;
		}
		break;
	case OP_LT:
	case OP_GT:
	case OP_LTE:
	case OP_GTE:
		if (dt == &ct_label_type) {
			erec_error(&rel->loc, "conntrack labels are a set of bits: %s is not a "
				   "label match", relop_names[rel->rel.op]);
			return -1;
		}
		if (right->kind == EXPR_SET || right->kind == EXPR_RANGE ||
		    right->kind == EXPR_PREFIX) {
			erec_error(&right->loc, "Relational expression (%s) is undefined for %s "
				   "expressions", relop_names[rel->rel.op],
				   right->kind == EXPR_SET ? "set" :
				   right->kind == EXPR_RANGE ? "range" : "prefix");
			return -1;
		}
		break;
	default:
		break;
	}
	transfer_xor(rel);
	binop_to_prefix(rel);
	left = rel->rel.left;	/* the binop may be gone */
	rel->dtype = dt;
	rel->len = left->len;
	rel->byteorder = left->byteorder;
	learn_proto(ctx, rel);
	return 0;
}

/* ---- statements --------------------------------------------------------- */

/* A key expression (a load, possibly with constant binops on it), as
 * opposed to a constant: `ct mark set ct mark | 0x10`. */
static bool is_key_expr(const struct expr *e)
{
	while (e->kind == EXPR_BINOP && e->binop.left)
		e = e->binop.left;
	return e->kind == EXPR_CT || e->kind == EXPR_META || e->kind == EXPR_PAYLOAD;
}

static int eval_set_value(struct eval_ctx *ctx, struct expr **pe, const struct datatype *dt,
			  unsigned int len, enum byteorder bo)
{
	struct expr *v = *pe;

	if (!v) {
		erec_error(&ctx->cur->loc, "Missing value");
		return -1;
	}
	if (!is_key_expr(v))
		return eval_const(ctx, pe, dt, len, bo, ALLOW_LIST);
	if (eval_left(ctx, pe) < 0)
		return -1;
	v = *pe;
	/* upstream: the same type, or a plain integer (ct zone, ct bytes,
	 * meta cpu) into any integer based key, whatever its length */
	if (v->dtype != dt && !(v->dtype == &integer_type &&
				datatype_basetype(dt) == &integer_type)) {
		erec_error(&v->loc, "datatype mismatch: expected %s, expression has type %s",
			   dt->desc, v->dtype->desc);
		erec_add_location(&ctx->cur->loc);
		return -1;
	}
	return 0;
}

static int eval_stmt(struct eval_ctx *ctx, struct stmt *s)
{
	switch (s->kind) {
	case STMT_EXPR:
		if (!s->expr || s->expr->kind != EXPR_RELATIONAL) {
			erec_error(&s->loc, "Statement is not a match");
			return -1;
		}
		if (eval_relational(ctx, s->expr) < 0)
			return -1;
		if (is_redundant_selector(ctx, s->expr))
			ctx->redundant = s;
		return 0;
	case STMT_CT_SET:
		if (!s->ct.key->settable) {
			erec_error(&s->loc, "ct %s cannot be set", s->ct.key->name);
			return -1;
		}
		return eval_set_value(ctx, &s->ct.value, s->ct.key->dtype, s->ct.key->len,
				      s->ct.key->byteorder);
	case STMT_META_SET:
		if (!s->meta.key->settable) {
			erec_error(&s->loc, "meta %s cannot be set", s->meta.key->name);
			return -1;
		}
		return eval_set_value(ctx, &s->meta.value, s->meta.key->dtype,
				      s->meta.key->len, s->meta.key->byteorder);
	case STMT_VERDICT:
		if (s->expr && (s->expr->verdict.code == NFT_JUMP ||
				s->expr->verdict.code == NFT_GOTO) &&
		    (!s->expr->verdict.chain || !*s->expr->verdict.chain)) {
			erec_error(&s->loc, "Missing chain name");
			return -1;
		}
		return 0;
	case STMT_LOG:
		if (s->log.prefix && strlen(s->log.prefix) > 127) {
			erec_error(&s->loc, "log prefix is too long (at most 127 characters)");
			return -1;
		}
		return 0;
	case STMT_COUNTER:
	case STMT_NOTRACK:
		return 0;
	case STMT_UNKNOWN:
		erec_error(&s->loc, "Statement cannot be added: %s", s->unknown.text);
		return -1;
	}
	return 0;
}

/* ---- payload merging ---------------------------------------------------- */

/*
 * Upstream merges matches of adjacent payload fields (same base, next
 * offset) compared with constants into one load: `tcp sport 1 tcp dport
 * 2` loads 4 bytes once. Matches need not be consecutive statements;
 * other statements are skipped and the merged match takes the first
 * one's place. A merge is refused above 128 bits, and above 32 bits when
 * one side is exactly 32 bits wide.
 *
 * Deliberate differences from upstream 1.0.6, which merges these too
 * and changes their meaning (fail-open): `!=` matches are not merged
 * (a != 1 and b != 2 is not (a,b) != (1,2)), nor implicit bitmask
 * matches (`tcp flags syn` means "syn set", not "flags == syn").
 */
static bool merge_candidate(const struct stmt *s)
{
	const struct expr *rel = s->expr, *l, *r;

	if (s->kind != STMT_EXPR || rel->kind != EXPR_RELATIONAL)
		return false;
	l = rel->rel.left;
	r = rel->rel.right;
	if (l->kind != EXPR_PAYLOAD || r->kind != EXPR_VALUE)
		return false;
	if (rel->rel.op == OP_IMPLICIT)
		return !l->dtype || !l->dtype->bitmask;
	return rel->rel.op == OP_EQ;
}

static bool can_merge(const struct expr *a, const struct expr *b)
{
	unsigned int total = a->len + b->len;

	if (a->payload.base != b->payload.base || a->payload.offset + a->len != b->payload.offset)
		return false;
	if (a->payload.offset % 8 || a->len % 8 || b->len % 8)
		return false;
	if (total > 128)
		return false;
	if (total > 32 && (a->len == 32 || b->len == 32))
		return false;
	return true;
}

static int cmp_offset(const void *x, const void *y)
{
	const struct stmt *a = *(struct stmt *const *)x, *b = *(struct stmt *const *)y;
	uint32_t oa = a->expr->rel.left->payload.offset, ob = b->expr->rel.left->payload.offset;

	return oa < ob ? -1 : oa > ob;
}

static void unlink_stmt(struct rule *r, struct stmt *s)
{
	struct stmt **pp;

	for (pp = &r->stmts; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	r->stmts_tail = NULL;
	for (s = r->stmts; s; s = s->next)
		r->stmts_tail = s;
}

/* Merge @b's match into @a's (a is the lower offset). */
static void merge_into(struct expr *a_rel, const struct expr *b_rel)
{
	struct expr *a = a_rel->rel.left, *av = a_rel->rel.right;
	const struct expr *b = b_rel->rel.left, *bv = b_rel->rel.right;
	unsigned int an = a->len / 8;

	memcpy(av->value.data + an, bv->value.data, b->len / 8);
	a->len += b->len;
	av->len = a->len;
	a->payload.desc = NULL;		/* no longer one named field */
	a->payload.field = NULL;
	a->dtype = &integer_type;
	av->dtype = &integer_type;
	a_rel->len = a->len;
	a_rel->dtype = &integer_type;
	if (a_rel->rel.op == OP_IMPLICIT)
		a_rel->rel.op = OP_EQ;
}

static void merge_run(struct rule *r, struct stmt **sa, size_t n)
{
	size_t i, j;

	if (n < 2)
		return;
	qsort(sa, n, sizeof(*sa), cmp_offset);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n; j++) {
			if (!can_merge(sa[i]->expr->rel.left, sa[j]->expr->rel.left))
				break;
			merge_into(sa[i]->expr, sa[j]->expr);
			unlink_stmt(r, sa[j]);
			stmt_free(sa[j]);
		}
	}
}

static void payload_merge(struct rule *r)
{
	struct stmt *s, *next, **sa;
	size_t n = 0, count = 0;

	for (s = r->stmts; s; s = s->next)
		count++;
	if (count < 2)
		return;
	sa = calloc(count, sizeof(*sa));
	if (!sa)
		abort();
	for (s = r->stmts; s; s = next) {
		next = s->next;
		if (merge_candidate(s))
			sa[n++] = s;
	}
	/* candidates sorted by offset: the lowest offset absorbs the
	 * fields after it and keeps its place in the rule (upstream) */
	merge_run(r, sa, n);
	free(sa);
}

/* ---- rules, chains, tables ---------------------------------------------- */

static int eval_rule(struct nft_ctx *nft, uint32_t family, struct rule *r)
{
	struct eval_ctx ctx = { .nft = nft, .family = family, .rule = r };
	struct stmt *s;
	int layer;

	for (layer = 0; layer < PROTO_LAYERS; layer++)
		ctx.proto[layer] = proto_family_base(family, layer);
	for (s = r->stmts; s; s = s->next) {
		ctx.cur = s;
		if (eval_stmt(&ctx, s) < 0)
			return -1;
		ctx.prev = s;
	}
	r->stmts_tail = ctx.prev;
	payload_merge(r);
	return 0;
}

static const struct {
	const char *name;
	unsigned int families;		/* 1 << NFPROTO_* */
} chain_types[] = {
	{ "filter", (1u << NFPROTO_IPV4) | (1u << NFPROTO_IPV6) | (1u << NFPROTO_INET) |
		    (1u << NFPROTO_ARP) | (1u << NFPROTO_BRIDGE) | (1u << NFPROTO_NETDEV) },
	{ "nat", (1u << NFPROTO_IPV4) | (1u << NFPROTO_IPV6) | (1u << NFPROTO_INET) },
	{ "route", (1u << NFPROTO_IPV4) | (1u << NFPROTO_IPV6) | (1u << NFPROTO_INET) },
};

/*
 * Locations of a hook spec `type T hook H [device D] priority P` as
 * upstream reports them, found from the hook name's location in the
 * source text (the AST keeps only that one): the type name, the
 * priority with its keyword, and the whole spec.
 */
static const char *line_text(const struct location *loc, size_t *len)
{
	const struct input_desc *d = loc->indesc;
	const char *p, *end, *nl;
	unsigned int n = 1;

	if (!d || !d->data || !loc->first_line)
		return NULL;
	p = d->data;
	end = d->data + d->len;
	while (n < loc->first_line && p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			return NULL;
		p = nl + 1;
		n++;
	}
	nl = memchr(p, '\n', end - p);
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return p;
}

/* Column (1-based) of the start of the word ending before column @col,
 * skipping blanks; 0 if none. */
static unsigned int word_before(const char *t, unsigned int col, unsigned int *word_end)
{
	int i = (int)col - 2;

	while (i >= 0 && (t[i] == ' ' || t[i] == '\t'))
		i--;
	if (i < 0)
		return 0;
	*word_end = i + 1;
	while (i >= 0 && t[i] != ' ' && t[i] != '\t' && t[i] != '{' && t[i] != ';')
		i--;
	return i + 2;
}

static struct location type_location(const struct chain *c, bool whole_spec)
{
	struct location loc = c->hook_loc;
	unsigned int hook_kw, type_name, type_kw, end, e1, e2, e3;
	size_t len;
	const char *t = line_text(&c->hook_loc, &len);

	if (!t || c->hook_loc.first_line != c->hook_loc.last_line)
		return c->loc;
	hook_kw = word_before(t, c->hook_loc.first_column, &e1);
	type_name = hook_kw ? word_before(t, hook_kw, &e2) : 0;
	type_kw = type_name ? word_before(t, type_name, &e3) : 0;
	if (!type_kw || strncmp(t + type_kw - 1, "type", 4))
		return c->loc;
	if (!whole_spec) {
		loc.first_column = type_name;
		loc.last_column = e2;
		return loc;
	}
	/* the spec ends before the ';', '}' or end of line after "priority" */
	for (end = c->hook_loc.last_column; end < len; end++)
		if (t[end] == ';' || t[end] == '}' || t[end] == '#')
			break;
	while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t'))
		end--;
	loc.first_column = type_kw;
	loc.last_column = end;
	return loc;
}

/* "priority" and its value, as upstream marks an invalid priority. */
static struct location priority_location(const struct expr *p)
{
	struct location loc = p->loc;
	unsigned int start, e;
	size_t len;
	const char *t = line_text(&p->loc, &len);

	if (!t)
		return loc;
	start = word_before(t, p->loc.first_column, &e);
	if (start && e - start + 1 == 8 && !strncmp(t + start - 1, "priority", 8))
		loc.first_column = start;
	return loc;
}

static int eval_base_chain(struct chain *c)
{
	uint32_t family = c->h.family, hooknum;
	struct location loc;
	size_t i, n = sizeof(chain_types) / sizeof(chain_types[0]);

	for (i = 0; i < n; i++)
		if (c->type && !strcmp(chain_types[i].name, c->type))
			break;
	if (i == n) {
		loc = c->type_loc.first_line ? c->type_loc : type_location(c, false);
		erec_error(&loc, "unknown chain type");
		return -1;
	}
	if (!c->hook || hook_by_name(family, c->hook, &hooknum) < 0) {
		if (c->hook && family == NFPROTO_ARP)
			erec_error(&c->hook_loc, "The arp family does not support this hook");
		else
			erec_error(&c->hook_loc, "unknown chain hook");
		return -1;
	}
	if (c->priority_expr) {
		struct expr *p = c->priority_expr;
		int32_t prio;

		if (p->kind != EXPR_SYMBOL ||
		    priority_by_name(family, c->hook, p->sym.identifier, &prio) < 0) {
			loc = priority_location(p);
			erec_error(&loc, "invalid priority expression value in this context.");
			return -1;
		}
		c->priority += prio;
		expr_free(p);
		c->priority_expr = NULL;
	}
	if (family == NFPROTO_NETDEV && !c->dev) {
		loc = type_location(c, true);
		erec_error(&loc, "Missing `device' in this chain definition");
		return -1;
	}
	return 0;
}

static int eval_chain(struct nft_ctx *nft, struct chain *c)
{
	struct rule *r;

	if (c->base && eval_base_chain(c) < 0)
		return -1;
	for (r = c->rules; r; r = r->next)
		if (eval_rule(nft, c->h.family, r) < 0)
			return -1;
	return 0;
}

int evaluate_cmd(struct nft_ctx *ctx, struct cmd *cmd)
{
	struct chain *c;

	switch (cmd->op) {
	case CMD_ADD:
	case CMD_CREATE:
	case CMD_INSERT:
	case CMD_REPLACE:
		break;
	default:
		return 0;
	}
	switch (cmd->obj) {
	case CMD_OBJ_RULE:
		if (!cmd->rule)
			return 0;
		return eval_rule(ctx, cmd->rule->h.family ? cmd->rule->h.family : cmd->h.family,
				 cmd->rule);
	case CMD_OBJ_CHAIN:
		return cmd->chain ? eval_chain(ctx, cmd->chain) : 0;
	case CMD_OBJ_TABLE:
		if (!cmd->table)
			return 0;
		for (c = cmd->table->chains; c; c = c->next)
			if (eval_chain(ctx, c) < 0)
				return -1;
		return 0;
	default:
		return 0;
	}
}
