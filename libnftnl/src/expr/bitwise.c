/*
 * bitwise.c - the "bitwise" expression: dreg = (sreg & mask) ^ xor over
 * len bytes, or a shift of 32-bit words by a constant.
 *
 * Text: "bitwise reg 1 = ( reg 1 & 0x0000ffff ) ^ 0x00000000" and
 * "bitwise reg 1 = ( reg 1 << 0x00000002 )".
 *
 * Wire: NFTA_BITWISE_OP is sent only for shifts; for the boolean form
 * it is left out (the kernel's default), as upstream nft does for
 * ct label and other matches.
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

static void bitwise_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_bitwise *bw = &e->bitwise;

	mnl_attr_put_u32(nlh, NFTA_BITWISE_SREG, htonl(bw->sreg));
	mnl_attr_put_u32(nlh, NFTA_BITWISE_DREG, htonl(bw->dreg));
	if (bw->op != NFT_BITWISE_BOOL)
		mnl_attr_put_u32(nlh, NFTA_BITWISE_OP, htonl(bw->op));
	mnl_attr_put_u32(nlh, NFTA_BITWISE_LEN, htonl(bw->len));
	if (bw->op == NFT_BITWISE_BOOL) {
		nftnl_data_put(nlh, NFTA_BITWISE_MASK, &bw->mask);
		nftnl_data_put(nlh, NFTA_BITWISE_XOR, &bw->xor);
	} else {
		nftnl_data_put(nlh, NFTA_BITWISE_DATA, &bw->shift);
	}
}

static int bitwise_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_BITWISE_MAX + 1];
	struct nftnl_expr_bitwise *bw = &e->bitwise;

	if (nftnl_attr_parse_nested(data, tb, NFTA_BITWISE_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BITWISE_SREG], &bw->sreg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BITWISE_DREG], &bw->dreg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_BITWISE_LEN], &bw->len) < 0)
		goto einval;
	bw->op = NFT_BITWISE_BOOL;
	if (tb[NFTA_BITWISE_OP] && nftnl_attr_u32(tb[NFTA_BITWISE_OP], &bw->op) < 0)
		goto einval;
	switch (bw->op) {
	case NFT_BITWISE_BOOL:
		if (nftnl_data_get(tb[NFTA_BITWISE_MASK], &bw->mask) < 0 ||
		    nftnl_data_get(tb[NFTA_BITWISE_XOR], &bw->xor) < 0 ||
		    bw->mask.len != bw->len || bw->xor.len != bw->len)
			goto einval;
		break;
	case NFT_BITWISE_LSHIFT:
	case NFT_BITWISE_RSHIFT:
		if (nftnl_data_get(tb[NFTA_BITWISE_DATA], &bw->shift) < 0 ||
		    bw->shift.len != sizeof(uint32_t))
			goto einval;
		break;
	default:
		goto einval;
	}
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

static int bitwise_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_bitwise *bw = &e->bitwise;
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "bitwise reg %u = ( reg %u ", bw->dreg, bw->sreg);
	switch (bw->op) {
	case NFT_BITWISE_BOOL:
		nftnl_buf_printf(&b, "& ");
		nftnl_buf_data(&b, &bw->mask);
		nftnl_buf_printf(&b, " ) ^ ");
		nftnl_buf_data(&b, &bw->xor);
		break;
	case NFT_BITWISE_LSHIFT:
	case NFT_BITWISE_RSHIFT:
		nftnl_buf_printf(&b, "%s ", bw->op == NFT_BITWISE_LSHIFT ? "<<" : ">>");
		nftnl_buf_data(&b, &bw->shift);
		nftnl_buf_printf(&b, " )");
		break;
	default:
		nftnl_buf_printf(&b, "unknown )");
		break;
	}
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_bitwise = {
	.type		= NFTNL_EXPR_BITWISE,
	.name		= "bitwise",
	.build		= bitwise_build,
	.parse		= bitwise_parse,
	.snprintf	= bitwise_snprintf,
};
