/*
 * set.c - nf_tables sets and set elements: allocation, NEWSET and
 * NEWSETELEM attributes, parsing of NEWSET and NEWSETELEM messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "private.h"

struct nftnl_set *nftnl_set_alloc(uint32_t family, const char *table, const char *name)
{
	struct nftnl_set *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->family = family;
	if (nftnl_str_set(&s->table, table) < 0 || nftnl_str_set(&s->name, name) < 0) {
		nftnl_set_free(s);
		return NULL;
	}
	return s;
}

void nftnl_set_add_elem(struct nftnl_set *s, struct nftnl_set_elem *e)
{
	if (!e)
		return;	/* a failed constructor: nothing to add */
	e->next = NULL;
	if (s->elems_tail)
		s->elems_tail->next = e;
	else
		s->elems = e;
	s->elems_tail = e;
}

struct nftnl_set_elem *nftnl_set_elem_alloc(void)
{
	return calloc(1, sizeof(struct nftnl_set_elem));
}

void nftnl_set_elem_free(struct nftnl_set_elem *e)
{
	if (!e)
		return;
	free(e->verdict.chain);
	free(e->udata.data);
	free(e);
}

void nftnl_set_free(struct nftnl_set *s)
{
	struct nftnl_set_elem *e, *next;

	if (!s)
		return;
	for (e = s->elems; e; e = next) {
		next = e->next;
		nftnl_set_elem_free(e);
	}
	free(s->table);
	free(s->name);
	free(s->udata.data);
	free(s);
}

/* Attribute order follows upstream nft: table, name, flags (always),
 * key type and length, data type and length, policy, id, description,
 * timeout, gc interval, user data. The kernel insists on NFTA_SET_ID:
 * when @s has none the message's sequence number is used, which is
 * unique within a batch. */
void nftnl_set_build(struct nlmsghdr *nlh, const struct nftnl_set *s)
{
	struct nlattr *nest;

	if (s->table)
		mnl_attr_put_strz(nlh, NFTA_SET_TABLE, s->table);
	if (s->name)
		mnl_attr_put_strz(nlh, NFTA_SET_NAME, s->name);
	if (s->handle)
		mnl_attr_put_u64(nlh, NFTA_SET_HANDLE, htobe64(s->handle));
	mnl_attr_put_u32(nlh, NFTA_SET_FLAGS, htobe32(s->flags));
	mnl_attr_put_u32(nlh, NFTA_SET_KEY_TYPE, htobe32(s->key_type));
	mnl_attr_put_u32(nlh, NFTA_SET_KEY_LEN, htobe32(s->key_len));
	if (s->data_type || s->data_len) {
		mnl_attr_put_u32(nlh, NFTA_SET_DATA_TYPE, htobe32(s->data_type));
		mnl_attr_put_u32(nlh, NFTA_SET_DATA_LEN, htobe32(s->data_len));
	}
	if (s->has_policy)
		mnl_attr_put_u32(nlh, NFTA_SET_POLICY, htobe32(s->policy));
	mnl_attr_put_u32(nlh, NFTA_SET_ID, htobe32(s->id ? s->id : nlh->nlmsg_seq));
	if (s->size) {
		nest = mnl_attr_nest_start(nlh, NFTA_SET_DESC);
		mnl_attr_put_u32(nlh, NFTA_SET_DESC_SIZE, htobe32(s->size));
		mnl_attr_nest_end(nlh, nest);
	}
	if (s->timeout)
		mnl_attr_put_u64(nlh, NFTA_SET_TIMEOUT, htobe64(s->timeout));
	if (s->gc_interval)
		mnl_attr_put_u32(nlh, NFTA_SET_GC_INTERVAL, htobe32(s->gc_interval));
	if (s->udata.len)
		mnl_attr_put(nlh, NFTA_SET_USERDATA, s->udata.len, s->udata.data);
}

size_t nftnl_set_elem_size_bound(const struct nftnl_set_elem *e)
{
	size_t n = 128 + 3 * (NFT_DATA_VALUE_MAXLEN + 16) + MNL_ALIGN(e->udata.len);

	if (e->has_verdict && e->verdict.chain)
		n += MNL_ALIGN(strlen(e->verdict.chain) + 1) + 32;
	return n;
}

