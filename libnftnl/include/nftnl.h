/*
 * nftnl.h - public interface of our netlink object library for nf_tables.
 *
 * The library knows netlink and nothing of the rule language: it turns
 * plain C structs (tables, chains, rules, sets, elements, expressions)
 * into nf_tables netlink messages, sends them in one transaction (a
 * batch), parses the kernel's dumps back into the same structs, and
 * prints rules in the bytecode text form of `nft --debug=netlink`.
 *
 * Conventions:
 *  - Functions that can fail return -1 (or NULL) and set errno.
 *  - Strings inside objects are owned by the object (strdup'ed by the
 *    setters, freed by the *_free functions).
 *  - Register numbers are the kernel's (enum nft_registers): NFT_REG_1..4
 *    are the 16-byte registers, NFT_REG32_00.. the 32-bit ones.
 */
#ifndef NFTNL_H
#define NFTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

struct nlmsghdr;
struct nlattr;

/* ------------------------------------------------------------------ */
/* Data: values and verdicts (nft_data)                                */
/* ------------------------------------------------------------------ */

/* A constant value as the kernel sees it: raw bytes, network or host order
 * as the producer decided. At most NFT_DATA_VALUE_MAXLEN (64) bytes. */
struct nftnl_data {
	uint32_t len;
	uint8_t bytes[NFT_DATA_VALUE_MAXLEN];
};

/* A verdict: code is NF_ACCEPT, NF_DROP, NFT_CONTINUE, NFT_BREAK,
 * NFT_JUMP, NFT_GOTO or NFT_RETURN; chain is set for jump and goto. */
struct nftnl_verdict {
	int32_t code;
	char *chain;
};

/* Fill @d with @len bytes from @bytes. Returns -1 (EINVAL) if too long. */
int nftnl_data_set(struct nftnl_data *d, const void *bytes, size_t len);

/* Print a value as upstream does: 32-bit words in host order, "0x%08x",
 * separated by spaces (a trailing partial word is zero padded).
 * Returns the number of characters that would have been written. */
int nftnl_data_snprintf(char *buf, size_t size, const struct nftnl_data *d);

/* Name of a verdict code as printed in bytecode text ("accept", "jump"). */
const char *nftnl_verdict_name(int32_t code);

/* ------------------------------------------------------------------ */
/* Expressions                                                          */
/* ------------------------------------------------------------------ */

/* Kinds of expression the library knows. NFTNL_EXPR_UNKNOWN keeps an
 * expression met in a dump that we cannot decode, with its raw data. */
enum nftnl_expr_type {
	NFTNL_EXPR_UNKNOWN = 0,
	NFTNL_EXPR_IMMEDIATE,
	NFTNL_EXPR_CMP,
	NFTNL_EXPR_BITWISE,
	NFTNL_EXPR_RANGE,
	NFTNL_EXPR_CT,
	NFTNL_EXPR_META,
	NFTNL_EXPR_PAYLOAD,
	NFTNL_EXPR_BYTEORDER,
	NFTNL_EXPR_COUNTER,
	NFTNL_EXPR_LOOKUP,
	NFTNL_EXPR_LOG,
	NFTNL_EXPR_LIMIT,
	NFTNL_EXPR_QUOTA,
	NFTNL_EXPR_REJECT,
	NFTNL_EXPR_NOTRACK,
	NFTNL_EXPR_MAX
};

struct nftnl_expr_immediate {
	uint32_t dreg;			/* NFT_REG_VERDICT for verdicts */
	struct nftnl_data data;		/* when dreg != NFT_REG_VERDICT */
	struct nftnl_verdict verdict;	/* when dreg == NFT_REG_VERDICT */
};

struct nftnl_expr_cmp {
	uint32_t sreg;
	uint32_t op;			/* enum nft_cmp_ops */
	struct nftnl_data data;
};

struct nftnl_expr_bitwise {
	uint32_t sreg, dreg, len;
	uint32_t op;			/* enum nft_bitwise_ops */
	struct nftnl_data mask, xor;	/* NFT_BITWISE_BOOL */
	struct nftnl_data shift;	/* NFT_BITWISE_LSHIFT/RSHIFT (u32) */
};

