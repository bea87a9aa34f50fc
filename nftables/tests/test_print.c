/*
 * test_print.c - unit tests of the listing path: libnftnl rules built by
 * hand (as upstream nft or our linearize emit them) are delinearized,
 * postprocessed and printed, and the text is compared with what upstream
 * nft 1.0.6 lists for the same bytecode.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <nftnl.h>

#include "ast.h"
#include "datatype.h"
#include "labels.h"
#include "nft.h"

static unsigned int passed, failed;
static struct nft_ctx ctx;

/* ---- building rules ---------------------------------------------------- */

static struct nftnl_rule *cur;

static void begin(uint32_t family)
{
	cur = nftnl_rule_alloc(family, "t", "c");
}

static void add(struct nftnl_expr *e)
{
	if (!e) {
		fprintf(stderr, "expression constructor failed\n");
		exit(2);
	}
	nftnl_rule_add_expr(cur, e);
}

/* Values are given as bytes in register order. */
#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })
#define BYTESP(...) ((const uint8_t[]){ __VA_ARGS__ })

static uint32_t u32v;
static const void *u32(uint32_t v)
{
	u32v = v;
	return &u32v;
}

static void load_ct(uint32_t key)
{
	add(nftnl_expr_ct_get(key, -1, NFT_REG_1));
}

static void load_meta(uint32_t key)
{
	add(nftnl_expr_meta_get(key, NFT_REG_1));
}

static void load_payload(uint32_t base, uint32_t off, uint32_t len)
{
	add(nftnl_expr_payload_load(base, off, len, NFT_REG_1));
}
static void cmp(uint32_t op, const void *v, size_t len)
{
	add(nftnl_expr_cmp(NFT_REG_1, op, v, len));
}
static void cmp32(uint32_t op, uint32_t v)
{
	cmp(op, u32(v), 4);
}

static void cmp8(uint32_t op, uint8_t v)
{
	cmp(op, &v, 1);
}

static void bitwise(const void *mask, const void *xor, size_t len)
{
	add(nftnl_expr_bitwise_bool(NFT_REG_1, NFT_REG_1, len, mask, xor));
}
static void bitwise32(uint32_t mask, uint32_t xor)
{
	uint32_t m = mask, x = xor;

	bitwise(&m, &x, 4);
}
static void verdict(int32_t code, const char *chain)
{
	add(nftnl_expr_immediate_verdict(code, chain));
}
static void accept(void)
{
	verdict(NF_ACCEPT, NULL);
}

/* meta l4proto P, as the dependency upstream emits */
static void dep_l4(uint8_t p)
{
	load_meta(NFT_META_L4PROTO);
	cmp8(NFT_CMP_EQ, p);
}

static void dep_nfproto(uint8_t p)
{
	load_meta(NFT_META_NFPROTO);
	cmp8(NFT_CMP_EQ, p);
}

/* 128-bit label value with @bit set */
static const uint8_t *label_bits(unsigned int bit, unsigned int bit2)
{
	static uint8_t v[16];

	memset(v, 0, sizeof(v));
	if (bit < 128)
		v[bit / 8] |= 1u << (bit % 8);
	if (bit2 < 128)
		v[bit2 / 8] |= 1u << (bit2 % 8);
	return v;
}

static const uint8_t zero16[16];

/* ---- sets ------------------------------------------------------------- */

#define MAX_SETS 8
static struct nftnl_set *sets[MAX_SETS];
static unsigned int nsets;

static const struct nftnl_set *lookup_set(const char *name, void *data)
{
	unsigned int i;

	(void)data;
	for (i = 0; i < nsets; i++)
		if (!strcmp(sets[i]->name, name))
			return sets[i];
	return NULL;
}

static struct nftnl_set *new_set(const char *name, uint32_t flags)
{
	struct nftnl_set *s = nftnl_set_alloc(cur->family, "t", name);

	s->flags = flags | NFT_SET_ANONYMOUS | NFT_SET_CONSTANT;
	sets[nsets++] = s;
	return s;
}

static void set_elem(struct nftnl_set *s, const void *key, size_t len, uint32_t flags)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();

	nftnl_data_set(&e->key, key, len);
	e->flags = flags;
	nftnl_set_add_elem(s, e);
}

static void free_sets(void)
{
	while (nsets)
		nftnl_set_free(sets[--nsets]);
}

/* ---- checking --------------------------------------------------------- */

static char *listing(const struct nftnl_rule *nr, const struct output_ctx *o)
{
	struct rule *r = delinearize_rule(&ctx, nr, lookup_set, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	postprocess_rule(&ctx, r);
	print_rule(r, o, fp);
	fclose(fp);
	rule_free(r);
	return buf;
}

static void check_with(const char *name, const struct output_ctx *o, const char *want)
{
	char *got = listing(cur, o);

	if (!strcmp(got, want)) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s\n  want: %s\n  got:  %s\n", name, want, got);
	}
	free(got);
	nftnl_rule_free(cur);
	cur = NULL;
	free_sets();
}

static void check(const char *name, const char *want)
{
	check_with(name, &ctx.out, want);
}

/* ---- cases: ct state, ct status, tcp flags (bitmasks) ------------------- */

