# kfacts.sh: version-dependent kernel facts (sourced by kernel/tests/*.sh;
# kt.sh sources it, ct-expr-errors.sh sources it alone).
#
# One line per fact: FEATURE, the newest kernel seen WITHOUT it, the oldest
# kernel seen WITH it (major.minor), what it is.  "As far as we know": the
# two kernels `make check-kernels` runs are the host's 6.18 and Debian's 6.1
# (6.1.192, package 6.1.0-57-amd64), so every fact here is "6.1: no, 6.18:
# yes"; the real first version lies somewhere in 6.2..6.18 and is unknown.
#
#   kfact FEATURE     prints yes (kernel >= first-with), no (kernel <=
#                     last-without) or unknown (in between: the test must
#                     print SKIP with what it observed instead of guessing)
#   kfact_why FEATURE a short text for SKIP lines
#
# The running kernel is `uname -r`; KT_KVER=6.5 (say) overrides it, to try
# the unknown branch.  See kernel/README.md ("Kernel versions").
kf_table='
ct-set-uninit-reg-enodata  6.1 6.18 nf_tables refuses a ct set label from a register never written (ENODATA); 6.1 accepts it
labels-match-only-storage  6.1 6.18 a match-only ct label rule takes the namespace label count (new flows get storage); on 6.1 only a set rule (or xt connlabel) does
'

kf_kver() { # major.minor of the running kernel
	local v=${KT_KVER:-$(uname -r)}
	[[ $v =~ ^([0-9]+\.[0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 0.0
}
kf_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]; } # A <= B

kf_line() { awk -v f="$1" '$1 == f { print; exit }' <<<"$kf_table"; }

kfact() { # FEATURE -> yes|no|unknown
	local l without with v
	l=$(kf_line "$1")
	[ -n "$l" ] || { echo "kfact: unknown feature $1" >&2; echo unknown; return; }
	read -r _ without with _ <<<"$l"
	v=$(kf_kver)
	if kf_le "$with" "$v"; then echo yes
	elif kf_le "$v" "$without"; then echo no
	else echo unknown; fi
}

kfact_why() { # FEATURE -> "kernel X: between 6.1 (no) and 6.18 (yes) for FEATURE"
	local l without with
	l=$(kf_line "$1")
	read -r _ without with _ <<<"$l"
	echo "kernel ${KT_KVER:-$(uname -r)} ($(kf_kver)) lies between $without (without) and $with (with) for $1"
}
