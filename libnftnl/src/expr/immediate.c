/*
 * immediate.c - the "immediate" expression: load a constant value into a
 * data register, or a verdict (accept, drop, jump -> chain, ...) into the
 * verdict register.
 *
 * Text: "immediate reg 1 0x00000005", "immediate reg 0 jump -> other".
 */
#include <errno.h>
#include <stdlib.h>
#include <arpa/inet.h>

#include "expr.h"

static void immediate_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_immediate *im = &e->immediate;

	mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, htonl(im->dreg));
	if (im->dreg == NFT_REG_VERDICT)
		nftnl_verdict_put(nlh, NFTA_IMMEDIATE_DATA, &im->verdict);
	else
		nftnl_data_put(nlh, NFTA_IMMEDIATE_DATA, &im->data);
}

static int immediate_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_IMMEDIATE_MAX + 1];
	struct nftnl_expr_immediate *im = &e->immediate;

	if (nftnl_attr_parse_nested(data, tb, NFTA_IMMEDIATE_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_IMMEDIATE_DREG], &im->dreg) < 0 ||
	    !tb[NFTA_IMMEDIATE_DATA])
		goto einval;
	if (im->dreg == NFT_REG_VERDICT)
		return nftnl_verdict_get(tb[NFTA_IMMEDIATE_DATA], &im->verdict);
	return nftnl_data_get(tb[NFTA_IMMEDIATE_DATA], &im->data);
einval:
	errno = EINVAL;
	return -1;
}

static int immediate_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_immediate *im = &e->immediate;
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "immediate reg %u ", im->dreg);
	if (im->dreg != NFT_REG_VERDICT) {
		nftnl_buf_data(&b, &im->data);
		return nftnl_buf_done(&b);
	}
	nftnl_buf_printf(&b, "%s", nftnl_verdict_name(im->verdict.code));
	if (im->verdict.chain)
		nftnl_buf_printf(&b, " -> %s", im->verdict.chain);
	return nftnl_buf_done(&b);
}

static void immediate_free(struct nftnl_expr *e)
{
	free(e->immediate.verdict.chain);
}

const struct nftnl_expr_ops nftnl_expr_ops_immediate = {
	.type		= NFTNL_EXPR_IMMEDIATE,
	.name		= "immediate",
	.build		= immediate_build,
	.parse		= immediate_parse,
	.snprintf	= immediate_snprintf,
	.free		= immediate_free,
};
