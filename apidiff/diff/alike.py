"""Which schema nodes, of OLD and NEW together, accept and document exactly the same things.

Comparing two schemas pair by pair costs the number of node pairs reachable in lockstep. Most
of two contracts is unchanged, and some unchanged shapes make that number quadratic: a ring of
2,000 components against the same ring grown to 2,001 pairs every node with every other (the
offset walks round both rings). Two nodes are *alike* when they agree on every keyword the
diff looks at and their children (by property name, ``items``, ...) are alike in turn: the
coarsest bisimulation of the two schema graphs. A pair of alike nodes has nothing to report
anywhere below it, so the differ skips it; what remains costs what differs.

The bisimulation is computed by Hopcroft's partition refinement (split a block by the
predecessors of a splitter, and re-queue only the smaller half), in O(E log N) over the
nodes of both contracts, without recursion. Nodes that choose between alternatives (``oneOf``,
``anyOf``) pair their branches by names and shapes, not by position, so each is kept alike
only to itself: being conservative only means comparing as before.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from ..canonical import canonical
from ..model import MISSING, Schema

__all__ = ["alike_classes"]


def alike_classes(
    roots: Iterable[Schema | None], open_enums: frozenset[int] = frozenset()
) -> dict[int, int]:
    """``id(node) -> class`` for every node reachable from ``roots``; equal classes are alike.
    ``open_enums``: ids of nodes whose enums are open though they do not say so."""
    nodes: list[Schema] = []
    index: dict[int, int] = {}
    stack = [r for r in roots if r is not None]
    while stack:
        node = stack.pop()
        if id(node) in index:
            continue
        index[id(node)] = len(nodes)
        nodes.append(node)
        stack.extend([child for _, child in _children(node)])
    reverse: list[list[tuple[Hashable, int]]] = [[] for _ in nodes]
    block_of: list[int] = []
    initial: dict[Hashable, int] = {}
    for i, node in enumerate(nodes):
        # The edges again rather than kept from the walk above: a list of them per node
        # was a third of this function's peak memory on a 10 MB contract.
        children = _children(node)
        if children:
            for symbol, child in children:
                reverse[index[id(child)]].append((symbol, i))
            label = (_label(node, open_enums), tuple([symbol for symbol, _ in children]))
        else:
            label = _label(node, open_enums)
        block_of.append(initial.setdefault(label, len(initial)))
    members: list[set[int]] = [set() for _ in initial]
    # The labels (a long tuple per distinct node) and the index are done with: freed before
    # the refinement, they do not add to the comparison's peak memory.
    del initial, index
    for i, block in enumerate(block_of):
        members[block].add(i)
    work = list(range(len(members)))
    queued = set(work)
    while work:
        splitter = work.pop()
        queued.discard(splitter)
        by_symbol: dict[Hashable, list[int]] = {}
        for target in list(members[splitter]):
            for symbol, source in reverse[target]:
                by_symbol.setdefault(symbol, []).append(source)
        for sources in by_symbol.values():
            touched: dict[int, list[int]] = {}
            for source in sources:
                touched.setdefault(block_of[source], []).append(source)
            for block, marked in touched.items():
                if len(marked) == len(members[block]):
                    continue
                new = len(members)
                members.append(set(marked))
                members[block].difference_update(marked)
                for source in marked:
                    block_of[source] = new
                if block in queued or len(members[new]) <= len(members[block]):
                    work.append(new)
                    queued.add(new)
                else:
                    work.append(block)
                    queued.add(block)
    del reverse, members  # before the answer is built, for the same reason
    return {id(node): block_of[i] for i, node in enumerate(nodes)}


def _children(node: Schema) -> list[tuple[Hashable, Schema]]:
    """The edges of a node, each under a symbol that names which child it is."""
    out: list[tuple[Hashable, Schema]] = [(("p", k), v) for k, v in node.properties.items()]
    if node.items is not None:
        out.append(("items", node.items))
    if node.additional is not True and node.additional is not False:
        out.append(("additional", node.additional))
    if node.not_ is not None:
        out.append(("not", node.not_))
    out.extend([(("k", k), v) for k, v in node.keywords.items()])
    for kind, children in (
        ("prefix", node.prefix_items),
        ("one", node.one_of),
        ("any", node.any_of),
    ):
        if children:
            out.extend([((kind, i), x) for i, x in enumerate(children)])
    return out


def _label(node: Schema, open_enums: frozenset[int]) -> Hashable:
    """Everything about a node itself the diff may compare (more is safe, less is not)."""
    if node.one_of or node.any_of:
        return ("alternatives", id(node))  # alike only to itself; see the module docstring
    return (
        node.types,
        node.nullable,
        node.format,
        node.enum,
        node.enum_names,
        node.required,
        node.additional if isinstance(node.additional, bool) else None,
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
        None if node.default is MISSING else ("default", canonical(node.default)),
        node.read_only,
        node.write_only,
        node.deprecated,
        node.title,
        node.description,
        node.example,
        node.discriminator,
        tuple(sorted(node.discriminator_mapping.items())),
        node.extensible_enum or id(node) in open_enums,
        tuple(sorted(node.other.items())),
        _lifecycle(node),
        node.graphql_kind,
        tuple([m.name or "" for m in node.all_of]),
    )


def _lifecycle(node: Schema) -> Hashable:
    """The extensions the diff reads (``x-stability-level``, ``x-sunset``; diff/lifecycle.py),
    as written: a level that is not one, or a sunset that is not a date, is a change too."""
    if not node.extensions:
        return None
    return tuple(
        canonical(node.extensions[key]) if key in node.extensions else None
        for key in ("x-stability-level", "x-sunset")
    )
