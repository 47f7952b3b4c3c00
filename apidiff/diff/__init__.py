"""Pair two contracts and list what changed (facts only; verdicts belong to the rules)."""

from .. import registry
from ..model import Contract
from .change import Change
from .schema import DEFAULT_MAX_PAIRS

__all__ = ["DEFAULT_MAX_PAIRS", "Change", "compare"]


def compare(old: Contract, new: Contract, *, max_pairs: int = DEFAULT_MAX_PAIRS) -> list[Change]:
    """Every difference between two contracts of the same family (the registry's comparison).

    ``max_pairs`` bounds the schema node pairs compared (an ``InputError`` past it).
    """
    return registry.hook(registry.family_of(old.format).compare)(old, new, max_pairs=max_pairs)
