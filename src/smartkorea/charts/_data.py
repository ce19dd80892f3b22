"""Input checks, labels and source lines for the charts (no matplotlib here)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import pandas as pd

from .. import catalog, countries, periods
from ..citations import MAX_PUBLISHER, short_publisher
from ..citations import cited_by_weight as source_ids
from ..countries import label_for, short_names
from ..errors import ChartDataError

__all__ = [
    "AGGREGATES",
    "MAX_PUBLISHER",
    "ChartDataError",
    "check_countries",
    "check_frame",
    "check_text",
    "check_unique",
    "fingerprint",
    "humanize",
    "label_for",
    "numeric",
    "short_names",
    "short_publisher",
    "source_ids",
    "source_line",
    "text",
]

AGGREGATES = countries.aggregates()
"""Codes the ``countries`` table marks as aggregates (drawn as muted dashed lines / dark-grey
bars, never highlighted)."""


# --------------------------------------------------------------------------- checks


def check_frame(kind: str, df, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of ``df`` after checking it is a non-empty DataFrame holding ``columns``."""
    if not isinstance(df, pd.DataFrame):
        raise ChartDataError(f"{kind}(): expected a pandas DataFrame; found {type(df).__name__}.")
    missing = [c for c in dict.fromkeys(columns) if c not in df.columns]
    if missing:
        cols = ", ".join(map(str, df.columns)) or "(none)"
        which = ", ".join(repr(c) for c in missing)
        raise ChartDataError(
            f"{kind}(): missing column{'s' if len(missing) > 1 else ''} {which}; "
            f"the frame has columns: {cols}."
        )
    if df.empty:
        raise ChartDataError(f"{kind}(): the data frame is empty (no rows to plot).")
    return df.copy()


def check_text(kind: str, **texts) -> None:
    """Title and subtitle are required: the title states the finding, the subtitle the unit."""
    for name, value in texts.items():
        if not isinstance(value, str) or not value.strip():
            raise ChartDataError(
                f"{kind}(): {name}= is required (a non-empty string); found {value!r}."
            )


def numeric(kind: str, df: pd.DataFrame, column: str, *, allow_missing: bool = True) -> pd.Series:
    """The column as float, raising if a present cell is not a number."""
    raw = df[column]
    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    bad = values.isna() & raw.notna()
    if bad.any():
        raise ChartDataError(
            f"{kind}(): column {column!r} must hold numbers; found {raw[bad].iloc[0]!r} "
            f"(row {df.index[bad][0]!r})."
        )
    if not allow_missing and values.isna().any():
        raise ChartDataError(
            f"{kind}(): column {column!r} has {int(values.isna().sum())} missing value(s) "
            f"(first at row {df.index[values.isna()][0]!r}); drop or fill them first."
        )
    return values


def text(series: pd.Series) -> pd.Series:
    """A text column as plain ``str`` objects (categoricals and pandas strings included)."""
    return series.astype("object").map(lambda v: v if isinstance(v, str) else ("" if pd.isna(v) else str(v)))


def check_unique(kind: str, df: pd.DataFrame, keys: Sequence[str], hint: str = "") -> None:
    """Each combination of ``keys`` must occur once (e.g. one value per country and year)."""
    dup = df.duplicated(list(keys), keep=False)
    if not dup.any():
        return
    first = df.loc[dup, list(keys)].iloc[0]
    same = df.loc[(df[list(keys)] == first.to_numpy()).all(axis=1)]
    differ = [c for c in df.columns if c not in keys and same[c].astype("object").nunique(dropna=False) > 1]
    example = ", ".join(f"{k}={first[k]!r}" for k in keys)
    why = f" (they differ in: {', '.join(differ)})" if differ else ""
    raise ChartDataError(
        f"{kind}(): {int(dup.sum())} rows share the same {' and '.join(keys)}, e.g. {example}{why}; "
        f"expected one row each.{(' ' + hint) if hint else ''}"
    )


def check_countries(kind: str, wanted: str | Sequence[str] | None, present: Iterable[str],
                    what: str = "highlight country") -> list[str]:
    """``wanted`` as a list, raising if any code is not among ``present``."""
    if wanted is None:
        return []
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    present = sorted({p for p in present if p})
    unknown = [w for w in wanted if w not in present]
    if unknown:
        raise ChartDataError(
            f"{kind}(): {what} {', '.join(repr(u) for u in unknown)} not in the data; "
            f"present: {', '.join(present)}."
        )
    return wanted


# --------------------------------------------------------------------------- labels


def humanize(value: str) -> str:
    """``other_domestic`` -> ``Other domestic``."""
    s = str(value).replace("_", " ").strip()
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------- sources


def _sources_table() -> pd.DataFrame:
    return catalog.load("sources")


