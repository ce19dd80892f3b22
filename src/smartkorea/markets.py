"""Helpers for the market notebooks: concentration bases, money named in text, reference periods.

Concentration bases
    ``business_concentration`` measures the weight of Korea's largest firms on four bases that
    are **not comparable** (Chaebul.com top-10 groups, CEO Score top-10 companies, FTC-designated
    groups, top-10 exporters). :data:`BASES` names the headline indicator of each basis and
    :func:`concentration_headlines` returns those rows, labelled by basis, so that they can be
    charted side by side without ever being spliced into one series.

Money named in text
    Several rows state the parts of a figure only in words (``"GBP 2.4m (GBP 1.2m UK + GBP 1.2m
    Korea)"``, ``"sales 2,077 trillion won vs nominal GDP 2,549 trillion won"``).
    :func:`amounts_in_text` reads those amounts (full currency units), so notebooks compute with
    the figures the data carries instead of retyping them.

Reference periods
    The digital tables give a ``period`` (``2022-06``, ``2021-Q3``, ``2023-07/2024-06``...). OECD
    points alternate between June and December, so a year alone is not comparable.
    :func:`period_position` places a period on a year axis (its middle, as a fractional year) and
    :func:`period_label` writes it for readers (``Jun 2022``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .catalog import load

__all__ = [
    "BASES",
    "Amount",
    "amounts_in_text",
    "concentration_headlines",
    "period_label",
    "period_position",
    "source_label",
]

#: basis -> (headline indicator of that basis, label for readers). Order = reading order.
BASES: dict[str, tuple[str, str]] = {
    "chaebul_top10_groups": (
        "top10_business_groups_revenue_share_of_gdp",
        "Top-10 business groups' revenue vs GDP (Chaebul.com)",
    ),
    "ceoscore_top10_companies": (
        "top10_companies_sales_share_of_gdp",
        "Top-10 companies' sales vs GDP (CEO Score)",
    ),
    "ftc_designated_groups": (
        "disclosure_groups_sales_share_of_gdp",
        "All FTC-designated groups' sales vs GDP (FTC data)",
    ),
    "exporters": (
        "top10_exporters_share_of_exports",
        "Top-10 exporters' share of exports (Statistics Korea)",
    ),
}


def concentration_headlines(df: pd.DataFrame | None = None, *,
                            data: str | Path | None = None) -> pd.DataFrame:
    """The headline row(s) of each concentration basis, labelled, in :data:`BASES` order.

    Args:
        df: a ``business_concentration`` frame (default: loaded from the data package).
        data: another data package folder (when ``df`` is not given).

    Returns:
        Columns ``basis``, ``basis_label``, ``indicator``, ``country``, ``year``, ``period``,
        ``value`` (percent: of GDP for the first three bases, of exports for the last),
        ``source_id``, ``other_source_ids``, ``confidence``, ``note``; one row per basis,
        country and year. ``basis`` is a categorical in :data:`BASES` order.

    Raises:
        ValueError: a basis has no row for its headline indicator, or a basis/indicator
            pair has two rows for the same country and year.
    """
    frame = load("business_concentration", data) if df is None else df
    missing = [c for c in ("basis", "indicator", "country", "year", "value") if c not in frame.columns]
    if missing:
        raise ValueError(f"not a business_concentration frame: missing column(s) {', '.join(missing)}")
    basis = frame["basis"].astype(str)
    indicator = frame["indicator"].astype(str)
    parts = []
    for key, (ind, label) in BASES.items():
        rows = frame[(basis == key) & (indicator == ind)]
        if rows.empty:
            raise ValueError(f"no {ind!r} rows for basis {key!r}")
        if rows.duplicated(["country", "year"]).any():
            raise ValueError(f"basis {key!r} has two {ind!r} rows for one country and year")
        parts.append(rows.assign(basis_label=label))
    out = pd.concat(parts, ignore_index=True)
    cols = ["basis", "basis_label", "indicator", "country", "year", "period", "value", "source_id",
            "other_source_ids", "confidence", "note"]
    out = out[[c for c in cols if c in out.columns]].copy()
    out["basis"] = pd.Categorical(out["basis"].astype(str), categories=list(BASES))
    out["indicator"] = out["indicator"].astype(str)
    return out.sort_values(["basis", "country", "year"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- money in text

_SCALE_WORDS = {
    "tn": Decimal(10) ** 12, "trillion": Decimal(10) ** 12,
    "bn": Decimal(10) ** 9, "billion": Decimal(10) ** 9,
    "m": Decimal(10) ** 6, "million": Decimal(10) ** 6,
    "k": Decimal(10) ** 3, "thousand": Decimal(10) ** 3,
}
_SYMBOL_CODES = {"£": "GBP", "$": "USD", "₩": "KRW", "€": "EUR", "¥": "JPY"}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALES = r"trillion|billion|million|thousand|tn|bn|m|k"
_MONEY = re.compile(
    rf"\b(?P<code>GBP|KRW|USD|EUR|JPY)\s?(?P<n1>{_NUM})(?:\s*(?P<s1>{_SCALES})\b)?"
    rf"|(?P<symbol>[£$₩€¥])\s?(?P<n2>{_NUM})(?:\s*(?P<s2>{_SCALES})\b)?"
    rf"|(?P<n3>{_NUM})\s*(?P<s3>trillion|billion|million)\s+won\b"
    rf"|(?P<n4>{_NUM})\s*won\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """An amount of money read from text: ``amount`` in full units of ``currency``."""

    amount: float
    currency: str
    text: str


def amounts_in_text(text: str | None) -> list[Amount]:
    """The amounts of money written in ``text``, in order of appearance, in full units.

    Understands ISO codes (``GBP 1.2m``, ``USD 677.8bn``, ``KRW 2.4tn``), symbols (``£200m``,
    ``$2.3bn``) and Korean-style wording (``2,077 trillion won``, ``500 won``). Scales: k/
    thousand, m/million, bn/billion, tn/trillion (short scale). Rescaling is exact (decimal).
    A number without a currency (``4.6 million``) is not money and is skipped; missing text
    (``None``/NaN) gives an empty list.

    >>> [(a.amount, a.currency) for a in amounts_in_text("GBP 2.4m (GBP 1.2m UK + GBP 1.2m Korea)")]
    [(2400000.0, 'GBP'), (1200000.0, 'GBP'), (1200000.0, 'GBP')]
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    if not isinstance(text, str):
        raise TypeError(f"amounts_in_text() takes a string; got {type(text).__name__}")
    out = []
    for m in _MONEY.finditer(text):
        g = m.groupdict()
        if g["code"]:
            number, scale, code = g["n1"], g["s1"], g["code"].upper()
        elif g["symbol"]:
            number, scale, code = g["n2"], g["s2"], _SYMBOL_CODES[g["symbol"]]
        elif g["n3"]:
            number, scale, code = g["n3"], g["s3"], "KRW"
        else:
            number, scale, code = g["n4"], None, "KRW"
        value = Decimal(number.replace(",", "")) * (_SCALE_WORDS[scale.lower()] if scale else 1)
        out.append(Amount(float(value), code, m.group(0).strip()))
    return out


