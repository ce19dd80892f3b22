"""The source-id convention: which ids a row cites, how a publisher is named, how a source is cited.

Every data row names its primary source in ``source_id`` and may list further sources in a
``;``-separated list column whose name ends in ``source_ids`` (``other_source_ids``,
``evidence_source_ids``); each id is a row of the ``sources`` table. This module is the one
reader of that convention (:func:`split_ids`, :func:`cited`, :func:`cited_by_weight`) and the
one place publishers are shortened (:func:`short_publisher`) and sources written for readers
(:func:`source_label`, :func:`reference`, :func:`reader_title`, :func:`publisher_text`,
:func:`group_by_address`).

Title convention of ``sources.csv``: a title is the publisher's headline as written, except

- ``"[descriptive] ..."`` (or a title wholly in brackets): our description of a page whose
  headline was not recorded; readers see it as a description, never as a quoted title;
- a headline ending in an ellipsis or in ``"[headline as shortened in the copy read]"``: only
  the start of the headline was recorded; readers see it quoted, with :data:`SHORTENED_NOTE`.

A publisher written ``"Unidentified (...)"`` is a document whose publisher is not known.

It reads no data itself (the loader depends on it); callers pass the rows.

(Named ``citations`` rather than ``sources``: a submodule ``smartkorea.sources`` would replace
the ``smartkorea.sources()`` function on the package.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import pandas as pd

from . import periods
from .text import plain_english

__all__ = [
    "DESCRIPTION_NOTE",
    "ID_COLUMN",
    "SHORTENED_NOTE",
    "UNIDENTIFIED_PUBLISHER",
    "Title",
    "cited",
    "cited_by_weight",
    "id_columns",
    "address_key",
    "group_by_address",
    "is_id_list",
    "merged_dates",
    "merged_titles",
    "publisher_text",
    "reader_title",
    "reference",
    "short_publisher",
    "source_label",
    "split_ids",
]

ID_COLUMN = "source_id"
"""The column naming a row's primary source."""

MAX_PUBLISHER = 40
"""Publisher names longer than this are shortened on source lines."""

DESCRIPTION_NOTE = "(our description)"
"""Written after a title that describes a source whose own headline was not recorded."""

SHORTENED_NOTE = "(rest of headline not recorded)"
"""Written after a headline of which only the start was recorded."""

UNIDENTIFIED_PUBLISHER = "Publisher not identified"
"""How a source whose publisher is not known (``"Unidentified (...)"``) is named."""

