/*
 * input.c - reading inputs (files, stdin, the command line), running the
 * parser over them, `include` (search in -I paths, globs, nesting) and
 * the scopes of `define` / `redefine` / `undefine` / `$name`.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ast.h"
#include "erec.h"
#include "input.h"
#include "nft.h"
#include "utils.h"

#define DEFAULT_INCLUDE_PATH "/etc"

/* ---- inputs ---------------------------------------------------------- */

static struct input_desc *input_new(struct nft_ctx *ctx, const char *name, char *data,
				    size_t len)
{
	struct input_desc *d = calloc(1, sizeof(*d));

	if (!d)
		abort();
	d->name = strdup(name);
	d->data = data;
	d->len = len;
	if (ctx) {
		d->next = ctx->inputs;
		ctx->inputs = d;
	}
	return d;
}

void inputs_free(struct nft_ctx *ctx)
{
	struct input_desc *d, *next;

	for (d = ctx->inputs; d; d = next) {
		next = d->next;
		free(d->name);
		free(d->data);
		free(d->included_from);
		free(d);
	}
	ctx->inputs = NULL;
	ctx->defines = NULL;
}

struct input_desc *input_from_string(struct nft_ctx *ctx, const char *name, const char *text)
{
	return input_new(ctx, name, strdup(text), strlen(text));
}

