/*
 * ast.c - constructors, copies and destructors of the AST (ast.h):
 * expressions, statements, rules, chains, tables and commands, plus the
 * family name table. No stage logic lives here.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>

#include "ast.h"
#include "utils.h"

const struct location internal_location;

/* ---- expressions ----------------------------------------------------- */

struct expr *expr_alloc(enum expr_kind kind, const struct location *loc)
{
	struct expr *e = xzalloc(sizeof(*e));

	e->kind = kind;
	e->loc = loc ? *loc : internal_location;
	return e;
}

struct expr *symbol_expr_alloc(const struct location *loc, const char *id, bool quoted)
{
	struct expr *e = expr_alloc(EXPR_SYMBOL, loc);

	e->sym.identifier = xstrdup(id);
	e->sym.quoted = quoted;
	return e;
}

struct expr *variable_expr_alloc(const struct location *loc, const char *name)
{
	struct expr *e = expr_alloc(EXPR_VARIABLE, loc);

	e->sym.identifier = xstrdup(name);
	return e;
}

struct expr *value_expr_alloc(const struct location *loc, const struct datatype *dtype,
			      enum byteorder bo, unsigned int len, const void *data)
{
	struct expr *e = expr_alloc(EXPR_VALUE, loc);
	size_t n = (len + 7) / 8;

	if (n > VALUE_MAX_BYTES)
		n = VALUE_MAX_BYTES;
	e->dtype = dtype;
	e->byteorder = bo;
	e->len = len;
	if (data)
		memcpy(e->value.data, data, n);
	return e;
}

static void store_u64(uint8_t *data, enum byteorder bo, unsigned int len, uint64_t v)
{
	size_t n = (len + 7) / 8, i;

	if (n > VALUE_MAX_BYTES)
		n = VALUE_MAX_BYTES;
	memset(data, 0, VALUE_MAX_BYTES);
	if (bo == BYTEORDER_BIG) {
		for (i = 0; i < n && i < 8; i++)
			data[n - 1 - i] = v >> (8 * i);
		return;
	}
	switch (n) {
	case 1: {
		uint8_t x = v;

		memcpy(data, &x, 1);
		return;
	}
	case 2: {
		uint16_t x = v;

		memcpy(data, &x, 2);
		return;
	}
	case 4: {
		uint32_t x = v;

		memcpy(data, &x, 4);
		return;
	}
	default:
		break;
	}
	/* host order, 8 bytes or wider (labels): little endian words */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (i = 0; i < n && i < 8; i++)
		data[i] = v >> (8 * i);
#else
	if (n >= 8) {
		memcpy(data, &v, 8);
	} else {
		for (i = 0; i < n; i++)
			data[n - 1 - i] = v >> (8 * i);
	}
#endif
}

struct expr *value_expr_from_u64(const struct location *loc, const struct datatype *dtype,
				 enum byteorder bo, unsigned int len, uint64_t v)
{
	struct expr *e = value_expr_alloc(loc, dtype, bo, len, NULL);

	store_u64(e->value.data, bo, len, v);
	return e;
}

uint64_t value_to_u64(const struct expr *e)
{
	size_t n = (e->len + 7) / 8, i;
	uint64_t v = 0;

	if (n > 8)
		n = 8;
	if (e->byteorder == BYTEORDER_BIG) {
		for (i = 0; i < n; i++)
			v = (v << 8) | e->value.data[i];
		return v;
	}
	switch (n) {
	case 1:
		return e->value.data[0];
	case 2: {
		uint16_t x;

		memcpy(&x, e->value.data, 2);
		return x;
	}
	case 4: {
		uint32_t x;

		memcpy(&x, e->value.data, 4);
		return x;
	}
	case 8: {
		uint64_t x;

		memcpy(&x, e->value.data, 8);
		return x;
	}
	default:
		break;
	}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (i = 0; i < n; i++)
		v |= (uint64_t)e->value.data[i] << (8 * i);
#else
	for (i = 0; i < n; i++)
		v = (v << 8) | e->value.data[i];
#endif
	return v;
}

