/*
 * labels.h - the label table (connlabel.conf): the one module that knows
 * where the file is, how it is parsed, how names and bits map both ways,
 * and every diagnostic about it. Loaded at most once, lazily, on the
 * first lookup.
 *
 * Search order: labels_set_file() (nft --labels FILE), else the
 * environment variable NFT_CONNLABEL_FILE, else the first that exists of
 * /etc/connlabel.conf and /etc/xtables/connlabel.conf.
 */
#ifndef NFT_LABELS_H
#define NFT_LABELS_H

#include <stdbool.h>
#include "ast.h"

#define LABEL_BITS_KERNEL 128	/* what the kernel holds per connection */
#define LABEL_BITS_FILE 1024	/* bits the file may name (other tools accept them) */

/* Use @path instead of searching (before the first lookup). */
void labels_set_file(const char *path);

/* Resolve @name (as written at @loc) to its bit. On failure queue an
 * error that names the file(s) searched and the nearest known names,
 * and return -1. A bit >= 128 is refused here too (message says the
 * kernel holds 128). */
int labels_lookup(const char *name, const struct location *loc, unsigned int *bit);

/* Name of @bit, or NULL if the table has none (or there is no file). */
const char *labels_name(unsigned int bit);

/* The file actually read, or NULL if none was found. */
const char *labels_file(void);

/* Free the table (tests, end of program). */
void labels_reset(void);

#endif /* NFT_LABELS_H */
