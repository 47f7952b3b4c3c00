"""Formats: detect what a document is from its content and load it into the common model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ApidiffError, InputError
from ..model import Contract
from ..sources import DEFAULT_MAX_BYTES, Source
from . import openapi, swagger
from .detect import is_introspection, looks_like_sdl
from .refs import DEFAULT_MAX_REF_HOPS, Resolver
from .yamljson import DEFAULT_MAX_NODES, MAX_FLOW_DEPTH, Document, parse

__all__ = ["LoadOptions", "load", "load_pair"]


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Limits and permissions for loading untrusted contracts."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_ref_hops: int = DEFAULT_MAX_REF_HOPS
    max_depth: int = MAX_FLOW_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES
    # Schema node pairs one comparison may compare (the diff's budget; see diff/schema.py).
    max_pairs: int = 500_000
    allow_remote_refs: bool = False  # untrusted inputs: no network unless the user opts in


def load(
    source: Source | list[Source],
    options: LoadOptions | None = None,
    *,
    parsed: Document | None = None,
) -> Contract:
    """Detect what ``source`` is from its content and build its ``Contract``.

    Several sources (a folder or glob) can only be GraphQL SDL files, merged into one schema.
    ``parsed`` is the source's text already parsed (elsewhere, see ``background``).
    """
    options = options or LoadOptions()
    sources = source if isinstance(source, list) else [source]
    if len(sources) > 1 or looks_like_sdl(sources[0].text):
        from . import graphql

        return graphql.load_sdl(sources)
    source = sources[0]
    doc = parsed or parse(
        source.name, source.text, max_depth=options.max_depth, max_nodes=options.max_nodes
    )
    if is_introspection(doc.data):
        from . import graphql

        return graphql.load_introspection(doc)
    fmt = openapi.detect(doc.data)
    if fmt is None:
        raise InputError(
            "not an OpenAPI, Swagger or GraphQL document (no 'openapi', 'swagger' or "
            "'__schema' field, and not GraphQL SDL)",
            file=source.name,
        )
    if fmt not in ("openapi-3.0", "openapi-3.1", "swagger-2.0"):
        raise InputError(f"unsupported OpenAPI version '{fmt[8:]}'", file=source.name)
    resolver = Resolver(
        doc,
        source.root,
        source.path,
        max_hops=options.max_ref_hops,
        max_bytes=options.max_bytes,
        max_depth=options.max_depth,
        max_nodes=options.max_nodes,
        allow_remote=options.allow_remote_refs,
        tree=source.tree,
        tree_path=source.repo_path,
        tree_root=source.repo_root,
    )
    if fmt == "swagger-2.0":
        return swagger.load(doc, resolver)
    return openapi.load(doc, resolver, fmt)


def load_pair(
    old: Source | list[Source],
    read_new: Callable[[], Source | list[Source]],
    options: LoadOptions | None = None,
) -> tuple[Contract, Contract]:
    """Both contracts, OLD's YAML parsed on another core while NEW is read and loaded (see
    ``background``). Errors are those of a serial run: OLD's first, then NEW's."""
    options = options or LoadOptions()
    pending = None
    if isinstance(old, Source) or len(old) == 1:
        from . import background

        single = old if isinstance(old, Source) else old[0]
        pending = background.start(single, max_depth=options.max_depth, max_nodes=options.max_nodes)
    if pending is None:
        old_contract = load(old, options)
        return old_contract, load(read_new(), options)
    try:
        new_contract = load(read_new(), options)
    except ApidiffError:
        load(old, options, parsed=pending.document())  # OLD's error first, if it has one
        raise
    return load(old, options, parsed=pending.document()), new_contract
