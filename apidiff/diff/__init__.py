"""Pair two contracts and list what changed (facts only; verdicts belong to the rules)."""

from ..model import Contract
from .change import Change
from .graphql import compare_graphql
from .schema import DEFAULT_MAX_PAIRS
from .walk import compare as compare_openapi

__all__ = ["DEFAULT_MAX_PAIRS", "Change", "compare"]


def compare(old: Contract, new: Contract, *, max_pairs: int = DEFAULT_MAX_PAIRS) -> list[Change]:
    """Every difference between two contracts of the same family.

    ``max_pairs`` bounds the schema node pairs compared (an ``InputError`` past it).
    """
    if old.format == "graphql":
        return compare_graphql(old, new)
    return compare_openapi(old, new, max_pairs=max_pairs)
