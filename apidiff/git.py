"""Contracts at a git revision: ``REV:path`` read with git's object store, never a checkout.

Only plumbing commands run (``rev-parse``, ``ls-tree``, ``cat-file``, ``log``): no filters,
hooks or pagers, arguments after ``--end-of-options`` so a hostile revision name cannot be an
option. Paths follow git's own rule: relative to the repository's top, unless they start with
``./`` or ``../`` (then relative to the current folder). Symbolic links stored in a revision
are refused rather than followed.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, LimitError, UsageError

__all__ = ["GitTree", "is_revision_path", "repo_of", "repo_root", "split", "tree"]

_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "LC_ALL": "C",
}


def _git(args: list[str], cwd: Path | None = None, *, binary: bool = False) -> str | bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            env=_ENV,
            capture_output=True,
            check=False,
            timeout=120,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed, and REV:path needs it") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"git {args[0]} took longer than 120 s") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


class _GitFailed(Exception):
    pass


def run_git(args: list[str], root: Path) -> str:
    """Output of a read-only git command in ``root``; a failure is a one-line error."""
    try:
        return str(_git(args, root))
    except _GitFailed as exc:
        last = str(exc).splitlines()[-1] if str(exc) else "no message"
        raise InputError(f"git {args[0]} failed: {last}") from None


def repo_root(cwd: Path | None = None) -> Path:
    """The top folder of the git repository around ``cwd``."""
    try:
        return Path(str(_git(["rev-parse", "--show-toplevel"], cwd)).strip())
    except _GitFailed:
        raise UsageError(
            "not inside a git repository (REV:path and --against read from git)"
        ) from None


def repo_of(path: str) -> Path:
    """The top folder of the git work tree holding ``path`` (a file or a folder, or one since
    deleted: then its nearest folder that exists), wherever apidiff runs; or an error naming
    the path and what is wrong with it: missing, or outside any work tree."""
    try:
        target = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, an over-long name
        raise UsageError("cannot resolve this path (a symbolic link loop?)", file=path) from None
    folder = target if target.is_dir() else target.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        return Path(str(_git(["rev-parse", "--show-toplevel"], folder)).strip())
    except _GitFailed:
        pass
    if not os.path.lexists(path):
        raise UsageError(
            f"no such file, and {folder} is not inside a git repository's work tree", file=path
        )
    raise UsageError(
        "not inside a git repository's work tree, so git has no versions of it", file=path
    )


def commit_of(rev: str, root: Path) -> str:
    """The commit ``rev`` names, or an error that says how to fetch it."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\n\r\0"):
        raise UsageError(f"invalid git revision {rev!r}")
    try:
        out = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"], root
        )
    except _GitFailed:
        raise UsageError(_why_not_a_commit(rev, root)) from None
    return str(out).strip()


def _why_not_a_commit(rev: str, root: Path) -> str:
    """Why ``rev`` names no commit. Only a name git cannot find at all may be missing from a
    shallow clone: one naming a tree or a blob (a tag can point at either) is there and is
    not a version, and in a repository without commits nothing can be found."""
    kind = None
    # ``REV^{}`` peels a tag; ``REV:path`` (a file or folder at a commit) takes no suffix, as
    # the suffix would be read as part of the path.
    for name in (rev + "^{}", rev):
        try:
            found = str(_git(["rev-parse", "--verify", "--quiet", "--end-of-options", name], root))
            kind = str(_git(["cat-file", "-t", found.strip()], root)).strip()
            break
        except _GitFailed:
            continue
    if kind is not None:
        what = {"tree": "a tree (a folder's content)", "blob": "a blob (a file's content)"}
        return (
            f"git revision {rev!r} names {what.get(kind, kind)}, not a commit: give a branch, "
            "a tag of a commit, or a commit id"
        )
    try:
        _git(["rev-parse", "--verify", "--quiet", "HEAD"], root)
    except _GitFailed:
        return f"git revision {rev!r}: the repository at {root} has no commits yet"
    if ".." in rev.partition(":")[0]:  # no ref name holds '..' (git check-ref-format)
        return (
            f"git revision {rev!r} is a range of commits, not one: give a branch, a tag or a "
            "commit id"
        )
    return (
        f"git revision {rev!r} is not in this clone (a shallow CI checkout?): fetch it "
        f"with `{fetch_command(rev)}`, or check out with `fetch-depth: 0`"
    )


def fetch_command(rev: str) -> str:
    """A command that makes ``rev`` resolvable in a shallow clone. ``git fetch origin main``
    alone only sets FETCH_HEAD: ``origin/main`` needs its remote-tracking ref written."""
    quoted = shlex.quote
    if rev.startswith("origin/") and len(rev) > len("origin/"):
        branch = rev[len("origin/") :]
        return (
            f"git fetch --no-tags --depth=1 origin "
            f"{quoted(f'+refs/heads/{branch}:refs/remotes/origin/{branch}')}"
        )
    if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", rev):
        return f"git fetch --no-tags --depth=1 origin {rev}"  # a full commit id
    if re.fullmatch(r"v?\d[\w.+-]*", rev):  # most likely a release tag
        return f"git fetch --depth=1 origin {quoted(f'+refs/tags/{rev}:refs/tags/{rev}')}"
    return f"git fetch --no-tags --depth=1 origin {quoted(f'+refs/heads/{rev}:refs/heads/{rev}')}"


