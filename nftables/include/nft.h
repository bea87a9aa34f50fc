/*
 * nft.h - the program context shared by all stages, output options, and
 * the entry points of each stage (one module per stage, see DESIGN.md).
 */
#ifndef NFT_NFT_H
#define NFT_NFT_H

#include <stdbool.h>
#include <stdio.h>
#include "ast.h"

struct nftnl_sock;
struct nftnl_batch;
struct nftnl_rule;
struct nftnl_set;
struct nftnl_table;
struct nftnl_chain;
struct nftnl_udata_buf;
struct nftnl_batch_error;

/* Output options (listing and echo). */
struct output_ctx {
	bool numeric;		/* -n: labels and symbols as numbers */
	bool stateless;		/* -s: no counter values */
	bool handle;		/* -a: "# handle N" */
	bool numeric_proto;	/* -p: protocols as numbers */
	bool numeric_prio;	/* -y: chain priorities as numbers */
	bool echo;		/* -e */
};

enum {
	DEBUG_NETLINK = 1 << 0,	/* --debug=netlink: bytecode text */
};

struct nft_ctx {
	struct output_ctx out;
	bool check;			/* -c */
	unsigned int debug;		/* DEBUG_* */
	char **include_paths;
	size_t n_include_paths;
	const char *label_file;		/* --labels FILE, else $NFT_CONNLABEL_FILE */
	struct nftnl_sock *sock;	/* opened on first use */
	struct input_desc *inputs;	/* every input read, for messages */
	/* -D NAME=VALUE...: "define NAME=VALUE; " for each, read before
	 * the input (upstream's form, so errors quote the same text) */
	struct input_desc *defines;
};

/* ---- stages ---------------------------------------------------------- */

/* scanner.l/parser.y: parse a buffer into a list of commands. Errors are
 * queued (erec.h); returns the command list, or NULL with errors queued
 * (a partial list is freed). @indesc is kept by the context. */
struct cmd *parse_input(struct nft_ctx *ctx, struct input_desc *indesc);
/* The same, but the commands that did parse are returned even when
 * others had errors (*@errors: how many), so that they can still be
 * evaluated for their own errors, as upstream reports them; such a list
 * must never be run. */
struct cmd *parse_input_all(struct nft_ctx *ctx, struct input_desc *indesc,
			    unsigned int *errors);
/* Read a file (or "-" for stdin) into an input_desc; NULL and an error
 * queued if it cannot be read. */
struct input_desc *input_from_file(struct nft_ctx *ctx, const char *path,
				   const struct location *included_from);
struct input_desc *input_from_string(struct nft_ctx *ctx, const char *name, const char *text);
/* Free every input the context read (ctx->inputs, with -D's defines). */
void inputs_free(struct nft_ctx *ctx);

/* evaluate.c: type and resolve one command in place (symbols resolved,
 * label names to bits, protocol dependencies added). Returns 0, or -1
 * with errors queued. */
int evaluate_cmd(struct nft_ctx *ctx, struct cmd *cmd);

/* linearize.c: turn an evaluated rule into a libnftnl rule. Anonymous
 * sets the rule needs are appended to @batch first (they must precede
 * the rule in the transaction); with DEBUG_NETLINK their text is printed
 * too. Returns NULL with errors queued on failure. */
struct nftnl_rule *linearize_rule(struct nft_ctx *ctx, struct nftnl_batch *batch,
				  const struct rule *rule);

/* Added by N2 (linearize.c): linearize_rule(), also giving the source
 * location each kernel expression of the rule came from (@*locs, one
 * per expression in order, malloc'ed, the caller frees): the key for
 * loads (`ct state`), the match for compares, the statement otherwise.
 * With the extended ack's attribute offset this maps a kernel refusal
 * to the part of the rule upstream underlines. */
struct nftnl_rule *linearize_rule_locs(struct nft_ctx *ctx, struct nftnl_batch *batch,
				       const struct rule *rule, struct location **locs,
				       size_t *n);

/* Added by N2 (linearize.c): a rule comment as NFTA_RULE_USERDATA, the
 * TLV upstream uses (type 0, length, NUL-terminated string). Returns -1
 * if the comment is longer than 254 bytes. rule_comment_parse() finds
 * the comment in a kernel rule's user data: a malloc'ed string, or NULL
 * if there is none (or the TLVs are malformed). */
