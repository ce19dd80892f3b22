"""Fact-check computations: the article's claims against the evidence, in KRW, GBP and % of GDP.

The ``claims`` table holds each claim of the KTN article (5 Jul 2019) as stated, the sourced
evidence in its original currency and a verdict. This module turns it into the numbers a reader
needs to judge a claim:

* :func:`claims_table` - one row per **money** claim: the stated and the evidence amounts in their
  original currency, both converted into GBP and KRW at one stated year's annual-average rate,
  the ratio stated / evidence, both amounts as a percentage of Korea's nominal GDP (with the GDP
  release used), and the curated verdict next to the verdict the ratio alone would give.
* :func:`verdicts` - every claim (money, other numbers, qualitative) with its verdict and the
  stated / evidence figures as text.
* :func:`express` - re-exported from :mod:`smartkorea.money` (amounts in KRW, GBP and % of GDP).
* :func:`slippage` - re-exported from :mod:`smartkorea.events` (each pilot-city target against the
  first like event, in months late).
* :func:`dumbbell_frame`, :func:`format_claims` - the claims table shaped for a claim-vs-evidence
  chart and for display.

Years are always explicit. A year without an exchange rate or a GDP figure raises
:class:`~smartkorea.errors.ConversionError`; another year is used only when asked for
(``gdp_year="claim"``), and then the substitution is written into the result (``gdp_note``).
Units: amounts are in full currency units (not millions); shares of GDP are in percent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .catalog import load
from .errors import ConversionError
from .events import slippage  # one home in events (like events only); kept here by name
from .money import convert_each, express, shares_of_gdp
from .money import _labels as _text
from .money import _year_series as _years
from .tablecache import per_process
from .text import format_money, format_pct

__all__ = [
    "ARTICLE_YEAR",
    "TOLERANCE",
    "claims_table",
    "dumbbell_frame",
    "express",
    "format_claims",
    "gdp_years",
    "slippage",
    "verdicts",
]

ARTICLE_YEAR = 2019
"""The year of the KTN article (published 5 Jul 2019): the default GDP year for shares."""

TOLERANCE = 0.30
"""The first release's ratio band (a claim within about 30% of the evidence counted as confirmed).

