/*
 * test_eval.c - unit tests of the tables (datatypes, keys, dependencies,
 * hooks and priorities), the label table, evaluation and linearization.
 *
 * The bytecode cases live in eval_bytecode.txt beside this file: every
 * rule there is parsed, evaluated and linearized (with --debug=netlink
 * set text captured) and the text compared with what upstream nft 1.0.6
 * prints, except for the deliberate differences marked DIFF there.
 * No kernel is needed. Prints "N passed, N failed" last.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter_arp.h>

#include "nftnl.h"
#include "ast.h"
#include "datatype.h"
#include "deps.h"
#include "erec.h"
#include "labels.h"
#include "nft.h"

#include "testlib.h"

/* Where the data files are: beside this source file. */
static char data_dir[PATH_MAX];

static void find_data_dir(const char *argv0)
{
	static const char *const tries[] = {
		"nftables/tests", "../../../nftables/tests", "../../../../nftables/tests",
	};
	char exe[PATH_MAX], path[PATH_MAX * 3];
	ssize_t n;
	size_t i;

	(void)argv0;
	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		snprintf(path, sizeof(path), "%s/eval_bytecode.txt", tries[i]);
		if (access(path, R_OK) == 0) {
			snprintf(data_dir, sizeof(data_dir), "%s", tries[i]);
			return;
		}
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (i = 1; i < sizeof(tries) / sizeof(tries[0]); i++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/%s/eval_bytecode.txt", exe, tries[i]);
			if (access(path, R_OK) == 0) {
				int k = snprintf(data_dir, sizeof(data_dir), "%.*s/%s",
						 PATH_MAX / 2, exe, tries[i]);

				(void)k;
				return;
			}
			*slash = '/';
		}
	}
	snprintf(data_dir, sizeof(data_dir), "nftables/tests");
}

/* ---- running rules -------------------------------------------------------- */

struct result {
	char *text;	/* set text + rule text, blank lines removed */
	char *errors;	/* erec text */
	int rc;
};

static void strip_blank_lines(char *s)
{
	char *r = s, *w = s;
	bool line_start = true;

	while (*r) {
		if (line_start && *r == '\n') {
			r++;
			continue;
		}
		line_start = *r == '\n';
		*w++ = *r++;
	}
	*w = '\0';
}

/* Set to force the operator of the first match (the parser has no `!`). */
static int force_op = -1;

/* Parse, evaluate and linearize "add rule FAMILY t c RULE". */
static struct result run_rule(const char *family, const char *rule)
{
	struct nft_ctx ctx;
	struct result res = { NULL, NULL, 0 };
	struct input_desc *in;
	struct cmd *cmds, *c, *next;
	char *line, *out = NULL;
	size_t outlen = 0;
	FILE *ms, *saved;
	unsigned int errs = erec_error_count();

	memset(&ctx, 0, sizeof(ctx));
	ctx.debug = DEBUG_NETLINK;
	if (asprintf(&line, "add rule %s t c %s", family, rule) < 0)
		abort();
	in = input_from_string(&ctx, "<cmdline>", line);
	free(line);
	ms = open_memstream(&out, &outlen);
	saved = stdout;
	stdout = ms;
	cmds = in ? parse_input(&ctx, in) : NULL;
	for (c = cmds; c && erec_error_count() == errs; c = c->next) {
		struct nftnl_rule *nr;
		char *text;
		int n;

		if (force_op >= 0 && c->obj == CMD_OBJ_RULE && c->rule->stmts &&
		    c->rule->stmts->kind == STMT_EXPR)
			c->rule->stmts->expr->rel.op = force_op;
		if (evaluate_cmd(&ctx, c) < 0 || c->obj != CMD_OBJ_RULE)
			continue;
		nr = linearize_rule(&ctx, NULL, c->rule);
		if (!nr)
			continue;
		n = nftnl_rule_snprintf(NULL, 0, nr);
		text = malloc(n + 1);
		nftnl_rule_snprintf(text, n + 1, nr);
		fputs(text, ms);
		if (nr->udata.len && !strstr(text, "userdata = {")) {
			/* as nft prints it after the rule (cmd.c) */
			const unsigned char *u = nr->udata.data;
			uint32_t i;

			fputs("  userdata = { ", ms);
			for (i = 0; i < nr->udata.len; i++)
				fprintf(ms, u[i] >= 0x20 && u[i] < 0x7f ? "%c" : "\\x%02x", u[i]);
			fputs(" }\n", ms);
		}
		free(text);
		nftnl_rule_free(nr);
	}
	stdout = saved;
	fclose(ms);
	strip_blank_lines(out);
	res.text = out;
	res.rc = erec_error_count() == errs ? 0 : -1;
	res.errors = take_errors();
	for (c = cmds; c; c = next) {
		next = c->next;
		cmd_free(c);
	}
	inputs_free(&ctx);
	return res;
}

static void result_free(struct result *r)
{
	free(r->text);
	free(r->errors);
}

/* ---- datatypes -------------------------------------------------------------- */

static char *print_value(const struct expr *v, const struct output_ctx *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	v->dtype->print(v, o, fp);
	fclose(fp);
	return buf;
}

