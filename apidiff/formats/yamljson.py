"""Parse YAML or JSON text into plain data plus a way to find a pointer's line and column.

YAML goes through libyaml (``yaml.CSafeLoader``) with a constructor that notes the marks of
mapping keys and sequence items as it builds them; JSON goes through the C ``json`` module
and its positions are found later, only for the pointers a report asks about, in one pass
that skips every other subtree with the C decoder.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import operator
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..collector import paused
from ..errors import InputError, LimitError

__all__ = [
    "ABSENT",
    "Document",
    "array_index",
    "document_of",
    "member",
    "parse",
    "printable_int",
    "split_pointer",
]

_WS = re.compile(r"[ \t\n\r]*")


class Document:
    """Parsed data of one file, and the positions of its nodes."""

    __slots__ = (
        "_cache",
        "_marks",
        "data",
        "kind",
        "name",
        "ordered_marks",
        "text",
    )

    def __init__(
        self, name: str, text: str, data: Any, kind: str, marks: dict | list | None
    ) -> None:
        self.name = name
        self.text = text
        self.data = data
        self.kind = kind  # "json" | "yaml"
        # YAML marks by container id, or (from another process, where ids differ) in the
        # order the containers were built, matched to ``data`` when first asked.
        self._marks = marks
        self._cache: dict[str, tuple[int, int] | None] = {}
        self.ordered_marks: list | None = None  # for handing the document to another process

    def __getstate__(self) -> tuple:
        """For the load cache (``formats.cache``): YAML marks keyed by container ids mean
        nothing in another process; they are pickled in build order, as ``background``
        hands them over, and matched to the unpickled data when first asked."""
        marks = self._marks
        if isinstance(marks, dict):
            marks = _ordered_marks(self.data, marks)
        return self.name, self.text, self.data, self.kind, marks, self._cache

    def __setstate__(self, state: tuple) -> None:
        name, text, data, kind, marks, cache = state
        self.__init__(name, text, data, kind, marks)
        self._cache = cache

    # -- positions -------------------------------------------------------------------------
    def error(self, pointer: str, message: str, kind: type[InputError] = InputError) -> InputError:
        """An input error about the node at ``pointer``: this file, line and column."""
        pos = self.position(pointer)
        return kind(
            message, file=self.name, line=pos[0] if pos else None, column=pos[1] if pos else None
        )

    def position(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of the key or item that ``pointer`` names."""
        if pointer not in self._cache:
            self.prefetch([pointer])
        return self._cache.get(pointer)

    def prefetch(self, pointers: Iterable[str]) -> None:
        """Find the positions of many pointers at once (one pass over a JSON text)."""
        todo = [p for p in set(pointers) if p not in self._cache]
        if not todo:
            return
        if self.kind == "yaml":
            for pointer in todo:
                self._cache[pointer] = self._yaml_position(pointer)
        else:
            found = self._json_positions(todo)
            for pointer in todo:
                self._cache[pointer] = found.get(pointer)

    def _yaml_position(self, pointer: str) -> tuple[int, int] | None:
        if isinstance(self._marks, list):
            self._marks = _marks_by_id(self.data, self._marks)
        node = self.data
        best: tuple[int, int] | None = (1, 1)
        for token in split_pointer(pointer):
            entry = self._marks.get(id(node)) if self._marks is not None else None
            if isinstance(node, dict):
                if token not in node:
                    return best
                if entry is not None and token in entry:
                    best = entry[token]
                node = node[token]
            elif isinstance(node, list):
                index = array_index(token)
                if index is None or index >= len(node):
                    return best
                node = node[index]
                if entry is not None and index < len(entry):
                    best = entry[index]
            else:
                return best
        return best

    def _offsets_to_positions(self, offsets: dict[str, int]) -> dict[str, tuple[int, int]]:
        """(line, column) of each offset: one sweep over the text in offset order, counting
        newlines in C (no index of every line start: 300,000 ints for a 10 MB file)."""
        text = self.text
        found: dict[str, tuple[int, int]] = {}
        line, at = 1, 0
        for pointer, offset in sorted(offsets.items(), key=operator.itemgetter(1)):
            line += text.count("\n", at, offset)
            at = offset
            found[pointer] = (line, offset - text.rfind("\n", 0, offset))
        return found

    def _json_positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        trie: dict = {}
        for pointer in pointers:
            node = trie
            for token in split_pointer(pointer):
                node = node.setdefault(token, {})
            node[None] = pointer
        offsets: dict[str, int] = {}
        if None in trie:
            offsets[trie[None]] = 0
        text = self.text
        decoder = json.JSONDecoder()
        scanstring = json.decoder.scanstring  # type: ignore[attr-defined]

        def hit(child: dict, offset: int) -> None:
            if None in child:
                offsets[child[None]] = offset

        def wanted(child: dict) -> bool:
            return len(child) > (1 if None in child else 0)

        def walk(index: int, node: dict, data: Any) -> None:
            index = _WS.match(text, index).end()
            opener = text[index : index + 1]
            if opener not in ("{", "["):
                return
            if _pretty(index, node, data):
                return
            if opener == "{":
                index = _WS.match(text, index + 1).end()
                if text[index : index + 1] == "}":
                    return
                while True:
                    key_start = index
                    key, index = scanstring(text, index + 1)
                    index = _WS.match(text, index).end() + 1  # the colon
                    index = _WS.match(text, index).end()
                    child = node.get(key)
                    if child is not None:
                        hit(child, key_start)
                        if wanted(child):
                            walk(index, child, member(data, key))
                    _, index = decoder.raw_decode(text, index)
                    index = _WS.match(text, index).end()
                    if text[index : index + 1] != ",":
                        return
                    index = _WS.match(text, index + 1).end()
            else:
                index = _WS.match(text, index + 1).end()
                if text[index : index + 1] == "]":
                    return
                position = 0
                while True:
                    child = node.get(str(position))
                    if child is not None:
                        hit(child, index)
                        if wanted(child):
                            walk(index, child, member(data, str(position)))
                    _, index = decoder.raw_decode(text, index)
                    index = _WS.match(text, index).end()
                    if text[index : index + 1] != ",":
                        return
                    index = _WS.match(text, index + 1).end()
                    position += 1

        def _pretty(index: int, node: dict, data: Any) -> bool:
            """Pretty-printed JSON (a newline after the bracket, members indented alike):
            jump to the members wanted by searching for their line instead of decoding every
            member before them. Members on lines of their own at one indentation belong to
            this container until it closes (the first line indented less), and JSON strings
            hold no newline, so the first such line after the bracket is the member's. One
            scan finds the members' lines and stops at the last one wanted, or at the
            container's end. False (not handled) otherwise."""
            layout = _INDENT.match(text, index + 1)
            if layout is None or not layout.group(1) or not isinstance(data, dict | list):
                return False
            indent = layout.group(1)
            if isinstance(data, dict):
                todo = {
                    _encode_key(key): (key, child)
                    for key, child in node.items()
                    if key is not None and key in data
                }
                places = []
                if todo:
                    for match in _member_pattern(indent).finditer(text, index + 1):
                        written = match.group(1)
                        if written is None:  # a line indented less: the container ended
                            break
                        entry = todo.pop(written, None)
                        if entry is not None:
                            places.append((*entry, match.start(1), match.end()))
                            if not todo:
                                break
                if todo:
                    return False  # escaped or laid out differently: decode the slow way
                for key, child, at, value in places:
                    hit(child, at)
                    if wanted(child):
                        walk(value, child, data[key])
                return True
            indexes = {k: array_index(k) for k in node if k is not None}
            wanted_items = sorted(
                (index, node[k])
                for k, index in indexes.items()
                if index is not None and index < len(data)
            )
            if not wanted_items:
                return True
            position, last = -1, wanted_items[-1][0]
            targets = dict(wanted_items)
            for match in _item_pattern(indent).finditer(text, index + 1):
                if match.group(1) is None:  # a line indented less: the array ended
                    break
                position += 1
                if position in targets:
                    at = match.end()
                    hit(targets[position], at)
                    if wanted(targets[position]):
                        walk(at, targets[position], data[position])
                if position >= last:
                    break
            return position >= last  # else fewer item lines than items: decode instead

        # Positions are a courtesy; a text the decoder accepted rarely fails here.
        with contextlib.suppress(ValueError, IndexError, RecursionError):
            walk(0, trie, self.data)
        return self._offsets_to_positions(offsets)


