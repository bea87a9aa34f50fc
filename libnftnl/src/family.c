/*
 * family.c - family names as nft prints them, and the small helpers every
 * object file shares: owned strings, user data blobs, message and nest
 * validation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "private.h"

const char *nftnl_family_name(uint32_t family)
{
	switch (family) {
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	case NFPROTO_INET:
		return "inet";
	case NFPROTO_ARP:
		return "arp";
	case NFPROTO_BRIDGE:
		return "bridge";
	case NFPROTO_NETDEV:
		return "netdev";
	default:
		return "unknown";
	}
}

int nftnl_str_set(char **dst, const char *src)
{
	char *copy = NULL;

	if (src) {
		copy = strdup(src);
		if (!copy)
			return -1;
	}
	free(*dst);
	*dst = copy;
	return 0;
}

int nftnl_udata_set(struct nftnl_udata_buf *u, const void *data, uint32_t len)
{
	void *copy = NULL;

	if (len) {
		if (!data) {
			errno = EINVAL;
			return -1;
		}
		copy = malloc(len);
		if (!copy)
			return -1;
		memcpy(copy, data, len);
	}
	free(u->data);
	u->data = copy;
	u->len = len;
	return 0;
}

int nftnl_attr_udata(const struct nlattr *a, struct nftnl_udata_buf *u)
{
	return nftnl_udata_set(u, mnl_attr_get_payload(a),
			       mnl_attr_get_payload_len(a));
}

int nftnl_nest_validate(const struct nlattr *nest)
{
	const struct nlattr *a;
	int rem;

	if (nest->nla_len < sizeof(struct nlattr))
		goto bad;
	rem = mnl_attr_get_payload_len(nest);
	a = mnl_attr_get_payload(nest);
	while (rem > 0) {
		if (!mnl_attr_ok(a, rem))
			goto bad;
		rem -= MNL_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a + MNL_ALIGN(a->nla_len));
	}
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int nftnl_msg_validate(const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg))) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}
