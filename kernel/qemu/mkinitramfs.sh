#!/usr/bin/env bash
# mkinitramfs.sh - builds the guest's whole root file system as one
# initramfs (cpio newc, gzip) for booting a packaged kernel under qemu.
#
# Usage: kernel/qemu/mkinitramfs.sh KVER NFT OUT.cpio.gz [STAGING_DIR]
#
# The image holds:
#   - busybox (busybox-static) for the basic userland and the init,
#   - our nft (NFT), Debian's nft as the oracle, and the host binaries the
#     tests need (bash, ip, conntrack, iptables nft+legacy, socat, ping,
#     unshare, mount, coreutils, grep, sed, awk, ...) with every shared
#     library ldd lists and the dynamic loader; iptables' extension
#     plugins (dlopen()ed, so ldd cannot see them) are copied whole;
#   - every command named in kernel/tests/*.sh, kernel/tests/lib/*.sh and
#     kernel/lib/*.sh that exists on the host;
#   - the repository's kernel/ folder (tests, the shared shell library
#     kernel/lib/ the tests source, this folder) at /repo, plus
#     the test label files, and a label file at /etc/connlabel.conf;
#   - the kernel modules of modules.list with their dependency closure
#     (resolved here from /lib/modules/KVER/modules.dep and
#     modules.softdep), decompressed, and their load order for the init;
#     the rest of the netfilter/bridge modules for on-demand loading.
# It needs no network and no root (cpio runs with --owner=0:0).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ $# -lt 3 ]; then
	echo "usage: $0 KVER NFT OUT.cpio.gz [STAGING_DIR]" >&2
	exit 2
fi
kver=$1 nft=$2 out=$3
stage=${4:-$(dirname "$out")/root-$kver}
moddir=/lib/modules/$kver

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -d "$moddir" ] || die "no $moddir (install the kernel package)"
[ -f "$moddir/modules.dep" ] || die "no $moddir/modules.dep"
[ -x "$nft" ] || die "no executable nft at $nft"
busybox=
for b in /bin/busybox /usr/bin/busybox; do
	[ -x "$b" ] && { busybox=$b; break; }
done
[ -n "$busybox" ] || die "no busybox (apt-get install busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked; install busybox-static"
fi

rm -rf "$stage"
mkdir -p "$stage"/{usr/bin,usr/sbin,usr/lib,usr/lib64,usr/local/bin,etc,root,proc,sys,dev,tmp,run,mnt,repo}
ln -s usr/bin "$stage/bin"
ln -s usr/sbin "$stage/sbin"
ln -s usr/lib "$stage/lib"
ln -s usr/lib64 "$stage/lib64"
ln -s ../run "$stage/var" 2>/dev/null || { mkdir -p "$stage/var"; ln -s ../run "$stage/var/run"; }
chmod 1777 "$stage/tmp"

# ---- copying files with their symlink chains and libraries -------------

declare -A copied=()

