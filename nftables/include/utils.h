/*
 * utils.h - small helpers shared by every stage of nft: allocation that
 * aborts on exhaustion, and the edit distance behind every "did you
 * mean" suggestion (define names, label names).
 */
#ifndef NFT_UTILS_H
#define NFT_UTILS_H

#include <stddef.h>

/* calloc(1, size), aborting when memory is exhausted. */
void *xzalloc(size_t size);
/* strdup(s), aborting when memory is exhausted; NULL stays NULL. */
char *xstrdup(const char *s);
/* Levenshtein distance between @a and @b (insert, delete, substitute). */
unsigned int edit_distance(const char *a, const char *b);

#endif /* NFT_UTILS_H */
