"""The deprecation policy's age from git history, when the contract has no x-deprecated-since.

A temporary repository whose commits are one day apart (2024-01-01, -02, ...): the date of the
commit that deprecated the removed operation is what ``min-days`` counts from.
"""

from __future__ import annotations

import json

import pytest

from .gitrepo import Repo, run

OK = '      responses:\n        "200": {description: ok}\n'
HEAD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n'
KEEP = "  /pets:\n    get:\n" + OK


def api(deprecated: bool = False, version: int = 1, since: str = "") -> str:
    delete = "    delete:\n" + ("      deprecated: true\n" if deprecated else "")
    if since:
        delete += f"      x-deprecated-since: {since}\n"
    head = HEAD.replace('version: "1"', f'version: "{version}"')
    return head + KEEP + "  /pets/{id}:\n" + delete + OK


NEW = HEAD + KEEP


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    repo = Repo(tmp_path_factory.mktemp("deprecated") / "repo")
    repo.commit("day 1: the operation", {"api.yaml": api(), "new.yaml": NEW})
    repo.commit("day 2: deprecated", {"api.yaml": api(deprecated=True)})
    for day in range(3, 8):  # later edits elsewhere in the file keep the deprecation
        repo.commit(f"day {day}: a new version", {"api.yaml": api(True, version=day)})
    return repo


@pytest.fixture
def repo(template, tmp_path, monkeypatch):
    copy = template.copy(tmp_path / "repo")
    monkeypatch.chdir(copy.path)
    return copy


def removal(*args: str, today: str) -> tuple[int, dict]:
    result = run("breaking", *args, "-f", "json", "--no-config", "--today", today)
    assert result.exit_code in (0, 1), result.output
    found = [c for c in json.loads(result.stdout)["changes"] if c["id"].startswith("api-")]
    assert len(found) == 1, found
    return result.exit_code, found[0]


@pytest.mark.parametrize("old", ["api.yaml", "HEAD:api.yaml", "HEAD~2:api.yaml"])
def test_age_is_counted_from_the_commit_that_deprecated_it(repo, old):
    deprecating = repo.git("rev-parse", "HEAD~5")[:12]  # day 2
    code, change = removal(old, "new.yaml", "--deprecation-days", "10", today="2024-01-12")
    assert code == 0
    assert change["severity"] == "dangerous"
    assert change["policy"] == (
        f"deprecation policy: deprecated 10 days ago, commit {deprecating} (at least 10 required)"
    )
    code, change = removal(old, "new.yaml", "--deprecation-days", "11", today="2024-01-12")
    assert code == 1 and change["severity"] == "breaking" and "policy" not in change


def test_against_reads_the_same_history(repo):
    repo.write({"api.yaml": NEW})  # the working copy removes it; HEAD still has it
    result = run(
        "breaking",
        "--against",
        "HEAD",
        "api.yaml",
        "--deprecation-days",
        "3",
        "--no-config",
        "--today",
        "2024-01-12",
    )
    assert result.exit_code == 0, result.output


def test_a_deprecation_not_yet_committed_is_zero_days_old(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("the operation", {"api.yaml": api(), "new.yaml": NEW})
    repo.write({"api.yaml": api(deprecated=True)})
    monkeypatch.chdir(repo.path)
    assert removal("api.yaml", "new.yaml", "--deprecation-days", "0", today="2024-02-01")[0] == 0
    code, change = removal("api.yaml", "new.yaml", "--deprecation-days", "1", today="2024-02-01")
    assert code == 1 and "policy" not in change


def test_a_withdrawn_and_renewed_deprecation_counts_from_the_renewal(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("day 1", {"api.yaml": api(), "new.yaml": NEW})
    repo.commit("day 2: deprecated", {"api.yaml": api(True)})
    repo.commit("day 3: withdrawn", {"api.yaml": api(False)})
    renewal = repo.commit("day 4: deprecated again", {"api.yaml": api(True)})
    repo.commit("day 5", {"api.yaml": api(True, version=5)})
    monkeypatch.chdir(repo.path)
    code, change = removal("api.yaml", "new.yaml", "--deprecation-days", "6", today="2024-01-10")
    assert code == 0 and f"commit {renewal[:12]}" in change["policy"]
    assert removal("api.yaml", "new.yaml", "--deprecation-days", "7", today="2024-01-10")[0] == 1


def test_x_deprecated_since_wins_over_history(repo):
    repo.write({"api.yaml": api(deprecated=True, since='"2024-01-11"')})
    code, change = removal("api.yaml", "new.yaml", "--deprecation-days", "5", today="2024-01-12")
    assert code == 1 and "policy" not in change  # one day by the extension, ten by git


def test_outside_a_repository_there_is_no_date(tmp_path, monkeypatch):
    (tmp_path / "api.yaml").write_text(api(deprecated=True))
    (tmp_path / "new.yaml").write_text(NEW)
    monkeypatch.chdir(tmp_path)
    assert removal("api.yaml", "new.yaml", "--deprecation-days", "0", today="2024-02-01")[0] == 1


def test_without_min_days_history_is_not_read(repo, monkeypatch):
    import apidiff.deprecation_history as module

    def boom(*args, **kwargs):
        raise AssertionError("history read without a min-days policy")

    monkeypatch.setattr(module, "from_history", boom)
    assert removal("api.yaml", "new.yaml", today="2024-01-12")[0] == 1
