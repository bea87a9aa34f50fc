/*
 * test_expr.c - unit tests of the expression layer and nft_data helpers.
 *
 * For every expression kind: build, compare with the bytes upstream nft
 * 1.0.6 sends for the same expression (captured with --debug=mnl), parse
 * back and compare every field, and print, comparing with the text of
 * `nft --debug=netlink`. Then malformed input: truncation, wrong
 * attribute lengths, missing mandatory attributes, byte mutations and
 * garbage must give NULL/EINVAL and never crash (run under
 * -fsanitize=address,undefined: every parse reads from an exactly sized
 * heap copy so that any out of bounds read is caught).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "internal.h"

#include "testlib.h"

/* ---- helpers ------------------------------------------------------ */

static uint32_t msgbuf[8192 / 4];

/* Build @e into a fresh message; return the NFTA_LIST_ELEM attribute. */
static struct nlattr *build(const struct nftnl_expr *e, size_t *len)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nftnl_expr_build(nlh, e);
	a = mnl_nlmsg_get_payload(nlh);
	*len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	return a;
}

static void tohex(const void *p, size_t len, char *out)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * len] = '\0';
}

/* Parse @len bytes at @p from an exactly sized heap copy. */
static struct nftnl_expr *parse_copy(const void *p, size_t len)
{
	struct nftnl_expr *e;
	void *copy;

	if (len < sizeof(struct nlattr))
		return NULL;
	copy = malloc(len);
	memcpy(copy, p, len);
	e = nftnl_expr_parse(copy);
	free(copy);
	return e;
}

static bool data_eq(const struct nftnl_data *a, const struct nftnl_data *b)
{
	return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool expr_eq(const struct nftnl_expr *a, const struct nftnl_expr *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case NFTNL_EXPR_IMMEDIATE:
		if (a->immediate.dreg != b->immediate.dreg)
			return false;
		if (a->immediate.dreg == NFT_REG_VERDICT)
			return a->immediate.verdict.code == b->immediate.verdict.code &&
			       str_eq(a->immediate.verdict.chain, b->immediate.verdict.chain);
		return data_eq(&a->immediate.data, &b->immediate.data);
	case NFTNL_EXPR_CMP:
		return a->cmp.sreg == b->cmp.sreg && a->cmp.op == b->cmp.op &&
		       data_eq(&a->cmp.data, &b->cmp.data);
	case NFTNL_EXPR_BITWISE:
		if (a->bitwise.sreg != b->bitwise.sreg || a->bitwise.dreg != b->bitwise.dreg ||
		    a->bitwise.len != b->bitwise.len || a->bitwise.op != b->bitwise.op)
			return false;
		if (a->bitwise.op == NFT_BITWISE_BOOL)
			return data_eq(&a->bitwise.mask, &b->bitwise.mask) &&
			       data_eq(&a->bitwise.xor, &b->bitwise.xor);
		return data_eq(&a->bitwise.shift, &b->bitwise.shift);
	case NFTNL_EXPR_RANGE:
		return a->range.sreg == b->range.sreg && a->range.op == b->range.op &&
		       data_eq(&a->range.from, &b->range.from) &&
		       data_eq(&a->range.to, &b->range.to);
	case NFTNL_EXPR_CT:
		return a->ct.key == b->ct.key && a->ct.is_set == b->ct.is_set &&
		       a->ct.has_dir == b->ct.has_dir &&
		       (!a->ct.has_dir || a->ct.dir == b->ct.dir) && a->ct.reg == b->ct.reg;
	case NFTNL_EXPR_META:
		return a->meta.key == b->meta.key && a->meta.is_set == b->meta.is_set &&
		       a->meta.reg == b->meta.reg;
	case NFTNL_EXPR_PAYLOAD:
		return a->payload.base == b->payload.base &&
		       a->payload.offset == b->payload.offset &&
		       a->payload.len == b->payload.len &&
		       a->payload.is_set == b->payload.is_set &&
		       a->payload.reg == b->payload.reg &&
		       a->payload.csum_type == b->payload.csum_type &&
		       (!a->payload.csum_type ||
			a->payload.csum_offset == b->payload.csum_offset) &&
		       a->payload.csum_flags == b->payload.csum_flags;
	case NFTNL_EXPR_BYTEORDER:
		return a->byteorder.sreg == b->byteorder.sreg &&
		       a->byteorder.dreg == b->byteorder.dreg &&
		       a->byteorder.op == b->byteorder.op &&
		       a->byteorder.len == b->byteorder.len &&
		       a->byteorder.size == b->byteorder.size;
	case NFTNL_EXPR_COUNTER:
		return a->counter.packets == b->counter.packets &&
		       a->counter.bytes == b->counter.bytes;
	case NFTNL_EXPR_LOOKUP:
		return str_eq(a->lookup.set, b->lookup.set) &&
		       a->lookup.has_set_id == b->lookup.has_set_id &&
		       (!a->lookup.has_set_id || a->lookup.set_id == b->lookup.set_id) &&
		       a->lookup.sreg == b->lookup.sreg &&
		       a->lookup.has_dreg == b->lookup.has_dreg &&
		       (!a->lookup.has_dreg || a->lookup.dreg == b->lookup.dreg) &&
		       a->lookup.flags == b->lookup.flags;
	case NFTNL_EXPR_LOG:
		return a->log.present == b->log.present &&
		       str_eq(a->log.prefix, b->log.prefix) &&
		       a->log.group == b->log.group && a->log.qthreshold == b->log.qthreshold &&
		       a->log.snaplen == b->log.snaplen && a->log.level == b->log.level &&
		       a->log.flags == b->log.flags;
	case NFTNL_EXPR_LIMIT:
		return a->limit.rate == b->limit.rate && a->limit.unit == b->limit.unit &&
		       a->limit.burst == b->limit.burst && a->limit.type == b->limit.type &&
		       a->limit.flags == b->limit.flags;
	case NFTNL_EXPR_QUOTA:
		return a->quota.bytes == b->quota.bytes &&
		       a->quota.consumed == b->quota.consumed &&
		       a->quota.flags == b->quota.flags;
	case NFTNL_EXPR_REJECT:
		return a->reject.type == b->reject.type && a->reject.code == b->reject.code;
	case NFTNL_EXPR_NOTRACK:
		return true;
	case NFTNL_EXPR_UNKNOWN:
		return str_eq(a->unknown.name, b->unknown.name) &&
		       a->unknown.raw_len == b->unknown.raw_len &&
		       (!a->unknown.raw_len ||
			memcmp(a->unknown.raw, b->unknown.raw, a->unknown.raw_len) == 0);
	default:
		return false;
	}
}

/* Offsets at which the children of an NFTA_LIST_ELEM start/end. */
static bool at_child_boundary(const uint8_t *p, size_t len, size_t cut)
{
	size_t off = sizeof(struct nlattr);

	while (off < len) {
		const struct nlattr *a = (const void *)(p + off);

		if (off == cut)
			return true;
		off += MNL_ALIGN(a->nla_len);
	}
	return off == cut;
}