/* Parse @text as @dt, print it back. NULL if parsing failed. */
static char *roundtrip(const struct datatype *dt, const char *text, const struct output_ctx *o)
{
	struct expr *sym = symbol_expr_alloc(NULL, text, false), *v;
	char *s = NULL;

	v = dt->parse(dt, sym);
	expr_free(sym);
	if (v) {
		s = print_value(v, o);
		expr_free(v);
	}
	free(take_errors());
	return s;
}

static void expect_rt(const struct datatype *dt, const char *in, const char *want,
		      const struct output_ctx *o)
{
	char *got = roundtrip(dt, in, o);

	check(got && !strcmp(got, want), "%s \"%s\": printed \"%s\", want \"%s\"", dt->name, in,
	      got ? got : "(parse error)", want);
	free(got);
}

static void expect_parse_error(const struct datatype *dt, const char *in, const char *msg)
{
	struct expr *sym = symbol_expr_alloc(NULL, in, false), *v;
	char *errs;

	v = dt->parse(dt, sym);
	errs = take_errors();
	check(!v && errs && strstr(errs, msg), "%s \"%s\": want error \"%s\", got \"%s\"",
	      dt->name, in, msg, errs ? errs : "");
	expr_free(v);
	expr_free(sym);
	free(errs);
}

static void expect_print_u64(const struct datatype *dt, unsigned int len, enum byteorder bo,
			     uint64_t v, const char *want, const struct output_ctx *o)
{
	struct expr *e = value_expr_from_u64(NULL, dt, bo, len, v);
	char *got = print_value(e, o);

	check(!strcmp(got, want), "%s print %#llx: \"%s\", want \"%s\"", dt->name,
	      (unsigned long long)v, got, want);
	free(got);
	expr_free(e);
}

