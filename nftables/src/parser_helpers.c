/*
 * parser_helpers.c - the actions of the grammar (parser.y): commands
 * emitted in source order, table and chain blocks, statements, and key
 * lookups (ct, meta, payload fields) with their parse-time diagnostics.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "ast.h"
#include "datatype.h"
#include "erec.h"
#include "input.h"
#include "parser.h"
#include "parser_helpers.h"

struct location merge_loc(const struct location *a, const struct location *b)
{
	struct location l = *a;

	l.last_line = b->last_line;
	l.last_column = b->last_column;
	return l;
}

void handle_init(struct handle *h, uint32_t family, const char *table,
		 const struct location *tloc, const char *chain, const struct location *cloc)
{
	memset(h, 0, sizeof(*h));
	h->family = family;
	h->table = table ? strdup(table) : NULL;
	h->chain = chain ? strdup(chain) : NULL;
	if (tloc)
		h->table_loc = *tloc;
	if (cloc)
		h->chain_loc = *cloc;
}

uint64_t parse_number(struct parser_state *state, const char *text, const struct location *loc)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end) {
		erec_error(loc, "Value \"%s\" exceeds valid range", text);
		state->errors++;
		return 0;
	}
	return v;
}

/* ---- commands -------------------------------------------------------- */

static struct cmd *new_cmd(struct parser_state *state, enum cmd_op op, enum cmd_obj obj,
			   struct handle *h, const struct location *loc, void *data)
{
	struct cmd *c = cmd_alloc(op, obj, h, loc, data);

	(void)state;
	if (h)
		handle_free(h);
	return c;
}

void emit_table(struct parser_state *state, enum cmd_op op, struct handle *h,
		const struct location *loc)
{
	struct table *t = table_alloc(loc, h);

	parser_emit(state, new_cmd(state, op, CMD_OBJ_TABLE, h, loc, t));
}

void emit_chain(struct parser_state *state, enum cmd_op op, struct handle *h,
		const struct location *loc)
{
	struct chain *c = chain_alloc(loc, h);

	parser_emit(state, new_cmd(state, op, CMD_OBJ_CHAIN, h, loc, c));
}

void emit_rule(struct parser_state *state, enum cmd_op op, struct handle *h, struct rule *r,
	       const struct location *loc)
{
	if (op == CMD_REPLACE) {
		/* replace rule ... handle N: N is the rule itself */
		h->handle = h->position;
		h->position = 0;
	}
	if (!r) {
		handle_free(h);
		return;
	}
	handle_free(&r->h);
	handle_copy(&r->h, h);
	r->loc = *loc;
	parser_emit(state, new_cmd(state, op, CMD_OBJ_RULE, h, loc, r));
}

void emit_simple(struct parser_state *state, enum cmd_op op, enum cmd_obj obj,
		 struct handle *h, const struct location *loc)
{
	parser_emit(state, new_cmd(state, op, obj, h, loc, NULL));
}

void emit_family(struct parser_state *state, enum cmd_op op, enum cmd_obj obj, int family,
		 const struct location *loc)
{
	struct handle h;

	memset(&h, 0, sizeof(h));
	h.family = family < 0 ? NFPROTO_UNSPEC : (uint32_t)family;
	parser_emit(state, new_cmd(state, op, obj, NULL, loc, NULL));
	state->cmds_tail->h.family = h.family;
}

void cmd_extend_start(struct parser_state *state, const struct location *kw,
		      const struct location *rest)
{
	struct cmd *c = state->cmds_tail;

	if (c && c->obj == CMD_OBJ_RULE && c->loc.first_line == rest->first_line &&
	    c->loc.first_column == rest->first_column && c->loc.indesc == rest->indesc) {
		c->loc.first_line = kw->first_line;
		c->loc.first_column = kw->first_column;
		if (c->rule)
			c->rule->loc = c->loc;
	}
}

/* ---- blocks ---------------------------------------------------------- */