_INDENT = re.compile(r"\n( *)[^ \n\]}]")


@functools.lru_cache(maxsize=64)
def _item_pattern(indent: str) -> re.Pattern[str]:
    """Lines that start an item of an array whose items are indented by ``indent`` (group 1,
    ending where the item starts), or the first line indented less (no group 1): its end."""
    return re.compile(rf"\n(?:({indent})(?=[^ \]}}\n])|{_less(indent)})")


@functools.lru_cache(maxsize=64)
def _member_pattern(indent: str) -> re.Pattern[str]:
    """A member line of an object whose members are indented by ``indent``: its key, as
    written (quotes and escapes included, group 1), and the colon; or the first line
    indented less (no group 1): the object's end."""
    return re.compile(rf'\n(?:{indent}("(?:[^"\\\n]|\\.)*")[ \t]*:|{_less(indent)})')


def _less(indent: str) -> str:
    """A line indented less than ``indent`` (after its newline); the spaces taken
    possessively, as giving one back cannot help (twice as fast over deeper lines)."""
    return rf" {{0,{len(indent) - 1}}}+[^ \n]"


def _encode_key(key: str) -> str:
    return json.encoder.encode_basestring(key)  # as json.dumps writes it (ensure_ascii off)


ABSENT: Any = object()  # what ``member`` can be told to give for no member (None is a value)


