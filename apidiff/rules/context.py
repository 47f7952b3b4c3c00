"""What rules may know beyond a change: today's date (for sunsets), set per classification."""

from __future__ import annotations

import datetime as _dt
from contextvars import ContextVar
from typing import Any

from ..model import sunset_date

__all__ = ["before_sunset", "today"]

_TODAY: ContextVar[_dt.date | None] = ContextVar("apidiff_today", default=None)


def today() -> _dt.date:
    return _TODAY.get() or _dt.date.today()


def set_today(value: _dt.date | None):
    return _TODAY.set(value)


def reset_today(token) -> None:
    _TODAY.reset(token)


def before_sunset(deprecated: Any, sunset: Any) -> bool:
    """Whether something deprecated with ``sunset`` is still inside its promised life:
    the date is still to come, or cannot be read (an unreadable date cannot show that the
    promise has run out, so a removal under it is never softened by a policy)."""
    if not deprecated or sunset is None:
        return False
    date = sunset_date(sunset)
    return date is None or today() < date
