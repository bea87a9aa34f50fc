/*
 * delinearize.c - kernel rule (libnftnl expressions) to rule AST.
 *
 * The register program is replayed symbolically: each register holds
 * the expression that was loaded into it (a ct, meta or payload load, a
 * bitwise or shift of one, a byteorder conversion, an immediate value).
 * A cmp, range or lookup on a register becomes a relational match with
 * that expression on the left; immediates with the verdict register
 * become verdicts; counter, log, notrack, ct set and meta set become
 * their statements.
 *
 * Payload loads are named through the protocol tables with the protocol
 * learnt so far (the family's base, then each protocol match: after
 * `meta l4proto tcp` the transport header is tcp); a load of adjacent
 * fields compared at once is split into one match per field, a load of
 * the first bytes of an address is a prefix match.
 *
 * The result is otherwise raw: implied dependencies are still there and
 * bitwise+cmp pairs are not folded; postprocess.c does that. Whatever
 * cannot be expressed becomes a STMT_UNKNOWN holding the bytecode text
 * of the expressions involved, so the listing shows it instead of
 * dropping it. A register nobody reads (the key of an expression we do
 * not know, the second half of a concatenation, a load at the end of
 * the rule) is shown the same way: every loaded register is printed
 * once, by its reader or on its own.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <nftnl.h>

#include "ast.h"
#include "datatype.h"
#include "deps.h"
#include "nft.h"
#include "utils.h"

#define NREGS (NFT_REG32_15 + 1)

#define REG_SRC_MAX 8

/* What a register holds. @e is NULL when its contents cannot be
 * expressed; @src then says how it was produced (the expressions of the
 * rule being delinearized, turned into text only if needed). */
struct reg {
	struct expr *e;
	const struct nftnl_expr *src[REG_SRC_MAX];
	unsigned int nsrc;
	unsigned int swap_size;	/* byteorder hton applied (bytes per unit), 0: none */
	bool used;		/* read by some expression since it was loaded */
};

struct dl_ctx {
	struct nft_ctx *nft;
	/* protocol of each header base, learnt from the family and from the
	 * protocol matches seen so far (meta l4proto tcp: transport is tcp) */
	const struct proto_desc *proto[PROTO_TRANSPORT + 1];
	struct rule *rule;
	struct reg regs[NREGS];
	set_lookup_fn sets;
	void *sets_data;
};

/* ---- helpers --------------------------------------------------------- */

static char *expr_text(const struct nftnl_expr *ne)
{
	int n = nftnl_expr_snprintf(NULL, 0, ne);
	char *buf;

	if (n < 0)
		return xstrdup("[ ? ]");
	buf = malloc(n + 1);
	if (!buf)
		abort();
	nftnl_expr_snprintf(buf, n + 1, ne);
	return buf;
}

static struct reg *reg_get(struct dl_ctx *dl, uint32_t r)
{
	return r < NREGS ? &dl->regs[r] : NULL;
}

static void reg_clear(struct reg *r)
{
	expr_free(r->e);
	memset(r, 0, sizeof(*r));
}

static void add_stmt(struct dl_ctx *dl, struct stmt *s)
{
	rule_add_stmt(dl->rule, s);
}

/* The bytecode text of what produced @src's register, each expression
 * followed by a space. */
static void src_text(FILE *fp, const struct reg *src)
{
	unsigned int i;

	for (i = 0; src && i < src->nsrc; i++) {
		char *t = expr_text(src->src[i]);

		fprintf(fp, "%s ", t);
		free(t);
	}
}

/* A register read by an expression: printed by its reader. */
static struct reg *reg_read(struct dl_ctx *dl, uint32_t r)
{
	struct reg *rg = reg_get(dl, r);

	if (rg)
		rg->used = true;
	return rg;
}

/* A register loaded but never read (before it is overwritten, before an
 * unknown expression that may read it, at the end of the rule): its
 * loads as bytecode text, never silently dropped. */
static void reg_flush(struct dl_ctx *dl, struct reg *rg)
{
	struct stmt *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (rg->used || !rg->nsrc)
		return;
	rg->used = true;
	fp = open_memstream(&buf, &len);
	if (!fp)
		abort();
	src_text(fp, rg);
	fclose(fp);
	if (len && buf[len - 1] == ' ')
		buf[len - 1] = '\0';
	s = stmt_alloc(STMT_UNKNOWN, NULL);
	s->unknown.text = buf;
	add_stmt(dl, s);
}

static void regs_flush(struct dl_ctx *dl)
{
	size_t i;

	for (i = 0; i < NREGS; i++)
		reg_flush(dl, &dl->regs[i]);
}

