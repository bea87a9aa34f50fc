/*
 * erec.c - error records (erec.h): queue diagnostics with their source
 * location, print them in nft's form (location prefix, message, source
 * line, caret line under the span).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "erec.h"

struct erec {
	enum erec_type type;
	struct location loc;
	struct location loc2;		/* secondary, indesc NULL if none */
	char *msg;
	struct erec *next;
};

static struct erec *queue_head, *queue_tail;
static unsigned int error_count;

void erec_queue(enum erec_type type, const struct location *loc, const char *fmt, ...)
{
	struct erec *r = calloc(1, sizeof(*r));
	va_list ap;

	if (!r)
		abort();
	va_start(ap, fmt);
	if (vasprintf(&r->msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	r->type = type;
	r->loc = loc ? *loc : internal_location;
	if (queue_tail)
		queue_tail->next = r;
	else
		queue_head = r;
	queue_tail = r;
	if (type == EREC_ERROR)
		error_count++;
}

void erec_add_location(const struct location *loc)
{
	if (queue_tail && loc)
		queue_tail->loc2 = *loc;
}

unsigned int erec_error_count(void)
{
	return error_count;
}

/* Start of line @line (1-based) in @d, or NULL. */
static const char *line_start(const struct input_desc *d, unsigned int line)
{
	const char *p = d->data, *end = d->data + d->len;
	unsigned int n = 1;

	if (!p)
		return NULL;
	while (n < line && p < end) {
		const char *nl = memchr(p, '\n', end - p);

		if (!nl)
			return NULL;
		p = nl + 1;
		n++;
	}
	return n == line ? p : NULL;
}

static bool is_cmdline(const struct input_desc *d)
{
	return d->name && !strcmp(d->name, "<cmdline>");
}

static void print_included_from(FILE *fp, const struct input_desc *d)
{
	const struct location *l;

	for (l = d->included_from; l && l->indesc; l = l->indesc->included_from)
		fprintf(fp, "In file included from %s:%u:%u-%u:\n", l->indesc->name,
			l->first_line, l->first_column, l->last_column);
}

static void print_record(FILE *fp, enum erec_type type, const struct location *loc,
			 const struct location *loc2, const char *msg);

void erec_print(FILE *fp, enum erec_type type, const struct location *loc, const char *msg)
{
	print_record(fp, type, loc, NULL, msg);
}

static void print_record(FILE *fp, enum erec_type type, const struct location *loc,
			 const struct location *loc2, const char *msg)
{
	const char *kind = type == EREC_ERROR ? "Error" : "Warning";
	const struct input_desc *d = loc ? loc->indesc : NULL;
	const char *line, *end;
	unsigned int i, len, last;

	if (!d || !loc->first_line) {
		fprintf(fp, "%s: %s\n", kind, msg);
		return;
	}
	print_included_from(fp, d);
	if (!is_cmdline(d))
		fprintf(fp, "%s:%u:%u-%u: ", d->name, loc->first_line, loc->first_column,
			loc->last_line == loc->first_line ? loc->last_column :
			loc->first_column);
	fprintf(fp, "%s: %s\n", kind, msg);

	line = line_start(d, loc->first_line);
	if (!line)
		return;
	/* the end of a file that ends with a newline: quote the last line */
	if (line == d->data + d->len && loc->first_line > 1)
		line = line_start(d, loc->first_line - 1);
	end = memchr(line, '\n', d->data + d->len - line);
	len = end ? (unsigned int)(end - line) : (unsigned int)strlen(line);
	fprintf(fp, "%.*s\n", (int)len, line);

	last = loc->last_line == loc->first_line ? loc->last_column : len;
	if (last < loc->first_column)
		last = loc->first_column;
	{
		unsigned int first2 = 0, last2 = 0, end = last;

		if (loc2 && loc2->indesc == d && loc2->first_line == loc->first_line) {
			first2 = loc2->first_column;
			last2 = loc2->last_line == loc2->first_line ? loc2->last_column : len;
			if (last2 > end)
				end = last2;
		}
		for (i = 1; i <= end; i++) {
			if (i >= loc->first_column && i <= last)
				fputc('^', fp);
			else if (first2 && i >= first2 && i <= last2)
				fputc('~', fp);
			else
				fputc(i <= len && line[i - 1] == '\t' ? '\t' : ' ', fp);
		}
	}
	fputc('\n', fp);
}

void erec_print_all(FILE *fp)
{
	struct erec *r, *next;

	for (r = queue_head; r; r = next) {
		next = r->next;
		print_record(fp, r->type, &r->loc, r->loc2.indesc ? &r->loc2 : NULL, r->msg);
		free(r->msg);
		free(r);
	}
	queue_head = queue_tail = NULL;
}
