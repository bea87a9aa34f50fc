/*
 * test_cmd.c - unit tests of the command runner's kernel error path
 * (cmd.c) without a kernel: a rule is parsed, evaluated and put in a
 * batch by cmd_batch_build() exactly as run_commands() does, then an
 * error is made as libnftnl delivers a kernel answer (struct
 * nftnl_batch_error: errno, the sequence number of the rule's message,
 * the extended ack's attribute offset) and fed to cmd_batch_report(),
 * the function run_commands() calls for every real kernel error. The
 * full printed message (position, text, hint, source line and carets)
 * is checked. This is how a kernel without CONFIG_NF_CONNTRACK_LABELS
 * answers a ct label rule (EOPNOTSUPP).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <nftnl.h>

#include "ast.h"
#include "erec.h"
#include "labels.h"
#include "nft.h"

#include "testlib.h"

/* Offset (from the nlmsghdr) of expression @idx of a NEWRULE message, as
 * the kernel reports a refused expression (NLMSGERR_ATTR_OFFS points at
 * its NFTA_LIST_ELEM); 0 if there is no such expression. */
static uint32_t expr_offset(const struct nlmsghdr *nlh, int idx)
{
	const char *p = (const char *)nlh + NLMSG_HDRLEN + sizeof(struct nfgenmsg);
	const char *stop = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *a, *e;
	int i = 0;

	for (; p + sizeof(*a) <= stop; p += NLA_ALIGN(a->nla_len)) {
		a = (const struct nlattr *)p;
		if ((a->nla_type & NLA_TYPE_MASK) != NFTA_RULE_EXPRESSIONS)
			continue;
		for (e = (const void *)(p + NLA_HDRLEN); (const char *)e < p + a->nla_len;
		     e = (const void *)((const char *)e + NLA_ALIGN(e->nla_len)))
			if (i++ == idx)
				return (const char *)e - (const char *)nlh;
	}
	return 0;
}

/* Parse, evaluate and batch @text (one rule), report error @err against
 * the rule's message (with the offset of expression @expr_idx, or none
 * when negative) and compare everything printed with @want. */
static void expect_report(const char *name, const char *text, int err, int expr_idx,
			  const char *want)
{
	struct nftnl_batch_error be = { 0 };
	struct nft_ctx ctx;
	struct input_desc *in;
	struct cmd *cmds, *c, *rule = NULL, *next;
	struct cmd_batch cb;
	char *got;

	memset(&ctx, 0, sizeof(ctx));
	in = input_from_string(&ctx, name, text);
	cmds = in ? parse_input(&ctx, in) : NULL;
	for (c = cmds; c; c = c->next) {
		check(evaluate_cmd(&ctx, c) == 0, "%s: evaluation failed", text);
		if (c->obj == CMD_OBJ_RULE)
			rule = c;
	}
	check(cmd_batch_build(&ctx, cmds, &cb) == 0 && rule && rule->seq,
	      "%s: not batched", text);
	got = take_errors();
	check(!got || !*got, "%s: unexpected errors: %s", text, got ? got : "");
	free(got);
	/* the rule's AST is freed once it is in the batch: the report below
	 * works from the compact records alone */
	check(!rule || !rule->rule, "%s: rule AST kept after batching", text);
	if (rule && rule->seq) {
		be.seq = rule->seq;
		be.err = err;
		if (expr_idx >= 0) {
			be.attr_offset = expr_offset(nftnl_batch_msg(cb.b, rule->seq), expr_idx);
			check(be.attr_offset != 0, "%s: no expression %d", text, expr_idx);
		}
		cmd_batch_report(&ctx, cmds, &cb, &be);
		got = take_errors();
		check(got && !strcmp(got, want), "%s (err %d, expr %d):\nwant:\n%sgot:\n%s", text,
		      err, expr_idx, want, got ? got : "(nothing)\n");
		free(got);
	}
	cmd_batch_free(&cb);
	for (c = cmds; c; c = next) {
		next = c->next;
		cmd_free(c);
	}
	inputs_free(&ctx);
}

#define NO_LABELS "Error: Could not process rule: Operation not supported; " \
	"this kernel has no conntrack label support (CONFIG_NF_CONNTRACK_LABELS)\n"

static void test_refusals(void)
{
	/* match: no offset (old kernels), the refusal table finds ct label */
	expect_report("<cmdline>", "add rule inet t c ct label voip accept\n", EOPNOTSUPP, -1,
		      NO_LABELS
		      "add rule inet t c ct label voip accept\n"
		      "                  ^^^^^^^^\n");
	/* the kernel names the ct load (expression 0): the same place */
	expect_report("<cmdline>", "add rule inet t c ct label voip accept\n", EOPNOTSUPP, 0,
		      NO_LABELS
		      "add rule inet t c ct label voip accept\n"
		      "                  ^^^^^^^^\n");
	/* set statement: immediate, then ct set (expression 1) */
	expect_report("<cmdline>", "add rule inet t c ct label set voip\n", EOPNOTSUPP, 1,
		      NO_LABELS
		      "add rule inet t c ct label set voip\n"
		      "                  ^^^^^^^^^^^^^^^^^\n");
	expect_report("<cmdline>", "add rule inet t c ct label set voip\n", EOPNOTSUPP, -1,
		      NO_LABELS
		      "add rule inet t c ct label set voip\n"
		      "                  ^^^^^^^^^^^^^^^^^\n");
	/* in a file: file:line:columns; expressions 0-3 are meta l4proto
	 * (the implied dependency), cmp, payload, cmp; 4 is the ct load */
	expect_report("ruleset.nft",
		      "add table inet t\nadd rule inet t c tcp dport 22 ct label voip counter\n",
		      EOPNOTSUPP, 4,
		      "ruleset.nft:2:32-39: " NO_LABELS
		      "add rule inet t c tcp dport 22 ct label voip counter\n"
		      "                               ^^^^^^^^\n");
	/* the offset wins over the table: the kernel named the tcp dport
	 * cmp, so the ct label hint does not apply */
	expect_report("ruleset.nft",
		      "add table inet t\nadd rule inet t c tcp dport 22 ct label voip counter\n",
		      EOPNOTSUPP, 3,
		      "ruleset.nft:2:19-30: Error: Could not process rule: Operation not supported\n"
		      "add rule inet t c tcp dport 22 ct label voip counter\n"
		      "                  ^^^^^^^^^^^^\n");
	/* an error with no entry in the table: the offset alone places it */
	expect_report("<cmdline>", "add rule inet t c meta mark 1 ct state new counter\n",
		      EPROTO, 2,
		      "Error: Could not process rule: Protocol error\n"
		      "add rule inet t c meta mark 1 ct state new counter\n"
		      "                              ^^^^^^^^\n");
	/* no offset, no entry: the whole rule */
	expect_report("<cmdline>", "add rule inet t c meta mark 1 counter\n", EPROTO, -1,
		      "Error: Could not process rule: Protocol error\n"
		      "add rule inet t c meta mark 1 counter\n"
		      "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
}

int main(void)
{
	char path[] = "/tmp/test_cmd_labels.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!fp) {
		perror("mkstemp");
		return 1;
	}
	fputs("0\tweb\n16\tvoip\n", fp);
	fclose(fp);
	labels_set_file(path);
	test_refusals();
	labels_reset();
	unlink(path);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
