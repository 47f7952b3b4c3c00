"""GraphQL's possible types: which fields a new object type widens.

A field that returns an interface or a union may return any object type that implements it
or belongs to it. A new union member widens the fields returning the union; a new object
type implementing an interface widens the fields returning the interface in the same way,
though the interface itself did not change. Only fields clients can already select count:
fields on types a root reaches, that returned the abstract type in OLD too.
"""

from __future__ import annotations

from ..model.graphql import GqlSchema

__all__ = ["returning_index"]


def returning_index(
    old: GqlSchema,
    new: GqlSchema,
    visible: set[str],
    named_type,
) -> dict[str, list[str]]:
    """Abstract type name -> the ``Type.field`` coordinates, sorted by type, of the output
    fields returning it (at any list depth) in OLD and NEW, on a type in ``visible`` (roots
    and what they reach). One pass over the fields, however many new types ask."""
    index: dict[str, list[str]] = {}
    for owner in sorted(visible):
        ta, tb = old.types.get(owner), new.types.get(owner)
        if ta is None or tb is None:
            continue
        for name, fb in tb.fields.items():
            fa = ta.fields.get(name)
            if fa is None:
                continue
            returned = named_type(fb.type)
            if returned == named_type(fa.type):
                index.setdefault(returned, []).append(f"{owner}.{name}")
    return index
