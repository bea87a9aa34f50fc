#!/usr/bin/env bash
# run.sh: runs every kernel conformance test (kernel/tests/*.sh except this
# file) with $NFT (default build/nft), shows each test's output, and ends
# with the total `N passed, N failed` summed from each test's last line.
# SKIP lines are counted and reported on the line before the total.
# A test whose last line is not of that form counts as 1 failed.
# Exits nonzero if anything failed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export NFT=${NFT:-$(cd "$here/../.." && pwd)/build/nft}
total_p=0 total_f=0 total_s=0
for t in "$here"/*.sh; do
	[ "$t" = "$here/run.sh" ] && continue
	echo "== ${t#"$here/"}"
	out=$(mktemp)
	set +e
	timeout -k 5 120 "$t" 2>&1 | tee "$out"
	set -e
	last=$(tail -n 1 "$out")
	total_s=$((total_s + $(grep -c "^SKIP " "$out" || true)))
	rm -f "$out"
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		total_p=$((total_p + BASH_REMATCH[1]))
		total_f=$((total_f + BASH_REMATCH[2]))
	else
		echo "FAIL ${t#"$here/"}: no summary line (crashed or timed out)"
		total_f=$((total_f + 1))
	fi
done
[ "$total_s" -eq 0 ] || echo "$total_s skipped (SKIP lines above; counted neither passed nor failed)"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