def member(node: Any, token: str, default: Any = None) -> Any:
    """What a JSON pointer token names below ``node``: a key of an object, an index of an
    array; ``default`` when there is no such member."""
    if isinstance(node, dict):
        return node.get(token, default)
    if isinstance(node, list):
        index = array_index(token)
        if index is not None and index < len(node):
            return node[index]
    return default


def array_index(token: str) -> int | None:
    """The array index a JSON pointer token names, or None: ASCII digits only (``²`` passes
    ``str.isdigit`` but ``int`` refuses it) and short enough to index a list in memory (a
    5000-digit token is past ``int``'s limit)."""
    if token.isascii() and token.isdigit() and len(token) <= 18:
        return int(token)
    return None


def document_of(loc: Any) -> Document | None:
    """The parsed document a model ``Location`` points into (the owner of its resolver)."""
    doc = getattr(loc.resolver, "__self__", None) if loc is not None else None
    return doc if isinstance(doc, Document) else None


def _containers(data: Any) -> Iterator[Any]:
    """``data``'s dicts and lists, each once, depth first in document order.

    The builder makes a container before its children and each container once (an alias is
    its target), so this walk meets them in build order: the one order in which marks are
    saved and restored (``_ordered_marks``, ``_marks_by_id``).
    """
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(reversed(children))


def _marks_by_id(data: Any, ordered: list) -> dict[int, Any]:
    """Marks listed in build order, keyed by the ids of ``data``'s containers."""
    out: dict[int, Any] = {}
    for node in _containers(data):
        out[id(node)] = ordered[len(out)] if len(out) < len(ordered) else None
    return out


def _ordered_marks(data: Any, by_id: dict[int, Any]) -> list:
    """The inverse of ``_marks_by_id``: the marks in the order its walk meets containers."""
    return [by_id.get(id(node)) for node in _containers(data)]


