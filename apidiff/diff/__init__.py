"""Pair two contracts and list what changed (facts only; verdicts belong to the rules)."""

from .change import Change
from .walk import compare

__all__ = ["Change", "compare"]
