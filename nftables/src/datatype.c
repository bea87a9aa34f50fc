/*
 * datatype.c - every datatype of datatype.h: its symbol table, how a
 * symbol written in a rule becomes a value (parse) and how a value is
 * listed (print), reproducing upstream nft 1.0.6's listing text.
 *
 * Bitmask types (ct state, ct status, tcp flags, ct label) share one
 * implementation (bitmask_parse / bitmask_print); they differ only in
 * where their symbols come from: a fixed symbol table, or the label
 * table (labels.c) for ct label, whose numbers are bit indices.
 *
 * Names of protocols and services come from fixed tables (a snapshot of
 * Debian's netbase /etc/protocols and /etc/services) so that parsing and
 * listing do not depend on the machine.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>

#include "datatype.h"
#include "erec.h"
#include "labels.h"
#include "nft.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SYMTAB(name, arr) \
	static const struct symbol_table name = { arr, ARRAY_SIZE(arr) }

/* ---- symbol tables ---------------------------------------------------- */

static const struct symbol ct_state_syms[] = {
	{ "invalid", 1 },
	{ "established", 2 },
	{ "related", 4 },
	{ "new", 8 },
	{ "untracked", 0x40 },
};
SYMTAB(ct_state_tbl, ct_state_syms);

static const struct symbol ct_status_syms[] = {
	{ "expected", IPS_EXPECTED },
	{ "seen-reply", IPS_SEEN_REPLY },
	{ "assured", IPS_ASSURED },
	{ "confirmed", IPS_CONFIRMED },
	{ "snat", IPS_SRC_NAT },
	{ "dnat", IPS_DST_NAT },
	{ "dying", IPS_DYING },
};
SYMTAB(ct_status_tbl, ct_status_syms);

static const struct symbol ct_dir_syms[] = {
	{ "original", 0 },
	{ "reply", 1 },
};
SYMTAB(ct_dir_tbl, ct_dir_syms);

static const struct symbol tcp_flag_syms[] = {
	{ "fin", 0x01 },
	{ "syn", 0x02 },
	{ "rst", 0x04 },
	{ "psh", 0x08 },
	{ "ack", 0x10 },
	{ "urg", 0x20 },
	{ "ecn", 0x40 },
	{ "cwr", 0x80 },
};
SYMTAB(tcp_flag_tbl, tcp_flag_syms);

static const struct symbol nfproto_syms[] = {
	{ "ipv4", NFPROTO_IPV4 },
	{ "ipv6", NFPROTO_IPV6 },
};
SYMTAB(nfproto_tbl, nfproto_syms);

/* The first name of a value is the one listed; later ones are aliases. */
static const struct symbol ethertype_syms[] = {
	{ "ip", 0x0800 },
	{ "arp", 0x0806 },
	{ "ip6", 0x86dd },
	{ "8021q", 0x8100 },
	{ "8021ad", 0x88a8 },
	{ "vlan", 0x8100 },
};
SYMTAB(ethertype_tbl, ethertype_syms);

static const struct symbol icmp_type_syms[] = {
	{ "echo-reply", 0 },
	{ "destination-unreachable", 3 },
	{ "source-quench", 4 },
	{ "redirect", 5 },
	{ "echo-request", 8 },
	{ "router-advertisement", 9 },
	{ "router-solicitation", 10 },
	{ "time-exceeded", 11 },
	{ "parameter-problem", 12 },
	{ "timestamp-request", 13 },
	{ "timestamp-reply", 14 },
	{ "info-request", 15 },
	{ "info-reply", 16 },
	{ "address-mask-request", 17 },
	{ "address-mask-reply", 18 },
};
SYMTAB(icmp_type_tbl, icmp_type_syms);

static const struct symbol icmp6_type_syms[] = {
	{ "destination-unreachable", 1 },
	{ "packet-too-big", 2 },
	{ "time-exceeded", 3 },
	{ "parameter-problem", 4 },
	{ "echo-request", 128 },
	{ "echo-reply", 129 },
	{ "mld-listener-query", 130 },
	{ "mld-listener-report", 131 },
	{ "mld-listener-done", 132 },
	{ "mld-listener-reduction", 132 },
	{ "nd-router-solicit", 133 },
	{ "nd-router-advert", 134 },
	{ "nd-neighbor-solicit", 135 },
	{ "nd-neighbor-advert", 136 },
	{ "nd-redirect", 137 },
	{ "router-renumbering", 138 },
	{ "ind-neighbor-solicit", 141 },
	{ "ind-neighbor-advert", 142 },
	{ "mld2-listener-report", 143 },
};
SYMTAB(icmp6_type_tbl, icmp6_type_syms);

static const struct symbol arphrd_syms[] = {
	{ "ether", 1 },
	{ "ppp", 512 },
	{ "ipip", 768 },
	{ "ipip6", 769 },
	{ "loopback", 772 },
	{ "sit", 776 },
	{ "ipgre", 778 },
};
SYMTAB(arphrd_tbl, arphrd_syms);

