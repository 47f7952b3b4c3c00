"""Reads outside the contract, from places other than ``$ref``: every file apidiff opens goes
through ``sources.read_file``, which resolves links first, keeps what a contract, a
configuration or a folder walk pulls in inside its folder, opens regular files only, and never
quotes a file it refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.errors import InputError
from apidiff.sources import read_file

SECRET = "TOPSECRET4242"
HEAD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'
needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def refused(code: int, out: str, err: str, *needles: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("apidiff: error: "), err
    assert SECRET not in out + err and "root:" not in out + err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files beside the project, each starting with the secret (what a parse error echoes)."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.graphql").write_text(f"{SECRET} is not GraphQL\n")
    (folder / "ops.graphql").write_text(f"{SECRET} {{\n")
    (folder / "ignores.toml").write_text(f'[[ignore]]\nreason = "x"\n{SECRET} = 1\n')
    (folder / "broken.toml").write_text(f"x = [\n{SECRET}\n")
    return folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A git repository with an OpenAPI file and a GraphQL SDL folder; the current folder."""
    root = tmp_path / "repo"
    (root / "schema").mkdir(parents=True)
    (root / "schema" / "a.graphql").write_text("type Query { a: Int }\n")
    (root / "c.yaml").write_text(HEAD + "paths: {}\n")
    git(root, "init", "-q")
    commit(root)
    monkeypatch.chdir(root)
    return root


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def commit(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", "change")


# -- GraphQL SDL folders and globs -----------------------------------------------------------------
@needs_links
@pytest.mark.parametrize("spelling", ["schema", "schema/*.graphql", "schema/**/*.graphql"])
def test_a_link_out_of_an_sdl_folder_is_refused(repo, outside, spelling):
    (repo / "schema" / "link.graphql").symlink_to(outside / "secret.graphql")
    code, out, err = run("diff", "--no-config", spelling, spelling)
    refused(code, out, err, "link.graphql", "resolves outside")


@needs_links
def test_a_linked_folder_inside_an_sdl_folder_is_not_walked_out_of(repo, outside):
    (repo / "schema" / "sub").symlink_to(outside, target_is_directory=True)
    # ** does not descend through the link; a folder walk refuses what resolves outside.
    code, _, err = run("diff", "--no-config", "schema/**/*.graphql", "schema/**/*.graphql")
    assert code == 0, err
    code, _, err = run("diff", "--no-config", "schema", "schema")
    assert code == 0, err  # a folder walk does not descend through a link either


@needs_links
def test_a_link_inside_the_folder_to_a_file_inside_it_is_fine(repo):
    (repo / "schema" / "b.txt").write_text("type B { b: Int }\n")
    (repo / "schema" / "more").mkdir()
    (repo / "schema" / "more" / "c.graphql").symlink_to(repo / "schema" / "b.txt")
    code, _, err = run("diff", "--no-config", "schema", "schema")
    assert code == 0, err


# -- the configuration: ignore-files, [[contract]] paths and operations ------------------------
@pytest.mark.parametrize(
    "value",
    [
        "../outside/ignores.toml",
        "{outside}/ignores.toml",
        "{outside}/broken.toml",
        "/etc/passwd",
        "/dev/zero",
        "sub/../../outside/ignores.toml",
    ],
)
def test_config_ignore_files_stay_in_the_project(repo, outside, value):
    (repo / "apidiff.toml").write_text(f'ignore-files = ["{value.format(outside=outside)}"]\n')
    code, out, err = run("diff", "c.yaml", "c.yaml")
    refused(code, out, err, "resolves outside")


@needs_links
def test_a_config_ignore_file_linked_out_is_refused(repo, outside):
    (repo / "ignores.toml").symlink_to(outside / "ignores.toml")
    (repo / "apidiff.toml").write_text('ignore-files = ["ignores.toml"]\n')
    code, out, err = run("diff", "c.yaml", "c.yaml")
    refused(code, out, err, "ignores.toml", "resolves outside")


def test_config_ignore_files_inside_the_project_still_work(repo):
    (repo / "sub").mkdir()
    (repo / "ignores.toml").write_text('[[ignore]]\nrule = "field-added"\nreason = "kept"\n')
    (repo / "sub" / "apidiff.toml").write_text('ignore-files = ["../ignores.toml"]\n')
    code, _, err = run("diff", "--config", "sub/apidiff.toml", "c.yaml", "c.yaml")
    assert code == 0, err


@needs_links
def test_a_found_config_linked_out_is_refused(repo, outside):
    (repo / "apidiff.toml").symlink_to(outside / "ignores.toml")
    code, out, err = run("diff", "c.yaml", "c.yaml")
    refused(code, out, err, "apidiff.toml", "resolves outside")


def test_a_config_named_on_the_command_line_is_read_as_named(repo, outside):
    (outside / "ok.toml").write_text('fail-on = "none"\n')
    code, _, err = run("diff", "--config", str(outside / "ok.toml"), "c.yaml", "c.yaml")
    assert code == 0, err


@pytest.mark.parametrize(
    "pattern",
    [
        "{outside}/ops.graphql",
        "../outside/ops.graphql",
        "../outside/*.graphql",
        "../**/*.graphql",
        "/**/*.graphql",  # refused before any folder is walked
    ],
)
def test_config_operations_stay_in_the_repository(repo, outside, pattern):
    (repo / "apidiff.toml").write_text(
        f'[[contract]]\npath = "schema"\noperations = ["{pattern.format(outside=outside)}"]\n'
    )
    code, out, err = run("check", "--against", "HEAD")
    refused(code, out, err, "resolves outside")


def test_config_operations_are_relative_to_the_config(repo):
    (repo / "ops").mkdir()
    (repo / "ops" / "q.graphql").write_text("query Q { a }\n")
    (repo / "sub").mkdir()
    (repo / "sub" / "apidiff.toml").write_text(
        '[[contract]]\npath = "../schema"\noperations = ["../ops/*.graphql"]\n'
    )
    code, _, err = run("check", "--config", "sub/apidiff.toml", "--against", "HEAD")
    assert code == 0, err


@needs_links
def test_a_config_contract_linked_out_is_refused(repo, outside):
    (repo / "api.graphql").symlink_to(outside / "secret.graphql")
    (repo / "apidiff.toml").write_text('[[contract]]\npath = "api.graphql"\n')
    code, out, err = run("check", "--against", "HEAD")
    refused(code, out, err)


# -- git revisions: REV:path ----------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/etc/passwd", "/c.yaml", "schema/../../x", ".."])
def test_a_revision_path_that_leaves_the_repository_is_refused(repo, path):
    """git itself fails on an absolute path ("outside repository"): that failure was exit 3."""
    code, out, err = run("diff", f"HEAD:{path}", "c.yaml")
    refused(code, out, err, "leaves the repository")


@pytest.mark.parametrize("path", ["/etc/passwd", "../x", "a/../../x", "a\0b"])
def test_a_revision_tree_refuses_paths_out_of_it_on_every_read(repo, path):
    """The guard is the tree's, so imports and folder walks at a revision meet it too."""
    from apidiff import git

    tree = git.tree("HEAD", repo)
    for read in (tree.entry, lambda p: tree.read(p, 1000), lambda p: tree.files(p, (".x",))):
        with pytest.raises(InputError, match="leaves the repository"):
            read(path)


# -- FIFOs, devices and sockets --------------------------------------------------------------------
@needs_fifo
def test_a_ref_to_a_fifo_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "c.yaml").write_text(
        HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'fifo.yaml#/r'}\n"
    )
    code, out, err = run("diff", "--no-config", str(tmp_path / "c.yaml"), str(tmp_path / "c.yaml"))
    refused(code, out, err, "c.yaml:7:", "not a regular file")


