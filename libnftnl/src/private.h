/*
 * private.h - declarations shared by the object, socket, batch and dump
 * files of libnftnl (not installed; the expression layer uses internal.h).
 *
 * Holds the socket structure (socket.c owns it; batch.c and dump.c read
 * it), the message header helper and a nest validator used by parsers.
 */
#ifndef NFTNL_PRIVATE_H
#define NFTNL_PRIVATE_H

#include <endian.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include "nftnl.h"

struct nftnl_sock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;		/* last sequence number used for a request */
	int sndbuf;		/* current SO_SNDBUF as the kernel reports it */
	int rcvbuf;		/* current SO_RCVBUF as the kernel reports it */
	char *buf;		/* receive buffer */
	size_t buf_size;
};

/* Size of the receive buffer: dumps never send more than 32 KiB per
 * datagram (netlink caps max_recvmsg_len), so 64 KiB never truncates. */
#define NFTNL_RECV_BUF_SIZE	65536

/* Make sure the socket can send a datagram of @snd bytes and hold @rcv
 * bytes of queued answers. Tries SO_*BUFFORCE, then SO_*BUF. Returns the
 * receive buffer size obtained (bytes as the kernel accounts them). */
int nftnl_sock_reserve(struct nftnl_sock *s, size_t snd, size_t rcv);

/* Send one request built in @nlh and pass every answer carrying its
 * sequence number to @cb until NLMSG_DONE (dumps) or the first answer
 * (plain requests). Stale messages (other sequence numbers) are skipped;
 * after @cb returns -1 the rest of the dump is drained and discarded.
 * Returns 0, or -1 with errno (kernel error, EINTR if the dump was
 * interrupted by a ruleset change, or @cb's errno). */
int nftnl_sock_request(struct nftnl_sock *s, struct nlmsghdr *nlh, bool dump,
		       int (*cb)(const struct nlmsghdr *nlh, void *data), void *data);

/* Put an nf_tables message header (nlmsghdr + nfgenmsg) at @buf. */
struct nlmsghdr *nftnl_msg_put(void *buf, uint16_t type, uint16_t family,
			       uint16_t flags, uint32_t seq);

/* Check that every attribute header inside @nest lies inside it, so that
 * mnl_attr_for_each_nested() can walk it. 0, or -1 with errno EINVAL. */
int nftnl_nest_validate(const struct nlattr *nest);

/* mnl_nlmsg_ok() without its signed comparison: libmnl compares
 * (int)nlmsg_len <= len, so a message claiming 2 GiB or more passes and
 * the walk jumps out of the buffer. Use this with mnl_nlmsg_next(). */
static inline bool nftnl_nlmsg_ok(const struct nlmsghdr *nlh, int len)
{
	return len >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)len;
}

/* Check that @nlh carries an nfgenmsg header. 0, or -1/EINVAL. */
int nftnl_msg_validate(const struct nlmsghdr *nlh);

/* Replace *@dst with a copy of @src (NULL allowed). 0 or -1/ENOMEM. */
int nftnl_str_set(char **dst, const char *src);

/* Copy an NLA_BINARY attribute into a user data blob. */
int nftnl_attr_udata(const struct nlattr *a, struct nftnl_udata_buf *u);

/* nftnl_rule_build() that reports, -1 with errno EMSGSIZE, an attribute
 * too long for its 16-bit length (the expression list, user data). */
int nftnl_rule_build_checked(struct nlmsghdr *nlh, const struct nftnl_rule *r);

/* Upper bound of the bytes one element adds to a NEWSETELEM message. */
size_t nftnl_set_elem_size_bound(const struct nftnl_set_elem *e);

/* Build a NEWSETELEM/DELSETELEM body like nftnl_set_elems_build() but
 * start at *@cursor and stop before the element list nest would grow
 * beyond @max_nest bytes (at least one element is always put). *@cursor
 * is left at the first element not put (NULL when all are in). */
void nftnl_set_elems_build_from(struct nlmsghdr *nlh, const struct nftnl_set *s,
				const struct nftnl_set_elem **cursor, size_t max_nest);

#endif
