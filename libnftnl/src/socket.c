/*
 * socket.c - the NETLINK_NETFILTER socket: opening it with extended acks
 * and buffers sized for big batches, message headers, and the
 * request/answer loop used by dumps and plain requests.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "internal.h"
#include "private.h"

/* Initial buffers: enough for batches of a few thousand rules without
 * touching them again; nftnl_sock_reserve() grows them on demand. */
#define NFTNL_SOCK_INITIAL_BUF	(4 << 20)

static int sock_getbuf(struct nftnl_sock *s, int opt)
{
	int val = 0;
	socklen_t len = sizeof(val);

	if (getsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, opt, &val, &len) < 0)
		return 0;
	return val;
}

/* Ask for @bytes of buffer (as the kernel accounts it, i.e. after its
 * doubling). SO_*BUFFORCE works as root whatever net.core.*mem_max say;
 * otherwise SO_*BUF gives what the limits allow. */
static int sock_setbuf(struct nftnl_sock *s, int force_opt, int opt, size_t bytes)
{
	int fd = mnl_socket_get_fd(s->nl);
	int val = bytes / 2 > INT_MAX / 2 ? INT_MAX / 2 : (int)(bytes / 2) + 1;

	if (setsockopt(fd, SOL_SOCKET, force_opt, &val, sizeof(val)) < 0)
		setsockopt(fd, SOL_SOCKET, opt, &val, sizeof(val));
	return sock_getbuf(s, opt);
}

int nftnl_sock_reserve(struct nftnl_sock *s, size_t snd, size_t rcv)
{
	/* netlink refuses a datagram longer than sk_sndbuf - 32 */
	if ((size_t)s->sndbuf < snd + 4096)
		s->sndbuf = sock_setbuf(s, SO_SNDBUFFORCE, SO_SNDBUF, snd + 4096);
	if ((size_t)s->rcvbuf < rcv)
		s->rcvbuf = sock_setbuf(s, SO_RCVBUFFORCE, SO_RCVBUF, rcv);
	return s->rcvbuf;
}

struct nftnl_sock *nftnl_sock_open(void)
{
	struct nftnl_sock *s = calloc(1, sizeof(*s));
	int on = 1;

	if (!s)
		return NULL;
	s->buf_size = NFTNL_RECV_BUF_SIZE;
	s->buf = malloc(s->buf_size);
	if (!s->buf)
		goto err;
	s->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!s->nl)
		goto err;
	if (mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	s->portid = mnl_socket_get_portid(s->nl);
	/* Error text from the kernel, and errors without a copy of the
	 * failing message (a 100k-rule batch could otherwise echo back
	 * megabytes). Old kernels lack them: not fatal. */
	mnl_socket_setsockopt(s->nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(s->nl, NETLINK_CAP_ACK, &on, sizeof(on));
	s->sndbuf = sock_getbuf(s, SO_SNDBUF);
	s->rcvbuf = sock_getbuf(s, SO_RCVBUF);
	nftnl_sock_reserve(s, NFTNL_SOCK_INITIAL_BUF, NFTNL_SOCK_INITIAL_BUF);
	s->seq = (uint32_t)time(NULL);
	return s;
err:
	nftnl_sock_close(s);
	return NULL;
}

void nftnl_sock_close(struct nftnl_sock *s)
{
	if (!s)
		return;
	if (s->nl) {
		int saved = errno;

		mnl_socket_close(s->nl);
		errno = saved;
	}
	free(s->buf);
	free(s);
}

struct nlmsghdr *nftnl_msg_put(void *buf, uint16_t type, uint16_t family,
			       uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	return nlh;
}

/* An NLMSG_ERROR answer: 0 for an ack, else the positive errno. */
static int answer_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return EBADMSG;
	return err->error < 0 ? -err->error : err->error;
}

/* Walk one datagram. Returns 1 when the answer is complete, 0 to read
 * more. */
static int request_walk(struct nftnl_sock *s, ssize_t n, uint32_t seq, bool dump,
			int (*cb)(const struct nlmsghdr *, void *), void *data,
			bool *stopped, int *err, bool *intr)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->buf;
	int len = n;

	for (; nftnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_seq != seq ||
		    (nlh->nlmsg_pid && nlh->nlmsg_pid != s->portid))
			continue;	/* stale answer of an earlier request */
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			int e = answer_error(nlh);

			if (e && !*err)
				*err = e;
			return 1;
		}
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true;
		if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_OVERRUN)
			continue;
		errno = 0;
		if (!*stopped && cb(nlh, data) < 0) {
			*stopped = true;
			*err = errno ? errno : EINVAL;
		}
		if (!dump)
			return 1;
	}
	return 0;
}

int nftnl_sock_request(struct nftnl_sock *s, struct nlmsghdr *nlh, bool dump,
		       int (*cb)(const struct nlmsghdr *nlh, void *data), void *data)
{
	bool stopped = false, intr = false;
	int err = 0, done = 0;
	ssize_t n;

	if (++s->seq == 0)
		s->seq = 1;
	nlh->nlmsg_seq = s->seq;
	if (mnl_socket_sendto(s->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	while (!done) {
		n = mnl_socket_recvfrom(s->nl, s->buf, s->buf_size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done = request_walk(s, n, nlh->nlmsg_seq, dump, cb, data,
				    &stopped, &err, &intr);
	}
	if (!err && intr)
		err = EINTR;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