# copy_path PATH: copy PATH into the staging tree at the same path. A
# symlink is recreated as a symlink (multi-call binaries such as
# xtables-nft-multi dispatch on argv[0]) and its target copied in turn.
copy_path() {
	local p=$1 dir target
	[ -n "${copied[$p]:-}" ] && return 0
	copied[$p]=1
	[ -e "$p" ] || [ -L "$p" ] || return 0
	# a parent directory may itself be a symlink (/lib -> usr/lib): copy
	# the file at its real path and make it reachable under this one too.
	# Never make a directory symlink with an absolute target: building
	# would then write through it into the host.
	dir=$(dirname "$p")
	local real_dir
	real_dir=$(readlink -f "$dir")
	if [ "$real_dir" != "$dir" ]; then
		copy_path "$real_dir/${p##*/}"
		mkdir -p "$stage$dir"
		[ -e "$stage$p" ] || [ -L "$stage$p" ] || ln -s "$real_dir/${p##*/}" "$stage$p"
		return 0
	fi
	mkdir -p "$stage$dir"
	if [ -L "$p" ]; then
		target=$(readlink "$p")
		[ -e "$stage$p" ] || [ -L "$stage$p" ] || ln -s "$target" "$stage$p"
		case $target in /*) ;; *) target=$dir/$target ;; esac
		copy_path "$(realpath -sm "$target")"
	elif [ -d "$p" ]; then
		mkdir -p "$stage$p"
	else
		cp -p "$p" "$stage$p"
	fi
}

# copy_elf FILE: copy FILE and every shared library ldd lists for it,
# plus the dynamic loader.
declare -A ldd_done=()
copy_elf() {
	local f=$1 lib
	copy_path "$f"
	[ -z "${ldd_done[$f]:-}" ] || return 0
	ldd_done[$f]=1
	while read -r lib; do
		[ -n "$lib" ] && copy_path "$lib"
	done < <(ldd "$(readlink -f "$f")" 2>/dev/null |
		 awk '/=> \//{print $3; next} /^[ \t]*\//{print $1}')
}

# copy_cmd NAME: copy the host's command NAME (looked up in PATH) with
# its libraries; returns 1 if the host does not have it.
copy_cmd() {
	local p
	# words of the tests that name a command the tests surely do not run
	case $1 in
	init|systemd|reboot|poweroff|halt|shutdown|systemctl|apt|apt-get|dpkg|\
	gcc|cc|make|as|ld|ar|nm|gdb|vi|vim|view|ex|ed|qemu*) return 1 ;;
	esac
	p=$(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin type -P "$1" 2>/dev/null) || return 1
	case $p in /home/*|/root/*|/work/*|/tmp/*) return 1 ;; esac
	# skip anything huge (a token in a test that names a compiler, ...)
	[ "$(stat -Lc %s "$p")" -lt $((32 * 1024 * 1024)) ] || return 1
	copy_elf "$p"
	# keep the name it was found under on PATH in the guest too
	case $p in
	/usr/*|/bin/*|/sbin/*) ;;
	*) ln -sf "$p" "$stage/usr/local/bin/$1" ;;
	esac
}

# ---- userland ------------------------------------------------------------

cp "$busybox" "$stage/usr/bin/busybox"

# what the tests need (see kernel/tests/README.md if present)
need=(bash dash sh ip tc ss bridge conntrack nft
      iptables iptables-save iptables-restore iptables-nft iptables-nft-save iptables-nft-restore
      ip6tables ip6tables-save ip6tables-restore ip6tables-nft
      iptables-legacy iptables-legacy-save iptables-legacy-restore ip6tables-legacy
      socat ping ping6 unshare nsenter mount umount timeout setsid flock
      grep egrep fgrep sed awk mawk gawk find xargs diff cmp
      ps pgrep pkill kill sysctl killall modprobe insmod lsmod rmmod depmod kmod
      gzip zcat xz hexdump od xxd less logger getent)
# coreutils, whole, so the tests see GNU behaviour as on the host
if command -v dpkg >/dev/null && dpkg -L coreutils >/dev/null 2>&1; then
	while read -r f; do
		need+=("${f##*/}")
	done < <(dpkg -L coreutils | grep -E '^/(usr/)?s?bin/[^/]+$')
fi
# every word of the test scripts (and of kernel/lib/, which they source)
# that names a host command
scan=()
for f in "$repo"/kernel/tests/*.sh "$repo"/kernel/tests/*/*.sh "$repo"/kernel/lib/*.sh; do
	[ -f "$f" ] && scan+=("$f")
done
if [ ${#scan[@]} -gt 0 ]; then
	while read -r w; do
		need+=("$w")
	done < <(grep -ohE '(^|[^A-Za-z0-9_$./-])[A-Za-z][A-Za-z0-9_.+-]*' "${scan[@]}" |
		 sed -E 's/^[^A-Za-z]//' | sort -u)
fi
missing=()
for c in "${need[@]}"; do
	case $c in
	bash|ip|conntrack|nft|iptables|socat|ping|unshare|mount|timeout|grep|sed|awk)
		copy_cmd "$c" || missing+=("$c") ;;
	*)	copy_cmd "$c" || true ;;
	esac
done
[ ${#missing[@]} -eq 0 ] || echo "mkinitramfs: warning: host lacks: ${missing[*]}" >&2

# dlopen()ed plugins and data files ldd cannot see (stdbuf preloads
# libstdbuf.so; iptables loads its extensions)
for so in /usr/libexec/coreutils/*.so /usr/lib/coreutils/*.so; do
	[ -e "$so" ] && copy_elf "$so"
done
for d in /usr/lib/x86_64-linux-gnu/xtables /usr/lib/xtables /usr/lib64/xtables; do
	[ -d "$d" ] || continue
	for so in "$d"/*.so; do
		[ -e "$so" ] && copy_elf "$so"
	done
done
for f in /etc/protocols /etc/services /etc/ethertypes /etc/nsswitch.conf \
	 /etc/iproute2 /usr/share/iproute2 /usr/lib/iproute2 /etc/netconfig \
	 /usr/share/terminfo/d/dumb /lib/terminfo/d/dumb /etc/inputrc; do
	[ -e "$f" ] || continue
	mkdir -p "$stage$(dirname "$f")"
	cp -a "$f" "$stage$(dirname "$f")/"
done

# python3 (a test that speaks raw netlink): its standard library too,
# without tests, GUI and packaging parts; lib-dynload's .so with their libs
if [ -e "$stage/usr/bin/python3" ] || [ -L "$stage/usr/bin/python3" ]; then
	py=$(readlink -f /usr/bin/python3)
	pylib=/usr/lib/${py##*/}
	if [ -d "$pylib" ]; then
		mkdir -p "$stage$pylib"
		(cd "$pylib" && find . \( -name __pycache__ -o -name test -o -name tests -o \
			-name idlelib -o -name tkinter -o -name turtledemo -o -name ensurepip -o \
			-name lib2to3 -o -name pydoc_data -o -name site-packages -o \
			-name dist-packages -o -name 'config-*' \) -prune -o -print |
			cpio --quiet -pdm "$stage$pylib")
		for so in "$pylib"/lib-dynload/*.so; do
			case ${so##*/} in _sqlite3*|_dbm*|_gdbm*|_tkinter*|_test*|_ctypes_test*|xx*)
				rm -f "$stage$so"; continue ;;
			esac
			[ -e "$so" ] && copy_elf "$so"
		done
	fi
