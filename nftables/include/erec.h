/*
 * erec.h - error records: every diagnostic goes through here, with its
 * source location, and is printed in nft's form:
 *
 *   ruleset.nft:12:17-23: Error: unknown conntrack label "voip"; ...
 *   add rule inet t c ct label voip
 *                              ^^^^
 *
 * Errors and warnings are queued in order and printed by the caller
 * (main) to stderr; the error count decides the exit status.
 */
#ifndef NFT_EREC_H
#define NFT_EREC_H

#include <stdio.h>
#include "ast.h"

enum erec_type {
	EREC_ERROR,
	EREC_WARNING,
};

void erec_queue(enum erec_type type, const struct location *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define erec_error(loc, ...) erec_queue(EREC_ERROR, loc, __VA_ARGS__)
#define erec_warning(loc, ...) erec_queue(EREC_WARNING, loc, __VA_ARGS__)

/* Attach a secondary location to the last queued record: printed on
 * the same caret line, underlined with '~' (upstream's form, e.g. the
 * terminal statement before a statement that has no effect). Added by
 * the front end. */
void erec_add_location(const struct location *loc);

/* Number of errors (not warnings) queued since start. */
unsigned int erec_error_count(void);

/* Print and drop every queued record. */
void erec_print_all(FILE *fp);

/* Print one record now (used by erec_print_all). For a location with an
 * input: "NAME:LINE:COL-COL: Error: MSG", the source line, and a caret
 * line; without input: "Error: MSG". */
void erec_print(FILE *fp, enum erec_type type, const struct location *loc, const char *msg);

#endif /* NFT_EREC_H */