/*
 * The main check for one expression: build it, compare with @golden (hex
 * of the NFTA_LIST_ELEM, NULL: no golden), parse back, compare fields,
 * print, compare with @text, rebuild the parsed copy to the same bytes,
 * then truncate and mutate the bytes.
 */
static void check_expr(const char *what, struct nftnl_expr *e, const char *golden,
		       const char *text)
{
	static uint8_t bytes[8192];
	struct nftnl_expr *p;
	char hex[16384], buf[512];
	struct nlattr *a;
	size_t len, cut, i;
	int n;

	CHECK(e != NULL, "%s: constructor returned NULL", what);
	if (!e)
		return;
	a = build(e, &len);
	memcpy(bytes, a, len);
	tohex(bytes, len, hex);
	if (golden)
		CHECK(strcmp(hex, golden) == 0, "%s: bytes\n  got  %s\n  want %s", what, hex,
		      golden);

	p = parse_copy(bytes, len);
	CHECK(p != NULL, "%s: parse failed (errno %d)", what, errno);
	if (p) {
		size_t len2;
		struct nlattr *a2;

		CHECK(expr_eq(e, p), "%s: round trip differs", what);
		a2 = build(p, &len2);
		CHECK(len2 == len && memcmp(a2, bytes, len) == 0, "%s: rebuild differs", what);
		n = nftnl_expr_snprintf(buf, sizeof(buf), p);
		CHECK(n == (int)strlen(buf), "%s: snprintf length %d", what, n);
		if (text)
			CHECK(strcmp(buf, text) == 0, "%s: text\n  got  '%s'\n  want '%s'", what,
			      buf, text);
		nftnl_expr_free(p);
	}

	/* Truncation: set the element length short, from an exact copy. */
	for (cut = sizeof(struct nlattr); cut < len; cut++) {
		uint8_t *t = malloc(cut);

		memcpy(t, bytes, cut);
		((struct nlattr *)t)->nla_len = cut;
		p = nftnl_expr_parse((struct nlattr *)t);
		if (!at_child_boundary(bytes, len, cut))
			CHECK(p == NULL && errno == EINVAL, "%s: truncated to %zu parsed",
			      what, cut);
		nftnl_expr_free(p);
		free(t);
	}

	/* Mutations: every byte set to a few values. Only no crash and
	 * a clean result (NULL with EINVAL, or an expression) matter. */
	for (i = 0; i < len; i++) {
		static const uint8_t vals[] = { 0x00, 0x01, 0x03, 0x05, 0x7f, 0xff };
		size_t v;

		for (v = 0; v < sizeof(vals); v++) {
			uint8_t *t = malloc(len);

			memcpy(t, bytes, len);
			t[i] = vals[v];
			if (((struct nlattr *)t)->nla_len > len)
				((struct nlattr *)t)->nla_len = len;
			errno = 0;
			p = nftnl_expr_parse((struct nlattr *)t);
			if (!p && errno != EINVAL) {
				CHECK(0, "%s: mutation %zu=%u errno %d", what, i, vals[v], errno);
			} else if (p) {
				n = nftnl_expr_snprintf(buf, sizeof(buf), p);
				if (n < 0)
					CHECK(0, "%s: mutation print failed", what);
				nftnl_expr_free(p);
			}
			free(t);
		}
	}
	nftnl_expr_free(e);
}

/* ---- per-kind tests ------------------------------------------------ */

static const uint8_t label5[16] = { 0x20 };
static const uint8_t zero16[16];
static const uint8_t zero64[65];

static void test_label_path(void)
{
	/* ct label 5 ct label set 5 accept (ip family) */
	check_expr("ct load label", nftnl_expr_ct_get(NFT_CT_LABELS, -1, NFT_REG_1),
		   "20000180070001006374000014000280080002000000000d0800010000000001",
		   "[ ct load label => reg 1 ]");
	check_expr("bitwise label",
		   nftnl_expr_bitwise_bool(NFT_REG_1, NFT_REG_1, 16, label5, zero16),
		   "5c0001800c00010062697477697365004c00028008000100000000010800020000000001"
		   "0800030000000010180004801400010020000000000000000000000000000000180005"
		   "801400010000000000000000000000000000000000",
		   "[ bitwise reg 1 = ( reg 1 & 0x00000020 0x00000000 0x00000000 0x00000000 )"
		   " ^ 0x00000000 0x00000000 0x00000000 0x00000000 ]");
	check_expr("cmp neq 16", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_NEQ, zero16, 16),
		   "3800018008000100636d70002c0002800800010000000001080002000000000118000380"
		   "1400010000000000000000000000000000000000",
		   "[ cmp neq reg 1 0x00000000 0x00000000 0x00000000 0x00000000 ]");
	check_expr("immediate label", nftnl_expr_immediate_data(NFT_REG_1, label5, 16),
		   "380001800e000100696d6d656469617465000000240002800800010000000001180002"
		   "801400010020000000000000000000000000000000",
		   "[ immediate reg 1 0x00000020 0x00000000 0x00000000 0x00000000 ]");
	check_expr("ct set label", nftnl_expr_ct_set(NFT_CT_LABELS, -1, NFT_REG_1),
		   "20000180070001006374000014000280080002000000000d0800040000000001",
		   "[ ct set label with reg 1 ]");
	check_expr("accept", nftnl_expr_immediate_verdict(NF_ACCEPT, NULL),
		   "300001800e000100696d6d6564696174650000001c0002800800010000000000100002"
		   "800c0002800800010000000001",
		   "[ immediate reg 0 accept ]");
	{
		uint8_t b127[16] = { [15] = 0x80 };

		check_expr("immediate label 127",
			   nftnl_expr_immediate_data(NFT_REG_1, b127, 16), NULL,
			   "[ immediate reg 1 0x00000000 0x00000000 0x00000000 0x80000000 ]");
	}
}

static void test_ct(void)
{
	check_expr("ct original src", nftnl_expr_ct_get(NFT_CT_SRC, 0, NFT_REG_1),
		   "2800018007000100637400001c00028008000200000000080800010000000001050003"
		   "0000000000",
		   "[ ct load src => reg 1 , dir original ]");
	check_expr("ct reply dst_ip6", nftnl_expr_ct_get(NFT_CT_DST_IP6, 1, NFT_REG_1), NULL,
		   "[ ct load dst_ip6 => reg 1 , dir reply ]");
	check_expr("ct set zone dir", nftnl_expr_ct_set(NFT_CT_ZONE, 0, NFT_REG_1),
		   "2800018007000100637400001c0002800800020000000011050003000000000008000400"
		   "00000001",
		   "[ ct set zone with reg 1 , dir original ]");
	check_expr("ct set mark", nftnl_expr_ct_set(NFT_CT_MARK, -1, NFT_REG_1), NULL,
		   "[ ct set mark with reg 1 ]");
	check_expr("ct load state", nftnl_expr_ct_get(NFT_CT_STATE, -1, NFT_REG_1), NULL,
		   "[ ct load state => reg 1 ]");
	check_expr("ct load proto_dst", nftnl_expr_ct_get(NFT_CT_PROTO_DST, 0, NFT_REG_1), NULL,
		   "[ ct load proto_dst => reg 1 , dir original ]");
	check_expr("ct load packets", nftnl_expr_ct_get(NFT_CT_PKTS, 0, NFT_REG_1), NULL,
		   "[ ct load packets => reg 1 , dir original ]");
	check_expr("ct set event", nftnl_expr_ct_set(NFT_CT_EVENTMASK, -1, NFT_REG_1), NULL,
		   "[ ct set event with reg 1 ]");
	check_expr("ct load id", nftnl_expr_ct_get(NFT_CT_ID, -1, NFT_REG_1), NULL,
		   "[ ct load unknown => reg 1 ]");
	check_expr("ct load l3protocol", nftnl_expr_ct_get(NFT_CT_L3PROTOCOL, -1, 9), NULL,
		   "[ ct load l3protocol => reg 9 ]");
}

