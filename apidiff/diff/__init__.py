"""Pair two contracts and list what changed (facts only; verdicts belong to the rules)."""

from .. import registry
from ..model import Contract
from .change import Change
from .options import DEFAULT_MAX_PAIRS, DiffOptions

__all__ = ["DEFAULT_MAX_PAIRS", "Change", "DiffOptions", "compare"]


def compare(old: Contract, new: Contract, options: DiffOptions | None = None) -> list[Change]:
    """Every difference between two contracts of the same family (the registry's comparison).

    ``options.max_pairs`` bounds the schema node pairs compared (an ``InputError`` past it).
    """
    return registry.hook(registry.family_of(old.format).compare)(old, new, options or DiffOptions())
