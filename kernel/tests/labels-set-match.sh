#!/usr/bin/env bash
# labels-set-match.sh: `ct label set` from a rule labels the live connection,
# `ct label X` then matches later packets of it in both directions (counted
# separately), bits 0 and 127 work end to end, bit 128 is refused, set ORs
# bits in, no rule clears one, labels outlive the rule that set them, and
# only ctnetlink (or deleting the connection) removes them.  TCP, UDP, ICMP
# through a router namespace.  See kernel/README.md.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/kt.sh"
kt_init labels-set-match socat conntrack ping ss
kt_labels <"$here/lib/labels.conf"
kt_topology
tcp_server 80; udp_server 53
check "servers listen" eval 'wait_listen server tcp 80 && wait_listen server udp 53'

check "load the labeling ruleset" run_in router "$NFT" -f - <<'R'
table inet t {
	chain fw {
		type filter hook forward priority filter; policy accept;
		ct state new udp dport 53 ct label set "zero"
		ct state new udp dport 53 ct label set "top"
		ct state new tcp dport 80 ct label set "zero"
		ct state new meta l4proto icmp ct label set "top"
		ct direction original ct label "zero" udp dport 53 counter comment "udp-zero-orig"
		ct direction reply ct label "zero" udp sport 53 counter comment "udp-zero-reply"
		ct direction original ct label "top" udp dport 53 counter comment "udp-top-orig"
		ct direction reply ct label "top" udp sport 53 counter comment "udp-top-reply"
		ct direction original ct label "zero" tcp dport 80 counter comment "tcp-orig"
		ct direction reply ct label "zero" tcp sport 80 counter comment "tcp-reply"
		ct direction original ct label "top" icmp type echo-request counter comment "icmp-orig"
		ct direction reply ct label "top" icmp type echo-reply counter comment "icmp-reply"
		ct label "one" counter comment "one"
	}
}
R
check "UDP: 3 requests from one source port answered" eval 'udp_req 53 2000 && udp_req 53 2000 && udp_req 53 2000'
check "TCP: one request answered" tcp_req 80 2001
check "ICMP: 3 pings answered" ping_n 3
list_router
check "udp bit 0: 3 original-direction packets matched" eq "$(counter udp-zero-orig)" 3
check "udp bit 0: 3 reply-direction packets matched" eq "$(counter udp-zero-reply)" 3
check "udp bit 127: 3 original-direction packets matched" eq "$(counter udp-top-orig)" 3
check "udp bit 127: 3 reply-direction packets matched" eq "$(counter udp-top-reply)" 3
check "tcp bit 0: original-direction packets matched (>= 3: SYN, ACK, data)" ge "$(counter tcp-orig)" 3
check "tcp bit 0: reply-direction packets matched (>= 2: SYN-ACK, data)" ge "$(counter tcp-reply)" 2
check "icmp bit 127: 3 echo requests matched" eq "$(counter icmp-orig)" 3
check "icmp bit 127: 3 echo replies matched" eq "$(counter icmp-reply)" 3
check "an unset bit never matches (ct label \"one\" counts 0)" eq "$(counter one)" 0
ct_list
check "conntrack shows bits 0 and 127 on the udp flow: labels=zero,top" grepq 'sport=2000 dport=53 .*labels=zero,top$' "$tmp/ct.txt"
check "conntrack shows bit 0 on the tcp flow: labels=zero" grepq 'sport=2001 dport=80 .*labels=zero$' "$tmp/ct.txt"
check "conntrack shows bit 127 on the icmp flow: labels=top" grepq '^icmp .*labels=top$' "$tmp/ct.txt"

