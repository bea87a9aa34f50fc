/*
 * cmd.c - the command runner: evaluate every command, build one batch
 * (one transaction) for the whole input with libnftnl, commit it, map
 * kernel errors back to the commands' source locations (with hints for
 * known kernel refusals such as a kernel without conntrack labels), echo
 * what was added (-e), then run the list commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <nftnl.h>

#include "ast.h"
#include "datatype.h"
#include "erec.h"
#include "nft.h"
#include "utils.h"

struct nftnl_sock *nft_sock(struct nft_ctx *ctx)
{
	if (ctx->sock)
		return ctx->sock;
	ctx->sock = nftnl_sock_open();
	if (!ctx->sock)
		erec_error(NULL, "cannot open netlink socket: %s", strerror(errno));
	return ctx->sock;
}

/* ---- user data (comments) -------------------------------------------- */

/* One TLV: type 0 (comment), length, NUL-terminated string. */
static void udata_set_comment(struct nftnl_udata_buf *u, const char *comment)
{
	size_t len = strlen(comment) + 1;
	uint8_t buf[2 + 256];

	if (len > 255)
		len = 255;
	buf[0] = 0;
	buf[1] = len;
	memcpy(buf + 2, comment, len - 1);
	buf[2 + len - 1] = 0;
	nftnl_udata_set(u, buf, len + 2);
}

/* ---- known kernel refusals --------------------------------------------- */

/* A kernel error tied to a feature a rule uses: where to point, and what
 * to say beyond strerror. */
struct refusal {
	int err;
	bool (*uses)(const struct stmt *s, const struct expr *e);
	const char *hint;	/* appended after the errno text, or NULL */
};

static bool is_ct_labels(const struct ct_key *k)
{
	return k && k->key == NFT_CT_LABELS;
}

static bool uses_ct_label(const struct stmt *s, const struct expr *e)
{
	if (s)
		return s->kind == STMT_CT_SET && is_ct_labels(s->ct.key);
	return e->kind == EXPR_CT && is_ct_labels(e->ct.key);
}

static bool uses_ct_set_unsettable(const struct stmt *s, const struct expr *e)
{
	(void)e;
	return s && s->kind == STMT_CT_SET && s->ct.key && !s->ct.key->settable;
}

static bool uses_meta_set_unsettable(const struct stmt *s, const struct expr *e)
{
	(void)e;
	return s && s->kind == STMT_META_SET && s->meta.key && !s->meta.key->settable;
}

static bool uses_ct_needs_dir(const struct stmt *s, const struct expr *e)
{
	if (s)
		return false;
	return e->kind == EXPR_CT && e->ct.key && e->ct.key->dir == KEY_DIR_REQUIRED &&
	       e->ct.dir == CT_DIR_NONE;
}

static bool uses_ct(const struct stmt *s, const struct expr *e)
{
	if (s)
		return s->kind == STMT_CT_SET || s->kind == STMT_NOTRACK;
	return e->kind == EXPR_CT;
}

static const struct refusal refusals[] = {
	{ EOPNOTSUPP, uses_ct_label,
	  "this kernel has no conntrack label support (CONFIG_NF_CONNTRACK_LABELS)" },
	{ EOPNOTSUPP, uses_ct_set_unsettable, NULL },
	{ EOPNOTSUPP, uses_meta_set_unsettable, NULL },
	{ EINVAL, uses_ct_needs_dir, NULL },
	{ ENOENT, uses_ct,
	  "no conntrack support in this kernel (nft_ct / CONFIG_NFT_CT)" },
	{ EOPNOTSUPP, uses_ct,
	  "conntrack expression not supported by this kernel (CONFIG_NFT_CT)" },
};

static const struct expr *expr_find(const struct expr *e, const struct refusal *r)
{
	const struct expr *f;
	size_t i;

	if (!e)
		return NULL;
	if (r->uses(NULL, e))
		return e;
	switch (e->kind) {
	case EXPR_PREFIX:
		return expr_find(e->prefix.expr, r);
	case EXPR_RANGE:
		f = expr_find(e->range.low, r);
		return f ? f : expr_find(e->range.high, r);
	case EXPR_LIST:
	case EXPR_SET:
		for (i = 0; i < e->list.n; i++)
			if ((f = expr_find(e->list.items[i], r)))
				return f;
		return NULL;
	case EXPR_BINOP:
		f = expr_find(e->binop.left, r);
		return f ? f : expr_find(e->binop.right, r);
	case EXPR_RELATIONAL:
		f = expr_find(e->rel.left, r);
		return f ? f : expr_find(e->rel.right, r);
	default:
		return NULL;
	}
}

/* Find the first statement or expression of @rule that a refusal for
 * @err names; fill @loc and return the refusal, or NULL. */
static const struct refusal *refusal_find(const struct rule *rule, int err,
					  struct location *loc)
{
	const struct stmt *s;
	const struct expr *e;
	size_t i;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];

		if (r->err != err)
			continue;
		for (s = rule->stmts; s; s = s->next) {
			if (r->uses(s, NULL)) {
				*loc = s->loc;
				return r;
			}
			e = NULL;
			if (s->kind == STMT_EXPR)
				e = expr_find(s->expr, r);
			else if (s->kind == STMT_CT_SET)
				e = expr_find(s->ct.value, r);
			else if (s->kind == STMT_META_SET)
				e = expr_find(s->meta.value, r);
			if (e) {
				*loc = e->loc;
				return r;
			}
		}
	}
	return NULL;
}

const char *kernel_refusal(const struct rule *rule, int err, struct location *loc)
{
	const struct refusal *r = refusal_find(rule, err, loc);

	if (!r)
		return NULL;
	return r->hint ? r->hint : "";
}

/* The errnos of refusals[], each once, in table order: rule_locs keeps
 * one refusal hit per errno. Returns the errno's slot, or -1. */
static int refusal_slot(int err)
{
	static int errs[RULE_LOCS_NERR], n = -1;
	int i;
	size_t k;

	if (n < 0) {
		n = 0;
		for (k = 0; k < sizeof(refusals) / sizeof(refusals[0]); k++) {
			for (i = 0; i < n && errs[i] != refusals[k].err; i++)
				;
			if (i < n)
				continue;
			if (n == RULE_LOCS_NERR)
				abort();	/* raise RULE_LOCS_NERR */
			errs[n++] = refusals[k].err;
		}
	}
	for (i = 0; i < n; i++)
		if (errs[i] == err)
			return i;
	return -1;
}

#define N_REFUSALS (sizeof(refusals) / sizeof(refusals[0]))

/* One walk of a rule for every refusal at once: the first statement or
 * expression each one names, in the order refusal_find() looks. */
struct refusal_hits {
	bool hit[N_REFUSALS];
	struct location loc[N_REFUSALS];
	size_t left;
};

static void hits_test(struct refusal_hits *h, const struct stmt *s, const struct expr *e)
{
	size_t i;

	/* every uses() of refusals[] is about ct or meta set statements,
	 * notrack or ct expressions: skip the rest without calling them */
	if (s ? s->kind != STMT_CT_SET && s->kind != STMT_META_SET && s->kind != STMT_NOTRACK
	      : e->kind != EXPR_CT)
		return;
	for (i = 0; i < N_REFUSALS; i++)
		if (!h->hit[i] && refusals[i].uses(s, e)) {
			h->hit[i] = true;
			h->loc[i] = s ? s->loc : e->loc;
			h->left--;
		}
}

static void hits_expr(struct refusal_hits *h, const struct expr *e)
{
	size_t i;

	if (!e || !h->left)
		return;
	hits_test(h, NULL, e);
	switch (e->kind) {
	case EXPR_PREFIX:
		hits_expr(h, e->prefix.expr);
		break;
	case EXPR_RANGE:
		hits_expr(h, e->range.low);
		hits_expr(h, e->range.high);
		break;
	case EXPR_LIST:
	case EXPR_SET:
		for (i = 0; i < e->list.n; i++)
			hits_expr(h, e->list.items[i]);
		break;
	case EXPR_BINOP:
		hits_expr(h, e->binop.left);
		hits_expr(h, e->binop.right);
		break;
	case EXPR_RELATIONAL:
		hits_expr(h, e->rel.left);
		hits_expr(h, e->rel.right);
		break;
	default:
		break;
	}
}

static void refusal_hits(const struct rule *rule, struct refusal_hits *h)
{
	const struct stmt *s;

	memset(h, 0, sizeof(*h));
	h->left = N_REFUSALS;
	for (s = rule->stmts; s && h->left; s = s->next) {
		hits_test(h, s, NULL);
		if (s->kind == STMT_EXPR)
			hits_expr(h, s->expr);
		else if (s->kind == STMT_CT_SET)
			hits_expr(h, s->ct.value);
		else if (s->kind == STMT_META_SET)
			hits_expr(h, s->meta.value);
	}
}

/* ---- what exists (for ENOENT) ---------------------------------------- */

struct exist_ctx {
	const char *name;
	bool found;
};

static int exist_table_cb(struct nftnl_table *t, void *data)
{
	struct exist_ctx *x = data;

	if (!strcmp(t->name, x->name))
		x->found = true;
	nftnl_table_free(t);
	return 0;
}

static int exist_chain_cb(struct nftnl_chain *c, void *data)
{
	struct exist_ctx *x = data;

	if (!strcmp(c->name, x->name))
		x->found = true;
	nftnl_chain_free(c);
	return 0;
}

static int exist_rule_cb(struct nftnl_rule *r, void *data)
{
	struct exist_ctx *x = data;

	if (r->handle == *(const uint64_t *)x->name)
		x->found = true;
	nftnl_rule_free(r);
	return 0;
}

/* Is there a table/chain of that name, in the kernel or added by a
 * command before @upto in this input? */
static bool table_exists(struct nft_ctx *ctx, struct cmd *cmds, struct cmd *upto,
			 uint32_t family, const char *table)
{
	struct exist_ctx x = { table, false };
	struct cmd *c;

	for (c = cmds; c && c != upto; c = c->next) {
		if (c->obj == CMD_OBJ_TABLE && (c->op == CMD_ADD || c->op == CMD_CREATE) &&
		    c->h.family == family && !strcmp(c->h.table, table))
			return true;
	}
	if (nft_sock(ctx))
		nftnl_dump_tables(ctx->sock, family, exist_table_cb, &x);
	return x.found;
}

static bool chain_exists(struct nft_ctx *ctx, struct cmd *cmds, struct cmd *upto,
			 uint32_t family, const char *table, const char *chain)
{
	struct exist_ctx x = { chain, false };
	struct cmd *c;

	for (c = cmds; c && c != upto; c = c->next) {
		if (c->obj == CMD_OBJ_CHAIN && (c->op == CMD_ADD || c->op == CMD_CREATE) &&
		    c->h.family == family && !strcmp(c->h.table, table) &&
		    !strcmp(c->h.chain, chain))
			return true;
	}
	if (nft_sock(ctx))
		nftnl_dump_chains(ctx->sock, family, table, exist_chain_cb, &x);
	return x.found;
}

static bool rule_exists(struct nft_ctx *ctx, uint32_t family, const char *table,
			const char *chain, uint64_t handle)
{
	struct exist_ctx x = { (const char *)&handle, false };

	if (nft_sock(ctx))
		nftnl_dump_rules(ctx->sock, family, table, chain, exist_rule_cb, &x);
	return x.found;
}

