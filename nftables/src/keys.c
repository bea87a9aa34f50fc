/*
 * keys.c - the key tables of datatype.h and deps.h: ct keys, meta keys,
 * protocol header descriptions (ip, ip6, tcp, udp, icmp, icmpv6, th,
 * ether, arp) and the protocol dependency table. Adding a key is adding
 * a row; the parser, evaluator, linearizer, delinearizer and printer all
 * read these rows.
 */
#include <string.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "datatype.h"
#include "deps.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- ct keys ---------------------------------------------------------- */

#define H BYTEORDER_HOST
#define B BYTEORDER_BIG

static const struct ct_key ct_keys[] = {
	{ "state", NFT_CT_STATE, &ct_state_type, 32, H, KEY_DIR_NONE, false },
	{ "direction", NFT_CT_DIRECTION, &ct_dir_type, 8, H, KEY_DIR_NONE, false },
	{ "status", NFT_CT_STATUS, &ct_status_type, 32, H, KEY_DIR_NONE, false },
	{ "mark", NFT_CT_MARK, &mark_type, 32, H, KEY_DIR_NONE, true },
	{ "secmark", NFT_CT_SECMARK, &integer_type, 32, H, KEY_DIR_NONE, true },
	{ "expiration", NFT_CT_EXPIRATION, &time_type, 32, H, KEY_DIR_NONE, false },
	{ "helper", NFT_CT_HELPER, &string_type, 16 * 8, H, KEY_DIR_NONE, false },
	{ "l3proto", NFT_CT_L3PROTOCOL, &nfproto_type, 8, H, KEY_DIR_OPTIONAL, false },
	{ "protocol", NFT_CT_PROTOCOL, &inet_protocol_type, 8, B, KEY_DIR_OPTIONAL, false },
	{ "proto-src", NFT_CT_PROTO_SRC, &inet_service_type, 16, B, KEY_DIR_REQUIRED, false },
	{ "proto-dst", NFT_CT_PROTO_DST, &inet_service_type, 16, B, KEY_DIR_REQUIRED, false },
	{ "label", NFT_CT_LABELS, &ct_label_type, 128, H, KEY_DIR_NONE, true },
	{ "bytes", NFT_CT_BYTES, &integer_type, 64, H, KEY_DIR_OPTIONAL, false },
	{ "packets", NFT_CT_PKTS, &integer_type, 64, H, KEY_DIR_OPTIONAL, false },
	{ "avgpkt", NFT_CT_AVGPKT, &integer_type, 64, H, KEY_DIR_OPTIONAL, false },
	{ "zone", NFT_CT_ZONE, &integer_type, 16, H, KEY_DIR_OPTIONAL, true },
	{ "id", NFT_CT_ID, &integer_type, 32, B, KEY_DIR_NONE, false },
};

const struct ct_key *ct_key_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ct_keys); i++)
		if (!strcmp(ct_keys[i].name, name))
			return &ct_keys[i];
	return NULL;
}

const struct ct_key *ct_key_by_nft(uint32_t key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ct_keys); i++)
		if (ct_keys[i].key == key)
			return &ct_keys[i];
	return NULL;
}

/* ---- meta keys -------------------------------------------------------- */

/* "unqualified": listed without "meta" (upstream lists iif, oif, iifname,
 * oifname, iifgroup, oifgroup that way; the parser also accepts a few
 * more keys without "meta", e.g. mark, skuid). */
