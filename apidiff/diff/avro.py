"""Avro payloads, compared by Avro's own schema resolution (the specification's "Schema
Resolution", as Confluent Schema Registry applies it).

Who reads with which schema follows the message's direction. What the application sends
(``RESPONSE``) is written with NEW and read by consumers that still hold OLD: reader OLD,
writer NEW (Confluent FORWARD). What it receives (``REQUEST``) is written by producers with
OLD and read by the application with NEW: reader NEW, writer OLD (Confluent BACKWARD). Each
difference is reported as what changed from OLD to NEW, with ``breaks`` set when the reader
cannot resolve the writer's data: a reader field the writer lacks with no default, a type
that does not promote (int -> long -> float -> double, string <-> bytes), an enum symbol the
reader lacks with no enum default, a writer union branch the reader cannot take, a named
type renamed without an alias.
"""

from __future__ import annotations

from ..model import Direction
from ..model.asyncapi import AvroType
from .site import Site

__all__ = ["compare", "promotes"]

_PROMOTIONS = {
    ("int", "long"),
    ("int", "float"),
    ("int", "double"),
    ("long", "float"),
    ("long", "double"),
    ("float", "double"),
    ("string", "bytes"),
    ("bytes", "string"),
}
_NAMED = ("record", "enum", "fixed")
_MAX_DEPTH = 200


def promotes(writer: str, reader: str) -> bool:
    """A writer's primitive ``writer`` is read as ``reader`` (equal, or promoted)."""
    return writer == reader or (writer, reader) in _PROMOTIONS


def compare(old: AvroType, new: AvroType, site: Site, direction: Direction) -> None:
    """Report how ``new`` differs from ``old``, judged for the reader of ``direction``."""
    _Avro(site, direction).node(old, new, (), 0)


def _short(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]


def _label(node: AvroType) -> str:
    if node.kind == "union":
        return "union[" + ", ".join(_label(b) for b in node.branches) + "]"
    return node.name or node.kind