# ---- bit 128 ---------------------------------------------------------------
b128() {
	! run_in router "$NFT" add rule inet t fw ct label set 128 2>"$tmp/b128.err" || { echo "accepted"; return 1; }
	cat "$tmp/b128.err"; grep -q 128 "$tmp/b128.err"
}
check "nft refuses ct label set 128 with a message naming 128" b128
b128m() {
	! run_in router "$NFT" add rule inet t fw ct label 128 counter 2>"$tmp/b128.err" || { echo "accepted"; return 1; }
	cat "$tmp/b128.err"; grep -q 128 "$tmp/b128.err"
}
check "nft refuses ct label 128 (match) with a message naming 128" b128m
# the kernel itself cannot be asked for bit 128: an nf_tables data value
# (struct nft_data) is at most 16 bytes, so a 17-byte immediate (bit 1 plus
# the would-be bit 128 in byte 16) is refused with EOVERFLOW before any ct
# expression sees it; 16 bytes with bit 127 are fine.
if command -v python3 >/dev/null; then
	run_in router "$NFT" -f - <<'R'
table inet raw17 {
	chain fw {
		type filter hook forward priority filter + 10; policy accept;
	}
}
R
	check "kernel refuses [ immediate reg 1 (17 bytes) ] [ ct set label ] with EOVERFLOW" \
		eq "$(run_in router python3 "$here/lib/nlraw.py" nft-set-label inet raw17 fw 0200000000000000000000000000000001)" EOVERFLOW
	check "kernel accepts the same with 16 bytes (bit 127)" \
		eq "$(run_in router python3 "$here/lib/nlraw.py" nft-set-label inet raw17 fw 00000000000000000000000000000080)" OK
	run_in router "$NFT" delete table inet raw17
else
	skip "kernel 17-byte ct set label" "no python3"
fi

# ---- OR, stickiness, clearing ---------------------------------------------
check "add a rule setting a second bit on established udp packets" \
	run_in router "$NFT" add rule inet t fw ct state established udp dport 53 ct label set "mid"
check "UDP: 4th request on the same flow answered" udp_req 53 2000
ct_list
check "set ORs: the flow keeps bits 0 and 127 and gains 40 (labels=zero,mid,top)" grepq 'sport=2000 dport=53 .*labels=zero,mid,top$' "$tmp/ct.txt"
if command -v python3 >/dev/null; then
	run_in router "$NFT" add table inet zero
	run_in router "$NFT" add chain inet zero fw '{ type filter hook forward priority filter + 10; }'
	check "kernel accepts ct set label with an all-zero value" \
		eq "$(run_in router python3 "$here/lib/nlraw.py" nft-set-label inet zero fw 00000000000000000000000000000000)" OK
	check "UDP: 5th request through the all-zero set rule answered" udp_req 53 2000
	ct_list
	check "an all-zero set clears nothing (labels=zero,mid,top)" grepq 'sport=2000 dport=53 .*labels=zero,mid,top$' "$tmp/ct.txt"
	run_in router "$NFT" delete table inet zero
else
	skip "all-zero ct set label" "no python3"
fi
check "delete every rule that sets labels (flush chain, keep matches)" eval \
	'run_in router "$NFT" flush chain inet t fw && run_in router "$NFT" add rule inet t fw ct direction reply ct label "mid" counter comment "mid-reply"'
check "UDP: 6th request answered" udp_req 53 2000
list_router; ct_list
check "labels outlive the rules that set them (labels=zero,mid,top)" grepq 'sport=2000 dport=53 .*labels=zero,mid,top$' "$tmp/ct.txt"
check "and still match: the reply matched ct label \"mid\"" eq "$(counter mid-reply)" 1
check "ctnetlink clears a bit: conntrack -U -f ipv4 --label-del zero" \
	run_in router conntrack -U -f ipv4 -p udp --sport 2000 --dport 53 --label-del zero
ct_list
check "after --label-del zero: labels=mid,top" grepq 'sport=2000 dport=53 .*labels=mid,top$' "$tmp/ct.txt"
check "conntrack -D deletes the flow and its labels" run_in router conntrack -D -f ipv4 -p udp --sport 2000 --dport 53
check "UDP: request after conntrack -D answered (new connection)" udp_req 53 2000
ct_list
nolab() { grep 'sport=2000 dport=53' "$tmp/ct.txt" && ! grep 'sport=2000 dport=53 .*labels=' "$tmp/ct.txt"; }
check "the re-created connection starts without labels" nolab
finish
