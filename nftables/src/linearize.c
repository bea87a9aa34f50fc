/*
 * linearize.c - turn an evaluated rule into a libnftnl rule (nft.h):
 * linearize_rule(). The register program is the one upstream nft 1.0.6
 * generates (every value fits the 16-byte NFT_REG_1): load the key,
 * transform it (bitwise, byteorder), compare (cmp, range) or look it up
 * in an anonymous set, which is added to the batch before the rule.
 *
 * The one bitmask rule (all bitmask types):
 *   implicit  `key V`     bitwise (key & V), cmp neq 0   (any bit of V set)
 *   !         `key ! V`   bitwise (key & V), cmp eq 0    (none of V set)
 *   ==        `key == V`  cmp eq V
 *   !=        `key != V`  cmp neq V (upstream), except for the types in
 *             none_of_types (ct label), where != is `!`.
 *
 * Also here: the rule comment's user data TLV (rule_comment_udata /
 * rule_comment_parse, nft.h) and the anonymous set user data (key byte
 * order, interval merging, key typeof) that upstream stores.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "nftnl.h"
#include "datatype.h"
#include "deps.h"
#include "erec.h"
#include "nft.h"

#define REG NFT_REG_1

/* Bitmask types whose `!=` means "none of these bits" (bitwise + cmp eq
 * 0, the bytecode of upstream's `ct label ! V`). DIFF from upstream
 * 1.0.6, which emits `cmp neq V` for `ct label != V`: that matches every
 * label set other than exactly V (fail-open). For ct state/status and
 * tcp flags we keep upstream's bytecode. */
static const struct datatype *const none_of_types[] = {
	&ct_label_type,
};

static bool neq_is_none_of(const struct datatype *dt)
{
	size_t i;

	for (i = 0; i < sizeof(none_of_types) / sizeof(none_of_types[0]); i++)
		if (none_of_types[i] == dt)
			return true;
	return false;
}

static unsigned int nbytes(unsigned int bits)
{
	return (bits + 7) / 8;
}

/* Source locations of the expressions of the rule being linearized
 * (linearize_rule_locs): the key for loads, the match for compares, the
 * statement otherwise. */
static struct {
	bool active;
	const struct location *cur;
	struct location *v;
	size_t n, cap;
} locs;

static void at(const struct location *loc)
{
	locs.cur = loc;
}

static void add(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		abort();
	nftnl_rule_add_expr(r, e);
	if (!locs.active)
		return;
	if (locs.n == locs.cap) {
		locs.cap = locs.cap ? locs.cap * 2 : 16;
		locs.v = realloc(locs.v, locs.cap * sizeof(*locs.v));
		if (!locs.v)
			abort();
	}
	locs.v[locs.n++] = locs.cur ? *locs.cur : internal_location;
}

/* ---- loads --------------------------------------------------------------- */

/* Byte span of a payload field: [offset, offset + len) rounded out. */
static void payload_span(const struct expr *e, uint32_t *off, uint32_t *len)
{
	uint32_t first = e->payload.offset / 8;
	uint32_t last = (e->payload.offset + e->len + 7) / 8;

	*off = first;
	*len = last - first;
}

static bool payload_aligned(const struct expr *e)
{
	return e->payload.offset % 8 == 0 && e->len % 8 == 0;
}

static void gen_key(struct nftnl_rule *r, const struct expr *e, unsigned int load_bytes);
static void gen_key_expr(struct nftnl_rule *r, const struct expr *e, unsigned int load_bytes);

/* Mask/xor of a chain of constant binops on a key: & | ^ fold into one
 * bitwise, as upstream. */
