"""An optional on-disk cache of loaded contracts (``--cache-dir``), so that CI comparing a
branch with its base does not parse the base's contract again on every run.

An entry is keyed by the SHA-256 of: apidiff's version, the Python version, the load options
(limits, roots, import paths) and the name and content of every source given. It holds the
model (``Contract``) and the content hashes of every other file the load read (a ``$ref``'d
file, from disk or from the same git revision); a lookup re-reads and re-hashes those, so an
entry is used only while every file the contract was built from is unchanged.

Entries are pickles, so each is signed (HMAC-SHA256) with a secret key of the user's, kept
apart from the entries in the default cache folder (``key``, created 0600), and nothing is
unpickled unless its signature holds: a cache folder inside a repository under review (named
by its ``apidiff.toml``, or restored by CI) may hold planted files, never a valid entry. The
cache directory must also be the user's own (created 0700, refused when another user owns it
or others may write to it); docs/security.md says why a contract under review cannot choose
what is unpickled either.
A missing, unreadable, corrupt or stale entry is a miss: the contract is parsed again and
the entry rewritten (atomically). A cache that cannot be written is skipped silently: it
only ever saves time. Not cached: contracts that followed a remote ``$ref`` (a URL's content
can change), formats loaded by another program (Protobuf: protoc reads imports the loader
never sees) and introspection results (their graphql-core schema cannot be rebuilt from SDL).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .. import registry
from ..errors import ApidiffError
from ..model import Contract
from ..sources import Source, read, read_file, revision_file
from ..version import __version__

__all__ = ["LoadCache", "default_dir", "note_read", "open_cache"]

# hmac, pickle, platform and tempfile are imported where a cache is used: every load imports
# this module (for note_read), and most runs have no cache.

_MAGIC = b"apidiff-load-cache 5\n"  # 4: MediaType.serialization; 5: ProtoSchema.shown
_KEY_BYTES = 32
_MAX_ENTRY = 1 << 31  # an entry holds the parsed documents: a few times the contract's size
_READS: ContextVar[list[tuple[str, str, str]] | None] = ContextVar("apidiff_reads", default=None)


def note_read(kind: str, where: str, text: str | None) -> None:
    """A load read another file (``file``: a disk path; ``tree``: a path in the revision
    the contract came from; ``url``: uncacheable). Called by the ``$ref`` resolver."""
    reads = _READS.get()
    if reads is not None:
        reads.append((kind, where, _digest(text) if text is not None else ""))


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/apidiff``, or ``~/.cache/apidiff``."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "apidiff"


def open_cache(directory: Path | None) -> LoadCache | None:
    """The cache in ``directory``, or None when there is none or it is not the user's own."""
    if directory is None:
        return None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()
    except (OSError, ValueError):  # ValueError: a NUL in a configuration's `cache-dir`
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    if hasattr(os, "geteuid") and (
        info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        return None  # someone else could plant an entry: unpickling it would run their code
    secret = _secret()
    return LoadCache(directory, secret) if secret is not None else None


def _secret() -> bytes | None:
    """The user's signing key (``default_dir()/key``, made on first use), or None when it
    cannot be had safely: then there is no cache."""
    folder = default_dir()
    path = folder / "key"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.path.lexists(path):
            _make_key(folder, path)
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
            return None  # a key others may read (or write) signs nothing
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return None
        key = read_file(path, max_bytes=_KEY_BYTES, roots=(folder,))
    except (ApidiffError, OSError):
        return None
    return key if len(key) == _KEY_BYTES else None


def _make_key(folder: Path, path: Path) -> None:
    """A new key, whole or not at all: written to a private temporary file (mkstemp: 0600),
    then linked into place, which fails if another run made one first (that one is kept)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key-")
    try:
        try:
            os.write(fd, os.urandom(_KEY_BYTES))
        finally:
            os.close(fd)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class LoadCache:
    def __init__(self, directory: Path, secret: bytes) -> None:
        self.directory = directory
        self.secret = secret

    def _sign(self, payload: bytes) -> bytes:
        import hmac

        return hmac.new(self.secret, payload, hashlib.sha256).digest()

    def key(self, sources: list[Source], options: Any) -> str:
        import platform

        digest = hashlib.sha256()
        for part in (
            _MAGIC.decode(),
            __version__,
            sys.version,
            platform.python_implementation(),
            repr(options),
        ):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        for source in sources:
            digest.update(source.name.encode("utf-8", "surrogatepass") + b"\0")
            digest.update((source.repo_path or "").encode("utf-8", "surrogatepass") + b"\0")
            digest.update(source.data if source.data is not None else _digest(source.text).encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, sources: list[Source], options: Any) -> Contract | None:
        """The cached contract, or None (a miss: absent, corrupt, stale or unreadable)."""
        import hmac
        import pickle

        path = self._path(self.key(sources, options))
        try:  # a regular file inside the cache folder (symbolic links out of it are refused)
            blob = read_file(path, max_bytes=_MAX_ENTRY, roots=(self.directory,))
        except (ApidiffError, OSError):
            return None
        if not blob.startswith(_MAGIC):
            return None
        signature = blob[len(_MAGIC) : len(_MAGIC) + 32]
        payload = blob[len(_MAGIC) + 32 :]
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None  # not written by apidiff with this user's key: never unpickled
        try:
            reads, contract = pickle.loads(payload)
        except Exception:
            return None
        if not isinstance(contract, Contract) or not _still_same(reads, sources, options):
            return None
        return contract

    def put(
        self, sources: list[Source], options: Any, contract: Contract, reads: list[tuple]
    ) -> None:
        import pickle
        import tempfile

        if not _cacheable(sources, contract, reads):
            return
        body = contract.body
        native = getattr(body, "native", None)
        try:
            if native is not None:
                body.native = None  # graphql-core's schema: rebuilt from the SDL when asked
            try:
                payload = pickle.dumps((reads, contract), protocol=pickle.HIGHEST_PROTOCOL)
                blob = _MAGIC + self._sign(payload) + payload
            finally:
                if native is not None:
                    body.native = native
        except Exception:
            return
        path = self._path(self.key(sources, options))
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                try:
                    view = memoryview(blob)
                    while view:
                        view = view[os.write(fd, view) :]
                finally:
                    os.close(fd)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return

    def load(self, sources: list[Source], options: Any, build: Callable[[], Contract]) -> Contract:
        """The cached contract, or ``build()``'s, stored for the next run."""
        found = self.get(sources, options)
        if found is not None:
            return found
        with recording() as reads:
            contract = build()
        self.put(sources, options, contract, reads)
        return contract


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[str, str, str]]]:
    reads: list[tuple[str, str, str]] = []
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _cacheable(sources: list[Source], contract: Contract, reads: list[tuple]) -> bool:
    if any(kind == "url" for kind, _, _ in reads) or any(s.url for s in sources):
        return False
    fmt = registry.format_of(contract.format)
    if fmt is None or fmt.start is not None:
        return False  # a load run by another program (protoc) reads files we never see
    body = contract.body
    # Introspection: graphql-core's schema comes from the JSON and cannot be rebuilt.
    return not (getattr(body, "native", None) is not None and body.build_native is None)


def _still_same(reads: list[tuple], sources: list[Source], options: Any) -> bool:
    """Every other file the entry was built from still has the content it had."""
    tree = next((s.tree for s in sources if s.tree is not None), None)
    max_bytes = getattr(options, "max_bytes", 0)
    for kind, where, digest in reads:
        try:
            if kind == "file":
                text = read(where, max_bytes=max_bytes).text
            elif kind == "tree" and tree is not None:
                text = revision_file(tree, where, max_bytes).text
            else:
                return False
        except Exception:
            return False
        if _digest(text) != digest:
            return False
    return True