/* ---- existence checks before the commit ------------------------------- */

/* A set of names (open addressing), for tables and chains that exist in
 * the kernel or are added by the input: checks are O(1) per command. */
struct name_set {
	char **slots;
	size_t cap, n;
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void ns_add(struct name_set *ns, char *key);

static void ns_grow(struct name_set *ns)
{
	struct name_set bigger = { NULL, ns->cap ? ns->cap * 2 : 64, 0 };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(char *));
	if (!bigger.slots)
		abort();
	for (i = 0; i < ns->cap; i++)
		if (ns->slots[i])
			ns_add(&bigger, ns->slots[i]);
	free(ns->slots);
	*ns = bigger;
}

static bool ns_has(const struct name_set *ns, const char *key)
{
	size_t i;

	if (!ns->cap)
		return false;
	for (i = name_hash(key) & (ns->cap - 1); ns->slots[i]; i = (i + 1) & (ns->cap - 1))
		if (!strcmp(ns->slots[i], key))
			return true;
	return false;
}

/* Takes ownership of @key. */
static void ns_add(struct name_set *ns, char *key)
{
	size_t i;

	if (ns_has(ns, key)) {
		free(key);
		return;
	}
	if ((ns->n + 1) * 2 > ns->cap)
		ns_grow(ns);
	for (i = name_hash(key) & (ns->cap - 1); ns->slots[i]; i = (i + 1) & (ns->cap - 1))
		;
	ns->slots[i] = key;
	ns->n++;
}

static void ns_free(struct name_set *ns)
{
	size_t i;

	for (i = 0; i < ns->cap; i++)
		free(ns->slots[i]);
	free(ns->slots);
}

static char *obj_key(uint32_t family, const char *table, const char *chain)
{
	char *k;

	if (asprintf(&k, "%u/%s/%s", family, table, chain ? chain : "") < 0)
		abort();
	return k;
}

struct exist_cache {
	struct name_set tables, chains;
	bool tables_dumped, chains_dumped;
};

static int cache_table_cb(struct nftnl_table *t, void *data)
{
	ns_add(data, obj_key(t->family, t->name, NULL));
	nftnl_table_free(t);
	return 0;
}

static int cache_chain_cb(struct nftnl_chain *c, void *data)
{
	ns_add(data, obj_key(c->family, c->table, c->name));
	nftnl_chain_free(c);
	return 0;
}

static bool cache_has_table(struct nft_ctx *ctx, struct exist_cache *ec, uint32_t family,
			    const char *table)
{
	char *k = obj_key(family, table, NULL);
	bool found;

	if (!ns_has(&ec->tables, k) && !ec->tables_dumped) {
		ec->tables_dumped = true;
		if (nft_sock(ctx))
			nftnl_dump_tables(ctx->sock, NFPROTO_UNSPEC, cache_table_cb, &ec->tables);
	}
	found = ns_has(&ec->tables, k);
	free(k);
	return found;
}

static bool cache_has_chain(struct nft_ctx *ctx, struct exist_cache *ec, uint32_t family,
			    const char *table, const char *chain)
{
	char *k = obj_key(family, table, chain);
	bool found;

	if (!ns_has(&ec->chains, k) && !ec->chains_dumped) {
		ec->chains_dumped = true;
		if (nft_sock(ctx))
			nftnl_dump_chains(ctx->sock, NFPROTO_UNSPEC, NULL, cache_chain_cb,
					  &ec->chains);
	}
	found = ns_has(&ec->chains, k);
	free(k);
	return found;
}

/* What upstream checks against its cache before sending anything: a
 * chain needs its table; a rule placed by handle, position or index
 * needs its table and chain. Errors as upstream words them. */
static int check_existence(struct nft_ctx *ctx, struct cmd *cmds)
{
	struct exist_cache ec;
	struct cmd *c;
	int errors = 0;
	bool adds;

	memset(&ec, 0, sizeof(ec));
	for (c = cmds; c; c = c->next) {
		adds = c->op == CMD_ADD || c->op == CMD_CREATE;
		if (c->obj == CMD_OBJ_TABLE && adds) {
			ns_add(&ec.tables, obj_key(c->h.family, c->h.table, NULL));
		} else if (c->obj == CMD_OBJ_CHAIN && adds) {
			if (!cache_has_table(ctx, &ec, c->h.family, c->h.table)) {
				erec_error(&c->h.table_loc, "%s", strerror(ENOENT));
				errors++;
			}
			ns_add(&ec.chains, obj_key(c->h.family, c->h.table, c->h.chain));
		} else if (c->obj == CMD_OBJ_RULE && c->op != CMD_DELETE && c->op != CMD_LIST &&
			   c->op != CMD_FLUSH &&
			   (c->h.handle || c->h.position || c->h.has_index)) {
			if (!cache_has_table(ctx, &ec, c->h.family, c->h.table)) {
				erec_error(&c->h.table_loc, "%s", strerror(ENOENT));
				errors++;
			} else if (!cache_has_chain(ctx, &ec, c->h.family, c->h.table,
						    c->h.chain)) {
				erec_error(&c->h.chain_loc, "%s", strerror(ENOENT));
				errors++;
			}
		}
	}
	ns_free(&ec.tables);
	ns_free(&ec.chains);
	return errors ? -1 : 0;
}

/* ---- error reporting ------------------------------------------------- */

/* The kernel's errors, kept past the callback (msg copied). */
struct commit_errors {
	struct nftnl_batch_error *v;
	size_t n, cap;
};