static void test_bitmasks(void)
{
	begin(NFPROTO_INET);
	load_ct(NFT_CT_STATE);
	bitwise32(0x6, 0);
	cmp32(NFT_CMP_NEQ, 0);
	accept();
	check("ct state any of", "ct state established,related accept");

	begin(NFPROTO_INET);
	load_ct(NFT_CT_STATE);
	bitwise32(0x2, 0);
	cmp32(NFT_CMP_EQ, 0);
	check("ct state none of", "ct state ! established");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_STATE);
	cmp32(NFT_CMP_NEQ, 0x2);
	check("ct state != exact", "ct state != established");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_STATE);
	cmp32(NFT_CMP_NEQ, 0x6);
	check("ct state != exact two", "ct state != established | related");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_STATE);
	cmp32(NFT_CMP_EQ, 0x8);
	check("ct state == exact", "ct state == new");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_STATE);
	cmp32(NFT_CMP_EQ, 0x6);
	check("ct state == exact two", "ct state established | related");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_STATE);
	bitwise32(0xa, 0);
	cmp32(NFT_CMP_EQ, 0x8);
	check("ct state flagcmp", "ct state new / established,new");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_STATUS);
	bitwise32(0x30, 0);
	cmp32(NFT_CMP_NEQ, 0);
	accept();
	check("ct status", "ct status snat,dnat accept");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
	bitwise(BYTESP(0x12), BYTESP(0x00), 1);
	cmp8(NFT_CMP_EQ, 0x02);
	check("tcp flags syn / syn,ack", "tcp flags syn / syn,ack");

	begin(NFPROTO_INET);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
	bitwise(BYTESP(0x17), BYTESP(0x00), 1);
	cmp8(NFT_CMP_NEQ, 0x02);
	check("tcp flags != v / m", "tcp flags != syn / fin,syn,rst,ack");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
	bitwise(BYTESP(0x02), BYTESP(0x00), 1);
	cmp8(NFT_CMP_NEQ, 0);
	check("tcp flags syn", "tcp flags syn");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
	bitwise(BYTESP(0x02), BYTESP(0x00), 1);
	cmp8(NFT_CMP_EQ, 0x02);
	check("tcp flags & syn == syn (one bit)", "tcp flags & syn == syn");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
	bitwise(BYTESP(0x12), BYTESP(0x00), 1);
	cmp8(NFT_CMP_EQ, 0x12);
	check("tcp flags syn,ack / syn,ack", "tcp flags syn,ack / syn,ack");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
	cmp8(NFT_CMP_EQ, 0x02);
	check("tcp flags == syn", "tcp flags == syn");
}

/* ---- cases: ct label (every form) ------------------------------------- */

static void label_load(void)
{
	load_ct(NFT_CT_LABELS);
}

