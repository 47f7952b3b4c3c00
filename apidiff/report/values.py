"""A finding's before/after values for the JSON report, bounded, and what changed inside them.

A value comes from the contract (an example, a default, an extension) and may be huge or a
YAML alias bomb, so nothing here calls ``str``/``json.dumps`` on it: ``canonical`` decides,
at the cost of the value's distinct nodes, whether it is small (compact JSON of at most
``SMALL`` characters). A small value is written as it is (keys sorted, as its canonical
JSON); a larger one as a preview of its first ``PREVIEW`` characters with a flag. Only when
both sides are small containers does ``deepdiff`` say what changed inside them: a short,
sorted list of JSON-pointer paths (deepdiff never sees a large value, and never classifies:
it knows neither direction nor ``$ref``).
"""

from __future__ import annotations

import json
from typing import Any

from ..canonical import SMALL, Canonical, preview
from ..result import Finding

__all__ = ["DELTA_SHOWN", "PREVIEW", "VALUE_LIMIT", "delta", "values"]

VALUE_LIMIT = SMALL  # characters of compact JSON a value may have to be written whole
PREVIEW = 200  # characters of a larger value's preview
DELTA_SHOWN = 20  # entries of a delta; ``delta_count`` says how many there are past that

_CONTAINERS = (dict, list, tuple)
_SCALARS = (str, int, float, bool)
_CHANGES = {
    "dictionary_item_added": "added",
    "iterable_item_added": "added",
    "dictionary_item_removed": "removed",
    "iterable_item_removed": "removed",
}
_ABSENT = object()


def values(finding: Finding, canon: Canonical) -> dict[str, Any]:
    """``old_value``/``new_value`` (each only when the finding has it), their
    ``*_truncated`` flags, and ``delta``/``delta_count`` for two small structured values.

    ``canon`` is one per report: a value shared by many findings is measured once."""
    out: dict[str, Any] = {}
    small: dict[str, Any] = {}
    for side, value in (("old", finding.old), ("new", finding.new)):
        if value is None:
            continue
        data = _small(value, canon)
        if data is _ABSENT:
            out[f"{side}_value"] = _preview(value)
            out[f"{side}_value_truncated"] = True
        else:
            out[f"{side}_value"] = small[side] = data
    # A printed value (a GraphQL default, `{a: 1}`) may come with its data for the delta.
    pair = finding.info.get("values")
    if isinstance(pair, tuple) and len(pair) == 2:
        small = {}
        for side, value in zip(("old", "new"), pair, strict=True):
            data = _small(value, canon) if value is not None else _ABSENT
            if data is not _ABSENT:
                small[side] = data
    if isinstance(small.get("old"), _CONTAINERS) and isinstance(small.get("new"), _CONTAINERS):
        entries = delta(small["old"], small["new"])
        if entries:
            out["delta"] = entries[:DELTA_SHOWN]
            if len(entries) > DELTA_SHOWN:
                out["delta_count"] = len(entries)
    return out


def _small(value: Any, canon: Canonical) -> Any:
    """``value`` as plain JSON data when its compact JSON is at most VALUE_LIMIT characters
    (keys sorted, ``1.0`` as ``1``, tuples as lists), else ``_ABSENT``."""
    kind = type(value)
    if kind is str:  # most values: a string's JSON data is the string itself
        return value if len(value) <= VALUE_LIMIT and len(canon(value)) <= VALUE_LIMIT else _ABSENT
    if kind is bool:
        return value
    if isinstance(value, set | frozenset):
        value = sorted(value, key=canon)
    elif not isinstance(value, (*_CONTAINERS, *_SCALARS)) and value is not None:
        value = str(value)  # not a contract value: a model object, whose repr is short
    if isinstance(value, _CONTAINERS):
        key = canon.short_key(value)
        if key is None:
            return _ABSENT
    elif canon.is_short(value):
        key = canon(value)
    else:
        return _ABSENT
    if len(key) > VALUE_LIMIT:  # a number too long to print (is_short measures strings only)
        return _ABSENT
    try:
        return json.loads(key)
    except ValueError:  # pragma: no cover - canonical JSON of a short value always parses
        return _ABSENT


def _preview(value: Any) -> str:
    """The first PREVIEW characters: a string's own text, else its JSON, ending in ``...``."""
    if isinstance(value, str):
        return value[: PREVIEW - 3] + "..."
    return preview(value, PREVIEW)


def delta(old: Any, new: Any) -> list[dict[str, Any]]:
    """What changed inside two small JSON values: ``{path, change, before, after}`` entries
    sorted by path, ``path`` a JSON pointer (RFC 6901) from the value's root — in OLD for a
    removal, in NEW otherwise (list items are matched as deepdiff matches them, in order) —
    ``change`` one of ``added``, ``removed``, ``changed``; ``before``/``after`` the values
    there, each present only where that side has one."""
    entries: list[tuple[tuple, dict[str, Any]]] = []
    try:
        _walk(old, new, [], entries)
    except _Unsupported:
        entries = _deepdiff(old, new)
    entries.sort(key=lambda item: (item[0], item[1]["change"]))
    return [entry for _, entry in entries]


class _Unsupported(Exception):
    """A value JSON does not hold (a tuple, a set, an object): deepdiff's own answer."""


