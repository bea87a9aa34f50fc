"""tests/py regression suite: every rule of every tests/py/**/*.t file.

One pytest item per (file, family, rule).  The rules of one (file, family)
run together in one private network namespace (nfttest/driver.py), on the
first item that needs them; each item then checks its own results:
exit status, --debug=netlink bytecode against the .payload file, listing
against the .t file, and for `fail` rules that the ruleset did not change.

NFT selects the nft under test (default: build/nft of the repository).
"""

import glob
import os

import pytest

from nfttest import netns, tfile

HERE = os.path.dirname(os.path.abspath(__file__))
NFT = netns.default_nft()


def t_files():
	return sorted(glob.glob(os.path.join(HERE, "**", "*.t"), recursive=True))


def items():
	out = []
	for path in t_files():
		tf = tfile.parse_t(path)
		rel = os.path.relpath(path, HERE)
		if tf.errors:
			out.append(pytest.param(path, None, None,
						id=f"{rel}:format"))
		for fam in tf.families():
			for r in tf.rules_for(fam):
				marks = [pytest.mark.upstream_diff] if r.diff else []
				out.append(pytest.param(
					path, fam, r.lineno, marks=marks,
					id=f"{rel}:{r.lineno}:{fam}:{r.text}"))
	return out


_parsed = {}
_results = {}


def parsed(path):
	if path not in _parsed:
		_parsed[path] = tfile.parse_t(path)
	return _parsed[path]


def results(path, fam):
	"""Driver results of (file, family), keyed by rule line number."""
	key = (path, fam)
	if key not in _results:
		tf = parsed(path)
		rules = tf.rules_for(fam)
		try:
			out = netns.run_job(NFT, tf, fam, rules)
			res = {"setup_errors": out["setup_errors"],
			       "rules": {r.lineno: x for r, x in
					 zip(rules, out["results"])}}
		except Exception as e:  # noqa: BLE001 - reported per item
			res = {"error": str(e)}
		_results[key] = res
	return _results[key]


def rule_of(tf, lineno):
	for r in tf.rules:
		if r.lineno == lineno:
			return r
	raise LookupError(lineno)


def check_payload(path, fam, table, chain, rule, out, errors):
	src, exp = tfile.expected_payload(path, fam, rule.text)
	if exp is None:
		errors.append(f"[{chain}] no payload block for this rule in "
			      f"{os.path.basename(path)}.payload[.{fam}]")
		return
	got = tfile.parse_debug_output(out)
	gh, gbody = tfile.normalize(got)
	_, ebody = tfile.normalize(exp)
	want_header = f"{fam} {table} {chain}"
	if gh != want_header:
		errors.append(f"[{chain}] bytecode header {gh!r}, expected "
			      f"{want_header!r}")
	if gbody != ebody:
		errors.append(f"[{chain}] bytecode differs from "
			      f"{os.path.basename(src)}:\n  expected:\n    "
			      + "\n    ".join(exp) + "\n  got:\n    "
			      + "\n    ".join(got))


@pytest.mark.parametrize("path,fam,lineno", items())
def test_rule(path, fam, lineno):
	assert os.access(NFT, os.X_OK), f"nft under test not found: {NFT}"
	tf = parsed(path)
	if fam is None:
		pytest.fail("bad .t file:\n" + "\n".join(tf.errors))
	rule = rule_of(tf, lineno)
	res = results(path, fam)
	if "error" in res:
		pytest.fail(res["error"])
	if res["setup_errors"]:
		pytest.fail("table/chain setup failed:\n" +
			    "\n".join(res["setup_errors"]))
	r = res["rules"][lineno]
	table = tf.table(fam).name
	errors = []
	for chain, c in r["chains"].items():
		rc = c["rc"]
		if rule.ok:
			if rc != 0:
				errors.append(f"[{chain}] refused (rc {rc}): "
					      f"{c['err'].strip()}")
				continue
			check_payload(path, fam, table, chain, rule, c["out"],
				      errors)
			if c.get("list_rc") != 0:
				errors.append(f"[{chain}] list chain failed: "
					      f"{c.get('list_err', '').strip()}")
				continue
			got = tfile.rule_lines_of_listing(c["listing"])
			if got != [rule.listing]:
				errors.append(f"[{chain}] listed as {got!r}, "
					      f"expected [{rule.listing!r}]")
		else:
			if rc == 0:
				errors.append(f"[{chain}] accepted, expected "
					      "refusal")
			elif not isinstance(rc, int) or rc < 0 or rc >= 128:
				errors.append(f"[{chain}] abnormal exit {rc} "
					      f"(crash/timeout): {c['err']}")
	if not rule.ok and r["before"] != r["after"]:
		errors.append("ruleset changed by a refused rule:\n" +
			      r["after"])
	if r["dirty"] and rule.ok:
		errors.append("flush chain did not restore the ruleset")
	if errors:
		pytest.fail("\n".join(errors), pytrace=False)
