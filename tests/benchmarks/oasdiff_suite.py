"""How apidiff does on oasdiff's own checker test suite (docs/oasdiff.md).

Usage::

    git archive --format=tar <oasdiff-commit> checker data | tar -x -C /tmp/oasdiff
    .venv/bin/python tests/benchmarks/oasdiff_suite.py /tmp/oasdiff [--json] [--misses]

The argument is an oasdiff checkout or extracted tree: the script reads ``checker/*.go``
(the check ids and their levels), ``checker/*_test.go`` (the spec pairs each test loads and
the ids it expects) and the ``data/`` specs, runs apidiff on each pair (the library, default
options, as ``apidiff diff`` without a configuration file), and reports

(a) of the pairs oasdiff expects to break (an expected id of level ``ERR``), how many apidiff
    calls breaking;
(b) of the (pair, id) expectations, how many apidiff reports under the same id or one of the
    rule's listed ``aliases``;

and lists the misses of both. It never reads or runs oasdiff's Go code.

The Go tests are parsed by heuristic, not compiled:

* A test is a top-level ``func TestXxx(t *testing.T) {`` up to the next line that is ``}``.
* The specs it loads, in order: ``l(t, N)`` (``data/openapi-testN.yaml``), ``d(t, cfg, A,
  B)`` (two of those), ``open("../data/...")`` and ``LoadFromFile("...")`` with a string
  literal, ``open(xxxFile("name"))`` where ``xxxFile = dataFileFn("dir")`` is declared in a
  test file, ``loadFrom(t, "prefix", N)`` (``prefix + specN.yaml``) and
  ``stabilityChanges(t, "base", "revision", ...)``. The first two are OLD and NEW. A test
  loading fewer than two is skipped.
* A test with subtests (``t.Run``) that loads more than two specs compares several pairs:
  each subtest's specs are taken two by two, and each pair expects the ids named between its
  first load and the next pair's (a subtest loading an odd number is skipped).
* A test that loads two specs and diffs them both ways (a second ``diff.Get...(cfg, s2,
  s1)`` with the first call's specs swapped) compares two pairs: the text from the second
  call on is about the reverse pair.
* A test that touches a loaded spec in code (``.Spec.`` anywhere: most of them edit it before
  the diff), writes files, or gives the diff a configuration (``diff.NewConfig().With...``,
  ``&diff.Config``) is skipped: its pair is not what the data files say.
* The ids it expects: every ``checker.XxxId`` constant (resolved through the ``XxxId =
  "..."`` declarations) and every quoted known id on a line that reads ``.Id`` or
  ``GetId()``, except on lines that say the id must be absent (``requireNoChange``,
  ``require.False``, ``NotEqual``, ``NotContains``) and inside ``WithSeverityLevels``.
  The ids of a ``slices.Contains([]string{A, B}, ...)`` list are one expectation, ``A|B``,
  met by any of them (the test accepts either); none when the test requires that list to
  match nothing.
* A flag a test sets on finding an id and never asserts (``_ = found``) expects nothing; the
  flags one assertion joins (``require.True(t, a || b)``) are one expectation, met by any
  of the ids that set them.
* Only ids that are checks count (declared in ``checker/rules.go``): the ids of comments and
  other texts (``pattern-added-error-comment``) are not.
* A test that loads the same file twice and expects a change edits one copy in a helper: it is
  skipped, as is a test whose file names are built at run time (a table of cases).
* Tests that expect nothing on a pair they load (``require.Empty``) count as pairs oasdiff
  expects to be quiet; apidiff's breaking verdicts there are listed as "extra".
* A test that sets a deprecation policy (``checker.WithDeprecation(beta, stable)``) compares
  its pair under apidiff's equivalent, ``min-days`` by stability level (``{beta = B, stable =
  S}``; what has no level is stable, 0 is no requirement): that pair under that policy is a
  pair of its own.
* The same pair loaded by several tests is one pair with the union of their ids; a test that
  passes other checker options still counts, though apidiff runs with its defaults (such
  expectations are marked ``configured`` in ``--json``).

Levels come from ``newBackwardCompatibilityRule(XxxId, LEVEL, ...)`` in ``checker/rules.go``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ID_DECL = re.compile(r"\b(\w+Id)\s*=\s*\"([a-z0-9][a-z0-9-]*)\"")
LEVEL_DECL = re.compile(r"newBackwardCompatibilityRule\(\s*(\w+Id)\s*,\s*(ERR|WARN|INFO)\b")
FILE_FN = re.compile(r"\b(\w+)\s*=\s*dataFileFn\(\s*\"([^\"]+)\"\s*\)")
TEST_START = re.compile(r"^func (Test\w+)\(t \*testing\.T\) \{", re.M)
ID_REF = re.compile(r"\bchecker\.(\w+Id)\b")
QUOTED = re.compile(r"\"([a-z0-9][a-z0-9-]*)\"")
NEGATIVE = ("requireNoChange", "require.False", "NotEqual", "NotContains", "assert.False")
SKIP_MARKS = (".Spec.", ".Spec)", ".Spec,", "WriteFile(", "os.Create", "&diff.Config")
CONFIG_DIFF = re.compile(r"diff\.NewConfig\(\)\s*\.\s*With")
# `slices.Contains([]string{A, B}, x.GetId())`: any one of the listed ids will do.
EITHER = re.compile(r"slices\.Contains\(\s*\[\]string\{([^}]*)\}")
# ... unless what it collects must be empty.
NEGATIVE_COUNT = ("require.Empty(", "require.Equal(t, 0,", "require.Len(t, 0,")
CHECKER_OPTS = re.compile(r"checker\.With(?!SingleCheck|Deprecation\()\w+|\.StabilityLevel\s*=")
# `diff.Get(config, s1, s2)` and its variants: a second call with the specs swapped compares
# the reverse pair.
DIFF_CALL = re.compile(r"\bdiff\.Get\w*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*(\w+)\s*,\s*(\w+)\s*\)")
# `checker.WithDeprecation(beta days, stable days)`: apidiff's `min-days` by stability level.
DEPRECATION = re.compile(r"checker\.WithDeprecation\(\s*(\d+)\s*,\s*(\d+)\s*\)")


@dataclass
class Test:
    name: str
    file: str
    specs: list[str]
    ids: set[str]
    configured: bool
    # the policy the test sets, (beta, stable) days: apidiff's min-days by stability level
    deprecation_days: tuple[int, int] | None = None


@dataclass
class Pair:
    old: str
    new: str
    deprecation_days: tuple[int, int] | None = None
    tests: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    configured_ids: set[str] = field(default_factory=set)


def go_sources(root: Path) -> tuple[list[Path], list[Path]]:
    checker = root / "checker"
    if not checker.is_dir() or not (root / "data").is_dir():
        raise SystemExit(f"{root}: not an oasdiff tree (no checker/ and data/ folders)")
    files = sorted(checker.glob("*.go"))
    return [f for f in files if not f.name.endswith("_test.go")], [
        f for f in files if f.name.endswith("_test.go")
    ]


def read_ids(sources: list[Path]) -> tuple[dict[str, str], dict[str, str]]:
    """Constant name -> id string, and id string -> level."""
    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        names.update(ID_DECL.findall(text))
    rules = sources[0].parent / "rules.go"
    if rules.exists():
        for const, level in LEVEL_DECL.findall(rules.read_text(encoding="utf-8")):
            if const in names:
                levels.setdefault(names[const], level)
    return names, levels


def test_bodies(text: str) -> list[tuple[str, str]]:
    out = []
    for match in TEST_START.finditer(text):
        end = text.find("\n}", match.end())
        out.append((match.group(1), text[match.end() : end if end >= 0 else len(text)]))
    return out


def _strip_literal(arg: str) -> str | None:
    arg = arg.strip()
    return arg[1:-1] if len(arg) >= 2 and arg[0] == arg[-1] == '"' else None


def loaded_specs(body: str, file_fns: dict[str, str]) -> list[str]:
    """The data files a test loads, in order, relative to the tree's root."""
    return [path for _, path in spec_loads(body, file_fns)]


