#!/usr/bin/env bash
# bench/run.sh: our nft against upstream nft, same rulesets, same run.
#
# Usage: bench/run.sh [NFT]          (default: build/nft; run as root)
#
# Environment:
#   SIZES="1000 10000 50000 100000"  rule counts (every file is ONE transaction)
#   REPS=3          repetitions of each timing; the median is reported
#   CG_SIZE=1000    size measured under valgrind --tool=callgrind (0: skip)
#   UPSTREAM=/usr/sbin/nft            the reference (Debian nft 1.0.6)
#   LABELS=contrib/connlabel.conf     the label table for both tools
#   KEEP=DIR        keep rulesets, listings and callgrind files in DIR
#
# For each size and tool it measures, each in a fresh private network
# namespace: `nft -f` (load), `nft list ruleset`, `nft -c -f` (check, on an
# empty ruleset): wall time (median of REPS) and peak RSS (/usr/bin/time
# -f %M, from the Debian package `time`); at CG_SIZE, instruction counts
# (callgrind "Collected", repeatable across runs).  It then checks that both
# tools list the same thing: our listing of our load == upstream's listing of
# upstream's load, and upstream's listing of OUR load differs only on
# `ct label != X` rules (documented difference: ours tests the bit, upstream
# 1.0.6 compares all 128 bits, so upstream prints our bytecode differently).
#
# Nothing outside private namespaces is touched: the script re-executes
# itself in a private mount namespace where /etc is an overlay (upstream nft
# only reads /etc/connlabel.conf), and every nft runs under `unshare -n`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---- inner mode: one measurement series in a private network namespace ----
# run.sh --measure NFT FILE REPS OUTDIR TAG [CG]
if [ "${1:-}" = --measure ]; then
	nft=$2 file=$3 reps=$4 out=$5 tag=$6 cg=${7:-}
	rss() { # rss OUTFILE CMD...: peak RSS (KiB) of CMD into OUTFILE
		local o=$1; shift
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f "%M %U" -o "$o" "$@"
		else
			python3 -c 'import resource,subprocess,sys
r=subprocess.call(sys.argv[2:])
u=resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1],"w").write("%d %.2f\n"%(u.ru_maxrss,u.ru_utime))
sys.exit(r)' "$o" "$@"
		fi
	}
	timed() { # timed METRIC CMD...: appends "METRIC seconds rssKiB"
		local m=$1 t0 t1; shift
		t0=$EPOCHREALTIME
		rss "$out/$tag.rss" "$@"
		t1=$EPOCHREALTIME
		echo "$m $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}') $(tail -1 "$out/$tag.rss")" >>"$out/$tag.raw"
	}
	for ((r = 0; r < reps; r++)); do
		"$nft" flush ruleset
		timed load "$nft" -f "$file"
	done
	for ((r = 0; r < reps; r++)); do
		timed list "$nft" list ruleset >"$out/$tag.list"
	done
	# what the other tool sees of this load
	[ -n "${XLIST:-}" ] && "$XLIST" list ruleset >"$out/$tag.xlist"
	"$nft" flush ruleset
	for ((r = 0; r < reps; r++)); do
		timed check "$nft" -c -f "$file"
	done
	if [ -n "$cg" ]; then
		cgrun() { # cgrun METRIC CMD...
			local m=$1; shift
			valgrind --tool=callgrind --callgrind-out-file="$out/$tag.$m.cg" \
				"$@" >/dev/null 2>"$out/$tag.$m.vg"
			echo "$m $(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$out/$tag.$m.vg")" >>"$out/$tag.ir"
		}
		"$nft" flush ruleset
		cgrun load "$nft" -f "$file"
		cgrun list "$nft" list ruleset
		"$nft" flush ruleset
		cgrun check "$nft" -c -f "$file"
	fi
	exit 0
fi