static const struct expr *binop_fold(const struct expr *e, uint8_t *mask, uint8_t *xor,
				     unsigned int n)
{
	const struct expr *inner;
	const uint8_t *c;
	unsigned int i;

	if (e->kind != EXPR_BINOP || e->binop.op == BINOP_LSHIFT ||
	    e->binop.op == BINOP_RSHIFT) {
		memset(mask, 0xff, n);
		memset(xor, 0, n);
		return e;
	}
	inner = binop_fold(e->binop.left, mask, xor, n);
	c = e->binop.right->value.data;
	for (i = 0; i < n; i++) {
		switch (e->binop.op) {
		case BINOP_AND:
			mask[i] &= c[i];
			xor[i] &= c[i];
			break;
		case BINOP_OR:
			mask[i] &= ~c[i];
			xor[i] |= c[i];
			break;
		case BINOP_XOR:
			xor[i] ^= c[i];
			break;
		default:
			break;
		}
	}
	return inner;
}

static void gen_binop(struct nftnl_rule *r, const struct expr *e)
{
	uint8_t mask[VALUE_MAX_BYTES], xor[VALUE_MAX_BYTES];
	unsigned int n = nbytes(e->len);
	const struct expr *inner;

	if (e->binop.op == BINOP_LSHIFT || e->binop.op == BINOP_RSHIFT) {
		gen_key(r, e->binop.left, 0);
		add(r, nftnl_expr_bitwise_shift(REG, REG, n, e->binop.op == BINOP_LSHIFT ?
						NFT_BITWISE_LSHIFT : NFT_BITWISE_RSHIFT,
						value_to_u64(e->binop.right)));
		return;
	}
	inner = binop_fold(e, mask, xor, n);
	gen_key(r, inner, 0);
	add(r, nftnl_expr_bitwise_bool(REG, REG, n, mask, xor));
}

/* Load @e into REG. @load_bytes: payload loads shortened to a prefix. */
static void gen_key(struct nftnl_rule *r, const struct expr *e, unsigned int load_bytes)
{
	const struct location *saved = locs.cur;

	if (e->kind != EXPR_BINOP)
		at(&e->loc);
	gen_key_expr(r, e, load_bytes);
	at(saved);
}

static void gen_key_expr(struct nftnl_rule *r, const struct expr *e, unsigned int load_bytes)
{
	uint32_t off, len;

	switch (e->kind) {
	case EXPR_PAYLOAD:
		payload_span(e, &off, &len);
		add(r, nftnl_expr_payload_load(e->payload.base, off,
					       load_bytes ? load_bytes : len, REG));
		if (!payload_aligned(e)) {
			/* sub-byte field: mask it in place */
			uint8_t mask[VALUE_MAX_BYTES] = { 0 }, xor[VALUE_MAX_BYTES] = { 0 };
			unsigned int b, start = e->payload.offset - off * 8;

			for (b = start; b < start + e->len; b++)
				mask[b / 8] |= 0x80 >> (b % 8);
			add(r, nftnl_expr_bitwise_bool(REG, REG, len, mask, xor));
		}
		return;
	case EXPR_CT:
		add(r, nftnl_expr_ct_get(e->ct.key->key, e->ct.dir == CT_DIR_NONE ? -1 :
					 (int)e->ct.dir, REG));
		return;
	case EXPR_META:
		add(r, nftnl_expr_meta_get(e->meta.key->key, REG));
		return;
	case EXPR_BINOP:
		gen_binop(r, e);
		return;
	default:
		abort();
	}
}

/* Bytes of the register a key occupies (payload sub-byte fields use the
 * whole bytes they span). */
static unsigned int key_bytes(const struct expr *e)
{
	uint32_t off, len;

	while (e->kind == EXPR_BINOP)
		e = e->binop.left;
	if (e->kind == EXPR_PAYLOAD) {
		payload_span(e, &off, &len);
		return len;
	}
	return nbytes(e->len);
}

static const struct expr *key_base(const struct expr *e)
{
	while (e->kind == EXPR_BINOP)
		e = e->binop.left;
	return e;
}

/* A value as it sits in the register for the key: sub-byte payload
 * fields are shifted to their place in the bytes they span. */
