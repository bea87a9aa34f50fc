/*
 * batch.c - transactions: NFNL_MSG_BATCH_BEGIN, one message per object
 * change, NFNL_MSG_BATCH_END, all built straight into one growing buffer,
 * sent in one datagram; then every ack and error is read back and tied
 * to the sequence number the caller got when adding the message.
 *
 * Answer strategy. The kernel processes a batch synchronously inside
 * our sendmsg(), so when it returns every answer is already queued on
 * the socket. Only the last object message asks for an ack (NLM_F_ACK):
 * the kernel answers every failing message with an error carrying its
 * sequence number whatever its flags, and queues answers in message
 * order, so the answer to the last message (its ack or its error) marks
 * the end. Acking every message would cost one kernel allocation and one
 * recv() per message for nothing (measured: ~8 % of a 1,000-rule load;
 * upstream nft asks for no ack at all), and 100,000 queued acks would pin
 * ~80 MB of kernel memory. Answers dropped because the receive buffer was
 * full show up as ENOBUFS on the socket. A failure of the batch as a
 * whole (ENOMEM, malformed batch, commit failure) is reported against
 * the BEGIN message. Reading stops when the answers are complete, or
 * when the socket is empty and either a batch-level error or an overrun
 * came, or a short grace wait found nothing more: commit never hangs.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "internal.h"
#include "private.h"

/* What one queued answer costs in the receive buffer (skb truesize);
 * the kernel charges ~768 bytes, we keep a margin. */
#define NFTNL_ACK_COST		1024
#define NFTNL_ANSWER_SLACK	(256 << 10)
/* Most receive buffer wanted for the errors of a big batch. */
#define NFTNL_ERRORS_RCVBUF	(32 << 20)
/* Largest element list nest per NEWSETELEM message (nla_len is 16 bits). */
#define NFTNL_ELEMS_NEST_MAX	(65535 - 4096)
/* Sequence numbers reserved per batch. */
#define NFTNL_BATCH_SEQ_SPAN	(1u << 20)
/* Grace wait when the socket is empty but answers are missing. */
#define NFTNL_ANSWER_GRACE_MS	1000

struct nftnl_batch {
	char *buf;
	size_t len, cap;
	uint32_t begin_seq;
	uint32_t last_seq;
	uint32_t count;
};