static char *read_all(FILE *fp, size_t *lenp)
{
	size_t len = 0, cap = 4096, n;
	char *buf = malloc(cap + 1);

	if (!buf)
		abort();
	while ((n = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
	}
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	buf[len] = 0;
	*lenp = len;
	return buf;
}

struct input_desc *input_from_file(struct nft_ctx *ctx, const char *path,
				   const struct location *included_from)
{
	struct input_desc *d;
	const char *name = path;
	size_t len;
	char *data;
	FILE *fp;

	if (!strcmp(path, "-")) {
		fp = stdin;
		name = "/dev/stdin";
	} else {
		fp = fopen(path, "r");
	}
	if (!fp) {
		erec_error(included_from, "Could not open file \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	data = read_all(fp, &len);
	if (fp != stdin)
		fclose(fp);
	if (!data) {
		erec_error(included_from, "Could not read file \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	d = input_new(ctx, name, data, len);
	if (included_from && included_from->indesc) {
		d->included_from = malloc(sizeof(*d->included_from));
		if (!d->included_from)
			abort();
		*d->included_from = *included_from;
	}
	return d;
}

/* ---- parser state ---------------------------------------------------- */

void parser_state_init(struct parser_state *state, struct nft_ctx *ctx)
{
	memset(state, 0, sizeof(*state));
	state->ctx = ctx;
	state->scope = &state->top_scope;
}

static void scope_free_defines(struct scope *s)
{
	struct define *d, *next;

	for (d = s->defines; d; d = next) {
		next = d->next;
		free(d->name);
		expr_free(d->value);
		free(d);
	}
	s->defines = NULL;
}

void parser_state_fini(struct parser_state *state)
{
	struct cmd *c, *next;

	for (c = state->pending; c; c = next) {
		next = c->next;
		cmd_free(c);
	}
	state->pending = state->pending_tail = NULL;
	while (state->scope != &state->top_scope)
		scope_close(state);
	scope_free_defines(&state->top_scope);
	handle_free(&state->block_table);
}

void parser_emit(struct parser_state *state, struct cmd *cmd)
{
	cmd->next = NULL;
	if (state->cmds_tail)
		state->cmds_tail->next = cmd;
	else
		state->cmds = cmd;
	state->cmds_tail = cmd;
}

struct cmd *parse_input_all(struct nft_ctx *ctx, struct input_desc *indesc,
			    unsigned int *errors)
{
	struct parser_state state;
	struct cmd *cmds;
	void *scanner;

	*errors = 0;
	parser_state_init(&state, ctx);
	if (scanner_init(&state, &scanner) < 0) {
		erec_error(NULL, "cannot initialize the scanner");
		*errors = 1;
		return NULL;
	}
	scanner_push_input(scanner, &state, indesc, NULL);
	/* -D defines: on top of the stack, so read first, in the same scope */
	if (ctx->defines)
		scanner_push_input(scanner, &state, ctx->defines, NULL);
	if (nft_parse(scanner, &state) != 0 && !state.errors)
		state.errors++;
	scanner_destroy(scanner);
	cmds = state.cmds;
	state.cmds = state.cmds_tail = NULL;
	parser_state_fini(&state);
	*errors = state.errors;
	return cmds;
}

struct cmd *parse_input(struct nft_ctx *ctx, struct input_desc *indesc)
{
	struct cmd *cmds, *c, *next;
	unsigned int errors;

	cmds = parse_input_all(ctx, indesc, &errors);
	if (errors) {
		for (c = cmds; c; c = next) {
			next = c->next;
			cmd_free(c);
		}
		return NULL;
	}
	return cmds;
}

/* ---- scopes and defines ---------------------------------------------- */

void scope_open(struct parser_state *state)
{
	struct scope *s = calloc(1, sizeof(*s));

	if (!s)
		abort();
	s->parent = state->scope;
	state->scope = s;
}

void scope_close(struct parser_state *state)
{
	struct scope *s = state->scope;

	if (s == &state->top_scope)
		return;
	state->scope = s->parent;
	scope_free_defines(s);
	free(s);
}

static struct define *scope_find(struct scope *s, const char *name)
{
	struct define *d;

	for (d = s->defines; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

void define_add(struct parser_state *state, const char *name, struct expr *value,
		const struct location *loc, bool redefine)
{
	struct define *d = scope_find(state->scope, name);

	if (!value)
		return;
	if (d) {
		if (!redefine) {
			erec_error(loc, "redefinition of symbol '%s'", name);
			state->errors++;
			expr_free(value);
			return;
		}
		expr_free(d->value);
		d->value = value;
		d->loc = *loc;
		return;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		abort();
	d->name = strdup(name);
	d->value = value;
	d->loc = *loc;
	d->next = state->scope->defines;
	state->scope->defines = d;
}

void define_del(struct parser_state *state, const char *name, const struct location *loc)
{
	struct define **pp, *d;

	(void)loc;
	for (pp = &state->scope->defines; (d = *pp); pp = &d->next) {
		if (!strcmp(d->name, name)) {
			*pp = d->next;
			free(d->name);
			expr_free(d->value);
			free(d);
			return;
		}
	}
}

struct expr *define_lookup(struct parser_state *state, const char *name,
			   const struct location *loc)
{
	const struct define *best = NULL;
	unsigned int best_dist = ~0u, dist, max_len, threshold;
	struct define *d;
	struct scope *s;

	for (s = state->scope; s; s = s->parent) {
		d = scope_find(s, name);
		if (d)
			return expr_clone(d->value);
	}
	for (s = state->scope; s; s = s->parent) {
		for (d = s->defines; d; d = d->next) {
			/* suggest close names, as upstream: names of two
			 * letters or more, within (longest + 2) / 3 edits */
			max_len = strlen(name) > strlen(d->name) ? strlen(name) : strlen(d->name);
			if (max_len <= 1)
				continue;
			threshold = (max_len + 2 + 2) / 3;
			dist = edit_distance(name, d->name);
			if (dist <= threshold && dist < best_dist) {
				best_dist = dist;
				best = d;
			}
		}
	}
	if (best)
		erec_error(loc, "unknown identifier '%s'; did you mean identifier \u2018%s\u2019?",
			   name, best->name);
	else
		erec_error(loc, "unknown identifier '%s'", name);
	state->errors++;
	return NULL;
}

/* ---- include ----------------------------------------------------------- */

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int include_depth(const struct parser_state *state)
{
	return state->depth;
}

/* Push the files matched by @pattern (a path or a glob), in order.
 * Returns the number of files pushed, or -1 after an error. */
static int include_glob(struct parser_state *state, const char *pattern,
			const struct location *loc)
{
	struct input_desc *descs[MAX_INCLUDE_DEPTH * 4];
	size_t i, n = 0;
	glob_t g;
	int ret;

	ret = glob(pattern, 0, NULL, &g);
	if (ret == GLOB_NOMATCH)
		return 0;
	if (ret) {
		erec_error(loc, "Failed to glob the pattern %s", pattern);
		return -1;
	}
	for (i = 0; i < g.gl_pathc && n < sizeof(descs) / sizeof(descs[0]); i++) {
		size_t l = strlen(g.gl_pathv[i]);

		if (l && g.gl_pathv[i][l - 1] == '/')
			continue;
		descs[n] = input_from_file(state->ctx, g.gl_pathv[i], loc);
		if (!descs[n]) {
			globfree(&g);
			return -1;
		}
		n++;
	}
	globfree(&g);
	/* the scanner reads the last pushed buffer first */
	for (i = n; i > 0; i--)
		scanner_push_input(state->scanner, state, descs[i - 1], loc);
	return n;
}

static int include_one(struct parser_state *state, const char *path, const struct location *loc)
{
	struct input_desc *d;

	if (access(path, R_OK) < 0)
		return 0;
	d = input_from_file(state->ctx, path, loc);
	if (!d)
		return -1;
	scanner_push_input(state->scanner, state, d, loc);
	return 1;
}

int include_file(struct parser_state *state, const char *path, const struct location *loc)
{
	static const char *const default_paths[] = { DEFAULT_INCLUDE_PATH };
	const char *const *paths = default_paths;
	size_t npaths = 1, i;
	char *full;
	int ret;

	if (include_depth(state) >= MAX_INCLUDE_DEPTH) {
		erec_error(loc, "Include nested too deeply, max %u levels", MAX_INCLUDE_DEPTH - 1);
		state->errors++;
		return -1;
	}
	if (state->ctx && state->ctx->n_include_paths) {
		paths = (const char *const *)state->ctx->include_paths;
		npaths = state->ctx->n_include_paths;
	}
	if (path[0] == '/') {
		ret = has_glob(path) ? include_glob(state, path, loc) : include_one(state, path, loc);
		if (ret == 0 && !has_glob(path))
			goto not_found;
		if (ret < 0)
			state->errors++;
		return ret < 0 ? -1 : 0;
	}
	for (i = 0; i < npaths; i++) {
		if (asprintf(&full, "%s/%s", paths[i], path) < 0)
			abort();
		ret = has_glob(path) ? include_glob(state, full, loc) : include_one(state, full, loc);
		free(full);
		if (ret < 0) {
			state->errors++;
			return -1;
		}
		if (ret > 0)
			return 0;
	}
	if (has_glob(path))
		return 0;
not_found:
	erec_error(loc, "File not found: %s", path);
	state->errors++;
	return -1;
}
