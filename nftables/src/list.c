/*
 * list.c - the list commands: `list ruleset [FAMILY]`, `list tables
 * [FAMILY]`, `list table F T`, `list chain F T C`, `list chains [FAMILY]`.
 *
 * Tables, chains and sets are dumped from the kernel through libnftnl;
 * rules are dumped chain by chain and each one is delinearized,
 * postprocessed, printed and freed as it arrives, so memory does not grow
 * with the ruleset. The sets of the table being listed (with their
 * elements, for anonymous set lookups) are kept in a hash by name.
 *
 * With --debug=netlink the bytecode text of every set's elements and of
 * every rule is printed as upstream nft does, before the listing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <nftnl.h>

#include "ast.h"
#include "datatype.h"
#include "erec.h"
#include "nft.h"
#include "utils.h"

/* ---- collected objects ----------------------------------------------- */

/* A growable array of pointers. */
struct ptr_vec {
	void **v;
	size_t n, cap;
};

static void vec_push(struct ptr_vec *vec, void *p)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 16;
		void **nv = realloc(vec->v, cap * sizeof(*nv));

		if (!nv)
			abort();
		vec->v = nv;
		vec->cap = cap;
	}
	vec->v[vec->n++] = p;
}

static int collect_table(struct nftnl_table *t, void *data)
{
	vec_push(data, t);
	return 0;
}

static int collect_chain(struct nftnl_chain *c, void *data)
{
	vec_push(data, c);
	return 0;
}

/* ---- set hash (per table) -------------------------------------------- */

struct set_entry {
	struct nftnl_set *set;
	struct set_entry *next;
};

struct set_hash {
	struct set_entry **buckets;
	size_t nbuckets, n;
	struct ptr_vec order;
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void set_hash_grow(struct set_hash *sh)
{
	size_t nb = sh->nbuckets ? sh->nbuckets * 2 : 64, i;
	struct set_entry **b = calloc(nb, sizeof(*b));

	if (!b)
		abort();
	for (i = 0; i < sh->nbuckets; i++) {
		struct set_entry *e = sh->buckets[i], *next;

		for (; e; e = next) {
			uint32_t k = name_hash(e->set->name) & (nb - 1);

			next = e->next;
			e->next = b[k];
			b[k] = e;
		}
	}
	free(sh->buckets);
	sh->buckets = b;
	sh->nbuckets = nb;
}

static void set_hash_add(struct set_hash *sh, struct nftnl_set *s)
{
	struct set_entry *e = calloc(1, sizeof(*e));
	uint32_t k;

	if (!e)
		abort();
	if (sh->n + 1 > sh->nbuckets)
		set_hash_grow(sh);
	e->set = s;
	k = name_hash(s->name) & (sh->nbuckets - 1);
	e->next = sh->buckets[k];
	sh->buckets[k] = e;
	sh->n++;
	vec_push(&sh->order, s);
}

static const struct nftnl_set *set_hash_lookup(const char *name, void *data)
{
	struct set_hash *sh = data;
	struct set_entry *e;

	if (!sh->nbuckets || !name)
		return NULL;
	for (e = sh->buckets[name_hash(name) & (sh->nbuckets - 1)]; e; e = e->next)
		if (!strcmp(e->set->name, name))
			return e->set;
	return NULL;
}

static void set_hash_free(struct set_hash *sh)
{
	size_t i;

	for (i = 0; i < sh->nbuckets; i++) {
		struct set_entry *e = sh->buckets[i], *next;

		for (; e; e = next) {
			next = e->next;
			nftnl_set_free(e->set);
			free(e);
		}
	}
	free(sh->buckets);
	free(sh->order.v);
	memset(sh, 0, sizeof(*sh));
}

/* ---- listing context ------------------------------------------------- */

struct list_ctx {
	struct nft_ctx *nft;
	struct nftnl_sock *sock;
	FILE *out;		/* the listing (a memory stream with --debug=netlink) */
	FILE *debug;		/* bytecode text, or NULL */
	struct set_hash sets;	/* of the table being listed */
	int err;
};

static void dump_error(struct list_ctx *lc, const char *what)
{
	if (!lc->err)
		erec_error(&internal_location, "Could not dump %s: %s", what, strerror(errno));
	lc->err = -1;
}

/* Set elements as `nft --debug=netlink` prints them when it fetches a
 * set: "FAMILY TABLE @NAME" then one "\telement KEY  : FLAGS [end]" line
 * per element, KEY as 32-bit words in host order ("%08x"). */
static void debug_print_words(FILE *fp, const struct nftnl_data *d)
{
	uint32_t i;

	for (i = 0; i < d->len; i += 4) {
		uint32_t w = 0;

		memcpy(&w, d->bytes + i, d->len - i < 4 ? d->len - i : 4);
		fprintf(fp, "%s%08x", i ? " " : "", w);
	}
}

/* A rule's user data as upstream's debug output shows it, after the
 * expressions: "  userdata = { \x00\x04ssh\x00 }". */
static void debug_print_udata(FILE *fp, const struct nftnl_udata_buf *u)
{
	const uint8_t *p = u->data;
	uint32_t i;

	fputs("  userdata = { ", fp);
	for (i = 0; i < u->len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], fp);
		else
			fprintf(fp, "\\x%02x", p[i]);
	}
	fputs(" }\n", fp);
}

