"""Cells and labels of reader tables: how each kind of value is written for readers.

Column keys in words (:func:`humanize`, :func:`label`), and one function per kind of cell
(numbers, money, percentages, years, source ids, country codes, dataset names, free text), each
returning the HTML-escaped display strings of a column with missing values as :data:`DASH`.
:mod:`smartkorea.tables` decides which columns are which kind and renders the table; the rules
are documented there.
"""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from . import catalog, citations
from .errors import TableDataError
from .money import format_money, format_pct
from .text import plain_english

__all__ = ["DASH", "MAX_DECIMALS", "humanize", "label"]

#: What a missing value is shown as (an en dash).
DASH = "–"
#: Most decimals a number is shown with (when ``decimals`` does not say).
MAX_DECIMALS = 4

# Reader names of keys that a plain sentence-case would get wrong.
_KNOWN_LABELS = {
    "source_id": "Source",
    "source_ids": "Sources",
    "other_source_ids": "Other sources",
    "evidence_source_ids": "Evidence sources",
    "url": "Link",
    "country": "Country",
    "dataset": "Dataset",
    "as_of": "As of",
    "value_text": "Value",
}
# Words written in capitals (or another fixed form) inside a humanized key.
_WORDS = {
    "gdp": "GDP", "uk": "UK", "us": "US", "eu": "EU", "oecd": "OECD", "rd": "R&D", "id": "ID",
    "ict": "ICT", "fx": "FX", "url": "URL", "krw": "KRW", "gbp": "GBP", "usd": "USD",
    "eur": "EUR", "jpy": "JPY", "5g": "5G", "4g": "4G", "lte": "LTE", "egdi": "EGDI",
    "idi": "IDI", "sme": "SME", "ftc": "FTC", "msit": "MSIT", "molit": "MOLIT", "mss": "MSS",
    "itu": "ITU", "ppp": "PPP", "gerd": "GERD", "fte": "FTE", "vat": "VAT", "fta": "FTA",
    "imf": "IMF", "wdi": "WDI", "km2": "km²", "q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4",
    "spc": "SPC", "lh": "LH", "imd": "IMD", "kpmg": "KPMG", "hsbc": "HSBC", "lg": "LG",
    "sk": "SK", "cbinsights": "CB Insights", "mlab": "M-Lab", "ceoscore": "CEO Score",
}
_UNIT_WORDS = {"percent": "%", "km2": "km²"}
_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_ID_CELL = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")  # at least one underscore
_SOURCE_ID = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*_)[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+(?![\w-])")


# --------------------------------------------------------------------------- words


def humanize(key: str) -> str:
    """A ``snake_case`` key in words, sentence case: ``top10_exporters_share`` ->
    "Top 10 exporters share", ``gdp_year`` -> "GDP year". Text that is not a key (it has
    spaces or capitals) only gets a capital first letter."""
    text = str(key).strip()
    if not _KEY.match(text):
        return text[:1].upper() + text[1:]
    words = []
    for word in text.split("_"):
        if word in _WORDS:
            words.append(_WORDS[word])
        else:
            words.append(re.sub(r"(?<=[a-z])(?=\d)", " ", word))  # top10 -> top 10
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def label(column: str, unit: str | None = None) -> str:
    """The reader's label of a column key, with its unit in brackets when given:
    ``label("value", "% of GDP")`` -> "Value (% of GDP)", ``label("source_id")`` -> "Source";
    a unit with its own brackets follows a comma ("Value, persons (headcount)")."""
    text = _KNOWN_LABELS.get(str(column)) or humanize(str(column))
    if not unit:
        return text
    return f"{text}, {unit}" if "(" in unit else f"{text} ({unit})"  # no brackets in brackets


def _unit_text(unit: str) -> str:
    return _UNIT_WORDS.get(unit, unit)


# --------------------------------------------------------------------------- lookups


@lru_cache(maxsize=4)
def _countries(folder: Path, _sig: tuple) -> dict[str, str]:
    table = catalog.load("countries", folder)
    return dict(zip(table["country"].astype(str), table["short_name"].astype(str)))


@lru_cache(maxsize=4)
def _source_urls(folder: Path, _sig: tuple) -> dict[str, str]:
    """source_id -> its address ("" when it has none): also the set of known ids."""
    table = catalog.load("sources", folder)
    return {sid: (url if isinstance(url, str) else "") for sid, url in zip(table["source_id"].astype(str), table["url"])}


@lru_cache(maxsize=2048)
def _source_name(folder: Path, _sig: tuple, source_id: str) -> str:
    """"Publisher, Mon YYYY" (computed per id, as tables name few of the sources)."""
    from .markets import source_label  # the one home of the label convention

    return source_label(source_id, data=folder)


def _folder(data: str | Path | None) -> tuple[Path, tuple]:
    folder = catalog._resolve(data)
    return folder, catalog.fingerprint("sources", folder) + catalog.fingerprint("countries", folder)


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _link(url: str, text: str) -> str:
    """An ``<a>`` for http(s) addresses; anything else (``javascript:``...) as plain text."""
    if urlsplit(url).scheme.lower() in {"http", "https"}:
        return f'<a href="{_esc(url)}">{_esc(text)}</a>'
    return _esc(text)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


# --------------------------------------------------------------------------- numbers


def _decimals_needed(x: float) -> int:
    for d in range(MAX_DECIMALS + 1):
        if abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)):
            return d
    return MAX_DECIMALS


def _number(x: float, decimals: int) -> str:
    text = f"{abs(x):,.{decimals}f}"
    return ("-" if x < 0 and float(text.replace(",", "")) != 0 else "") + text