/* Load @e (owned) into register @r, produced by @ne from @prev (the
 * source register, or NULL for a load). */
static void reg_set(struct dl_ctx *dl, uint32_t r, struct expr *e, const struct nftnl_expr *ne,
		    const struct reg *prev)
{
	struct reg *rg = reg_get(dl, r), tmp = { 0 };

	if (!rg) {
		expr_free(e);
		return;
	}
	if (prev) {
		memcpy(tmp.src, prev->src, sizeof(tmp.src));
		tmp.nsrc = prev->nsrc;
		tmp.swap_size = prev->swap_size;
	}
	if (tmp.nsrc < REG_SRC_MAX)
		tmp.src[tmp.nsrc++] = ne;
	tmp.e = e;
	reg_flush(dl, rg);
	reg_clear(rg);
	*rg = tmp;
}

/* An expression we cannot express: shown as its bytecode text, after
 * the text of what produced its source register. */
static void add_unknown(struct dl_ctx *dl, const struct nftnl_expr *ne, const struct reg *src)
{
	struct stmt *s = stmt_alloc(STMT_UNKNOWN, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		abort();
	src_text(fp, src);
	{
		char *t = expr_text(ne);

		fputs(t, fp);
		free(t);
	}
	fclose(fp);
	s->unknown.text = buf;
	add_stmt(dl, s);
}

/* A value for @left's type from register bytes. A constant whose length
 * does not fit the type (only strings may be shorter: "eth*") stays
 * untyped and is printed in hex. */
static struct expr *value_for(const struct expr *left, const struct nftnl_data *d)
{
	const struct datatype *dt = left ? left->dtype : NULL;
	unsigned int len = d->len;
	bool string = dt == &string_type || dt == &ifname_type;

	if (len > VALUE_MAX_BYTES)
		len = VALUE_MAX_BYTES;
	if (dt && left->len && (string ? len * 8 > left->len : len * 8 != left->len))
		dt = NULL;
	return value_expr_alloc(NULL, dt,
				left && left->byteorder ? left->byteorder : BYTEORDER_HOST,
				len * 8, d->bytes);
}

/* Undo a byteorder hton on a constant compared against the register. */
static void unswap(struct nftnl_data *d, unsigned int size)
{
	uint32_t i, j;

	if (size < 2)
		return;
	for (i = 0; i + size <= d->len; i += size)
		for (j = 0; j < size / 2; j++) {
			uint8_t t = d->bytes[i + j];

			d->bytes[i + j] = d->bytes[i + size - 1 - j];
			d->bytes[i + size - 1 - j] = t;
		}
}

static struct expr *reg_value(const struct reg *rg, const struct nftnl_data *src)
{
	struct nftnl_data d = *src;

	if (rg->swap_size)
		unswap(&d, rg->swap_size);
	return value_for(rg->e, &d);
}

/* ---- loads ----------------------------------------------------------- */

static void dl_ct(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_ct *ct = &ne->ct;
	const struct ct_key *key = ct_key_by_nft(ct->key);
	enum ct_dir dir = ct->has_dir ? (enum ct_dir)ct->dir : CT_DIR_NONE;
	struct reg *src;
	struct stmt *s;

	if (!ct->is_set) {
		struct expr *e = NULL;

		if (key) {
			e = ct_expr_alloc(NULL, key, dir);
			e->dtype = key->dtype;
			e->len = key->len;
			e->byteorder = key->byteorder;
		}
		reg_set(dl, ct->reg, e, ne, NULL);
		return;
	}
	src = reg_read(dl, ct->reg);
	if (!key || !key->settable || !src || !src->e) {
		add_unknown(dl, ne, src);
		return;
	}
	s = stmt_alloc(STMT_CT_SET, NULL);
	s->ct.key = key;
	s->ct.dir = dir;
	s->ct.value = expr_clone(src->e);
	add_stmt(dl, s);
}

static void dl_meta(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_meta *m = &ne->meta;
	const struct meta_key *key = meta_key_by_nft(m->key);
	struct reg *src;
	struct stmt *s;

	if (!m->is_set) {
		struct expr *e = NULL;

		if (key) {
			e = meta_expr_alloc(NULL, key);
			e->dtype = key->dtype;
			e->len = key->len;
			e->byteorder = key->byteorder;
		}
		reg_set(dl, m->reg, e, ne, NULL);
		return;
	}
	src = reg_read(dl, m->reg);
	if (!key || !key->settable || !src || !src->e) {
		add_unknown(dl, ne, src);
		return;
	}
	s = stmt_alloc(STMT_META_SET, NULL);
	s->meta.key = key;
	s->meta.value = expr_clone(src->e);
	add_stmt(dl, s);
}

/* Header layer of a payload base; -1 for bases we do not name. */
static int base_layer(uint32_t base)
{
	switch (base) {
	case NFT_PAYLOAD_LL_HEADER:
		return PROTO_LL;
	case NFT_PAYLOAD_NETWORK_HEADER:
		return PROTO_NETWORK;
	case NFT_PAYLOAD_TRANSPORT_HEADER:
		return PROTO_TRANSPORT;
	}
	return -1;
}

/* A payload expression for (base, offset, len) in bits: named after the
 * protocol known for its base ("th" for a transport header nobody
 * named), raw otherwise (with the protocol kept, for splitting). */
static struct expr *payload_named(struct dl_ctx *dl, uint32_t base, unsigned int offset,
				  unsigned int len)
{
	int layer = base_layer(base);
	const struct proto_desc *d = layer >= 0 ? dl->proto[layer] : NULL;
	const struct proto_field *f;
	struct expr *e;

	if (!d && layer == PROTO_TRANSPORT)
		d = proto_by_name("th");
	f = d ? proto_field_at(d, offset, len) : NULL;
	if (!f) {
		e = payload_expr_raw(NULL, base, offset, len);
		e->payload.desc = d;
		return e;
	}
	e = payload_expr_alloc(NULL, d, f);
	e->payload.base = base;
	e->payload.offset = offset;
	e->len = f->len;
	e->dtype = f->dtype;
	e->byteorder = f->byteorder;
	return e;
}

static void dl_payload(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_payload *p = &ne->payload;

	if (p->is_set) {
		add_unknown(dl, ne, reg_read(dl, p->reg));
		return;
	}
	reg_set(dl, p->reg, payload_named(dl, p->base, p->offset * 8, p->len * 8), ne, NULL);
}

/* The layer whose protocol a match on @left selects (meta l4proto:
 * transport), or -1. */
static int selector_layer(const struct expr *left)
{
	if (left->kind == EXPR_META && left->meta.key) {
		switch (left->meta.key->key) {
		case NFT_META_NFPROTO:
		case NFT_META_PROTOCOL:
			return PROTO_NETWORK;
		case NFT_META_L4PROTO:
			return PROTO_TRANSPORT;
		}
	} else if (left->kind == EXPR_PAYLOAD && left->payload.field) {
		if (left->dtype == &inet_protocol_type)
			return PROTO_TRANSPORT;
		if (left->dtype == &ethertype_type)
			return PROTO_NETWORK;
	}
	return -1;
}

/* Learn the protocol of the next header from a match (deps.h reads the
 * selector table); a number no table names makes that layer unknown. */
static void proto_learn(struct dl_ctx *dl, const struct expr *rel)
{
	enum proto_layer layer;
	const struct proto_desc *d = proto_selects(dl->rule->h.family, rel, &layer);
	int l = selector_layer(rel->rel.left);

	if (d)
		dl->proto[layer] = d;
	else if (l == PROTO_TRANSPORT && rel->rel.right->kind == EXPR_VALUE)
		dl->proto[l] = NULL;	/* a transport protocol no table names */
}

static void proto_init(struct dl_ctx *dl, uint32_t family)
{
	int l;

	for (l = PROTO_LL; l <= PROTO_TRANSPORT; l++)
		dl->proto[l] = proto_family_base(family, l);
}

static void dl_immediate(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_immediate *im = &ne->immediate;
	struct stmt *s;

	if (im->dreg == NFT_REG_VERDICT) {
		s = stmt_alloc(STMT_VERDICT, NULL);
		s->expr = verdict_expr_alloc(NULL, im->verdict.code, im->verdict.chain);
		add_stmt(dl, s);
		return;
	}
	reg_set(dl, im->dreg, value_for(NULL, &im->data), ne, NULL);
}

/* ---- register to register -------------------------------------------- */

static bool data_all(const struct nftnl_data *d, uint32_t len, uint8_t byte)
{
	uint32_t i;

	for (i = 0; i < len && i < d->len; i++)
		if (d->bytes[i] != byte)
			return false;
	return true;
}

/* A constant operand typed like @left (mask, xor, or shift amount). */
static struct expr *operand(const struct reg *rg, const struct nftnl_data *d, uint32_t len)
{
	struct nftnl_data c = *d;

	if (len && len < c.len)
		c.len = len;
	return reg_value(rg, &c);
}

static bool data_disjoint(const struct nftnl_data *a, const struct nftnl_data *b, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len && i < a->len && i < b->len; i++)
		if (a->bytes[i] & b->bytes[i])
			return false;
	return true;
}

