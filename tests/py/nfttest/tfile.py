"""Parser for the tests/py file formats.

A NAME.t file holds, line by line:
  :CHAIN;SPEC        a base chain (SPEC is "type filter hook input priority 0")
  :CHAIN             a regular chain (jump/goto target)
  *FAMILY;TABLE;C1[,C2]  a table in which the following rules are tested, in chains C1, C2
  RULE;ok            accepted and listed as RULE
  RULE;ok;EXPECTED   accepted and listed as EXPECTED
  RULE;fail          refused, ruleset unchanged
  -...               disabled line (ignored)
  # ...              comment; "# DIFF: why" marks the next rule as a deliberate
                     difference from upstream nft (the payload generator keeps
                     its hand-written payload block)
Chains and tables accumulate: a rule is tested in every table declared before it.

A NAME.t.payload[.FAMILY] file holds blocks separated by blank lines:
  # RULE
  [set lines]
  FAMILY TABLE CHAIN
    [ expr ... ]
"""

import os
import re
from dataclasses import dataclass, field

FAMILIES = ("ip", "ip6", "inet", "arp", "bridge", "netdev")
RULE_RE = re.compile(r"^(.*?);(ok|fail)(?:;(.*))?$")


@dataclass
class Chain:
	name: str
	spec: str | None  # None: regular chain


@dataclass
class Table:
	family: str
	name: str
	chains: list  # names of the chains rules are tested in
	lineno: int


@dataclass
class Rule:
	text: str
	ok: bool
	expected: str | None
	lineno: int
	tables: list  # Table objects the rule applies to
	diff: str | None = None  # reason of a deliberate difference from upstream

	@property
	def listing(self):
		return self.expected if self.expected is not None else self.text


@dataclass
class TFile:
	path: str
	chains: dict = field(default_factory=dict)  # name -> Chain
	tables: list = field(default_factory=list)
	rules: list = field(default_factory=list)
	errors: list = field(default_factory=list)

	def families(self):
		seen = []
		for t in self.tables:
			if t.family not in seen:
				seen.append(t.family)
		return seen

	def table(self, family):
		for t in self.tables:
			if t.family == family:
				return t
		return None

	def rules_for(self, family):
		return [r for r in self.rules
			if any(t.family == family for t in r.tables)]


def parse_t(path):
	tf = TFile(path)
	diff = None
	with open(path) as f:
		for lineno, raw in enumerate(f, 1):
			line = raw.rstrip("\n")
			s = line.strip()
			if not s:
				continue
			if s.startswith("#"):
				m = re.match(r"#\s*DIFF:\s*(.*)", s)
				if m:
					diff = m.group(1) or "deliberate difference"
				continue
			if s.startswith("-"):
				diff = None
				continue
			if s.startswith(":"):
				name, _, spec = s[1:].partition(";")
				tf.chains[name.strip()] = Chain(name.strip(),
								spec.strip() or None)
				continue
			if s.startswith("*"):
				parts = s[1:].split(";")
				if len(parts) != 3 or parts[0] not in FAMILIES:
					tf.errors.append(f"{path}:{lineno}: bad table line: {s}")
					continue
				chains = [c.strip() for c in parts[2].split(",") if c.strip()]
				for c in chains:
					if c not in tf.chains:
						tf.errors.append(f"{path}:{lineno}: unknown chain {c}")
				tf.tables.append(Table(parts[0], parts[1], chains, lineno))
				continue
			m = RULE_RE.match(s)
			if not m:
				tf.errors.append(f"{path}:{lineno}: cannot parse: {s}")
				diff = None
				continue
			rule, res, exp = m.group(1), m.group(2), m.group(3)
			if res == "fail" and exp is not None:
				tf.errors.append(f"{path}:{lineno}: fail rule with a listing")
			tf.rules.append(Rule(rule.strip(), res == "ok",
					     exp.strip() if exp is not None else None,
					     lineno, list(tf.tables), diff))
			diff = None
	return tf


def parse_payload(path):
	"""Return {rule text: [lines]} of a payload file ({} if it does not exist)."""
	blocks = {}
	if not os.path.exists(path):
		return blocks
	cur = None
	with open(path) as f:
		for raw in f:
			line = raw.rstrip("\n").rstrip()
			if line.startswith("# "):
				cur = line[2:].strip()
				blocks[cur] = []
			elif not line.strip():
				cur = None
			elif cur is not None:
				blocks[cur].append(line)
	return blocks


def payload_paths(tpath, family):
	"""Per-family payload file first (overrides per rule), then the generic one."""
	return [f"{tpath}.payload.{family}", f"{tpath}.payload"]


def expected_payload(tpath, family, rule):
	for p in payload_paths(tpath, family):
		b = parse_payload(p)
		if rule in b:
			return p, b[rule]
	return None, None


def write_payload(path, blocks):
	"""blocks: list of (rule, lines)."""
	with open(path, "w") as f:
		for i, (rule, lines) in enumerate(blocks):
			if i:
				f.write("\n")
			f.write(f"# {rule}\n")
			for l in lines:
				f.write(l + "\n")


def normalize(lines):
	"""Make a bytecode block comparable across tables and chains.

	Returns (header, body): header is the "FAMILY TABLE CHAIN" line, body the
	other lines with the table name of set lines replaced by TABLE."""
	header = None
	body = []
	table = None
	for l in lines:
		l = l.rstrip()
		if not l.strip():
			continue
		if l.startswith((" ", "\t")):
			body.append(l)
			continue
		tok = l.split()
		if tok[0].startswith(("__set", "__map", "__chain")) and len(tok) > 1:
			tok[1] = "TABLE"
			body.append(" ".join(tok))
			continue
		if len(tok) == 3 and tok[0] in FAMILIES and header is None:
			header = l
			table = tok[1]
			body.append("HEADER")
			continue
		body.append(l)
	return header, body


def parse_debug_output(text):
	"""The bytecode lines of nft --debug=netlink for one added rule."""
	return [l.rstrip() for l in text.splitlines() if l.strip()]


def rule_lines_of_listing(text):
	"""Rule lines of `nft list chain` output (chain spec lines removed)."""
	out = []
	depth = 0
	for l in text.splitlines():
		s = l.strip()
		if not s:
			continue
		if s.endswith("{") and (s.startswith("table ") or s.startswith("chain ")):
			depth += 1
			continue
		if s == "}":
			depth -= 1
			continue
		if depth >= 2:
			if s.startswith("type ") and s.endswith(";"):
				continue
			if s.startswith("policy ") and s.endswith(";"):
				continue
			out.append(s)
	return out