def split_pointer(pointer: str) -> list[str]:
    """``/a/b~1c`` -> ``['a', 'b/c']`` (RFC 6901 unescaping)."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


# PyYAML and the loader built on it, made with the first YAML document (``_yaml_loader``):
# a run that reads only JSON neither imports PyYAML nor compiles the loader's resolvers.
yaml: Any = None
_MarkingLoader: Any = None
_RESOLVERS: dict[str, tuple] = {}


def _yaml_loader() -> Any:
    """The marking loader class (importing PyYAML the first time)."""
    global yaml, _MarkingLoader
    if _MarkingLoader is None:
        import yaml as module

        yaml = module
        _MarkingLoader = _define_loader()
    return _MarkingLoader


def _define_loader() -> Any:
    class _MarkingLoader(yaml.CSafeLoader):
        """libyaml's safe loader that also notes where each mapping key and list item starts."""

        def __init__(self, stream: str, name: str = "", max_nodes: int | None = None) -> None:
            super().__init__(stream)
            self.marks: dict[int, Any] = {}
            self.order: list[Any] = []  # the same marks in build order (see Document)
            self.name = name
            self.keys_checked: set[int] = set()  # mapping nodes whose keys are unique
            self.nodes_left = max_nodes if max_nodes is not None else DEFAULT_MAX_NODES
            self.max_nodes = self.nodes_left

        def _spend(self, node) -> None:
            """Count distinct nodes (an alias is its target, counted once)."""
            self.nodes_left -= len(node.value) + 1
            if self.nodes_left < 0:
                raise LimitError(
                    f"more than {self.max_nodes} nodes (raise it with --max-nodes)",
                    file=self.name,
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                )

        def resolve(self, kind, value, implicit):  # type: ignore[override]
            """BaseResolver.resolve without its generality: one dict lookup for most scalars
            (libyaml calls this for every node)."""
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    for tag, regexp in _RESOLVERS.get(value[:1], ()):
                        if regexp.match(value):
                            return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

        def construct_yaml_map(self, node):  # type: ignore[override]
            self._spend(node)
            data: dict = {}
            yield data
            value = self.construct_mapping(node)
            data.update(value)
            self.marks[id(data)] = {
                k.value: (k.start_mark.line + 1, k.start_mark.column + 1)
                for k, _ in node.value
                if isinstance(k, yaml.ScalarNode)
            }

        def construct_yaml_seq(self, node):  # type: ignore[override]
            self._spend(node)
            data: list = []
            yield data
            data.extend(self.construct_sequence(node))
            self.marks[id(data)] = [
                (item.start_mark.line + 1, item.start_mark.column + 1) for item in node.value
            ]

        def flatten_mapping(self, node) -> None:  # type: ignore[override]
            """Resolve ``<<`` merge keys in ``node`` itself, its own keys checked first.

            The keys a merge brings in are written into the mapping's node, so its keys are
            checked before (``_unique_keys``), and so are those of a mapping that is only
            merged (``<<: {x: 1, x: 2}``, never built on its own) or merged before it is
            built (``<<: &m {...}`` used again as ``*m``). The merge is YAML's: the mapping's
            own keys win, then the first merged mapping that has the key, where a merged
            mapping's value is its own (PyYAML 6 keeps the first occurrence in the flattened
            list, so ``mid: &mid {<<: *base, a: 2}`` merged again gave ``base``'s ``a``)."""
            self._unique_keys(node)
            sources: list = []
            own: list = []
            for key_node, value_node in node.value:
                if key_node.tag != _MERGE:
                    if key_node.tag == "tag:yaml.org,2002:value":
                        key_node.tag = _STR
                    own.append((key_node, value_node))
                elif isinstance(value_node, yaml.MappingNode):
                    sources.append(value_node)
                elif isinstance(value_node, yaml.SequenceNode):
                    for subnode in value_node.value:
                        if not isinstance(subnode, yaml.MappingNode):
                            raise yaml.constructor.ConstructorError(
                                "while constructing a mapping",
                                node.start_mark,
                                f"expected a mapping for merging, but found {subnode.id}",
                                subnode.start_mark,
                            )
                        sources.append(subnode)
                else:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "expected a mapping or list of mappings for merging, but found "
                        f"{value_node.id}",
                        value_node.start_mark,
                    )
            node.value = own  # before merging: a mapping that merges itself adds nothing
            if not sources:
                return
            merged: dict[Any, Any] = {}  # key -> pair, the first source that has it
            for source in sources:
                self.flatten_mapping(source)
                effective: dict[Any, Any] = {}  # in a flattened mapping, the last one wins
                for pair in source.value:
                    effective[self._key_of(pair[0])] = pair
                for key, pair in effective.items():
                    merged.setdefault(key, pair)
            # The merged pairs first (where PyYAML put them: the keys keep that order), then
            # the mapping's own, which the constructor lets win.
            node.value = [*merged.values(), *own]

        def _key_of(self, key_node) -> Any:
            """A key as the mapping will hold it (``1`` and ``'1'`` are one key there)."""
            if not isinstance(key_node, yaml.ScalarNode):
                return ("node", id(key_node))
            key = self.construct_object(key_node)
            return key if isinstance(key, str) else _scalar_key(key)

        def _unique_keys(self, node) -> None:
            """A key written twice in one mapping is an error (keys merged in with ``<<``
            may be overridden: that is what a merge is for). Checked once per node, as it
            was written (a merge flattens it in place)."""
            if id(node) in self.keys_checked:
                return
            self.keys_checked.add(id(node))  # the node graph outlives the load: ids stay
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                    continue
                key = self._key_of(key_node)
                if key in seen:
                    first = seen[key].start_mark
                    raise _duplicate_key(
                        key, (first.line + 1, first.column + 1), key_node.start_mark
                    )
                seen[key] = key_node

        def construct_mapping(self, node, deep=False):  # type: ignore[override]
            # Unhashable keys (a list used as a key) are a YAML error, not a crash.
            if isinstance(node, yaml.MappingNode):
                self.flatten_mapping(node)  # checks the keys as written (``_unique_keys``)
            mapping = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        "found an unhashable or complex mapping key",
                        key_node.start_mark,
                    )
                if not isinstance(key, str):
                    key = _scalar_key(key)
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    loader = _MarkingLoader
    # YAML 1.2 core schema scalars, as OpenAPI recommends: `no`, `on`, `off`, `yes` are strings
    # (not booleans, the "Norway problem"), `0777` is a decimal number, `1_000` and `12:30` are
    # strings.
    _CORE_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _CORE_TAGS]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        list("-+0123456789"),
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    loader.add_constructor("tag:yaml.org,2002:map", loader.construct_yaml_map)
    loader.add_constructor("tag:yaml.org,2002:seq", loader.construct_yaml_seq)
    # Timestamps stay strings: a date in an example must not become a datetime object.
    loader.add_constructor(
        "tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str
    )
    _RESOLVERS.update(
        (first, tuple(resolvers)) for first, resolvers in loader.yaml_implicit_resolvers.items()
    )
    assert None not in _RESOLVERS  # no wildcard resolver, so the first character decides
    return loader


