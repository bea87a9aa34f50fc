/*
 * print.c - the listing: expressions, statements, rules, chains and
 * tables written exactly as upstream nft 1.0.6 lists them.
 *
 * Values are printed by their datatype's print function (datatype.c),
 * keys by their table rows (keys.c), hooks and standard priorities by
 * hooks.c; this file only knows the layout: indentation, keywords,
 * separators, "# handle N" and the options of struct output_ctx.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "ast.h"
#include "datatype.h"
#include "nft.h"

/* ---- small helpers --------------------------------------------------- */

/* A string quoted: "...". The scanner reads a quoted string as written
 * (no escapes, as upstream), so a backslash is listed as it is; only a
 * '"', which no quoted string can hold, is escaped. */
static void print_quoted(const char *s, FILE *fp)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static const char *const binop_text[] = {
	[BINOP_AND] = "&",
	[BINOP_OR] = "|",
	[BINOP_XOR] = "^",
	[BINOP_LSHIFT] = "<<",
	[BINOP_RSHIFT] = ">>",
};

static const char *const relop_text[] = {
	[OP_IMPLICIT] = "",
	[OP_EQ] = "==",
	[OP_NEQ] = "!=",
	[OP_LT] = "<",
	[OP_GT] = ">",
	[OP_LTE] = "<=",
	[OP_GTE] = ">=",
};

/* Verdict codes as listed; jump and goto add the chain name. */
static const struct {
	int32_t code;
	const char *name;
} verdict_names[] = {
	{ NF_ACCEPT, "accept" },
	{ NF_DROP, "drop" },
	{ NF_QUEUE, "queue" },
	{ NFT_CONTINUE, "continue" },
	{ NFT_BREAK, "break" },
	{ NFT_JUMP, "jump" },
	{ NFT_GOTO, "goto" },
	{ NFT_RETURN, "return" },
};

static const char *verdict_name(int32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(verdict_names) / sizeof(verdict_names[0]); i++)
		if (verdict_names[i].code == code)
			return verdict_names[i].name;
	return NULL;
}

/* Payload bases as raw payload expressions name them (@nh,96,32). */
static const char *const payload_base_names[] = {
	[NFT_PAYLOAD_LL_HEADER] = "ll",
	[NFT_PAYLOAD_NETWORK_HEADER] = "nh",
	[NFT_PAYLOAD_TRANSPORT_HEADER] = "th",
	[NFT_PAYLOAD_INNER_HEADER] = "ih",
};

/* ---- expressions ----------------------------------------------------- */

/* A value without a datatype (should not happen after postprocess):
 * print the bytes in hex so nothing is hidden. */
static void print_raw_value(const struct expr *e, FILE *fp)
{
	unsigned int i, n = (e->len + 7) / 8;

	if (n > VALUE_MAX_BYTES)
		n = VALUE_MAX_BYTES;
	fputs("0x", fp);
	if (n == 0)
		fputc('0', fp);
	if (e->byteorder == BYTEORDER_HOST) {
		for (i = n; i > 0; i--)
			fprintf(fp, "%02x", e->value.data[i - 1]);
	} else {
		for (i = 0; i < n; i++)
			fprintf(fp, "%02x", e->value.data[i]);
	}
}

static void print_value(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	if (e->dtype && e->dtype->print)
		e->dtype->print(e, o, fp);
	else if (e->dtype && e->dtype->basetype && e->dtype->basetype->print)
		e->dtype->basetype->print(e, o, fp);
	else
		print_raw_value(e, fp);
}

static bool is_bitmask_value(const struct expr *e)
{
	return e && e->kind == EXPR_VALUE && e->dtype && e->dtype->bitmask;
}

static unsigned int value_bits_set(const struct expr *e)
{
	unsigned int i, n = (e->len + 7) / 8, bits = 0;

	if (n > VALUE_MAX_BYTES)
		n = VALUE_MAX_BYTES;
	for (i = 0; i < n; i++)
		bits += __builtin_popcount(e->value.data[i]);
	return bits;
}

/* A bitmask value as an exact value: its bits joined by " | ", as
 * upstream lists set elements, ==/!= constants and set statements
 * (`ct label set "a" | "b"`); bit tests use "," (`ct state a,b`). */
static void print_exact(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	if (is_bitmask_value(e))
		bitmask_print_sep(e, o, fp, " | ");
	else
		print_expr(e, o, fp);
}

