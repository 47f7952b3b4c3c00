"""protoc (as shipped in grpcio-tools) run in a child process on a private copy of the sources.

protoc is C++ that reads untrusted input, so it never runs in apidiff's own process, and it
never reads a user's folder: the files apidiff read (through ``sources.read_file``, under its
folder rule) are written into a private temporary folder, which is protoc's only import root
besides the well-known types (``google/protobuf/*``) shipped with grpcio-tools. The child
runs with limits on time (CPU and wall clock), address space and the size of what it writes;
its own messages (``file:line:column: message``) become one-line input errors, and its
warnings (unused imports, common in googleapis) are not errors.

``start`` returns at once, so two compiles (OLD and NEW) run on two cores.

On Linux protoc writes its descriptor set into a FIFO that apidiff reads as it comes: the set
is whole once every target is in it, which is before protoc frees what it built (a tenth of
its time on a googleapis tree), so the child is stopped there rather than waited for.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, LimitError

__all__ = ["Limits", "Running", "available", "check_import_path", "include_text", "start"]

# A file name protoc can be given: relative, '/'-separated, no '.', '..' or empty parts.
_IMPORT_PATH = re.compile(r"[^/\x00\\]+(?:/[^/\x00\\]+)*")
# gcc-style diagnostics: "path:line:column: message" (line and column may be absent).
_DIAGNOSTIC = re.compile(
    r"^(?P<file>[^:\s][^:\n]*?\.proto|[^:\s]+):(?:(?P<line>\d+):(?:(?P<column>\d+):)?)?\s*(?P<msg>.*)$"
)
_STDERR_READ = 64 * 1024
# protoc allocates and frees millions of small objects; glibc's per-thread cache of freed
# chunks, at its largest, spares it most trips to the allocator's bins (7% of a googleapis
# compile here). Other C libraries ignore the variable.
_CHILD_ENV = {"LC_ALL": "C", "GLIBC_TUNABLES": "glibc.malloc.tcache_count=65535"}

# The child: only grpc_tools' compiler extension, with no site-packages scan (-S) and no
# environment variables or user site (-I); sys.path gets grpc_tools' folder.
_CHILD = (
    "import sys;sys.path.insert(0,sys.argv[1]);"
    "from grpc_tools import _protoc_compiler as c;"
    "sys.exit(c.run_main([a.encode('utf-8','surrogateescape') for a in sys.argv[2:]]))"
)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one protoc run may use."""

    seconds: float = 60.0
    memory: int = 2 * 1024 * 1024 * 1024  # address space (RLIMIT_AS), bytes
    output: int = 256 * 1024 * 1024  # the descriptor set and messages protoc writes, bytes


def _grpc_tools_location() -> tuple[Path, Path] | None:
    """(folder holding the grpc_tools package, its well-known types folder), if installed."""
    spec = importlib.util.find_spec("grpc_tools")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    wkt = package / "_proto"
    if not (wkt / "google/protobuf/descriptor.proto").is_file():
        return None
    return package.parent, wkt


def include_text(path: str) -> bytes | None:
    """The text of a file of protoc's own include folder (the well-known types), if any:
    read as every file is, by ``sources.read_file``, confined to that folder."""
    from ..errors import ApidiffError
    from ..sources import read_file

    where = _grpc_tools_location()
    if where is None or not _IMPORT_PATH.fullmatch(path) or ".." in path.split("/"):
        return None
    try:
        return read_file(where[1] / path, roots=(where[1],))
    except ApidiffError:
        return None


def available() -> bool:
    return _grpc_tools_location() is not None


def check_import_path(path: str, name: str) -> None:
    """Refuse an import path that is not a plain relative one (it names the file to protoc)."""
    if (
        not _IMPORT_PATH.fullmatch(path)
        or path.startswith(("-", "@"))  # protoc would read it as an option or a response file
        or any(part in (".", "..") for part in path.split("/"))
        or ":" in path
    ):
        raise InputError(
            f"cannot be given to protoc as import path {path!r} (relative '/'-separated paths "
            "only, without '.', '..' or ':', not starting with '-' or '@')",
            file=name,
        )


