#!/usr/bin/env bash
# run.sh - `make check-kernels`: runs the kernel conformance suite
# (kernel/qemu/suite.sh = smoke test + kernel/tests/run.sh) on
#   1. the machine's own running kernel, directly on the host (the tests
#      make their own network namespaces), and
#   2. each Debian packaged kernel (default: the newest
#      /boot/vmlinuz-*-amd64 that has /lib/modules/VER) booted under
#      qemu-system-x86_64 from an initramfs that mkinitramfs.sh builds,
# then prints a matrix (rows = tests, columns = kernels, cells
# PASS/FAIL/SKIP/-) and `N passed, N failed` over all cells.  Exits
# nonzero if any cell failed.
#
# Usage: kernel/qemu/run.sh [BUILD_DIR]      (BUILD_DIR defaults to build)
# Env:
#   NFT            nft under test (default BUILD_DIR/nft)
#   QEMU_KERNELS   kernel versions to boot, space separated (default: newest
#                  packaged one); "none" boots nothing
#   QEMU_ACCEL     kvm or tcg (default: kvm when /dev/kvm is usable)
#   QEMU_TIMEOUT   seconds for one whole qemu run (default 1200 kvm, 1800 tcg);
#                  the guest's kernel/tests/run.sh gets 120s less
#   KVM_BOOT_WAIT  seconds kvm gets to reach the init before tcg is tried (60)
#   SKIP_HOST=1    do not run on the host kernel
#   QEMU_SHELL=1   debugging: boot the (first) guest with a shell on this
#                  terminal instead of running the suite (with SKIP_HOST=1)
#   SUITE_TIMEOUT  seconds for kernel/tests/run.sh on one kernel (default 1800)
# Logs: BUILD_DIR/qemu/host.log, BUILD_DIR/qemu/guest-VER.log (serial console).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$repo/$build ;; esac
out=$build/qemu
mkdir -p "$out"