static void print_list(const struct expr *e, const char *sep, const struct output_ctx *o,
		       FILE *fp)
{
	size_t i;

	for (i = 0; i < e->list.n; i++) {
		if (i)
			fputs(sep, fp);
		if (e->kind == EXPR_SET)
			print_exact(e->list.items[i], o, fp);
		else
			print_expr(e->list.items[i], o, fp);
	}
}

static void print_ct(const struct expr *e, FILE *fp)
{
	fputs("ct ", fp);
	if (e->ct.dir == CT_DIR_ORIGINAL)
		fputs("original ", fp);
	else if (e->ct.dir == CT_DIR_REPLY)
		fputs("reply ", fp);
	fputs(e->ct.key ? e->ct.key->name : "unknown", fp);
}

static void print_meta(const struct expr *e, FILE *fp)
{
	if (!e->meta.key) {
		fputs("meta unknown", fp);
		return;
	}
	if (!e->meta.key->unqualified)
		fputs("meta ", fp);
	fputs(e->meta.key->name, fp);
}

static void print_payload(const struct expr *e, FILE *fp)
{
	const char *base = NULL;

	if (e->payload.desc && e->payload.field) {
		fprintf(fp, "%s %s", e->payload.desc->name, e->payload.field->name);
		return;
	}
	if (e->payload.base < sizeof(payload_base_names) / sizeof(payload_base_names[0]))
		base = payload_base_names[e->payload.base];
	if (base)
		fprintf(fp, "@%s,%u,%u", base, e->payload.offset, e->len);
	else
		fprintf(fp, "@%u,%u,%u", e->payload.base, e->payload.offset, e->len);
}

/* Binops nest left: "ct mark & 0xff ^ 0x1" needs no parentheses for a
 * left operand, a binop on the right is parenthesised. */
static void print_binop(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	print_expr(e->binop.left, o, fp);
	fprintf(fp, " %s ", binop_text[e->binop.op]);
	if (e->binop.right && e->binop.right->kind == EXPR_BINOP) {
		fputc('(', fp);
		print_expr(e->binop.right, o, fp);
		fputc(')', fp);
	} else {
		print_expr(e->binop.right, o, fp);
	}
}

/* "x & m == v" on a bitmask, listed as upstream does: `x ! m` for
 * v == 0, else `x v / m` (`tcp flags syn / syn,ack`). */
static bool print_flagcmp(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	const struct expr *l = e->rel.left, *v = e->rel.right;

	if (l->kind != EXPR_BINOP || l->binop.op != BINOP_AND || !l->binop.left ||
	    !l->binop.left->dtype || !l->binop.left->dtype->bitmask ||
	    !is_bitmask_value(l->binop.right) || v->kind != EXPR_VALUE ||
	    (e->rel.op != OP_EQ && e->rel.op != OP_NEQ))
		return false;
	/* one bit in the mask and a value: upstream keeps "x & m == v" */
	if (!value_is_zero(v) && value_bits_set(l->binop.right) == 1)
		return false;
	print_expr(l->binop.left, o, fp);
	if (e->rel.op == OP_EQ && value_is_zero(v)) {
		fputs(" ! ", fp);
		print_expr(l->binop.right, o, fp);
		return true;
	}
	fputs(e->rel.op == OP_NEQ ? " != " : " ", fp);
	print_expr(v, o, fp);
	fputs(" / ", fp);
	print_expr(l->binop.right, o, fp);
	return true;
}

/* A bitmask constant on the right: a bit test (implicit, and != on a
 * label, which tests bits in our language) lists its bits with ",";
 * an exact comparison with " | ", and upstream leaves out "==" when
 * more than one bit is set. */
static bool print_bitmask_rel(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	const struct expr *v = e->rel.right;
	bool label = v->dtype == &ct_label_type;

	if (!is_bitmask_value(v))
		return false;
	print_expr(e->rel.left, o, fp);
	fputc(' ', fp);
	if (e->rel.op == OP_IMPLICIT || (label && e->rel.op == OP_NEQ)) {
		if (e->rel.op == OP_NEQ)
			fputs("!= ", fp);
		print_expr(v, o, fp);
		return true;
	}
	if (e->rel.op != OP_EQ || value_bits_set(v) <= 1)
		fprintf(fp, "%s ", relop_text[e->rel.op]);
	print_exact(v, o, fp);
	return true;
}

