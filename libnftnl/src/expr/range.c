/*
 * range.c - the "range" expression: compare a register with [from, to].
 *
 * Text: "range neq reg 1 0x00001400 0x00001e00".
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

static const char *const range_ops[] = {
	[NFT_RANGE_EQ]	= "eq",
	[NFT_RANGE_NEQ]	= "neq",
};

static void range_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	mnl_attr_put_u32(nlh, NFTA_RANGE_SREG, htonl(e->range.sreg));
	mnl_attr_put_u32(nlh, NFTA_RANGE_OP, htonl(e->range.op));
	nftnl_data_put(nlh, NFTA_RANGE_FROM_DATA, &e->range.from);
	nftnl_data_put(nlh, NFTA_RANGE_TO_DATA, &e->range.to);
}

static int range_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_RANGE_MAX + 1];
	struct nftnl_expr_range *r = &e->range;

	if (nftnl_attr_parse_nested(data, tb, NFTA_RANGE_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_RANGE_SREG], &r->sreg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_RANGE_OP], &r->op) < 0 ||
	    nftnl_data_get(tb[NFTA_RANGE_FROM_DATA], &r->from) < 0 ||
	    nftnl_data_get(tb[NFTA_RANGE_TO_DATA], &r->to) < 0 ||
	    r->from.len != r->to.len) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int range_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "range %s reg %u ",
			 nftnl_name_of(range_ops, sizeof(range_ops) / sizeof(range_ops[0]),
				       e->range.op),
			 e->range.sreg);
	nftnl_buf_data(&b, &e->range.from);
	nftnl_buf_printf(&b, " ");
	nftnl_buf_data(&b, &e->range.to);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_range = {
	.type		= NFTNL_EXPR_RANGE,
	.name		= "range",
	.build		= range_build,
	.parse		= range_parse,
	.snprintf	= range_snprintf,
};