static void set_elem_build(struct nlmsghdr *nlh, const struct nftnl_set_elem *e)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);

	if (e->key.len)
		nftnl_data_put(nlh, NFTA_SET_ELEM_KEY, &e->key);
	if (e->key_end.len)
		nftnl_data_put(nlh, NFTA_SET_ELEM_KEY_END, &e->key_end);
	if (e->has_verdict)
		nftnl_verdict_put(nlh, NFTA_SET_ELEM_DATA, &e->verdict);
	else if (e->data.len)
		nftnl_data_put(nlh, NFTA_SET_ELEM_DATA, &e->data);
	if (e->flags)
		mnl_attr_put_u32(nlh, NFTA_SET_ELEM_FLAGS, htobe32(e->flags));
	if (e->timeout)
		mnl_attr_put_u64(nlh, NFTA_SET_ELEM_TIMEOUT, htobe64(e->timeout));
	if (e->udata.len)
		mnl_attr_put(nlh, NFTA_SET_ELEM_USERDATA, e->udata.len, e->udata.data);
	mnl_attr_nest_end(nlh, nest);
}

static void set_elems_header(struct nlmsghdr *nlh, const struct nftnl_set *s)
{
	if (s->table)
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, s->table);
	if (s->name)
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, s->name);
	if (s->id)
		mnl_attr_put_u32(nlh, NFTA_SET_ELEM_LIST_SET_ID, htobe32(s->id));
}

void nftnl_set_elems_build_from(struct nlmsghdr *nlh, const struct nftnl_set *s,
				const struct nftnl_set_elem **cursor, size_t max_nest)
{
	const struct nftnl_set_elem *e = *cursor;
	struct nlattr *nest;
	size_t used = 0, n;

	set_elems_header(nlh, s);
	if (!e)
		return;
	nest = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_LIST_ELEMENTS);
	for (; e; e = e->next) {
		n = nftnl_set_elem_size_bound(e);
		if (used && used + n > max_nest)
			break;
		set_elem_build(nlh, e);
		used += n;
	}
	mnl_attr_nest_end(nlh, nest);
	*cursor = e;
}

void nftnl_set_elems_build(struct nlmsghdr *nlh, const struct nftnl_set *s)
{
	const struct nftnl_set_elem *cursor = s->elems;

	nftnl_set_elems_build_from(nlh, s, &cursor, SIZE_MAX);
}