/* /etc/protocols (netbase): first name of a number is listed. */
static const struct symbol protocol_syms[] = {
	{ "ip", 0 }, { "hopopt", 0 }, { "icmp", 1 }, { "igmp", 2 }, { "ggp", 3 },
	{ "ipencap", 4 }, { "st", 5 }, { "tcp", 6 }, { "egp", 8 }, { "igp", 9 },
	{ "pup", 12 }, { "udp", 17 }, { "hmp", 20 }, { "xns-idp", 22 }, { "rdp", 27 },
	{ "iso-tp4", 29 }, { "dccp", 33 }, { "xtp", 36 }, { "ddp", 37 },
	{ "idpr-cmtp", 38 }, { "ipv6", 41 }, { "ipv6-route", 43 }, { "ipv6-frag", 44 },
	{ "idrp", 45 }, { "rsvp", 46 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 },
	{ "skip", 57 }, { "ipv6-icmp", 58 }, { "ipv6-nonxt", 59 }, { "ipv6-opts", 60 },
	{ "rspf", 73 }, { "vmtp", 81 }, { "eigrp", 88 }, { "ospf", 89 }, { "ax.25", 93 },
	{ "ipip", 94 }, { "etherip", 97 }, { "encap", 98 }, { "pim", 103 },
	{ "ipcomp", 108 }, { "vrrp", 112 }, { "l2tp", 115 }, { "isis", 124 },
	{ "sctp", 132 }, { "fc", 133 }, { "mobility-header", 135 }, { "udplite", 136 },
	{ "mpls-in-ip", 137 }, { "manet", 138 }, { "hip", 139 }, { "shim6", 140 },
	{ "wesp", 141 }, { "rohc", 142 }, { "ethernet", 143 },
	/* upstream's own spelling of ICMPv6, accepted when parsing */
	{ "icmpv6", 58 },
};
SYMTAB(protocol_tbl, protocol_syms);

/* /etc/services (netbase), first name of each entry; parsing only: ports
 * are listed as numbers (upstream 1.0.6 prints names only with -S). */
