/*
 * ast.h - the abstract syntax tree shared by every stage of nft.
 *
 * The parser builds it (symbols unresolved), evaluate types and resolves
 * it, linearize turns rules into libnftnl expressions; on the way back
 * delinearize builds the same tree from libnftnl expressions, postprocess
 * tidies it, and print writes it as text. Every node carries its source
 * location (zeroed for nodes that come from the kernel).
 */
#ifndef NFT_AST_H
#define NFT_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct datatype;
struct ct_key;
struct meta_key;
struct proto_desc;
struct proto_field;

/* ---- source locations ------------------------------------------------ */

/* One input: a file, stdin or the command line. The whole text is kept
 * so error messages can quote the offending line. */
struct input_desc {
	char *name;		/* path, "<cmdline>" or "/dev/stdin" */
	char *data;		/* whole text, NUL terminated */
	size_t len;
	struct input_desc *next;
	/* where an included file was included (NULL otherwise), for the
	 * "In file included from" line of error messages */
	struct location *included_from;
};

/* Lines and columns start at 1; last_column is inclusive. */
struct location {
	const struct input_desc *indesc;	/* NULL: internal / from kernel */
	unsigned int first_line, first_column;
	unsigned int last_line, last_column;
};

extern const struct location internal_location;

/* ---- values ---------------------------------------------------------- */

#define VALUE_MAX_BYTES 16	/* one 128-bit register: labels, IPv6, ifnames */

enum byteorder {
	BYTEORDER_INVALID,
	BYTEORDER_HOST,		/* host order integers: marks, ct state, labels */
	BYTEORDER_BIG,		/* network order: ports, addresses */
};

/* ---- expressions ----------------------------------------------------- */

enum expr_kind {
	EXPR_SYMBOL,		/* unresolved name or string from the parser */
	EXPR_VARIABLE,		/* $name, replaced by the define's value */
	EXPR_VALUE,		/* constant with a datatype */
	EXPR_PREFIX,		/* value/len */
	EXPR_RANGE,		/* low-high */
	EXPR_LIST,		/* a,b,c: OR of bitmask values */
	EXPR_SET,		/* { a, b, c }: anonymous set */
	EXPR_CT,		/* ct [dir] key */
	EXPR_META,		/* meta key */
	EXPR_PAYLOAD,		/* protocol header field */
	EXPR_BINOP,		/* left & | ^ << >> right */
	EXPR_RELATIONAL,	/* left op right: a match */
	EXPR_VERDICT,		/* accept, drop, jump chain ... */
};

enum binop {
	BINOP_AND,
	BINOP_OR,
	BINOP_XOR,
	BINOP_LSHIFT,
	BINOP_RSHIFT,
};

enum rel_op {
	OP_IMPLICIT,		/* no operator written: eq, or "any bit set" for bitmasks */
	OP_EQ,
	OP_NEQ,
	OP_LT,
	OP_GT,
	OP_LTE,
	OP_GTE,
	OP_NEG,			/* `key ! V`: none of the bits of V (bitmask types) */
};

/* A ct expression's direction: none, original or reply. */
enum ct_dir {
	CT_DIR_NONE = -1,
	CT_DIR_ORIGINAL = 0,
	CT_DIR_REPLY = 1,
};

struct expr {
	enum expr_kind kind;
	struct location loc;
	const struct datatype *dtype;	/* NULL until evaluated (symbols) */
	unsigned int len;		/* length in bits */
	enum byteorder byteorder;
	union {
		struct {			/* EXPR_SYMBOL, EXPR_VARIABLE */
			char *identifier;
			bool quoted;		/* written as "string" */
		} sym;
		struct {			/* EXPR_VALUE */
			/* bytes as they sit in a kernel register (wire order
			 * for big endian types, host order otherwise); the
			 * first len/8 bytes are meaningful */
			uint8_t data[VALUE_MAX_BYTES];
		} value;
		struct {			/* EXPR_PREFIX */
			struct expr *expr;
			unsigned int prefix_len;
		} prefix;
		struct {			/* EXPR_RANGE */
			struct expr *low, *high;
		} range;
		struct {			/* EXPR_LIST, EXPR_SET */
			struct expr **items;
			size_t n, cap;
		} list;
		struct {			/* EXPR_CT */
			const struct ct_key *key;
			enum ct_dir dir;
		} ct;
		struct {			/* EXPR_META */
			const struct meta_key *key;
		} meta;
		struct {			/* EXPR_PAYLOAD */
			const struct proto_desc *desc;	/* NULL if raw */
			const struct proto_field *field;	/* NULL if raw */
			uint32_t base;		/* NFT_PAYLOAD_*_HEADER */
			uint32_t offset;	/* bits from start of base */
		} payload;
		struct {			/* EXPR_BINOP */
			enum binop op;
			struct expr *left, *right;
		} binop;
		struct {			/* EXPR_RELATIONAL */
			enum rel_op op;
			struct expr *left, *right;
		} rel;
		struct {			/* EXPR_VERDICT */
			int32_t code;		/* NF_ACCEPT, NFT_JUMP, ... */
			char *chain;
		} verdict;
	};
};

