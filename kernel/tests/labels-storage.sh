#!/usr/bin/env bash
# labels-storage.sh: label storage (the NF_CT_EXT_LABELS extension) is
# attached to a connection only when it is created while the namespace
# uses labels.  A connection created before gets no label from a later rule
# and cannot be labeled over ctnetlink (ENOSPC); deleting it (conntrack -D)
# lets the next packet re-create it with storage.  Which rulesets attach
# storage: a set rule, a match-only rule (6.18, not 6.1: lib/kfacts.sh), an iptables
# connlabel match; none after `flush ruleset`.  See kernel/README.md.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/kt.sh"
kt_init labels-storage socat conntrack ss
kt_labels <"$here/lib/labels.conf"
kt_topology
udp_server 53
check "server listens" wait_listen server udp 53
have_py=0; command -v python3 >/dev/null && have_py=1
# raw ctnetlink update of flow 10.1.0.2:SPORT -> 10.2.0.2:53 setting bit 1
raw_add() { run_in router python3 "$here/lib/nlraw.py" ct-update 10.1.0.2 10.2.0.2 udp "$1" 53 02000000000000000000000000000000 02000000000000000000000000000000; }
ct_only() { # conntrack in use, no labels
	run_in router "$NFT" -f - <<'R'
table inet pre {
	chain fw {
		type filter hook forward priority filter - 1; policy accept;
		ct state new counter
	}
}
R
}
check "load a conntrack ruleset without labels" ct_only
check "early flow (sport 3000) created" udp_req 53 3000
check "load the labeling ruleset" run_in router "$NFT" -f - <<'R'
table inet t {
	chain fw {
		type filter hook forward priority filter; policy accept;
		udp dport 53 ct label set "mid"
		udp sport 3000 ct label "mid" counter comment "early-reply-mid"
		udp dport 53 ct label != "mid" counter comment "orig-not-mid"
	}
}
R
check "early flow: second request answered" udp_req 53 3000
check "new flow (sport 3001) answered" udp_req 53 3001
list_router; ct_list
check "new flow is labeled: labels=mid" grepq 'sport=3001 dport=53 .*labels=mid$' "$tmp/ct.txt"
nolab() { grep "sport=$1 dport=53" "$tmp/ct.txt" && ! grep "sport=$1 dport=53 .*labels=" "$tmp/ct.txt"; }
check "early flow: the later rule gave it no label (no labels= in conntrack -L)" nolab 3000
check "early flow: its reply never matched ct label \"mid\"" eq "$(counter early-reply-mid)" 0
check "early flow: reads as all zero (ct label != \"mid\" matched its request)" eq "$(counter orig-not-mid)" 1
enospc() {
	run_in router conntrack -U -f ipv4 -p udp --sport 3000 --dport 53 --label-add one >"$tmp/u.out" 2>&1
	echo "exit status $?" >>"$tmp/u.out"; cat "$tmp/u.out"
	grep -q 'Operation failed: No space left on device' "$tmp/u.out"
}
check "conntrack -U --label-add on the early flow: \"Operation failed: No space left on device\"" enospc
check "conntrack 1.4.7 still exits 0 and says 1 entry updated" eval 'grep -q "exit status 0" "$tmp/u.out" && grep -q "1 flow entries have been updated" "$tmp/u.out"'
if [ $have_py = 1 ]; then
	check "raw ctnetlink CTA_LABELS update on the early flow: ENOSPC" eq "$(raw_add 3000)" ENOSPC
	check "raw ctnetlink CTA_LABELS update on the new flow: OK" eq "$(raw_add 3001)" OK
else
	skip "raw ctnetlink ENOSPC" "no python3"
fi
check "the fix: conntrack -D the early flow" run_in router conntrack -D -f ipv4 -p udp --sport 3000 --dport 53
check "early flow re-created by its next request" udp_req 53 3000
ct_list
check "re-created flow is labeled: labels=mid" grepq 'sport=3000 dport=53 .*labels=mid$' "$tmp/ct.txt"

# ---- which rulesets attach storage -----------------------------------------
# probe SPORT: create flow SPORT and report whether it has label storage
# (a ctnetlink label update succeeds: "yes", ENOSPC: "no")
probe() {
	udp_req 53 "$1" || { echo "no answer"; return; }
	if [ $have_py = 1 ]; then
		case $(raw_add "$1") in OK) echo yes ;; ENOSPC) echo no ;; *) echo error ;; esac
	else
		run_in router conntrack -U -f ipv4 -p udp --sport "$1" --dport 53 --label-add one 2>&1 |
			grep -q 'No space left' && echo no || echo yes
	fi
}
check "flush ruleset; conntrack-only ruleset" eval 'run_in router "$NFT" flush ruleset && ct_only'
ct_list
check "flush ruleset leaves existing flows their labels (sport 3001: labels=one,mid)" grepq 'sport=3001 dport=53 .*labels=one,mid$' "$tmp/ct.txt"
check "after flush ruleset new flows get no storage" eq "$(probe 3002)" no
check "load a match-only label ruleset (ct label \"zero\" counter)" run_in router "$NFT" -f - <<'R'
table inet m {
	chain fw {
		type filter hook forward priority filter; policy accept;
		ct label "zero" counter
	}
}
R
kv=$(uname -r)
# version-dependent (lib/kfacts.sh labels-match-only-storage): 6.18 yes, 6.1 no
case $(kfact labels-match-only-storage) in
yes) check "kernel $kv: a match-only rule attaches storage to new flows" eq "$(probe 3003)" yes ;;
no) check "kernel $kv: a match-only rule attaches no storage (as 6.1: only set rules take the label count)" eq "$(probe 3003)" no ;;
*) skip "match-only rule attaches storage" "$(kfact_why labels-match-only-storage); observed '$(probe 3003)'" ;;
esac
check "delete it (flush ruleset, conntrack-only ruleset)" eval 'run_in router "$NFT" flush ruleset && ct_only'
check "again no storage for new flows" eq "$(probe 3004)" no
check "a set rule attaches storage (ct label set \"zero\" on another port)" eval \
	'run_in router "$NFT" add table inet s && run_in router "$NFT" add chain inet s fw "{ type filter hook forward priority filter; }" && run_in router "$NFT" add rule inet s fw udp dport 9 ct label set "zero"'
check "with the set rule loaded, flows it never touched get storage too" eq "$(probe 3005)" yes
run_in router "$NFT" delete table inet s
check "after deleting the set rule's table, no storage" eq "$(probe 3006)" no
if command -v iptables >/dev/null && run_in router iptables -A FORWARD -m connlabel --label zero 2>"$tmp/ipt.err"; then
	check "with an iptables -m connlabel match ($(iptables -V)): storage" eq "$(probe 3007)" yes
	run_in router iptables -F FORWARD
	check "after iptables -F: no storage" eq "$(probe 3008)" no
else
	skip "iptables -m connlabel attaches storage" "iptables missing or refused: $(cat "$tmp/ipt.err" 2>/dev/null)"
fi
finish
