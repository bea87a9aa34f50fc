/*
 * limit.c - the "limit" expression: token bucket on packets or bytes
 * per unit of time, optionally inverted ("over").
 *
 * Text: "limit rate 10/second burst 5 type packets flags 0x0".
 */
#include <errno.h>
#include <endian.h>
#include <inttypes.h>
#include <arpa/inet.h>

#include "expr.h"

static const char *limit_unit(uint64_t unit)
{
	switch (unit) {
	case 1:
		return "second";
	case 60:
		return "minute";
	case 60 * 60:
		return "hour";
	case 60 * 60 * 24:
		return "day";
	case 60 * 60 * 24 * 7:
		return "week";
	default:
		return "error";
	}
}

static const char *const limit_types[] = {
	[NFT_LIMIT_PKTS]	= "packets",
	[NFT_LIMIT_PKT_BYTES]	= "bytes",
};

static void limit_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_limit *l = &e->limit;

	mnl_attr_put_u64(nlh, NFTA_LIMIT_RATE, htobe64(l->rate));
	mnl_attr_put_u64(nlh, NFTA_LIMIT_UNIT, htobe64(l->unit));
	mnl_attr_put_u32(nlh, NFTA_LIMIT_BURST, htonl(l->burst));
	mnl_attr_put_u32(nlh, NFTA_LIMIT_TYPE, htonl(l->type));
	mnl_attr_put_u32(nlh, NFTA_LIMIT_FLAGS, htonl(l->flags));
}

static int opt_u32(const struct nlattr *a, uint32_t *v)
{
	*v = 0;
	return a ? nftnl_attr_u32(a, v) : 0;
}

static int limit_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_LIMIT_MAX + 1];
	struct nftnl_expr_limit *l = &e->limit;

	if (nftnl_attr_parse_nested(data, tb, NFTA_LIMIT_MAX) < 0 ||
	    nftnl_attr_u64(tb[NFTA_LIMIT_RATE], &l->rate) < 0 ||
	    nftnl_attr_u64(tb[NFTA_LIMIT_UNIT], &l->unit) < 0 ||
	    opt_u32(tb[NFTA_LIMIT_BURST], &l->burst) < 0 ||
	    opt_u32(tb[NFTA_LIMIT_TYPE], &l->type) < 0 ||
	    opt_u32(tb[NFTA_LIMIT_FLAGS], &l->flags) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int limit_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_limit *l = &e->limit;
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "limit rate %" PRIu64 "/%s burst %u type %s flags 0x%x",
			 l->rate, limit_unit(l->unit), l->burst,
			 nftnl_name_of(limit_types, sizeof(limit_types) / sizeof(limit_types[0]),
				       l->type),
			 l->flags);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_limit = {
	.type		= NFTNL_EXPR_LIMIT,
	.name		= "limit",
	.build		= limit_build,
	.parse		= limit_parse,
	.snprintf	= limit_snprintf,
};