static void test_datatypes(void)
{
	struct output_ctx o = { 0 }, n = { .numeric = true }, p = { .numeric_proto = true };

	expect_rt(&ct_state_type, "established", "established", &o);
	expect_rt(&ct_state_type, "untracked", "untracked", &o);
	expect_rt(&ct_state_type, "0x10", "0x10", &o);
	expect_rt(&ct_state_type, "new", "0x8", &n);
	expect_print_u64(&ct_state_type, 32, BYTEORDER_HOST, 6, "established,related", &o);
	expect_print_u64(&ct_state_type, 32, BYTEORDER_HOST, 0, "0x0", &o);
	expect_print_u64(&ct_state_type, 32, BYTEORDER_HOST, 0x30, "0x10,0x20", &o);
	expect_print_u64(&ct_status_type, 32, BYTEORDER_HOST, 0x260,
			 "dnat,0x40,dying", &o);
	expect_rt(&ct_status_type, "seen-reply", "seen-reply", &o);
	/* relative time: milliseconds, a bare number is seconds */
	expect_rt(&time_type, "30", "30s", &o);
	expect_rt(&time_type, "90", "1m30s", &o);
	expect_rt(&time_type, "1d2h3m4s5ms", "1d2h3m4s5ms", &o);
	expect_rt(&time_type, "1500ms", "1s500ms", &o);
	expect_rt(&time_type, "1500ms", "1s", &n);
	expect_rt(&time_type, "0", "0s", &o);
	expect_parse_error(&time_type, "5x", "Could not parse relative time");
	expect_parse_error(&time_type, "m", "Could not parse relative time");
	/* -n: each bit in hex, as upstream (not the whole value) */
	expect_print_u64(&ct_state_type, 32, BYTEORDER_HOST, 6, "0x2,0x4", &n);
	expect_print_u64(&ct_state_type, 32, BYTEORDER_HOST, 0, "0x0", &n);
	expect_print_u64(&ct_status_type, 32, BYTEORDER_HOST, 0x30, "0x10,0x20", &n);
	expect_print_u64(&tcp_flag_type, 8, BYTEORDER_BIG, 0x12, "0x2,0x10", &n);
	expect_print_u64(&tcp_flag_type, 8, BYTEORDER_BIG, 0x17, "0x1,0x2,0x4,0x10", &n);
	expect_print_u64(&tcp_flag_type, 8, BYTEORDER_BIG, 0x12, "syn,ack", &o);
	expect_parse_error(&ct_state_type, "foo", "Could not parse conntrack state");
	expect_parse_error(&ct_status_type, "foo", "Could not parse conntrack status");
	expect_rt(&ct_dir_type, "reply", "reply", &o);
	expect_rt(&ct_dir_type, "original", "0", &n);
	expect_rt(&tcp_flag_type, "syn", "syn", &o);
	expect_print_u64(&tcp_flag_type, 8, BYTEORDER_BIG, 0x12, "syn,ack", &o);
	expect_parse_error(&tcp_flag_type, "foo", "Could not parse TCP flag");
	expect_rt(&nfproto_type, "ipv6", "ipv6", &o);
	expect_rt(&nfproto_type, "ipv6", "10", &n);
	expect_rt(&ethertype_type, "ip", "ip", &o);
	expect_rt(&ethertype_type, "vlan", "8021q", &o);
	expect_rt(&ethertype_type, "0x1234", "0x1234", &o);
	expect_rt(&ethertype_type, "ip", "0x0800", &n);
	expect_parse_error(&ethertype_type, "foo", "Could not parse Ethernet protocol");
	expect_rt(&inet_protocol_type, "tcp", "tcp", &o);
	expect_rt(&inet_protocol_type, "50", "esp", &o);
	expect_rt(&inet_protocol_type, "58", "ipv6-icmp", &o);
	expect_rt(&inet_protocol_type, "200", "200", &o);
	expect_rt(&inet_protocol_type, "tcp", "6", &p);
	expect_rt(&inet_protocol_type, "tcp", "6", &n);
	expect_parse_error(&inet_protocol_type, "foo", "Could not resolve protocol name");
	expect_parse_error(&inet_protocol_type, "300", "Value 300 exceeds valid range 0-255");
	expect_rt(&inet_service_type, "ssh", "22", &o);
	expect_rt(&inet_service_type, "http", "80", &o);
	expect_rt(&inet_service_type, "8080", "8080", &o);
	expect_parse_error(&inet_service_type, "70000", "Service out of range");
	expect_parse_error(&inet_service_type, "nosuchservice", "Could not resolve service");
	expect_rt(&icmp_type_type, "echo-request", "echo-request", &o);
	expect_rt(&icmp_type_type, "8", "echo-request", &o);
	expect_rt(&icmp_type_type, "200", "200", &o);
	expect_rt(&icmp_type_type, "echo-request", "8", &n);
	expect_parse_error(&icmp_type_type, "foo", "Could not parse ICMP type");
	expect_rt(&icmp6_type_type, "nd-neighbor-solicit", "nd-neighbor-solicit", &o);
	expect_rt(&icmp6_type_type, "128", "echo-request", &o);
	expect_rt(&ipaddr_type, "10.1.2.3", "10.1.2.3", &o);
	expect_parse_error(&ipaddr_type, "foo", "Could not resolve hostname");
	expect_rt(&ip6addr_type, "fe80::1", "fe80::1", &o);
	expect_rt(&ip6addr_type, "::1:2", "::0.1.0.2", &o);
	expect_rt(&ip6addr_type, "::ffff:1.2.3.4", "::ffff:1.2.3.4", &o);
	expect_rt(&ip6addr_type, "2001:db8::1:0:0:1", "2001:db8::1:0:0:1", &o);
	expect_rt(&etheraddr_type, "1:2:3:4:5:6", "01:02:03:04:05:06", &o);
	expect_rt(&mark_type, "5", "0x00000005", &o);
	expect_rt(&mark_type, "0xffffffff", "0xffffffff", &o);
	expect_rt(&mark_type, "16", "0x00000010", &n);
	expect_parse_error(&mark_type, "0x1ffffffff",
			   "Value 8589934591 exceeds valid range 0-4294967295");
	expect_parse_error(&mark_type, "foo", "Could not parse packet mark");
	expect_rt(&ifname_type, "eth0", "\"eth0\"", &o);
	expect_rt(&ifname_type, "eth*", "\"eth*\"", &o);
	expect_parse_error(&ifname_type, "abcdefghijklmnopq", "String exceeds maximum length of 16");
	expect_rt(&uid_type, "0", "0", &o);
	expect_rt(&uid_type, "root", "0", &o);
	expect_rt(&gid_type, "1000", "1000", &o);
	expect_parse_error(&uid_type, "no-such-user-here", "User does not exist");
	expect_rt(&integer_type, "0x10", "16", &o);
	expect_parse_error(&integer_type, "-1", "Could not parse integer");
	check(datatype_by_id(TYPE_CT_LABEL) == &ct_label_type, "datatype_by_id(30)");
	check(datatype_by_id(TYPE_INET_SERVICE) == &inet_service_type, "datatype_by_id(13)");
	check(datatype_by_id(999) == &integer_type, "datatype_by_id(999)");
	check(datatype_basetype(&mark_type) == &integer_type, "basetype of mark");
}

/* ---- keys and dependencies ------------------------------------------------ */