static void debug_print_set(FILE *fp, const struct nftnl_set *s)
{
	const struct nftnl_set_elem *e;

	fprintf(fp, "%s %s @%s\n", nftnl_family_name(s->family), s->table, s->name);
	for (e = s->elems; e; e = e->next) {
		fputs("\telement ", fp);
		debug_print_words(fp, &e->key);
		fputs("  : ", fp);
		if (e->has_verdict) {
			fprintf(fp, "%s ", nftnl_verdict_name(e->verdict.code));
			if (e->verdict.chain)
				fprintf(fp, "-> %s ", e->verdict.chain);
		} else if (e->data.len) {
			debug_print_words(fp, &e->data);
			fputc(' ', fp);
		}
		fprintf(fp, "%u [end]\n", e->flags);
	}
}

static int collect_set(struct nftnl_set *s, void *data)
{
	struct list_ctx *lc = data;

	set_hash_add(&lc->sets, s);
	return 0;
}

/* Dump the sets of one table and the elements of each. */
static int load_sets(struct list_ctx *lc, uint32_t family, const char *table)
{
	size_t i;

	if (nftnl_dump_sets(lc->sock, family, table, collect_set, lc) < 0) {
		dump_error(lc, "sets");
		return -1;
	}
	for (i = 0; i < lc->sets.order.n; i++) {
		struct nftnl_set *s = lc->sets.order.v[i];

		if (nftnl_dump_set_elems(lc->sock, s) < 0) {
			dump_error(lc, "set elements");
			return -1;
		}
		if (lc->debug)
			debug_print_set(lc->debug, s);
	}
	return 0;
}

/* ---- named sets ------------------------------------------------------ */

/* Set flags as listed, in upstream's order. */
static const struct {
	uint32_t flag;
	const char *name;
} set_flag_names[] = {
	{ NFT_SET_CONSTANT, "constant" },
	{ NFT_SET_INTERVAL, "interval" },
	{ NFT_SET_TIMEOUT, "timeout" },
	{ NFT_SET_EVAL, "dynamic" },
};

/* A duration in milliseconds as upstream writes it: "1d2h3m4s5ms". */
static void print_time(FILE *fp, uint64_t ms)
{
	static const struct {
		uint64_t ms;
		const char *unit;
	} units[] = {
		{ 86400000, "d" }, { 3600000, "h" }, { 60000, "m" }, { 1000, "s" }, { 1, "ms" },
	};
	size_t i;

	if (!ms) {
		fputs("0s", fp);
		return;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (ms >= units[i].ms) {
			fprintf(fp, "%" PRIu64 "%s", ms / units[i].ms, units[i].unit);
			ms %= units[i].ms;
		}
	}
}

