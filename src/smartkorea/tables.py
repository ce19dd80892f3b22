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
  host; ``title`` (a source's title) follows the title convention of
  :mod:`smartkorea.citations` (a headline marked ``<cite>``, our description not). Other cells
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
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from .errors import TableDataError
from .tablecells import (  # the cell and label rules live there
    DASH,
    humanize,
    label,
    _countries,
    _dataset_cells,
    _esc,
    _folder,
    _host,
    _is_missing,
    _link,
    _lookup_cells,
    _money_cells,
    _number_cells,
    _pct_cells,
    _publisher_cells,
    _source_cells,
    _text_cell,
    _title_cells,
    _unit_text,
    _year_cells,
)

__all__ = ["DASH", "TEXT_WIDTH", "ReaderTable", "humanize", "label", "reader_table"]

#: The widest a text column may grow before its text wraps (CSS length).
TEXT_WIDTH = "28em"

_CSS_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:em|rem|ch|px|%)$")
_TABLE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_YEAR_COLUMNS = {"period_start", "period_end"}


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
            body[col] = _title_cells(series)
        elif col == "publisher":  # a source's publisher; an unknown one named in words
            body[col] = _publisher_cells(series)
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
    """The table's CSS, scoped to its id by the Styler: text left and wrapped at ``width`` between
    words (a column is never narrower than its longest word, so "improved" never breaks as "improve d"),
    numbers (the columns at positions ``numeric``) right-aligned and kept on one line."""
    cell = (
        f"text-align: left; vertical-align: top; white-space: normal; overflow-wrap: break-word; word-break: normal; "
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
