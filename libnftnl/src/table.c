/*
 * table.c - nf_tables tables: allocation, NEWTABLE attributes, parsing
 * of NEWTABLE messages from dumps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "private.h"

struct nftnl_table *nftnl_table_alloc(uint32_t family, const char *name)
{
	struct nftnl_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->family = family;
	if (nftnl_str_set(&t->name, name) < 0) {
		free(t);
		return NULL;
	}
	return t;
}

void nftnl_table_free(struct nftnl_table *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->udata.data);
	free(t);
}

/* Attribute order follows upstream nft so that messages compare byte for
 * byte: name, handle, flags (always, as nft sends 0), user data. */
void nftnl_table_build(struct nlmsghdr *nlh, const struct nftnl_table *t)
{
	if (t->name)
		mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, t->name);
	if (t->handle)
		mnl_attr_put_u64(nlh, NFTA_TABLE_HANDLE, htobe64(t->handle));
	mnl_attr_put_u32(nlh, NFTA_TABLE_FLAGS, htobe32(t->flags));
	if (t->udata.len)
		mnl_attr_put(nlh, NFTA_TABLE_USERDATA, t->udata.len, t->udata.data);
}

struct nftnl_table *nftnl_table_parse(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[NFTA_TABLE_MAX + 1] = { NULL };
	const struct nfgenmsg *nfg;
	struct nftnl_table *t;

	if (nftnl_msg_validate(nlh) < 0 ||
	    nftnl_attr_parse_msg(nlh, sizeof(*nfg), tb, NFTA_TABLE_MAX) < 0)
		goto einval;
	if (!tb[NFTA_TABLE_NAME])
		goto einval;
	nfg = mnl_nlmsg_get_payload(nlh);
	t = nftnl_table_alloc(nfg->nfgen_family, NULL);
	if (!t)
		return NULL;
	if (nftnl_attr_strdup(tb[NFTA_TABLE_NAME], &t->name) < 0)
		goto err;
	if (tb[NFTA_TABLE_FLAGS] && nftnl_attr_u32(tb[NFTA_TABLE_FLAGS], &t->flags) < 0)
		goto err;
	if (tb[NFTA_TABLE_USE] && nftnl_attr_u32(tb[NFTA_TABLE_USE], &t->use) < 0)
		goto err;
	if (tb[NFTA_TABLE_HANDLE] && nftnl_attr_u64(tb[NFTA_TABLE_HANDLE], &t->handle) < 0)
		goto err;
	if (tb[NFTA_TABLE_USERDATA] && nftnl_attr_udata(tb[NFTA_TABLE_USERDATA], &t->udata) < 0)
		goto err;
	return t;
err:
	nftnl_table_free(t);
	return NULL;
einval:
	errno = EINVAL;
	return NULL;
}