static void print_relational(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	if ((unsigned int)e->rel.op < sizeof(relop_text) / sizeof(relop_text[0]) &&
	    (print_flagcmp(e, o, fp) || print_bitmask_rel(e, o, fp)))
		return;
	print_expr(e->rel.left, o, fp);
	fputc(' ', fp);
	if (e->rel.op != OP_IMPLICIT && (unsigned int)e->rel.op <
	    sizeof(relop_text) / sizeof(relop_text[0]))
		fprintf(fp, "%s ", relop_text[e->rel.op]);
	print_expr(e->rel.right, o, fp);
}

static void print_verdict(const struct expr *e, FILE *fp)
{
	const char *name = verdict_name(e->verdict.code);

	if (name)
		fputs(name, fp);
	else
		fprintf(fp, "verdict %d", e->verdict.code);
	if (e->verdict.chain && (e->verdict.code == NFT_JUMP || e->verdict.code == NFT_GOTO))
		fprintf(fp, " %s", e->verdict.chain);
}

void print_expr(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	if (!e) {
		fputs("(null)", fp);
		return;
	}
	switch (e->kind) {
	case EXPR_SYMBOL:
		if (e->sym.quoted)
			print_quoted(e->sym.identifier, fp);
		else
			fputs(e->sym.identifier, fp);
		break;
	case EXPR_VARIABLE:
		fprintf(fp, "$%s", e->sym.identifier);
		break;
	case EXPR_VALUE:
		print_value(e, o, fp);
		break;
	case EXPR_PREFIX:
		print_expr(e->prefix.expr, o, fp);
		fprintf(fp, "/%u", e->prefix.prefix_len);
		break;
	case EXPR_RANGE:
		print_expr(e->range.low, o, fp);
		fputc('-', fp);
		print_expr(e->range.high, o, fp);
		break;
	case EXPR_LIST:
		print_list(e, ",", o, fp);
		break;
	case EXPR_SET:
		fputs("{ ", fp);
		print_list(e, ", ", o, fp);
		fputs(" }", fp);
		break;
	case EXPR_CT:
		print_ct(e, fp);
		break;
	case EXPR_META:
		print_meta(e, fp);
		break;
	case EXPR_PAYLOAD:
		print_payload(e, fp);
		break;
	case EXPR_BINOP:
		print_binop(e, o, fp);
		break;
	case EXPR_RELATIONAL:
		print_relational(e, o, fp);
		break;
	case EXPR_VERDICT:
		print_verdict(e, fp);
		break;
	}
}

/* Elements per line in a named set's "elements = { ... }", by key type
 * id, as upstream wraps them; other types get one per line. */
static const struct {
	enum datatype_id id;
	unsigned int per_line;
} set_elems_per_line[] = {
	{ TYPE_NFPROTO, 5 }, { TYPE_INTEGER, 5 }, { TYPE_ARPOP, 5 },
	{ TYPE_INET_PROTOCOL, 5 }, { TYPE_INET_SERVICE, 5 }, { TYPE_TCP_FLAG, 5 },
	{ TYPE_DCCP_PKTTYPE, 5 }, { TYPE_MARK, 5 }, { TYPE_IFINDEX, 5 }, { TYPE_CLASSID, 5 },
	{ TYPE_UID, 5 }, { TYPE_GID, 5 }, { TYPE_CT_DIR, 5 },
	{ TYPE_IPADDR, 2 }, { TYPE_CT_STATE, 2 }, { TYPE_CT_STATUS, 2 },
};

static unsigned int elems_per_line(const struct datatype *dt)
{
	size_t i;

	for (i = 0; dt && i < sizeof(set_elems_per_line) / sizeof(set_elems_per_line[0]); i++)
		if (set_elems_per_line[i].id == dt->id)
			return set_elems_per_line[i].per_line;
	return 1;
}

const char *set_elem_delim(const struct datatype *key, unsigned int *count)
{
	if (++*count < elems_per_line(key))
		return ", ";
	*count = 0;
	return ",\n\t\t\t     ";
}

void print_set_elements(const struct expr *set, const struct datatype *key,
			const struct output_ctx *o, FILE *fp)
{
	unsigned int count = 0;
	size_t i;

	fputs("{ ", fp);
	for (i = 0; i < set->list.n; i++) {
		if (i)
			fputs(set_elem_delim(key, &count), fp);
		print_exact(set->list.items[i], o, fp);
	}
	fputs(" }", fp);
}

/* ---- statements ------------------------------------------------------ */