def _year(published: str) -> str | None:
    try:
        return str(periods.parse(published).first[0])
    except ValueError:
        return None


def _years(published: list[str]) -> str:
    years = sorted({y for p in published if (y := _year(p)) is not None})
    if not years:
        return ""
    if len(years) > 3:
        return f" ({years[0]}–{years[-1]})"
    return f" ({', '.join(years)})"


def source_line(df: pd.DataFrame | None = None, *, sources: str | Sequence[str] | None = None,
                max_chars: int = 130, kind: str = "source_line") -> str:
    """``"Source: World Bank (2025, 2026); US National Science Foundation, NCSES (2024)"``.

    Built from the ids in ``df`` (``source_id`` and ``other_source_ids``) unless ``sources``
    (an id or list of ids) is given. Publishers are shortened and deduplicated, each followed
    by the years its cited sources were published; publishers cited by more rows come first.
    Past ``max_chars`` the rest are summarised as "and N more".
    """
    if sources is not None:
        ids = [sources] if isinstance(sources, str) else list(dict.fromkeys(sources))
    elif df is not None:
        ids = source_ids(df)
    else:
        ids = []
    if not ids:
        raise ChartDataError(
            f"{kind}(): no sources: the data has no 'source_id' values and no sources= were given."
        )
    table = _sources_table()
    table = table.assign(source_id=text(table["source_id"])).set_index("source_id")
    unknown = [s for s in ids if s not in table.index]
    if unknown:
        raise ChartDataError(
            f"{kind}(): source id{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u) for u in unknown)} not in the sources table "
            "(smartkorea.sources()); pass known ids with sources=."
        )
    groups: dict[str, list[str]] = {}
    for sid in ids:
        row = table.loc[sid]
        pub = short_publisher(row["publisher"] if isinstance(row["publisher"], str) else sid)
        published = row["published"]
        groups.setdefault(pub, []).append(published if isinstance(published, str) else "")
    parts = [pub + _years(pubs) for pub, pubs in groups.items()]
    out = "Source: " + parts[0]
    for i, part in enumerate(parts[1:], start=1):
        rest = len(parts) - i
        tail = f"; and {rest - 1} more" if rest > 1 else ""
        if len(out) + 2 + len(part) + len(tail) > max_chars:
            return out + f"; and {rest} more"
        out += "; " + part
    return out


# --------------------------------------------------------------------------- fingerprints


def fingerprint(data: pd.DataFrame, columns: Sequence[str]) -> str:
    """A 16-hex-digit fingerprint of the numbers a chart draws (``columns`` of ``data``).

    Each column is scaled by its largest absolute value and rounded to 4 significant digits,
    then the rows are sorted: the same data gives the same fingerprint whatever the row
    order, the index, the labels or the unit (a series in millions and in units match).
    Used to find the same data charted in two places.
    """
    table = []
    for column in columns:
        values = pd.to_numeric(data[column], errors="coerce").astype("float64")
        scale = float(values.abs().max()) if values.notna().any() else 0.0
        scaled = values / scale if scale else values
        table.append(["" if pd.isna(v) else f"{v:.4g}" for v in scaled])
    rows = sorted(zip(*table))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- the dated marker

ARTICLE_SOURCE = "KTN_BLOG_2019"
"""Source id of the audited article; its ``published`` date is the chart's dated marker."""


def article_date() -> str:
    """The audited article's publication date (``YYYY-MM-DD``), from the sources table."""
    table = _sources_table()
    row = table[text(table["source_id"]) == ARTICLE_SOURCE]
    if row.empty:
        raise ChartDataError(f"sources table: no row {ARTICLE_SOURCE!r} (the audited article).")
    return str(row["published"].iloc[0])


def mark_position(kind: str, mark_date: str | None, mark_year: float | None) -> tuple[float, str] | None:
    """Where the dated marker goes (fractional year) and its default label, or None.

    ``mark_date``: ``YYYY-MM-DD`` (or ``YYYY-MM``, drawn at the 1st). ``mark_year`` is the
    deprecated form: a whole year is drawn at the article's day and month in that year
    (``2019`` -> 5 Jul 2019); a fractional year is used as the position itself.
    """
    if mark_date is None and mark_year is None:
        return None
    if mark_date is None:
        if not float(mark_year).is_integer():
            return float(mark_year), str(int(mark_year))
        mark_date = f"{int(mark_year)}{article_date()[4:]}"
    try:
        period = periods.parse(mark_date)
    except ValueError as err:
        raise ChartDataError(f"{kind}(): mark_date must be YYYY-MM-DD; found {mark_date!r} ({err}).") from None
    if period.kind not in ("day", "month"):
        raise ChartDataError(f"{kind}(): mark_date must be YYYY-MM-DD; found {mark_date!r}.")
    return periods.decimal_year(pd.Timestamp(mark_date)), periods.label(mark_date)
