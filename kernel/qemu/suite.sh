#!/usr/bin/env bash
# suite.sh - what runs on each kernel, host and guest alike: the smoke
# test (kernel/qemu/smoke.sh), then the kernel conformance suite
# (kernel/tests/run.sh, or, while that does not exist, every
# kernel/tests/*.sh one by one).  Prints everything the tests print, then
# one machine-readable line per test:
#   RESULT <test> PASS|FAIL|SKIP
# Env: NFT (required), SUITE_TIMEOUT (seconds for kernel/tests, default
# 1800), SMOKE_TIMEOUT (default 60), TEST_TIMEOUT (per test in the
# fallback runner, default 120).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${NFT:?NFT must name the nft under test}"
export NFT
SUITE_TIMEOUT=${SUITE_TIMEOUT:-1800}
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-60}
TEST_TIMEOUT=${TEST_TIMEOUT:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "KERNEL $(uname -r)"
results=()

# status RC: PASS for 0, SKIP for 77, FAIL otherwise
status() {
	case $1 in 0) echo PASS ;; 77) echo SKIP ;; *) echo FAIL ;; esac
}

echo "=== qemu/smoke"
timeout -k 5 "$SMOKE_TIMEOUT" bash "$here/smoke.sh" > "$tmp/smoke" 2>&1
rc=$?
sed 's/^/    /' "$tmp/smoke"
[ $rc -eq 124 ] && echo "    (timed out after ${SMOKE_TIMEOUT}s)"
results+=("qemu/smoke $(status $rc)")

if [ -f "$repo/kernel/tests/run.sh" ]; then
	echo "=== kernel/tests/run.sh"
	t0=$(date +%s)
	timeout -k 10 "$SUITE_TIMEOUT" bash "$repo/kernel/tests/run.sh" 2>&1 | tee "$tmp/suite"
	rc=${PIPESTATUS[0]}
	echo "=== kernel/tests/run.sh: exit $rc after $(( $(date +%s) - t0 ))s"
	awk -f "$here/results.awk" "$tmp/suite" > "$tmp/parsed"
	while read -r _ name st; do
		results+=("$name $st")
	done < "$tmp/parsed"
	# the runner failing (or timing out) with no failed test to show for
	# it is a failure of its own
	if [ $rc -ne 0 ] && ! grep -q ' FAIL$' "$tmp/parsed"; then
		if [ $rc -eq 124 ]; then
			results+=("kernel/tests:timeout FAIL")
		else
			results+=("kernel/tests:runner FAIL")
		fi
	fi
else
	echo "=== kernel/tests/*.sh (no kernel/tests/run.sh yet: running each)"
	for t in "$repo"/kernel/tests/*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		echo "=== $name"
		timeout -k 5 "$TEST_TIMEOUT" bash "$t" > "$tmp/out" 2>&1
		rc=$?
		sed 's/^/    /' "$tmp/out"
		[ $rc -eq 124 ] && echo "    (timed out after ${TEST_TIMEOUT}s)"
		results+=("$name $(status $rc)")
	done
fi

fail=0
for r in "${results[@]}"; do
	echo "RESULT $r"
	case $r in *" FAIL") fail=1 ;; esac
done
exit $fail
