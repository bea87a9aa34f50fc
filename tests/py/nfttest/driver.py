"""Runs inside a private network + mount namespace (started by netns.py).

Reads one JSON job from stdin: an nft binary, one table with its chains and
a list of rules; adds each rule with --debug=netlink, lists it, flushes it,
and writes the raw results as JSON to stdout.  It judges nothing: the
pytest items compare the results with the .t and .payload files.
Only the standard library is used.
"""

import json
import os
import shutil
import subprocess
import sys


def overlay_etc(tmp, connlabel):
	"""Private /etc (overlay) holding the suite's connlabel.conf."""
	upper = os.path.join(tmp, "upper")
	work = os.path.join(tmp, "work")
	os.makedirs(upper, exist_ok=True)
	os.makedirs(work, exist_ok=True)
	subprocess.run(["mount", "--make-rprivate", "/"], check=True)
	subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
			f"lowerdir=/etc,upperdir={upper},workdir={work}", "/etc"],
		       check=True)
	if connlabel:
		shutil.copyfile(connlabel, "/etc/connlabel.conf")


class Nft:
	def __init__(self, nft, env):
		self.nft = nft
		self.env = env

	def run(self, *args):
		try:
			p = subprocess.run([self.nft, *args], env=self.env,
					   capture_output=True, text=True, errors="replace",
					   timeout=30)
		except subprocess.TimeoutExpired as e:
			return {"rc": "timeout", "out": str(e.stdout or ""),
				"err": str(e.stderr or "")}
		except OSError as e:
			return {"rc": "exec-error", "out": "", "err": str(e)}
		return {"rc": p.returncode, "out": p.stdout, "err": p.stderr}


def setup(nft, job):
	fam, table = job["family"], job["table"]
	errs = []
	r = nft.run("add", "table", fam, table)
	if r["rc"] != 0:
		errs.append(f"add table {fam} {table}: {r['err']}")
	for ch in job["chains"]:
		if ch["spec"]:
			r = nft.run("add", "chain", fam, table, ch["name"],
				    "{ " + ch["spec"] + " ; }")
		else:
			r = nft.run("add", "chain", fam, table, ch["name"])
		if r["rc"] != 0:
			errs.append(f"add chain {ch['name']}: {r['err']}")
	return errs


def ruleset(nft):
	return nft.run("-s", "list", "ruleset")["out"]


def etc_files(job):
	"""Files to write into (str) or remove from (None) the private /etc."""
	for path, content in job.get("etc_files", {}).items():
		assert path.startswith("/etc/")
		if content is None:
			if os.path.lexists(path):
				os.unlink(path)
		else:
			os.makedirs(os.path.dirname(path), exist_ok=True)
			with open(path, "w") as f:
				f.write(content)


def run_commands(nft, job):
	"""Script mode: run argv lists in order, return all results."""
	out = []
	for argv in job["commands"]:
		out.append(nft.run(*argv))
	return {"results": out}


def main():
	job = json.load(sys.stdin)
	if job.get("etc_overlay", True):
		overlay_etc(job["tmp"], job.get("connlabel"))
	etc_files(job)
	env = dict(os.environ)
	env.pop("NFT_CONNLABEL_FILE", None)
	env.update(job.get("env", {}))
	nft = Nft(job["nft"], env)
	# cross checks: add with one nft, list with another
	add_nft = Nft(job.get("add_nft") or job["nft"], env)
	list_nft = Nft(job.get("list_nft") or job["nft"], env)
	if "commands" in job:
		json.dump(run_commands(nft, job), sys.stdout)
		return
	fam, table = job["family"], job["table"]
	out = {"setup_errors": setup(nft, job), "results": []}
	baseline = ruleset(nft)
	out["baseline"] = baseline
	for rule in job["rules"]:
		res = {"chains": {}, "dirty": False}
		if not rule["ok"]:
			res["before"] = ruleset(nft)
		for chain in job["test_chains"]:
			r = add_nft.run("--debug=netlink", "add", "rule", fam, table,
				    chain, rule["rule"])
			if r["rc"] == 0 and rule["ok"]:
				l = list_nft.run("-s", "-p", "list", "chain", fam, table,
						 chain)
				r["listing"] = l["out"]
				r["list_rc"] = l["rc"]
				r["list_err"] = l["err"]
			res["chains"][chain] = r
		if not rule["ok"]:
			res["after"] = ruleset(nft)
		for chain in job["test_chains"]:
			nft.run("flush", "chain", fam, table, chain)
		if ruleset(nft) != baseline:
			res["dirty"] = True
			nft.run("flush", "ruleset")
			setup(nft, job)
		out["results"].append(res)
	json.dump(out, sys.stdout)


if __name__ == "__main__":
	main()