static void test_labels(void)
{
	struct output_ctx num = ctx.out;

	num.numeric = true;

	begin(NFPROTO_INET);
	label_load();
	bitwise(label_bits(16, 999), zero16, 16);
	cmp(NFT_CMP_NEQ, zero16, 16);
	accept();
	check("label bit set", "ct label \"http\" accept");

	begin(NFPROTO_INET);
	label_load();
	bitwise(label_bits(16, 999), zero16, 16);
	cmp(NFT_CMP_NEQ, zero16, 16);
	check_with("label -n", &num, "ct label 16");

	begin(NFPROTO_INET);
	label_load();
	bitwise(label_bits(5, 999), zero16, 16);
	cmp(NFT_CMP_NEQ, zero16, 16);
	check("label unnamed bit", "ct label 5");

	begin(NFPROTO_IPV4);
	label_load();
	bitwise(label_bits(16, 999), zero16, 16);
	cmp(NFT_CMP_EQ, zero16, 16);
	accept();
	check("label != (ours: bit clear)", "ct label != \"http\" accept");

	begin(NFPROTO_IPV4);
	label_load();
	bitwise(label_bits(127, 999), zero16, 16);
	cmp(NFT_CMP_EQ, zero16, 16);
	add(nftnl_expr_immediate_verdict(NF_DROP, NULL));
	check("label != last bit", "ct label != \"last-bit\" drop");

	begin(NFPROTO_IPV4);
	label_load();
	cmp(NFT_CMP_NEQ, label_bits(16, 999), 16);
	accept();
	check("label upstream cmp neq (whole set)", "ct label != { \"http\" } accept");

	begin(NFPROTO_IPV4);
	label_load();
	cmp(NFT_CMP_NEQ, label_bits(16, 19), 16);
	check("label upstream cmp neq two bits", "ct label != { \"http\" | \"dns\" }");

	begin(NFPROTO_IPV4);
	label_load();
	cmp(NFT_CMP_EQ, label_bits(16, 999), 16);
	check("label == exact", "ct label == \"http\"");

	begin(NFPROTO_IPV4);
	label_load();
	cmp(NFT_CMP_EQ, label_bits(16, 19), 16);
	check("label == exact two", "ct label \"http\" | \"dns\"");

	begin(NFPROTO_IPV4);
	label_load();
	bitwise(label_bits(5, 16), zero16, 16);
	cmp(NFT_CMP_NEQ, zero16, 16);
	check("label any of", "ct label 5,\"http\"");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_immediate_data(NFT_REG_1, label_bits(32, 999), 16));
	add(nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	check("label set", "ct label set \"wan1-billing\"");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_immediate_data(NFT_REG_1, label_bits(0, 127), 16));
	add(nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	check("label set two", "ct label set \"from-lan\" | \"last-bit\"");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_immediate_data(NFT_REG_1, label_bits(6, 999), 16));
	add(nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	check("label set unnamed", "ct label set 6");

	begin(NFPROTO_INET);
	load_ct(NFT_CT_STATE);
	bitwise32(0x8, 0);
	cmp32(NFT_CMP_NEQ, 0);
	load_meta(NFT_META_IIFNAME);
	cmp(NFT_CMP_EQ, BYTES('e', 't', 'h', '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	add(nftnl_expr_immediate_data(NFT_REG_1, label_bits(0, 999), 16));
	add(nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1));
	check("label set after matches",
	      "ct state new iifname \"eth0\" ct label set \"from-lan\"");
}

/* ---- cases: integers, binops, ranges ----------------------------------- */

static void test_integers(void)
{
	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	bitwise32(0xff, 0);
	cmp32(NFT_CMP_EQ, 1);
	accept();
	check("ct mark & ==", "ct mark & 0x000000ff == 0x00000001 accept");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	bitwise32(0xfffffffe, 1);
	cmp32(NFT_CMP_EQ, 1);
	check("ct mark | ==", "ct mark | 0x00000001 == 0x00000001");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	cmp32(NFT_CMP_NEQ, 2);
	check("ct mark !=", "ct mark != 0x00000002");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	bitwise32(0xffffffff, 3);
	cmp32(NFT_CMP_NEQ, 1);
	check("ct mark ^ folded", "ct mark != 0x00000002");

	begin(NFPROTO_IPV4);
	load_meta(NFT_META_MARK);
	cmp32(NFT_CMP_EQ, 0x10);
	check("meta mark", "meta mark 0x00000010");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	bitwise32(0xffffffef, 0x10);
	add(nftnl_expr_ct_set(NFT_CT_MARK, -1, NFT_REG_1));
	check("ct mark set ct mark |", "ct mark set ct mark | 0x00000010");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	bitwise32(0xff00, 0x1);
	add(nftnl_expr_ct_set(NFT_CT_MARK, -1, NFT_REG_1));
	check("ct mark set & ^ disjoint", "ct mark set ct mark & 0x0000ff01 | 0x00000001");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_MARK);
	bitwise32(0xff00, 0x100);
	add(nftnl_expr_ct_set(NFT_CT_MARK, -1, NFT_REG_1));
	check("ct mark set & ^", "ct mark set ct mark & 0x0000ff00 ^ 0x00000100");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_immediate_data(NFT_REG_1, u32(0x10), 4));
	add(nftnl_expr_ct_set(NFT_CT_MARK, -1, NFT_REG_1));
	check("ct mark set", "ct mark set 0x00000010");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_ct_get(NFT_CT_MARK, -1, NFT_REG_1));
	add(nftnl_expr_meta_set(NFT_META_MARK, NFT_REG_1));
	check("meta mark set ct mark", "meta mark set ct mark");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_immediate_data(NFT_REG_1, u32(2), 4));
	add(nftnl_expr_meta_set(NFT_META_MARK, NFT_REG_1));
	check("meta mark set", "meta mark set 0x00000002");

	begin(NFPROTO_IPV4);
	load_meta(NFT_META_LEN);
	add(nftnl_expr_byteorder(NFT_REG_1, NFT_REG_1, NFT_BYTEORDER_HTON, 4, 4));
	cmp(NFT_CMP_GT, BYTES(0x00, 0x00, 0x03, 0xe8));
	check("meta length > (byteorder)", "meta length > 1000");

	begin(NFPROTO_IPV4);
	load_meta(NFT_META_LEN);
	add(nftnl_expr_byteorder(NFT_REG_1, NFT_REG_1, NFT_BYTEORDER_HTON, 4, 4));
	cmp(NFT_CMP_GTE, BYTES(0x00, 0x00, 0x00, 0x40));
	cmp(NFT_CMP_LTE, BYTES(0x00, 0x00, 0x00, 0x80));
	check("meta length range", "meta length 64-128");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_UDP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_GTE, BYTES(0x00, 0x35));
	cmp(NFT_CMP_LTE, BYTES(0x00, 0x36));
	accept();
	check("udp dport range", "udp dport 53-54 accept");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	add(nftnl_expr_range(NFT_REG_1, NFT_RANGE_NEQ, BYTESP(0x00, 0x01), BYTESP(0x00, 0x02),
			     2));
	check("tcp dport != range", "tcp dport != 1-2");

	begin(NFPROTO_IPV4);
	load_meta(NFT_META_SKUID);
	cmp32(NFT_CMP_EQ, 0);
	load_meta(NFT_META_SKGID);
	cmp32(NFT_CMP_LT, 100);
	check("skuid skgid", "meta skuid 0 meta skgid < 100");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_ct_get(NFT_CT_ZONE, 0, NFT_REG_1));
	cmp(NFT_CMP_EQ, BYTES(1, 0));
	load_ct(NFT_CT_DIRECTION);
	cmp8(NFT_CMP_EQ, 1);
	check("ct original zone, direction", "ct original zone 1 ct direction reply");
}

/* ---- cases: addresses, prefixes, strings ------------------------------- */

