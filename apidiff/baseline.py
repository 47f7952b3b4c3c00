"""``apidiff baseline``: the findings of today as ``[[ignore]]`` entries to review and keep.

Each entry matches one finding exactly (rule, operation and pointer, glob characters
escaped) so accepting today's changes never silences tomorrow's. The reason says it came
from a baseline; whoever keeps an entry should replace it with the real one.
"""

from __future__ import annotations

import json
import re

from .result import Result, Severity

__all__ = ["render", "toml_string"]


# Escaped although TOML allows some of them raw: DEL (it does not), C1 controls (a terminal
# may act on them: the baseline goes to stdout), line separators and bidi marks.
_ESCAPED = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's), nothing in it acting on a terminal."""
    text = json.dumps(value, ensure_ascii=False)
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def glob_literal(value: str) -> str:
    """``value`` as a glob that matches only itself."""
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in value)


def render(result: Result, min_severity: Severity = Severity.DANGEROUS) -> str:
    lines = [
        "# apidiff baseline: one [[ignore]] entry per change found between",
        f"#   {_comment(result.old.source)}",
        f"#   {_comment(result.new.source)}",
        "# Review each entry: give the real reason, add `expires = YYYY-MM-DD`, and keep it in",
        "# apidiff.toml or in a file named by `ignore-files` (or --ignores).",
    ]
    seen: set[tuple[str, str, str]] = set()
    for finding in result.findings:
        if finding.severity.rank < min_severity.rank:
            continue
        loc = finding.location
        pointer = loc.pointer if loc is not None and loc.pointer else ""
        key = (finding.id, finding.operation, pointer)
        if key in seen:
            continue
        seen.add(key)
        lines += [
            "",
            "[[ignore]]",
            f"# {finding.severity.value}: {_comment(finding.message)}",
            f"rule = {toml_string(finding.id)}",
        ]
        if finding.operation:
            lines.append(f"operation = {toml_string(glob_literal(finding.operation))}")
        if pointer:
            lines.append(f"pointer = {toml_string(glob_literal(pointer))}")
        lines.append('reason = "accepted in a baseline (review: say why this is acceptable)"')
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    """One line that cannot end the comment early (no newline or other control character)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
