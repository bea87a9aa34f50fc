/*
 * test_integration.c - libnftnl against the real kernel, in a private
 * network namespace (the test unshares one itself; it needs root).
 *
 * Creates a table, a base chain, a conntrack label rule, sets, a map and
 * elements in one batch, dumps everything back and checks every field,
 * lists the ruleset with upstream nft for comparison, then checks error
 * reporting (sequence numbers, errno, extended ack text, nothing
 * committed), check mode, flush and delete commands, and a batch of
 * 100,000 rules committed as one transaction.
 */
#include <endian.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>

#include "nftnl.h"

#include "testlib.h"

#define NFT_UPSTREAM "/usr/sbin/nft"

/* user data in nft's TLV form: type 0 (comment), length, NUL-terminated
 * text, so that upstream nft lists it as a comment. */
static const uint8_t table_udata[] = { 0, 7, 't', 'a', 'b', 'l', 'e', '!', 0 };
static const uint8_t chain_udata[] = { 0, 4, 'f', 'w', 'd', 0 };
static const uint8_t rule_udata[] = { 0, 6, 'l', 'a', 'b', 'e', 'l', 0 };
static const uint8_t elem_udata[] = { 0, 4, 'o', 'n', 'e', 0 };

static const uint8_t label_bit5[16] = { 0x20 };

/* ---- helpers ------------------------------------------------------ */

struct errors {
	int n;
	struct {
		uint32_t seq;
		int err;
		char msg[256];
		bool has_msg;
		uint32_t attr_offset;
	} e[8];
};

static void collect_error(const struct nftnl_batch_error *be, void *data)
{
	struct errors *errs = data;

	if (errs->n >= 8)
		return;
	errs->e[errs->n].seq = be->seq;
	errs->e[errs->n].err = be->err;
	errs->e[errs->n].has_msg = be->msg != NULL;
	errs->e[errs->n].attr_offset = be->attr_offset;
	snprintf(errs->e[errs->n].msg, sizeof(errs->e[0].msg), "%s", be->msg ? be->msg : "");
	errs->n++;
}

struct tables {
	int n;
	struct nftnl_table *t[16];
};

static int keep_table(struct nftnl_table *t, void *data)
{
	struct tables *ts = data;

	if (ts->n < 16)
		ts->t[ts->n++] = t;
	else
		nftnl_table_free(t);
	return 0;
}

static struct nftnl_table *find_table(struct tables *ts, const char *name)
{
	int i;

	for (i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i]->name, name) == 0)
			return ts->t[i];
	return NULL;
}

static void free_tables(struct tables *ts)
{
	while (ts->n)
		nftnl_table_free(ts->t[--ts->n]);
}

static bool table_exists(struct nftnl_sock *s, const char *name)
{
	struct tables ts = { 0 };
	bool found;

	if (nftnl_dump_tables(s, NFPROTO_UNSPEC, keep_table, &ts) < 0)
		return false;
	found = find_table(&ts, name) != NULL;
	free_tables(&ts);
	return found;
}

struct chains {
	int n;
	struct nftnl_chain *c[16];
};

static int keep_chain(struct nftnl_chain *c, void *data)
{
	struct chains *cs = data;

	if (cs->n < 16)
		cs->c[cs->n++] = c;
	else
		nftnl_chain_free(c);
	return 0;
}

struct rules {
	int n;
	struct nftnl_rule *r[16];
	long total;
};

static int keep_rule(struct nftnl_rule *r, void *data)
{
	struct rules *rs = data;

	rs->total++;
	if (rs->n < 16)
		rs->r[rs->n++] = r;
	else
		nftnl_rule_free(r);
	return 0;
}

static void free_rules(struct rules *rs)
{
	while (rs->n)
		nftnl_rule_free(rs->r[--rs->n]);
}

static long count_rules(struct nftnl_sock *s, const char *table, const char *chain)
{
	struct rules rs = { 0 };

	if (nftnl_dump_rules(s, NFPROTO_INET, table, chain, keep_rule, &rs) < 0)
		return -1;
	free_rules(&rs);
	return rs.total;
}

struct sets {
	int n;
	struct nftnl_set *s[16];
};

static int keep_set(struct nftnl_set *set, void *data)
{
	struct sets *ss = data;

	if (ss->n < 16)
		ss->s[ss->n++] = set;
	else
		nftnl_set_free(set);
	return 0;
}

static bool udata_is(const struct nftnl_udata_buf *u, const void *want, size_t len)
{
	return u->len == len && memcmp(u->data, want, len) == 0;
}

static struct nftnl_rule *label_rule(const char *table, const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc(NFPROTO_INET, table, chain);

	nftnl_rule_add_expr(r, nftnl_expr_immediate_data(NFT_REG_1, label_bit5, 16));
	nftnl_rule_add_expr(r, nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	return r;
}

static struct nftnl_set_elem *ipv4_elem(uint8_t last)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	uint8_t addr[4] = { 10, 0, 0, last };

	nftnl_data_set(&e->key, addr, 4);
	return e;
}

/* ---- the main path: create, dump, compare -------------------------- */

static uint32_t seq_rule;

static void create_ruleset(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "labels");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "labels", "fwd");
	struct nftnl_chain *sub = nftnl_chain_alloc(NFPROTO_INET, "labels", "sub");
	struct nftnl_rule *r = label_rule("labels", "fwd");
	struct nftnl_rule *r2 = nftnl_rule_alloc(NFPROTO_INET, "labels", "fwd");
	struct nftnl_set *set = nftnl_set_alloc(NFPROTO_INET, "labels", "addrs");
	struct nftnl_set *map = nftnl_set_alloc(NFPROTO_INET, "labels", "jumps");
	struct nftnl_set_elem *e;
	struct errors errs = { 0 };
	uint32_t seqs[8];
	int ret, i;

	nftnl_udata_set(&t->udata, table_udata, sizeof(table_udata));
	nftnl_chain_set_hook(c, "filter", NF_INET_FORWARD, 0, NULL);
	c->has_policy = true;
	c->policy = NF_ACCEPT;
	nftnl_udata_set(&c->udata, chain_udata, sizeof(chain_udata));
	nftnl_udata_set(&r->udata, rule_udata, sizeof(rule_udata));
	nftnl_rule_add_expr(r2, nftnl_expr_counter(0, 0));

	set->flags = NFT_SET_TIMEOUT;
	set->key_type = 7;		/* ipv4_addr */
	set->key_len = 4;
	set->id = 1;
	set->size = 16;		/* (size with policy memory: EEXIST on 6.18) */
	set->timeout = 3600000;
	set->gc_interval = 5000;
	e = ipv4_elem(1);
	e->timeout = 60000;
	nftnl_udata_set(&e->udata, elem_udata, sizeof(elem_udata));
	nftnl_set_add_elem(set, e);
	nftnl_set_add_elem(set, ipv4_elem(2));

	map->flags = NFT_SET_MAP;
	map->key_type = 7;
	map->key_len = 4;
	map->data_type = NFT_DATA_VERDICT;
	map->id = 2;
	map->has_policy = true;
	map->policy = NFT_SET_POL_MEMORY;
	e = ipv4_elem(9);
	e->has_verdict = true;
	e->verdict.code = NFT_JUMP;
	e->verdict.chain = strdup("sub");
	nftnl_set_add_elem(map, e);

	seqs[0] = nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	seqs[1] = nftnl_batch_chain(b, NFTNL_CMD_ADD, c);
	seqs[2] = nftnl_batch_chain(b, NFTNL_CMD_ADD, sub);
	seqs[3] = seq_rule = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);
	seqs[4] = nftnl_batch_rule(b, NFTNL_CMD_ADD, r2);
	seqs[5] = nftnl_batch_set(b, NFTNL_CMD_ADD, set);
	seqs[6] = nftnl_batch_set_elems(b, NFTNL_CMD_ADD, set);
	seqs[7] = nftnl_batch_set(b, NFTNL_CMD_ADD, map);
	for (i = 0; i < 8; i++) {
		CHECK(seqs[i] != 0, "batch message %d: seq 0 (%s)", i, strerror(errno));
		CHECK(i == 0 || seqs[i] == seqs[i - 1] + 1, "seq %d not consecutive", i);
	}
	CHECK(nftnl_batch_set_elems(b, NFTNL_CMD_ADD, map) != 0, "map elems");
	CHECK(nftnl_batch_count(b) == 9, "batch count %u", nftnl_batch_count(b));

	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == 0, "commit main ruleset: %s", strerror(errno));
	CHECK(errs.n == 0, "main ruleset: %d errors (first: message %d err %d %s)", errs.n,
	      (int)(errs.e[0].seq - seqs[0]), errs.e[0].err, errs.e[0].msg);

	nftnl_batch_free(b);
	nftnl_table_free(t);
	nftnl_chain_free(c);
	nftnl_chain_free(sub);
	nftnl_rule_free(r);
	nftnl_rule_free(r2);
	nftnl_set_free(set);
	nftnl_set_free(map);
}

