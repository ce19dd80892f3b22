"""money: conversion at each year's rate, shares of GDP with the GDP release named, formatting.

Golden values are computed here from the raw CSV rows (read with the csv module), never from
the code under test.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import smartkorea as sk
from smartkorea import money
from smartkorea.errors import ConversionError
from conftest import csv_rows as _csv

YEARS = range(2013, 2025)
CURRENCIES = ("KRW", "GBP", "USD")


def _raw_rates() -> dict[tuple[int, str], float]:
    """(year, currency) -> units per USD from the primary (IMF) rows; USD is 1."""
    out = {(y, "USD"): 1.0 for y in YEARS}
    for row in _csv("fx_rates"):
        if row["role"] == "primary":
            out[(int(row["year"]), row["currency"])] = float(row["units_per_usd"])
    return out


RAW = _raw_rates()


# ----------------------------------------------------------------------------- golden checks


@pytest.mark.parametrize(
    ("amount", "src", "dst", "year"),
    [
        (1.4e12, "KRW", "GBP", 2019),  # Seoul big-data plan (claim C1)
        (6e12, "KRW", "GBP", 2013),  # Growth Ladder Fund (claim C3)
        (640e9, "GBP", "KRW", 2019),
        (2.4e6, "GBP", "USD", 2019),
        (1e9, "USD", "KRW", 2024),
    ],
)
def test_conversion_matches_a_hand_computation_from_the_csv(amount, src, dst, year):
    expected = amount / RAW[(year, src)] * RAW[(year, dst)]
    assert sk.convert(amount, src, dst, year) == pytest.approx(expected, rel=1e-13)


def test_seoul_plan_is_941m_pounds_as_the_fact_check_says():
    gbp = 1.4e12 / RAW[(2019, "KRW")] * RAW[(2019, "GBP")]
    assert 940.5e6 < gbp < 941.5e6  # the hand computation itself
    assert sk.format_money(sk.convert(1.4e12, "KRW", "GBP", 2019), "GBP") == "£941m"


def test_every_primary_rate_is_used_for_its_own_year():
    for (year, cur), rate in RAW.items():
        assert sk.convert(1.0, "USD", cur, year) == pytest.approx(rate, rel=1e-15), (year, cur)


def test_federal_reserve_crosscheck_rates_are_never_used():
    fed = {(int(r["year"]), r["currency"]): float(r["units_per_usd"])
           for r in _csv("fx_rates") if r["role"] == "crosscheck"}
    assert fed, "the table is expected to hold cross-check rows"
    for (year, cur), rate in fed.items():
        got = sk.convert(1.0, "USD", cur, year)
        assert got == pytest.approx(RAW[(year, cur)], rel=1e-15)
        assert got != pytest.approx(rate, rel=1e-9)


def test_rates_table_is_wide_and_a_copy():
    table = money.rates()
    assert list(table.index) == list(YEARS)
    assert set(table.columns) == set(CURRENCIES)
    assert (table["USD"] == 1.0).all()
    table.loc[2019, "KRW"] = 1.0
    assert money.rates().loc[2019, "KRW"] == RAW[(2019, "KRW")]


# ----------------------------------------------------------------------------- containers


def test_series_keeps_index_and_name_and_nan():
    s = pd.Series([1e12, np.nan, 3e12], index=["a", "b", "c"], name="budget")
    out = sk.convert(s, "KRW", "GBP", 2020)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b", "c"] and out.name == "budget"
    assert np.isnan(out["b"])
    assert out["c"] == pytest.approx(3e12 / RAW[(2020, "KRW")] * RAW[(2020, "GBP")], rel=1e-13)


def test_year_per_value_uses_each_years_rate():
    years = np.array([2013, 2019, 2024, 2019])
    amounts = np.array([1.0, 2.0, 3.0, 4.0])
    out = sk.convert(amounts, "GBP", "KRW", years)
    expected = [a / RAW[(y, "GBP")] * RAW[(y, "KRW")] for a, y in zip(amounts, years)]
    np.testing.assert_allclose(out, expected, rtol=1e-13)
    ys = pd.Series(years, index=list("wxyz"))
    as_series = sk.convert(pd.Series(amounts, index=list("wxyz")), "GBP", "KRW", ys)
    np.testing.assert_allclose(as_series.to_numpy(), expected, rtol=1e-13)
    scalar_amount = sk.convert(1.0, "GBP", "KRW", ys)
    assert list(scalar_amount.index) == list("wxyz")


def test_scalar_in_scalar_out():
    assert type(sk.convert(5, "KRW", "GBP", 2019)) is float
    assert type(sk.convert(np.float64(5), "KRW", "GBP", np.int64(2019))) is float


def test_nullable_integer_series_amounts_keep_their_gaps():
    s = pd.Series([1, None], dtype="Int64")
    out = sk.convert(s, "GBP", "USD", 2019)
    assert out.dtype == "float64" and np.isnan(out.iloc[1])


# ----------------------------------------------------------------------------- properties

amounts = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
currencies = st.sampled_from(CURRENCIES)
years = st.integers(min_value=2013, max_value=2024)


@settings(max_examples=60, deadline=None)
@given(x=amounts, a=currencies, b=currencies, year=years)
def test_round_trip(x, a, b, year):
    back = sk.convert(sk.convert(x, a, b, year), b, a, year)
    assert back == pytest.approx(x, rel=1e-12, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(x=amounts, y=amounts, k=st.floats(-1e3, 1e3), a=currencies, b=currencies, year=years)
def test_linearity(x, y, k, a, b, year):
    lhs = sk.convert(k * x + y, a, b, year)
    rhs = k * sk.convert(x, a, b, year) + sk.convert(y, a, b, year)
    scale = abs(k * x) + abs(y) + 1.0
    assert abs(lhs - rhs) <= 1e-11 * scale * max(1.0, RAW[(year, b)] / RAW[(year, a)])


@settings(max_examples=40, deadline=None)
@given(x=amounts, a=currencies, year=st.integers(1900, 2100))
def test_same_currency_is_the_identity_in_any_year(x, a, year):
    assert sk.convert(x, a, a, year) == x


@settings(max_examples=40, deadline=None)
@given(x=amounts, a=currencies, b=currencies, year=years)
def test_cross_rates_go_through_the_dollar(x, a, b, year):
    via_usd = sk.convert(sk.convert(x, a, "USD", year), "USD", b, year)
    assert sk.convert(x, a, b, year) == pytest.approx(via_usd, rel=1e-12, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(xs=st.lists(st.tuples(amounts, years), min_size=1, max_size=20), a=currencies, b=currencies)
def test_vectorised_equals_one_by_one(xs, a, b):
    vals = np.array([x for x, _ in xs])
    yrs = np.array([y for _, y in xs])
    out = sk.convert(vals, a, b, yrs)
    np.testing.assert_allclose(out, [sk.convert(x, a, b, y) for x, y in xs], rtol=1e-15)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("year", [2012, 2025, 1990])
def test_year_outside_the_table_names_currency_year_and_range(year):
    with pytest.raises(ConversionError) as err:
        sk.convert(1.0, "KRW", "GBP", year)
    msg = str(err.value)
    assert str(year) in msg and "2013–2024" in msg
    assert "GBP" in msg or "KRW" in msg


def test_the_dollar_is_never_blamed_for_a_missing_rate():
    with pytest.raises(ConversionError, match=r"^No KRW exchange rate for 2030"):
        sk.convert(1.0, "USD", "KRW", 2030)


def test_one_bad_year_in_an_array_fails_the_whole_call():
    with pytest.raises(ConversionError, match="2030"):
        sk.convert([1.0, 2.0], "KRW", "GBP", [2019, 2030])


def test_missing_year_value_is_an_error_not_a_guess():
    with pytest.raises(ConversionError, match="missing year"):
        sk.convert([1.0, 2.0], "KRW", "GBP", pd.Series([2019, None], dtype="Int64"))


def test_unknown_currency():
    with pytest.raises(ConversionError, match="EUR"):
        sk.convert(1.0, "EUR", "KRW", 2019)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1.0, "Korean won", "GBP", 2019), "ISO 4217"),
        ((1.0, "KRW", 7, 2019), "ISO 4217"),
        ((1.0, "KRW", "GBP", 2019.5), "whole"),
        ((1.0, "KRW", "GBP", "2019"), "integer"),
        (("ten", "KRW", "GBP", 2019), "number"),
        (([1.0, 2.0, 3.0], "KRW", "GBP", [2019, 2020]), "shapes"),
    ],
)
def test_bad_arguments_are_value_errors(args, match):
    with pytest.raises(ValueError, match=match):
        sk.convert(*args)


def test_series_with_different_indexes_are_refused():
    with pytest.raises(ValueError, match="index"):
        sk.convert(pd.Series([1.0]), "KRW", "GBP", pd.Series([2019], index=[7]))


def test_a_gap_in_the_table_is_never_filled_from_another_year(data_copy: Path):
    path = data_copy / "fx_rates.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    iy, ic, ir = header.index("year"), header.index("currency"), header.index("role")
    kept = [r for r in body if not (r[iy] == "2019" and r[ic] == "GBP" and r[ir] == "primary")]
    assert len(kept) == len(body) - 1
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *kept])
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + 2_000_000_000))

    with pytest.raises(ConversionError) as err:
        sk.convert(1.0, "KRW", "GBP", 2019, data=data_copy)
    assert "GBP" in str(err.value) and "2013–2018, 2020–2024" in str(err.value)
    # the neighbouring years still convert, and the shipped package is untouched
    assert sk.convert(1.0, "USD", "GBP", 2018, data=data_copy) == pytest.approx(RAW[(2018, "GBP")])
    assert sk.convert(1.0, "USD", "GBP", 2019) == pytest.approx(RAW[(2019, "GBP")])
    # the crosscheck KRW row of 2019 is not promoted either: KRW->USD still works on IMF
    assert sk.convert(1.0, "USD", "KRW", 2019, data=data_copy) == pytest.approx(RAW[(2019, "KRW")])


# ----------------------------------------------------------------------------- share of GDP


def _raw_gdp() -> list[dict[str, str]]:
    return [r for r in _csv("gdp") if r["country"] == "KOR"]


def _default_gdp_row(year: int) -> dict[str, str]:
    rows = [r for r in _raw_gdp() if int(r["year"]) == year]
    return max(rows, key=lambda r: (r["release_date"], int(r["base_year"])))


@pytest.mark.parametrize("year", sorted({int(r["year"]) for r in _raw_gdp()}))
def test_share_of_gdp_uses_the_latest_release_and_says_so(year):
    row = _default_gdp_row(year)
    share = sk.share_of_gdp(1e12, "KRW", year)
    assert share.percent == pytest.approx(100 * 1e12 / float(row["amount"]), rel=1e-13)
    assert share.gdp == float(row["amount"])
    assert share.base_year == int(row["base_year"])
    assert share.release_date == row["release_date"]
    assert share.release_status == row["release_status"]
    assert share.source_id == row["source_id"]
    n_rows = sum(int(r["year"]) == year for r in _raw_gdp())
    assert share.alternatives == n_rows - 1
    text = str(share)
    assert row["release_date"] in text and f"{row['base_year']} base" in text


def test_growth_ladder_claim_is_about_half_of_2019_gdp():
    row = _default_gdp_row(2019)
    krw = 640e9 / RAW[(2019, "GBP")] * RAW[(2019, "KRW")]
    expected = 100 * krw / float(row["amount"])
    share = sk.share_of_gdp(640e9, "GBP", 2019)
    assert float(share) == pytest.approx(expected, rel=1e-12)
    assert 45 < float(share) < 55
    assert f"{share:.1f}" == f"{expected:.1f}"


def test_2023_defaults_to_the_2020_rebase_and_the_old_base_can_be_chosen():
    new = sk.share_of_gdp(1e12, "KRW", 2023)
    old = sk.share_of_gdp(1e12, "KRW", 2023, base_year=2015)
    rows = {int(r["base_year"]): float(r["amount"]) for r in _raw_gdp() if r["year"] == "2023"}
    assert new.base_year == max(rows) and new.gdp == rows[max(rows)]
    assert old.base_year == 2015 and old.gdp == rows[2015]
    assert old.percent > new.percent


def test_share_of_gdp_of_an_array():
    out = sk.share_of_gdp(np.array([1e12, 2e12]), "KRW", 2019)
    np.testing.assert_allclose(out.percent, np.array([1e12, 2e12]) / float(_default_gdp_row(2019)["amount"]) * 100)
    with pytest.raises(TypeError):
        float(out)


def test_missing_gdp_year_lists_the_years_available(data_copy):
    rows = list(csv.DictReader((data_copy / "gdp.csv").open(newline="", encoding="utf-8")))
    kept = [r for r in rows if r["year"] != "2019"]
    with (data_copy / "gdp.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    with pytest.raises(ConversionError) as err:
        sk.share_of_gdp(1e12, "KRW", 2019, data=data_copy)
    listed = ", ".join(str(y) for y in sorted({int(r["year"]) for r in kept}))
    assert "2019" in str(err.value) and listed in str(err.value)


def test_gdp_errors():
    with pytest.raises(ConversionError, match="JPN"):
        sk.share_of_gdp(1e12, "KRW", 2019, country="JPN")
    with pytest.raises(ConversionError, match="bases available"):
        sk.share_of_gdp(1e12, "KRW", 2018, base_year=2020)
    with pytest.raises(ConversionError, match="EUR"):
        sk.share_of_gdp(1e12, "EUR", 2019)
    with pytest.raises(ValueError, match="one year"):
        sk.share_of_gdp(1e12, "KRW", [2018, 2019])
    with pytest.raises(ValueError, match="alpha-3"):
        sk.share_of_gdp(1e12, "KRW", 2019, country="Korea")


# ----------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (1.4e12, "KRW", "₩1.4tn"),
        (941.19e6, "GBP", "£941m"),
        (2.3e9, "USD", "$2.3bn"),
        (1.4876e12, "KRW", "₩1.49tn"),
        (1455e12, "KRW", "₩1,455tn"),
        (26.5e9, "KRW", "₩26.5bn"),
        (999.96e6, "GBP", "£1bn"),
        (2.4e6, "gbp", "£2.4m"),
        (2400, "GBP", "£2,400"),
        (-3.5e9, "GBP", "-£3.5bn"),
        (5e6, "CHF", "CHF 5m"),
        (0, "USD", "$0"),
    ],
)
def test_format_money(amount, currency, text):
    assert sk.format_money(amount, currency) == text


def test_format_money_significant_figures():
    assert sk.format_money(941.19e6, "GBP", sig=4) == "£941.2m"
    assert sk.format_money(1.4876e12, "KRW", sig=2) == "₩1.5tn"


@pytest.mark.parametrize("bad", [math.nan, math.inf, "1e9", np.array([1.0, 2.0]), None])
def test_format_money_refuses_what_is_not_one_number(bad):
    with pytest.raises(ValueError):
        sk.format_money(bad, "GBP")


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (4.55, {}, "4.5%"),
        (4.55, {"digits": 2}, "4.55%"),
        (0.22, {}, "0.22%"),
        (0.0133, {}, "0.013%"),
        (84.2, {}, "84%"),
        (1.1, {"signed": True}, "+1.1%"),
        (-1.1, {"signed": True}, "-1.1%"),
        (0.0, {"signed": True}, "0%"),
    ],
)
def test_format_pct(value, kwargs, text):
    assert sk.format_pct(value, **kwargs) == text


def test_format_pct_takes_a_gdp_share():
    share = sk.share_of_gdp(1.4e12, "KRW", 2019)
    assert sk.format_pct(share) == sk.format_pct(share.percent)
    with pytest.raises(ValueError):
        sk.format_pct(math.nan)