struct nftnl_expr_range {
	uint32_t sreg;
	uint32_t op;			/* enum nft_range_ops */
	struct nftnl_data from, to;
};

/* ct: get when is_set is false (dreg), set when true (sreg).
 * has_dir says whether dir (IP_CT_DIR_ORIGINAL/REPLY) is sent. */
struct nftnl_expr_ct {
	uint32_t key;			/* enum nft_ct_keys */
	bool is_set;
	bool has_dir;
	uint8_t dir;
	uint32_t reg;			/* dreg for get, sreg for set */
};

/* meta: get (dreg) or set (sreg). */
struct nftnl_expr_meta {
	uint32_t key;			/* enum nft_meta_keys */
	bool is_set;
	uint32_t reg;
};

/* payload: load (is_set false, dreg) or set (sreg, checksum fields). */
struct nftnl_expr_payload {
	uint32_t base;			/* enum nft_payload_bases */
	uint32_t offset, len;
	bool is_set;
	uint32_t reg;
	uint32_t csum_type, csum_offset, csum_flags;
};

struct nftnl_expr_byteorder {
	uint32_t sreg, dreg;
	uint32_t op;			/* enum nft_byteorder_ops */
	uint32_t len, size;
};

struct nftnl_expr_counter {
	uint64_t packets, bytes;
};

/* lookup: set given by name, and/or by id for a set created in the same
 * batch. has_dreg for maps. flags carries NFT_LOOKUP_F_INV; it is sent
 * and printed (" 0x%x") when not zero or when has_flags is set, which
 * parsing does when the attribute is present (the kernel always dumps
 * it, so listed lookups print " 0x0" as upstream does). */
struct nftnl_expr_lookup {
	char *set;
	uint32_t set_id;
	bool has_set_id;
	uint32_t sreg;
	bool has_dreg;
	uint32_t dreg;
	uint32_t flags;
	bool has_flags;
};

/* log: fields are sent only when their has_ bit is set in @present. */
enum {
	NFTNL_LOG_PREFIX = 1 << 0,
	NFTNL_LOG_GROUP = 1 << 1,
	NFTNL_LOG_SNAPLEN = 1 << 2,
	NFTNL_LOG_QTHRESHOLD = 1 << 3,
	NFTNL_LOG_LEVEL = 1 << 4,
	NFTNL_LOG_FLAGS = 1 << 5,
};
struct nftnl_expr_log {
	uint32_t present;
	char *prefix;
	uint16_t group, qthreshold;
	uint32_t snaplen, level, flags;
};

struct nftnl_expr_limit {
	uint64_t rate, unit;		/* unit in seconds */
	uint32_t burst;
	uint32_t type;			/* enum nft_limit_type */
	uint32_t flags;			/* NFT_LIMIT_F_INV */
};

struct nftnl_expr_quota {
	uint64_t bytes, consumed;
	uint32_t flags;			/* NFT_QUOTA_F_INV, ... */
};

struct nftnl_expr_reject {
	uint32_t type;			/* enum nft_reject_types */
	uint8_t code;
};

/* An expression we do not decode: its name and the raw payload of
 * NFTA_EXPR_DATA (the nested attributes, without the nest header). */
struct nftnl_expr_unknown {
	char *name;
	void *raw;
	uint32_t raw_len;
};

/* One expression of a rule. Build one with the nftnl_expr_*() helpers
 * below or fill the union by hand after nftnl_expr_alloc(). */
struct nftnl_expr {
	enum nftnl_expr_type type;
	struct nftnl_expr *next;
	union {
		struct nftnl_expr_immediate immediate;
		struct nftnl_expr_cmp cmp;
		struct nftnl_expr_bitwise bitwise;
		struct nftnl_expr_range range;
		struct nftnl_expr_ct ct;
		struct nftnl_expr_meta meta;
		struct nftnl_expr_payload payload;
		struct nftnl_expr_byteorder byteorder;
		struct nftnl_expr_counter counter;
		struct nftnl_expr_lookup lookup;
		struct nftnl_expr_log log;
		struct nftnl_expr_limit limit;
		struct nftnl_expr_quota quota;
		struct nftnl_expr_reject reject;
		struct nftnl_expr_unknown unknown;
	};
};