void block_open_table(struct parser_state *state, enum cmd_op op, const struct handle *h,
		      const struct location *loc)
{
	struct handle copy;
	struct table *t;

	handle_free(&state->block_table);
	handle_copy(&state->block_table, h);
	handle_copy(&copy, h);
	t = table_alloc(&h->table_loc, h);
	parser_emit(state, new_cmd(state, op, CMD_OBJ_TABLE, &copy, loc, t));
	/* errors about the table point at its name */
	state->cmds_tail->loc = h->table_loc;
	t->loc = h->table_loc;
	state->block_table_cmd = state->cmds_tail;
	scope_open(state);
}

void block_close_table(struct parser_state *state)
{
	struct cmd *c, *next;

	for (c = state->pending; c; c = next) {
		next = c->next;
		parser_emit(state, c);
	}
	state->pending = state->pending_tail = NULL;
	scope_close(state);
	handle_free(&state->block_table);
	state->block_table_cmd = NULL;
}

static void open_chain(struct parser_state *state, enum cmd_op op, struct handle *h,
		       const struct location *loc)
{
	struct chain *c = chain_alloc(loc, h);

	parser_emit(state, new_cmd(state, op, CMD_OBJ_CHAIN, h, loc, c));
	state->block_chain = c;
	scope_open(state);
}

void block_open_chain(struct parser_state *state, enum cmd_op op, const struct handle *h,
		      const struct location *loc)
{
	struct handle copy;

	handle_copy(&copy, h);
	handle_free(&state->block_table);
	handle_copy(&state->block_table, h);
	free(state->block_table.chain);
	state->block_table.chain = NULL;
	open_chain(state, op, &copy, &h->chain_loc);
	(void)loc;
}

void block_open_table_chain(struct parser_state *state, const char *name,
			    const struct location *name_loc, const struct location *loc)
{
	struct handle h;

	handle_copy(&h, &state->block_table);
	h.chain = strdup(name);
	h.chain_loc = *name_loc;
	open_chain(state, CMD_ADD, &h, name_loc);
	(void)loc;
}

void block_close_chain(struct parser_state *state)
{
	scope_close(state);
	state->block_chain = NULL;
}

void block_table_comment(struct parser_state *state, char *comment)
{
	struct table *t = state->block_table_cmd ? state->block_table_cmd->table : NULL;

	if (!t) {
		free(comment);
		return;
	}
	free(t->comment);
	t->comment = comment;
}

void block_table_flag(struct parser_state *state, const char *flag, const struct location *loc)
{
	struct table *t = state->block_table_cmd ? state->block_table_cmd->table : NULL;

	if (!strcmp(flag, "dormant")) {
		if (t)
			t->flags |= NFT_TABLE_F_DORMANT;
		return;
	}
	erec_error(loc, "unknown table option %s", flag);
	state->errors++;
}

void block_chain_comment(struct parser_state *state, char *comment)
{
	struct chain *c = state->block_chain;

	if (!c) {
		free(comment);
		return;
	}
	free(c->comment);
	c->comment = comment;
}

static bool parse_signed(const char *s, int64_t *v)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 0);
	if (errno || *end || end == s)
		return false;
	*v = n;
	return true;
}

void block_chain_hook(struct parser_state *state, const char *type, const struct location *tloc,
		      const char *hook, const struct location *hloc, struct prio_spec prio)
{
	struct chain *c = state->block_chain;
	int64_t n;

	if (!c) {
		expr_free(prio.expr);
		return;
	}
	c->base = true;
	c->type_loc = *tloc;
	free(c->type);
	c->type = strdup(type);
	free(c->hook);
	c->hook = strdup(hook);
	c->hook_loc = *hloc;
	expr_free(c->priority_expr);
	c->priority_expr = NULL;
	c->priority = 0;
	if (!prio.expr)
		return;
	if (prio.expr->kind == EXPR_SYMBOL && !prio.expr->sym.quoted &&
	    parse_signed(prio.expr->sym.identifier, &n)) {
		n += prio.offset;
		if (n < INT32_MIN || n > INT32_MAX) {
			erec_error(&prio.expr->loc, "priority value %lld out of range",
				   (long long)n);
			state->errors++;
		}
		c->priority = (int32_t)n;
		expr_free(prio.expr);
		return;
	}
	c->priority_expr = prio.expr;
	c->priority = (int32_t)prio.offset;
}

void block_chain_device(struct parser_state *state, const char *dev, const struct location *loc)
{
	struct chain *c = state->block_chain;

	(void)loc;
	if (!c)
		return;
	free(c->dev);
	c->dev = strdup(dev);
}

void block_chain_policy(struct parser_state *state, uint32_t policy, const struct location *loc)
{
	struct chain *c = state->block_chain;

	(void)loc;
	if (!c)
		return;
	c->has_policy = true;
	c->policy = policy;
}

void block_chain_policy_loc(struct parser_state *state, struct location loc)
{
	if (state->block_chain)
		state->block_chain->policy_loc = loc;
}

void block_chain_policy_expr(struct parser_state *state, struct expr *e)
{
	if (!e)
		return;
	if (e->kind == EXPR_SYMBOL && !strcmp(e->sym.identifier, "accept"))
		block_chain_policy(state, NF_ACCEPT, &e->loc);
	else if (e->kind == EXPR_SYMBOL && !strcmp(e->sym.identifier, "drop"))
		block_chain_policy(state, NF_DROP, &e->loc);
	else {
		erec_error(&e->loc, "invalid policy, expecting accept or drop");
		state->errors++;
	}
	expr_free(e);
}

void block_add_rule(struct parser_state *state, struct rule *r, const struct location *loc)
{
	struct handle h;
	struct cmd *c;

	if (!r)
		return;
	if (!state->block_chain) {
		rule_free(r);
		return;
	}
	handle_copy(&h, &state->block_chain->h);
	handle_free(&r->h);
	handle_copy(&r->h, &h);
	r->loc = *loc;
	c = new_cmd(state, CMD_ADD, CMD_OBJ_RULE, &h, loc, r);
	if (!state->block_table_cmd) {
		parser_emit(state, c);
		return;
	}
	c->next = NULL;
	if (state->pending_tail)
		state->pending_tail->next = c;
	else
		state->pending = c;
	state->pending_tail = c;
}

struct prio_spec prio_number(const struct location *loc, int64_t n)
{
	struct prio_spec p;
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)n);
	p.expr = symbol_expr_alloc(loc, buf, false);
	p.offset = 0;
	return p;
}

struct prio_spec prio_symbol(const struct location *loc, const char *name, int64_t offset)
{
	struct prio_spec p;

	p.expr = symbol_expr_alloc(loc, name, false);
	p.offset = offset;
	return p;
}

/* ---- rules and statements -------------------------------------------- */

struct rule *make_rule(struct parser_state *state, struct stmt *stmts, char *comment,
		       const struct location *loc)
{
	struct rule *r;
	struct stmt *s, *next;

	r = rule_alloc(loc, NULL);
	for (s = stmts; s; s = next) {
		next = s->next;
		if (r->stmts_tail && r->stmts_tail->kind == STMT_VERDICT) {
			erec_error(&s->loc, "Statement after terminal statement has no effect");
			erec_add_location(&r->stmts_tail->loc);
			state->errors++;
		}
		rule_add_stmt(r, s);
	}
	r->comment = comment;
	return r;
}

struct stmt *verdict_stmt(const struct location *loc, int32_t code, const char *chain)
{
	struct stmt *s = stmt_alloc(STMT_VERDICT, loc);

	s->expr = verdict_expr_alloc(loc, code, chain);
	return s;
}

void log_check(struct parser_state *state, struct stmt *s, const struct location *log_loc)
{
	if ((s->log.present & LOG_F_LEVEL) && (s->log.present & LOG_F_GROUP)) {
		erec_error(log_loc, "level and group are mutually exclusive");
		state->errors++;
	}
}

static const char *const log_levels[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug", "audit",
};

void log_level(struct parser_state *state, struct stmt *s, const char *level,
	       const struct location *loc)
{
	size_t i;

	for (i = 0; i < sizeof(log_levels) / sizeof(log_levels[0]); i++) {
		if (!strcmp(level, log_levels[i])) {
			s->log.level = i;
			s->log.present |= LOG_F_LEVEL;
			return;
		}
	}
	erec_error(loc, "invalid log level");
	state->errors++;
}

/* NF_LOG_* bits (linux/netfilter/nf_log.h) */
#define LOGF_TCPSEQ	0x01
#define LOGF_TCPOPT	0x02
#define LOGF_IPOPT	0x04
#define LOGF_UID	0x08
#define LOGF_MACDECODE	0x20
#define LOGF_MASK	0x2f

uint32_t log_flag_word(struct parser_state *state, const char *proto, const char *word,
		       const struct location *loc)
{
	if (proto && !strcmp(proto, "tcp")) {
		if (!strcmp(word, "sequence"))
			return LOGF_TCPSEQ;
		if (!strcmp(word, "options"))
			return LOGF_TCPOPT;
	}
	if (proto && !strcmp(proto, "ip")) {
		if (!strcmp(word, "options"))
			return LOGF_IPOPT;
		goto bad;
	}
	if (!strcmp(word, "ether"))
		return LOGF_MACDECODE;
	if (!strcmp(word, "all"))
		return LOGF_MASK;
	if (!strcmp(word, "skuid"))
		return LOGF_UID;
bad:
	erec_error(loc, "syntax error, unexpected string");
	state->errors++;
	return 0;
}

static bool has_slash(const struct expr *e);

static bool set_value_ok(struct parser_state *state, struct expr *value)
{
	if (value && has_slash(value)) {
		erec_error(&value->loc, "syntax error, unexpected /");
		state->errors++;
		return false;
	}
	return true;
}

struct stmt *ct_set_stmt(struct parser_state *state, const struct location *loc, const char *key,
			 const struct location *key_loc, enum ct_dir dir, struct expr *value)
{
	const struct ct_key *k = ct_key_by_name(key);
	struct stmt *s;

	if (!k) {
		erec_error(key_loc, "syntax error, unexpected string");
		state->errors++;
		expr_free(value);
		return NULL;
	}
	if (!value)
		return NULL;
	if (!set_value_ok(state, value)) {
		expr_free(value);
		return NULL;
	}
	s = stmt_alloc(STMT_CT_SET, loc);
	s->ct.key = k;
	s->ct.dir = dir;
	s->ct.value = value;
	return s;
}

/* An unknown meta key, as upstream words it: the known keys listed in
 * kernel key (NFT_META_*) order, which is upstream's order too. */
static void meta_unknown_key(struct parser_state *state, const struct location *loc,
			     const char *key)
{
	const struct meta_key *k;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	const char *sep = ", known keys are ";
	uint32_t i;

	if (!fp)
		abort();
	fprintf(fp, "syntax error, unexpected %s", key);
	for (i = 0; i < 64; i++) {
		k = meta_key_by_nft(i);
		if (!k || k->key != i)
			continue;
		fprintf(fp, "%s%s", sep, k->name);
		sep = ", ";
	}
	fclose(fp);
	erec_error(loc, "%s", buf);
	free(buf);
	state->errors++;
}

struct stmt *meta_set_stmt(struct parser_state *state, const struct location *loc,
			   const char *key, const struct location *key_loc, struct expr *value)
{
	const struct meta_key *k = meta_key_by_name(key);
	struct stmt *s;

	(void)key_loc;
	if (!k) {
		/* upstream underlines the whole statement here */
		meta_unknown_key(state, loc, key);
		expr_free(value);
		return NULL;
	}
	if (!value)
		return NULL;
	if (!set_value_ok(state, value)) {
		expr_free(value);
		return NULL;
	}
	s = stmt_alloc(STMT_META_SET, loc);
	s->meta.key = k;
	s->meta.value = value;
	return s;
}

