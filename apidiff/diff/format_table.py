"""Which ``format`` values contain which: the one table the format rules read.

``(narrow, wide)`` means every value valid under ``narrow`` is valid under ``wide``, so
``narrow`` -> ``wide`` *widens* what a schema allows (safe in a request, dangerous in a
response) and ``wide`` -> ``narrow`` *narrows* it (breaking in a request). No format at all
contains every format. Two formats neither of which contains the other (``date`` and
``date-time``: ``2024-05-01`` is not a date-time) are a *change*: breaking both ways.
Containment is transitive; ``wider`` closes the table once.

``password`` (and any format in ``ANNOTATIONS``) is a hint to user interfaces and
validates nothing: adding, removing or swapping it changes no value.

docs/guide.md shows this table (a test keeps the two equal).
"""

from __future__ import annotations

__all__ = ["ANNOTATIONS", "CONTAINED", "format_change"]

CONTAINED: tuple[tuple[str, str], ...] = (
    ("int32", "int64"),
    ("int64", "integer"),  # OpenAPI's registry: `integer` is an integer of any size
    ("float", "double"),
    ("int32", "double"),  # every int32 is exactly a double; an int64 is not
    ("int32", "float"),
    ("email", "idn-email"),
    ("hostname", "idn-hostname"),
    ("uri", "uri-reference"),
    ("uri", "iri"),
    ("iri", "iri-reference"),
    ("uri-reference", "iri-reference"),
)

ANNOTATIONS = frozenset(("password",))


def _close(pairs: tuple[tuple[str, str], ...]) -> frozenset[tuple[str, str]]:
    closed = set(pairs)
    grew = True
    while grew:
        grew = False
        for a, b in list(closed):
            for c, d in list(closed):
                if b == c and (a, d) not in closed:
                    closed.add((a, d))
                    grew = True
    return frozenset(closed)


_WIDER = _close(CONTAINED)


def format_change(old: str | None, new: str | None) -> str | None:
    """The action for ``old`` -> ``new`` (``None``: no format): added, removed,
    generalized, specialized, changed; ``None`` when the allowed values stay the same."""
    old = None if old in ANNOTATIONS else old
    new = None if new in ANNOTATIONS else new
    if old == new:
        return None
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if (old, new) in _WIDER:
        return "generalized"
    if (new, old) in _WIDER:
        return "specialized"
    return "changed"
