"""Where a ``.proto`` file's elements are, read from its text rather than from protoc.

protoc records every element's span when asked (``--include_source_info``), but that costs a
quarter of its compile time and quadruples what it writes, for positions a report needs in a
few files only. So protoc compiles without it, and this module finds, in the text of a file
that has a reported finding, where each statement begins, under the same descriptor paths
protoc gives (``(4, 0, 2, 3)``: the first message's fourth field) and at the same line and
column (0-based, bytes, a tab advancing to the next multiple of 8, as protoc counts).

It is not a parser: the file has compiled already, so only statement boundaries, keywords and
the counters protoc keeps per element kind are followed (map fields and groups take a nested
message's index, a group in a file-level ``extend`` a top-level one). The tests hold it to
protoc's own source info on every Protobuf tree of the corpus and fixtures. A construct it
does not know ends the scan; its paths are then unknown, and a position falls back to the
enclosing element's, as it does when protoc records nothing.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
from collections.abc import Callable
from typing import Any

__all__ = ["Scan", "options_resolver", "scan"]

Path = tuple[int, ...]
# (options kind, option name, scope, an extension?) -> (field number, repeated), or None.
Resolver = Callable[[str, str, tuple[str, ...], bool], "tuple[int, bool] | None"]

_COMMENT = rb"//[^\n]*+|/\*(?:[^*]++|\*(?!/))*+\*/"
_STRING = rb'"(?:[^"\\\n]++|\\.)*+"|\'(?:[^\'\\\n]++|\\.)*+\''
# Trivia, then a statement's text up to its end (``;``, ``{`` or ``}``), strings and
# comments taken whole. Possessive: no input makes it backtrack.
_STATEMENT = re.compile(
    rb"(?:\s++|" + _COMMENT + rb")*+"
    rb"(?P<body>(?P<word>[A-Za-z_]\w*+)?(?:[^;{}\"'/]++|" + _STRING + rb"|" + _COMMENT + rb"|/)*+)"
    rb"(?P<end>[;{}])",
    re.S,
)
_STRINGS_AND_COMMENTS = re.compile(_STRING + rb"|" + _COMMENT, re.S)
_WORD = re.compile(rb"[A-Za-z_]\w*+")
_GROUP = re.compile(rb"(?:(?:optional|required|repeated)\s++)?group\b")
_MAP = re.compile(rb"map\s*+<")
# A token of a statement whose strings and comments are blanked: a (dotted, maybe
# parenthesized) name, a number, a string's blank, or one character.
_TOKEN = re.compile(
    rb"\s*+(?P<tok>\.?[A-Za-z_]\w*+(?:\.[A-Za-z_]\w*+)*+"
    rb"|[-+]?[0-9][\w.]*+(?:[eE][-+]?[0-9]++)?|\S)"
)
# Inside an aggregate option value: everything but braces, strings and comments.
_AGGREGATE = re.compile(
    rb"(?:[^{}\"'/]++|" + _STRING + rb"|" + _COMMENT + rb"|/)*+(?P<brace>[{}])?", re.S
)
_LABELS = frozenset((b"optional", b"required", b"repeated"))
_SCALARS = frozenset(
    b"double float int32 int64 uint32 uint64 sint32 sint64 fixed32 fixed64 sfixed32 "
    b"sfixed64 bool string bytes".split()
)
_TAB = 8

# Element kinds, each with its options' field number in its parent, for option paths.
_FILE, _MESSAGE, _ENUM, _SERVICE, _METHOD, _ONEOF, _EXTEND, _SKIP = range(8)


class _Element:
    """An open block: its kind, path, options path and the counters of what it holds."""

    __slots__ = ("counts", "kind", "options", "owner", "path", "repeats", "scope")

    def __init__(
        self,
        kind: int,
        path: Path,
        options: Path | None,
        scope: tuple[str, ...],
        owner: _Element | None = None,
    ) -> None:
        self.kind, self.path, self.options, self.scope = kind, path, options, scope
        self.owner = owner  # a oneof's or an extend's message (or file)
        self.counts: dict[int, int] = {}
        self.repeats: dict[Path, int] = {}

    def next(self, number: int) -> int:
        index = self.counts.get(number, 0)
        self.counts[number] = index + 1
        return index


class Scan:
    """The statements of one file: each path's first offset, and the fields' and methods'
    statements, whose parts (type, number, options) are read when first asked for."""

    def __init__(self, data: bytes, resolve: Resolver) -> None:
        self.data = data
        self.resolve = resolve
        self.offsets: dict[Path, int] = {}
        self.parts: dict[Path, tuple[str, int, int, tuple[str, ...]]] = {}
        self._read: set[Path] = set()
        self._lines: list[int] | None = None

    def position(self, path: Path) -> tuple[int, int] | None:
        """0-based line and column of ``path``, as protoc's span would start."""
        offset = self.offsets.get(path)
        if offset is None:
            for cut in (1, 2, 3):
                owner = path[:-cut]
                if owner in self.parts and owner not in self._read:
                    self._read.add(owner)
                    self._parts(owner)
                    offset = self.offsets.get(path)
                    break
        if offset is None:
            return None
        if self._lines is None:  # where each line starts, for every position asked
            lengths = (len(line) + 1 for line in self.data.split(b"\n"))
            self._lines = list(itertools.accumulate(lengths, initial=0))
        line = bisect.bisect_right(self._lines, offset) - 1
        start = self._lines[line]
        prefix = self.data[start:offset]
        if b"\t" not in prefix:
            return line, offset - start
        column = 0
        for byte in prefix:
            column = column + _TAB - column % _TAB if byte == 9 else column + 1
        return line, column

    def _set(self, path: Path, offset: int) -> None:
        self.offsets.setdefault(path, offset)

    def _parts(self, path: Path) -> None:
        kind, start, end, scope = self.parts[path]
        tokens = _tokens(self.data, start, end)
        if kind == "method":
            _method_parts(self, path, tokens)
        else:
            _field_parts(self, path, tokens, scope)

    def option(
        self,
        owner: str,
        prefix: Path,
        name: bytes,
        offset: int,
        scope: tuple[str, ...],
        repeats: dict[Path, int],
    ) -> None:
        """An option set at ``offset``: its path under ``prefix`` (options of ``owner``
        kind), as protoc's option interpreter rewrites it."""
        text = b"".join(name.split()).decode("utf-8", "replace")
        if text.startswith("("):  # an extension, maybe with sub-fields: ``(a.b).c``
            close = text.find(")")
            if close < 0 or close + 1 != len(text):
                return  # a sub-field's path needs its message's numbers: none asked for
            found = self.resolve(owner, text[1:close], scope, True)
        elif text.startswith("features."):
            found = self.resolve("features", text.removeprefix("features."), (), False)
            top = self.resolve(owner, "features", (), False)
            if found is None or top is None:
                return
            self._set((*prefix, top[0], found[0]), offset)
            return
        elif "." in text:
            return
        else:
            found = self.resolve(owner, text, (), False)
        if found is None:
            return
        number, repeated = found
        path = (*prefix, number)
        if repeated:
            index = repeats.get(path, 0)
            repeats[path] = index + 1
            path = (*path, index)
        self._set(path, offset)


