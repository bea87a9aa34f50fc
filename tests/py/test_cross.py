"""Cross checks with the oracle (upstream nft, ORACLE_NFT, default
/usr/sbin/nft): a label rule added by our nft lists identically when upstream
nft lists it, and a rule added by upstream nft lists identically with ours.

Covers the label-related .t files (CROSS_FILES); rules marked "# DIFF:" are
left out (upstream cannot parse or list them the same way on purpose).
Skipped when the oracle is not installed.
"""

import os

import pytest

from nfttest import netns, tfile

HERE = os.path.dirname(os.path.abspath(__file__))
NFT = netns.default_nft()
ORACLE = os.environ.get("ORACLE_NFT", "/usr/sbin/nft")
CROSS_FILES = ["any/labels.t", "any/statements-ct.t"]
DIRECTIONS = {
	"ours-listed-by-upstream": lambda: {"add_nft": NFT, "list_nft": ORACLE},
	"upstream-listed-by-ours": lambda: {"add_nft": ORACLE, "list_nft": NFT},
}


def items():
	out = []
	for rel in CROSS_FILES:
		path = os.path.join(HERE, rel)
		tf = tfile.parse_t(path)
		for fam in tf.families():
			for r in tf.rules_for(fam):
				if not r.ok or r.diff:
					continue
				for d in DIRECTIONS:
					out.append(pytest.param(
						path, fam, r.lineno, d,
						id=f"{rel}:{r.lineno}:{fam}:{d}:{r.text}"))
	return out


_results = {}


def results(path, fam, direction):
	key = (path, fam, direction)
	if key not in _results:
		tf = tfile.parse_t(path)
		rules = [r for r in tf.rules_for(fam) if r.ok and not r.diff]
		out = netns.run_job(NFT, tf, fam, rules, **DIRECTIONS[direction]())
		_results[key] = (tf, {r.lineno: x for r, x in
				      zip(rules, out["results"])})
	return _results[key]


@pytest.mark.parametrize("path,fam,lineno,direction", items())
def test_cross(path, fam, lineno, direction):
	if not os.access(ORACLE, os.X_OK):
		pytest.skip(f"oracle {ORACLE} not installed")
	assert os.access(NFT, os.X_OK), f"nft under test not found: {NFT}"
	tf, res = results(path, fam, direction)
	rule = next(r for r in tf.rules if r.lineno == lineno)
	errors = []
	for chain, c in res[lineno]["chains"].items():
		if c["rc"] != 0:
			errors.append(f"[{chain}] refused: {c['err'].strip()}")
			continue
		got = tfile.rule_lines_of_listing(c.get("listing", ""))
		if got != [rule.listing]:
			errors.append(f"[{chain}] listed as {got!r}, expected "
				      f"[{rule.listing!r}]")
	if errors:
		pytest.fail("\n".join(errors), pytrace=False)