static void reg_value(const struct expr *key, const struct expr *v, uint8_t *out)
{
	const struct expr *base = key_base(key);
	unsigned int n = key_bytes(key);

	memset(out, 0, VALUE_MAX_BYTES);
	if (base->kind == EXPR_PAYLOAD && !payload_aligned(base) && key == base) {
		uint32_t off, len;
		unsigned int shift;
		uint64_t u = value_to_u64(v), w = 0;
		unsigned int i;

		payload_span(base, &off, &len);
		shift = len * 8 - (base->payload.offset - off * 8) - base->len;
		w = u << shift;
		for (i = 0; i < len; i++)
			out[i] = w >> (8 * (len - 1 - i));
		return;
	}
	memcpy(out, v->value.data, n);
}

/* ---- byte order ---------------------------------------------------------- */

/* Host order keys compared by order (ranges, <, intervals) are turned
 * big endian first, as upstream: the kernel compares bytes. */
static bool needs_hton(const struct expr *key)
{
	return key->byteorder == BYTEORDER_HOST && key->len > 8 &&
	       datatype_basetype(key->dtype) != &string_type;
}

/* "eth*": a string value shorter than its key (a prefix). */
static bool is_wildcard(const struct expr *key, const struct expr *v)
{
	return v->kind == EXPR_VALUE && datatype_basetype(key->dtype) == &string_type &&
	       v->len < key->len;
}

static void gen_hton(struct nftnl_rule *r, const struct expr *key)
{
	unsigned int n = nbytes(key->len);

	add(r, nftnl_expr_byteorder(REG, REG, NFT_BYTEORDER_HTON, n, n > 8 ? 8 : n));
}

/* @in (host order, @n bytes) as big endian. */
static void to_big(uint8_t *out, const uint8_t *in, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
}

/* ---- anonymous sets ------------------------------------------------------ */

/* upstream's NFTNL_UDATA_SET_* and typeof attribute numbers */
enum {
	UDATA_SET_KEYBYTEORDER = 0,
	UDATA_SET_MERGE_ELEMENTS = 2,
	UDATA_SET_KEY_TYPEOF = 3,
	UDATA_TYPEOF_EXPR = 0,
	UDATA_TYPEOF_DATA = 1,
	UDATA_SET_ELEM_FLAGS = 1,
	UPSTREAM_EXPR_PAYLOAD = 7,
	UPSTREAM_EXPR_META = 9,
	UPSTREAM_EXPR_CT = 12,
	UPSTREAM_BYTEORDER_HOST = 1,
	UPSTREAM_BYTEORDER_BIG = 2,
	SET_ELEM_F_INTERVAL_OPEN = 1,
};

struct tlv {
	uint8_t buf[64];
	unsigned int len;
};

static void tlv_u32(struct tlv *t, uint8_t type, uint32_t v)
{
	t->buf[t->len++] = type;
	t->buf[t->len++] = 4;
	memcpy(t->buf + t->len, &v, 4);
	t->len += 4;
}

static void tlv_nest(struct tlv *t, uint8_t type, const struct tlv *inner)
{
	t->buf[t->len++] = type;
	t->buf[t->len++] = inner->len;
	memcpy(t->buf + t->len, inner->buf, inner->len);
	t->len += inner->len;
}

static void set_udata(struct nftnl_set *s, const struct expr *key, bool interval)
{
	struct tlv t = { .len = 0 }, typeof_ = { .len = 0 }, data = { .len = 0 };
	uint32_t expr_type = 0;

	tlv_u32(&t, UDATA_SET_KEYBYTEORDER, key->byteorder == BYTEORDER_BIG ?
		UPSTREAM_BYTEORDER_BIG : UPSTREAM_BYTEORDER_HOST);
	if (interval)
		tlv_u32(&t, UDATA_SET_MERGE_ELEMENTS, 1);
	switch (key->kind) {
	case EXPR_PAYLOAD:
		if (key->payload.desc && key->payload.field &&
		    proto_desc_upstream_id(key->payload.desc)) {
			expr_type = UPSTREAM_EXPR_PAYLOAD;
			tlv_u32(&data, 0, proto_desc_upstream_id(key->payload.desc));
			tlv_u32(&data, 1, proto_field_upstream_id(key->payload.desc,
								  key->payload.field));
		}
		break;
	case EXPR_META:
		expr_type = UPSTREAM_EXPR_META;
		tlv_u32(&data, 0, key->meta.key->key);
		break;
	case EXPR_CT:
		expr_type = UPSTREAM_EXPR_CT;
		tlv_u32(&data, 0, key->ct.key->key);
		tlv_u32(&data, 1, key->ct.dir == CT_DIR_NONE ? (uint32_t)-1 :
			(uint32_t)key->ct.dir);
		break;
	default:
		break;
	}
	if (expr_type) {
		tlv_u32(&typeof_, UDATA_TYPEOF_EXPR, expr_type);
		tlv_nest(&typeof_, UDATA_TYPEOF_DATA, &data);
		tlv_nest(&t, UDATA_SET_KEY_TYPEOF, &typeof_);
	}
	nftnl_udata_set(&s->udata, t.buf, t.len);
}

