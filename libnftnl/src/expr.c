/*
 * expr.c - the expression layer: registry of ops tables and the generic
 * alloc/free/build/parse/print entry points, plus typed constructors.
 *
 * Every expression kind lives in its own file under expr/ as one
 * `const struct nftnl_expr_ops`; this file only dispatches to them and
 * wraps their output in the NFTA_LIST_ELEM { NFTA_EXPR_NAME,
 * NFTA_EXPR_DATA } envelope (and the "[ ... ]" brackets in text).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "expr/expr.h"

static const struct nftnl_expr_ops *const ops_table[NFTNL_EXPR_MAX] = {
	[NFTNL_EXPR_UNKNOWN]	= &nftnl_expr_ops_unknown,
	[NFTNL_EXPR_IMMEDIATE]	= &nftnl_expr_ops_immediate,
	[NFTNL_EXPR_CMP]	= &nftnl_expr_ops_cmp,
	[NFTNL_EXPR_BITWISE]	= &nftnl_expr_ops_bitwise,
	[NFTNL_EXPR_RANGE]	= &nftnl_expr_ops_range,
	[NFTNL_EXPR_CT]		= &nftnl_expr_ops_ct,
	[NFTNL_EXPR_META]	= &nftnl_expr_ops_meta,
	[NFTNL_EXPR_PAYLOAD]	= &nftnl_expr_ops_payload,
	[NFTNL_EXPR_BYTEORDER]	= &nftnl_expr_ops_byteorder,
	[NFTNL_EXPR_COUNTER]	= &nftnl_expr_ops_counter,
	[NFTNL_EXPR_LOOKUP]	= &nftnl_expr_ops_lookup,
	[NFTNL_EXPR_LOG]	= &nftnl_expr_ops_log,
	[NFTNL_EXPR_LIMIT]	= &nftnl_expr_ops_limit,
	[NFTNL_EXPR_QUOTA]	= &nftnl_expr_ops_quota,
	[NFTNL_EXPR_REJECT]	= &nftnl_expr_ops_reject,
	[NFTNL_EXPR_NOTRACK]	= &nftnl_expr_ops_notrack,
};

/* ---- text buffer ------------------------------------------------- */

void nftnl_buf_printf(struct nftnl_buf *b, const char *fmt, ...)
{
	size_t off = b->len < b->size ? b->len : b->size;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->buf ? b->buf + off : NULL, b->buf ? b->size - off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += n;
}

void nftnl_buf_data(struct nftnl_buf *b, const struct nftnl_data *d)
{
	uint32_t i, len = d->len <= sizeof(d->bytes) ? d->len : sizeof(d->bytes);

	for (i = 0; i < len; i += 4) {
		uint32_t word = 0;

		memcpy(&word, d->bytes + i, len - i < 4 ? len - i : 4);
		nftnl_buf_printf(b, "%s0x%08x", i ? " " : "", word);
	}
}

/* ---- registry ---------------------------------------------------- */

const struct nftnl_expr_ops *nftnl_expr_ops_by_type(enum nftnl_expr_type t)
{
	if ((unsigned int)t >= NFTNL_EXPR_MAX)
		return NULL;
	return ops_table[t];
}

const struct nftnl_expr_ops *nftnl_expr_ops_by_name(const char *name)
{
	int i;

	if (!name)
		return NULL;
	for (i = NFTNL_EXPR_UNKNOWN + 1; i < NFTNL_EXPR_MAX; i++)
		if (strcmp(ops_table[i]->name, name) == 0)
			return ops_table[i];
	return NULL;
}

struct nftnl_expr *nftnl_expr_alloc(enum nftnl_expr_type t)
{
	struct nftnl_expr *e;

	if (!nftnl_expr_ops_by_type(t)) {
		errno = EINVAL;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (e)
		e->type = t;
	return e;
}

void nftnl_expr_free(struct nftnl_expr *e)
{
	const struct nftnl_expr_ops *ops;

	if (!e)
		return;
	ops = nftnl_expr_ops_by_type(e->type);
	if (ops && ops->free)
		ops->free(e);
	free(e);
}

const char *nftnl_expr_name(const struct nftnl_expr *e)
{
	const struct nftnl_expr_ops *ops = nftnl_expr_ops_by_type(e->type);

	if (e->type == NFTNL_EXPR_UNKNOWN)
		return e->unknown.name ? e->unknown.name : "unknown";
	return ops ? ops->name : "unknown";
}

/* ---- build / parse / print --------------------------------------- */

void nftnl_expr_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_ops *ops = nftnl_expr_ops_by_type(e->type);
	struct nlattr *elem, *data;
	bool has_data;

