/*
 * unknown.c - an expression met in a dump whose name we do not know.
 *
 * It keeps its name and the raw payload of NFTA_EXPR_DATA so that it is
 * never dropped: it prints as "NAME <unknown>" and builds back to the
 * same bytes. (expr.c does the parsing, since there is no name to find
 * these ops by.)
 */
#include <stdlib.h>
#include <string.h>

#include "expr.h"

static void unknown_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	void *p;

	if (!e->unknown.raw_len)
		return;
	/* The raw bytes are a list of attributes: append them as they are. */
	p = mnl_nlmsg_put_extra_header(nlh, MNL_ALIGN(e->unknown.raw_len));
	memcpy(p, e->unknown.raw, e->unknown.raw_len);
}

static int unknown_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "%s <unknown>", e->unknown.name ? e->unknown.name : "unknown");
	return nftnl_buf_done(&b);
}

static void unknown_free(struct nftnl_expr *e)
{
	free(e->unknown.name);
	free(e->unknown.raw);
}

const struct nftnl_expr_ops nftnl_expr_ops_unknown = {
	.type		= NFTNL_EXPR_UNKNOWN,
	.name		= "unknown",
	.build		= unknown_build,
	.snprintf	= unknown_snprintf,
	.free		= unknown_free,
};