int rule_comment_udata(struct nftnl_udata_buf *u, const char *comment);
char *rule_comment_parse(const struct nftnl_udata_buf *u);

/* Set lookup used when listing: returns the set (with elements) named
 * @name in the rule's table, or NULL. */
typedef const struct nftnl_set *(*set_lookup_fn)(const char *name, void *data);

/* delinearize.c: turn a kernel rule into a rule AST (raw: dependencies
 * still present, bitmask tests still bitwise+cmp). Expressions it cannot
 * express become STMT_UNKNOWN, never dropped. */
struct rule *delinearize_rule(struct nft_ctx *ctx, const struct nftnl_rule *nr,
			      set_lookup_fn sets, void *sets_data);
/* delinearize.c: the elements of @set as an EXPR_SET of values typed
 * like @key (ranges and prefixes for interval sets, sorted as upstream
 * lists them); @swap_size is the unit of a byteorder conversion applied
 * to the key before the lookup (4 for `ct mark`), 0 for none. */
struct expr *set_elems_expr(const struct expr *key, const struct nftnl_set *set,
			    unsigned int swap_size);
/* postprocess.c: drop implied dependencies, fold bitwise+cmp back to
 * bitmask matches (ct label "x"), give values their symbolic types. */
void postprocess_rule(struct nft_ctx *ctx, struct rule *rule);

/* print.c: text output in nft's listing format. */
void print_expr(const struct expr *e, const struct output_ctx *o, FILE *fp);
void print_stmt(const struct stmt *s, const struct output_ctx *o, FILE *fp);
/* One rule's statements on one line (no indentation, no newline). */
void print_rule(const struct rule *r, const struct output_ctx *o, FILE *fp);
/* "\tchain NAME {\n ... \t}\n" with its rules, at one tab indentation. */
void print_chain(const struct chain *c, const struct output_ctx *o, FILE *fp);
/* "table FAMILY NAME {\n ... }\n", chains separated by a blank line. */
void print_table(const struct table *t, const struct output_ctx *o, FILE *fp);
/* Priority as nft lists it ("filter", "filter + 10", "-150" with -y). */
void print_priority(uint32_t family, const char *hook, int32_t prio,
		    const struct output_ctx *o, FILE *fp);

/* print.c, pieces for printing while a dump streams in (list.c): a rule
 * line "\t\tRULE[ # handle N]\n"; a chain's "\tchain NAME {" line with
 * its comment and type lines, and its closing "\t}\n"; a table's
 * "table FAMILY NAME {" line with flags and comment lines (returns true
 * when a blank line must precede the first chain, as after "flags"), and
 * its closing "}\n". */
void print_rule_line(const struct rule *r, const struct output_ctx *o, FILE *fp);
void print_chain_open(const struct chain *c, const struct output_ctx *o, FILE *fp);
void print_chain_close(FILE *fp);
bool print_table_open(const struct table *t, const struct output_ctx *o, FILE *fp);
void print_table_close(FILE *fp);

/* print.c: a named set's elements "{ a, b,\n\t\t\t     c }", wrapped as
 * upstream does for the key type @key. */
void print_set_elements(const struct expr *set, const struct datatype *key,
			const struct output_ctx *o, FILE *fp);
/* The separator before the next element of such a list (", " or a line
 * break); @count starts at 0 and is kept between calls. */
const char *set_elem_delim(const struct datatype *key, unsigned int *count);

/* linearize.c: the comment in an object's user data (NFTA_RULE_USERDATA,
 * NFTA_TABLE_USERDATA, NFTA_CHAIN_USERDATA: TLVs of u8 type, u8 length,
 * value; type 0 is the NUL-terminated comment, as upstream writes it),
 * as a new string, or NULL if there is none or the TLVs are malformed. */
char *udata_get_comment(const void *data, uint32_t len);

/* list.c: run a list command against the kernel (dump, delinearize,
 * postprocess, print). Returns 0 or -1 with errors queued. */
int do_list(struct nft_ctx *ctx, const struct cmd *cmd);
/* list.c: list dumped objects without a kernel, as `list ruleset` prints
 * them (the listing uses list_print_rule; fuzz/fuzz_netlink.c all four). */
void list_print_set(struct nft_ctx *ctx, const struct nftnl_set *s, FILE *fp);
void list_print_table(struct nft_ctx *ctx, const struct nftnl_table *nt, FILE *fp);
void list_print_chain(struct nft_ctx *ctx, const struct nftnl_chain *nc, FILE *fp);
void list_print_rule(struct nft_ctx *ctx, const struct nftnl_rule *nr,
		     set_lookup_fn sets, void *sets_data, FILE *fp);

