/*
 * fuzz_netlink.c - libFuzzer harness for what we parse from the kernel:
 * the input is a dump reply, a stream of netlink messages (nlmsghdr,
 * nfgenmsg, attributes) as nftnl_sock_request() walks it. Each
 * NEWTABLE / NEWCHAIN / NEWRULE / NEWSET / NEWSETELEM message goes to
 * the parser the dump functions use (libnftnl/src/dump.c); elements go
 * to the last set met, as a dump fetches them set by set. Then, for
 * every object parsed:
 *
 *  - its bytecode text (nftnl_*_snprintf/fprintf); snprintf's count
 *    must equal the text it writes, and a truncated print must be a
 *    prefix of the full one;
 *  - every object is built back into a message and parsed again: the
 *    second parse must succeed and give the same object (rules and
 *    sets with their elements: the same bytecode text; tables and
 *    chains: the same fields);
 *  - the listing path as `nft list ruleset` runs it (list.c): tables,
 *    chains and named sets printed, every rule delinearized,
 *    postprocessed and printed with the sets of the input as lookups.
 *
 * Output options (-n, -s, -a, -p, -y) come from the low bits of the
 * first message's sequence number. FUZZ_NETLINK_PRINT=1 in the
 * environment sends every text to stdout instead of /dev/null. Errors are fine; a crash, sanitizer
 * report, leak or broken property (abort()) is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>

#include <nftnl.h>

#include "erec.h"
#include "labels.h"
#include "private.h"
#include "nft.h"

#define MAX_OBJS 64

static FILE *null_out;

struct objs {
	struct nftnl_table *tables[MAX_OBJS];
	struct nftnl_chain *chains[MAX_OBJS];
	struct nftnl_rule *rules[MAX_OBJS];
	struct nftnl_set *sets[MAX_OBJS];
	unsigned int nt, nc, nr, ns;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char table[] = "0 from-lan\n1 from-wan\n16 http\n17 https\n"
				    "19 dns\n32 wan1-billing\n127 last-bit\n";
	char path[] = "/tmp/fuzz_netlink_labels.XXXXXX";
	int fd;

	(void)argc;
	(void)argv;
	fd = mkstemp(path);
	if (fd < 0 || write(fd, table, sizeof(table) - 1) != sizeof(table) - 1)
		abort();
	close(fd);
	labels_set_file(path);
	/* force the load now, then the file can go */
	labels_name(0);
	unlink(path);
	/* FUZZ_NETLINK_PRINT=1: the texts to stdout, to look at a seed */
	null_out = getenv("FUZZ_NETLINK_PRINT") ? stdout : fopen("/dev/null", "w");
	if (!null_out)
		abort();
	return 0;
}

/* ---- bytecode text ---------------------------------------------------- */

/* snprintf semantics: the count with no buffer equals what a big enough
 * buffer receives; a short buffer gets a NUL-terminated prefix. */
static void check_text(int (*fn)(char *, size_t, const void *), const void *obj)
{
	int n = fn(NULL, 0, obj), m;
	char *full, small[7];

	if (n < 0)
		abort();
	full = malloc(n + 1);
	if (!full)
		abort();
	m = fn(full, n + 1, obj);
	if (m != n || strlen(full) != (size_t)n)
		abort();
	memset(small, 'x', sizeof(small));
	m = fn(small, sizeof(small), obj);
	if (m != n || strlen(small) >= sizeof(small) || strncmp(small, full, strlen(small)))
		abort();
	fputs(full, null_out);
	free(full);
}

static int rule_text(char *b, size_t n, const void *o) { return nftnl_rule_snprintf(b, n, o); }
static int set_text(char *b, size_t n, const void *o) { return nftnl_set_snprintf(b, n, o); }
static int elems_text(char *b, size_t n, const void *o)
{
	return nftnl_set_elems_snprintf(b, n, o);
}

static char *rule_text_alloc(const struct nftnl_rule *r)
{
	int n = nftnl_rule_snprintf(NULL, 0, r);
	char *s = malloc(n + 1);

	if (!s)
		abort();
	nftnl_rule_snprintf(s, n + 1, r);
	return s;
}

/* Build @r back into a NEWRULE message and parse it again. */
static void check_rule_roundtrip(const struct nftnl_rule *r, size_t bound)
{
	char *buf = calloc(1, bound), *a, *b;
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	struct nftnl_rule *r2;

	if (!buf)
		abort();
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = r->family;
	if (nftnl_rule_build_checked(nlh, r) < 0) {
		free(buf);
		return;	/* too long for a 16-bit nest: refused, fine */
	}
	if (nlh->nlmsg_len > bound)
		abort();
	r2 = nftnl_rule_parse(nlh);
	if (!r2)
		abort();
	a = rule_text_alloc(r);
	b = rule_text_alloc(r2);
	if (strcmp(a, b)) {
		fprintf(stderr, "round trip changed the rule:\n%s---\n%s", a, b);
		abort();
	}
	free(a);
	free(b);
	nftnl_rule_free(r2);
	free(buf);
}

/* A message of @type for @family in a zeroed buffer of @bound bytes. */
static struct nlmsghdr *msg_new(char **buf, size_t bound, uint16_t type, uint32_t family)
{
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;

	*buf = calloc(1, bound);
	if (!*buf)
		abort();
	nlh = mnl_nlmsg_put_header(*buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	return nlh;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool udata_eq(const struct nftnl_udata_buf *a, const struct nftnl_udata_buf *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->data, b->data, a->len));
}

static void check_table_roundtrip(const struct nftnl_table *t, size_t bound)
{
	char *buf;
	struct nlmsghdr *nlh = msg_new(&buf, bound, NFT_MSG_NEWTABLE, t->family);
	struct nftnl_table *t2;

	nftnl_table_build(nlh, t);
	t2 = nftnl_table_parse(nlh);
	if (!t2 || t2->family != (uint8_t)t->family || !str_eq(t->name, t2->name) ||
	    t->flags != t2->flags || t->handle != t2->handle || !udata_eq(&t->udata, &t2->udata))
		abort();
	nftnl_table_free(t2);
	free(buf);
}

static void check_chain_roundtrip(const struct nftnl_chain *c, size_t bound)
{
	char *buf;
	struct nlmsghdr *nlh = msg_new(&buf, bound, NFT_MSG_NEWCHAIN, c->family);
	struct nftnl_chain *c2;

	nftnl_chain_build(nlh, c);
	c2 = nftnl_chain_parse(nlh);
	if (!c2 || !str_eq(c->table, c2->table) || !str_eq(c->name, c2->name) ||
	    c->handle != c2->handle || c->base != c2->base ||
	    (c->base && (c->hooknum != c2->hooknum || c->prio != c2->prio ||
			 !str_eq(c->type, c2->type) || !str_eq(c->dev, c2->dev))) ||
	    c->has_policy != c2->has_policy || c->policy != c2->policy ||
	    c->flags != c2->flags || !udata_eq(&c->udata, &c2->udata)) {
		fprintf(stderr, "round trip changed chain %s\n", c->name);
		abort();
	}
	nftnl_chain_free(c2);
	free(buf);
}

static char *set_text_alloc(const struct nftnl_set *s)
{
	int n = nftnl_set_snprintf(NULL, 0, s);
	char *t = malloc(n + 1);

	if (!t)
		abort();
	nftnl_set_snprintf(t, n + 1, s);
	return t;
}

/* The set, then its elements (NEWSETELEM), built and parsed again. */
static void check_set_roundtrip(const struct nftnl_set *s, size_t bound)
{
	char *buf, *buf2, *a, *b;
	struct nlmsghdr *nlh = msg_new(&buf, bound, NFT_MSG_NEWSET, s->family), *nlh2;
	struct nftnl_set *s2;

	nftnl_set_build(nlh, s);
	s2 = nftnl_set_parse(nlh);
	if (!s2)
		abort();
	nlh2 = msg_new(&buf2, bound, NFT_MSG_NEWSETELEM, s->family);
	nftnl_set_elems_build(nlh2, s);
	if (nlh2->nlmsg_len > bound)
		abort();
	/* an element list nest longer than 64 KiB cannot be said */
	if (nlh2->nlmsg_len < UINT16_MAX && nftnl_set_elems_parse(nlh2, s2) < 0)
		abort();
	a = set_text_alloc(s);
	b = set_text_alloc(s2);
	if (nlh2->nlmsg_len < UINT16_MAX && strcmp(a, b)) {
		fprintf(stderr, "round trip changed the set:\n%s\n---\n%s\n", a, b);
		abort();
	}
	free(a);
	free(b);
	nftnl_set_free(s2);
	free(buf);
	free(buf2);
}

/* ---- parsing ---------------------------------------------------------- */

static const struct nftnl_set *lookup_set(const char *name, void *data)
{
	struct objs *o = data;
	unsigned int i;

	for (i = 0; name && i < o->ns; i++)
		if (o->sets[i]->name && !strcmp(o->sets[i]->name, name))
			return o->sets[i];
	return NULL;
}

static void parse_one(struct objs *o, const struct nlmsghdr *nlh)
{
	if ((nlh->nlmsg_type >> 8) != NFNL_SUBSYS_NFTABLES)
		return;
	switch (nlh->nlmsg_type & 0xff) {
	case NFT_MSG_NEWTABLE:
		if (o->nt < MAX_OBJS && (o->tables[o->nt] = nftnl_table_parse(nlh)))
			o->nt++;
		break;
	case NFT_MSG_NEWCHAIN:
		if (o->nc < MAX_OBJS && (o->chains[o->nc] = nftnl_chain_parse(nlh)))
			o->nc++;
		break;
	case NFT_MSG_NEWRULE:
		if (o->nr < MAX_OBJS && (o->rules[o->nr] = nftnl_rule_parse(nlh)))
			o->nr++;
		break;
	case NFT_MSG_NEWSET:
		if (o->ns < MAX_OBJS && (o->sets[o->ns] = nftnl_set_parse(nlh)))
			o->ns++;
		break;
	case NFT_MSG_NEWSETELEM:
		if (o->ns)
			nftnl_set_elems_parse(nlh, o->sets[o->ns - 1]);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct objs *o = calloc(1, sizeof(*o));
	struct nft_ctx ctx = { 0 };
	const struct nlmsghdr *nlh;
	void *copy;
	int len = size > INT32_MAX ? INT32_MAX : (int)size;
	unsigned int i;

	if (!o)
		abort();
	if (!null_out)
		LLVMFuzzerInitialize(NULL, NULL);
	/* aligned copy, exactly @size bytes: reads past the end are caught */
	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	nlh = copy;
	if (nftnl_nlmsg_ok(nlh, len)) {
		uint32_t seq = nlh->nlmsg_seq;

		ctx.out.numeric = seq & 1;
		ctx.out.stateless = seq & 2;
		ctx.out.handle = seq & 4;
		ctx.out.numeric_proto = seq & 8;
		ctx.out.numeric_prio = seq & 16;
	}
	/* the walk of nftnl_sock_request() */
	for (; nftnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
		parse_one(o, nlh);

	for (i = 0; i < o->nt; i++) {
		check_table_roundtrip(o->tables[i], 4 * size + 4096);
		list_print_table(&ctx, o->tables[i], null_out);
	}
	for (i = 0; i < o->nc; i++) {
		check_chain_roundtrip(o->chains[i], 4 * size + 4096);
		list_print_chain(&ctx, o->chains[i], null_out);
	}
	for (i = 0; i < o->ns; i++) {
		check_text(set_text, o->sets[i]);
		check_text(elems_text, o->sets[i]);
		check_set_roundtrip(o->sets[i], 8 * size + 4096);
		nftnl_set_fprintf(null_out, o->sets[i]);
		fputc('\n', null_out);
		if (!(o->sets[i]->flags & NFT_SET_ANONYMOUS))
			list_print_set(&ctx, o->sets[i], null_out);
	}
	for (i = 0; i < o->nr; i++) {
		check_text(rule_text, o->rules[i]);
		nftnl_rule_fprintf(null_out, o->rules[i]);
		check_rule_roundtrip(o->rules[i], 4 * size + 4096);
		list_print_rule(&ctx, o->rules[i], lookup_set, o, null_out);
		fputc('\n', null_out);
	}

	for (i = 0; i < o->nt; i++)
		nftnl_table_free(o->tables[i]);
	for (i = 0; i < o->nc; i++)
		nftnl_chain_free(o->chains[i]);
	for (i = 0; i < o->nr; i++)
		nftnl_rule_free(o->rules[i]);
	for (i = 0; i < o->ns; i++)
		nftnl_set_free(o->sets[i]);
	free(o);
	free(copy);
	/* errors the listing queued: print and drop them */
	erec_print_all(null_out);
	return 0;
}
