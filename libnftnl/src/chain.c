/*
 * chain.c - nf_tables chains (regular and base chains): allocation,
 * NEWCHAIN attributes, parsing of NEWCHAIN messages from dumps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "private.h"

struct nftnl_chain *nftnl_chain_alloc(uint32_t family, const char *table, const char *name)
{
	struct nftnl_chain *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->family = family;
	if (nftnl_str_set(&c->table, table) < 0 || nftnl_str_set(&c->name, name) < 0) {
		nftnl_chain_free(c);
		return NULL;
	}
	return c;
}

int nftnl_chain_set_hook(struct nftnl_chain *c, const char *type, uint32_t hooknum,
			 int32_t prio, const char *dev)
{
	if (!type) {
		errno = EINVAL;
		return -1;
	}
	if (nftnl_str_set(&c->type, type) < 0 || nftnl_str_set(&c->dev, dev) < 0)
		return -1;
	c->base = true;
	c->hooknum = hooknum;
	c->prio = prio;
	return 0;
}

void nftnl_chain_free(struct nftnl_chain *c)
{
	if (!c)
		return;
	free(c->table);
	free(c->name);
	free(c->type);
	free(c->dev);
	free(c->udata.data);
	free(c);
}

/* Attribute order follows upstream nft: table, handle, name, type,
 * policy, hook {hooknum, priority, dev}, flags, user data. */
void nftnl_chain_build(struct nlmsghdr *nlh, const struct nftnl_chain *c)
{
	struct nlattr *nest;

	if (c->table)
		mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, c->table);
	if (c->handle)
		mnl_attr_put_u64(nlh, NFTA_CHAIN_HANDLE, htobe64(c->handle));
	if (c->name)
		mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, c->name);
	if (c->base && c->type)
		mnl_attr_put_strz(nlh, NFTA_CHAIN_TYPE, c->type);
	if (c->has_policy)
		mnl_attr_put_u32(nlh, NFTA_CHAIN_POLICY, htobe32(c->policy));
	if (c->base) {
		nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
		mnl_attr_put_u32(nlh, NFTA_HOOK_HOOKNUM, htobe32(c->hooknum));
		mnl_attr_put_u32(nlh, NFTA_HOOK_PRIORITY, htobe32((uint32_t)c->prio));
		if (c->dev)
			mnl_attr_put_strz(nlh, NFTA_HOOK_DEV, c->dev);
		mnl_attr_nest_end(nlh, nest);
	}
	if (c->flags)
		mnl_attr_put_u32(nlh, NFTA_CHAIN_FLAGS, htobe32(c->flags));
	if (c->udata.len)
		mnl_attr_put(nlh, NFTA_CHAIN_USERDATA, c->udata.len, c->udata.data);
}

/* First NFTA_DEVICE_NAME of an NFTA_HOOK_DEVS list (kernels that list
 * several devices for a netdev chain). */
static int chain_parse_devs(struct nftnl_chain *c, const struct nlattr *devs)
{
	const struct nlattr *a;

	if (nftnl_nest_validate(devs) < 0)
		return -1;
	mnl_attr_for_each_nested(a, devs) {
		if (mnl_attr_get_type(a) != NFTA_DEVICE_NAME)
			continue;
		return nftnl_attr_strdup(a, &c->dev);
	}
	return 0;
}

static int chain_parse_hook(struct nftnl_chain *c, const struct nlattr *hook)
{
	const struct nlattr *tb[NFTA_HOOK_MAX + 1] = { NULL };
	uint32_t prio;

	if (nftnl_attr_parse_nested(hook, tb, NFTA_HOOK_MAX) < 0)
		goto einval;
	if (!tb[NFTA_HOOK_HOOKNUM] || !tb[NFTA_HOOK_PRIORITY])
		goto einval;
	if (nftnl_attr_u32(tb[NFTA_HOOK_HOOKNUM], &c->hooknum) < 0 ||
	    nftnl_attr_u32(tb[NFTA_HOOK_PRIORITY], &prio) < 0)
		return -1;
	c->prio = (int32_t)prio;
	c->base = true;
	if (tb[NFTA_HOOK_DEV])
		return nftnl_attr_strdup(tb[NFTA_HOOK_DEV], &c->dev);
	if (tb[NFTA_HOOK_DEVS])
		return chain_parse_devs(c, tb[NFTA_HOOK_DEVS]);
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

struct nftnl_chain *nftnl_chain_parse(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[NFTA_CHAIN_MAX + 1] = { NULL };
	const struct nfgenmsg *nfg;
	struct nftnl_chain *c;

	if (nftnl_msg_validate(nlh) < 0 ||
	    nftnl_attr_parse_msg(nlh, sizeof(*nfg), tb, NFTA_CHAIN_MAX) < 0)
		goto einval;
	if (!tb[NFTA_CHAIN_TABLE] || !tb[NFTA_CHAIN_NAME])
		goto einval;
	nfg = mnl_nlmsg_get_payload(nlh);
	c = nftnl_chain_alloc(nfg->nfgen_family, NULL, NULL);
	if (!c)
		return NULL;
	if (nftnl_attr_strdup(tb[NFTA_CHAIN_TABLE], &c->table) < 0 ||
	    nftnl_attr_strdup(tb[NFTA_CHAIN_NAME], &c->name) < 0)
		goto err;
	if (tb[NFTA_CHAIN_HANDLE] && nftnl_attr_u64(tb[NFTA_CHAIN_HANDLE], &c->handle) < 0)
		goto err;
	if (tb[NFTA_CHAIN_HOOK] && chain_parse_hook(c, tb[NFTA_CHAIN_HOOK]) < 0)
		goto err;
	if (tb[NFTA_CHAIN_TYPE] && nftnl_attr_strdup(tb[NFTA_CHAIN_TYPE], &c->type) < 0)
		goto err;
	if (tb[NFTA_CHAIN_POLICY]) {
		if (nftnl_attr_u32(tb[NFTA_CHAIN_POLICY], &c->policy) < 0)
			goto err;
		c->has_policy = true;
	}
	if (tb[NFTA_CHAIN_USE] && nftnl_attr_u32(tb[NFTA_CHAIN_USE], &c->use) < 0)
		goto err;
	if (tb[NFTA_CHAIN_FLAGS] && nftnl_attr_u32(tb[NFTA_CHAIN_FLAGS], &c->flags) < 0)
		goto err;
	if (tb[NFTA_CHAIN_USERDATA] && nftnl_attr_udata(tb[NFTA_CHAIN_USERDATA], &c->udata) < 0)
		goto err;
	return c;
err:
	nftnl_chain_free(c);
	return NULL;
einval:
	errno = EINVAL;
	return NULL;
}