static uint32_t batch_seq_base(void)
{
	static uint32_t next;
	uint32_t expected = 0, v;

	__atomic_compare_exchange_n(&next, &expected, (uint32_t)time(NULL) | 1, false,
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	v = __atomic_fetch_add(&next, NFTNL_BATCH_SEQ_SPAN, __ATOMIC_RELAXED);
	return v ? v : 1;
}

static uint32_t seq_after(uint32_t seq)
{
	return seq + 1 ? seq + 1 : 1;
}

static int batch_reserve(struct nftnl_batch *b, size_t bytes)
{
	size_t cap = b->cap ? b->cap : 65536;
	char *buf;

	if (b->len + bytes <= b->cap)
		return 0;
	while (cap < b->len + bytes)
		cap *= 2;
	buf = realloc(b->buf, cap);
	if (!buf)
		return -1;
	b->buf = buf;
	b->cap = cap;
	return 0;
}

static struct nlmsghdr *batch_ctl_put(void *buf, uint16_t type, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = NFPROTO_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htobe16(NFNL_SUBSYS_NFTABLES);
	return nlh;
}

struct nftnl_batch *nftnl_batch_alloc(void)
{
	struct nftnl_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	if (batch_reserve(b, 65536) < 0) {
		free(b);
		return NULL;
	}
	b->begin_seq = batch_seq_base();
	b->last_seq = b->begin_seq;
	batch_ctl_put(b->buf, NFNL_MSG_BATCH_BEGIN, b->begin_seq);
	b->len = MNL_ALIGN(((struct nlmsghdr *)b->buf)->nlmsg_len);
	return b;
}

void nftnl_batch_free(struct nftnl_batch *b)
{
	if (!b)
		return;
	free(b->buf);
	free(b);
}

uint32_t nftnl_batch_count(const struct nftnl_batch *b)
{
	return b->count;
}

/* Start an object message with room for @reserve bytes of attributes. */
static struct nlmsghdr *batch_msg_start(struct nftnl_batch *b, uint16_t type,
					uint32_t family, uint16_t flags, size_t reserve)
{
	if (batch_reserve(b, reserve + MNL_NLMSG_HDRLEN + 64) < 0)
		return NULL;
	return nftnl_msg_put(b->buf + b->len, type, family, flags,
			     seq_after(b->last_seq));
}

/* Account the message just built; returns its sequence number. */
static uint32_t batch_msg_end(struct nftnl_batch *b, struct nlmsghdr *nlh)
{
	if (b->len + nlh->nlmsg_len > b->cap) {
		/* the size bound was wrong: memory past the buffer is gone */
		fprintf(stderr, "libnftnl: message size bound exceeded\n");
		abort();
	}
	b->len += MNL_ALIGN(nlh->nlmsg_len);
	b->last_seq = nlh->nlmsg_seq;
	b->count++;
	return nlh->nlmsg_seq;
}

static size_t str_bound(const char *s)
{
	return s ? MNL_ALIGN(strlen(s) + 1) + MNL_ATTR_HDRLEN : 0;
}

static size_t expr_bound(const struct nftnl_expr *e)
{
	size_t n = 512;

	switch (e->type) {
	case NFTNL_EXPR_UNKNOWN:
		n += str_bound(e->unknown.name) + MNL_ALIGN(e->unknown.raw_len);
		break;
	case NFTNL_EXPR_IMMEDIATE:
		n += str_bound(e->immediate.verdict.chain);
		break;
	case NFTNL_EXPR_LOOKUP:
		n += str_bound(e->lookup.set);
		break;
	case NFTNL_EXPR_LOG:
		n += str_bound(e->log.prefix);
		break;
	default:
		break;
	}
	return n;
}

/* An attribute longer than its 16-bit length can say. */
static bool too_long(uint32_t len)
{
	if (len <= UINT16_MAX - MNL_ATTR_HDRLEN)
		return false;
	errno = EMSGSIZE;
	return true;
}

static uint16_t cmd_new_flags(enum nftnl_cmd cmd)
{
	return cmd == NFTNL_CMD_CREATE ? NLM_F_CREATE | NLM_F_EXCL : NLM_F_CREATE;
}

/* Linux 6.1's uapi has no NFT_MSG_DESTROY*: destroy is sent as delete. */
static bool cmd_is_delete(enum nftnl_cmd cmd)
{
	return cmd == NFTNL_CMD_DELETE || cmd == NFTNL_CMD_DESTROY;
}

static uint32_t einval(void)
{
	errno = EINVAL;
	return 0;
}

uint32_t nftnl_batch_flush_ruleset(struct nftnl_batch *b, uint32_t family)
{
	struct nlmsghdr *nlh = batch_msg_start(b, NFT_MSG_DELTABLE, family, 0, 0);

	return nlh ? batch_msg_end(b, nlh) : 0;
}

uint32_t nftnl_batch_table(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_table *t)
{
	struct nlmsghdr *nlh;
	size_t reserve;

	if (!t)
		return cmd_is_delete(cmd) ? nftnl_batch_flush_ruleset(b, NFPROTO_UNSPEC)
					  : einval();
	if (too_long(t->udata.len))
		return 0;
	reserve = 256 + str_bound(t->name) + MNL_ALIGN(t->udata.len);
	switch (cmd) {
	case NFTNL_CMD_ADD:
	case NFTNL_CMD_CREATE:
		nlh = batch_msg_start(b, NFT_MSG_NEWTABLE, t->family, cmd_new_flags(cmd), reserve);
		if (!nlh)
			return 0;
		nftnl_table_build(nlh, t);
		break;
	case NFTNL_CMD_DELETE:
	case NFTNL_CMD_DESTROY:
		nlh = batch_msg_start(b, NFT_MSG_DELTABLE, t->family, 0, reserve);
		if (!nlh)
			return 0;
		if (t->name)
			mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, t->name);
		if (t->handle)
			mnl_attr_put_u64(nlh, NFTA_TABLE_HANDLE, htobe64(t->handle));
		break;
	case NFTNL_CMD_FLUSH:
		nlh = batch_msg_start(b, NFT_MSG_DELRULE, t->family, 0, reserve);
		if (!nlh)
			return 0;
		if (t->name)
			mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, t->name);
		break;
	default:
		return einval();
	}
	return batch_msg_end(b, nlh);
}

