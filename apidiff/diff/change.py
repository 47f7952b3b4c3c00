"""``Change``: one fact about how OLD and NEW differ, with no verdict attached.

The diff engine produces changes; the rule catalog turns each into a finding. A change says
what happened (``kind``: ``[family.]subject[.attribute].verb``, see ``apidiff.kinds``), which
way the data flows (``direction``), where it happened (``path`` for identity, ``where`` for
people) and the values involved; ``info`` carries the few facts a rule needs beyond those
(was the property required, was the operation deprecated, ...), and ``values``: ``(old, new)``
as data where ``old``/``new`` are a printed form (a GraphQL default), for the JSON report's
delta.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..frozen import fast_init
from ..model import Direction, Guidance, Location

__all__ = ["Change"]


@fast_init
@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # e.g. "schema.max-length.decreased", "operation.removed"
    where: str  # "request body property `name`", "query parameter `limit`"
    path: tuple[str, ...]  # logical place, stable across refactors (fingerprint, ordering)
    operation: str | None = None  # operation key, None for contract-level changes
    display: str | None = None  # operation as reports show it
    direction: Direction | None = None
    location: str | None = None  # body | property | parameter | header (schema changes)
    old: Any = None
    new: Any = None
    old_loc: Location | None = None
    new_loc: Location | None = None
    info: dict[str, Any] = field(default_factory=dict)
    # What a migration note needs to say concretely (the type a new input takes, the
    # values still accepted, the replacement a deprecation names).
    guidance: Guidance | None = None