static const struct symbol service_syms[] = {
	{ "tcpmux", 1 }, { "rtmp", 1 }, { "nbp", 2 }, { "zip", 6 }, { "echo", 7 },
	{ "discard", 9 }, { "systat", 11 }, { "daytime", 13 }, { "netstat", 15 },
	{ "qotd", 17 }, { "chargen", 19 }, { "ftp-data", 20 }, { "ftp", 21 }, { "fsp", 21 },
	{ "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 }, { "time", 37 }, { "whois", 43 },
	{ "tacacs", 49 }, { "domain", 53 }, { "bootps", 67 }, { "bootpc", 68 }, { "tftp", 69 },
	{ "gopher", 70 }, { "finger", 79 }, { "http", 80 }, { "kerberos", 88 },
	{ "iso-tsap", 102 }, { "acr-nema", 104 }, { "poppassd", 106 }, { "pop3", 110 },
	{ "sunrpc", 111 }, { "auth", 113 }, { "nntp", 119 }, { "ntp", 123 }, { "epmap", 135 },
	{ "netbios-ns", 137 }, { "netbios-dgm", 138 }, { "netbios-ssn", 139 },
	{ "imap2", 143 }, { "snmp", 161 }, { "snmp-trap", 162 }, { "cmip-man", 163 },
	{ "cmip-agent", 164 }, { "mailq", 174 }, { "xdmcp", 177 }, { "bgp", 179 },
	{ "smux", 199 }, { "qmtp", 209 }, { "z3950", 210 }, { "ipx", 213 },
	{ "ptp-event", 319 }, { "ptp-general", 320 }, { "pawserv", 345 }, { "zserv", 346 },
	{ "rpc2portmap", 369 }, { "codaauth2", 370 }, { "clearcase", 371 }, { "ldap", 389 },
	{ "svrloc", 427 }, { "https", 443 }, { "snpp", 444 }, { "microsoft-ds", 445 },
	{ "kpasswd", 464 }, { "submissions", 465 }, { "saft", 487 }, { "isakmp", 500 },
	{ "exec", 512 }, { "biff", 512 }, { "login", 513 }, { "who", 513 }, { "shell", 514 },
	{ "syslog", 514 }, { "printer", 515 }, { "talk", 517 }, { "ntalk", 518 },
	{ "route", 520 }, { "gdomap", 538 }, { "uucp", 540 }, { "klogin", 543 },
	{ "kshell", 544 }, { "dhcpv6-client", 546 }, { "dhcpv6-server", 547 },
	{ "afpovertcp", 548 }, { "rtsp", 554 }, { "nntps", 563 }, { "submission", 587 },
	{ "nqs", 607 }, { "asf-rmcp", 623 }, { "qmqp", 628 }, { "ipp", 631 }, { "ldaps", 636 },
	{ "ldp", 646 }, { "tinc", 655 }, { "silc", 706 }, { "kerberos-adm", 749 },
	{ "kerberos4", 750 }, { "kerberos-master", 751 }, { "passwd-server", 752 },
	{ "krb-prop", 754 }, { "moira-db", 775 }, { "moira-update", 777 },
	{ "moira-ureg", 779 }, { "spamd", 783 }, { "domain-s", 853 }, { "supfilesrv", 871 },
	{ "rsync", 873 }, { "ftps-data", 989 }, { "ftps", 990 }, { "telnets", 992 },
	{ "imaps", 993 }, { "pop3s", 995 }, { "socks", 1080 }, { "proofd", 1093 },
	{ "rootd", 1094 }, { "rmiregistry", 1099 }, { "supfiledbg", 1127 },
	{ "skkserv", 1178 }, { "openvpn", 1194 }, { "predict", 1210 }, { "rmtcfg", 1236 },
	{ "xtel", 1313 }, { "xtelw", 1314 }, { "lotusnote", 1352 }, { "ms-sql-s", 1433 },
	{ "ms-sql-m", 1434 }, { "ingreslock", 1524 }, { "datametrics", 1645 },
	{ "sa-msg-port", 1646 }, { "kermit", 1649 }, { "groupwise", 1677 }, { "l2f", 1701 },
	{ "radius", 1812 }, { "radius-acct", 1813 }, { "cisco-sccp", 2000 }, { "nfs", 2049 },
	{ "gnunet", 2086 }, { "rtcm-sc104", 2101 }, { "zephyr-srv", 2102 },
	{ "zephyr-clt", 2103 }, { "zephyr-hm", 2104 }, { "gsigatekeeper", 2119 },
	{ "iprop", 2121 }, { "gris", 2135 }, { "cvspserver", 2401 }, { "venus", 2430 },
	{ "venus-se", 2431 }, { "codasrv", 2432 }, { "codasrv-se", 2433 }, { "mon", 2583 },
	{ "zebrasrv", 2600 }, { "zebra", 2601 }, { "ripd", 2602 }, { "ripngd", 2603 },
	{ "ospfd", 2604 }, { "bgpd", 2605 }, { "ospf6d", 2606 }, { "ospfapi", 2607 },
	{ "isisd", 2608 }, { "dict", 2628 }, { "f5-globalsite", 2792 }, { "gsiftp", 2811 },
	{ "gpsd", 2947 }, { "gds-db", 3050 }, { "icpv2", 3130 }, { "isns", 3205 },
	{ "iscsi-target", 3260 }, { "mysql", 3306 }, { "ms-wbt-server", 3389 },
	{ "nut", 3493 }, { "distcc", 3632 }, { "daap", 3689 }, { "svn", 3690 },
	{ "suucp", 4031 }, { "sysrqd", 4094 }, { "sieve", 4190 }, { "f5-iquery", 4353 },
	{ "epmd", 4369 }, { "remctl", 4373 }, { "ntske", 4460 }, { "ipsec-nat-t", 4500 },
	{ "fax", 4557 }, { "hylafax", 4559 }, { "iax", 4569 }, { "mtn", 4691 },
	{ "radmin-port", 4899 }, { "munin", 4949 }, { "sip", 5060 }, { "sip-tls", 5061 },
	{ "xmpp-client", 5222 }, { "xmpp-server", 5269 }, { "cfengine", 5308 },
	{ "mdns", 5353 }, { "postgresql", 5432 }, { "rplay", 5555 }, { "freeciv", 5556 },
	{ "nrpe", 5666 }, { "nsca", 5667 }, { "amqps", 5671 }, { "amqp", 5672 },
	{ "canna", 5680 }, { "x11", 6000 }, { "x11-1", 6001 }, { "x11-2", 6002 },
	{ "x11-3", 6003 }, { "x11-4", 6004 }, { "x11-5", 6005 }, { "x11-6", 6006 },
	{ "x11-7", 6007 }, { "gnutella-svc", 6346 }, { "gnutella-rtr", 6347 },
	{ "redis", 6379 }, { "sge-qmaster", 6444 }, { "sge-execd", 6445 },
	{ "mysql-proxy", 6446 }, { "syslog-tls", 6514 }, { "sane-port", 6566 },
	{ "ircd", 6667 }, { "babel", 6696 }, { "ircs-u", 6697 }, { "bbs", 7000 },
	{ "afs3-fileserver", 7000 }, { "afs3-callback", 7001 }, { "afs3-prserver", 7002 },
	{ "afs3-vlserver", 7003 }, { "afs3-kaserver", 7004 }, { "afs3-volser", 7005 },
	{ "afs3-bos", 7007 }, { "afs3-update", 7008 }, { "afs3-rmtsys", 7009 },
	{ "font-service", 7100 }, { "zope-ftp", 8021 }, { "http-alt", 8080 },
	{ "tproxy", 8081 }, { "omniorb", 8088 }, { "puppet", 8140 },
	{ "clc-build-daemon", 8990 }, { "xinetd", 9098 }, { "bacula-dir", 9101 },
	{ "bacula-fd", 9102 }, { "bacula-sd", 9103 }, { "git", 9418 }, { "xmms2", 9667 },
	{ "zope", 9673 }, { "webmin", 10000 }, { "zabbix-agent", 10050 },
	{ "zabbix-trapper", 10051 }, { "amanda", 10080 }, { "kamanda", 10081 },
	{ "amandaidx", 10082 }, { "amidxtape", 10083 }, { "nbd", 10809 }, { "dicom", 11112 },
	{ "hkp", 11371 }, { "sgi-cmsd", 17001 }, { "sgi-crsd", 17002 }, { "sgi-gcd", 17003 },
	{ "sgi-cad", 17004 }, { "db-lsp", 17500 }, { "dcap", 22125 }, { "gsidcap", 22128 },
	{ "wnn6", 22273 }, { "binkp", 24554 }, { "asp", 27374 }, { "csync2", 30865 },
	{ "dircproxy", 57000 }, { "tfido", 60177 }, { "fido", 60179 },
};
SYMTAB(service_tbl, service_syms);

static const struct symbol *sym_by_name(const struct symbol_table *t, const char *name)
{
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->syms[i].name, name))
			return &t->syms[i];
	return NULL;
}

