#!/usr/bin/env bash
# labels-events.sh: which label changes produce conntrack events
# (conntrack -E -o labels, a ctnetlink listener).  Facts pinned: the
# net.netfilter.nf_conntrack_events default in a new namespace (2); a label
# set on the first packet comes in the NEW event; CTA_LABELS is in an event
# only when labels changed (the reply's status UPDATE has none); a later
# packet-path change is an UPDATE with CTA_LABELS; re-setting a bit already
# set emits nothing; every ctnetlink update emits an UPDATE [USERSPACE] with
# the labels, changed or not, also for one created by conntrack -I; a
# connection created while no ctnetlink listener existed anywhere never
# reports anything; one created while a listener ran in ANOTHER namespace
# reports later (both kernels track listeners machine-wide, not per
# namespace); with the sysctl at 0
# new connections report nothing.  See kernel/README.md.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/kt.sh"
kt_init labels-events socat conntrack ss stdbuf
kt_labels <"$here/lib/labels.conf"
ip netns add fresh
check "a new namespace has net.netfilter.nf_conntrack_events = 2 (enable when a listener exists)" \
	eq "$(run_in fresh sysctl -n net.netfilter.nf_conntrack_events)" 2
kt_topology
check "the router namespace too (2)" eq "$(run_in router sysctl -n net.netfilter.nf_conntrack_events)" 2
udp_server 53
check "server listens" wait_listen server udp 53
check "load the labeling ruleset" run_in router "$NFT" -f - <<'R'
table inet t {
	chain fw {
		type filter hook forward priority filter; policy accept;
		ct state new udp dport 53 ct label set "top"
		ct state established ct direction original udp sport 7000 ct label set "mid"
	}
}
R
# ctnetlink event listeners (NETLINK_NETFILTER sockets bound to a group of
# NFNLGRP_CONNTRACK_NEW..DESTROY, bits 0-2 of /proc/net/netlink's Groups)
# in every network namespace some process is in: the kernel decides "a
# listener exists" (sysctl 2) over all of them, so a developer's
# `conntrack -E` anywhere on the machine changes what flow 7003 does
ct_listeners() {
	local f seen=" " ino
	for f in /proc/[0-9]*/ns/net; do
		ino=$(readlink "$f" 2>/dev/null) || continue
		case $seen in *" $ino "*) continue ;; esac
		seen="$seen$ino "
		nsenter --net="$f" cat /proc/net/netlink 2>/dev/null
	done | while read -r _ eth _ groups _; do
		[ "$eth" = 12 ] && [[ $groups =~ ^[0-9a-fA-F]+$ ]] && (( 0x$groups & 7 )) && echo x
	done | wc -l
}
others=$(ct_listeners)
check "flow 7003 created while nobody in this test listens ($others listener(s) elsewhere on the machine)" udp_req 53 7003
bg fresh stdbuf -oL conntrack -E >"$tmp/fresh-ev.txt" 2>&1
fresh_bound() { # the listener in namespace fresh has joined the groups
	local i
	for ((i = 0; i < 100; i++)); do
		run_in fresh cat /proc/net/netlink | awk '$2 == 12 && $4 != "00000000" { f = 1 } END { exit !f }' && return 0
		sleep 0.05
	done
	echo "no bound NETLINK_NETFILTER socket in namespace fresh"; return 1
}
check "a listener runs in another namespace (fresh), none in the router" fresh_bound
check "flow 7002 created while only namespace fresh listens" udp_req 53 7002
netns_kill fresh
check "  -> the listener in fresh heard nothing of the router's flow" nogrep 'sport=7002' "$tmp/fresh-ev.txt"

ev=$tmp/ev.txt
bg router stdbuf -oL conntrack -E -o labels >"$ev" 2>&1
wait_ev() { # REGEX: bounded wait (6 s; slow under tcg) for an event line
	local i
	for ((i = 0; i < 120; i++)); do grep -Eq -- "$1" "$ev" && return 0; sleep 0.05; done
	echo "no event /$1/ in:"; cat "$ev"; return 1
}
# a marker: a ctnetlink update of flow 7000 (created while listening) with a
# new mark, then wait for its event: everything before it has been delivered
m=0
marker() { m=$((m + 1)); run_in router conntrack -U -f ipv4 -p udp --sport 7000 --dport 53 --mark "$m" >/dev/null 2>&1; wait_ev "sport=7000 dport=53 .*mark=$m( |$)"; }
ready() { # [BASE]: new flows (sports BASE..BASE+19) until one's NEW event is seen
	local i b=${1:-7100}
	for ((i = 0; i < 20; i++)); do
		udp_req 53 $((b + i)) && grep -q "NEW.*sport=$((b + i)) " "$ev" && return 0; sleep 0.1
	done
	cat "$ev"; return 1
}
check "listener ready (sees the NEW event of a new flow)" ready
check "flow 7000 created while listening" udp_req 53 7000
check "  -> [NEW] event: the label set on the first packet is in it (labels=top)" wait_ev '\[NEW\] udp .*sport=7000 dport=53 .*labels=top$'
check "  -> the reply's status change is an UPDATE without labels (CTA_LABELS only when they change)" \
	wait_ev '\[UPDATE\] udp .*sport=7000 dport=53 .*dport=7000$'