static void test_addresses(void)
{
	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	cmp(NFT_CMP_EQ, BYTES(1, 2, 3, 4));
	check("ip saddr", "ip saddr 1.2.3.4");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 1);
	cmp8(NFT_CMP_EQ, 10);
	check("ip saddr /8 (1-byte load)", "ip saddr 10.0.0.0/8");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 2);
	cmp(NFT_CMP_NEQ, BYTES(10, 0));
	check("ip daddr != /16", "ip daddr != 10.0.0.0/16");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 2);
	bitwise(BYTESP(0xff, 0x80), BYTESP(0, 0), 2);
	cmp(NFT_CMP_EQ, BYTES(10, 0x80));
	check("ip daddr /9 (mask)", "ip daddr 10.128.0.0/9");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	bitwise(BYTESP(0, 0, 0, 0), BYTESP(0, 0, 0, 0), 4);
	cmp(NFT_CMP_EQ, BYTES(0, 0, 0, 0));
	check("ip saddr /0", "ip saddr 0.0.0.0/0");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	bitwise(BYTESP(255, 0, 255, 0), BYTESP(0, 0, 0, 0), 4);
	cmp(NFT_CMP_EQ, BYTES(1, 0, 1, 0));
	check("ip saddr & mask", "ip saddr & 255.0.255.0 == 1.0.1.0");

	/* value bits outside a prefix mask (never true): not a prefix,
	 * 10.1.2.3/16 would read back as 10.1.0.0/16 (upstream lists it so) */
	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	bitwise(BYTESP(255, 255, 0, 0), BYTESP(0, 0, 0, 0), 4);
	cmp(NFT_CMP_EQ, BYTES(10, 1, 2, 3));
	check("ip saddr & prefix mask, value outside", "ip saddr & 255.255.0.0 == 10.1.2.3");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	bitwise(BYTESP(255, 255, 0, 0), BYTESP(0, 0, 0, 0), 4);
	cmp(NFT_CMP_EQ, BYTES(10, 1, 0, 0));
	check("ip saddr & prefix mask, value inside", "ip saddr 10.1.0.0/16");

	begin(NFPROTO_IPV6);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 8, 16);
	bitwise(BYTESP(0xff, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		BYTESP(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 16);
	cmp(NFT_CMP_EQ, BYTES(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 24, 16);
	cmp(NFT_CMP_EQ, BYTES(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
	accept();
	check("ip6 saddr prefix, daddr", "ip6 saddr fe80::/10 ip6 daddr ::1 accept");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 8, 2);
	cmp(NFT_CMP_EQ, BYTES(64, 6));
	check("merged ttl+protocol", "ip ttl 64 ip protocol tcp");

	begin(NFPROTO_IPV6);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 6, 2);
	cmp(NFT_CMP_EQ, BYTES(6, 255));
	check("merged nexthdr+hoplimit", "ip6 nexthdr tcp ip6 hoplimit 255");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 2, 2);
	cmp(NFT_CMP_GTE, BYTES(0, 100));
	cmp(NFT_CMP_LTE, BYTES(0, 200));
	check("ip length range", "ip length 100-200");

	begin(NFPROTO_IPV4);
	load_meta(NFT_META_IIFNAME);
	cmp(NFT_CMP_EQ, BYTES('e', 't', 'h'));
	load_meta(NFT_META_OIFNAME);
	cmp(NFT_CMP_NEQ, BYTES('l', 'o', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	accept();
	check("ifname wildcard, !=", "iifname \"eth*\" oifname != \"lo\" accept");

	begin(NFPROTO_IPV4);
	load_meta(NFT_META_IIF);
	cmp32(NFT_CMP_EQ, 1);
	check("iif", "iif \"lo\"");
}

/* ---- cases: anonymous sets ------------------------------------------- */

static void test_sets(void)
{
	struct nftnl_set *s;

	begin(NFPROTO_INET);
	s = new_set("__set0", 0);
	set_elem(s, BYTES(0x01, 0xbb), 0);
	set_elem(s, BYTES(0x00, 0x50), 0);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	add(nftnl_expr_lookup("__set0", 0, NFT_REG_1, false));
	accept();
	check("tcp dport set (sorted)", "tcp dport { 80, 443 } accept");

	begin(NFPROTO_IPV4);
	s = new_set("__set1", NFT_SET_INTERVAL);
	set_elem(s, BYTES(192, 168, 1, 21), NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES(192, 168, 1, 1), 0);
	set_elem(s, BYTES(11, 0, 0, 0), NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES(10, 0, 0, 0), 0);
	set_elem(s, BYTES(1, 1, 1, 2), NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES(1, 1, 1, 1), 0);
	set_elem(s, BYTES(0, 0, 0, 0), NFT_SET_ELEM_INTERVAL_END);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	add(nftnl_expr_lookup("__set1", 0, NFT_REG_1, false));
	check("interval set", "ip saddr { 1.1.1.1, 10.0.0.0/8, 192.168.1.1-192.168.1.20 }");

	begin(NFPROTO_IPV4);
	s = new_set("__set2", 0);
	set_elem(s, BYTES(1, 1, 1, 1), 0);
	set_elem(s, BYTES(2, 2, 2, 2), 0);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	add(nftnl_expr_lookup("__set2", 0, NFT_REG_1, true));
	check("inverted lookup", "ip saddr != { 1.1.1.1, 2.2.2.2 }");

	begin(NFPROTO_IPV4);
	s = new_set("__set3", NFT_SET_INTERVAL);
	set_elem(s, BYTES(0, 0, 1, 1), NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES(0, 0, 1, 0), 0);
	set_elem(s, BYTES(0, 0, 0, 0x20), NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES(0, 0, 0, 0x10), 0);
	set_elem(s, BYTES(0, 0, 0, 0), NFT_SET_ELEM_INTERVAL_END);
	load_ct(NFT_CT_MARK);
	add(nftnl_expr_byteorder(NFT_REG_1, NFT_REG_1, NFT_BYTEORDER_HTON, 4, 4));
	add(nftnl_expr_lookup("__set3", 0, NFT_REG_1, false));
	check("mark interval set (byteorder)", "ct mark { 0x00000010/28, 0x00000100 }");

	begin(NFPROTO_IPV4);
	s = new_set("__set4", NFT_SET_INTERVAL);
	set_elem(s, BYTES('l', 'o', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
		 NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES('l', 'o', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0);
	set_elem(s, BYTES('e', 't', 'i', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		 NFT_SET_ELEM_INTERVAL_END);
	set_elem(s, BYTES('e', 't', 'h', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0);
	set_elem(s, zero16, 16, NFT_SET_ELEM_INTERVAL_END);
	load_meta(NFT_META_IIFNAME);
	add(nftnl_expr_lookup("__set4", 0, NFT_REG_1, false));
	check("ifname set with wildcard", "iifname { \"eth*\", \"lo\" }");

	begin(NFPROTO_IPV4);
	s = new_set("__set5", 0);
	set_elem(s, BYTES(8, 0, 0, 0), 0);
	set_elem(s, BYTES(2, 0, 0, 0), 0);
	load_ct(NFT_CT_STATE);
	add(nftnl_expr_lookup("__set5", 0, NFT_REG_1, false));
	check("ct state set", "ct state { established, new }");

	begin(NFPROTO_IPV4);
	s = new_set("__set6", 0);
	set_elem(s, label_bits(16, 19), 16, 0);
	set_elem(s, label_bits(0, 999), 16, 0);
	label_load();
	add(nftnl_expr_lookup("__set6", 0, NFT_REG_1, false));
	check("ct label set lookup", "ct label { \"from-lan\", \"http\" | \"dns\" }");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	add(nftnl_expr_lookup("blocked", 0, NFT_REG_1, false));
	add(nftnl_expr_immediate_verdict(NF_DROP, NULL));
	check("named set", "ip saddr @blocked drop");
}

/* ---- cases: dependencies per family ------------------------------------ */

static void test_deps(void)
{
	begin(NFPROTO_INET);
	dep_nfproto(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	cmp(NFT_CMP_EQ, BYTES(1, 1, 1, 1));
	check("inet ip saddr", "ip saddr 1.1.1.1");

	begin(NFPROTO_INET);
	dep_nfproto(NFPROTO_IPV6);
	dep_l4(IPPROTO_TCP);
	check("inet explicit nfproto l4proto kept", "meta nfproto ipv6 meta l4proto tcp");

	begin(NFPROTO_INET);
	dep_nfproto(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 9, 1);
	cmp8(NFT_CMP_EQ, IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 1));
	check("inet ip protocol tcp kept", "ip protocol tcp tcp dport 1");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 9, 1);
	cmp8(NFT_CMP_EQ, IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 1));
	check("ip ip protocol tcp dropped", "tcp dport 1");

	/* a protocol without a known header before th stays listed: th
	 * adds no dependency, so dropping it would match every protocol */
	begin(NFPROTO_IPV4);
	dep_l4(47);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 22));
	check("meta l4proto gre before th kept", "meta l4proto gre th dport 22");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 9, 1);
	cmp8(NFT_CMP_EQ, 255);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 22));
	check("ip protocol 255 before th kept", "ip protocol 255 th dport 22");

	begin(NFPROTO_IPV6);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 8, 16);
	cmp(NFT_CMP_EQ, BYTES(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 1));
	check("ip6 l4proto dropped across", "ip6 saddr ::1 tcp dport 1");

	begin(NFPROTO_BRIDGE);
	load_meta(NFT_META_PROTOCOL);
	cmp(NFT_CMP_EQ, BYTES(0x08, 0x00));
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	cmp(NFT_CMP_EQ, BYTES(1, 1, 1, 1));
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 80));
	accept();
	check("bridge ip saddr tcp dport", "ip saddr 1.1.1.1 tcp dport 80 accept");

	begin(NFPROTO_NETDEV);
	load_meta(NFT_META_PROTOCOL);
	cmp(NFT_CMP_EQ, BYTES(0x86, 0xdd));
	accept();
	check("netdev meta protocol kept", "meta protocol ip6 accept");

	begin(NFPROTO_INET);
	load_meta(NFT_META_PROTOCOL);
	cmp(NFT_CMP_EQ, BYTES(0x08, 0x00));
	dep_nfproto(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	cmp(NFT_CMP_EQ, BYTES(1, 1, 1, 1));
	check("inet meta protocol kept", "meta protocol ip ip saddr 1.1.1.1");

	begin(NFPROTO_INET);
	dep_nfproto(NFPROTO_IPV4);
	dep_l4(IPPROTO_ICMP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
	cmp8(NFT_CMP_EQ, 8);
	check("inet icmp type (implied ip)", "icmp type echo-request");

	begin(NFPROTO_IPV6);
	dep_l4(IPPROTO_ICMPV6);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
	cmp8(NFT_CMP_EQ, 128);
	check("icmpv6 type", "icmpv6 type echo-request");

	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 80));
	check("th dport", "th dport 80");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_L3PROTOCOL);
	cmp8(NFT_CMP_EQ, NFPROTO_IPV4);
	load_ct(NFT_CT_PROTOCOL);
	cmp8(NFT_CMP_EQ, IPPROTO_TCP);
	check("ct l3proto before ct protocol", "ct protocol tcp");

	begin(NFPROTO_IPV4);
	load_ct(NFT_CT_L3PROTOCOL);
	cmp8(NFT_CMP_EQ, NFPROTO_IPV4);
	check("ct l3proto alone", "ct l3proto ipv4");

	begin(NFPROTO_IPV4);
	dep_l4(IPPROTO_TCP);
	accept();
	check("meta l4proto alone", "meta l4proto tcp accept");
}

