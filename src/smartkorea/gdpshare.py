"""Amounts as shares of GDP: which GDP release is divided by, and the share it gives.

The ``gdp`` table holds several releases ("vintages") of some years of nominal GDP. By default
:func:`share_of_gdp` uses the latest release of the year asked for (latest ``release_date``; on
a tie, the most recent national-accounts ``base_year``) and reports which one it used in its
result (:class:`GDPShare`). An amount in another currency is first converted into the GDP's
currency by :func:`smartkorea.money.convert` at that year's rate. :func:`shares_of_gdp` and
:func:`express` do this per row of a table. Every name here is re-exported by
:mod:`smartkorea.money`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import fingerprint, load
from .countries import check_code as _country
from .errors import ConversionError
from .money import Amount, _labels, _year_series, _years, convert, convert_each
from .text import currency_code as _code
from .text import format_money, format_pct

__all__ = ["GDPShare", "express", "share_of_gdp", "shares_of_gdp"]


@dataclass(frozen=True)
class GDPShare:
    """An amount as a percentage of one year's GDP, with the GDP figure it was divided by.

    ``float(share)`` (for a scalar amount) and ``format(share, ".2f")`` give the percentage;
    ``str(share)`` says which GDP release was used.

    Attributes:
        percent: the share in percent (a float, or an array/Series for array input).
        country, year: whose GDP, and which year.
        gdp: nominal GDP used (full units of ``currency``).
        currency: the GDP's currency (the amount was converted into it at ``year``'s rate).
        base_year: national-accounts reference year of the GDP release (its "vintage").
        release_status: ``preliminary``, ``revised`` or ``pre-revision``.
        release_date: when that figure was published (ISO date).
        source_id: the source of the GDP figure (see ``smartkorea.sources()``).
        alternatives: how many other releases of that year's GDP the data holds.
    """

    percent: Amount
    country: str
    year: int
    gdp: float
    currency: str
    base_year: int
    release_status: str
    release_date: str
    source_id: str
    alternatives: int

    @property
    def vintage(self) -> str:
        """The GDP release in words, e.g. '2015 base, preliminary, released 2020-06-02'."""
        return f"{self.base_year} base, {self.release_status}, released {self.release_date}"

    def __float__(self) -> float:
        if np.ndim(self.percent) != 0:
            raise TypeError("this GDPShare holds several percentages; use .percent")
        return float(self.percent)

    def __format__(self, spec: str) -> str:
        return format(float(self), spec) if spec else str(self)

    def __str__(self) -> str:
        pct = format_pct(float(self)) if np.ndim(self.percent) == 0 else "shares"
        other = f"; {self.alternatives} other release(s) exist" if self.alternatives else ""
        return (
            f"{pct} of {self.country}'s {self.year} GDP "
            f"({format_money(self.gdp, self.currency)}; {self.vintage}; "
            f"source {self.source_id}{other})"
        )


@lru_cache(maxsize=8)
def _gdp_cached(folder: Path, _desc: tuple, _csv: tuple) -> pd.DataFrame:
    g = load("gdp", folder)
    return g.assign(
        country=g["country"].astype(str),
        currency=g["currency"].astype(str),
        release_status=g["release_status"].astype(str),
        year=g["year"].astype("int64"),
        base_year=g["base_year"].astype("int64"),
    )


def _gdp_row(country: str, year: int, base_year: int | None, data) -> tuple[pd.Series, int]:
    g = _gdp_cached(*fingerprint("gdp", data))
    mine = g[g["country"] == country]
    if mine.empty:
        raise ConversionError(
            f"No GDP figures for {country}; the gdp table covers {', '.join(sorted(g['country'].unique()))}."
        )
    rows = mine[mine["year"] == year]
    if rows.empty:
        years = ", ".join(str(y) for y in sorted(mine["year"].unique()))
        raise ConversionError(
            f"No {country} GDP for {year}; years available: {years}. "
            "Another year is never substituted."
        )
    if base_year is not None:
        picked = rows[rows["base_year"] == int(base_year)]
        if picked.empty:
            bases = ", ".join(str(b) for b in sorted(rows["base_year"].unique()))
            raise ConversionError(
                f"No {country} GDP for {year} on a {base_year} base; bases available for "
                f"{year}: {bases}."
            )
        rows_pick = picked
    else:
        rows_pick = rows
    ordered = rows_pick.sort_values(["release_date", "base_year"], kind="stable")
    best = ordered.iloc[-1]
    if len(ordered) > 1:
        runner = ordered.iloc[-2]
        if (runner["release_date"], runner["base_year"]) == (best["release_date"], best["base_year"]):
            raise ConversionError(
                f"Two {country} GDP releases for {year} share the release date "
                f"{best['release_date']:%Y-%m-%d} and base year {best['base_year']}; "
                "cannot choose between them."
            )
    return best, len(rows) - 1


def share_of_gdp(
    amount: Amount,
    currency: str,
    year: int,
    country: str = "KOR",
    *,
    base_year: int | None = None,
    data: str | Path | None = None,
) -> GDPShare:
    """An amount as a percentage of a country's nominal GDP in the same year.

    The amount is first converted into the GDP's currency at ``year``'s annual-average rate
    (see :func:`convert`) when the currencies differ.

    GDP vintage: by default the latest release of that year's GDP (latest ``release_date``,
    then the most recent ``base_year``). Pass ``base_year`` to pick a national-accounts base
    explicitly (e.g. to compare years on one base). The result records which release was used.

    Args:
        amount: full currency units; a number, array or Series.
        currency: ISO 4217 code of ``amount``.
        year: the GDP year (also the year of the exchange rate); one int.
        country: ISO 3166-1 alpha-3 code (the gdp table holds KOR only).
        base_year: choose the release on this national-accounts base.
        data: another data package folder.

    Returns:
        A :class:`GDPShare`: ``.percent`` (percent of GDP) plus the GDP figure and its release.

    Raises:
        ConversionError: no GDP for that country/year/base (the message lists what exists), or
            no exchange rate for the conversion.
    """
    cur = _code(currency)
    _country(country)
    yr, scalar = _years(year)
    if not scalar:
        raise ValueError("share_of_gdp() takes one year; loop over years for several")
    row, others = _gdp_row(country, yr, base_year, data)
    in_gdp_currency = convert(amount, cur, row["currency"], yr, data=data)
    percent = in_gdp_currency / float(row["amount"]) * 100.0
    return GDPShare(
        percent=float(percent) if np.ndim(percent) == 0 and not isinstance(percent, pd.Series) else percent,
        country=country,
        year=yr,
        gdp=float(row["amount"]),
        currency=str(row["currency"]),
        base_year=int(row["base_year"]),
        release_status=str(row["release_status"]),
        release_date=f"{row['release_date']:%Y-%m-%d}",
        source_id=str(row["source_id"]),
        alternatives=others,
    )


def shares_of_gdp(amount: pd.Series, currency: pd.Series, gdp_year: pd.Series, country: str = "KOR",
                  *, data: str | Path | None = None) -> pd.DataFrame:
    """Percent of GDP per row (each amount converted at its GDP year's rate), with the release used.

    Columns (on ``amount``'s index): ``pct_gdp`` (%), ``gdp_vintage`` (text), ``gdp_source_id``,
    ``gdp`` (full units of the GDP's currency). See :func:`share_of_gdp`.
    """
    cur = _labels(currency)
    out = pd.DataFrame(
        {"pct_gdp": np.nan, "gdp_vintage": None, "gdp_source_id": None, "gdp": np.nan},
        index=amount.index,
    )
    keys = pd.DataFrame({"c": cur, "y": gdp_year})
    for (code, year), rows in keys.groupby(["c", "y"], sort=False).groups.items():
        share = share_of_gdp(amount.loc[rows].astype("float64"), code, int(year), country, data=data)
        out.loc[rows, "pct_gdp"] = np.asarray(share.percent, dtype="float64")
        out.loc[rows, "gdp_vintage"] = share.vintage
        out.loc[rows, "gdp_source_id"] = share.source_id
        out.loc[rows, "gdp"] = share.gdp
    return out


def express(
    amount: pd.Series,
    currency: pd.Series | str,
    year: pd.Series | int,
    *,
    gdp_year: pd.Series | int | None = None,
    country: str = "KOR",
    data: str | Path | None = None,
) -> pd.DataFrame:
    """Money amounts in KRW, in GBP and as a percentage of Korea's GDP, at stated years.

    Args:
        amount: full currency units (a Series; its index is kept).
        currency: ISO 4217 code of each amount (a Series) or of all of them (a string).
        year: the year whose annual-average exchange rate converts each amount (an int, or a
            Series of ints aligned with ``amount``).
        gdp_year: the GDP year for the share; ``None`` = the same as ``year``. For the share the
            amount is converted into KRW at the GDP year's rate (as :func:`share_of_gdp`
            does), so a share never mixes two years.
        country: whose GDP (the gdp table holds ``KOR``).
        data: another data package folder.

    Returns:
        A frame on ``amount``'s index with columns ``amount``, ``currency``, ``fx_year``, ``krw``
        (full KRW), ``gbp`` (full GBP), ``gdp_year``, ``pct_gdp`` (% of that year's nominal GDP),
        ``gdp_vintage`` (the GDP release used, e.g. "2015 base, preliminary, released 2020-06-02").

    Raises:
        ConversionError: a year with no exchange rate or no GDP figure (never substituted).
    """
    if not isinstance(amount, pd.Series):
        raise TypeError(f"amount must be a pandas Series; got {type(amount).__name__}")
    idx = amount.index
    cur = pd.Series(currency, index=idx) if isinstance(currency, str) else currency.reindex(idx)
    fx = _year_series(year, idx, "express")
    gy = fx if gdp_year is None else _year_series(gdp_year, idx, "express (gdp_year)")
    values = pd.to_numeric(amount, errors="raise").astype("float64")
    shares = shares_of_gdp(values, cur, gy, country, data=data)
    return pd.DataFrame({
        "amount": values,
        "currency": _labels(cur),
        "fx_year": fx,
        "krw": convert_each(values, cur, "KRW", fx, data=data),
        "gbp": convert_each(values, cur, "GBP", fx, data=data),
        "gdp_year": gy,
        "pct_gdp": shares["pct_gdp"],
        "gdp_vintage": shares["gdp_vintage"],
    }, index=idx)
