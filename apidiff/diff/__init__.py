"""Pair two contracts and list what changed (facts only; verdicts belong to the rules)."""

from .. import registry
from ..model import Contract
from .change import Change

__all__ = ["Change", "compare"]


def compare(old: Contract, new: Contract) -> list[Change]:
    """Every difference between two contracts of the same family (the registry's comparison)."""
    return registry.hook(registry.family_of(old.format).compare)(old, new)