/* ---- cases: statements ------------------------------------------------- */

static void test_statements(void)
{
	struct output_ctx stateless = ctx.out;
	struct nftnl_expr *e;

	stateless.stateless = true;

	begin(NFPROTO_IPV4);
	add(nftnl_expr_counter(10, 100));
	accept();
	check("counter", "counter packets 10 bytes 100 accept");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_counter(10, 100));
	check_with("counter -s", &stateless, "counter");

	begin(NFPROTO_IPV4);
	verdict(NFT_JUMP, "other");
	check("jump", "jump other");

	begin(NFPROTO_IPV4);
	verdict(NFT_GOTO, "other");
	check("goto", "goto other");

	begin(NFPROTO_IPV4);
	verdict(NFT_CONTINUE, NULL);
	check("continue", "continue");

	begin(NFPROTO_IPV4);
	verdict(NFT_RETURN, NULL);
	check("return", "return");

	begin(NFPROTO_IPV4);
	verdict(NF_DROP, NULL);
	check("drop", "drop");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_notrack());
	check("notrack", "notrack");

	begin(NFPROTO_IPV4);
	e = nftnl_expr_log("x");
	e->log.present |= NFTNL_LOG_LEVEL;
	e->log.level = 4;
	add(e);
	check("log prefix, default level", "log prefix \"x\"");

	begin(NFPROTO_IPV4);
	add(nftnl_expr_log("a\\b"));
	check("log prefix with backslash", "log prefix \"a\\b\"");

	begin(NFPROTO_IPV4);
	e = nftnl_expr_log("a b");
	e->log.present |= NFTNL_LOG_LEVEL;
	e->log.level = 7;
	add(e);
	check("log level debug", "log prefix \"a b\" level debug");

	begin(NFPROTO_IPV4);
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_GROUP | NFTNL_LOG_SNAPLEN | NFTNL_LOG_QTHRESHOLD;
	e->log.group = 1;
	e->log.snaplen = 100;
	e->log.qthreshold = 4;
	add(e);
	check("log group", "log group 1 snaplen 100 queue-threshold 4");

	begin(NFPROTO_IPV4);
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_LEVEL | NFTNL_LOG_FLAGS;
	e->log.level = 8;
	e->log.flags = 0x3;
	add(e);
	check("log audit flags", "log level audit flags tcp sequence,options");

	begin(NFPROTO_IPV4);
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_LEVEL | NFTNL_LOG_FLAGS;
	e->log.level = 4;
	e->log.flags = 0x2f;
	add(e);
	check("log flags all", "log flags all");
}