/* One interval of an interval set, in big endian key bytes. */
struct interval {
	uint8_t lo[VALUE_MAX_BYTES], hi[VALUE_MAX_BYTES];
};

static int be_cmp(const uint8_t *a, const uint8_t *b, unsigned int n)
{
	return memcmp(a, b, n);
}

/* b = a + 1; returns false on overflow (a is the maximum). */
static bool be_inc(uint8_t *b, const uint8_t *a, unsigned int n)
{
	int i;

	memcpy(b, a, n);
	for (i = n - 1; i >= 0; i--)
		if (++b[i])
			return true;
	return false;
}

static void elem_to_interval(const struct expr *key, const struct expr *el, bool hton,
			     struct interval *iv)
{
	unsigned int n = nbytes(key->len), i;
	uint8_t lo[VALUE_MAX_BYTES] = { 0 }, hi[VALUE_MAX_BYTES] = { 0 };

	switch (el->kind) {
	case EXPR_RANGE:
		memcpy(lo, el->range.low->value.data, n);
		memcpy(hi, el->range.high->value.data, n);
		break;
	case EXPR_PREFIX:
		memcpy(lo, el->prefix.expr->value.data, n);
		memcpy(hi, lo, n);
		if (hton || key->byteorder != BYTEORDER_BIG) {
			/* host order prefix: fill the low bits of the integer */
			uint64_t v = value_to_u64(el->prefix.expr);
			unsigned int host = key->len - el->prefix.prefix_len;
			struct expr *t;

			v |= host >= 64 ? UINT64_MAX : (1ULL << host) - 1;
			t = value_expr_from_u64(NULL, key->dtype, key->byteorder, key->len, v);
			memcpy(hi, t->value.data, n);
			expr_free(t);
		} else {
			for (i = 0; i < n * 8; i++)
				if (i >= el->prefix.prefix_len)
					hi[i / 8] |= 0x80 >> (i % 8);
		}
		break;
	default:
		if (is_wildcard(key, el)) {
			/* "eth*": every name starting with "eth" */
			memcpy(lo, el->value.data, nbytes(el->len));
			memcpy(hi, lo, n);
			memset(hi + nbytes(el->len), 0xff, n - nbytes(el->len));
			break;
		}
		memcpy(lo, el->value.data, n);
		memcpy(hi, lo, n);
		break;
	}
	if (hton) {
		to_big(iv->lo, lo, n);
		to_big(iv->hi, hi, n);
	} else {
		memcpy(iv->lo, lo, n);
		memcpy(iv->hi, hi, n);
	}
}

static unsigned int cmp_n;

static int cmp_interval(const void *a, const void *b)
{
	return be_cmp(((const struct interval *)a)->lo, ((const struct interval *)b)->lo, cmp_n);
}

static struct nftnl_set_elem *new_elem(const uint8_t *key, unsigned int n, uint32_t flags)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();

	if (!e)
		abort();
	nftnl_data_set(&e->key, key, n);
	e->flags = flags;
	return e;
}

/* Sorted, merged (overlapping or adjacent; names: overlapping) intervals
 * as elements: a gap starts with an INTERVAL_END element; the last
 * interval reaching the maximum key has no end and is marked open in its
 * user data. Returns the set's size as upstream counts it. */
