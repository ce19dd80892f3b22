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

__all__ = ["REFERENCE_COLUMNS", "data_to_text", "newest_reference", "newest_release"]

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


def data_to_text(releases: Iterable[str | None]) -> str:
    """"Data to July 2026" for the newest of some release dates; "Data to: no dated source"."""
    newest = periods.newest((r for r in releases if r), by="first")
    return f"Data to {periods.month_year(newest)}" if newest else "Data to: no dated source"


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA
