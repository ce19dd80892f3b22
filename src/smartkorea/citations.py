"""The source-id convention: which ids a row cites, how a publisher is named, how a source is cited.

Every data row names its primary source in ``source_id`` and may list further sources in a
``;``-separated list column whose name ends in ``source_ids`` (``other_source_ids``,
``evidence_source_ids``); each id is a row of the ``sources`` table. This module is the one
reader of that convention (:func:`split_ids`, :func:`cited`, :func:`cited_by_weight`) and the
one place publishers are shortened (:func:`short_publisher`) and sources written for readers
(:func:`source_label`, :func:`reference`).

It reads no data itself (the loader depends on it); callers pass the rows.

(Named ``citations`` rather than ``sources``: a submodule ``smartkorea.sources`` would replace
the ``smartkorea.sources()`` function on the package.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import pandas as pd

from . import periods

__all__ = [
    "ID_COLUMN",
    "cited",
    "cited_by_weight",
    "id_columns",
    "is_id_list",
    "reference",
    "short_publisher",
    "source_label",
    "split_ids",
]

ID_COLUMN = "source_id"
"""The column naming a row's primary source."""

MAX_PUBLISHER = 40
"""Publisher names longer than this are shortened on source lines."""

_PARENS = re.compile(r"\s*\(([^()]*)\)")
_ATTRIBUTION = re.compile(r",?\s+(?:as reported by|citing|via|quoted by)\b.*$", re.IGNORECASE)
_ACRONYM = re.compile(r"^([A-Z][A-Za-z&-]*[A-Z])\b")


def split_ids(cell: object) -> list[str]:
    """The source ids in a ``;``-separated list cell (``"A; B;"`` -> ``["A", "B"]``).

    A missing cell (None, NaN, ``""``) holds no ids.
    """
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [s.strip() for s in str(cell).split(";") if s.strip()]


def is_id_list(column: object) -> bool:
    """True for a list column of further source ids (its name ends in ``source_ids``)."""
    return str(column) != ID_COLUMN and str(column).endswith(ID_COLUMN + "s")


def id_columns(columns: Iterable[object]) -> list[str]:
    """The columns, in order, that cite sources: ``source_id`` and the list columns."""
    return [str(c) for c in columns if str(c) == ID_COLUMN or is_id_list(c)]


def _cells(series: pd.Series) -> list[object]:
    return list(series.astype("object"))


def cited(frame: pd.DataFrame) -> list[str]:
    """Every id a frame cites, in the order first cited (column by column, row by row)."""
    ids: list[str] = []
    for col in id_columns(frame.columns):
        for cell in _cells(frame[col]):
            ids.extend(split_ids(cell))
    return list(dict.fromkeys(ids))


def cited_by_weight(frame: pd.DataFrame) -> list[str]:
    """The ids a frame cites: primary ``source_id`` (most rows first), then any other ids.

    Ties among primary ids keep the order of first appearance.
    """
    counts: dict[str, int] = {}
    if ID_COLUMN in frame.columns:
        for cell in _cells(frame[ID_COLUMN]):
            for s in split_ids(cell):
                counts[s] = counts.get(s, 0) + 1
    primary = sorted(counts, key=lambda s: -counts[s])  # stable
    others: list[str] = []
    for col in id_columns(frame.columns):
        if col != ID_COLUMN:
            for cell in _cells(frame[col]):
                others.extend(split_ids(cell))
    return list(dict.fromkeys(primary + others))


def short_publisher(name: str, max_chars: int | None = MAX_PUBLISHER, *,
                    style: Literal["chart", "prose"] = "chart") -> str:
    """A publisher name short enough for a source line or a sentence.

    Parenthetical text (mirrors, "via ..." notes) is dropped. ``style="chart"`` (source lines)
    also drops attributions ("..., as reported by X", "X via Y"); ``style="prose"`` keeps them,
    since a sentence may name who reported the figure. With ``max_chars`` set, a name still
    longer than that becomes its acronym in parentheses if it had one, else is cut at a word
    boundary with an ellipsis.
    """
    if style not in ("chart", "prose"):
        raise ValueError(f"style must be 'chart' or 'prose'; got {style!r}")
    full = " ".join(str(name).split())
    short = _PARENS.sub("", full)
    if style == "chart":
        short = _ATTRIBUTION.sub("", short)
    short = short.strip(" ,;/") or full
    if max_chars is not None and len(short) > max_chars:
        for inner in _PARENS.findall(full):
            m = _ACRONYM.match(inner.strip())
            if m and len(m.group(1)) <= 12:
                return m.group(1)
        cut = short[: max_chars - 1].rsplit(" ", 1)[0].rstrip(" ,;")
        short = cut + "…"
    return short


def _published(value: object) -> str:
    """A source's ``published`` date as written, or "" when unknown (blank or "n.d.")."""
    text = value.strip() if isinstance(value, str) else ""
    return "" if text == "n.d." else text


def source_label(source_id: str, publisher: object, published: object) -> str:
    """A short label naming a source and when it was published: ``"Sky News, Jun 2019"``.

    The publisher is shortened for prose (:func:`short_publisher` with ``style="prose"``, no
    length cut; the id when nothing is left); the date is the ``published`` month, or year, or ``n.d.`` when unknown.
    """
    name = short_publisher(publisher, None, style="prose") if isinstance(publisher, str) else ""
    when = _published(published)
    return f"{name or source_id}, {periods.month_label(when) if when else 'n.d.'}"


def reference(publisher: object, published: object, title: object, url: object) -> str:
    """One source as a reference-list line: ``"- Publisher (2019-07-05). Title. URL"``."""
    when = f" ({published})" if isinstance(published, str) and published else ""
    return f"- {publisher}{when}. {title}. {url}"
