/*
 * labels.c - the label table (labels.h): the one module that opens
 * connlabel.conf. It finds the file, parses it once (lazily, on the
 * first lookup), maps names to bits through a hash table and bits to
 * names through an array, and owns every diagnostic about labels:
 * malformed or duplicate lines are warnings quoting the file's line,
 * unknown names are errors that name the files searched and suggest the
 * nearest known names.
 *
 * File format: one `BIT NAME` a line. BIT is decimal or 0x hex, below
 * LABEL_BITS_FILE. NAME is the rest of the line with blanks trimmed
 * (iptables style, may hold spaces) or a "double quoted" string; it may
 * hold letters, digits, '-', '_', '.' and spaces. '#' starts a comment.
 * The first entry for a bit or a name wins.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erec.h"
#include "labels.h"
#include "utils.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const default_paths[] = {
	"/etc/connlabel.conf",
	"/etc/xtables/connlabel.conf",
};

struct label {
	char *name;
	unsigned int bit;
};

static struct {
	bool loaded;
	char *set_path;			/* labels_set_file() */
	char *path;			/* the file read, or NULL */
	struct input_desc *indesc;	/* its text, for warnings */
	struct label *labels;		/* in file order */
	size_t n, cap;
	const char *by_bit[LABEL_BITS_FILE];
	size_t *hash;			/* open addressing, by name */
	size_t hash_size;		/* power of two */
} tbl;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		abort();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		abort();
	return p;
}

/* ---- hash table ------------------------------------------------------- */

/* The table holds indices + 1 into tbl.labels (0: empty slot), so that
 * growing the label array never invalidates it. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct label *hash_find(const char *name)
{
	size_t i, mask = tbl.hash_size - 1;

	if (!tbl.hash_size)
		return NULL;
	for (i = name_hash(name) & mask; tbl.hash[i]; i = (i + 1) & mask)
		if (!strcmp(tbl.labels[tbl.hash[i] - 1].name, name))
			return &tbl.labels[tbl.hash[i] - 1];
	return NULL;
}

static void hash_insert(size_t idx)
{
	size_t i, mask = tbl.hash_size - 1;

	for (i = name_hash(tbl.labels[idx].name) & mask; tbl.hash[i]; i = (i + 1) & mask)
		;
	tbl.hash[i] = idx + 1;
}

/* Make room for one more entry, keeping the load factor at most 1/2. */
static void hash_grow(void)
{
	size_t i;

	if (tbl.hash_size && (tbl.n + 1) * 2 <= tbl.hash_size)
		return;
	free(tbl.hash);
	tbl.hash_size = tbl.hash_size ? tbl.hash_size * 2 : 64;
	tbl.hash = calloc(tbl.hash_size, sizeof(*tbl.hash));
	if (!tbl.hash)
		abort();
	for (i = 0; i < tbl.n; i++)
		hash_insert(i);
}

/* ---- parsing ---------------------------------------------------------- */

static bool name_char_ok(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == ' ';
}

static void warn_at(unsigned int line, unsigned int col, unsigned int last_col,
		    const char *fmt, const char *a, const char *b)
{
	struct location loc = {
		.indesc = tbl.indesc,
		.first_line = line, .last_line = line,
		.first_column = col, .last_column = last_col < col ? col : last_col,
	};

	erec_warning(&loc, fmt, a, b);
}

static void add_label(const char *name, size_t len, unsigned int bit,
		      unsigned int line, unsigned int col, unsigned int last)
{
	char *n = xstrndup(name, len);
	char bitbuf[16];

	snprintf(bitbuf, sizeof(bitbuf), "%u", bit);
	if (tbl.by_bit[bit]) {
		warn_at(line, col, last, "bit %s is already named \"%s\"; line ignored",
			bitbuf, tbl.by_bit[bit]);
		free(n);
		return;
	}
	if (hash_find(n)) {
		warn_at(line, col, last, "label \"%s\" is already defined%s; line ignored",
			n, "");
		free(n);
		return;
	}
	if (tbl.n == tbl.cap) {
		tbl.cap = tbl.cap ? tbl.cap * 2 : 32;
		tbl.labels = xrealloc(tbl.labels, tbl.cap * sizeof(*tbl.labels));
	}
	hash_grow();
	tbl.labels[tbl.n].name = n;
	tbl.labels[tbl.n].bit = bit;
	tbl.by_bit[bit] = n;
	hash_insert(tbl.n++);
}