class _Avro:
    def __init__(self, site: Site, direction: Direction) -> None:
        self.site = site
        self.old_reads = direction is Direction.RESPONSE  # the reader holds OLD
        self.seen: set[tuple[int, int]] = set()
        self.resolved: dict[tuple[int, int], bool] = {}

    def reader_writer(self, old, new):
        return (old, new) if self.old_reads else (new, old)

    def emit(
        self, kind: str, path: tuple[str, ...], old_node, new_node, *extra: str, **info
    ) -> None:
        """``path``: the field names down to the change (what people read); ``extra``: what
        else identifies it (a symbol, a branch)."""
        where = self.site.where + (f" field `{'.'.join(path)}`" if path else "")
        self.site.emit(
            f"asyncapi.avro.{kind}",
            *path,
            *extra,
            where=where,
            old_loc=old_node.location if old_node is not None else None,
            new_loc=new_node.location if new_node is not None else None,
            **info,
        )

    def resolves(self, writer: AvroType, reader: AvroType, depth: int = 0) -> bool:
        """Can data written with ``writer`` be read with ``reader`` (shape only). Memoized
        per pair of nodes, a pair being resolved assumed to resolve (recursive records), so
        the cost is the number of node pairs, whatever shares or recurses."""
        key = (id(writer), id(reader))
        known = self.resolved.get(key)
        if known is not None:
            return known
        if depth > _MAX_DEPTH:
            return True
        self.resolved[key] = True
        self.resolved[key] = answer = self._resolves(writer, reader, depth)
        return answer

    def _resolves(self, writer: AvroType, reader: AvroType, depth: int) -> bool:
        if writer.kind == "union":
            return all(self.resolves(b, reader, depth + 1) for b in writer.branches)
        if reader.kind == "union":
            return any(self.resolves(writer, b, depth + 1) for b in reader.branches)
        if writer.kind != reader.kind:
            return promotes(writer.kind, reader.kind)
        if writer.kind in _NAMED and not self.same_name(writer, reader):
            return False
        if writer.kind == "fixed":
            return writer.size == reader.size
        if writer.kind == "array":
            return self.resolves(writer.items, reader.items, depth + 1)
        if writer.kind == "map":
            return self.resolves(writer.values, reader.values, depth + 1)
        if writer.kind == "enum":
            return reader.enum_default is not None or set(writer.symbols) <= set(reader.symbols)
        if writer.kind == "record":
            if id(writer) == id(reader):
                return True
            by_name = {f.name: f for f in writer.fields}
            for field in reader.fields:
                match = by_name.get(field.name) or next(
                    (by_name[a] for a in field.aliases if a in by_name), None
                )
                if match is None:
                    if field.default is None:
                        return False
                elif not self.resolves(match.type, field.type, depth + 1):
                    return False
            return True
        return True

    @staticmethod
    def same_name(writer: AvroType, reader: AvroType) -> bool:
        if writer.name is None or reader.name is None:
            return True
        return _short(writer.name) == _short(reader.name) or writer.name in reader.aliases

    def node(self, old: AvroType, new: AvroType, path: tuple[str, ...], depth: int) -> None:
        if (id(old), id(new)) in self.seen or depth > _MAX_DEPTH:
            return
        self.seen.add((id(old), id(new)))
        reader, writer = self.reader_writer(old, new)
        if old.kind == "union" or new.kind == "union":
            self.union(old, new, path, depth)
            return
        if old.kind != new.kind or (old.kind == "fixed" and old.size != new.size):
            self.emit(
                "type.changed",
                path,
                old,
                new,
                "type",
                old=_label(old),
                new=_label(new),
                breaks=not self.resolves(writer, reader),
            )
            return
        if old.kind in _NAMED and _short(old.name) != _short(new.name):
            self.emit(
                "name.changed",
                path,
                old,
                new,
                "name",
                old=old.name,
                new=new.name,
                breaks=not self.same_name(writer, reader),
            )
        if old.kind == "array":
            self.node(old.items, new.items, path, depth + 1)
        elif old.kind == "map":
            self.node(old.values, new.values, path, depth + 1)
        elif old.kind == "enum":
            self.enum(old, new, path)
        elif old.kind == "record":
            self.record(old, new, path, depth)

    def enum(self, old: AvroType, new: AvroType, path: tuple[str, ...]) -> None:
        reader, _writer = self.reader_writer(old, new)
        before, after = set(old.symbols), set(new.symbols)  # 50,000 symbols: not n² lookups
        for symbol in [s for s in old.symbols if s not in after]:
            # The writer may still send it when it is the one holding OLD.
            breaks = not self.old_reads and reader.enum_default is None
            self.emit(
                "symbol.removed", path, old, new, "symbols", symbol, old=symbol, breaks=breaks
            )
        for symbol in [s for s in new.symbols if s not in before]:
            breaks = self.old_reads and reader.enum_default is None
            self.emit("symbol.added", path, old, new, "symbols", symbol, new=symbol, breaks=breaks)

    def record(self, old: AvroType, new: AvroType, path: tuple[str, ...], depth: int) -> None:
        old_fields = {f.name: f for f in old.fields}
        new_fields = {f.name: f for f in new.fields}
        # A field renamed with the old name as an alias is the same field.
        renamed = {}
        for f in new.fields:
            if f.name not in old_fields:
                alias = next((a for a in sorted(f.aliases) if a in old_fields), None)
                if alias is not None and alias not in new_fields:
                    renamed[alias] = f.name
        for name, field in old_fields.items():
            if name in new_fields or name in renamed:
                continue
            # Gone from NEW: breaks when OLD reads (consumers) and OLD had no default.
            breaks = self.old_reads and field.default is None
            self.emit(
                "field.removed",
                (*path, name),
                field,
                None,
                old=name,
                breaks=breaks,
                default=field.default is not None,
            )
        for name, field in new_fields.items():
            if name in old_fields or name in renamed.values():
                continue
            breaks = not self.old_reads and field.default is None
            self.emit(
                "field.added",
                (*path, name),
                None,
                field,
                new=name,
                breaks=breaks,
                default=field.default is not None,
            )
        for name, field in old_fields.items():
            other = new_fields.get(renamed.get(name, name))
            if other is None:
                continue
            sub = (*path, other.name)
            if field.default != other.default:
                reader = field if self.old_reads else other
                self.emit(
                    "default.changed",
                    sub,
                    field,
                    other,
                    "default",
                    old=field.default,
                    new=other.default,
                    breaks=False,
                    removed=reader.default is None and field.default != other.default,
                )
            self.node(field.type, other.type, sub, depth + 1)

    def union(self, old: AvroType, new: AvroType, path: tuple[str, ...], depth: int) -> None:
        olds = old.branches if old.kind == "union" else (old,)
        news = new.branches if new.kind == "union" else (new,)
        reader, writer = self.reader_writer(old, new)
        old_labels = {_label(b): b for b in olds}
        new_labels = {_label(b): b for b in news}
        for label, branch in old_labels.items():
            if label in new_labels:
                self.node(branch, new_labels[label], path, depth + 1)
        for label, branch in old_labels.items():
            if label not in new_labels:
                # A branch OLD writers may use that NEW readers cannot take.
                breaks = not self.old_reads and not self.resolves(branch, reader)
                self.emit(
                    "branch.removed",
                    path,
                    branch,
                    None,
                    "union",
                    label,
                    old=label,
                    breaks=breaks,
                )
        for label, branch in new_labels.items():
            if label not in old_labels:
                breaks = self.old_reads and not self.resolves(branch, reader)
                self.emit(
                    "branch.added", path, None, branch, "union", label, new=label, breaks=breaks
                )
        del writer