# --------------------------------------------------------------------------- periods

_PERIOD = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})|Q(?P<q>[1-4])|H(?P<h>[12])))?"
    r"(?:/(?P<y2>\d{4})-(?P<m2>\d{2}))?$"
)


def _months(period: str) -> tuple[int, int, int, int]:
    """(first year, first month, last year, last month) of a period string."""
    if not isinstance(period, str):
        raise ValueError(f"a period must be a string such as '2022-06'; got {period!r}")
    m = _PERIOD.match(period.strip())
    if not m:
        raise ValueError(f"unrecognised period {period!r}: expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn "
                         "or YYYY-MM/YYYY-MM")
    y = int(m["y"])
    if m["y2"]:
        if not m["m"]:
            raise ValueError(f"unrecognised period {period!r}: a window is YYYY-MM/YYYY-MM")
        first, last = (y, int(m["m"])), (int(m["y2"]), int(m["m2"]))
    elif m["m"]:
        first = last = (y, int(m["m"]))
    elif m["q"]:
        q = int(m["q"])
        first, last = (y, 3 * q - 2), (y, 3 * q)
    elif m["h"]:
        h = int(m["h"])
        first, last = (y, 6 * h - 5), (y, 6 * h)
    else:
        first, last = (y, 1), (y, 12)
    for _, month in (first, last):
        if not 1 <= month <= 12:
            raise ValueError(f"unrecognised period {period!r}: month {month} is not 1-12")
    if last < first:
        raise ValueError(f"period {period!r} ends before it starts")
    return (*first, *last)


def period_position(period: str) -> float:
    """The middle of a period as a fractional year, for placing points on a year axis.

    ``"2022"`` -> 2022.5; ``"2022-06"`` -> 2022.458 (mid-June); ``"2021-Q3"`` -> 2021.625;
    ``"2019-H1"`` -> 2019.25; ``"2024-07/2025-06"`` -> 2025.0.

    Raises:
        ValueError: not one of the period forms above.
    """
    y1, m1, y2, m2 = _months(period)
    start = y1 + (m1 - 1) / 12
    end = y2 + m2 / 12
    return (start + end) / 2


def period_label(period: str) -> str:
    """A period for readers: ``"2022-06"`` -> ``"Jun 2022"``, ``"2021-Q3"`` -> ``"Q3 2021"``,
    ``"2019-H1"`` -> ``"H1 2019"``, ``"2024-07/2025-06"`` -> ``"Jul 2024–Jun 2025"``, ``"2021"``
    -> ``"2021"``.

    Raises:
        ValueError: not a recognised period form.
    """
    _months(period)  # validate
    p = period.strip()
    if "/" in p:
        a, b = p.split("/")
        return f"{period_label(a)}–{period_label(b)}"
    if len(p) == 4:
        return p
    year, part = p.split("-")
    if part[0] in "QH":
        return f"{part} {year}"
    return f"{calendar.month_abbr[int(part)]} {year}"


# --------------------------------------------------------------------------- sources

_PARENS = re.compile(r"\s*\([^()]*\)")


def source_label(source_id: str, *, data: str | Path | None = None) -> str:
    """A short label naming a source and when it was published: ``"Sky News, Jun 2019"``.

    The publisher loses any parenthesised text (mirrors, "via ..."); the date is the source's
    ``published`` month (or year, or ``n.d.`` when unknown).

    Raises:
        KeyError: the id is not in the sources table.
    """
    table = load("sources", data)
    rows = table[table["source_id"].astype(str) == source_id]
    if rows.empty:
        raise KeyError(f"source id {source_id!r} is not in the sources table")
    row = rows.iloc[0]
    publisher = _PARENS.sub("", str(row["publisher"])).strip(" ,;") or source_id
    published = row["published"]
    if not isinstance(published, str) or published.strip() in ("", "n.d."):
        when = "n.d."
    else:
        when = period_label(published.strip()[:7])
    return f"{publisher}, {when}"
