/*
 * set_text.c - the `nft --debug=netlink` text form of sets and their
 * elements, as upstream libnftnl prints them:
 *
 *   __set%d t 3 size 2
 *   __set%d t 0
 *   <TAB>element 00001600  : 0 [end]<TAB>element 00005000  : 0 [end]
 *
 * The first line is the set (name, table, flags in hex, size when set);
 * the second is the object carrying the elements (flags 0). Keys are
 * printed as 32-bit words in host order, "%.8x " each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nftnl.h"

struct text {
	char *buf;
	size_t size;
	int total;
};

static void text_add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf, t->size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	t->total += n;
	if ((size_t)n >= t->size) {
		t->buf = t->size ? t->buf + t->size - 1 : t->buf;
		t->size = t->size ? 1 : 0;
	} else {
		t->buf += n;
		t->size -= n;
	}
}

static void words(struct text *t, const struct nftnl_data *d)
{
	uint32_t i, w;

	for (i = 0; i < (d->len + 3) / 4; i++) {
		w = 0;
		memcpy(&w, d->bytes + i * 4, d->len - i * 4 < 4 ? d->len - i * 4 : 4);
		text_add(t, "%.8x ", w);
	}
}

static void udata(struct text *t, const struct nftnl_udata_buf *u)
{
	const unsigned char *p = u->data;
	uint32_t i;

	text_add(t, "  userdata = { ");
	for (i = 0; i < u->len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			text_add(t, "%c", p[i]);
		else
			text_add(t, "\\x%02x", p[i]);
	}
	text_add(t, " }");
}

static void elem(struct text *t, const struct nftnl_set_elem *e)
{
	text_add(t, "element ");
	words(t, &e->key);
	text_add(t, " : ");
	if (e->has_verdict)
		text_add(t, "%s%s%s ", nftnl_verdict_name(e->verdict.code),
			 e->verdict.chain ? " -> " : "",
			 e->verdict.chain ? e->verdict.chain : "");
	else
		words(t, &e->data);
	text_add(t, "%u [end]", e->flags);
	if (e->udata.len)
		udata(t, &e->udata);
}

static void elems(struct text *t, const struct nftnl_set *s)
{
	const struct nftnl_set_elem *e;

	if (!s->elems)
		return;
	text_add(t, "\n");
	for (e = s->elems; e; e = e->next) {
		text_add(t, "\t");
		elem(t, e);
	}
}

int nftnl_set_snprintf(char *buf, size_t size, const struct nftnl_set *s)
{
	struct text t = { buf, buf ? size : 0, 0 };

	text_add(&t, "%s %s %x", s->name ? s->name : "", s->table ? s->table : "", s->flags);
	if (s->timeout)
		text_add(&t, " timeout %llums", (unsigned long long)s->timeout);
	if (s->gc_interval)
		text_add(&t, " gc_interval %ums", s->gc_interval);
	if (s->has_policy)
		text_add(&t, " policy %u", s->policy);
	if (s->size)
		text_add(&t, " size %u", s->size);
	elems(&t, s);
	return t.total;
}

int nftnl_set_elems_snprintf(char *buf, size_t size, const struct nftnl_set *s)
{
	struct text t = { buf, buf ? size : 0, 0 };

	text_add(&t, "%s %s %x", s->name ? s->name : "", s->table ? s->table : "", 0u);
	elems(&t, s);
	return t.total;
}

static int to_stream(FILE *fp, const struct nftnl_set *s,
		     int (*fn)(char *, size_t, const struct nftnl_set *))
{
	char small[512], *big;
	int n = fn(small, sizeof(small), s);

	if (n < 0)
		return n;
	if ((size_t)n < sizeof(small))
		return fputs(small, fp) < 0 ? -1 : n;
	big = malloc(n + 1);
	if (!big)
		return -1;
	fn(big, n + 1, s);
	n = fputs(big, fp) < 0 ? -1 : n;
	free(big);
	return n;
}

int nftnl_set_fprintf(FILE *fp, const struct nftnl_set *s)
{
	return to_stream(fp, s, nftnl_set_snprintf);
}

int nftnl_set_elems_fprintf(FILE *fp, const struct nftnl_set *s)
{
	return to_stream(fp, s, nftnl_set_elems_snprintf);
}
