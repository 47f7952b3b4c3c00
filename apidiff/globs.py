"""Path-style globs, the patterns a configuration and the command line give: rule ids and
operations in ``severity`` and ignores, paths in ``include`` and ``exclude``.

The configuration checks each one when it is read (``check``), so a bad one is an error that
names its file and key, not one met later, if ever, when a finding is matched against it.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

from .errors import UsageError

__all__ = ["GlobError", "check", "glob_match"]


class GlobError(UsageError):
    """A glob that cannot be compiled (a bad character class)."""


def check(pattern: str) -> None:
    """Raise ``GlobError`` when ``pattern`` is not a glob."""
    _compiled(pattern)


def glob_match(text: str, pattern: str) -> bool:
    """Path-style globs: ``*`` and ``?`` stay within one ``/`` segment, ``**`` crosses them,
    ``[...]`` is a character class. ``/pets/*`` matches ``/pets/{id}`` but not
    ``/pets/{id}/toys``; ``/pets/**`` matches both.

    Matched by simulating the glob's automaton over ``text`` (every position of the pattern
    at once, as bits of an int): time is the text's length times the pattern's in words,
    never exponential. A regex of ``[^/]*a[^/]*a…b`` backtracks for minutes on a long
    segment without a ``b``.
    """
    return _compiled(pattern).match(text)


class _Glob:
    """A glob as a sequence of steps, each a bit: ``*``/``**`` may repeat, others advance."""

    __slots__ = ("_by_char", "_classes", "_final", "_globstars", "_literals", "_others", "_stars")

    def __init__(self, steps: list[tuple[str, Any]]) -> None:
        self._final = 1 << len(steps)
        self._stars = 0  # `*`: repeat on any character but `/`
        self._globstars = 0  # `**`: repeat on any character
        self._others = 0  # `?`: any character but `/`
        self._literals: dict[str, int] = {}
        self._classes: list[tuple[int, re.Pattern[str]]] = []
        for i, (kind, value) in enumerate(steps):
            bit = 1 << i
            if kind == "*":
                self._stars |= bit
            elif kind == "**":
                self._globstars |= bit
            elif kind == "?":
                self._others |= bit
            elif kind == "class":
                self._classes.append((bit, value))
            else:
                self._literals[value] = self._literals.get(value, 0) | bit
        self._by_char: dict[str, int] = {}

    def _advancing(self, char: str) -> int:
        """The steps a character moves past (memoized per character)."""
        mask = self._by_char.get(char)
        if mask is None:
            mask = self._literals.get(char, 0)
            if char != "/":
                mask |= self._others
            for bit, cls in self._classes:
                if cls.fullmatch(char):
                    mask |= bit
            if len(self._by_char) < 4096:
                self._by_char[char] = mask
        return mask

    def _closure(self, active: int) -> int:
        """A star may match nothing: from it, the next step is active too."""
        skippable = self._stars | self._globstars
        while True:
            wider = active | ((active & skippable) << 1)
            if wider == active:
                return active
            active = wider

    def match(self, text: str) -> bool:
        active = self._closure(1)
        stars, globstars = self._stars, self._globstars
        for char in text:
            if not active:
                return False
            repeat = globstars if char == "/" else stars | globstars
            active = self._closure((active & repeat) | ((active & self._advancing(char)) << 1))
        return bool(active & self._final)


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> _Glob:
    steps: list[tuple[str, Any]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            steps.append(("**", None))
            i += 2
            continue
        if char == "*":
            steps.append(("*", None))
        elif char == "?":
            steps.append(("?", None))
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if end == -1:
                steps.append(("char", char))
            else:
                body = "".join("\\" + c if c in "\\[&~|" else c for c in pattern[i + 1 : end])
                if body.startswith("^"):
                    body = "\\" + body  # literal, as in fnmatch
                elif body.startswith("!"):
                    body = "^" + body[1:]
                try:
                    with warnings.catch_warnings():  # `[--]`: "possible set difference"
                        warnings.simplefilter("ignore", FutureWarning)
                        steps.append(("class", re.compile("[" + body + "]", re.DOTALL)))
                except re.error as error:
                    raise GlobError(
                        f"glob {pattern!r}: bad character class {pattern[i : end + 1]!r} "
                        f"({error.msg})"
                    ) from None
                i = end + 1
                continue
        else:
            steps.append(("char", char))
        i += 1
    return _Glob(steps)