def spec_loads(body: str, file_fns: dict[str, str]) -> list[tuple[int, str]]:
    """Where in the body each data file is loaded, and which, in order."""
    found: list[tuple[int, str]] = []

    def data(path: str) -> str:
        return path[3:] if path.startswith("../") else path

    for m in re.finditer(r"(?<![\w.])l\(t,\s*(\d+)", body):
        found.append((m.start(), f"data/openapi-test{m.group(1)}.yaml"))
    for m in re.finditer(r"(?<![\w.])d\(t,\s*[^,]+,\s*(\d+),\s*(\d+)", body):
        found.append((m.start(), f"data/openapi-test{m.group(1)}.yaml"))
        found.append((m.start() + 1, f"data/openapi-test{m.group(2)}.yaml"))
    for m in re.finditer(r"(?<![\w.])(?:open|LoadFromFile)\(\s*(\"[^\"]*\")", body):
        found.append((m.start(), data(m.group(1)[1:-1])))
    for m in re.finditer(r"(?<![\w.])open\(\s*(\w+)\(\s*(\"[^\"]*\")\s*\)", body):
        if m.group(1) in file_fns:
            found.append((m.start(), f"data/{file_fns[m.group(1)]}/{m.group(2)[1:-1]}"))
    for m in re.finditer(r"(?<![\w.])loadFrom\(t,\s*(\"[^\"]*\"),\s*(\d+)\)", body):
        found.append((m.start(), data(f"{m.group(1)[1:-1]}spec{m.group(2)}.yaml")))
    for m in re.finditer(r"(?<![\w.])stabilityChanges\(t,\s*(\"[^\"]*\"),\s*(\"[^\"]*\")", body):
        folder = file_fns.get("stabilityFile", "stability")
        found.append((m.start(), f"data/{folder}/{m.group(1)[1:-1]}"))
        found.append((m.start() + 1, f"data/{folder}/{m.group(2)[1:-1]}"))
    return sorted(found)


