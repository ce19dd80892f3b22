"""Tick and value label formatters for the charts (the number-to-text rules live in ``smartkorea.text``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from ..text import compact

__all__ = ["compact", "formatter"]


def formatter(value_fmt, values: Iterable[float], currency: str | None = None) -> Callable[[float], str]:
    """A function formatting one value: from ``value_fmt`` (a ``str.format`` pattern such as
    ``"{:.1f}%"`` or a callable), else chosen from the size of ``values`` (and the currency)."""
    if callable(value_fmt):
        return value_fmt
    if isinstance(value_fmt, str):
        return lambda v: "–" if _missing(v) else value_fmt.format(v)
    vals = [float(v) for v in values if not _missing(v)]
    big = max((abs(v) for v in vals), default=0.0)
    if currency or big >= 1e5:
        return lambda v: compact(v, currency)
    if all(float(v).is_integer() for v in vals) or big >= 100:
        return lambda v: "–" if _missing(v) else f"{v:,.0f}"
    decimals = 1 if big >= 10 else 2
    return lambda v: "–" if _missing(v) else f"{v:,.{decimals}f}"


def _missing(v) -> bool:
    try:
        return v is None or math.isnan(float(v))
    except (TypeError, ValueError):
        return False
