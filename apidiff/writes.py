"""Writing a report where the user asked, as a shell redirection would, but safer.

``-o FILE`` and ``changelog --update FILE`` name a place, not always a regular file: a device
(``/dev/stdout``, ``/dev/null``), a FIFO another process reads, or a symlink to the real file.
Those are written *into* (a device or FIFO is opened and written; a symlink is followed to its
target), never replaced. Only a regular file, or a new one, is written atomically: a
temporary file beside it, then a rename, so a failure or an interrupt leaves the old file
intact. A new file gets the permissions the umask gives (``0o666 & ~umask``), as ``>`` does;
an existing file keeps its mode (and, where the process may, its owner).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from .errors import InputError

__all__ = ["write_output"]


def write_output(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: into a device or FIFO, atomically into a file."""
    data = text.encode("utf-8")
    target = Path(os.path.realpath(path))  # a symlink (chain) is written through
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _error(exc, path) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("cannot write: is a directory", file=str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(target, data, path)
    else:
        _replace(target, data, info, path)


def _write_into(target: Path, data: bytes, shown: Path | str) -> None:
    """A device, FIFO or socket: open it and write, as ``> /dev/stdout`` does."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _error(exc, shown) from None
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise _error(exc, shown) from None
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes, info: os.stat_result | None, shown: Path | str) -> None:
    """A regular file or a new one: a temporary file in the same folder, then a rename."""
    folder = target.parent
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