	if (!ops)
		return;
	/* An unknown expression met without data is sent back without. */
	has_data = ops->build &&
		   !(e->type == NFTNL_EXPR_UNKNOWN && !e->unknown.raw);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, nftnl_expr_name(e));
	if (has_data) {
		data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
		ops->build(nlh, e);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, elem);
}

static struct nftnl_expr *parse_unknown(const char *name, const struct nlattr *data)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_UNKNOWN);

	if (!e)
		return NULL;
	e->unknown.name = strdup(name);
	if (!e->unknown.name)
		goto err;
	if (data) {
		uint32_t len = mnl_attr_get_payload_len(data);

		/* Keep a non-NULL buffer even for an empty nest. */
		e->unknown.raw = malloc(len ? len : 1);
		if (!e->unknown.raw)
			goto err;
		memcpy(e->unknown.raw, mnl_attr_get_payload(data), len);
		e->unknown.raw_len = len;
	}
	return e;
err:
	nftnl_expr_free(e);
	return NULL;
}

struct nftnl_expr *nftnl_expr_parse(const struct nlattr *elem)
{
	const struct nlattr *tb[NFTA_EXPR_MAX + 1];
	const struct nftnl_expr_ops *ops;
	struct nftnl_expr *e;
	char *name;

	if (!elem || nftnl_attr_parse_nested(elem, tb, NFTA_EXPR_MAX) < 0)
		goto einval;
	if (nftnl_attr_strdup(tb[NFTA_EXPR_NAME], &name) < 0) {
		if (errno != ENOMEM)
			goto einval;
		return NULL;
	}
	/* DATA must itself be a well formed list of attributes. */
	if (tb[NFTA_EXPR_DATA]) {
		const struct nlattr *scratch[1];

		if (nftnl_attr_parse_nested(tb[NFTA_EXPR_DATA], scratch, 0) < 0) {
			free(name);
			goto einval;
		}
	}
	ops = nftnl_expr_ops_by_name(name);
	if (!ops) {
		e = parse_unknown(name, tb[NFTA_EXPR_DATA]);
		free(name);
		return e;
	}
	free(name);
	e = nftnl_expr_alloc(ops->type);
	if (!e)
		return NULL;
	if (ops->parse && ops->parse(e, tb[NFTA_EXPR_DATA]) < 0) {
		int err = errno == ENOMEM ? ENOMEM : EINVAL;

		nftnl_expr_free(e);
		errno = err;
		return NULL;
	}
	return e;
einval:
	errno = EINVAL;
	return NULL;
}

int nftnl_expr_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_ops *ops = nftnl_expr_ops_by_type(e->type);
	struct nftnl_buf b = nftnl_buf_init(buf, size);
	size_t off;
	int n;

	if (buf && size)
		buf[0] = '\0';
	nftnl_buf_printf(&b, "[ ");
	if (ops && ops->snprintf) {
		off = b.len < size ? b.len : size;
		n = ops->snprintf(buf ? buf + off : NULL, buf ? size - off : 0, e);
		if (n > 0)
			b.len += n;
	}
	nftnl_buf_printf(&b, " ]");
	return nftnl_buf_done(&b);
}

/* ---- typed constructors ------------------------------------------ */

static struct nftnl_expr *einval_free(struct nftnl_expr *e)
{
	nftnl_expr_free(e);
	errno = EINVAL;
	return NULL;
}

struct nftnl_expr *nftnl_expr_immediate_data(uint32_t dreg, const void *v, size_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_IMMEDIATE);

	if (!e)
		return NULL;
	e->immediate.dreg = dreg;
	if (dreg == NFT_REG_VERDICT || len == 0 ||
	    nftnl_data_set(&e->immediate.data, v, len) < 0)
		return einval_free(e);
	return e;
}

struct nftnl_expr *nftnl_expr_immediate_verdict(int32_t code, const char *chain)
{
	struct nftnl_expr *e;