static const struct meta_key meta_keys[] = {
	{ "length", NFT_META_LEN, &integer_type, 32, H, false, false },
	{ "protocol", NFT_META_PROTOCOL, &ethertype_type, 16, B, false, true },
	{ "nfproto", NFT_META_NFPROTO, &nfproto_type, 8, H, false, false },
	{ "l4proto", NFT_META_L4PROTO, &inet_protocol_type, 8, H, false, false },
	{ "priority", NFT_META_PRIORITY, &integer_type, 32, H, false, true },
	{ "mark", NFT_META_MARK, &mark_type, 32, H, false, true },
	{ "iif", NFT_META_IIF, &ifindex_type, 32, H, true, false },
	{ "iifname", NFT_META_IIFNAME, &ifname_type, 16 * 8, H, true, false },
	{ "iiftype", NFT_META_IIFTYPE, &arphrd_type, 16, H, false, false },
	{ "oif", NFT_META_OIF, &ifindex_type, 32, H, true, false },
	{ "oifname", NFT_META_OIFNAME, &ifname_type, 16 * 8, H, true, false },
	{ "oiftype", NFT_META_OIFTYPE, &arphrd_type, 16, H, false, false },
	{ "skuid", NFT_META_SKUID, &uid_type, 32, H, false, false },
	{ "skgid", NFT_META_SKGID, &gid_type, 32, H, false, false },
	{ "nftrace", NFT_META_NFTRACE, &integer_type, 8, H, false, true },
	{ "rtclassid", NFT_META_RTCLASSID, &integer_type, 32, H, false, false },
	{ "secmark", NFT_META_SECMARK, &integer_type, 32, H, false, true },
	{ "pkttype", NFT_META_PKTTYPE, &integer_type, 8, H, false, true },
	{ "cpu", NFT_META_CPU, &integer_type, 32, H, false, false },
	{ "iifgroup", NFT_META_IIFGROUP, &integer_type, 32, H, true, false },
	{ "oifgroup", NFT_META_OIFGROUP, &integer_type, 32, H, true, false },
	{ "cgroup", NFT_META_CGROUP, &integer_type, 32, H, false, false },
	{ "random", NFT_META_PRANDOM, &integer_type, 32, B, false, false },
};

const struct meta_key *meta_key_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(meta_keys); i++)
		if (!strcmp(meta_keys[i].name, name))
			return &meta_keys[i];
	return NULL;
}

const struct meta_key *meta_key_by_nft(uint32_t key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(meta_keys); i++)
		if (meta_keys[i].key == key)
			return &meta_keys[i];
	return NULL;
}

/* ---- protocol headers ------------------------------------------------- */

/* Field rows are in upstream nft's field order (IPHDR_VERSION = 1, ...):
 * proto_field_upstream_id() is the row index + 1. Offsets in bits. */
#define F(n, t, off, len, bo) { n, t, off, len, bo }

static const struct proto_field ip_fields[] = {
	F("version", &integer_type, 0, 4, B),
	F("hdrlength", &integer_type, 4, 4, B),
	F("dscp", &integer_type, 8, 6, B),
	F("ecn", &integer_type, 14, 2, B),
	F("length", &integer_type, 16, 16, B),
	F("id", &integer_type, 32, 16, B),
	F("frag-off", &integer_type, 48, 16, B),
	F("ttl", &integer_type, 64, 8, B),
	F("protocol", &inet_protocol_type, 72, 8, B),
	F("checksum", &integer_type, 80, 16, B),
	F("saddr", &ipaddr_type, 96, 32, B),
	F("daddr", &ipaddr_type, 128, 32, B),
};

static const struct proto_field ip6_fields[] = {
	F("version", &integer_type, 0, 4, B),
	F("dscp", &integer_type, 4, 6, B),
	F("ecn", &integer_type, 10, 2, B),
	F("flowlabel", &integer_type, 12, 20, B),
	F("length", &integer_type, 32, 16, B),
	F("nexthdr", &inet_protocol_type, 48, 8, B),
	F("hoplimit", &integer_type, 56, 8, B),
	F("saddr", &ip6addr_type, 64, 128, B),
	F("daddr", &ip6addr_type, 192, 128, B),
};

