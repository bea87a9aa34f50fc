# netns.sh: the private sandbox and the three-namespace topology shared by
# contrib/demo.sh and kernel/tests (via kernel/tests/lib/kt.sh).  Sourced,
# not run; needs bash.
#
#   netns_private VAR SCRIPT ARG...  # unless $VAR is set: re-exec SCRIPT
#                                    # ARG... with VAR=1 in a private mount
#                                    # namespace (does not return)
#   netns_sandbox PREFIX TAG         # in that namespace: $tmp a new directory
#                                    # PREFIX.XXXXXX, cleanup trap, fresh tmpfs /run (so
#                                    # `ip netns` names are invisible to the
#                                    # host), /etc an overlay with its upper
#                                    # layer in $tmp, /etc/xtables
#   netns_labels FILE                # label table FILE at /etc/connlabel.conf,
#                                    # /etc/xtables/connlabel.conf (upstream
#                                    # nft, conntrack, iptables) and in
#                                    # $NFT_CONNLABEL_FILE (our nft)
#   netns_topology [SRV_IF]          # client 10.1.0.2 --veth-lan-- 10.1.0.1
#                                    # router 10.2.0.1 --SRV_IF-- 10.2.0.2
#                                    # server (SRV_IF default veth-wan)
#   run_in NS CMD...                 # CMD in namespace NS
#   bg NS CMD...                     # the same in the background; killed on exit
#   netns_kill NS                    # kill every process in NS (cleanup does it for all)
#   netns_wait_listen NS tcp|udp PORT [TRIES]
#                                    # bounded wait (TRIES x 50 ms, default
#                                    # 100) for a listening socket; on
#                                    # timeout says so on stdout, returns 1
#
# Nothing outside the private namespaces is touched; on exit (normal, error
# or interrupt) the background processes are killed, every namespace of the
# private /run deleted, /etc and /run unmounted and $tmp removed.

pids=()

netns_private() { # VAR SCRIPT ARG...
	local var=$1; shift
	[ -n "${!var:-}" ] && return 0
	exec env "$var=1" unshare --mount --propagation private "$BASH" "$@"
}

netns_sandbox() { # PREFIX TAG
	tmp=$(mktemp -d "$1.XXXXXX") || { echo "netns: mktemp -d $1.XXXXXX failed" >&2; exit 1; }
	trap netns_cleanup EXIT
	trap 'exit 130' INT TERM
	mount -t tmpfs -o mode=0755 "$2-run" /run
	mkdir -p "$tmp/upper" "$tmp/work"
	mount -t overlay "$2-etc" -o "lowerdir=/etc,upperdir=$tmp/upper,workdir=$tmp/work" /etc
	mkdir -p /etc/xtables
}

netns_cleanup() {
	local rc=$? p ns
	set +e
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	# and whatever still runs in a namespace (a child of a killed process
	# keeps running, and a leaked ctnetlink listener changes what other
	# tests on the machine see: kernel/README.md, conntrack events)
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do netns_kill "$ns"; ip netns del "$ns"; done
	umount /etc 2>/dev/null
	umount /run 2>/dev/null
	rm -rf "$tmp"
	exit "$rc"
}

netns_labels() { # FILE
	cp "$1" /etc/connlabel.conf
	cp "$1" /etc/xtables/connlabel.conf
	export NFT_CONNLABEL_FILE=$1
}

run_in() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
bg() { local ns=$1; shift; ip netns exec "$ns" "$@" & pids+=($!); }
netns_kill() { # NS: kill every process in namespace NS and wait until none is left
	local i p
	for ((i = 0; i < 40; i++)); do
		p=$(ip netns pids "$1" 2>/dev/null)
		[ -n "$p" ] || return 0
		kill $p 2>/dev/null
		sleep 0.05
	done
	kill -9 $(ip netns pids "$1" 2>/dev/null) 2>/dev/null
}

netns_topology() { # [SRV_IF]
	local srv=${1:-veth-wan} ns l
	for ns in client router server; do ip netns add "$ns"; run_in "$ns" ip link set lo up; done
	ip -n client link add veth-lan type veth peer name veth-lan netns router
	ip -n router link add "$srv" type veth peer name "$srv" netns server
	ip -n client addr add 10.1.0.2/24 dev veth-lan
	ip -n router addr add 10.1.0.1/24 dev veth-lan
	ip -n router addr add 10.2.0.1/24 dev "$srv"
	ip -n server addr add 10.2.0.2/24 dev "$srv"
	for l in client:veth-lan router:veth-lan "router:$srv" "server:$srv"; do
		ip -n "${l%%:*}" link set "${l#*:}" up
	done
	ip -n client route add default via 10.1.0.1
	ip -n server route add default via 10.2.0.1
	run_in router sysctl -qw net.ipv4.ip_forward=1
}

netns_wait_listen() { # NS tcp|udp PORT [TRIES]
	local i flag=-ltn
	[ "$2" = udp ] && flag=-lun
	for ((i = 0; i < ${4:-100}; i++)); do
		run_in "$1" ss -H "$flag" "sport = :$3" | grep -q . && return 0
		sleep 0.05
	done
	echo "no $2 listener on port $3 in $1"; return 1
}