Superseded by the graded scale of :mod:`smartkorea.verdicts`; kept for ``verdict_by_ratio``, so a
reader can see what the old rule would have said."""

Data = str | Path | None


# --------------------------------------------------------------------------- helpers


def gdp_years(country: str = "KOR", *, data: Data = None) -> list[int]:
    """The years for which the ``gdp`` table has a figure for ``country`` (sorted)."""
    g = load("gdp", data)
    return sorted({int(y) for y in g.loc[g["country"].astype(str) == country, "year"]})


def _nearest(year: int, available: list[int]) -> int:
    """The available year closest to ``year`` (a tie goes to the later year)."""
    if not available:
        raise ConversionError("The gdp table has no figure for this country")
    return min(available, key=lambda y: (abs(y - year), -y))


# --------------------------------------------------------------------------- claims


@per_process
def claims_table(
    *,
    fx_year: int | None = None,
    gdp_year: int | Literal["claim"] = ARTICLE_YEAR,
    tolerance: float = TOLERANCE,
    country: str = "KOR",
    data: Data = None,
) -> pd.DataFrame:
    """One row per money claim of the article: stated vs evidence in GBP, KRW and % of GDP.

    Args:
        fx_year: the year whose IMF annual-average rate converts **both** amounts; ``None`` (the
            default) = each claim's ``evidence_year`` (the claim year).
        gdp_year: the GDP year for the shares. An int (default 2019, the article's year) uses that
            year for every claim, so the shares are comparable; a missing year raises.
            ``"claim"`` uses each claim's own year, and where the data has no GDP for it, the
            nearest year that has one - written in ``gdp_note``. In both cases the amount is
            converted into KRW at the GDP year's rate for the share (see :func:`express`).
        tolerance: relative gap within which a claim counts as confirmed by the ratio alone
            (``|stated / evidence - 1| <= tolerance``); 0.30 is the claims table's own rule.
        country: whose GDP.
        data: another data package folder.

    Returns:
        A frame in the claims table's order, columns:

        ``claim_id``, ``reason`` (the article's reason 1-5; <NA> for the introduction), ``claim``,
        ``verdict`` (curated), ``stated_value``, ``stated_currency``, ``evidence_value``,
        ``evidence_currency`` (original figures, full units), ``claim_year`` (the evidence year),
        ``fx_year``, ``stated_gbp``, ``evidence_gbp``, ``stated_krw``, ``evidence_krw`` (full
        units, at ``fx_year``), ``ratio`` (stated / evidence at ``fx_year``; the same in any
        currency), ``verdict_by_ratio`` (confirmed / contradicted by ``tolerance``),
        ``gdp_year``, ``gdp_note`` ("" unless another year than asked was used), ``gdp_vintage``,
        ``gdp_source_id``, ``gdp`` (KRW), ``stated_pct_gdp``, ``evidence_pct_gdp`` (% of GDP),
        ``gap_pct_gdp`` (stated minus evidence, percentage points of GDP), ``source_id`` (the
        article), ``evidence_source_ids`` (``;``-separated).

    Raises:
        ConversionError: no exchange rate for a year, or no GDP for an int ``gdp_year``.
    """
    c = load("claims", data)
    c = c[c["stated_currency"].notna() & c["evidence_currency"].notna()]
    idx = c.index
    claim_year = _years(c["evidence_year"], idx, "claims_table (evidence_year)")
    fx = claim_year if fx_year is None else _years(fx_year, idx, "claims_table (fx_year)")
    if gdp_year == "claim":
        have = gdp_years(country, data=data)
        gy = claim_year.map(lambda y: _nearest(int(y), have)).astype("int64")
        note = pd.Series("", index=idx, dtype="object")
        moved = gy != claim_year
        note[moved] = [
            f"no {y} GDP in the data: nearest year {g} used" for y, g in zip(claim_year[moved], gy[moved])
        ]
    elif isinstance(gdp_year, int | np.integer) and not isinstance(gdp_year, bool):
        gy = _years(int(gdp_year), idx, "claims_table (gdp_year)")
        note = pd.Series("", index=idx, dtype="object")
    else:
        raise ValueError(f"gdp_year must be a year (int) or 'claim'; got {gdp_year!r}")

    stated = c["stated_value"].astype("float64")
    evidence = c["evidence_value"].astype("float64")
    s_cur, e_cur = c["stated_currency"], c["evidence_currency"]
    stated_gbp = convert_each(stated, s_cur, "GBP", fx, data=data)
    evidence_gbp = convert_each(evidence, e_cur, "GBP", fx, data=data)
    ratio = stated_gbp / evidence_gbp
    s_share = shares_of_gdp(stated, s_cur, gy, country, data=data)
    e_share = shares_of_gdp(evidence, e_cur, gy, country, data=data)
    by_ratio = np.where((ratio - 1.0).abs() <= tolerance, "confirmed", "contradicted")

    out = pd.DataFrame({
        "claim_id": c["claim_id"].astype("object"),
        "reason": c["reason"],
        "claim": c["claim"].astype("object"),
        "verdict": _text(c["verdict"]),
        "stated_value": stated,
        "stated_currency": _text(s_cur),
        "evidence_value": evidence,
        "evidence_currency": _text(e_cur),
        "claim_year": claim_year,
        "fx_year": fx,
        "stated_gbp": stated_gbp,
        "evidence_gbp": evidence_gbp,
        "stated_krw": convert_each(stated, s_cur, "KRW", fx, data=data),
        "evidence_krw": convert_each(evidence, e_cur, "KRW", fx, data=data),
        "ratio": ratio,
        "verdict_by_ratio": by_ratio,
        "gdp_year": gy,
        "gdp_note": note,
        "gdp_vintage": s_share["gdp_vintage"],
        "gdp_source_id": s_share["gdp_source_id"],
        "gdp": s_share["gdp"],
        "stated_pct_gdp": s_share["pct_gdp"],
        "evidence_pct_gdp": e_share["pct_gdp"],
        "gap_pct_gdp": s_share["pct_gdp"] - e_share["pct_gdp"],
        "source_id": _text(c["source_id"]),
        "evidence_source_ids": c["evidence_source_ids"].astype("object"),
    })
    return out.reset_index(drop=True)


def verdicts(*, data: Data = None) -> pd.DataFrame:
    """Every claim of the article once, with its graded verdict and computed conclusion.

    The scale, its thresholds and the columns are :func:`smartkorea.verdicts.verdicts`' (this
    name is kept so earlier analyses keep working).
    """
    from .verdicts import verdicts as graded  # verdicts builds on claims_table: import on use

    return graded(data=data)


# --------------------------------------------------------------------------- presentation


def dumbbell_frame(table: pd.DataFrame, currency: str = "GBP", *, label: str = "claim_id") -> pd.DataFrame:
    """The claims table shaped for ``charts.dumbbell``: one currency, one row per claim.

    Args:
        table: a :func:`claims_table` result.
        currency: ``GBP`` or ``KRW`` - which converted pair to draw (at the table's ``fx_year``).
        label: the column to label rows with.

    Returns:
        Columns ``claim`` (the label), ``stated``, ``evidence`` (full units of ``currency``),
        ``currency``, ``verdict``, ``source_id``, ``evidence_source_ids`` (for the source line).
    """
    cur = currency.upper()
    if cur not in ("GBP", "KRW"):
        raise ValueError(f"currency must be 'GBP' or 'KRW'; got {currency!r}")
    low = cur.lower()
    return pd.DataFrame({
        "claim": table[label].astype("object"),
        "stated": table[f"stated_{low}"],
        "evidence": table[f"evidence_{low}"],
        "currency": cur,
        "verdict": table["verdict"],
        "source_id": table["source_id"],
        "evidence_source_ids": table["evidence_source_ids"],
    }).reset_index(drop=True)


def _ratio_text(r: float) -> str:
    if not np.isfinite(r):
        return "–"
    return f"{r:,.0f}×" if r >= 10 else f"{r:.2f}×"


def format_claims(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`claims_table` result as display strings (no floats with noisy precision).

    Columns: Claim, Said (original), Sources (original), Year (FX), Said (GBP), Sources (GBP),
    Said (KRW), Sources (KRW), Said/sources, Said (% GDP), Sources (% GDP), GDP year, Verdict.
    """
    fmt = format_money
    pct = format_pct
    return pd.DataFrame({
        "Claim": table["claim_id"],
        "Said (original)": [fmt(v, c) for v, c in zip(table["stated_value"], table["stated_currency"])],
        "Sources (original)": [fmt(v, c) for v, c in zip(table["evidence_value"], table["evidence_currency"])],
        "FX year": table["fx_year"].astype(str),
        "Said (GBP)": [fmt(v, "GBP") for v in table["stated_gbp"]],
        "Sources (GBP)": [fmt(v, "GBP") for v in table["evidence_gbp"]],
        "Said (KRW)": [fmt(v, "KRW") for v in table["stated_krw"]],
        "Sources (KRW)": [fmt(v, "KRW") for v in table["evidence_krw"]],
        "Said / sources": [_ratio_text(r) for r in table["ratio"]],
        "Said (% GDP)": [pct(v) for v in table["stated_pct_gdp"]],
        "Sources (% GDP)": [pct(v) for v in table["evidence_pct_gdp"]],
        "GDP year": table["gdp_year"].astype(str),
        "Verdict": table["verdict"],
    })