@needs_links
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_ref_to_a_device_linked_inside_the_folder_is_refused(tmp_path):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "api" / "c.yaml").write_text(
        HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'zero.yaml#/r'}\n"
    )
    path = str(tmp_path / "api" / "c.yaml")
    refused(*run("diff", "--no-config", path, path))


@needs_fifo
def test_a_fifo_in_a_configured_contract_does_not_block(repo):
    (repo / "api.yaml").write_text(HEAD + "paths: {}\n")
    commit(repo)
    (repo / "api.yaml").unlink()
    os.mkfifo(repo / "api.yaml")
    (repo / "apidiff.toml").write_text('[[contract]]\npath = "api.yaml"\n')
    refused(*run("check", "--against", "HEAD"), "api.yaml", "not a regular file")


@needs_fifo
def test_read_file_refuses_non_regular_files_without_opening_them(tmp_path):
    import socket

    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InputError, match="not a regular file"):
        read_file(tmp_path / "fifo", roots=(tmp_path,))
    if sys.platform != "win32" and len(str(tmp_path / "s")) < 100:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(tmp_path / "s"))
        try:
            with pytest.raises(InputError, match="not a regular file"):
                read_file(tmp_path / "s", roots=(tmp_path,))
        finally:
            server.close()
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path, roots=(tmp_path,))


@needs_links
def test_read_file_resolves_links_before_the_check(tmp_path, outside):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a").symlink_to(tmp_path / "in" / "b")
    (tmp_path / "in" / "b").symlink_to(tmp_path / "in" / "a")  # a loop
    with pytest.raises(InputError):
        read_file(tmp_path / "in" / "a", roots=(tmp_path / "in",))
    (tmp_path / "in" / "out").symlink_to(outside / "secret.graphql")
    with pytest.raises(InputError, match="resolves outside") as caught:
        read_file(tmp_path / "in" / "out", roots=(tmp_path / "in",))
    assert SECRET not in str(caught.value)
    # The same file named by the user is read.
    assert SECRET.encode() in read_file(tmp_path / "in" / "out")


def test_every_read_goes_through_read_file():
    """No module opens a file itself: a new read must go through ``sources.read_file``."""
    package = Path(__file__).resolve().parents[2] / "apidiff"
    allowed = {
        "sources.py",  # read_file itself
        "writes.py",  # output, not input
        "background.py",  # pipes between apidiff's own processes
        "protoc.py",  # its private folder: copies of what read_file read, protoc's output
        "remote.py",  # --allow-remote-refs, over HTTP
        "github.py",  # the runner's own event file and outputs (GITHUB_EVENT_PATH, ...)
    }
    offenders = []
    for path in package.rglob("*.py"):
        if path.name in allowed:
            continue
        text = path.read_text()
        for needle in ("open(", ".read_text(", ".read_bytes(", "glob.glob(", "os.walk("):
            if needle in text:
                offenders.append(f"{path.relative_to(package)}: {needle}")
    assert not offenders, offenders