static void test_keys(void)
{
	const struct proto_desc *tcp = proto_by_name("tcp"), *ip = proto_by_name("ip");
	const struct proto_desc *ip6 = proto_by_name("ip6"), *icmp = proto_by_name("icmp");
	const struct proto_field *f;
	struct expr *dep;
	enum proto_layer layer;

	check(ct_key_by_name("label") && ct_key_by_name("label")->key == NFT_CT_LABELS &&
	      ct_key_by_name("label")->len == 128, "ct label key");
	check(ct_key_by_nft(NFT_CT_STATE) == ct_key_by_name("state"), "ct state by nft");
	check(ct_key_by_name("zone")->dir == KEY_DIR_OPTIONAL, "ct zone direction");
	check(meta_key_by_name("iifname")->unqualified, "iifname unqualified");
	check(!meta_key_by_name("mark")->unqualified, "mark listed with meta");
	check(meta_key_by_nft(NFT_META_L4PROTO) == meta_key_by_name("l4proto"), "l4proto");
	f = proto_field_by_name(tcp, "dport");
	check(f && f->offset == 16 && f->len == 16 && f->dtype == &inet_service_type, "tcp dport");
	check(proto_field_at(ip, 96, 32) == proto_field_by_name(ip, "saddr"), "ip saddr at 96");
	check(proto_field_at(ip6, 64, 128) == proto_field_by_name(ip6, "saddr"), "ip6 saddr");
	check(proto_by_l4(IPPROTO_UDP) == proto_by_name("udp"), "proto_by_l4 udp");
	check(proto_by_nfproto(NFPROTO_IPV6) == ip6, "proto_by_nfproto");
	check(proto_by_ethertype(0x0800) == ip, "proto_by_ethertype");
	check(proto_desc_upstream_id(tcp) == 8 && proto_field_upstream_id(tcp, f) == 2,
	      "upstream ids of tcp dport");
	check(proto_family_base(NFPROTO_IPV4, PROTO_NETWORK) == ip, "ip family base");
	check(!proto_family_base(NFPROTO_INET, PROTO_NETWORK), "inet has no network base");

	dep = proto_dep_build(NFPROTO_INET, tcp, false, NULL);
	check(dep && dep->rel.left->kind == EXPR_META &&
	      dep->rel.left->meta.key->key == NFT_META_L4PROTO &&
	      value_to_u64(dep->rel.right) == IPPROTO_TCP, "inet tcp dep: meta l4proto tcp");
	check(proto_selects(NFPROTO_INET, dep, &layer) == tcp && layer == PROTO_TRANSPORT,
	      "meta l4proto tcp selects tcp");
	expr_free(dep);
	dep = proto_dep_build(NFPROTO_BRIDGE, ip, true, NULL);
	check(dep && dep->rel.left->kind == EXPR_PAYLOAD && dep->rel.left->payload.offset == 96,
	      "bridge implied ip dep: ether type");
	expr_free(dep);
	dep = proto_dep_build(NFPROTO_NETDEV, ip6, false, NULL);
	check(dep && dep->rel.left->meta.key->key == NFT_META_PROTOCOL &&
	      value_to_u64(dep->rel.right) == 0x86dd, "netdev ip6 dep: meta protocol ip6");
	check(!proto_selects(NFPROTO_INET, dep, &layer),
	      "meta protocol does not select the network layer in inet");
	expr_free(dep);
	check(!proto_dep_build(NFPROTO_IPV4, ip, false, NULL), "ip in ip: no dep");
	check(!proto_dep_build(NFPROTO_INET, proto_by_name("th"), false, NULL), "th: no dep");
	check(proto_implied_network(icmp) == ip, "icmp implies ip");
}

/* ---- hooks and priorities -------------------------------------------------- */

static void expect_prio(uint32_t family, uint32_t hook, int32_t prio, bool numeric,
			const char *want)
{
	char buf[64];

	priority_str(family, hook, prio, numeric, buf, sizeof(buf));
	check(!strcmp(buf, want), "priority %d (family %u hook %u): \"%s\", want \"%s\"", prio,
	      family, hook, buf, want);
}

static void expect_prio_parse(uint32_t family, const char *hook, const char *text, int ok,
			      int32_t want)
{
	int32_t prio = 0;
	int r = priority_parse(family, hook, text, &prio);

	check(ok ? (r == 0 && prio == want) : r < 0, "priority_parse(%u, %s, \"%s\"): %d %d",
	      family, hook, text, r, prio);
}

