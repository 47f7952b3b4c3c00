"""Every escaping of contract text for an output format lives here.

Contract text (descriptions, names, paths, enum values) is untrusted: it must never act in
a terminal, a PR comment, an XML file or a CI log.
"""

from __future__ import annotations

import re

__all__ = ["terminal"]

# C0/C1 controls except tab; ESC starts ANSI sequences, so it goes too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def terminal(text: str) -> str:
    """Text safe to print on a terminal: ANSI sequences and control characters removed."""
    text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_CONTROL.sub("", line) for line in text.split("\n")]
    return "\n".join(lines)
