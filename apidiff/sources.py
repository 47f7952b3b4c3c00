"""Turn a user's argument into text plus a name: a file path or ``-`` for stdin.

Size limits live here, so a hostile input is refused before any parser sees it.
"""

from __future__ import annotations

import glob
import os
import posixpath
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import registry
from .errors import InputError, LimitError

__all__ = ["DEFAULT_MAX_BYTES", "SCHEMA_EXTENSIONS", "Source", "read", "read_all"]

# Files a folder or glob of a contract is made of (GraphQL SDL), from the registry.
SCHEMA_EXTENSIONS = tuple(s for f in registry.FORMATS for s in f.suffixes)
_FOLDER_FORMATS = " or ".join(f.title for f in registry.FORMATS if f.suffixes)

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """The text of one contract document and where it came from.

    ``root`` is the folder that relative ``$ref``s may not leave (the contract's folder).
    A source read from a git revision has ``tree`` set instead, and ``path``/``root`` are
    its repository-relative POSIX path and folder.
    """

    name: str
    text: str
    path: Path | None = None
    root: Path | None = None
    tree: Any = None  # git.GitTree
    repo_path: str | None = None
    repo_root: str | None = None


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 text ({exc.reason})", file=name) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError("not valid UTF-8 text", file=name, line=line, column=column) from None


def read(arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read ``arg`` (a path, or ``-`` for standard input) into a ``Source``."""
    if arg == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise LimitError(
                f"input is larger than the limit of {max_bytes} bytes (raise it with --max-size)",
                file="<stdin>",
            )
        return Source("<stdin>", _decode(data, "<stdin>"), None, Path.cwd())
    path = Path(arg)
    try:
        if path.is_dir():
            raise InputError(
                f"is a folder: only {_FOLDER_FORMATS} can be split over files", file=arg
            )
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitError(
                f"file is {size} bytes, over the limit of {max_bytes} (raise it with --max-size)",
                file=arg,
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=arg) from None
    except PermissionError:
        raise InputError("permission denied", file=arg) from None
    except OSError as exc:
        raise InputError(os.strerror(exc.errno) if exc.errno else str(exc), file=arg) from None
    if len(data) > max_bytes:
        raise LimitError(f"file is over the limit of {max_bytes} bytes", file=arg)
    return Source(arg, _decode(data, arg), path, path.resolve().parent)


def read_revision(arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Source]:
    """``REV:path``: a file, or a folder of GraphQL SDL files, as of a git revision."""
    from . import git

    tree, path = git.split(arg)
    return read_tree(tree, path, max_bytes)


def read_tree(tree: Any, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Source]:
    """A file, or a folder of GraphQL SDL files, of a ``git.GitTree``."""
    if tree.is_folder(path):
        names = tree.files(path, SCHEMA_EXTENSIONS)
        if not names:
            raise InputError(
                f"folder has no {_FOLDER_FORMATS} files ({', '.join(SCHEMA_EXTENSIONS)}) "
                f"at {tree.rev}",
                file=tree.name(path),
            )
        return _within_limit((revision_file(tree, name, max_bytes) for name in names), max_bytes)
    return [revision_file(tree, path, max_bytes)]


def revision_file(tree: Any, path: str, max_bytes: int) -> Source:
    """One file of a git revision; its ``$ref``s stay inside its folder of that revision."""
    name = tree.name(path)
    data = tree.read(path, max_bytes)
    folder = posixpath.dirname(path)
    return Source(name, _decode(data, name), tree=tree, repo_path=path, repo_root=folder)


def read_all(arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Source]:
    """A file, ``-``, ``REV:path``, or a folder or glob of GraphQL SDL files (sorted, for
    determinism)."""
    from .git import is_revision_path

    if is_revision_path(arg):
        return read_revision(arg, max_bytes=max_bytes)
    if arg != "-" and any(ch in arg for ch in "*?[") and not Path(arg).exists():
        paths = sorted(Path(p) for p in glob.glob(arg, recursive=True) if Path(p).is_file())
        if not paths:
            raise InputError("no file matches this pattern", file=arg)
        return _within_limit((read(str(p), max_bytes=max_bytes) for p in paths), max_bytes)
    path = Path(arg)
    if arg != "-" and path.is_dir():
        paths = sorted(p for p in path.rglob("*") if p.suffix in SCHEMA_EXTENSIONS and p.is_file())
        if not paths:
            raise InputError(
                f"folder has no {_FOLDER_FORMATS} files ({', '.join(SCHEMA_EXTENSIONS)})", file=arg
            )
        return _within_limit((read(str(p), max_bytes=max_bytes) for p in paths), max_bytes)
    return [read(arg, max_bytes=max_bytes)]


def _within_limit(sources: Iterable[Source], max_bytes: int) -> list[Source]:
    """The files of one contract, read one by one until together they pass the limit."""
    out, total = [], 0
    for source in sources:
        total += len(source.text)
        if total > max_bytes:
            raise LimitError(
                f"files add up to more than the limit of {max_bytes} bytes", file=source.name
            )
        out.append(source)
    return out