static void test_hooks(void)
{
	uint32_t h;

	check(hook_by_name(NFPROTO_INET, "forward", &h) == 0 && h == NF_INET_FORWARD, "forward");
	check(hook_by_name(NFPROTO_NETDEV, "ingress", &h) == 0 && h == NF_NETDEV_INGRESS,
	      "netdev ingress");
	check(hook_by_name(NFPROTO_ARP, "prerouting", &h) < 0, "arp has no prerouting");
	check(!strcmp(hook_name(NFPROTO_IPV4, NF_INET_POST_ROUTING), "postrouting"), "name");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, 0, false, "filter");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, 10, false, "filter + 10");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, 11, false, "11");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, -5, false, "filter - 5");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, -301, false, "raw - 1");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, -200, false, "-200");
	expect_prio(NFPROTO_INET, NF_INET_LOCAL_IN, -100, false, "-100");
	expect_prio(NFPROTO_INET, NF_INET_PRE_ROUTING, -100, false, "dstnat");
	expect_prio(NFPROTO_INET, NF_INET_POST_ROUTING, 100, false, "srcnat");
	expect_prio(NFPROTO_INET, NF_INET_PRE_ROUTING, 100, false, "100");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, 60, false, "security + 10");
	expect_prio(NFPROTO_INET, NF_INET_FORWARD, 0, true, "0");
	expect_prio(NFPROTO_BRIDGE, NF_INET_FORWARD, -200, false, "filter");
	expect_prio(NFPROTO_BRIDGE, NF_INET_FORWARD, 0, false, "0");
	expect_prio(NFPROTO_BRIDGE, NF_INET_LOCAL_OUT, 100, false, "out");
	expect_prio(NFPROTO_BRIDGE, NF_INET_PRE_ROUTING, -300, false, "dstnat");
	expect_prio(NFPROTO_BRIDGE, NF_INET_LOCAL_IN, -300, false, "-300");
	expect_prio(NFPROTO_BRIDGE, NF_INET_POST_ROUTING, 300, false, "srcnat");
	expect_prio(NFPROTO_NETDEV, NF_NETDEV_INGRESS, 5, false, "filter + 5");
	expect_prio(NFPROTO_NETDEV, NF_NETDEV_INGRESS, -150, false, "-150");
	expect_prio(NFPROTO_ARP, NF_ARP_IN, 3, false, "filter + 3");
	expect_prio_parse(NFPROTO_INET, "input", "filter", 1, 0);
	expect_prio_parse(NFPROTO_INET, "input", "filter + 10", 1, 10);
	expect_prio_parse(NFPROTO_INET, "input", "mangle - 5", 1, -155);
	expect_prio_parse(NFPROTO_INET, "input", "-5", 1, -5);
	expect_prio_parse(NFPROTO_INET, "input", "dstnat", 0, 0);
	expect_prio_parse(NFPROTO_INET, "prerouting", "dstnat", 1, -100);
	expect_prio_parse(NFPROTO_INET, "postrouting", "srcnat", 1, 100);
	expect_prio_parse(NFPROTO_BRIDGE, "output", "out", 1, 100);
	expect_prio_parse(NFPROTO_BRIDGE, "input", "raw", 0, 0);
	expect_prio_parse(NFPROTO_NETDEV, "ingress", "raw", 0, 0);
	expect_prio_parse(NFPROTO_INET, "input", "foo", 0, 0);
}

/* ---- labels ----------------------------------------------------------------- */