/* The one place an expression's netlink layout lives: its kernel name,
 * how to build NFTA_EXPR_DATA's contents, how to parse them back
 * (validating every attribute length), how to print the bytecode text
 * (the part between "[ " and " ]"), and how to free owned memory. */
struct nftnl_expr_ops {
	enum nftnl_expr_type type;
	const char *name;
	void (*build)(struct nlmsghdr *nlh, const struct nftnl_expr *e);
	int (*parse)(struct nftnl_expr *e, const struct nlattr *data);
	int (*snprintf)(char *buf, size_t size, const struct nftnl_expr *e);
	void (*free)(struct nftnl_expr *e);
};

/* Look up the ops of a kind, or of a kernel expression name (NULL if
 * the name is not one we know). */
const struct nftnl_expr_ops *nftnl_expr_ops_by_type(enum nftnl_expr_type t);
const struct nftnl_expr_ops *nftnl_expr_ops_by_name(const char *name);

/* Allocate a zeroed expression of kind @t. */
struct nftnl_expr *nftnl_expr_alloc(enum nftnl_expr_type t);

/* Free an expression and what it owns (not the ->next chain). */
void nftnl_expr_free(struct nftnl_expr *e);

/* Name of an expression as the kernel knows it ("ct", "cmp", ...); for
 * unknown expressions the name met in the dump. */
const char *nftnl_expr_name(const struct nftnl_expr *e);

/* Append one NFTA_LIST_ELEM nest holding NFTA_EXPR_NAME and
 * NFTA_EXPR_DATA for @e to @nlh. */
void nftnl_expr_build(struct nlmsghdr *nlh, const struct nftnl_expr *e);

/* Parse one expression from an NFTA_LIST_ELEM attribute. Unknown names
 * give an NFTNL_EXPR_UNKNOWN expression; malformed attributes give NULL
 * with errno EINVAL. */
struct nftnl_expr *nftnl_expr_parse(const struct nlattr *elem);

/* Print "[ ... ]" bytecode text of one expression (no newline). */
int nftnl_expr_snprintf(char *buf, size_t size, const struct nftnl_expr *e);

/* Typed constructors. Values are copied. Return NULL on ENOMEM/EINVAL. */
struct nftnl_expr *nftnl_expr_immediate_data(uint32_t dreg, const void *v, size_t len);
struct nftnl_expr *nftnl_expr_immediate_verdict(int32_t code, const char *chain);
struct nftnl_expr *nftnl_expr_cmp(uint32_t sreg, uint32_t op, const void *v, size_t len);
struct nftnl_expr *nftnl_expr_bitwise_bool(uint32_t sreg, uint32_t dreg, uint32_t len,
					   const void *mask, const void *xor);
struct nftnl_expr *nftnl_expr_bitwise_shift(uint32_t sreg, uint32_t dreg, uint32_t len,
					    uint32_t op, uint32_t shift);
struct nftnl_expr *nftnl_expr_range(uint32_t sreg, uint32_t op, const void *from,
				    const void *to, size_t len);
struct nftnl_expr *nftnl_expr_ct_get(uint32_t key, int dir, uint32_t dreg); /* dir < 0: none */
struct nftnl_expr *nftnl_expr_ct_set(uint32_t key, int dir, uint32_t sreg);
struct nftnl_expr *nftnl_expr_meta_get(uint32_t key, uint32_t dreg);
struct nftnl_expr *nftnl_expr_meta_set(uint32_t key, uint32_t sreg);
struct nftnl_expr *nftnl_expr_payload_load(uint32_t base, uint32_t offset, uint32_t len,
					   uint32_t dreg);
struct nftnl_expr *nftnl_expr_byteorder(uint32_t sreg, uint32_t dreg, uint32_t op,
					uint32_t len, uint32_t size);