# DeepDiff's defaults, which ``_walk`` follows: dict keys starting with ``__`` are ignored
# (ignore_private_variables); two dicts sharing fewer than a third of their keys are one
# changed value (threshold_to_diff_deeper); lists holding a container are compared item by
# item, by index.
_DEEPER = 0.33
_PLAIN = (str, int, float, bool, type(None))
_JSON = (*_PLAIN, dict, list)


def _walk(old: Any, new: Any, path: list, entries: list) -> None:
    """DeepDiff's answer for the JSON values a report holds, without importing it (about
    40 ms of imports: it pulls in asyncio and ssl): the same entries; a value JSON does not
    hold raises ``_Unsupported``."""
    if old is new:
        return
    if type(old) is not type(new):
        if type(old) not in _JSON or type(new) not in _JSON:
            raise _Unsupported
        _entry(entries, path, "changed", old, new)
    elif type(old) is dict:
        keys_old = [k for k in old if not (type(k) is str and k.startswith("__"))]
        keys_new = [k for k in new if not (type(k) is str and k.startswith("__"))]
        both = set(keys_old) & set(keys_new)
        union = len(set(keys_old) | set(keys_new))
        if union > 1 and len(both) / union < _DEEPER:
            _entry(entries, path, "changed", old, new)
            return
        for key in keys_new:
            if key not in both:
                _entry(entries, [*path, key], "added", None, new[key])
        for key in keys_old:
            if key not in both:
                _entry(entries, [*path, key], "removed", old[key], None)
        for key in both:
            _walk(old[key], new[key], [*path, key], entries)
    elif type(old) is list:
        if all(type(x) in _PLAIN for x in old) and all(type(x) in _PLAIN for x in new):
            if not _same(old, new):
                _plain_lists(old, new, path, entries)
            return
        for index in range(max(len(old), len(new))):
            if index >= len(new):
                _entry(entries, [*path, index], "removed", old[index], None)
            elif index >= len(old):
                _entry(entries, [*path, index], "added", None, new[index])
            else:
                _walk(old[index], new[index], [*path, index], entries)
    elif type(old) not in _PLAIN:
        raise _Unsupported  # a tuple, a set, an object: not what a report's values hold
    elif old != new:
        _entry(entries, path, "changed", old, new)


def _plain_lists(old: list, new: list, path: list, entries: list) -> None:
    """Two unequal lists of plain values, as deepdiff compares them (its default: in order),
    without importing it: difflib's alignment, each replaced stretch paired item by item;
    when that reports more than one entry, item-by-item pairing of the whole lists instead if
    it reports no more; then an item removed and one added at the same index become one
    changed item. A property test holds this to deepdiff's own answer."""
    import difflib

    aligned: list[tuple[str, int, Any, Any]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            aligned += _paired(old[i1:i2], new[j1:j2], i1, j1)
        elif tag == "delete":
            aligned += [("removed", i, old[i], None) for i in range(i1, i2)]
        elif tag == "insert":
            aligned += [("added", j, None, new[j]) for j in range(j1, j2)]
    if len(aligned) > 1:
        by_index = _paired(old, new, 0, 0)
        if len(aligned) >= len(by_index):
            aligned = by_index
    added = {index: after for change, index, _, after in aligned if change == "added"}
    removed = {index for change, index, _, _ in aligned if change == "removed"}
    for change, index, before, after in aligned:
        if change == "removed" and index in added:  # one index both ways: a changed item
            _entry(entries, [*path, index], "changed", before, added[index])
        elif not (change == "added" and index in removed):
            _entry(entries, [*path, index], change, before, after)


def _paired(old: list, new: list, start_old: int, start_new: int) -> list:
    """Items paired by position (deepdiff's ``_compare_in_order``): the surplus of the longer
    list removed or added, and each pair that differs (by value, or by type: ``1`` is not
    ``True``) changed; an equal pair at two different indices is a move, which deepdiff
    also reports as a change of that item."""
    out: list[tuple[str, int, Any, Any]] = []
    for k in range(max(len(old), len(new))):
        i, j = start_old + k, start_new + k
        if k >= len(new):
            out.append(("removed", i, old[k], None))
        elif k >= len(old):
            out.append(("added", j, None, new[k]))
        else:
            x, y = old[k], new[k]
            moved = i != j and x == y
            if moved or (x is not y and (type(x) is not type(y) or x != y)):
                out.append(("changed", i, x, y))
    return out


def _same(old: Any, new: Any) -> bool:
    """Equal, and of the same types all the way down (``1`` is not ``1.0`` nor ``True``)."""
    if type(old) is not type(new):
        return False
    if type(old) is dict:
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if type(old) is list:
        return len(old) == len(new) and all(map(_same, old, new))
    return old == new


def _entry(entries: list, path: list, change: str, before: Any, after: Any) -> None:
    entry: dict[str, Any] = {"path": _pointer(path), "change": change}
    if change != "added":
        entry["before"] = before
    if change != "removed":
        entry["after"] = after
    entries.append((_order(path), entry))


def _deepdiff(old: Any, new: Any) -> list[tuple[tuple, dict[str, Any]]]:
    from deepdiff import DeepDiff  # imported only for what _walk leaves to it

    entries: list[tuple[tuple, dict[str, Any]]] = []
    for report, levels in DeepDiff(old, new, view="tree").items():
        change = _CHANGES.get(report) or "changed"
        for level in levels:
            _entry(entries, level.path(output_format="list"), change, level.t1, level.t2)
    return entries


def _pointer(path: list) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _order(path: list) -> tuple:
    """List indices in numeric order (``/10`` after ``/9``), never compared with names."""
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path)
