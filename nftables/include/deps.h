/*
 * deps.h - protocol dependencies, as one table read both ways:
 *
 *  - evaluate: before a payload expression of a protocol is matched, the
 *    rule must select that protocol in the layer below (`tcp dport 22`
 *    needs `meta l4proto tcp`; `ip saddr` in inet needs `meta nfproto
 *    ipv4`, in bridge/netdev `meta protocol ip`). proto_dep_build() gives
 *    the match to insert, exactly as upstream nft 1.0.6 does.
 *  - postprocess (listing): a match that selects the protocol of the
 *    payload expression right after it is implied and dropped.
 *    proto_selects() says which protocol a match selects.
 *
 * Families have base protocols (ip: network ip; bridge: link ether...),
 * see proto_family_base().
 */
#ifndef NFT_DEPS_H
#define NFT_DEPS_H

#include <stdbool.h>
#include <stdint.h>
#include "ast.h"
#include "datatype.h"

/* The protocol a family starts with at @layer (ip family: ip at the
 * network layer), or NULL when the rule must select it. */
const struct proto_desc *proto_family_base(uint32_t family, enum proto_layer layer);

/* The dependency match (an evaluated EXPR_RELATIONAL, OP_EQ, left a meta
 * or payload expression, right a constant) that selects @d in @family,
 * located at @loc; NULL when nothing is needed (th, a base protocol).
 * @implied: the network protocol of icmp/icmpv6 (bridge selects it with
 * `ether type`, unlike a network payload, which uses `meta protocol`). */
struct expr *proto_dep_build(uint32_t family, const struct proto_desc *d, bool implied,
			     const struct location *loc);

/* If @rel (an EXPR_RELATIONAL) is a match that selects a protocol (meta
 * l4proto/nfproto/protocol/iiftype, ip protocol, ip6 nexthdr, ether type
 * with == or implicit and a constant), return that protocol and its
 * layer; NULL otherwise (also for numbers no table names). */
const struct proto_desc *proto_selects(uint32_t family, const struct expr *rel,
				       enum proto_layer *layer);

/* The network protocol icmp/icmpv6 imply (ip/ip6), or NULL. */
const struct proto_desc *proto_implied_network(const struct proto_desc *d);

/* Upstream nft's numbering of protocol descriptions and their fields, as
 * stored in a set's NFTNL_UDATA_SET_KEY_TYPEOF (so upstream lists our
 * anonymous sets by expression). 0 if upstream has no number. */
uint32_t proto_desc_upstream_id(const struct proto_desc *d);
uint32_t proto_field_upstream_id(const struct proto_desc *d, const struct proto_field *f);

#endif /* NFT_DEPS_H */