/* Parse one line (NUL terminated copy, without newline). */
static void parse_line(char *s, unsigned int line)
{
	char *p = s, *end, *name, *hash;
	unsigned long long bit;
	unsigned int col;
	size_t len, i;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return;
	col = p - s + 1;
	errno = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		bit = strtoull(p + 2, &end, 16), end = end == p + 2 ? p : end;
	else if (isdigit((unsigned char)*p))
		bit = strtoull(p, &end, 10);
	else
		end = p;
	if (end == p || errno || (*end && *end != ' ' && *end != '\t')) {
		warn_at(line, col, strlen(s), "malformed line: expected \"BIT NAME\"%s%s; "
			"line ignored", "", "");
		return;
	}
	if (bit >= LABEL_BITS_FILE) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%llu", bit);
		warn_at(line, col, end - s, "bit %s out of range (0-1023)%s; line ignored",
			buf, "");
		return;
	}
	p = end;
	while (*p == ' ' || *p == '\t')
		p++;
	col = p - s + 1;
	if (*p == '"') {
		name = ++p;
		end = strchr(p, '"');
		if (!end) {
			warn_at(line, col, strlen(s), "unterminated quoted name%s%s; line ignored",
				"", "");
			return;
		}
		len = end - name;
		p = end + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '#') {
			warn_at(line, p - s + 1, strlen(s),
				"unexpected text after quoted name%s%s; line ignored", "", "");
			return;
		}
	} else {
		name = p;
		hash = strchr(p, '#');
		end = hash ? hash : p + strlen(p);
		while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		len = end - name;
	}
	if (!len) {
		warn_at(line, col, strlen(s), "missing label name%s%s; line ignored", "", "");
		return;
	}
	for (i = 0; i < len; i++) {
		if (!name_char_ok(name[i])) {
			char c[8];

			snprintf(c, sizeof(c), isprint((unsigned char)name[i]) ? "%c" : "\\x%02x",
				 (unsigned char)name[i]);
			warn_at(line, name - s + 1 + i, name - s + 1 + i,
				"invalid character '%s' in label name%s; line ignored", c, "");
			return;
		}
	}
	add_label(name, len, bit, line, name - s + 1, name - s + len);
}

static int read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	struct input_desc *d;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];

	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = xrealloc(buf, cap);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(fp);
	if (!buf)
		buf = xrealloc(NULL, 1);
	buf[len] = '\0';
	d = calloc(1, sizeof(*d));
	if (!d)
		abort();
	d->name = xstrndup(path, strlen(path));
	d->data = buf;
	d->len = len;
	tbl.indesc = d;
	tbl.path = d->name;
	return 0;
}

static void parse_file(void)
{
	const char *p = tbl.indesc->data, *end = p + tbl.indesc->len;
	unsigned int line = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *copy = xstrndup(p, n);

		if (n && copy[n - 1] == '\r')
			copy[n - 1] = '\0';
		parse_line(copy, line++);
		free(copy);
		p += n + 1;
	}
}

static void load(void)
{
	const char *env;
	size_t i;

	if (tbl.loaded)
		return;
	tbl.loaded = true;
	if (tbl.set_path) {
		if (read_file(tbl.set_path) == 0)
			parse_file();
		return;
	}
	env = getenv("NFT_CONNLABEL_FILE");
	if (env && *env) {
		if (read_file(env) == 0)
			parse_file();
		return;
	}
	for (i = 0; i < ARRAY_SIZE(default_paths); i++) {
		if (read_file(default_paths[i]) == 0) {
			parse_file();
			return;
		}
	}
}

/* ---- lookups ---------------------------------------------------------- */

void labels_set_file(const char *path)
{
	labels_reset();
	free(tbl.set_path);
	tbl.set_path = path ? xstrndup(path, strlen(path)) : NULL;
}

const char *labels_file(void)
{
	load();
	return tbl.path;
}

const char *labels_name(unsigned int bit)
{
	load();
	return bit < LABEL_BITS_FILE ? tbl.by_bit[bit] : NULL;
}