/* Constructors: every one copies strings it is given. */
struct expr *expr_alloc(enum expr_kind kind, const struct location *loc);
struct expr *symbol_expr_alloc(const struct location *loc, const char *id, bool quoted);
struct expr *variable_expr_alloc(const struct location *loc, const char *name);
/* A constant of @dtype, @len bits, from @len/8 bytes at @data. */
struct expr *value_expr_alloc(const struct location *loc, const struct datatype *dtype,
			      enum byteorder bo, unsigned int len, const void *data);
/* A constant from an unsigned integer (host order types store it in
 * host order, big endian types in network order, truncated to @len). */
struct expr *value_expr_from_u64(const struct location *loc, const struct datatype *dtype,
				 enum byteorder bo, unsigned int len, uint64_t v);
struct expr *prefix_expr_alloc(const struct location *loc, struct expr *e, unsigned int plen);
struct expr *range_expr_alloc(const struct location *loc, struct expr *low, struct expr *high);
struct expr *list_expr_alloc(const struct location *loc);	/* EXPR_LIST */
struct expr *set_expr_alloc(const struct location *loc);	/* EXPR_SET */
void list_expr_add(struct expr *list, struct expr *item);
struct expr *ct_expr_alloc(const struct location *loc, const struct ct_key *key, enum ct_dir dir);
struct expr *meta_expr_alloc(const struct location *loc, const struct meta_key *key);
struct expr *payload_expr_alloc(const struct location *loc, const struct proto_desc *desc,
				const struct proto_field *field);
/* A raw payload load nobody could name (listing of unknown offsets). */
struct expr *payload_expr_raw(const struct location *loc, uint32_t base, uint32_t offset_bits,
			      unsigned int len_bits);
struct expr *binop_expr_alloc(const struct location *loc, enum binop op, struct expr *l,
			      struct expr *r);
struct expr *relational_expr_alloc(const struct location *loc, enum rel_op op, struct expr *l,
				   struct expr *r);
struct expr *verdict_expr_alloc(const struct location *loc, int32_t code, const char *chain);
struct expr *expr_clone(const struct expr *e);
void expr_free(struct expr *e);

/* Value helpers (EXPR_VALUE). */
uint64_t value_to_u64(const struct expr *e);	/* for len <= 64 */
bool value_is_zero(const struct expr *e);

/* ---- statements ------------------------------------------------------ */

enum stmt_kind {
	STMT_EXPR,		/* a match: relational expression */
	STMT_VERDICT,		/* verdict expression */
	STMT_COUNTER,
	STMT_LOG,
	STMT_CT_SET,		/* ct [dir] key set value */
	STMT_META_SET,		/* meta key set value */
	STMT_NOTRACK,
	STMT_UNKNOWN,		/* listing: kernel expressions we cannot express */
};

/* Log fields present, as in libnftnl's NFTNL_LOG_* bits. */
enum {
	LOG_F_PREFIX = 1 << 0,
	LOG_F_GROUP = 1 << 1,
	LOG_F_SNAPLEN = 1 << 2,
	LOG_F_QTHRESHOLD = 1 << 3,
	LOG_F_LEVEL = 1 << 4,
	LOG_F_FLAGS = 1 << 5,
};