def subtest_pairs(body: str, file_fns: dict[str, str]) -> list[tuple[list[str], str]]:
    """The pairs a test compares, each with the part of the body that checks it.

    A test with subtests (``t.Run``) that loads more than two specs compares one pair per
    subtest: specs are taken two by two in order, and each pair owns the text from its first
    load up to the next pair's (the ids a subtest expects are about its own pair). Any other
    test is its first two specs and its whole body.
    """
    loads = spec_loads(body, file_fns)
    if len(loads) == 2 and "t.Run(" not in body:
        calls = list(DIFF_CALL.finditer(body))
        for later in calls[1:]:
            if later.groups() == calls[0].groups()[::-1]:  # the same two specs, swapped
                paths = [path for _, path in loads]
                return [(paths, body[: later.start()]), (paths[::-1], body[later.start() :])]
    if len(loads) <= 2 or "t.Run(" not in body:
        return [([path for _, path in loads], body)]
    cuts = [m.start() for m in re.finditer(r"\bt\.Run\(", body)]
    out = []
    for start, end in zip([0, *cuts], [*cuts, len(body)], strict=True):
        part = [(pos, path) for pos, path in loads if start <= pos < end]
        if len(part) % 2:
            continue  # a spec compared with itself or with one built in code: unreadable
        for k in range(0, len(part), 2):
            begin = start if k == 0 else part[k][0]
            stop = part[k + 2][0] if k + 2 < len(part) else end
            out.append(([part[k][1], part[k + 1][1]], body[begin:stop]))
    return out


def _flags(body: str) -> tuple[set[str], list[set[str]]]:
    """Flags a test sets but never asserts (``_ = found``), and the groups of flags one
    assertion joins with ``||`` (``require.True(t, a || b)``: either will do)."""
    unasserted = {
        v
        for v in re.findall(r"^\s*_ = (\w+)", body, re.M)
        if not re.search(rf"(?:require|assert)\.\w+\([^)]*\b{v}\b", body)
    }
    joined = [
        set(re.findall(r"\w+", m.group(1)))
        for m in re.finditer(r"(?:require|assert)\.True\(t,\s*(\w+(?:\s*\|\|\s*\w+)+)", body)
    ]
    return unasserted, joined


def _flag_set_after(body: str, end: int) -> str | None:
    """The flag the block right after ``end`` sets (``found = true``), if any."""
    m = re.match(r"[^{]*\{\s*(\w+)\s*=\s*true\b", body[end : end + 200])
    return m.group(1) if m else None


