#!/usr/bin/env bash
# smoke.sh - the pipeline's sanity test, run first on every kernel: with
# the nft under test ($NFT), in a private network and mount namespace,
#   1. create a table and list it back;
#   2. load rules that set conntrack labels (ct label set, bits 1 and 127)
#      and match one (ct label ... counter) - the kernel must accept them;
#   3. send real traffic (ping over loopback) and check with Debian's
#      conntrack that the connection carries the labels and the matching
#      rule counted the packets.
# The label table is written to /etc/connlabel.conf and
# /etc/xtables/connlabel.conf of a throw-away overlay on /etc.
# Exit 0 on success; the first failing step says what went wrong.
set -eu
: "${NFT:?NFT must name the nft under test}"
if [ -z "${SMOKE_INNER:-}" ]; then
	exec unshare -n -m env SMOKE_INNER=1 bash "$0" "$@"
fi

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
step() { echo "smoke: $*"; }

mount --make-rprivate /
tmp=$(mktemp -d)
mount -t tmpfs tmpfs "$tmp"
mkdir "$tmp/upper" "$tmp/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$tmp/upper,workdir=$tmp/work" /etc ||
	fail "cannot mount an overlay on /etc"
mkdir -p /etc/xtables
cat > /etc/connlabel.conf <<'LABELS'
# smoke.sh label table
0	smoke-zero
1	smoke-one
127	smoke-last
LABELS
cp /etc/connlabel.conf /etc/xtables/connlabel.conf
export NFT_CONNLABEL_FILE=/etc/connlabel.conf
ip link set lo up

step "nft: $NFT on kernel $(uname -r)"
step "1. add table, list it"
"$NFT" add table inet smoke || fail "add table"
out=$("$NFT" list table inet smoke) || fail "list table"
echo "$out" | grep -q '^table inet smoke' || fail "listing lacks the table: $out"

step "2. ct label set / ct label match rules"
"$NFT" add chain inet smoke out '{ type filter hook output priority 0; policy accept; }' ||
	fail "add chain"
"$NFT" add rule inet smoke out ct label set smoke-one || fail "kernel refused ct label set smoke-one"
"$NFT" add rule inet smoke out ct label set smoke-last || fail "kernel refused ct label set smoke-last (bit 127)"
"$NFT" add chain inet smoke in '{ type filter hook input priority 0; policy accept; }' ||
	fail "add input chain"
"$NFT" add rule inet smoke in ct label smoke-one counter || fail "kernel refused ct label match"
"$NFT" list ruleset
"$NFT" list ruleset | grep -Eq 'ct label set "?smoke-one"?' || fail "listing lacks ct label set smoke-one"

step "3. traffic: ping 127.0.0.1"
ping -c 2 -W 2 127.0.0.1 >/dev/null || fail "ping over loopback"
ct=$(conntrack -L -p icmp -o label 2>/dev/null || conntrack -L -p icmp 2>/dev/null) ||
	fail "conntrack -L"
echo "$ct"
echo "$ct" | grep -q 'smoke-one' || fail "conntrack shows no label smoke-one"
echo "$ct" | grep -q 'smoke-last' || fail "conntrack shows no label smoke-last"
"$NFT" list chain inet smoke in | grep -Eq 'counter packets [1-9]' ||
	fail "ct label match counted nothing: $("$NFT" list chain inet smoke in)"
step "ok"
