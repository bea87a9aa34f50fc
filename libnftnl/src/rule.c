/*
 * rule.c - nf_tables rules: allocation, the expression list, NEWRULE
 * attributes, parsing of NEWRULE messages and the bytecode text form of
 * `nft --debug=netlink`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "private.h"

struct nftnl_rule *nftnl_rule_alloc(uint32_t family, const char *table, const char *chain)
{
	struct nftnl_rule *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->family = family;
	if (nftnl_str_set(&r->table, table) < 0 || nftnl_str_set(&r->chain, chain) < 0) {
		nftnl_rule_free(r);
		return NULL;
	}
	return r;
}

void nftnl_rule_add_expr(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		return;	/* a failed constructor: nothing to add */
	e->next = NULL;
	if (r->exprs_tail)
		r->exprs_tail->next = e;
	else
		r->exprs = e;
	r->exprs_tail = e;
}

void nftnl_rule_free(struct nftnl_rule *r)
{
	struct nftnl_expr *e, *next;

	if (!r)
		return;
	for (e = r->exprs; e; e = next) {
		next = e->next;
		nftnl_expr_free(e);
	}
	free(r->table);
	free(r->chain);
	free(r->udata.data);
	free(r);
}

/* Attribute order follows upstream: table, chain, handle, position, user
 * data, expressions, id. Returns -1 when the expression list grew beyond
 * what the 16-bit nest length can say (the message is then unusable). */
static int rule_build(struct nlmsghdr *nlh, const struct nftnl_rule *r)
{
	const struct nftnl_expr *e;
	struct nlattr *nest;
	size_t len;
	int ret = 0;

	if (r->table)
		mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, r->table);
	if (r->chain)
		mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, r->chain);
	if (r->handle)
		mnl_attr_put_u64(nlh, NFTA_RULE_HANDLE, htobe64(r->handle));
	if (r->position)
		mnl_attr_put_u64(nlh, NFTA_RULE_POSITION, htobe64(r->position));
	if (r->udata.len)
		mnl_attr_put(nlh, NFTA_RULE_USERDATA, r->udata.len, r->udata.data);
	if (r->exprs) {
		nest = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
		for (e = r->exprs; e; e = e->next)
			nftnl_expr_build(nlh, e);
		len = (char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nest;
		if (len > UINT16_MAX)
			ret = -1;
		mnl_attr_nest_end(nlh, nest);
	}
	if (r->id)
		mnl_attr_put_u32(nlh, NFTA_RULE_ID, htobe32(r->id));
	return ret;
}

void nftnl_rule_build(struct nlmsghdr *nlh, const struct nftnl_rule *r)
{
	rule_build(nlh, r);
}

