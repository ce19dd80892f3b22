"""Number formatting for tick and value labels."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "KRW": "₩", "JPY": "¥"}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))


def compact(value: float, currency: str | None = None) -> str:
    """``1.4e12, "KRW"`` -> ``"₩1.4tn"``; ``970e6, "GBP"`` -> ``"£970m"``; ``4.6e6`` -> ``"4.6m"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    suffix = ""
    for div, name in _SCALES:
        if v >= div * 0.9995:
            v, suffix = v / div, name
            break
    digits = 0 if v >= 100 else (1 if v >= 10 else 2)
    num = f"{v:.{digits}f}"
    if "." in num:
        num = num.rstrip("0").rstrip(".")
    if currency:
        symbol = SYMBOLS.get(currency)
        return f"{sign}{symbol}{num}{suffix}" if symbol else f"{sign}{currency} {num}{suffix}"
    return f"{sign}{num}{suffix}"


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