static const char *const log_level_names[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug", "audit",
};

#define LOG_LEVEL_WARN 4

/* Log flags (NF_LOG_*) as upstream lists them; "all" is every one. */
#define NF_LOG_TCPSEQ_F 0x01
#define NF_LOG_TCPOPT_F 0x02
#define NF_LOG_IPOPT_F 0x04
#define NF_LOG_UID_F 0x08
#define NF_LOG_MACDECODE_F 0x20
#define NF_LOG_ALL_F 0x2f

static void print_log_flags(uint32_t flags, FILE *fp)
{
	if ((flags & NF_LOG_ALL_F) == NF_LOG_ALL_F) {
		fputs(" flags all", fp);
		return;
	}
	if (flags & (NF_LOG_TCPSEQ_F | NF_LOG_TCPOPT_F)) {
		fputs(" flags tcp", fp);
		if (flags & NF_LOG_TCPSEQ_F)
			fputs(" sequence", fp);
		if ((flags & NF_LOG_TCPSEQ_F) && (flags & NF_LOG_TCPOPT_F))
			fputc(',', fp);
		else if (flags & NF_LOG_TCPOPT_F)
			fputc(' ', fp);
		if (flags & NF_LOG_TCPOPT_F)
			fputs("options", fp);
	}
	if (flags & NF_LOG_IPOPT_F)
		fputs(" flags ip options", fp);
	if (flags & NF_LOG_UID_F)
		fputs(" flags skuid", fp);
	if (flags & NF_LOG_MACDECODE_F)
		fputs(" flags ether", fp);
}

static void print_log(const struct stmt *s, FILE *fp)
{
	uint32_t p = s->log.present;

	fputs("log", fp);
	if ((p & LOG_F_PREFIX) && s->log.prefix) {
		fputs(" prefix ", fp);
		print_quoted(s->log.prefix, fp);
	}
	if (p & LOG_F_GROUP)
		fprintf(fp, " group %u", s->log.group);
	if ((p & LOG_F_SNAPLEN) && s->log.snaplen)
		fprintf(fp, " snaplen %u", s->log.snaplen);
	if ((p & LOG_F_QTHRESHOLD) && s->log.qthreshold)
		fprintf(fp, " queue-threshold %u", s->log.qthreshold);
	if ((p & LOG_F_LEVEL) && s->log.level != LOG_LEVEL_WARN) {
		if (s->log.level < sizeof(log_level_names) / sizeof(log_level_names[0]))
			fprintf(fp, " level %s", log_level_names[s->log.level]);
		else
			fprintf(fp, " level %u", s->log.level);
	}
	if ((p & LOG_F_FLAGS) && s->log.flags)
		print_log_flags(s->log.flags, fp);
}

static void print_ct_set(const struct stmt *s, const struct output_ctx *o, FILE *fp)
{
	fputs("ct ", fp);
	if (s->ct.dir == CT_DIR_ORIGINAL)
		fputs("original ", fp);
	else if (s->ct.dir == CT_DIR_REPLY)
		fputs("reply ", fp);
	fprintf(fp, "%s set ", s->ct.key ? s->ct.key->name : "unknown");
	print_exact(s->ct.value, o, fp);
}

static void print_meta_set(const struct stmt *s, const struct output_ctx *o, FILE *fp)
{
	if (s->meta.key && s->meta.key->unqualified)
		fprintf(fp, "%s set ", s->meta.key->name);
	else
		fprintf(fp, "meta %s set ", s->meta.key ? s->meta.key->name : "unknown");
	print_exact(s->meta.value, o, fp);
}

void print_stmt(const struct stmt *s, const struct output_ctx *o, FILE *fp)
{
	switch (s->kind) {
	case STMT_EXPR:
	case STMT_VERDICT:
		print_expr(s->expr, o, fp);
		break;
	case STMT_COUNTER:
		if (o->stateless)
			fputs("counter", fp);
		else
			fprintf(fp, "counter packets %" PRIu64 " bytes %" PRIu64,
				s->counter.packets, s->counter.bytes);
		break;
	case STMT_LOG:
		print_log(s, fp);
		break;
	case STMT_CT_SET:
		print_ct_set(s, o, fp);
		break;
	case STMT_META_SET:
		print_meta_set(s, o, fp);
		break;
	case STMT_NOTRACK:
		fputs("notrack", fp);
		break;
	case STMT_UNKNOWN:
		fputs(s->unknown.text ? s->unknown.text : "[ unknown ]", fp);
		break;
	}
}