static const struct symbol *sym_by_value(const struct symbol_table *t, uint64_t v)
{
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (t->syms[i].value == v)
			return &t->syms[i];
	return NULL;
}

/* ---- helpers ---------------------------------------------------------- */

/* Parse a non-negative number: decimal or 0x hex, the whole string. */
static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;
	int base = 10;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return false;
	}
	errno = 0;
	*v = strtoull(s, &end, base);
	return !errno && !*end;
}

static uint64_t max_for_bits(unsigned int bits)
{
	return bits >= 64 || !bits ? UINT64_MAX : (1ULL << bits) - 1;
}

static unsigned int value_bits(const struct datatype *dt)
{
	return dt->size ? dt->size : 64;
}

static struct expr *new_value(const struct datatype *dt, const struct expr *sym, uint64_t v)
{
	return value_expr_from_u64(&sym->loc, dt, dt->byteorder, value_bits(dt), v);
}

/* A number in range for @dt's size, with upstream's message otherwise.
 * Returns 1 if parsed, 0 if not a number, -1 on range error (queued). */
static int parse_number(const struct datatype *dt, const struct expr *sym, uint64_t *v)
{
	uint64_t max = max_for_bits(dt->size);

	if (!parse_u64(sym->sym.identifier, v))
		return 0;
	if (*v > max) {
		erec_error(&sym->loc, "Value %" PRIu64 " exceeds valid range 0-%" PRIu64,
			   *v, max);
		return -1;
	}
	return 1;
}

/* Symbol table first, then a number; "Could not parse DESC" otherwise. */
static struct expr *symbolic_parse(const struct datatype *dt, const struct expr *sym)
{
	const struct symbol *s = sym_by_name(dt->symbols, sym->sym.identifier);
	uint64_t v;
	int r;

	if (s)
		return new_value(dt, sym, s->value);
	r = parse_number(dt, sym, &v);
	if (r > 0)
		return new_value(dt, sym, v);
	if (r == 0)
		erec_error(&sym->loc, "Could not parse %s", dt->desc);
	return NULL;
}

static struct expr *integer_parse(const struct datatype *dt, const struct expr *sym)
{
	uint64_t v;
	int r = parse_number(dt, sym, &v);

	if (r > 0)
		return new_value(dt, sym, v);
	if (r == 0)
		erec_error(&sym->loc, "Could not parse %s", dt->desc);
	return NULL;
}

static void integer_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	size_t i, n = (e->len + 7) / 8;

	(void)o;
	if (e->len <= 64) {
		fprintf(fp, "%" PRIu64, value_to_u64(e));
		return;
	}
	/* wider than 64 bits: hex, most significant byte first */
	fprintf(fp, "0x");
	for (i = 0; i < n; i++)
		fprintf(fp, "%02x", e->byteorder == BYTEORDER_BIG ? e->value.data[i] :
			e->value.data[n - 1 - i]);
}

/* Relative time, stored in milliseconds: a bare number is seconds
 * (`ct expiration 30`), or units d h m s ms in that order ("1m30s"). */
static struct expr *time_parse(const struct datatype *dt, const struct expr *sym)
{
	static const struct { const char *unit; uint64_t ms; } units[] = {
		{ "d", 86400000 }, { "h", 3600000 }, { "ms", 1 }, { "m", 60000 },
		{ "s", 1000 },
	};
	const char *p = sym->sym.identifier;
	uint64_t total = 0, n;
	size_t i;

	if (parse_u64(p, &n)) {
		if (n > UINT64_MAX / 1000)
			goto bad;
		return new_value(dt, sym, n * 1000);
	}
	if (!*p)
		goto bad;
	while (*p) {
		char *end;

		if (*p < '0' || *p > '9')
			goto bad;
		n = strtoull(p, &end, 10);
		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (!strncmp(end, units[i].unit, strlen(units[i].unit)))
				break;
		if (i == ARRAY_SIZE(units) || n > (UINT64_MAX - total) / units[i].ms)
			goto bad;
		total += n * units[i].ms;
		p = end + strlen(units[i].unit);
	}
	return new_value(dt, sym, total);
bad:
	erec_error(&sym->loc, "Could not parse %s", dt->desc);
	return NULL;
}

