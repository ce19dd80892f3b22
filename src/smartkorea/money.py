"""Money: amounts converted between currencies at a year's annual-average exchange rate.

Exchange rates
    The ``fx_rates`` table holds IMF IFS **annual period-average** market rates, in units of a
    currency per 1 US dollar, one row per year and currency (``role == "primary"``; the Federal
    Reserve ``crosscheck`` rows are never used for conversion). USD is implicit (1.0). A
    conversion from ``A`` to ``B`` in year ``y`` multiplies by ``rate_B[y] / rate_A[y]``, i.e. it
    goes through the US dollar (the IMF publishes no direct KRW/GBP rate). The rate of *that*
    year is used; a missing rate raises :class:`~smartkorea.errors.ConversionError` and is never
    replaced by a neighbouring year. :func:`convert_each` converts a column of mixed currencies.

GDP shares (:func:`share_of_gdp`, :class:`GDPShare`, :func:`shares_of_gdp`, :func:`express`)
live in :mod:`smartkorea.gdpshare` and are re-exported here. Writing money for readers lives in
:mod:`smartkorea.text`; ``format_money`` and ``format_pct`` are re-exported here. Everything
reads the shipped data package unless ``data=`` names another package folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .catalog import fingerprint, load
from .errors import ConversionError
from .text import currency_code as _code
from .text import format_money, format_pct, year_spans

__all__ = [
    "GDPShare",
    "convert",
    "convert_each",
    "express",
    "format_money",
    "format_pct",
    "rates",
    "share_of_gdp",
    "shares_of_gdp",
]

USD = "USD"

Amount = Any  # float | int | np.ndarray | pd.Series (numpy/pandas have no tidy union type)


# --------------------------------------------------------------------------- table access


@lru_cache(maxsize=8)
def _rates_cached(folder: Path, _desc: tuple, _csv: tuple) -> pd.DataFrame:
    fx = load("fx_rates", folder)
    fx = fx[fx["role"].astype(str) == "primary"]
    fx = fx.assign(currency=fx["currency"].astype(str), year=fx["year"].astype("int64"))
    dup = fx.duplicated(["year", "currency"], keep=False)
    if dup.any():
        first = fx[dup].iloc[0]
        raise ConversionError(
            f"fx_rates has more than one primary rate for {first['currency']} in "
            f"{first['year']}: cannot tell which to use."
        )
    wide = fx.pivot(index="year", columns="currency", values="units_per_usd").sort_index()
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    wide[USD] = 1.0
    wide.columns.name = None
    return wide


def rates(data: str | Path | None = None) -> pd.DataFrame:
    """The primary annual-average rates as a wide table (a copy).

    Index: ``year`` (every year from the first to the last covered; a gap shows as NaN).
    Columns: currency codes, values in units of that currency per 1 USD (``USD`` is 1.0).
    """
    return _rates_cached(*fingerprint("fx_rates", data)).copy()


def _years(year: Any) -> tuple[np.ndarray | int, bool]:
    """Check a year (scalar or array-like) and return it as int / int64 array; flag scalars.

    A missing year (NaN/NA) raises ConversionError: there is no rate for it.
    """
    if isinstance(year, bool | np.bool_):
        raise ValueError(f"year must be an integer; got {year!r}")
    if isinstance(year, int | np.integer):
        return int(year), True
    if isinstance(year, pd.Series | pd.Index):
        plain_ints = year.dtype.kind in "iu" and not year.hasnans
        year = year.to_numpy() if plain_ints else year.to_numpy(dtype="float64", na_value=np.nan)
    arr = np.asarray(year)
    if arr.dtype.kind in "iu":
        return (int(arr), True) if arr.ndim == 0 else (arr.astype(np.int64, copy=False), False)
    if arr.dtype.kind not in "fO":
        raise ValueError(f"year must be an integer or integers; got {year!r}")
    try:
        arr = arr.astype("float64")
    except (TypeError, ValueError):
        raise ValueError(f"year must be an integer or integers; got {year!r}") from None
    nan = np.isnan(arr)
    if nan.any():
        raise ConversionError("No exchange rate for a missing year (NaN/NA); every amount needs a year.")
    if np.isinf(arr).any() or (arr != np.floor(arr)).any():
        raise ValueError(f"year must be whole numbers; got {year!r}")
    return (int(arr), True) if arr.ndim == 0 else (arr.astype(np.int64), False)


def _missing_rate(table: pd.DataFrame, currency: str, years: list[int]) -> ConversionError:
    covered = [int(y) for y in table[currency].dropna().index]
    shown = ", ".join(str(y) for y in years[:10]) + (" ..." if len(years) > 10 else "")
    return ConversionError(
        f"No {currency} exchange rate for {shown}; {currency} is covered for "
        f"{year_spans(covered)} (annual averages; another year is never substituted)."
    )


def _factor(table: pd.DataFrame, src: str, dst: str, year: Any) -> float | np.ndarray:
    """``dst`` units per ``src`` unit in each year (scalar or array); raise on any gap."""
    for currency in (src, dst):
        if currency not in table.columns:
            raise ConversionError(
                f"No exchange rate for {currency}: the FX table covers "
                f"{', '.join(sorted(table.columns))} ({table.index.min()}–{table.index.max()})."
            )
    per_year = (table[dst] / table[src]).to_numpy()
    first = int(table.index[0])
    ys, scalar = _years(year)
    pos = ys - first
    if scalar:
        value = per_year[pos] if 0 <= pos < len(per_year) else np.nan
        if np.isfinite(value):
            return float(value)
        bad_years = [ys]
    else:
        inside = (pos >= 0) & (pos < len(per_year))
        out = per_year.take(np.where(inside, pos, 0))
        bad = ~inside | np.isnan(out)
        if not bad.any():
            return out
        bad_years = sorted({int(y) for y in np.unique(ys[bad])})
    for currency in (c for c in (src, dst) if c != USD):  # name the one lacking a rate
        col = table[currency].reindex(bad_years)
        if col.isna().any():
            raise _missing_rate(table, currency, [y for y, v in col.items() if np.isnan(v)])
    raise AssertionError("unreachable")  # pragma: no cover


def _apply(amount: Amount, factor: float | np.ndarray, year: Any) -> Amount:
    """amount * factor, keeping the caller's container (scalar, ndarray or Series)."""
    if isinstance(amount, pd.DataFrame):
        raise TypeError("convert() takes a scalar, an array or a Series, not a DataFrame")
    if isinstance(amount, pd.Series):
        if isinstance(year, pd.Series) and not year.index.equals(amount.index):
            raise ValueError("amount and year are Series with different indexes; align them first")
        if amount.dtype != "float64":
            numeric = pd.to_numeric(amount, errors="raise")
            amount = pd.Series(numeric.to_numpy(dtype="float64", na_value=np.nan),
                               index=amount.index, name=amount.name)
        values = amount.to_numpy()
        return pd.Series(_times(values, factor), index=amount.index, name=amount.name, copy=False)
    if isinstance(year, pd.Series) and np.ndim(amount) == 0:
        return pd.Series(_times(_float(amount), factor), index=year.index, name=year.name, copy=False)
    if np.ndim(amount) == 0:
        out = _times(_float(amount), factor)
        return float(out) if np.ndim(out) == 0 else out
    try:
        values = np.asarray(amount, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError("amount must be numeric") from None
    return _times(values, factor)


def _float(x: Any) -> float:
    if isinstance(x, bool | str | bytes):
        raise ValueError(f"amount must be a number; got {x!r}")
    try:
        return float(x)
    except (TypeError, ValueError):
        raise ValueError(f"amount must be a number; got {x!r}") from None


def _times(values: Any, factor: float | np.ndarray) -> Any:
    try:
        return values * factor
    except ValueError as exc:  # broadcasting
        raise ValueError(
            f"amount and year have incompatible shapes ({np.shape(values)} and {np.shape(factor)})"
        ) from exc


# --------------------------------------------------------------------------- conversion


def convert(
    amount: Amount,
    from_currency: str,
    to_currency: str,
    year: int | Any,
    *,
    data: str | Path | None = None,
) -> Amount:
    """Convert money at the annual-average market rate of the given year.

    Args:
        amount: full currency units (not millions): a number, a numpy array or a pandas
            Series (its index and name are kept). NaN stays NaN.
        from_currency, to_currency: ISO 4217 codes (``KRW``, ``GBP``, ``USD``).
        year: the year whose annual-average rate to use: an int, or an array/Series of ints
            (one per amount, broadcast like numpy; a Series must share the amount's index).
        data: another data package folder (default: the shipped one).

    Returns:
        The amount in ``to_currency`` (full units), as a float for a scalar input, else the
        same container as the input. Same currency in and out is the identity (no rate needed).

    Raises:
        ConversionError: no primary rate for a currency in a year; the message names the
            currency, the year(s) and the years covered. No other year is ever used instead.
        ValueError: a malformed currency code, a non-integer year, or a non-numeric amount.

    >>> round(convert(1.4e12, "KRW", "GBP", 2019) / 1e6)  # Seoul's ₩1.4tn plan at 2019 rates, £m
    941
    """
    src, dst = _code(from_currency, "from_currency"), _code(to_currency, "to_currency")
    if src == dst:
        _years(year)  # still reject a malformed year
        return _apply(amount, 1.0, year)
    table = _rates_cached(*fingerprint("fx_rates", data))
    return _apply(amount, _factor(table, src, dst, year), year)


# --------------------------------------------------------------------------- amounts in a table


def _labels(series: pd.Series) -> pd.Series:
    """A categorical or string column as object dtype with None for missing."""
    out = series.astype("object")
    return out.where(series.notna(), None)


def _year_series(values: pd.Series | int, index: pd.Index, what: str) -> pd.Series:
    """A year (int) or a Series of years as an int64 Series on ``index``; NA -> ConversionError."""
    if isinstance(values, pd.Series):
        years = values.reindex(index)
        if years.isna().any():
            raise ConversionError(f"{what}: {int(years.isna().sum())} row(s) have no year; every amount needs one.")
        return years.astype("int64")
    if isinstance(values, bool) or not isinstance(values, int | np.integer):
        raise ValueError(f"{what}: year must be an integer or a Series of integers; got {values!r}")
    return pd.Series(int(values), index=index, dtype="int64")


def convert_each(amount: pd.Series, currency: pd.Series, to: str, year: pd.Series,
                 *, data: str | Path | None = None) -> pd.Series:
    """Amounts in mixed currencies (one code per row) converted into ``to`` at each row's year.

    ``amount`` in full units; ``currency`` and ``year`` are Series on ``amount``'s index. Returns
    full units of ``to`` (float64, same index and name).

    Raises:
        ValueError: a row with an amount but no currency. ConversionError: a missing rate.
    """
    cur = _labels(currency)
    if cur.isna().any():
        first = cur.index[cur.isna()][0]
        raise ValueError(f"row {first!r} has an amount but no currency")
    out = pd.Series(np.nan, index=amount.index, dtype="float64", name=amount.name)
    for code in dict.fromkeys(cur):
        mask = (cur == code).to_numpy()
        out[mask] = convert(amount[mask].astype("float64"), code, to, year[mask], data=data)
    return out


_FROM_GDPSHARE = {"GDPShare", "express", "share_of_gdp", "shares_of_gdp"}


def __getattr__(name: str):
    """The GDP-share names, from :mod:`smartkorea.gdpshare` (imported on first use: it imports this module)."""
    if name in _FROM_GDPSHARE:
        from . import gdpshare

        return getattr(gdpshare, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
