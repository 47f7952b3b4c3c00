"""The JSON report's document as YAML, for people who read reports in YAML pipelines.

Contract text must not shape the output: a string holding a line break, a control
character or a bidi mark is written double-quoted with escapes (``\\n``, ``\\e``,
``\\u202E``), and no line is ever folded, so nothing from the contract starts a line of
its own (a CI log runs a line that starts, after its indentation, with ``::error``).
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

from ..result import Result, Severity
from .json import document

__all__ = ["render"]

# What a string may not carry as itself: PyYAML escapes the controls in double quotes; the
# bidi marks and overrides it deems printable, so they are escaped after dumping.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the JSON report's order, no aliases for repeated lists."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if _UNSAFE.search(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def render(result: Result, *, severities: set[Severity] | None = None, **_: Any) -> str:
    text = yaml.dump(
        document(result, severities=severities),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=sys.maxsize,  # never fold: a folded line could start with contract text
        default_flow_style=False,
    )
    # Only double-quoted scalars can hold these (see represent_str), where \uXXXX means them.
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
