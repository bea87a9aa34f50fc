/*
 * reject.c - the "reject" expression: drop the packet and answer with
 * an ICMP/ICMPv6/ICMPX error or a TCP reset.
 *
 * Text: "reject type 1 code 0" (numeric type and code, as upstream).
 */
#include <errno.h>
#include <arpa/inet.h>

#include "expr.h"

static void reject_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	mnl_attr_put_u32(nlh, NFTA_REJECT_TYPE, htonl(e->reject.type));
	mnl_attr_put_u8(nlh, NFTA_REJECT_ICMP_CODE, e->reject.code);
}

static int reject_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_REJECT_MAX + 1];

	if (nftnl_attr_parse_nested(data, tb, NFTA_REJECT_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_REJECT_TYPE], &e->reject.type) < 0 ||
	    (tb[NFTA_REJECT_ICMP_CODE] &&
	     nftnl_attr_u8(tb[NFTA_REJECT_ICMP_CODE], &e->reject.code) < 0)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int reject_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "reject type %u code %u", e->reject.type, e->reject.code);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_reject = {
	.type		= NFTNL_EXPR_REJECT,
	.name		= "reject",
	.build		= reject_build,
	.parse		= reject_parse,
	.snprintf	= reject_snprintf,
};