struct nftnl_expr *nftnl_expr_counter(uint64_t packets, uint64_t bytes);
struct nftnl_expr *nftnl_expr_lookup(const char *set, uint32_t set_id, uint32_t sreg,
				     bool invert);
struct nftnl_expr *nftnl_expr_notrack(void);
/* Further constructors (added by the expression layer). payload_set
 * writes @len bytes from @sreg, fixing the checksum described by
 * csum_type/csum_offset/csum_flags (0: none). lookup_map is a map lookup
 * storing the value into @dreg (NFT_REG_VERDICT for vmaps). log takes an
 * optional prefix; set other fields and their NFTNL_LOG_* bits by hand.
 * limit's @unit is in seconds; @type is NFT_LIMIT_PKTS or _PKT_BYTES. */
struct nftnl_expr *nftnl_expr_payload_set(uint32_t base, uint32_t offset, uint32_t len,
					  uint32_t sreg, uint32_t csum_type,
					  uint32_t csum_offset, uint32_t csum_flags);
struct nftnl_expr *nftnl_expr_lookup_map(const char *set, uint32_t set_id, uint32_t sreg,
					 uint32_t dreg);
struct nftnl_expr *nftnl_expr_log(const char *prefix);
struct nftnl_expr *nftnl_expr_limit(uint64_t rate, uint64_t unit, uint32_t burst,
				    uint32_t type, bool invert);
struct nftnl_expr *nftnl_expr_quota(uint64_t bytes, uint64_t consumed, uint32_t flags);
struct nftnl_expr *nftnl_expr_reject(uint32_t type, uint8_t code);

/* ------------------------------------------------------------------ */
/* Objects                                                              */
/* ------------------------------------------------------------------ */

/* User data blob (NFTA_*_USERDATA), owned. */
struct nftnl_udata_buf {
	void *data;
	uint32_t len;
};

struct nftnl_table {
	uint32_t family;		/* NFPROTO_* */
	char *name;
	uint32_t flags;			/* NFT_TABLE_F_* */
	uint64_t handle;
	uint32_t use;
	struct nftnl_udata_buf udata;
};

struct nftnl_chain {
	uint32_t family;
	char *table;
	char *name;
	uint64_t handle;
	bool base;			/* has a hook: hooknum/prio/type valid */
	uint32_t hooknum;		/* NF_INET_* / NF_NETDEV_* */
	int32_t prio;
	char *type;			/* "filter", "nat", "route" */
	char *dev;			/* netdev family device, or NULL */
	bool has_policy;
	uint32_t policy;		/* NF_ACCEPT / NF_DROP */
	uint32_t use;
	uint32_t flags;
	struct nftnl_udata_buf udata;
};

struct nftnl_rule {
	uint32_t family;
	char *table;
	char *chain;
	uint64_t handle;		/* 0: none (new rule); else replace/delete */
	uint64_t position;		/* 0: none; insert/add relative to handle */
	uint32_t id;			/* NFTA_RULE_ID, 0: none */
	struct nftnl_udata_buf udata;	/* comment etc., opaque here */
	struct nftnl_expr *exprs;	/* singly linked list, in order */
	struct nftnl_expr *exprs_tail;
};

/* Set element. key/key_end/data empty (len 0) when absent. */
struct nftnl_set_elem {
	struct nftnl_set_elem *next;
	struct nftnl_data key;
	struct nftnl_data key_end;
	struct nftnl_data data;
	bool has_verdict;
	struct nftnl_verdict verdict;
	uint32_t flags;			/* NFT_SET_ELEM_INTERVAL_END */
	uint64_t timeout;		/* ms, 0: none */
	struct nftnl_udata_buf udata;
};

struct nftnl_set {
	uint32_t family;
	char *table;
	char *name;
	uint64_t handle;
	uint32_t id;			/* NFTA_SET_ID for use in the same batch */
	uint32_t flags;			/* NFT_SET_* */
	uint32_t key_type, key_len;
	uint32_t data_type, data_len;	/* maps */
	bool has_policy;
	uint32_t policy;
	uint32_t size;			/* NFTA_SET_DESC_SIZE, 0: none */
	uint64_t timeout;		/* ms, 0: none */
	uint32_t gc_interval;
	struct nftnl_udata_buf udata;
	struct nftnl_set_elem *elems;	/* elements (dump or to add) */
	struct nftnl_set_elem *elems_tail;
};

