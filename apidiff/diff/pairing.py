"""Pairing: which members of two collections are the same thing across versions.

Every comparison starts the same way: members only in OLD were removed, members only in NEW
were added, members in both are compared. ``pair`` does that once, with one order, for any
key: operations by their key, parameters by ``(in, name)``, GraphQL fields by name, Protobuf
fields by number (the binary wire) and, separately, by name (JSON and generated code).
(graphql-core's ``dict_diff`` is the same idea.)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Paired", "pair"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(slots=True)
class Paired(Generic[K, V]):
    removed: list[tuple[K, V]] = field(default_factory=list)  # in OLD only
    added: list[tuple[K, V]] = field(default_factory=list)  # in NEW only
    both: list[tuple[K, V, V]] = field(default_factory=list)  # in both: (key, old, new)
    # Every key in the pairing's order, with None for the side that lacks it: for a
    # comparison that treats a missing value as one more value (``x != y``).
    every: list[tuple[K, V | None, V | None]] = field(default_factory=list)


def pair(
    old: Mapping[K, V] | Iterable[V],
    new: Mapping[K, V] | Iterable[V],
    *,
    key: Callable[[V], K] | None = None,
    order: str = "sorted",
) -> Paired[K, V]:
    """Members of ``old`` and ``new`` paired by key.

    Mappings pair by their keys; other iterables by ``key(member)`` (the first member with a
    key wins, as a duplicate is the loader's business). ``order`` is ``"sorted"`` (by key:
    reports do not depend on how a document happens to be ordered) or ``"old"`` (OLD's order,
    then what NEW adds, in NEW's order: where the document's own order is the reader's).
    """
    a = _keyed(old, key)
    b = _keyed(new, key)
    if order == "sorted":
        keys: Iterable[K] = sorted(a.keys() | b.keys())  # type: ignore[type-var]
    elif order == "old":
        keys = [*a, *(k for k in b if k not in a)]
    else:
        raise ValueError(f"unknown order {order!r}")
    out: Paired[K, V] = Paired()
    for k in keys:
        if k not in b:
            out.removed.append((k, a[k]))
        elif k not in a:
            out.added.append((k, b[k]))
        else:
            out.both.append((k, a[k], b[k]))
        out.every.append((k, a.get(k), b.get(k)))
    return out


def _keyed(members: Mapping[K, V] | Iterable[V], key: Callable[[V], K] | None) -> dict[K, V]:
    if isinstance(members, Mapping):
        return dict(members) if key is None else {key(v): v for v in members.values()}
    if key is None:
        raise TypeError("pairing members that are not a mapping needs a key")
    out: dict[K, V] = {}
    for member in members:
        out.setdefault(key(member), member)
    return out