/* ---- cases: what we cannot express is shown, not dropped ---------------- */

static void test_unknown(void)
{
	struct nftnl_expr *e;
	char *got;

	begin(NFPROTO_IPV4);
	add(nftnl_expr_quota(10, 0, 0));
	accept();
	got = listing(cur, &ctx.out);
	if (strstr(got, "quota") && strstr(got, "accept") && got[0] == '[') {
		passed++;
	} else {
		failed++;
		printf("FAIL quota shown visibly\n  got:  %s\n", got);
	}
	free(got);
	nftnl_rule_free(cur);

	begin(NFPROTO_IPV4);
	e = nftnl_expr_alloc(NFTNL_EXPR_UNKNOWN);
	e->unknown.name = strdup("fancy");
	add(e);
	load_ct(NFT_CT_MARK);
	cmp32(NFT_CMP_EQ, 1);
	got = listing(cur, &ctx.out);
	if (strstr(got, "fancy") && strstr(got, "ct mark 0x00000001")) {
		passed++;
	} else {
		failed++;
		printf("FAIL unknown expression shown visibly\n  got:  %s\n", got);
	}
	free(got);
	nftnl_rule_free(cur);

	/* a cmp on a register nobody loaded */
	begin(NFPROTO_IPV4);
	add(nftnl_expr_cmp(NFT_REG_2, NFT_CMP_EQ, u32(1), 4));
	got = listing(cur, &ctx.out);
	if (strstr(got, "cmp eq reg 2")) {
		passed++;
	} else {
		failed++;
		printf("FAIL cmp on empty register shown\n  got:  %s\n", got);
	}
	free(got);
	nftnl_rule_free(cur);

	/* the key of an expression we do not know is shown, not dropped */
	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	e = nftnl_expr_alloc(NFTNL_EXPR_UNKNOWN);
	e->unknown.name = strdup("dynset");
	add(e);
	got = listing(cur, &ctx.out);
	if (!strcmp(got, "[ payload load 4b @ network header + 12 => reg 1 ] [ dynset <unknown> ]")) {
		passed++;
	} else {
		failed++;
		printf("FAIL key of an unknown expression shown\n  got:  %s\n", got);
	}
	free(got);
	nftnl_rule_free(cur);

	/* a load nobody reads (the immediates of nat) is shown */
	begin(NFPROTO_IPV4);
	add(nftnl_expr_immediate_data(NFT_REG_1, BYTES(10, 0, 0, 1)));
	got = listing(cur, &ctx.out);
	if (!strcmp(got, "[ immediate reg 1 0x0100000a ]")) {
		passed++;
	} else {
		failed++;
		printf("FAIL unread load shown\n  got:  %s\n", got);
	}
	free(got);
	nftnl_rule_free(cur);

	/* a concatenation (ip saddr . tcp dport @cc, key 8 bytes over reg 1
	 * and reg 9): every part shown, not "ip saddr @cc" */
	{
		struct nftnl_set *s;

		begin(NFPROTO_IPV4);
		load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
		add(nftnl_expr_payload_load(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_REG32_01));
		add(nftnl_expr_lookup("cc", 0, NFT_REG_1, false));
		s = new_set("cc", NFT_SET_CONCAT);
		s->flags &= ~NFT_SET_ANONYMOUS;
		s->key_len = 8;
		got = listing(cur, &ctx.out);
		if (!strcmp(got, "[ payload load 4b @ network header + 12 => reg 1 ] "
			    "[ payload load 2b @ transport header + 2 => reg 9 ] "
			    "[ lookup reg 1 set cc ]")) {
			passed++;
		} else {
			failed++;
			printf("FAIL concatenated lookup shown whole\n  got:  %s\n", got);
		}
		free(got);
		nftnl_rule_free(cur);
		free_sets();
	}

	/* a map lookup */
	begin(NFPROTO_IPV4);
	load_payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	add(nftnl_expr_lookup_map("__map0", 0, NFT_REG_1, NFT_REG_VERDICT));
	got = listing(cur, &ctx.out);
	if (strstr(got, "lookup") && strstr(got, "__map0")) {
		passed++;
	} else {
		failed++;
		printf("FAIL map lookup shown visibly\n  got:  %s\n", got);
	}
	free(got);
	nftnl_rule_free(cur);
	cur = NULL;
}

