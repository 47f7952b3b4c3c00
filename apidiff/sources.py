"""Turn a user's argument into text plus a name: a file path or ``-`` for stdin.

Size limits live here, so a hostile input is refused before any parser sees it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, LimitError

__all__ = ["DEFAULT_MAX_BYTES", "Source", "read"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """The text of one contract document and where it came from.

    ``root`` is the folder that relative ``$ref``s may not leave (the contract's folder).
    """

    name: str
    text: str
    path: Path | None = None
    root: Path | None = None


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
            raise InputError("is a folder, not a contract file", file=arg)
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