static void test_meta(void)
{
	check_expr("meta load l4proto", nftnl_expr_meta_get(NFT_META_L4PROTO, NFT_REG_1),
		   "24000180090001006d657461000000001400028008000200000000100800010000000001",
		   "[ meta load l4proto => reg 1 ]");
	check_expr("meta set mark", nftnl_expr_meta_set(NFT_META_MARK, NFT_REG_1),
		   "24000180090001006d657461000000001400028008000200000000030800030000000001",
		   "[ meta set mark with reg 1 ]");
	check_expr("meta load iifname", nftnl_expr_meta_get(NFT_META_IIFNAME, NFT_REG_1), NULL,
		   "[ meta load iifname => reg 1 ]");
	check_expr("meta load prandom", nftnl_expr_meta_get(NFT_META_PRANDOM, NFT_REG_1), NULL,
		   "[ meta load prandom => reg 1 ]");
	check_expr("meta load time", nftnl_expr_meta_get(NFT_META_TIME_NS, NFT_REG_1), NULL,
		   "[ meta load time => reg 1 ]");
	check_expr("meta load bri_iifvproto",
		   nftnl_expr_meta_get(NFT_META_BRI_IIFVPROTO, NFT_REG_1), NULL,
		   "[ meta load bri_iifvproto => reg 1 ]");
	check_expr("meta set nftrace", nftnl_expr_meta_set(NFT_META_NFTRACE, NFT_REG_1), NULL,
		   "[ meta set nftrace with reg 1 ]");
	check_expr("meta load len", nftnl_expr_meta_get(NFT_META_LEN, NFT_REG_1), NULL,
		   "[ meta load len => reg 1 ]");
	check_expr("meta load 200", nftnl_expr_meta_get(200, NFT_REG_1), NULL,
		   "[ meta load unknown => reg 1 ]");
}

static void test_cmp_immediate(void)
{
	static const uint8_t ip[4] = { 1, 2, 3, 4 }, l4[1] = { 6 }, zone[2] = { 1, 0 };
	static const uint8_t mac[6] = { 0, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t net3[3] = { 1, 2, 3 };
	static const uint8_t mark[4] = { 5, 0, 0, 0 }, mark3[4] = { 3, 0, 0, 0 };

	check_expr("cmp eq ip", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_EQ, ip, 4),
		   "2c00018008000100636d700020000280080001000000000108000200000000000c000380"
		   "0800010001020304",
		   "[ cmp eq reg 1 0x04030201 ]");
	check_expr("cmp eq l4proto", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_EQ, l4, 1),
		   "2c00018008000100636d700020000280080001000000000108000200000000000c000380"
		   "0500010006000000",
		   "[ cmp eq reg 1 0x00000006 ]");
	check_expr("cmp eq mac", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_EQ, mac, 6), NULL,
		   "[ cmp eq reg 1 0x33221100 0x00005544 ]");
	check_expr("cmp eq 3 bytes", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_EQ, net3, 3), NULL,
		   "[ cmp eq reg 1 0x00030201 ]");
	check_expr("cmp gte", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_GTE, ip, 4), NULL,
		   "[ cmp gte reg 1 0x04030201 ]");
	check_expr("cmp lte", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_LTE, ip, 4), NULL,
		   "[ cmp lte reg 1 0x04030201 ]");
	check_expr("cmp lt", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_LT, ip, 4), NULL,
		   "[ cmp lt reg 1 0x04030201 ]");
	check_expr("cmp gt", nftnl_expr_cmp(NFT_REG_1, NFT_CMP_GT, ip, 4), NULL,
		   "[ cmp gt reg 1 0x04030201 ]");
	check_expr("immediate zone", nftnl_expr_immediate_data(NFT_REG_1, zone, 2),
		   "2c0001800e000100696d6d6564696174650000001800028008000100000000010c000280"
		   "0600010001000000",
		   "[ immediate reg 1 0x00000001 ]");
	check_expr("immediate mark 3", nftnl_expr_immediate_data(NFT_REG_1, mark3, 4),
		   "2c0001800e000100696d6d6564696174650000001800028008000100000000010c000280"
		   "0800010003000000",
		   "[ immediate reg 1 0x00000003 ]");
	check_expr("immediate mark", nftnl_expr_immediate_data(NFT_REG_1, mark, 4), NULL,
		   "[ immediate reg 1 0x00000005 ]");
	check_expr("immediate mac", nftnl_expr_immediate_data(NFT_REG_1, mac, 6),
		   "300001800e000100696d6d6564696174650000001c0002800800010000000001100002"
		   "800a0001000011223344550000",
		   "[ immediate reg 1 0x33221100 0x00005544 ]");
	check_expr("immediate reg 9", nftnl_expr_immediate_data(9, mark, 4), NULL,
		   "[ immediate reg 9 0x00000005 ]");
	check_expr("jump", nftnl_expr_immediate_verdict(NFT_JUMP, "other"),
		   "3c0001800e000100696d6d6564696174650000002800028008000100000000001c000280"
		   "1800028008000100fffffffd0a0002006f74686572000000",
		   "[ immediate reg 0 jump -> other ]");
	check_expr("goto", nftnl_expr_immediate_verdict(NFT_GOTO, "other"), NULL,
		   "[ immediate reg 0 goto -> other ]");
	check_expr("return", nftnl_expr_immediate_verdict(NFT_RETURN, NULL), NULL,
		   "[ immediate reg 0 return ]");
	check_expr("drop", nftnl_expr_immediate_verdict(NF_DROP, NULL), NULL,
		   "[ immediate reg 0 drop ]");
	check_expr("continue", nftnl_expr_immediate_verdict(NFT_CONTINUE, NULL), NULL,
		   "[ immediate reg 0 continue ]");
	check_expr("break", nftnl_expr_immediate_verdict(NFT_BREAK, NULL), NULL,
		   "[ immediate reg 0 break ]");
	CHECK(nftnl_expr_immediate_verdict(NFT_JUMP, NULL) == NULL && errno == EINVAL,
	      "jump without chain accepted");
	CHECK(nftnl_expr_immediate_data(NFT_REG_1, zero64, 65) == NULL && errno == EINVAL,
	      "65 byte immediate accepted");
	CHECK(nftnl_expr_cmp(NFT_REG_1, NFT_CMP_EQ, zero16, 0) == NULL && errno == EINVAL,
	      "empty cmp accepted");
}

