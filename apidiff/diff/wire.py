"""Wire facts for parameters and headers: when a single value and an array of one are the
same bytes.

OpenAPI serializes a parameter by its ``style`` and ``explode`` (the "Style Examples" table
of the 3.0 and 3.1 specifications). For every style that serializes arrays, an array of one
item is written exactly as that item alone would be: ``color=blue`` (form), ``blue``
(simple), ``;color=blue`` (matrix), ``.blue`` (label). So a query parameter that was a
``string`` and is now an array of strings still accepts what every client sends today: the
server reads the old single value as an array of one. The same holds the other way for what
a client receives: a response header that was an array and is now one value still parses.

What decides whether that is *exactly* safe is the separator between items
(``SEPARATORS``): a single value that contains it is now read as several. Where the
separator is percent-encoded inside values (``,`` and ``|`` in a query or path, RFC 6570)
or is no character at all (``explode: true`` repeats the name), no value can contain it:
the change is a plain widening. Where it can (``.`` for ``label`` with ``explode``, a space
for ``spaceDelimited``, anything in a header or cookie, which are not percent-encoded, a
comma under ``allowReserved``) old values with it now split: dangerous.
"""

from __future__ import annotations

from ..model import Header, Parameter, Schema
from .schema import covers, format_type
from .site import Site

__all__ = ["SEPARATORS", "primitive", "scalar_only", "single_value"]

# (style, explode) -> what separates array items; None: each item repeats the name.
# deepObject serializes objects only, so it has no entry.
SEPARATORS: dict[tuple[str, bool], str | None] = {
    ("matrix", False): ",",
    ("matrix", True): None,
    ("label", False): ",",
    ("label", True): ".",
    ("form", False): ",",
    ("form", True): None,
    ("simple", False): ",",
    ("simple", True): ",",
    ("spaceDelimited", False): " ",
    ("spaceDelimited", True): None,
    ("pipeDelimited", False): "|",
    ("pipeDelimited", True): None,
}
_ENCODED_IN = frozenset(("query", "path"))  # percent-encoded by the client (RFC 6570)
_ENCODED = frozenset((",", "|"))  # percent-encoded inside a value there
_RESERVED = frozenset((",",))  # sent as is under allowReserved
_SCALARS = frozenset(("string", "integer", "number", "boolean"))


def _style(member: Parameter | Header) -> tuple[str, bool, str, bool]:
    if isinstance(member, Header):
        return "simple", False, "header", False
    return (
        member.style or "form",
        bool(member.explode),
        member.in_,
        member.allow_reserved,
    )


def _exact(member: Parameter | Header) -> bool | None:
    """True: one value is always read as an array of one; False: unless it contains the
    separator; None: the style does not serialize arrays."""
    style, explode, where, reserved = _style(member)
    if (style, explode) not in SEPARATORS:
        return None
    separator = SEPARATORS[(style, explode)]
    if separator is None:
        return True
    if where in _ENCODED_IN and separator in _ENCODED:
        return not (reserved and separator in _RESERVED)
    return False


def _one_of(array: Schema, scalar: Schema) -> bool:
    """``array`` is an array whose single item may be what ``scalar`` allowed."""
    if array.types != frozenset(("array",)) or array.items is None or scalar.types is None:
        return False
    if not scalar.types or not scalar.types <= _SCALARS:
        return False
    items = array.items.types
    # Parameters and headers travel as text: a string item takes a number's text too.
    covered = items is None or covers(items, scalar.types, text=True)
    return covered and (array.min_items or 0) <= 1


def single_value(
    site: Site, xa: Parameter | Header, xb: Parameter | Header
) -> tuple[Schema | None, Schema | None]:
    """The schemas to compare for a parameter or header, reporting a scalar that became an
    array of it (or back) the way the wire sees it.

    The single value is compared against the array's items (their constraints still
    count), once the type change is reported: ``generalized`` (scalar -> array) or
    ``specialized`` (array -> scalar) when no value can contain the separator, so the
    table's direction rules judge it (a widening is safe in a request, a narrowing in a
    response); ``became-array`` / ``became-scalar`` when one can (dangerous where the
    change goes the safe way, breaking where it does not). Anything else compares as it is.
    """
    sa, sb = xa.schema, xb.schema
    if sa is None or sb is None or _style(xa)[:2] != _style(xb)[:2]:
        return sa, sb
    if _one_of(sb, sa):
        scalar, array, pair, grew = sa, sb, (sa, sb.items), True
    elif _one_of(sa, sb):
        scalar, array, pair, grew = sb, sa, (sa.items, sb), False
    else:
        return sa, sb
    exact = _exact(xb if grew else xa)  # the array's serialization
    if exact is None:
        return sa, sb
    if exact:
        action = "generalized" if grew else "specialized"
    else:
        action = "became-array" if grew else "became-scalar"
    one = format_type(scalar.types, scalar.format)
    many = f"array of {format_type(array.items.types, array.items.format)}"
    site.emit(
        f"schema.type.{action}",
        "type",
        old=one if grew else many,
        new=many if grew else one,
        old_loc=sa.location,
        new_loc=sb.location,
        style=_style(xb)[0],
        explode=_style(xb)[1],
    )
    return pair


_STRUCTURED = frozenset({"array", "object"})


def scalar_only(xa: Parameter | Header, xb: Parameter | Header) -> bool:
    """Both sides can only hold one primitive value: every style writes such a value the
    same with and without ``explode`` (the spec's Style Examples: the primitive row does
    not change), so the flag changes nothing on the wire."""
    return all(primitive(x.schema) for x in (xa, xb))


def primitive(schema: Schema | None) -> bool:
    """``schema`` only ever holds one primitive value (a form field, a parameter): typed so,
    or, untyped, only alternatives that are (``anyOf: [string, {enum: ['']}]``)."""
    if schema is None:
        return False
    branches = (*schema.one_of, *schema.any_of)
    if schema.types is None:
        return bool(branches) and all(primitive(branch) for branch in branches)
    if schema.types & _STRUCTURED:
        return False
    return all(primitive(branch) for branch in branches)
