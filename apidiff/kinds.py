"""The grammar of a change's kind, read in one place.

A kind is ``[family.]subject[.attribute].verb``: ``operation.removed``,
``schema.max-length.decreased``, ``response.status-removed``, ``graphql.field.type-changed``.
A family's name as the first segment namespaces that family's own kinds (GraphQL's). The verb
says what happened; its ``action`` is what every stage needs to know of it: something ADDED
(located in NEW only), REMOVED (located in OLD only), or CHANGED. ``whole`` says the subject
(or attribute) named by the kind itself appeared or disappeared, not a part of it
(``parameter.removed`` is whole, ``response.status-removed`` is not).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from . import registry

__all__ = ["Action", "Kind", "parse"]


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Kind:
    family: str | None
    subject: str
    attribute: str | None
    verb: str

    @property
    def action(self) -> Action:
        if self.verb.endswith("removed"):
            return Action.REMOVED
        if self.verb.endswith("added"):
            return Action.ADDED
        return Action.CHANGED

    @property
    def whole(self) -> bool:
        return self.verb in ("added", "removed")


@functools.lru_cache(maxsize=4096)
def parse(kind: str) -> Kind:
    parts = kind.split(".")
    family = parts.pop(0) if len(parts) > 2 and parts[0] in registry.FAMILIES else None
    subject, *middle, verb = parts if len(parts) > 1 else (parts[0], parts[0])
    return Kind(family, subject, ".".join(middle) or None, verb)