# ---- outer mode ------------------------------------------------------------
die() { echo "bench: $*" >&2; exit 1; }
NFT=${1:-${NFT:-$here/../build/nft}}
case $NFT in /*) ;; *) NFT=$PWD/$NFT ;; esac
UPSTREAM=${UPSTREAM:-/usr/sbin/nft}
SIZES=${SIZES:-1000 10000 50000 100000}
REPS=${REPS:-3}
CG_SIZE=${CG_SIZE:-1000}
LABELS=${LABELS:-$here/../contrib/connlabel.conf}
case $LABELS in /*) ;; *) LABELS=$PWD/$LABELS ;; esac

[ "$(id -u)" -eq 0 ] || die "must run as root (private network namespaces)"
[ -x "$NFT" ] || die "no nft at $NFT (make, or pass a path)"
[ -x "$UPSTREAM" ] || die "no upstream nft at $UPSTREAM (Debian package nftables)"
[ -r "$LABELS" ] || die "no label table $LABELS"
[ -x /usr/bin/time ] || command -v python3 >/dev/null ||
	die "need /usr/bin/time (package time) or python3 for peak RSS"
if [ "$CG_SIZE" != 0 ] && ! command -v valgrind >/dev/null; then
	echo "bench: valgrind not installed (package valgrind): no instruction counts" >&2
	CG_SIZE=0
fi

if [ -z "${BENCH_PRIVATE:-}" ]; then
	exec env BENCH_PRIVATE=1 unshare --mount --propagation private \
		"$BASH" "${BASH_SOURCE[0]}" "$NFT"
fi

# ---- private mount namespace from here on ------------------------------------
tmp=$(mktemp -d /tmp/nft-bench.XXXXXX)
cleanup() {
	local rc=$?
	set +e
	umount /etc 2>/dev/null
	if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp -r "$tmp"/out/. "$KEEP"/; fi
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/upper" "$tmp/work" "$tmp/out"
mount -t overlay bench-etc -o "lowerdir=/etc,upperdir=$tmp/upper,workdir=$tmp/work" /etc
cp "$LABELS" /etc/connlabel.conf
export NFT_CONNLABEL_FILE=$LABELS
out=$tmp/out

median() { # median METRIC FILE COLUMN
	awk -v m="$1" -v c="$3" '$1 == m { v[n++] = $c }
		END { if (!n) { print "-"; exit }
		      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		      print v[int((n - 1) / 2)] }' "$2"
}

echo "bench: ours $NFT ($("$NFT" -v 2>&1 | head -1))"
echo "bench: upstream $UPSTREAM ($("$UPSTREAM" -v 2>&1 | head -1))"
echo "bench: sizes $SIZES, $REPS reps (median), callgrind at ${CG_SIZE}, $(nproc) cores, $(uname -r)"

verdicts=()
for n in $SIZES; do
	f=$out/rules-$n.nft
	awk -v N="$n" -f "$here/gen.awk" >"$f"
	cg=; [ "$n" = "$CG_SIZE" ] && cg=1
	for tool in ours upstream; do
		if [ $tool = ours ]; then bin=$NFT x=$UPSTREAM; else bin=$UPSTREAM x=$NFT; fi
		echo "bench: $n rules, $tool ..." >&2
		XLIST=$x unshare -n "$BASH" "${BASH_SOURCE[0]}" --measure "$bin" "$f" "$REPS" "$out" "$tool-$n" $cg ||
			die "$tool failed on $n rules"
	done
	# like with like: the same listing from the same file
	if cmp -s "$out/ours-$n.list" "$out/upstream-$n.list"; then
		v="listings equal"
	else
		v="listings DIFFER ($(diff "$out/ours-$n.list" "$out/upstream-$n.list" | grep -c '^[<>]') lines)"
	fi
	# upstream reading our bytecode: only the documented `ct label !=` rules differ
	d=$(diff "$out/ours-$n.list" "$out/ours-$n.xlist" | grep '^<' | grep -vc 'ct label !=' || true)
	nd=$(diff "$out/ours-$n.list" "$out/ours-$n.xlist" | grep '^<' | grep -c 'ct label !=' || true)
	if [ "$d" = 0 ]; then v="$v; upstream lists our load equal except $nd \`ct label !=\` rules"
	else v="$v; upstream lists our load with $d unexpected differences"; fi
	verdicts+=("$n rules: $v")
done

printf '\n%-8s %-9s %9s %9s %9s %9s %9s %9s %9s' size tool load_s load_usr list_s check_s load_MB list_MB check_MB
[ "$CG_SIZE" != 0 ] && printf ' %14s %14s %14s' load_Ir list_Ir check_Ir
printf '\n'
for n in $SIZES; do
	for tool in ours upstream; do
		raw=$out/$tool-$n.raw
		printf '%-8s %-9s' "$n" "$tool"
		printf ' %9s %9s' "$(median load "$raw" 2)" "$(median load "$raw" 4)"
		for m in list check; do printf ' %9s' "$(median $m "$raw" 2)"; done
		for m in load list check; do
			printf ' %9s' "$(median $m "$raw" 3 | awk '$1 == "-" { print; next } { printf "%.1f", $1 / 1024 }')"
		done
		if [ "$CG_SIZE" != 0 ]; then
			for m in load list check; do
				if [ -f "$out/$tool-$n.ir" ]; then printf ' %14s' "$(awk -v m=$m '$1 == m { print $2 }' "$out/$tool-$n.ir")"
				else printf ' %14s' -; fi
			done
		fi
		printf '\n'
	done
done
printf '\n'
for v in "${verdicts[@]}"; do echo "$v"; done
if [ "$CG_SIZE" != 0 ] && command -v callgrind_annotate >/dev/null; then
	for m in load list; do
		echo
		echo "callgrind, ours, $m of $CG_SIZE rules, top functions (inclusive of nothing, self Ir):"
		callgrind_annotate "$out/ours-$CG_SIZE.$m.cg" 2>/dev/null |
			awk '/^-+$/ { s++ } s >= 3 && /[0-9]/ && NF >= 2 { print; if (++k == 12) exit }'
	done
fi