static bool map_sort_host;

static int map_elem_cmp(const void *pa, const void *pb)
{
	const struct nftnl_data *a = &(*(const struct nftnl_set_elem *const *)pa)->key;
	const struct nftnl_data *b = &(*(const struct nftnl_set_elem *const *)pb)->key;
	uint32_t n = a->len < b->len ? a->len : b->len, i;

	for (i = 0; i < n; i++) {
		uint32_t k = map_sort_host ? n - 1 - i : i;

		if (a->bytes[k] != b->bytes[k])
			return a->bytes[k] < b->bytes[k] ? -1 : 1;
	}
	return 0;
}

/* A map of plain keys: "type KEY : DATA" and "elements = { k : v, ... }",
 * one element per line as upstream wraps them. */
static void list_map(struct list_ctx *lc, const struct nftnl_set *s, const struct datatype *dt)
{
	const struct output_ctx *o = &lc->nft->out;
	bool verdict = s->data_type == NFT_DATA_VERDICT;
	const struct datatype *vt = verdict ? &verdict_type : datatype_by_id(s->data_type);
	const struct nftnl_set_elem *e, **v;
	FILE *fp = lc->out;
	unsigned int count = 0;
	size_t n = 0, i;

	fprintf(fp, "\t\ttype %s : %s\n", dt->name, verdict ? "verdict" : vt->name);
	if (s->size && !(s->flags & NFT_SET_CONSTANT))
		fprintf(fp, "\t\tsize %u\n", s->size);
	for (e = s->elems; e; e = e->next)
		n++;
	if (n) {
		v = calloc(n, sizeof(*v));
		if (!v)
			abort();
		for (i = 0, e = s->elems; e; e = e->next)
			v[i++] = e;
		map_sort_host = dt->byteorder == BYTEORDER_HOST;
		qsort(v, n, sizeof(*v), map_elem_cmp);
		fputs("\t\telements = { ", fp);
		for (i = 0; i < n; i++) {
			struct expr *k = value_expr_alloc(NULL, dt, dt->byteorder,
							  v[i]->key.len * 8, v[i]->key.bytes);

			if (i)
				fputs(set_elem_delim(dt, &count), fp);
			print_expr(k, o, fp);
			expr_free(k);
			fputs(" : ", fp);
			if (verdict) {
				struct expr *ve = verdict_expr_alloc(NULL, v[i]->verdict.code,
								     v[i]->verdict.chain);

				print_expr(ve, o, fp);
				expr_free(ve);
			} else {
				struct expr *d = value_expr_alloc(NULL, vt, vt->byteorder,
								  v[i]->data.len * 8,
								  v[i]->data.bytes);

				print_expr(d, o, fp);
				expr_free(d);
			}
		}
		fputs(" }\n", fp);
		free(v);
	}
	fputs("\t}\n", fp);
}

/* "\tset NAME {" ... "\t}\n": type, flags, size, timeout, elements.
 * Maps and concatenations are shown with their kernel numbers and a
 * comment instead of elements: this nft does not list them. */
