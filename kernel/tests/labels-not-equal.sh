#!/usr/bin/env bash
# labels-not-equal.sh: `ct label != X` never matches a connection carrying
# X, whatever other labels it has; combinations with bits in all four
# 32-bit words, bits 0 and 127; and an untracked packet (rule stops).
# Checks marked (fix) are EXPECTED TO FAIL with upstream nft 1.0.6, whose
# `ct label != X` is `cmp neq reg 1 X` (all 128 bits compared: fail-open).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/kt.sh"
kt_init labels-not-equal socat conntrack ss
kt_labels <"$here/lib/labels.conf"
kt_topology
udp_server 53
check "server listens" wait_listen server udp 53
# flows by source port:    9001 {zero}  9002 {zero,top}  9003 {one,w1-low,top}
#                          9004 {mid,w2-low,w3}  9005 {} (storage, no bit)  9006 {top}
check "load the ruleset" run_in router "$NFT" -f - <<'R'
table inet t {
	chain fw {
		type filter hook forward priority filter; policy accept;
		ct state new udp sport 9001 ct label set "zero"
		ct state new udp sport 9002 ct label set "zero"
		ct state new udp sport 9002 ct label set "top"
		ct state new udp sport 9003 ct label set "one"
		ct state new udp sport 9003 ct label set "w1-low"
		ct state new udp sport 9003 ct label set "top"
		ct state new udp sport 9004 ct label set "mid"
		ct state new udp sport 9004 ct label set "w2-low"
		ct state new udp sport 9004 ct label set "w3"
		ct state new udp sport 9006 ct label set "top"
		ct state new udp dport 53 ct label != "zero" counter comment "ne-zero"
		ct state new udp dport 53 ct label != "top" counter comment "ne-top"
		ct state new udp dport 53 ct label != "one" counter comment "ne-one"
		ct state new udp dport 53 ct label != "w1-low" counter comment "ne-w1-low"
		ct state new udp dport 53 ct label != "w3" counter comment "ne-w3"
		ct state new udp dport 53 ct label "top" ct label != "zero" counter comment "top-not-zero"
		ct state new udp dport 53 ct label "zero" ct label != "zero" counter comment "zero-not-zero"
		ct state new udp dport 53 ct label "top" ct label != "top" counter comment "top-not-top"
		ct state new udp dport 53 ct label != "mid" ct label != "one" counter comment "not-mid-not-one"
	}
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		udp dport 5454 notrack
	}
	chain un {
		type filter hook forward priority filter + 1; policy accept;
		udp dport 5454 counter comment "untracked"
		udp dport 5454 ct label != "zero" counter comment "untracked-ne-zero"
		udp dport 5454 ct label "zero" counter comment "untracked-zero"
	}
}
R
all() { local p; for p in 9001 9002 9003 9004 9005 9006; do udp_req 53 $p || return 1; done; }
check "6 flows answered" all
echo q | run_in client timeout 2 socat -T 0.3 - UDP4:10.2.0.2:5454 >/dev/null 2>&1
list_router
check_fix "ct label != zero: 4 (not 9001 {zero}, not 9002 {zero,top})" eq "$(counter ne-zero)" 4
check_fix "ct label != top: 3 (9001, 9004, 9005)" eq "$(counter ne-top)" 3
check_fix "ct label != one: 5 (only 9003 carries it, with w1-low and top)" eq "$(counter ne-one)" 5
check_fix "ct label != w1-low (bit 32, word 1): 5" eq "$(counter ne-w1-low)" 5
check_fix "ct label != w3 (bit 100, word 3): 5" eq "$(counter ne-w3)" 5
check_fix "ct label top ct label != zero: 2 (9003, 9006)" eq "$(counter top-not-zero)" 2
check_fix "ct label zero ct label != zero: 0" eq "$(counter zero-not-zero)" 0
check_fix "ct label top ct label != top: 0" eq "$(counter top-not-top)" 0
check_fix "ct label != mid ct label != one: 4 (not 9003, not 9004)" eq "$(counter not-mid-not-one)" 4
check "an untracked packet reached the forward chain" eq "$(counter untracked)" 1
check "untracked: the rule stops (NFT_BREAK): ct label != zero does not match either" eq "$(counter untracked-ne-zero)" 0
check "untracked: ct label zero does not match" eq "$(counter untracked-zero)" 0
finish