/* As upstream: "1d2h3m4s5ms" without the zero parts; -n whole seconds. */
static void time_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	static const struct { const char *unit; uint64_t ms; } units[] = {
		{ "d", 86400000 }, { "h", 3600000 }, { "m", 60000 }, { "s", 1000 },
		{ "ms", 1 },
	};
	uint64_t v = value_to_u64(e);
	size_t i;

	if (o && o->numeric) {
		fprintf(fp, "%" PRIu64 "s", v / 1000);
		return;
	}
	if (!v) {
		fputs("0s", fp);	/* upstream 1.0.6 prints nothing */
		return;
	}
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (v / units[i].ms)
			fprintf(fp, "%" PRIu64 "%s", v / units[i].ms, units[i].unit);
		v %= units[i].ms;
	}
}

static void hex_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	(void)o;
	fprintf(fp, "0x%08" PRIx64, value_to_u64(e));
}

/* Symbol name, else decimal; -n (and -p for protocols) forces decimal. */
static void symbolic_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	uint64_t v = value_to_u64(e);
	const struct symbol *s = o && o->numeric ? NULL : sym_by_value(e->dtype->symbols, v);

	if (s)
		fputs(s->name, fp);
	else
		fprintf(fp, "%" PRIu64, v);
}

/* ---- strings and interface names -------------------------------------- */

static struct expr *string_parse(const struct datatype *dt, const struct expr *sym)
{
	const char *s = sym->sym.identifier;
	size_t len = strlen(s), max = dt->size ? dt->size / 8 : VALUE_MAX_BYTES;
	bool wildcard = len > 0 && s[len - 1] == '*' && (len < 2 || s[len - 2] != '\\');

	/* the kernel needs room for the NUL (IFNAMSIZ); a string of a type
	 * without a size (ct helper) must still fit a value, its NUL too
	 * unless it is a wildcard's prefix */
	if (dt->size ? len >= max : (wildcard ? len - 1 : len + 1) > max) {
		erec_error(&sym->loc, "String exceeds maximum length of %zu", max);
		return NULL;
	}
	if (!strcmp(s, "*")) {
		erec_error(&sym->loc, "All-wildcard strings are not supported");
		return NULL;
	}
	if (wildcard)
		/* "eth*": compare only the prefix, without the NUL */
		return value_expr_alloc(&sym->loc, dt, BYTEORDER_HOST, (len - 1) * 8, s);
	{
		uint8_t buf[VALUE_MAX_BYTES] = { 0 };

		memcpy(buf, s, len);
		return value_expr_alloc(&sym->loc, dt, BYTEORDER_HOST,
					dt->size ? dt->size : (len + 1) * 8, buf);
	}
}

static void string_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	size_t n = (e->len + 7) / 8, i;
	bool wildcard = true;

	(void)o;
	for (i = 0; i < n; i++) {
		if (!e->value.data[i]) {
			wildcard = false;
			break;
		}
	}
	if (e->dtype && e->dtype->size && n * 8 >= e->dtype->size)
		wildcard = false;
	fprintf(fp, "\"%.*s%s\"", (int)i, (const char *)e->value.data, wildcard ? "*" : "");
}

/* ---- addresses -------------------------------------------------------- */

static struct expr *ipaddr_parse(const struct datatype *dt, const struct expr *sym)
{
	uint8_t buf[16];
	int af = dt->id == TYPE_IPADDR ? AF_INET : AF_INET6;

	if (inet_pton(af, sym->sym.identifier, buf) != 1) {
		erec_error(&sym->loc, "Could not resolve hostname: \"%s\" is not an %s",
			   sym->sym.identifier, dt->desc);
		return NULL;
	}
	return value_expr_alloc(&sym->loc, dt, BYTEORDER_BIG, dt->size, buf);
}

static void ipaddr_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	char buf[INET6_ADDRSTRLEN];
	int af = e->dtype && e->dtype->id == TYPE_IP6ADDR ? AF_INET6 : AF_INET;

	(void)o;
	if (inet_ntop(af, e->value.data, buf, sizeof(buf)))
		fputs(buf, fp);
}

static struct expr *etheraddr_parse(const struct datatype *dt, const struct expr *sym)
{
	const char *s = sym->sym.identifier;
	uint8_t buf[6];
	unsigned int i;

	for (i = 0; i < 6; i++) {
		char *end;
		unsigned long b = strtoul(s, &end, 16);

		if (end == s || end - s > 2 || b > 0xff || (i < 5 ? *end != ':' : *end))
			goto err;
		buf[i] = b;
		s = end + 1;
	}
	return value_expr_alloc(&sym->loc, dt, BYTEORDER_BIG, 48, buf);
err:
	erec_error(&sym->loc, "Could not parse %s", dt->desc);
	return NULL;
}

static void etheraddr_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	const uint8_t *d = e->value.data;

	(void)o;
	fprintf(fp, "%02x:%02x:%02x:%02x:%02x:%02x", d[0], d[1], d[2], d[3], d[4], d[5]);
}

/* ---- numbers with names ------------------------------------------------ */