static void test_bitwise(void)
{
	static const uint8_t m1[4] = { 0xff, 0xff, 0, 0 }, x0[4];
	static const uint8_t m2[4] = { 0xfc, 0xff, 0xff, 0xff }, x3[4] = { 3 };
	static const uint8_t ttlm[2] = { 0, 0xff }, ttlx[2] = { 3, 0 };
	struct nftnl_expr *e;

	check_expr("bitwise and", nftnl_expr_bitwise_bool(NFT_REG_1, NFT_REG_1, 4, m1, x0), NULL,
		   "[ bitwise reg 1 = ( reg 1 & 0x0000ffff ) ^ 0x00000000 ]");
	check_expr("bitwise or", nftnl_expr_bitwise_bool(NFT_REG_1, NFT_REG_1, 4, m2, x3), NULL,
		   "[ bitwise reg 1 = ( reg 1 & 0xfffffffc ) ^ 0x00000003 ]");
	check_expr("bitwise ttl", nftnl_expr_bitwise_bool(NFT_REG_1, NFT_REG_1, 2, ttlm, ttlx),
		   NULL, "[ bitwise reg 1 = ( reg 1 & 0x0000ff00 ) ^ 0x00000003 ]");
	check_expr("bitwise dreg 2", nftnl_expr_bitwise_bool(NFT_REG_1, NFT_REG_2, 4, m1, x0),
		   NULL, "[ bitwise reg 2 = ( reg 1 & 0x0000ffff ) ^ 0x00000000 ]");
	check_expr("bitwise lshift",
		   nftnl_expr_bitwise_shift(NFT_REG_1, NFT_REG_1, 4, NFT_BITWISE_LSHIFT, 2),
		   "400001800c00010062697477697365003000028008000100000000010800020000000001"
		   "080006000000000108000300000000040c0007800800010002000000",
		   "[ bitwise reg 1 = ( reg 1 << 0x00000002 ) ]");
	check_expr("bitwise rshift",
		   nftnl_expr_bitwise_shift(NFT_REG_1, NFT_REG_1, 4, NFT_BITWISE_RSHIFT, 3), NULL,
		   "[ bitwise reg 1 = ( reg 1 >> 0x00000003 ) ]");
	check_expr("bitwise rshift 16",
		   nftnl_expr_bitwise_shift(NFT_REG_1, NFT_REG_1, 16, NFT_BITWISE_RSHIFT, 5),
		   NULL, "[ bitwise reg 1 = ( reg 1 >> 0x00000005 ) ]");
	e = nftnl_expr_bitwise_shift(NFT_REG_1, NFT_REG_1, 4, NFT_BITWISE_BOOL, 3);
	CHECK(e == NULL && errno == EINVAL, "shift with op bool accepted");
}

static void test_payload(void)
{
	check_expr("payload load th",
		   nftnl_expr_payload_load(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_REG_1),
		   "340001800c0001007061796c6f616400240002800800010000000001080002000000000208"
		   "000300000000020800040000000002",
		   "[ payload load 2b @ transport header + 2 => reg 1 ]");
	check_expr("payload load nh",
		   nftnl_expr_payload_load(NFT_PAYLOAD_NETWORK_HEADER, 12, 4, NFT_REG_1), NULL,
		   "[ payload load 4b @ network header + 12 => reg 1 ]");
	check_expr("payload load ll",
		   nftnl_expr_payload_load(NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_REG_1), NULL,
		   "[ payload load 6b @ link header + 6 => reg 1 ]");
	check_expr("payload load inner",
		   nftnl_expr_payload_load(NFT_PAYLOAD_INNER_HEADER, 0, 4, NFT_REG_1), NULL,
		   "[ payload load 4b @ inner header + 0 => reg 1 ]");
	check_expr("payload load reg 9",
		   nftnl_expr_payload_load(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, 9), NULL,
		   "[ payload load 2b @ transport header + 2 => reg 9 ]");
	check_expr("payload write th",
		   nftnl_expr_payload_set(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_REG_1, 1, 16, 0),
		   "440001800c0001007061796c6f61640034000280080005000000000108000200000000020800"
		   "030000000002080004000000000208000600000000010800070000000010",
		   "[ payload write reg 1 => 2b @ transport header + 2 csum_type 1 csum_off 16 "
		   "csum_flags 0x0 ]");
	check_expr("payload write nh flags",
		   nftnl_expr_payload_set(NFT_PAYLOAD_NETWORK_HEADER, 12, 4, NFT_REG_1, 1, 10, 1),
		   "4c0001800c0001007061796c6f6164003c00028008000500000000010800020000000001080003"
		   "000000000c08000400000000040800060000000001080007000000000a0800080000000001",
		   "[ payload write reg 1 => 4b @ network header + 12 csum_type 1 csum_off 10 "
		   "csum_flags 0x1 ]");
	check_expr("payload write ll",
		   nftnl_expr_payload_set(NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_REG_1, 0, 0, 0),
		   "340001800c0001007061796c6f616400240002800800050000000001080002000000000008"
		   "000300000000060800040000000006",
		   "[ payload write reg 1 => 6b @ link header + 6 csum_type 0 csum_off 0 "
		   "csum_flags 0x0 ]");
	/* a dumped checksum offset without a type builds back (found by
	 * fuzz/fuzz_netlink.c: it was lost on the way back) */
	check_expr("payload write offset without type",
		   nftnl_expr_payload_set(NFT_PAYLOAD_NETWORK_HEADER, 16, 4, NFT_REG_1, 0, 10, 1),
		   NULL,
		   "[ payload write reg 1 => 4b @ network header + 16 csum_type 0 csum_off 10 "
		   "csum_flags 0x1 ]");
}

