/*
 * log.c - the "log" expression: log the packet to the kernel log
 * (prefix, level, flags) or to an nflog group (group, snaplen,
 * queue threshold). Only the fields whose bit is set in @present are
 * sent.
 *
 * Text: "log prefix foo level 4 tcpseq tcpopt ipopt uid macdecode",
 * "log group 2 snaplen 0 qthreshold 0", or just "log".
 */
#include <errno.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <linux/netfilter/nf_log.h>

#include "expr.h"

static const struct {
	uint32_t flag;
	const char *name;
} log_flags[] = {
	{ NF_LOG_TCPSEQ,	"tcpseq" },
	{ NF_LOG_TCPOPT,	"tcpopt" },
	{ NF_LOG_IPOPT,		"ipopt" },
	{ NF_LOG_UID,		"uid" },
	{ NF_LOG_MACDECODE,	"macdecode" },
};

static void log_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_log *l = &e->log;

	if ((l->present & NFTNL_LOG_PREFIX) && l->prefix)
		mnl_attr_put_strz(nlh, NFTA_LOG_PREFIX, l->prefix);
	if (l->present & NFTNL_LOG_GROUP)
		mnl_attr_put_u16(nlh, NFTA_LOG_GROUP, htons(l->group));
	if (l->present & NFTNL_LOG_SNAPLEN)
		mnl_attr_put_u32(nlh, NFTA_LOG_SNAPLEN, htonl(l->snaplen));
	if (l->present & NFTNL_LOG_QTHRESHOLD)
		mnl_attr_put_u16(nlh, NFTA_LOG_QTHRESHOLD, htons(l->qthreshold));
	if (l->present & NFTNL_LOG_LEVEL)
		mnl_attr_put_u32(nlh, NFTA_LOG_LEVEL, htonl(l->level));
	if (l->present & NFTNL_LOG_FLAGS)
		mnl_attr_put_u32(nlh, NFTA_LOG_FLAGS, htonl(l->flags));
}

static int log_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_LOG_MAX + 1];
	struct nftnl_expr_log *l = &e->log;

	if (nftnl_attr_parse_nested(data, tb, NFTA_LOG_MAX) < 0)
		goto einval;
	if (tb[NFTA_LOG_GROUP]) {
		if (nftnl_attr_u16(tb[NFTA_LOG_GROUP], &l->group) < 0)
			goto einval;
		l->present |= NFTNL_LOG_GROUP;
	}
	if (tb[NFTA_LOG_SNAPLEN]) {
		if (nftnl_attr_u32(tb[NFTA_LOG_SNAPLEN], &l->snaplen) < 0)
			goto einval;
		l->present |= NFTNL_LOG_SNAPLEN;
	}
	if (tb[NFTA_LOG_QTHRESHOLD]) {
		if (nftnl_attr_u16(tb[NFTA_LOG_QTHRESHOLD], &l->qthreshold) < 0)
			goto einval;
		l->present |= NFTNL_LOG_QTHRESHOLD;
	}
	if (tb[NFTA_LOG_LEVEL]) {
		if (nftnl_attr_u32(tb[NFTA_LOG_LEVEL], &l->level) < 0)
			goto einval;
		l->present |= NFTNL_LOG_LEVEL;
	}
	if (tb[NFTA_LOG_FLAGS]) {
		if (nftnl_attr_u32(tb[NFTA_LOG_FLAGS], &l->flags) < 0)
			goto einval;
		l->present |= NFTNL_LOG_FLAGS;
	}
	if (tb[NFTA_LOG_PREFIX]) {
		if (nftnl_attr_strdup(tb[NFTA_LOG_PREFIX], &l->prefix) < 0)
			return -1;
		l->present |= NFTNL_LOG_PREFIX;
	}
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

static int log_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_log *l = &e->log;
	struct nftnl_buf b = nftnl_buf_init(buf, size);
	size_t i;

	nftnl_buf_printf(&b, "log");
	if ((l->present & NFTNL_LOG_PREFIX) && l->prefix)
		nftnl_buf_printf(&b, " prefix %s", l->prefix);
	if (l->present & NFTNL_LOG_GROUP)
		nftnl_buf_printf(&b, " group %u snaplen %u qthreshold %u",
				 l->group, l->snaplen, l->qthreshold);
	if (l->present & NFTNL_LOG_LEVEL)
		nftnl_buf_printf(&b, " level %u", l->level);
	if (l->present & NFTNL_LOG_FLAGS)
		for (i = 0; i < sizeof(log_flags) / sizeof(log_flags[0]); i++)
			if (l->flags & log_flags[i].flag)
				nftnl_buf_printf(&b, " %s", log_flags[i].name);
	return nftnl_buf_done(&b);
}

static void log_free(struct nftnl_expr *e)
{
	free(e->log.prefix);
}

const struct nftnl_expr_ops nftnl_expr_ops_log = {
	.type		= NFTNL_EXPR_LOG,
	.name		= "log",
	.build		= log_build,
	.parse		= log_parse,
	.snprintf	= log_snprintf,
	.free		= log_free,
};
