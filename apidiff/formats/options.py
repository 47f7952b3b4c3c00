"""What loading may do: limits and permissions for untrusted contracts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..sources import DEFAULT_MAX_BYTES
from .refs import DEFAULT_MAX_REF_HOPS
from .yamljson import DEFAULT_MAX_NODES, MAX_FLOW_DEPTH

__all__ = ["LoadOptions"]


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Limits and permissions for loading untrusted contracts."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_ref_hops: int = DEFAULT_MAX_REF_HOPS
    max_depth: int = MAX_FLOW_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES
    # Schema node pairs one comparison may compare (the diff's budget; see diff/schema.py).
    max_pairs: int = 500_000
    allow_remote_refs: bool = False  # untrusted inputs: no network unless the user opts in
    # Folders the contract (and its client operations) must be read from, when they were
    # named by a configuration rather than on the command line (see ``sources.read_file``).
    roots: tuple[Path, ...] | None = None
    # Protobuf: extra import roots (``--proto-path``), folders inside the repository (or the
    # contract's folder), or of the same git revision for ``REV:path``.
    proto_paths: tuple[str, ...] = ()
    # The folder file ``$ref``s may reach (``--ref-root``): one that holds the contract,
    # inside its repository; None: the contract's own folder.
    ref_root: str | None = None
    # Where loaded contracts are cached (``formats.cache``); None: no cache. Not part of an
    # entry's key: the other options are (``LoadCache.key``).
    cache_dir: Path | None = None
