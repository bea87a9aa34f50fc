/*
 * meta.c - the "meta" expression: load packet metadata (mark, iifname,
 * l4proto, ...) into a register, or store a register into it.
 *
 * Text: "meta load mark => reg 1", "meta set mark with reg 1".
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

/* Key names as upstream prints them, indexed by enum nft_meta_keys. */
static const char *const meta_keys[] = {
	[NFT_META_LEN]		= "len",
	[NFT_META_PROTOCOL]	= "protocol",
	[NFT_META_PRIORITY]	= "priority",
	[NFT_META_MARK]		= "mark",
	[NFT_META_IIF]		= "iif",
	[NFT_META_OIF]		= "oif",
	[NFT_META_IIFNAME]	= "iifname",
	[NFT_META_OIFNAME]	= "oifname",
	[NFT_META_IIFTYPE]	= "iiftype",
	[NFT_META_OIFTYPE]	= "oiftype",
	[NFT_META_SKUID]	= "skuid",
	[NFT_META_SKGID]	= "skgid",
	[NFT_META_NFTRACE]	= "nftrace",
	[NFT_META_RTCLASSID]	= "rtclassid",
	[NFT_META_SECMARK]	= "secmark",
	[NFT_META_NFPROTO]	= "nfproto",
	[NFT_META_L4PROTO]	= "l4proto",
	[NFT_META_BRI_IIFNAME]	= "bri_iifname",
	[NFT_META_BRI_OIFNAME]	= "bri_oifname",
	[NFT_META_PKTTYPE]	= "pkttype",
	[NFT_META_CPU]		= "cpu",
	[NFT_META_IIFGROUP]	= "iifgroup",
	[NFT_META_OIFGROUP]	= "oifgroup",
	[NFT_META_CGROUP]	= "cgroup",
	[NFT_META_PRANDOM]	= "prandom",
	[NFT_META_SECPATH]	= "secpath",
	[NFT_META_IIFKIND]	= "iifkind",
	[NFT_META_OIFKIND]	= "oifkind",
	[NFT_META_BRI_IIFPVID]	= "bri_iifpvid",
	[NFT_META_BRI_IIFVPROTO] = "bri_iifvproto",
	[NFT_META_TIME_NS]	= "time",
	[NFT_META_TIME_DAY]	= "day",
	[NFT_META_TIME_HOUR]	= "hour",
	[NFT_META_SDIF]		= "sdif",
	[NFT_META_SDIFNAME]	= "sdifname",
	[NFT_META_SDIFNAME + 1]	= "broute",	/* NFT_META_BRI_BROUTE */
};

static void meta_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_meta *m = &e->meta;

	mnl_attr_put_u32(nlh, NFTA_META_KEY, htonl(m->key));
	mnl_attr_put_u32(nlh, m->is_set ? NFTA_META_SREG : NFTA_META_DREG, htonl(m->reg));
}

static int meta_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_META_MAX + 1];
	struct nftnl_expr_meta *m = &e->meta;

	if (nftnl_attr_parse_nested(data, tb, NFTA_META_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_META_KEY], &m->key) < 0 ||
	    !tb[NFTA_META_DREG] == !tb[NFTA_META_SREG])
		goto einval;
	m->is_set = tb[NFTA_META_SREG] != NULL;
	if (nftnl_attr_u32(m->is_set ? tb[NFTA_META_SREG] : tb[NFTA_META_DREG], &m->reg) < 0)
		goto einval;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

static int meta_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_meta *m = &e->meta;
	struct nftnl_buf b = nftnl_buf_init(buf, size);
	const char *key = nftnl_name_of(meta_keys, sizeof(meta_keys) / sizeof(meta_keys[0]),
					m->key);

	if (m->is_set)
		nftnl_buf_printf(&b, "meta set %s with reg %u", key, m->reg);
	else
		nftnl_buf_printf(&b, "meta load %s => reg %u", key, m->reg);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_meta = {
	.type		= NFTNL_EXPR_META,
	.name		= "meta",
	.build		= meta_build,
	.parse		= meta_parse,
	.snprintf	= meta_snprintf,
};