static void list_named_set(struct list_ctx *lc, const struct nftnl_set *s)
{
	const struct output_ctx *o = &lc->nft->out;
	bool map = s->flags & NFT_SET_MAP, concat = (s->flags & NFT_SET_CONCAT) ||
		   s->key_type > 0xff;
	const struct datatype *dt = datatype_by_id(s->key_type);
	FILE *fp = lc->out;
	bool first = true;
	size_t i;

	fprintf(fp, "\t%s %s {", map ? "map" : "set", s->name);
	if (o->handle && s->handle)
		fprintf(fp, " # handle %" PRIu64, s->handle);
	fputc('\n', fp);
	if (map && !concat && !(s->flags & (NFT_SET_INTERVAL | NFT_SET_OBJECT)) &&
	    !(dt == &integer_type && s->key_type != TYPE_INTEGER)) {
		list_map(lc, s, dt);
		return;
	}
	if (concat || map || (dt == &integer_type && s->key_type != TYPE_INTEGER)) {
		fprintf(fp, "\t\t# not listed by this nft: key type %u, length %u",
			s->key_type, s->key_len);
		if (map)
			fprintf(fp, ", data type %u", s->data_type);
		fputs("\n\t}\n", fp);
		return;
	}
	fprintf(fp, "\t\ttype %s\n", dt->name);
	for (i = 0; i < sizeof(set_flag_names) / sizeof(set_flag_names[0]); i++) {
		if (!(s->flags & set_flag_names[i].flag))
			continue;
		if (set_flag_names[i].flag == NFT_SET_TIMEOUT && s->timeout)
			continue;	/* implied by "timeout" */
		fprintf(fp, "%s%s", first ? "\t\tflags " : ",", set_flag_names[i].name);
		first = false;
	}
	if (!first)
		fputc('\n', fp);
	if (s->size && !(s->flags & NFT_SET_CONSTANT))
		fprintf(fp, "\t\tsize %u\n", s->size);
	if (s->timeout) {
		fputs("\t\ttimeout ", fp);
		print_time(fp, s->timeout);
		fputc('\n', fp);
	}
	if (s->elems) {
		struct expr key = { .kind = EXPR_VALUE, .dtype = dt, .byteorder = dt->byteorder,
				    .len = s->key_len * 8 };
		unsigned int swap = 0;
		struct expr *set;

		/* interval sets keep host order keys in network order */
		if ((s->flags & NFT_SET_INTERVAL) && dt->byteorder == BYTEORDER_HOST &&
		    s->key_len > 1 && dt != &string_type && dt != &ifname_type)
			swap = s->key_len;
		set = set_elems_expr(&key, s, swap);
		fputs("\t\telements = ", fp);
		print_set_elements(set, dt, o, fp);
		fputc('\n', fp);
		expr_free(set);
	}
	fputs("\t}\n", fp);
}

/* A named set (or map) as `list table` shows it, from a dumped set and
 * its elements. */
void list_print_set(struct nft_ctx *ctx, const struct nftnl_set *s, FILE *fp)
{
	struct list_ctx lc = { .nft = ctx, .out = fp };

	list_named_set(&lc, s);
}

/* The named sets of the table, in dump order; returns true if any. */
static bool list_named_sets(struct list_ctx *lc, bool delim)
{
	size_t i;

	for (i = 0; i < lc->sets.order.n; i++) {
		const struct nftnl_set *s = lc->sets.order.v[i];

		if (s->flags & NFT_SET_ANONYMOUS)
			continue;
		if (delim)
			fputc('\n', lc->out);
		list_named_set(lc, s);
		delim = true;
	}
	return delim;
}

/* ---- tables and chains as AST ---------------------------------------- */

static struct table *table_from_nftnl(const struct nftnl_table *nt)
{
	struct handle h = { 0 };
	struct table *t;

	h.family = nt->family;
	h.table = nt->name;
	h.handle = nt->handle;
	t = table_alloc(NULL, &h);
	t->flags = nt->flags;
	if (nt->udata.len)
		t->comment = udata_get_comment(nt->udata.data, nt->udata.len);
	return t;
}

static struct chain *chain_from_nftnl(const struct nftnl_chain *nc)
{
	struct handle h = { 0 };
	struct chain *c;

	h.family = nc->family;
	h.table = nc->table;
	h.chain = nc->name;
	h.handle = nc->handle;
	c = chain_alloc(NULL, &h);
	if (nc->base) {
		const char *hook = hook_name(nc->family, nc->hooknum);
		char buf[32];

		if (!hook) {
			snprintf(buf, sizeof(buf), "%u", nc->hooknum);
			hook = buf;
		}
		c->base = true;
		c->type = xstrdup(nc->type ? nc->type : "filter");
		c->hook = xstrdup(hook);
		c->priority = nc->prio;
		c->dev = xstrdup(nc->dev);
		c->has_policy = nc->has_policy;
		c->policy = nc->policy;
	}
	if (nc->udata.len)
		c->comment = udata_get_comment(nc->udata.data, nc->udata.len);
	return c;
}

