"""A throwaway git repository for tests of ``REV:path``, ``--against``, ``history`` and ``check``.

Every commit and tag gets its own date (a day apart), so ``git log`` order, tag order and the
dates in reports are deterministic. The user's git configuration is not read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from apidiff.cli import cli

from .conftest import FIXTURES

PET_OLD = (FIXTURES / "petstore" / "old.yaml").read_text()
PET_NEW = (FIXTURES / "petstore" / "new.yaml").read_text()
SW_OLD = (FIXTURES / "starwars" / "old.graphql").read_text()
SW_NEW = (FIXTURES / "starwars" / "new.graphql").read_text()


def split_sdl(text: str) -> dict[str, str]:
    """The Star Wars SDL as two files: the roots, and the types they use."""
    head, sep, tail = text.partition("\nenum Episode")
    assert sep, "the Star Wars SDL changed shape"
    return {"query.graphql": head + "\n", "types.graphql": sep.lstrip("\n") + tail}


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._day = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "--template=", "-b", "main")

    def copy(self, path: Path) -> Repo:
        """A repository of its own with the same history (cheaper than building it again)."""
        shutil.copytree(self.path, path, symlinks=True)
        clone = object.__new__(Repo)
        clone.__dict__.update(self.__dict__)
        clone.path = path
        return clone

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        stamp = f"2024-01-{max(self._day, 1):02d}T12:00:00+00:00"
        env.update(
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
            LC_ALL="C",
        )
        return env

    def git(self, *args: str) -> str:
        done = subprocess.run(
            [
                "git",
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false",
                *args,
            ],
            cwd=self.path,
            env=self._env(),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for None, delete) files in the working tree."""
        for name, text in files.items():
            target = self.path / name
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)

    def commit(self, message: str, files: dict[str, str | None] | None = None) -> str:
        """Write ``files``, commit everything, return the full commit id."""
        self._day += 1
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def tag(
        self, name: str, *, annotated: bool = False, target: str = "HEAD", day: int | None = None
    ) -> None:
        """Tag ``target`` (a tag object made on ``day``, when given, else today's commit)."""
        if day is not None:
            saved, self._day = self._day, day
            try:
                self.tag(name, annotated=annotated, target=target)
            finally:
                self._day = saved
            return
        if annotated:
            self.git("tag", "-a", "-m", f"release {name}", name, target)
        else:
            self.git("tag", name, target)

    def symlink(self, name: str, target: str) -> None:
        link = self.path / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)


def working_copy(template: Repo, tmp_path, monkeypatch) -> Repo:
    """A test's own copy of a module's template repository, as the working folder."""
    repo = template.copy(tmp_path / "repo")
    monkeypatch.chdir(repo.path)
    return repo


def run(*args: str):
    """The CLI in-process, as tests/test_cli.py runs it (stderr apart from stdout)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def error_line(result) -> str:
    """The one error line of a failed run (and it is exactly one line)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("apidiff: error: "), lines[0]
    return lines[0]