def scan(data: bytes, resolve: Resolver) -> Scan:
    """Every statement of ``data`` (a file protoc compiled), indexed by descriptor path."""
    out = Scan(data, resolve)
    with contextlib.suppress(_Stop):
        _walk(out, data)
    return out


class _Stop(Exception):
    """Text the scan does not follow: the paths found so far stand."""


def _walk(out: Scan, data: bytes) -> None:
    root = _Element(_FILE, (), (8,), ())
    stack = [root]
    pos, size = 0, len(data)
    match = _STATEMENT.match
    while pos < size:
        found = match(data, pos)
        if found is None:
            return  # trivia to the end (or text protoc would refuse)
        word, end = found.group("word", "end")
        start, body_end = found.span("body")
        if start == body_end:
            body = b""
            start = body_end
        else:
            body = data[start:body_end]
        pos = found.end()
        if end == b"{" and (b"=" in body or b"[" in body):
            open_brackets, after_equals = _brackets(body)
            if after_equals or open_brackets > 0:
                pos, end = _skip_value(data, pos, open_brackets)
                body = data[start:pos]
        top = stack[-1]
        if not body:
            if end == b"}":
                stack.pop()
                if not stack:
                    raise _Stop
            elif end == b"{":
                raise _Stop
            continue
        word = word or b""
        if top.kind == _SKIP:
            if end == b"{":
                stack.append(_Element(_SKIP, (), None, ()))
            elif end == b"}":
                stack.pop()
            continue
        if word in _VISIBILITY:  # edition 2024's `local` / `export` before message, enum
            keyword = _VISIBLE.match(body)
            if keyword is not None:
                word = keyword.group(1)
                start += keyword.start(1)  # protoc's span starts at the keyword
                body = body[keyword.start(1) :]
        opened = _statement(out, top, word, body, start, pos, end)
        if end == b"{":
            stack.append(opened or _Element(_SKIP, (), None, ()))
        elif end == b"}":
            raise _Stop  # a statement closed by a brace: not protobuf we follow


_VISIBILITY = frozenset((b"local", b"export"))
_VISIBLE = re.compile(rb"(?:local|export)\s+(message|enum)\b")


def _statement(
    out: Scan, top: _Element, word: bytes, body: bytes, start: int, pos: int, end: bytes
) -> _Element | None:
    """Record one statement of ``top``; the element it opens (``{``), if any."""
    kind = top.kind
    if word == b"option" and top.options is not None:
        name_end = body.find(b"=")
        if b"/" in body[:name_end]:  # a comment before the "="
            clean = _clean(body)
            name_end = clean.find(b"=")
            body = clean
        name = body[6:name_end]
        if name_end > 0:
            owner = _owner_name(top)
            out.option(owner, top.options, name, start, top.scope, top.repeats)
        return None
    if kind == _FILE:
        if word in (b"syntax", b"edition"):
            out._set((12,), start)
        elif word == b"package":
            out._set((2,), start)
            name = _clean(body[7:]).strip()
            top.scope = tuple(name.decode("utf-8", "replace").split(".")) if name else ()
        elif word == b"message":
            path = (4, top.next(4))
            out._set(path, start)
            return _Element(_MESSAGE, path, (*path, 7), (*top.scope, _name(body)))
        elif word == b"enum":
            path = (5, top.next(5))
            out._set(path, start)
            return _Element(_ENUM, path, (*path, 3), top.scope)
        elif word == b"service":
            path = (6, top.next(6))
            out._set(path, start)
            return _Element(_SERVICE, path, (*path, 3), top.scope)
        elif word == b"extend":
            return _Element(_EXTEND, (), None, top.scope, top)
        return None
    if kind in (_MESSAGE, _ONEOF, _EXTEND):
        message = top.owner if kind != _MESSAGE else top
        assert message is not None
        if kind == _MESSAGE:
            if word == b"message":
                path = (*top.path, 3, top.next(3))
                out._set(path, start)
                return _Element(_MESSAGE, path, (*path, 7), (*top.scope, _name(body)))
            if word == b"enum":
                path = (*top.path, 4, top.next(4))
                out._set(path, start)
                return _Element(_ENUM, path, (*path, 3), top.scope)
            if word == b"extend":
                return _Element(_EXTEND, top.path, None, top.scope, top)
            if word == b"oneof":
                path = (*top.path, 8, top.next(8))
                out._set(path, start)
                return _Element(_ONEOF, path, (*path, 2), top.scope, top)
            if word == b"reserved":
                out._set((*top.path, 10 if _reserves_names(body) else 9), start)
                return None
            if word in (b"extensions", b"option"):
                return None
        return _field(out, top, message, word, body, start, pos, end)
    if kind == _ENUM:
        if word == b"reserved":
            out._set((*top.path, 5 if _reserves_names(body) else 4), start)
        elif word:
            out._set((*top.path, 2, top.next(2)), start)
        return None
    if kind == _SERVICE:
        if word == b"rpc":
            path = (*top.path, 2, top.next(2))
            out._set(path, start)
            out.parts[path] = ("method", start, pos, top.scope)
            return _Element(_METHOD, path, (*path, 4), top.scope)
        return None
    return None  # a method's body holds options only


def _field(
    out: Scan,
    top: _Element,
    message: _Element,
    word: bytes,
    body: bytes,
    start: int,
    pos: int,
    end: bytes,
) -> _Element | None:
    """A field of a message, oneof or extend (a group also declares a message)."""
    if top.kind == _EXTEND:
        holder = message  # the file (7) or the message (6) the extend is written in
        number = 7 if holder.kind == _FILE else 6
        path = (*holder.path, number, holder.next(number))
    else:
        path = (*message.path, 2, message.next(2))
    out._set(path, start)
    out.parts[path] = ("field", start, pos, top.scope)
    clean = _clean(body) if b"group" in body or word == b"map" else b""
    if clean and _GROUP.match(clean):
        if message.kind == _FILE:  # a group of a file-level extend: a top-level message
            group = (4, message.next(4))
        else:
            group = (*message.path, 3, message.next(3))
        out._set(group, start)
        if end == b"{":
            name = _WORD.findall(clean.split(b"group", 1)[1])
            scope = (*top.scope, name[0].decode("utf-8", "replace")) if name else top.scope
            return _Element(_MESSAGE, group, (*group, 7), scope)
    elif clean and _MAP.match(clean) and message.kind == _MESSAGE:
        message.next(3)  # its entry message
    return None