static void ethertype_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	uint64_t v = value_to_u64(e);
	const struct symbol *s = o && o->numeric ? NULL : sym_by_value(e->dtype->symbols, v);

	if (s)
		fputs(s->name, fp);
	else
		fprintf(fp, "0x%04" PRIx64, v);
}

static struct expr *protocol_parse(const struct datatype *dt, const struct expr *sym)
{
	const struct symbol *s = sym_by_name(dt->symbols, sym->sym.identifier);
	uint64_t v;
	int r;

	if (s)
		return new_value(dt, sym, s->value);
	r = parse_number(dt, sym, &v);
	if (r > 0)
		return new_value(dt, sym, v);
	if (r == 0)
		erec_error(&sym->loc, "Could not resolve protocol name");
	return NULL;
}

static void protocol_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	uint64_t v = value_to_u64(e);
	const struct symbol *s = NULL;

	if (!o || (!o->numeric && !o->numeric_proto))
		s = sym_by_value(e->dtype->symbols, v);
	if (s)
		fputs(s->name, fp);
	else
		fprintf(fp, "%" PRIu64, v);
}

static struct expr *service_parse(const struct datatype *dt, const struct expr *sym)
{
	const struct symbol *s;
	uint64_t v;

	if (parse_u64(sym->sym.identifier, &v)) {
		if (v > 0xffff) {
			erec_error(&sym->loc, "Service out of range");
			return NULL;
		}
		return new_value(dt, sym, v);
	}
	s = sym_by_name(&service_tbl, sym->sym.identifier);
	if (s)
		return new_value(dt, sym, s->value);
	erec_error(&sym->loc, "Could not resolve service: Servname not supported for ai_socktype");
	return NULL;
}

static struct expr *ifindex_parse(const struct datatype *dt, const struct expr *sym)
{
	unsigned int idx = if_nametoindex(sym->sym.identifier);
	uint64_t v;

	if (idx)
		return new_value(dt, sym, idx);
	if (parse_u64(sym->sym.identifier, &v) && v <= UINT32_MAX)
		return new_value(dt, sym, v);
	erec_error(&sym->loc, "Interface does not exist");
	return NULL;
}

static void ifindex_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	char name[IF_NAMESIZE];
	uint64_t v = value_to_u64(e);

	(void)o;
	if (if_indextoname(v, name))
		fprintf(fp, "\"%s\"", name);
	else
		fprintf(fp, "%" PRIu64, v);
}

static struct expr *uid_parse(const struct datatype *dt, const struct expr *sym)
{
	uint64_t v;
	int r = parse_number(dt, sym, &v);

	if (r > 0)
		return new_value(dt, sym, v);
	if (r < 0)
		return NULL;
	if (dt->id == TYPE_UID) {
		struct passwd *pw = getpwnam(sym->sym.identifier);

		if (pw)
			return new_value(dt, sym, pw->pw_uid);
		erec_error(&sym->loc, "User does not exist");
	} else {
		struct group *gr = getgrnam(sym->sym.identifier);

		if (gr)
			return new_value(dt, sym, gr->gr_gid);
		erec_error(&sym->loc, "Group does not exist");
	}
	return NULL;
}

/* ---- bitmasks: the one implementation ---------------------------------- */

/*
 * A bitmask value holds any number of bits. Bit i of a host order value
 * is bit i%8 of byte i/8 (what the kernel does for ct label; the same
 * layout as little endian integers, which host order values are here).
 * The symbols of ct label are the label table's names, and its numbers
 * are bit indices; other bitmask types use a symbol table and numbers
 * are raw values.
 */
static bool is_label(const struct datatype *dt)
{
	return dt == &ct_label_type;
}

static bool value_bit(const struct expr *e, unsigned int bit)
{
	if (e->len > 64 || e->byteorder != BYTEORDER_BIG)
		return bit < e->len && (e->value.data[bit / 8] >> (bit % 8)) & 1;
	return bit < e->len && (value_to_u64(e) >> bit) & 1;
}

struct expr *bitmask_parse(const struct datatype *dt, const struct expr *sym)
{
	uint8_t buf[VALUE_MAX_BYTES] = { 0 };
	unsigned int bit;

	if (!is_label(dt))
		return symbolic_parse(dt, sym);
	/* names and bit numbers: the label table owns both, and their errors */
	if (labels_lookup(sym->sym.identifier, &sym->loc, &bit) < 0)
		return NULL;
	buf[bit / 8] = 1u << (bit % 8);
	return value_expr_alloc(&sym->loc, dt, BYTEORDER_HOST, dt->size, buf);
}

static void bitmask_print_bit(const struct expr *e, unsigned int bit,
			      const struct output_ctx *o, FILE *fp)
{
	const struct datatype *dt = e->dtype;
	const struct symbol *s;
	const char *name;

	if (is_label(dt)) {
		name = o && o->numeric ? NULL : labels_name(bit);
		if (name)
			fprintf(fp, "\"%s\"", name);
		else
			fprintf(fp, "%u", bit);
		return;
	}
	s = o && o->numeric ? NULL : sym_by_value(dt->symbols, 1ULL << bit);
	if (s)
		fputs(s->name, fp);
	else
		fprintf(fp, "0x%" PRIx64, (uint64_t)1 << bit);
}

