/*
 * hooks.c - hook names and standard chain priorities per family, as
 * tables (nft.h): hook_by_name(), hook_name(), priority_by_name() and
 * priority_str(), which gives the listing text ("filter", "filter + 10",
 * "-5") exactly as upstream nft 1.0.6 prints it.
 *
 * A standard priority name is valid only at some hooks (dstnat at
 * prerouting, srcnat at postrouting, bridge "out" at output); a number
 * is listed by name when it is within 10 of a standard priority that is
 * valid at the chain's hook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>

#include "nft.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define F_IP (1u << NFPROTO_IPV4)
#define F_IP6 (1u << NFPROTO_IPV6)
#define F_INET (1u << NFPROTO_INET)
#define F_ARP (1u << NFPROTO_ARP)
#define F_BRIDGE (1u << NFPROTO_BRIDGE)
#define F_NETDEV (1u << NFPROTO_NETDEV)
#define F_INETS (F_IP | F_IP6 | F_INET)

static unsigned int family_bit(uint32_t family)
{
	return family < 32 ? 1u << family : 0;
}

/* ---- hooks ------------------------------------------------------------ */

static const struct {
	unsigned int families;
	const char *name;
	uint32_t hooknum;
} hooks[] = {
	{ F_INETS | F_BRIDGE, "prerouting", NF_INET_PRE_ROUTING },
	{ F_INETS | F_BRIDGE, "input", NF_INET_LOCAL_IN },
	{ F_INETS | F_BRIDGE, "forward", NF_INET_FORWARD },
	{ F_INETS | F_BRIDGE, "output", NF_INET_LOCAL_OUT },
	{ F_INETS | F_BRIDGE, "postrouting", NF_INET_POST_ROUTING },
	{ F_INET, "ingress", NF_INET_INGRESS },
	{ F_ARP, "input", NF_ARP_IN },
	{ F_ARP, "output", NF_ARP_OUT },
	{ F_ARP, "forward", NF_ARP_FORWARD },
	{ F_NETDEV, "ingress", NF_NETDEV_INGRESS },
	{ F_NETDEV, "egress", 1 /* NF_NETDEV_EGRESS */ },
};

int hook_by_name(uint32_t family, const char *name, uint32_t *hooknum)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		if ((hooks[i].families & family_bit(family)) && !strcmp(hooks[i].name, name)) {
			*hooknum = hooks[i].hooknum;
			return 0;
		}
	}
	return -1;
}

const char *hook_name(uint32_t family, uint32_t hooknum)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		if ((hooks[i].families & family_bit(family)) && hooks[i].hooknum == hooknum)
			return hooks[i].name;
	return NULL;
}

/* ---- standard priorities ---------------------------------------------- */

#define ANY_HOOK (-1)

/* One row per (families, name, value, hook where it is valid). */
static const struct {
	unsigned int families;
	const char *name;
	int32_t prio;
	int hook;		/* ANY_HOOK or the only hook it is valid at */
} prios[] = {
	{ F_INETS, "raw", -300, ANY_HOOK },
	{ F_INETS, "mangle", -150, ANY_HOOK },
	{ F_INETS, "dstnat", -100, NF_INET_PRE_ROUTING },
	{ F_INETS | F_ARP | F_NETDEV, "filter", 0, ANY_HOOK },
	{ F_INETS, "security", 50, ANY_HOOK },
	{ F_INETS, "srcnat", 100, NF_INET_POST_ROUTING },
	{ F_BRIDGE, "dstnat", -300, NF_INET_PRE_ROUTING },
	{ F_BRIDGE, "filter", -200, ANY_HOOK },
	{ F_BRIDGE, "out", 100, NF_INET_LOCAL_OUT },
	{ F_BRIDGE, "srcnat", 300, NF_INET_POST_ROUTING },
};

#define PRIO_OFFSET_MAX 10	/* "filter + 10" is named, "filter + 11" is not */

static bool prio_valid(size_t i, uint32_t family, int hooknum)
{
	return (prios[i].families & family_bit(family)) &&
	       (prios[i].hook == ANY_HOOK || prios[i].hook == hooknum);
}

int priority_by_name(uint32_t family, const char *hook, const char *name, int32_t *prio)
{
	uint32_t hooknum;
	size_t i;

	if (!hook || hook_by_name(family, hook, &hooknum) < 0)
		hooknum = (uint32_t)-1;
	for (i = 0; i < ARRAY_SIZE(prios); i++) {
		if (!strcmp(prios[i].name, name) && prio_valid(i, family, (int)hooknum)) {
			*prio = prios[i].prio;
			return 0;
		}
	}
	return -1;
}

int priority_str(uint32_t family, uint32_t hooknum, int32_t prio, bool numeric,
		 char *buf, size_t size)
{
	size_t i;

	if (!numeric) {
		for (i = 0; i < ARRAY_SIZE(prios); i++) {
			/* 64 bits: INT32_MIN minus a positive priority overflows */
			int64_t off = (int64_t)prio - prios[i].prio;

			if (!prio_valid(i, family, (int)hooknum) || off > PRIO_OFFSET_MAX ||
			    off < -PRIO_OFFSET_MAX)
				continue;
			if (off > 0)
				return snprintf(buf, size, "%s + %d", prios[i].name, (int)off);
			if (off < 0)
				return snprintf(buf, size, "%s - %d", prios[i].name, (int)-off);
			return snprintf(buf, size, "%s", prios[i].name);
		}
	}
	return snprintf(buf, size, "%d", prio);
}

/* "NAME", "NAME + N", "NAME - N", "N", "-N" (blanks optional). */
int priority_parse(uint32_t family, const char *hook, const char *text, int32_t *prio)
{
	char name[32];
	const char *p = text;
	long off = 0, sign = 1;
	size_t n = 0;
	char *end;

	while (*p == ' ')
		p++;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		long v = strtol(p, &end, 10);

		while (*end == ' ')
			end++;
		if (*end || end == p || v < INT32_MIN || v > INT32_MAX)
			return -1;
		*prio = v;
		return 0;
	}
	while (*p && *p != ' ' && *p != '+' && *p != '-' && n + 1 < sizeof(name))
		name[n++] = *p++;
	name[n] = '\0';
	while (*p == ' ')
		p++;
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
		while (*p == ' ')
			p++;
		off = strtol(p, &end, 10);
		if (end == p)
			return -1;
		p = end;
		while (*p == ' ')
			p++;
	}
	if (*p || priority_by_name(family, hook, name, prio) < 0)
		return -1;
	*prio += sign * off;
	return 0;
}
