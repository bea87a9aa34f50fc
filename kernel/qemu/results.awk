# results.awk - turns kernel/tests/run.sh output into one line per test:
#   RESULT <test> PASS|FAIL|SKIP
# run.sh prints "== NAME.sh" before each test, the test's own lines, and
# the test's last line "N passed, N failed"; a test without that line is
# reported as "FAIL NAME.sh: no summary line ...".  A test is PASS when its
# summary has 0 failed and something passed, SKIP when it has 0 passed and
# 0 failed (or says skipped only), FAIL otherwise (also: no summary).
# Lines already of the form "RESULT name STATUS" pass through.
# Test names lose the directory and the .sh suffix.
function norm(n) {
	sub(/^.*kernel\/tests\//, "", n)
	sub(/:$/, "", n)
	sub(/\.sh$/, "", n)
	return n
}
function set(n, s) {
	if (!(n in st)) order[++nt] = n
	st[n] = s
}
{ sub(/\r$/, "") }
/^RESULT [^ ]+ (PASS|FAIL|SKIP)$/ { set($2, $3); next }
/^== [^ ]+$/ {
	cur = norm($2)
	if (!(cur in st)) { order[++nt] = cur; st[cur] = "" }
	next
}
/^FAIL [^ ]+: no summary line/ { set(norm($2), "FAIL"); cur = ""; next }
cur != "" && /^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
	p = $1 + 0; f = $3 + 0
	set(cur, f > 0 ? "FAIL" : (p > 0 ? "PASS" : "SKIP"))
	cur = ""
	next
}
END {
	for (i = 1; i <= nt; i++)
		print "RESULT", order[i], (st[order[i]] == "" ? "FAIL" : st[order[i]])
}