uint32_t nftnl_batch_chain(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_chain *c)
{
	struct nlmsghdr *nlh;
	size_t reserve = 256 + str_bound(c->table) + str_bound(c->name) + str_bound(c->type) +
			 str_bound(c->dev) + MNL_ALIGN(c->udata.len);

	if (too_long(c->udata.len))
		return 0;

	switch (cmd) {
	case NFTNL_CMD_ADD:
	case NFTNL_CMD_CREATE:
		nlh = batch_msg_start(b, NFT_MSG_NEWCHAIN, c->family, cmd_new_flags(cmd), reserve);
		if (!nlh)
			return 0;
		nftnl_chain_build(nlh, c);
		break;
	case NFTNL_CMD_DELETE:
	case NFTNL_CMD_DESTROY:
		nlh = batch_msg_start(b, NFT_MSG_DELCHAIN, c->family, 0, reserve);
		if (!nlh)
			return 0;
		if (c->table)
			mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, c->table);
		if (c->handle)
			mnl_attr_put_u64(nlh, NFTA_CHAIN_HANDLE, htobe64(c->handle));
		else if (c->name)
			mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, c->name);
		break;
	case NFTNL_CMD_FLUSH:
		nlh = batch_msg_start(b, NFT_MSG_DELRULE, c->family, 0, reserve);
		if (!nlh)
			return 0;
		if (c->table)
			mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, c->table);
		if (c->name)
			mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, c->name);
		break;
	default:
		return einval();
	}
	return batch_msg_end(b, nlh);
}

uint32_t nftnl_batch_rule(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_rule *r)
{
	const struct nftnl_expr *e;
	struct nlmsghdr *nlh;
	uint16_t flags;
	size_t reserve = 256 + str_bound(r->table) + str_bound(r->chain) + MNL_ALIGN(r->udata.len);

	switch (cmd) {
	case NFTNL_CMD_ADD:
		flags = NLM_F_CREATE | NLM_F_APPEND;
		break;
	case NFTNL_CMD_CREATE:
		flags = NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND;
		break;
	case NFTNL_CMD_INSERT:
		flags = NLM_F_CREATE;
		break;
	case NFTNL_CMD_REPLACE:
		if (!r->handle)
			return einval();
		flags = NLM_F_REPLACE;
		break;
	case NFTNL_CMD_DELETE:
	case NFTNL_CMD_DESTROY:
		nlh = batch_msg_start(b, NFT_MSG_DELRULE, r->family, 0, reserve);
		if (!nlh)
			return 0;
		if (r->table)
			mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, r->table);
		if (r->chain)
			mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, r->chain);
		if (r->handle)
			mnl_attr_put_u64(nlh, NFTA_RULE_HANDLE, htobe64(r->handle));
		return batch_msg_end(b, nlh);
	default:
		return einval();
	}
	for (e = r->exprs; e; e = e->next)
		reserve += expr_bound(e);
	nlh = batch_msg_start(b, NFT_MSG_NEWRULE, r->family, flags, reserve);
	if (!nlh)
		return 0;
	if (nftnl_rule_build_checked(nlh, r) < 0)
		return 0;	/* not accounted: the next message overwrites it */
	return batch_msg_end(b, nlh);
}

uint32_t nftnl_batch_set(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_set *s)
{
	struct nlmsghdr *nlh;
	size_t reserve = 512 + str_bound(s->table) + str_bound(s->name) + MNL_ALIGN(s->udata.len);

	if (too_long(s->udata.len))
		return 0;

	switch (cmd) {
	case NFTNL_CMD_ADD:
	case NFTNL_CMD_CREATE:
		nlh = batch_msg_start(b, NFT_MSG_NEWSET, s->family, cmd_new_flags(cmd), reserve);
		if (!nlh)
			return 0;
		nftnl_set_build(nlh, s);
		break;
	case NFTNL_CMD_DELETE:
	case NFTNL_CMD_DESTROY:
		nlh = batch_msg_start(b, NFT_MSG_DELSET, s->family, 0, reserve);
		if (!nlh)
			return 0;
		if (s->table)
			mnl_attr_put_strz(nlh, NFTA_SET_TABLE, s->table);
		if (s->handle)
			mnl_attr_put_u64(nlh, NFTA_SET_HANDLE, htobe64(s->handle));
		else if (s->name)
			mnl_attr_put_strz(nlh, NFTA_SET_NAME, s->name);
		break;
	case NFTNL_CMD_FLUSH:
		return nftnl_batch_set_elems(b, NFTNL_CMD_FLUSH, s);
	default:
		return einval();
	}
	return batch_msg_end(b, nlh);
}

