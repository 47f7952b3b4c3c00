"""The lifecycle facts of anything that can be deprecated: its ``x-sunset`` and its
``x-stability-level``, read the same way for operations, parameters, headers and schema
properties (and AsyncAPI operations).

The verbs are facts, not verdicts: a sunset ``added``, ``deleted`` (gone while the thing
stays deprecated), ``withdrawn`` (gone with the deprecation), moved ``earlier`` or ``later``,
or ``invalid`` (OLD's or NEW's value is not a date, so nothing can be compared); a stability
level ``decreased``, ``increased`` or ``invalid`` (not one of draft, alpha, beta, stable).
An invalid value is never read as a date or a level: a sunset "extended" to ``TBD`` or a
level "raised" to ``GA`` would hide a promise nobody can check.
"""

from __future__ import annotations

from typing import Any

from ..model import Stability, sunset_date

__all__ = ["stability_verb", "sunset_verb"]


def sunset_verb(old: Any, new: Any, deprecated: bool) -> str | None:
    """What happened to an ``x-sunset`` between OLD and NEW (None: nothing).

    ``deprecated`` is NEW's deprecation: a sunset that goes away with it is withdrawn (the
    thing stays), one that goes away alone leaves a deprecation with no date.
    """
    if old == new:
        return None
    if new is None:
        return "deleted" if deprecated else "withdrawn"
    new_date = sunset_date(new)
    if new_date is None:
        return "invalid"
    if old is None:
        return "added"
    old_date = sunset_date(old)
    if old_date is None:
        return "invalid"
    if new_date == old_date:
        return None  # the same day spelt differently (`2026-06-30` and a timestamp)
    return "earlier" if new_date < old_date else "later"


def stability_verb(old: Any, new: Any) -> str | None:
    """What happened to an ``x-stability-level`` (none counts as ``stable``)."""
    if old == new:
        return None
    for value in (old, new):
        if value is not None and not Stability.known(value):
            return "invalid"
    old_rank, new_rank = Stability.of(old).rank, Stability.of(new).rank
    if old_rank == new_rank:
        return None  # `Beta` and `beta`; none and `stable`
    return "decreased" if new_rank < old_rank else "increased"
