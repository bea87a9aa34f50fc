#!/usr/bin/env python3
"""Generate tests/py payload files from the oracle (upstream nft).

For every given .t file (default: all of tests/py), runs each `ok` rule with
the oracle's --debug=netlink in a private namespace (same driver as the
suite) and writes NAME.t.payload (bytecode of the first family of the file)
plus NAME.t.payload.FAMILY holding only the blocks whose bytecode differs in
that family.  Rules preceded by a `# DIFF: ...` comment are deliberate
differences from upstream: their existing blocks are kept as written by hand
(a warning is printed if there is none yet).

It also reports what the oracle did not agree with in the .t file:
  REFUSED    an ok rule the oracle refused (with its error)
  ACCEPTED   a fail rule the oracle accepted
  LISTING    the oracle lists the rule differently from the .t file
             (the line to put in the .t file is printed)

  tools/gen-payload.py [--nft /usr/sbin/nft] [--dry-run] [FILE.t ...]
"""

import argparse
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYDIR = os.path.dirname(HERE)
sys.path.insert(0, PYDIR)

from nfttest import netns, tfile  # noqa: E402


def oracle_run(nft, tf):
	"""{family: {lineno: result}}"""
	out = {}
	for fam in tf.families():
		rules = tf.rules_for(fam)
		res = netns.run_job(nft, tf, fam, rules)
		if res["setup_errors"]:
			print(f"{tf.path}: {fam}: setup errors: {res['setup_errors']}")
		out[fam] = {r.lineno: x for r, x in zip(rules, res["results"])}
	return out


def process(nft, path, dry_run):
	tf = tfile.parse_t(path)
	rel = os.path.relpath(path, PYDIR)
	for e in tf.errors:
		print("FORMAT", e)
	res = oracle_run(nft, tf)
	fams = tf.families()
	old = {f: tfile.parse_payload(p) for f, p in
	       [(None, path + ".payload")] +
	       [(f, f"{path}.payload.{f}") for f in fams]}
	generic = []
	per_fam = {f: [] for f in fams}
	seen = set()
	problems = 0
	for rule in tf.rules:
		if rule.text in seen:
			continue
		seen.add(rule.text)
		rfams = [f for f in fams if any(t.family == f for t in rule.tables)]
		if rule.diff:
			kept = False
			if rule.text in old[None]:
				generic.append((rule.text, old[None][rule.text]))
				kept = True
			for f in rfams:
				if rule.text in old[f]:
					per_fam[f].append((rule.text, old[f][rule.text]))
					kept = True
			if not kept and rule.ok:
				print(f"WARN {rel}:{rule.lineno}: DIFF rule without a "
				      f"hand-written payload block: {rule.text}")
		gbody = None
		for f in rfams:
			r = res[f][rule.lineno]
			chain, c = next(iter(r["chains"].items()))
			where = f"{rel}:{rule.lineno}:{f}"
			tag = " (DIFF)" if rule.diff else ""
			if rule.ok and c["rc"] != 0:
				print(f"REFUSED{tag} {where}: {rule.text}: "
				      f"{c['err'].strip().splitlines()[0] if c['err'].strip() else c['rc']}")
				problems += not rule.diff
				continue
			if not rule.ok:
				if c["rc"] == 0:
					print(f"ACCEPTED{tag} {where}: {rule.text}")
					problems += not rule.diff
				continue
			got = tfile.rule_lines_of_listing(c["listing"])
			if got != [rule.listing]:
				print(f"LISTING{tag} {where}: {rule.text} -> {got}")
				print(f"    suggest: {rule.text};ok;{' '.join(got)}")
				problems += not rule.diff
			if rule.diff:
				continue
			lines = tfile.parse_debug_output(c["out"])
			_, body = tfile.normalize(lines)
			if gbody is None:
				gbody = body
				generic.append((rule.text, lines))
			elif body != gbody:
				per_fam[f].append((rule.text, lines))
	if dry_run:
		return problems
	if generic:
		tfile.write_payload(path + ".payload", generic)
	elif os.path.exists(path + ".payload"):
		os.unlink(path + ".payload")
	for f in fams:
		p = f"{path}.payload.{f}"
		if per_fam[f]:
			tfile.write_payload(p, per_fam[f])
		elif os.path.exists(p):
			os.unlink(p)
	return problems


def main():
	ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	ap.add_argument("--nft", default="/usr/sbin/nft")
	ap.add_argument("--dry-run", action="store_true",
			help="report only, write no payload file")
	ap.add_argument("files", nargs="*")
	a = ap.parse_args()
	files = a.files or sorted(glob.glob(os.path.join(PYDIR, "**", "*.t"),
					    recursive=True))
	problems = 0
	for p in files:
		problems += process(a.nft, os.path.abspath(p), a.dry_run)
	print(f"{problems} disagreement(s) with the oracle (DIFF rules not counted)")
	return 1 if problems else 0


if __name__ == "__main__":
	sys.exit(main())
