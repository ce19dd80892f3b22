"""Money: currency conversion by year, shares of GDP, and money for narrative text.

Exchange rates
    The ``fx_rates`` table holds IMF IFS **annual period-average** market rates, in units of a
    currency per 1 US dollar, one row per year and currency (``role == "primary"``; the Federal
    Reserve ``crosscheck`` rows are never used for conversion). USD is implicit (1.0). A
    conversion from ``A`` to ``B`` in year ``y`` multiplies by ``rate_B[y] / rate_A[y]``, i.e. it
    goes through the US dollar (the IMF publishes no direct KRW/GBP rate). The rate of *that*
    year is used; a missing rate raises :class:`~smartkorea.errors.ConversionError` and is never
    replaced by a neighbouring year.

GDP
    The ``gdp`` table holds several releases ("vintages") of some years of nominal GDP. By
    default :func:`share_of_gdp` uses the latest release of the year asked for (latest
    ``release_date``; on a tie, the most recent national-accounts ``base_year``) and reports
    which one it used in its result (:class:`GDPShare`).

Everything here reads the shipped data package unless ``data=`` names another package folder.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .catalog import fingerprint, load
from .errors import ConversionError

__all__ = ["GDPShare", "convert", "format_money", "format_pct", "rates", "share_of_gdp"]

USD = "USD"
_CODE = re.compile(r"^[A-Z]{3}$")
_SYMBOLS = {"KRW": "₩", "GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥"}
_SCALES = ((1e6, "m"), (1e9, "bn"), (1e12, "tn"))

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


def _spans(years: list[int]) -> str:
    """2013, 2014, 2015, 2017 -> '2013–2015, 2017'."""
    if not years:
        return "no years"
    out, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(f"{start}–{prev}" if prev != start else f"{start}")
        if y is not None:
            start = prev = y
    return ", ".join(out)


def _code(currency: str, what: str = "currency") -> str:
    if not isinstance(currency, str) or not _CODE.match(currency.strip().upper()):
        raise ValueError(f"{what} must be a three-letter ISO 4217 code such as 'KRW'; got {currency!r}")
    return currency.strip().upper()


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
        f"{_spans(covered)} (annual averages; another year is never substituted)."
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

    >>> round(convert(1.4e12, "KRW", "GBP", 2019) / 1e6)   # doctest: +SKIP
    941
    """
    src, dst = _code(from_currency, "from_currency"), _code(to_currency, "to_currency")
    if src == dst:
        _years(year)  # still reject a malformed year
        return _apply(amount, 1.0, year)
    table = _rates_cached(*fingerprint("fx_rates", data))
    return _apply(amount, _factor(table, src, dst, year), year)


# --------------------------------------------------------------------------- GDP


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
    if not isinstance(country, str) or not _CODE.match(country):
        raise ValueError(f"country must be an ISO 3166-1 alpha-3 code such as 'KOR'; got {country!r}")
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


# --------------------------------------------------------------------------- formatting


def _number(x: float, sig: int) -> str:
    """``x`` (>= 0) to ``sig`` significant figures, never rounding away integer digits;
    thousands separators; trailing zeros after the point dropped."""
    if x == 0:
        return "0"
    decimals = max(0, sig - 1 - math.floor(math.log10(x)))
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scalar(value: Any, what: str) -> float:
    if isinstance(value, GDPShare):
        value = float(value)
    if np.ndim(value) != 0 or isinstance(value, bool | str | bytes):
        raise ValueError(f"{what} formats one number; got {type(value).__name__}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} formats one number; got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{what} cannot format a missing or infinite value ({value!r})")
    return x


def format_money(amount: float, currency: str, *, sig: int = 3) -> str:
    """Money for narrative text: ``₩1.4tn``, ``£941m``, ``$2.3bn``, ``£2,400``.

    Scales: m = 10^6, bn = 10^9, tn = 10^12 (short scale). The number keeps ``sig``
    significant figures (3 by default) but never loses integer digits (``₩1,455tn``), and
    drops trailing zeros. A value that rounds up to 1,000 of a unit moves to the next unit
    (``£999.96m`` -> ``£1bn``). KRW, GBP, USD, EUR and JPY get their symbol; other codes are
    written as a prefix (``CHF 5m``). Negative amounts get a leading ``-``.

    Raises:
        ValueError: not a single finite number, or a malformed currency code.
    """
    x = _scalar(amount, "format_money")
    code = _code(currency)
    if sig < 1:
        raise ValueError(f"sig must be at least 1; got {sig}")
    prefix = _SYMBOLS.get(code, f"{code} ")
    sign = "-" if x < 0 else ""
    a = abs(x)
    unit_i = None
    for i, (scale, _) in enumerate(_SCALES):
        if a >= scale:
            unit_i = i
    # rounding may carry into the next unit (999.96m -> 1,000m -> 1bn)
    if unit_i is None and float(_number(a, sig).replace(",", "")) >= _SCALES[0][0]:
        unit_i = 0
    while unit_i is not None and unit_i + 1 < len(_SCALES):
        if float(_number(a / _SCALES[unit_i][0], sig).replace(",", "")) < 1000:
            break
        unit_i += 1
    if unit_i is None:
        return f"{sign}{prefix}{_number(a, sig)}"
    scale, suffix = _SCALES[unit_i]
    return f"{sign}{prefix}{_number(a / scale, sig)}{suffix}"


def format_pct(value: float, digits: int | None = None, *, signed: bool = False) -> str:
    """A percentage for narrative text; ``value`` is already in percent (4.55 -> ``4.5%``).

    With ``digits=None``: no decimals from 10 up (``84%``), one decimal from 1 to 10
    (``4.5%``), two significant figures below 1 (``0.22%``, ``0.013%``). With ``digits`` set,
    exactly that many decimals. ``signed=True`` adds ``+`` to positive values (for changes).
    A :class:`GDPShare` can be passed directly.
    """
    x = _scalar(value, "format_pct")
    if digits is not None:
        if digits < 0:
            raise ValueError(f"digits must be >= 0; got {digits}")
        text = f"{abs(x):,.{digits}f}"
    else:
        a = abs(x)
        if a >= 10:
            text = f"{a:,.0f}"
        elif a >= 1:
            text = f"{a:.1f}"
        else:
            text = _number(a, 2)
    if float(text.replace(",", "")) == 0:
        return f"{text}%"
    sign = "-" if x < 0 else ("+" if signed else "")
    return f"{sign}{text}%"
