"""Reference periods and dates: the one parser for every period or date the data writes.

Forms understood (the text is stripped first):

==================  ==========  ==========================================
form                kind        covers
==================  ==========  ==========================================
``2024``            year        Jan-Dec 2024
``2024-07``         month       July 2024
``2024-07-05``      day         5 July 2024 (its month for month arithmetic)
``2024-Q3``         quarter     Jul-Sep 2024 (also written ``Q3 2024``)
``2024-H1``         half        Jan-Jun 2024 (also written ``H1 2024``)
``FY2024``          fiscal      the fiscal year named 2024, taken as Jan-Dec
``2024-07/2025-06`` window      Jul 2024-Jun 2025 (month to month)
==================  ==========  ==========================================

Everything else here (a period's middle on a year axis, its label for readers, a sort key for
publication dates, months between two dates) is computed from :func:`parse`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "CALENDAR",
    "FREQ_BY_LENGTH",
    "Forms",
    "Period",
    "decimal_year",
    "label",
    "month_at",
    "month_label",
    "months_between",
    "parse",
    "position",
    "sort_key",
]

_FORM = re.compile(
    r"^(?:(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])))?"
    r"(?:/(?P<y2>\d{4})-(?P<m2>\d{2}))?"
    r"|Q(?P<q_>[1-4]) (?P<yq>\d{4})|H(?P<h_>[12]) (?P<yh>\d{4})|FY(?P<fy>\d{4}))$"
)

_FORMS_HINT = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn or YYYY-MM/YYYY-MM"


@dataclass(frozen=True)
class Period:
    """One parsed period: its kind and the first and last month it covers.

    Attributes:
        text: the text as given (stripped).
        kind: ``year``, ``month``, ``day``, ``quarter``, ``half``, ``fiscal`` or ``window``.
        first, last: ``(year, month)`` of the first and last month covered (month 1-12).
        day: the day of month for a ``day``, else None.
        part: ``"Q3"``/``"H1"`` for quarters and halves, else None.
    """

    text: str
    kind: str
    first: tuple[int, int]
    last: tuple[int, int]
    day: int | None = None
    part: str | None = None


def parse(text: object) -> Period:
    """Parse a period or date written in one of the forms in the module docstring.

    Raises:
        ValueError: not a string, not one of the forms, a month outside 1-12, a day that is
            not in its month, or a window that ends before it starts.
    """
    if not isinstance(text, str):
        raise ValueError(f"a period must be a string such as '2022-06'; got {text!r}")
    p = text.strip()
    m = _FORM.match(p)
    if not m:
        raise ValueError(f"unrecognised period {text!r}: expected {_FORMS_HINT}")
    day, part = None, None
    if m["fy"]:
        y = int(m["fy"])
        kind, first, last = "fiscal", (y, 1), (y, 12)
    elif m["q_"] or m["q"]:
        q, y = int(m["q_"] or m["q"]), int(m["yq"] or m["y"])
        kind, first, last, part = "quarter", (y, 3 * q - 2), (y, 3 * q), f"Q{q}"
    elif m["h_"] or m["h"]:
        h, y = int(m["h_"] or m["h"]), int(m["yh"] or m["y"])
        kind, first, last, part = "half", (y, 6 * h - 5), (y, 6 * h), f"H{h}"
    elif m["y2"]:
        if not m["m"] or m["d"]:
            raise ValueError(f"unrecognised period {text!r}: a window is YYYY-MM/YYYY-MM")
        kind, first, last = "window", (int(m["y"]), int(m["m"])), (int(m["y2"]), int(m["m2"]))
    elif m["m"]:
        first = last = (int(m["y"]), int(m["m"]))
        kind = "day" if m["d"] else "month"
    else:
        y = int(m["y"])
        kind, first, last = "year", (y, 1), (y, 12)
    for _, month in (first, last):
        if not 1 <= month <= 12:
            raise ValueError(f"unrecognised period {text!r}: month {month} is not 1-12")
    if m["d"]:
        day = int(m["d"])
        if not 1 <= day <= calendar.monthrange(*first)[1]:
            raise ValueError(f"unrecognised period {text!r}: day {day} is not in that month")
    if last < first:
        raise ValueError(f"period {text!r} ends before it starts")
    return Period(p, kind, first, last, day, part)


class Forms:
    """A check that a text is a period of some kinds, e.g. ``Forms("day").match("2024-07-05")``.

    ``match`` returns True or False (never raises), so it can test a column cell by cell.
    """

    def __init__(self, *kinds: str) -> None:
        self.kinds = frozenset(kinds)

    def match(self, text: object) -> bool:
        try:
            return parse(text).kind in self.kinds
        except ValueError:
            return False


CALENDAR = Forms("year", "month", "day")
"""Calendar dates at year, month or day precision: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``."""

FREQ_BY_LENGTH = {4: "Y", 7: "M", 10: "D"}
"""The pandas period frequency of a :data:`CALENDAR` text, by its length."""


def position(period: str) -> float:
    """The middle of a period as a fractional year, for placing points on a year axis.

    ``"2022"`` -> 2022.5; ``"2022-06"`` -> 2022.458 (mid-June); ``"2021-Q3"`` -> 2021.625;
    ``"2019-H1"`` -> 2019.25; ``"2024-07/2025-06"`` -> 2025.0. A day counts as its month.

    Raises:
        ValueError: not a recognised period form.
    """
    p = parse(period)
    (y1, m1), (y2, m2) = p.first, p.last
    return ((y1 + (m1 - 1) / 12) + (y2 + m2 / 12)) / 2


def month_at(position_: float) -> str:
    """The month containing a fractional year, as ``YYYY-MM`` (the inverse of :func:`position` to
    month precision): ``2019.51`` -> ``"2019-07"``, ``2019.0`` -> ``"2019-01"``."""
    year = int(position_)
    month = min(12, int((position_ - year) * 12) + 1)
    return f"{year}-{month:02d}"


def label(period: str) -> str:
    """A period for readers: ``"2022-06"`` -> ``"Jun 2022"``, ``"2021-Q3"`` -> ``"Q3 2021"``,
    ``"2019-H1"`` -> ``"H1 2019"``, ``"2024-07/2025-06"`` -> ``"Jul 2024–Jun 2025"``, ``"2021"``
    -> ``"2021"``, ``"FY2024"`` -> ``"FY2024"``, ``"2019-07-05"`` -> ``"5 Jul 2019"``.

    Raises:
        ValueError: not a recognised period form.
    """
    p = parse(period)
    (y1, m1), (y2, m2) = p.first, p.last
    if p.kind == "window":
        return f"{calendar.month_abbr[m1]} {y1}–{calendar.month_abbr[m2]} {y2}"
    if p.kind in ("quarter", "half"):
        return f"{p.part} {y1}"
    if p.kind == "month":
        return f"{calendar.month_abbr[m1]} {y1}"
    if p.kind == "day":
        return f"{p.day} {calendar.month_abbr[m1]} {y1}"
    return p.text


def month_label(text: str) -> str:
    """A date to month precision for readers: ``"2019-06-10"`` -> ``"Jun 2019"``, ``"2019-06"``
    -> ``"Jun 2019"``; a year (or fiscal year) stays as written; a quarter, half or window
    gives its first month.

    Raises:
        ValueError: not a recognised form.
    """
    p = parse(text)
    year, month = p.first
    if p.kind in ("year", "fiscal"):
        return p.text
    return f"{calendar.month_abbr[month]} {year}"


def month_year(text: str) -> str:
    """A date as a reader's month and year, in full: ``"2026-07-13"`` -> ``"July 2026"``; a year
    stays a year (``"2025"``), a quarter, half or window gives its last month.

    Raises:
        ValueError: not a recognised form.
    """
    p = parse(text)
    if p.kind in ("year", "fiscal"):
        return p.text
    year, month = p.last
    return f"{calendar.month_name[month]} {year}"


def newest(texts: object, *, by: str = "last") -> str | None:
    """The latest of some periods or dates as written, or None when none parses; "n.d.", blanks
    and other text are skipped.

    ``by="last"`` (the default) compares periods by their last day, as for the periods data
    describe: ``["2024", "2025-03"]`` -> ``"2025-03"``, and data for the year 2025 are newer than
    data for March 2025. ``by="first"`` compares by their first day, as for publication dates known
    only to the year: a source "published 2026" is not taken as newer than one of 13 July 2026.
    """
    if by not in ("first", "last"):
        raise ValueError(f"by must be 'first' or 'last'; got {by!r}")
    best, best_key = None, None
    for t in texts:
        text = str(int(t)) if isinstance(t, int | float) and t == t else t
        try:
            p = parse(text)
        except ValueError:
            continue
        key = (*p.last, p.day or 32) if by == "last" else (*p.first, p.day or 0)
        if best_key is None or key > best_key:
            best, best_key = p.text, key
    return best


def sort_key(text: object) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a ``YYYY[-MM[-DD]]`` date for ordering publication dates.

    A missing part is 0, so a bare year sorts before any dated month of that year. Anything
    else (None, NaN, another form) gives None: the date is unknown.
    """
    if not CALENDAR.match(text):
        return None
    p = parse(text)
    year, month = p.first
    if p.kind == "year":
        return (year, 0, 0)
    return (year, month, p.day or 0)


def months_between(earlier: str, later: str) -> int:
    """Whole months from the last month of ``earlier`` to the last month of ``later``.

    A year counts as its December ("by the end of 2020"), a day as its month; negative when
    ``later`` ends first.
    """
    (y1, m1), (y2, m2) = parse(earlier).last, parse(later).last
    return (y2 * 12 + m2) - (y1 * 12 + m1)


def decimal_year(ts: pd.Timestamp) -> float:
    """A timestamp as a fractional year (``2024-07-01 00:00`` -> 2024.497, leap years counted)."""
    start = pd.Timestamp(year=ts.year, month=1, day=1)
    days = 366 if ts.is_leap_year else 365
    return ts.year + (ts - start).total_seconds() / (days * 86400)