static void check_tables(struct nftnl_sock *s)
{
	struct tables ts = { 0 };
	struct nftnl_table *t;

	CHECK(nftnl_dump_tables(s, NFPROTO_INET, keep_table, &ts) == 0, "dump tables: %s",
	      strerror(errno));
	t = find_table(&ts, "labels");
	CHECK(t != NULL, "table labels not dumped");
	if (t) {
		CHECK(t->family == NFPROTO_INET, "table family %u", t->family);
		CHECK(t->flags == 0, "table flags %u", t->flags);
		CHECK(t->handle != 0, "table handle 0");
		CHECK(t->use == 4, "table use %u (2 chains + 2 sets)", t->use);
		CHECK(udata_is(&t->udata, table_udata, sizeof(table_udata)), "table udata");
	}
	free_tables(&ts);
}

static void check_chains(struct nftnl_sock *s)
{
	struct chains cs = { 0 };
	struct nftnl_chain *c;
	int i, seen = 0;

	CHECK(nftnl_dump_chains(s, NFPROTO_INET, "labels", keep_chain, &cs) == 0,
	      "dump chains: %s", strerror(errno));
	CHECK(cs.n == 2, "%d chains dumped", cs.n);
	for (i = 0; i < cs.n; i++) {
		c = cs.c[i];
		CHECK(c->family == NFPROTO_INET && strcmp(c->table, "labels") == 0,
		      "chain family/table");
		CHECK(c->handle != 0, "chain handle 0");
		if (strcmp(c->name, "fwd") == 0) {
			seen |= 1;
			CHECK(c->base, "fwd not a base chain");
			CHECK(c->hooknum == NF_INET_FORWARD, "hooknum %u", c->hooknum);
			CHECK(c->prio == 0, "prio %d", c->prio);
			CHECK(c->type && strcmp(c->type, "filter") == 0, "type %s", c->type);
			CHECK(c->has_policy && c->policy == NF_ACCEPT, "policy");
			CHECK(c->dev == NULL, "dev %s", c->dev);
			CHECK(c->flags == NFT_CHAIN_BASE, "fwd flags %u", c->flags);
			CHECK(udata_is(&c->udata, chain_udata, sizeof(chain_udata)), "chain udata");
		} else if (strcmp(c->name, "sub") == 0) {
			seen |= 2;
			CHECK(!c->base && !c->type && !c->has_policy, "sub is a base chain");
			CHECK(c->use == 1, "sub use %u (jump from the map)", c->use);
		}
		nftnl_chain_free(c);
	}
	CHECK(seen == 3, "chains seen %d", seen);
}

static void check_rules(struct nftnl_sock *s)
{
	struct rules rs = { 0 };
	const struct nftnl_expr *e;
	struct nftnl_rule *r;
	char text[1024], want[1024];

	CHECK(nftnl_dump_rules(s, NFPROTO_INET, "labels", "fwd", keep_rule, &rs) == 0,
	      "dump rules: %s", strerror(errno));
	CHECK(rs.n == 2, "%d rules dumped", rs.n);
	if (rs.n != 2)
		goto out;
	r = rs.r[0];
	CHECK(r->family == NFPROTO_INET && strcmp(r->table, "labels") == 0 &&
	      strcmp(r->chain, "fwd") == 0, "rule family/table/chain");
	CHECK(r->handle != 0, "rule handle 0");
	CHECK(r->position == 0, "first rule position %llu", (unsigned long long)r->position);
	CHECK(udata_is(&r->udata, rule_udata, sizeof(rule_udata)), "rule udata");
	e = r->exprs;
	CHECK(e && e->type == NFTNL_EXPR_IMMEDIATE && e->immediate.dreg == NFT_REG_1 &&
	      e->immediate.data.len == 16 &&
	      memcmp(e->immediate.data.bytes, label_bit5, 16) == 0, "immediate expr");
	e = e ? e->next : NULL;
	CHECK(e && e->type == NFTNL_EXPR_CT && e->ct.is_set && e->ct.key == NFT_CT_LABELS &&
	      e->ct.reg == NFT_REG_1 && !e->ct.has_dir, "ct set expr");
	CHECK(e && !e->next, "more than two expressions");

	nftnl_rule_snprintf(text, sizeof(text), r);
	snprintf(want, sizeof(want),
		 "inet labels fwd %llu\n"
		 "  [ immediate reg 1 0x00000020 0x00000000 0x00000000 0x00000000 ]\n"
		 "  [ ct set label with reg 1 ]\n", (unsigned long long)r->handle);
	CHECK(strcmp(text, want) == 0, "rule text:\n%s\nwant:\n%s", text, want);

	/* the second rule lists "inet labels fwd HANDLE POSITION" */
	CHECK(rs.r[1]->position == r->handle, "second rule position %llu",
	      (unsigned long long)rs.r[1]->position);
	nftnl_rule_snprintf(text, sizeof(text), rs.r[1]);
	snprintf(want, sizeof(want), "inet labels fwd %llu %llu\n  [ counter pkts 0 bytes 0 ]\n",
		 (unsigned long long)rs.r[1]->handle, (unsigned long long)r->handle);
	CHECK(strcmp(text, want) == 0, "second rule text:\n%s\nwant:\n%s", text, want);
out:
	free_rules(&rs);
}

