"""Reporters: one module per output format; each takes a ``Result`` and returns text."""

from __future__ import annotations

import importlib

from ..result import Result
from .common import View, filtered

__all__ = ["FORMATS", "render"]

# --format name -> module under apidiff.report, imported only when used.
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "yaml": "yaml",
    "markdown": "markdown",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "html": "html",
}


def render(result: Result, fmt: str, *, view: View | None = None, **options) -> str:
    """``result`` in ``fmt``; ``view`` filters what is shown (never what the exit code sees)."""
    result = filtered(result, view)
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(result, **options)