/* `a / b`: a prefix when b is a number (10.0.0.0/8), else the flags
 * form `value / mask` (tcp flags syn / syn,ack), kept as a parser-only
 * binop until match_stmt turns it into (lhs & mask) == value. */
#define BINOP_SLASH ((enum binop)-1)

static bool is_slash(const struct expr *e)
{
	return e && e->kind == EXPR_BINOP && e->binop.op == BINOP_SLASH;
}

struct expr *set_ref_expr(struct parser_state *state, const struct location *loc,
			  const char *name)
{
	erec_error(loc, "set reference @%s: named sets are not supported yet "
		   "(use an anonymous set: { a, b })", name);
	state->errors++;
	return NULL;
}

struct expr *binop_expr(const struct location *loc, enum binop op, struct expr *l,
			struct expr *r)
{
	if (!l || !r) {
		expr_free(l);
		expr_free(r);
		return NULL;
	}
	return binop_expr_alloc(loc, op, l, r);
}

struct expr *range_expr(const struct location *loc, struct expr *l, struct expr *r)
{
	if (!l || !r) {
		expr_free(l);
		expr_free(r);
		return NULL;
	}
	return range_expr_alloc(loc, l, r);
}

struct expr *list_append(const struct location *loc, struct expr *list, struct expr *item)
{
	if (!list || !item) {
		expr_free(list);
		expr_free(item);
		return NULL;
	}
	list->loc = *loc;
	list_expr_add(list, item);
	return list;
}

struct expr *slash_expr(struct parser_state *state, const struct location *loc,
			struct expr *l, struct expr *r)
{
	struct expr *e;
	uint64_t n;

	if (!l || !r) {
		expr_free(l);
		expr_free(r);
		return NULL;
	}
	if (r->kind == EXPR_SYMBOL && !r->sym.quoted &&
	    strspn(r->sym.identifier, "0123456789") == strlen(r->sym.identifier)) {
		n = parse_number(state, r->sym.identifier, &r->loc);
		expr_free(r);
		return prefix_expr_alloc(loc, l, n);
	}
	e = binop_expr_alloc(loc, BINOP_AND, l, r);
	e->binop.op = BINOP_SLASH;
	return e;
}

static struct expr *list_or_single(struct expr *list)
{
	struct expr *e;

	if (list->list.n != 1)
		return list;
	e = list->list.items[0];
	list->list.n = 0;
	expr_free(list);
	return e;
}

/* rhs holds one `value / mask` (possibly inside a comma list: the list
 * before the slash is the value, the one after it the mask). */
static struct expr *flags_match(struct parser_state *state, const struct location *loc,
				int op, struct expr *lhs, struct expr *rhs)
{
	struct expr *value, *mask, *sl = NULL;
	size_t i, at = 0;

	if (is_slash(rhs)) {
		sl = rhs;
		value = sl->binop.left;
		mask = sl->binop.right;
		sl->binop.left = sl->binop.right = NULL;
		expr_free(sl);
	} else {
		for (i = 0; i < rhs->list.n; i++) {
			if (is_slash(rhs->list.items[i])) {
				if (sl) {
					erec_error(&rhs->list.items[i]->loc, "syntax error, unexpected /");
					state->errors++;
					expr_free(lhs);
					expr_free(rhs);
					return NULL;
				}
				sl = rhs->list.items[i];
				at = i;
			}
		}
		value = list_expr_alloc(&rhs->loc);
		mask = list_expr_alloc(&rhs->loc);
		for (i = 0; i < at; i++)
			list_expr_add(value, rhs->list.items[i]);
		list_expr_add(value, sl->binop.left);
		list_expr_add(mask, sl->binop.right);
		for (i = at + 1; i < rhs->list.n; i++)
			list_expr_add(mask, rhs->list.items[i]);
		sl->binop.left = sl->binop.right = NULL;
		expr_free(sl);
		rhs->list.n = 0;
		expr_free(rhs);
		value = list_or_single(value);
		mask = list_or_single(mask);
	}
	lhs = binop_expr_alloc(&lhs->loc, BINOP_AND, lhs, mask);
	return relational_expr_alloc(loc, op == OP_IMPLICIT ? OP_EQ : op, lhs, value);
}

