/*
 * test_objects.c - unit tests of libnftnl's objects without a kernel:
 * golden bytes (as upstream nft 1.0.6 sends them) for a table, a base
 * chain and a conntrack label rule; build/parse round trips of table,
 * chain, rule, set and set elements with every field; the rule text
 * form; truncated and malformed messages give NULL/EINVAL, no crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "nftnl.h"
#include <linux/netfilter/nfnetlink.h>

#include "private.h"
#include "testlib.h"

static char buf[65536];

/* A NEW* message header for @type/@family at the start of buf. */
static struct nlmsghdr *msg_start(uint16_t type, uint8_t family)
{
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = 1;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	return nlh;
}

static void hexdump(const char *what, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	printf("%s (%zu bytes):", what, len);
	for (i = 0; i < len; i++)
		printf("%s%02x", i % 16 ? " " : "\n  ", b[i]);
	printf("\n");
}

/* Compare the message body (nfgenmsg and attributes) with @want. */
static void check_golden(const char *what, const struct nlmsghdr *nlh, const uint8_t *want,
			 size_t len)
{
	const uint8_t *body = (const uint8_t *)nlh + MNL_NLMSG_HDRLEN;
	size_t have = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	bool ok = have == len && memcmp(body, want, len) == 0;

	CHECK(ok, "%s: bytes differ from upstream nft", what);
	if (!ok) {
		hexdump("have", body, have);
		hexdump("want", want, len);
	}
}

/* ---- golden bytes, taken from `nft --debug=mnl` 1.0.6 ----------------- */