void bitmask_print_sep(const struct expr *e, const struct output_ctx *o, FILE *fp,
		       const char *sep)
{
	unsigned int bit;
	bool first = true;

	if (!is_label(e->dtype) && value_is_zero(e)) {
		fputs("0x0", fp);
		return;
	}
	/* -n: each bit in hex, as upstream (`ct state 0x2,0x4`); label
	 * bits by number (`ct label 0,127`) */
	for (bit = 0; bit < e->len; bit++) {
		if (!value_bit(e, bit))
			continue;
		if (!first)
			fputs(sep, fp);
		first = false;
		bitmask_print_bit(e, bit, o, fp);
	}
	if (first)
		fputs("0", fp);		/* an empty label set */
}

void bitmask_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	bitmask_print_sep(e, o, fp, ",");
}

static struct expr *verdict_parse(const struct datatype *dt, const struct expr *sym)
{
	(void)dt;
	erec_error(&sym->loc, "Could not parse verdict");
	return NULL;
}

static void verdict_print(const struct expr *e, const struct output_ctx *o, FILE *fp)
{
	(void)o;
	if (e->kind != EXPR_VERDICT)
		return;
	switch (e->verdict.code) {
	case NF_ACCEPT:
		fputs("accept", fp);
		break;
	case NF_DROP:
		fputs("drop", fp);
		break;
	case NFT_CONTINUE:
		fputs("continue", fp);
		break;
	case NFT_RETURN:
		fputs("return", fp);
		break;
	case NFT_JUMP:
		fprintf(fp, "jump %s", e->verdict.chain);
		break;
	case NFT_GOTO:
		fprintf(fp, "goto %s", e->verdict.chain);
		break;
	default:
		fprintf(fp, "%d", e->verdict.code);
	}
}

/* ---- the types --------------------------------------------------------- */

const struct datatype integer_type = {
	.id = TYPE_INTEGER, .name = "integer", .desc = "integer",
	.size = 0, .byteorder = BYTEORDER_HOST,
	.parse = integer_parse, .print = integer_print,
};

const struct datatype string_type = {
	.id = TYPE_STRING, .name = "string", .desc = "string",
	.size = 0, .byteorder = BYTEORDER_HOST,
	.parse = string_parse, .print = string_print,
};

const struct datatype time_type = {
	.id = TYPE_TIME, .name = "time", .desc = "relative time",
	.size = 64, .byteorder = BYTEORDER_HOST, .basetype = &integer_type,
	.parse = time_parse, .print = time_print,
};

const struct datatype ifname_type = {
	.id = TYPE_IFNAME, .name = "ifname", .desc = "network interface name",
	.size = 16 * 8, .byteorder = BYTEORDER_HOST, .basetype = &string_type,
	.parse = string_parse, .print = string_print,
};

const struct datatype verdict_type = {
	.id = TYPE_VERDICT, .name = "verdict", .desc = "verdict",
	.size = 32, .byteorder = BYTEORDER_HOST,
	.parse = verdict_parse, .print = verdict_print,
};

const struct datatype nfproto_type = {
	.id = TYPE_NFPROTO, .name = "nf_proto", .desc = "netfilter protocol",
	.size = 8, .byteorder = BYTEORDER_HOST, .symbols = &nfproto_tbl,
	.basetype = &integer_type,
	.parse = symbolic_parse, .print = symbolic_print,
};

const struct datatype ipaddr_type = {
	.id = TYPE_IPADDR, .name = "ipv4_addr", .desc = "IPv4 address",
	.size = 32, .byteorder = BYTEORDER_BIG, .basetype = &integer_type,
	.parse = ipaddr_parse, .print = ipaddr_print,
};

const struct datatype ip6addr_type = {
	.id = TYPE_IP6ADDR, .name = "ipv6_addr", .desc = "IPv6 address",
	.size = 128, .byteorder = BYTEORDER_BIG, .basetype = &integer_type,
	.parse = ipaddr_parse, .print = ipaddr_print,
};

const struct datatype etheraddr_type = {
	.id = TYPE_ETHERADDR, .name = "ether_addr", .desc = "Ethernet address",
	.size = 48, .byteorder = BYTEORDER_BIG, .basetype = &integer_type,
	.parse = etheraddr_parse, .print = etheraddr_print,
};

const struct datatype ethertype_type = {
	.id = TYPE_ETHERTYPE, .name = "ether_type", .desc = "Ethernet protocol",
	.size = 16, .byteorder = BYTEORDER_BIG, .symbols = &ethertype_tbl,
	.basetype = &integer_type,
	.parse = symbolic_parse, .print = ethertype_print,
};

const struct datatype inet_protocol_type = {
	.id = TYPE_INET_PROTOCOL, .name = "inet_proto", .desc = "Internet protocol",
	.size = 8, .byteorder = BYTEORDER_BIG, .symbols = &protocol_tbl,
	.basetype = &integer_type,
	.parse = protocol_parse, .print = protocol_print,
};