static void commit_error_cb(const struct nftnl_batch_error *e, void *data)
{
	struct commit_errors *ce = data;

	if (ce->n == ce->cap) {
		ce->cap = ce->cap ? 2 * ce->cap : 8;
		ce->v = realloc(ce->v, ce->cap * sizeof(*ce->v));
		if (!ce->v)
			abort();
	}
	ce->v[ce->n] = *e;
	ce->v[ce->n].msg = e->msg ? strdup(e->msg) : NULL;
	ce->n++;
}

/* Do two source ranges share a character? */
static bool loc_overlap(const struct location *a, const struct location *b)
{
	unsigned long a0 = (unsigned long)a->first_line << 16 | a->first_column;
	unsigned long a1 = (unsigned long)a->last_line << 16 | a->last_column;
	unsigned long b0 = (unsigned long)b->first_line << 16 | b->first_column;
	unsigned long b1 = (unsigned long)b->last_line << 16 | b->last_column;

	return a->indesc == b->indesc && a0 <= b1 && b0 <= a1;
}

/* ---- what a rule leaves for error reporting ---------------------------- */

static void rec_set(struct rule_locs *rl, size_t i, const struct location *l)
{
	if (rl->full) {
		rl->full[i] = *l;
		return;
	}
	rl->cloc[i] = (struct rule_cloc){ l->first_line, l->last_line,
					  (uint16_t)l->first_column, (uint16_t)l->last_column };
}

static bool rec_fits(const struct rule_locs *rl, const struct location *l)
{
	return l->indesc == rl->indesc && l->first_column <= UINT16_MAX &&
	       l->last_column <= UINT16_MAX;
}

/* The first jump/goto of @r (a valid rule has one verdict at most). */
static const struct expr *rule_jump(const struct rule *r)
{
	const struct stmt *s;

	for (s = r->stmts; s; s = s->next)
		if (s->kind == STMT_VERDICT && s->expr && s->expr->verdict.chain)
			return s->expr;
	return NULL;
}

/* The compact record of @rule's message @seq: @locs (n, taken over)
 * and, looked up now that the AST is still there, the refusal hits per
 * errno and the jump target. */
static void rec_init(struct rule_locs *rl, uint32_t seq, const struct rule *rule,
		     struct location *locs, size_t n)
{
	struct location extra[RULE_LOCS_NERR + 1];
	bool seen[RULE_LOCS_NERR] = { false };
	struct refusal_hits hits;
	const struct expr *j;
	size_t k, i, nx = 0, total;
	int slot;

	memset(rl, 0, sizeof(*rl));
	rl->seq = seq;
	rl->n = n;
	/* per errno, the first refusal of the table that names something
	 * of the rule (what refusal_find() would return) */
	refusal_hits(rule, &hits);
	for (k = 0; k < N_REFUSALS; k++) {
		slot = refusal_slot(refusals[k].err);
		if (seen[slot])
			continue;
		if (hits.hit[k]) {
			seen[slot] = true;
			rl->refusal[slot] = (uint8_t)(k + 1);
		}
	}
	for (k = 0; k < RULE_LOCS_NERR; k++)
		if (rl->refusal[k])
			extra[nx++] = hits.loc[rl->refusal[k] - 1];
	if ((j = rule_jump(rule))) {
		rl->jump = xstrdup(j->verdict.chain);
		extra[nx++] = j->loc;
	}
	total = n + nx;
	if (!total) {
		free(locs);
		return;
	}
	rl->indesc = n ? locs[0].indesc : extra[0].indesc;
	for (i = 0; i < total; i++)
		if (!rec_fits(rl, i < n ? &locs[i] : &extra[i - n]))
			break;
	if (i < total) {
		rl->full = xzalloc(total * sizeof(*rl->full));
	} else {
		rl->cloc = xzalloc(total * sizeof(*rl->cloc));
	}
	for (i = 0; i < total; i++)
		rec_set(rl, i, i < n ? &locs[i] : &extra[i - n]);
	free(locs);
}

static void rec_get(const struct rule_locs *rl, size_t i, struct location *l)
{
	if (rl->full) {
		*l = rl->full[i];
		return;
	}
	*l = (struct location){ rl->indesc, rl->cloc[i].first_line, rl->cloc[i].first_column,
				rl->cloc[i].last_line, rl->cloc[i].last_column };
}

/* The refusal for @err recorded for @rl (its location in @loc), or NULL. */
static const struct refusal *rec_refusal(const struct rule_locs *rl, int err,
					 struct location *loc)
{
	int slot = refusal_slot(err), k;
	size_t at = rl->n;

	if (slot < 0 || !rl->refusal[slot])
		return NULL;
	for (k = 0; k < slot; k++)
		if (rl->refusal[k])
			at++;
	rec_get(rl, at, loc);
	return &refusals[rl->refusal[slot] - 1];
}

/* The jump target's location (after the refusal hits). */
static void rec_jump_loc(const struct rule_locs *rl, struct location *loc)
{
	size_t at = rl->n;
	int k;

	for (k = 0; k < RULE_LOCS_NERR; k++)
		if (rl->refusal[k])
			at++;
	rec_get(rl, at, loc);
}

static void rec_free(struct rule_locs *rl)
{
	free(rl->cloc);
	free(rl->full);
	free(rl->jump);
}