def _field_parts(out: Scan, path: Path, tokens: list[tuple[int, bytes]], scope: tuple) -> None:
    at = 0
    if at < len(tokens) and tokens[at][1] in _LABELS:
        out._set((*path, 4), tokens[at][0])
        at += 1
    if at >= len(tokens):
        return
    offset, text = tokens[at]
    if text == b"group" and at + 1 < len(tokens):  # its name is its type's
        out._set((*path, 5), offset)
        at += 1
        out._set((*path, 6), tokens[at][0])
    else:
        if text == b"map":
            out._set((*path, 6), offset)
            while at < len(tokens) and tokens[at][1] != b">":
                at += 1
        else:
            out._set((*path, 5 if text in _SCALARS else 6), offset)
            while at + 1 < len(tokens) and tokens[at + 1][1][:1] == b".":  # `Outer\n .Inner`
                at += 2 if tokens[at + 1][1] == b"." else 1
        at += 1
    if at < len(tokens):
        out._set((*path, 1), tokens[at][0])
    at += 2  # the name, "="
    if at < len(tokens):
        out._set((*path, 3), tokens[at][0])
    at += 1
    if at < len(tokens) and tokens[at][1] == b"[":
        _bracket_options(out, path, tokens, at + 1, scope)


def _bracket_options(
    out: Scan, path: Path, tokens: list[tuple[int, bytes]], at: int, scope: tuple
) -> None:
    """``[name = value, ...]`` of a field: ``default`` and ``json_name`` are the field's own
    (the value's place, the name's place); the rest are options (8, number)."""
    repeats: dict[Path, int] = {}
    while at < len(tokens):
        name_at = at
        while at < len(tokens) and tokens[at][1] not in (b"=", b"]"):
            at += 1
        if at >= len(tokens) or tokens[at][1] != b"=":
            return
        name = b"".join(t for _, t in tokens[name_at:at])
        value_at = at + 1
        if value_at >= len(tokens):
            return
        if name == b"default":
            out._set((*path, 7), tokens[value_at][0])
        elif name == b"json_name":
            out._set((*path, 10), tokens[name_at][0])
        else:
            out.option("field", (*path, 8), name, tokens[name_at][0], scope, repeats)
        at, depth = value_at, 0
        while at < len(tokens):  # to the comma or bracket that ends the value
            text = tokens[at][1]
            if text in (b"{", b"[", b"<"):
                depth += 1
            elif text in (b"}", b">") or (text == b"]" and depth):
                depth -= 1
            elif depth == 0 and text in (b",", b"]"):
                break
            at += 1
        if at >= len(tokens) or tokens[at][1] == b"]":
            return
        at += 1


def _method_parts(out: Scan, path: Path, tokens: list[tuple[int, bytes]]) -> None:
    """``rpc Name (stream In) returns (stream Out)``: input type (2), output type (3)."""
    opens = [i for i, (_, text) in enumerate(tokens) if text == b"("]
    for number, at in zip((2, 3), opens[:2], strict=False):
        at += 1
        stream = at + 1 < len(tokens) and tokens[at][1] == b"stream"
        if stream and tokens[at + 1][1] != b")":  # not a message named ``stream``
            out._set((*path, 5 if number == 2 else 6), tokens[at][0])
            at += 1
        if at < len(tokens):
            out._set((*path, number), tokens[at][0])


def _tokens(data: bytes, start: int, end: int) -> list[tuple[int, bytes]]:
    """The tokens of ``data[start:end]`` with their offsets (strings and comments blanked:
    a string is one token ``"``)."""
    text = _clean(data[start:end])
    out = []
    for found in _TOKEN.finditer(text):
        out.append((start + found.start("tok"), found.group("tok")))
    return out


