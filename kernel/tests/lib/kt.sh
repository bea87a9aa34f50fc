# kt.sh: shared helpers for kernel/tests/*.sh (sourced, not run).
#
#   . "$here/lib/kt.sh"
#   kt_init NAME TOOL...    # root check, tools (missing -> SKIP whole test),
#                           # private mount namespace (re-exec), /run tmpfs,
#                           # /etc overlay, $tmp scratch dir, cleanup trap
#   kt_labels <<EOF ... EOF # label table: /etc/connlabel.conf,
#                           # /etc/xtables/connlabel.conf, $NFT_CONNLABEL_FILE
#   kt_topology             # client 10.1.0.2 -- 10.1.0.1 router 10.2.0.1 -- 10.2.0.2 server
#   check NAME CMD...       # one check: PASS NAME / FAIL NAME: reason
#   skip NAME REASON        # SKIP NAME: REASON (counted apart)
#   finish                  # last line `N passed, N failed`; exit 1 if failed
#
# Output contract (kernel/tests/run.sh): one line per check, `PASS name`,
# `FAIL name: reason` (details indented below) or `SKIP name: reason`, and
# the last line `N passed, N failed`.  Skips are counted neither way.
#
# Nothing outside the private namespaces is touched: /run is a fresh tmpfs
# (so `ip netns` names are invisible to the host and to parallel tests) and
# /etc an overlay whose upper layer lives in $tmp.  The sandbox, the
# topology, run_in/bg and the bounded waits are kernel/lib/netns.sh, shared
# with contrib/demo.sh.

kt_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kt_repo=$(cd "$kt_here/../.." && pwd)
. "$kt_here/lib/kfacts.sh"   # kfact FEATURE: version-dependent facts
. "$kt_repo/kernel/lib/netns.sh"   # sandbox, topology, run_in, bg
NFT=${NFT:-$kt_repo/build/nft}
case $NFT in /*) ;; *) NFT=$PWD/$NFT ;; esac
export NFT

passed=0 failed=0 skipped=0

kt_init() { # NAME TOOL...
	KT_NAME=$1; shift
	local t
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP $KT_NAME: must run as root"; echo "0 passed, 0 failed"; exit 0
	fi
	for t in ip unshare timeout mktemp "$@"; do
		if ! command -v "$t" >/dev/null; then
			echo "SKIP $KT_NAME: missing tool $t"; echo "0 passed, 0 failed"; exit 0
		fi
	done
	if [ ! -x "$NFT" ]; then
		echo "SKIP $KT_NAME: no nft at $NFT"; echo "0 passed, 0 failed"; exit 0
	fi
	netns_private KT_PRIVATE "$0"
	netns_sandbox "/tmp/kt-$KT_NAME" kt
}

kt_labels() { # label table from stdin, for nft, conntrack and iptables
	cat >"$tmp/connlabel.conf"
	netns_labels "$tmp/connlabel.conf"
}

check() { # NAME CMD...: one check, one line
	local what=$1; shift
	if "$@" >"$tmp/check.out" 2>&1; then
		passed=$((passed + 1)); echo "PASS $what"
	else
		failed=$((failed + 1))
		echo "FAIL $what: $(grep -v '^$' "$tmp/check.out" | head -n 1 | cut -c1-160)"
		sed 's/^/       /' "$tmp/check.out" | tail -n 15
	fi
}
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
# check_fix: a check of our fix of upstream's `ct label !=` (fail-open)
check_fix() {
	local f=$failed
	check "$@"
	[ "$failed" -eq "$f" ] || echo "       (expected to fail with upstream nft 1.0.6: its ct label != compares all 128 bits)"
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

# ---- assertions (print the reason on failure) ------------------------------
eq() { [ "$1" = "$2" ] || { echo "expected [$2], got [$1]"; return 1; }; }
ge() { [ "$1" -ge "$2" ] 2>/dev/null || { echo "expected >= $2, got [$1]"; return 1; }; }
grepq() { grep -Eq -- "$1" "$2" || { echo "no /$1/ in $2:"; cat "$2"; return 1; }; }
nogrep() { ! grep -Eq -- "$1" "$2" || { echo "unexpected /$1/ in $2:"; cat "$2"; return 1; }; }
has() { grep -Eq -- "$2" <<<"$1" || { echo "no /$2/ in: $1"; return 1; }; }
fails() { ! "$@" || { echo "succeeded: $*"; return 1; }; }

# ---- namespaces and traffic -------------------------------------------------
kt_topology() { # client --veth-lan-- router --veth-wan-- server
	netns_topology veth-wan
	kt_udp_timeouts client router server
}

# kt_udp_timeouts NS...: UDP conntrack entries live 30 s by default; under
# slow emulation (kernel/qemu, tcg) a test that keeps one UDP flow across
# many steps can see it expire and be re-created.  Raise both UDP timeouts
# (unreplied and stream) to 600 s in the test namespaces; nothing here
# tests expiry.
kt_udp_timeouts() {
	local ns
	for ns in "$@"; do
		run_in "$ns" sysctl -qw net.netfilter.nf_conntrack_udp_timeout=600 \
			net.netfilter.nf_conntrack_udp_timeout_stream=600 ||
			echo "note: could not raise the UDP conntrack timeouts in $ns"
	done
}

wait_listen() { netns_wait_listen "$1" "$2" "$3" 100; } # NS tcp|udp PORT: 5 s (slow under tcg)

# servers in the server namespace: TCP port P answers "hello" to one line,
# UDP port P answers "answer" to each datagram
tcp_server() { bg server socat TCP4-LISTEN:"$1",bind=10.2.0.2,reuseaddr,fork SYSTEM:'read -r q; echo hello'; }
udp_server() { bg server socat -T 2 UDP4-RECVFROM:"$1",bind=10.2.0.2,fork SYSTEM:'read -r q; echo answer'; }
# clients in the client namespace (or NS given as 3rd arg)
tcp_req() { # PORT SPORT [NS]: one request over one TCP connection
	[ "$(echo q | run_in "${3:-client}" timeout 3 socat -T 2 - TCP4:10.2.0.2:"$1",sourceport="$2",reuseaddr,connect-timeout=1)" = hello ]
}
udp_req() { # PORT SPORT [NS]: one datagram, one answer
	[ "$(echo q | run_in "${3:-client}" timeout 3 socat -T 1 - UDP4:10.2.0.2:"$1",sourceport="$2")" = answer ]
}
ping_n() { run_in client ping -q -n -c "$1" -i 0.2 -W 1 10.2.0.2 >/dev/null; }

# counter NAME [FILE]: packets of the rule with comment NAME in an nft listing
counter() {
	sed -n "s/.*counter packets \([0-9]*\) bytes [0-9]* comment \"$1\".*/\1/p" "${2:-$tmp/list.txt}"
}
list_router() { run_in router "$NFT" list ruleset >"$tmp/list.txt" 2>&1 || true; }
ct_list() { run_in router conntrack -L -o labels >"$tmp/ct.txt" 2>/dev/null || true; }
