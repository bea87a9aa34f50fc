/*
 * datatype.h - datatypes and key tables: every subsystem described once,
 * as data, read by the parser, evaluator, linearizer, delinearizer and
 * printer alike (DESIGN.md, "Tables, not switch statements").
 *
 *  - datatypes: name, size, byte order, symbols, parse(symbol) -> value,
 *    print(value). Bitmask types (ct state, ct status, tcp flags, ct
 *    label) share one bitmask implementation; ct label is the 128-bit
 *    bitmask whose symbols come from the label table (labels.h).
 *  - ct keys, meta keys: name, kernel key, datatype, length, byte order.
 *  - protocol headers: fields with offset/length, how the protocol is
 *    selected by the layer below (for dependencies).
 */
#ifndef NFT_DATATYPE_H
#define NFT_DATATYPE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "ast.h"

struct output_ctx;

/* ---- datatypes ------------------------------------------------------- */

/* Datatype ids: the numbers upstream nft stores as a set's key type
 * (NFTA_SET_KEY_TYPE), so sets interoperate. */
enum datatype_id {
	TYPE_INVALID = 0,
	TYPE_VERDICT = 1,
	TYPE_NFPROTO = 2,
	TYPE_BITMASK = 3,
	TYPE_INTEGER = 4,
	TYPE_STRING = 5,
	TYPE_LLADDR = 6,
	TYPE_IPADDR = 7,
	TYPE_IP6ADDR = 8,
	TYPE_ETHERADDR = 9,
	TYPE_ETHERTYPE = 10,
	TYPE_ARPOP = 11,
	TYPE_INET_PROTOCOL = 12,
	TYPE_INET_SERVICE = 13,
	TYPE_ICMP_TYPE = 14,
	TYPE_TCP_FLAG = 15,
	TYPE_DCCP_PKTTYPE = 16,
	TYPE_MH_TYPE = 17,
	TYPE_TIME = 18,
	TYPE_MARK = 19,
	TYPE_IFINDEX = 20,
	TYPE_ARPHRD = 21,
	TYPE_REALM = 22,
	TYPE_CLASSID = 23,
	TYPE_UID = 24,
	TYPE_GID = 25,
	TYPE_CT_STATE = 26,
	TYPE_CT_DIR = 27,
	TYPE_CT_STATUS = 28,
	TYPE_ICMP6_TYPE = 29,
	TYPE_CT_LABEL = 30,
	/* the rest: verify against upstream before relying on the number */
	TYPE_IFNAME = 41,
};

struct symbol {
	const char *name;
	uint64_t value;		/* host order; bit value for bitmask types */
};

struct symbol_table {
	const struct symbol *syms;
	size_t n;
};

struct datatype {
	enum datatype_id id;
	const char *name;		/* "ipv4_addr", "ct_state", "ct_label" */
	const char *desc;		/* "IPv4 address" (for error messages) */
	unsigned int size;		/* bits; 0 = variable (strings) */
	enum byteorder byteorder;
	bool bitmask;			/* values combine with ',' and '|' */
	const struct symbol_table *symbols;	/* named constants, or NULL */
	const struct datatype *basetype;	/* e.g. integer for mark */
	/* Convert a symbol (EXPR_SYMBOL at sym->loc) to an EXPR_VALUE of
	 * this type; NULL with an error queued that names the location. */
	struct expr *(*parse)(const struct datatype *dt, const struct expr *sym);
	/* Print one value (EXPR_VALUE of this type). */
	void (*print)(const struct expr *value, const struct output_ctx *o, FILE *fp);
};

extern const struct datatype integer_type;
extern const struct datatype string_type;
extern const struct datatype ifname_type;
extern const struct datatype verdict_type;
extern const struct datatype nfproto_type;
extern const struct datatype ipaddr_type;
extern const struct datatype ip6addr_type;
extern const struct datatype ethertype_type;
extern const struct datatype inet_protocol_type;
extern const struct datatype inet_service_type;
extern const struct datatype icmp_type_type;
extern const struct datatype icmp6_type_type;
extern const struct datatype tcp_flag_type;
extern const struct datatype mark_type;
extern const struct datatype ifindex_type;
extern const struct datatype uid_type;
extern const struct datatype gid_type;
extern const struct datatype ct_state_type;
extern const struct datatype ct_status_type;
extern const struct datatype ct_dir_type;
extern const struct datatype ct_label_type;
/* Added by the tables engineer (N2): ether addresses (bridge/netdev
 * payload), interface types (meta iiftype, the inet dependency of ether). */