def _scalar_key(key: Any) -> str:
    """YAML reads ``200:`` as an int and ``true:`` as a bool; contracts mean strings."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _construct_int(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> int:
    text = loader.construct_scalar(node)
    try:
        if text.startswith("0o"):
            value = int(text[2:], 8)
        elif text.startswith("0x"):
            value = int(text[2:], 16)
        else:
            return int(text, 10)
    except ValueError:  # `!!int abc`: an explicit tag on a value that is no such thing
        raise _not_a(node, "an integer") from None
    if not printable_int(value):  # 0x + 4000 hex digits: more decimal digits than str() writes
        raise _not_a(node, "an integer", too_long=True)
    return value


def _construct_float(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> float:
    text = loader.construct_scalar(node)
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        raise _not_a(node, _FINITE)
    try:
        value = float(text)
    except ValueError:
        raise _not_a(node, "a number") from None
    if not math.isfinite(value):  # `.inf`, `.nan`, `1e400`
        raise _not_a(node, _FINITE)
    return value


def _not_a(
    node: yaml.Node, what: str, *, too_long: bool = False
) -> yaml.constructor.ConstructorError:
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if what == "an integer" and (too_long or len(node.value) > _MAX_DIGITS):
        what = f"an integer Python reads (more than {_MAX_DIGITS} digits)"
    return yaml.constructor.ConstructorError(
        None, None, f"{value!r} is not {what} ({node.tag})", node.start_mark
    )


# -- numbers and strings at the edges ----------------------------------------------------------
# One policy for every document apidiff parses (contracts, $ref'd files, introspection JSON),
# applied as the parser builds the data so every later stage can trust it:
# - a number is finite: JSON has no infinity or NaN (YAML's `.inf`/`.nan`, JSON's `NaN`
#   extension, and `1e400`, which overflows to infinity, are input errors with a position);
#   NaN alone would break "a contract compared with itself has no changes";
# - an integer has at most 4300 decimal digits, Python's limit on converting it to text
#   (a hexadecimal integer is measured in decimal too);
# - a string holds no lone UTF-16 surrogate (JSON's `"\ud800"`): it cannot be written as UTF-8,
#   so it could be neither hashed into a fingerprint nor printed. libyaml, graphql-core and
#   tomllib already refuse such escapes with a position; JSON is held to the same rule below.
_MAX_DIGITS = 4300  # Python's limit on int() of a decimal string (sys.int_info)
_MAX_BITS = int(_MAX_DIGITS * math.log2(10))  # every int this wide has at most 4300 digits
_LONG_NUMBER = re.compile(rf"[0-9]{{{_MAX_DIGITS + 1},}}")
_FINITE = "a finite number (JSON, and so OpenAPI, has no infinity or NaN)"


def printable_int(value: int) -> bool:
    """Whether ``str(value)`` works (Python refuses more than 4300 decimal digits)."""
    return value.bit_length() <= _MAX_BITS


class _BadJson(Exception):
    """A JSON value outside the policy above, found at ``offset`` in the text."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# A JSON string (skipped) or a number or non-standard constant (checked), in document order.
