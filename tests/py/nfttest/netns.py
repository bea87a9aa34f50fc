"""Start driver.py in a private network and mount namespace (unshare -mn)."""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PYDIR = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PYDIR))
CONNLABEL = os.path.join(PYDIR, "connlabel.conf")


def default_nft():
	nft = os.environ.get("NFT") or os.path.join(REPO, "build", "nft")
	if not os.path.isabs(nft):
		if os.sep in nft:
			nft = os.path.abspath(os.path.join(REPO, nft)) \
				if not os.path.exists(nft) else os.path.abspath(nft)
		else:
			import shutil
			nft = shutil.which(nft) or nft
	return nft


def run_job(nft, tfile, family, rules, connlabel=CONNLABEL, env=None,
	    add_nft=None, list_nft=None):
	"""Run rules (list of Rule) of tfile in its table of family.

	add_nft/list_nft: add the rules, or list them, with another nft
	(cross checks against the oracle); nft does the rest.

	Returns the driver's JSON result (a dict), or raises RuntimeError."""
	table = tfile.table(family)
	test_chains = table.chains
	job = {
		"nft": nft,
		"family": family,
		"table": table.name,
		# the chains rules are tested in, plus every regular chain
		"chains": [{"name": c.name, "spec": c.spec}
			   for c in tfile.chains.values()
			   if c.spec is None or c.name in test_chains],
		"test_chains": test_chains,
		"rules": [{"rule": r.text, "ok": r.ok} for r in rules],
		"connlabel": connlabel,
		"env": {"NFT_CONNLABEL_FILE": connlabel} if connlabel else {},
	}
	if env:
		job["env"].update(env)
	job["add_nft"] = add_nft
	job["list_nft"] = list_nft
	return run_driver(job)


def run_commands(nft, commands, env=None, etc_files=None,
		 connlabel=CONNLABEL):
	"""Run nft argv lists in order in one private namespace.

	env: extra environment (NFT_CONNLABEL_FILE is not set unless given);
	etc_files: {"/etc/PATH": content or None to remove} in the private /etc.
	Returns a list of {"rc", "out", "err"}."""
	job = {"nft": nft, "commands": commands, "connlabel": connlabel,
	       "env": env or {}, "etc_files": etc_files or {}}
	return run_driver(job)["results"]


def run_driver(job):
	with tempfile.TemporaryDirectory(prefix="nft-py-") as tmp:
		job["tmp"] = tmp
		p = subprocess.run(["unshare", "-mn", sys.executable,
				    os.path.join(HERE, "driver.py")],
				   input=json.dumps(job), capture_output=True,
				   text=True, errors="replace", timeout=1800)
	if p.returncode != 0:
		raise RuntimeError(f"driver failed (rc {p.returncode}): {p.stderr}")
	return json.loads(p.stdout)