static uint32_t interval_elems(struct nftnl_set *s, const struct expr *key,
			       const struct expr *set, bool hton)
{
	unsigned int n = nbytes(key->len), i, m = 0;
	struct interval *iv = calloc(set->list.n, sizeof(*iv));
	uint8_t zero[VALUE_MAX_BYTES] = { 0 }, next[VALUE_MAX_BYTES];
	bool strings = datatype_basetype(key->dtype) == &string_type;
	uint32_t size;

	if (!iv)
		abort();
	for (i = 0; i < set->list.n; i++)
		elem_to_interval(key, set->list.items[i], hton, &iv[i]);
	cmp_n = n;
	qsort(iv, set->list.n, sizeof(*iv), cmp_interval);
	for (i = 1; i < set->list.n; i++) {
		/* adjacent names ("eth*", "eti*") stay apart: merged, they
		 * are an interval of names no wildcard or name can list */
		bool adjacent = !strings && be_inc(next, iv[m].hi, n) &&
				!be_cmp(next, iv[i].lo, n);

		if (be_cmp(iv[i].lo, iv[m].hi, n) <= 0 || adjacent) {
			if (be_cmp(iv[i].hi, iv[m].hi, n) > 0)
				memcpy(iv[m].hi, iv[i].hi, n);
		} else {
			iv[++m] = iv[i];
		}
	}
	m++;
	size = 2 * m;
	if (be_cmp(iv[0].lo, zero, n)) {
		nftnl_set_add_elem(s, new_elem(zero, n, NFT_SET_ELEM_INTERVAL_END));
		size++;
	}
	for (i = 0; i < m; i++) {
		struct nftnl_set_elem *e = new_elem(iv[i].lo, n, 0);

		nftnl_set_add_elem(s, e);
		if (be_inc(next, iv[i].hi, n)) {
			nftnl_set_add_elem(s, new_elem(next, n, NFT_SET_ELEM_INTERVAL_END));
		} else {
			struct tlv t = { .len = 0 };

			tlv_u32(&t, UDATA_SET_ELEM_FLAGS, SET_ELEM_F_INTERVAL_OPEN);
			nftnl_udata_set(&e->udata, t.buf, t.len);
		}
	}
	free(iv);
	return size;
}

static bool set_is_interval(const struct expr *key, const struct expr *set)
{
	size_t i;

	for (i = 0; i < set->list.n; i++)
		if (set->list.items[i]->kind == EXPR_RANGE ||
		    set->list.items[i]->kind == EXPR_PREFIX ||
		    is_wildcard(key, set->list.items[i]))
			return true;
	return false;
}

static uint32_t set_id_counter;

/* Build the anonymous set for `key { ... }`, add it and its elements to
 * the batch, print them with --debug=netlink. */
static struct nftnl_set *gen_anon_set(struct nft_ctx *ctx, struct nftnl_batch *batch,
				      const struct rule *rule, const struct expr *key,
				      const struct expr *set, bool hton)
{
	struct nftnl_set *s = nftnl_set_alloc(rule->h.family, rule->h.table, "__set%d");
	bool interval = set_is_interval(key, set);
	const struct expr *base = key_base(key);
	size_t i;

	if (!s)
		abort();
	s->id = ++set_id_counter;
	s->flags = NFT_SET_ANONYMOUS | NFT_SET_CONSTANT | (interval ? NFT_SET_INTERVAL : 0);
	s->key_type = base->dtype ? base->dtype->id : TYPE_INTEGER;
	s->key_len = key_bytes(key);
	set_udata(s, key, interval);
	if (interval) {
		s->size = interval_elems(s, key, set, hton);
	} else {
		for (i = 0; i < set->list.n; i++) {
			uint8_t v[VALUE_MAX_BYTES];

			reg_value(key, set->list.items[i], v);
			nftnl_set_add_elem(s, new_elem(v, s->key_len, 0));
		}
		s->size = set->list.n;
	}
	if (ctx && (ctx->debug & DEBUG_NETLINK)) {
		struct nftnl_set_elem *elems = s->elems;

		s->elems = NULL;
		nftnl_set_fprintf(stdout, s);
		fputc('\n', stdout);
		s->elems = elems;
		nftnl_set_elems_fprintf(stdout, s);
		fputc('\n', stdout);
	}
	if (batch) {
		if (!nftnl_batch_set(batch, NFTNL_CMD_ADD, s) ||
		    !nftnl_batch_set_elems(batch, NFTNL_CMD_ADD, s)) {
			nftnl_set_free(s);
			return NULL;
		}
	}
	return s;
}

