/*
 * parser_helpers.h - the actions of the grammar (parser.y), kept out of
 * the grammar file: building commands, blocks, statements and key
 * expressions, with the diagnostics that belong to parsing.
 */
#ifndef NFT_PARSER_HELPERS_H
#define NFT_PARSER_HELPERS_H

#include <stdint.h>
#include "ast.h"
#include "input.h"

struct prio_spec;

struct location merge_loc(const struct location *a, const struct location *b);
void handle_init(struct handle *h, uint32_t family, const char *table,
		 const struct location *tloc, const char *chain, const struct location *cloc);
uint64_t parse_number(struct parser_state *state, const char *text, const struct location *loc);

/* Commands. Each takes ownership of @h's strings. */
void emit_table(struct parser_state *state, enum cmd_op op, struct handle *h,
		const struct location *loc);
void emit_chain(struct parser_state *state, enum cmd_op op, struct handle *h,
		const struct location *loc);
void emit_rule(struct parser_state *state, enum cmd_op op, struct handle *h, struct rule *r,
	       const struct location *loc);
void emit_simple(struct parser_state *state, enum cmd_op op, enum cmd_obj obj,
		 struct handle *h, const struct location *loc);
void emit_family(struct parser_state *state, enum cmd_op op, enum cmd_obj obj, int family,
		 const struct location *loc);

/* `add rule ...`: the command's location starts at "add". */
void cmd_extend_start(struct parser_state *state, const struct location *kw,
		      const struct location *rest);

/* Blocks: `table F T { ... }` and `chain ... { ... }`. */
void block_open_table(struct parser_state *state, enum cmd_op op, const struct handle *h,
		      const struct location *loc);
void block_close_table(struct parser_state *state);
void block_open_chain(struct parser_state *state, enum cmd_op op, const struct handle *h,
		      const struct location *loc);
void block_open_table_chain(struct parser_state *state, const char *name,
			    const struct location *name_loc, const struct location *loc);
void block_close_chain(struct parser_state *state);
void block_table_comment(struct parser_state *state, char *comment);
void block_table_flag(struct parser_state *state, const char *flag, const struct location *loc);
void block_chain_comment(struct parser_state *state, char *comment);
void block_chain_hook(struct parser_state *state, const char *type, const struct location *tloc,
		      const char *hook, const struct location *hloc, struct prio_spec prio);
void block_chain_device(struct parser_state *state, const char *dev, const struct location *loc);
void block_chain_policy(struct parser_state *state, uint32_t policy, const struct location *loc);
void block_chain_policy_loc(struct parser_state *state, struct location loc);
void block_chain_policy_expr(struct parser_state *state, struct expr *e);
void block_add_rule(struct parser_state *state, struct rule *r, const struct location *loc);

struct prio_spec prio_number(const struct location *loc, int64_t n);
struct prio_spec prio_symbol(const struct location *loc, const char *name, int64_t offset);

/* Rules and statements. */
struct rule *make_rule(struct parser_state *state, struct stmt *stmts, char *comment,
		       const struct location *loc);
struct stmt *verdict_stmt(const struct location *loc, int32_t code, const char *chain);
void log_check(struct parser_state *state, struct stmt *s, const struct location *log_loc);
void log_level(struct parser_state *state, struct stmt *s, const char *level,
	       const struct location *loc);
uint32_t log_flag_word(struct parser_state *state, const char *proto, const char *word,
		       const struct location *loc);
struct stmt *ct_set_stmt(struct parser_state *state, const struct location *loc, const char *key,
			 const struct location *key_loc, enum ct_dir dir, struct expr *value);
struct stmt *meta_set_stmt(struct parser_state *state, const struct location *loc,
			   const char *key, const struct location *key_loc, struct expr *value);
struct stmt *match_stmt(struct parser_state *state, const struct location *loc, int op,
			struct expr *lhs, struct expr *rhs);
struct expr *ct_expr(struct parser_state *state, const struct location *loc, const char *key,
		     const struct location *key_loc, enum ct_dir dir);
struct expr *meta_expr(struct parser_state *state, const struct location *loc, const char *key,
		       const struct location *key_loc);
struct expr *payload_expr(struct parser_state *state, const struct location *loc,
			  const char *proto, const struct location *proto_loc,
			  const char *field, const struct location *field_loc);
/* `@name`: a named set reference. Named sets are not supported yet:
 * the error says so at @loc; returns NULL (the rule is dropped). */
struct expr *set_ref_expr(struct parser_state *state, const struct location *loc,
			  const char *name);
/* Compound expressions for the grammar: an operand that is NULL (its
 * error already queued) makes the whole NULL, so that no rule is
 * evaluated with a hole in an expression. list_append() adds @item to
 * @list (an EXPR_LIST), setting its location to @loc. */
struct expr *binop_expr(const struct location *loc, enum binop op, struct expr *l,
			struct expr *r);
struct expr *range_expr(const struct location *loc, struct expr *l, struct expr *r);
struct expr *list_append(const struct location *loc, struct expr *list, struct expr *item);
struct expr *slash_expr(struct parser_state *state, const struct location *loc,
			struct expr *l, struct expr *r);
/* Add @item to the anonymous set @set, flattening sets from $variables. */
void set_add(struct parser_state *state, struct expr *set, struct expr *item);

#endif /* NFT_PARSER_HELPERS_H */
