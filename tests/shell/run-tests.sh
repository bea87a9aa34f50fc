#!/usr/bin/env bash
# run-tests.sh: the shell conformance suite runner.
#
# Usage: tests/shell/run-tests.sh [-v] [TESTCASE...]
#
# Runs every executable file under tests/shell/testcases/ (recursively, in
# sorted order), or only the named ones, each with:
#   - its own network namespace and private mount namespace (unshare -n -m),
#     with /etc covered by a throw-away overlay, so a test may write
#     /etc/connlabel.conf without touching the host;
#   - NFT set to the nft under test: $NFT if set, else build/nft of this
#     repository (made absolute);
#   - NFT_CONNLABEL_FILE pointing to a private copy of the test label table
#     (tests/shell/connlabel.conf, or the file $NFT_CONNLABEL_FILE names when
#     the runner is started with it set).  A test that wants other labels
#     overwrites that file, so the dump listing uses them too; a test may
#     also export its own NFT_CONNLABEL_FILE or unset it for its commands;
#   - TMPDIR set to a private scratch directory, removed afterwards;
#   - SHELL_LIB pointing to tests/shell/lib.sh (helpers tests may source).
# A test passes when it exits 0 and, if tests/shell/dumps/<name>.nft exists,
# `$NFT list ruleset` taken right after the test in the same namespace is
# identical to that file.  Exit status 77 means "skipped".  Each test is
# killed after $TEST_TIMEOUT seconds (default 60).
#
# Prints one line per test (PASS/FAIL/SKIP name, with the reason and the
# test's output or the dump diff on failure), then `N passed, N failed` as
# the last line.  Exits nonzero if any test failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
verbose=0
if [ "${1:-}" = -v ]; then verbose=1; shift; fi

NFT=${NFT:-$repo/build/nft}
case $NFT in /*) ;; *) NFT=$(cd "$(dirname "$NFT")" && pwd)/$(basename "$NFT") ;; esac
export NFT
LABELS_SRC=${NFT_CONNLABEL_FILE:-$here/connlabel.conf}
export SHELL_LIB=$here/lib.sh
TEST_TIMEOUT=${TEST_TIMEOUT:-60}

if [ "$(id -u)" -ne 0 ]; then
	echo "run-tests.sh: must run as root (each test gets its own network namespace)" >&2
	exit 2
fi
if [ ! -x "$NFT" ]; then
	echo "run-tests.sh: no executable nft at $NFT (build it, or set NFT=...)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		[ -e "$t" ] || t=$here/testcases/$t
		tests+=("$(cd "$(dirname "$t")" && pwd)/$(basename "$t")")
	done
else
	while IFS= read -r t; do tests+=("$t"); done < <(
		find "$here/testcases" -type f -perm -u+x | LC_ALL=C sort)
fi

# The per-test body, run by bash inside `unshare -n -m`.  Arguments: test
# path, dump file (or empty), scratch dir.  Exit status: the test's, or 99
# for a dump mismatch (the diff is on stdout).
inner='
set -u
test=$1 dump=$2 scratch=$3
mount --make-rprivate /
mkdir -p "$scratch/etc-upper" "$scratch/etc-work" "$scratch/tmp"
export NFT_CONNLABEL_FILE=$scratch/connlabel.conf
mount -t overlay test-etc -o "lowerdir=/etc,upperdir=$scratch/etc-upper,workdir=$scratch/etc-work" /etc || exit 98
ip link set lo up
export TMPDIR=$scratch/tmp
cd "$scratch/tmp"
"$test" >"$scratch/out" 2>&1 </dev/null
rc=$?
[ $rc -eq 0 ] || exit $rc
if [ -n "$dump" ]; then
	if ! "$NFT" list ruleset >"$scratch/listing" 2>&1; then
		echo "nft list ruleset failed:"; cat "$scratch/listing"; exit 99
	fi
	diff -u --label "expected $dump" --label "got: nft list ruleset" "$dump" "$scratch/listing" || exit 99
fi
exit 0
'

passed=0 failed=0 skipped=0
indent() { sed 's/^/    /'; }
for t in "${tests[@]}"; do
	name=${t#"$here/testcases/"}
	dump=$here/dumps/$name.nft
	[ -f "$dump" ] || dump=
	scratch=$(mktemp -d /tmp/nft-shell-test.XXXXXX)
	cp "$LABELS_SRC" "$scratch/connlabel.conf"
	set +e
	timeout -k 5 "$TEST_TIMEOUT" unshare -n -m bash -c "$inner" inner "$t" "$dump" "$scratch" >"$scratch/diff" 2>&1
	rc=$?
	set -e
	case $rc in
	0)
		passed=$((passed + 1))
		echo "PASS $name"
		[ $verbose -eq 0 ] || indent <"$scratch/out"
		;;
	77)
		skipped=$((skipped + 1))
		echo "SKIP $name: $(tail -n 1 "$scratch/out" 2>/dev/null)"
		;;
	*)
		failed=$((failed + 1))
		case $rc in
		99) echo "FAIL $name: listing differs from dumps/$name.nft" ;;
		98) echo "FAIL $name: could not set up the private /etc overlay" ;;
		124 | 137) echo "FAIL $name: timed out after ${TEST_TIMEOUT}s" ;;
		*) echo "FAIL $name: exit status $rc" ;;
		esac
		if [ -s "$scratch/out" ]; then echo "  output:"; tail -n 40 "$scratch/out" | indent; fi
		if [ -s "$scratch/diff" ]; then echo "  diff:"; indent <"$scratch/diff"; fi
		;;
	esac
	rm -rf "$scratch"
done

[ $skipped -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