static void test_lookup_range_byteorder(void)
{
	static const uint8_t from[2] = { 0, 20 }, to[2] = { 0, 30 };

	check_expr("lookup inv", nftnl_expr_lookup("s", 1, NFT_REG_1, true),
		   "340001800b0001006c6f6f6b75700000240002800800020000000001060001007300000008"
		   "000400000000010800050000000001",
		   "[ lookup reg 1 set s 0x1 ]");
	check_expr("lookup", nftnl_expr_lookup("s", 0, NFT_REG_1, false), NULL,
		   "[ lookup reg 1 set s ]");
	check_expr("lookup anon", nftnl_expr_lookup("__set%d", 3, NFT_REG_1, false), NULL,
		   "[ lookup reg 1 set __set%d ]");
	check_expr("lookup map", nftnl_expr_lookup_map("m", 2, NFT_REG_1, NFT_REG_1),
		   "340001800b0001006c6f6f6b757000002400028008000200000000010800030000000001060001"
		   "006d0000000800040000000002",
		   "[ lookup reg 1 set m dreg 1 ]");
	check_expr("lookup vmap", nftnl_expr_lookup_map("vm", 0, NFT_REG_1, NFT_REG_VERDICT),
		   NULL, "[ lookup reg 1 set vm dreg 0 ]");
	CHECK(nftnl_expr_lookup(NULL, 0, NFT_REG_1, false) == NULL && errno == EINVAL,
	      "lookup without set accepted");
	check_expr("range neq", nftnl_expr_range(NFT_REG_1, NFT_RANGE_NEQ, from, to, 2),
		   "3c0001800a00010072616e67650000002c000280080001000000000108000200000000010c0003"
		   "8006000100001400000c00048006000100001e0000",
		   "[ range neq reg 1 0x00001400 0x00001e00 ]");
	check_expr("range eq", nftnl_expr_range(NFT_REG_1, NFT_RANGE_EQ, from, to, 2), NULL,
		   "[ range eq reg 1 0x00001400 0x00001e00 ]");
	check_expr("byteorder hton",
		   nftnl_expr_byteorder(NFT_REG_1, NFT_REG_1, NFT_BYTEORDER_HTON, 4, 4),
		   "400001800e000100627974656f726465720000002c00028008000100000000010800020000"
		   "000001080003000000000108000400000000040800050000000004",
		   "[ byteorder reg 1 = hton(reg 1, 4, 4) ]");
	check_expr("byteorder ntoh",
		   nftnl_expr_byteorder(NFT_REG_1, NFT_REG_2, NFT_BYTEORDER_NTOH, 2, 2), NULL,
		   "[ byteorder reg 2 = ntoh(reg 1, 2, 2) ]");
	/* Size comes before len in the text (checked by listing with upstream). */
	check_expr("byteorder size 4 len 8",
		   nftnl_expr_byteorder(NFT_REG_1, NFT_REG_2, NFT_BYTEORDER_HTON, 8, 4), NULL,
		   "[ byteorder reg 2 = hton(reg 1, 4, 8) ]");
	check_expr("byteorder size 2 len 16",
		   nftnl_expr_byteorder(NFT_REG_1, NFT_REG_1, NFT_BYTEORDER_NTOH, 16, 2), NULL,
		   "[ byteorder reg 1 = ntoh(reg 1, 2, 16) ]");
	/* The kernel always dumps the lookup flags; upstream then prints them. */
	{
		struct nftnl_expr *e = nftnl_expr_lookup("s", 0, NFT_REG_1, false);

		e->lookup.has_flags = true;
		check_expr("lookup dumped flags", e, NULL, "[ lookup reg 1 set s 0x0 ]");
		e = nftnl_expr_lookup_map("m", 0, NFT_REG_1, NFT_REG_2);
		e->lookup.has_flags = true;
		check_expr("lookup map dumped flags", e, NULL,
			   "[ lookup reg 1 set m dreg 2 0x0 ]");
	}
}

static void test_stateful(void)
{
	struct nftnl_expr *e;

	check_expr("counter 0", nftnl_expr_counter(0, 0),
		   "140001800c000100636f756e7465720004000280", "[ counter pkts 0 bytes 0 ]");
	check_expr("counter 5 10", nftnl_expr_counter(5, 10),
		   "2c0001800c000100636f756e746572001c0002800c000100000000000000000a0c00020000"
		   "00000000000005",
		   "[ counter pkts 5 bytes 10 ]");
	check_expr("limit packets", nftnl_expr_limit(10, 1, 5, NFT_LIMIT_PKTS, false),
		   "440001800a0001006c696d6974000000340002800c000100000000000000000a0c00020000"
		   "00000000000001080003000000000508000400000000000800050000000000",
		   "[ limit rate 10/second burst 5 type packets flags 0x0 ]");
	check_expr("limit bytes", nftnl_expr_limit(10485760, 1, 0, NFT_LIMIT_PKT_BYTES, false),
		   NULL, "[ limit rate 10485760/second burst 0 type bytes flags 0x0 ]");
	check_expr("limit over", nftnl_expr_limit(10, 60, 5, NFT_LIMIT_PKTS, true), NULL,
		   "[ limit rate 10/minute burst 5 type packets flags 0x1 ]");
	check_expr("limit hour", nftnl_expr_limit(1024, 3600, 512, NFT_LIMIT_PKT_BYTES, false),
		   NULL, "[ limit rate 1024/hour burst 512 type bytes flags 0x0 ]");
	check_expr("limit day", nftnl_expr_limit(5, 86400, 2, NFT_LIMIT_PKTS, true), NULL,
		   "[ limit rate 5/day burst 2 type packets flags 0x1 ]");
	check_expr("limit week", nftnl_expr_limit(1, 604800, 5, NFT_LIMIT_PKTS, false), NULL,
		   "[ limit rate 1/week burst 5 type packets flags 0x0 ]");
	check_expr("limit odd unit", nftnl_expr_limit(3, 7, 1, NFT_LIMIT_PKTS, false), NULL,
		   "[ limit rate 3/error burst 1 type packets flags 0x0 ]");
	check_expr("quota over", nftnl_expr_quota(10, 3, NFT_QUOTA_F_INV),
		   "340001800a00010071756f7461000000240002800c000100000000000000000a0c000400000000"
		   "00000000030800020000000001",
		   "[ quota bytes 10 consumed 3 flags 1 ]");
	check_expr("quota", nftnl_expr_quota(100, 0, 0),
		   "340001800a00010071756f7461000000240002800c00010000000000000000640c000400000000"
		   "00000000000800020000000000",
		   "[ quota bytes 100 consumed 0 flags 0 ]");

	check_expr("log", nftnl_expr_log(NULL), NULL, "[ log ]");
	e = nftnl_expr_log("foo");
	e->log.present |= NFTNL_LOG_LEVEL | NFTNL_LOG_FLAGS;
	e->log.level = 4;
	e->log.flags = 0x2f;
	check_expr("log prefix level flags", e,
		   "28000180080001006c6f67001c00028008000200666f6f0008000500000000040800060000"
		   "00002f",
		   "[ log prefix foo level 4 tcpseq tcpopt ipopt uid macdecode ]");
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_GROUP | NFTNL_LOG_SNAPLEN | NFTNL_LOG_QTHRESHOLD;
	e->log.group = 2;
	e->log.snaplen = 10;
	e->log.qthreshold = 3;
	check_expr("log group", e,
		   "28000180080001006c6f67001c0002800600010000020000080003000000000a06000400000300"
		   "00",
		   "[ log group 2 snaplen 10 qthreshold 3 ]");
	e = nftnl_expr_log("foo bar");
	e->log.present |= NFTNL_LOG_GROUP;
	e->log.group = 3;
	check_expr("log prefix group", e, NULL,
		   "[ log prefix foo bar group 3 snaplen 0 qthreshold 0 ]");
	e = nftnl_expr_log("foo");
	e->log.present |= NFTNL_LOG_GROUP;
	e->log.group = 3;
	check_expr("log prefix group bytes", e,
		   "20000180080001006c6f67001400028008000200666f6f000600010000030000",
		   "[ log prefix foo group 3 snaplen 0 qthreshold 0 ]");
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_LEVEL | NFTNL_LOG_FLAGS;
	e->log.level = 7;
	e->log.flags = 1;
	check_expr("log level tcpseq", e, NULL, "[ log level 7 tcpseq ]");
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_GROUP | NFTNL_LOG_QTHRESHOLD;
	e->log.group = 4;
	e->log.qthreshold = 9;
	check_expr("log group qthreshold", e, NULL, "[ log group 4 snaplen 0 qthreshold 9 ]");
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_LEVEL | NFTNL_LOG_FLAGS;
	e->log.level = 4;
	e->log.flags = 0x2f;
	check_expr("log as dumped", e, NULL, "[ log level 4 tcpseq tcpopt ipopt uid macdecode ]");
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_FLAGS;
	e->log.flags = 8;
	check_expr("log uid", e, NULL, "[ log uid ]");
	e = nftnl_expr_log(NULL);
	e->log.present |= NFTNL_LOG_LEVEL;
	e->log.level = 0;
	check_expr("log level 0", e, NULL, "[ log level 0 ]");

	check_expr("reject tcp", nftnl_expr_reject(NFT_REJECT_TCP_RST, 0),
		   "240001800b00010072656a65637400001400028008000100000000010500020000000000",
		   "[ reject type 1 code 0 ]");
	check_expr("reject icmp", nftnl_expr_reject(NFT_REJECT_ICMP_UNREACH, 3), NULL,
		   "[ reject type 0 code 3 ]");
	check_expr("reject icmpx", nftnl_expr_reject(NFT_REJECT_ICMPX_UNREACH, 3), NULL,
		   "[ reject type 2 code 3 ]");
	check_expr("reject icmpx 0", nftnl_expr_reject(NFT_REJECT_ICMPX_UNREACH, 0), NULL,
		   "[ reject type 2 code 0 ]");
	check_expr("notrack", nftnl_expr_notrack(), "100001800c0001006e6f747261636b00",
		   "[ notrack ]");
}

