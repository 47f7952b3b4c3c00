"""``Site``: the place a comparison is at, which turns facts into ``Change``s.

A comparison walks down two versions at once: an operation, then a parameter, then its
schema. Each step knows the same handful of things (which operation, how to say where, the
identity path, the direction data flows, both versions' locations) and every change found
there repeats them. A ``Site`` holds them once; ``at`` steps down, ``emit`` records a change
with only what is new, and ``added`` / ``removed`` / ``changed`` spell the usual three.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..frozen import fast_init
from ..model import Direction, Guidance, Location
from .change import Change

__all__ = ["Site"]

_KEEP: Any = object()  # "as the site has it", for arguments where None is a real value


@fast_init
@dataclass(frozen=True, slots=True)
class Site:
    out: list[Change]  # where changes go (shared by every site of one comparison)
    where: str  # for people: "query parameter `limit`"
    path: tuple[str, ...]  # identity: stable across refactors (fingerprint, ordering)
    operation: str | None = None  # the operation (or group) key
    display: str | None = None  # the operation as reports show it
    direction: Direction | None = None
    role: str | None = None  # body | property | parameter | header (schema changes)
    old_loc: Location | None = None
    new_loc: Location | None = None
    info: dict[str, Any] = field(default_factory=dict)  # facts every change here carries

    def at(
        self,
        where: str | None = None,
        *path: str,
        old_loc: Location | None = _KEEP,
        new_loc: Location | None = _KEEP,
        **changes: Any,
    ) -> Site:
        """A site below this one: ``where`` replaces the wording, ``path`` extends identity."""
        where = self.where if where is None else where
        path = (*self.path, *path) if path else self.path
        old_loc = self.old_loc if old_loc is _KEEP else old_loc
        new_loc = self.new_loc if new_loc is _KEEP else new_loc
        if type(self) is not Site or not changes.keys() <= _FIELDS:  # a subclass, or a typo
            return replace(
                self, where=where, path=path, old_loc=old_loc, new_loc=new_loc, **changes
            )
        # A walk steps down tens of thousands of times: the constructor directly, which
        # costs half of ``dataclasses.replace``.
        get = changes.get
        return Site(
            self.out,
            where,
            path,
            get("operation", self.operation),
            get("display", self.display),
            get("direction", self.direction),
            get("role", self.role),
            old_loc,
            new_loc,
            get("info", self.info),
        )

    def emit(
        self,
        kind: str,
        *path: str,
        old: Any = None,
        new: Any = None,
        where: str | None = None,
        old_loc: Location | None = _KEEP,
        new_loc: Location | None = _KEEP,
        guidance: Guidance | None = None,
        **info: Any,
    ) -> Change:
        """Record that ``kind`` happened here (``path`` below this site's, if any)."""
        change = Change(
            kind=kind,
            where=self.where if where is None else where,
            path=(*self.path, *path),
            operation=self.operation,
            display=self.display,
            direction=self.direction,
            location=self.role,
            old=old,
            new=new,
            old_loc=self.old_loc if old_loc is _KEEP else old_loc,
            new_loc=self.new_loc if new_loc is _KEEP else new_loc,
            info={**self.info, **info},
            guidance=guidance,
        )
        change = self.finish(change)
        self.out.append(change)
        return change

    def finish(self, change: Change) -> Change:
        """The change as recorded: a format whose identities differ (GraphQL's schema
        coordinates) rewrites it here, once, for every way of emitting."""
        return change

    def removed(self, kind: str, old: Any = None, **info: Any) -> Change:
        """What OLD had and NEW has not: located in OLD only."""
        return self.emit(f"{kind}.removed", old=old, new_loc=None, **info)

    def added(self, kind: str, new: Any = None, **info: Any) -> Change:
        """What NEW has and OLD had not: located in NEW only."""
        return self.emit(f"{kind}.added", new=new, old_loc=None, **info)

    def changed(self, kind: str, old: Any, new: Any, *path: str, **info: Any) -> Change | None:
        """``kind.changed`` when ``old`` and ``new`` differ (nothing when equal)."""
        if old == new:
            return None
        return self.emit(f"{kind}.changed", *path, old=old, new=new, **info)

    def tri_state(self, kind: str, old: Any, new: Any, *path: str, **info: Any) -> Change | None:
        """``kind.added`` / ``.removed`` / ``.changed`` by which side has a value (None: none)."""
        if old == new:
            return None
        action = "added" if old is None else "removed" if new is None else "changed"
        return self.emit(f"{kind}.{action}", *path, old=old, new=new, **info)


# What ``Site.at`` may be told to change besides the locations (every other field).
_FIELDS = frozenset(("operation", "display", "direction", "role", "info"))