def expected_ids(body: str, names: dict[str, str], known: set[str]) -> set[str]:
    """The ids a test body expects; ``a|b`` where it accepts any one of them."""
    ids: set[str] = set()
    unasserted, joined = _flags(body)
    by_flag: dict[str, set[str]] = {}
    for match in EITHER.finditer(body):
        group = {names[c] for c in ID_REF.findall(match.group(1)) if c in names}
        flag = _flag_set_after(body, match.end())
        body = body[: match.start()] + " " * (match.end() - match.start()) + body[match.end() :]
        if flag in unasserted:
            continue  # found, logged and never required
        if flag is not None and any(flag in j for j in joined):
            by_flag.setdefault(flag, set()).update(group)
            continue
        if group and not any(mark in body for mark in NEGATIVE_COUNT):
            ids.add("|".join(sorted(group)))
    for flags in joined:  # one expectation met by any id of the joined flags
        group = set().union(*(by_flag.get(f, set()) for f in flags))
        if group:
            ids.add("|".join(sorted(group)))
    # `if x.GetId() == checker.XId { found = true }` with `found` never asserted.
    for flag in unasserted:
        for m in re.finditer(
            r"^.*\bchecker\.\w+Id\b.*\{\s*\n\s*" + flag + r"\s*=\s*true", body, re.M
        ):
            body = body[: m.start()] + " " * (m.end() - m.start()) + body[m.end() :]
    depth = 0  # inside WithSeverityLevels( ... )
    for line in body.splitlines():
        if "WithSeverityLevels" in line:
            depth = line.count("(") - line.count(")") or 0
            continue
        if depth > 0:
            depth += line.count("(") - line.count(")")
            continue
        if any(mark in line for mark in NEGATIVE):
            continue
        for const in ID_REF.findall(line):
            if const in names:
                ids.add(names[const])
        if ".Id" in line or "GetId()" in line:
            ids.update(q for q in QUOTED.findall(line) if q in known)
    return ids


def parse_suite(root: Path) -> tuple[list[Test], dict[str, str], list[str]]:
    sources, tests_files = go_sources(root)
    names, levels = read_ids(sources)
    known = set(names.values())
    file_fns: dict[str, str] = {}
    texts = {p: p.read_text(encoding="utf-8") for p in tests_files}
    for text in texts.values():
        file_fns.update(FILE_FN.findall(text))
    tests: list[Test] = []
    skipped: list[str] = []
    for path, text in texts.items():
        for name, whole in test_bodies(text):
            if any(mark in whole for mark in SKIP_MARKS) or CONFIG_DIFF.search(whole):
                if len(loaded_specs(whole, file_fns)) >= 2:
                    skipped.append(f"{path.name}:{name}")
                continue
            parts = subtest_pairs(whole, file_fns)
            for n, (specs, body) in enumerate(parts, 1):
                label = name if len(parts) == 1 else f"{name}#{n}"
                if len(specs) < 2 or any(s.endswith("/") for s in specs[:2]):
                    continue  # loads one spec, or builds its paths at run time (a table)
                configured = bool(CHECKER_OPTS.search(body))
                policy = DEPRECATION.search(body)
                days = (int(policy.group(1)), int(policy.group(2))) if policy else None
                ids = {
                    "|".join(kept)
                    for i in expected_ids(body, names, known)
                    if (kept := [x for x in i.split("|") if x in levels])
                }
                if specs[0] == specs[1] and ids:  # the same file twice: a helper edits one
                    skipped.append(f"{path.name}:{label}")
                    continue
                tests.append(Test(label, path.name, specs[:2], ids, configured, days))
    return tests, levels, skipped


def pairs_of(tests: list[Test]) -> dict[tuple[str, str, tuple[int, int]], Pair]:
    pairs: dict[tuple[str, str, tuple[int, int]], Pair] = {}
    for test in tests:
        key = (test.specs[0], test.specs[1], test.deprecation_days or (0, 0))
        pair = pairs.setdefault(key, Pair(key[0], key[1], test.deprecation_days))
        pair.tests.append(f"{test.file}:{test.name}")
        pair.ids |= test.ids
        if test.configured:
            pair.configured_ids |= test.ids
    return pairs


def run_apidiff(root: Path, pair: Pair) -> tuple[set[str], set[str], str | None]:
    """Every name apidiff reports the pair's findings under (ids and aliases), the names of
    its breaking findings, and an error if it could not compare them."""
    import apidiff
    from apidiff.api import CompareOptions
    from apidiff.config import Policy
    from apidiff.rules.catalog import RULES

    days = pair.deprecation_days  # (beta, stable), oasdiff's WithDeprecation
    by_level = {"beta": days[0], "stable": days[1]} if days else {}
    options = CompareOptions(policy=Policy(deprecation_days_by_level=by_level))
    try:
        result = apidiff.compare(str(root / pair.old), str(root / pair.new), options)
    except apidiff.ApidiffError as error:
        return set(), set(), str(error).splitlines()[0]
    names: set[str] = set()
    breaking: set[str] = set()
    for finding in result.findings:
        rule = RULES.get(finding.id)
        these = {finding.id, *(rule.aliases if rule else ())}
        names |= these
        if finding.severity is apidiff.Severity.BREAKING:
            breaking.add(finding.id)
    return names, breaking, None


def measure(root: Path) -> dict:
    tests, levels, skipped = parse_suite(root)
    pairs = pairs_of(tests)
    rows = []
    for key in sorted(pairs):
        pair = pairs[key]
        names, breaking, error = run_apidiff(root, pair)
        expects_break = any(all(levels.get(x) == "ERR" for x in i.split("|")) for i in pair.ids)
        rows.append(
            {
                "old": pair.old,
                "new": pair.new,
                "tests": pair.tests,
                "deprecation_days": pair.deprecation_days,
                "expected": sorted(pair.ids),
                "configured": sorted(pair.configured_ids),
                "expects_breaking": expects_break,
                "apidiff_breaking": sorted(breaking),
                "missing_ids": sorted(i for i in pair.ids if not names.intersection(i.split("|"))),
                "error": error,
            }
        )
    breaking_pairs = [r for r in rows if r["expects_breaking"]]
    caught = [r for r in breaking_pairs if r["apidiff_breaking"]]
    id_total = sum(len(r["expected"]) for r in rows)
    id_hits = id_total - sum(len(r["missing_ids"]) for r in rows)
    quiet = [r for r in rows if not r["expected"]]
    return {
        "tests_used": len(tests),
        "tests_skipped": len(skipped),
        "pairs": len(rows),
        "breaking_pairs": len(breaking_pairs),
        "breaking_pairs_caught": len(caught),
        "expected_ids": id_total,
        "expected_ids_reported": id_hits,
        "quiet_pairs": len(quiet),
        "quiet_pairs_apidiff_breaking": sum(1 for r in quiet if r["apidiff_breaking"]),
        "errors": sum(1 for r in rows if r["error"]),
        "rows": rows,
    }


def _label(row: dict) -> str:
    days = row["deprecation_days"]
    shown = f" (min-days beta {days[0]}, stable {days[1]})" if days else ""
    return f"{row['old']} -> {row['new']}" + shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path, help="an oasdiff checkout or extracted tree")
    parser.add_argument("--json", action="store_true", help="every pair, as JSON")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = measure(args.tree)
    if args.json:
        json.dump(report, sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    b, bc = report["breaking_pairs"], report["breaking_pairs_caught"]
    i, ic = report["expected_ids"], report["expected_ids_reported"]
    print(
        f"tests read: {report['tests_used']} (skipped, spec edited in code or diff configured:"
        f" {report['tests_skipped']}); pairs: {report['pairs']}; errors: {report['errors']}"
    )
    print(
        f"(a) pairs oasdiff expects to break: {b}; apidiff breaking on {bc} ({bc / max(b, 1):.1%})"
    )
    print(f"(b) expected ids: {i}; under the id or an alias: {ic} ({ic / max(i, 1):.1%})")
    print(
        f"    pairs oasdiff expects quiet: {report['quiet_pairs']}; apidiff breaking on "
        f"{report['quiet_pairs_apidiff_breaking']}"
    )
    if args.misses:
        print("\npairs expected to break that apidiff does not call breaking:")
        for r in report["rows"]:
            if r["expects_breaking"] and not r["apidiff_breaking"]:
                print(
                    f"  {_label(r)}: {', '.join(r['expected'])}"
                    + (f"  [error: {r['error']}]" if r["error"] else "")
                )
        missed: dict[str, list[str]] = defaultdict(list)
        for r in report["rows"]:
            for miss in r["missing_ids"]:
                missed[miss].append(_label(r))
        print("\nexpected ids apidiff does not report (id: pairs):")
        for miss in sorted(missed):
            print(f"  {miss}: {len(missed[miss])}  e.g. {missed[miss][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