/* bitwise: (reg & mask) ^ xor, written with & | ^ as upstream lists it:
 *   xor 0                    -> "& mask"
 *   mask all ones            -> "^ xor"
 *   xor bits outside mask    -> "& (mask|xor) | xor", or "| xor" if mask|xor is all ones
 *   otherwise                -> "& mask ^ xor"
 * Shifts are "<< n" / ">> n". */
static struct expr *bitwise_bool_expr(const struct reg *src, struct expr *l,
				      const struct nftnl_expr_bitwise *b)
{
	struct nftnl_data m = b->mask;
	uint32_t i;

	if (data_all(&b->xor, b->len, 0))
		return binop_expr_alloc(NULL, BINOP_AND, l, operand(src, &b->mask, b->len));
	if (data_all(&b->mask, b->len, 0xff))
		return binop_expr_alloc(NULL, BINOP_XOR, l, operand(src, &b->xor, b->len));
	if (!data_disjoint(&b->mask, &b->xor, b->len)) {
		l = binop_expr_alloc(NULL, BINOP_AND, l, operand(src, &b->mask, b->len));
		return binop_expr_alloc(NULL, BINOP_XOR, l, operand(src, &b->xor, b->len));
	}
	for (i = 0; i < m.len && i < b->xor.len; i++)
		m.bytes[i] |= b->xor.bytes[i];
	if (!data_all(&m, b->len, 0xff))
		l = binop_expr_alloc(NULL, BINOP_AND, l, operand(src, &m, b->len));
	return binop_expr_alloc(NULL, BINOP_OR, l, operand(src, &b->xor, b->len));
}

