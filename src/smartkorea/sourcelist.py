"""The sources list at the end of a notebook: each source once, in the columns a reader wants.

>>> from smartkorea.sourcelist import source_list
>>> list(source_list(["WB_WDI_2026_07"]).columns)
['publisher', 'title', 'published', 'url']

Pass the frame to :func:`smartkorea.tables.reader_table`, which links the address and writes the
titles by the title convention of :mod:`smartkorea.citations`: a headline is cited, our
description of a page is shown as a description, a headline recorded only in part gets
:data:`CUT_TITLE_NOTE`. Ids that record one web page are one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import catalog, citations
from .errors import TableDataError

__all__ = ["COLUMNS", "CUT_TITLE_NOTE", "dataset_sources", "source_list"]

#: The columns of the list, in order.
COLUMNS = ["publisher", "title", "published", "url"]
#: Written after a title that the source record holds only in part.
CUT_TITLE_NOTE = citations.SHORTENED_NOTE


def source_list(ids: Iterable[str], data: str | Path | None = None) -> pd.DataFrame:
    """Publisher, title(s), published date(s) and address of each source, once each, in first-seen order.

    Ids whose address is one web page (:func:`smartkorea.citations.group_by_address`) are one
    row: the publisher of its first id, every title of the page once
    (:func:`smartkorea.citations.merged_titles`) and every date once, newest first, joined by
    "; " (:func:`smartkorea.citations.merged_dates`; "n.d." when none is known).

    Args:
        ids: source ids (``sources.csv``'s ``source_id``); repeats and blanks are dropped.
        data: another data package folder.

    Returns:
        A frame with :data:`COLUMNS` and a plain row index; ``title`` holds a tuple of
        :class:`smartkorea.citations.Title` per row, ``publisher`` the name as readers see it
        (:func:`smartkorea.citations.publisher_text`).

    Raises:
        TableDataError: an id is not in ``sources.csv`` (names the id and the file).
    """
    wanted = list(dict.fromkeys(i.strip() for i in ids if isinstance(i, str) and i.strip()))
    records = _records(wanted, data)
    unknown = [i for i in wanted if i not in records]
    if unknown:
        raise TableDataError(
            f"sources.csv, column source_id: no row for {', '.join(unknown)} (expected a cited source id)")
    return pd.DataFrame([_entry([records[i] for i in page]) for page in _pages(wanted, records)],
                        columns=COLUMNS)


def _records(ids: Iterable[str], data: str | Path | None) -> dict[str, dict[str, object]]:
    """Each known id -> its ``sources.csv`` row (:func:`smartkorea.catalog.source_record`)."""
    out = {}
    for i in ids:
        try:
            out[i] = catalog.source_record(i, data)
        except KeyError:
            continue  # the caller names every unknown id at once
    return out


def _pages(ids: list[str], records: dict[str, dict[str, object]]) -> list[list[str]]:
    """The ids grouped by web page (:func:`smartkorea.citations.group_by_address`), in order."""
    return [[ids[i] for i in group] for group in citations.group_by_address(records[i]["url"] for i in ids)]


def _entry(page: list[dict[str, object]]) -> dict[str, object]:
    """One row of the list from the source records of one web page."""
    dates = citations.merged_dates(r["published"] for r in page)
    return {
        "publisher": citations.publisher_text(page[0]["publisher"]),
        "title": tuple(citations.merged_titles(r["title"] for r in page)),
        "published": "; ".join(dates) or "n.d.",
        "url": page[0]["url"],
    }


def dataset_sources(names: Iterable[str], data: str | Path | None = None) -> pd.DataFrame:
    """The sources of the named datasets, one row per web page, with the datasets using it.

    Like :func:`source_list` over every id the datasets cite (in dataset order), plus a
    ``dataset`` column: the names of the datasets citing any id of the page, ``"; "``-joined
    (:func:`smartkorea.tables.reader_table` shows their titles).

    Raises:
        UnknownDatasetError: a name is not a dataset of the package.
    """
    users: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        for sid in catalog.sources(name, data)["source_id"].astype(str):
            users.setdefault(sid, []).append(name)
    records = _records(users, data)
    out = []
    for page in _pages(list(users), records):
        used = dict.fromkeys(n for sid in page for n in users[sid])
        out.append(_entry([records[i] for i in page]) | {"dataset": "; ".join(used)})
    return pd.DataFrame(out, columns=[*COLUMNS, "dataset"])
