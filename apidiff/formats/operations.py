"""Client operations (``--operations``): GraphQL documents of a client's operations and
fragments, read and parsed; what they are checked against happens in ``diff.usage``."""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from graphql import (
    FragmentDefinitionNode,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    SourceLocation,
    Visitor,
    parse,
    print_ast,
    visit,
)
from graphql import (
    Source as GqlSource,
)
from graphql.language import ast as gast

from ..errors import InputError
from ..model.graphql import ClientOperation
from ..sources import read_all

__all__ = ["load_operations"]


def load_operations(
    patterns: tuple[str, ...], max_bytes: int, *, roots: tuple[Path, ...] | None = None
) -> list[ClientOperation]:
    """Parse every operation and fragment in the files the patterns name (inside ``roots``
    when a configuration named them: see ``sources.read_file``)."""
    files: dict[str, str] = {}
    seen: set[object] = set()  # a file named twice (a folder and a glob of it) is read once
    for pattern in patterns:
        for source in read_all(pattern, max_bytes=max_bytes, roots=roots):
            identity = _identity(source.path) if source.path is not None else source.name
            if identity not in seen:
                seen.add(identity)
                files.setdefault(source.name, source.text)
    operations: list[tuple[OperationDefinitionNode, str]] = []
    fragments: dict[str, FragmentDefinitionNode] = {}
    named: dict[str, OperationDefinitionNode] = {}
    for name in sorted(files):
        try:
            document = parse(_IndexedSource(files[name], name))
        except GraphQLSyntaxError as exc:
            location = exc.locations[0] if exc.locations else None
            raise InputError(
                f"invalid GraphQL operation: {exc.message}",
                file=name,
                line=location.line if location else None,
                column=location.column if location else None,
            ) from None
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations.append((definition, name))
                if definition.name is not None:
                    _unique("operation", named, definition)
            elif isinstance(definition, FragmentDefinitionNode):
                _unique("fragment", fragments, definition)
            else:
                raise InputError(
                    "only operations and fragments belong in --operations files", file=name
                )
    out = []
    for node, name in operations:
        used_fragments = _fragments_used(node, fragments)
        line, column = _position(node)
        out.append(
            ClientOperation(
                name=node.name.value if node.name else f"anonymous {node.operation.value}",
                file=name,
                line=line,
                column=column,
                document=gast.DocumentNode(definitions=(node, *used_fragments)),
            )
        )
    return out


def _unique(what: str, seen: dict, node: OperationDefinitionNode | FragmentDefinitionNode) -> None:
    """Operation and fragment names are unique across the client's files, as GraphQL asks of
    one document and client code generators of a project. Findings, reports and ignores name
    an operation by its name, so two of one name would be one operation to them; and an
    operation spreading a fragment defined twice would be checked against whichever came
    first. A fragment repeated word for word is the same fragment and is allowed."""
    name = node.name.value
    first = seen.setdefault(name, node)
    if first is node or (what == "fragment" and print_ast(first) == print_ast(node)):
        return
    line, column = _position(node)
    raise InputError(
        f"two {what}s named {name}: here and at {_where(first)}; {what} names must be unique "
        f"across the --operations files ({_WHY[what]})",
        file=node.loc.source.name if node.loc else None,
        line=line,
        column=column,
    )


def _identity(path: Path) -> object:
    try:
        found = path.stat()
    except OSError:
        return str(path)
    return (found.st_dev, found.st_ino)


_WHY = {
    "operation": "reports and ignores name an operation by its name",
    "fragment": "an operation spreading it would be checked against one of them",
}


def _position(node) -> tuple[int, int]:
    location = node.loc.source.get_location(node.loc.start) if node.loc else None
    return (location.line, location.column) if location else (1, 1)


def _where(node) -> str:
    line, column = _position(node)
    return f"{node.loc.source.name if node.loc else '?'}:{line}:{column}"


_NEWLINE = re.compile(r"\r\n|[\n\r]")  # graphql-core's line breaks


class _IndexedSource(GqlSource):
    """A source whose positions are found by bisection over its line starts, computed once.

    graphql-core's ``get_location`` scans the text from the top on every call, and it is called
    for each operation and for every validation error (``GraphQLError`` locates its nodes), so a
    file of thousands of operations cost quadratic time.
    """

    _breaks: list[tuple[int, int]] | None = None

    def get_location(self, position: int) -> SourceLocation:
        if self._breaks is None:
            self._breaks = [m.span() for m in _NEWLINE.finditer(self.body)]
        before = bisect.bisect_left(self._breaks, (position,))  # breaks starting before it
        line_start = self._breaks[before - 1][1] if before else 0
        return SourceLocation(before + 1, position + 1 - line_start)


def _fragments_used(node, fragments: dict[str, FragmentDefinitionNode]) -> list:
    """The fragments an operation spreads, transitively (unknown names are left to validation)."""
    found: dict[str, FragmentDefinitionNode] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        for spread in _spreads(current):
            if spread not in found and spread in fragments:
                found[spread] = fragments[spread]
                stack.append(fragments[spread])
    return [found[k] for k in sorted(found)]


def _spreads(node) -> list[str]:
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread, *_):
            names.append(spread.name.value)

    visit(node, Spreads())
    return names