static void check_set_addrs(struct nftnl_sock *s, struct nftnl_set *set)
{
	const struct nftnl_set_elem *e;
	int n = 0;

	CHECK(set->flags == NFT_SET_TIMEOUT, "set flags %#x", set->flags);
	CHECK(set->key_type == 7 && set->key_len == 4, "set key %u/%u", set->key_type,
	      set->key_len);
	CHECK(set->data_type == 0 && set->data_len == 0, "set data");
	/* the kernel does not dump NFTA_SET_ID: it only lives in a batch */
	CHECK(set->handle != 0, "set handle 0");
	CHECK(!set->has_policy, "set policy (performance is not dumped)");
	CHECK(set->size == 16, "set size %u", set->size);
	CHECK(set->timeout == 3600000, "set timeout %llu", (unsigned long long)set->timeout);
	CHECK(set->gc_interval == 5000, "set gc interval %u", set->gc_interval);

	CHECK(nftnl_dump_set_elems(s, set) == 0, "dump elems: %s", strerror(errno));
	for (e = set->elems; e; e = e->next) {
		n++;
		CHECK(e->key.len == 4 && e->key.bytes[0] == 10 && e->key.bytes[3] <= 2,
		      "element key");
		CHECK(!e->has_verdict && e->data.len == 0 && e->key_end.len == 0, "elem data");
		if (e->key.bytes[3] == 1) {
			CHECK(e->timeout == 60000, "elem timeout %llu",
			      (unsigned long long)e->timeout);
			CHECK(udata_is(&e->udata, elem_udata, sizeof(elem_udata)), "elem udata");
		}
	}
	CHECK(n == 2, "%d elements", n);
}

static void check_set_jumps(struct nftnl_sock *s, struct nftnl_set *map)
{
	const struct nftnl_set_elem *e;

	CHECK(map->flags == NFT_SET_MAP, "map flags %#x", map->flags);
	CHECK(map->data_type == NFT_DATA_VERDICT, "map data type %#x", map->data_type);
	CHECK(map->has_policy && map->policy == NFT_SET_POL_MEMORY, "map policy");
	CHECK(map->size == 0 && map->timeout == 0, "map size/timeout");
	CHECK(nftnl_dump_set_elems(s, map) == 0, "dump map elems: %s", strerror(errno));
	e = map->elems;
	CHECK(e && !e->next, "map: one element");
	if (e) {
		CHECK(e->key.len == 4 && e->key.bytes[3] == 9, "map key");
		CHECK(e->has_verdict && e->verdict.code == NFT_JUMP && e->verdict.chain &&
		      strcmp(e->verdict.chain, "sub") == 0, "map verdict");
	}
}

static void check_sets(struct nftnl_sock *s)
{
	struct sets ss = { 0 };
	int i, seen = 0;

	CHECK(nftnl_dump_sets(s, NFPROTO_INET, "labels", keep_set, &ss) == 0,
	      "dump sets: %s", strerror(errno));
	CHECK(ss.n == 2, "%d sets", ss.n);
	for (i = 0; i < ss.n; i++) {
		CHECK(ss.s[i]->family == NFPROTO_INET && strcmp(ss.s[i]->table, "labels") == 0,
		      "set family/table");
		if (strcmp(ss.s[i]->name, "addrs") == 0) {
			seen |= 1;
			check_set_addrs(s, ss.s[i]);
		} else if (strcmp(ss.s[i]->name, "jumps") == 0) {
			seen |= 2;
			check_set_jumps(s, ss.s[i]);
		}
		nftnl_set_free(ss.s[i]);
	}
	CHECK(seen == 3, "sets seen %d", seen);
}

static void check_upstream_listing(void)
{
	char line[512], all[8192] = "";
	size_t used = 0;
	FILE *p;

	if (access(NFT_UPSTREAM, X_OK) != 0) {
		printf("SKIP upstream listing: %s not installed\n", NFT_UPSTREAM);
		return;
	}
	p = popen(NFT_UPSTREAM " list ruleset 2>&1", "r");
	CHECK(p != NULL, "popen nft");
	if (!p)
		return;
	while (fgets(line, sizeof(line), p) && used + strlen(line) < sizeof(all)) {
		strcpy(all + used, line);
		used += strlen(line);
	}
	CHECK(pclose(p) == 0, "nft list ruleset failed:\n%s", all);
	CHECK(strstr(all, "ct label set 5") != NULL, "no 'ct label set 5' in:\n%s", all);
	CHECK(strstr(all, "type filter hook forward priority filter; policy accept;"),
	      "base chain not listed by nft:\n%s", all);
	CHECK(strstr(all, "10.0.0.9 : jump sub"), "map element not listed:\n%s", all);
	CHECK(strstr(all, "comment \"label\""), "rule comment not listed:\n%s", all);
}

