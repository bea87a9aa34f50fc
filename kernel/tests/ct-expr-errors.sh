#!/usr/bin/env bash
# ct-expr-errors.sh: how the kernel accepts or refuses ct expressions, with
# raw netlink (lib/ct-expr-errno.py), independent of any nft: the errno an
# unsupported ct key gets is what our nft maps to "kernel lacks support".
# Runs in a private network namespace; ends with `N passed, N failed`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/kfacts.sh"
if [ "$(id -u)" -ne 0 ] || ! command -v python3 >/dev/null; then
	echo "ct-expr-errors: needs root and python3" >&2; echo "0 passed, 1 failed"; exit 1
fi
out=$(unshare -n python3 "$here/lib/ct-expr-errno.py" 2>&1) || true
passed=0 failed=0
expect() { # CASE ERRNO [NOTE]
	local got
	got=$(awk -v c="$1" '$1 == c { print $2 }' <<<"$out")
	if [ "$got" = "$2" ]; then passed=$((passed + 1)); echo "PASS $1 -> $2${3:+ ($3)}"
	else failed=$((failed + 1)); echo "FAIL $1: expected $2, got ${got:-nothing}"; fi
}
expect get-labels OK
expect set-labels-after-immediate OK
# version-dependent (lib/kfacts.sh): 6.18 refuses, 6.1 accepts
case $(kfact ct-set-uninit-reg-enodata) in
yes) expect set-labels-uninitialised-reg ENODATA "kernel $(uname -r): refused" ;;
no) expect set-labels-uninitialised-reg OK "kernel $(uname -r): accepted, as 6.1 does" ;;
*) echo "SKIP set-labels-uninitialised-reg: $(kfact_why ct-set-uninit-reg-enodata); observed $(awk '$1 == "set-labels-uninitialised-reg" { print $2 }' <<<"$out")" ;;
esac
expect get-unknown-key-99 EOPNOTSUPP
expect set-unknown-key-99 EOPNOTSUPP
expect set-state-not-settable EOPNOTSUPP
expect get-labels-reg-overflow ERANGE
[ $failed -eq 0 ] || { echo "raw output:"; echo "$out"; }
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