_PARENS = re.compile(r"\s*\(([^()]*)\)")
_ATTRIBUTION = re.compile(r",?\s+(?:as reported by|reporting|citing|via|quoted by|using)\b.*$", re.IGNORECASE)
_ACRONYM = re.compile(r"^([A-Z][A-Za-z&-]*[A-Z])\b")
_HEAD = re.compile(r",\s+|\s+[-–—]\s+")
_DESCRIPTIVE = re.compile(r"^\s*\[descriptive\]\s*", re.IGNORECASE)
_SHORTENED = re.compile(r"\s*\[headline as shortened in the copy read\]\s*$", re.IGNORECASE)
_ENDS_CUT = re.compile(r"\s*(?:\.\.\.|…)\s*$")
_BRACKETED = re.compile(r"^\s*\(([^()]*)\)\s*$")
_UNIDENTIFIED = re.compile(r"^\s*unidentified\b", re.IGNORECASE)


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
    longer than that becomes its acronym in parentheses if it had one, else its part before
    the first comma or dash if that fits, else stays whole: a name is never cut inside (no
    ellipsis, no half name). An unknown publisher
    (``"Unidentified (...)"``) is :data:`UNIDENTIFIED_PUBLISHER`.
    """
    if style not in ("chart", "prose"):
        raise ValueError(f"style must be 'chart' or 'prose'; got {style!r}")
    full = " ".join(str(name).split())
    if _UNIDENTIFIED.match(full):
        return UNIDENTIFIED_PUBLISHER
    short = _PARENS.sub("", full)
    if style == "chart":
        short = _ATTRIBUTION.sub("", short)
    short = short.strip(" ,;/") or full
    if max_chars is not None and len(short) > max_chars:
        for inner in _PARENS.findall(full):
            m = _ACRONYM.match(inner.strip())
            if m and len(m.group(1)) <= 12:
                return m.group(1)
        head = _HEAD.split(short, 1)[0]
        if len(head) <= max_chars:
            short = head
    return short


def publisher_text(name: object) -> str:
    """A publisher as written in full for a sources list; an unknown publisher
    (``"Unidentified (...)"``) is :data:`UNIDENTIFIED_PUBLISHER`."""
    full = " ".join(str(name).split()) if isinstance(name, str) else ""
    return UNIDENTIFIED_PUBLISHER if _UNIDENTIFIED.match(full) else full


@dataclass(frozen=True)
class Title:
    """A source's title as readers see it.

    ``kind`` is ``"headline"`` (the publisher's headline as written), ``"shortened"`` (only the
    start of the headline was recorded) or ``"description"`` (our description of the source).
    """

    text: str
    kind: Literal["headline", "shortened", "description"] = "headline"

    @property
    def note(self) -> str:
        """What follows the text for readers ("" for a headline)."""
        return {"description": DESCRIPTION_NOTE, "shortened": SHORTENED_NOTE}.get(self.kind, "")

    def plain(self) -> str:
        """Plain text: ``"Title"``, ``"Start of a headline (rest of headline not recorded)"``."""
        return f"{self.text} {self.note}" if self.note else self.text

    def html(self) -> str:
        """Escaped HTML: a headline in ``<cite>``; a description as plain text, never cited."""
        text = html.escape(self.text, quote=True)
        if self.kind != "description":
            text = f"<cite>{text}</cite>"
        return f"{text} {html.escape(self.note)}" if self.note else text


def reader_title(title: object) -> Title:
    """A ``sources.csv`` title read by the title convention (see the module docstring).

    A description is ours, so it is written in the readers' units
    (:func:`smartkorea.text.plain_english`); a headline stays as the publisher wrote it.

    >>> reader_title("[descriptive] EGDI datasets 2010-2018")
    Title(text='EGDI datasets 2010-2018', kind='description')
    >>> reader_title("[descriptive] 2024 R&D KRW 131tn").text
    '2024 R&D ₩131tn'
    >>> reader_title("Seoul to invest KRW 1.4 trillion").text
    'Seoul to invest KRW 1.4 trillion'
    """
    text = " ".join(title.split()) if isinstance(title, str) else ""
    if _DESCRIPTIVE.match(text):
        return Title(plain_english(_DESCRIPTIVE.sub("", text)), "description")
    bracketed = _BRACKETED.match(text)
    if bracketed:
        return Title(plain_english(bracketed.group(1).strip()), "description")
    if _SHORTENED.search(text):
        return Title(_SHORTENED.sub("", text), "shortened")
    if _ENDS_CUT.search(text):
        return Title(text, "shortened")
    return Title(text)


def address_key(url: object) -> str:
    """The key under which two web addresses are the same page ("" for no web address):
    scheme, ``www.``, letter case of the host, a trailing ``/`` and a ``#fragment`` do not count."""
    text = url.strip() if isinstance(url, str) else ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def group_by_address(urls: Iterable[object]) -> list[list[int]]:
    """Positions of ``urls`` grouped by page (:func:`address_key`), groups in first-seen order.

    Several source ids with one address are one source for readers; an entry with no web
    address is a group of its own.
    """
    groups: dict[str, list[int]] = {}
    out: list[list[int]] = []
    for i, url in enumerate(urls):
        key = address_key(url)
        if key and key in groups:
            groups[key].append(i)
            continue
        out.append([i])
        if key:
            groups[key] = out[-1]
    return out


def merged_titles(titles: Iterable[object]) -> list[Title]:
    """The titles of one page recorded under several ids, each once: headlines win over our
    descriptions, and a title contained in a longer one (ignoring case) is dropped."""
    read = [t for t in (reader_title(x) for x in titles) if t.text]
    if any(t.kind != "description" for t in read):
        read = [t for t in read if t.kind != "description"]
    unique = list({t.text.casefold(): t for t in reversed(read)}.values())[::-1]  # first of each
    return [t for t in unique
            if not any(t.text.casefold() in o.text.casefold() for o in unique if o is not t)]


def merged_dates(dates: Iterable[object]) -> list[str]:
    """Publication dates of one page recorded under several ids: each once, newest first; a
    date that another one refines (``"2021"`` beside ``"2021-10"``) and unknown dates dropped."""
    known = list(dict.fromkeys(d for d in (_published(x) for x in dates) if d))
    kept = [d for d in known if not any(o != d and o.startswith(d) for o in known)]
    return sorted(kept, reverse=True)


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
    """One source as a reference-list line: ``"- Publisher (2019-07-05). Title. URL"``.

    The publisher and title are written for readers (:func:`publisher_text`,
    :func:`reader_title`): a description is followed by :data:`DESCRIPTION_NOTE`.
    """
    when = f" ({published})" if isinstance(published, str) and published else ""
    return f"- {publisher_text(publisher)}{when}. {reader_title(title).plain()}. {url}"