/* ---- hand made input ---------------------------------------------- */

/* Build an element named @name whose DATA holds what @fill puts. */
static struct nlattr *handmade(const char *name, void (*fill)(struct nlmsghdr *, int),
			       int variant, size_t *len)
{
	struct nlmsghdr *nlh;
	struct nlattr *elem, *data;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	if (name)
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, name);
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	if (fill)
		fill(nlh, variant);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	*len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	return elem;
}

static void expect_einval(const char *what, const struct nlattr *a, size_t len)
{
	struct nftnl_expr *e;

	errno = 0;
	e = parse_copy(a, len);
	CHECK(e == NULL && errno == EINVAL, "%s: parsed (errno %d)", what, errno);
	nftnl_expr_free(e);
}

static void fill_ct(struct nlmsghdr *nlh, int v)
{
	switch (v) {
	case 0:	/* key as u16 */
		mnl_attr_put_u16(nlh, NFTA_CT_KEY, htons(3));
		mnl_attr_put_u32(nlh, NFTA_CT_DREG, htonl(1));
		break;
	case 1:	/* no register */
		mnl_attr_put_u32(nlh, NFTA_CT_KEY, htonl(3));
		break;
	case 2:	/* both registers */
		mnl_attr_put_u32(nlh, NFTA_CT_KEY, htonl(3));
		mnl_attr_put_u32(nlh, NFTA_CT_DREG, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_CT_SREG, htonl(1));
		break;
	case 3:	/* direction as u32 */
		mnl_attr_put_u32(nlh, NFTA_CT_KEY, htonl(3));
		mnl_attr_put_u32(nlh, NFTA_CT_DREG, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_CT_DIRECTION, 0);
		break;
	case 4:	/* no key */
		mnl_attr_put_u32(nlh, NFTA_CT_DREG, htonl(1));
		break;
	case 5:	/* register as u64 */
		mnl_attr_put_u32(nlh, NFTA_CT_KEY, htonl(3));
		mnl_attr_put_u64(nlh, NFTA_CT_DREG, 1);
		break;
	}
}

static void fill_cmp(struct nlmsghdr *nlh, int v)
{
	struct nlattr *n;
	uint8_t big[65] = { 0 };

	mnl_attr_put_u32(nlh, NFTA_CMP_SREG, htonl(1));
	if (v != 0)
		mnl_attr_put_u32(nlh, NFTA_CMP_OP, htonl(0));
	switch (v) {
	case 0:	/* no op */
	case 1:	/* data a plain u32, not a nest with a value */
		mnl_attr_put_u32(nlh, NFTA_CMP_DATA, 0);
		break;
	case 2:	/* value too long */
		n = mnl_attr_nest_start(nlh, NFTA_CMP_DATA);
		mnl_attr_put(nlh, NFTA_DATA_VALUE, sizeof(big), big);
		mnl_attr_nest_end(nlh, n);
		break;
	case 3:	/* empty value */
		n = mnl_attr_nest_start(nlh, NFTA_CMP_DATA);
		mnl_attr_put(nlh, NFTA_DATA_VALUE, 0, NULL);
		mnl_attr_nest_end(nlh, n);
		break;
	case 4:	/* verdict instead of value */
		{
			struct nftnl_verdict vd = { .code = NF_ACCEPT };

			nftnl_verdict_put(nlh, NFTA_CMP_DATA, &vd);
		}
		break;
	case 5:	/* no data */
		break;
	}
}

static void fill_immediate(struct nlmsghdr *nlh, int v)
{
	struct nftnl_data d = { .len = 4 };
	struct nftnl_verdict vd = { .code = NFT_JUMP };
	struct nlattr *o, *i;

	switch (v) {
	case 0:	/* verdict register with a value */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, 0);
		nftnl_data_put(nlh, NFTA_IMMEDIATE_DATA, &d);
		break;
	case 1:	/* data register with a verdict */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, htonl(1));
		vd.code = NF_ACCEPT;
		nftnl_verdict_put(nlh, NFTA_IMMEDIATE_DATA, &vd);
		break;
	case 2:	/* jump without chain */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, 0);
		nftnl_verdict_put(nlh, NFTA_IMMEDIATE_DATA, &vd);
		break;
	case 3:	/* chain not NUL terminated */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, 0);
		o = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		i = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
		mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE, htonl((uint32_t)NFT_JUMP));
		mnl_attr_put(nlh, NFTA_VERDICT_CHAIN, 3, "abc");
		mnl_attr_nest_end(nlh, i);
		mnl_attr_nest_end(nlh, o);
		break;
	case 4:	/* verdict code as u16 */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, 0);
		o = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		i = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
		mnl_attr_put_u16(nlh, NFTA_VERDICT_CODE, 1);
		mnl_attr_nest_end(nlh, i);
		mnl_attr_nest_end(nlh, o);
		break;
	case 5:	/* no data */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, htonl(1));
		break;
	case 6:	/* empty chain name */
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG, 0);
		o = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		i = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
		mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE, htonl((uint32_t)NFT_JUMP));
		mnl_attr_put(nlh, NFTA_VERDICT_CHAIN, 0, NULL);
		mnl_attr_nest_end(nlh, i);
		mnl_attr_nest_end(nlh, o);
		break;
	}
}