/* Allocation and destruction. *_free frees everything the object owns. */
struct nftnl_table *nftnl_table_alloc(uint32_t family, const char *name);
void nftnl_table_free(struct nftnl_table *t);
struct nftnl_chain *nftnl_chain_alloc(uint32_t family, const char *table, const char *name);
/* Make @c a base chain (type, hook, priority); dev may be NULL. */
int nftnl_chain_set_hook(struct nftnl_chain *c, const char *type, uint32_t hooknum,
			 int32_t prio, const char *dev);
void nftnl_chain_free(struct nftnl_chain *c);
struct nftnl_rule *nftnl_rule_alloc(uint32_t family, const char *table, const char *chain);
/* Append @e to @r; @r owns it afterwards. */
void nftnl_rule_add_expr(struct nftnl_rule *r, struct nftnl_expr *e);
void nftnl_rule_free(struct nftnl_rule *r);
struct nftnl_set *nftnl_set_alloc(uint32_t family, const char *table, const char *name);
/* Append @e to @s; @s owns it afterwards. */
void nftnl_set_add_elem(struct nftnl_set *s, struct nftnl_set_elem *e);
struct nftnl_set_elem *nftnl_set_elem_alloc(void);
void nftnl_set_elem_free(struct nftnl_set_elem *e);
void nftnl_set_free(struct nftnl_set *s);

/* Replace an owned blob with a copy of @data (len 0 clears). */
int nftnl_udata_set(struct nftnl_udata_buf *u, const void *data, uint32_t len);

/* Build the attributes of an object into @nlh (whose header the caller
 * made). Used by the batch; exposed for tests. */
void nftnl_table_build(struct nlmsghdr *nlh, const struct nftnl_table *t);
void nftnl_chain_build(struct nlmsghdr *nlh, const struct nftnl_chain *c);
void nftnl_rule_build(struct nlmsghdr *nlh, const struct nftnl_rule *r);
void nftnl_set_build(struct nlmsghdr *nlh, const struct nftnl_set *s);
/* NFT_MSG_NEWSETELEM body: table, set (name or id) and the elements. */
void nftnl_set_elems_build(struct nlmsghdr *nlh, const struct nftnl_set *s);

/* Parse a NEW* message (from a dump or an event) into a new object.
 * Attribute lengths are validated; malformed input gives NULL, EINVAL. */
struct nftnl_table *nftnl_table_parse(const struct nlmsghdr *nlh);
struct nftnl_chain *nftnl_chain_parse(const struct nlmsghdr *nlh);
struct nftnl_rule *nftnl_rule_parse(const struct nlmsghdr *nlh);
struct nftnl_set *nftnl_set_parse(const struct nlmsghdr *nlh);
/* Parse a NEWSETELEM message, appending its elements to @s. */
int nftnl_set_elems_parse(const struct nlmsghdr *nlh, struct nftnl_set *s);

/* Name of a family as printed by nft ("ip", "ip6", "inet", "arp",
 * "bridge", "netdev"), or "unknown". */
const char *nftnl_family_name(uint32_t family);

/* Bytecode text of a rule, exactly as `nft --debug=netlink` prints it:
 * a header "FAMILY TABLE CHAIN[ HANDLE][ POSITION]\n" (handle and
 * position each printed only when nonzero: "inet t c" for a new rule,
 * "inet t c 3 2" when listed, "inet t c 2" for an insert at position 2)
 * then one line per expression "  [ ... ]\n". The blank line upstream
 * prints after each rule is the caller's job, not part of this text.
 * Returns the length that would be written (snprintf semantics). */
int nftnl_rule_snprintf(char *buf, size_t size, const struct nftnl_rule *r);
/* Same, to a stream. */
int nftnl_rule_fprintf(FILE *fp, const struct nftnl_rule *r);