_JSON_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|(-?(?:Infinity|NaN)|-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)'
)


def _reject_constant(token: str) -> float:
    raise _BadJson(f"{token} is not {_FINITE}")


def _finite_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        shown = token if len(token) <= 40 else token[:37] + "..."
        raise _BadJson(f"{shown} is not {_FINITE}")
    return value


def _bad_number_offset(text: str) -> int | None:
    """Where the first number the JSON policy refuses is (strings skipped)."""
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(1)
        if token is None:
            continue
        if "N" in token or "I" in token or not math.isfinite(float(token)):
            return match.start(1)
    return None


# A backslash escape in a JSON string: a pair of backslashes (skipped), or a UTF-16 surrogate
# escape, high then optionally low (a lone one is refused).
_SURROGATE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(
    r"\\(?:\\"  # an escaped backslash
    r"|u[dD][89abAB][0-9a-fA-F]{2}(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"  # high (and low)
    r"|u[dD][c-fC-F][0-9a-fA-F]{2})"  # a low one on its own
)


def _lone_surrogate_offset(text: str) -> int | None:
    if _SURROGATE_HINT.search(text) is None:  # the common case: no surrogate escape at all
        return None
    for match in _ESCAPE.finditer(text):
        escape = match.group()
        if escape == "\\\\":
            continue
        if escape[2] in "dD" and escape[3] in "89abAB" and match.group(1):
            continue  # a high surrogate followed by a low one: one astral character
        return match.start()
    return None


_STR, _SEQ, _MAP, _MERGE = (
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:merge",
)


