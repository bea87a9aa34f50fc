/*
 * ct.c - the "ct" expression: load a conntrack key into a register
 * (dreg) or store a register into it (sreg), optionally for one
 * direction (original/reply). This is where `ct label` lives: key
 * NFT_CT_LABELS, 16 bytes.
 *
 * Text: "ct load label => reg 1", "ct load src => reg 1 , dir original",
 * "ct set mark with reg 1", "ct set zone with reg 1 , dir original".
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

/* Key names as upstream prints them; keys past dst_ip6 (NFT_CT_ID, ...)
 * print as "unknown", as upstream nft 1.0.6 does. */
static const char *const ct_keys[] = {
	[NFT_CT_STATE]		= "state",
	[NFT_CT_DIRECTION]	= "direction",
	[NFT_CT_STATUS]		= "status",
	[NFT_CT_MARK]		= "mark",
	[NFT_CT_SECMARK]	= "secmark",
	[NFT_CT_EXPIRATION]	= "expiration",
	[NFT_CT_HELPER]		= "helper",
	[NFT_CT_L3PROTOCOL]	= "l3protocol",
	[NFT_CT_SRC]		= "src",
	[NFT_CT_DST]		= "dst",
	[NFT_CT_PROTOCOL]	= "protocol",
	[NFT_CT_PROTO_SRC]	= "proto_src",
	[NFT_CT_PROTO_DST]	= "proto_dst",
	[NFT_CT_LABELS]		= "label",
	[NFT_CT_PKTS]		= "packets",
	[NFT_CT_BYTES]		= "bytes",
	[NFT_CT_AVGPKT]		= "avgpkt",
	[NFT_CT_ZONE]		= "zone",
	[NFT_CT_EVENTMASK]	= "event",
	[NFT_CT_SRC_IP]		= "src_ip",
	[NFT_CT_DST_IP]		= "dst_ip",
	[NFT_CT_SRC_IP6]	= "src_ip6",
	[NFT_CT_DST_IP6]	= "dst_ip6",
};

static const char *const ct_dirs[] = {
	[0] = "original",	/* IP_CT_DIR_ORIGINAL */
	[1] = "reply",		/* IP_CT_DIR_REPLY */
};

static void ct_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_ct *ct = &e->ct;

	mnl_attr_put_u32(nlh, NFTA_CT_KEY, htonl(ct->key));
	if (!ct->is_set)
		mnl_attr_put_u32(nlh, NFTA_CT_DREG, htonl(ct->reg));
	if (ct->has_dir)
		mnl_attr_put_u8(nlh, NFTA_CT_DIRECTION, ct->dir);
	if (ct->is_set)
		mnl_attr_put_u32(nlh, NFTA_CT_SREG, htonl(ct->reg));
}

static int ct_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_CT_MAX + 1];
	struct nftnl_expr_ct *ct = &e->ct;

	if (nftnl_attr_parse_nested(data, tb, NFTA_CT_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_CT_KEY], &ct->key) < 0)
		goto einval;
	/* Exactly one of dreg (get) and sreg (set). */
	if (!tb[NFTA_CT_DREG] == !tb[NFTA_CT_SREG])
		goto einval;
	ct->is_set = tb[NFTA_CT_SREG] != NULL;
	if (nftnl_attr_u32(ct->is_set ? tb[NFTA_CT_SREG] : tb[NFTA_CT_DREG], &ct->reg) < 0)
		goto einval;
	ct->has_dir = tb[NFTA_CT_DIRECTION] != NULL;
	if (ct->has_dir && nftnl_attr_u8(tb[NFTA_CT_DIRECTION], &ct->dir) < 0)
		goto einval;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

static int ct_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_ct *ct = &e->ct;
	struct nftnl_buf b = nftnl_buf_init(buf, size);
	const char *key = nftnl_name_of(ct_keys, sizeof(ct_keys) / sizeof(ct_keys[0]), ct->key);

	if (ct->is_set)
		nftnl_buf_printf(&b, "ct set %s with reg %u", key, ct->reg);
	else
		nftnl_buf_printf(&b, "ct load %s => reg %u", key, ct->reg);
	if (ct->has_dir)
		nftnl_buf_printf(&b, " , dir %s",
				 nftnl_name_of(ct_dirs, sizeof(ct_dirs) / sizeof(ct_dirs[0]),
					       ct->dir));
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_ct = {
	.type		= NFTNL_EXPR_CT,
	.name		= "ct",
	.build		= ct_build,
	.parse		= ct_parse,
	.snprintf	= ct_snprintf,
};