/* add table inet t */
static const uint8_t golden_table[] = {
	0x01, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x01, 0x00, 't', 0x00, 0x00, 0x00,
	0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* add chain inet t c { type filter hook forward priority 0; policy accept; } */
static const uint8_t golden_chain[] = {
	0x01, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x01, 0x00, 't', 0x00, 0x00, 0x00,
	0x06, 0x00, 0x03, 0x00, 'c', 0x00, 0x00, 0x00,
	0x0b, 0x00, 0x07, 0x00, 'f', 'i', 'l', 't', 'e', 'r', 0x00, 0x00,
	0x08, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x14, 0x00, 0x04, 0x80,
	0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* add rule inet t c ct label set 5 */
static const uint8_t golden_rule[] = {
	0x01, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x01, 0x00, 't', 0x00, 0x00, 0x00,
	0x06, 0x00, 0x02, 0x00, 'c', 0x00, 0x00, 0x00,
	0x5c, 0x00, 0x04, 0x80,
	0x38, 0x00, 0x01, 0x80,
	0x0e, 0x00, 0x01, 0x00, 'i', 'm', 'm', 'e', 'd', 'i', 'a', 't', 'e', 0x00, 0x00, 0x00,
	0x24, 0x00, 0x02, 0x80,
	0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x18, 0x00, 0x02, 0x80,
	0x14, 0x00, 0x01, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x00, 0x01, 0x80,
	0x07, 0x00, 0x01, 0x00, 'c', 't', 0x00, 0x00,
	0x14, 0x00, 0x02, 0x80,
	0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0d,
	0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01,
};

/* add element inet t s { 10.0.0.1, 10.0.0.2 } (without nft's NFTA_SET_ID) */
static const uint8_t golden_elems[] = {
	0x01, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x01, 0x00, 't', 0x00, 0x00, 0x00,
	0x06, 0x00, 0x02, 0x00, 's', 0x00, 0x00, 0x00,
	0x24, 0x00, 0x03, 0x80,
	0x10, 0x00, 0x01, 0x80, 0x0c, 0x00, 0x01, 0x80,
	0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x10, 0x00, 0x01, 0x80, 0x0c, 0x00, 0x01, 0x80,
	0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

static const uint8_t label_bit5[16] = { 0x20 };

static struct nftnl_rule *label_rule(void)
{
	struct nftnl_rule *r = nftnl_rule_alloc(NFPROTO_INET, "t", "c");

	nftnl_rule_add_expr(r, nftnl_expr_immediate_data(NFT_REG_1, label_bit5, 16));
	nftnl_rule_add_expr(r, nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	return r;
}

static void test_golden(void)
{
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "t");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "t", "c");
	struct nftnl_rule *r = label_rule();
	struct nftnl_set *s = nftnl_set_alloc(NFPROTO_INET, "t", "s");
	struct nlmsghdr *nlh;
	uint8_t a1[4] = { 10, 0, 0, 1 }, a2[4] = { 10, 0, 0, 2 };
	struct nftnl_set_elem *e;

	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_INET);
	nftnl_table_build(nlh, t);
	check_golden("table", nlh, golden_table, sizeof(golden_table));

	nftnl_chain_set_hook(c, "filter", NF_INET_FORWARD, 0, NULL);
	c->has_policy = true;
	c->policy = NF_ACCEPT;
	nlh = msg_start(NFT_MSG_NEWCHAIN, NFPROTO_INET);
	nftnl_chain_build(nlh, c);
	check_golden("base chain", nlh, golden_chain, sizeof(golden_chain));

	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	nftnl_rule_build(nlh, r);
	check_golden("rule", nlh, golden_rule, sizeof(golden_rule));

	e = nftnl_set_elem_alloc();
	nftnl_data_set(&e->key, a1, 4);
	nftnl_set_add_elem(s, e);
	e = nftnl_set_elem_alloc();
	nftnl_data_set(&e->key, a2, 4);
	nftnl_set_add_elem(s, e);
	nlh = msg_start(NFT_MSG_NEWSETELEM, NFPROTO_INET);
	nftnl_set_elems_build(nlh, s);
	check_golden("set elements", nlh, golden_elems, sizeof(golden_elems));

	nftnl_table_free(t);
	nftnl_chain_free(c);
	nftnl_rule_free(r);
	nftnl_set_free(s);
}

/* ---- round trips ------------------------------------------------------ */

static bool udata_eq(const struct nftnl_udata_buf *a, const struct nftnl_udata_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool data_eq(const struct nftnl_data *a, const struct nftnl_data *b)
{
	return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

static void test_table_roundtrip(void)
{
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_IPV6, "filter"), *p;
	struct nlmsghdr *nlh;

	t->flags = NFT_TABLE_F_DORMANT;
	t->handle = 0x0102030405060708ULL;
	nftnl_udata_set(&t->udata, "\x00\x03hi", 5);
	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_IPV6);
	nftnl_table_build(nlh, t);
	mnl_attr_put_u32(nlh, NFTA_TABLE_USE, htobe32(7));	/* as in a dump */
	p = nftnl_table_parse(nlh);
	CHECK(p != NULL, "table parse: %s", strerror(errno));
	if (p) {
		CHECK(p->family == NFPROTO_IPV6, "table family %u", p->family);
		CHECK(str_eq(p->name, "filter"), "table name");
		CHECK(p->flags == NFT_TABLE_F_DORMANT, "table flags");
		CHECK(p->handle == t->handle, "table handle");
		CHECK(p->use == 7, "table use");
		CHECK(udata_eq(&p->udata, &t->udata), "table udata");
	}
	nftnl_table_free(p);
	nftnl_table_free(t);
}

static void check_chain_eq(const struct nftnl_chain *p, const struct nftnl_chain *c)
{
	CHECK(p->family == c->family, "chain family");
	CHECK(str_eq(p->table, c->table) && str_eq(p->name, c->name), "chain names");
	CHECK(p->handle == c->handle, "chain handle");
	CHECK(p->base == c->base && p->hooknum == c->hooknum && p->prio == c->prio,
	      "chain hook %d %u %d", p->base, p->hooknum, p->prio);
	CHECK(str_eq(p->type, c->type), "chain type");
	CHECK(str_eq(p->dev, c->dev), "chain dev %s", p->dev);
	CHECK(p->has_policy == c->has_policy && p->policy == c->policy, "chain policy");
	CHECK(p->flags == c->flags, "chain flags");
	CHECK(udata_eq(&p->udata, &c->udata), "chain udata");
}

static void test_chain_roundtrip(void)
{
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_NETDEV, "nd", "ingress"), *p;
	struct nftnl_chain *plain = nftnl_chain_alloc(NFPROTO_IPV4, "t", "plain");
	struct nlmsghdr *nlh;

	nftnl_chain_set_hook(c, "filter", NF_NETDEV_INGRESS, -150, "eth0");
	c->handle = 42;
	c->has_policy = true;
	c->policy = NF_DROP;
	c->flags = NFT_CHAIN_BASE;
	nftnl_udata_set(&c->udata, "\x00\x02x", 4);
	nlh = msg_start(NFT_MSG_NEWCHAIN, NFPROTO_NETDEV);
	nftnl_chain_build(nlh, c);
	p = nftnl_chain_parse(nlh);
	CHECK(p != NULL, "chain parse: %s", strerror(errno));
	if (p)
		check_chain_eq(p, c);
	nftnl_chain_free(p);

	nlh = msg_start(NFT_MSG_NEWCHAIN, NFPROTO_IPV4);
	nftnl_chain_build(nlh, plain);
	p = nftnl_chain_parse(nlh);
	CHECK(p != NULL, "plain chain parse");
	if (p)
		check_chain_eq(p, plain);
	nftnl_chain_free(p);
	nftnl_chain_free(plain);
	nftnl_chain_free(c);
}