/* ---- matches ------------------------------------------------------------- */

static const uint32_t cmp_ops[] = {
	[OP_IMPLICIT] = NFT_CMP_EQ, [OP_EQ] = NFT_CMP_EQ, [OP_NEQ] = NFT_CMP_NEQ,
	[OP_LT] = NFT_CMP_LT, [OP_GT] = NFT_CMP_GT, [OP_LTE] = NFT_CMP_LTE,
	[OP_GTE] = NFT_CMP_GTE, [OP_NEG] = NFT_CMP_EQ,
};

static void gen_value_match(struct nftnl_rule *r, const struct expr *rel)
{
	const struct expr *key = rel->rel.left, *v = rel->rel.right;
	const struct datatype *dt = key->dtype;
	unsigned int n = key_bytes(key);
	uint8_t val[VALUE_MAX_BYTES], zero[VALUE_MAX_BYTES] = { 0 };
	enum rel_op op = rel->rel.op;
	bool bitmask = dt && dt->bitmask && key->kind != EXPR_BINOP;

	reg_value(key, v, val);
	if (datatype_basetype(dt) == &string_type && v->len < key->len)
		n = nbytes(v->len);	/* "eth*": the prefix only */
	gen_key(r, key, 0);
	if (bitmask && (op == OP_IMPLICIT || op == OP_NEG ||
			(op == OP_NEQ && neq_is_none_of(dt)))) {
		add(r, nftnl_expr_bitwise_bool(REG, REG, n, val, zero));
		add(r, nftnl_expr_cmp(REG, op == OP_IMPLICIT ? NFT_CMP_NEQ : NFT_CMP_EQ,
				      zero, n));
		return;
	}
	if (op != OP_EQ && op != OP_NEQ && op != OP_IMPLICIT && needs_hton(key)) {
		uint8_t be[VALUE_MAX_BYTES];

		gen_hton(r, key);
		to_big(be, val, n);
		add(r, nftnl_expr_cmp(REG, cmp_ops[op], be, n));
		return;
	}
	add(r, nftnl_expr_cmp(REG, cmp_ops[op], val, n));
}

static void gen_range_match(struct nftnl_rule *r, const struct expr *rel)
{
	const struct expr *key = rel->rel.left, *v = rel->rel.right;
	unsigned int n = key_bytes(key);
	uint8_t lo[VALUE_MAX_BYTES], hi[VALUE_MAX_BYTES];

	reg_value(key, v->range.low, lo);
	reg_value(key, v->range.high, hi);
	gen_key(r, key, 0);
	if (needs_hton(key)) {
		uint8_t t[VALUE_MAX_BYTES];

		gen_hton(r, key);
		to_big(t, lo, n);
		memcpy(lo, t, n);
		to_big(t, hi, n);
		memcpy(hi, t, n);
	}
	if (rel->rel.op == OP_NEQ) {
		add(r, nftnl_expr_range(REG, NFT_RANGE_NEQ, lo, hi, n));
		return;
	}
	add(r, nftnl_expr_cmp(REG, NFT_CMP_GTE, lo, n));
	add(r, nftnl_expr_cmp(REG, NFT_CMP_LTE, hi, n));
}

