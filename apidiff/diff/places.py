"""Schema places and attribution: where a schema sits in an operation, and which operations a
change inside it reaches.

Schemas are compared as a pair graph once (``SchemaDiffer``); each place (a parameter's, a
body's, a header's schema) is a root of it. At the end, a change inside a named component
that two or more operations reach is reported once, under the component, listing the
operations it affects; everything else under the one operation and place that reaches it.
Components no operation uses are compared on their own. An event API's payloads (AsyncAPI)
are places too.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..canonical import text
from ..model import (
    Contract,
    Direction,
    Location,
    Schema,
)
from ..spans import code
from .change import Change
from .reach import bits
from .schema import Local, PairKey, SchemaDiffer
from .site import Site

__all__ = ["Place", "Places", "WalkBase", "reached_names", "schema_roots"]

REQUEST, RESPONSE = Direction.REQUEST, Direction.RESPONSE
_WAY_SHOWN = 12  # path segments of a reach path shown before it is shortened


@dataclass(frozen=True, slots=True)
class Place:
    """Where a schema sits: the operation, direction, and how to name it."""

    operation: str | None
    display: str | None
    direction: Direction
    root: str  # body | parameter | header
    where: str
    path: tuple[str, ...]


class WalkBase:
    """What every part of the walk shares: the two contracts, the schema pair graph, the
    schema places found so far, and the changes."""

    old: Contract
    new: Contract
    schemas: SchemaDiffer
    roots: list[tuple[PairKey, Place]]
    out: list[Change]


class Places(WalkBase):
    def _group_words(self, name: str, direction: Direction) -> tuple[str, str]:
        """How a shared component's changes are placed (``where``) and grouped (display):
        an event API says who sends the messages, not "requests" and "responses"."""
        return (
            f"{direction.value} schema {code(name)}",
            f"schema {code(name)} in {direction.value}s",
        )

    def _schema_root(
        self, site: Site, sa: Schema | None, sb: Schema | None, root: str, text: bool = False
    ) -> None:
        """A schema place (``root``: body, parameter or header): explored now, its changes
        attributed at the end. A side without a schema is an empty one, located at the
        site, or else at the other side's schema. ``text``: its values travel as text (a
        parameter or header written by its ``style``, not a media type)."""
        if sa is None and sb is None:
            return
        sa = sa if sa is not None else Schema(location=site.old_loc or sb.location)
        sb = sb if sb is not None else Schema(location=site.new_loc or sa.location)
        key = self.schemas.explore(sa, sb, site.direction, text=text)
        place = Place(site.operation, site.display, site.direction, root, site.where, site.path)
        self.roots.append((key, place))

    def _component_site(self, name: str, **locations: Location | None) -> Site:
        return Site(
            self.out,
            f"component schema {code(name)}",
            ("components", "schemas", name),
            "components",
            "components",
            **locations,
        )

    def _used_components(self, contract: Contract) -> set[str]:
        """Names of the component schemas the contract's places reach."""
        return _used_components(contract)

    def _attribute(self) -> None:
        """Turn schema pair changes into changes of places.

        A change inside a named component that two or more operations reach is reported
        once, under the component, listing the operations it affects; everything else is
        reported under the one operation (and place) that reaches it.
        """
        ops = sorted({place.operation or "" for _, place in self.roots})
        group = {op: i for i, op in enumerate(ops)}
        masks = self.schemas.reach(
            [(key, group[place.operation or ""]) for key, place in self.roots]
        )
        shared = {
            key
            for key, mask in masks.items()
            if mask & (mask - 1) and self.schemas.named(key) is not None
        }
        displays: dict[str, str] = {}
        root_of: dict[PairKey, str] = {}
        for key, place in self.roots:
            displays.setdefault(place.operation or "", place.display or "")
            root_of.setdefault(key, place.root)
            if key in shared:
                continue
            for path, local, level in self.schemas.changes(key, shared):
                self.out.append(_schema_change(place, path, local, level))
        # Pairs that show as the same schema (a nullable `allOf: [$ref]` wrapper is named
        # after its member) form one group: each change once, with every user listed.
        groups: dict[tuple[str, Direction], list[PairKey]] = {}
        for key in sorted(shared, key=self.schemas.sort_key):
            groups.setdefault((self.schemas.named(key) or "", key[2]), []).append(key)
        ways = self._ways() if groups else {}
        for (name, direction), keys in groups.items():
            mask = 0
            for key in keys:
                mask |= masks[key]
            affected = tuple(displays[ops[i]] for i in bits(mask))  # one tuple, shared
            via = next((w for k in keys if (w := self._way(ways, k)) is not None), None)
            where, display = self._group_words(name, direction)
            place = Place(
                operation=f"schema {name} {direction.value}",
                display=display,
                direction=direction,
                root=next((root_of[k] for k in keys if k in root_of), "property"),
                where=where,
                path=("schemas", name, direction.value),
            )
            seen: set[tuple] = set()
            for key in keys:
                for path, local, level in self.schemas.changes(key, shared):
                    if (path, id(local)) in seen:
                        continue
                    seen.add((path, id(local)))
                    change = _schema_change(place, path, local, level)
                    change.info["operations"] = affected
                    if via is not None:
                        change.info["via"] = via
                    self.out.append(change)

    def _ways(self) -> dict[PairKey, tuple[PairKey | None, str | None, int, int]]:
        """For every changed pair, how an operation reaches it by the shortest way: its
        parent, the edge's segment, the root's index and the depth (one breadth-first pass
        over the changed part of the pair graph, roots in walk order: deterministic)."""
        pairs = self.schemas.pairs
        parent: dict[PairKey, tuple[PairKey | None, str | None, int, int]] = {}
        queue: deque[PairKey] = deque()
        for index, (key, _place) in enumerate(self.roots):
            if key not in parent and pairs[key].dirty:
                parent[key] = (None, None, index, 0)
                queue.append(key)
        while queue:
            key = queue.popleft()
            _, _, index, depth = parent[key]
            for segment, child in pairs[key].edges:
                if child not in parent and pairs[child].dirty:
                    parent[child] = (key, segment, index, depth + 1)
                    queue.append(child)
        return parent

    def _way(
        self, ways: dict[PairKey, tuple[PairKey | None, str | None, int, int]], key: PairKey
    ) -> str | None:
        """``GET /v1/charges: error.source.account.capabilities``; None for an operation's own
        schema. At most ``_WAY_SHOWN`` steps are walked (a chain of 100,000 references costs
        12 each), so a long way shows its start and its last segments."""
        if key not in ways or ways[key][0] is None:
            return None
        index = ways[key][2]
        segments: list[str] = []
        node: PairKey | None = key
        while node is not None and len(segments) < _WAY_SHOWN:
            up, segment, _, _ = ways[node]
            if segment:
                segments.append(segment)
            node = up
        root = self.roots[index][0]
        pair = self.schemas.pairs[root]
        start = [pair.b.name or pair.a.name or "body"]
        if node is not None and ways[node][0] is not None:
            start.append("…")  # the middle of a very deep way
        way = ".".join([*start, *reversed(segments)]).replace(".items", "[]")
        place = self.roots[index][1]
        return f"{place.display or place.operation or ''}: {way}"

    def _components(self) -> None:
        old, new = self.old.schemas, self.new.schemas
        removed = sorted(old.keys() - new.keys())
        added = sorted(new.keys() - old.keys())
        # A rename with identical content: nothing on the wire moved, but the name of the
        # type a generator makes of it did (one change, not a removal and an addition).
        new_shapes: dict[int, list[str]] = {}
        for name in added:
            new_shapes.setdefault(self.schemas.shape(new[name]), []).append(name)
        renamed: set[str] = set()
        for name in removed:
            candidates = new_shapes.get(self.schemas.shape(old[name]))
            if candidates:
                to = candidates.pop(0)
                renamed.update((name, to))
                self._component_site(to, old_loc=old[name].location, new_loc=new[to].location).emit(
                    "component.renamed", old=name, new=to
                )
        for name in removed:
            if name not in renamed:
                self._component_site(name, old_loc=old[name].location).emit(
                    "component.removed", old=name
                )
        for name in added:
            if name not in renamed:
                self._component_site(name, new_loc=new[name].location).emit(
                    "component.added", new=name
                )
        used: set[str] | None = None  # a walk of both contracts: only when a pair needs it
        unused = []
        for name in sorted(old.keys() & new.keys()):
            a, b = old[name], new[name]
            if self.schemas.visited(a, b):
                continue
            if used is None:
                used = self._used_components(self.old) | self._used_components(self.new)
            if name not in used:
                unused.append((name, self.schemas.explore(a, b, RESPONSE)))
        # Each component reports its own changes; one it contains reports its own.
        named = {key for key in self.schemas.pairs if self.schemas.named(key) is not None}
        for name, key in unused:
            place = Place(
                "components",
                "components",
                RESPONSE,
                "body",
                f"component schema {code(name)}",
                ("components", "schemas", name),
            )
            for path, local, level in self.schemas.changes(key, named):
                change = _schema_change(place, path, local, level)
                self.out.append(
                    Change(
                        kind="component.changed",
                        where=change.where,
                        path=change.path,
                        operation="components",
                        display="components",
                        old=change.old,
                        new=change.new,
                        old_loc=change.old_loc,
                        new_loc=change.new_loc,
                        info={**change.info, "attribute": local.attribute, "action": local.action},
                        guidance=change.guidance,
                    )
                )