const struct datatype inet_service_type = {
	.id = TYPE_INET_SERVICE, .name = "inet_service", .desc = "internet network service",
	.size = 16, .byteorder = BYTEORDER_BIG, .basetype = &integer_type,
	.parse = service_parse, .print = integer_print,
};

const struct datatype icmp_type_type = {
	.id = TYPE_ICMP_TYPE, .name = "icmp_type", .desc = "ICMP type",
	.size = 8, .byteorder = BYTEORDER_BIG, .symbols = &icmp_type_tbl,
	.basetype = &integer_type,
	.parse = symbolic_parse, .print = symbolic_print,
};

const struct datatype icmp6_type_type = {
	.id = TYPE_ICMP6_TYPE, .name = "icmpv6_type", .desc = "ICMPv6 type",
	.size = 8, .byteorder = BYTEORDER_BIG, .symbols = &icmp6_type_tbl,
	.basetype = &integer_type,
	.parse = symbolic_parse, .print = symbolic_print,
};

const struct datatype tcp_flag_type = {
	.id = TYPE_TCP_FLAG, .name = "tcp_flag", .desc = "TCP flag",
	.size = 8, .byteorder = BYTEORDER_BIG, .bitmask = true, .symbols = &tcp_flag_tbl,
	.basetype = &integer_type,
	.parse = bitmask_parse, .print = bitmask_print,
};

const struct datatype mark_type = {
	.id = TYPE_MARK, .name = "mark", .desc = "packet mark",
	.size = 32, .byteorder = BYTEORDER_HOST, .basetype = &integer_type,
	.parse = integer_parse, .print = hex_print,
};

const struct datatype ifindex_type = {
	.id = TYPE_IFINDEX, .name = "iface_index", .desc = "network interface index",
	.size = 32, .byteorder = BYTEORDER_HOST, .basetype = &integer_type,
	.parse = ifindex_parse, .print = ifindex_print,
};

const struct datatype arphrd_type = {
	.id = TYPE_ARPHRD, .name = "iface_type", .desc = "interface type",
	.size = 16, .byteorder = BYTEORDER_HOST, .symbols = &arphrd_tbl,
	.basetype = &integer_type,
	.parse = symbolic_parse, .print = symbolic_print,
};

const struct datatype uid_type = {
	.id = TYPE_UID, .name = "uid", .desc = "user ID",
	.size = 32, .byteorder = BYTEORDER_HOST, .basetype = &integer_type,
	.parse = uid_parse, .print = integer_print,
};

const struct datatype gid_type = {
	.id = TYPE_GID, .name = "gid", .desc = "group ID",
	.size = 32, .byteorder = BYTEORDER_HOST, .basetype = &integer_type,
	.parse = uid_parse, .print = integer_print,
};

const struct datatype ct_state_type = {
	.id = TYPE_CT_STATE, .name = "ct_state", .desc = "conntrack state",
	.size = 32, .byteorder = BYTEORDER_HOST, .bitmask = true, .symbols = &ct_state_tbl,
	.basetype = &integer_type,
	.parse = bitmask_parse, .print = bitmask_print,
};

const struct datatype ct_status_type = {
	.id = TYPE_CT_STATUS, .name = "ct_status", .desc = "conntrack status",
	.size = 32, .byteorder = BYTEORDER_HOST, .bitmask = true, .symbols = &ct_status_tbl,
	.basetype = &integer_type,
	.parse = bitmask_parse, .print = bitmask_print,
};

const struct datatype ct_dir_type = {
	.id = TYPE_CT_DIR, .name = "ct_dir", .desc = "conntrack direction",
	.size = 8, .byteorder = BYTEORDER_HOST, .symbols = &ct_dir_tbl,
	.basetype = &integer_type,
	.parse = symbolic_parse, .print = symbolic_print,
};

const struct datatype ct_label_type = {
	.id = TYPE_CT_LABEL, .name = "ct_label", .desc = "conntrack label",
	.size = LABEL_BITS_KERNEL, .byteorder = BYTEORDER_HOST, .bitmask = true,
	.basetype = &integer_type,
	.parse = bitmask_parse, .print = bitmask_print,
};

static const struct datatype *const all_types[] = {
	&verdict_type, &time_type, &nfproto_type, &integer_type, &string_type, &ipaddr_type,
	&ip6addr_type, &etheraddr_type, &ethertype_type, &inet_protocol_type,
	&inet_service_type, &icmp_type_type, &tcp_flag_type, &mark_type,
	&ifindex_type, &arphrd_type, &uid_type, &gid_type, &ct_state_type,
	&ct_dir_type, &ct_status_type, &icmp6_type_type, &ct_label_type,
	&ifname_type,
};

const struct datatype *datatype_by_id(uint32_t id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all_types); i++)
		if (all_types[i]->id == id)
			return all_types[i];
	return &integer_type;
}

const struct datatype *datatype_basetype(const struct datatype *dt)
{
	while (dt && dt->basetype)
		dt = dt->basetype;
	return dt;
}
