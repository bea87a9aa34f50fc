#!/usr/bin/env bash
# Runs every test suite of the project (what `make check` runs) and ends
# with one total line "N passed, N failed".
#   usage: tests/run-all.sh BUILD_DIR PYTHON
# Suites: libnftnl unit tests, nftables unit tests, fuzz corpus replays
# (fuzz/README.md), tests/py (pytest),
# tests/shell (conformance of the nft binary), kernel/tests (real traffic).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-build}
PY=${2:-python3}
case "$B" in /*) ;; *) B="$top/$B" ;; esac
export NFT="$B/nft"
log=$(mktemp -d /tmp/nft-check.XXXXXX)
total_pass=0 total_fail=0
summary=()

# add the counts of the last "N passed, N failed" line of $1 (log file);
# a suite that printed no such line counts as one failure
count() {
	local name=$1 file=$2 rc=$3 line p f
	line=$(grep -E '([0-9]+ passed|[0-9]+ failed)' "$file" | tail -n 1)
	p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
	f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
	p=${p:-0} f=${f:-0}
	if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
		f=$((f + 1))
		echo "!! $name: exit status $rc without a failure count" >&2
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
	summary+=("$(printf '%-22s %6d passed, %d failed' "$name" "$p" "$f")")
}

run() {
	local name=$1 file; shift
	file="$log/${name//\//_}.log"
	echo "=== $name"
	"$@" 2>&1 | tee "$file"
	count "$name" "$file" "${PIPESTATUS[0]}"
}

for t in "$B"/tests/libnftnl/* "$B"/tests/nftables/*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done
for t in "$B"/tests/fuzz/*; do
	[ -x "$t" ] || continue
	run "fuzz/$(basename "$t")" "$t" "$top/fuzz/corpus/$(basename "$t")"
done
run "tests/py" "$PY" -m pytest -q -p no:cacheprovider "$top/tests/py"
run "tests/shell" "$top/tests/shell/run-tests.sh"
run "kernel/tests" "$top/kernel/tests/run.sh"

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
rm -rf "$log"
echo "total: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
