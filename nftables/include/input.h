/*
 * input.h - private interface between the scanner (scanner.l), the
 * parser (parser.y) and the input helpers (input.c): the parser state,
 * the input stack for include, and the define scopes.
 */
#ifndef NFT_INPUT_H
#define NFT_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include "ast.h"
#include "nft.h"

#define MAX_INCLUDE_DEPTH 16

/* A `define name = value`. */
struct define {
	char *name;
	struct expr *value;
	struct location loc;
	struct define *next;
};

/* Defines visible in a block (top level, table, chain). */
struct scope {
	struct define *defines;
	struct scope *parent;
};

/* One buffer on the scanner's stack, with its own cursor. */
struct input_entry {
	void *buffer;			/* YY_BUFFER_STATE */
	struct input_desc *indesc;
	unsigned int line, column;
	struct location included_from;
};

struct parser_state {
	struct nft_ctx *ctx;
	void *scanner;
	struct cmd *cmds, *cmds_tail;
	struct scope top_scope;
	struct scope *scope;
	unsigned int errors;		/* syntax and semantic errors while parsing */
	/* the table and chain of the block being parsed */
	struct handle block_table;
	struct cmd *block_table_cmd;
	/* rules of a table block: emitted after all its chains (so a jump
	 * may name a chain defined further down, as upstream allows) */
	struct cmd *pending, *pending_tail;
	struct chain *block_chain;
	struct input_entry stack[MAX_INCLUDE_DEPTH];
	int depth;			/* entries in stack */
};

/* Scanner side (scanner.l). */
int scanner_init(struct parser_state *state, void **scanner);
void scanner_destroy(void *scanner);
/* Start scanning @indesc (bottom of the stack). */
void scanner_push_input(void *scanner, struct parser_state *state, struct input_desc *indesc,
			const struct location *included_from);

/* Parser side (parser.y). */
int nft_parse(void *scanner, struct parser_state *state);

/* input.c helpers. */
void parser_state_init(struct parser_state *state, struct nft_ctx *ctx);
void parser_state_fini(struct parser_state *state);
void parser_emit(struct parser_state *state, struct cmd *cmd);
void scope_open(struct parser_state *state);
void scope_close(struct parser_state *state);
/* define / redefine / undefine; errors queued on failure. */
void define_add(struct parser_state *state, const char *name, struct expr *value,
		const struct location *loc, bool redefine);
void define_del(struct parser_state *state, const char *name, const struct location *loc);
/* A clone of the value of $name, or NULL with an error queued. */
struct expr *define_lookup(struct parser_state *state, const char *name,
			   const struct location *loc);
/* `include "path"`: resolve (glob, -I paths) and push the files. */
int include_file(struct parser_state *state, const char *path, const struct location *loc);

#endif /* NFT_INPUT_H */
