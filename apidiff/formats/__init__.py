"""Formats: detect what a document is from its content and load it into the common model."""

from __future__ import annotations

from collections.abc import Callable

from .. import registry
from ..errors import ApidiffError, InputError
from ..model import Contract
from ..sources import Source
from .options import LoadOptions
from .yamljson import Document, parse

__all__ = ["LoadOptions", "load", "load_pair"]


def load(
    source: Source | list[Source],
    options: LoadOptions | None = None,
    *,
    parsed: Document | None = None,
) -> Contract:
    """Detect what ``source`` is from its content and build its ``Contract``.

    Formats are asked in the registry's order: first whether the raw text is theirs (GraphQL
    SDL, which is not YAML/JSON), then, once the text is parsed as YAML/JSON, whether the
    document is. ``parsed`` is the source's text already parsed (elsewhere, see
    ``background``).
    """
    options = options or LoadOptions()
    sources = source if isinstance(source, list) else [source]
    cache = _cache(options)
    if cache is not None:
        return cache.load(sources, _key_options(options), lambda: _load(sources, options, parsed))
    return _load(sources, options, parsed)


def _cache(options: LoadOptions):  # -> cache.LoadCache | None
    if options.cache_dir is None:
        return None
    from .cache import open_cache

    return open_cache(options.cache_dir)


def _key_options(options: LoadOptions) -> LoadOptions:
    """The options an entry depends on: all but where the cache is."""
    from dataclasses import replace

    return replace(options, cache_dir=None)


def _load(sources: list[Source], options: LoadOptions, parsed: Document | None) -> Contract:
    for fmt in registry.FORMATS:
        if fmt.sniff is not None and registry.hook(fmt.sniff)(sources):
            return registry.hook(fmt.loader, "load_sources")(sources, options)
    source = sources[0]
    if source.data is not None:  # bytes a format's ``binary`` test claimed, no other may read
        raise InputError("a binary file, not a contract document", file=source.name)
    doc = parsed or parse(
        source.name, source.text, max_depth=options.max_depth, max_nodes=options.max_nodes
    )
    for fmt in registry.FORMATS:
        try:
            dialect = registry.hook(fmt.detect)(doc.data) if fmt.detect is not None else None
        except InputError as exc:  # a version the format knows it does not support
            if exc.file is None and exc.pointer is not None:
                raise doc.error(exc.pointer, exc.message) from None
            raise InputError(exc.message, file=exc.file or source.name) from None
        if dialect is not None:
            return registry.hook(fmt.loader, "load_document")(doc, source, dialect, options)
    formats = [f.title for f in registry.FORMATS]
    names = ", ".join(formats[:-1]) + f" or {formats[-1]}" if len(formats) > 1 else formats[0]
    hints = "; ".join(f.hint for f in registry.FORMATS)
    article = "an" if names[0] in "AEIOU" else "a"
    raise InputError(f"not {article} {names} document ({hints})", file=source.name)


def load_pair(
    old: Source | list[Source],
    read_new: Callable[[], Source | list[Source]],
    options: LoadOptions | None = None,
) -> tuple[Contract, Contract]:
    """Both contracts, OLD's YAML parsed on another core while NEW is read and loaded (see
    ``background``). Errors are those of a serial run: OLD's first, then NEW's."""
    options = options or LoadOptions()
    cache = _cache(options)
    if cache is not None:  # OLD (the base branch's, in CI) is often cached: no fork for it
        old_sources = old if isinstance(old, list) else [old]
        found = cache.get(old_sources, _key_options(options))
        if found is not None:
            return found, load(read_new(), options)
    started = _start(old, options)
    if started is not None and cache is None:
        return _finish_both(started, read_new, options)
    if started is not None:  # OLD compiles in a child process while NEW loads here
        try:
            new_contract = load(read_new(), options)
        except ApidiffError:
            started()  # OLD's error first, if it has one
            raise
        return started(new_contract), new_contract  # OLD shares what NEW has unchanged
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


def _finish_both(
    started: Callable[..., Contract],
    read_new: Callable[[], Source | list[Source]],
    options: LoadOptions,
) -> tuple[Contract, Contract]:
    """OLD and NEW each begun in a child process (OLD's first); OLD is finished (its model
    built) while NEW's child still runs, then NEW, sharing what OLD has unchanged: the
    second model to be built is the cheap one, and it is the one on the critical path."""
    try:
        new_sources = read_new()
        started_new = _start(new_sources, options)
    except ApidiffError:
        started()  # OLD's error first, if it has one
        raise
    if started_new is None:  # NEW is not of the same format: loaded here, as it comes
        try:
            new_contract = load(new_sources, options)
        except ApidiffError:
            started()
            raise
        return started(new_contract), new_contract
    del new_sources  # NEW's texts are protoc's now: not kept alive while the models are built
    try:
        old_contract = started()
    except BaseException:
        _abandon(started_new)
        raise
    return old_contract, started_new(old_contract)


def _abandon(started: Callable[..., Contract]) -> None:
    """Stop a load begun elsewhere whose result is no longer wanted (its child, its files)."""
    close = getattr(started, "close", None)
    if close is not None:
        close()


def _start(source: Source | list[Source], options: LoadOptions) -> Callable[..., Contract] | None:
    """OLD's load begun elsewhere by a format with a ``start`` hook (protoc for Protobuf);
    calling the result, with NEW's contract to share what is unchanged or with nothing,
    finishes it."""
    sources = source if isinstance(source, list) else [source]
    for fmt in registry.FORMATS:
        if fmt.sniff is not None and registry.hook(fmt.sniff)(sources):
            return registry.hook(fmt.start)(sources, options) if fmt.start else None
    return None
