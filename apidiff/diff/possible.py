"""GraphQL's possible types: which fields a new object type widens.

A field that returns an interface or a union may return any object type that implements it
or belongs to it. A new union member widens the fields returning the union; a new object
type implementing an interface widens the fields returning the interface in the same way,
though the interface itself did not change. Only fields clients can already select count:
fields on types a root reaches, that returned the abstract type in OLD too.
"""

from __future__ import annotations

from ..model import GqlSchema

__all__ = ["returning_fields"]


def returning_fields(
    old: GqlSchema,
    new: GqlSchema,
    abstract: str,
    visible: set[str],
    named_type,
) -> list[str]:
    """``Type.field`` coordinates, sorted, of the output fields returning ``abstract`` (at
    any list depth) in OLD and NEW, on a type in ``visible`` (roots and what they reach)."""
    out = []
    for owner in sorted(visible):
        ta, tb = old.types.get(owner), new.types.get(owner)
        if ta is None or tb is None:
            continue
        for name, fb in tb.fields.items():
            fa = ta.fields.get(name)
            if fa is not None and named_type(fb.type) == abstract == named_type(fa.type):
                out.append(f"{owner}.{name}")
    return out