static void gen_prefix_match(struct nftnl_rule *r, const struct expr *rel)
{
	const struct expr *key = rel->rel.left, *p = rel->rel.right;
	unsigned int n = key_bytes(key), plen = p->prefix.prefix_len, i;
	uint8_t val[VALUE_MAX_BYTES], mask[VALUE_MAX_BYTES] = { 0 }, zero[VALUE_MAX_BYTES] = { 0 };
	uint32_t op = rel->rel.op == OP_NEQ ? NFT_CMP_NEQ : NFT_CMP_EQ;

	reg_value(key, p->prefix.expr, val);
	if (plen == key->len) {
		gen_key(r, key, 0);
		add(r, nftnl_expr_cmp(REG, op, val, n));
		return;
	}
	if (key->kind == EXPR_PAYLOAD && payload_aligned(key) && plen && plen % 8 == 0) {
		/* byte aligned prefix of a header field: load only its bytes */
		gen_key(r, key, plen / 8);
		add(r, nftnl_expr_cmp(REG, op, val, plen / 8));
		return;
	}
	if (key->byteorder == BYTEORDER_BIG || key->len > 64) {
		for (i = 0; i < plen; i++)
			mask[i / 8] |= 0x80 >> (i % 8);
	} else {
		uint64_t m = plen ? (~0ULL << (key->len - plen)) : 0;
		struct expr *t;

		if (key->len < 64)
			m &= (1ULL << key->len) - 1;
		t = value_expr_from_u64(NULL, key->dtype, key->byteorder, key->len, m);
		memcpy(mask, t->value.data, n);
		expr_free(t);
	}
	gen_key(r, key, 0);
	add(r, nftnl_expr_bitwise_bool(REG, REG, n, mask, zero));
	add(r, nftnl_expr_cmp(REG, op, val, n));
}

static int gen_set_match(struct nft_ctx *ctx, struct nftnl_batch *batch,
			 const struct rule *rule, struct nftnl_rule *r, const struct expr *rel)
{
	const struct expr *key = rel->rel.left, *set = rel->rel.right;
	bool hton = needs_hton(key) && set_is_interval(key, set);
	struct nftnl_set *s;

	if (set->list.n == 1 && set->list.items[0]->kind == EXPR_VALUE) {
		/* `ct label != { V }` (evaluate.c keeps it): the exact
		 * compare of upstream, no bitwise */
		uint8_t val[VALUE_MAX_BYTES];

		reg_value(key, set->list.items[0], val);
		gen_key(r, key, 0);
		add(r, nftnl_expr_cmp(REG, cmp_ops[rel->rel.op], val, key_bytes(key)));
		return 0;
	}
	s = gen_anon_set(ctx, batch, rule, key, set, hton);
	if (!s) {
		erec_error(&rel->loc, "cannot add anonymous set: out of memory");
		return -1;
	}
	gen_key(r, key, 0);
	if (hton)
		gen_hton(r, key);
	add(r, nftnl_expr_lookup(s->name, s->id, REG, rel->rel.op == OP_NEQ));
	nftnl_set_free(s);
	return 0;
}

static int gen_match(struct nft_ctx *ctx, struct nftnl_batch *batch, const struct rule *rule,
		     struct nftnl_rule *r, const struct expr *rel)
{
	at(&rel->loc);
	switch (rel->rel.right->kind) {
	case EXPR_VALUE:
		gen_value_match(r, rel);
		return 0;
	case EXPR_RANGE:
		gen_range_match(r, rel);
		return 0;
	case EXPR_PREFIX:
		gen_prefix_match(r, rel);
		return 0;
	case EXPR_SET:
		return gen_set_match(ctx, batch, rule, r, rel);
	default:
		erec_error(&rel->loc, "cannot linearize this match");
		return -1;
	}
}

/* ---- statements ---------------------------------------------------------- */

/* The value of a set statement into REG: a constant or a load. */
static void gen_set_value(struct nftnl_rule *r, const struct expr *v)
{
	if (v->kind == EXPR_VALUE)
		add(r, nftnl_expr_immediate_data(REG, v->value.data, nbytes(v->len)));
	else
		gen_key(r, v, 0);
}

static void gen_log(struct nftnl_rule *r, const struct stmt *s)
{
	struct nftnl_expr *e = nftnl_expr_log(s->log.present & LOG_F_PREFIX ? s->log.prefix :
					      NULL);

	if (!e)
		abort();
	e->log.present = s->log.present;
	e->log.group = s->log.group;
	e->log.snaplen = s->log.snaplen;
	e->log.qthreshold = s->log.qthreshold;
	e->log.level = s->log.level;
	e->log.flags = s->log.flags;
	add(r, e);
}

