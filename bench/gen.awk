# gen.awk: label-heavy benchmark ruleset with N rules (awk -v N=1000 -f gen.awk)
#
# One table inet, one base chain jumping to ceil(N/1000) regular chains of
# 1000 rules each.  The rules cycle through eight shapes: `ct label set`,
# `ct label X ct label != Y counter`, addresses, prefixes, ports, anonymous
# sets of ports and prefixes, interfaces, comments, IPv6, meta mark.  Every
# value depends on the rule number, so no two consecutive rules are equal.
# Anonymous sets (`{ ... }`) are in 1 rule out of 100 only: the kernel's
# anonymous set creation is quadratic in the number of sets of a table
# (sys time, the same for every nft; 20,000 rules with 7,500 sets take 35 s).
# The whole file is one transaction (`flush ruleset` first).
BEGIN {
	nl = split("from-lan from-wan from-dmz from-vpn from-mgmt zone-trusted zone-guest zone-servers zone-iot http https ssh dns voip icmp ntp smtp bulk wan1-billing wan2-billing quarantine rate-limited audited", L, " ")
	per = 1000
	nch = int((N + per - 1) / per)
	print "flush ruleset"
	print "table inet bench {"
	print "\tchain input {"
	print "\t\ttype filter hook input priority filter; policy accept;"
	for (c = 0; c < nch; c++)
		printf "\t\tiifname \"eth%d\" jump c%d\n", c % 16, c
	print "\t}"
	for (i = 0; i < N; i++) {
		if (i % per == 0) {
			if (i) print "\t}"
			printf "\tchain c%d {\n", i / per
		}
		a = L[i % nl + 1]; b = L[(i * 7 + 3) % nl + 1]
		if (a == b) b = L[(i * 7 + 4) % nl + 1]
		p = 1024 + i % 60000
		o2 = int(i / 256) % 256; o3 = i % 256
		k = i % 8
		if (k == 0)
			printf "\t\ttcp dport %d ct label set \"%s\"\n", p, a
		else if (k == 1)
			printf "\t\tct label \"%s\" ct label != \"%s\" counter\n", a, b
		else if (k == 2 && i % 200 != 2)
			printf "\t\tip saddr 10.%d.%d.1 ip daddr 172.16.%d.0/24 tcp dport %d accept\n", o2, o3, o3, p
		else if (k == 3 && i % 200 != 3)
			printf "\t\tip saddr 10.%d.0.0/16 tcp dport %d ct label set \"%s\",\"%s\"\n", o3, p, a, b
		else if (k == 2)
			printf "\t\tip saddr 10.%d.%d.1 ip daddr 172.16.%d.0/24 tcp dport { %d, %d, %d } accept\n", o2, o3, o3, p, p + 1, p + 2
		else if (k == 3)
			printf "\t\tip saddr { 10.%d.0.0/16, 192.168.%d.0/24 } tcp dport { %d, %d, %d, %d } ct label set \"%s\",\"%s\"\n", o3, o3, p, p + 10, p + 20, p + 30, a, b
		else if (k == 4)
			printf "\t\tudp dport %d ct label \"%s\" counter drop\n", p, a
		else if (k == 5)
			printf "\t\tiifname \"eth%d\" ct state new ct label set \"%s\" comment \"rule %d\"\n", i % 16, a, i
		else if (k == 6)
			printf "\t\tip6 saddr 2001:db8::%x ct label \"%s\",\"%s\" counter accept\n", i % 65536, a, b
		else
			printf "\t\tmeta mark 0x%08x ct label != \"%s\" accept\n", i, a
	}
	if (N) print "\t}"
	print "}"
}