/* ---- errors, check mode, flush/delete ------------------------------ */

static void check_errors(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "mustnotexist");
	struct nftnl_rule *r1 = label_rule("labels", "nochain");
	struct nftnl_rule *r2 = label_rule("notable", "fwd");
	struct errors errs = { 0 };
	uint32_t st, s1, s2;
	int ret, err;

	st = nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	s1 = nftnl_batch_rule(b, NFTNL_CMD_ADD, r1);
	s2 = nftnl_batch_rule(b, NFTNL_CMD_ADD, r2);
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	err = errno;
	CHECK(ret == -1 && err == ENOENT, "bad batch: ret %d errno %s", ret, strerror(err));
	CHECK(errs.n == 2, "bad batch: %d errors reported", errs.n);
	if (errs.n == 2) {
		CHECK(errs.e[0].seq == s1 && errs.e[0].err == ENOENT,
		      "first error seq %u (want %u) err %d", errs.e[0].seq, s1, errs.e[0].err);
		CHECK(errs.e[1].seq == s2 && errs.e[1].err == ENOENT,
		      "second error seq %u (want %u) err %d", errs.e[1].seq, s2, errs.e[1].err);
	}
	CHECK(errs.n < 1 || errs.e[0].seq != st, "error blamed on the valid message");
	CHECK(!table_exists(s, "mustnotexist"), "failed batch committed its table");
	CHECK(count_rules(s, "labels", "fwd") == 2, "failed batch changed the rules");
	nftnl_batch_free(b);
	nftnl_rule_free(r1);
	nftnl_rule_free(r2);
	nftnl_table_free(t);

	/* a name longer than the policy allows: the kernel explains */
	{
		char name[400];

		memset(name, 'x', sizeof(name) - 1);
		name[sizeof(name) - 1] = 0;
		b = nftnl_batch_alloc();
		t = nftnl_table_alloc(NFPROTO_INET, name);
		memset(&errs, 0, sizeof(errs));
		st = nftnl_batch_table(b, NFTNL_CMD_ADD, t);
		ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
		CHECK(ret == -1 && errs.n == 1 && errs.e[0].seq == st,
		      "long name: ret %d, %d errors", ret, errs.n);
		CHECK(errs.n == 1 && errs.e[0].has_msg && errs.e[0].msg[0],
		      "long name: no extended ack text (err %d)", errs.e[0].err);
		if (errs.n == 1)
			printf("kernel said for a 399-byte table name: %s (%s)\n",
			       errs.e[0].msg, strerror(errs.e[0].err));
		nftnl_batch_free(b);
		nftnl_table_free(t);
	}
}

/* Byte range [*start, *end) of expression @idx in a NEWRULE message. */
static bool expr_span(const struct nlmsghdr *nlh, int idx, uint32_t *start, uint32_t *end)
{
	const char *p = (const char *)nlh + NLMSG_HDRLEN + sizeof(struct nfgenmsg);
	const char *stop = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *a, *e;
	int i = 0;

	for (; p + sizeof(*a) <= stop; p += NLA_ALIGN(a->nla_len)) {
		a = (const struct nlattr *)p;
		if ((a->nla_type & NLA_TYPE_MASK) != NFTA_RULE_EXPRESSIONS)
			continue;
		for (e = (const struct nlattr *)(p + NLA_HDRLEN);
		     (const char *)e < p + a->nla_len; e = (const void *)((const char *)e +
							       NLA_ALIGN(e->nla_len))) {
			if (i++ == idx) {
				*start = (const char *)e - (const char *)nlh;
				*end = *start + e->nla_len;
				return true;
			}
		}
	}
	return false;
}

/* The kernel names the refused expression by its offset in the message
 * (NLMSGERR_ATTR_OFFS); nftnl_rule_msg_expr_at() maps it to its index.
 * A ct state load with a direction is refused (EINVAL) by any kernel. */