/* One NEWSETELEM/DELSETELEM message per NFTNL_ELEMS_NEST_MAX bytes of
 * elements; the sequence number of the first is returned. */
uint32_t nftnl_batch_set_elems(struct nftnl_batch *b, enum nftnl_cmd cmd, const struct nftnl_set *s)
{
	const struct nftnl_set_elem *cursor = s->elems;
	struct nftnl_set flush = *s;
	struct nlmsghdr *nlh;
	uint32_t first = 0, seq;
	uint16_t type, flags = 0;
	size_t reserve;

	switch (cmd) {
	case NFTNL_CMD_ADD:
	case NFTNL_CMD_CREATE:
		type = NFT_MSG_NEWSETELEM;
		flags = cmd_new_flags(cmd);
		break;
	case NFTNL_CMD_DELETE:
	case NFTNL_CMD_DESTROY:
		type = NFT_MSG_DELSETELEM;
		break;
	case NFTNL_CMD_FLUSH:
		/* DELSETELEM without elements flushes the set */
		flush.elems = NULL;
		flush.elems_tail = NULL;
		s = &flush;
		cursor = NULL;
		type = NFT_MSG_DELSETELEM;
		break;
	default:
		return einval();
	}
	do {
		reserve = 512 + str_bound(s->table) + str_bound(s->name) + NFTNL_ELEMS_NEST_MAX +
			  (cursor ? nftnl_set_elem_size_bound(cursor) : 0);
		nlh = batch_msg_start(b, type, s->family, flags, reserve);
		if (!nlh)
			return 0;
		nftnl_set_elems_build_from(nlh, s, &cursor, NFTNL_ELEMS_NEST_MAX);
		seq = batch_msg_end(b, nlh);
		if (!seq)
			return 0;
		if (!first)
			first = seq;
	} while (cursor);
	return first;
}

/* Ask for an ack on the last object message only. The previous last
 * message may have had it (the batch was committed before and grew
 * since), so every message is set. */
static void batch_set_ack_flags(struct nftnl_batch *b)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)b->buf;
	int len = b->len;

	for (nlh = mnl_nlmsg_next(nlh, &len); nftnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_seq == b->last_seq)
			nlh->nlmsg_flags |= NLM_F_ACK;
		else
			nlh->nlmsg_flags &= ~NLM_F_ACK;
	}
}

const struct nlmsghdr *nftnl_batch_msg(const struct nftnl_batch *b, uint32_t seq)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)b->buf;
	int len = b->len;

	if (seq - b->begin_seq - 1 >= b->last_seq - b->begin_seq)
		return NULL;	/* not an object message of this batch */
	for (nlh = mnl_nlmsg_next(nlh, &len); nftnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_seq == seq)
			return nlh;
	}
	return NULL;
}

int nftnl_rule_msg_expr_at(const struct nlmsghdr *nlh, uint32_t offset)
{
	const char *base = (const char *)nlh;
	const struct nlattr *a, *elem;
	uint32_t start, end;
	int i = 0;

	if ((nlh->nlmsg_type & 0xff) != NFT_MSG_NEWRULE ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct nfgenmsg) ||
	    offset >= nlh->nlmsg_len)
		return -1;
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) != NFTA_RULE_EXPRESSIONS)
			continue;
		if (nftnl_nest_validate(a) < 0)
			return -1;
		mnl_attr_for_each_nested(elem, a) {
			start = (const char *)elem - base;
			end = start + elem->nla_len;
			if (offset >= start && offset < end)
				return i;
			i++;
		}
	}
	return -1;
}