# --------------------------------------------------------------------------- cells


def _text_cell(value: object, folder: Path, sig: tuple) -> str:
    """Free text, escaped and in the readers' units (:func:`smartkorea.text.plain_english`); a
    cell that is one snake_case id in words, and any source id named in the text replaced by its
    source's name."""
    text = plain_english(str(value).strip())
    if _ID_CELL.match(text):
        return _esc(humanize(text))
    known = _source_urls(folder, sig)

    def name(m: re.Match) -> str:
        sid = m.group(0)
        return _source_name(folder, sig, sid) if sid in known else sid

    return _esc(_SOURCE_ID.sub(name, text))


def _number_cells(series: pd.Series, digits: int | None, *, per_cell: bool = False) -> list[str]:
    values = [None if _is_missing(v) else float(v) for v in series]
    finite = [v for v in values if v is not None and math.isfinite(v)]
    column = digits if digits is not None else max((_decimals_needed(v) for v in finite), default=0)
    out = []
    for v in values:
        if v is None or not math.isfinite(v):
            out.append(DASH)
        else:
            d = digits if digits is not None else (_decimals_needed(v) if per_cell else column)
            out.append(_number(v, d))
    return out


def _money_cells(series: pd.Series, frame: pd.DataFrame, currency: str, where: str) -> list[str]:
    codes = frame[currency] if currency in frame.columns else pd.Series(currency, index=frame.index)
    plain = _number_cells(series, None, per_cell=True)
    out = []
    for i, (amount, code) in enumerate(zip(series, codes)):
        if _is_missing(amount):
            out.append(DASH)
        elif _is_missing(code):
            out.append(plain[i])  # a non-money row of a mixed column: the number alone
        else:
            try:
                out.append(_esc(format_money(float(amount), str(code))))
            except ValueError as exc:
                raise TableDataError(
                    f"{where}, row {i + 1}: expected an amount with an ISO 4217 currency; "
                    f"found {amount!r} {code!r} ({exc})"
                ) from None
    return out


def _pct_cells(series: pd.Series, digits: int | None, where: str) -> list[str]:
    out = []
    for i, v in enumerate(series):
        if _is_missing(v):
            out.append(DASH)
            continue
        try:
            out.append(_esc(format_pct(float(v), digits)))
        except (TypeError, ValueError):
            raise TableDataError(f"{where}, row {i + 1}: expected a percentage; found {v!r}") from None
    return out


def _year_cells(series: pd.Series, where: str) -> list[str]:
    out = []
    for i, v in enumerate(series):
        if _is_missing(v):
            out.append(DASH)
            continue
        try:
            year = float(v)
        except (TypeError, ValueError):
            out.append(_esc(v))  # a year written as text ("2019/1") stays as written
            continue
        if not year.is_integer():
            raise TableDataError(f"{where}, row {i + 1}: expected a whole year; found {v!r}")
        out.append(str(int(year)))
    return out


def _split(cell: object) -> list[str]:
    return [s.strip() for s in re.split(r"[;,]", str(cell)) if s.strip()]


def _source_cells(series: pd.Series, folder: Path, sig: tuple, links: bool, where: str) -> list[str]:
    known = _source_urls(folder, sig)
    out = []
    for i, cell in enumerate(series):
        if _is_missing(cell):
            out.append(DASH)
            continue
        parts = []
        for sid in catalog.split_ids(str(cell)):
            if sid not in known:
                raise TableDataError(
                    f"{where}, row {i + 1}: expected a source_id listed in sources.csv; found {sid!r}"
                )
            text, url = _source_name(folder, sig, sid), known[sid]
            parts.append(_link(url, text) if links and url else _esc(text))
        out.append("; ".join(parts) or DASH)
    return out


def _lookup_cells(series: pd.Series, names: dict[str, str], expected: str, where: str) -> list[str]:
    out = []
    for i, code in enumerate(series):
        if _is_missing(code):
            out.append(DASH)
        elif str(code) in names:
            out.append(_esc(names[str(code)]))
        else:
            raise TableDataError(f"{where}, row {i + 1}: expected {expected}; found {code!r}")
    return out


def _dataset_cells(series: pd.Series, folder: Path, where: str) -> list[str]:
    known = set(catalog.names(folder))
    out = []
    for i, cell in enumerate(series):
        if _is_missing(cell):
            out.append(DASH)
            continue
        titles = []
        for name in _split(cell):
            if name not in known:
                raise TableDataError(
                    f"{where}, row {i + 1}: expected a dataset name of the data package; found {name!r}"
                )
            titles.append(catalog.describe(name, folder).get("title") or humanize(name))
        out.append(_esc("; ".join(titles)))
    return out


def _title_cells(series: pd.Series) -> list[str]:
    """A source's title(s) by the title convention of :mod:`smartkorea.citations`: a headline
    cited, our description plain with its note; a cell may hold a ``sources.csv`` title, a
    :class:`~smartkorea.citations.Title` or a sequence of them (one per line)."""
    out = []
    for value in series:
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        shown = [(v if isinstance(v, citations.Title) else citations.reader_title(v)).html()
                 for v in items if isinstance(v, citations.Title) or not _is_missing(v)]
        shown = [s for s in shown if s and s != "<cite></cite>"]
        out.append("<br>".join(shown) or DASH)
    return out


def _publisher_cells(series: pd.Series) -> list[str]:
    """A source's publisher as readers see it (:func:`smartkorea.citations.publisher_text`)."""
    return [DASH if _is_missing(v) else _esc(citations.publisher_text(str(v))) for v in series]
