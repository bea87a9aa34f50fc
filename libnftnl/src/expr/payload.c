/*
 * payload.c - the "payload" expression: load bytes of a packet header
 * (link, network, transport, inner) into a register, or write a
 * register back into the packet fixing a checksum.
 *
 * Text: "payload load 2b @ transport header + 2 => reg 1" and
 * "payload write reg 1 => 2b @ transport header + 2 csum_type 1
 * csum_off 16 csum_flags 0x0".
 *
 * Wire: for writes the checksum type and offset are sent only when a
 * checksum is asked for, the flags only when not zero (as upstream).
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

static const char *const payload_bases[] = {
	[NFT_PAYLOAD_LL_HEADER]		= "link",
	[NFT_PAYLOAD_NETWORK_HEADER]	= "network",
	[NFT_PAYLOAD_TRANSPORT_HEADER]	= "transport",
	[NFT_PAYLOAD_INNER_HEADER]	= "inner",
};

static void payload_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_payload *p = &e->payload;

	if (p->is_set)
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_SREG, htonl(p->reg));
	else
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_DREG, htonl(p->reg));
	mnl_attr_put_u32(nlh, NFTA_PAYLOAD_BASE, htonl(p->base));
	mnl_attr_put_u32(nlh, NFTA_PAYLOAD_OFFSET, htonl(p->offset));
	mnl_attr_put_u32(nlh, NFTA_PAYLOAD_LEN, htonl(p->len));
	if (!p->is_set)
		return;
	/* what a dump gave comes back as it was: an offset without a type
	 * (meaningless to the kernel) is still sent */
	if (p->csum_type || p->csum_offset) {
		if (p->csum_type)
			mnl_attr_put_u32(nlh, NFTA_PAYLOAD_CSUM_TYPE, htonl(p->csum_type));
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_CSUM_OFFSET, htonl(p->csum_offset));
	}
	if (p->csum_flags)
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_CSUM_FLAGS, htonl(p->csum_flags));
}

static int opt_u32(const struct nlattr *a, uint32_t *v)
{
	*v = 0;
	return a ? nftnl_attr_u32(a, v) : 0;
}

static int payload_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_PAYLOAD_MAX + 1];
	struct nftnl_expr_payload *p = &e->payload;

	if (nftnl_attr_parse_nested(data, tb, NFTA_PAYLOAD_MAX) < 0 ||
	    !tb[NFTA_PAYLOAD_DREG] == !tb[NFTA_PAYLOAD_SREG])
		goto einval;
	p->is_set = tb[NFTA_PAYLOAD_SREG] != NULL;
	if (nftnl_attr_u32(p->is_set ? tb[NFTA_PAYLOAD_SREG] : tb[NFTA_PAYLOAD_DREG],
			   &p->reg) < 0 ||
	    nftnl_attr_u32(tb[NFTA_PAYLOAD_BASE], &p->base) < 0 ||
	    nftnl_attr_u32(tb[NFTA_PAYLOAD_OFFSET], &p->offset) < 0 ||
	    nftnl_attr_u32(tb[NFTA_PAYLOAD_LEN], &p->len) < 0 ||
	    opt_u32(tb[NFTA_PAYLOAD_CSUM_TYPE], &p->csum_type) < 0 ||
	    opt_u32(tb[NFTA_PAYLOAD_CSUM_OFFSET], &p->csum_offset) < 0 ||
	    opt_u32(tb[NFTA_PAYLOAD_CSUM_FLAGS], &p->csum_flags) < 0)
		goto einval;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

static int payload_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_payload *p = &e->payload;
	struct nftnl_buf b = nftnl_buf_init(buf, size);
	const char *base = nftnl_name_of(payload_bases,
					 sizeof(payload_bases) / sizeof(payload_bases[0]),
					 p->base);

	if (p->is_set)
		nftnl_buf_printf(&b, "payload write reg %u => %ub @ %s header + %u "
				 "csum_type %u csum_off %u csum_flags 0x%x",
				 p->reg, p->len, base, p->offset,
				 p->csum_type, p->csum_offset, p->csum_flags);
	else
		nftnl_buf_printf(&b, "payload load %ub @ %s header + %u => reg %u",
				 p->len, base, p->offset, p->reg);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_payload = {
	.type		= NFTNL_EXPR_PAYLOAD,
	.name		= "payload",
	.build		= payload_build,
	.parse		= payload_parse,
	.snprintf	= payload_snprintf,
};