static int gen_stmt(struct nft_ctx *ctx, struct nftnl_batch *batch, const struct rule *rule,
		    struct nftnl_rule *r, const struct stmt *s)
{
	at(&s->loc);
	switch (s->kind) {
	case STMT_EXPR:
		return gen_match(ctx, batch, rule, r, s->expr);
	case STMT_VERDICT:
		add(r, nftnl_expr_immediate_verdict(s->expr->verdict.code,
						    s->expr->verdict.chain));
		return 0;
	case STMT_COUNTER:
		add(r, nftnl_expr_counter(s->counter.packets, s->counter.bytes));
		return 0;
	case STMT_LOG:
		gen_log(r, s);
		return 0;
	case STMT_CT_SET:
		gen_set_value(r, s->ct.value);
		add(r, nftnl_expr_ct_set(s->ct.key->key, s->ct.dir == CT_DIR_NONE ? -1 :
					 (int)s->ct.dir, REG));
		return 0;
	case STMT_META_SET:
		gen_set_value(r, s->meta.value);
		add(r, nftnl_expr_meta_set(s->meta.key->key, REG));
		return 0;
	case STMT_NOTRACK:
		add(r, nftnl_expr_notrack());
		return 0;
	case STMT_UNKNOWN:
		break;
	}
	erec_error(&s->loc, "cannot linearize this statement");
	return -1;
}

/* ---- comments ------------------------------------------------------------ */

/* NFTA_RULE_USERDATA as upstream: TLV type 0 (comment), length, the
 * NUL-terminated string. */
int rule_comment_udata(struct nftnl_udata_buf *u, const char *comment)
{
	size_t len = strlen(comment) + 1;
	uint8_t buf[2 + 255];

	if (len > 255)
		return -1;
	buf[0] = 0;
	buf[1] = len;
	memcpy(buf + 2, comment, len);
	return nftnl_udata_set(u, buf, len + 2);
}

char *udata_get_comment(const void *data, uint32_t len)
{
	const uint8_t *p = data;
	uint32_t off = 0;

	while (p && off + 2 <= len) {
		uint8_t type = p[off], n = p[off + 1];

		if (off + 2 + n > len)
			return NULL;
		if (type == 0 && n > 0 && p[off + 2 + n - 1] == '\0')
			return strndup((const char *)p + off + 2, n - 1);
		off += 2 + n;
	}
	return NULL;
}

char *rule_comment_parse(const struct nftnl_udata_buf *u)
{
	return udata_get_comment(u->data, u->len);
}

/* ---- rules --------------------------------------------------------------- */

struct nftnl_rule *linearize_rule_locs(struct nft_ctx *ctx, struct nftnl_batch *batch,
				       const struct rule *rule, struct location **v, size_t *n)
{
	struct nftnl_rule *r;

	locs.active = true;
	locs.v = NULL;
	locs.n = locs.cap = 0;
	locs.cur = &rule->loc;
	r = linearize_rule(ctx, batch, rule);
	locs.active = false;
	if (!r) {
		free(locs.v);
		locs.v = NULL;
		locs.n = 0;
	}
	*v = locs.v;
	*n = locs.n;
	locs.v = NULL;
	return r;
}

struct nftnl_rule *linearize_rule(struct nft_ctx *ctx, struct nftnl_batch *batch,
				  const struct rule *rule)
{
	struct nftnl_rule *r = nftnl_rule_alloc(rule->h.family, rule->h.table, rule->h.chain);
	const struct stmt *s;

	if (!r)
		abort();
	for (s = rule->stmts; s; s = s->next) {
		if (gen_stmt(ctx, batch, rule, r, s) < 0) {
			nftnl_rule_free(r);
			return NULL;
		}
	}
	if (rule->comment && rule_comment_udata(&r->udata, rule->comment) < 0) {
		erec_error(&rule->loc, "comment too long: at most 254 characters");
		nftnl_rule_free(r);
		return NULL;
	}
	return r;
}