/* The record of rule message @seq (records are in seq order), or NULL. */
static const struct rule_locs *rec_find(const struct cmd_batch *cb, uint32_t seq)
{
	size_t lo = 0, hi = cb->n_rules, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cb->rules[mid].seq == seq)
			return &cb->rules[mid];
		if (cb->rules[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Where an error against @c points, as upstream does: the object's
 * name, the missing piece, or the feature the kernel refused. */
static void report_error(struct nft_ctx *ctx, struct cmd *cmds, struct cmd *c, int err,
			 const char *extack, const struct location *expr_loc,
			 const struct rule_locs *rl)
{
	const struct location *loc = &c->loc;
	const struct refusal *ref = NULL;
	struct location rloc, jloc;
	char what[256];

	snprintf(what, sizeof(what), "%s", strerror(err));
	switch (c->obj) {
	case CMD_OBJ_TABLE:
		loc = &c->h.table_loc;
		break;
	case CMD_OBJ_CHAIN:
		if (err == ENOENT && !table_exists(ctx, cmds, c, c->h.family, c->h.table))
			loc = &c->h.table_loc;
		else if (err == EOPNOTSUPP && c->chain && !c->chain->base && c->chain->has_policy)
			loc = &c->chain->policy_loc;
		else if (err == EOPNOTSUPP && c->chain && c->chain->base)
			loc = &c->chain->hook_loc;
		else
			loc = &c->h.chain_loc;
		break;
	case CMD_OBJ_RULE:
		if (err == ENOENT) {
			if (!table_exists(ctx, cmds, c, c->h.family, c->h.table)) {
				loc = &c->h.table_loc;
				break;
			}
			if (!chain_exists(ctx, cmds, c, c->h.family, c->h.table, c->h.chain)) {
				loc = &c->h.chain_loc;
				break;
			}
			if (c->h.handle || c->h.position || c->h.has_index) {
				uint64_t h = c->h.handle ? c->h.handle : c->h.position;

				if (c->op == CMD_DELETE || c->h.has_index ||
				    !rule_exists(ctx, c->h.family, c->h.table, c->h.chain, h)) {
					loc = &c->h.handle_loc;
					break;
				}
			}
			if (rl && rl->jump &&
			    !chain_exists(ctx, cmds, c, c->h.family, c->h.table, rl->jump)) {
				rec_jump_loc(rl, &jloc);
				loc = &jloc;
				break;
			}
		}
		if (rl)
			ref = rec_refusal(rl, err, &rloc);
		if (expr_loc) {
			/* the kernel named the expression; a known refusal
			 * only explains it if it is about that expression */
			loc = expr_loc;
			if (ref && !loc_overlap(&rloc, expr_loc))
				ref = NULL;
		} else if (ref) {
			loc = &rloc;
		}
		break;
	default:
		break;
	}
	if (ref && ref->hint)
		erec_error(loc, "Could not process rule: %s; %s", what, ref->hint);
	else if (extack && *extack)
		erec_error(loc, "Could not process rule: %s (%s)", what, extack);
	else
		erec_error(loc, "Could not process rule: %s", what);
}

/* ---- building the batch ---------------------------------------------- */

static enum nftnl_cmd batch_op(enum cmd_op op)
{
	switch (op) {
	case CMD_ADD:
		return NFTNL_CMD_ADD;
	case CMD_CREATE:
		return NFTNL_CMD_CREATE;
	case CMD_INSERT:
		return NFTNL_CMD_INSERT;
	case CMD_REPLACE:
		return NFTNL_CMD_REPLACE;
	case CMD_DELETE:
		return NFTNL_CMD_DELETE;
	case CMD_FLUSH:
	default:
		return NFTNL_CMD_FLUSH;
	}
}

static uint32_t batch_table(struct nftnl_batch *b, struct cmd *c)
{
	struct nftnl_table *t = nftnl_table_alloc(c->h.family, c->h.table);
	uint32_t seq;

	if (!t)
		return 0;
	if (c->table && (c->op == CMD_ADD || c->op == CMD_CREATE)) {
		t->flags = c->table->flags;
		if (c->table->comment)
			udata_set_comment(&t->udata, c->table->comment);
	}
	seq = nftnl_batch_table(b, batch_op(c->op), t);
	nftnl_table_free(t);
	return seq;
}

/* Resolve the chain's hook and priority; -1 with an error queued. */
static int chain_hook(struct nft_ctx *ctx, struct chain *ch, uint32_t *hooknum)
{
	int32_t prio;

	(void)ctx;
	if (hook_by_name(ch->h.family, ch->hook, hooknum) < 0) {
		erec_error(&ch->hook_loc, "unknown chain hook");
		return -1;
	}
	if (ch->priority_expr) {
		const struct expr *p = ch->priority_expr;

		if (p->kind != EXPR_SYMBOL ||
		    priority_by_name(ch->h.family, ch->hook, p->sym.identifier, &prio) < 0) {
			erec_error(&p->loc, "unknown chain priority");
			return -1;
		}
		ch->priority += prio;
		expr_free(ch->priority_expr);
		ch->priority_expr = NULL;
	}
	return 0;
}

static uint32_t batch_chain(struct nft_ctx *ctx, struct nftnl_batch *b, struct cmd *c)
{
	struct nftnl_chain *nc = nftnl_chain_alloc(c->h.family, c->h.table, c->h.chain);
	struct chain *ch = c->chain;
	uint32_t seq, hooknum;

	if (!nc)
		return 0;
	if (ch && (c->op == CMD_ADD || c->op == CMD_CREATE)) {
		if (ch->base) {
			if (chain_hook(ctx, ch, &hooknum) < 0) {
				nftnl_chain_free(nc);
				errno = 0;
				return 0;
			}
			nftnl_chain_set_hook(nc, ch->type, hooknum, ch->priority, ch->dev);
		}
		/* a policy on a regular chain is the kernel's to refuse */
		if (ch->has_policy) {
			nc->has_policy = true;
			nc->policy = ch->policy;
		}
		if (ch->comment)
			udata_set_comment(&nc->udata, ch->comment);
	}
	seq = nftnl_batch_chain(b, batch_op(c->op), nc);
	nftnl_chain_free(nc);
	return seq;
}

/* "index N": the handle of the chain's rule number N (from 0). */
struct index_ctx {
	uint32_t want, at;
	uint64_t handle;
	bool found;
};

static int index_cb(struct nftnl_rule *r, void *data)
{
	struct index_ctx *x = data;

	if (!x->found && x->at++ == x->want) {
		x->handle = r->handle;
		x->found = true;
	}
	nftnl_rule_free(r);
	return 0;
}

static int resolve_index(struct nft_ctx *ctx, struct cmd *c)
{
	struct index_ctx x = { c->h.index, 0, 0, false };

	if (!nft_sock(ctx))
		return -1;
	if (nftnl_dump_rules(ctx->sock, c->h.family, c->h.table, c->h.chain, index_cb, &x) < 0 &&
	    errno != ENOENT) {
		erec_error(&c->h.handle_loc, "Could not process rule: %s", strerror(errno));
		return -1;
	}
	if (!x.found) {
		erec_error(&c->h.handle_loc, "Could not process rule: %s", strerror(ENOENT));
		return -1;
	}
	c->h.position = x.handle;
	if (c->rule)
		c->rule->h.position = x.handle;
	return 0;
}

/* --debug=netlink: the rule's bytecode text as upstream prints it, with
 * its user data line (when the library's text lacks it) and a blank
 * line after each rule. */
static void debug_print_rule(const struct nftnl_rule *nr)
{
	const unsigned char *p = nr->udata.data;
	int len = nftnl_rule_snprintf(NULL, 0, nr);
	char *text = malloc(len + 1);
	uint32_t i;

	if (!text)
		abort();
	nftnl_rule_snprintf(text, len + 1, nr);
	fputs(text, stdout);
	if (nr->udata.len && !strstr(text, "userdata = {")) {
		fputs("  userdata = { ", stdout);
		for (i = 0; i < nr->udata.len; i++) {
			if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
				putchar(p[i]);
			else
				printf("\\x%02x", p[i]);
		}
		fputs(" }\n", stdout);
	}
	putchar('\n');
	free(text);
}

/* Remember what error reporting needs of the rule message @seq. */
static void keep_locs(struct cmd_batch *cb, uint32_t seq, const struct rule *rule,
		      struct location *locs, size_t n)
{
	if (!seq) {
		free(locs);
		return;
	}
	if (cb->n_rules == cb->cap_rules) {
		cb->cap_rules = cb->cap_rules ? 2 * cb->cap_rules : 16;
		cb->rules = realloc(cb->rules, cb->cap_rules * sizeof(*cb->rules));
		if (!cb->rules)
			abort();
	}
	rec_init(&cb->rules[cb->n_rules++], seq, rule, locs, n);
}

static uint32_t batch_rule(struct nft_ctx *ctx, struct cmd_batch *cb, struct cmd *c)
{
	struct nftnl_batch *b = cb->b;
	struct location *locs;
	struct nftnl_rule *nr;
	uint32_t seq;
	size_t n;

	if (c->op == CMD_DELETE) {
		nr = nftnl_rule_alloc(c->h.family, c->h.table, c->h.chain);
		if (!nr)
			return 0;
		nr->handle = c->h.handle;
		seq = nftnl_batch_rule(b, NFTNL_CMD_DELETE, nr);
		nftnl_rule_free(nr);
		return seq;
	}
	if (c->op == CMD_FLUSH)
		return 0;
	if (c->h.has_index && resolve_index(ctx, c) < 0) {
		errno = 0;
		return 0;
	}
	nr = linearize_rule_locs(ctx, b, c->rule, &locs, &n);
	/* the AST is not needed once the rule is in the batch */
	if (!nr) {
		rule_free(c->rule);
		c->rule = NULL;
		errno = 0;
		return 0;
	}
	if (c->op == CMD_REPLACE)
		nr->handle = c->h.handle;
	else
		nr->position = c->h.position;
	if (ctx->debug & DEBUG_NETLINK)
		debug_print_rule(nr);
	seq = nftnl_batch_rule(b, batch_op(c->op), nr);
	keep_locs(cb, seq, c->rule, locs, n);
	rule_free(c->rule);
	c->rule = NULL;
	nftnl_rule_free(nr);
	return seq;
}

static uint32_t batch_cmd(struct nft_ctx *ctx, struct cmd_batch *cb, struct cmd *c)
{
	struct nftnl_batch *b = cb->b;

	switch (c->obj) {
	case CMD_OBJ_TABLE:
		return batch_table(b, c);
	case CMD_OBJ_CHAIN:
		if (c->op == CMD_FLUSH) {
			struct nftnl_chain *nc = nftnl_chain_alloc(c->h.family, c->h.table,
								   c->h.chain);
			uint32_t seq = nc ? nftnl_batch_chain(b, NFTNL_CMD_FLUSH, nc) : 0;

			nftnl_chain_free(nc);
			return seq;
		}
		return batch_chain(ctx, b, c);
	case CMD_OBJ_RULE:
		return batch_rule(ctx, cb, c);
	case CMD_OBJ_RULESET:
		return nftnl_batch_flush_ruleset(b, c->h.family);
	default:
		return 0;
	}
}

/* ---- echo (-e) ------------------------------------------------------- */

struct echo_rules {
	struct nftnl_rule **v;
	size_t n, cap;
};

static int echo_collect(struct nftnl_rule *r, void *data)
{
	struct echo_rules *er = data;

	if (er->n == er->cap) {
		er->cap = er->cap ? 2 * er->cap : 16;
		er->v = realloc(er->v, er->cap * sizeof(*er->v));
		if (!er->v)
			abort();
	}
	er->v[er->n++] = r;
	return 0;
}

static int handle_cmp(const void *a, const void *b)
{
	const struct nftnl_rule *x = *(struct nftnl_rule *const *)a;
	const struct nftnl_rule *y = *(struct nftnl_rule *const *)b;

	return x->handle < y->handle ? -1 : x->handle > y->handle;
}

struct echo_sets {
	struct nftnl_sock *sock;
	struct nftnl_set **v;
	size_t n, cap;
};

static int echo_set_cb(struct nftnl_set *s, void *data)
{
	struct echo_sets *es = data;

	if (es->n == es->cap) {
		es->cap = es->cap ? 2 * es->cap : 8;
		es->v = realloc(es->v, es->cap * sizeof(*es->v));
		if (!es->v)
			abort();
	}
	es->v[es->n++] = s;
	return 0;
}

static const struct nftnl_set *echo_set_lookup(const char *name, void *data)
{
	struct echo_sets *es = data;
	size_t i;

	for (i = 0; i < es->n; i++)
		if (!strcmp(es->v[i]->name, name))
			return es->v[i];
	return NULL;
}

static const char *const op_word[] = {
	[CMD_ADD] = "add", [CMD_CREATE] = "add", [CMD_INSERT] = "insert",
	[CMD_REPLACE] = "replace",
};

static void echo_rule(struct nft_ctx *ctx, struct cmd *c, const struct nftnl_rule *nr,
		      struct echo_sets *es)
{
	struct rule *r = delinearize_rule(ctx, nr, echo_set_lookup, es);

	if (!r)
		return;
	postprocess_rule(ctx, r);
	printf("%s rule %s %s %s ", op_word[c->op], family_name(c->h.family), c->h.table,
	       c->h.chain);
	print_rule(r, &ctx->out, stdout);
	if (ctx->out.handle)
		printf(" # handle %llu", (unsigned long long)nr->handle);
	putchar('\n');
	rule_free(r);
}

static bool echoes_rule(const struct cmd *c)
{
	return c->obj == CMD_OBJ_RULE && c->op != CMD_DELETE && c->op != CMD_FLUSH &&
	       c->op != CMD_LIST;
}

static bool same_table(const struct cmd *a, const struct cmd *b)
{
	return a->h.family == b->h.family && !strcmp(a->h.table, b->h.table);
}

/* The rules this batch added to the table of @first are the ones with
 * the highest handles (the kernel numbers them in batch order). */
static void echo_table_rules(struct nft_ctx *ctx, struct cmd *first)
{
	struct echo_rules er = { NULL, 0, 0 };
	struct echo_sets es = { ctx->sock, NULL, 0, 0 };
	size_t k = 0, i, idx = 0, start;
	struct cmd *c;

	for (c = first; c; c = c->next)
		if (echoes_rule(c) && same_table(c, first))
			k++;
	nftnl_dump_rules(ctx->sock, first->h.family, first->h.table, NULL, echo_collect, &er);
	nftnl_dump_sets(ctx->sock, first->h.family, first->h.table, echo_set_cb, &es);
	/* elements after the set dump is over: one dump at a time */
	for (i = 0; i < es.n; i++)
		nftnl_dump_set_elems(ctx->sock, es.v[i]);
	qsort(er.v, er.n, sizeof(*er.v), handle_cmp);
	start = er.n > k ? er.n - k : 0;
	for (c = first; c; c = c->next) {
		if (!echoes_rule(c) || !same_table(c, first))
			continue;
		if (start + idx < er.n)
			echo_rule(ctx, c, er.v[start + idx], &es);
		idx++;
	}
	for (i = 0; i < er.n; i++)
		nftnl_rule_free(er.v[i]);
	free(er.v);
	for (i = 0; i < es.n; i++)
		nftnl_set_free(es.v[i]);
	free(es.v);
}

/* -e -a: the handle the kernel gave a new table or chain. */
struct handle_find {
	const char *name;
	uint64_t handle;
};

static int find_table_cb(struct nftnl_table *t, void *data)
{
	struct handle_find *f = data;

	if (!strcmp(t->name, f->name))
		f->handle = t->handle;
	nftnl_table_free(t);
	return 0;
}

static int find_chain_cb(struct nftnl_chain *c, void *data)
{
	struct handle_find *f = data;

	if (!strcmp(c->name, f->name))
		f->handle = c->handle;
	nftnl_chain_free(c);
	return 0;
}

static void echo_handle(struct nft_ctx *ctx, const struct cmd *c)
{
	struct handle_find f = { NULL, 0 };

	if (!ctx->out.handle)
		return;
	if (c->obj == CMD_OBJ_TABLE) {
		f.name = c->h.table;
		nftnl_dump_tables(ctx->sock, c->h.family, find_table_cb, &f);
	} else {
		f.name = c->h.chain;
		nftnl_dump_chains(ctx->sock, c->h.family, c->h.table, find_chain_cb, &f);
	}
	if (f.handle)
		printf(" # handle %llu", (unsigned long long)f.handle);
}

static void echo_chain(struct nft_ctx *ctx, const struct cmd *c)
{
	const struct chain *ch = c->chain;
	uint32_t hooknum;
	char prio[64];

	printf("add chain %s %s %s", family_name(c->h.family), c->h.table, c->h.chain);
	if (ch && ch->base && hook_by_name(c->h.family, ch->hook, &hooknum) == 0) {
		priority_str(c->h.family, hooknum, ch->priority, ctx->out.numeric_prio, prio,
			     sizeof(prio));
		printf(" { type %s hook %s priority %s; policy %s; }", ch->type, ch->hook, prio,
		       ch->has_policy && ch->policy == NF_DROP ? "drop" : "accept");
	}
	echo_handle(ctx, c);
	putchar('\n');
}

/* Print what the transaction added, in command order. Rules are read
 * back from the kernel so they print as listed (with their handles). */
static void echo_all(struct nft_ctx *ctx, struct cmd *cmds)
{
	struct cmd *c, *d;
	uint32_t genid;
	bool any = false;

	/* group the rule echoes per table: mark the first rule cmd of each */
	for (c = cmds; c; c = c->next) {
		switch (c->obj) {
		case CMD_OBJ_TABLE:
			if (c->op == CMD_ADD || c->op == CMD_CREATE) {
				printf("add table %s %s", family_name(c->h.family), c->h.table);
				echo_handle(ctx, c);
				putchar('\n');
				any = true;
			}
			break;
		case CMD_OBJ_CHAIN:
			if (c->op == CMD_ADD || c->op == CMD_CREATE) {
				echo_chain(ctx, c);
				any = true;
			}
			break;
		case CMD_OBJ_RULE:
			if (!echoes_rule(c))
				break;
			/* all rules of a table are echoed at its first one */
			for (d = cmds; d != c; d = d->next)
				if (echoes_rule(d) && same_table(d, c))
					break;
			if (d == c)
				echo_table_rules(ctx, c);
			any = true;
			break;
		default:
			break;
		}
	}
	if (any && nftnl_get_genid(ctx->sock, &genid) == 0)
		printf("# new generation %u by process %d (nft)\n", genid, (int)getpid());
	fflush(stdout);
}

/* ---- running --------------------------------------------------------- */

static bool is_change(const struct cmd *c)
{
	return c->op != CMD_LIST;
}

int cmd_batch_build(struct nft_ctx *ctx, struct cmd *cmds, struct cmd_batch *cb)
{
	unsigned int errors = 0;
	struct cmd *c;

	memset(cb, 0, sizeof(*cb));
	cb->b = nftnl_batch_alloc();
	if (!cb->b) {
		erec_error(NULL, "%s", strerror(errno));
		return -1;
	}
	for (c = cmds; c; c = c->next) {
		if (!is_change(c))
			continue;
		errno = 0;
		c->seq = batch_cmd(ctx, cb, c);
		if (!c->seq) {
			if (errno)
				erec_error(&c->loc, "Could not process rule: %s", strerror(errno));
			errors++;
		}
	}
	return errors ? -1 : 0;
}

void cmd_batch_free(struct cmd_batch *cb)
{
	size_t i;

	for (i = 0; i < cb->n_rules; i++)
		rec_free(&cb->rules[i]);
	free(cb->rules);
	nftnl_batch_free(cb->b);
	memset(cb, 0, sizeof(*cb));
}

/* The source location of the expression the kernel refused (through the
 * extended ack's attribute offset into the rule message), in @loc;
 * false if there is none. */
static bool refused_expr(const struct cmd_batch *cb, const struct rule_locs *rl,
			 const struct nftnl_batch_error *e, struct location *loc)
{
	const struct nlmsghdr *nlh;
	int idx;

	if (!e->attr_offset || !e->seq || !rl || !(nlh = nftnl_batch_msg(cb->b, e->seq)))
		return false;
	idx = nftnl_rule_msg_expr_at(nlh, e->attr_offset);
	if (idx < 0 || (uint32_t)idx >= rl->n)
		return false;
	rec_get(rl, idx, loc);
	return true;
}

void cmd_batch_report(struct nft_ctx *ctx, struct cmd *cmds, const struct cmd_batch *cb,
		      const struct nftnl_batch_error *e)
{
	struct cmd *c, *t = NULL;
	struct location eloc;
	bool has_eloc;

	/* sets linearized for a rule precede it: the owner is the first
	 * command at or after the error's message */
	if (e->seq)
		for (c = cmds; c; c = c->next)
			if (is_change(c) && c->seq >= e->seq) {
				t = c;
				break;
			}
	if (t) {
		has_eloc = refused_expr(cb, rec_find(cb, e->seq), e, &eloc);
		report_error(ctx, cmds, t, e->err, e->msg, has_eloc ? &eloc : NULL,
			     t->obj == CMD_OBJ_RULE && t->seq ? rec_find(cb, t->seq) : NULL);
	} else {
		erec_error(NULL, "Could not process rule: %s", strerror(e->err));
	}
}

int run_commands(struct nft_ctx *ctx, struct cmd *cmds)
{
	struct commit_errors ce = { NULL, 0, 0 };
	unsigned int errors = 0;
	struct cmd_batch cb;
	struct cmd *c;
	bool changes = false;
	size_t i;
	int ret = 0;

	for (c = cmds; c; c = c->next) {
		if (evaluate_cmd(ctx, c) < 0)
			errors++;
		if (is_change(c))
			changes = true;
	}
	if (errors)
		return -1;
	if (changes && check_existence(ctx, cmds) < 0)
		return -1;

	if (changes) {
		if (cmd_batch_build(ctx, cmds, &cb) < 0) {
			cmd_batch_free(&cb);
			return -1;
		}
		if (nftnl_batch_count(cb.b) > 0) {
			if (!nft_sock(ctx)) {
				cmd_batch_free(&cb);
				return -1;
			}
			if (nftnl_batch_commit(ctx->sock, cb.b, ctx->check, commit_error_cb,
					       &ce) < 0) {
				ret = -1;
				if (!ce.n)
					erec_error(NULL, "Could not process rule: %s", strerror(errno));
			}
		}
		for (i = 0; i < ce.n; i++) {
			cmd_batch_report(ctx, cmds, &cb, &ce.v[i]);
			free((char *)ce.v[i].msg);
		}
		free(ce.v);
		cmd_batch_free(&cb);
		if (ret < 0)
			return -1;
		if (ctx->out.echo && !ctx->check)
			echo_all(ctx, cmds);
	}

	for (c = cmds; c; c = c->next) {
		if (c->op != CMD_LIST)
			continue;
		if (do_list(ctx, c) < 0)
			ret = -1;
	}
	return ret;
}
