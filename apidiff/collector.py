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

__all__ = ["paused"]


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
