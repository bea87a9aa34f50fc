/*
 * data.c - nft_data values and verdicts, and validating attribute access.
 *
 * Builds and parses the NFTA_DATA_VALUE / NFTA_DATA_VERDICT nests used by
 * expressions and set elements, prints values and verdict names in the
 * bytecode text form, and offers the strict attribute walkers every
 * parser in the library uses: an attribute whose header or length is
 * wrong makes the whole parse fail with EINVAL, nothing is read past the
 * end of the enclosing attribute or message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>

#include "internal.h"
#include "expr/expr.h"

int nftnl_data_set(struct nftnl_data *d, const void *bytes, size_t len)
{
	if (len > sizeof(d->bytes) || (len && !bytes)) {
		errno = EINVAL;
		return -1;
	}
	memset(d, 0, sizeof(*d));
	if (len)
		memcpy(d->bytes, bytes, len);
	d->len = len;
	return 0;
}

int nftnl_data_snprintf(char *buf, size_t size, const struct nftnl_data *d)
{
	struct nftnl_buf b = nftnl_buf_init(buf, size);

	if (buf && size)
		buf[0] = '\0';
	nftnl_buf_data(&b, d);
	return nftnl_buf_done(&b);
}

const char *nftnl_verdict_name(int32_t code)
{
	switch (code) {
	case NF_ACCEPT:
		return "accept";
	case NF_DROP:
		return "drop";
	case NF_STOLEN:
		return "stolen";
	case NF_QUEUE:
		return "queue";
	case NF_REPEAT:
		return "repeat";
	case NF_STOP:
		return "stop";
	case NFT_RETURN:
		return "return";
	case NFT_JUMP:
		return "jump";
	case NFT_GOTO:
		return "goto";
	case NFT_CONTINUE:
		return "continue";
	case NFT_BREAK:
		return "break";
	default:
		return "unknown";
	}
}

void nftnl_data_put(struct nlmsghdr *nlh, uint16_t type, const struct nftnl_data *d)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, NFTA_DATA_VALUE, d->len, d->bytes);
	mnl_attr_nest_end(nlh, nest);
}

void nftnl_verdict_put(struct nlmsghdr *nlh, uint16_t type, const struct nftnl_verdict *v)
{
	struct nlattr *outer = mnl_attr_nest_start(nlh, type);
	struct nlattr *inner = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);

	mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE, htonl((uint32_t)v->code));
	if (v->chain)
		mnl_attr_put_strz(nlh, NFTA_VERDICT_CHAIN, v->chain);
	mnl_attr_nest_end(nlh, inner);
	mnl_attr_nest_end(nlh, outer);
}

/* Walk @len bytes of attributes at @p into tb[]. */
static int parse_attrs(const void *p, size_t len, const struct nlattr **tb, int max)
{
	const char *cur = p;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= sizeof(struct nlattr)) {
		const struct nlattr *a = (const struct nlattr *)cur;
		size_t alen = a->nla_len, adv;
		int type = a->nla_type & NLA_TYPE_MASK;

		if (alen < sizeof(struct nlattr) || alen > len)
			goto einval;
		if (type <= max)
			tb[type] = a;
		adv = MNL_ALIGN(alen);
		if (adv > len)
			adv = len;
		cur += adv;
		len -= adv;
	}
	if (len != 0)
		goto einval;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

int nftnl_attr_parse_nested(const struct nlattr *nest, const struct nlattr **tb, int max)
{
	if (!nest) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		return 0;
	}
	if (nest->nla_len < sizeof(struct nlattr)) {
		errno = EINVAL;
		return -1;
	}
	return parse_attrs(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest),
			   tb, max);
}

int nftnl_attr_parse_msg(const struct nlmsghdr *nlh, size_t hdrlen,
			 const struct nlattr **tb, int max)
{
	size_t off = MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen);

	if (nlh->nlmsg_len < off) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		errno = EINVAL;
		return -1;
	}
	return parse_attrs((const char *)nlh + off, nlh->nlmsg_len - off, tb, max);
}

static int attr_fixed(const struct nlattr *a, size_t len)
{
	if (!a || mnl_attr_get_payload_len(a) != len) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int nftnl_attr_u8(const struct nlattr *a, uint8_t *v)
{
	if (attr_fixed(a, sizeof(*v)) < 0)
		return -1;
	*v = *(const uint8_t *)mnl_attr_get_payload(a);
	return 0;
}

int nftnl_attr_u16(const struct nlattr *a, uint16_t *v)
{
	uint16_t x;

	if (attr_fixed(a, sizeof(x)) < 0)
		return -1;
	memcpy(&x, mnl_attr_get_payload(a), sizeof(x));
	*v = ntohs(x);
	return 0;
}

int nftnl_attr_u32(const struct nlattr *a, uint32_t *v)
{
	uint32_t x;

	if (attr_fixed(a, sizeof(x)) < 0)
		return -1;
	memcpy(&x, mnl_attr_get_payload(a), sizeof(x));
	*v = ntohl(x);
	return 0;
}

int nftnl_attr_u64(const struct nlattr *a, uint64_t *v)
{
	uint64_t x;

	if (attr_fixed(a, sizeof(x)) < 0)
		return -1;
	memcpy(&x, mnl_attr_get_payload(a), sizeof(x));
	*v = be64toh(x);
	return 0;
}

int nftnl_attr_strdup(const struct nlattr *a, char **s)
{
	const char *p;
	size_t len;
	char *copy;

	if (!a || (len = mnl_attr_get_payload_len(a)) == 0)
		goto einval;
	p = mnl_attr_get_payload(a);
	if (p[len - 1] != '\0' || strlen(p) != len - 1)
		goto einval;
	copy = strdup(p);
	if (!copy)
		return -1;
	*s = copy;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}

int nftnl_data_get(const struct nlattr *nest, struct nftnl_data *d)
{
	const struct nlattr *tb[NFTA_DATA_MAX + 1];
	const struct nlattr *v;
	size_t len;

	if (!nest || nftnl_attr_parse_nested(nest, tb, NFTA_DATA_MAX) < 0)
		goto einval;
	v = tb[NFTA_DATA_VALUE];
	if (!v)
		goto einval;
	len = mnl_attr_get_payload_len(v);
	if (len == 0 || len > sizeof(d->bytes))
		goto einval;
	return nftnl_data_set(d, mnl_attr_get_payload(v), len);
einval:
	errno = EINVAL;
	return -1;
}

int nftnl_verdict_get(const struct nlattr *nest, struct nftnl_verdict *v)
{
	const struct nlattr *tb[NFTA_DATA_MAX + 1];
	const struct nlattr *vt[NFTA_VERDICT_MAX + 1];
	uint32_t code;
	char *chain = NULL;

	if (!nest || nftnl_attr_parse_nested(nest, tb, NFTA_DATA_MAX) < 0 ||
	    !tb[NFTA_DATA_VERDICT] ||
	    nftnl_attr_parse_nested(tb[NFTA_DATA_VERDICT], vt, NFTA_VERDICT_MAX) < 0 ||
	    nftnl_attr_u32(vt[NFTA_VERDICT_CODE], &code) < 0)
		goto einval;
	if (vt[NFTA_VERDICT_CHAIN]) {
		if (nftnl_attr_strdup(vt[NFTA_VERDICT_CHAIN], &chain) < 0)
			return -1;
	} else if ((int32_t)code == NFT_JUMP || (int32_t)code == NFT_GOTO) {
		goto einval;
	}
	v->code = (int32_t)code;
	v->chain = chain;
	return 0;
einval:
	errno = EINVAL;
	return -1;
}
