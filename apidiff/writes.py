"""Writing a report where the user asked, as a shell redirection would, but safer.

``-o FILE``, ``changelog --update FILE`` and ``baseline -o FILE`` name a place, not always a
regular file: a device (``/dev/stdout``, ``/dev/null``) or a FIFO another process reads is
written *into*, never replaced. Only a regular file, or a new one, is written atomically: a
temporary file beside it, then a rename, so a failure or an interrupt leaves the old file
intact. A new file gets the permissions the umask gives (``0o666 & ~umask``), as ``>`` does;
an existing file keeps its mode (and, where the process may, its owner).

Symbolic links are the one thing a shell redirection follows and this does not, blindly:
apidiff runs on strangers' branches, often as root, and a pull request can commit
``CHANGELOG.md`` as a link to ``/etc/passwd`` (or ``reports`` as a link to ``/etc``). So the
path is resolved here, one component at a time, and every link met on the way (a folder or
the file, each link of a chain) must resolve inside the folder that holds it: a link to
another file of the same tree (``latest.json -> reports/report.json``) is followed, one that
leads up or out, dangling or not, is refused. The system's own links are exempt, as a
repository cannot plant them: those in ``/dev``, ``/dev/fd`` and a process's descriptor
folder ``/proc/<pid>/fd``, decided by the folder's real path, never its name. A link in ``/``
(macOS's ``/tmp -> private/tmp``) needs no exemption: everything resolves inside ``/``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

from .errors import InputError

__all__ = ["check_output", "write_output"]

# Symbolic links followed in one path at most: Linux's own limit (ELOOP) for a lookup.
_MAX_HOPS = 40

# The real folders whose links the system makes: ``/dev/stdout -> /proc/self/fd/1``,
# ``/dev/fd/3``, a descriptor's link to whatever it has open. (``/proc/self`` itself is a link
# in ``/proc`` to ``<pid>``, inside ``/proc``: the rule allows it as it is.)
_SYSTEM_FOLDERS = re.compile(r"/dev|/dev/fd|/proc/[0-9]+(?:/task/[0-9]+)?/fd")
# One of this process's own descriptors, reached by its link (``/dev/stdout``, ``/dev/fd/3``,
# ``/proc/self/fd/1`` all lead here): pid and descriptor number.
_DESCRIPTOR = re.compile(r"/proc/([0-9]+)(?:/task/[0-9]+)?/fd/([0-9]+)")


def write_output(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: into a device or FIFO, atomically into a file;
    through a symbolic link only when it stays inside its own folder."""
    data = text.encode("utf-8")
    target, opaque = _target(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _error(exc, path) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("cannot write: is a directory", file=str(path))
    descriptor = _own_descriptor(target) if opaque else None
    if descriptor is not None:
        _write_descriptor(descriptor, data, path)
    elif opaque or (info is not None and not stat.S_ISREG(info.st_mode)):
        truncate = info is not None and stat.S_ISREG(info.st_mode)
        _write_into(target, data, path, truncate=truncate, follow=opaque)
    else:
        _replace(Path(target), data, info, path)


def check_output(path: Path | str) -> None:
    """Refuse ``path`` now, before any work, if ``write_output`` would (``changelog --update``
    reads the file first: a link out of the tree must not even be read)."""
    _target(path)


@dataclass
class _Walk:
    """One path's resolution: what the user gave (for messages) and what was met so far."""

    shown: str
    hops: int = 0
    broken: OSError | None = None  # a folder on the way is missing or no folder


def _target(path: Path | str) -> tuple[str, bool]:
    """Where ``path`` leads, every link on the way checked, and whether it ends in a system
    link that names no path (a descriptor's pipe, socket or deleted file), to be opened as
    it is."""
    shown = str(path)
    if "\x00" in shown:
        raise InputError("cannot write: file name with a NUL character", file=shown)
    try:
        cwd = os.getcwd()  # the kernel's path: no link in it
    except OSError as exc:
        raise _error(exc, path) from None
    walk = _Walk(shown)
    target, opaque = _resolve(walk, cwd, os.fspath(path), top=True)
    if walk.broken is not None:  # ``missing/x`` or ``missing/../x``: the OS would say so too
        raise _error(walk.broken, path)
    return target, opaque


def _resolve(walk: _Walk, base: str, rest: str, *, top: bool) -> tuple[str, bool]:
    """``rest`` resolved from the resolved folder ``base``, one component at a time as the
    OS does (``..`` goes up from where the links so far led), each link by ``_follow``."""
    pure = PurePath(rest)
    parts = pure.parts
    resolved = base
    if pure.anchor:  # absolute (``//`` is ``/`` on Linux)
        resolved = os.sep if pure.anchor in ("/", "//") else pure.anchor
        parts = parts[1:]
    opaque = False
    for index, name in enumerate(parts):
        opaque = False
        if name == "..":
            resolved = os.path.dirname(resolved)
            continue
        candidate = os.path.join(resolved, name)
        resolved = candidate
        if walk.broken is not None:  # below a missing folder nothing is there, no link either
            continue
        try:
            info = os.lstat(candidate)
        except (FileNotFoundError, NotADirectoryError) as exc:
            if index < len(parts) - 1:
                walk.broken = exc
            continue
        except OSError as exc:  # permission denied, a name too long
            raise _error(exc, walk.shown) from None
        if stat.S_ISLNK(info.st_mode):
            named = top and index == len(parts) - 1
            resolved, opaque = _follow(walk, os.path.dirname(candidate), candidate, named=named)
    return resolved, opaque


def _follow(walk: _Walk, folder: str, link: str, *, named: bool) -> tuple[str, bool]:
    """Where the symbolic link ``link`` in the resolved ``folder`` leads, when that is inside
    ``folder`` (or the folder is the system's)."""
    walk.hops += 1
    if walk.hops > _MAX_HOPS:
        raise _error(OSError(errno.ELOOP, os.strerror(errno.ELOOP)), walk.shown)
    try:
        text = os.readlink(link)
    except OSError as exc:
        raise _error(exc, walk.shown) from None
    if _SYSTEM_FOLDERS.fullmatch(folder) is not None:
        if _own_descriptor(link) is not None:  # written through, whatever it has open
            return link, True
        broken = walk.broken
        target, opaque = _resolve(walk, folder, text, top=False)
        if _names_no_path(link, target):  # ``pipe:[1234]``, ``/tmp/x (deleted)``
            walk.broken = broken
            return link, True
        return target, opaque
    target, opaque = _resolve(walk, folder, text, top=False)
    if not PurePath(target).is_relative_to(folder):
        raise _outside(walk.shown, link, target, named=named)
    return target, opaque


def _own_descriptor(link: str) -> int | None:
    """The number of this process's descriptor ``link`` is (``/proc/<our pid>/fd/1``)."""
    match = _DESCRIPTOR.fullmatch(link)
    if match is None or int(match.group(1)) != os.getpid():
        return None
    return int(match.group(2))


def _write_descriptor(fd: int, data: bytes, shown: Path | str) -> None:
    """Write into a descriptor apidiff was given (``-o /dev/stdout > report.md``, ``>>``,
    ``3>> log``) as ``> /dev/fd/N`` does where the system duplicates it (macOS, bash without
    /dev/fd): at its offset, appending where it appends. Opened again by its path, a file
    behind it would be replaced, or truncated, losing what a ``>>`` redirection kept."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # what Python buffered goes first
            if stream is not None and stream.fileno() == fd:
                stream.flush()
    _write_all(fd, data, shown)


def _write_all(fd: int, data: bytes, shown: Path | str) -> None:
    """All of ``data`` to ``fd`` (a pipe or a device may take less than asked at a time)."""
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise _error(exc, shown) from None


def _names_no_path(link: str, target: str) -> bool:
    """A system link whose text is no path to what it opens: a descriptor's link to a pipe,
    a socket or a deleted file (the kernel follows it; its text leads nowhere, or elsewhere)."""
    try:
        opened = os.stat(link)
    except OSError:
        return False  # dangling: followed as its text says, as ``>`` does
    try:
        found = os.stat(target)
    except OSError:
        return True
    return (opened.st_dev, opened.st_ino) != (found.st_dev, found.st_ino)


def _outside(shown: str, link: str, target: str, *, named: bool) -> InputError:
    where = "it is" if named else f"{_shown(link)}, on the way to it, is"
    return InputError(
        f"cannot write: {where} a symbolic link to {_shown(target)}, outside its folder; "
        "name the target itself if that is meant",
        file=shown,
    )


def _shown(name: str) -> str:
    """A path a link gave, as a one-line message may hold it: its bytes need not be UTF-8
    (``\\xff``), and a line break or tab in it is shown, not turned into a space."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _write_into(
    target: str, data: bytes, shown: Path | str, *, truncate: bool, follow: bool
) -> None:
    """A device, FIFO or socket (or a descriptor's link): open it and write, as ``> /dev/stdout``
    does. ``follow``: ``target`` is a system link to open as it is; any other was resolved,
    so a link swapped in since is not followed."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | (os.O_TRUNC if truncate else 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise _error(exc, shown) from None
    try:
        _write_all(fd, data, shown)
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes, info: os.stat_result | None, shown: Path | str) -> None:
    """A regular file or a new one: a temporary file in the same folder, then a rename."""
    folder = target.parent
    import secrets  # here: ``random`` and ``hmac`` cost 2 ms of every run's start otherwise

    tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        # O_EXCL: never follow or reuse something planted under the temporary name. Mode
        # 0o666 is filtered by the umask, as a shell redirection's new file is.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise _error(exc, shown) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if info is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _error(exc, shown) from None
        raise


def _error(exc: OSError, path: Path | str) -> InputError:
    return InputError(f"cannot write: {exc.strerror or exc}", file=str(path))
