"""Formats: detect what a document is from its content and load it into the common model."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..model import Contract
from ..sources import DEFAULT_MAX_BYTES, Source
from . import openapi
from .refs import DEFAULT_MAX_REF_HOPS, Resolver
from .yamljson import parse

__all__ = ["LoadOptions", "load"]


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Limits and permissions for loading untrusted contracts."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_ref_hops: int = DEFAULT_MAX_REF_HOPS


def load(source: Source, options: LoadOptions | None = None) -> Contract:
    """Parse ``source``, detect its format from the content, and build its ``Contract``."""
    options = options or LoadOptions()
    doc = parse(source.name, source.text)
    fmt = openapi.detect(doc.data)
    if fmt is None:
        raise InputError(
            "not an OpenAPI or Swagger document (no 'openapi' or 'swagger' field)",
            file=source.name,
        )
    if fmt == "swagger-2.0":
        raise InputError("Swagger 2.0 is not supported yet", file=source.name)
    if fmt not in ("openapi-3.0", "openapi-3.1"):
        raise InputError(f"unsupported OpenAPI version '{fmt[8:]}'", file=source.name)
    resolver = Resolver(
        doc, source.root, source.path, max_hops=options.max_ref_hops, max_bytes=options.max_bytes
    )
    return openapi.load(doc, resolver, fmt)