static const struct proto_field tcp_fields[] = {
	F("sport", &inet_service_type, 0, 16, B),
	F("dport", &inet_service_type, 16, 16, B),
	F("sequence", &integer_type, 32, 32, B),
	F("ackseq", &integer_type, 64, 32, B),
	F("doff", &integer_type, 96, 4, B),
	F("reserved", &integer_type, 100, 4, B),
	F("flags", &tcp_flag_type, 104, 8, B),
	F("window", &integer_type, 112, 16, B),
	F("checksum", &integer_type, 128, 16, B),
	F("urgptr", &integer_type, 144, 16, B),
};

static const struct proto_field udp_fields[] = {
	F("sport", &inet_service_type, 0, 16, B),
	F("dport", &inet_service_type, 16, 16, B),
	F("length", &integer_type, 32, 16, B),
	F("checksum", &integer_type, 48, 16, B),
};

static const struct proto_field icmp_fields[] = {
	F("type", &icmp_type_type, 0, 8, B),
	F("code", &integer_type, 8, 8, B),
	F("checksum", &integer_type, 16, 16, B),
	F("id", &integer_type, 32, 16, B),
	F("sequence", &integer_type, 48, 16, B),
	F("gateway", &integer_type, 32, 32, B),
	F("mtu", &integer_type, 48, 16, B),
};

static const struct proto_field icmp6_fields[] = {
	F("type", &icmp6_type_type, 0, 8, B),
	F("code", &integer_type, 8, 8, B),
	F("checksum", &integer_type, 16, 16, B),
	F("parameter-problem", &integer_type, 32, 32, B),
	F("mtu", &integer_type, 32, 32, B),
	F("id", &integer_type, 32, 16, B),
	F("sequence", &integer_type, 48, 16, B),
	F("max-delay", &integer_type, 32, 16, B),
};

static const struct proto_field th_fields[] = {
	F("sport", &inet_service_type, 0, 16, B),
	F("dport", &inet_service_type, 16, 16, B),
};

static const struct proto_field ether_fields[] = {
	F("daddr", &etheraddr_type, 0, 48, B),
	F("saddr", &etheraddr_type, 48, 48, B),
	F("type", &ethertype_type, 96, 16, B),
};

static const struct proto_field arp_fields[] = {
	F("htype", &integer_type, 0, 16, B),
	F("ptype", &ethertype_type, 16, 16, B),
	F("hlen", &integer_type, 32, 8, B),
	F("plen", &integer_type, 40, 8, B),
	F("operation", &integer_type, 48, 16, B),
};

#define DESC(n, layer, base, proto, eth, f) \
	{ n, layer, base, proto, eth, f, ARRAY_SIZE(f) }

enum {
	P_IP, P_IP6, P_ARP, P_TCP, P_UDP, P_ICMP, P_ICMP6, P_TH, P_ETHER,
};

static const struct proto_desc protos[] = {
	[P_IP] = DESC("ip", PROTO_NETWORK, NFT_PAYLOAD_NETWORK_HEADER, NFPROTO_IPV4,
		      ETH_P_IP, ip_fields),
	[P_IP6] = DESC("ip6", PROTO_NETWORK, NFT_PAYLOAD_NETWORK_HEADER, NFPROTO_IPV6,
		       ETH_P_IPV6, ip6_fields),
	[P_ARP] = DESC("arp", PROTO_NETWORK, NFT_PAYLOAD_NETWORK_HEADER, NFPROTO_ARP,
		       ETH_P_ARP, arp_fields),
	[P_TCP] = DESC("tcp", PROTO_TRANSPORT, NFT_PAYLOAD_TRANSPORT_HEADER, IPPROTO_TCP,
		       0, tcp_fields),
	[P_UDP] = DESC("udp", PROTO_TRANSPORT, NFT_PAYLOAD_TRANSPORT_HEADER, IPPROTO_UDP,
		       0, udp_fields),
	[P_ICMP] = DESC("icmp", PROTO_TRANSPORT, NFT_PAYLOAD_TRANSPORT_HEADER, IPPROTO_ICMP,
			0, icmp_fields),
	[P_ICMP6] = DESC("icmpv6", PROTO_TRANSPORT, NFT_PAYLOAD_TRANSPORT_HEADER,
			 IPPROTO_ICMPV6, 0, icmp6_fields),
	[P_TH] = DESC("th", PROTO_TRANSPORT, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 0, th_fields),
	[P_ETHER] = DESC("ether", PROTO_LL, NFT_PAYLOAD_LL_HEADER, 0, 0, ether_fields),
};