for f in 7003 7002; do
	check "flow $f (created before the router's listener): ctnetlink label update succeeds" \
		run_in router conntrack -U -f ipv4 -p udp --sport $f --dport 53 --label-add one
done
ct_list
for f in 7003 7002; do
	check "  -> the update took: conntrack -L shows $f with labels=one,top" grepq "sport=$f dport=53 .*labels=one,top\$" "$tmp/ct.txt"
done
reports() { wait_ev "\[UPDATE\] udp .*sport=$1 dport=53 .*labels=one,top \[USERSPACE\]"; }
silent() { marker && nogrep "sport=$1 dport=53" "$ev"; }
# flow 7003: nobody listened when it was created, unless the $others
# listeners found elsewhere on the machine count (they do: machine-wide)
if [ "$others" = 0 ]; then
	check "  -> no event for 7003 at all (no event cache: created while nobody listened anywhere), after a marker" silent 7003
else
	check "  -> 7003 reports its update ($others listener(s) elsewhere on the machine gave it an event cache)" reports 7003
fi
# flow 7002: created while namespace fresh listened
check "  -> 7002 emits [UPDATE] ... labels=one,top [USERSPACE] (a listener in any namespace counts)" reports 7002
check "request 2: packet-path change on an established flow" udp_req 53 7000
check "  -> [UPDATE] ... labels=mid,top (not [USERSPACE])" wait_ev '\[UPDATE\] udp .*sport=7000 dport=53 .*labels=mid,top$'
pp() { grep -c '\[UPDATE\].*sport=7000 dport=53 .*labels=mid,top$' "$ev"; }
check "request 3: the rule sets mid again" udp_req 53 7000
check "  -> no event: the bit was already set (after a marker: still 1 such UPDATE)" eval 'marker && [ "$(pp)" = 1 ]'
check "ctnetlink update: conntrack -U -f ipv4 --label-add one" \
	run_in router conntrack -U -f ipv4 -p udp --sport 7000 --dport 53 --label-add one
check "  -> [UPDATE] ... labels=one,mid,top [USERSPACE]" wait_ev '\[UPDATE\] udp .*sport=7000 dport=53 .*labels=one,mid,top \[USERSPACE\]'
us() { grep -c '\[UPDATE\].*sport=7000 dport=53 .*labels=one,mid,top \[USERSPACE\]' "$ev"; }
n0=$(us)
check "the same update again (nothing changes)" \
	run_in router conntrack -U -f ipv4 -p udp --sport 7000 --dport 53 --label-add one
check "  -> still an UPDATE [USERSPACE] event with the labels (2 now)" eval 'marker && [ "$(us)" = $((n0 + 2)) ]'  # itself + the marker
dummy() { run_in router conntrack -I -p udp -s 10.9.0.1 -d 10.9.0.2 --sport 1 --dport 1 -t 60; }
check "conntrack -I creates a connection over ctnetlink (while listening)" dummy
run_in router conntrack -U -f ipv4 -p udp -s 10.9.0.1 --dport 1 --mark 77 >/dev/null 2>&1
check "  -> [NEW] ... [USERSPACE] event" wait_ev '\[NEW\] udp .*sport=1 dport=1 .*\[USERSPACE\]'
check "  -> and its update: [UPDATE] ... mark=77 [USERSPACE]" wait_ev '\[UPDATE\] udp .*sport=1 dport=1 .*mark=77 \[USERSPACE\]'
check "sysctl net.netfilter.nf_conntrack_events=0" run_in router sysctl -qw net.netfilter.nf_conntrack_events=0
check "flow 7001 created with events 0" udp_req 53 7001
run_in router conntrack -U -f ipv4 -p udp --sport 7001 --dport 53 --label-add one >/dev/null 2>&1
check "  -> no event for 7001 at all (NEW, label set, ctnetlink update), after a marker" \
	eval 'marker && ! grep sport=7001 "$ev"'
# sysctl 1: every new connection gets an event cache, whoever listens
check "sysctl net.netfilter.nf_conntrack_events=1, the router's listener stopped" \
	eval 'run_in router sysctl -qw net.netfilter.nf_conntrack_events=1 && netns_kill router'
others=$(ct_listeners)
check "flow 7004 created while nobody in this test listens ($others listener(s) elsewhere on the machine)" udp_req 53 7004
ev=$tmp/ev1.txt
bg router stdbuf -oL conntrack -E -o labels >"$ev" 2>&1
check "a new listener in the router is ready" ready 7200
check "ctnetlink update of 7004: conntrack -U --label-add one" \
	run_in router conntrack -U -f ipv4 -p udp --sport 7004 --dport 53 --label-add one
check "  -> 7004 reports it (sysctl 1 gave it an event cache)" reports 7004
finish