class _Unusual(Exception):
    """A tag or key the fast builder leaves to PyYAML's own constructor."""


def _fast_data(loader: _MarkingLoader, root: yaml.Node) -> Any:
    """Plain data from libyaml's node graph, several times faster than SafeConstructor.

    Handles what contracts hold: maps, lists, strings, core-schema numbers, booleans,
    nulls and timestamps (kept as strings). Anything else (merge keys, ``!!binary``,
    ``!!set``, a collection used as a key, local tags) raises ``_Unusual`` and the document
    goes through the full constructor instead. An alias is its target's object, built once.
    """
    built: dict[int, Any] = {}
    marks = loader.marks
    order = loader.order
    spend = loader._spend
    scalar_type, map_type = yaml.ScalarNode, yaml.MappingNode

    def scalar(node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return value
        if tag == "tag:yaml.org,2002:int":
            return _construct_int(loader, node)
        if tag == "tag:yaml.org,2002:float":
            return _construct_float(loader, node)
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:null":
            return None
        raise _Unusual(tag)

    def build(node: yaml.Node) -> Any:
        if type(node) is scalar_type:
            return scalar(node)
        key = id(node)
        if key in built:
            return built[key]
        spend(node)
        if type(node) is map_type:
            if node.tag != _MAP:
                raise _Unusual(node.tag)
            data: dict = {}
            built[key] = data
            where: dict = {}
            marks[id(data)] = where
            order.append(where)
            for key_node, value_node in node.value:
                if type(key_node) is not scalar_type or key_node.tag == _MERGE:
                    raise _Unusual("key")
                name = scalar(key_node)
                if not isinstance(name, str):
                    name = _scalar_key(name)
                mark = key_node.start_mark
                if name in data:
                    raise _duplicate_key(name, where[name], mark)
                where[name] = (mark.line + 1, mark.column + 1)
                data[name] = build(value_node)
            return data
        if node.tag != _SEQ:
            raise _Unusual(node.tag)
        items: list = []
        built[key] = items
        where_items = [
            (item.start_mark.line + 1, item.start_mark.column + 1) for item in node.value
        ]
        marks[id(items)] = where_items
        order.append(where_items)
        items.extend(build(item) for item in node.value)
        return items

    try:
        return build(root)
    finally:
        # ``build`` calls itself through its closure cell: a cycle that would keep every
        # container of the document (``built``) and the loader alive until the cycle
        # collector's next full pass, long after the document itself is dropped.
        build = None  # type: ignore[assignment]


def _load_yaml(text: str, name: str, max_nodes: int) -> tuple[Any, dict, list | None]:
    """(data, marks by container id, marks in build order or None when that order cannot
    be replayed: the slow constructor was needed)."""
    loader = _yaml_loader()(text, name, max_nodes)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, loader.marks, []
        try:
            data = _fast_data(loader, node)
            return data, loader.marks, loader.order
        except (_Unusual, RecursionError):
            loader.marks.clear()
            loader.nodes_left = loader.max_nodes
            return loader.construct_document(node), loader.marks, None
    finally:
        loader.dispose()


def looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return stripped[:1] in ("{", "[")


MAX_FLOW_DEPTH = 1000
DEFAULT_MAX_NODES = 10_000_000
_BRACKETS = re.compile(r"[\[\]{}]")


def _duplicate_key(key: str, first: tuple[int, int], mark: Any) -> Exception:
    """YAML requires the keys of a mapping to be unique. Tools disagree on a repeated one
    (PyYAML and SnakeYAML keep the last value, libyaml's and Go's and JavaScript's strict
    loaders refuse it), so a contract that repeats a key does not say one thing: a reviewer
    may read the first value while a generator uses the last. A YAML error like any other
    (``parse`` words it): text that looked like JSON gets JSON's error instead, as its other
    YAML errors do (``{"a": 1, "a": 2,}`` is a trailing comma; without it, JSON's rule)."""
    return yaml.constructor.ConstructorError(
        None,
        None,
        f"duplicate key {key!r} (first at line {first[0]}, column {first[1]}); "
        "keys of a mapping must be unique",
        mark,
    )


def _yaml_error(exc: Any, text: str, name: str) -> InputError:
    """PyYAML's error at its line and column: a parse error carries a mark; the reader's (a
    character YAML refuses) only an offset in the text ("position 61")."""
    if isinstance(exc, yaml.reader.ReaderError):
        at = min(max(exc.position, 0), len(text))
        character = exc.character if isinstance(exc.character, int) else ord(exc.character[:1])
        return InputError(
            f"invalid YAML: unacceptable character #x{character:04x}: {exc.reason}",
            file=name,
            line=text.count("\n", 0, at) + 1,
            column=at - text.rfind("\n", 0, at),
        )
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "cannot parse"
    return InputError(
        f"invalid YAML: {problem}",
        file=name,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _check_flow_depth(name: str, text: str, limit: int = MAX_FLOW_DEPTH) -> None:
    """Refuse ``[[[[...`` nested past ``limit``: libyaml's composer recurses in C.

    Brackets inside quoted strings are counted too; only a text with more than ``limit``
    of them unclosed trips it, which no real contract has.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, match.start()) + 1
                raise LimitError(
                    f"nesting deeper than {limit} levels (raise it with --max-depth)",
                    file=name,
                    line=line,
                )
        elif depth:
            depth -= 1


def parse(
    name: str, text: str, *, max_depth: int = MAX_FLOW_DEPTH, max_nodes: int = DEFAULT_MAX_NODES
) -> Document:
    """Parse ``text`` as JSON when it looks like JSON, else as YAML, within the limits."""
    json_error: json.JSONDecodeError | None = None
    if looks_like_json(text):
        # Values are at most the separators plus one: an upper bound that costs no parse.
        if text.count(",") + text.count(":") + 1 > max_nodes:
            raise LimitError(f"more than {max_nodes} nodes (raise it with --max-nodes)", file=name)
        if max_depth < MAX_FLOW_DEPTH:  # the C parser itself stops near the default
            _check_flow_depth(name, text, max_depth)
        try:
            data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
            surrogate = _lone_surrogate_offset(text)
            if surrogate is not None:
                raise _BadJson("a lone UTF-16 surrogate escape is not a character", surrogate)
            return Document(name, text, data, "json", None)
        except json.JSONDecodeError as exc:
            json_error = exc
        except _BadJson as exc:
            offset = exc.offset if exc.offset is not None else _bad_number_offset(text)
            line = column = None
            if offset is not None:
                line = text.count("\n", 0, offset) + 1
                column = offset - text.rfind("\n", 0, offset)
            raise InputError(
                f"invalid JSON: {exc.message}", file=name, line=line, column=column
            ) from None
        except ValueError:  # an integer longer than Python's int() reads
            long_number = _LONG_NUMBER.search(text)
            line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
            raise LimitError(
                f"a number with more than {_MAX_DIGITS} digits", file=name, line=line
            ) from None
        except RecursionError:
            raise LimitError(
                "nesting is too deep to parse (Python's JSON parser stops near 1000 levels)",
                file=name,
            ) from None
    _check_flow_depth(name, text, max_depth)
    _yaml_loader()  # PyYAML imported before its errors are caught below
    try:
        with paused():  # the collector costs half the load time of a large YAML file
            data, marks, ordered = _load_yaml(text, name, max_nodes)
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError) as exc:
        if json_error is not None:  # it looked like JSON: JSON's error is the one to show
            raise InputError(
                f"invalid JSON: {json_error.msg}",
                file=name,
                line=json_error.lineno,
                column=json_error.colno,
            ) from None
        raise _yaml_error(exc, text, name) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=name) from None
    except RecursionError:
        raise LimitError("nesting is too deep to parse", file=name) from None
    document = Document(name, text, data, "yaml", marks)
    document.ordered_marks = ordered
    return document
