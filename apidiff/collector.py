"""Python's cycle collector, paused while a comparison builds its object graphs.

Parsing and normalizing a 4 MB contract allocates millions of objects that all stay alive
until the report is written; each automatic collection walks all of them again, which costs
as much as the work itself. Nothing collectable is made meanwhile, so the collector is paused
for the comparison and resumed after it (a loop over many comparisons, such as ``history``,
still collects between them).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["keep_until_exit", "kept", "paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Disable the collector inside the block; restore what it was (nesting is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_KEPT: list[object] | None = None


def keep_until_exit() -> None:
    """From now on, ``kept`` holds what it is given until the process ends. For a process
    that leaves with ``os._exit`` once its one comparison is reported (the command line):
    freeing two contract models object by object as the comparison returns is work its exit
    does not need (about 30 ms on the GitHub REST pair, 0.1-0.2 s on 11 MB of JSON; the peak
    memory is the comparison's either way, or 3% above it)."""
    global _KEPT
    if _KEPT is None:
        _KEPT = []


def kept(*objects: object) -> None:
    """Keep ``objects`` alive until the process ends, when ``keep_until_exit`` was called."""
    if _KEPT is not None:
        _KEPT.extend(objects)