bool value_is_zero(const struct expr *e)
{
	size_t n = (e->len + 7) / 8, i;

	if (n > VALUE_MAX_BYTES)
		n = VALUE_MAX_BYTES;
	for (i = 0; i < n; i++)
		if (e->value.data[i])
			return false;
	return true;
}

struct expr *prefix_expr_alloc(const struct location *loc, struct expr *e, unsigned int plen)
{
	struct expr *p = expr_alloc(EXPR_PREFIX, loc);

	p->prefix.expr = e;
	p->prefix.prefix_len = plen;
	if (e) {
		p->dtype = e->dtype;
		p->len = e->len;
		p->byteorder = e->byteorder;
	}
	return p;
}

struct expr *range_expr_alloc(const struct location *loc, struct expr *low, struct expr *high)
{
	struct expr *r = expr_alloc(EXPR_RANGE, loc);

	r->range.low = low;
	r->range.high = high;
	if (low) {
		r->dtype = low->dtype;
		r->len = low->len;
		r->byteorder = low->byteorder;
	}
	return r;
}

struct expr *list_expr_alloc(const struct location *loc)
{
	return expr_alloc(EXPR_LIST, loc);
}

struct expr *set_expr_alloc(const struct location *loc)
{
	return expr_alloc(EXPR_SET, loc);
}

void list_expr_add(struct expr *list, struct expr *item)
{
	if (list->list.n == list->list.cap) {
		size_t cap = list->list.cap ? list->list.cap * 2 : 4;
		struct expr **items = realloc(list->list.items, cap * sizeof(*items));

		if (!items)
			abort();
		list->list.items = items;
		list->list.cap = cap;
	}
	list->list.items[list->list.n++] = item;
}

struct expr *ct_expr_alloc(const struct location *loc, const struct ct_key *key, enum ct_dir dir)
{
	struct expr *e = expr_alloc(EXPR_CT, loc);

	e->ct.key = key;
	e->ct.dir = dir;
	return e;
}

struct expr *meta_expr_alloc(const struct location *loc, const struct meta_key *key)
{
	struct expr *e = expr_alloc(EXPR_META, loc);

	e->meta.key = key;
	return e;
}

struct expr *payload_expr_alloc(const struct location *loc, const struct proto_desc *desc,
				const struct proto_field *field)
{
	struct expr *e = expr_alloc(EXPR_PAYLOAD, loc);

	e->payload.desc = desc;
	e->payload.field = field;
	return e;
}

struct expr *payload_expr_raw(const struct location *loc, uint32_t base, uint32_t offset_bits,
			      unsigned int len_bits)
{
	struct expr *e = expr_alloc(EXPR_PAYLOAD, loc);

	e->payload.base = base;
	e->payload.offset = offset_bits;
	e->len = len_bits;
	e->byteorder = BYTEORDER_BIG;
	return e;
}

struct expr *binop_expr_alloc(const struct location *loc, enum binop op, struct expr *l,
			      struct expr *r)
{
	struct expr *e = expr_alloc(EXPR_BINOP, loc);

	e->binop.op = op;
	e->binop.left = l;
	e->binop.right = r;
	if (l) {
		e->dtype = l->dtype;
		e->len = l->len;
		e->byteorder = l->byteorder;
	}
	return e;
}

struct expr *relational_expr_alloc(const struct location *loc, enum rel_op op, struct expr *l,
				   struct expr *r)
{
	struct expr *e = expr_alloc(EXPR_RELATIONAL, loc);

	e->rel.op = op;
	e->rel.left = l;
	e->rel.right = r;
	return e;
}

struct expr *verdict_expr_alloc(const struct location *loc, int32_t code, const char *chain)
{
	struct expr *e = expr_alloc(EXPR_VERDICT, loc);

