#!/bin/bash
# compare-upstream.sh - compare the bytecode of our nft with upstream nft's
# (`nft --debug=netlink add rule ...`), rule by rule, each side in its own
# private network namespace (and mount namespace, so that upstream reads
# the label table as /etc/connlabel.conf without touching the host).
#
#   usage: compare-upstream.sh [RULES] [OURS] [UPSTREAM]
#   RULES     lines "FAMILY<TAB>RULE", or eval_bytecode.txt ("### " lines);
#             default: eval_bytecode.txt beside this script
#   OURS      our nft (default build/nft), UPSTREAM default /usr/sbin/nft
# Needs root. Prints every difference, then "N identical, N different,
# N refused by both". Labels: eval_labels.conf beside this script.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rules=${1:-$here/eval_bytecode.txt}
ours=$(realpath "${2:-$here/../../build/nft}")
upstream=${3:-/usr/sbin/nft}
work=$(mktemp -d /tmp/nft-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
if grep -q '^### ' "$rules"; then
	sed -n 's/^### //p' "$rules" > "$work/rules"
else
	grep -v '^#' "$rules" > "$work/rules"
fi
mkdir -p "$work/up" "$work/wk"
cp "$here/eval_labels.conf" "$work/up/connlabel.conf"

run() {	# $1 nft binary, $2 output file
	unshare -m -n bash -c '
	mount --make-rprivate /
	mount -t overlay overlay -o lowerdir=/etc,upperdir='"$work"'/up,workdir='"$work"'/wk /etc
	export NFT_CONNLABEL_FILE=/etc/connlabel.conf
	for f in ip ip6 inet bridge netdev arp; do
		'"$upstream"' add table $f t; '"$upstream"' add chain $f t c
		'"$upstream"' add chain $f t d
	done
	while IFS=$'"'"'\t'"'"' read -r fam rule; do
		[ -z "$fam" ] && continue
		echo "### $fam $rule"
		'"$1"' --debug=netlink add rule $fam t c "$rule" 2>&1 |
			sed "/^Error/{n;n;q}" | grep -v "^$" |
			grep -v "^netlink: Error: Unknown data type in set key"
	done < '"$work"'/rules' > "$2"
}
run "$upstream" "$work/out.up"
run "$ours" "$work/out.ours"
python3 - "$work/out.up" "$work/out.ours" <<'PY'
import sys
def blocks(p):
    out, order, cur = {}, [], None
    for line in open(p):
        line = line.rstrip("\n")
        if line.startswith("### "):
            cur = line[4:]; order.append(cur); out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return out, order
up, order = blocks(sys.argv[1]); ours, _ = blocks(sys.argv[2])
same = diff = both = 0
for k in order:
    a, b = up[k], ours.get(k, [])
    if any(l.startswith("Error") for l in a) and any(l.startswith("Error") for l in b):
        both += 1
        if a != b:
            print("=== ERROR TEXT", k)
            for l in a: print("  up  |", l)
            for l in b: print("  ours|", l)
        continue
    if a == b:
        same += 1
        continue
    diff += 1
    print("=== DIFF", k)
    for l in a: print("  up  |", l)
    for l in b: print("  ours|", l)
print(f"{same} identical, {diff} different, {both} refused by both")
PY