static void test_rule_roundtrip(void)
{
	struct nftnl_rule *r = label_rule(), *p;
	const struct nftnl_expr *a, *b;
	struct nlmsghdr *nlh;
	int n = 0;

	r->handle = 3;
	r->position = 2;
	r->id = 9;
	nftnl_udata_set(&r->udata, "\x00\x04" "abc", 6);
	nftnl_rule_add_expr(r, nftnl_expr_counter(5, 600));
	nftnl_rule_add_expr(r, nftnl_expr_immediate_verdict(NFT_JUMP, "other"));
	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	nftnl_rule_build(nlh, r);
	p = nftnl_rule_parse(nlh);
	CHECK(p != NULL, "rule parse: %s", strerror(errno));
	if (!p)
		goto out;
	CHECK(p->family == NFPROTO_INET && str_eq(p->table, "t") && str_eq(p->chain, "c"),
	      "rule names");
	CHECK(p->handle == 3 && p->position == 2 && p->id == 9, "rule handle/position/id");
	CHECK(udata_eq(&p->udata, &r->udata), "rule udata");
	for (a = r->exprs, b = p->exprs; a && b; a = a->next, b = b->next) {
		char ta[256], tb[256];

		n++;
		nftnl_expr_snprintf(ta, sizeof(ta), a);
		nftnl_expr_snprintf(tb, sizeof(tb), b);
		CHECK(a->type == b->type && strcmp(ta, tb) == 0, "expr %d: %s vs %s", n, ta, tb);
	}
	CHECK(!a && !b && n == 4, "expression count");
	CHECK(p->exprs_tail && !p->exprs_tail->next &&
	      p->exprs_tail->type == NFTNL_EXPR_IMMEDIATE, "exprs_tail");
out:
	nftnl_rule_free(p);
	nftnl_rule_free(r);
}