/* upstream's enum proto_desc_id, per row of protos[] */
static const uint32_t upstream_desc_id[] = {
	[P_IP] = 12, [P_IP6] = 13, [P_ARP] = 15, [P_TCP] = 8, [P_UDP] = 6,
	[P_ICMP] = 4, [P_ICMP6] = 14, [P_TH] = 11, [P_ETHER] = 17,
};

const struct proto_desc *proto_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (!strcmp(protos[i].name, name))
			return &protos[i];
	return NULL;
}

const struct proto_field *proto_field_by_name(const struct proto_desc *d, const char *name)
{
	size_t i;

	for (i = 0; d && i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return &d->fields[i];
	return NULL;
}

const struct proto_field *proto_field_at(const struct proto_desc *d, unsigned int offset,
					 unsigned int len)
{
	size_t i;

	for (i = 0; d && i < d->nfields; i++)
		if (d->fields[i].offset == offset && d->fields[i].len == len)
			return &d->fields[i];
	return NULL;
}

const struct proto_desc *proto_by_l4(uint32_t p)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].layer == PROTO_TRANSPORT && protos[i].protocol &&
		    protos[i].protocol == p)
			return &protos[i];
	return NULL;
}

const struct proto_desc *proto_by_nfproto(uint32_t nfproto)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].layer == PROTO_NETWORK &&
		    (protos[i].protocol == nfproto || protos[i].ethertype == nfproto))
			return &protos[i];
	return NULL;
}

const struct proto_desc *proto_by_ethertype(uint16_t ethertype)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].layer == PROTO_NETWORK && protos[i].ethertype == ethertype)
			return &protos[i];
	return NULL;
}

uint32_t proto_desc_upstream_id(const struct proto_desc *d)
{
	if (d < protos || d >= protos + ARRAY_SIZE(protos))
		return 0;
	return upstream_desc_id[d - protos];
}

uint32_t proto_field_upstream_id(const struct proto_desc *d, const struct proto_field *f)
{
	if (!d || f < d->fields || f >= d->fields + d->nfields)
		return 0;
	return f - d->fields + 1;
}

/* ---- dependencies ------------------------------------------------------ */

/* What a family starts with, per layer. */
static const struct {
	uint32_t family;
	enum proto_layer layer;
	int proto;
} family_base[] = {
	{ NFPROTO_IPV4, PROTO_NETWORK, P_IP },
	{ NFPROTO_IPV6, PROTO_NETWORK, P_IP6 },
	{ NFPROTO_ARP, PROTO_NETWORK, P_ARP },
	{ NFPROTO_BRIDGE, PROTO_LL, P_ETHER },
	{ NFPROTO_NETDEV, PROTO_LL, P_ETHER },
};

const struct proto_desc *proto_family_base(uint32_t family, enum proto_layer layer)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(family_base); i++)
		if (family_base[i].family == family && family_base[i].layer == layer)
			return &protos[family_base[i].proto];
	return NULL;
}

/* How the value of a selector names a protocol. */
enum sel_value {
	SELV_L4,		/* IPPROTO_*: desc->protocol of a transport protocol */
	SELV_NFPROTO,		/* NFPROTO_*: desc->protocol of a network protocol */
	SELV_ETHERTYPE,		/* ETH_P_*: desc->ethertype */
	SELV_ARPHRD,		/* ARPHRD_ETHER for ether */
};

/* A match that selects the protocol of a layer: a meta key, or a payload
 * field of the layer below. */