int nftnl_rule_build_checked(struct nlmsghdr *nlh, const struct nftnl_rule *r)
{
	if (r->udata.len > UINT16_MAX - MNL_ATTR_HDRLEN || rule_build(nlh, r) < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

static int rule_parse_exprs(struct nftnl_rule *r, const struct nlattr *list)
{
	const struct nlattr *a;
	struct nftnl_expr *e;

	if (nftnl_nest_validate(list) < 0)
		return -1;
	mnl_attr_for_each_nested(a, list) {
		if (mnl_attr_get_type(a) != NFTA_LIST_ELEM) {
			errno = EINVAL;
			return -1;
		}
		e = nftnl_expr_parse(a);
		if (!e)
			return -1;
		nftnl_rule_add_expr(r, e);
	}
	return 0;
}

struct nftnl_rule *nftnl_rule_parse(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[NFTA_RULE_MAX + 1] = { NULL };
	const struct nfgenmsg *nfg;
	struct nftnl_rule *r;

	if (nftnl_msg_validate(nlh) < 0 ||
	    nftnl_attr_parse_msg(nlh, sizeof(*nfg), tb, NFTA_RULE_MAX) < 0)
		goto einval;
	if (!tb[NFTA_RULE_TABLE] || !tb[NFTA_RULE_CHAIN])
		goto einval;
	nfg = mnl_nlmsg_get_payload(nlh);
	r = nftnl_rule_alloc(nfg->nfgen_family, NULL, NULL);
	if (!r)
		return NULL;
	if (nftnl_attr_strdup(tb[NFTA_RULE_TABLE], &r->table) < 0 ||
	    nftnl_attr_strdup(tb[NFTA_RULE_CHAIN], &r->chain) < 0)
		goto err;
	if (tb[NFTA_RULE_HANDLE] && nftnl_attr_u64(tb[NFTA_RULE_HANDLE], &r->handle) < 0)
		goto err;
	if (tb[NFTA_RULE_POSITION] && nftnl_attr_u64(tb[NFTA_RULE_POSITION], &r->position) < 0)
		goto err;
	if (tb[NFTA_RULE_ID] && nftnl_attr_u32(tb[NFTA_RULE_ID], &r->id) < 0)
		goto err;
	if (tb[NFTA_RULE_USERDATA] && nftnl_attr_udata(tb[NFTA_RULE_USERDATA], &r->udata) < 0)
		goto err;
	if (tb[NFTA_RULE_EXPRESSIONS] && rule_parse_exprs(r, tb[NFTA_RULE_EXPRESSIONS]) < 0)
		goto err;
	return r;
err:
	nftnl_rule_free(r);
	return NULL;
einval:
	errno = EINVAL;
	return NULL;
}

/* Advance the output cursor of a snprintf-style accumulation. */
static void text_advance(char **buf, size_t *size, int *total, int n)
{
	if (n < 0)
		return;
	*total += n;
	if ((size_t)n >= *size) {
		if (*buf)	/* counting only (NULL, 0): no pointer to move */
			*buf += *size;
		*size = 0;
	} else {
		*buf += n;
		*size -= n;
	}
}

/* The header line as `nft --debug=netlink` prints it: for a new rule
 * "inet t c", for a listed rule "inet t c HANDLE" and, when the kernel
 * gave one, " POSITION" (the handle of the previous rule). */
static int rule_header_snprintf(char *buf, size_t size, const struct nftnl_rule *r)
{
	int total = 0;

	text_advance(&buf, &size, &total,
		     snprintf(buf, size, "%s", nftnl_family_name(r->family)));
	if (r->table)
		text_advance(&buf, &size, &total, snprintf(buf, size, " %s", r->table));
	if (r->chain)
		text_advance(&buf, &size, &total, snprintf(buf, size, " %s", r->chain));
	if (r->handle)
		text_advance(&buf, &size, &total,
			     snprintf(buf, size, " %" PRIu64, r->handle));
	if (r->position)
		text_advance(&buf, &size, &total,
			     snprintf(buf, size, " %" PRIu64, r->position));
	text_advance(&buf, &size, &total, snprintf(buf, size, "\n"));
	return total;
}

int nftnl_rule_snprintf(char *buf, size_t size, const struct nftnl_rule *r)
{
	const struct nftnl_expr *e;
	int total = 0;

	text_advance(&buf, &size, &total, rule_header_snprintf(buf, size, r));
	for (e = r->exprs; e; e = e->next) {
		text_advance(&buf, &size, &total, snprintf(buf, size, "  "));
		text_advance(&buf, &size, &total, nftnl_expr_snprintf(buf, size, e));
		text_advance(&buf, &size, &total, snprintf(buf, size, "\n"));
	}
	return total;
}

/* Print one expression line through a stack buffer, falling back to the
 * heap for very long lines (large unknown expressions). */
static int expr_fprintf(FILE *fp, const struct nftnl_expr *e)
{
	char small[512], *big;
	int n, ret;

	n = nftnl_expr_snprintf(small, sizeof(small), e);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return fprintf(fp, "  %s\n", small);
	big = malloc(n + 1);
	if (!big)
		return -1;
	nftnl_expr_snprintf(big, n + 1, e);
	ret = fprintf(fp, "  %s\n", big);
	free(big);
	return ret;
}

int nftnl_rule_fprintf(FILE *fp, const struct nftnl_rule *r)
{
	const struct nftnl_expr *e;
	char small[512], *head = small;
	int n, total;

	n = rule_header_snprintf(small, sizeof(small), r);
	if ((size_t)n >= sizeof(small)) {
		head = malloc(n + 1);
		if (!head)
			return -1;
		rule_header_snprintf(head, n + 1, r);
	}
	total = fputs(head, fp) < 0 ? -1 : n;
	if (head != small)
		free(head);
	for (e = r->exprs; e && total >= 0; e = e->next) {
		n = expr_fprintf(fp, e);
		total = n < 0 ? -1 : total + n;
	}
	return total;
}