static void dl_bitwise(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_bitwise *b = &ne->bitwise;
	struct reg *src = reg_read(dl, b->sreg), prev;
	struct expr *e;

	if (!src || !src->e) {
		reg_set(dl, b->dreg, NULL, ne, src);
		return;
	}
	if (b->op == NFT_BITWISE_LSHIFT || b->op == NFT_BITWISE_RSHIFT) {
		struct expr *n = value_expr_alloc(NULL, &integer_type, BYTEORDER_HOST, 32,
						  b->shift.bytes);

		e = binop_expr_alloc(NULL, b->op == NFT_BITWISE_LSHIFT ? BINOP_LSHIFT :
				     BINOP_RSHIFT, expr_clone(src->e), n);
	} else {
		e = bitwise_bool_expr(src, expr_clone(src->e), b);
	}
	prev = *src;
	prev.e = NULL;
	reg_set(dl, b->dreg, e, ne, &prev);
}

static void dl_byteorder(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_byteorder *bo = &ne->byteorder;
	struct reg *src = reg_read(dl, bo->sreg), prev = { 0 }, *dst;
	struct expr *e = src && src->e ? expr_clone(src->e) : NULL;
	unsigned int swap = src ? src->swap_size : 0;

	if (src) {
		prev = *src;
		prev.e = NULL;
	}
	reg_set(dl, bo->dreg, e, ne, src ? &prev : NULL);
	dst = reg_get(dl, bo->dreg);
	if (!dst)
		return;
	/* a second conversion undoes the first */
	dst->swap_size = swap ? 0 : bo->size;
}

/* ---- matches --------------------------------------------------------- */

static const enum rel_op cmp_ops[] = {
	[NFT_CMP_EQ] = OP_EQ,
	[NFT_CMP_NEQ] = OP_NEQ,
	[NFT_CMP_LT] = OP_LT,
	[NFT_CMP_LTE] = OP_LTE,
	[NFT_CMP_GT] = OP_GT,
	[NFT_CMP_GTE] = OP_GTE,
};

static void add_match(struct dl_ctx *dl, enum rel_op op, struct expr *left, struct expr *right)
{
	struct stmt *s = stmt_alloc(STMT_EXPR, NULL);

	s->expr = relational_expr_alloc(NULL, op, left, right);
	if (op == OP_EQ)
		proto_learn(dl, s->expr);
	add_stmt(dl, s);
}

/* The field of @d that starts at @offset and fits in @end, byte aligned. */
static const struct proto_field *field_starting(const struct proto_desc *d, unsigned int offset,
						unsigned int end)
{
	const struct proto_field *best = NULL;
	size_t i;

	for (i = 0; i < d->nfields; i++) {
		const struct proto_field *f = &d->fields[i];

		if (f->offset != offset || f->offset + f->len > end || f->len % 8 || !f->len)
			continue;
		if (!best || f->len > best->len)
			best = f;
	}
	return best;
}

/* One load covering several adjacent fields compared for equality at
 * once (upstream merges `ip ttl 64 ip protocol tcp` into one 2-byte
 * load): one match per field. Returns false if the fields do not tile
 * the load exactly. */