	e->verdict.code = code;
	e->verdict.chain = xstrdup(chain);
	return e;
}

struct expr *expr_clone(const struct expr *e)
{
	struct expr *c;
	size_t i;

	if (!e)
		return NULL;
	c = xzalloc(sizeof(*c));
	*c = *e;
	switch (e->kind) {
	case EXPR_SYMBOL:
	case EXPR_VARIABLE:
		c->sym.identifier = xstrdup(e->sym.identifier);
		break;
	case EXPR_PREFIX:
		c->prefix.expr = expr_clone(e->prefix.expr);
		break;
	case EXPR_RANGE:
		c->range.low = expr_clone(e->range.low);
		c->range.high = expr_clone(e->range.high);
		break;
	case EXPR_LIST:
	case EXPR_SET:
		c->list.items = NULL;
		c->list.n = c->list.cap = 0;
		for (i = 0; i < e->list.n; i++)
			list_expr_add(c, expr_clone(e->list.items[i]));
		break;
	case EXPR_BINOP:
		c->binop.left = expr_clone(e->binop.left);
		c->binop.right = expr_clone(e->binop.right);
		break;
	case EXPR_RELATIONAL:
		c->rel.left = expr_clone(e->rel.left);
		c->rel.right = expr_clone(e->rel.right);
		break;
	case EXPR_VERDICT:
		c->verdict.chain = xstrdup(e->verdict.chain);
		break;
	case EXPR_VALUE:
	case EXPR_CT:
	case EXPR_META:
	case EXPR_PAYLOAD:
		break;
	}
	return c;
}

void expr_free(struct expr *e)
{
	size_t i;

	if (!e)
		return;
	switch (e->kind) {
	case EXPR_SYMBOL:
	case EXPR_VARIABLE:
		free(e->sym.identifier);
		break;
	case EXPR_PREFIX:
		expr_free(e->prefix.expr);
		break;
	case EXPR_RANGE:
		expr_free(e->range.low);
		expr_free(e->range.high);
		break;
	case EXPR_LIST:
	case EXPR_SET:
		for (i = 0; i < e->list.n; i++)
			expr_free(e->list.items[i]);
		free(e->list.items);
		break;
	case EXPR_BINOP:
		expr_free(e->binop.left);
		expr_free(e->binop.right);
		break;
	case EXPR_RELATIONAL:
		expr_free(e->rel.left);
		expr_free(e->rel.right);
		break;
	case EXPR_VERDICT:
		free(e->verdict.chain);
		break;
	case EXPR_VALUE:
	case EXPR_CT:
	case EXPR_META:
	case EXPR_PAYLOAD:
		break;
	}
	free(e);
}

/* ---- statements ------------------------------------------------------ */

struct stmt *stmt_alloc(enum stmt_kind kind, const struct location *loc)
{
	struct stmt *s = xzalloc(sizeof(*s));

	s->kind = kind;
	s->loc = loc ? *loc : internal_location;
	return s;
}

void stmt_free(struct stmt *s)
{
	if (!s)
		return;
	switch (s->kind) {
	case STMT_EXPR:
	case STMT_VERDICT:
		expr_free(s->expr);
		break;
	case STMT_LOG:
		free(s->log.prefix);
		break;
	case STMT_CT_SET:
		expr_free(s->ct.value);
		break;
	case STMT_META_SET:
		expr_free(s->meta.value);
		break;
	case STMT_UNKNOWN:
		free(s->unknown.text);
		break;
	case STMT_COUNTER:
	case STMT_NOTRACK:
		break;
	}
	free(s);
}

void stmt_list_free(struct stmt *s)
{
	while (s) {
		struct stmt *next = s->next;

		stmt_free(s);
		s = next;
	}
}

/* ---- objects --------------------------------------------------------- */