struct stmt {
	enum stmt_kind kind;
	struct location loc;
	struct stmt *next;
	union {
		struct expr *expr;		/* STMT_EXPR, STMT_VERDICT */
		struct {			/* STMT_COUNTER */
			uint64_t packets, bytes;
		} counter;
		struct {			/* STMT_LOG */
			uint32_t present;
			char *prefix;
			uint32_t level;		/* syslog level 0..7, 8 = audit */
			uint16_t group, qthreshold;
			uint32_t snaplen, flags;
		} log;
		struct {			/* STMT_CT_SET */
			const struct ct_key *key;
			enum ct_dir dir;
			struct expr *value;
		} ct;
		struct {			/* STMT_META_SET */
			const struct meta_key *key;
			struct expr *value;
		} meta;
		struct {			/* STMT_UNKNOWN */
			char *text;		/* e.g. "[ quota bytes 10 ]" shown visibly */
		} unknown;
	};
};

struct stmt *stmt_alloc(enum stmt_kind kind, const struct location *loc);
void stmt_free(struct stmt *s);		/* one statement, not ->next */
void stmt_list_free(struct stmt *s);	/* the whole chain */

/* ---- objects --------------------------------------------------------- */

/* Names an object and, for commands, where it goes. */
struct handle {
	uint32_t family;	/* NFPROTO_* */
	char *table;
	char *chain;
	uint64_t handle;	/* "handle N" or 0 */
	uint64_t position;	/* "position N" or 0 */
	bool has_index;
	uint32_t index;		/* "index N" */
	struct location table_loc, chain_loc, handle_loc;
};

struct rule {
	struct location loc;
	struct handle h;
	struct stmt *stmts, *stmts_tail;
	char *comment;
	struct rule *next;
};

struct chain {
	struct location loc;
	struct handle h;
	bool base;
	char *type;		/* "filter", "nat", "route" */
	char *hook;		/* "input", "forward", ... */
	struct location hook_loc;
	int32_t priority;	/* resolved number */
	struct expr *priority_expr;	/* as written (symbol + offset), until evaluated */
	char *dev;		/* netdev */
	bool has_policy;
	uint32_t policy;	/* NF_ACCEPT / NF_DROP */
	char *comment;
	struct rule *rules, *rules_tail;
	struct chain *next;
	/* added by the front end: where `type X` and `policy Y` are written */
	struct location type_loc, policy_loc;
};

struct table {
	struct location loc;
	struct handle h;
	uint32_t flags;
	char *comment;
	struct chain *chains, *chains_tail;
	struct table *next;
};

struct rule *rule_alloc(const struct location *loc, const struct handle *h);
void rule_add_stmt(struct rule *r, struct stmt *s);
void rule_free(struct rule *r);
struct chain *chain_alloc(const struct location *loc, const struct handle *h);
void chain_add_rule(struct chain *c, struct rule *r);
void chain_free(struct chain *c);		/* frees its rules */
struct table *table_alloc(const struct location *loc, const struct handle *h);
void table_add_chain(struct table *t, struct chain *c);
void table_free(struct table *t);		/* frees its chains */
void handle_copy(struct handle *dst, const struct handle *src);
void handle_free(struct handle *h);

/* ---- commands -------------------------------------------------------- */

enum cmd_op {
	CMD_ADD,
	CMD_CREATE,
	CMD_INSERT,
	CMD_REPLACE,
	CMD_DELETE,
	CMD_LIST,
	CMD_FLUSH,
};

enum cmd_obj {
	CMD_OBJ_TABLE,
	CMD_OBJ_CHAIN,
	CMD_OBJ_RULE,
	CMD_OBJ_RULESET,
	CMD_OBJ_TABLES,		/* list tables */
	CMD_OBJ_CHAINS,		/* list chains */
};

/* One command. For add/create of a table or chain written as a block
 * (`table inet t { chain c { ... } }`) the parser emits one command per
 * object, in order: the table, then each chain, then each rule. */
struct cmd {
	enum cmd_op op;
	enum cmd_obj obj;
	struct location loc;
	struct handle h;
	union {
		struct table *table;
		struct chain *chain;
		struct rule *rule;
		void *data;
	};
	uint32_t seq;		/* batch sequence number, for error mapping */
	struct cmd *next;
};

struct cmd *cmd_alloc(enum cmd_op op, enum cmd_obj obj, const struct handle *h,
		      const struct location *loc, void *data);
void cmd_free(struct cmd *c);

/* Family name <-> NFPROTO_* ("ip", "ip6", "inet", "arp", "bridge",
 * "netdev"); -1 if unknown. */
int family_from_name(const char *name);
const char *family_name(uint32_t family);

#endif /* NFT_AST_H */
