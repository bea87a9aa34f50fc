/*
 * lookup.c - the "lookup" expression: look a register up in a set (by
 * name, and/or by id for a set created in the same batch), optionally
 * loading the mapped value into dreg (maps, vmaps) or inverted.
 *
 * Text: "lookup reg 1 set s", "lookup reg 1 set m dreg 1",
 * "lookup reg 1 set s 0x1" (flags, printed when not zero or present:
 * a lookup dumped by the kernel prints "lookup reg 1 set s 0x0").
 */
#include <errno.h>
#include <stdlib.h>
#include <arpa/inet.h>

#include "expr.h"

static void lookup_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_lookup *l = &e->lookup;

	mnl_attr_put_u32(nlh, NFTA_LOOKUP_SREG, htonl(l->sreg));
	if (l->has_dreg)
		mnl_attr_put_u32(nlh, NFTA_LOOKUP_DREG, htonl(l->dreg));
	if (l->set)
		mnl_attr_put_strz(nlh, NFTA_LOOKUP_SET, l->set);
	if (l->has_set_id)
		mnl_attr_put_u32(nlh, NFTA_LOOKUP_SET_ID, htonl(l->set_id));
	if (l->flags || l->has_flags)
		mnl_attr_put_u32(nlh, NFTA_LOOKUP_FLAGS, htonl(l->flags));
}

static int lookup_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_LOOKUP_MAX + 1];
	struct nftnl_expr_lookup *l = &e->lookup;

	if (nftnl_attr_parse_nested(data, tb, NFTA_LOOKUP_MAX) < 0 ||
	    nftnl_attr_u32(tb[NFTA_LOOKUP_SREG], &l->sreg) < 0 ||
	    (!tb[NFTA_LOOKUP_SET] && !tb[NFTA_LOOKUP_SET_ID]))
		goto einval;
	l->has_dreg = tb[NFTA_LOOKUP_DREG] != NULL;
	if (l->has_dreg && nftnl_attr_u32(tb[NFTA_LOOKUP_DREG], &l->dreg) < 0)
		goto einval;
	l->has_set_id = tb[NFTA_LOOKUP_SET_ID] != NULL;
	if (l->has_set_id && nftnl_attr_u32(tb[NFTA_LOOKUP_SET_ID], &l->set_id) < 0)
		goto einval;
	l->has_flags = tb[NFTA_LOOKUP_FLAGS] != NULL;
	if (l->has_flags && nftnl_attr_u32(tb[NFTA_LOOKUP_FLAGS], &l->flags) < 0)
		goto einval;
	if (tb[NFTA_LOOKUP_SET] && nftnl_attr_strdup(tb[NFTA_LOOKUP_SET], &l->set) < 0)
		return -1;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

static int lookup_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	const struct nftnl_expr_lookup *l = &e->lookup;
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "lookup reg %u set ", l->sreg);
	if (l->set)
		nftnl_buf_printf(&b, "%s", l->set);
	else
		nftnl_buf_printf(&b, "id %u", l->set_id);
	if (l->has_dreg)
		nftnl_buf_printf(&b, " dreg %u", l->dreg);
	if (l->flags || l->has_flags)
		nftnl_buf_printf(&b, " 0x%x", l->flags);
	return nftnl_buf_done(&b);
}

static void lookup_free(struct nftnl_expr *e)
{
	free(e->lookup.set);
}

const struct nftnl_expr_ops nftnl_expr_ops_lookup = {
	.type		= NFTNL_EXPR_LOOKUP,
	.name		= "lookup",
	.build		= lookup_build,
	.parse		= lookup_parse,
	.snprintf	= lookup_snprintf,
	.free		= lookup_free,
};