/* cmd.c: evaluate, linearize and commit a list of commands as one
 * transaction (list commands run after the commit). Returns 0 or -1. */
int run_commands(struct nft_ctx *ctx, struct cmd *cmds);

/* cmd.c (added by the front end): the known kernel refusal for error
 * @err (positive errno) against @rule, from a small table (errno + the
 * feature the rule uses, e.g. EOPNOTSUPP + ct label -> the kernel lacks
 * CONFIG_NF_CONNTRACK_LABELS). Fills @loc with the statement or
 * expression to underline and returns the hint ("" if the entry has
 * none), or NULL when no entry matches. */
const char *kernel_refusal(const struct rule *rule, int err, struct location *loc);

/* cmd.c (front end): the transaction built from a command list, kept
 * with what is needed to map the kernel's answers back to the source.
 * A rule's AST is freed as soon as it is in the batch (cmd->rule becomes
 * NULL); what error reporting needs after the commit is kept per rule
 * message in compact form: the source location of each of its kernel
 * expressions (linearize_rule_locs()), where each known kernel refusal
 * (kernel_refusal()) would point, and the target of its jump/goto.
 * run_commands() is build, commit, report; the pieces are public so
 * tests can feed an error as libnftnl delivers it through the very path
 * real kernel answers take. */
struct rule_cloc {			/* a location of the rule's input */
	uint32_t first_line, last_line;
	uint16_t first_column, last_column;
};

#define RULE_LOCS_NERR 4		/* distinct errnos of the refusals */

struct rule_locs {
	uint32_t seq;			/* the rule's message */
	uint32_t n;			/* kernel expressions */
	/* n expression locations, then one per refusals[] hit, then the
	 * jump target's: compact (all in @indesc) or, if a location does
	 * not fit, full */
	const struct input_desc *indesc;
	struct rule_cloc *cloc;
	struct location *full;
	char *jump;			/* jump/goto chain, or NULL */
	uint8_t refusal[RULE_LOCS_NERR]; /* per errno: refusals[] index + 1, 0: none */
};

struct cmd_batch {
	struct nftnl_batch *b;
	struct rule_locs *rules;	/* in batch (seq) order */
	size_t n_rules, cap_rules;
};

/* Build the batch for every change command of @cmds (evaluated); each
 * command's seq is set. Returns 0, or -1 with errors queued (nothing is
 * sent). Free @cb with cmd_batch_free() in every case. */
int cmd_batch_build(struct nft_ctx *ctx, struct cmd *cmds, struct cmd_batch *cb);
/* Queue the error message for one kernel error against @cb's batch,
 * pointing at the command (and, through the extended ack's attribute
 * offset or the known refusals table, at the expression) responsible. */
void cmd_batch_report(struct nft_ctx *ctx, struct cmd *cmds, const struct cmd_batch *cb,
		      const struct nftnl_batch_error *e);
void cmd_batch_free(struct cmd_batch *cb);

/* Socket opened on first use; NULL with an error queued. */
struct nftnl_sock *nft_sock(struct nft_ctx *ctx);

/* Chain priorities: standard names per family and hook ("filter" = 0,
 * "raw" = -300, ...). Resolve a name to its number; -1 if unknown. */
int priority_by_name(uint32_t family, const char *hook, const char *name, int32_t *prio);
/* Hook names <-> numbers per family (NF_INET_*, NF_NETDEV_INGRESS). */
int hook_by_name(uint32_t family, const char *name, uint32_t *hooknum);
const char *hook_name(uint32_t family, uint32_t hooknum);
/* Added by N2 (hooks.c). Listing text of a priority as upstream prints
 * it: "filter", "filter + 10", "raw - 1", or the number ("-200") when no
 * standard priority valid at @hooknum is within 10, or with @numeric
 * (-y). Returns snprintf's count. */
int priority_str(uint32_t family, uint32_t hooknum, int32_t prio, bool numeric,
		 char *buf, size_t size);
/* Parse priority text "NAME", "NAME + N", "NAME - N" or "N" for a chain
 * of @family at hook @hook (name). 0 on success, -1 if invalid here. */
int priority_parse(uint32_t family, const char *hook, const char *text, int32_t *prio);

#endif /* NFT_NFT_H */
