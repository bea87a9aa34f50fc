/*
 * labels-example.c - libnftnl's main path in a few dozen lines: in a
 * private network namespace of its own, create a table, a forward base
 * chain and a rule that sets conntrack label bit 5 on every forwarded
 * connection, plus a named set, in one transaction; dump the rule back
 * and print its bytecode; show what upstream nft lists, if installed.
 *
 * Needs root (for the namespace). Run: build/examples/labels-example
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nftnl.h"

#define NFT_UPSTREAM "/usr/sbin/nft"

static void print_error(const struct nftnl_batch_error *e, void *data)
{
	(void)data;
	fprintf(stderr, "  kernel error for message %u: %s%s%s\n", e->seq, strerror(e->err),
		e->msg ? ": " : "", e->msg ? e->msg : "");
}

static int print_rule(struct nftnl_rule *r, void *data)
{
	(void)data;
	nftnl_rule_fprintf(stdout, r);
	printf("\n");		/* nft --debug=netlink ends each rule with a blank line */
	nftnl_rule_free(r);
	return 0;
}

/* The rule "ct label set 5": load bit 5 of the 128-bit label into
 * register 1 (byte 0 is 0x20), then OR it into the connection's labels. */
static struct nftnl_rule *label_rule(void)
{
	static const uint8_t bit5[16] = { 0x20 };
	struct nftnl_rule *r = nftnl_rule_alloc(NFPROTO_INET, "labels", "fwd");

	if (!r)
		return NULL;
	nftnl_rule_add_expr(r, nftnl_expr_immediate_data(NFT_REG_1, bit5, sizeof(bit5)));
	nftnl_rule_add_expr(r, nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	return r;
}

static struct nftnl_set *address_set(void)
{
	struct nftnl_set *s = nftnl_set_alloc(NFPROTO_INET, "labels", "watched");
	int i;

	if (!s)
		return NULL;
	s->key_type = 7;	/* ipv4_addr */
	s->key_len = 4;
	s->id = 1;
	for (i = 1; i <= 2; i++) {
		struct nftnl_set_elem *e = nftnl_set_elem_alloc();
		uint8_t addr[4] = { 192, 0, 2, i };

		nftnl_data_set(&e->key, addr, sizeof(addr));
		nftnl_set_add_elem(s, e);
	}
	return s;
}

static int load(struct nftnl_sock *sock)
{
	struct nftnl_table *t = nftnl_table_alloc(NFPROTO_INET, "labels");
	struct nftnl_chain *c = nftnl_chain_alloc(NFPROTO_INET, "labels", "fwd");
	struct nftnl_rule *r = label_rule();
	struct nftnl_set *s = address_set();
	struct nftnl_batch *b = nftnl_batch_alloc();
	int ret = -1;

	if (!t || !c || !r || !s || !b)
		goto out;
	nftnl_chain_set_hook(c, "filter", NF_INET_FORWARD, 0, NULL);
	c->has_policy = true;
	c->policy = NF_ACCEPT;

	printf("batch:\n");
	printf("  %u: add table inet labels\n", nftnl_batch_table(b, NFTNL_CMD_ADD, t));
	printf("  %u: add chain inet labels fwd { type filter hook forward priority 0; "
	       "policy accept; }\n", nftnl_batch_chain(b, NFTNL_CMD_ADD, c));
	printf("  %u: add rule inet labels fwd ct label set 5\n",
	       nftnl_batch_rule(b, NFTNL_CMD_ADD, r));
	printf("  %u: add set inet labels watched { type ipv4_addr; }\n",
	       nftnl_batch_set(b, NFTNL_CMD_ADD, s));
	printf("  %u: add element inet labels watched { 192.0.2.1, 192.0.2.2 }\n",
	       nftnl_batch_set_elems(b, NFTNL_CMD_ADD, s));
	ret = nftnl_batch_commit(sock, b, false, print_error, NULL);
	if (ret < 0)
		fprintf(stderr, "commit failed: %s\n", strerror(errno));
	else
		printf("committed %u messages in one transaction\n\n", nftnl_batch_count(b));
out:
	nftnl_batch_free(b);
	nftnl_table_free(t);
	nftnl_chain_free(c);
	nftnl_rule_free(r);
	nftnl_set_free(s);
	return ret;
}

int main(void)
{
	struct nftnl_sock *sock;
	uint32_t genid;

	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
		return 1;
	}
	printf("running in a new network namespace\n");
	sock = nftnl_sock_open();
	if (!sock) {
		fprintf(stderr, "nftnl_sock_open: %s\n", strerror(errno));
		return 1;
	}
	if (load(sock) < 0) {
		nftnl_sock_close(sock);
		return 1;
	}
	if (nftnl_get_genid(sock, &genid) == 0)
		printf("ruleset generation %u\n\n", genid);

	printf("rules dumped back (nft --debug=netlink form):\n");
	if (nftnl_dump_rules(sock, NFPROTO_INET, "labels", "fwd", print_rule, NULL) < 0)
		fprintf(stderr, "dump rules: %s\n", strerror(errno));
	nftnl_sock_close(sock);

	if (access(NFT_UPSTREAM, X_OK) == 0) {
		printf("upstream %s list ruleset:\n", NFT_UPSTREAM);
		fflush(stdout);
		if (system(NFT_UPSTREAM " list ruleset") != 0)
			fprintf(stderr, "nft list ruleset failed\n");
	}
	return 0;
}