/* ---- cases: comments, chains, tables ---------------------------------- */

static void test_objects(void)
{
	struct handle h = { .family = NFPROTO_INET, .table = "t", .chain = "c", .handle = 1 };
	struct output_ctx handles = ctx.out;
	struct table *t;
	struct chain *c, *d;
	struct rule *r;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	static const uint8_t comment[] = { 0, 4, 's', 's', 'h', 0 };

	begin(NFPROTO_INET);
	dep_l4(IPPROTO_TCP);
	load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(NFT_CMP_EQ, BYTES(0, 22));
	add(nftnl_expr_counter(0, 0));
	accept();
	nftnl_udata_set(&cur->udata, comment, sizeof(comment));
	check("rule comment", "tcp dport 22 counter packets 0 bytes 0 accept comment \"ssh\"");

	/* strings are read as written: a backslash is listed as it is */
	{
		static const uint8_t bs[] = { 0, 4, 'a', '\\', 'b', 0 };

		begin(NFPROTO_INET);
		accept();
		nftnl_udata_set(&cur->udata, bs, sizeof(bs));
		check("comment with backslash", "accept comment \"a\\b\"");
	}

	handles.handle = true;
	t = table_alloc(NULL, &h);
	t->h.handle = 3;
	c = chain_alloc(NULL, &h);
	c->base = true;
	c->type = strdup("filter");
	c->hook = strdup("input");
	c->priority = 10;
	c->has_policy = true;
	c->policy = NF_DROP;
	table_add_chain(t, c);
	r = rule_alloc(NULL, &h);
	r->h.handle = 5;
	{
		struct stmt *s = stmt_alloc(STMT_VERDICT, NULL);

		s->expr = verdict_expr_alloc(NULL, NF_ACCEPT, NULL);
		rule_add_stmt(r, s);
	}
	chain_add_rule(c, r);
	h.chain = "d";
	h.handle = 2;
	d = chain_alloc(NULL, &h);
	table_add_chain(t, d);
	fp = open_memstream(&buf, &len);
	print_table(t, &handles, fp);
	fclose(fp);
	if (!strcmp(buf, "table inet t { # handle 3\n"
		    "\tchain c { # handle 1\n"
		    "\t\ttype filter hook input priority filter + 10; policy drop;\n"
		    "\t\taccept # handle 5\n"
		    "\t}\n"
		    "\n"
		    "\tchain d { # handle 2\n"
		    "\t}\n"
		    "}\n")) {
		passed++;
	} else {
		failed++;
		printf("FAIL table listing\n%s", buf);
	}
	free(buf);
	table_free(t);

	/* netdev chain with device, flags dormant table, -y */
	h.family = NFPROTO_NETDEV;
	h.chain = "i";
	h.handle = 0;
	t = table_alloc(NULL, &h);
	t->flags = NFT_TABLE_F_DORMANT;
	c = chain_alloc(NULL, &h);
	c->base = true;
	c->type = strdup("filter");
	c->hook = strdup("ingress");
	c->dev = strdup("lo");
	c->priority = -500;
	c->has_policy = true;
	c->policy = NF_ACCEPT;
	table_add_chain(t, c);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	print_table(t, &ctx.out, fp);
	fclose(fp);
	if (!strcmp(buf, "table netdev t {\n"
		    "\tflags dormant\n"
		    "\n"
		    "\tchain i {\n"
		    "\t\ttype filter hook ingress device \"lo\" priority -500; policy accept;\n"
		    "\t}\n"
		    "}\n")) {
		passed++;
	} else {
		failed++;
		printf("FAIL netdev table listing\n%s", buf);
	}
	free(buf);
	table_free(t);
}

static void test_priorities(void)
{
	static const struct {
		uint32_t family;
		const char *hook;
		int32_t prio;
		bool numeric;
		const char *want;
	} cases[] = {
		{ NFPROTO_IPV4, "input", 0, false, "filter" },
		{ NFPROTO_IPV4, "input", -160, false, "mangle - 10" },
		{ NFPROTO_IPV4, "input", -11, false, "-11" },
		{ NFPROTO_IPV4, "prerouting", -300, false, "raw" },
		{ NFPROTO_IPV4, "prerouting", -300, true, "-300" },
		{ NFPROTO_IPV4, "prerouting", -100, false, "dstnat" },
		{ NFPROTO_IPV4, "postrouting", 100, false, "srcnat" },
		{ NFPROTO_BRIDGE, "forward", -200, false, "filter" },
		{ NFPROTO_BRIDGE, "forward", 0, false, "0" },
		{ NFPROTO_BRIDGE, "output", 100, false, "out" },
		{ NFPROTO_NETDEV, "ingress", 10, false, "filter + 10" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct output_ctx o = ctx.out;
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);

		o.numeric_prio = cases[i].numeric;
		print_priority(cases[i].family, cases[i].hook, cases[i].prio, &o, fp);
		fclose(fp);
		if (!strcmp(buf, cases[i].want)) {
			passed++;
		} else {
			failed++;
			printf("FAIL priority %s %d: want %s got %s\n", cases[i].hook,
			       cases[i].prio, cases[i].want, buf);
		}
		free(buf);
	}
}