static void test_set_roundtrip(void)
{
	struct nftnl_set *s = nftnl_set_alloc(NFPROTO_IPV4, "t", "m"), *p;
	struct nlmsghdr *nlh;

	s->handle = 77;
	s->id = 5;
	s->flags = NFT_SET_MAP | NFT_SET_TIMEOUT | NFT_SET_INTERVAL;
	s->key_type = 7;
	s->key_len = 4;
	s->data_type = 13;
	s->data_len = 2;
	s->has_policy = true;
	s->policy = NFT_SET_POL_MEMORY;
	s->size = 1024;
	s->timeout = 3600000;
	s->gc_interval = 1000;
	nftnl_udata_set(&s->udata, "\x00\x04\x01\x00\x00\x00", 6);
	nlh = msg_start(NFT_MSG_NEWSET, NFPROTO_IPV4);
	nftnl_set_build(nlh, s);
	p = nftnl_set_parse(nlh);
	CHECK(p != NULL, "set parse: %s", strerror(errno));
	if (p) {
		CHECK(p->family == NFPROTO_IPV4 && str_eq(p->table, "t") && str_eq(p->name, "m"),
		      "set names");
		CHECK(p->handle == 77 && p->id == 5, "set handle/id");
		CHECK(p->flags == s->flags, "set flags");
		CHECK(p->key_type == 7 && p->key_len == 4, "set key");
		CHECK(p->data_type == 13 && p->data_len == 2, "set data");
		CHECK(p->has_policy && p->policy == NFT_SET_POL_MEMORY, "set policy");
		CHECK(p->size == 1024, "set size");
		CHECK(p->timeout == 3600000 && p->gc_interval == 1000, "set timeout/gc");
		CHECK(udata_eq(&p->udata, &s->udata), "set udata");
	}
	nftnl_set_free(p);

	/* without an id the message's sequence number is sent as NFTA_SET_ID */
	s->id = 0;
	nlh = msg_start(NFT_MSG_NEWSET, NFPROTO_IPV4);
	nlh->nlmsg_seq = 1234;
	nftnl_set_build(nlh, s);
	p = nftnl_set_parse(nlh);
	CHECK(p && p->id == 1234, "set id from seq");
	nftnl_set_free(p);
	nftnl_set_free(s);
}

static void test_elems_roundtrip(void)
{
	struct nftnl_set *s = nftnl_set_alloc(NFPROTO_INET, "t", "m");
	struct nftnl_set *p = nftnl_set_alloc(NFPROTO_INET, "t", "m");
	const struct nftnl_set_elem *a, *b;
	struct nftnl_set_elem *e;
	struct nlmsghdr *nlh;
	uint8_t k1[4] = { 1, 2, 3, 4 }, k2[4] = { 1, 2, 3, 9 }, d[16] = { 0x20 };
	int n = 0;

	e = nftnl_set_elem_alloc();
	nftnl_data_set(&e->key, k1, 4);
	nftnl_data_set(&e->key_end, k2, 4);
	nftnl_data_set(&e->data, d, 16);
	e->timeout = 30000;
	nftnl_udata_set(&e->udata, "\x00\x02z", 4);
	nftnl_set_add_elem(s, e);
	e = nftnl_set_elem_alloc();
	nftnl_data_set(&e->key, k2, 4);
	e->has_verdict = true;
	e->verdict.code = NFT_GOTO;
	e->verdict.chain = strdup("elsewhere");
	e->flags = NFT_SET_ELEM_INTERVAL_END;
	nftnl_set_add_elem(s, e);
	e = nftnl_set_elem_alloc();
	nftnl_data_set(&e->key, k1, 4);
	e->has_verdict = true;
	e->verdict.code = NF_DROP;
	nftnl_set_add_elem(s, e);
	s->id = 3;

	nlh = msg_start(NFT_MSG_NEWSETELEM, NFPROTO_INET);
	nftnl_set_elems_build(nlh, s);
	CHECK(nftnl_set_elems_parse(nlh, p) == 0, "elems parse: %s", strerror(errno));
	for (a = s->elems, b = p->elems; a && b; a = a->next, b = b->next) {
		n++;
		CHECK(data_eq(&a->key, &b->key) && data_eq(&a->key_end, &b->key_end) &&
		      data_eq(&a->data, &b->data), "elem %d key/key_end/data", n);
		CHECK(a->has_verdict == b->has_verdict && a->verdict.code == b->verdict.code &&
		      str_eq(a->verdict.chain, b->verdict.chain), "elem %d verdict", n);
		CHECK(a->flags == b->flags && a->timeout == b->timeout, "elem %d flags/timeout", n);
		CHECK(udata_eq(&a->udata, &b->udata), "elem %d udata", n);
	}
	CHECK(!a && !b && n == 3, "element count");
	/* a second message appends */
	CHECK(nftnl_set_elems_parse(nlh, p) == 0, "elems parse again");
	n = 0;
	for (b = p->elems; b; b = b->next)
		n++;
	CHECK(n == 6 && p->elems_tail && !p->elems_tail->next, "elements appended: %d", n);
	nftnl_set_free(s);
	nftnl_set_free(p);
}

