/*
 * cmp.c - the "cmp" expression: compare a register with a constant.
 *
 * Text: "cmp eq reg 1 0x00000006" (ops eq neq lt lte gt gte).
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

static const char *const cmp_ops[] = {
	[NFT_CMP_EQ]	= "eq",
	[NFT_CMP_NEQ]	= "neq",
	[NFT_CMP_LT]	= "lt",
	[NFT_CMP_LTE]	= "lte",
	[NFT_CMP_GT]	= "gt",
	[NFT_CMP_GTE]	= "gte",
};

static void cmp_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	mnl_attr_put_u32(nlh, NFTA_CMP_SREG, htonl(e->cmp.sreg));
	mnl_attr_put_u32(nlh, NFTA_CMP_OP, htonl(e->cmp.op));
	nftnl_data_put(nlh, NFTA_CMP_DATA, &e->cmp.data);
}

static int cmp_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_CMP_MAX + 1];

	if (nftnl_attr_parse_nested(data, tb, NFTA_CMP_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_CMP_SREG], &e->cmp.sreg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_CMP_OP], &e->cmp.op) < 0 ||
	    nftnl_data_get(tb[NFTA_CMP_DATA], &e->cmp.data) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int cmp_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "cmp %s reg %u ",
			 nftnl_name_of(cmp_ops, sizeof(cmp_ops) / sizeof(cmp_ops[0]), e->cmp.op),
			 e->cmp.sreg);
	nftnl_buf_data(&b, &e->cmp.data);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_cmp = {
	.type		= NFTNL_EXPR_CMP,
	.name		= "cmp",
	.build		= cmp_build,
	.parse		= cmp_parse,
	.snprintf	= cmp_snprintf,
};