static bool split_payload_match(struct dl_ctx *dl, const struct expr *left,
				const struct nftnl_data *d)
{
	const struct proto_desc *pd = left->payload.desc;
	unsigned int off = left->payload.offset, end = off + left->len;

	if (!pd || off % 8 || left->len % 8 || d->len * 8 != left->len)
		return false;
	while (off < end)  {
		const struct proto_field *f = field_starting(pd, off, end);

		if (!f)
			return false;
		off += f->len;
	}
	for (off = left->payload.offset; off < end;) {
		const struct proto_field *f = field_starting(pd, off, end);
		struct expr *l = payload_named(dl, left->payload.base, off, f->len);
		struct nftnl_data part = { .len = f->len / 8 };

		memcpy(part.bytes, d->bytes + (off - left->payload.offset) / 8, part.len);
		add_match(dl, OP_EQ, l, value_for(l, &part));
		off += f->len;
	}
	return true;
}

/* The field of @d that starts at @offset and is longer than @len. */
static const struct proto_field *field_prefixed(const struct proto_desc *d, unsigned int offset,
						unsigned int len)
{
	size_t i;

	for (i = 0; d && i < d->nfields; i++) {
		const struct proto_field *f = &d->fields[i];

		if (f->offset == offset && f->len > len && !(f->len % 8))
			return &d->fields[i];
	}
	return NULL;
}

/* Upstream loads only the first bytes of an address for a byte aligned
 * prefix (`ip saddr 10.0.0.0/8`: 1 byte at nh+12, cmp eq 0x0a), with a
 * mask for others (10.0.0.0/9: 2 bytes, & 0xff80). Turn such a match on
 * the beginning of a field into the field compared with a prefix. */
static bool prefix_payload_match(struct dl_ctx *dl, const struct reg *src, uint32_t op,
				 const struct nftnl_data *d)
{
	const struct expr *e = src->e, *p = e, *mask = NULL;
	const struct proto_field *f;
	struct nftnl_data v = { 0 }, m = { 0 };
	struct expr *left, *right;
	unsigned int i, plen = 0;
	bool zeros = false;

	if (e->kind == EXPR_BINOP && e->binop.op == BINOP_AND &&
	    e->binop.right->kind == EXPR_VALUE) {
		p = e->binop.left;
		mask = e->binop.right;
	}
	if (p->kind != EXPR_PAYLOAD || p->payload.field || !p->payload.desc || p->len % 8 ||
	    (op != NFT_CMP_EQ && op != NFT_CMP_NEQ) || d->len * 8 != p->len)
		return false;
	f = field_prefixed(p->payload.desc, p->payload.offset, p->len);
	if (!f || f->len / 8 > VALUE_MAX_BYTES)
		return false;
	v.len = m.len = f->len / 8;
	memcpy(v.bytes, d->bytes, d->len);
	if (mask)
		memcpy(m.bytes, mask->value.data, d->len);
	else
		memset(m.bytes, 0xff, d->len);
	for (i = 0; i < m.len * 8; i++) {
		bool one = (m.bytes[i / 8] >> (7 - i % 8)) & 1;

		if (one && zeros)
			return false;
		if (one)
			plen++;
		else
			zeros = true;
	}
	left = payload_named(dl, p->payload.base, p->payload.offset, f->len);
	if (!left->payload.field) {
		expr_free(left);
		return false;
	}
	right = prefix_expr_alloc(NULL, value_for(left, &v), plen);
	right->dtype = left->dtype;
	right->len = left->len;
	add_match(dl, op == NFT_CMP_EQ ? OP_EQ : OP_NEQ, left, right);
	return true;
}

static void dl_cmp(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_cmp *c = &ne->cmp;
	struct reg *src = reg_read(dl, c->sreg);

	if (!src || !src->e || src->e->kind == EXPR_VALUE ||
	    c->op >= sizeof(cmp_ops) / sizeof(cmp_ops[0])) {
		add_unknown(dl, ne, src);
		return;
	}
	if (src->e->kind == EXPR_PAYLOAD && !src->e->payload.field && c->op == NFT_CMP_EQ &&
	    split_payload_match(dl, src->e, &c->data))
		return;
	if (prefix_payload_match(dl, src, c->op, &c->data))
		return;
	add_match(dl, cmp_ops[c->op], expr_clone(src->e), reg_value(src, &c->data));
}

static void dl_range(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_range *r = &ne->range;
	struct reg *src = reg_read(dl, r->sreg);
	struct expr *range;

	if (!src || !src->e || src->e->kind == EXPR_VALUE ||
	    (r->op != NFT_RANGE_EQ && r->op != NFT_RANGE_NEQ)) {
		add_unknown(dl, ne, src);
		return;
	}
	range = range_expr_alloc(NULL, reg_value(src, &r->from), reg_value(src, &r->to));
	add_match(dl, r->op == NFT_RANGE_EQ ? OP_EQ : OP_NEQ, expr_clone(src->e), range);
}