/* ---- rule text ------------------------------------------------------- */

static void test_rule_text(void)
{
	struct nftnl_rule *r = label_rule();
	const char *want_new =
		"inet t c\n"
		"  [ immediate reg 1 0x00000020 0x00000000 0x00000000 0x00000000 ]\n"
		"  [ ct set label with reg 1 ]\n";
	char text[512], small[8], *mem = NULL;
	size_t memlen = 0;
	FILE *fp;
	int n;

	n = nftnl_rule_snprintf(text, sizeof(text), r);
	CHECK(strcmp(text, want_new) == 0 && n == (int)strlen(want_new), "new rule text:\n%s",
	      text);
	n = nftnl_rule_snprintf(small, sizeof(small), r);
	CHECK(n == (int)strlen(want_new) && strcmp(small, "inet t ") == 0,
	      "truncated text %d '%s'", n, small);
	CHECK(nftnl_rule_snprintf(NULL, 0, r) == (int)strlen(want_new), "length only");

	fp = open_memstream(&mem, &memlen);
	n = nftnl_rule_fprintf(fp, r);
	fclose(fp);
	CHECK(mem && strcmp(mem, want_new) == 0 && n == (int)strlen(want_new), "fprintf");
	free(mem);

	r->handle = 3;
	r->position = 2;
	nftnl_rule_snprintf(text, sizeof(text), r);
	CHECK(strncmp(text, "inet t c 3 2\n  [ immediate", 26) == 0, "listed header: %s", text);
	r->handle = 0;
	nftnl_rule_snprintf(text, sizeof(text), r);
	CHECK(strncmp(text, "inet t c 2\n", 11) == 0, "insert header: %s", text);
	r->handle = 4;
	r->position = 0;
	r->family = NFPROTO_BRIDGE;
	nftnl_rule_snprintf(text, sizeof(text), r);
	CHECK(strncmp(text, "bridge t c 4\n", 13) == 0, "handle only: %s", text);
	nftnl_rule_free(r);

	CHECK(strcmp(nftnl_family_name(NFPROTO_IPV4), "ip") == 0 &&
	      strcmp(nftnl_family_name(NFPROTO_IPV6), "ip6") == 0 &&
	      strcmp(nftnl_family_name(NFPROTO_INET), "inet") == 0 &&
	      strcmp(nftnl_family_name(NFPROTO_ARP), "arp") == 0 &&
	      strcmp(nftnl_family_name(NFPROTO_BRIDGE), "bridge") == 0 &&
	      strcmp(nftnl_family_name(NFPROTO_NETDEV), "netdev") == 0 &&
	      strcmp(nftnl_family_name(99), "unknown") == 0, "family names");
}

/* ---- truncated and malformed messages -------------------------------- */

enum kind { K_TABLE, K_CHAIN, K_RULE, K_SET, K_ELEMS };

/* Parse a copy of @nlh cut to @len bytes (in its own allocation, so that
 * sanitizers see any read past it). Returns 1 parsed, 0 NULL/EINVAL,
 * -1 NULL with another errno. */
