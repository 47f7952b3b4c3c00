"""Room for deep recursion: a comparison runs on a thread with a large stack.

Schemas are built and compared by depth-first walks that follow ``$ref``s; in a large
contract whose schemas reference each other densely, the walk's depth is the length of a
chain of references (thousands), not how deeply one schema nests. Python's default limit
(1000 frames on the main thread's 8 MiB stack) would refuse such valid contracts. The stack
is reserved, not used: memory is committed only as deep as the walk really goes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["RECURSION_LIMIT", "run"]

T = TypeVar("T")

STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 60_000
_lock = threading.Lock()


def run(function: Callable[[], T]) -> T:
    """``function()`` on a thread with a deep stack and a high recursion limit."""
    if getattr(_local, "inside", False):  # already on such a thread (history, check)
        return function()
    outcome: dict[str, object] = {}

    def target() -> None:
        _local.inside = True
        try:
            outcome["value"] = function()
        except BaseException as exc:  # re-raised on the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="apidiff-compare", daemon=True)
    with _lock:  # the stack size (read when a thread starts) is a process-wide setting
        previous = threading.stack_size()
        _raise_limit()  # before the thread starts: it may recurse at once
        try:
            threading.stack_size(STACK_BYTES)
            thread.start()
        except (ValueError, RuntimeError):  # no room for such a stack (ulimit -v): run here
            thread = None
            _lower_limit()
        finally:
            threading.stack_size(previous)
    if thread is None:
        return function()
    try:
        thread.join()
    finally:
        with _lock:
            _lower_limit()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


# The recursion limit is process-wide too: raised while any comparison runs, restored after
# the last one (comparisons on several threads of a library user may overlap).
_active = 0
_saved_limit = 0


def _raise_limit() -> None:
    global _active, _saved_limit
    if _active == 0:
        _saved_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
    _active += 1


def _lower_limit() -> None:
    global _active
    _active -= 1
    if _active == 0:
        sys.setrecursionlimit(_saved_limit)


_local = threading.local()