	if ((code == NFT_JUMP || code == NFT_GOTO) && !chain) {
		errno = EINVAL;
		return NULL;
	}
	e = nftnl_expr_alloc(NFTNL_EXPR_IMMEDIATE);
	if (!e)
		return NULL;
	e->immediate.dreg = NFT_REG_VERDICT;
	e->immediate.verdict.code = code;
	if (chain) {
		e->immediate.verdict.chain = strdup(chain);
		if (!e->immediate.verdict.chain) {
			nftnl_expr_free(e);
			return NULL;
		}
	}
	return e;
}

struct nftnl_expr *nftnl_expr_cmp(uint32_t sreg, uint32_t op, const void *v, size_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_CMP);

	if (!e)
		return NULL;
	e->cmp.sreg = sreg;
	e->cmp.op = op;
	if (len == 0 || nftnl_data_set(&e->cmp.data, v, len) < 0)
		return einval_free(e);
	return e;
}

struct nftnl_expr *nftnl_expr_bitwise_bool(uint32_t sreg, uint32_t dreg, uint32_t len,
					   const void *mask, const void *xor)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_BITWISE);

	if (!e)
		return NULL;
	e->bitwise.sreg = sreg;
	e->bitwise.dreg = dreg;
	e->bitwise.len = len;
	e->bitwise.op = NFT_BITWISE_BOOL;
	if (len == 0 || nftnl_data_set(&e->bitwise.mask, mask, len) < 0 ||
	    nftnl_data_set(&e->bitwise.xor, xor, len) < 0)
		return einval_free(e);
	return e;
}

struct nftnl_expr *nftnl_expr_bitwise_shift(uint32_t sreg, uint32_t dreg, uint32_t len,
					    uint32_t op, uint32_t shift)
{
	struct nftnl_expr *e;

	if (op != NFT_BITWISE_LSHIFT && op != NFT_BITWISE_RSHIFT) {
		errno = EINVAL;
		return NULL;
	}
	e = nftnl_expr_alloc(NFTNL_EXPR_BITWISE);
	if (!e)
		return NULL;
	e->bitwise.sreg = sreg;
	e->bitwise.dreg = dreg;
	e->bitwise.len = len;
	e->bitwise.op = op;
	/* The kernel reads the shift amount as a host order u32. */
	nftnl_data_set(&e->bitwise.shift, &shift, sizeof(shift));
	return e;
}

struct nftnl_expr *nftnl_expr_range(uint32_t sreg, uint32_t op, const void *from,
				    const void *to, size_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_RANGE);

	if (!e)
		return NULL;
	e->range.sreg = sreg;
	e->range.op = op;
	if (len == 0 || nftnl_data_set(&e->range.from, from, len) < 0 ||
	    nftnl_data_set(&e->range.to, to, len) < 0)
		return einval_free(e);
	return e;
}

static struct nftnl_expr *ct_new(uint32_t key, int dir, uint32_t reg, bool is_set)
{
	struct nftnl_expr *e;

	if (dir > 255) {
		errno = EINVAL;
		return NULL;
	}
	e = nftnl_expr_alloc(NFTNL_EXPR_CT);
	if (!e)
		return NULL;
	e->ct.key = key;
	e->ct.is_set = is_set;
	e->ct.has_dir = dir >= 0;
	e->ct.dir = dir >= 0 ? (uint8_t)dir : 0;
	e->ct.reg = reg;
	return e;
}

struct nftnl_expr *nftnl_expr_ct_get(uint32_t key, int dir, uint32_t dreg)
{
	return ct_new(key, dir, dreg, false);
}

struct nftnl_expr *nftnl_expr_ct_set(uint32_t key, int dir, uint32_t sreg)
{
	return ct_new(key, dir, sreg, true);
}

static struct nftnl_expr *meta_new(uint32_t key, uint32_t reg, bool is_set)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_META);

	if (!e)
		return NULL;
	e->meta.key = key;
	e->meta.reg = reg;
	e->meta.is_set = is_set;
	return e;
}

struct nftnl_expr *nftnl_expr_meta_get(uint32_t key, uint32_t dreg)
{
	return meta_new(key, dreg, false);
}

struct nftnl_expr *nftnl_expr_meta_set(uint32_t key, uint32_t sreg)
{
	return meta_new(key, sreg, true);
}

