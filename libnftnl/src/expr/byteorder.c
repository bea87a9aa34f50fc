/*
 * byteorder.c - the "byteorder" expression: convert len bytes of a
 * register between host and network order in units of size bytes.
 *
 * Text: "byteorder reg 1 = hton(reg 1, 4, 8)" (size, then len: checked by
 * listing a rule with size 4, len 8 through upstream nft).
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

static const char *const byteorder_ops[] = {
	[NFT_BYTEORDER_NTOH]	= "ntoh",
	[NFT_BYTEORDER_HTON]	= "hton",
};

static void byteorder_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_byteorder *bo = &e->byteorder;

	mnl_attr_put_u32(nlh, NFTA_BYTEORDER_SREG, htonl(bo->sreg));
	mnl_attr_put_u32(nlh, NFTA_BYTEORDER_DREG, htonl(bo->dreg));
	mnl_attr_put_u32(nlh, NFTA_BYTEORDER_OP, htonl(bo->op));
	mnl_attr_put_u32(nlh, NFTA_BYTEORDER_LEN, htonl(bo->len));
	mnl_attr_put_u32(nlh, NFTA_BYTEORDER_SIZE, htonl(bo->size));
}

static int byteorder_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_BYTEORDER_MAX + 1];
	struct nftnl_expr_byteorder *bo = &e->byteorder;

	if (nftnl_attr_parse_nested(data, tb, NFTA_BYTEORDER_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BYTEORDER_SREG], &bo->sreg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BYTEORDER_DREG], &bo->dreg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BYTEORDER_OP], &bo->op) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BYTEORDER_LEN], &bo->len) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BYTEORDER_SIZE], &bo->size) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int byteorder_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_byteorder *bo = &e->byteorder;
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "byteorder reg %u = %s(reg %u, %u, %u)", bo->dreg,
			 nftnl_name_of(byteorder_ops,
				       sizeof(byteorder_ops) / sizeof(byteorder_ops[0]), bo->op),
			 bo->sreg, bo->size, bo->len);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_byteorder = {
	.type		= NFTNL_EXPR_BYTEORDER,
	.name		= "byteorder",
	.build		= byteorder_build,
	.parse		= byteorder_parse,
	.snprintf	= byteorder_snprintf,
};