NFT=${NFT:-$build/nft}
case $NFT in /*) ;; *) NFT=$(cd "$(dirname "$NFT")" && pwd)/$(basename "$NFT") ;; esac
if [ ! -x "$NFT" ]; then
	echo "check-kernels: no executable nft at $NFT (run make, or set NFT=...)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "check-kernels: must run as root (network namespaces, modules)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
export NFT
t_start=$(date +%s)

cols=()			# column labels, in order
declare -A cell=()	# "$col|$test" -> PASS/FAIL/SKIP
declare -A logof=()	# column -> log file
rows=()			# test names, in order of first appearance
declare -A isrow=()

# collect COL LOG: read RESULT lines of LOG into the matrix
collect() {
	local col=$1 log=$2 name st
	while read -r _ name st; do
		if [ -z "${isrow[$name]:-}" ]; then
			isrow[$name]=1
			rows+=("$name")
		fi
		cell[$col|$name]=$st
	done < <(tr -d '\r' < "$log" | grep -E '^RESULT [^ ]+ (PASS|FAIL|SKIP)$' || true)
}

# completed COL OK: the "run-completed" row: did the suite run to its end
completed() {
	local col=$1 ok=$2
	if [ -z "${isrow[run-completed]:-}" ]; then
		isrow[run-completed]=1
		rows=("run-completed" "${rows[@]}")
	fi
	cell[$col|run-completed]=$ok
}

# ---- 1. the host kernel -----------------------------------------------------

if [ "${SKIP_HOST:-0}" != 1 ]; then
	col="host $(uname -r)"
	cols+=("$col")
	log=$out/host.log
	logof[$col]=$log
	echo "check-kernels: host kernel $(uname -r): running the suite (log: $log)"
	t0=$(date +%s)
	rc=0
	bash "$here/suite.sh" > "$log" 2>&1 || rc=$?
	t1=$(date +%s)
	echo "check-kernels: host kernel $(uname -r): done in $((t1 - t0))s (suite exit $rc)"
	collect "$col" "$log"
	if grep -q '^RESULT ' "$log"; then completed "$col" PASS; else completed "$col" FAIL; fi
fi

# ---- 2. packaged kernels under qemu -------------------------------------------

kernels=()
if [ -n "${QEMU_KERNELS:-}" ]; then
	[ "$QEMU_KERNELS" = none ] || read -r -a kernels <<< "$QEMU_KERNELS"
else
	newest=
	for k in /boot/vmlinuz-*-amd64; do
		[ -f "$k" ] || continue
		v=${k#/boot/vmlinuz-}
		[ -f "/lib/modules/$v/modules.dep" ] && newest+="$v"$'\n'
	done
	v=$(printf '%s' "$newest" | sort -V | tail -n 1)
	if [ -n "$v" ]; then
		kernels=("$v")
	else
		echo "check-kernels: no packaged kernel (/boot/vmlinuz-*-amd64 with /lib/modules): apt-get install linux-image-amd64" >&2
		col="qemu (no kernel)"
		cols+=("$col")
		completed "$col" FAIL
	fi
fi

# kvm_usable: /dev/kvm opens and a paused kvm guest with -cpu host comes
# up (under nested virtualisation qemu can abort at once, e.g. "failed to
# set MSR 0x10a"). Sets kvm_why to the reason when it is not usable.
kvm_usable() {
	kvm_why=
	if [ ! -c /dev/kvm ] || ! ( exec 3<>/dev/kvm ) 2>/dev/null; then
		kvm_why="/dev/kvm missing or not accessible"
		return 1
	fi
	local rc=0
	# (in a subshell that outlives it, so that bash's "Aborted" notice
	# about a qemu that died of SIGABRT goes to /dev/null)
	( timeout 3 "$qemu" -accel kvm -cpu host -m 64 -nodefaults -display none \
		-monitor none -S < /dev/null > "$out/kvm-probe.log" 2>&1; exit $? ) 2>/dev/null || rc=$?
	if [ $rc -ne 124 ]; then
		kvm_why="probe exited $rc: $(grep -m1 . "$out/kvm-probe.log" || true)"
		return 1
	fi
}
qemu=$(command -v qemu-system-x86_64 || true)

for v in "${kernels[@]}"; do
	col="qemu $v"
	cols+=("$col")
	log=$out/guest-$v.log
	logof[$col]=$log
	: > "$log"
	if [ -z "$qemu" ]; then
		echo "check-kernels: no qemu-system-x86_64 (apt-get install qemu-system-x86)" | tee "$log" >&2
		completed "$col" FAIL
		continue
	fi
	if [ ! -f "/boot/vmlinuz-$v" ]; then
		echo "check-kernels: no /boot/vmlinuz-$v" | tee "$log" >&2
		completed "$col" FAIL
		continue
	fi
	t0=$(date +%s)
	img=$out/initramfs-$v.cpio.gz
	if ! "$here/mkinitramfs.sh" "$v" "$NFT" "$img" "$out/root-$v" 2> "$out/mkinitramfs-$v.log"; then
		cat "$out/mkinitramfs-$v.log" >&2
		cat "$out/mkinitramfs-$v.log" > "$log"
		completed "$col" FAIL
		continue
	fi
	sed 's/^/  /' "$out/mkinitramfs-$v.log"
	t1=$(date +%s)

	accel=${QEMU_ACCEL:-}
	if [ -z "$accel" ]; then
		if kvm_usable; then
			accel=kvm
		else
			accel=tcg
			echo "check-kernels: kvm not usable ($kvm_why): software emulation (tcg)"
		fi
	fi
	if [ "${QEMU_SHELL:-0}" = 1 ]; then
		# debugging: the guest's console on this terminal, a shell instead
		# of the suite (Ctrl-A X quits qemu)
		[ $accel = kvm ] && cpu=host || cpu=max
		exec "$qemu" -accel "$accel" -cpu "$cpu" -m 1024 -smp 2 \
			-nodefaults -no-reboot -display none -serial mon:stdio \
			-kernel "/boot/vmlinuz-$v" -initrd "$img" \
			-append "console=ttyS0 rdinit=/init panic=-1 loglevel=4 check.shell"
	fi
	for try in 1 2; do
		if [ "$accel" = kvm ]; then
			cpu=host limit=${QEMU_TIMEOUT:-1200}
		else
			cpu=max limit=${QEMU_TIMEOUT:-1800}
		fi
		echo "check-kernels: qemu $v: booting with -accel $accel (timeout ${limit}s, serial log: $log)"
		: > "$log"
		q0=$(date +%s)
		qrc=0
		# (timeout runs in a subshell that outlives it, so that bash's
		# "Aborted" notice about a qemu that died of SIGABRT goes to
		# /dev/null; its pid is kept for the watchdog)
		rm -f "$out/qemu-$v.pid"
		( timeout -k 10 "$limit" "$qemu" \
			-accel "$accel" -cpu "$cpu" -m 1024 -smp 2 \
			-nodefaults -no-reboot -display none -monitor none \
			-serial "file:$log" \
			-kernel "/boot/vmlinuz-$v" -initrd "$img" \
			-append "console=ttyS0 rdinit=/init panic=-1 loglevel=4 mitigations=off check.suite_timeout=$((limit > 300 ? limit - 120 : limit / 2))" \
			< /dev/null > "$out/qemu-$v.stderr" 2>&1 &
		  echo $! > "$out/qemu-$v.pid"; wait $!; exit $? ) 2>/dev/null &
		qpid=$!
		# kvm can be advertised and still not work (nested virtualisation:
		# qemu aborts, or the guest hangs before printing anything): give
		# it KVM_BOOT_WAIT seconds to reach the init, then fall back to
		# software emulation once
		hung=0
		if [ "$accel" = kvm ] && [ -z "${QEMU_ACCEL:-}" ]; then
			while kill -0 "$qpid" 2>/dev/null; do
				grep -aq GUEST-BOOTED "$log" && break
				if [ $(( $(date +%s) - q0 )) -ge "${KVM_BOOT_WAIT:-60}" ]; then
					hung=1
					kill "$(cat "$out/qemu-$v.pid")" 2>/dev/null || true
					break
				fi
				sleep 1
			done
		fi
		wait "$qpid" || qrc=$?
		q1=$(date +%s)
		if [ "$accel" = kvm ] && [ -z "${QEMU_ACCEL:-}" ] && [ $try = 1 ] &&
		   ! grep -aq GUEST-BOOTED "$log"; then
			if [ $hung = 1 ]; then
				why="guest printed nothing for ${KVM_BOOT_WAIT:-60}s"
			else
				why="qemu exit $qrc: $(head -c 200 "$out/qemu-$v.stderr" | tr '\n' ' ')"
			fi
			echo "check-kernels: qemu $v: kvm not usable here ($why); retrying with -accel tcg"
			accel=tcg
			continue
		fi
		break
	done
	[ $qrc -eq 124 ] && echo "check-kernels: qemu $v: TIMEOUT after ${limit}s" | tee -a "$log"
	booted=$(tr -d '\r' < "$log" | sed -n 's/^GUEST-BOOTED //p' | head -n 1)
	done_line=$(tr -d '\r' < "$log" | grep '^GUEST-DONE ' | head -n 1 || true)
	upt=${done_line##* }
	echo "check-kernels: qemu $v ($accel): initramfs $((t1 - t0))s, qemu wall $((q1 - q0))s," \
		"kernel to init ${booted:-?}s, guest uptime at end ${upt:-?}s (qemu exit $qrc)"
	tr -d '\r' < "$log" | grep -a '^MODULE-FAIL\|^VERSION' | sed 's/^/  /' || true
	# the column says how the kernel ran
	unset "logof[$col]"
	col="$col (${accel})"
	cols[${#cols[@]}-1]=$col
	logof[$col]=$log
	collect "$col" "$log"
	if [ -n "$done_line" ]; then completed "$col" PASS; else completed "$col" FAIL; fi
done

# ---- the matrix ---------------------------------------------------------------

w=4
for r in "${rows[@]}"; do [ ${#r} -gt $w ] && w=${#r}; done
cw=()
for c in "${cols[@]}"; do
	n=${#c}; [ $n -lt 4 ] && n=4
	cw+=("$n")
done
pass=0 fail=0 skip=0
echo
echo "kernel conformance matrix (nft: $NFT)"
printf "%-${w}s" "test"
i=0
for c in "${cols[@]}"; do printf "  %-${cw[$i]}s" "$c"; i=$((i + 1)); done
echo
printf "%-${w}s" "" | tr ' ' '-'
i=0
for c in "${cols[@]}"; do printf "  %-${cw[$i]}s" "" | tr ' ' '-'; i=$((i + 1)); done
echo
failed_cols=()
declare -A colfailed=()
for r in "${rows[@]}"; do
	printf "%-${w}s" "$r"
	i=0
	for c in "${cols[@]}"; do
		v=${cell[$c|$r]:--}
		case $v in
		PASS) pass=$((pass + 1)) ;;
		FAIL) fail=$((fail + 1))
		      [ -n "${colfailed[$c]:-}" ] || { colfailed[$c]=1; failed_cols+=("$c"); } ;;
		SKIP) skip=$((skip + 1)) ;;
		esac
		printf "  %-${cw[$i]}s" "$v"
		i=$((i + 1))
	done
	echo
done
echo
echo "check-kernels: total $(( $(date +%s) - t_start ))s"
for c in "${failed_cols[@]}"; do
	l=${logof[$c]:-}
	[ -n "$l" ] && [ -f "$l" ] || continue
	echo
	echo "---- $c: failed; last 150 lines of $l ----"
	tr -d '\r' < "$l" | tail -n 150
done
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