static int parse_cut(enum kind k, const struct nlmsghdr *nlh, size_t len)
{
	struct nlmsghdr *copy = malloc(len < sizeof(*copy) ? sizeof(*copy) : len);
	struct nftnl_set *s;
	void *obj = NULL;
	int ret;

	memcpy(copy, nlh, len);
	copy->nlmsg_len = len;
	errno = 0;
	switch (k) {
	case K_TABLE:
		obj = nftnl_table_parse(copy);
		nftnl_table_free(obj);
		break;
	case K_CHAIN:
		obj = nftnl_chain_parse(copy);
		nftnl_chain_free(obj);
		break;
	case K_RULE:
		obj = nftnl_rule_parse(copy);
		nftnl_rule_free(obj);
		break;
	case K_SET:
		obj = nftnl_set_parse(copy);
		nftnl_set_free(obj);
		break;
	case K_ELEMS:
		s = nftnl_set_alloc(NFPROTO_INET, "t", "s");
		obj = nftnl_set_elems_parse(copy, s) == 0 ? s : NULL;
		CHECK(obj || !s->elems, "failed elems parse changed the set");
		nftnl_set_free(s);
		break;
	}
	ret = obj ? 1 : errno == EINVAL ? 0 : -1;
	free(copy);
	return ret;
}

/* Cutting the message anywhere inside a top-level attribute must give
 * EINVAL; cutting between attributes gives a shorter valid message. */
static void check_truncations(const char *what, enum kind k, const struct nlmsghdr *nlh)
{
	size_t start = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg));
	size_t len, bad = 0, boundary_ok = 0;
	const struct nlattr *a;
	bool boundary;

	for (len = 0; len < nlh->nlmsg_len; len++) {
		int ret;

		boundary = len == start;
		mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
			size_t off = (const char *)a - (const char *)nlh;

			if (len >= off + a->nla_len && len <= off + MNL_ALIGN(a->nla_len))
				boundary = true;
		}
		ret = parse_cut(k, nlh, len);
		if (!boundary && ret != 0) {
			bad++;
			printf("  %s cut at %zu: %s\n", what, len, ret > 0 ? "parsed" : "errno");
		}
		if (boundary && ret >= 0)
			boundary_ok++;
	}
	CHECK(bad == 0, "%s: %zu truncations not rejected with EINVAL", what, bad);
	CHECK(boundary_ok > 0, "%s: no boundary cut handled", what);
	CHECK(parse_cut(k, nlh, nlh->nlmsg_len) == 1, "%s: full message parses", what);
}

static void test_truncated(void)
{
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "t");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "t", "c");
	struct nftnl_rule *r = label_rule();
	struct nftnl_set *s = nftnl_set_alloc(NFPROTO_INET, "t", "s");
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	static char saved[4096];
	struct nlmsghdr *nlh;
	uint8_t k[4] = { 1, 2, 3, 4 };

	nftnl_udata_set(&t->udata, "abc", 3);
	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_INET);
	nftnl_table_build(nlh, t);
	memcpy(saved, buf, nlh->nlmsg_len);
	check_truncations("table", K_TABLE, (struct nlmsghdr *)saved);

	nftnl_chain_set_hook(c, "filter", NF_INET_FORWARD, 0, "lo");
	nlh = msg_start(NFT_MSG_NEWCHAIN, NFPROTO_INET);
	nftnl_chain_build(nlh, c);
	memcpy(saved, buf, nlh->nlmsg_len);
	check_truncations("chain", K_CHAIN, (struct nlmsghdr *)saved);

	r->handle = 5;
	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	nftnl_rule_build(nlh, r);
	memcpy(saved, buf, nlh->nlmsg_len);
	check_truncations("rule", K_RULE, (struct nlmsghdr *)saved);

	s->key_len = 4;
	s->size = 3;
	nlh = msg_start(NFT_MSG_NEWSET, NFPROTO_INET);
	nftnl_set_build(nlh, s);
	memcpy(saved, buf, nlh->nlmsg_len);
	check_truncations("set", K_SET, (struct nlmsghdr *)saved);

	nftnl_data_set(&e->key, k, 4);
	e->has_verdict = true;
	e->verdict.code = NFT_JUMP;
	e->verdict.chain = strdup("x");
	nftnl_set_add_elem(s, e);
	nlh = msg_start(NFT_MSG_NEWSETELEM, NFPROTO_INET);
	nftnl_set_elems_build(nlh, s);
	memcpy(saved, buf, nlh->nlmsg_len);
	check_truncations("elements", K_ELEMS, (struct nlmsghdr *)saved);

	nftnl_table_free(t);
	nftnl_chain_free(c);
	nftnl_rule_free(r);
	nftnl_set_free(s);
}