/* ---- anonymous sets -------------------------------------------------- */

/* Keys of @left compare as host order numbers (strings compare as
 * bytes, as they sit in the register). */
static bool numeric_host(const struct expr *left, bool interval)
{
	if (left->byteorder != BYTEORDER_HOST)
		return false;
	/* upstream sorts plain set elements as numbers, strings included;
	 * intervals of strings follow the byte order of the register */
	return !interval || (left->dtype != &string_type && left->dtype != &ifname_type);
}

/* Compare two keys as numbers of @left's byte order. */
static int key_cmp(const struct nftnl_data *a, const struct nftnl_data *b, bool host)
{
	uint32_t n = a->len < b->len ? a->len : b->len, i;

	for (i = 0; i < n; i++) {
		uint32_t k = host ? n - 1 - i : i;

		if (a->bytes[k] != b->bytes[k])
			return a->bytes[k] < b->bytes[k] ? -1 : 1;
	}
	return (int)a->len - (int)b->len;
}

struct sort_elem {
	const struct nftnl_set_elem *e;
	struct nftnl_data key;		/* in the left expression's byte order */
	bool host;
};

static int sort_elem_cmp(const void *pa, const void *pb)
{
	const struct sort_elem *a = pa, *b = pb;
	int r = key_cmp(&a->key, &b->key, a->host);

	if (r)
		return r;
	/* an interval end sorts before a start at the same key */
	return (int)(b->e->flags & NFT_SET_ELEM_INTERVAL_END) -
	       (int)(a->e->flags & NFT_SET_ELEM_INTERVAL_END);
}

/* Types whose aligned intervals upstream lists as prefixes. */
static bool type_lists_prefix(const struct datatype *dt)
{
	return dt == &ipaddr_type || dt == &ip6addr_type || dt == &mark_type ||
	       dt == &integer_type || dt == &string_type || dt == &ifname_type;
}

/* Subtract one from a number of @len bytes in the given order. */
static void key_dec(struct nftnl_data *d, bool host)
{
	uint32_t i;

	for (i = 0; i < d->len; i++) {
		uint32_t k = host ? i : d->len - 1 - i;

		if (d->bytes[k]--)
			break;
	}
}

/* Bit @i (0 = most significant) of a number in the given order. */
static bool key_bit(const struct nftnl_data *d, uint32_t i, bool host)
{
	uint32_t byte = i / 8, k = host ? d->len - 1 - byte : byte;

	return (d->bytes[k] >> (7 - i % 8)) & 1;
}

/* If [lo, hi] is an aligned power-of-two block, its prefix length. */
static int interval_prefix(const struct nftnl_data *lo, const struct nftnl_data *hi, bool host)
{
	uint32_t bits = lo->len * 8, i, plen = 0;

	while (plen < bits && key_bit(lo, plen, host) == key_bit(hi, plen, host))
		plen++;
	for (i = plen; i < bits; i++)
		if (key_bit(lo, i, host) || !key_bit(hi, i, host))
			return -1;
	return plen;
}

static struct expr *interval_expr(const struct expr *left, const struct nftnl_data *lo,
				  const struct nftnl_data *hi, bool host)
{
	int plen;

	if (!key_cmp(lo, hi, host))
		return value_for(left, lo);
	plen = interval_prefix(lo, hi, host);
	if (plen >= 0 && left && type_lists_prefix(left->dtype)) {
		if ((left->dtype == &string_type || left->dtype == &ifname_type)) {
			struct nftnl_data d = *lo;

			if (plen % 8)
				goto range;
			d.len = plen / 8;	/* "eth*" */
			return value_for(left, &d);
		}
		return prefix_expr_alloc(NULL, value_for(left, lo), plen);
	}
range:
	return range_expr_alloc(NULL, value_for(left, lo), value_for(left, hi));
}

/* Build { ... } from the set's elements: plain keys, or intervals (a
 * start element up to the next end element, exclusive). */
static struct expr *set_from_elems(const struct reg *src, const struct nftnl_set *set)
{
	return set_elems_expr(src->e, set, src->swap_size);
}