struct selector {
	unsigned int families;		/* 1 << NFPROTO_*: where it selects */
	enum proto_layer layer;		/* the layer it selects */
	uint32_t meta_key;		/* NFT_META_*, when payload_proto < 0 */
	int payload_proto;		/* P_*, or -1 */
	const char *field;
	enum sel_value value;
};

enum {
	S_META_L4PROTO, S_META_NFPROTO, S_META_PROTOCOL, S_META_IIFTYPE,
	S_ETHER_TYPE, S_IP_PROTOCOL, S_IP6_NEXTHDR,
};

#define FAM(f) (1u << (f))
#define ALL_FAMILIES (~0u)

/* Upstream only counts `meta protocol` as selecting the network layer
 * in bridge and netdev: in inet, `meta protocol ip ip saddr 1.1.1.1`
 * still gets `meta nfproto ipv4`. */
static const struct selector selectors[] = {
	[S_META_L4PROTO] = { ALL_FAMILIES, PROTO_TRANSPORT, NFT_META_L4PROTO, -1, NULL,
			     SELV_L4 },
	[S_META_NFPROTO] = { FAM(NFPROTO_INET), PROTO_NETWORK, NFT_META_NFPROTO, -1, NULL,
			     SELV_NFPROTO },
	[S_META_PROTOCOL] = { FAM(NFPROTO_BRIDGE) | FAM(NFPROTO_NETDEV), PROTO_NETWORK,
			      NFT_META_PROTOCOL, -1, NULL, SELV_ETHERTYPE },
	[S_META_IIFTYPE] = { FAM(NFPROTO_INET) | FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6),
			     PROTO_LL, NFT_META_IIFTYPE, -1, NULL, SELV_ARPHRD },
	[S_ETHER_TYPE] = { ALL_FAMILIES, PROTO_NETWORK, 0, P_ETHER, "type", SELV_ETHERTYPE },
	[S_IP_PROTOCOL] = { ALL_FAMILIES, PROTO_TRANSPORT, 0, P_IP, "protocol", SELV_L4 },
	[S_IP6_NEXTHDR] = { ALL_FAMILIES, PROTO_TRANSPORT, 0, P_IP6, "nexthdr", SELV_L4 },
};

#define ANY_FAMILY 0xffffffffu

/* The dependency table, verified against upstream nft 1.0.6
 * (--debug=netlink): which selector a family emits for a protocol of a
 * layer. @implied rows are for the network protocol that icmp/icmpv6
 * need (bridge uses `ether type` there, `meta protocol` otherwise). */
static const struct {
	uint32_t family;
	enum proto_layer layer;
	bool implied;
	int selector;
} dep_table[] = {
	{ ANY_FAMILY, PROTO_TRANSPORT, false, S_META_L4PROTO },
	{ NFPROTO_INET, PROTO_NETWORK, false, S_META_NFPROTO },
	{ NFPROTO_INET, PROTO_NETWORK, true, S_META_NFPROTO },
	{ NFPROTO_BRIDGE, PROTO_NETWORK, false, S_META_PROTOCOL },
	{ NFPROTO_BRIDGE, PROTO_NETWORK, true, S_ETHER_TYPE },
	{ NFPROTO_NETDEV, PROTO_NETWORK, false, S_META_PROTOCOL },
	{ NFPROTO_NETDEV, PROTO_NETWORK, true, S_META_PROTOCOL },
	{ NFPROTO_INET, PROTO_LL, false, S_META_IIFTYPE },
	{ NFPROTO_IPV4, PROTO_LL, false, S_META_IIFTYPE },
	{ NFPROTO_IPV6, PROTO_LL, false, S_META_IIFTYPE },
};

static uint64_t selector_value(const struct selector *s, const struct proto_desc *d)
{
	switch (s->value) {
	case SELV_L4:
	case SELV_NFPROTO:
		return d->protocol;
	case SELV_ETHERTYPE:
		return d->ethertype;
	case SELV_ARPHRD:
		return 1;	/* ARPHRD_ETHER */
	}
	return 0;
}