/* ---- robustness: random register programs never crash or vanish ------ */

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static void rnd_bytes(uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = rnd(4) ? 0 : rnd(256);
}

static struct nftnl_expr *rnd_expr(void)
{
	static const uint32_t regs[] = { NFT_REG_1, NFT_REG_2, NFT_REG_4, NFT_REG32_00,
					 NFT_REG32_15, 99 };
	uint32_t reg = regs[rnd(6)], len = 1 + rnd(20);
	uint8_t a[64], b[64];

	rnd_bytes(a, sizeof(a));
	rnd_bytes(b, sizeof(b));
	switch (rnd(14)) {
	case 0:
		return nftnl_expr_ct_get(rnd(45), rnd(3) - 1, reg);
	case 1:
		return nftnl_expr_meta_get(rnd(40), reg);
	case 2:
		return nftnl_expr_payload_load(rnd(3), rnd(48), len, reg);
	case 3:
		return nftnl_expr_cmp(reg, rnd(7), a, len > 16 ? 16 : len);
	case 4:
		return nftnl_expr_bitwise_bool(reg, regs[rnd(6)], len > 16 ? 16 : len, a, b);
	case 5:
		return nftnl_expr_range(reg, rnd(3), a, b, len > 16 ? 16 : len);
	case 6:
		return nftnl_expr_byteorder(reg, reg, rnd(2), len, rnd(9));
	case 7:
		return nftnl_expr_immediate_data(reg, a, len > 16 ? 16 : len);
	case 8:
		return nftnl_expr_immediate_verdict(-(int)rnd(6), rnd(2) ? "x" : NULL);
	case 9:
		return nftnl_expr_ct_set(rnd(45), rnd(3) - 1, reg);
	case 10:
		return nftnl_expr_meta_set(rnd(40), reg);
	case 11:
		return nftnl_expr_lookup(rnd(2) ? "__set0" : "named", 0, reg, rnd(2));
	case 12:
		return nftnl_expr_bitwise_shift(reg, reg, 4, NFT_BITWISE_LSHIFT + rnd(2), rnd(40));
	default:
		return nftnl_expr_counter(rnd(100), rnd(1000));
	}
}

/* Does the rule do more than load registers? (Then it must list.) */
static bool has_effect(const struct nftnl_rule *r)
{
	const struct nftnl_expr *e;

	for (e = r->exprs; e; e = e->next) {
		switch (e->type) {
		case NFTNL_EXPR_BITWISE:
		case NFTNL_EXPR_BYTEORDER:
			break;
		case NFTNL_EXPR_IMMEDIATE:
			if (e->immediate.dreg == NFT_REG_VERDICT)
				return true;
			break;
		case NFTNL_EXPR_CT:
			if (e->ct.is_set)
				return true;
			break;
		case NFTNL_EXPR_META:
			if (e->meta.is_set)
				return true;
			break;
		case NFTNL_EXPR_PAYLOAD:
			if (e->payload.is_set)
				return true;
			break;
		default:
			return true;
		}
	}
	return false;
}

static void test_random(void)
{
	static const uint32_t families[] = { NFPROTO_IPV4, NFPROTO_IPV6, NFPROTO_INET,
					     NFPROTO_ARP, NFPROTO_BRIDGE, NFPROTO_NETDEV };
	unsigned int i, j, bad = 0;

	for (i = 0; i < 3000; i++) {
		unsigned int n = 1 + rnd(8);
		struct nftnl_set *s;
		char *got;

		begin(families[rnd(6)]);
		s = new_set("__set0", rnd(2) ? NFT_SET_INTERVAL : 0);
		for (j = rnd(5); j > 0; j--) {
			uint8_t k[16];

			rnd_bytes(k, sizeof(k));
			set_elem(s, k, 1 + rnd(16), rnd(2));
		}
		for (j = 0; j < n; j++) {
			struct nftnl_expr *e = rnd_expr();

			if (e)
				add(e);
		}
		got = listing(cur, &ctx.out);
		if (!*got && has_effect(cur))
			bad++;
		free(got);
		nftnl_rule_free(cur);
		cur = NULL;
		free_sets();
	}
	if (bad) {
		failed++;
		printf("FAIL random programs: %u listed as nothing\n", bad);
	} else {
		passed++;
	}
}

int main(void)
{
	const char *labels = getenv("TEST_CONNLABEL_FILE");
	char path[] = "/tmp/test_print_labels.XXXXXX";
	int fd = -1;

	if (!labels) {
		/* the names tests/shell/connlabel.conf gives, as our own file */
		static const char table[] = "0 from-lan\n1 from-wan\n16 http\n17 https\n"
					    "19 dns\n32 wan1-billing\n127 last-bit\n";

		fd = mkstemp(path);
		if (fd < 0 || write(fd, table, sizeof(table) - 1) != sizeof(table) - 1)
			return 2;
		close(fd);
		labels = path;
	}
	labels_set_file(labels);

	test_bitmasks();
	test_labels();
	test_integers();
	test_addresses();
	test_sets();
	test_deps();
	test_statements();
	test_unknown();
	test_objects();
	test_priorities();
	test_random();

	labels_reset();
	if (fd >= 0)
		unlink(path);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