struct expr *set_elems_expr(const struct expr *left, const struct nftnl_set *set,
			    unsigned int swap_size)
{
	struct reg srcbuf = { .swap_size = swap_size }, *src = &srcbuf;
	bool interval = set->flags & NFT_SET_INTERVAL;
	const struct nftnl_set_elem *e;
	struct sort_elem *v;
	struct expr *se = set_expr_alloc(NULL);
	size_t n = 0, i;

	for (e = set->elems; e; e = e->next)
		n++;
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		abort();
	for (i = 0, e = set->elems; e; e = e->next, i++) {
		v[i].e = e;
		v[i].key = e->key;
		if (src->swap_size)
			unswap(&v[i].key, src->swap_size);
		v[i].host = numeric_host(left, interval);
	}
	qsort(v, n, sizeof(*v), sort_elem_cmp);
	for (i = 0; i < n; i++) {
		bool hostk = v[i].host;

		if (!interval) {
			list_expr_add(se, value_for(left, &v[i].key));
			continue;
		}
		if (v[i].e->flags & NFT_SET_ELEM_INTERVAL_END)
			continue;
		if (i + 1 < n && (v[i + 1].e->flags & NFT_SET_ELEM_INTERVAL_END)) {
			struct nftnl_data hi = v[i + 1].key;

			key_dec(&hi, hostk);
			list_expr_add(se, interval_expr(left, &v[i].key, &hi, hostk));
			i++;
		} else if (v[i].e->key_end.len) {
			list_expr_add(se, interval_expr(left, &v[i].key, &v[i].e->key_end, hostk));
		} else if (i + 1 == n) {
			struct nftnl_data hi = v[i].key;

			memset(hi.bytes, 0xff, hi.len);
			list_expr_add(se, interval_expr(left, &v[i].key, &hi, hostk));
		} else {
			list_expr_add(se, value_for(left, &v[i].key));
		}
	}
	free(v);
	return se;
}

/* Byte range of register @r in the register file (NFT_REG_1..4 are
 * 16 bytes, NFT_REG32_00..15 4 bytes, over the same storage); false
 * for the verdict register and numbers out of range. */
static bool reg_bytes(uint32_t r, unsigned int *start, unsigned int *len)
{
	if (r >= NFT_REG_1 && r <= NFT_REG_4) {
		*start = (r - NFT_REG_1) * 16;
		*len = 16;
		return true;
	}
	if (r >= NFT_REG32_00 && r < NREGS) {
		*start = (r - NFT_REG32_00) * 4;
		*len = 4;
		return true;
	}
	return false;
}

/* A key of @klen bytes read from @sreg on that spans more than the
 * expression in @sreg (a concatenation, `ip saddr . tcp dport`): the
 * text of every loaded register it covers, in register file order,
 * then @ne's. Returns false if the key fits @sreg's expression. */
static bool add_unknown_span(struct dl_ctx *dl, const struct nftnl_expr *ne, uint32_t sreg,
			     uint32_t klen, const struct reg *src)
{
	unsigned int start, len, a, rs, rl;
	struct stmt *s;
	char *buf = NULL;
	size_t n = 0;
	FILE *fp;
	uint32_t r;

	if (!src->e || (uint64_t)klen * 8 <= src->e->len || !reg_bytes(sreg, &start, &len))
		return false;
	fp = open_memstream(&buf, &n);
	if (!fp)
		abort();
	/* each 4-byte slot of the key: the registers that start there */
	for (a = start; a - start < klen && a < 64; a += 4) {
		for (r = NFT_REG_1; r < NREGS; r++) {
			struct reg *rg = &dl->regs[r];

			if (!reg_bytes(r, &rs, &rl) || rs != a || !rg->nsrc)
				continue;
			src_text(fp, rg);
			rg->used = true;
		}
	}
	{
		char *t = expr_text(ne);

		fputs(t, fp);
		free(t);
	}
	fclose(fp);
	s = stmt_alloc(STMT_UNKNOWN, NULL);
	s->unknown.text = buf;
	add_stmt(dl, s);
	return true;
}

static void dl_lookup(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_lookup *lk = &ne->lookup;
	struct reg *src = reg_read(dl, lk->sreg), prev;
	const struct nftnl_set *set = NULL;
	enum rel_op op = (lk->flags & NFT_LOOKUP_F_INV) ? OP_NEQ : OP_IMPLICIT;
	struct expr *right;

	if (src && lk->set && dl->sets)
		set = dl->sets(lk->set, dl->sets_data);
	if (src && set && add_unknown_span(dl, ne, lk->sreg, set->key_len, src))
		return;
	if (src && lk->has_dreg && lk->dreg != NFT_REG_VERDICT) {
		/* a map: its value is a load we cannot express, shown by
		 * whoever reads it (or on its own) */
		prev = *src;
		prev.e = NULL;
		reg_set(dl, lk->dreg, NULL, ne, &prev);
		return;
	}
	if (!src || !src->e || src->e->kind == EXPR_VALUE || lk->has_dreg || !lk->set) {
		add_unknown(dl, ne, src);
		return;
	}
	if (set && (set->flags & NFT_SET_ANONYMOUS)) {
		if (set->flags & (NFT_SET_MAP | NFT_SET_OBJECT | NFT_SET_CONCAT)) {
			add_unknown(dl, ne, src);
			return;
		}
		right = set_from_elems(src, set);
	} else {
		char *name;

		if (asprintf(&name, "@%s", lk->set) < 0)
			abort();
		right = symbol_expr_alloc(NULL, name, false);
		free(name);
	}
	add_match(dl, op, expr_clone(src->e), right);
}

