/*
 * expr/expr.h - private helpers shared by the expression files.
 *
 * The ops table of every expression kind (one per file in this
 * directory), small validating accessors for u8/u16 attributes, and a
 * bounded text buffer used to print bytecode text with snprintf
 * semantics (the total length is counted even when the buffer is full).
 */
#ifndef NFTNL_EXPR_PRIV_H
#define NFTNL_EXPR_PRIV_H

#include <stdarg.h>
#include "internal.h"

extern const struct nftnl_expr_ops nftnl_expr_ops_unknown;
extern const struct nftnl_expr_ops nftnl_expr_ops_immediate;
extern const struct nftnl_expr_ops nftnl_expr_ops_cmp;
extern const struct nftnl_expr_ops nftnl_expr_ops_bitwise;
extern const struct nftnl_expr_ops nftnl_expr_ops_range;
extern const struct nftnl_expr_ops nftnl_expr_ops_ct;
extern const struct nftnl_expr_ops nftnl_expr_ops_meta;
extern const struct nftnl_expr_ops nftnl_expr_ops_payload;
extern const struct nftnl_expr_ops nftnl_expr_ops_byteorder;
extern const struct nftnl_expr_ops nftnl_expr_ops_counter;
extern const struct nftnl_expr_ops nftnl_expr_ops_lookup;
extern const struct nftnl_expr_ops nftnl_expr_ops_log;
extern const struct nftnl_expr_ops nftnl_expr_ops_limit;
extern const struct nftnl_expr_ops nftnl_expr_ops_quota;
extern const struct nftnl_expr_ops nftnl_expr_ops_reject;
extern const struct nftnl_expr_ops nftnl_expr_ops_notrack;

/* Validating accessors for 8- and 16-bit attributes (u16 is network
 * order in the message). -1/EINVAL on a wrong length. */
int nftnl_attr_u8(const struct nlattr *a, uint8_t *v);
int nftnl_attr_u16(const struct nlattr *a, uint16_t *v);

/* Text output with snprintf semantics: @len counts every character
 * that would have been written; at most @size - 1 land in @buf, which
 * stays NUL terminated (when @size > 0). */
struct nftnl_buf {
	char *buf;
	size_t size;
	size_t len;
};

static inline struct nftnl_buf nftnl_buf_init(char *buf, size_t size)
{
	return (struct nftnl_buf){ .buf = buf, .size = size, .len = 0 };
}

void nftnl_buf_printf(struct nftnl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append a value as nftnl_data_snprintf() prints it. */
void nftnl_buf_data(struct nftnl_buf *b, const struct nftnl_data *d);

static inline int nftnl_buf_done(const struct nftnl_buf *b)
{
	return (int)b->len;
}

/* Look up @v in a table of names indexed by value; "unknown" when out
 * of range or missing. */
static inline const char *nftnl_name_of(const char *const *names, size_t n,
					uint32_t v)
{
	if (v < n && names[v])
		return names[v];
	return "unknown";
}

#endif