static void fill_bitwise(struct nlmsghdr *nlh, int v)
{
	struct nftnl_data d4 = { .len = 4 }, d2 = { .len = 2 };

	mnl_attr_put_u32(nlh, NFTA_BITWISE_SREG, htonl(1));
	mnl_attr_put_u32(nlh, NFTA_BITWISE_DREG, htonl(1));
	mnl_attr_put_u32(nlh, NFTA_BITWISE_LEN, htonl(4));
	switch (v) {
	case 0:	/* mask shorter than len */
		nftnl_data_put(nlh, NFTA_BITWISE_MASK, &d2);
		nftnl_data_put(nlh, NFTA_BITWISE_XOR, &d4);
		break;
	case 1:	/* no xor */
		nftnl_data_put(nlh, NFTA_BITWISE_MASK, &d4);
		break;
	case 2:	/* shift of 2 bytes */
		mnl_attr_put_u32(nlh, NFTA_BITWISE_OP, htonl(NFT_BITWISE_LSHIFT));
		nftnl_data_put(nlh, NFTA_BITWISE_DATA, &d2);
		break;
	case 3:	/* unknown op */
		mnl_attr_put_u32(nlh, NFTA_BITWISE_OP, htonl(7));
		nftnl_data_put(nlh, NFTA_BITWISE_DATA, &d4);
		break;
	}
}

static void fill_misc(struct nlmsghdr *nlh, int v)
{
	switch (v) {
	case 0:	/* payload with no base */
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_DREG, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_OFFSET, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_PAYLOAD_LEN, htonl(1));
		break;
	case 1:	/* lookup without set */
		mnl_attr_put_u32(nlh, NFTA_LOOKUP_SREG, htonl(1));
		break;
	case 2:	/* lookup set name not terminated */
		mnl_attr_put_u32(nlh, NFTA_LOOKUP_SREG, htonl(1));
		mnl_attr_put(nlh, NFTA_LOOKUP_SET, 1, "s");
		break;
	case 3:	/* counter bytes as u32 */
		mnl_attr_put_u32(nlh, NFTA_COUNTER_BYTES, 1);
		break;
	case 4:	/* limit without unit */
		mnl_attr_put_u64(nlh, NFTA_LIMIT_RATE, 1);
		break;
	case 5:	/* log group as u32 */
		mnl_attr_put_u32(nlh, NFTA_LOG_GROUP, 1);
		break;
	case 6:	/* reject code as u32 */
		mnl_attr_put_u32(nlh, NFTA_REJECT_TYPE, 0);
		mnl_attr_put_u32(nlh, NFTA_REJECT_ICMP_CODE, 0);
		break;
	case 7:	/* quota without bytes */
		mnl_attr_put_u32(nlh, NFTA_QUOTA_FLAGS, 0);
		break;
	case 8:	/* meta with both registers */
		mnl_attr_put_u32(nlh, NFTA_META_KEY, htonl(3));
		mnl_attr_put_u32(nlh, NFTA_META_DREG, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_META_SREG, htonl(1));
		break;
	case 9:	/* byteorder without size */
		mnl_attr_put_u32(nlh, NFTA_BYTEORDER_SREG, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_BYTEORDER_DREG, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_BYTEORDER_OP, htonl(1));
		mnl_attr_put_u32(nlh, NFTA_BYTEORDER_LEN, htonl(4));
		break;
	case 10: /* range from/to of different lengths */
		{
			struct nftnl_data a = { .len = 2 }, b = { .len = 4 };

			mnl_attr_put_u32(nlh, NFTA_RANGE_SREG, htonl(1));
			mnl_attr_put_u32(nlh, NFTA_RANGE_OP, 0);
			nftnl_data_put(nlh, NFTA_RANGE_FROM_DATA, &a);
			nftnl_data_put(nlh, NFTA_RANGE_TO_DATA, &b);
		}
		break;
	}
}

static void test_malformed(void)
{
	static const char *misc_names[] = {
		"payload", "lookup", "lookup", "counter", "limit", "log", "reject",
		"quota", "meta", "byteorder", "range",
	};
	struct nlattr *a;
	size_t len, i;
	char what[64];
	int v;

	for (v = 0; v <= 5; v++) {
		snprintf(what, sizeof(what), "ct variant %d", v);
		a = handmade("ct", fill_ct, v, &len);
		expect_einval(what, a, len);
	}
	for (v = 0; v <= 5; v++) {
		snprintf(what, sizeof(what), "cmp variant %d", v);
		a = handmade("cmp", fill_cmp, v, &len);
		expect_einval(what, a, len);
	}
	for (v = 0; v <= 6; v++) {
		snprintf(what, sizeof(what), "immediate variant %d", v);
		a = handmade("immediate", fill_immediate, v, &len);
		expect_einval(what, a, len);
	}
	for (v = 0; v <= 3; v++) {
		snprintf(what, sizeof(what), "bitwise variant %d", v);
		a = handmade("bitwise", fill_bitwise, v, &len);
		expect_einval(what, a, len);
	}
	for (v = 0; v <= 10; v++) {
		snprintf(what, sizeof(what), "%s variant %d", misc_names[v], v);
		a = handmade(misc_names[v], fill_misc, v, &len);
		expect_einval(what, a, len);
	}
	/* Empty DATA for kinds with mandatory attributes. */
	for (i = NFTNL_EXPR_IMMEDIATE; i < NFTNL_EXPR_MAX; i++) {
		const char *name = nftnl_expr_ops_by_type(i)->name;
		struct nftnl_expr *e;

		if (i == NFTNL_EXPR_COUNTER || i == NFTNL_EXPR_LOG || i == NFTNL_EXPR_NOTRACK)
			continue;
		snprintf(what, sizeof(what), "%s empty data", name);
		a = handmade(name, NULL, 0, &len);
		expect_einval(what, a, len);
		(void)e;
	}
	/* No name, name not terminated, name empty. */
	a = handmade(NULL, fill_ct, 1, &len);
	expect_einval("no name", a, len);
	{
		struct nlmsghdr *nlh;
		struct nlattr *elem;

		memset(msgbuf, 0, sizeof(msgbuf));
		nlh = mnl_nlmsg_put_header(msgbuf);
		elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
		mnl_attr_put(nlh, NFTA_EXPR_NAME, 2, "ct");
		mnl_attr_nest_end(nlh, elem);
		expect_einval("name not terminated", elem, nlh->nlmsg_len - MNL_NLMSG_HDRLEN);

		memset(msgbuf, 0, sizeof(msgbuf));
		nlh = mnl_nlmsg_put_header(msgbuf);
		elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
		mnl_attr_put(nlh, NFTA_EXPR_NAME, 0, NULL);
		mnl_attr_nest_end(nlh, elem);
		expect_einval("name empty", elem, nlh->nlmsg_len - MNL_NLMSG_HDRLEN);

		/* Attribute of length 2 inside the element. */
		memset(msgbuf, 0, sizeof(msgbuf));
		nlh = mnl_nlmsg_put_header(msgbuf);
		elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "counter");
		mnl_attr_put_u32(nlh, NFTA_EXPR_DATA, 0);
		((struct nlattr *)((char *)elem + 16))->nla_len = 2;
		mnl_attr_nest_end(nlh, elem);
		expect_einval("attr len 2", elem, nlh->nlmsg_len - MNL_NLMSG_HDRLEN);

		/* DATA that is not a list of attributes. */
		memset(msgbuf, 0, sizeof(msgbuf));
		nlh = mnl_nlmsg_put_header(msgbuf);
		elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "frob");
		mnl_attr_put(nlh, NFTA_EXPR_DATA, 6, "\x20\x00\x01\x00\x00\x00");
		mnl_attr_nest_end(nlh, elem);
		expect_einval("unknown with bad data", elem, nlh->nlmsg_len - MNL_NLMSG_HDRLEN);
	}
	CHECK(nftnl_expr_parse(NULL) == NULL && errno == EINVAL, "NULL parsed");

	/* Garbage: pseudo random elements of every length up to 256. */
	{
		uint32_t seed = 12345;
		size_t n, k;

		for (n = 4; n < 256; n++) {
			for (k = 0; k < 20; k++) {
				uint8_t *t = malloc(n);
				struct nftnl_expr *e;
				size_t j;

				for (j = 0; j < n; j++) {
					seed = seed * 1103515245 + 12345;
					t[j] = seed >> 16;
				}
				((struct nlattr *)t)->nla_len = n;
				if (k & 1) {	/* plausible header and name */
					memcpy(t + 4, "\x07\x00\x01\x00" "ct\0\0", n >= 12 ? 8 : 0);
				}
				errno = 0;
				e = nftnl_expr_parse((struct nlattr *)t);
				if (!e)
					CHECK(errno == EINVAL || errno == 0 || errno == ENOMEM,
					      "garbage errno %d", errno);
				nftnl_expr_free(e);
				free(t);
			}
		}
		CHECK(1, "garbage survived");
	}
}