static void check_error_offset(struct nftnl_sock *s)
{
	struct nftnl_rule *r = nftnl_rule_alloc(NFPROTO_INET, "labels", "fwd");
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "labels");
	const struct nlmsghdr *nlh;
	struct errors errs = { 0 };
	uint32_t seq, st, start = 0, end = 0;
	uint32_t state_new = 8;
	int ret, i;

	nftnl_rule_add_expr(r, nftnl_expr_counter(0, 0));
	nftnl_rule_add_expr(r, nftnl_expr_ct_get(NFT_CT_STATE, 0 /* original */, NFT_REG_1));
	nftnl_rule_add_expr(r, nftnl_expr_cmp(NFT_REG_1, NFT_CMP_EQ, &state_new, 4));
	st = nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	seq = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);

	/* the helper alone, on the message as built */
	nlh = nftnl_batch_msg(b, seq);
	CHECK(nlh && nlh->nlmsg_seq == seq, "nftnl_batch_msg: no message for seq %u", seq);
	CHECK(nftnl_batch_msg(b, st + 100) == NULL, "nftnl_batch_msg: message for a foreign seq");
	CHECK(nftnl_batch_msg(b, st - 1) == NULL, "nftnl_batch_msg: message for BEGIN's seq");
	for (i = 0; nlh && i < 3; i++) {
		CHECK(expr_span(nlh, i, &start, &end), "expression %d not in the message", i);
		CHECK(nftnl_rule_msg_expr_at(nlh, start) == i &&
		      nftnl_rule_msg_expr_at(nlh, start + 4) == i &&
		      nftnl_rule_msg_expr_at(nlh, end - 1) == i,
		      "expression %d [%u, %u): mapped to %d", i, start, end,
		      nftnl_rule_msg_expr_at(nlh, start));
	}
	if (nlh) {
		CHECK(nftnl_rule_msg_expr_at(nlh, 20) == -1, "table name mapped to an expression");
		CHECK(nftnl_rule_msg_expr_at(nlh, nlh->nlmsg_len) == -1, "past the end mapped");
		CHECK(nftnl_rule_msg_expr_at(nftnl_batch_msg(b, st), 20) == -1,
		      "NEWTABLE message mapped to an expression");
	}

	/* the kernel's answer */
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == -1 && errs.n == 1, "ct state with a direction: ret %d, %d errors", ret,
	      errs.n);
	if (errs.n == 1 && nlh) {
		CHECK(errs.e[0].seq == seq && errs.e[0].err == EINVAL,
		      "error seq %u (want %u) err %d", errs.e[0].seq, seq, errs.e[0].err);
		CHECK(errs.e[0].attr_offset != 0, "no attribute offset in the extended ack");
		CHECK(nftnl_rule_msg_expr_at(nlh, errs.e[0].attr_offset) == 1,
		      "offset %u maps to expression %d, want 1 (ct)", errs.e[0].attr_offset,
		      nftnl_rule_msg_expr_at(nlh, errs.e[0].attr_offset));
	}
	CHECK(count_rules(s, "labels", "fwd") == 2, "refused rule was added");
	nftnl_batch_free(b);
	nftnl_rule_free(r);
	nftnl_table_free(t);
}

static void check_check_mode(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "checkonly");
	struct nftnl_rule *bad = label_rule("checkonly", "nochain");
	struct errors errs = { 0 };
	uint32_t sbad;
	int ret;

	nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	ret = nftnl_batch_commit(s, b, true, collect_error, &errs);
	CHECK(ret == 0 && errs.n == 0, "check mode of a good batch: ret %d, %d errors", ret,
	      errs.n);
	CHECK(!table_exists(s, "checkonly"), "check mode committed");

	/* the same batch, committed for real this time */
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == 0 && table_exists(s, "checkonly"), "commit after check");

	sbad = nftnl_batch_rule(b, NFTNL_CMD_ADD, bad);
	memset(&errs, 0, sizeof(errs));
	ret = nftnl_batch_commit(s, b, true, collect_error, &errs);
	CHECK(ret == -1 && errs.n == 1 && errs.e[0].seq == sbad && errs.e[0].err == ENOENT,
	      "check mode reports errors: ret %d, %d errors", ret, errs.n);
	nftnl_batch_free(b);
	nftnl_rule_free(bad);

	/* delete it again */
	b = nftnl_batch_alloc();
	nftnl_batch_table(b, NFTNL_CMD_DELETE, t);
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "delete table");
	CHECK(!table_exists(s, "checkonly"), "table deleted");
	nftnl_batch_free(b);
	nftnl_table_free(t);
}

