/*
 * quota.c - the "quota" expression: match until (or, inverted, after)
 * a number of bytes has been seen.
 *
 * Text: "quota bytes 100 consumed 0 flags 0".
 */
#include <errno.h>
#include <endian.h>
#include <inttypes.h>
#include <arpa/inet.h>

#include "expr.h"

static void quota_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_quota *q = &e->quota;

	mnl_attr_put_u64(nlh, NFTA_QUOTA_BYTES, htobe64(q->bytes));
	mnl_attr_put_u64(nlh, NFTA_QUOTA_CONSUMED, htobe64(q->consumed));
	mnl_attr_put_u32(nlh, NFTA_QUOTA_FLAGS, htonl(q->flags));
}

static int quota_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_QUOTA_MAX + 1];
	struct nftnl_expr_quota *q = &e->quota;

	if (nftnl_attr_parse_nested(data, tb, NFTA_QUOTA_MAX) < 0 ||
	    nftnl_attr_u64(tb[NFTA_QUOTA_BYTES], &q->bytes) < 0 ||
	    (tb[NFTA_QUOTA_CONSUMED] &&
	     nftnl_attr_u64(tb[NFTA_QUOTA_CONSUMED], &q->consumed) < 0) ||
	    (tb[NFTA_QUOTA_FLAGS] && nftnl_attr_u32(tb[NFTA_QUOTA_FLAGS], &q->flags) < 0)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int quota_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_quota *q = &e->quota;
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "quota bytes %" PRIu64 " consumed %" PRIu64 " flags %u",
			 q->bytes, q->consumed, q->flags);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_quota = {
	.type		= NFTNL_EXPR_QUOTA,
	.name		= "quota",
	.build		= quota_build,
	.parse		= quota_parse,
	.snprintf	= quota_snprintf,
};