static char *write_file(const char *text)
{
	char *path = strdup("/tmp/test_eval_labels.XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

static void expect_label(const char *name, int want_bit)
{
	unsigned int bit = 0;
	int r = labels_lookup(name, NULL, &bit);
	char *errs = take_errors();

	check(want_bit < 0 ? r < 0 : (r == 0 && (int)bit == want_bit),
	      "label \"%s\": r=%d bit=%u (want %d) %s", name, r, bit, want_bit, errs ? errs : "");
	free(errs);
}

static void expect_label_error(const char *name, const char *msg)
{
	unsigned int bit;
	int r = labels_lookup(name, NULL, &bit);
	char *errs = take_errors();

	check(r < 0 && errs && strstr(errs, msg), "label \"%s\": want \"%s\", got \"%s\"", name,
	      msg, errs ? errs : "");
	free(errs);
}

static void test_labels(void)
{
	static const char conf[] =
		"# test table\n"
		"0\tfrom-lan\n"
		"1 from-wan   # trailing comment\n"
		"  0x10  voice\n"
		"5 \"guest wifi\"\n"
		"6 from eth0\n"
		"0 dup-bit\n"
		"7 voice\n"
		"nonsense line\n"
		"200 far-bit\n"
		"2000 too-far\n"
		"8 bad$name\n"
		"9 \"unterminated\n"
		"\n"
		"127 last\n";
	char *path = write_file(conf), *errs, *path2, big[64 * 1024];
	unsigned int errors_before = erec_error_count();
	size_t off = 0;
	unsigned int i, bit;
	clock_t t0;

	labels_set_file(path);
	check(labels_name(0) && !strcmp(labels_name(0), "from-lan"), "bit 0 name");
	errs = take_errors();
	check(errs && strstr(errs, ":7:") && strstr(errs, "bit 0 is already named \"from-lan\""),
	      "duplicate bit warning with FILE:LINE: %s", errs ? errs : "");
	check(errs && strstr(errs, ":8:") && strstr(errs, "label \"voice\" is already defined"),
	      "duplicate name warning");
	check(errs && strstr(errs, ":9:") && strstr(errs, "malformed line"), "malformed line");
	check(errs && strstr(errs, ":11:") && strstr(errs, "out of range"), "bit 2000");
	check(errs && strstr(errs, ":12:") && strstr(errs, "invalid character '$'"), "bad char");
	check(errs && strstr(errs, ":13:") && strstr(errs, "unterminated"), "unterminated");
	check(errs && strstr(errs, "Warning") && strstr(errs, "0 dup-bit"),
	      "warning quotes the line: %s", errs ? errs : "");
	free(errs);
	check(erec_error_count() == errors_before, "warnings are not errors");
	expect_label("from-lan", 0);
	expect_label("from-wan", 1);
	expect_label("voice", 16);
	expect_label("guest wifi", 5);
	expect_label("from eth0", 6);
	expect_label("last", 127);
	expect_label("0", 0);
	expect_label("127", 127);
	expect_label("0x7f", 127);
	check(labels_name(16) && !strcmp(labels_name(16), "voice"), "first name of bit 16 wins");
	check(!labels_name(2), "bit 2 unnamed");
	check(labels_name(200) && !strcmp(labels_name(200), "far-bit"), "bit 200 named in file");
	expect_label_error("far-bit", "the kernel holds 128 label bits");
	expect_label_error("128", "the kernel holds 128 label bits");
	expect_label_error("1000", "out of range");
	expect_label_error("voip", "unknown conntrack label \"voip\"; not in ");
	expect_label_error("voip", "(did you mean \"voice\"?)");
	expect_label_error("from-lna", "did you mean \"from-lan\"");
	expect_label_error("zzzzzzzzzzzz", "not in ");
	expect_label_error("", "empty conntrack label name");
	check(!strcmp(labels_file(), path), "labels_file()");

	/* no file at all: the message names what was searched */
	labels_set_file("/nonexistent/connlabel.conf");
	expect_label_error("web", "no label file found (searched /nonexistent/connlabel.conf)");
	expect_label("5", 5);
	check(!labels_name(5), "no names without a file");

	/* many labels: hash lookups, no quadratic behaviour */
	for (i = 0; i < LABEL_BITS_FILE; i++)
		off += snprintf(big + off, sizeof(big) - off, "%u label-number-%u\n", i, i);
	path2 = write_file(big);
	labels_set_file(path2);
	t0 = clock();
	for (i = 0; i < 100000; i++) {
		char name[32];

		snprintf(name, sizeof(name), "label-number-%u", i % 128);
		if (labels_lookup(name, NULL, &bit) < 0 || bit != i % 128)
			break;
	}
	check(i == 100000, "100000 lookups in a table of 1024 names");
	check((clock() - t0) < CLOCKS_PER_SEC, "lookups are fast");
	free(take_errors());
	check(labels_name(1023) && !strcmp(labels_name(1023), "label-number-1023"), "bit 1023");
	unlink(path2);
	free(path2);
	unlink(path);
	free(path);
}

/* ---- evaluation errors -------------------------------------------------------- */

static void expect_error(const char *family, const char *rule, const char *msg,
			 const char *caret)
{
	struct result r = run_rule(family, rule);

	check(r.rc < 0 && r.errors && strstr(r.errors, msg) &&
	      (!caret || strstr(r.errors, caret)),
	      "%s %s: want error \"%s\"%s%s, got:\n%s", family, rule, msg,
	      caret ? " at " : "", caret ? caret : "", r.errors ? r.errors : "");
	result_free(&r);
}

static void test_errors(void)
{
	/* carets: "add rule inet t c " is 18 columns */
	expect_error("inet", "tcp dport 22 udp dport 33",
		     "conflicting protocols specified: tcp vs. udp",
		     "\n                               ^^^^^^^^^\n");
	expect_error("inet", "ip saddr 1.1.1.1 ip6 daddr ::2",
		     "conflicting protocols specified: ip vs. ip6", NULL);
	expect_error("ip", "ip6 saddr ::1", "conflicting protocols specified: ip vs. ip6", NULL);
	expect_error("inet", "meta l4proto udp tcp dport 1",
		     "conflicting protocols specified: udp vs. tcp", NULL);
	expect_error("inet", "icmp type 8 ip6 saddr ::1",
		     "conflicting protocols specified: ip vs. ip6", NULL);
	expect_error("arp", "tcp dport 22", "conflicting protocols specified: arp vs. tcp", NULL);
	expect_error("ip", "meta nfproto ipv4", "meta nfproto is only useful in the inet family",
		     NULL);
	expect_error("inet", "tcp dport 22,80", "Basetype of type internet network service is "
		     "not bitmask", "\n                            ^^\n");
	expect_error("inet", "ct mark 1,2", "Basetype of type packet mark is not bitmask", NULL);
	expect_error("inet", "ct direction original,reply",
		     "Basetype of type conntrack direction is not bitmask", NULL);
	expect_error("inet", "tcp dport 20-10", "Range has zero or negative size", NULL);
	expect_error("inet", "ip saddr 1.2.3.4/33",
		     "Prefix length 33 is invalid for type of 32 bits width", NULL);
	expect_error("inet", "tcp dport < { 1, 2 }",
		     "Relational expression (<) is undefined for set expressions", NULL);
	expect_error("inet", "tcp dport < 1-2",
		     "Relational expression (<) is undefined for range expressions", NULL);
	expect_error("inet", "ct state foo", "Could not parse conntrack state",
		     "\n                           ^^^\n");
	expect_error("inet", "ip ttl 300", "Value 300 exceeds valid range 0-255", NULL);
	expect_error("inet", "meta mark 0x1ffffffff",
		     "Value 8589934591 exceeds valid range 0-4294967295", NULL);
	expect_error("inet", "tcp dport 70000", "Service out of range", NULL);
	expect_error("inet", "meta iifname \"abcdefghijklmnopq\"",
		     "String exceeds maximum length of 16", NULL);
	expect_error("inet", "ct label nosuch", "unknown conntrack label \"nosuch\"",
		     "\n                           ^^^^^^\n");
	expect_error("inet", "ct label set nosuch", "unknown conntrack label \"nosuch\"", NULL);
	expect_error("inet", "ct label web-typo", "did you mean \"web\"", NULL);
	expect_error("inet", "ct label 128", "the kernel holds 128 label bits", NULL);
	expect_error("inet", "ct label set 128", "the kernel holds 128 label bits", NULL);
	expect_error("inet", "ct label 0x80", "the kernel holds 128 label bits", NULL);
	expect_error("inet", "ct label 1000", "the kernel holds 128 label bits", NULL);
	expect_error("inet", "ct label web,nosuch", "unknown conntrack label \"nosuch\"",
		     "\n                               ^^^^^^\n");
	expect_error("inet", "ct label set web,128", "the kernel holds 128 label bits", NULL);
	expect_error("inet", "ct label \"\"", "empty conntrack label name", NULL);
	expect_error("inet", "ct state set new", "ct state cannot be set", NULL);
}

/* `key ! V` (none of the bits), as upstream's OP_NEG. */
static void expect_neg(const char *rule, const char *want)
{
	struct result r;

	force_op = OP_NEG;
	r = run_rule("inet", rule);
	force_op = -1;
	check(r.rc == 0 && !strcmp(r.text, want), "%s with !:\n--- want\n%s--- got\n%s%s", rule,
	      want, r.text, r.errors ? r.errors : "");
	result_free(&r);
}

static void test_negation(void)
{
	struct result r;

	expect_neg("ct state established",
		   "inet t c\n"
		   "  [ ct load state => reg 1 ]\n"
		   "  [ bitwise reg 1 = ( reg 1 & 0x00000002 ) ^ 0x00000000 ]\n"
		   "  [ cmp eq reg 1 0x00000000 ]\n");
	expect_neg("ct status dnat,snat",
		   "inet t c\n"
		   "  [ ct load status => reg 1 ]\n"
		   "  [ bitwise reg 1 = ( reg 1 & 0x00000030 ) ^ 0x00000000 ]\n"
		   "  [ cmp eq reg 1 0x00000000 ]\n");
	expect_neg("ct label 5",
		   "inet t c\n"
		   "  [ ct load label => reg 1 ]\n"
		   "  [ bitwise reg 1 = ( reg 1 & 0x00000020 0x00000000 0x00000000 0x00000000 ) ^ "
		   "0x00000000 0x00000000 0x00000000 0x00000000 ]\n"
		   "  [ cmp eq reg 1 0x00000000 0x00000000 0x00000000 0x00000000 ]\n");
	force_op = OP_NEG;
	r = run_rule("inet", "tcp dport 22");
	force_op = -1;
	check(r.rc < 0 && strstr(r.errors, "negation can only be used with singleton bitmask"),
	      "tcp dport ! 22 refused: %s", r.errors);
	result_free(&r);
}

/* Kernel expression -> source location, for kernel errors. */
static void test_locations(void)
{
	struct nft_ctx ctx;
	struct input_desc *in;
	struct cmd *cmds;
	struct nftnl_rule *nr = NULL;
	struct location *locs = NULL;
	size_t n = 0;

	memset(&ctx, 0, sizeof(ctx));
	in = input_from_string(&ctx, "<cmdline>", "add rule inet t c ct state established accept");
	cmds = in ? parse_input(&ctx, in) : NULL;
	if (cmds && evaluate_cmd(&ctx, cmds) == 0)
		nr = linearize_rule_locs(&ctx, NULL, cmds->rule, &locs, &n);
	check(nr && n == 4, "4 expressions with locations (%zu)", n);
	/* "add rule inet t c " is 18 columns: ct state at 19-26 */
	check(n == 4 && locs[0].first_column == 19 && locs[0].last_column == 26,
	      "ct load located at \"ct state\" (%u-%u)", n ? locs[0].first_column : 0,
	      n ? locs[0].last_column : 0);
	check(n == 4 && locs[1].first_column == 19 && locs[2].last_column == 38,
	      "bitwise and cmp located at the match");
	check(n == 4 && locs[3].first_column == 40 && locs[3].last_column == 45,
	      "verdict located at \"accept\"");
	free(locs);
	nftnl_rule_free(nr);
	if (cmds)
		cmd_free(cmds);
	free(take_errors());
	inputs_free(&ctx);
}

/* ---- found by fuzz/fuzz_input.c ---------------------------------------------- */

/* @a and @b give the same bytecode (and both evaluate). */
static void expect_same(const char *family, const char *a, const char *b)
{
	struct result ra = run_rule(family, a), rb = run_rule(family, b);

	check(ra.rc == 0 && rb.rc == 0 && !strcmp(ra.text, rb.text),
	      "%s \"%s\" and \"%s\" differ:\n--- %s\n%s%s--- %s\n%s%s", family, a, b, a,
	      ra.text, ra.errors ? ra.errors : "", b, rb.text, rb.errors ? rb.errors : "");
	result_free(&ra);
	result_free(&rb);
}

/* Every listed rule, fed back, must give its bytecode again: these are
 * the listings that did not. */
static void test_fuzz_findings(void)
{
	struct result r;

	/* a relative time as listed (30s, 1m30s, 500ms) is one word */
	expect_same("inet", "ct expiration 1m30s", "ct expiration 90");
	expect_same("inet", "ct expiration 30s500ms", "ct expiration 30500ms");
	/* a set whose elements merge into one interval is that interval,
	 * as the set lists: `{ 1-100 }` is the range match */
	expect_same("ip", "th sport { 1-100, 2 }", "th sport 1-100");
	expect_same("ip", "th sport { 1-10, 11-20 }", "th sport 1-20");
	expect_same("ip", "ip saddr { 10.0.0.0/8, 10.1.0.0/16 }", "ip saddr 10.0.0.0/8");
	expect_same("inet", "iifname { \"eth*\", \"eth0\" }", "iifname \"eth*\"");
	/* a value given twice is one element */
	expect_same("ip", "th sport { 2, 2, 3 }", "th sport { 2, 3 }");
	expect_same("ip", "th sport { 2, 2 }", "th sport 2");
	expect_same("inet", "ct label != { web, web }", "ct label != { web }");
	/* a header field under a byte aligned prefix mask is the prefix
	 * match (one shorter load), as it lists */
	expect_same("inet", "ip saddr & 255.255.0.0 == 10.1.0.0", "ip saddr 10.1.0.0/16");
	expect_same("inet", "ip6 daddr & ffff:: != 2001::", "ip6 daddr != 2001::/16");
	expect_same("inet", "ip saddr & 255.255.254.0 == 10.1.2.0", "ip saddr 10.1.2.0/23");
	r = run_rule("inet", "ip saddr & 255.0.0.0 == 10.0.0.1");
	check(r.rc == 0 && strstr(r.text, "[ payload load 4b @ network header + 12 => reg 1 ]"),
	      "a never true masked compare stays as written:\n%s", r.text);
	result_free(&r);
	/* label bits have no order: no ranges, prefixes or < > of labels
	 * (they listed as nonsense such as "monitor"-69) */
	expect_error("inet", "ct label 0-5", "conntrack labels are a set of bits: a range is not "
		     "a label match", "\n                           ^^^\n");
	expect_error("inet", "ct label { web, 3-4 }", "a range is not a label match", NULL);
	expect_error("inet", "ct label 5/2", "a prefix is not a label match", NULL);
	expect_error("inet", "ct label > 5", "conntrack labels are a set of bits: > is not a "
		     "label match", NULL);
	/* a string longer than a value, for a key whose type has no size */
	expect_error("inet", "ct helper \"ftpaddv tablesstatus dnat\"",
		     "String exceeds maximum length of 16",
		     "\n                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
	expect_error("inet", "ct helper \"aaaaaaaaaaaaaaaaa*\"",
		     "String exceeds maximum length of 16", NULL);
	/* adjacent names stay two intervals: merged, no name lists them */
	r = run_rule("inet", "iifname { \"eth*\", \"eti*\" }");
	check(r.rc == 0 && strstr(r.text, "element 00687465 00000000 00000000 00000000  : 0 [end]"
				   "\telement 00697465 00000000 00000000 00000000  : 1 [end]"
				   "\telement 00697465 00000000 00000000 00000000  : 0 [end]"),
	      "eth* and eti* kept apart:\n%s%s", r.text, r.errors ? r.errors : "");
	result_free(&r);
}

/* ---- bytecode ----------------------------------------------------------------- */

static void test_bytecode(void)
{
	char path[PATH_MAX + 32], *line = NULL, *family = NULL, *rule = NULL;
	char *want = NULL;
	size_t cap = 0, wlen = 0;
	FILE *fp, *w = NULL;
	unsigned int cases = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/eval_bytecode.txt", data_dir);
	fp = fopen(path, "r");
	check(fp != NULL, "open %s: %s", path, strerror(errno));
	if (!fp)
		return;
	for (;;) {
		n = getline(&line, &cap, fp);
		if (n < 0 || !strncmp(line, "### ", 4)) {
			if (family) {
				struct result r;

				fclose(w);
				r = run_rule(family, rule);
				check(r.rc == 0 && !strcmp(r.text, want),
				      "%s %s:\n--- want\n%s--- got\n%s%s", family, rule, want,
				      r.text, r.errors ? r.errors : "");
				result_free(&r);
				free(family);
				free(rule);
				free(want);
				family = NULL;
				cases++;
			}
			if (n < 0)
				break;
			line[n - 1] = '\0';
			rule = strchr(line + 4, '\t');
			if (!rule)
				continue;
			*rule++ = '\0';
			family = strdup(line + 4);
			rule = strdup(rule);
			w = open_memstream(&want, &wlen);
			continue;
		}
		if (family && line[0] != '#')
			fputs(line, w);
	}
	free(line);
	fclose(fp);
	check(cases > 500, "bytecode cases: %u", cases);
}

int main(int argc, char **argv)
{
	char path[PATH_MAX + 32];

	(void)argc;
	find_data_dir(argv[0]);
	unsetenv("NFT_CONNLABEL_FILE");
	test_datatypes();
	test_keys();
	test_hooks();
	test_labels();
	snprintf(path, sizeof(path), "%s/eval_labels.conf", data_dir);
	labels_set_file(path);
	test_errors();
	test_negation();
	test_locations();
	test_fuzz_findings();
	test_bytecode();
	labels_reset();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