struct commit_state {
	const struct nftnl_batch *b;
	nftnl_batch_error_cb cb;
	void *data;
	bool last_answered;
	int first_err;
	int batch_err;		/* error against BEGIN: the batch as a whole */
};

/* Extended ack TLVs: the text (NLMSGERR_ATTR_MSG) and the offset of the
 * refused attribute (NLMSGERR_ATTR_OFFS) into @be. */
static void answer_ext_ack(const struct nlmsghdr *nlh, struct nftnl_batch_error *be)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);
	const struct nlattr *a;

	be->msg = NULL;
	be->attr_offset = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (err->msg.nlmsg_len < MNL_NLMSG_HDRLEN)
			return;
		off += err->msg.nlmsg_len - MNL_NLMSG_HDRLEN;
	}
	if (MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			be->msg = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS &&
			 mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			be->attr_offset = mnl_attr_get_u32(a);
	}
}

static void commit_answer(struct commit_state *st, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nftnl_batch *b = st->b;
	struct nftnl_batch_error be;
	uint32_t seq = nlh->nlmsg_seq;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return;
	if (seq - b->begin_seq > b->last_seq - b->begin_seq)
		return;		/* not ours: stale */
	be.err = err->error < 0 ? -err->error : err->error;
	if (seq == b->begin_seq) {
		if (!be.err)
			return;
		st->batch_err = be.err;
		be.seq = 0;
	} else {
		if (seq == b->last_seq)
			st->last_answered = true;
		if (!be.err)
			return;
		be.seq = seq;
	}
	if (!st->first_err)
		st->first_err = be.err;
	answer_ext_ack(nlh, &be);
	if (st->cb)
		st->cb(&be, st->data);
}

static bool commit_complete(const struct commit_state *st)
{
	return st->last_answered;
}

static int commit_read(struct nftnl_sock *s, struct commit_state *st)
{
	int fd = mnl_socket_get_fd(s->nl);
	bool waited = false, overrun = false;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len;

	for (;;) {
		n = recv(fd, s->buf, s->buf_size, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				overrun = true;
				continue;
			}
			if (errno != EAGAIN)
				return -1;
			/* answers lost to an overrun are not coming back */
			if (commit_complete(st) || st->batch_err || overrun || waited)
				break;
			waited = true;
			poll(&pfd, 1, NFTNL_ANSWER_GRACE_MS);
			continue;
		}
		len = n;
		for (nlh = (const struct nlmsghdr *)s->buf; nftnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR)
				commit_answer(st, nlh);
		}
	}
	if (!st->first_err && (overrun || !commit_complete(st))) {
		/* answers were lost (overrun: an error may be among them)
		 * or never came */
		st->first_err = overrun ? ENOBUFS : EPROTO;
	}
	return 0;
}

int nftnl_batch_commit(struct nftnl_sock *s, struct nftnl_batch *b, bool check,
		       nftnl_batch_error_cb cb, void *data)
{
	struct commit_state st = { .b = b, .cb = cb, .data = data };
	size_t total = b->len, need_rcv;
	struct nlmsghdr *end;

	if (!b->count)
		return 0;
	if (!check) {
		/* BATCH_END goes after the last message but is not kept in
		 * the batch, so that the same batch can be committed again. */
		if (batch_reserve(b, MNL_NLMSG_HDRLEN + 64) < 0)
			return -1;
		end = batch_ctl_put(b->buf + b->len, NFNL_MSG_BATCH_END, seq_after(b->last_seq));
		total += MNL_ALIGN(end->nlmsg_len);
	}
	/* room for one error per message, up to a bound */
	need_rcv = (size_t)b->count * NFTNL_ACK_COST + NFTNL_ANSWER_SLACK;
	nftnl_sock_reserve(s, total, need_rcv < NFTNL_ERRORS_RCVBUF ? need_rcv : NFTNL_ERRORS_RCVBUF);
	batch_set_ack_flags(b);
	if (mnl_socket_sendto(s->nl, b->buf, total) < 0)
		return -1;
	if (commit_read(s, &st) < 0)
		return -1;
	if (st.first_err) {
		errno = st.first_err;
		return -1;
	}
	return 0;
}
