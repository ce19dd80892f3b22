"""How current a table is: the newest period its rows describe and the newest release behind them.

Two dates answer "how fresh is this?", and they differ: the **reference** date is the latest period
the data describes (R&D spending *in 2024*), the **release** date is when the newest source it
cites was published (the survey *of December 2025*). Readers are told the release date ("Data to
December 2025"); both are in :func:`smartkorea.datasets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from . import citations, periods

__all__ = ["REFERENCE_COLUMNS", "data_to_text", "newest_reference", "newest_release", "year_span"]

REFERENCE_COLUMNS = ("period", "date", "as_of", "edition", "year", "reference_year", "announced",
                     "evidence_year")
"""Where a table says which period a row describes, first match wins per row (a ``period`` such as
``2024-07/2025-06`` is more exact than its ``year``)."""


def newest_reference(frame: pd.DataFrame) -> str | None:
    """The latest period the rows describe, as written (``"2025-12"``, ``"2024"``), or None."""
    columns = [c for c in REFERENCE_COLUMNS if c in frame.columns]
    per_row = (next((v for v in row if not _missing(v)), None)
               for row in frame[columns].itertuples(index=False, name=None))
    return periods.newest(v if isinstance(v, int | float) else str(v) for v in per_row if v is not None)


def newest_release(frame: pd.DataFrame, published: Mapping[str, object]) -> str | None:
    """The latest ``published`` date (as written) of the sources the rows cite, or None.

    ``published`` maps source id -> published date (``sources.csv``); "n.d." is skipped.
    """
    return periods.newest((published.get(i) for i in citations.cited(frame)), by="first")


def year_span(frame: pd.DataFrame) -> tuple[int | None, int | None]:
    """The first and last year of the rows (of the data, or of the dates for event tables).

    From the first of ``year``, ``as_of``, ``date``, ``announced``, ``evidence_year`` and
    ``published`` that holds a readable year; ``(None, None)`` when none does.
    """
    for col in ("year", "as_of", "date", "announced", "evidence_year", "published"):
        if col in frame.columns:
            years = [y for y in map(_year_of, frame[col].astype("object")) if y is not None]
            if years:
                return min(years), max(years)
    return None, None


def _year_of(value: object) -> int | None:
    """The year of a year (int), a date or a period text; None when missing or unreadable."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.year
    if isinstance(value, int | float):
        return int(value)
    try:
        return periods.parse(str(value)).first[0]
    except ValueError:
        return None


def data_to_text(releases: Iterable[str | None]) -> str:
    """"Data to July 2026" for the newest of some release dates; "Data to: no dated source"."""
    newest = periods.newest((r for r in releases if r), by="first")
    return f"Data to {periods.month_year(newest)}" if newest else "Data to: no dated source"


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA
