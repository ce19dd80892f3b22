"""Reader tables: a DataFrame shown as a reader would want it (a pandas ``Styler``).

>>> import smartkorea as sk
>>> from smartkorea import tables
>>> df = sk.load("programmes")[["programme", "announced", "amount", "currency", "source_id"]]
>>> styled = tables.reader_table(df, caption="Korea's smart-city and R&D programmes")
>>> styled.to_html() == styled.to_html()   # the same HTML on every render (fixed table id)
True

What :func:`reader_table` does to the frame, column by column:

- **Labels**: ``snake_case`` keys become sentence-case words (``evidence_year`` -> "Evidence
  year", ``gdp`` -> "GDP"); known keys get their reader name (``source_id`` -> "Source");
  ``units`` adds a unit in brackets ("Value (% of GDP)"); ``labels`` overrides any of this.
- **Money** (an amount column with its currency, found as ``amount``/``value`` next to a
  ``currency`` column, or ``<x>_amount``/``<x>_value`` next to ``<x>_currency``) is written by
  :func:`smartkorea.money.format_money` ("₩3.7tn"); the currency column is then dropped.
  ``pct`` columns go through :func:`smartkorea.money.format_pct` ("4.9%").
- **Numbers** get thousands separators and the decimals the data needs (at most four, the same
  in every row of a column); **years** (``year``, ``*_year``, ``period_start``...) none.
- **Codes** become names: country codes (``country``) the short name of ``countries.csv``;
  source ids (``source_id``, ``*source_ids``) "Publisher, Mon YYYY", linked to the source with
  ``links=True``; dataset names (``dataset``) the dataset's title; ``url`` a link named by its
  host; ``title`` (a source's title, quoted as written) is marked ``<cite>``. Other cells
  that are one ``snake_case`` id are written as words, and a source id named inside free text
  (a note) is replaced by its source's name.
- **Missing** values (NaN, None, ``<NA>``, empty text) show as "–".
- Long text wraps inside a maximum column width; nothing is cut, and no row or column is
  elided however long the table.
- The index is shown only when it means something (it has a name, or is not a plain row
  number), as the first column(s).
- Every value is HTML-escaped (the data is untrusted text); the table id comes from the caption
  (or ``table_id``) so the HTML is the same on every run.

Bad input raises :class:`smartkorea.errors.TableDataError` naming the table, row and column.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
from pandas.io.formats.style import Styler

from . import catalog
from .errors import TableDataError
from .money import format_money, format_pct

__all__ = ["DASH", "TEXT_WIDTH", "ReaderTable", "humanize", "label", "reader_table"]

#: What a missing value is shown as (an en dash).
DASH = "–"
#: The widest a text column may grow before its text wraps (CSS length).
TEXT_WIDTH = "28em"
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
_CSS_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:em|rem|ch|px|%)$")
_TABLE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_YEAR_COLUMNS = {"period_start", "period_end"}


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


# --------------------------------------------------------------------------- the table


class ReaderTable(Styler):
    """A :class:`~pandas.io.formats.style.Styler` that never elides rows or columns when shown
    in a notebook, and whose plain-text form is its caption and size (no memory address)."""

    reader_caption = ""

    def to_html(self, *args, **kwargs):
        """:meth:`Styler.to_html` with pandas' render limits lifted: every row and column."""
        cells = self.data.shape[0] * max(1, self.data.shape[1])
        limit = max(cells + 1, pd.get_option("styler.render.max_elements"))
        with pd.option_context(
            "styler.render.max_elements", limit,
            "styler.render.max_rows", None,
            "styler.render.max_columns", None,
        ):
            return super().to_html(*args, **kwargs)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        rows, cols = self.data.shape
        return (
            f"Table: {self.reader_caption} ({rows} row{'s' if rows != 1 else ''}, "
            f"{cols} column{'s' if cols != 1 else ''})"
        )

    __str__ = __repr__


def _table_id(caption: str, table_id: str | None, where: str) -> str:
    if table_id is not None:
        if not isinstance(table_id, str) or not _TABLE_ID.match(table_id):
            raise TableDataError(
                f"{where}: expected table_id of letters, digits, '-' or '_' starting with a "
                f"letter; found {table_id!r}"
            )
        return table_id
    slug = "-".join(re.findall(r"[a-z0-9]+", caption.lower())[:6])[:40]
    digest = hashlib.sha1(caption.encode("utf-8")).hexdigest()[:8]
    return f"sk-{slug}-{digest}" if slug else f"sk-{digest}"


def _columns(arg, default: Iterable[str], frame: pd.DataFrame, what: str, where: str) -> list[str]:
    """The columns given for a role (checked), or the default ones present in the frame."""
    if arg is None:
        return [c for c in default if c in frame.columns]
    cols = [arg] if isinstance(arg, str) else list(arg)
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise TableDataError(
            f"{where}: {what} names column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}, expected one of the frame's columns "
            f"({', '.join(map(str, frame.columns))})"
        )
    return cols