@dataclass(frozen=True, slots=True)
class GitTree:
    """The files of one commit, addressed by repository-relative POSIX paths."""

    root: Path  # the repository's top folder on disk
    rev: str  # as the user wrote it, for names in messages
    commit: str

    def name(self, path: str) -> str:
        return f"{self.rev}:{path}"

    def entry(self, path: str) -> tuple[str, str, str] | None:
        """(mode, type, object) of ``path``, or None when the commit has no such path."""
        found = _entry(self.root, self.commit, path)
        return found[:3] if found is not None else None

    def read(self, path: str, max_bytes: int) -> bytes:
        found = _entry(self.root, self.commit, path)
        if found is None:
            raise InputError(f"no such file at {self.rev}", file=self.name(path))
        mode, kind, obj, size = found
        if mode == "120000":
            raise InputError(
                f"is a symbolic link at {self.rev}; not followed", file=self.name(path)
            )
        if kind != "blob":
            raise InputError(f"is a folder at {self.rev}", file=self.name(path))
        if size > max_bytes:
            raise LimitError(
                f"file is {size} bytes, over the limit of {max_bytes} (raise it with --max-size)",
                file=self.name(path),
            )
        return bytes(_tree_git(["cat-file", "blob", obj], self.root, binary=True))

    def files(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        """Regular files under ``folder`` with one of ``suffixes``, sorted."""
        return [name for name, _ in self.fingerprint(folder, suffixes)]

    def fingerprint(self, folder: str, suffixes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        """(path, blob) of the files under ``folder`` with one of ``suffixes``: equal when
        those files are, whatever else in the folder changed."""
        _inside(folder)
        prefix = folder.rstrip("/") + "/" if folder not in ("", ".") else ""
        out = str(
            _tree_git(
                ["ls-tree", "-r", "-z", "--full-tree", self.commit, "--", prefix or "."], self.root
            )
        )
        found = []
        for record in out.split("\0"):
            meta, _, name = record.partition("\t")
            if name and meta.startswith("100") and name.endswith(suffixes):
                found.append((name, meta.split()[2]))
        return tuple(sorted(found))

    def is_folder(self, path: str) -> bool:
        if path in ("", "."):
            return True
        found = self.entry(path.rstrip("/"))
        return found is not None and found[1] == "tree"


def _entry(root: Path, commit: str, path: str) -> tuple[str, str, str, int] | None:
    """(mode, type, object, size) of ``path`` in ``commit``. A commit named by its id never
    changes, so one ``ls-tree`` answers both "is it a folder?" and "read it"."""
    _inside(path)
    if len(commit) in (40, 64) and all(c in "0123456789abcdef" for c in commit):
        return _cached_entry(root, commit, path)
    return _ls_tree(root, commit, path)


def _inside(path: str) -> None:
    """Refuse a path that does not name a place in the tree: absolute (git answers "outside
    repository"), leaving it by ``..``, or holding a NUL (no command line can carry it)."""
    normal = posixpath.normpath(path) if path else "."
    if path.startswith("/") or normal == ".." or normal.startswith("../") or "\0" in path:
        raise InputError("the path leaves the repository", file=path.replace("\0", "\\0"))


def _tree_git(args: list[str], root: Path, *, binary: bool = False) -> str | bytes:
    """git run on a revision's tree: a failure is about the input (an object missing from a
    partial clone, a path git refuses), a one-line error, never a traceback."""
    try:
        return _git(args, root, binary=binary)
    except _GitFailed as exc:
        last = str(exc).splitlines()[-1] if str(exc) else "no message"
        raise InputError(f"git {args[0]} failed: {last}") from None


def _ls_tree(root: Path, commit: str, path: str) -> tuple[str, str, str, int] | None:
    out = str(_tree_git(["ls-tree", "-l", "-z", "--full-tree", commit, "--", path], root))
    for record in out.split("\0"):
        if not record:
            continue
        meta, _, name = record.partition("\t")
        if name == path:
            mode, kind, obj, size = meta.split()
            return mode, kind, obj, int(size) if size.isdigit() else 0
    return None


_cached_entry = functools.lru_cache(maxsize=1024)(_ls_tree)


def is_revision_path(arg: str) -> bool:
    """``REV:path`` (and not a file that exists, a URL, or a Windows drive path)."""
    if ":" not in arg or arg == "-" or Path(arg).exists():
        return False
    rev, _, _ = arg.partition(":")
    if not rev or "://" in arg:
        return False
    return not (len(rev) == 1 and rev.isalpha() and os.name == "nt")


def split(arg: str, cwd: Path | None = None) -> tuple[GitTree, str]:
    """``REV:path`` -> (the tree of REV, the repository-relative path)."""
    rev, _, path = arg.partition(":")
    root = repo_root(cwd)
    here = (cwd or Path.cwd()).resolve()
    if path.startswith(("./", "../")) or path in (".", ".."):
        joined = posixpath.normpath(
            posixpath.join(here.relative_to(root.resolve()).as_posix(), path)
        )
    else:
        joined = posixpath.normpath(path) if path else "."
    if joined.startswith(("../", "/")) or joined == "..":
        raise UsageError(f"{arg}: the path leaves the repository")
    return tree(rev, root), "" if joined == "." else joined


def tree(rev: str, root: Path) -> GitTree:
    return GitTree(root=root, rev=rev, commit=commit_of(rev, root))


def at(rev: str, path: Path, root: Path) -> str:
    """``REV:path`` naming the file on disk ``path`` as it is at ``rev``."""
    return f"{rev}:{relative_to_repo(path, root)}"


def relative_to_repo(path: Path, root: Path) -> str:
    """A path on disk as git names it in the repository at ``root``."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path} is not inside the git repository at {root}") from None