/* ---- rules, chains, tables ------------------------------------------- */

void print_rule(const struct rule *r, const struct output_ctx *o, FILE *fp)
{
	const struct stmt *s;
	bool first = true;

	for (s = r->stmts; s; s = s->next) {
		if (!first)
			fputc(' ', fp);
		print_stmt(s, o, fp);
		first = false;
	}
	if (r->comment) {
		if (!first)
			fputc(' ', fp);
		fputs("comment ", fp);
		print_quoted(r->comment, fp);
	}
}

void print_rule_line(const struct rule *r, const struct output_ctx *o, FILE *fp)
{
	fputs("\t\t", fp);
	print_rule(r, o, fp);
	if (o->handle && r->h.handle)
		fprintf(fp, " # handle %" PRIu64, r->h.handle);
	fputc('\n', fp);
}

void print_priority(uint32_t family, const char *hook, int32_t prio,
		    const struct output_ctx *o, FILE *fp)
{
	uint32_t hooknum;
	char buf[64];

	if (!hook || hook_by_name(family, hook, &hooknum) < 0) {
		fprintf(fp, "%d", prio);
		return;
	}
	priority_str(family, hooknum, prio, o->numeric_prio || o->numeric, buf, sizeof(buf));
	fputs(buf, fp);
}

void print_chain_open(const struct chain *c, const struct output_ctx *o, FILE *fp)
{
	fprintf(fp, "\tchain %s {", c->h.chain);
	if (o->handle && c->h.handle)
		fprintf(fp, " # handle %" PRIu64, c->h.handle);
	fputc('\n', fp);
	if (c->comment) {
		fputs("\t\tcomment ", fp);
		print_quoted(c->comment, fp);
		fputc('\n', fp);
	}
	if (!c->base)
		return;
	fprintf(fp, "\t\ttype %s hook %s", c->type ? c->type : "filter",
		c->hook ? c->hook : "unknown");
	if (c->dev) {
		fputs(" device ", fp);
		print_quoted(c->dev, fp);
	}
	fputs(" priority ", fp);
	print_priority(c->h.family, c->hook, c->priority, o, fp);
	fputc(';', fp);
	if (c->has_policy)
		fprintf(fp, " policy %s;", c->policy == NF_DROP ? "drop" : "accept");
	fputc('\n', fp);
}

void print_chain_close(FILE *fp)
{
	fputs("\t}\n", fp);
}

void print_chain(const struct chain *c, const struct output_ctx *o, FILE *fp)
{
	const struct rule *r;

	print_chain_open(c, o, fp);
	for (r = c->rules; r; r = r->next)
		print_rule_line(r, o, fp);
	print_chain_close(fp);
}

/* Table flags (NFT_TABLE_F_*) by bit. */
static const char *const table_flag_names[] = {
	"dormant", "owner", "persist",
};

bool print_table_open(const struct table *t, const struct output_ctx *o, FILE *fp)
{
	bool delim = false;

	fprintf(fp, "table %s %s {", family_name(t->h.family), t->h.table);
	if (o->handle && t->h.handle)
		fprintf(fp, " # handle %" PRIu64, t->h.handle);
	fputc('\n', fp);
	if (t->flags) {
		unsigned int bit;
		bool first = true;

		fputs("\tflags ", fp);
		for (bit = 0; bit < 32; bit++) {
			if (!(t->flags & (1u << bit)))
				continue;
			if (!first)
				fputc(',', fp);
			if (bit < sizeof(table_flag_names) / sizeof(table_flag_names[0]))
				fputs(table_flag_names[bit], fp);
			else
				fprintf(fp, "0x%x", 1u << bit);
			first = false;
		}
		fputc('\n', fp);
		delim = true;
	}
	if (t->comment) {
		fputs("\tcomment ", fp);
		print_quoted(t->comment, fp);
		fputc('\n', fp);
	}
	return delim;
}

void print_table_close(FILE *fp)
{
	fputs("}\n", fp);
}

void print_table(const struct table *t, const struct output_ctx *o, FILE *fp)
{
	const struct chain *c;
	bool delim = print_table_open(t, o, fp);

	for (c = t->chains; c; c = c->next) {
		if (delim)
			fputc('\n', fp);
		print_chain(c, o, fp);
		delim = true;
	}
	print_table_close(fp);
}
