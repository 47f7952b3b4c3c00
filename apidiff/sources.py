"""Turn a user's argument into text plus a name: a file path or ``-`` for stdin.

Size limits live here, so a hostile input is refused before any parser sees it.
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import stat
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import registry
from .errors import InputError, LimitError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SCHEMA_EXTENSIONS",
    "Source",
    "contained",
    "folder_suffixes",
    "read",
    "read_all",
    "read_file",
    "repository_around",
    "revision_folder",
    "shown_name",
]

# Files a folder or glob of a contract is made of (GraphQL SDL), from the registry.
SCHEMA_EXTENSIONS = tuple(s for f in registry.FORMATS for s in f.suffixes)


def folder_suffixes() -> tuple[str, ...]:
    """What a folder of a contract is made of, as registered now (a test may register a
    format for a while)."""
    return tuple(s for f in registry.FORMATS for s in f.suffixes)


def _folder_names() -> tuple[str, ...]:
    """Files a folder is read with by exact name (a Protobuf folder's ``buf.yaml``)."""
    return tuple(n for f in registry.FORMATS for n in f.folder_files)


def _folder_formats() -> str:
    return " or ".join(f.title for f in registry.FORMATS if f.suffixes)


_DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


def _empty_folder(documents: list[str] | list[Path], suffixes: tuple[str, ...]) -> str:
    """Why a folder is no contract: one of YAML or JSON files (OpenAPI, Swagger, AsyncAPI) is
    not a contract split over files, whatever the folder formats are."""
    if documents:
        return (
            "is a folder of OpenAPI (YAML or JSON) files: give one contract file as OLD and "
            f"NEW (only {_folder_formats()} folders can be split over files)"
        )
    return f"folder has no {_folder_formats()} files ({', '.join(suffixes)})"


def _in_folder(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.endswith(folder_suffixes()) or base in _folder_names()


DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """The text of one contract document and where it came from.

    ``root`` is the folder that relative ``$ref``s may not leave (the contract's folder).
    A source read from a git revision has ``tree`` set instead, and ``path``/``root`` are
    its repository-relative POSIX path and folder.

    ``data``: the raw bytes of a binary document (a registry format's ``binary`` test said
    so; a Protobuf descriptor set), with ``text`` empty. ``relative``: for a file of a folder
    or glob, its POSIX path below that folder (how ``.proto`` files name each other).
    """

    name: str
    text: str
    path: Path | None = None
    root: Path | None = None
    tree: Any = None  # git.GitTree
    repo_path: str | None = None
    repo_root: str | None = None
    data: bytes | None = None
    relative: str | None = None
    url: str | None = None  # fetched from this URL (--allow-remote-refs): its $refs' base

    @property
    def size(self) -> int:
        """Its length, text or bytes, for the size limits."""
        return len(self.text) + (len(self.data) if self.data is not None else 0)


def _binary(data: bytes) -> bool:
    """Whether a registered format claims these bytes as a binary document of its own."""
    return any(
        registry.hook(fmt.binary)(data) for fmt in registry.FORMATS if fmt.binary is not None
    )


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


def read(
    arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES, roots: Sequence[Path] | None = None
) -> Source:
    """Read ``arg`` (a path, or ``-`` for standard input) into a ``Source``.

    ``roots``: see ``read_file`` (None for a file the user named on the command line).
    """
    if arg == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise LimitError(
                f"input is larger than the limit of {max_bytes} bytes (raise it with --max-size)",
                file="<stdin>",
            )
        if _binary(data):
            return Source("<stdin>", "", None, Path.cwd(), data=data)
        return Source("<stdin>", _decode(data, "<stdin>"), None, Path.cwd())
    path = Path(arg)
    data = read_file(path, max_bytes=max_bytes, roots=roots, name=arg)
    if _binary(data):
        return Source(arg, "", path, path.resolve().parent, data=data)
    return Source(arg, _decode(data, arg), path, path.resolve().parent)


# -- the one way a file is read ------------------------------------------------------------------
# Every file apidiff reads from disk goes through ``read_file``: contracts, the files their
# ``$ref``s name, the files of a GraphQL SDL folder or glob, client operation documents, the
# configuration and the ignore files it names (a folder's files through its two halves,
# ``_contained`` and ``_read_contained``, with the folder resolved once: the same checks).
# (Git revisions are read from git's object store, where ``git.GitTree.read`` refuses
# symbolic links; written files are ``writes``' business.)
#
# The rule, decided here once:
# - A file the user named on the command line (OLD, NEW, ``--config``, ``--ignores``,
#   ``--operations`` FILE) is read as named: the user chose it, a pipe included
#   (``<(git show ...)``). ``roots`` is None.
# - Anything else is pulled in by what apidiff reads (a contract's ``$ref``, a configuration's
#   ``ignore-files``, ``[[contract]]`` paths and operations, a folder or glob walk), which
#   comes from a stranger's branch. Its path is resolved first, symbolic links followed, and
#   must lie inside one of ``roots``; it must be a regular file (a FIFO blocks, a device
#   never ends, a socket cannot be read); and it is opened without following a link swapped in
#   since, then checked to be that same file.
# - A refusal names the path and the rule, never what the file holds: a parse error can only
#   come after the file was allowed.
# - A file name must be UTF-8 (on Linux a name is bytes; Python carries an undecodable byte
#   as a lone surrogate, which no report, fingerprint or terminal can write).


def read_file(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    roots: Sequence[Path] | None = None,
    name: str | None = None,
) -> bytes:
    """The bytes of ``path`` within ``max_bytes``, under the rule above."""
    name = name if name is not None else str(path)
    check_name(name)
    check_name(str(path), name)
    if roots is None:
        return _read_named(path, name, max_bytes)
    return _read_contained(contained(path, roots, name), name, max_bytes)


def _read_contained(target: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of ``target``, a path resolved inside the roots: a regular file, opened
    without following a link swapped in since, and checked to be the same file."""
    try:
        before = os.stat(target)
        if stat.S_ISDIR(before.st_mode):
            raise InputError("is a folder", file=name)
        if not stat.S_ISREG(before.st_mode):
            raise InputError(
                "is not a regular file (a FIFO, device or socket), so it is not read", file=name
            )
        if before.st_size > max_bytes:
            raise _too_large(before.st_size, max_bytes, name)
        fd = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_error(exc, name) from None
    with os.fdopen(fd, "rb") as handle:
        after = os.fstat(handle.fileno())
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(
            after.st_mode
        ):
            raise InputError("changed while it was being opened, so it is not read", file=name)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitError(f"file is over the limit of {max_bytes} bytes", file=name)
    return data


def contained(path: Path, roots: Sequence[Path], name: str | None = None) -> Path:
    """``path`` resolved (symbolic links followed), when that is inside one of ``roots``."""
    name = name if name is not None else str(path)
    check_name(str(path), name)
    try:
        inside = [root.resolve() for root in roots]
    except (OSError, RuntimeError, ValueError):  # a link loop, an over-long name
        raise InputError("cannot resolve this path (a symbolic link loop?)", file=name) from None
    return _contained(path, inside, name)


def _contained(
    path: Path, inside: Sequence[Path], name: str, folders: dict[Path, Path] | None = None
) -> Path:
    """``contained`` for roots resolved already (a folder's files: its root once, not once
    a file). ``folders``: the folders resolved so far in one walk, by their unresolved path."""
    try:
        target = path.resolve() if folders is None else _resolve_in(path, folders)
    except (OSError, RuntimeError, ValueError):  # a link loop, an over-long name
        raise InputError("cannot resolve this path (a symbolic link loop?)", file=name) from None
    if not any(target.is_relative_to(root) for root in inside):
        where = " or ".join(str(root) for root in inside)
        raise InputError(
            f"resolves outside {where}, the folder it may be read from "
            "(a symbolic link or '..' leaves it), so it is not read",
            file=name,
        )
    return target


def _resolve_in(path: Path, folders: dict[Path, Path]) -> Path:
    """``path.resolve()``, with its folder resolved once for all its files: a file that is
    not a link resolves to its resolved folder and its name (a googleapis tree has 700
    files; resolving each walks every folder above it again, a system call per level)."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        is_link = True  # gone or unreadable: resolve it the ordinary way, which says so
    if is_link or path.name in ("", ".", ".."):
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


def repository_around(folder: Path) -> Path | None:
    """The top of the git work tree ``folder`` (resolved) is in: the nearest folder upward
    with a ``.git``, found without running git; None outside one."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def check_name(path: str, name: str | None = None) -> None:
    """Refuse a file name that is not UTF-8 (or holds a NUL), naming it with escapes."""
    if _SURROGATE.search(path) is not None:
        raise InputError("file name is not valid UTF-8", file=shown_name(name or path))
    if "\x00" in path:
        raise InputError("file name with a NUL character", file=shown_name(name or path))


def shown_name(name: str) -> str:
    """``name`` printable as UTF-8: an undecodable byte as ``\\xff``."""
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_NOFOLLOW", 0)  # nor a symbolic link swapped in be followed
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read_named(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise InputError(
                f"is a folder: only {_folder_formats()} can be split over files", file=name
            )
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes, name)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _os_error(exc, name) from None
    if len(data) > max_bytes:
        raise LimitError(f"file is over the limit of {max_bytes} bytes", file=name)
    return data


def _too_large(size: int, max_bytes: int, name: str) -> LimitError:
    return LimitError(
        f"file is {size} bytes, over the limit of {max_bytes} (raise it with --max-size)",
        file=name,
    )


def _os_error(exc: OSError, name: str) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file", file=name)
    if isinstance(exc, PermissionError):
        return InputError("permission denied", file=name)
    if exc.errno == errno.ELOOP:
        return InputError("became a symbolic link while it was opened, not followed", file=name)
    return InputError(os.strerror(exc.errno) if exc.errno else str(exc), file=name)


def is_url(arg: str) -> bool:
    """``http://`` or ``https://``: fetched by ``api`` (with the remote module), never read."""
    return arg.lower().startswith(("http://", "https://"))


def read_revision(arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Source]:
    """``REV:path``: a file, or a folder of GraphQL SDL files, as of a git revision."""
    from . import git

    tree, path = git.split(arg)
    return read_tree(tree, path, max_bytes)


def read_tree(tree: Any, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Source]:
    """A file, or a folder of GraphQL SDL files, of a ``git.GitTree``."""
    if tree.is_folder(path):
        suffixes = folder_suffixes()
        names = tree.files(path, suffixes + _folder_names())
        names = [n for n in names if _in_folder(n)]
        if not any(n.endswith(suffixes) for n in names):
            documents = tree.files(path, _DOCUMENT_SUFFIXES)
            raise InputError(
                f"{_empty_folder(documents, suffixes)} at {tree.rev}", file=tree.name(path)
            )
        prefix = path.strip("/") + "/" if path.strip("/") not in ("", ".") else ""
        return _within_limit(
            (revision_file(tree, name, max_bytes, prefix) for name in names), max_bytes
        )
    return [revision_file(tree, path, max_bytes)]


def revision_folder(tree: Any, root: str, what: str, missing: str = "") -> str:
    """``root``, an option's folder, as a folder of ``tree``'s revision: a path from the
    repository's top, or a folder of its work tree written absolute (a configuration's),
    normalized ("." for the top). ``what`` names the option in the refusals; ``missing`` is
    added to "no such folder"."""
    if Path(root).is_absolute():
        try:
            top, folder = Path(tree.root).resolve(), Path(root).resolve()
        except (OSError, RuntimeError, ValueError):
            raise InputError(f"cannot resolve {what}", file=root) from None
        if not folder.is_relative_to(top):
            raise InputError(f"{what} leaves the repository", file=root)
        root = folder.relative_to(top).as_posix() or "."
    normal = posixpath.normpath(root.replace("\\", "/"))
    if normal.startswith(("/", "../")) or normal == "..":
        raise InputError(f"{what} leaves the repository", file=root)
    if not tree.is_folder(normal):
        raise InputError(f"no such folder at {tree.rev}{missing}", file=tree.name(normal))
    return normal


def revision_file(tree: Any, path: str, max_bytes: int, prefix: str | None = None) -> Source:
    """One file of a git revision; its ``$ref``s stay inside its folder of that revision.
    ``prefix``: the folder it was found in (``relative`` is its path below that)."""
    name = tree.name(path)
    data = tree.read(path, max_bytes)
    folder = posixpath.dirname(path)
    relative = path.removeprefix(prefix) if prefix is not None else None
    if _binary(data):
        return Source(
            name, "", tree=tree, repo_path=path, repo_root=folder, data=data, relative=relative
        )
    return Source(
        name, _decode(data, name), tree=tree, repo_path=path, repo_root=folder, relative=relative
    )


def read_all(
    arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES, roots: Sequence[Path] | None = None
) -> list[Source]:
    """A file, ``-``, ``REV:path``, or a folder or glob of GraphQL SDL files (sorted, for
    determinism).

    ``roots`` None: ``arg`` is what the user named (see ``read_file``). The files a folder or
    glob walk finds are pulled in either way: each must resolve inside that folder (a glob's
    folder is the part before its first wildcard), which, with ``roots``, must be inside them.
    """
    if ":" in arg:  # else not REV:path, and git (with subprocess) need not be imported
        from .git import is_revision_path

        if is_revision_path(arg):
            return read_revision(arg, max_bytes=max_bytes)
    check_name(arg)
    if arg != "-" and any(ch in arg for ch in "*?[") and not Path(arg).exists():
        base, pattern = _split_glob(arg)
        folder = contained(base, roots, str(base)) if roots is not None else base.resolve()
        paths = _glob(base, pattern, arg)
        if not paths:
            raise InputError("no file matches this pattern", file=arg)
        folders: dict[Path, Path] = {}
        return _within_limit(
            (_folder_file(p, base, folder, max_bytes, folders) for p in paths), max_bytes
        )
    path = Path(arg)
    if arg != "-" and path.is_dir():
        folder = contained(path, roots, arg) if roots is not None else path.resolve()
        return read_folder(path, folder, max_bytes=max_bytes, name=arg)
    return [read(arg, max_bytes=max_bytes, roots=roots)]


def read_folder(
    path: Path, folder: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> list[Source]:
    """The files of a folder of a contract (sorted), each of which must resolve inside
    ``folder`` (``path`` resolved); ``relative`` is each one's path below ``path``."""
    suffixes = folder_suffixes()
    paths = sorted(p for p in path.rglob("*") if _in_folder(p.name) and p.is_file())
    if not any(p.name.endswith(suffixes) for p in paths):
        first = next((p for p in path.rglob("*") if p.name.endswith(_DOCUMENT_SUFFIXES)), None)
        documents = [first] if first is not None else []
        raise InputError(_empty_folder(documents, suffixes), file=name or str(path))
    folders: dict[Path, Path] = {}
    return _within_limit(
        (_folder_file(p, path, folder, max_bytes, folders) for p in paths), max_bytes
    )


def _folder_file(
    path: Path, base: Path, folder: Path, max_bytes: int, folders: dict[Path, Path]
) -> Source:
    """``read(str(path), roots=(folder,))`` with ``relative`` set; ``folder`` is resolved
    already, and so are the folders in ``folders``."""
    name = str(path)
    check_name(name)
    target = _contained(path, (folder,), name, folders)
    data = _read_contained(target, name, max_bytes)
    relative = path.relative_to(base).as_posix()
    if _binary(data):
        return Source(name, "", path, target.parent, data=data, relative=relative)
    return Source(name, _decode(data, name), path, target.parent, relative=relative)


def _split_glob(arg: str) -> tuple[Path, str]:
    """``web/src/**/*.graphql`` -> (``web/src``, ``**/*.graphql``): the folder a glob searches
    and the pattern below it."""
    parts = Path(arg).parts
    for index, part in enumerate(parts):
        if any(ch in part for ch in "*?["):
            return Path(*parts[:index]) if index else Path(), "/".join(parts[index:])
    return Path(arg).parent, Path(arg).name


def _glob(base: Path, pattern: str, arg: str) -> list[Path]:
    """Files under ``base`` matching ``pattern``, sorted. ``**`` does not descend through
    symbolic links to folders (``glob.glob`` would, out of the folder and around a loop), and
    hidden names match only a pattern that names them, as in the shell."""
    try:
        found = [p for p in base.glob(pattern) if p.is_file()]
    except (ValueError, OSError) as exc:  # `a**b`: ** must be a whole component
        raise InputError(f"invalid pattern: {exc}", file=arg) from None
    if not any(part.startswith(".") for part in pattern.split("/")):
        found = [
            p for p in found if not any(part.startswith(".") for part in p.relative_to(base).parts)
        ]
    return sorted(found)


def _within_limit(sources: Iterable[Source], max_bytes: int) -> list[Source]:
    """The files of one contract, read one by one until together they pass the limit."""
    out, total = [], 0
    for source in sources:
        total += source.size
        if total > max_bytes:
            raise LimitError(
                f"files add up to more than the limit of {max_bytes} bytes", file=source.name
            )
        out.append(source)
    return out