def _clean(text: bytes) -> bytes:
    """``text`` with comments blanked and strings reduced to their quotes, lengths kept."""
    if b"/" not in text and b'"' not in text and b"'" not in text:
        return text
    return _STRINGS_AND_COMMENTS.sub(_blank, text)


def _blank(found: re.Match[bytes]) -> bytes:
    text = found.group()
    if text[:1] in (b'"', b"'"):
        return text[:1] + b" " * (len(text) - 2) + text[:1]
    return b" " * len(text)


def _brackets(body: bytes) -> tuple[int, bool]:
    """How many ``[`` of ``body`` (a statement's text so far) are open, and whether it ends
    with ``=``: a ``{`` after it opens an option's aggregate value, not a block."""
    clean = _clean(body)
    return clean.count(b"[") - clean.count(b"]"), clean.rstrip().endswith(b"=")


def _skip_value(data: bytes, pos: int, open_brackets: int) -> tuple[int, bytes]:
    """Past the aggregate value opened just before ``pos`` and the rest of its statement
    (which may hold more: ``[a = {}, b = {}]``); the position after it and what ended it."""
    while True:
        depth = 1
        while depth:
            found = _AGGREGATE.match(data, pos)
            if found is None or found.group("brace") is None:
                raise _Stop
            pos = found.end()
            depth += 1 if found.group("brace") == b"{" else -1
        rest = _STATEMENT.match(data, pos)
        if rest is None:
            raise _Stop
        pos, end = rest.end(), rest.group("end")
        more, after_equals = _brackets(rest.group("body"))
        open_brackets += more
        if end != b"{" or not (after_equals or open_brackets > 0):
            return pos, end


def _reserves_names(body: bytes) -> bool:
    """A ``reserved`` statement of names (quoted, or bare in editions), not of numbers."""
    rest = _clean(body[8:]).lstrip()
    return rest[:1] in (b'"', b"'") or bool(_WORD.match(rest))


def _name(body: bytes) -> str:
    words = _WORD.findall(_clean(body))
    return words[1].decode("utf-8", "replace") if len(words) > 1 else ""


def _owner_name(element: _Element) -> str:
    return _OWNERS.get(element.kind, "")


_OWNERS = {
    _FILE: "file",
    _MESSAGE: "message",
    _ENUM: "enum",
    _SERVICE: "service",
    _METHOD: "method",
    _ONEOF: "oneof",
}


def options_resolver(
    pb: Any, extensions: Callable[[], dict[str, tuple[str, int, bool]]]
) -> Resolver:
    """Option names -> (number, repeated): standard options and features from
    ``descriptor_pb2``; extensions from ``extensions()`` (full name -> (extendee, number,
    repeated), asked for once), looked up from the innermost scope outwards, as protoc does."""
    cache: dict[tuple[str, str, tuple[str, ...], bool], tuple[int, bool] | None] = {}
    known: list[dict[str, tuple[str, int, bool]]] = []

    def resolve(
        owner: str, name: str, scope: tuple[str, ...], extension: bool
    ) -> tuple[int, bool] | None:
        key = (owner, name, scope, extension)
        if key in cache:
            return cache[key]
        message = _KINDS.get(owner)
        found = None
        if message is not None and extension:
            if not known:
                known.append(extensions())
            found = _extension(known[0], message, name, scope)
        elif message is not None:
            field = getattr(pb, message).DESCRIPTOR.fields_by_name.get(name)
            found = None if field is None else (field.number, _is_repeated(field))
        cache[key] = found
        return found

    return resolve


_KINDS = {
    "file": "FileOptions",
    "message": "MessageOptions",
    "enum": "EnumOptions",
    "service": "ServiceOptions",
    "method": "MethodOptions",
    "oneof": "OneofOptions",
    "field": "FieldOptions",
    "features": "FeatureSet",
}


def _extension(
    extensions: dict[str, tuple[str, int, bool]], message: str, name: str, scope: tuple[str, ...]
) -> tuple[int, bool] | None:
    extendee = f"google.protobuf.{message}"
    if name.startswith("."):
        candidates = [name[1:]]
    else:
        candidates = [".".join((*scope[:n], name)) for n in range(len(scope), -1, -1)]
    for candidate in candidates:
        found = extensions.get(candidate)
        if found is not None:
            return (found[1], found[2]) if found[0] == extendee else None
    return None


def _is_repeated(field: Any) -> bool:
    found = getattr(field, "is_repeated", None)
    return bool(found) if found is not None else field.label == 3