static void expect_einval(const char *what, enum kind k, const struct nlmsghdr *nlh)
{
	CHECK(parse_cut(k, nlh, nlh->nlmsg_len) == 0, "%s: not rejected with EINVAL", what);
}

static void test_malformed(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *n1, *n2;

	/* missing mandatory attributes */
	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_INET);
	mnl_attr_put_u32(nlh, NFTA_TABLE_FLAGS, 0);
	expect_einval("table without name", K_TABLE, nlh);
	nlh = msg_start(NFT_MSG_NEWCHAIN, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	expect_einval("chain without table", K_CHAIN, nlh);
	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	expect_einval("rule without chain", K_RULE, nlh);
	nlh = msg_start(NFT_MSG_NEWSET, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_SET_TABLE, "t");
	expect_einval("set without name", K_SET, nlh);

	/* a name without its NUL */
	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_INET);
	mnl_attr_put(nlh, NFTA_TABLE_NAME, 3, "abc");
	expect_einval("unterminated name", K_TABLE, nlh);

	/* integers of the wrong size */
	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, "t");
	mnl_attr_put_u16(nlh, NFTA_TABLE_FLAGS, 0);
	expect_einval("u16 flags", K_TABLE, nlh);
	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	mnl_attr_put_u32(nlh, NFTA_RULE_HANDLE, 1);
	expect_einval("u32 handle", K_RULE, nlh);

	/* a hook without its number */
	nlh = msg_start(NFT_MSG_NEWCHAIN, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	n1 = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
	mnl_attr_put_u32(nlh, NFTA_HOOK_PRIORITY, 0);
	mnl_attr_nest_end(nlh, n1);
	expect_einval("hook without hooknum", K_CHAIN, nlh);

	/* an expression list with something other than list elements */
	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	n1 = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	mnl_attr_put_u32(nlh, 7, 0);
	mnl_attr_nest_end(nlh, n1);
	expect_einval("expression list junk", K_RULE, nlh);

	/* an expression whose nested length lies */
	nlh = msg_start(NFT_MSG_NEWRULE, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	n1 = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	n2 = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "ct");
	mnl_attr_nest_end(nlh, n2);
	mnl_attr_nest_end(nlh, n1);
	((struct nlattr *)((char *)n2 + MNL_ATTR_HDRLEN))->nla_len = 200;
	expect_einval("expression with a lying length", K_RULE, nlh);

	/* an element whose key holds no value */
	nlh = msg_start(NFT_MSG_NEWSETELEM, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, "s");
	n1 = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_LIST_ELEMENTS);
	n2 = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, NFTA_SET_ELEM_KEY));
	mnl_attr_nest_end(nlh, n2);
	mnl_attr_nest_end(nlh, n1);
	expect_einval("element key without value", K_ELEMS, nlh);

	/* a value longer than any register */
	nlh = msg_start(NFT_MSG_NEWSETELEM, NFPROTO_INET);
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, "t");
	n1 = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_LIST_ELEMENTS);
	n2 = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	{
		struct nlattr *k = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_KEY);
		char big[100] = { 0 };

		mnl_attr_put(nlh, NFTA_DATA_VALUE, sizeof(big), big);
		mnl_attr_nest_end(nlh, k);
	}
	mnl_attr_nest_end(nlh, n2);
	mnl_attr_nest_end(nlh, n1);
	expect_einval("100-byte key", K_ELEMS, nlh);

	/* shorter than the nfgenmsg header */
	nlh = msg_start(NFT_MSG_NEWTABLE, NFPROTO_INET);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	expect_einval("no nfgenmsg", K_TABLE, nlh);
}