extern const struct datatype etheraddr_type;
extern const struct datatype arphrd_type;
/* Relative time in milliseconds (ct expiration). */
extern const struct datatype time_type;

/* The type at the bottom of @dt's basetype chain (integer for marks). */
const struct datatype *datatype_basetype(const struct datatype *dt);

/* Datatype for a set key type id met in a dump; integer_type if unknown. */
const struct datatype *datatype_by_id(uint32_t id);

/* The shared bitmask implementation: parse one symbol to one bit (or a
 * number), print a value as "a,b,c" (names where known, numbers for the
 * rest). Types differ only in their symbol source. */
struct expr *bitmask_parse(const struct datatype *dt, const struct expr *sym);
void bitmask_print(const struct expr *value, const struct output_ctx *o, FILE *fp);
/* Same with another separator: " | " for `ct label set "a" | "b"`. */
void bitmask_print_sep(const struct expr *value, const struct output_ctx *o, FILE *fp,
		       const char *sep);

/* ---- ct keys --------------------------------------------------------- */

enum key_dir {
	KEY_DIR_NONE,		/* never takes a direction */
	KEY_DIR_OPTIONAL,	/* ct [original|reply] key */
	KEY_DIR_REQUIRED,	/* ct original|reply key */
};

struct ct_key {
	const char *name;		/* "state", "label", "mark", ... */
	uint32_t key;			/* NFT_CT_* */
	const struct datatype *dtype;
	unsigned int len;		/* bits */
	enum byteorder byteorder;
	enum key_dir dir;
	bool settable;			/* ct KEY set VALUE allowed */
};

const struct ct_key *ct_key_by_name(const char *name);
const struct ct_key *ct_key_by_nft(uint32_t key);

/* ---- meta keys ------------------------------------------------------- */

struct meta_key {
	const char *name;		/* "iifname", "mark", "l4proto", ... */
	uint32_t key;			/* NFT_META_* */
	const struct datatype *dtype;
	unsigned int len;		/* bits */
	enum byteorder byteorder;
	bool unqualified;		/* may be written and is listed without "meta" */
	bool settable;
};

const struct meta_key *meta_key_by_name(const char *name);
const struct meta_key *meta_key_by_nft(uint32_t key);

/* ---- protocol headers ------------------------------------------------ */

enum proto_layer {
	PROTO_LL,		/* link layer: ether, in bridge/netdev */
	PROTO_NETWORK,		/* ip, ip6, arp */
	PROTO_TRANSPORT,	/* tcp, udp, icmp, icmpv6, th */
};

struct proto_field {
	const char *name;		/* "dport" */
	const struct datatype *dtype;
	unsigned int offset;		/* bits from the start of the header */
	unsigned int len;		/* bits */
	enum byteorder byteorder;
};

struct proto_desc {
	const char *name;		/* "tcp" */
	enum proto_layer layer;
	uint32_t base;			/* NFT_PAYLOAD_*_HEADER */
	/* how the layer below names this protocol: IPPROTO_* for transport
	 * protocols (meta l4proto), NFPROTO_* / ETH_P_* for network ones;
	 * 0 for "th" (any transport) */
	uint32_t protocol;
	uint16_t ethertype;		/* network protocols: ETH_P_* */
	const struct proto_field *fields;
	size_t nfields;
};

const struct proto_desc *proto_by_name(const char *name);
const struct proto_field *proto_field_by_name(const struct proto_desc *d, const char *name);
/* Delinearize: the field of @d at (offset, len) in bits, or NULL. */
const struct proto_field *proto_field_at(const struct proto_desc *d, unsigned int offset,
					 unsigned int len);
/* Delinearize: the transport protocol whose meta l4proto number is @p. */
const struct proto_desc *proto_by_l4(uint32_t p);
/* Delinearize: the network protocol for an NFPROTO_* or ETH_P_* value. */
const struct proto_desc *proto_by_nfproto(uint32_t nfproto);
const struct proto_desc *proto_by_ethertype(uint16_t ethertype);

#endif /* NFT_DATATYPE_H */