/* A table's and a chain's header and closing lines, as listed. */
void list_print_table(struct nft_ctx *ctx, const struct nftnl_table *nt, FILE *fp)
{
	struct table *t = table_from_nftnl(nt);

	print_table_open(t, &ctx->out, fp);
	print_table_close(fp);
	table_free(t);
}

void list_print_chain(struct nft_ctx *ctx, const struct nftnl_chain *nc, FILE *fp)
{
	struct chain *c = chain_from_nftnl(nc);

	print_chain_open(c, &ctx->out, fp);
	print_chain_close(fp);
	chain_free(c);
}

/* ---- rules ----------------------------------------------------------- */

/* One dumped rule: delinearize, postprocess, print its line. */
void list_print_rule(struct nft_ctx *ctx, const struct nftnl_rule *nr,
		     set_lookup_fn sets, void *sets_data, FILE *fp)
{
	struct rule *r = delinearize_rule(ctx, nr, sets, sets_data);

	if (!r)
		return;
	postprocess_rule(ctx, r);
	print_rule_line(r, &ctx->out, fp);
	rule_free(r);
}

static int list_one_rule(struct nftnl_rule *nr, void *data)
{
	struct list_ctx *lc = data;

	if (lc->debug) {
		nftnl_rule_fprintf(lc->debug, nr);
		if (nr->udata.len)
			debug_print_udata(lc->debug, &nr->udata);
		else
			fputc('\n', lc->debug);
	}
	list_print_rule(lc->nft, nr, set_hash_lookup, &lc->sets, lc->out);
	nftnl_rule_free(nr);
	return 0;
}

static int list_chain_rules(struct list_ctx *lc, const struct nftnl_chain *nc)
{
	if (nftnl_dump_rules(lc->sock, nc->family, nc->table, nc->name, list_one_rule, lc) < 0) {
		dump_error(lc, "rules");
		return -1;
	}
	return 0;
}

/* One chain: header, rules (unless @headers_only), closing brace. */
static void list_chain(struct list_ctx *lc, const struct nftnl_chain *nc, bool headers_only)
{
	struct chain *c = chain_from_nftnl(nc);

	print_chain_open(c, &lc->nft->out, lc->out);
	if (!headers_only)
		list_chain_rules(lc, nc);
	print_chain_close(lc->out);
	chain_free(c);
}

static bool chain_in_table(const struct nftnl_chain *c, const struct nftnl_table *t)
{
	return c->family == t->family && !strcmp(c->table, t->name);
}

/* Which parts of a table a command prints. */
enum table_view {
	VIEW_FULL,		/* list ruleset, list table */
	VIEW_CHAIN,		/* list chain: one chain, no flags/comment */
	VIEW_CHAINS,		/* list chains: chain headers only */
};

static void list_table(struct list_ctx *lc, const struct nftnl_table *nt,
		       const struct ptr_vec *chains, const char *only_chain, enum table_view view)
{
	struct table *t = table_from_nftnl(nt);
	bool delim = false, sets_loaded = false;
	size_t i;

	if (view == VIEW_FULL) {
		delim = print_table_open(t, &lc->nft->out, lc->out);
		load_sets(lc, nt->family, nt->name);
		sets_loaded = true;
		delim = list_named_sets(lc, delim);
	} else {
		fprintf(lc->out, "table %s %s {\n", family_name(nt->family), nt->name);
	}
	for (i = 0; i < chains->n; i++) {
		const struct nftnl_chain *nc = chains->v[i];

		if (!chain_in_table(nc, nt))
			continue;
		if (only_chain && strcmp(nc->name, only_chain))
			continue;
		if (view != VIEW_CHAINS && !sets_loaded) {
			load_sets(lc, nt->family, nt->name);
			sets_loaded = true;
		}
		if (delim && view == VIEW_FULL)
			fputc('\n', lc->out);
		list_chain(lc, nc, view == VIEW_CHAINS);
		delim = true;
	}
	print_table_close(lc->out);
	set_hash_free(&lc->sets);
	table_free(t);
}