static void test_unknown(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *elem, *data;
	struct nftnl_expr *e;
	uint8_t orig[256];
	size_t len, len2;
	char buf[128];

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "frobnicate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u32(nlh, 1, htonl(7));
	mnl_attr_put_strz(nlh, 2, "xyz");
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	memcpy(orig, elem, len);

	e = parse_copy(orig, len);
	CHECK(e && e->type == NFTNL_EXPR_UNKNOWN, "unknown not kept");
	if (!e)
		return;
	CHECK(strcmp(nftnl_expr_name(e), "frobnicate") == 0, "unknown name %s",
	      nftnl_expr_name(e));
	CHECK(e->unknown.raw_len == 16, "unknown raw_len %u", e->unknown.raw_len);
	nftnl_expr_snprintf(buf, sizeof(buf), e);
	CHECK(strcmp(buf, "[ frobnicate <unknown> ]") == 0, "unknown text '%s'", buf);
	elem = build(e, &len2);
	CHECK(len2 == len && memcmp(elem, orig, len) == 0, "unknown rebuild differs");
	nftnl_expr_free(e);

	/* Unknown without data. */
	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "synproxy2");
	mnl_attr_nest_end(nlh, elem);
	len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	memcpy(orig, elem, len);
	e = parse_copy(orig, len);
	CHECK(e && e->type == NFTNL_EXPR_UNKNOWN && e->unknown.raw == NULL,
	      "unknown without data");
	if (e) {
		elem = build(e, &len2);
		CHECK(len2 == len && memcmp(elem, orig, len) == 0, "unknown no-data rebuild");
		nftnl_expr_free(e);
	}
}

static void test_data_helpers(void)
{
	struct nftnl_data d;
	char buf[64];
	int n;

	CHECK(nftnl_data_set(&d, zero64, 64) == 0, "64 bytes refused");
	CHECK(nftnl_data_set(&d, zero64, 65) < 0 && errno == EINVAL, "65 bytes accepted");
	nftnl_data_set(&d, "\x01\x02\x03\x04\x05", 5);
	n = nftnl_data_snprintf(buf, sizeof(buf), &d);
	CHECK(strcmp(buf, "0x04030201 0x00000005") == 0 && n == 21, "data text '%s'", buf);
	n = nftnl_data_snprintf(buf, 5, &d);
	CHECK(n == 21 && strcmp(buf, "0x04") == 0, "truncated data text '%s' %d", buf, n);
	n = nftnl_data_snprintf(NULL, 0, &d);
	CHECK(n == 21, "sizing data text %d", n);
	d.len = 0;
	n = nftnl_data_snprintf(buf, sizeof(buf), &d);
	CHECK(n == 0 && buf[0] == '\0', "empty data text");

	CHECK(strcmp(nftnl_verdict_name(NF_ACCEPT), "accept") == 0, "accept");
	CHECK(strcmp(nftnl_verdict_name(NF_DROP), "drop") == 0, "drop");
	CHECK(strcmp(nftnl_verdict_name(NFT_JUMP), "jump") == 0, "jump");
	CHECK(strcmp(nftnl_verdict_name(NFT_GOTO), "goto") == 0, "goto");
	CHECK(strcmp(nftnl_verdict_name(NFT_RETURN), "return") == 0, "return");
	CHECK(strcmp(nftnl_verdict_name(NFT_CONTINUE), "continue") == 0, "continue");
	CHECK(strcmp(nftnl_verdict_name(NFT_BREAK), "break") == 0, "break");
	CHECK(strcmp(nftnl_verdict_name(12345), "unknown") == 0, "unknown verdict");

	/* Registry. */
	{
		int t;

		for (t = NFTNL_EXPR_IMMEDIATE; t < NFTNL_EXPR_MAX; t++) {
			const struct nftnl_expr_ops *ops = nftnl_expr_ops_by_type(t);

			CHECK(ops && ops->type == (enum nftnl_expr_type)t &&
			      nftnl_expr_ops_by_name(ops->name) == ops, "registry type %d", t);
		}
		CHECK(nftnl_expr_ops_by_type(NFTNL_EXPR_MAX) == NULL, "by_type MAX");
		CHECK(nftnl_expr_ops_by_name("unknown") == NULL, "by_name unknown");
		CHECK(nftnl_expr_ops_by_name("nosuch") == NULL, "by_name nosuch");
		CHECK(nftnl_expr_alloc(NFTNL_EXPR_MAX) == NULL && errno == EINVAL, "alloc MAX");
	}
	/* Expression text with a short buffer keeps snprintf semantics. */
	{
		struct nftnl_expr *e = nftnl_expr_ct_get(NFT_CT_LABELS, -1, NFT_REG_1);
		const char *full = "[ ct load label => reg 1 ]";
		size_t sz;

		for (sz = 0; sz <= strlen(full) + 1; sz++) {
			memset(buf, 'X', sizeof(buf));
			n = nftnl_expr_snprintf(sz ? buf : NULL, sz, e);
			CHECK(n == (int)strlen(full), "expr snprintf size %zu: %d", sz, n);
			if (sz)
				CHECK(strlen(buf) == sz - 1 && strncmp(buf, full, sz - 1) == 0,
				      "expr snprintf size %zu: '%s'", sz, buf);
		}
		nftnl_expr_free(e);
	}
}

int main(void)
{
	test_data_helpers();
	test_label_path();
	test_ct();
	test_meta();
	test_cmp_immediate();
	test_bitwise();
	test_payload();
	test_lookup_range_byteorder();
	test_stateful();
	test_unknown();
	test_malformed();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
