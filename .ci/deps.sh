#!/usr/bin/env bash
# Installs the build and test dependencies that are missing (Debian).
# As root it runs apt-get; otherwise it prints the exact command to run.
#   usage: .ci/deps.sh [kernels|fuzz]
set -euo pipefail
# package:file-or-command that proves it is installed
need=(
	"gcc:/usr/bin/gcc"
	"make:/usr/bin/make"
	"libmnl-dev:/usr/include/libmnl/libmnl.h"
	"bison:/usr/bin/bison"
	"flex:/usr/bin/flex"
	"linux-libc-dev:/usr/include/linux/netfilter/nf_tables.h"
	"python3-pytest:/usr/lib/python3/dist-packages/pytest/__init__.py"
	"iproute2:/usr/sbin/ip"
	"nftables:/usr/sbin/nft"
	"conntrack:/usr/sbin/conntrack"
	"iptables:/usr/sbin/iptables"
	"util-linux:/usr/bin/unshare"
	"iputils-ping:/usr/bin/ping"
	"socat:/usr/bin/socat"
	"busybox-static:/bin/busybox"
	"python3:/usr/bin/python3"
	"strace:/usr/bin/strace"
)
# `deps.sh kernels` (make check-kernels): a second kernel booted under qemu
if [ "${1:-}" = kernels ]; then
	need+=(
		"cpio:/usr/bin/cpio"
		"kmod:/usr/bin/kmod"
		"qemu-system-x86:/usr/bin/qemu-system-x86_64"
		"linux-image-amd64:/usr/share/doc/linux-image-amd64"
	)
fi
# `deps.sh fuzz` (make fuzz): clang with libFuzzer and its sanitizer runtimes
if [ "${1:-}" = fuzz ]; then
	need+=(
		"clang:/usr/bin/clang"
		"libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"
	)
fi
missing=()
for n in "${need[@]}"; do
	pkg=${n%%:*} file=${n#*:}
	[ -e "$file" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "missing build/test dependencies; run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
$cmd >/dev/null