static void check_flush_delete(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "labels", "fwd");
	struct nftnl_set *set = nftnl_set_alloc(NFPROTO_INET, "labels", "addrs");
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "labels");
	uint32_t genid1 = 0, genid2 = 0;

	CHECK(nftnl_get_genid(s, &genid1) == 0, "genid: %s", strerror(errno));
	nftnl_batch_chain(b, NFTNL_CMD_FLUSH, c);
	nftnl_batch_set(b, NFTNL_CMD_FLUSH, set);
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "flush: %s", strerror(errno));
	CHECK(count_rules(s, "labels", "fwd") == 0, "chain not flushed");
	nftnl_set_free(set);
	set = nftnl_set_alloc(NFPROTO_INET, "labels", "addrs");
	CHECK(nftnl_dump_set_elems(s, set) == 0 && set->elems == NULL, "set not flushed");
	CHECK(nftnl_get_genid(s, &genid2) == 0 && genid2 == genid1 + 1, "genid %u -> %u",
	      genid1, genid2);
	nftnl_batch_free(b);

	b = nftnl_batch_alloc();
	nftnl_batch_table(b, NFTNL_CMD_DESTROY, t);
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "destroy table: %s",
	      strerror(errno));
	CHECK(!table_exists(s, "labels"), "table still there");
	nftnl_batch_free(b);
	nftnl_chain_free(c);
	nftnl_set_free(set);
	nftnl_table_free(t);
}

/* ---- 100,000 rules in one transaction ------------------------------ */

#define BIG_RULES 100000

static void check_big_batch(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "big");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "big", "c");
	struct errors errs = { 0 };
	struct nftnl_rule *r;
	uint32_t seq, ok = 1;
	int i, ret;

	nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	nftnl_batch_chain(b, NFTNL_CMD_ADD, c);
	for (i = 0; i < BIG_RULES; i++) {
		r = label_rule("big", "c");
		seq = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);
		ok &= seq != 0;
		nftnl_rule_free(r);
	}
	CHECK(ok, "adding big batch messages");
	CHECK(nftnl_batch_count(b) == BIG_RULES + 2, "big batch count %u",
	      nftnl_batch_count(b));
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == 0 && errs.n == 0, "100k batch: ret %d (%s), %d errors", ret,
	      strerror(errno), errs.n);
	CHECK(count_rules(s, "big", "c") == BIG_RULES, "100k rules dumped: %ld",
	      count_rules(s, "big", "c"));
	nftnl_batch_free(b);

	/* flush the ruleset: nothing left */
	b = nftnl_batch_alloc();
	nftnl_batch_flush_ruleset(b, NFPROTO_UNSPEC);
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "flush ruleset");
	CHECK(!table_exists(s, "big"), "ruleset not flushed");
	nftnl_batch_free(b);
	nftnl_table_free(t);
	nftnl_chain_free(c);
}

/* 20,000 elements need several NEWSETELEM messages (16-bit nest length). */
static void check_many_elements(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "elems");
	struct nftnl_set *set = nftnl_set_alloc(NFPROTO_INET, "elems", "s");
	struct nftnl_set *dumped = nftnl_set_alloc(NFPROTO_INET, "elems", "s");
	const struct nftnl_set_elem *e;
	int i, n = 0;

	set->key_type = 7;
	set->key_len = 4;
	for (i = 0; i < 20000; i++) {
		struct nftnl_set_elem *el = nftnl_set_elem_alloc();
		uint32_t key = htobe32(0x0a000000 + i);

		nftnl_data_set(&el->key, &key, 4);
		nftnl_set_add_elem(set, el);
	}
	nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	nftnl_batch_set(b, NFTNL_CMD_ADD, set);
	CHECK(nftnl_batch_set_elems(b, NFTNL_CMD_ADD, set) != 0, "20000 elems");
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "commit 20000 elements: %s",
	      strerror(errno));
	CHECK(nftnl_dump_set_elems(s, dumped) == 0, "dump 20000 elements: %s", strerror(errno));
	for (e = dumped->elems; e; e = e->next)
		n++;
	CHECK(n == 20000, "%d elements dumped", n);
	nftnl_batch_free(b);
	b = nftnl_batch_alloc();
	nftnl_batch_table(b, NFTNL_CMD_DELETE, t);
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "delete elems table");
	nftnl_batch_free(b);
	nftnl_table_free(t);
	nftnl_set_free(set);
	nftnl_set_free(dumped);
}

/* A 5000-rule batch with one bad rule in the middle: its error comes
 * back against its own sequence number. */
static void check_big_error_batch(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "big2");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "big2", "c");
	struct errors errs = { 0 };
	struct nftnl_rule *r;
	uint32_t seq, bad = 0;
	int i, ret;

	nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	nftnl_batch_chain(b, NFTNL_CMD_ADD, c);
	for (i = 0; i < 5000; i++) {
		r = label_rule("big2", i == 2500 ? "nochain" : "c");
		seq = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);
		if (i == 2500)
			bad = seq;
		nftnl_rule_free(r);
	}
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == -1 && errno == ENOENT, "5000-rule bad batch: ret %d", ret);
	CHECK(errs.n == 1 && errs.e[0].seq == bad && errs.e[0].err == ENOENT,
	      "5000-rule bad batch: %d errors, seq %u want %u", errs.n, errs.e[0].seq, bad);
	CHECK(!table_exists(s, "big2"), "5000-rule bad batch committed");
	nftnl_batch_free(b);
	nftnl_table_free(t);
	nftnl_chain_free(c);
}

