#!/usr/bin/env bash
# run.sh: libFuzzer on each harness (what `make fuzz` runs after building
# build/fuzz/fuzzers/NAME with clang).
#   usage: fuzz/run.sh BUILD_DIR SECONDS NAME...
# Each fuzzer starts from the committed seeds (fuzz/corpus/NAME, read only)
# and keeps what it learns in BUILD_DIR/corpus/NAME (git-ignored, reused
# by the next run). A crash or a broken property leaves its input in
# BUILD_DIR/crash/NAME/; to keep it as a regression, fix the bug, then
# copy the input into fuzz/corpus/NAME/ (make check replays that folder).
# Exits 1 if any fuzzer found something.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
b=$1 secs=$2; shift 2
found=0
for n in "$@"; do
	mkdir -p "$b/corpus/$n" "$b/crash/$n"
	echo "=== fuzz $n: ${secs}s (corpus $b/corpus/$n, seeds fuzz/corpus/$n)"
	"$b/fuzzers/$n" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
		-print_final_stats=1 -artifact_prefix="$b/crash/$n/" \
		"$b/corpus/$n" "$top/fuzz/corpus/$n" 2>"$b/$n.log"
	rc=$?
	grep -E '^stat::(number_of_executed_units|new_units_added)|^#[0-9]+.*DONE' "$b/$n.log" | sed 's/^/  /'
	if [ "$rc" -ne 0 ]; then
		found=1
		echo "  FOUND (exit $rc): $(ls "$b/crash/$n" | head -n 3 | tr '\n' ' ')(log: $b/$n.log)"
		grep -E 'ERROR|SUMMARY|#[0-9]+ 0x' "$b/$n.log" | head -n 12 | sed 's/^/    /'
	fi
done
exit "$found"