static bool has_slash(const struct expr *e)
{
	size_t i;

	if (is_slash(e))
		return true;
	if (e->kind != EXPR_LIST)
		return false;
	for (i = 0; i < e->list.n; i++)
		if (is_slash(e->list.items[i]))
			return true;
	return false;
}

struct stmt *match_stmt(struct parser_state *state, const struct location *loc, int op,
			struct expr *lhs, struct expr *rhs)
{
	struct stmt *s;

	if (!lhs || !rhs) {
		expr_free(lhs);
		expr_free(rhs);
		return NULL;
	}
	if (has_slash(rhs)) {
		struct expr *rel;

		rel = flags_match(state, loc, op, lhs, rhs);
		if (!rel)
			return NULL;
		s = stmt_alloc(STMT_EXPR, loc);
		s->expr = rel;
		return s;
	}
	s = stmt_alloc(STMT_EXPR, loc);
	s->expr = relational_expr_alloc(loc, op, lhs, rhs);
	return s;
}

struct expr *ct_expr(struct parser_state *state, const struct location *loc, const char *key,
		     const struct location *key_loc, enum ct_dir dir)
{
	const struct ct_key *k = ct_key_by_name(key);
	struct expr *e;

	if (!k || (dir != CT_DIR_NONE && k->dir == KEY_DIR_NONE)) {
		if (k)
			erec_error(key_loc, "syntax error, unexpected %s", key);
		else
			erec_error(key_loc, "syntax error, unexpected string");
		state->errors++;
		return NULL;
	}
	e = ct_expr_alloc(loc, k, dir);
	e->dtype = k->dtype;
	e->len = k->len;
	e->byteorder = k->byteorder;
	return e;
}

struct expr *meta_expr(struct parser_state *state, const struct location *loc, const char *key,
		       const struct location *key_loc)
{
	const struct meta_key *k = meta_key_by_name(key);
	struct expr *e;

	if (!k) {
		meta_unknown_key(state, key_loc, key);
		return NULL;
	}
	e = meta_expr_alloc(loc, k);
	e->dtype = k->dtype;
	e->len = k->len;
	e->byteorder = k->byteorder;
	return e;
}

struct expr *payload_expr(struct parser_state *state, const struct location *loc,
			  const char *proto, const struct location *proto_loc,
			  const char *field, const struct location *field_loc)
{
	const struct proto_desc *d = proto_by_name(proto);
	const struct proto_field *f = d ? proto_field_by_name(d, field) : NULL;
	struct expr *e;

	if (!d) {
		erec_error(proto_loc, "syntax error, unexpected string");
		state->errors++;
		return NULL;
	}
	if (!f) {
		erec_error(field_loc, "syntax error, unexpected string");
		state->errors++;
		return NULL;
	}
	e = payload_expr_alloc(loc, d, f);
	e->payload.base = d->base;
	e->payload.offset = f->offset;
	e->dtype = f->dtype;
	e->len = f->len;
	e->byteorder = f->byteorder;
	return e;
}

void set_add(struct parser_state *state, struct expr *set, struct expr *item)
{
	size_t i;

	if (!item)
		return;
	if (is_slash(item)) {
		erec_error(&item->loc, "syntax error, unexpected /");
		state->errors++;
		expr_free(item);
		return;
	}
	if (item->kind == EXPR_SET) {
		for (i = 0; i < item->list.n; i++)
			list_expr_add(set, item->list.items[i]);
		item->list.n = 0;
		expr_free(item);
		return;
	}
	list_expr_add(set, item);
}
