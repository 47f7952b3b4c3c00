"""``--ref-root DIR``: file ``$ref``s may reach a folder that holds the contract, inside its
repository, and nothing beyond it; the default stays the contract's own folder."""

from __future__ import annotations

import json

import pytest

from ..gitrepo import Repo, error_line, run, working_copy

SCHEMA = "Pet:\n  type: object\n  properties:\n    id: {type: integer}\n"
SECRET = "Secret: {description: TOP-SECRET-VALUE-42}\n"


def _api(ref: str = "../common/schemas.yaml#/Pet") -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        f"            application/json:\n              schema: {{$ref: '{ref}'}}\n"
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """``specs/api/openapi.yaml`` reaching ``specs/common/schemas.yaml``; at HEAD the shared
    schema's ``id`` became a string (breaking for clients reading it)."""
    repo = Repo(tmp_path_factory.mktemp("ref-root") / "repo")
    repo.commit(
        "first",
        {
            "specs/api/openapi.yaml": _api(),
            "specs/common/schemas.yaml": SCHEMA,
            "secret.yaml": SECRET,
        },
    )
    repo.tag("v1")
    repo.commit("second", {"specs/common/schemas.yaml": SCHEMA.replace("integer", "string")})
    return repo


@pytest.fixture
def repo(template, tmp_path, monkeypatch):
    return working_copy(template, tmp_path, monkeypatch)


def _ids(result) -> list[str]:
    return [change["id"] for change in json.loads(result.stdout)["changes"]]


def test_by_default_a_ref_to_a_folder_beside_is_refused_and_the_way_is_named(repo):
    result = run("diff", "--no-config", "v1:specs/api/openapi.yaml", "specs/api/openapi.yaml")
    assert result.exit_code == 2
    line = error_line(result)
    assert "points outside the contract's folder" in line and "--ref-root" in line


@pytest.mark.parametrize("root", ["specs", "."])
def test_a_ref_root_opens_the_folder_on_both_sides(repo, root):
    # OLD from the revision (the same folder of it), NEW from the working tree.
    result = run(
        "diff", "--no-config", "-f", "json", "--ref-root", root,
        "v1:specs/api/openapi.yaml", "specs/api/openapi.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _ids(result) == ["response-property-type-changed"]


def test_nothing_beyond_the_ref_root_is_read(repo):
    repo.write({"specs/api/openapi.yaml": _api("../../secret.yaml#/Secret")})
    result = run("diff", "--no-config", "--ref-root", "specs", *["specs/api/openapi.yaml"] * 2)
    assert result.exit_code == 2
    line = error_line(result)
    assert "points outside the --ref-root folder" in line
    assert "TOP-SECRET" not in result.output + result.stderr


def test_a_symbolic_link_out_of_the_ref_root_is_refused(repo):
    (repo.path / "specs" / "common" / "leak.yaml").symlink_to(repo.path / "secret.yaml")
    repo.write({"specs/api/openapi.yaml": _api("../common/leak.yaml#/Secret")})
    result = run("diff", "--no-config", "--ref-root", "specs", *["specs/api/openapi.yaml"] * 2)
    assert result.exit_code == 2
    assert "TOP-SECRET" not in result.output + result.stderr


@pytest.mark.parametrize(
    ("root", "needle"),
    [
        ("specs/common", "does not hold the contract"),  # beside the contract, not above it
        ("..", "leaves the repository"),  # the bot's checkout is the limit
        ("/", "leaves the repository"),
        ("no-such-folder", "no such folder"),
        ("", "give a folder"),
    ],
)
def test_a_ref_root_that_is_not_a_folder_holding_the_contract_is_refused(repo, root, needle):
    result = run("diff", "--no-config", "--ref-root", root, *["specs/api/openapi.yaml"] * 2)
    assert result.exit_code == 2
    assert needle in error_line(result)


@pytest.mark.parametrize(
    ("root", "needle"),
    [("specs/common", "does not hold the contract"), ("../x", "leaves the repository")],
)
def test_at_a_revision_the_ref_root_is_a_folder_of_that_revision(repo, root, needle):
    result = run(
        "diff", "--no-config", "--ref-root", root,
        "v1:specs/api/openapi.yaml", "v1:specs/api/openapi.yaml",
    )  # fmt: skip
    assert result.exit_code == 2
    assert needle in error_line(result)


def test_a_contract_entry_names_its_ref_root(repo):
    repo.write(
        {
            "apidiff.toml": (
                '[[contract]]\nname = "pets"\npath = "specs/api/openapi.yaml"\nref-root = "specs"\n'
            )
        }
    )
    result = run("check", "--against", "v1", "-f", "json")
    assert result.exit_code == 1, result.output
    assert _ids(result) == ["response-property-type-changed"]


def test_a_contract_entrys_ref_root_stays_in_the_repository(repo):
    repo.write(
        {
            "apidiff.toml": (
                '[[contract]]\nname = "pets"\npath = "specs/api/openapi.yaml"\nref-root = "../.."\n'
            )
        }
    )
    result = run("check", "--against", "v1")
    assert result.exit_code == 2
    assert "leaves the repository" in error_line(result)
