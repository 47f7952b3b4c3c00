"""Compare two schemas as a graph of node pairs, once, whatever shares or recurses.

A *pair* is (old node, new node, direction). Each pair is compared once: its *local*
changes (a bound moved, a property appeared) and its *edges* (child pairs: a property
present in both, the items, a matched union branch) are memoized. Recursive schemas make the
pair graph cyclic, which is fine: it is explored with a work list, not recursion.

Attribution happens after: a pair is *dirty* when it or anything reachable from it changed;
for each place an operation uses a schema, a breadth-first walk over dirty pairs yields
every change once, at its shortest path from that place. A component shared by a thousand
operations is compared once and reported under each operation it affects.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..canonical import Canonical, canonical, json_type
from ..errors import LimitError
from ..model import MISSING, Direction, Guidance, Location, Schema, Stability
from .alike import alike_classes
from .format_table import format_change
from .guidance import expects, remaining, replacement
from .keywords import EMPTY, SEMANTIC_KEYWORDS, compare_keywords
from .lifecycle import stability_verb, sunset_verb
from .options import DEFAULT_MAX_PAIRS
from .reach import reach

__all__ = ["ALIKE_AFTER", "DEFAULT_MAX_PAIRS", "Local", "SchemaDiffer", "covers", "format_type"]

# (old id, new id, direction, lifted, text): see ``explore``.
PairKey = tuple[int, int, Direction, bool, bool]

# Node pairs one comparison may build before it is refused as an input error (a pair costs
# about 10 us and 0.5 KB). Past ALIKE_AFTER pairs, pairs of alike nodes are skipped (alike.py),
# so the count grows with what differs: the largest corpus pair (Stripe) builds 14,600 pairs,
# the 16x synthetic benchmark 36,300. A hostile pair (a ring of 2,000 components against one of
# 2,001 whose nodes differ) would need 8 million.
# Below this many pairs the plain comparison is cheaper than finding the alike nodes first.
ALIKE_AFTER = 20_000


@dataclass(slots=True)
class Local:
    """One change on a pair itself (not below it)."""

    attribute: str  # the keyword: type, max-length, enum-value, property, ...
    action: str  # increased, removed, became-required, ...
    old: Any = None
    new: Any = None
    old_loc: Location | None = None
    new_loc: Location | None = None
    segment: str | None = None  # a property-level change names the property
    info: dict[str, Any] = field(default_factory=dict)
    guidance: Guidance | None = None  # what a migration note says concretely


class _Pair:
    __slots__ = ("a", "b", "direction", "dirty", "edges", "lifted", "local", "text")

    def __init__(
        self, a: Schema, b: Schema, direction: Direction, lifted: bool, text: bool
    ) -> None:
        self.a, self.b, self.direction, self.lifted, self.text = a, b, direction, lifted, text
        self.local: list[Local] = []
        self.edges: list[tuple[str | None, PairKey]] = []
        self.dirty = False


def format_type(
    types: frozenset[str] | None, fmt: str | None = None, nullable: bool = False
) -> str:
    if types is None:
        text = "any"
    elif not types:
        text = "null" if nullable else "nothing"
        nullable = False
    else:
        text = "|".join(sorted(types))
    if fmt and types is not None and len(types) == 1:
        text += f" ({fmt})"
    return text + ("|null" if nullable else "")


# What a value of each type also is when it travels as text: ``5`` is a valid integer, number
# and string there (``?limit=5``), ``true`` a boolean and a string.
_AS_TEXT = {"integer": ("number", "string"), "number": ("string",), "boolean": ("string",)}


def covers(big: frozenset[str], small: frozenset[str], text: bool = False) -> bool:
    """Every value of the ``small`` types is one of the ``big`` types."""
    return all(
        t in big
        or (t == "integer" and "number" in big)
        or (text and any(u in big for u in _AS_TEXT.get(t, ())))
        for t in small
    )


def _union(node: Schema) -> tuple[str, tuple[Schema, ...]] | None:
    """A schema that is only a choice between alternatives, as (keyword, branches)."""
    if node.one_of and not node.any_of:
        kind, branches = "one-of", node.one_of
    elif node.any_of and not node.one_of:
        kind, branches = "any-of", node.any_of
    else:
        return None
    if node.types is not None or node.properties or node.items is not None or node.enum:
        return None
    return kind, branches


class SchemaDiffer:
    """Memoized pairwise schema comparison shared by every operation of one diff."""

    def __init__(
        self,
        roots: Iterable[Schema | None] | Callable[[], Iterable[Schema | None]] = (),
        *,
        max_pairs: int = DEFAULT_MAX_PAIRS,
        source: str | None = None,
        alike_after: int | None = None,
        open_enums: frozenset[int] = frozenset(),
    ) -> None:
        """``roots``: every schema of both contracts, where alike nodes are looked for once
        ``alike_after`` pairs are built (or a function giving them then: most comparisons
        never get there); past ``max_pairs`` pairs, a ``LimitError``."""
        self.pairs: dict[PairKey, _Pair] = {}
        self._canon = Canonical()  # defaults keyed once each, however many schemas share them
        self._roots = roots if callable(roots) else list(roots)
        self._open = open_enums  # ids of nodes whose enums the configuration opened
        self._alike: dict[int, int] | None = None
        self._alike_after = ALIKE_AFTER if alike_after is None else alike_after
        self._max_pairs = max_pairs
        self.steps = 0  # path segments built by ``changes``, charged against ``max_pairs``
        self._source = source
        self._shapes: dict[int, int] = {}
        self._propagated = 0
        self._work: list[PairKey] = []

    # -- building the pair graph -----------------------------------------------------------
    def explore(
        self, a: Schema, b: Schema, direction: Direction, lifted: bool = False, text: bool = False
    ) -> PairKey:
        """``text``: the values travel as text (a parameter or header written by its
        ``style``), where a number is also a string: see ``_type_change``."""
        root = (id(a), id(b), direction, lifted, text)
        if root in self.pairs:
            return root
        self._add(root, a, b, direction, lifted, text)
        while self._work:
            self._compare(self.pairs[self._work.pop()])
        return root

    def _edge(
        self, pair: _Pair, segment: str | None, a: Schema, b: Schema, lifted: bool = False
    ) -> None:
        key = (id(a), id(b), pair.direction, lifted, pair.text)
        if key not in self.pairs:
            self._add(key, a, b, pair.direction, lifted, pair.text)
        pair.edges.append((segment, key))

    def _add(
        self, key: PairKey, a: Schema, b: Schema, direction: Direction, lifted: bool, text: bool
    ) -> None:
        """Every pair is built here: the one place both bounds on comparison work are kept.

        Skipping alike pairs changes no result (nothing differs below them), only the cost,
        so it can start at any point of the comparison.
        """
        if self._alike is None and len(self.pairs) >= self._alike_after:
            roots = self._roots() if callable(self._roots) else self._roots
            self._alike = alike_classes(roots, self._open)
        if len(self.pairs) >= self._max_pairs:
            raise LimitError(
                f"comparing the schemas needs more than {self._max_pairs} node pairs "
                "(raise it with --max-pairs)",
                file=self._source,
            )
        self.pairs[key] = _Pair(a, b, direction, lifted, text)
        self._work.append(key)

    def _compare(self, pair: _Pair) -> None:
        a, b = pair.a, pair.b
        if a is b:
            return
        if self._alike is not None:
            alike = self._alike.get(id(a))
            if alike is not None and alike == self._alike.get(id(b)):
                return  # nothing differs anywhere below: see alike.py
        ua, ub = _union(a), _union(b)
        if ua is not None or ub is not None:
            self._compare_unions(pair, ua, ub)
        else:
            self._compare_plain(pair)

    # -- unions ----------------------------------------------------------------------------
    def _compare_unions(self, pair: _Pair, ua, ub) -> None:
        a, b, local = pair.a, pair.b, pair.local
        nullable_a = a.nullable
        nullable_b = b.nullable
        if not pair.lifted and nullable_a != nullable_b:
            local.append(
                Local(
                    "nullable",
                    "became-nullable" if nullable_b else "became-not-nullable",
                    nullable_a,
                    nullable_b,
                    a.location,
                    b.location,
                )
            )
        self._compare_docs(pair)
        self._compare_discriminator(pair)
        kind_a, branches_a = ua if ua is not None else (None, (a,))
        kind_b, branches_b = ub if ub is not None else (None, (b,))
        wrapped = ua is None or ub is None
        matched, removed, added = self.match(branches_a, branches_b)
        positions = _positions(branches_b)
        for old, new in matched:
            if wrapped:
                self._edge(pair, None, old, new, lifted=True)
            else:
                self._edge(pair, f"{kind_b}[{_label(new, positions)}]", old, new)
        for old in removed:
            local.append(
                Local(kind_a or "one-of", "removed", _describe(old), None, old.location, b.location)
            )
        for new in added:
            local.append(
                Local(kind_b or "one-of", "added", None, _describe(new), a.location, new.location)
            )
        if wrapped and not matched:
            self._compare_guaranteed(pair)

    def _compare_guaranteed(self, pair: _Pair) -> None:
        """An object split into a choice (or a choice merged into one object), no branch
        being the old object: a property is guaranteed only when every alternative requires
        it. Splitting ``{a, b}`` into ``oneOf: [{a}, {b}]`` leaves neither guaranteed: a
        response client reading ``a`` unconditionally fails on the second shape.

        When the old object is still one of the branches (``X`` -> ``oneOf: [X, Y]``), the
        change is an alternative added (dangerous in a response, by design), not this."""
        a, b = pair.a, pair.b
        ga, gb = _guaranteed(a), _guaranteed(b)
        for name in sorted(ga - gb):
            pair.local.append(
                Local("property", "became-optional", True, False, a.location, b.location, name)
            )
        for name in sorted(gb - ga):
            pair.local.append(
                Local("property", "became-required", False, True, a.location, b.location, name)
            )

    def match(self, olds: tuple[Schema, ...], news: tuple[Schema, ...]):
        """Pair union branches: same node or name, same title, same shape, then same type.

        Linear in the branches: each pass indexes what is left and keeps order.
        """
        left, right = list(olds), list(news)
        matched: list[tuple[Schema, Schema]] = []

        def take(key) -> None:
            nonlocal left, right
            index: dict[Any, deque[Schema]] = {}
            for node in right:
                k = key(node)
                if k is not None:
                    index.setdefault(k, deque()).append(node)
            taken: set[int] = set()
            for node in left:
                k = key(node)
                candidates = index.get(k) if k is not None else None
                if candidates:
                    partner = candidates.popleft()
                    matched.append((node, partner))
                    taken.add(id(node))
                    taken.add(id(partner))
            if taken:
                left = [n for n in left if id(n) not in taken]
                right = [n for n in right if id(n) not in taken]

        take(lambda n: n.name)
        take(lambda n: n.title)
        take(self.shape)
        take(_tag)  # tagged unions: the same constant `type`/`kind` value is the same branch
        # Last resort: a single leftover of the same type on each side is the same branch.
        signatures: dict[Any, tuple[list[Schema], list[Schema]]] = {}
        for node in left:
            signatures.setdefault(_signature(node), ([], []))[0].append(node)
        for node in right:
            signatures.setdefault(_signature(node), ([], []))[1].append(node)
        taken: set[int] = set()
        for olds_, news_ in signatures.values():
            if len(olds_) == 1 and len(news_) == 1:
                matched.append((olds_[0], news_[0]))
                taken.add(id(olds_[0]))
                taken.add(id(news_[0]))
        if taken:
            left = [n for n in left if id(n) not in taken]
            right = [n for n in right if id(n) not in taken]
        if len(left) == 1 and len(right) == 1 and len(olds) == 1 and len(news) == 1:
            matched.append((left.pop(), right.pop()))
        return matched, left, right

    def shape(self, node: Schema) -> int:
        """A hash of what a schema accepts (no docs, no names): equal shapes, same schema."""
        cached = self._shapes.get(id(node))
        if cached is not None:
            return cached
        self._shapes[id(node)] = 0  # a cycle back here hashes as a marker
        value = hash(
            (
                node.types,
                node.nullable,
                node.format,
                node.enum,
                tuple(sorted((k, self.shape(v)) for k, v in node.properties.items())),
                node.required,
                node.additional
                if isinstance(node.additional, bool)
                else self.shape(node.additional),
                self.shape(node.items) if node.items is not None else None,
                tuple(self.shape(p) for p in node.prefix_items),
                frozenset(self.shape(x) for x in node.one_of),
                frozenset(self.shape(x) for x in node.any_of),
                node.maximum,
                node.exclusive_maximum,
                node.minimum,
                node.exclusive_minimum,
                node.multiple_of,
                node.max_length,
                node.min_length,
                node.pattern,
                node.max_items,
                node.min_items,
                node.unique_items,
                node.max_properties,
                node.min_properties,
                node.read_only,
                node.write_only,
                tuple(sorted(node.other.items())),
                tuple(sorted((k, self.shape(v)) for k, v in node.keywords.items())),
            )
        )
        self._shapes[id(node)] = value
        return value

    # -- plain schemas ---------------------------------------------------------------------
    def _compare_plain(self, pair: _Pair) -> None:
        a, b, local = pair.a, pair.b, pair.local
        la, lb = a.location, b.location
        disjoint = False
        # As text, the values each side allows, when it lists them (see ``_as_text``).
        words = (_as_text(a), _as_text(b)) if pair.text else (None, None)
        # ``1`` may be spelt ``1.0`` where the type is ``number``: an integer and a number
        # are not the same values on the wire, whatever the enum lists (a strict integer
        # decoder refuses ``1.0``), so the move between them is judged as a type change.
        spelling = _numeric_spelling_changes(a, b)
        # As text, a closed set of numbers is more texts than the same words as strings
        # (``1``, ``1.0``, ``1e0``): number -> string narrows what is accepted.
        respelt = _text_respelling(a, b, words)
        if a.types != b.types and not spelling and not respelt and self._same_values(pair, words):
            # Both sides list the same values, each valid under both types: nothing else may
            # be sent or received, but a generated field or argument changes type.
            local.append(
                Local(
                    "type",
                    "retyped",
                    format_type(a.types, a.format),
                    format_type(b.types, b.format),
                    la,
                    lb,
                )
            )
        elif a.types != b.types and (
            spelling
            or respelt
            # Values listed on both sides (or a boolean's true|false) say all: the enum's
            # findings are the change, the type's words would only repeat them.
            or words[0] is None
            or words[1] is None
        ):
            action, disjoint = _type_change(a.types, b.types, pair.text)
            if respelt:
                action, disjoint = respelt, False
            # A type change that also moves null is one change, not two.
            fold = disjoint and not pair.lifted
            if action is not None:
                local.append(
                    Local(
                        "type",
                        action,
                        format_type(a.types, a.format, fold and a.nullable),
                        format_type(b.types, b.format, fold and b.nullable),
                        la,
                        lb,
                    )
                )
        if not pair.lifted and a.nullable != b.nullable and not disjoint:
            local.append(
                Local(
                    "nullable",
                    "became-nullable" if b.nullable else "became-not-nullable",
                    a.nullable,
                    b.nullable,
                    la,
                    lb,
                )
            )
        self._compare_docs(pair)
        if (a.all_of or b.all_of) and a.name == b.name:
            self._compare_all_of(pair)
        if disjoint:
            return  # one finding for a type change, not one per keyword below it
        if a.format != b.format and (a.types == b.types or pair.text):
            # As text, every old value is a string the new format must also accept: a type
            # widened to a string with a format (`integer` -> `string (uuid)`) narrows it too,
            # so the format is its own finding beside the type's, as is the reverse (the
            # format going), which keeps the two directions each other's inverse.
            action = format_change(a.format, b.format)
            if action is not None:
                local.append(Local("format", action, a.format, b.format, la, lb))
        self._compare_enum(pair, words)
        _bound(
            local,
            "max",
            a.maximum,
            a.exclusive_maximum,
            b.maximum,
            b.exclusive_maximum,
            la,
            lb,
            upper=True,
        )
        _bound(
            local,
            "min",
            a.minimum,
            a.exclusive_minimum,
            b.minimum,
            b.exclusive_minimum,
            la,
            lb,
            upper=False,
        )
        for attr, name, upper in (
            ("max_length", "max-length", True),
            ("min_length", "min-length", False),
            ("max_items", "max-items", True),
            ("min_items", "min-items", False),
            ("max_properties", "max-properties", True),
            ("min_properties", "min-properties", False),
        ):
            _limit(local, name, getattr(a, attr), getattr(b, attr), la, lb, upper)
        if a.multiple_of != b.multiple_of:
            x, y = a.multiple_of, b.multiple_of
            if x is None:
                action = "set"
            elif y is None:
                action = "unset"
            elif y and _is_multiple(x, y):
                action = "generalized"  # every old value is still a multiple of the new step
            elif x and _is_multiple(y, x):
                action = "specialized"
            else:
                action = "changed"
            local.append(Local("multiple-of", action, x, y, la, lb))
        if a.pattern != b.pattern:
            action = "added" if a.pattern is None else "removed" if b.pattern is None else "changed"
            local.append(Local("pattern", action, a.pattern, b.pattern, la, lb))
        if a.unique_items != b.unique_items:
            local.append(
                Local(
                    "unique-items",
                    "set" if b.unique_items else "unset",
                    a.unique_items,
                    b.unique_items,
                    la,
                    lb,
                )
            )
        if not self._same_default(a.default, b.default):
            action = (
                "added"
                if a.default is MISSING
                else "removed"
                if b.default is MISSING
                else "changed"
            )
            local.append(
                Local("default-value", action, _value(a.default), _value(b.default), la, lb)
            )
        self._compare_discriminator(pair)
        for key in sorted(set(a.other) | set(b.other)):
            x, y = a.other.get(key), b.other.get(key)
            if x != y and key not in SEMANTIC_KEYWORDS:
                action = "added" if x is None else "removed" if y is None else "changed"
                local.append(Local("keyword", action, x, y, la, lb, info={"keyword": key}))
        self._compare_keywords(pair)
        self._compare_object(pair)
        # arrays
        if a.items is not None and b.items is not None:
            self._edge(pair, "items", a.items, b.items)
        for i, (x, y) in enumerate(zip(a.prefix_items, b.prefix_items, strict=False)):
            self._edge(pair, f"prefixItems/{i}", x, y)
        if len(a.prefix_items) != len(b.prefix_items):
            local.append(
                Local(
                    "prefix-items",
                    "added" if len(b.prefix_items) > len(a.prefix_items) else "removed",
                    len(a.prefix_items),
                    len(b.prefix_items),
                    la,
                    lb,
                )
            )
        # A plain schema may still carry alternatives next to its own keywords.
        if (a.one_of or a.any_of or b.one_of or b.any_of) and (
            (a.one_of, a.any_of) != (b.one_of, b.any_of)
        ):
            self._compare_mixed_unions(pair)

    def _compare_keywords(self, pair: _Pair) -> None:
        a, b = pair.a, pair.b

        def emit(attribute: str, action: str, old: Any, new: Any, value: Any = None) -> None:
            info = {} if value is None else {"value": value}
            pair.local.append(Local(attribute, action, old, new, a.location, b.location, info=info))

        def edge(segment: str, x: Schema, y: Schema) -> None:
            self._edge(pair, segment, x, y)

        compare_keywords(
            a,
            b,
            emit,
            edge,
            lambda x, y: x is y or self.shape(x) == self.shape(y),
            request=pair.direction is Direction.REQUEST,
        )

    def _same_default(self, x: Any, y: Any) -> bool:
        if x is MISSING or y is MISSING:
            return x is y
        return x is y or self._canon(x) == self._canon(y)

    def _compare_mixed_unions(self, pair: _Pair) -> None:
        a, b = pair.a, pair.b
        for kind, olds, news in (("one-of", a.one_of, b.one_of), ("any-of", a.any_of, b.any_of)):
            matched, removed, added = self.match(olds, news)
            positions = _positions(news)
            for old, new in matched:
                self._edge(pair, f"{kind}[{_label(new, positions)}]", old, new)
            for old in removed:
                pair.local.append(
                    Local(kind, "removed", _describe(old), None, old.location, b.location)
                )
            for new in added:
                pair.local.append(
                    Local(kind, "added", None, _describe(new), a.location, new.location)
                )

    def _compare_all_of(self, pair: _Pair) -> None:
        """The allOf members as written: named ones by name, inline ones by their order.
        What a member adds or removes is compared on the merged node like any keyword; this
        records the composition itself (a parent class in generated code), and whether the
        member constrains anything (``annotation-only`` when it does not). allOf is
        associative: an inline member that is itself only an allOf counts as its members.
        Inline members are compared only where both sides compose: splitting an object into
        inline members (or joining them back) changes no class a generator makes."""
        a, b = pair.a, pair.b
        members_a, members_b = _members(a), _members(b)
        named_a = {m.name: m for m in members_a if m.name is not None}
        named_b = {m.name: m for m in members_b if m.name is not None}
        gone = [named_a[n] for n in sorted(named_a.keys() - named_b.keys())]
        new = [named_b[n] for n in sorted(named_b.keys() - named_a.keys())]
        if a.all_of and b.all_of:
            inline_a = [m for m in members_a if m.name is None]
            inline_b = [m for m in members_b if m.name is None]
            gone += inline_a[len(inline_b) :]
            new += inline_b[len(inline_a) :]
        empty = self.shape(EMPTY)

        def local(verb: str, member: Schema, members: list[Schema]) -> Local:
            action = ("annotation-only-" if self.shape(member) == empty else "") + verb
            # An inline member is named by its place in the (flattened) list.
            what = member.name or f"inline #{next(i for i, m in enumerate(members) if m is member)}"
            if verb == "removed":
                return Local("all-of", action, what, None, member.location, b.location)
            return Local("all-of", action, None, what, a.location, member.location)

        pair.local.extend(local("removed", member, members_a) for member in gone)
        pair.local.extend(local("added", member, members_b) for member in new)

    def _compare_enum(
        self, pair: _Pair, words: tuple[dict[str, Any] | None, dict[str, Any] | None]
    ) -> None:
        a, b, local = pair.a, pair.b, pair.local
        if a.enum_names != b.enum_names and a.enum_names and b.enum_names:
            self._compare_enum_names(pair)
        if a.enum == b.enum:
            return
        text_a, text_b = words
        if text_a is not None and text_a.keys() == (text_b or {}).keys():
            return  # the same words on the wire: `1` and `"1"`, a boolean and `true|false`
        la, lb = a.location, b.location
        info = {"extensible": self.extensible(a) or self.extensible(b)}
        if not info["extensible"] and self._compare_const(pair):
            return
        if a.enum is None:
            local.append(Local("enum", "became-enum", None, list(b.enum_values), la, lb, info=info))
            return
        if b.enum is None:
            local.append(
                Local("enum", "became-not-enum", list(a.enum_values), None, la, lb, info=info)
            )
            return
        if text_a is not None and text_b is not None:  # values as the text they are sent as
            old_values, new_values = text_a, text_b
        else:
            old_values = dict(zip(sorted(a.enum), a.enum_values, strict=False))
            new_values = dict(zip(sorted(b.enum), b.enum_values, strict=False))
        # What a client may still send: the note names it (a response's values need none).
        kept = remaining(b.enum_values) if pair.direction is Direction.REQUEST else None
        for key in sorted(old_values.keys() - new_values.keys()):
            local.append(
                Local(
                    "enum-value",
                    "removed",
                    old_values.get(key),
                    None,
                    la,
                    lb,
                    info=info,
                    guidance=kept,
                )
            )
        for key in sorted(new_values.keys() - old_values.keys()):
            local.append(Local("enum-value", "added", None, new_values.get(key), la, lb, info=info))

    def _compare_enum_names(self, pair: _Pair) -> None:
        """A value both versions name, under another name: the constant generated code
        calls it by changed (names given on one side only depend on each generator's own
        naming, and are not compared)."""
        a, b = pair.a, pair.b
        old_names, new_names = dict(a.enum_names), dict(b.enum_names)
        shown = dict(zip(sorted(b.enum or ()), b.enum_values, strict=False))
        for key in sorted(old_names.keys() & new_names.keys()):
            if old_names[key] != new_names[key]:
                pair.local.append(
                    Local(
                        "enum-name",
                        "changed",
                        old_names[key],
                        new_names[key],
                        a.location,
                        b.location,
                        info={"value": shown.get(key, key)},
                    )
                )

    def _compare_const(self, pair: _Pair) -> bool:
        """A constant set, dropped or replaced is one change, not an enum's two (``const: a``
        -> ``const: b`` in a response is a different value, not a value removed plus one
        added). An enum of one value is a constant too. True when it reported the change."""
        a, b = pair.a, pair.b
        one_a = a.enum is not None and len(a.enum) == 1
        one_b = b.enum is not None and len(b.enum) == 1
        if one_a and one_b:
            action = "changed"
        elif a.enum is None and one_b and b.const:
            action = "added"
        elif b.enum is None and one_a and a.const:
            action = "removed"
        else:
            return False
        old = a.enum_values[0] if one_a else None
        new = b.enum_values[0] if one_b else None
        pair.local.append(Local("const", action, old, new, a.location, b.location))
        return True

    def _compare_docs(self, pair: _Pair) -> None:
        a, b = pair.a, pair.b
        if a.example != b.example:
            pair.local.append(
                Local(
                    "example",
                    "changed",
                    a.example_value,
                    b.example_value,
                    a.location,
                    b.location,
                )
            )
        if a.description != b.description:
            pair.local.append(
                Local(
                    "description", "changed", a.description, b.description, a.location, b.location
                )
            )
        xa, xb = a.extensions.get("x-stability-level"), b.extensions.get("x-stability-level")
        level = stability_verb(xa, xb)
        if level is not None:
            old_level, new_level = (
                (_stability(a), _stability(b)) if level != "invalid" else (xa, xb)
            )
            pair.local.append(
                Local("stability", level, old_level, new_level, a.location, b.location)
            )
        sa, sb = a.extensions.get("x-sunset"), b.extensions.get("x-sunset")
        sunset = sunset_verb(sa, sb, b.deprecated)
        if sunset is not None:
            pair.local.append(
                Local(
                    "sunset",
                    sunset,
                    sa,
                    sb,
                    a.location,
                    b.location,
                    info={"deprecated": b.deprecated},
                )
            )
        if a.deprecated != b.deprecated:
            named = replacement(b.extensions, b.description) if b.deprecated else None
            pair.local.append(
                Local(
                    "deprecated",
                    "added" if b.deprecated else "removed",
                    a.deprecated,
                    b.deprecated,
                    a.location,
                    b.location,
                    info={"sunset": sb},
                    guidance=Guidance(replacement=named) if named else None,
                )
            )

    def _compare_discriminator(self, pair: _Pair) -> None:
        a, b, local = pair.a, pair.b, pair.local
        if a.discriminator != b.discriminator:
            action = (
                "added"
                if a.discriminator is None
                else "removed"
                if b.discriminator is None
                else "property-name-changed"
            )
            local.append(
                Local(
                    "discriminator",
                    action,
                    a.discriminator,
                    b.discriminator,
                    a.location,
                    b.location,
                )
            )
        if a.discriminator_mapping != b.discriminator_mapping:
            ma, mb = a.discriminator_mapping, b.discriminator_mapping
            for key in sorted(set(ma) | set(mb)):
                if key not in mb:
                    action = "mapping-deleted"
                elif key not in ma:
                    action = "mapping-added"
                elif ma[key] != mb[key]:
                    action = "mapping-changed"
                else:
                    continue
                local.append(
                    Local(
                        "discriminator",
                        action,
                        ma.get(key),
                        mb.get(key),
                        a.location,
                        b.location,
                        info={"value": key},
                    )
                )

    def _compare_object(self, pair: _Pair) -> None:
        a, b, local, d = pair.a, pair.b, pair.local, pair.direction
        request = d is Direction.REQUEST
        names = list(a.properties)
        names += [n for n in b.properties if n not in a.properties]
        required_a, required_b = _guaranteed(a), _guaranteed(b)
        names += sorted((required_a | required_b) - set(names))
        # Closed: extra properties are rejected (2020-12 spells it unevaluatedProperties).
        closed = b.additional is False or b.other.get("unevaluatedProperties") == "false"
        for name in names:
            pa, pb = a.properties.get(name), b.properties.get(name)
            ra, rb = name in required_a, name in required_b
            if pa is None and pb is None:
                if ra != rb:  # required names with no property schema
                    local.append(
                        Local(
                            "property",
                            "became-required" if rb else "became-optional",
                            ra,
                            rb,
                            a.location,
                            b.location,
                            name,
                        )
                    )
                continue
            if pa is None:
                if _visible(pb, request):
                    local.append(
                        Local(
                            "property",
                            "added",
                            None,
                            format_type(pb.types, pb.format),
                            a.location,
                            pb.location,
                            name,
                            {"required": rb, "with_default": pb.default is not MISSING},
                            expects(pb) if request and rb else None,
                        )
                    )
                continue
            if pb is None:
                if _visible(pa, request):
                    local.append(
                        Local(
                            "property",
                            "removed",
                            format_type(pa.types, pa.format),
                            None,
                            pa.location,
                            b.location,
                            name,
                            {
                                "required": ra,
                                "closed": closed,
                                "deprecated": pa.deprecated,
                                "sunset": pa.extensions.get("x-sunset"),
                            },
                            Guidance(deprecated=True) if pa.deprecated else None,
                        )
                    )
                continue
            va, vb = _visible(pa, request), _visible(pb, request)
            if not va and not vb:
                continue
            if va and not vb:
                action = "became-read-only" if request else "became-write-only"
                local.append(
                    Local(
                        "property",
                        action,
                        None,
                        None,
                        pa.location,
                        pb.location,
                        name,
                        {"required": ra},
                    )
                )
                continue
            if vb and not va:
                action = "became-not-read-only" if request else "became-not-write-only"
                local.append(
                    Local(
                        "property",
                        action,
                        None,
                        None,
                        pa.location,
                        pb.location,
                        name,
                        {"required": rb},
                    )
                )
                continue
            if ra != rb:
                local.append(
                    Local(
                        "property",
                        "became-required" if rb else "became-optional",
                        ra,
                        rb,
                        pa.location,
                        pb.location,
                        name,
                        {"with_default": pb.default is not MISSING},
                        guidance=expects(pb) if request and rb else None,
                    )
                )
            self._edge(pair, name, pa, pb)
        # additionalProperties
        xa, xb = a.additional, b.additional
        if isinstance(xa, Schema) and isinstance(xb, Schema):
            self._edge(pair, "additionalProperties", xa, xb)
        elif xa is not xb and not (isinstance(xa, Schema) and isinstance(xb, Schema)):
            if xb is False:
                action = "closed"
            elif xa is False:
                action = "opened"
            elif xb is True:
                action = "unrestricted"  # a schema for extra values dropped: any value now
            else:
                action = "restricted"
            local.append(
                Local(
                    "additional-properties",
                    action,
                    _additional(xa),
                    _additional(xb),
                    a.location,
                    b.location,
                )
            )

    # -- attribution -----------------------------------------------------------------------
    def propagate(self) -> None:
        """Mark every pair from which a changed pair is reachable (once per new batch)."""
        if self._propagated == len(self.pairs):
            return
        parents: dict[PairKey, list[PairKey]] = {}
        queue: deque[PairKey] = deque()
        for key, pair in self.pairs.items():
            pair.dirty = bool(pair.local)
            if pair.dirty:
                queue.append(key)
            for _, child in pair.edges:
                parents.setdefault(child, []).append(key)
        while queue:
            key = queue.popleft()
            for parent in parents.get(key, ()):
                node = self.pairs[parent]
                if not node.dirty:
                    node.dirty = True
                    queue.append(parent)
        self._propagated = len(self.pairs)

    def changes(
        self, root: PairKey, stop: frozenset[PairKey] | set[PairKey] = frozenset()
    ) -> Iterator[tuple[tuple[str, ...], Local, str | None]]:
        """Every change reachable from ``root``, once, each at its shortest path, with the
        nearest ``x-stability-level`` on the way to it in OLD (None when nothing on the way
        declares one): the promise a consumer relied on, for the stability policy.

        Pairs in ``stop`` (shared components, reported on their own) are not entered; the
        root itself always is. A path is spelled out only for a pair with changes, and its
        length is charged to the same budget as the pairs: two rings of coprime lengths
        whose nodes all differ pair into changes whose paths wind round both rings,
        quadratic in length and in number.
        """
        self.propagate()
        if not self.pairs[root].dirty:
            return
        seen = {root}
        # (segment, index of the parent entry): a path is a chain of entries, not a tuple
        # copied at each level.
        trail: list[tuple[str | None, int]] = [(None, -1)]
        levels: list[str | None] = [_declared_level(self.pairs[root].a)]
        queue: deque[tuple[PairKey, int]] = deque([(root, 0)])
        while queue:
            key, entry = queue.popleft()
            pair = self.pairs[key]
            if pair.local:
                path = self._spell(trail, entry)
                for local in pair.local:
                    yield path, local, levels[entry]
            for segment, child in pair.edges:
                if child not in seen and child not in stop and self.pairs[child].dirty:
                    seen.add(child)
                    trail.append((segment, entry))
                    levels.append(_declared_level(self.pairs[child].a) or levels[entry])
                    queue.append((child, len(trail) - 1))

    def _spell(self, trail: list[tuple[str | None, int]], entry: int) -> tuple[str, ...]:
        segments: list[str] = []
        while entry > 0:
            segment, entry = trail[entry]
            if segment:
                segments.append(segment)
        self.steps += len(segments)
        if self.steps > self._max_pairs:
            raise LimitError(
                f"reporting the schema changes needs more than {self._max_pairs} steps "
                "along their paths (raise it with --max-pairs)",
                file=self._source,
            )
        return tuple(reversed(segments))

    def sort_key(self, key: PairKey) -> tuple:
        """A deterministic order for pairs (object ids are not)."""
        pair = self.pairs[key]
        return (
            pair.b.name or "",
            pair.a.name or "",
            key[2].value,
            key[3],
            key[4],
            pair.b.location.pointer,
            pair.a.location.pointer,
        )

    def _same_values(
        self, pair: _Pair, words: tuple[dict[str, Any] | None, dict[str, Any] | None]
    ) -> bool:
        """Both sides allow exactly the same values whatever their types say: the same
        closed enum (as the text it is sent as, for a parameter), every value of it valid
        under both types (``{type: integer, enum: [1, 2]}`` and ``{type: number, ...}``)."""
        a, b = pair.a, pair.b
        if words[0] is not None and words[1] is not None:
            return words[0].keys() == words[1].keys()
        if a.enum is None or a.enum != b.enum or self.extensible(a) or self.extensible(b):
            return False
        if a.types is None or b.types is None:
            return False
        kinds = [json_type(v) for v in a.enum_values]
        return all(
            kind is not None
            and covers(a.types, frozenset((kind,)))
            and covers(b.types, frozenset((kind,)))
            for kind in kinds
        )

    def extensible(self, node: Schema) -> bool:
        """Clients must expect values the enum does not list (``x-extensible-enum``, or
        named in the configuration's ``open-enums``)."""
        return node.extensible_enum or id(node) in self._open

    def named(self, key: PairKey) -> str | None:
        """The component name of a pair whose both sides are named schemas."""
        pair = self.pairs[key]
        if pair.a.name is not None and pair.b.name is not None:
            return pair.b.name
        return None

    def reach(self, roots: list[tuple[PairKey, int]]) -> dict[PairKey, int]:
        """For every dirty pair, a bit mask of the root groups (operations) that reach it."""
        self.propagate()
        seeds: dict[PairKey, int] = {}
        for key, group in roots:
            if self.pairs[key].dirty:
                seeds[key] = seeds.get(key, 0) | (1 << group)
        pairs = self.pairs

        def dirty_children(key: PairKey) -> list[PairKey]:
            return [child for _, child in pairs[key].edges if pairs[child].dirty]

        return reach(seeds, dirty_children)

    def visited(self, a: Schema, b: Schema) -> bool:
        return any(
            (id(a), id(b), d, lifted, text) in self.pairs
            for d in Direction
            for lifted in (False, True)
            for text in (False, True)
        )


def _guaranteed(node: Schema) -> frozenset[str]:
    """The property names every value of ``node`` has: its own ``required`` and, for a
    choice, those every alternative requires."""
    names = node.required
    for branches in (node.one_of, node.any_of):
        if branches:
            common = branches[0].required
            for branch in branches[1:]:
                common = common & branch.required
            names = names | common
    return names


def _visible(node: Schema, request: bool) -> bool:
    """readOnly properties are not part of requests; writeOnly ones not of responses."""
    return not (node.read_only if request else node.write_only)


def _type_change(
    old: frozenset[str] | None, new: frozenset[str] | None, text: bool = False
) -> tuple[str | None, bool]:
    """(action, disjoint): how the set of allowed types moved (None: not at all). As text
    (``text``), a string accepts what a number or a boolean is written as: ``integer`` ->
    ``string`` widens what a parameter takes, ``string`` -> ``integer`` narrows it."""
    if old is None:
        return "specialized", False
    if new is None:
        return "generalized", False
    if text and covers(new, old, True) and covers(old, new, True):
        return None, False  # the same text: ``integer|string`` is any string
    if len(old) <= 1 and len(new) <= 1:
        if covers(new, old, text):
            return "generalized", False
        if covers(old, new, text):
            return "specialized", False
        return "changed", True
    if covers(new, old, text):
        return "list-of-types-widened", False
    if covers(old, new, text):
        return "list-of-types-narrowed", False
    shared = bool(old & new) or (
        text
        and (
            any(covers(new, frozenset((t,)), True) for t in old)
            or any(covers(old, frozenset((t,)), True) for t in new)
        )
    )
    return "changed", not shared


def _bound(
    local: list[Local],
    name: str,
    x,
    x_ex: bool,
    y,
    y_ex: bool,
    la: Location,
    lb: Location,
    *,
    upper: bool,
) -> None:
    if x == y and x_ex == y_ex:
        return
    keyword = f"exclusive-{name}" if (y_ex if y is not None else x_ex) else name
    if x is None:
        action = "set"
    elif y is None:
        action = "unset"
    elif x == y:
        # Same number, exclusiveness flipped: exclusive is the tighter bound.
        tighter = y_ex and not x_ex
        action = (
            ("decreased" if tighter else "increased")
            if upper
            else ("increased" if tighter else "decreased")
        )
    else:
        action = "increased" if y > x else "decreased"
    local.append(
        Local(keyword, action, _bound_text(x, x_ex, upper), _bound_text(y, y_ex, upper), la, lb)
    )


def _bound_text(value, exclusive: bool, upper: bool) -> Any:
    if value is None:
        return None
    if exclusive:
        return f"{'<' if upper else '>'} {value}"
    return value


def _limit(local: list[Local], name: str, x, y, la: Location, lb: Location, upper: bool) -> None:
    if x == y:
        return
    if x is None:
        action = "set"
    elif y is None:
        action = "unset"
    else:
        action = "increased" if y > x else "decreased"
    local.append(Local(name, action, x, y, la, lb))


def _is_multiple(value, step) -> bool:
    if isinstance(value, int) and isinstance(step, int):
        return step != 0 and value % step == 0  # exact, however large
    try:
        ratio = value / step
        return abs(ratio - round(ratio)) < 1e-9
    except (ZeroDivisionError, OverflowError):  # a subnormal step, a 300-digit value
        return False


def _declared_level(schema: Schema) -> str | None:
    """A schema's own ``x-stability-level`` when it declares a known one."""
    level = schema.extensions.get("x-stability-level")
    return Stability.of(level).value if Stability.known(level) else None


def _stability(schema: Schema) -> str:
    """A schema's own ``x-stability-level``; none (or one not known) counts as ``stable``,
    as for operations."""
    return Stability.of(schema.extensions.get("x-stability-level")).value


def _value(value: Any) -> Any:
    return None if value is MISSING else value


def _additional(value: Schema | bool) -> Any:
    if value is True:
        return "any"
    if value is False:
        return "none"
    return format_type(value.types, value.format)


_NUMERIC = frozenset(("integer", "number"))


def _numeric_spelling_changes(a: Schema, b: Schema) -> bool:
    """One side's numbers are integers and the other's any number, where values are listed
    as numbers: ``{type: integer, enum: [1]}`` -> ``{type: number, enum: [1]}`` lists the
    same value, but the server (or client) typed ``number`` may write it ``1.0``."""
    if a.types is None or b.types is None:
        return False
    kinds_a, kinds_b = a.types & _NUMERIC, b.types & _NUMERIC
    if not kinds_a or not kinds_b or kinds_a == kinds_b:
        return False
    values = [*(a.enum_values or ()), *(b.enum_values or ())]
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _text_respelling(
    a: Schema, b: Schema, words: tuple[dict[str, Any] | None, dict[str, Any] | None]
) -> str | None:
    """As text, the same listed words where only one side is typed ``number`` with numbers
    among its values: that side also takes other spellings of them (``1.0`` for ``1``,
    written by many clients' number formatting) that a string or integer enum refuses. So
    ``number`` -> ``string`` narrows what is accepted ("specialized") and the reverse widens
    it ("generalized"): not the same values re-typed."""
    if words[0] is None or words[1] is None or words[0].keys() != words[1].keys():
        return None
    wide_a, wide_b = _spelt_many_ways(a), _spelt_many_ways(b)
    if wide_a == wide_b:
        return None
    return "specialized" if wide_a else "generalized"


def _spelt_many_ways(node: Schema) -> bool:
    return (
        node.types is not None
        and "number" in node.types
        and any(isinstance(v, int | float) and not isinstance(v, bool) for v in node.enum_values)
    )


def _as_text(node: Schema) -> dict[str, Any] | None:
    """The values a parameter or header allows, keyed by how they are written on the wire
    (``1`` and ``"1"`` alike, ``true``), or None when it allows any text. A boolean without an
    enum is the enum ``true|false``."""
    if node.enum is not None:
        return {_word(v): v for v in node.enum_values}
    if node.types is not None and node.types - {"null"} == {"boolean"}:
        return {"true": True, "false": False}
    return None


def _word(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return canonical(value)  # a number as JSON writes it; an object or array as JSON too


def _members(node: Schema) -> list[Schema]:
    """``node``'s allOf members, an inline member that is only an allOf replaced by its own
    (``allOf: [A, {allOf: [B, C]}]`` is ``allOf: [A, B, C]``)."""
    out: list[Schema] = []
    stack = list(reversed(node.all_of))
    seen: set[int] = set()
    while stack:
        member = stack.pop()
        if id(member) in seen or member is node:
            continue  # a member met twice (a `$ref` into a path's schema can loop) counts once
        seen.add(id(member))
        if member.name is None and member.all_of:
            stack.extend(reversed(member.all_of))
        else:
            out.append(member)
    return out


def _describe(node: Schema) -> str:
    return node.name or node.title or format_type(node.types, node.format)


def _label(node: Schema, positions: dict[int, int]) -> str:
    label = node.name or node.title
    if label:
        return label
    position = positions.get(id(node))
    return "?" if position is None else str(position)


def _positions(siblings: tuple[Schema, ...]) -> dict[int, int]:
    """Each branch's first index, once per union (not a search per branch)."""
    positions: dict[int, int] = {}
    for i, node in enumerate(siblings):
        positions.setdefault(id(node), i)
    return positions


def _tag(node: Schema) -> frozenset | None:
    """The constant-valued properties of an object branch (its discriminating tag)."""
    tag = frozenset(
        (name, prop.enum)
        for name, prop in node.properties.items()
        if prop.enum is not None and len(prop.enum) == 1
    )
    return tag or None


def _signature(node: Schema) -> Any:
    return node.types
