"""apidiff against ``buf breaking`` itself, on every Protobuf fixture pair, per profile.

For each pair (``fixtures/protobuf/*``, ``fixtures/protobuf-unchanged/*``) and each of buf's
categories (FILE, PACKAGE, WIRE_JSON, WIRE: the profiles file, package, wire-json, wire),
``buf breaking NEW --against OLD`` runs on a temporary copy with a generated ``buf.yaml``:
once, with the four categories, its findings sorted into each by buf's own list of which
rules a category has (``buf config ls-breaking-rules``). buf's rules are separate checks, so
that is what four runs give (a test below holds it to that on a few pairs), at a quarter of
the cost: four runs a pair were most of the suite's time.
Every buf finding must be matched by an apidiff finding at the same element (the same file
and line, or the names buf quotes) whose rule is buf's rule or judges the same fact, and which
is breaking under the profile; every apidiff finding breaking under the profile must be
matched by a buf finding the same way. What is left must be a row of the one table of
deliberate differences in ``docs/protobuf.md`` (a row names buf's rules and apidiff's; a buf
finding it names is accounted for when apidiff reports a rule of the row at that element, or
the row names none).

``buf`` comes from the ``buf-bin`` package (the dev extra). Without it the test skips, unless
``APIDIFF_REQUIRE_BUF=1``. buf never touches the network here: the fixtures have no
dependencies, its cache is a temporary folder and any proxy it might use points nowhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import apidiff
from apidiff import CompareOptions
from apidiff.config import Policy
from apidiff.rules import RULES, catalog, load_rules

from .conftest import ROOT, TODAY, difference_rows, fixture_dirs

# Pairs buf refuses to build, and why (the test checks that it still does).
BUF_REFUSES = {
    "proto-message-set-wire-format-changed": "MessageSet, a legacy proto1 feature buf rejects",
}
PROFILES = {"file": "FILE", "package": "PACKAGE", "wire-json": "WIRE_JSON", "wire": "WIRE"}
PAIRS = [d for kind in ("protobuf", "protobuf-unchanged") for d in fixture_dirs(kind)]
DOC = ROOT / "docs" / "protobuf.md"
TABLE = "## Deliberate differences from buf"


def _buf() -> str | None:
    here = str(Path(sys.executable).parent)
    return shutil.which("buf", path=os.pathsep.join([here, os.environ.get("PATH", "")]))


BUF = _buf()
if BUF is None and os.environ.get("APIDIFF_REQUIRE_BUF") == "1":
    raise RuntimeError("APIDIFF_REQUIRE_BUF=1 but no `buf` (pip install buf-bin)")
pytestmark = pytest.mark.skipif(BUF is None, reason="no `buf` (the dev extra's buf-bin)")


# -- the table ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    case: str
    buf: frozenset[str]  # buf rule ids the row names
    apidiff: frozenset[str]  # apidiff rule ids the row names


def table_rows(text: str) -> list[Row]:
    """The rows of the deliberate-differences table (case | buf | apidiff | why)."""
    rows = []
    for case, buf, ours in difference_rows(text, TABLE):
        rows.append(
            Row(
                case,
                frozenset(re.findall(r"`([A-Z][A-Z0-9_]+)`", buf)),
                frozenset(i for i in re.findall(r"`([a-z][a-z0-9-]+)`", ours) if i in RULES),
            )
        )
    return rows


def test_the_table_parses_and_names_real_rules():
    load_rules()
    rows = table_rows(DOC.read_text(encoding="utf-8"))
    assert len(rows) >= 10
    for row in rows:
        assert row.buf or row.apidiff, row.case
        for name in row.buf:
            assert catalog.resolve(name) is not None or name in _RETIRED, (row.case, name)


_RETIRED = {"FILE_SAME_PHP_GENERIC_SERVICES"}  # buf v1 only; protoc no longer accepts it


# -- buf ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BufFinding:
    rule: str
    path: str  # relative to NEW's root
    line: int
    message: str

    @property
    def names(self) -> list[str]:
        return re.findall(r'"([^"]*)"', self.message)


class BufRefused(Exception):
    """buf could not build a side."""


def run_buf(work: Path, category: str) -> list[BufFinding]:
    config = f"version: v2\nbreaking:\n  use: [{category}]\n"
    for side in ("old", "new"):
        (work / side / "buf.yaml").write_text(config)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(work / "home"),
        "BUF_CACHE_DIR": str(work / "cache"),
        # Nothing here needs the network; should buf try, it fails at once.
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
    }
    done = subprocess.run(
        [BUF, "breaking", "new", "--against", "old", "--error-format", "json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode not in (0, 100):
        raise BufRefused(done.stderr.strip()[-2000:] or f"exit code {done.returncode}")
    out = []
    for line in done.stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            path = item.get("path", "").removeprefix("new/")
            out.append(
                BufFinding(item["type"], path, int(item.get("start_line", 0)), item["message"])
            )
    return out


def buf_categories() -> dict[str, frozenset[str]]:
    """Each buf rule's categories, as buf lists them (every rule of config v2)."""
    done = subprocess.run(
        [BUF, "config", "ls-breaking-rules", "--version", "v2", "--format", "json"],
        cwd=ROOT / "fixtures",  # no buf.yaml here: the whole list, not a configuration's
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rules = (json.loads(line) for line in done.stdout.splitlines() if line.strip())
    return {rule["id"]: frozenset(rule["categories"]) for rule in rules}


def run_buf_by_category(work: Path) -> dict[str, list[BufFinding]]:
    """buf's findings for each category (PROFILES' values), from one run with all four."""
    found = run_buf(work, ", ".join(PROFILES.values()))
    categories = _categories()
    return {c: [b for b in found if c in categories[b.rule]] for c in PROFILES.values()}


_CATEGORIES: dict[str, frozenset[str]] = {}


def _categories() -> dict[str, frozenset[str]]:
    if not _CATEGORIES:
        _CATEGORIES.update(buf_categories())
    return _CATEGORIES


# Pairs the categories see differently (a file deleted: FILE, not PACKAGE; a JSON name: not
# WIRE; a field deleted, a type changed): one run sorted by category must be a run per
# category.
SORTED_LIKE_FOUR_RUNS = (
    "proto-file-removed",
    "message-field-json-name-changed",
    "message-field-removed",
    "message-field-type-changed",
)


@pytest.mark.parametrize("name", SORTED_LIKE_FOUR_RUNS)
def test_one_run_sorted_by_category_is_a_run_per_category(name, tmp_path):
    folder = next(p for p in PAIRS if p.name == name)
    work = tmp_path / "pair"
    shutil.copytree(folder / "old", work / "old")
    shutil.copytree(folder / "new", work / "new")
    sorted_ = run_buf_by_category(work)
    assert any(sorted_.values()), "a pair where buf finds something"
    for category in PROFILES.values():
        assert sorted(map(repr, run_buf(work, category))) == sorted(map(repr, sorted_[category]))


# -- matching -----------------------------------------------------------------------------------
def _relative(location, roots: tuple[str, str]) -> str | None:
    if location is None:
        return None
    for root in roots:
        if location.file.startswith(root + os.sep):
            return location.file[len(root) + 1 :].replace(os.sep, "/")
    return location.file


def at_element(finding, buf: BufFinding, roots: tuple[str, str]) -> bool:
    """The apidiff finding and buf's are about the same element: the same file and line, the
    element's names are those buf quotes (buf points at the parent of what was deleted, in
    NEW; apidiff at the deleted element, in OLD), or its old and new values are."""
    for loc in (finding.location, finding.old_location):
        if loc is not None and _relative(loc, roots) == buf.path and loc.line == buf.line:
            return True
    quoted = buf.names

    def said(token: object) -> bool:
        text = str(token)
        return any(q == text or q.endswith("." + text) for q in quoted)

    element = finding.path[1] if len(finding.path) > 1 else ""
    if "/" in element or element.endswith(".proto"):  # a file
        if element in quoted or element == buf.path:
            return True
    else:
        tokens = [element.rpartition(".")[2]]
        tokens += [p for p in finding.path[2:] if p not in ("field", "value", "oneof")]
        if all(said(t) for t in tokens):
            return True
    values = [v for v in (finding.old, finding.new) if isinstance(v, str) and v]
    return len(values) == 2 and all(said(v) for v in values)


def enclosing(findings, buf: BufFinding, roots: tuple[str, str]):
    """The finding whose element starts last at or before buf's line in buf's file: buf
    points at an option inside the element (``no_standard_descriptor_accessor``) and quotes
    no name."""
    best = None
    for f in findings:
        loc = f.location
        if loc is None or _relative(loc, roots) != buf.path or loc.line is None:
            continue
        if loc.line <= buf.line and (best is None or loc.line > best.location.line):
            best = f
    return best


def same_fact(rule_id: str, buf_rule: str) -> bool:
    """apidiff's rule is buf's (by alias) or judges the same change kind at another level."""
    theirs = catalog.resolve(buf_rule)
    return theirs is not None and bool(set(theirs.kinds) & set(RULES[rule_id].kinds))


def _load(folder: Path):
    return apidiff.load(folder / "old"), apidiff.load(folder / "new")


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    load_rules()
    return table_rows(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", PAIRS, ids=[f"{p.parent.name}/{p.name}" for p in PAIRS])
def test_buf_and_apidiff_agree_or_the_table_says_why(folder, tmp_path, rows):
    work = tmp_path / "pair"
    shutil.copytree(folder / "old", work / "old")
    shutil.copytree(folder / "new", work / "new")
    old, new = _load(folder)
    roots = (str(folder / "old"), str(folder / "new"))
    problems = []
    try:
        by_category = run_buf_by_category(work)
    except BufRefused as exc:
        if folder.name in BUF_REFUSES:
            pytest.skip(f"buf cannot build it: {BUF_REFUSES[folder.name]}")
        raise AssertionError(f"buf failed: {exc}") from None
    assert folder.name not in BUF_REFUSES, "buf builds it now: take it off BUF_REFUSES"
    for profile, category in PROFILES.items():
        theirs = by_category[category]
        options = CompareOptions(today=TODAY, policy=Policy(profile=profile))
        ours = apidiff.compare(old, new, options).findings
        breaking = [f for f in ours if f.severity.value == "breaking" and not f.ignored]
        ids = {f.id for f in ours}
        for b in theirs:
            related = [f for f in breaking if same_fact(f.id, b.rule)]
            if any(at_element(f, b, roots) for f in related) or enclosing(related, b, roots):
                continue
            if any(b.rule in row.buf and (not row.apidiff or row.apidiff & ids) for row in rows):
                continue
            problems.append(f"{category}: buf {b.rule} at {b.path}:{b.line} ({b.message})")
        for f in breaking:
            related = [b for b in theirs if same_fact(f.id, b.rule)]
            if any(at_element(f, b, roots) for b in related):
                continue
            # Or the buf finding points inside f's element: f must be the nearest element
            # before it, not any earlier one (a false finding on an earlier field is not
            # excused by buf's finding on a later one).
            if any(
                enclosing([g for g in breaking if same_fact(g.id, b.rule)], b, roots) is f
                for b in related
            ):
                continue
            if any(f.id in row.apidiff for row in rows):
                continue
            problems.append(f"{category}: apidiff {f.id} ({f.message}), buf nothing")
    assert not problems, "not in docs/protobuf.md's table of differences:\n" + "\n".join(problems)