/* Small batches ask for an ack on their last message only: errors in
 * the middle and on the last message still come back against their own
 * sequence numbers, and a grown batch moves the ack to its new end. */
static void check_small_batch_answers(struct nftnl_sock *s)
{
	struct nftnl_batch *b = nftnl_batch_alloc();
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "small");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "small", "c");
	const struct nlmsghdr *nlh;
	struct errors errs = { 0 };
	struct nftnl_rule *r;
	uint32_t seqs[12], first, last, q;
	int i, ret, acks;

	first = nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	nftnl_batch_chain(b, NFTNL_CMD_ADD, c);
	for (i = 0; i < 12; i++) {
		r = label_rule("small", i == 3 || i == 11 ? "nochain" : "c");
		seqs[i] = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);
		nftnl_rule_free(r);
	}
	last = seqs[11];
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == -1 && errno == ENOENT, "small bad batch: ret %d", ret);
	CHECK(errs.n == 2, "small bad batch: %d errors reported, want 2", errs.n);
	if (errs.n == 2)
		CHECK(errs.e[0].seq == seqs[3] && errs.e[1].seq == seqs[11] &&
		      errs.e[0].err == ENOENT && errs.e[1].err == ENOENT,
		      "small bad batch: errors on %u, %u; want %u, %u", errs.e[0].seq,
		      errs.e[1].seq, seqs[3], seqs[11]);
	CHECK(!table_exists(s, "small"), "small bad batch committed");
	for (acks = 0, q = first; q - first <= last - first; q++) {
		nlh = nftnl_batch_msg(b, q);
		CHECK(nlh != NULL, "message %u of the batch not found", q);
		if (nlh && (nlh->nlmsg_flags & NLM_F_ACK)) {
			acks++;
			CHECK(q == last, "ack asked on message %u, not the last (%u)", q, last);
		}
	}
	CHECK(acks == 1, "%d messages asked for an ack, want 1 (the last)", acks);
	nftnl_batch_free(b);

	/* a good batch, checked, then committed, then grown and committed */
	b = nftnl_batch_alloc();
	nftnl_batch_table(b, NFTNL_CMD_ADD, t);
	last = nftnl_batch_chain(b, NFTNL_CMD_ADD, c);
	memset(&errs, 0, sizeof(errs));
	CHECK(nftnl_batch_commit(s, b, true, collect_error, &errs) == 0 && errs.n == 0,
	      "small good batch, check mode: %d errors", errs.n);
	CHECK(nftnl_batch_commit(s, b, false, collect_error, &errs) == 0 && errs.n == 0,
	      "small good batch: %d errors", errs.n);
	r = label_rule("small", "nochain");
	seqs[0] = nftnl_batch_rule(b, NFTNL_CMD_ADD, r);
	nftnl_rule_free(r);
	ret = nftnl_batch_commit(s, b, false, collect_error, &errs);
	CHECK(ret == -1 && errs.n == 1 && errs.e[0].seq == seqs[0],
	      "grown batch: ret %d, %d errors", ret, errs.n);
	nlh = nftnl_batch_msg(b, last);
	CHECK(nlh && !(nlh->nlmsg_flags & NLM_F_ACK), "old last message still asks for an ack");
	nlh = nftnl_batch_msg(b, seqs[0]);
	CHECK(nlh && (nlh->nlmsg_flags & NLM_F_ACK), "new last message asks for no ack");
	nftnl_batch_free(b);

	b = nftnl_batch_alloc();
	nftnl_batch_table(b, NFTNL_CMD_DELETE, t);
	CHECK(nftnl_batch_commit(s, b, false, NULL, NULL) == 0, "delete small table");
	nftnl_batch_free(b);
	nftnl_table_free(t);
	nftnl_chain_free(c);
}

int main(void)
{
	struct nftnl_sock *s;

	if (unshare(CLONE_NEWNET) < 0) {
		printf("unshare(CLONE_NEWNET): %s (needs root)\n", strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	s = nftnl_sock_open();
	if (!s) {
		printf("nftnl_sock_open: %s\n", strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	create_ruleset(s);
	check_tables(s);
	check_chains(s);
	check_rules(s);
	check_sets(s);
	check_upstream_listing();
	check_errors(s);
	check_error_offset(s);
	check_check_mode(s);
	check_flush_delete(s);
	check_many_elements(s);
	check_small_batch_answers(s);
	check_big_error_batch(s);
	check_big_batch(s);
	nftnl_sock_close(s);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
