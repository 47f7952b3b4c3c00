"""What rules may know beyond a change: today's date (for sunsets), set per classification."""

from __future__ import annotations

import datetime as _dt
from contextvars import ContextVar

__all__ = ["parse_date", "today"]

_TODAY: ContextVar[_dt.date | None] = ContextVar("apidiff_today", default=None)


def today() -> _dt.date:
    return _TODAY.get() or _dt.date.today()


def set_today(value: _dt.date | None):
    return _TODAY.set(value)


def reset_today(token) -> None:
    _TODAY.reset(token)


def parse_date(value: str | None) -> _dt.date | None:
    """``2025-01-31`` or an RFC 3339 timestamp; anything else is not a date."""
    if not value:
        return None
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
