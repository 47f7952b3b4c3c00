"""How a message quotes a name: a CommonMark code span that any name survives.

Messages are plain strings that quote names from the contract in code spans (`name`). A
name holding a backtick would end a one-backtick span early and spill the rest of itself
into plain text, so the fence is one backtick longer than the longest run inside the name
(CommonMark's own rule). Ordinary names come out as `name`, as before.
"""

from __future__ import annotations

import re

__all__ = ["code"]

_BACKTICKS = re.compile(r"`+")


def code(text: str) -> str:
    """``text`` on one line, as a code span nothing inside it can end."""
    text = " ".join(str(text).split())
    if not text:
        return "` `"  # two backticks alone are no span, just literal backticks
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space on each side when both are there; a backtick at an edge
    # would merge with the fence. A space on each side keeps the content as it is.
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
