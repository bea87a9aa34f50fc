#!/usr/bin/env bash
# labels-iptables.sh: interoperability with iptables' connlabel match
# (xt_connlabel; iptables reads /etc/xtables/connlabel.conf): labels set by
# our nft rules are matched by `iptables -m connlabel --label X`, labels set
# by `iptables -m connlabel --label X --set` are matched by our nft rules.
# Runs with iptables-nft (nft_compat) and iptables-legacy (x_tables), each
# when installed and accepted by the kernel.  See kernel/README.md.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/kt.sh"
kt_init labels-iptables socat conntrack ss
kt_labels <"$here/lib/labels.conf"
kt_topology
udp_server 53
check "server listens" wait_listen server udp 53
ipt_pkts() { # IPT COMMENT: packets of the FORWARD rule with that comment
	run_in router "$1" -L FORWARD -v -x -n | awk -v c="/* $2 */" 'index($0, c) { print $1 }'
}
sp=8000
for ipt in iptables-nft iptables-legacy; do
	if ! command -v $ipt >/dev/null; then skip "$ipt" "not installed"; continue; fi
	if ! run_in router $ipt -A FORWARD -p udp --dport 53 -m connlabel --label w3 --set -m comment --comment set-w3 2>"$tmp/e"; then
		skip "$ipt" "kernel refuses: $(head -n1 "$tmp/e")"; continue
	fi
	run_in router $ipt -A FORWARD -p udp -m connlabel --label w1-low -m comment --comment match-w1-low
	run_in router $ipt -A FORWARD -p udp -m connlabel ! --label w1-low -m comment --comment not-w1-low
	check "$ipt: nft ruleset next to it" run_in router "$NFT" -f - <<'R'
table inet t {
	chain fw {
		type filter hook forward priority filter - 10; policy accept;
		ct state new udp dport 53 ct label set "w1-low"
	}
	chain after {
		type filter hook forward priority filter + 10; policy accept;
		ct label "w3" counter comment "nft-w3"
		ct label "w3" ct label "w1-low" counter comment "nft-both"
	}
}
R
	sp=$((sp + 1))
	check "$ipt: 2 requests on one flow answered" eval "udp_req 53 $sp && udp_req 53 $sp"
	list_router
	check "$ipt: -m connlabel --label w1-low matched nft-set label on all 4 packets" eq "$(ipt_pkts $ipt match-w1-low)" 4
	check "$ipt: -m connlabel ! --label w1-low matched none" eq "$(ipt_pkts $ipt not-w1-low)" 0
	check "$ipt: nft ct label \"w3\" matched the iptables-set label on all 4 packets" eq "$(counter nft-w3)" 4
	check "$ipt: nft ct label \"w3\" ct label \"w1-low\" matched 4" eq "$(counter nft-both)" 4
	ct_list
	check "$ipt: conntrack shows both: labels=w1-low,w3" grepq "sport=$sp dport=53 .*labels=w1-low,w3\$" "$tmp/ct.txt"
	run_in router $ipt -F FORWARD
	run_in router "$NFT" delete table inet t
done
finish
