"""``apidiff history``: one changelog section per change of a contract, newest first."""

from __future__ import annotations

import json
import re

import pytest

from .gitrepo import (
    PET_NEW,
    PET_OLD,
    SW_NEW,
    SW_OLD,
    Repo,
    error_line,
    run,
    split_sdl,
    working_copy,
)

HEALTH = (
    "paths:\n  /health:\n    get:\n      operationId: health\n      responses:\n"
    '        "200":\n          description: ok\n'
)
V2 = PET_OLD.replace("version: 1.0.0", "version: 1.1.0").replace("paths:\n", HEALTH, 1)
V3 = PET_NEW.replace("paths:\n", HEALTH, 1)
V4 = V3.replace(
    "paths:\n",
    'paths:\n  /ping:\n    get:\n      responses:\n        "200":\n          description: ok\n',
    1,
)
BROKEN = "openapi: 3.0.3\npaths: [\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """api.yaml through five commits:

    c1 V1 (tag v1.0.0, annotated) - c2 README only (tag v1.0.1) - c3 V2 (tag v1.1.0)
    - c4 V3 (tag v2.0.0) - c5 V4 (no tag).
    """
    repo = Repo(tmp_path_factory.mktemp("history") / "repo")
    repo.c = {}
    repo.c[1] = repo.commit("first version", {"api.yaml": PET_OLD})
    repo.tag("v1.0.0", annotated=True)
    repo.c[2] = repo.commit("docs only", {"README.md": "hello\n"})
    repo.tag("v1.0.1")
    repo.c[3] = repo.commit("add /health", {"api.yaml": V2})
    repo.tag("v1.1.0", annotated=True)
    repo.c[4] = repo.commit("version 2", {"api.yaml": V3})
    repo.tag("v2.0.0")
    repo.c[5] = repo.commit("add /ping", {"api.yaml": V4})
    return repo


@pytest.fixture
def repo(template, tmp_path, monkeypatch):
    return working_copy(template, tmp_path, monkeypatch)


def headings(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


def test_every_change_newest_first(repo):
    result = run("history", "api.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Changelog\n")
    c = repo.c
    # Headed by the release's tag, else by the commit's subject and id.
    assert headings(result.stdout) == [
        f"add /ping ({c[5][:12]}) - 2024-01-05",
        "v2.0.0 - 2024-01-04",
        "v1.1.0 - 2024-01-03",
    ]
    # Each section holds its own change.
    sections = re.split(r"^## ", result.stdout, flags=re.M)[1:]
    assert "- `GET /ping` was added." in sections[0] and "Breaking" not in sections[0]
    assert "### Breaking" in sections[1] and "`DELETE /pets/{petId}` was removed" in sections[1]
    assert "- `GET /health` was added." in sections[2] and "Breaking" not in sections[2]


def test_tags_only_compares_releases_that_changed_the_file(repo):
    result = run("history", "api.yaml", "--tags")
    assert result.exit_code == 0, result.output
    # What HEAD changed since the newest release is the Unreleased section.
    assert headings(result.stdout) == ["Unreleased", "v2.0.0 - 2024-01-04", "v1.1.0 - 2024-01-03"]
    assert "`GET /ping` was added" in result.stdout.split("## v2.0.0")[0]
    data = json.loads(run("history", "api.yaml", "--tags", "-f", "json").stdout)
    pairs = [(s["from"]["rev"], s["to"]["rev"]) for s in data["steps"]]
    # not v1.0.1 (the file did not change)
    assert pairs == [("v2.0.0", "HEAD"), ("v1.1.0", "v2.0.0"), ("v1.0.0", "v1.1.0")]
    # An annotated tag is compared by the commit it names, not the tag object.
    assert data["steps"][2]["from"]["commit"] == repo.c[1]
    assert data["steps"][1]["from"]["commit"] == repo.c[3]


def test_since(repo):
    c = repo.c
    result = run("history", "api.yaml", "--since", "v1.1.0")
    assert result.exit_code == 0, result.output
    assert headings(result.stdout) == [
        f"add /ping ({c[5][:12]}) - 2024-01-05",
        "v2.0.0 - 2024-01-04",
    ]

    result = run("history", "api.yaml", "--since", "v1.1.0", "--tags")
    assert result.exit_code == 0, result.output
    assert headings(result.stdout) == ["Unreleased", "v2.0.0 - 2024-01-04"]

    # A starting commit that did not change the file is still the first version.
    data = json.loads(run("history", "api.yaml", "--since", c[2], "-f", "json").stdout)
    assert [s["to"]["commit"] for s in data["steps"]] == [c[5], c[4], c[3]]
    assert data["steps"][-1]["from"]["commit"] == c[2]


def test_since_a_missing_revision(repo):
    result = run("history", "api.yaml", "--since", "v9")
    assert result.exit_code == 2
    assert "git fetch" in error_line(result)


def test_json(repo):
    result = run("history", "api.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["steps"]
    c = repo.c
    first = data["steps"][0]
    assert first["from"] == {"rev": c[4][:12], "commit": c[4], "date": "2024-01-04"}
    assert first["to"] == {
        "rev": c[5][:12],
        "commit": c[5],
        "date": "2024-01-05",
        "subject": "add /ping",
    }
    assert set(first) == {"from", "to", "summary", "changes"}
    assert first["summary"] == {"breaking": 0, "dangerous": 0, "safe": 1}
    assert [ch["operation"] for ch in first["changes"]] == ["GET /ping"]
    middle = data["steps"][1]
    assert middle["summary"]["breaking"] == 7  # petstore old -> new (/health on both sides)
    for step in data["steps"]:
        for change in step["changes"]:
            assert {"id", "severity", "message", "fingerprint"} <= set(change)
    assert [s["to"]["commit"] for s in data["steps"]] == [c[5], c[4], c[3]]


def test_output_file(repo, tmp_path):
    target = tmp_path / "CHANGES.md"
    result = run("history", "api.yaml", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text() == run("history", "api.yaml").stdout


def test_a_broken_version_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("one", {"api.yaml": PET_OLD})
    c2 = repo.commit("two", {"api.yaml": V2})
    c3 = repo.commit("oops", {"api.yaml": BROKEN})
    c4 = repo.commit("fixed", {"api.yaml": V3})
    monkeypatch.chdir(repo.path)
    result = run("history", "api.yaml")
    assert result.exit_code == 0, result.output
    assert headings(result.stdout) == [
        f"fixed ({c4[:12]}) - 2024-01-04",
        f"oops ({c3[:12]}) - 2024-01-03",
        f"two ({c2[:12]}) - 2024-01-02",
    ]
    sections = re.split(r"^## ", result.stdout, flags=re.M)[1:]
    assert f"Could not be compared: {c3[:12]}:api.yaml:" in sections[0]
    assert "invalid YAML" in sections[0]
    assert f"Could not be compared: {c3[:12]}:api.yaml:" in sections[1]
    assert "Could not be compared" not in sections[2]
    assert "/health" in sections[2]

    data = json.loads(run("history", "api.yaml", "-f", "json").stdout)
    assert [("error" in s, "summary" in s) for s in data["steps"]] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    assert data["steps"][0]["error"].startswith(f"{c3[:12]}:api.yaml:")


@pytest.mark.parametrize("tags", [False, True])
def test_fewer_than_two_versions(tmp_path, monkeypatch, tags):
    repo = Repo(tmp_path / "repo")
    repo.commit("one", {"api.yaml": PET_OLD})
    repo.tag("v1")
    repo.commit("docs", {"README.md": "x\n"})
    repo.tag("v2")  # api.yaml did not change: one version among the tags
    monkeypatch.chdir(repo.path)
    args = ["history", "api.yaml"] + (["--tags"] if tags else [])
    result = run(*args)
    assert result.exit_code == 2
    line = error_line(result)
    assert "api.yaml: fewer than two versions in the git history" in line
    assert ("among the tags" in line) == tags


def test_a_file_never_committed(repo):
    (repo.path / "nothing.yaml").write_text(PET_OLD)
    result = run("history", "nothing.yaml")
    assert result.exit_code == 2
    assert "nothing.yaml: no commit has it (is it committed?)" in error_line(result)


def test_a_file_that_was_never_a_contract_is_an_error(repo):
    """Every step failed: a changelog of failures with exit 0 read as a history."""
    repo.commit("notes", {"notes.yaml": "a: 1\n"})
    repo.commit("notes again", {"notes.yaml": "a: 2\n"})
    result = run("history", "notes.yaml")
    assert result.exit_code == 2, result.output
    assert "notes.yaml: not an OpenAPI" in error_line(result)
    assert result.stdout == ""


def test_a_broken_version_among_good_ones_stays_in_its_section(repo):
    repo.commit("broken", {"api.yaml": BROKEN})
    result = run("history", "api.yaml")
    assert result.exit_code == 0, result.output
    assert "Could not be compared" in result.stdout


def test_from_a_subfolder(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("one", {"svc/api.yaml": PET_OLD})
    c2 = repo.commit("two", {"svc/api.yaml": PET_NEW})
    monkeypatch.chdir(repo.path / "svc")
    result = run("history", "api.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["to"]["commit"] for s in data["steps"]] == [c2]
    assert data["steps"][0]["summary"]["breaking"] == 7


def test_tags_that_are_not_commits_are_skipped(repo):
    blob = repo.git("hash-object", "-w", "api.yaml")
    tree = repo.git("rev-parse", "HEAD^{tree}")
    repo.tag("a-blob", target=blob)
    repo.tag("a-tree", target=tree)
    result = run("history", "api.yaml", "--tags")
    assert result.exit_code == 0, result.output
    assert headings(result.stdout) == ["Unreleased", "v2.0.0 - 2024-01-04", "v1.1.0 - 2024-01-03"]


def test_a_graphql_folder(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("one", {f"schema/{k}": v for k, v in split_sdl(SW_OLD).items()})
    repo.tag("v1")
    c2 = repo.commit("two", {f"schema/{k}": v for k, v in split_sdl(SW_NEW).items()})
    repo.tag("v2")
    monkeypatch.chdir(repo.path)
    result = run("history", "schema", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["to"]["commit"] for s in data["steps"]] == [c2]
    assert data["steps"][0]["summary"]["breaking"] > 0
    tagged = run("history", "schema", "--tags")
    assert headings(tagged.stdout) == ["v2 - 2024-01-02"]
    # Only the SDL files make the contract: a README beside them is no new version.
    repo.commit("docs", {"schema/README.md": "# The schema\n"})
    repo.tag("v3")
    data = json.loads(run("history", "schema", "-f", "json").stdout)
    assert [s["to"]["commit"] for s in data["steps"]] == [c2]
    assert headings(run("history", "schema", "--tags").stdout) == ["v2 - 2024-01-02"]


def test_tags_on_another_branch_are_not_versions(repo):
    repo.git("checkout", "-q", "-b", "maint", "v1.1.0")
    repo.commit("backport", {"api.yaml": V2.replace("version: 1.1.0", "version: 1.1.1")})
    repo.tag("v1.1.1")  # made after v2.0.0, on a branch HEAD does not contain
    repo.git("checkout", "-q", "main")
    result = run("history", "api.yaml", "--tags")
    assert result.exit_code == 0, result.output
    assert headings(result.stdout) == ["Unreleased", "v2.0.0 - 2024-01-04", "v1.1.0 - 2024-01-03"]


def test_a_release_tagged_late_keeps_its_place(repo):
    repo.git("tag", "-d", "v1.1.0")
    repo.tag("v1.1.0", annotated=True, target=repo.c[3], day=20)  # tagged after v2.0.0
    data = json.loads(run("history", "api.yaml", "--tags", "-f", "json").stdout)
    pairs = [(s["from"]["rev"], s["to"]["rev"]) for s in data["steps"]]
    assert pairs == [("v2.0.0", "HEAD"), ("v1.1.0", "v2.0.0"), ("v1.0.0", "v1.1.0")]
    # the date of a version is its commit's, not the tag's
    assert data["steps"][2]["to"]["date"] == "2024-01-03"


def test_a_missing_file_says_it_is_missing(repo):
    result = run("history", "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: no such file, and no commit has it" in error_line(result)


def test_no_unreleased_section_when_head_is_the_release(repo):
    repo.git("checkout", "-q", "v2.0.0")
    result = run("history", "api.yaml", "--tags")
    assert headings(result.stdout) == ["v2.0.0 - 2024-01-04", "v1.1.0 - 2024-01-03"]


RECURSIVE = (
    "openapi: 3.0.3\ninfo: {title: Tree, version: '%d'}\npaths:\n  /tree:\n    get:\n"
    "      responses:\n        '200':\n          description: ok\n          content:\n"
    "            application/json:\n              schema: {$ref: '#/components/schemas/Node'}\n"
    "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n"
    "        name: {type: string}\n        v%d: {type: string}\n"
    "        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n"
)


def test_a_dropped_version_is_freed(tmp_path, monkeypatch):
    # A recursive schema is a cycle of model nodes, which holds its parsed document (through
    # its locations' resolvers) until the cycle collector runs: with the collector as rare as
    # it is among millions of live objects, every version stayed to the end (2.2 GB for 50
    # versions of Stripe's 4 MB contract). Each step's result is detached from its documents
    # and a dropped version is collected, so at most the version the next step shares lives.
    import gc

    from apidiff import history
    from apidiff.formats.yamljson import Document

    repo = Repo(tmp_path / "repo")
    for n in range(1, 6):
        repo.commit(f"v{n}", {"api.yaml": RECURSIVE % (n, n)})
    monkeypatch.chdir(repo.path)
    gc.collect()
    gc.disable()
    try:
        found = history.steps("api.yaml", root=repo.path)
        alive = [o for o in gc.get_objects() if type(o) is Document]
    finally:
        gc.enable()
    assert len(found) == 4 and all(step.result is not None for step in found)
    assert len(alive) <= 1, f"{len(alive)} parsed documents still alive after the run"
    location = found[0].result.findings[0].location
    assert location.line is not None  # positions survive the detaching