/* ---- commands -------------------------------------------------------- */

static void free_tables(struct ptr_vec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		nftnl_table_free(v->v[i]);
	free(v->v);
}

static void free_chains(struct ptr_vec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		nftnl_chain_free(v->v[i]);
	free(v->v);
}

static const struct location *loc_or_cmd(const struct location *l, const struct cmd *cmd)
{
	return l->indesc ? l : &cmd->loc;
}

static int run_list(struct list_ctx *lc, const struct cmd *cmd)
{
	struct ptr_vec tables = { 0 }, chains = { 0 };
	uint32_t family = cmd->h.family;
	const char *tname = NULL, *cname = NULL;
	enum table_view view = VIEW_FULL;
	bool found_table = false, found_chain = false;
	size_t i;

	switch (cmd->obj) {
	case CMD_OBJ_TABLE:
		tname = cmd->h.table;
		break;
	case CMD_OBJ_CHAIN:
		tname = cmd->h.table;
		cname = cmd->h.chain;
		view = VIEW_CHAIN;
		break;
	case CMD_OBJ_CHAINS:
		view = VIEW_CHAINS;
		break;
	default:
		break;
	}

	if (nftnl_dump_tables(lc->sock, family, collect_table, &tables) < 0) {
		dump_error(lc, "tables");
		goto out;
	}
	if (cmd->obj == CMD_OBJ_TABLES) {
		for (i = 0; i < tables.n; i++) {
			const struct nftnl_table *t = tables.v[i];

			fprintf(lc->out, "table %s %s\n", family_name(t->family), t->name);
		}
		goto out;
	}
	if (nftnl_dump_chains(lc->sock, family, tname, collect_chain, &chains) < 0) {
		/* a missing table is reported below */
		if (errno != ENOENT) {
			dump_error(lc, "chains");
			goto out;
		}
	}
	for (i = 0; i < tables.n; i++) {
		const struct nftnl_table *t = tables.v[i];
		size_t j;

		if (tname && strcmp(t->name, tname))
			continue;
		if (family != NFPROTO_UNSPEC && t->family != family)
			continue;
		found_table = true;
		if (cname) {
			for (j = 0; j < chains.n; j++)
				if (chain_in_table(chains.v[j], t) &&
				    !strcmp(((struct nftnl_chain *)chains.v[j])->name, cname))
					found_chain = true;
			if (!found_chain)
				break;
		}
		list_table(lc, t, &chains, cname, view);
	}
	if (tname && !found_table) {
		erec_error(loc_or_cmd(&cmd->h.table_loc, cmd), "No such file or directory");
		lc->err = -1;
	} else if (cname && !found_chain) {
		erec_error(loc_or_cmd(&cmd->h.chain_loc, cmd), "No such file or directory");
		lc->err = -1;
	}
out:
	free_tables(&tables);
	free_chains(&chains);
	return lc->err;
}

int do_list(struct nft_ctx *ctx, const struct cmd *cmd)
{
	struct list_ctx lc = { .nft = ctx, .out = stdout };
	char *buf = NULL;
	size_t len = 0;
	int ret;

	lc.sock = nft_sock(ctx);
	if (!lc.sock)
		return -1;
	if (ctx->debug & DEBUG_NETLINK) {
		/* upstream prints all the bytecode first, then the listing */
		lc.debug = stdout;
		lc.out = open_memstream(&buf, &len);
		if (!lc.out)
			lc.out = stdout;
	}
	ret = run_list(&lc, cmd);
	if (lc.out != stdout) {
		fclose(lc.out);
		fwrite(buf, 1, len, stdout);
		free(buf);
	}
	fflush(stdout);
	return ret;
}