/* ------------------------------------------------------------------ */
/* Socket, batches and dumps                                            */
/* ------------------------------------------------------------------ */

struct nftnl_sock;

/* Open a NETLINK_NETFILTER socket with buffers large enough for big
 * batches. NULL with errno on failure. */
struct nftnl_sock *nftnl_sock_open(void);
void nftnl_sock_close(struct nftnl_sock *s);

/* Kind of change carried by a batch message. */
enum nftnl_cmd {
	NFTNL_CMD_ADD,		/* NEW* with NLM_F_CREATE (and NLM_F_APPEND for rules) */
	NFTNL_CMD_CREATE,	/* NEW* with NLM_F_CREATE|NLM_F_EXCL */
	NFTNL_CMD_INSERT,	/* rules: NEWRULE without NLM_F_APPEND */
	NFTNL_CMD_REPLACE,	/* rules: NEWRULE with NLM_F_REPLACE, handle set */
	NFTNL_CMD_DELETE,	/* DEL* */
	NFTNL_CMD_DESTROY,	/* DEL* ignoring ENOENT where the kernel has DESTROY;
				 * Linux 6.1 uapi has no NFT_MSG_DESTROY*: sent as DELETE */
	NFTNL_CMD_FLUSH,	/* tables/chains: DELRULE for all rules; sets: DELSETELEM */
};

/* A transaction under construction: NFNL_MSG_BATCH_BEGIN, one message
 * per object, NFNL_MSG_BATCH_END. Messages are built straight into one
 * growing buffer. */
struct nftnl_batch;

struct nftnl_batch *nftnl_batch_alloc(void);
void nftnl_batch_free(struct nftnl_batch *b);

/* Append a message for an object. Return the message's sequence number
 * (never 0), which the kernel's ack or error will carry, or 0 with errno
 * on failure. For FLUSH of a table, the rule list of every chain in the
 * table is flushed (NFT_MSG_DELRULE with only the table set); flushing a
 * chain sends DELRULE with table and chain; flushing the ruleset is
 * nftnl_batch_table(b, NFTNL_CMD_DELETE, NULL) with family NFPROTO_UNSPEC. */
uint32_t nftnl_batch_table(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_table *t);
uint32_t nftnl_batch_chain(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_chain *c);
uint32_t nftnl_batch_rule(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_rule *r);
uint32_t nftnl_batch_set(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_set *s);
/* Elements that do not fit one message (the element list nest has a
 * 16-bit length: a few thousand elements) are split over several
 * messages with consecutive sequence numbers; the first is returned and
 * an error against a later one belongs to the same call. FLUSH (and
 * nftnl_batch_set with FLUSH) sends DELSETELEM without elements. A set
 * added with id 0 gets its message's sequence number as NFTA_SET_ID
 * (the kernel requires one). */
uint32_t nftnl_batch_set_elems(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_set *s);
/* Flush the whole ruleset of @family (NFPROTO_UNSPEC for all). */
uint32_t nftnl_batch_flush_ruleset(struct nftnl_batch *b, uint32_t family);

/* Number of object messages in the batch (begin/end not counted). */
uint32_t nftnl_batch_count(const struct nftnl_batch *b);

/* One error reported by the kernel for a batch message. seq is 0 when
 * the kernel rejected the batch as a whole (ENOMEM, malformed batch,
 * commit failure). msg points into the receive buffer: valid only during
 * the callback. */
struct nftnl_batch_error {
	uint32_t seq;		/* the sequence number returned when adding */
	int err;		/* positive errno */
	const char *msg;	/* extended ack text, or NULL */
	/* Extended ack NLMSGERR_ATTR_OFFS: byte offset of the attribute the
	 * kernel refused, from the start of the failing message's nlmsghdr;
	 * 0 when the kernel named none. With nftnl_batch_msg() and
	 * nftnl_rule_msg_expr_at() it gives the refused expression. */
	uint32_t attr_offset;
};

/* Called for each error in the kernel's answer. */
typedef void (*nftnl_batch_error_cb)(const struct nftnl_batch_error *e, void *data);

