"""The JSON report's document as YAML, for people who read reports in YAML pipelines."""

from __future__ import annotations

from typing import Any

import yaml

from ..result import Result, Severity
from .json import document

__all__ = ["render"]


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the JSON report's order, no aliases for repeated lists."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(result: Result, *, severities: set[Severity] | None = None, **_: Any) -> str:
    return yaml.dump(
        document(result, severities=severities),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )
