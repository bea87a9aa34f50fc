/*
 * notrack.c - the "notrack" expression: do not track this packet.
 *
 * It has no attributes: upstream sends no NFTA_EXPR_DATA at all, and so
 * do we (build is NULL). Text: "notrack".
 */
#include "expr.h"

static int notrack_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	(void)e;
	nftnl_buf_printf(&b, "notrack");
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_notrack = {
	.type		= NFTNL_EXPR_NOTRACK,
	.name		= "notrack",
	.snprintf	= notrack_snprintf,
};