/* Send the batch as one transaction and read every ack. Socket buffers
 * are grown (SO_SNDBUFFORCE/SO_RCVBUFFORCE as root, else SO_*BUF) so
 * that the batch goes in one datagram. Batches of up to 4096 messages
 * request an ack per message and count them; bigger ones request an ack
 * on the last message only (errors are always reported, in order). The
 * kernel answers inside sendmsg(), so reading never blocks for long. The
 * batch is left intact: it can be checked, then committed. Returns 0 when
 * the kernel accepted all of it, -1 otherwise (errors reported through
 * @cb; errno set to the first error). With @check set, the batch is
 * validated by the kernel but not committed (NFT_BATCH_F_... not
 * available in old kernels: we abort by leaving out BATCH_END's commit,
 * i.e. the kernel aborts the transaction). */
int nftnl_batch_commit(struct nftnl_sock *s, struct nftnl_batch *b, bool check,
		       nftnl_batch_error_cb cb, void *data);

/* The message of @b with sequence number @seq (as returned when it was
 * added), or NULL. Valid until the batch is changed or freed. */
const struct nlmsghdr *nftnl_batch_msg(const struct nftnl_batch *b, uint32_t seq);

/* Index (from 0, in rule order) of the expression of the NEWRULE message
 * @nlh whose NFTA_LIST_ELEM nest holds byte @offset (from the start of
 * the nlmsghdr, as in struct nftnl_batch_error's attr_offset). -1 when
 * @nlh is not a NEWRULE message or @offset lies outside every
 * expression (the table or chain name, say). */
int nftnl_rule_msg_expr_at(const struct nlmsghdr *nlh, uint32_t offset);

/* Dump callbacks: receive each object as it is parsed; ownership passes
 * to the callback (free it or keep it). Return 0 to go on, -1 to stop. */
typedef int (*nftnl_table_cb)(struct nftnl_table *t, void *data);
typedef int (*nftnl_chain_cb)(struct nftnl_chain *c, void *data);
typedef int (*nftnl_rule_cb)(struct nftnl_rule *r, void *data);
typedef int (*nftnl_set_cb)(struct nftnl_set *s, void *data);

/* Dumps. family NFPROTO_UNSPEC means all families; table and chain NULL
 * mean all. Return 0 on success, -1 with errno. */
int nftnl_dump_tables(struct nftnl_sock *s, uint32_t family, nftnl_table_cb cb, void *data);
int nftnl_dump_chains(struct nftnl_sock *s, uint32_t family, const char *table,
		      nftnl_chain_cb cb, void *data);
int nftnl_dump_rules(struct nftnl_sock *s, uint32_t family, const char *table,
		     const char *chain, nftnl_rule_cb cb, void *data);
int nftnl_dump_sets(struct nftnl_sock *s, uint32_t family, const char *table,
		    nftnl_set_cb cb, void *data);
/* Fill @set (family, table, name set) with its elements. */
int nftnl_dump_set_elems(struct nftnl_sock *s, struct nftnl_set *set);

/* Current ruleset generation id. */
int nftnl_get_genid(struct nftnl_sock *s, uint32_t *genid);

/* ------------------------------------------------------------------ */
/* Set text (set_text.c)                                               */
/* ------------------------------------------------------------------ */

/* The `nft --debug=netlink` text of a set as upstream libnftnl prints it:
 * "NAME TABLE FLAGS[ size N]" (flags in hex), then, if @s holds
 * elements, "\n" and one "\telement KEY  : FLAGS [end]" per element
 * (keys as "%.8x " host order words, element user data as
 * "  userdata = { ... }"). No trailing newline. */
int nftnl_set_snprintf(char *buf, size_t size, const struct nftnl_set *s);
/* The same for the object that carries the elements in the NEWSETELEM
 * message: "NAME TABLE 0" and the elements. */
int nftnl_set_elems_snprintf(char *buf, size_t size, const struct nftnl_set *s);
int nftnl_set_fprintf(FILE *fp, const struct nftnl_set *s);
int nftnl_set_elems_fprintf(FILE *fp, const struct nftnl_set *s);

#endif /* NFTNL_H */
