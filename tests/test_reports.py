"""Golden reports: every format on real fixture pairs, byte for byte.

Regenerate after an intended change with ``APIDIFF_UPDATE_GOLDEN=1 make test`` and read
the diff of ``tests/golden/`` before committing it.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from apidiff.cli import cli

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("APIDIFF_UPDATE_GOLDEN") == "1"

PAIRS = {
    "petstore": ["fixtures/petstore/old.yaml", "fixtures/petstore/new.yaml"],
    "starwars": [
        "fixtures/starwars/old.graphql",
        "fixtures/starwars/new.graphql",
        "--operations",
        "fixtures/starwars/operations",
    ],
    "injection": ["fixtures/hostile/injection/old.yaml", "fixtures/hostile/injection/new.yaml"],
    "unchanged": [
        "fixtures/unchanged/ref-vs-inline/old.yaml",
        "fixtures/unchanged/ref-vs-inline/new.yaml",
    ],
}
TODAY = ["--today", "2026-01-15"]
REPORTS = {
    **{
        f"diff.{ext}": ["diff", "-f", fmt]
        for fmt, ext in (
            ("text", "txt"),
            ("json", "json"),
            ("yaml", "yaml"),
            ("markdown", "md"),
            ("github", "github.txt"),
            ("sarif", "sarif"),
            ("junit", "junit.xml"),
            ("html", "html"),
        )
    },
    "breaking.junit.xml": ["breaking", "-f", "junit", "--fail-on", "dangerous"],
    "changelog.md": ["changelog", "--date", "2026-01-15"],
    "migrate.md": ["migrate"],
    "semver.txt": ["semver"],
    "semver.json": ["semver", "-f", "json"],
}
CASES = [(pair, name) for pair in PAIRS for name in REPORTS]


def run_report(pair: str, name: str) -> tuple[int, str]:
    command, *options = REPORTS[name]
    args = [command, *PAIRS[pair], *options]
    if command in ("diff", "breaking", "changelog", "migrate", "semver"):
        args += TODAY
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in reports are as given: relative to the repository


@pytest.mark.parametrize(("pair", "name"), CASES, ids=[f"{p}/{n}" for p, n in CASES])
def test_golden(pair: str, name: str):
    code, output = run_report(pair, name)
    assert code in (0, 1), output
    golden = GOLDEN / pair / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with APIDIFF_UPDATE_GOLDEN=1"
    assert output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_reports_are_byte_stable(name: str):
    assert run_report("petstore", name) == run_report("petstore", name)


def test_every_format_has_golden_files():
    from apidiff.report import FORMATS

    covered = {REPORTS[name][2] for name in REPORTS if REPORTS[name][0] == "diff"}
    assert covered == set(FORMATS)


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_json_and_yaml_reports_follow_the_documented_schema(pair: str):
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "docs" / "schema" / "report.json").read_text())
    for name, load in (("diff.json", json.loads), ("diff.yaml", yaml.safe_load)):
        _, output = run_report(pair, name)
        jsonschema.validate(load(output), schema)
