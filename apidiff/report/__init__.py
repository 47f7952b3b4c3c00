"""Reporters: one module per output format; each takes a ``Result`` and returns text."""

from __future__ import annotations

from collections.abc import Callable

from ..result import Result

__all__ = ["FORMATS", "render"]


def _text(result: Result, **options) -> str:
    from .text import render as text_render

    return text_render(result, **options)


def _json(result: Result, **options) -> str:
    from .json import render as json_render

    return json_render(result, **options)


FORMATS: dict[str, Callable[..., str]] = {"text": _text, "json": _json}


def render(result: Result, fmt: str, **options) -> str:
    return FORMATS[fmt](result, **options)
