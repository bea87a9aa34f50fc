# lib.sh: helpers for tests/shell testcases (sourced, never run).
#
# A testcase starts with
#     #!/usr/bin/env bash
#     . "$SHELL_LIB"
# and runs with $NFT (the nft under test) inside a private network and
# mount namespace set up by run-tests.sh; `set -euo pipefail` is on.
# Standalone (without run-tests.sh) a testcase needs NFT and SHELL_LIB set
# and must be run in a scratch network namespace: `unshare -n -m`.
set -euo pipefail
: "${NFT:?NFT must name the nft under test}"
T=${TMPDIR:-/tmp}

# fail MESSAGE...: report and exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# run CMD...: run CMD, keep its stdout in $OUT, stderr in $ERR, status in $RC
run() {
	set +e
	"$@" >"$T/.out" 2>"$T/.err"
	RC=$?
	set -e
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
}

# ok CMD...: CMD must succeed; it is shown with its stderr otherwise
ok() {
	run "$@"
	[ "$RC" -eq 0 ] || fail "expected success (status $RC): $*"$'\n'"$ERR"
}

# ko CMD...: CMD must fail (nonzero status, message on stderr)
ko() {
	run "$@"
	[ "$RC" -ne 0 ] || fail "expected failure, got success: $*"$'\n'"$OUT"
	[ -n "$ERR" ] || fail "failed without a message on stderr: $*"
}

# has TEXT FIXED-STRING: TEXT must contain the string
has() {
	case $1 in *"$2"*) ;; *) fail "expected to find [$2] in:"$'\n'"$1" ;; esac
}

# hasnt TEXT FIXED-STRING: TEXT must not contain the string
hasnt() {
	case $1 in *"$2"*) fail "did not expect [$2] in:"$'\n'"$1" ;; esac
}

# matches TEXT ERE: some line of TEXT must match the extended regexp
matches() {
	grep -Eq -- "$2" <<<"$1" || fail "no line matches /$2/ in:"$'\n'"$1"
}

# same EXPECTED GOT: the two texts must be identical
same() {
	[ "$1" = "$2" ] || fail "unexpected text:"$'\n'"$(diff -u <(echo "$1") <(echo "$2") || true)"
}

# listing: the current ruleset text
listing() { "$NFT" list ruleset; }

# snapshot / unchanged: save the ruleset, later check it is still the same
snapshot() { listing >"$T/.snapshot"; }
unchanged() {
	listing >"$T/.now"
	diff -u "$T/.snapshot" "$T/.now" >&2 || fail "ruleset changed: ${1:-}"
}

# empty_ruleset: nothing is loaded
empty_ruleset() {
	local l
	l=$(listing)
	[ -z "$l" ] || fail "ruleset not empty:"$'\n'"$l"
}

# carets SOURCE-LINE FIRST LAST: the underline nft prints below SOURCE-LINE
# for columns FIRST..LAST (1-based; tabs are kept so the carets line up)
carets() {
	local src=$1 first=$2 last=$3 out= i c
	for ((i = 0; i < first - 1; i++)); do
		c=${src:i:1}
		[ "$c" = $'\t' ] && out+=$'\t' || out+=' '
	done
	for ((i = first; i <= last; i++)); do out+='^'; done
	printf '%s' "$out"
}

# file_error ERRTEXT FILE LINE FIRST LAST: ERRTEXT (nft's stderr) must hold
#   FILE:LINE:FIRST-LAST: Error: ...
#   <line LINE of FILE>
#   <carets under FIRST..LAST>
file_error() {
	local err=$1 file=$2 line=$3 first=$4 last=$5 src want
	src=$(sed -n "${line}p" "$file")
	want=$(carets "$src" "$first" "$last")
	grep -A2 -F -- "$file:$line:$first-$last: Error: " <<<"$err" >"$T/.ctx" ||
		fail "no '$file:$line:$first-$last: Error: ' in:"$'\n'"$err"
	[ "$(sed -n 2p "$T/.ctx")" = "$src" ] ||
		fail "error does not quote line $line of $file:"$'\n'"$err"
	[ "$(sed -n 3p "$T/.ctx")" = "$want" ] ||
		fail "caret line is not under columns $first-$last:"$'\n'"$err"
}

# cmdline_error ERRTEXT CMDLINE FIRST LAST: ERRTEXT must hold
#   Error: ...
#   CMDLINE
#   <carets under FIRST..LAST of CMDLINE>
cmdline_error() {
	local err=$1 cmd=$2 first=$3 last=$4 want
	want=$(carets "$cmd" "$first" "$last")
	grep -A2 -E -- '^Error: ' <<<"$err" >"$T/.ctx" || fail "no 'Error: ' line in:"$'\n'"$err"
	[ "$(sed -n 2p "$T/.ctx")" = "$cmd" ] || fail "error does not quote the command:"$'\n'"$err"
	[ "$(sed -n 3p "$T/.ctx")" = "$want" ] ||
		fail "caret line is not under columns $first-$last:"$'\n'"$err"
}

# veth NAME: create a veth pair NAME / NAME-peer, both up (a device for
# netdev chains; the kernel here may lack the dummy driver)
veth() {
	ip link add "$1" type veth peer name "$1-peer"
	ip link set "$1" up
	ip link set "$1-peer" up
}
