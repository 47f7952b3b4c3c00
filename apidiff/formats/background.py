"""OLD's YAML parsed in a forked process while NEW is loaded in this one.

Parsing a 4 MB YAML contract is most of a comparison's time and libyaml holds one core; a
second core parses the other file meanwhile. The child sends back the parsed data and its
marks with ``marshal`` (C speed, shared nodes kept shared) and exits; the parent adopts them
as if it had parsed the text itself. Any failure in the child (a syntax error, a limit, a
document the fast builder leaves to PyYAML) means the parent parses the file itself, so
errors and results are exactly those of a serial run. Linux only: elsewhere ``fork`` is not
one to rely on (macOS frameworks, Windows has none), and the parent parses both files.

Only YAML above ``MIN_BYTES``: JSON parses in C faster than the data could be sent back.
"""

from __future__ import annotations

import marshal
import os
import sys
import warnings
from typing import Any

from .. import registry
from ..sources import Source
from .yamljson import Document, looks_like_json, parse

__all__ = ["MIN_BYTES", "Pending", "start", "usable_cpus"]

MIN_BYTES = 512 * 1024


class Pending:
    """A parse running in a child process; ``document()`` waits for it."""

    def __init__(self, pid: int, fd: int, source: Source) -> None:
        self.pid, self.fd, self.source = pid, fd, source
        self._done = False

    def document(self) -> Document | None:
        """The parsed document, or None when the child could not give one."""
        if self._done:
            return None
        self._done = True
        chunks = []
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
        finally:
            _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not chunks:
            return None
        try:
            data, ordered = marshal.loads(b"".join(chunks))
        except (ValueError, EOFError, TypeError):
            return None
        return Document(self.source.name, self.source.text, data, "yaml", ordered)


def start(source: Source, *, max_depth: int, max_nodes: int) -> Pending | None:
    """Fork a child that parses ``source``, when that is worth it here; else None."""
    text = source.text
    if (
        len(text) < MIN_BYTES
        or not sys.platform.startswith("linux")  # fork is only safe to rely on there
        or usable_cpus() < 2
        or looks_like_json(text)
        or any(registry.hook(f.sniff)([source]) for f in registry.FORMATS if f.sniff)
    ):
        return None
    read_fd, write_fd = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() beside other threads (ours waits in join());
            # the child only parses, writes to the pipe and leaves with os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: parse, send, and leave without running the parent's cleanup
        code = 1
        try:
            os.close(read_fd)
            code = _child(source, write_fd, max_depth, max_nodes)
        finally:
            os._exit(code)
    os.close(write_fd)
    return Pending(pid, read_fd, source)


def _child(source: Source, fd: int, max_depth: int, max_nodes: int) -> int:
    try:
        document = parse(source.name, source.text, max_depth=max_depth, max_nodes=max_nodes)
    except BaseException:  # the parent parses again and reports it
        return 1
    if document.kind != "yaml" or document.ordered_marks is None:
        return 1
    payload: Any = (document.data, document.ordered_marks)
    try:
        data = marshal.dumps(payload)
    except ValueError:  # something marshal cannot carry: the parent parses it
        return 1
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)
    return 0


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