void handle_copy(struct handle *dst, const struct handle *src)
{
	if (!src) {
		memset(dst, 0, sizeof(*dst));
		return;
	}
	*dst = *src;
	dst->table = xstrdup(src->table);
	dst->chain = xstrdup(src->chain);
}

void handle_free(struct handle *h)
{
	free(h->table);
	free(h->chain);
	h->table = NULL;
	h->chain = NULL;
}

struct rule *rule_alloc(const struct location *loc, const struct handle *h)
{
	struct rule *r = xzalloc(sizeof(*r));

	r->loc = loc ? *loc : internal_location;
	handle_copy(&r->h, h);
	return r;
}

void rule_add_stmt(struct rule *r, struct stmt *s)
{
	s->next = NULL;
	if (r->stmts_tail)
		r->stmts_tail->next = s;
	else
		r->stmts = s;
	r->stmts_tail = s;
}

void rule_free(struct rule *r)
{
	if (!r)
		return;
	stmt_list_free(r->stmts);
	handle_free(&r->h);
	free(r->comment);
	free(r);
}

struct chain *chain_alloc(const struct location *loc, const struct handle *h)
{
	struct chain *c = xzalloc(sizeof(*c));

	c->loc = loc ? *loc : internal_location;
	handle_copy(&c->h, h);
	return c;
}

void chain_add_rule(struct chain *c, struct rule *r)
{
	r->next = NULL;
	if (c->rules_tail)
		c->rules_tail->next = r;
	else
		c->rules = r;
	c->rules_tail = r;
}

void chain_free(struct chain *c)
{
	struct rule *r, *next;

	if (!c)
		return;
	for (r = c->rules; r; r = next) {
		next = r->next;
		rule_free(r);
	}
	handle_free(&c->h);
	free(c->type);
	free(c->hook);
	free(c->dev);
	free(c->comment);
	expr_free(c->priority_expr);
	free(c);
}

struct table *table_alloc(const struct location *loc, const struct handle *h)
{
	struct table *t = xzalloc(sizeof(*t));

	t->loc = loc ? *loc : internal_location;
	handle_copy(&t->h, h);
	return t;
}

void table_add_chain(struct table *t, struct chain *c)
{
	c->next = NULL;
	if (t->chains_tail)
		t->chains_tail->next = c;
	else
		t->chains = c;
	t->chains_tail = c;
}

void table_free(struct table *t)
{
	struct chain *c, *next;

	if (!t)
		return;
	for (c = t->chains; c; c = next) {
		next = c->next;
		chain_free(c);
	}
	handle_free(&t->h);
	free(t->comment);
	free(t);
}

/* ---- commands -------------------------------------------------------- */

struct cmd *cmd_alloc(enum cmd_op op, enum cmd_obj obj, const struct handle *h,
		      const struct location *loc, void *data)
{
	struct cmd *c = xzalloc(sizeof(*c));

	c->op = op;
	c->obj = obj;
	c->loc = loc ? *loc : internal_location;
	handle_copy(&c->h, h);
	c->data = data;
	return c;
}

void cmd_free(struct cmd *c)
{
	if (!c)
		return;
	switch (c->obj) {
	case CMD_OBJ_TABLE:
		table_free(c->table);
		break;
	case CMD_OBJ_CHAIN:
		chain_free(c->chain);
		break;
	case CMD_OBJ_RULE:
		rule_free(c->rule);
		break;
	default:
		break;
	}
	handle_free(&c->h);
	free(c);
}

/* ---- families -------------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t family;
} families[] = {
	{ "ip", NFPROTO_IPV4 },
	{ "ip6", NFPROTO_IPV6 },
	{ "inet", NFPROTO_INET },
	{ "arp", NFPROTO_ARP },
	{ "bridge", NFPROTO_BRIDGE },
	{ "netdev", NFPROTO_NETDEV },
};

int family_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(families[i].name, name))
			return families[i].family;
	return -1;
}

const char *family_name(uint32_t family)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].family == family)
			return families[i].name;
	return "unknown";
}