static int set_parse_desc(struct nftnl_set *s, const struct nlattr *desc)
{
	const struct nlattr *tb[NFTA_SET_DESC_MAX + 1] = { NULL };

	if (nftnl_attr_parse_nested(desc, tb, NFTA_SET_DESC_MAX) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (tb[NFTA_SET_DESC_SIZE])
		return nftnl_attr_u32(tb[NFTA_SET_DESC_SIZE], &s->size);
	return 0;
}

struct nftnl_set *nftnl_set_parse(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[NFTA_SET_MAX + 1] = { NULL };
	const struct nfgenmsg *nfg;
	struct nftnl_set *s;

	if (nftnl_msg_validate(nlh) < 0 ||
	    nftnl_attr_parse_msg(nlh, sizeof(*nfg), tb, NFTA_SET_MAX) < 0)
		goto einval;
	if (!tb[NFTA_SET_TABLE] || !tb[NFTA_SET_NAME])
		goto einval;
	nfg = mnl_nlmsg_get_payload(nlh);
	s = nftnl_set_alloc(nfg->nfgen_family, NULL, NULL);
	if (!s)
		return NULL;
	if (nftnl_attr_strdup(tb[NFTA_SET_TABLE], &s->table) < 0 ||
	    nftnl_attr_strdup(tb[NFTA_SET_NAME], &s->name) < 0)
		goto err;
	if ((tb[NFTA_SET_HANDLE] && nftnl_attr_u64(tb[NFTA_SET_HANDLE], &s->handle) < 0) ||
	    (tb[NFTA_SET_FLAGS] && nftnl_attr_u32(tb[NFTA_SET_FLAGS], &s->flags) < 0) ||
	    (tb[NFTA_SET_KEY_TYPE] && nftnl_attr_u32(tb[NFTA_SET_KEY_TYPE], &s->key_type) < 0) ||
	    (tb[NFTA_SET_KEY_LEN] && nftnl_attr_u32(tb[NFTA_SET_KEY_LEN], &s->key_len) < 0) ||
	    (tb[NFTA_SET_DATA_TYPE] && nftnl_attr_u32(tb[NFTA_SET_DATA_TYPE], &s->data_type) < 0) ||
	    (tb[NFTA_SET_DATA_LEN] && nftnl_attr_u32(tb[NFTA_SET_DATA_LEN], &s->data_len) < 0) ||
	    (tb[NFTA_SET_ID] && nftnl_attr_u32(tb[NFTA_SET_ID], &s->id) < 0) ||
	    (tb[NFTA_SET_TIMEOUT] && nftnl_attr_u64(tb[NFTA_SET_TIMEOUT], &s->timeout) < 0) ||
	    (tb[NFTA_SET_GC_INTERVAL] &&
	     nftnl_attr_u32(tb[NFTA_SET_GC_INTERVAL], &s->gc_interval) < 0) ||
	    (tb[NFTA_SET_DESC] && set_parse_desc(s, tb[NFTA_SET_DESC]) < 0) ||
	    (tb[NFTA_SET_USERDATA] && nftnl_attr_udata(tb[NFTA_SET_USERDATA], &s->udata) < 0))
		goto err;
	if (tb[NFTA_SET_POLICY]) {
		if (nftnl_attr_u32(tb[NFTA_SET_POLICY], &s->policy) < 0)
			goto err;
		s->has_policy = true;
	}
	return s;
err:
	nftnl_set_free(s);
	return NULL;
einval:
	errno = EINVAL;
	return NULL;
}

/* NFTA_SET_ELEM_DATA holds either a value or a verdict. */
static int set_elem_parse_data(struct nftnl_set_elem *e, const struct nlattr *a)
{
	const struct nlattr *tb[NFTA_DATA_MAX + 1] = { NULL };

	if (nftnl_attr_parse_nested(a, tb, NFTA_DATA_MAX) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (tb[NFTA_DATA_VERDICT]) {
		e->has_verdict = true;
		return nftnl_verdict_get(a, &e->verdict);
	}
	return nftnl_data_get(a, &e->data);
}

static struct nftnl_set_elem *set_elem_parse(const struct nlattr *nest)
{
	const struct nlattr *tb[NFTA_SET_ELEM_MAX + 1] = { NULL };
	struct nftnl_set_elem *e;

	if (mnl_attr_get_type(nest) != NFTA_LIST_ELEM ||
	    nftnl_attr_parse_nested(nest, tb, NFTA_SET_ELEM_MAX) < 0) {
		errno = EINVAL;
		return NULL;
	}
	e = nftnl_set_elem_alloc();
	if (!e)
		return NULL;
	if ((tb[NFTA_SET_ELEM_KEY] && nftnl_data_get(tb[NFTA_SET_ELEM_KEY], &e->key) < 0) ||
	    (tb[NFTA_SET_ELEM_KEY_END] &&
	     nftnl_data_get(tb[NFTA_SET_ELEM_KEY_END], &e->key_end) < 0) ||
	    (tb[NFTA_SET_ELEM_DATA] && set_elem_parse_data(e, tb[NFTA_SET_ELEM_DATA]) < 0) ||
	    (tb[NFTA_SET_ELEM_FLAGS] && nftnl_attr_u32(tb[NFTA_SET_ELEM_FLAGS], &e->flags) < 0) ||
	    (tb[NFTA_SET_ELEM_TIMEOUT] &&
	     nftnl_attr_u64(tb[NFTA_SET_ELEM_TIMEOUT], &e->timeout) < 0) ||
	    (tb[NFTA_SET_ELEM_USERDATA] &&
	     nftnl_attr_udata(tb[NFTA_SET_ELEM_USERDATA], &e->udata) < 0)) {
		nftnl_set_elem_free(e);
		return NULL;
	}
	return e;
}

/* Parse every element first and append them only when all are valid, so
 * that a malformed message leaves @s as it was. */
int nftnl_set_elems_parse(const struct nlmsghdr *nlh, struct nftnl_set *s)
{
	const struct nlattr *tb[NFTA_SET_ELEM_LIST_MAX + 1] = { NULL };
	struct nftnl_set_elem *head = NULL, *tail = NULL, *e;
	const struct nlattr *a;

	if (nftnl_msg_validate(nlh) < 0 ||
	    nftnl_attr_parse_msg(nlh, sizeof(struct nfgenmsg), tb, NFTA_SET_ELEM_LIST_MAX) < 0)
		goto einval;
	if (!tb[NFTA_SET_ELEM_LIST_ELEMENTS])
		return 0;
	if (nftnl_nest_validate(tb[NFTA_SET_ELEM_LIST_ELEMENTS]) < 0)
		return -1;
	mnl_attr_for_each_nested(a, tb[NFTA_SET_ELEM_LIST_ELEMENTS]) {
		e = set_elem_parse(a);
		if (!e)
			goto err;
		if (tail)
			tail->next = e;
		else
			head = e;
		tail = e;
	}
	if (head) {
		if (s->elems_tail)
			s->elems_tail->next = head;
		else
			s->elems = head;
		s->elems_tail = tail;
	}
	return 0;
err:
	while (head) {
		e = head->next;
		nftnl_set_elem_free(head);
		head = e;
	}
	return -1;
einval:
	errno = EINVAL;
	return -1;
}