def _schema_change(
    place: Place, path: tuple[str, ...], local: Local, level: str | None = None
) -> Change:
    segments = (*path, local.segment) if local.segment else path
    nested = bool(segments)
    where = place.where + (f" property {code('/'.join(segments))}" if nested else "")
    location = "property" if nested else place.root
    token: tuple[str, ...] = (local.attribute,)
    if local.attribute == "enum-value":
        token += (text(local.old if local.action == "removed" else local.new),)
    elif local.attribute == "keyword":
        token += (str(local.info.get("keyword")),)
    elif local.attribute == "dependent-required":
        name = local.old if local.action == "removed" else local.new
        token += (str(local.info["value"]), str(name))
    elif "value" in local.info:  # a discriminator mapping, a pattern, a dependent schema
        token += (str(local.info["value"]),)
    elif local.attribute in ("one-of", "any-of", "all-of"):
        token += (str(local.old if local.action.endswith("removed") else local.new),)
    return Change(
        kind=f"schema.{local.attribute}.{local.action}",
        where=where,
        path=(*place.path, *segments, *token),
        operation=place.operation,
        display=place.display,
        direction=place.direction,
        location=location,
        old=local.old,
        new=local.new,
        old_loc=local.old_loc,
        new_loc=local.new_loc,
        info={
            **local.info,
            "root": place.root,
            "property": "/".join(segments) or None,
            **({"stability": level} if level else {}),
        },
        guidance=local.guidance,
    )