def _money_columns(frame: pd.DataFrame, money: Mapping[str, str] | None, where: str) -> dict[str, str]:
    """amount column -> currency column name (or a fixed ISO 4217 code)."""
    found: dict[str, str] = {}
    for cur in frame.columns:
        name = str(cur)
        if name == "currency" or name.endswith("_currency"):
            prefix = name[: -len("currency")]
            for amount in (prefix + "amount", prefix + "value"):
                if amount in frame.columns and pd.api.types.is_numeric_dtype(frame[amount]):
                    found[amount] = name
                    break
    for amount, cur in (money or {}).items():
        if amount not in frame.columns:
            raise TableDataError(
                f"{where}: money names column {amount!r}, expected one of the frame's columns "
                f"({', '.join(map(str, frame.columns))})"
            )
        if cur not in frame.columns and not re.fullmatch(r"[A-Z]{3}", str(cur)):
            raise TableDataError(
                f"{where}, column {amount!r}: expected a currency column or an ISO 4217 code; "
                f"found {cur!r}"
            )
        found[amount] = cur
    return found


def reader_table(
    df: pd.DataFrame,
    *,
    caption: str,
    labels: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    money: Mapping[str, str] | None = None,
    pct: Iterable[str] | str = (),
    decimals: Mapping[str, int] | None = None,
    years: Iterable[str] | str | None = None,
    sources: Iterable[str] | str | None = None,
    countries: Iterable[str] | str | None = None,
    datasets: Iterable[str] | str | None = None,
    links: bool = False,
    index: bool | None = None,
    table_id: str | None = None,
    width: str = TEXT_WIDTH,
    data: str | Path | None = None,
) -> ReaderTable:
    """``df`` as a table for readers (see the module docstring for every rule).

    Args:
        df: the rows to show, in the order to show them.
        caption: what the table shows, in words (shown above it; required).
        labels: column key -> label, overriding the default labels.
        units: column key -> unit, added to the label in brackets ("% of GDP").
        money: amount column -> its currency column, or a fixed ISO 4217 code, on top of the
            ``amount``/``currency`` pairs found by name.
        pct: columns already in percent, written as "4.9%".
        decimals: column -> decimals for numbers and percentages (default: what the data needs,
            at most four).
        years: columns of years (default: ``year``, ``*_year``, ``period_start``/``period_end``).
        sources: columns of source ids, one or ``;``-separated (default ``source_id`` and
            ``*source_ids``).
        countries: columns of country codes (default ``country``).
        datasets: columns of dataset names, one or ``,``/``;``-separated (default ``dataset``).
        links: link source names to the source's address.
        index: show the index as the first column(s): ``None`` when it means something.
        table_id: the HTML id (default: derived from the caption).
        width: the widest a text column grows before wrapping (a CSS length).
        data: another data package folder to read sources and countries from.

    Returns:
        A :class:`ReaderTable` (a ``Styler``) over the display strings: display it, or call
        ``.to_html()``.

    Raises:
        TableDataError: not a DataFrame, an empty caption, a column named in an argument that
            the frame lacks, an unknown country code, source id or dataset name, or a currency
            code that is not ISO 4217.
    """
    if not isinstance(caption, str) or not caption.strip():
        raise TableDataError(f"reader_table: expected a caption in words; found {caption!r}")
    caption = caption.strip()
    where = f"table {caption!r}"
    if not isinstance(df, pd.DataFrame):
        raise TableDataError(f"{where}: expected a pandas DataFrame; found {type(df).__name__}")
    uuid = _table_id(caption, table_id, where)
    if not isinstance(width, str) or not _CSS_LENGTH.match(width):
        raise TableDataError(f"{where}: expected width as a CSS length such as '28em'; found {width!r}")

    frame = df.copy()
    show_index = index
    if show_index is None:
        plain = frame.index.names == [None] and pd.api.types.is_integer_dtype(frame.index.dtype)
        show_index = not plain
    frame = frame.reset_index() if show_index else frame.reset_index(drop=True)
    if frame.columns.duplicated().any():
        dup = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise TableDataError(f"{where}: expected unique column names; found repeated {', '.join(dup)}")
    frame.columns = [str(c) for c in frame.columns]

    folder, sig = _folder(data)
    money_cols = _money_columns(frame, money, where)
    pct_cols = set(_columns(pct, (), frame, "pct", where))
    source_cols = set(_columns(
        sources, [c for c in frame.columns if c == "source_id" or c.endswith("source_ids")],
        frame, "sources", where,
    ))
    country_cols = set(_columns(countries, ["country"], frame, "countries", where))
    dataset_cols = set(_columns(datasets, ["dataset"], frame, "datasets", where))
    year_cols = set(_columns(
        years,
        [c for c in frame.columns if "year" in c.split("_") or c in _YEAR_COLUMNS],
        frame, "years", where,
    ))
    units = dict(units or {})
    decimals = dict(decimals or {})
    labels = dict(labels or {})
    for name, arg in (("units", units), ("decimals", decimals), ("labels", labels)):
        _columns(list(arg), (), frame, name, where)

    # a constant unit column is folded into the value's label
    unit_col = frame.get("unit")
    mixed_units = False
    if unit_col is not None and "value" in frame.columns and "value" not in units:
        kinds = {str(u) for u in unit_col if not _is_missing(u)}
        if len(kinds) == 1 and "value" not in money_cols and "value" not in pct_cols:
            (only,) = kinds
            if only == "percent":
                pct_cols.add("value")
            else:
                units["value"] = _unit_text(only)
            frame = frame.drop(columns="unit")
        mixed_units = len(kinds) > 1

    dropped = {c for c in money_cols.values() if c in frame.columns}
    shown = [c for c in frame.columns if c not in dropped]
    numeric = []
    body: dict[str, list[str]] = {}
    for col in shown:
        series = frame[col]
        where_col = f"{where}, column {col!r}"
        if col in money_cols:
            body[col] = _money_cells(series, frame, money_cols[col], where_col)
            numeric.append(col)
        elif col in pct_cols:
            body[col] = _pct_cells(series, decimals.get(col), where_col)
            numeric.append(col)
        elif col in year_cols:
            body[col] = _year_cells(series, where_col)
        elif col in source_cols:
            body[col] = _source_cells(series, folder, sig, links, where_col)
        elif col in country_cols:
            body[col] = _lookup_cells(series, _countries(folder, sig), "a country code in countries.csv", where_col)
        elif col in dataset_cols:
            body[col] = _dataset_cells(series, folder, where_col)
        elif col == "title":  # a source's title, as written: marked as a cited title
            body[col] = [DASH if _is_missing(v) else f"<cite>{_esc(str(v).strip())}</cite>" for v in series]
        elif col == "url":
            body[col] = [DASH if _is_missing(v) else _link(str(v), _host(str(v))) for v in series]
        elif col == "unit" or col.endswith("_unit"):
            body[col] = [DASH if _is_missing(v) else _esc(_unit_text(str(v))) for v in series]
        elif pd.api.types.is_bool_dtype(series.dtype):
            body[col] = [DASH if _is_missing(v) else ("Yes" if v else "No") for v in series]
        elif pd.api.types.is_numeric_dtype(series.dtype):
            body[col] = _number_cells(series, decimals.get(col), per_cell=mixed_units and col == "value")
            numeric.append(col)
        elif pd.api.types.is_datetime64_any_dtype(series.dtype):
            body[col] = [DASH if _is_missing(v) else f"{v.day} {v:%b %Y}" for v in series]
        else:
            body[col] = [DASH if _is_missing(v) else _text_cell(v, folder, sig) for v in series]

    heads = [_esc(labels.get(c) or label(c, units.get(c))) for c in shown]
    display = pd.DataFrame({i: body[c] for i, c in enumerate(shown)}, index=pd.RangeIndex(len(frame)))
    display.columns = pd.Index(heads) if len(set(heads)) == len(heads) else pd.RangeIndex(len(heads))
    styler = ReaderTable(display, uuid=uuid, cell_ids=False, caption=_esc(caption))
    styler.reader_caption = caption
    if not isinstance(display.columns, pd.RangeIndex):
        styler.hide(axis="index")
    else:  # repeated labels: header row written from `heads`
        styler.hide(axis="index").format_index(lambda i: heads[i], axis="columns")
    styler.set_table_styles(_styles([i for i, c in enumerate(shown) if c in numeric], width))
    return styler


