"""Market topic helpers: concentration bases, and amounts of money named in text.

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

Re-exported for existing callers: ``period_position`` and ``period_label`` (from
:mod:`smartkorea.periods`: a period's middle on a year axis, and the period for readers).
:func:`source_label` names a source for readers (the convention lives in
:mod:`smartkorea.citations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from . import citations
from .catalog import load, source_record
from .periods import label as period_label
from .periods import position as period_position
from .text import SCALES, SYMBOLS

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
    name: Decimal(round(multiplier)) for multiplier, suffix, word in SCALES for name in (suffix, word)
}
_SYMBOL_CODES = {symbol: code for code, symbol in SYMBOLS.items()}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# longest first, so "million" is not read as "m"
_SCALES = "|".join(sorted(_SCALE_WORDS, key=lambda w: (-len(w), w)))
_CODES = "|".join(SYMBOLS)
_SYMBOL_CLASS = "".join(re.escape(s) for s in _SYMBOL_CODES)
_MONEY = re.compile(
    rf"\b(?P<code>{_CODES})\s?(?P<n1>{_NUM})(?:\s*(?P<s1>{_SCALES})\b)?"
    rf"|(?P<symbol>[{_SYMBOL_CLASS}])\s?(?P<n2>{_NUM})(?:\s*(?P<s2>{_SCALES})\b)?"
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


def source_label(source_id: str, *, data: str | Path | None = None) -> str:
    """A short label naming a source and when it was published: ``"Sky News, Jun 2019"``.

    See :func:`smartkorea.citations.source_label`.

    Raises:
        KeyError: the id is not in the sources table.
    """
    row = source_record(source_id, data)
    return citations.source_label(source_id, row["publisher"], row["published"])