static struct expr *selector_left(const struct selector *s, const struct location *loc)
{
	const struct proto_desc *pd;
	const struct proto_field *f;
	const struct meta_key *mk;
	struct expr *e;

	if (s->payload_proto < 0) {
		mk = meta_key_by_nft(s->meta_key);
		e = meta_expr_alloc(loc, mk);
		e->dtype = mk->dtype;
		e->len = mk->len;
		e->byteorder = mk->byteorder;
		return e;
	}
	pd = &protos[s->payload_proto];
	f = proto_field_by_name(pd, s->field);
	e = payload_expr_alloc(loc, pd, f);
	e->dtype = f->dtype;
	e->len = f->len;
	e->byteorder = f->byteorder;
	e->payload.base = pd->base;
	e->payload.offset = f->offset;
	return e;
}

struct expr *proto_dep_build(uint32_t family, const struct proto_desc *d, bool implied,
			     const struct location *loc)
{
	const struct selector *s = NULL;
	struct expr *left, *right;
	size_t i;

	if (!d || d == &protos[P_TH] || proto_family_base(family, d->layer) == d)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(dep_table); i++) {
		if ((dep_table[i].family == family || dep_table[i].family == ANY_FAMILY) &&
		    dep_table[i].layer == d->layer && dep_table[i].implied == implied) {
			s = &selectors[dep_table[i].selector];
			break;
		}
	}
	if (!s)
		return NULL;
	left = selector_left(s, loc);
	right = value_expr_from_u64(loc, left->dtype, left->byteorder, left->len,
				    selector_value(s, d));
	{
		struct expr *rel = relational_expr_alloc(loc, OP_EQ, left, right);

		rel->dtype = left->dtype;
		rel->len = left->len;
		return rel;
	}
}

static bool selector_is(const struct selector *s, const struct expr *left)
{
	if (s->payload_proto < 0)
		return left->kind == EXPR_META && left->meta.key &&
		       left->meta.key->key == s->meta_key;
	if (left->kind != EXPR_PAYLOAD)
		return false;
	if (left->payload.desc && left->payload.field)
		return left->payload.desc == &protos[s->payload_proto] &&
		       !strcmp(left->payload.field->name, s->field);
	{
		const struct proto_desc *pd = &protos[s->payload_proto];
		const struct proto_field *f = proto_field_by_name(pd, s->field);

		return left->payload.base == pd->base && left->payload.offset == f->offset &&
		       left->len == f->len;
	}
}

const struct proto_desc *proto_selects(uint32_t family, const struct expr *rel,
				       enum proto_layer *layer)
{
	const struct expr *left, *right;
	uint64_t v;
	size_t i, j;

	if (!rel || rel->kind != EXPR_RELATIONAL ||
	    (rel->rel.op != OP_EQ && rel->rel.op != OP_IMPLICIT))
		return NULL;
	left = rel->rel.left;
	right = rel->rel.right;
	if (!left || !right || right->kind != EXPR_VALUE)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(selectors); i++) {
		const struct selector *s = &selectors[i];

		if (!selector_is(s, left))
			continue;
		if (family < 32 && !(s->families & FAM(family)))
			return NULL;
		v = value_to_u64(right);
		for (j = 0; j < ARRAY_SIZE(protos); j++) {
			const struct proto_desc *d = &protos[j];

			if (d->layer != s->layer || j == P_TH)
				continue;
			if (s->value == SELV_ARPHRD ? (j == P_ETHER && v == 1) :
			    (selector_value(s, d) && selector_value(s, d) == v)) {
				if (layer)
					*layer = s->layer;
				return d;
			}
		}
		return NULL;
	}
	return NULL;
}

const struct proto_desc *proto_implied_network(const struct proto_desc *d)
{
	if (d == &protos[P_ICMP])
		return &protos[P_IP];
	if (d == &protos[P_ICMP6])
		return &protos[P_IP6];
	return NULL;
}
