"""What a comparison is told besides the two contracts."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_PAIRS", "DiffOptions"]

DEFAULT_MAX_PAIRS = 500_000  # schema node pairs one comparison may build (see diff/schema.py)


@dataclass(frozen=True, slots=True)
class DiffOptions:
    max_pairs: int = DEFAULT_MAX_PAIRS
    # Schema nodes (by identity) whose enums clients must already treat as open: the
    # configuration's ``open-enums``, looked up by ``scope.open_enum_nodes`` without
    # changing the loaded model.
    open_enums: frozenset[int] = frozenset()
