"""The sources list at the end of a notebook: each source once, in the columns a reader wants.

>>> from smartkorea.sourcelist import source_list
>>> list(source_list(["WB_WDI_2026_07"]).columns)
['publisher', 'title', 'published', 'url']

Pass the frame to :func:`smartkorea.tables.reader_table`, which links the address and marks the
title. Some press titles were recorded only up to an ellipsis in the headline ("… 1.7%↑…"):
such a title gets :data:`CUT_TITLE_NOTE` after it, so a reader does not take the table for having
cut it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import catalog
from .errors import TableDataError

__all__ = ["COLUMNS", "CUT_TITLE_NOTE", "source_list"]

#: The columns of the list, in order.
COLUMNS = ["publisher", "title", "published", "url"]
#: Written after a title that the source record holds only up to an ellipsis.
CUT_TITLE_NOTE = "(rest of headline not recorded)"

_ENDS_CUT = re.compile(r"(?:\.\.\.|…)\s*$")


def source_list(ids: Iterable[str], data: str | Path | None = None) -> pd.DataFrame:
    """Publisher, title, published date and address of each source id, once each, in first-seen order.

    Args:
        ids: source ids (``sources.csv``'s ``source_id``); repeats and blanks are dropped.
        data: another data package folder.

    Returns:
        A frame with :data:`COLUMNS` and a plain row index.

    Raises:
        TableDataError: an id is not in ``sources.csv`` (names the id and the file).
    """
    wanted = list(dict.fromkeys(i.strip() for i in ids if isinstance(i, str) and i.strip()))
    table = catalog.sources(data=data).set_index("source_id")
    unknown = [i for i in wanted if i not in table.index]
    if unknown:
        raise TableDataError(
            f"sources.csv, column source_id: no row for {', '.join(unknown)} (expected a cited source id)")
    rows = table.loc[wanted, COLUMNS].reset_index(drop=True)
    rows["title"] = [f"{t} {CUT_TITLE_NOTE}" if isinstance(t, str) and _ENDS_CUT.search(t) else t
                     for t in rows["title"]]
    return rows
