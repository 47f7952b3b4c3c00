"""Shared helpers: the fixture pairs and a quick way to compare two documents."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
import yaml

import apidiff
from apidiff import CompareOptions, registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
TODAY = _dt.date(2026, 1, 15)  # fixtures' sunset dates are judged as of this day


def pair_files(folder: Path) -> tuple[Path, Path]:
    """``old.*`` and ``new.*`` (files, or folders of GraphQL SDL files)."""
    olds = sorted(folder.glob("old*"))
    news = sorted(folder.glob("new*"))
    if len(olds) != 1 or len(news) != 1:
        raise AssertionError(f"{folder}: needs exactly one old.* and one new.*")
    return olds[0], news[0]


def rule_fixture_home(family: str) -> Path:
    """Where a family's rule fixtures live: its first format's folder (``fixtures/openapi``;
    Swagger 2.0's own pairs sit in ``fixtures/swagger2``)."""
    first = next(f for f in registry.FORMATS if f.family == family)
    return FIXTURES / first.fixture_folder


def fixture_dirs(kind: str) -> list[Path]:
    base = FIXTURES / kind
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and (p / "expected.yaml").exists())


def compare_files(
    old: Path, new: Path, operations: tuple[str, ...] = (), policy=None
) -> apidiff.Result:
    options = CompareOptions(today=TODAY, operations=operations)
    if policy is not None:
        options = CompareOptions(today=TODAY, operations=operations, policy=policy)
    return apidiff.compare(old, new, options)


def load_expected(folder: Path) -> dict:
    return yaml.safe_load((folder / "expected.yaml").read_text()) or {}


def difference_rows(text: str, heading: str) -> list[tuple[str, str, str]]:
    """(case, the peer's cell, apidiff's cell) of each row of a table of deliberate differences
    with a peer tool (docs/protobuf.md, docs/graphql.md: case | peer | apidiff | why), under
    ``heading``; a row must say why."""
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("case", "---"):
            continue
        case, theirs, ours, why = cells
        assert why, f"row {case!r} says no why"
        rows.append((case, theirs, ours))
    return rows


def compare_texts(tmp_path: Path, old: str, new: str, suffix: str = "yaml") -> apidiff.Result:
    (tmp_path / f"old.{suffix}").write_text(old)
    (tmp_path / f"new.{suffix}").write_text(new)
    return compare_files(tmp_path / f"old.{suffix}", tmp_path / f"new.{suffix}")


@pytest.fixture
def compare_yaml(tmp_path):
    def run(old: str, new: str, suffix: str = "yaml") -> apidiff.Result:
        return compare_texts(tmp_path, old, new, suffix)

    return run