fi

# busybox applets for whatever the host did not provide
while read -r a; do
	[ -n "$a" ] || continue
	name=${a##*/}
	for d in usr/bin usr/sbin; do
		[ -e "$stage/$d/$name" ] || [ -L "$stage/$d/$name" ] && continue 2
	done
	ln -s /usr/bin/busybox "$stage/usr/bin/$name"
done < <("$busybox" --list)
[ -e "$stage/usr/bin/sh" ] || ln -s busybox "$stage/usr/bin/sh"

cat > "$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$stage/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
cat > "$stage/etc/hosts" <<'EOF'
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
EOF
echo guest > "$stage/etc/hostname"
touch "$stage/etc/fstab"
: > "$stage/etc/resolv.conf"

# ---- the project ---------------------------------------------------------

mkdir -p "$stage/repo/build"
cp -a "$repo/kernel" "$stage/repo/"
rm -rf "$stage/repo/kernel/qemu/build"
cp -L "$nft" "$stage/repo/build/nft"
while read -r lib; do
	[ -n "$lib" ] && copy_path "$lib"
done < <(ldd "$nft" 2>/dev/null | awk '/=> \//{print $3; next} /^[ \t]*\//{print $1}')
for d in tests/shell contrib; do
	mkdir -p "$stage/repo/$d"
	for f in "$repo/$d"/connlabel.conf "$repo/$d"/lib.sh; do
		[ -f "$f" ] && cp "$f" "$stage/repo/$d/"
	done
done
label=
for f in "$repo/kernel/tests/connlabel.conf" "$repo/tests/shell/connlabel.conf" \
	 "$repo/contrib/connlabel.conf"; do
	[ -f "$f" ] && { label=$f; break; }
done
if [ -n "$label" ]; then
	mkdir -p "$stage/etc/xtables"
	cp "$label" "$stage/etc/connlabel.conf"
	cp "$label" "$stage/etc/xtables/connlabel.conf"
fi

# ---- kernel modules --------------------------------------------------------

declare -A dep=() path=() alias=() pre=() post=() builtin=()
while IFS= read -r line; do
	m=${line%%:*}
	n=${m##*/}; n=${n%%.ko*}; n=${n//-/_}
	path[$n]=$m
	ds=
	for d in ${line#*:}; do
		d=${d##*/}; d=${d%%.ko*}; ds+=" ${d//-/_}"
	done
	dep[$n]=$ds
done < "$moddir/modules.dep"
if [ -f "$moddir/modules.builtin" ]; then
	while IFS= read -r m; do
		n=${m##*/}; n=${n%%.ko*}; builtin[${n//-/_}]=1
	done < "$moddir/modules.builtin"
fi
if [ -f "$moddir/modules.alias" ]; then
	while read -r kw a m; do
		[ "$kw" = alias ] || continue
		case $a in *[\*\?\[]*) continue ;; esac
		a=${a//-/_}
		alias[$a]+=" ${m//-/_}"
	done < "$moddir/modules.alias"
fi
if [ -f "$moddir/modules.softdep" ]; then
	while read -r kw m rest; do
		[ "$kw" = softdep ] || continue
		m=${m//-/_} where=pre
		for w in $rest; do
			case $w in
			pre:) where=pre ;; post:) where=post ;;
			*) if [ $where = pre ]; then pre[$m]+=" ${w//-/_}"; else post[$m]+=" ${w//-/_}"; fi ;;
			esac
		done
	done < "$moddir/modules.softdep"
fi

# resolve NAME: module names for a module or alias name (softdeps name aliases)
resolve() {
	local n=${1//-/_}
	if [ -n "${path[$n]:-}" ]; then echo "$n"; return; fi
	local m
	for m in ${alias[$n]:-}; do
		[ -n "${path[$m]:-}" ] && echo "$m"
	done
}

declare -A state=()
order=()
# visit NAME: depth-first topological sort over hard and soft dependencies
visit() {
	local n=$1 d r
	case ${state[$n]:-} in done|busy) return ;; esac
	state[$n]=busy
	for d in ${pre[$n]:-}; do
		for r in $(resolve "$d"); do visit "$r"; done
	done
	for d in ${dep[$n]}; do visit "$d"; done
	state[$n]=done
	order+=("$n")
	for d in ${post[$n]:-}; do
		for r in $(resolve "$d"); do visit "$r"; done
	done
}

skipped=()
while read -r w _; do
	case $w in ''|\#*) continue ;; esac
	w=${w//-/_}
	if [ -n "${path[$w]:-}" ]; then
		visit "$w"
	elif [ -n "${builtin[$w]:-}" ]; then
		skipped+=("$w(built-in)")
	else
		r=$(resolve "$w")
		if [ -n "$r" ]; then
			for x in $r; do visit "$x"; done
		else
			skipped+=("$w(absent)")
		fi
	fi
done < "$here/modules.list"
preload=("${order[@]}")
# on-demand: everything else of netfilter and bridging, with closures
while read -r m; do
	n=${m##*/}; n=${n%%.ko*}; visit "${n//-/_}"
done < <(cd "$moddir" && find kernel/net/netfilter kernel/net/ipv4/netfilter \
	kernel/net/ipv6/netfilter kernel/net/bridge -name '*.ko*' 2>/dev/null | sort)

smod=$stage/lib/modules/$kver
mkdir -p "$smod"
# copy_module NAME: copy and, if compressed, decompress (the guest's
# busybox insmod handles plain .ko only); prints the guest path
copy_module() {
	local rel=${path[$1]} dst
	dst=${rel%.xz}; dst=${dst%.zst}; dst=${dst%.gz}
	mkdir -p "$smod/$(dirname "$rel")"
	case $rel in
	*.ko.xz)  xz -dc "$moddir/$rel" > "$smod/$dst" ;;
	*.ko.zst) zstd -qdc "$moddir/$rel" > "$smod/$dst" ;;
	*.ko.gz)  gzip -dc "$moddir/$rel" > "$smod/$dst" ;;
	*)        cp "$moddir/$rel" "$smod/$dst" ;;
	esac
	echo "$dst"
}
for n in "${order[@]}"; do copy_module "$n" >/dev/null; done
: > "$stage/etc/modules.load"
for n in "${preload[@]}"; do
	rel=${path[$n]}; rel=${rel%.xz}; rel=${rel%.zst}; rel=${rel%.gz}
	echo "$rel" >> "$stage/etc/modules.load"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$moddir/$f" ] && cp "$moddir/$f" "$smod/"
done
if command -v depmod >/dev/null 2>&1 || [ -x /usr/sbin/depmod ] || [ -x /sbin/depmod ]; then
	PATH=$PATH:/usr/sbin:/sbin depmod -b "$stage" "$kver"
else
	# no depmod: ship the kernel's own index with compression suffixes dropped
	for f in modules.dep modules.alias modules.softdep modules.symbols; do
		[ -f "$moddir/$f" ] && sed -E 's/\.ko\.(xz|zst|gz)/.ko/g' "$moddir/$f" > "$smod/$f"
	done
fi
echo "mkinitramfs: $kver: ${#preload[@]} modules preloaded, ${#order[@]} shipped" >&2
[ ${#skipped[@]} -eq 0 ] || echo "mkinitramfs: $kver: not modules: ${skipped[*]}" >&2

# ---- init and archive ------------------------------------------------------

cp "$here/init" "$stage/init"
chmod 0755 "$stage/init"
echo "$kver" > "$stage/etc/guest-kernel"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc --owner=0:0) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: wrote $out ($(du -h "$out" | cut -f1))" >&2