/* " (did you mean "a" or "b"?)" for the nearest names, or "". */
static void suggestions(const char *name, char *buf, size_t size)
{
	unsigned int best = 1000, d, limit = strlen(name) > 6 ? 3 : 2;
	const char *pick[3];
	size_t i, n = 0, off;

	buf[0] = '\0';
	for (i = 0; i < tbl.n; i++) {
		const char *known = tbl.labels[i].name;
		size_t kl = strlen(known), nl = strlen(name);

		d = edit_distance(name, known);
		/* "web-typo" for "web": one name starts with the other */
		if (d > limit && kl >= 3 && nl >= 3 &&
		    !strncmp(name, known, kl < nl ? kl : nl))
			d = limit;
		if (d > limit || d > best)
			continue;
		if (d < best) {
			best = d;
			n = 0;
		}
		if (n < ARRAY_SIZE(pick))
			pick[n++] = tbl.labels[i].name;
	}
	if (!n)
		return;
	off = snprintf(buf, size, " (did you mean ");
	for (i = 0; i < n && off < size; i++)
		off += snprintf(buf + off, size - off, "%s\"%s\"",
				i == 0 ? "" : i + 1 == n ? " or " : ", ", pick[i]);
	if (off < size)
		snprintf(buf + off, size - off, "?)");
}

static void searched(char *buf, size_t size)
{
	const char *env = getenv("NFT_CONNLABEL_FILE");
	size_t i, off = 0;

	if (tbl.set_path) {
		snprintf(buf, size, "%s", tbl.set_path);
		return;
	}
	if (env && *env) {
		snprintf(buf, size, "%s (NFT_CONNLABEL_FILE)", env);
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(default_paths) && off < size; i++)
		off += snprintf(buf + off, size - off, "%s%s", i ? ", " : "", default_paths[i]);
}

int labels_lookup(const char *name, const struct location *loc, unsigned int *bit)
{
	const struct label *l;
	char hint[256], where[512];
	uint64_t v;
	char *end;

	if (name && *name >= '0' && *name <= '9') {
		errno = 0;
		v = strtoull(name, &end, name[0] == '0' && (name[1] == 'x' || name[1] == 'X') ?
			     16 : 10);
		if (!errno && !*end) {
			if (v >= LABEL_BITS_KERNEL) {
				erec_error(loc, "conntrack label bit %" PRIu64 " is out of range: "
					   "the kernel holds %u label bits (0-%u)", v,
					   LABEL_BITS_KERNEL, LABEL_BITS_KERNEL - 1);
				return -1;
			}
			*bit = v;
			return 0;
		}
	}
	if (!name || !*name) {
		erec_error(loc, "empty conntrack label name");
		return -1;
	}
	load();
	l = hash_find(name);
	if (l) {
		if (l->bit >= LABEL_BITS_KERNEL) {
			erec_error(loc, "conntrack label \"%s\" is bit %u in %s, but the kernel "
				   "holds %u label bits (0-%u)", name, l->bit, tbl.path,
				   LABEL_BITS_KERNEL, LABEL_BITS_KERNEL - 1);
			return -1;
		}
		*bit = l->bit;
		return 0;
	}
	if (!tbl.path) {
		searched(where, sizeof(where));
		erec_error(loc, "unknown conntrack label \"%s\"; no label file found "
			   "(searched %s)", name, where);
		return -1;
	}
	suggestions(name, hint, sizeof(hint));
	erec_error(loc, "unknown conntrack label \"%s\"; not in %s%s", name, tbl.path, hint);
	return -1;
}

void labels_reset(void)
{
	size_t i;

	for (i = 0; i < tbl.n; i++)
		free(tbl.labels[i].name);
	free(tbl.labels);
	free(tbl.hash);
	if (tbl.indesc) {
		free(tbl.indesc->name);
		free(tbl.indesc->data);
		free(tbl.indesc);
	}
	memset(tbl.by_bit, 0, sizeof(tbl.by_bit));
	tbl.labels = NULL;
	tbl.n = tbl.cap = 0;
	tbl.hash = NULL;
	tbl.hash_size = 0;
	tbl.indesc = NULL;
	tbl.path = NULL;
	tbl.loaded = false;
}
