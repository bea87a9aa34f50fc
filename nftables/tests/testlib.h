/*
 * testlib.h - what the nftables unit test programs share: the check()
 * counter (each program prints "N passed, N failed" from passed/failed)
 * and take_errors(), the queued error records as text.
 * Header only: each test program is one translation unit.
 */
#ifndef NFT_TESTLIB_H
#define NFT_TESTLIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "erec.h"

static unsigned int passed, failed;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

/* Drop queued records, returning their text (caller frees). */
static inline char *take_errors(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	erec_print_all(fp);
	fclose(fp);
	return buf;
}

#endif /* NFT_TESTLIB_H */