class Running:
    """One protoc run in a child process; ``result()`` waits for its descriptor set."""

    def __init__(
        self,
        process: subprocess.Popen | None,
        folder: str,
        names: Mapping[str, str],
        limits: Limits,
        error: InputError | None = None,
        *,
        pipe: int | None = None,
        targets: Sequence[str] = (),
    ) -> None:
        self.process, self.folder, self.names, self.limits = process, folder, names, limits
        self._error = error
        self._result: bytes | None = None
        self._pipe = pipe  # the read end of the FIFO protoc writes its set into (Linux)
        self._targets = frozenset(targets)

    def result(self) -> bytes:
        """The ``FileDescriptorSet`` bytes, or the first error as a one-line ``InputError``."""
        try:
            if self._error is not None:
                raise self._error
            if self._result is None:
                self._result = self._wait()
            return self._result
        finally:
            self.close()

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # done (its set is read) or not wanted: nothing to free
            self.process.wait()
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = ""

    def _wait(self) -> bytes:
        assert self.process is not None
        deadline = time.monotonic() + self.limits.seconds
        received = self._receive(deadline) if self._pipe is not None else None
        if received is not None and _names(received) >= self._targets:
            return received  # whole: protoc is stopped by ``close`` before it frees its memory
        try:
            code = _wait(self.process, max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise self._timeout() from None
        stderr = _read_head(os.path.join(self.folder, "stderr"))
        out = os.path.join(self.folder, "out.binpb")
        if code != 0:
            error = self._diagnostic(stderr)
            if error is not None:
                raise error
            raise LimitError(_death(code, self.limits), file=self._first_name())
        if self._pipe is not None:  # exit 0: what it wrote is its whole set
            if received is None:
                raise InputError("protoc wrote no descriptor set", file=self._first_name())
            return received
        try:
            size = os.path.getsize(out)
            if size > self.limits.output:
                raise LimitError(
                    f"protoc's output is over the limit of {self.limits.output} bytes",
                    file=self._first_name(),
                )
            with open(out, "rb") as handle:
                return handle.read()
        except OSError:
            raise InputError("protoc wrote no descriptor set", file=self._first_name()) from None

    def _timeout(self) -> LimitError:
        assert self.process is not None
        self.process.kill()
        self.process.wait()
        return LimitError(
            f"protoc took longer than {self.limits.seconds:g} s, so it was stopped",
            file=self._first_name(),
        )

    def _receive(self, deadline: float) -> bytes | None:
        """What protoc wrote into the FIFO, read as it comes, until it closes it (then the
        set is whole unless protoc died writing it) or exits; None if it wrote nothing."""
        import select

        assert self.process is not None and self._pipe is not None
        chunks: list[bytes] = []
        size = 0
        poller = select.poll()
        poller.register(self._pipe, select.POLLIN)
        pidfd = _pidfd(self.process)
        if pidfd is not None:
            poller.register(pidfd, select.POLLIN)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout()
                # Without a pidfd, an exit without output is seen within 50 ms.
                wait = remaining if pidfd is not None else min(remaining, 0.05)
                events = dict(poller.poll(max(1, int(wait * 1000))))
                # A FIFO hangs up only once a writer has come and gone: until protoc opens
                # it, reading it says b"" as if it had ended, so b"" counts only after that.
                ended = bool(events.get(self._pipe, 0) & select.POLLHUP)
                exited = self.process.poll() is not None
                while True:
                    try:
                        chunk = os.read(self._pipe, 1 << 20)
                    except BlockingIOError:
                        break
                    if not chunk:
                        if ended or exited:
                            return b"".join(chunks) if chunks else None
                        break
                    size += len(chunk)
                    if size > self.limits.output:
                        raise LimitError(
                            f"protoc's output is over the limit of {self.limits.output} bytes",
                            file=self._first_name(),
                        )
                    chunks.append(chunk)
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _first_name(self) -> str:
        return next(iter(self.names.values()), "<protobuf>")

    def _diagnostic(self, stderr: str) -> InputError | None:
        """protoc's first error (not a warning), as one line naming the user's file."""
        if "bad_alloc" in stderr or "out of memory" in stderr.lower():
            return LimitError(
                f"protoc ran out of memory (limit {self.limits.memory // (1024 * 1024)} MiB)",
                file=self._first_name(),
            )
        lines = [raw.strip()[:2000] for raw in stderr.splitlines() if raw.strip()]
        for at, line in enumerate(lines):
            match = _DIAGNOSTIC.match(line)
            if match is None:
                return InputError(f"protoc: {line[:500]}", file=self._first_name())
            message = match["msg"]
            if message.lower().startswith("warning:"):
                continue
            file = self._import_path(match["file"])
            if file.startswith(self.folder):  # its output (stderr cut at the limit)
                return LimitError(
                    f"protoc could not write its output (over the limit of {self.limits.output} "
                    "bytes?)",
                    file=self._first_name(),
                )
            if not match["line"] and file not in self.names:
                importer = self._importer(lines[at + 1 :], file)
                if importer is not None:  # an import that cannot be read: point at it
                    return InputError(
                        f"import {file!r}: {message[:500]}",
                        file=self.names[self._import_path(importer["file"])],
                        line=int(importer["line"]),
                        column=int(importer["column"]) if importer["column"] else None,
                    )
            shown = self.names.get(file, file)
            return InputError(
                message[:500] or "protoc failed",
                file=shown,
                line=int(match["line"]) if match["line"] else None,
                column=int(match["column"]) if match["column"] else None,
            )
        return None

    def _import_path(self, file: str) -> str:
        """A file protoc names, as an import path (its copy's folder taken off)."""
        return file.removeprefix(os.path.join(self.folder, "src") + os.sep)

    def _importer(self, lines: list[str], imported: str) -> re.Match[str] | None:
        """protoc's line for the user's file that imports ``imported`` (it follows the
        import's own, positionless, error)."""
        for line in lines:
            match = _DIAGNOSTIC.match(line)
            if (
                match is not None
                and match["line"]
                and self._import_path(match["file"]) in self.names
                and f'Import "{imported}"' in match["msg"]
            ):
                return match
        return None


def start(
    files: Mapping[str, bytes],
    targets: Sequence[str],
    names: Mapping[str, str],
    *,
    limits: Limits | None = None,
    source_info: bool = True,
) -> Running:
    """Begin compiling ``targets`` (import paths) given ``files`` (import path -> bytes, all
    already read under the folder rule) in a private folder; ``names``: how to show each
    import path in messages (the user's path). Returns at once."""
    limits = limits or Limits()
    where = _grpc_tools_location()
    if where is None:
        raise InputError(
            "Protobuf input needs protoc from grpcio-tools: install apidiff's `protobuf` extra "
            "(pip install 'apidiff[protobuf]')",
            file=next(iter(names.values()), None),
        )
    site, wkt = where
    parent = _scratch(files) or tempfile.gettempdir()
    _sweep(parent)
    folder = tempfile.mkdtemp(prefix=_PREFIX, dir=parent)
    pipe: int | None = None
    try:
        source_root = os.path.join(folder, "src")
        os.mkdir(source_root, 0o700)
        made = {source_root}  # folders made: one makedirs per folder, not per file
        for path, data in files.items():
            check_import_path(path, names.get(path, path))
            target = os.path.join(source_root, *path.split("/"))
            within = os.path.dirname(target)
            if within not in made:
                os.makedirs(within, 0o700, exist_ok=True)
                made.add(within)
            # O_EXCL: a path given twice (or a file and folder of one name) is refused below.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        out = os.path.join(folder, "out.binpb")
        pipe = _fifo(out)
        args = [
            sys.executable,
            "-I",
            "-S",
            "-c",
            _CHILD,
            str(site),
            "protoc",
            f"--proto_path={source_root}",
            f"--proto_path={wkt}",
            f"--descriptor_set_out={out}",
            "--include_imports",
            *(["--include_source_info"] if source_info else []),
            *targets,
        ]
        with (
            open(os.path.join(folder, "stderr"), "wb") as stderr,
            open(os.devnull, "rb") as stdin,
        ):
            process = subprocess.Popen(
                args,
                cwd=source_root,
                stdin=stdin,
                stdout=stderr,
                stderr=stderr,
                env=_CHILD_ENV,
                close_fds=True,
                preexec_fn=_limiter(limits) if os.name == "posix" else None,
            )
    except OSError as exc:
        _discard(folder, pipe)
        if isinstance(exc, FileExistsError | IsADirectoryError | NotADirectoryError):
            clash = os.path.relpath(exc.filename or "", os.path.join(folder, "src"))
            raise InputError(
                "two files (or a file and a folder) have this import path", file=clash
            ) from None
        raise InputError(f"cannot run protoc: {exc.strerror or exc}") from None
    except BaseException:
        _discard(folder, pipe)
        raise
    return Running(process, folder, names, limits, pipe=pipe, targets=targets)


def _fifo(path: str) -> int | None:
    """On Linux, ``path`` made a FIFO and opened for reading (without waiting for a writer):
    protoc writes into it, and its set is read as soon as it is written. None elsewhere (a
    FIFO's poll and hang-up differ by system) or when one cannot be made: protoc writes a file.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        os.mkfifo(path, 0o600)
        pipe = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return None
    import fcntl

    with contextlib.suppress(OSError, AttributeError):  # fewer wake-ups for a 1 MB set
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    return pipe


def _discard(folder: str, pipe: int | None) -> None:
    if pipe is not None:
        os.close(pipe)
    shutil.rmtree(folder, ignore_errors=True)


def _names(data: bytes) -> frozenset[str]:
    """The import paths of the files in a serialized ``FileDescriptorSet`` (each entry's
    ``name``, its first field), or nothing when the bytes do not end where an entry does:
    protoc died while it wrote them."""
    from .protobuf import _Malformed, _read_varint  # the wire reader of the set's user

    names: set[str] = set()
    position, end = 0, len(data)
    try:
        while position < end:
            if data[position] != 0x0A:  # FileDescriptorSet.file: field 1, length-delimited
                return frozenset()
            length, position = _read_varint(data, position + 1)
            entry_end = position + length
            if entry_end > end:
                return frozenset()
            if length and data[position] == 0x0A:  # FileDescriptorProto.name
                size, start = _read_varint(data, position + 1)
                if start + size <= entry_end:
                    names.add(data[start : start + size].decode("utf-8", "replace"))
            position = entry_end
    except _Malformed:
        return frozenset()
    return frozenset(names)


_PREFIX = "apidiff-protoc-"
# A compile is limited to a minute; a private folder an hour old belongs to a run that was
# killed (SIGKILL leaves no chance to clean up) and only takes room, in memory on /dev/shm.
_STALE_SECONDS = 3600
_swept: set[str] = set()


def _sweep(parent: str) -> None:
    """Remove this user's private folders of killed runs under ``parent``, once a process:
    folders (never links) named as ours, owned by us and untouched for an hour."""
    if parent in _swept:
        return
    _swept.add(parent)
    now, uid = time.time(), os.getuid()
    try:
        entries = os.scandir(parent)
    except OSError:
        return
    with entries:
        for entry in entries:
            if not entry.name.startswith(_PREFIX):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if (
                stat.S_ISDIR(info.st_mode)
                and info.st_uid == uid
                and now - info.st_mtime > _STALE_SECONDS
            ):
                shutil.rmtree(entry.path, ignore_errors=True)  # fd-based: no link is followed


# A memory file system for the private copy, where there is one: protoc's copy lives for a
# second, and creating 700 small files (a googleapis side, twice) on a disk-backed /tmp cost
# 0.1-0.6 s of wall time here, before protoc could start; on tmpfs it is 0.01 s.
_MEMORY_FOLDER = "/dev/shm"


def _scratch(files: Mapping[str, bytes]) -> str | None:
    """Where the private folder goes: ``/dev/shm`` when it is a writable, sticky folder (as
    /tmp is, so mkdtemp's 0700 folder is as private) with room for the files four times over
    (Docker gives it 64 MiB), else the usual temporary folder."""
    try:
        info = os.lstat(_MEMORY_FOLDER)
        if not stat.S_ISDIR(info.st_mode) or not info.st_mode & stat.S_ISVTX:
            return None
        if not os.access(_MEMORY_FOLDER, os.W_OK | os.X_OK):
            return None
        space = os.statvfs(_MEMORY_FOLDER)
    except (OSError, AttributeError):
        return None
    need = 4 * sum(len(data) for data in files.values()) + 16 * 1024 * 1024
    return _MEMORY_FOLDER if space.f_bavail * space.f_frsize > need else None


def _pidfd(process: subprocess.Popen) -> int | None:
    """A descriptor that polls readable when ``process`` exits (Linux 5.3), or None."""
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        return opener(process.pid)
    except OSError:  # an old kernel, or the child was reaped already
        return None


def _wait(process: subprocess.Popen, seconds: float) -> int:
    """The child's exit code, as soon as it exits (``Popen.wait(timeout)`` polls with sleeps
    of up to 50 ms); ``subprocess.TimeoutExpired`` after ``seconds``."""
    pidfd = _pidfd(process)
    if pidfd is None:
        return process.wait(timeout=seconds)
    try:
        import select

        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        ready = poller.poll(max(0, int(seconds * 1000)))
    finally:
        os.close(pidfd)
    if not ready:
        raise subprocess.TimeoutExpired(process.args, seconds)
    return process.wait()


def _limiter(limits: Limits):
    """Set in the child before protoc starts: CPU time, address space, file size, no core."""

    def apply() -> None:
        import resource

        seconds = max(1, int(limits.seconds) + 1)
        for which, value in (
            (resource.RLIMIT_CPU, seconds),
            (resource.RLIMIT_AS, limits.memory),
            (resource.RLIMIT_FSIZE, limits.output),
            (resource.RLIMIT_CORE, 0),
        ):
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(which, (value, value))

    return apply


def _read_head(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(_STDERR_READ).decode("utf-8", "replace")
    except OSError:
        return ""


def _death(code: int, limits: Limits) -> str:
    """Why protoc stopped without a message: a limit, most likely."""
    import signal

    if code < 0:
        sig = -code
        if sig == signal.SIGXCPU:
            return f"protoc used more than {limits.seconds:g} s of CPU time, so it was stopped"
        if sig == signal.SIGXFSZ:
            return f"protoc's output is over the limit of {limits.output} bytes"
        if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return (
                f"protoc stopped (signal {sig}), most likely at the memory limit of "
                f"{limits.memory // (1024 * 1024)} MiB"
            )
        return f"protoc stopped (signal {sig})"
    return f"protoc failed (exit code {code}) without a message, most likely out of memory"