struct nftnl_expr *nftnl_expr_payload_load(uint32_t base, uint32_t offset, uint32_t len,
					   uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_PAYLOAD);

	if (!e)
		return NULL;
	e->payload.base = base;
	e->payload.offset = offset;
	e->payload.len = len;
	e->payload.reg = dreg;
	return e;
}

struct nftnl_expr *nftnl_expr_payload_set(uint32_t base, uint32_t offset, uint32_t len,
					  uint32_t sreg, uint32_t csum_type,
					  uint32_t csum_offset, uint32_t csum_flags)
{
	struct nftnl_expr *e = nftnl_expr_payload_load(base, offset, len, sreg);

	if (!e)
		return NULL;
	e->payload.is_set = true;
	e->payload.csum_type = csum_type;
	e->payload.csum_offset = csum_offset;
	e->payload.csum_flags = csum_flags;
	return e;
}

struct nftnl_expr *nftnl_expr_byteorder(uint32_t sreg, uint32_t dreg, uint32_t op,
					uint32_t len, uint32_t size)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_BYTEORDER);

	if (!e)
		return NULL;
	e->byteorder.sreg = sreg;
	e->byteorder.dreg = dreg;
	e->byteorder.op = op;
	e->byteorder.len = len;
	e->byteorder.size = size;
	return e;
}

struct nftnl_expr *nftnl_expr_counter(uint64_t packets, uint64_t bytes)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_COUNTER);

	if (!e)
		return NULL;
	e->counter.packets = packets;
	e->counter.bytes = bytes;
	return e;
}

static struct nftnl_expr *lookup_new(const char *set, uint32_t set_id, uint32_t sreg)
{
	struct nftnl_expr *e;

	if (!set && !set_id) {
		errno = EINVAL;
		return NULL;
	}
	e = nftnl_expr_alloc(NFTNL_EXPR_LOOKUP);
	if (!e)
		return NULL;
	if (set) {
		e->lookup.set = strdup(set);
		if (!e->lookup.set) {
			nftnl_expr_free(e);
			return NULL;
		}
	}
	e->lookup.set_id = set_id;
	e->lookup.has_set_id = set_id != 0;
	e->lookup.sreg = sreg;
	return e;
}

struct nftnl_expr *nftnl_expr_lookup(const char *set, uint32_t set_id, uint32_t sreg,
				     bool invert)
{
	struct nftnl_expr *e = lookup_new(set, set_id, sreg);

	if (e && invert)
		e->lookup.flags = NFT_LOOKUP_F_INV;
	return e;
}

struct nftnl_expr *nftnl_expr_lookup_map(const char *set, uint32_t set_id, uint32_t sreg,
					 uint32_t dreg)
{
	struct nftnl_expr *e = lookup_new(set, set_id, sreg);

	if (e) {
		e->lookup.has_dreg = true;
		e->lookup.dreg = dreg;
	}
	return e;
}

struct nftnl_expr *nftnl_expr_log(const char *prefix)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_LOG);

	if (!e)
		return NULL;
	if (prefix) {
		e->log.prefix = strdup(prefix);
		if (!e->log.prefix) {
			nftnl_expr_free(e);
			return NULL;
		}
		e->log.present |= NFTNL_LOG_PREFIX;
	}
	return e;
}

struct nftnl_expr *nftnl_expr_limit(uint64_t rate, uint64_t unit, uint32_t burst,
				    uint32_t type, bool invert)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_LIMIT);

	if (!e)
		return NULL;
	e->limit.rate = rate;
	e->limit.unit = unit;
	e->limit.burst = burst;
	e->limit.type = type;
	e->limit.flags = invert ? NFT_LIMIT_F_INV : 0;
	return e;
}

struct nftnl_expr *nftnl_expr_quota(uint64_t bytes, uint64_t consumed, uint32_t flags)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_QUOTA);

	if (!e)
		return NULL;
	e->quota.bytes = bytes;
	e->quota.consumed = consumed;
	e->quota.flags = flags;
	return e;
}

struct nftnl_expr *nftnl_expr_reject(uint32_t type, uint8_t code)
{
	struct nftnl_expr *e = nftnl_expr_alloc(NFTNL_EXPR_REJECT);

	if (!e)
		return NULL;
	e->reject.type = type;
	e->reject.code = code;
	return e;
}

struct nftnl_expr *nftnl_expr_notrack(void)
{
	return nftnl_expr_alloc(NFTNL_EXPR_NOTRACK);
}