def _styles(numeric: list[int], width: str) -> list[dict]:
    """The table's CSS, scoped to its id by the Styler: text left and wrapped at ``width``,
    numbers (the columns at positions ``numeric``) right-aligned and kept on one line."""
    cell = (
        f"text-align: left; vertical-align: top; white-space: normal; overflow-wrap: anywhere; "
        f"max-width: {width}; padding: 0.3em 0.7em; border: none; border-bottom: 1px solid #e0e0e0;"
    )
    styles = [
        {"selector": "", "props": "border-collapse: collapse; table-layout: auto; margin: 0.4em 0 1.2em; "
                                  "font-variant-numeric: tabular-nums; font-size: 0.92em;"},
        {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: 600; "
                                         "padding: 0 0 0.5em; color: #222;"},
        {"selector": "th, td", "props": cell},
        {"selector": "cite", "props": "font-style: normal;"},
        {"selector": "thead th", "props": "font-weight: 600; border-bottom: 1px solid #555; "
                                          "vertical-align: bottom;"},
    ]
    for i in numeric:
        styles.append({"selector": f"td.col{i}, th.col_heading.col{i}", "props": "text-align: right;"})
        styles.append({"selector": f"td.col{i}", "props": "white-space: nowrap;"})
    return styles


# --------------------------------------------------------------------------- cells


def _text_cell(value: object, folder: Path, sig: tuple) -> str:
    """Free text, escaped; a cell that is one snake_case id in words, and any source id named
    in the text replaced by its source's name."""
    text = str(value).strip()
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
