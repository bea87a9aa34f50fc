/*
 * dump.c - NLM_F_DUMP requests for tables, chains, rules, sets and set
 * elements, and the generation id. Each answer is parsed into an object
 * as it arrives and handed to the caller's callback.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "private.h"

/* Request buffer: a header and at most a few names. */
#define DUMP_REQ_SIZE	1024

static bool name_matches(const char *want, const char *have)
{
	return !want || (have && strcmp(want, have) == 0);
}

static bool msg_is(const struct nlmsghdr *nlh, uint16_t type)
{
	return nlh->nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | type);
}

static bool request_fits(const char *a, const char *b)
{
	return (a ? strlen(a) : 0) + (b ? strlen(b) : 0) < DUMP_REQ_SIZE - 128;
}

struct table_dump {
	nftnl_table_cb cb;
	void *data;
};

static int table_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct table_dump *d = data;
	struct nftnl_table *t;

	if (!msg_is(nlh, NFT_MSG_NEWTABLE))
		return 0;
	t = nftnl_table_parse(nlh);
	if (!t)
		return -1;
	return d->cb(t, d->data);
}

int nftnl_dump_tables(struct nftnl_sock *s, uint32_t family, nftnl_table_cb cb, void *data)
{
	char buf[DUMP_REQ_SIZE];
	struct table_dump d = { cb, data };
	struct nlmsghdr *nlh = nftnl_msg_put(buf, NFT_MSG_GETTABLE, family, NLM_F_DUMP, 0);

	return nftnl_sock_request(s, nlh, true, table_dump_cb, &d);
}

struct chain_dump {
	const char *table;
	nftnl_chain_cb cb;
	void *data;
};

static int chain_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct chain_dump *d = data;
	struct nftnl_chain *c;

	if (!msg_is(nlh, NFT_MSG_NEWCHAIN))
		return 0;
	c = nftnl_chain_parse(nlh);
	if (!c)
		return -1;
	if (!name_matches(d->table, c->table)) {
		nftnl_chain_free(c);
		return 0;
	}
	return d->cb(c, d->data);
}

/* The kernel dumps every chain of the family: the table filter is ours. */
int nftnl_dump_chains(struct nftnl_sock *s, uint32_t family, const char *table,
		      nftnl_chain_cb cb, void *data)
{
	char buf[DUMP_REQ_SIZE];
	struct chain_dump d = { table, cb, data };
	struct nlmsghdr *nlh = nftnl_msg_put(buf, NFT_MSG_GETCHAIN, family, NLM_F_DUMP, 0);

	return nftnl_sock_request(s, nlh, true, chain_dump_cb, &d);
}

struct rule_dump {
	const char *table, *chain;
	nftnl_rule_cb cb;
	void *data;
};

static int rule_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_dump *d = data;
	struct nftnl_rule *r;

	if (!msg_is(nlh, NFT_MSG_NEWRULE))
		return 0;
	r = nftnl_rule_parse(nlh);
	if (!r)
		return -1;
	if (!name_matches(d->table, r->table) || !name_matches(d->chain, r->chain)) {
		nftnl_rule_free(r);
		return 0;
	}
	return d->cb(r, d->data);
}

/* The kernel filters rule dumps by table and chain; we check again so
 * that older kernels that ignore the filter give the same result. */
int nftnl_dump_rules(struct nftnl_sock *s, uint32_t family, const char *table,
		     const char *chain, nftnl_rule_cb cb, void *data)
{
	char buf[DUMP_REQ_SIZE];
	struct rule_dump d = { table, chain, cb, data };
	struct nlmsghdr *nlh;

	if (!request_fits(table, chain)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	nlh = nftnl_msg_put(buf, NFT_MSG_GETRULE, family, NLM_F_DUMP, 0);
	if (table)
		mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, table);
	if (table && chain)
		mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, chain);
	return nftnl_sock_request(s, nlh, true, rule_dump_cb, &d);
}

struct set_dump {
	const char *table;
	nftnl_set_cb cb;
	void *data;
};

static int set_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct set_dump *d = data;
	struct nftnl_set *set;

	if (!msg_is(nlh, NFT_MSG_NEWSET))
		return 0;
	set = nftnl_set_parse(nlh);
	if (!set)
		return -1;
	if (!name_matches(d->table, set->table)) {
		nftnl_set_free(set);
		return 0;
	}
	return d->cb(set, d->data);
}

int nftnl_dump_sets(struct nftnl_sock *s, uint32_t family, const char *table,
		    nftnl_set_cb cb, void *data)
{
	char buf[DUMP_REQ_SIZE];
	struct set_dump d = { table, cb, data };
	struct nlmsghdr *nlh;

	if (!request_fits(table, NULL)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	nlh = nftnl_msg_put(buf, NFT_MSG_GETSET, family, NLM_F_DUMP, 0);
	if (table)
		mnl_attr_put_strz(nlh, NFTA_SET_TABLE, table);
	return nftnl_sock_request(s, nlh, true, set_dump_cb, &d);
}

static int elems_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	if (!msg_is(nlh, NFT_MSG_NEWSETELEM))
		return 0;
	return nftnl_set_elems_parse(nlh, data);
}

int nftnl_dump_set_elems(struct nftnl_sock *s, struct nftnl_set *set)
{
	char buf[DUMP_REQ_SIZE];
	struct nlmsghdr *nlh;

	if (!set->table || !set->name) {
		errno = EINVAL;
		return -1;
	}
	if (!request_fits(set->table, set->name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	nlh = nftnl_msg_put(buf, NFT_MSG_GETSETELEM, set->family, NLM_F_DUMP, 0);
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, set->table);
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, set->name);
	return nftnl_sock_request(s, nlh, true, elems_dump_cb, set);
}

static int genid_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFTA_GEN_MAX + 1] = { NULL };

	if (!msg_is(nlh, NFT_MSG_NEWGEN) || nftnl_msg_validate(nlh) < 0 ||
	    nftnl_attr_parse_msg(nlh, sizeof(struct nfgenmsg), tb, NFTA_GEN_MAX) < 0 ||
	    !tb[NFTA_GEN_ID]) {
		errno = EINVAL;
		return -1;
	}
	return nftnl_attr_u32(tb[NFTA_GEN_ID], data);
}

int nftnl_get_genid(struct nftnl_sock *s, uint32_t *genid)
{
	char buf[DUMP_REQ_SIZE];
	struct nlmsghdr *nlh = nftnl_msg_put(buf, NFT_MSG_GETGEN, NFPROTO_UNSPEC, 0, 0);

	return nftnl_sock_request(s, nlh, false, genid_cb, genid);
}
