"""Pair two contracts and list what changed (facts only; verdicts belong to the rules)."""

from ..model import Contract
from .change import Change
from .graphql import compare_graphql
from .walk import compare as compare_openapi

__all__ = ["Change", "compare"]


def compare(old: Contract, new: Contract) -> list[Change]:
    """Every difference between two contracts of the same family."""
    if old.format == "graphql":
        return compare_graphql(old, new)
    return compare_openapi(old, new)