/* ---- statements ------------------------------------------------------ */

static void dl_counter(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	struct stmt *s = stmt_alloc(STMT_COUNTER, NULL);

	s->counter.packets = ne->counter.packets;
	s->counter.bytes = ne->counter.bytes;
	add_stmt(dl, s);
}

static const struct {
	uint32_t nftnl, ast;
} log_fields[] = {
	{ NFTNL_LOG_PREFIX, LOG_F_PREFIX },
	{ NFTNL_LOG_GROUP, LOG_F_GROUP },
	{ NFTNL_LOG_SNAPLEN, LOG_F_SNAPLEN },
	{ NFTNL_LOG_QTHRESHOLD, LOG_F_QTHRESHOLD },
	{ NFTNL_LOG_LEVEL, LOG_F_LEVEL },
	{ NFTNL_LOG_FLAGS, LOG_F_FLAGS },
};

static void dl_log(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	const struct nftnl_expr_log *l = &ne->log;
	struct stmt *s = stmt_alloc(STMT_LOG, NULL);
	size_t i;

	for (i = 0; i < sizeof(log_fields) / sizeof(log_fields[0]); i++)
		if (l->present & log_fields[i].nftnl)
			s->log.present |= log_fields[i].ast;
	if (l->prefix)
		s->log.prefix = xstrdup(l->prefix);
	s->log.level = l->level;
	s->log.group = l->group;
	s->log.qthreshold = l->qthreshold;
	s->log.snaplen = l->snaplen;
	s->log.flags = l->flags;
	add_stmt(dl, s);
}

static void dl_notrack(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	(void)ne;
	add_stmt(dl, stmt_alloc(STMT_NOTRACK, NULL));
}

/* It may read any register: what they hold is shown before it. */
static void dl_unknown(struct dl_ctx *dl, const struct nftnl_expr *ne)
{
	regs_flush(dl);
	add_unknown(dl, ne, NULL);
}

/* One handler per libnftnl expression kind; missing ones are unknown. */
static void (*const dl_handlers[NFTNL_EXPR_MAX])(struct dl_ctx *, const struct nftnl_expr *) = {
	[NFTNL_EXPR_IMMEDIATE] = dl_immediate,
	[NFTNL_EXPR_CMP] = dl_cmp,
	[NFTNL_EXPR_BITWISE] = dl_bitwise,
	[NFTNL_EXPR_RANGE] = dl_range,
	[NFTNL_EXPR_CT] = dl_ct,
	[NFTNL_EXPR_META] = dl_meta,
	[NFTNL_EXPR_PAYLOAD] = dl_payload,
	[NFTNL_EXPR_BYTEORDER] = dl_byteorder,
	[NFTNL_EXPR_COUNTER] = dl_counter,
	[NFTNL_EXPR_LOOKUP] = dl_lookup,
	[NFTNL_EXPR_LOG] = dl_log,
	[NFTNL_EXPR_NOTRACK] = dl_notrack,
};

struct rule *delinearize_rule(struct nft_ctx *ctx, const struct nftnl_rule *nr,
			      set_lookup_fn sets, void *sets_data)
{
	struct dl_ctx dl = { .nft = ctx, .sets = sets, .sets_data = sets_data };
	const struct nftnl_expr *ne;
	struct handle h = { 0 };
	size_t i;

	h.family = nr->family;
	h.table = nr->table;
	h.chain = nr->chain;
	h.handle = nr->handle;
	h.position = nr->position;
	dl.rule = rule_alloc(NULL, &h);
	proto_init(&dl, nr->family);
	for (ne = nr->exprs; ne; ne = ne->next) {
		if ((unsigned int)ne->type < NFTNL_EXPR_MAX && dl_handlers[ne->type])
			dl_handlers[ne->type](&dl, ne);
		else
			dl_unknown(&dl, ne);
	}
	regs_flush(&dl);
	for (i = 0; i < NREGS; i++)
		reg_clear(&dl.regs[i]);
	if (nr->udata.len)
		dl.rule->comment = udata_get_comment(nr->udata.data, nr->udata.len);
	return dl.rule;
}