def _operation_schemas(contract: Contract) -> list[Schema | None]:
    """The schema of every parameter, body, response and header of every operation."""
    stack: list[Schema | None] = []
    for op in contract.operations.values():
        for param in op.parameters.values():
            stack.append(param.schema)
            stack.extend(m.schema for m in param.content.values())
        if op.request_body is not None:
            stack.extend(m.schema for m in op.request_body.content.values())
        for response in op.responses.values():
            stack.extend(m.schema for m in response.content.values())
            stack.extend(h.schema for h in response.headers.values())
    return stack


def schema_roots(contract: Contract) -> list[Schema | None]:
    """Every schema the walk may compare: the operations' and the named components."""
    return [*_operation_schemas(contract), *contract.schemas.values()]


def _used_components(contract: Contract) -> set[str]:
    """Names of the component schemas some operation reaches (allOf members included)."""
    return reached_names(_operation_schemas(contract))


def reached_names(roots: list[Schema | None]) -> set[str]:
    """Names of the component schemas reachable from ``roots`` (allOf members included)."""
    stack = list(roots)
    seen: set[int] = set()
    names: set[str] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if node.name:
            names.add(node.name)
        names.update(node.merged_from)
        stack.extend(node.properties.values())
        stack.extend((node.items, node.not_, *node.prefix_items, *node.one_of, *node.any_of))
        stack.extend(node.keywords.values())
        if isinstance(node.additional, Schema):
            stack.append(node.additional)
    return names
