/*
 * internal.h - helpers shared inside libnftnl (not installed).
 *
 * nft_data attributes (NFTA_DATA_VALUE / NFTA_DATA_VERDICT nests) are
 * used by expressions (immediate, cmp, bitwise, range) and by set
 * elements; they are built and parsed here once (data.c).
 */
#ifndef NFTNL_INTERNAL_H
#define NFTNL_INTERNAL_H

#include <libmnl/libmnl.h>
#include "nftnl.h"

/* Put attribute @type as a nest holding NFTA_DATA_VALUE with @d's bytes. */
void nftnl_data_put(struct nlmsghdr *nlh, uint16_t type, const struct nftnl_data *d);
/* Parse a nest holding NFTA_DATA_VALUE into @d. -1/EINVAL if malformed. */
int nftnl_data_get(const struct nlattr *nest, struct nftnl_data *d);
/* Put attribute @type as a nest holding NFTA_DATA_VERDICT {code, chain}. */
void nftnl_verdict_put(struct nlmsghdr *nlh, uint16_t type, const struct nftnl_verdict *v);
/* Parse a nest holding NFTA_DATA_VERDICT into @v (chain strdup'ed). */
int nftnl_verdict_get(const struct nlattr *nest, struct nftnl_verdict *v);

/* Validating accessors: copy a u32/u64 (network order in the message)
 * or a NUL-terminated string out of @a; -1/EINVAL on a wrong length. */
int nftnl_attr_u32(const struct nlattr *a, uint32_t *v);
int nftnl_attr_u64(const struct nlattr *a, uint64_t *v);
int nftnl_attr_strdup(const struct nlattr *a, char **s);
/* Index the attributes nested in @nest (or following @nlh's @hdrlen
 * header) into tb[0..max]; unknown types above max are ignored.
 * Returns -1/EINVAL when an attribute header is malformed. */
int nftnl_attr_parse_nested(const struct nlattr *nest, const struct nlattr **tb, int max);
int nftnl_attr_parse_msg(const struct nlmsghdr *nlh, size_t hdrlen,
			 const struct nlattr **tb, int max);

#endif
