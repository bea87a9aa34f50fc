/*
 * counter.c - the "counter" expression: packet and byte counts.
 *
 * Text: "counter pkts 0 bytes 0".
 * Wire: a fresh counter (both zero) sends an empty attribute list, as
 * upstream does; otherwise bytes then packets (NLA_U64, big endian).
 */
#include <errno.h>
#include <endian.h>
#include <inttypes.h>

#include "expr.h"

static void counter_build(struct nlmsghdr *nlh, const struct nftnl_expr *e)
{
	const struct nftnl_expr_counter *c = &e->counter;

	if (!c->packets && !c->bytes)
		return;
	mnl_attr_put_u64(nlh, NFTA_COUNTER_BYTES, htobe64(c->bytes));
	mnl_attr_put_u64(nlh, NFTA_COUNTER_PACKETS, htobe64(c->packets));
}

static int counter_parse(struct nftnl_expr *e, const struct nlattr *data)
{
	const struct nlattr *tb[NFTA_COUNTER_MAX + 1];
	struct nftnl_expr_counter *c = &e->counter;

	if (nftnl_attr_parse_nested(data, tb, NFTA_COUNTER_MAX) < 0 ||
	    (tb[NFTA_COUNTER_BYTES] && nftnl_attr_u64(tb[NFTA_COUNTER_BYTES], &c->bytes) < 0) ||
	    (tb[NFTA_COUNTER_PACKETS] &&
	     nftnl_attr_u64(tb[NFTA_COUNTER_PACKETS], &c->packets) < 0)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int counter_snprintf(char *buf, size_t size, const struct nftnl_expr *e)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	nftnl_buf_printf(&b, "counter pkts %" PRIu64 " bytes %" PRIu64,
			 e->counter.packets, e->counter.bytes);
	return nftnl_buf_done(&b);
}

const struct nftnl_expr_ops nftnl_expr_ops_counter = {
	.type		= NFTNL_EXPR_COUNTER,
	.name		= "counter",
	.build		= counter_build,
	.parse		= counter_parse,
	.snprintf	= counter_snprintf,
};