static void test_misc(void)
{
	struct nftnl_udata_buf u = { 0 };
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_rule *r = nftnl_rule_alloc(NFPROTO_INET, "t", "c");
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "t");
	struct nftnl_set *s = nftnl_set_alloc(NFPROTO_INET, "t", "s");
	struct nftnl_set_elem *e;
	uint32_t s1, s2, s3;
	int i;

	CHECK(nftnl_udata_set(&u, "ab", 2) == 0 && u.len == 2, "udata set");
	CHECK(nftnl_udata_set(&u, NULL, 0) == 0 && u.len == 0 && !u.data, "udata clear");
	CHECK(nftnl_udata_set(&u, NULL, 3) == -1 && errno == EINVAL, "udata NULL data");

	/* a dump message claiming 2 GiB or more ends the walk (libmnl's own
	 * mnl_nlmsg_ok() takes it: found by fuzz/fuzz_netlink.c) */
	{
		struct nlmsghdr h = { .nlmsg_len = 0x90020000 };

		CHECK(!nftnl_nlmsg_ok(&h, 168), "nlmsg_len >= 2^31 refused");
		h.nlmsg_len = 16;
		CHECK(nftnl_nlmsg_ok(&h, 168) && !nftnl_nlmsg_ok(&h, 15), "nlmsg_ok bounds");
	}

	CHECK(nftnl_batch_count(b) == 0, "empty batch count");
	s1 = nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	s2 = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);
	CHECK(s1 && s2 == s1 + 1, "sequence numbers %u %u", s1, s2);
	CHECK(nftnl_batch_rule(b, NFTNL_CMD_REPLACE, r) == 0 && errno == EINVAL,
	      "replace without handle");
	CHECK(nftnl_batch_table(b, NFTNL_CMD_INSERT, t) == 0 && errno == EINVAL,
	      "insert a table");
	CHECK(nftnl_batch_count(b) == 2, "failed adds not counted");

	/* 20,000 elements do not fit one message: split, consecutive seqs */
	for (i = 0; i < 20000; i++) {
		uint32_t key = i;

		e = nftnl_set_elem_alloc();
		nftnl_data_set(&e->key, &key, 4);
		nftnl_set_add_elem(s, e);
	}
	s3 = nftnl_batch_set_elems(b, NFTNL_CMD_ADD, s);
	CHECK(s3 == s2 + 1, "elems seq %u", s3);
	CHECK(nftnl_batch_count(b) > 3, "20000 elements split into %u messages",
	      nftnl_batch_count(b) - 2);

	/* an expression list beyond the 16-bit nest length is refused */
	for (i = 0; i < 2000; i++)
		nftnl_rule_add_expr(r, nftnl_expr_counter(1, 1));
	s1 = nftnl_batch_count(b);
	CHECK(nftnl_batch_rule(b, NFTNL_CMD_ADD, r) == 0 && errno == EMSGSIZE,
	      "oversized rule not refused");
	CHECK(nftnl_batch_count(b) == s1, "oversized rule counted");
	nftnl_batch_free(b);
	nftnl_rule_free(r);
	nftnl_table_free(t);
	nftnl_set_free(s);
}

int main(void)
{
	test_golden();
	test_table_roundtrip();
	test_chain_roundtrip();
	test_rule_roundtrip();
	test_set_roundtrip();
	test_elems_roundtrip();
	test_rule_text();
	test_truncated();
	test_malformed();
	test_misc();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
