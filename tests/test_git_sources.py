"""Contracts at a git revision: ``REV:path``, ``--against``, and the refusals around them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import FIXTURES
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

SEVEN = "7 breaking"
STARWARS = FIXTURES / "starwars"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """``api.yaml``: petstore old at tag v1 (also branch ``release``), new at HEAD."""
    repo = Repo(tmp_path_factory.mktemp("sources") / "repo")
    repo.first = repo.commit("first", {"api.yaml": PET_OLD})
    repo.tag("v1")
    repo.git("branch", "release")
    repo.commit("second", {"api.yaml": PET_NEW})
    return repo


@pytest.fixture
def repo(template, tmp_path, monkeypatch):
    return working_copy(template, tmp_path, monkeypatch)


@pytest.mark.parametrize("rev", ["v1", "release", "HEAD~1", "first-sha"])
def test_old_at_a_revision(repo, rev):
    if rev == "first-sha":
        rev = repo.first
    result = run("breaking", f"{rev}:api.yaml", "api.yaml", "--no-color")
    assert result.exit_code == 1, result.output
    assert f"{rev}:api.yaml -> api.yaml: {SEVEN}" in result.stdout


def test_both_sides_at_revisions(repo):
    result = run("breaking", "v1:api.yaml", "HEAD:api.yaml", "-f", "json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["old"]["source"] == "v1:api.yaml"
    assert document["new"]["source"] == "HEAD:api.yaml"
    assert document["summary"]["breaking"] == 7


def test_the_revision_is_read_not_the_working_tree(repo):
    (repo.path / "api.yaml").write_text(PET_OLD)  # the working tree is back to old
    assert run("breaking", "HEAD:api.yaml", "api.yaml").exit_code == 0
    assert run("breaking", "api.yaml", "HEAD:api.yaml").exit_code == 1


def _split_petstore(text: str) -> dict[str, str]:
    """``api/openapi.yaml`` with its Pet schema in ``api/schemas/pet.yaml``."""
    head, sep, tail = text.partition("    Pet:\n")
    assert sep
    pet, sep2, rest = tail.partition("    NewPet:\n")
    assert sep2
    main = head + '    Pet:\n      $ref: "schemas/pet.yaml#/Pet"\n' + sep2 + rest
    schema = "Pet:\n" + "\n".join(line[2:] for line in pet.splitlines()) + "\n"
    return {"api/openapi.yaml": main, "api/schemas/pet.yaml": schema}


def test_relative_refs_come_from_the_same_revision(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("split", _split_petstore(PET_OLD))
    repo.tag("v1")
    monkeypatch.chdir(repo.path)
    assert run("breaking", "v1:api/openapi.yaml", "api/openapi.yaml").exit_code == 0

    # Only the referenced file changes on disk: the old side must still see v1's version.
    pet = repo.path / "api/schemas/pet.yaml"
    pet.write_text(pet.read_text().replace("required: [id, name]", "required: [id, name, tag]"))
    result = run("diff", "v1:api/openapi.yaml", "api/openapi.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    ids = {c["id"] for c in document["changes"]}
    assert ids == {"response-property-became-required"}, ids
    old_files = {(c["old_location"] or {}).get("file") for c in document["changes"]}
    assert old_files == {"v1:api/schemas/pet.yaml"}  # v1's file, not the working tree's

    # The referenced file gone from disk: the revision still has it.
    pet.unlink()
    result = run("diff", "v1:api/openapi.yaml", "HEAD:api/openapi.yaml")
    assert result.exit_code == 0, result.output

    # A committed change to the referenced file is seen between two revisions.
    repo.write(_split_petstore(PET_OLD))
    pet.write_text(pet.read_text().replace("maxLength: 64", "maxLength: 32"))
    repo.commit("shorter names")
    result = run("diff", "v1:api/openapi.yaml", "HEAD:api/openapi.yaml", "-f", "json")
    changes = json.loads(result.stdout)["changes"]
    assert {c["id"] for c in changes} == {"response-property-max-length-decreased"}, changes


def test_graphql_folder_at_a_revision(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("schema", {f"schema/{k}": v for k, v in split_sdl(SW_OLD).items()})
    repo.tag("v1")
    repo.write({f"schema/{k}": v for k, v in split_sdl(SW_NEW).items()})
    monkeypatch.chdir(repo.path)

    single = run(
        "breaking", str(STARWARS / "old.graphql"), str(STARWARS / "new.graphql"), "-f", "json"
    )
    expected = json.loads(single.stdout)["summary"]
    assert expected["breaking"] > 0

    result = run("breaking", "v1:schema", "schema", "-f", "json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["summary"] == expected
    files = {(c["old_location"] or {}).get("file") for c in document["changes"]}
    assert files & {"v1:schema/query.graphql", "v1:schema/types.graphql"}, files

    repo.commit("new schema")
    assert (
        json.loads(run("breaking", "v1:schema", "HEAD:schema", "-f", "json").stdout)["summary"]
        == expected
    )
    assert run("breaking", "v1:schema/", "HEAD:schema/").exit_code == 1


def test_graphql_folder_without_sdl_at_the_revision(repo):
    repo.commit("docs", {"docs/readme.md": "hi\n"})
    result = run("breaking", "HEAD:docs", "api.yaml")
    assert result.exit_code == 2
    assert "folder has no" in error_line(result) and "GraphQL files" in error_line(result)


def test_dot_slash_is_relative_to_the_current_folder(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.commit("first", {"services/pets/api.yaml": PET_OLD})
    repo.tag("v1")
    repo.write({"services/pets/api.yaml": PET_NEW})
    monkeypatch.chdir(repo.path / "services" / "pets")

    assert run("breaking", "v1:./api.yaml", "api.yaml").exit_code == 1
    assert run("breaking", "v1:../pets/api.yaml", "api.yaml").exit_code == 1
    # Without ./ the path is from the repository's top, as in git.
    assert run("breaking", "v1:services/pets/api.yaml", "api.yaml").exit_code == 1
    missing = run("breaking", "v1:api.yaml", "api.yaml")
    assert missing.exit_code == 2
    assert "v1:api.yaml: no such file at v1" in error_line(missing)
    # --against names the file on disk, from the current folder.
    result = run("breaking", "--against", "v1", "api.yaml", "--no-color")
    assert result.exit_code == 1, result.output
    assert f"v1:services/pets/api.yaml -> api.yaml: {SEVEN}" in result.stdout


def test_against(repo):
    result = run("breaking", "--against", "v1", "api.yaml", "--no-color")
    assert result.exit_code == 1, result.output
    assert f"v1:api.yaml -> api.yaml: {SEVEN}" in result.stdout
    assert run("breaking", "--against", "HEAD", "api.yaml").exit_code == 0


def test_against_with_two_files_is_a_usage_error(repo):
    (repo.path / "old.yaml").write_text(PET_OLD)
    result = run("breaking", "--against", "v1", "old.yaml", "api.yaml")
    assert result.exit_code == 2
    assert "--against REV takes one contract" in error_line(result)


def test_against_from_the_configuration(repo):
    (repo.path / "apidiff.toml").write_text('against = "v1"\n')
    result = run("breaking", "api.yaml", "--no-color")
    assert result.exit_code == 1, result.output
    assert f"v1:api.yaml -> api.yaml: {SEVEN}" in result.stdout
    # Two files given: the configuration's against does not apply.
    (repo.path / "same.yaml").write_text(PET_NEW)
    assert run("breaking", "api.yaml", "same.yaml").exit_code == 0
    # The flag wins over the file.
    assert run("breaking", "--against", "HEAD", "api.yaml").exit_code == 0


def test_one_file_and_no_against_is_a_usage_error(repo):
    result = run("breaking", "api.yaml")
    assert result.exit_code == 2
    assert "--against" in error_line(result)


# --- errors: one line, exit 2 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["nope:api.yaml", "api.yaml"], ["'nope' is not in this clone", "git fetch"]),
        (
            ["--against", "origin/main", "api.yaml"],
            [
                "git fetch --no-tags --depth=1 origin +refs/heads/main:refs/remotes/origin/main",
                "fetch-depth: 0",
            ],
        ),
        (["v1:missing.yaml", "api.yaml"], ["v1:missing.yaml: no such file at v1"]),
        (["v1:../x.yaml", "api.yaml"], ["v1:../x.yaml: the path leaves the repository"]),
        (["v1:..", "api.yaml"], ["the path leaves the repository"]),
        (["v1:./../../x.yaml", "api.yaml"], ["the path leaves the repository"]),
    ],
)
def test_git_errors_are_one_line(repo, args, needles):
    result = run("breaking", *args)
    assert result.exit_code == 2, result.output
    line = error_line(result)
    for needle in needles:
        assert needle in line
    assert result.stdout == ""


@pytest.mark.parametrize("annotated", [False, True])
@pytest.mark.parametrize(
    ("kind", "said"), [("tree", "a tree (a folder's content)"), ("blob", "a blob (a file's")]
)
def test_a_revision_naming_a_tree_or_blob_says_so(repo, kind, said, annotated):
    """A tag may point at a tree or a blob: it is in the clone, so "a shallow CI checkout?"
    and a fetch command would send the user looking in the wrong place."""
    target = repo.git("rev-parse", "HEAD^{tree}" if kind == "tree" else "HEAD:api.yaml")
    repo.tag("odd", target=target, annotated=annotated)
    for args in (
        ["breaking", "odd:api.yaml", "api.yaml"],
        ["breaking", "api.yaml", "--against", "odd"],
        ["history", "api.yaml", "--since", "odd"],
        ["check", "api.yaml", "--against", "odd"],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        line = error_line(result)
        assert f"git revision 'odd' names {said}" in line and "not a commit" in line, args
        assert "shallow" not in line and "git fetch" not in line


@pytest.mark.parametrize(
    ("rev", "said"),
    [
        ("HEAD:api.yaml", "names a blob (a file's content), not a commit"),
        ("HEAD..HEAD", "is a range of commits, not one"),
        ("HEAD~1...HEAD", "is a range of commits, not one"),
    ],
)
def test_a_file_at_a_revision_or_a_range_is_not_called_missing(repo, rev, said):
    """`REV:path` takes no `^{}` to peel (git reads it as part of the path) and a range is
    no one revision: neither is missing from a shallow clone, nor fetched by a refspec."""
    for args in (
        ["breaking", "api.yaml", "--against", rev],
        ["check", "api.yaml", "--against", rev],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        line = error_line(result)
        assert f"git revision {rev!r} {said}" in line, line
        assert "shallow" not in line and "git fetch" not in line


def test_a_repository_without_commits_says_so(tmp_path, monkeypatch):
    Repo(tmp_path / "empty")
    (tmp_path / "empty" / "api.yaml").write_text(PET_OLD)
    monkeypatch.chdir(tmp_path / "empty")
    for args in (["breaking", "api.yaml", "--against", "main"], ["history", "api.yaml"]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "has no commits yet" in error_line(result), args


def test_a_revision_is_never_an_option(repo, tmp_path):
    target = tmp_path / "pwned"
    for args in (
        ["breaking", "--", f"--output={target}:api.yaml", "api.yaml"],
        ["breaking", f"--against=--output={target}", "api.yaml"],
        ["breaking", "--", "-h:api.yaml", "api.yaml"],
        ["history", f"--since=--output={target}", "api.yaml"],
        ["check", f"--against=--output={target}", "api.yaml"],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "invalid git revision" in error_line(result)
        assert not target.exists()


def test_a_path_is_never_an_option(repo, tmp_path):
    target = tmp_path / "pwned"
    result = run("breaking", f"v1:--output={target}", "api.yaml")
    assert result.exit_code == 2
    assert "no such file at v1" in error_line(result)
    result = run("history", "--", f"--output={target}")
    assert result.exit_code == 2
    assert "no such file, and no commit has it" in error_line(result)
    assert not target.exists()


SECRET = "TOP-SECRET-VALUE-42"


def _ref_to(target: str) -> str:
    return PET_OLD.replace(
        '                $ref: "#/components/schemas/Pets"',
        f'                $ref: "{target}"',
        1,
    )


def _passwd_line() -> str | None:
    try:
        return Path("/etc/passwd").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None


@pytest.mark.parametrize(
    ("files", "links", "ref", "needle"),
    [
        (
            {"secret.yaml": f"Pets: {{description: {SECRET}}}\n"},
            {},
            "../secret.yaml#/Pets",
            "points outside the contract's folder",
        ),
        (
            {"secret.yaml": f"Pets: {{description: {SECRET}}}\n"},
            {},
            "other/../../secret.yaml#/Pets",
            "points outside the contract's folder",
        ),
        ({}, {"api/passwd.yaml": "/etc/passwd"}, "passwd.yaml#/root", "symbolic link"),
        (
            {"secret.yaml": f"Pets: {{description: {SECRET}}}\n"},
            {"api/inside.yaml": "../secret.yaml"},
            "inside.yaml#/Pets",
            "symbolic link",
        ),
        (
            {"secret.yaml": f"Pets: {{description: {SECRET}}}\n"},
            {"api/up": ".."},
            "up/secret.yaml#/Pets",
            "no such file at v1",
        ),
    ],
    ids=["dotdot", "dotdot-via-subfolder", "link-to-etc-passwd", "link-out", "folder-link"],
)
def test_refs_at_a_revision_stay_in_the_contracts_folder(
    tmp_path, monkeypatch, files, links, ref, needle
):
    repo = Repo(tmp_path / "repo")
    repo.write(files)
    for name, target in links.items():
        repo.symlink(name, target)
    repo.commit("hostile", {"api/openapi.yaml": _ref_to(ref)})
    repo.tag("v1")
    if any(t.startswith("/") for t in links.values()):
        # the link exists in git; what is on disk must not matter
        assert "120000" in repo.git("ls-tree", "-r", "HEAD")
    monkeypatch.chdir(repo.path)
    result = run("diff", "v1:api/openapi.yaml", "v1:api/openapi.yaml")
    assert result.exit_code == 2, result.output
    line = error_line(result)
    assert line.startswith("apidiff: error: v1:api/openapi.yaml:"), line
    assert needle in line
    assert SECRET not in result.output
    passwd = _passwd_line()
    assert "root:x:" not in result.output
    if passwd:
        assert passwd not in result.output
    # The same contract in the working tree is refused too (resolved on disk).
    disk = run("diff", "api/openapi.yaml", "api/openapi.yaml")
    assert disk.exit_code == 2, disk.output
    assert error_line(disk).startswith("apidiff: error: api/openapi.yaml:")
    assert SECRET not in disk.output and "root:x:" not in disk.output


def test_the_contract_itself_as_a_link_is_refused(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.symlink("api.yaml", "/etc/passwd")
    repo.commit("link")
    repo.tag("v1")
    monkeypatch.chdir(repo.path)
    result = run("diff", "v1:api.yaml", "v1:api.yaml")
    assert result.exit_code == 2
    assert "v1:api.yaml: is a symbolic link at v1; not followed" in error_line(result)
    passwd = _passwd_line()
    if passwd:
        assert passwd not in result.output


def test_not_a_git_repository(tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    probe = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=plain, capture_output=True, check=False
    )
    if probe.returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    (plain / "api.yaml").write_text(PET_NEW)
    monkeypatch.chdir(plain)
    for args, needle in (
        (["breaking", "v1:api.yaml", "api.yaml"], "not inside a git repository"),
        (["breaking", "--against", "v1", "api.yaml"], "api.yaml: not inside a git repository"),
        (["history", "api.yaml"], "api.yaml: not inside a git repository"),
        (["check", "--against", "v1", "api.yaml"], "not inside a git repository"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert needle in error_line(result)


def test_a_file_outside_any_repository_is_named(repo, tmp_path):
    """Run from inside a repository, a file outside it was said to be "not inside a git
    repository" without its name (as if the current folder were the problem), and a file
    that does not exist was said to be outside one rather than missing."""
    plain = tmp_path / "plain"
    plain.mkdir()
    if subprocess.run(["git", "-C", str(plain), "rev-parse"], capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    (plain / "api.yaml").write_text(PET_NEW)
    outside, missing = str(plain / "api.yaml"), str(plain / "gone" / "api.yaml")
    for command in (["history"], ["breaking", "--against", "v1"]):
        result = run(*command, outside)
        assert result.exit_code == 2, result.output
        assert f"{outside}: not inside a git repository's work tree" in error_line(result)
        result = run(*command, missing)
        assert result.exit_code == 2, result.output
        assert f"{missing}: no such file, and {plain.resolve()} is not inside" in error_line(result)


def test_a_file_named_like_a_revision_path_is_a_file(repo):
    (repo.path / "v1:api.yaml").write_text(PET_NEW)
    result = run("breaking", "v1:api.yaml", "api.yaml")
    assert result.exit_code == 0, result.output  # the file on disk, not v1's api.yaml
