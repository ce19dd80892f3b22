"""audit: the article's money claims in GBP, KRW and % of GDP; verdicts; display helpers.

Expected values are computed here from the raw CSV rows (read with the csv module), never from
the code under test.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import audit
from smartkorea.errors import ConversionError
from conftest import csv_rows as _csv


def _write(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


RATES = {(int(r["year"]), r["currency"]): float(r["units_per_usd"])
         for r in _csv("fx_rates") if r["role"] == "primary"}
CLAIMS = _csv("claims")
MONEY = [r for r in CLAIMS if r["stated_currency"] and r["evidence_currency"]]


def _per_usd(currency: str, year: int) -> float:
    return 1.0 if currency == "USD" else RATES[(year, currency)]


def _conv(amount: float, src: str, dst: str, year: int) -> float:
    return amount / _per_usd(src, year) * _per_usd(dst, year)


def _gdp(year: int) -> tuple[float, str]:
    """Latest release (latest release_date, then latest base year) of Korea's GDP in a year."""
    rows = [r for r in _csv("gdp") if r["country"] == "KOR" and int(r["year"]) == year]
    best = max(rows, key=lambda r: (r["release_date"], int(r["base_year"])))
    return float(best["amount"]), best["base_year"]


def _row(table: pd.DataFrame, claim_id: str) -> pd.Series:
    hit = table[table["claim_id"] == claim_id]
    assert len(hit) == 1, claim_id
    return hit.iloc[0]


# --------------------------------------------------------------------------- claims_table


def test_one_row_per_money_claim_in_file_order():
    table = audit.claims_table()
    assert list(table["claim_id"]) == [r["claim_id"] for r in MONEY]
    assert len(table) >= 5  # the article makes several money claims
    assert set(table["stated_currency"]) == {r["stated_currency"] for r in MONEY}


@pytest.mark.parametrize("raw", MONEY, ids=lambda r: r["claim_id"])
def test_amounts_are_converted_at_the_claim_years_rate(raw):
    row = _row(audit.claims_table(), raw["claim_id"])
    year = int(raw["evidence_year"])
    stated, scur = float(raw["stated_value"]), raw["stated_currency"]
    evid, ecur = float(raw["evidence_value"]), raw["evidence_currency"]
    assert row["fx_year"] == year == row["claim_year"]
    assert row["stated_value"] == stated and row["evidence_value"] == evid
    assert row["stated_gbp"] == pytest.approx(_conv(stated, scur, "GBP", year), rel=1e-12)
    assert row["evidence_gbp"] == pytest.approx(_conv(evid, ecur, "GBP", year), rel=1e-12)
    assert row["stated_krw"] == pytest.approx(_conv(stated, scur, "KRW", year), rel=1e-12)
    assert row["evidence_krw"] == pytest.approx(_conv(evid, ecur, "KRW", year), rel=1e-12)
    expected_ratio = _conv(stated, scur, "KRW", year) / _conv(evid, ecur, "KRW", year)
    assert row["ratio"] == pytest.approx(expected_ratio, rel=1e-12)
    assert row["verdict"] == raw["verdict"]


@pytest.mark.parametrize("raw", MONEY, ids=lambda r: r["claim_id"])
def test_shares_are_of_2019_gdp_by_default_at_2019_rates(raw):
    row = _row(audit.claims_table(), raw["claim_id"])
    gdp, base = _gdp(2019)
    stated = _conv(float(raw["stated_value"]), raw["stated_currency"], "KRW", 2019)
    evid = _conv(float(raw["evidence_value"]), raw["evidence_currency"], "KRW", 2019)
    assert row["gdp_year"] == 2019 and row["gdp_note"] == ""
    assert row["gdp"] == gdp
    assert row["gdp_vintage"].startswith(f"{base} base")
    assert row["stated_pct_gdp"] == pytest.approx(stated / gdp * 100, rel=1e-12)
    assert row["evidence_pct_gdp"] == pytest.approx(evid / gdp * 100, rel=1e-12)
    assert row["gap_pct_gdp"] == pytest.approx((stated - evid) / gdp * 100, rel=1e-9, abs=1e-15)


def test_growth_ladder_fund_claim_is_about_half_of_2019_gdp_and_over_a_hundred_times_the_fund():
    raw = next(r for r in MONEY if r["claim_id"] == "C3_GROWTH_LADDER")
    row = _row(audit.claims_table(), "C3_GROWTH_LADDER")
    gdp, _ = _gdp(2019)
    share = _conv(float(raw["stated_value"]), "GBP", "KRW", 2019) / gdp * 100
    assert row["stated_pct_gdp"] == pytest.approx(share)
    assert 45 < row["stated_pct_gdp"] < 55  # "about half"
    assert row["evidence_krw"] == 6e12  # the real fund, KRW 6tn
    assert row["ratio"] > 100


def test_fx_year_applies_one_rate_to_every_claim():
    table = audit.claims_table(fx_year=2019)
    assert set(table["fx_year"]) == {2019}
    assert list(table["claim_year"]) == [int(r["evidence_year"]) for r in MONEY]
    raw = next(r for r in MONEY if r["claim_id"] == "C3_GROWTH_LADDER")
    expected = float(raw["stated_value"]) / _conv(float(raw["evidence_value"]), "KRW", "GBP", 2019)
    assert _row(table, "C3_GROWTH_LADDER")["ratio"] == pytest.approx(expected, rel=1e-12)
    # the ratio of a KRW claim depends on the year of the rate, not only on the figures
    assert _row(table, "C3_GROWTH_LADDER")["ratio"] != pytest.approx(
        _row(audit.claims_table(), "C3_GROWTH_LADDER")["ratio"], rel=1e-3)


def test_gdp_of_the_claim_year_uses_the_nearest_year_only_when_needed_and_says_so():
    table = audit.claims_table(gdp_year="claim")
    have = sorted({int(r["year"]) for r in _csv("gdp")})
    for raw in MONEY:
        row = _row(table, raw["claim_id"])
        year = int(raw["evidence_year"])
        if year in have:
            assert row["gdp_year"] == year and row["gdp_note"] == ""
        else:
            nearest = min(have, key=lambda y: (abs(y - year), -y))
            assert row["gdp_year"] == nearest
            assert str(year) in row["gdp_note"] and str(nearest) in row["gdp_note"]
        gdp, _ = _gdp(int(row["gdp_year"]))
        stated = _conv(float(raw["stated_value"]), raw["stated_currency"], "KRW", int(row["gdp_year"]))
        assert row["stated_pct_gdp"] == pytest.approx(stated / gdp * 100, rel=1e-12)



def test_a_claim_year_without_gdp_falls_back_to_the_nearest_and_says_so(data_copy: Path):
    gdp = [r for r in _csv("gdp", data_copy) if r["year"] != "2013"]  # the Growth Ladder Fund's year
    _write(gdp, data_copy / "gdp.csv")
    row = _row(audit.claims_table(gdp_year="claim", data=data_copy), "C3_GROWTH_LADDER")
    have = sorted({int(r["year"]) for r in gdp})
    nearest = min(have, key=lambda y: (abs(y - 2013), -y))
    assert row["gdp_year"] == nearest != 2013
    assert "2013" in row["gdp_note"] and str(nearest) in row["gdp_note"]


def test_a_gdp_year_missing_from_the_data_raises_instead_of_substituting(data_copy: Path):
    _write([r for r in _csv("gdp", data_copy) if r["year"] != "2016"], data_copy / "gdp.csv")
    with pytest.raises(ConversionError, match="2016"):
        audit.claims_table(gdp_year=2016, data=data_copy)


def test_an_fx_year_without_rates_raises():
    with pytest.raises(ConversionError, match="2005"):
        audit.claims_table(fx_year=2005)


@pytest.mark.parametrize("bad", ["2019", "latest", 2019.0, True])
def test_gdp_year_must_be_an_int_or_claim(bad):
    with pytest.raises(ValueError):
        audit.claims_table(gdp_year=bad)


def test_ratio_rule_follows_the_tolerance():
    # the graded verdicts of the data are smartkorea.verdicts' job (tests/test_verdicts.py);
    # here only the ratio band of claims_table itself
    for tolerance in (audit.TOLERANCE, 0.01):
        table = audit.claims_table(tolerance=tolerance)
        for raw in MONEY:
            year = int(raw["evidence_year"])
            ratio = (_conv(float(raw["stated_value"]), raw["stated_currency"], "KRW", year)
                     / _conv(float(raw["evidence_value"]), raw["evidence_currency"], "KRW", year))
            want = "confirmed" if abs(ratio - 1) <= tolerance else "contradicted"
            assert _row(table, raw["claim_id"])["verdict_by_ratio"] == want


def test_follows_an_edited_data_package(data_copy: Path):
    rows = _csv("claims", data_copy)
    for r in rows:
        if r["claim_id"] == "C3_GROWTH_LADDER":
            r["stated_value"] = "3500000000"
    _write(rows, data_copy / "claims.csv")
    row = _row(audit.claims_table(data=data_copy), "C3_GROWTH_LADDER")
    assert row["stated_value"] == 3.5e9
    assert row["ratio"] == pytest.approx(3.5e9 / _conv(6e12, "KRW", "GBP", 2013), rel=1e-12)
    # and a removed GDP year is an error, not a silent neighbour
    gdp = [r for r in _csv("gdp", data_copy) if r["year"] != "2019"]
    _write(gdp, data_copy / "gdp.csv")
    with pytest.raises(ConversionError, match="2019"):
        audit.claims_table(data=data_copy)


# --------------------------------------------------------------------------- verdicts


def test_audit_verdicts_are_the_graded_verdicts_one_row_per_claim():
    from smartkorea import verdicts

    v = audit.verdicts()
    assert v.equals(verdicts.verdicts())
    # one row per distinct claim sentence of the claims table, in its order
    assert list(v["claim"]) == list(dict.fromkeys(r["claim"] for r in CLAIMS))


# --------------------------------------------------------------------------- express


def test_express_converts_and_shares_at_the_stated_year():
    amounts = pd.Series([3.7e12, 2.4e12], index=["total", "public"], name="amount")
    out = audit.express(amounts, "KRW", 2018)
    gdp, base = _gdp(2018)
    assert list(out.index) == ["total", "public"]
    for key, value in amounts.items():
        assert out.loc[key, "gbp"] == pytest.approx(_conv(value, "KRW", "GBP", 2018), rel=1e-12)
        assert out.loc[key, "krw"] == value
        assert out.loc[key, "pct_gdp"] == pytest.approx(value / gdp * 100, rel=1e-12)
        assert out.loc[key, "gdp_vintage"].startswith(f"{base} base")
    assert set(out["fx_year"]) == {2018} and set(out["gdp_year"]) == {2018}


def test_express_with_mixed_currencies_years_and_an_explicit_gdp_year(data_copy: Path):
    amounts = pd.Series([1.4e12, 2.4e6, 7.04e10])
    currency = pd.Series(["KRW", "GBP", "KRW"])
    years = pd.Series([2019, 2019, 2020])
    out = audit.express(amounts, currency, years, gdp_year=2019)
    gdp, _ = _gdp(2019)
    for i in range(3):
        src, y = currency[i], years[i]
        assert out.loc[i, "gbp"] == pytest.approx(_conv(amounts[i], src, "GBP", int(y)), rel=1e-12)
        assert out.loc[i, "krw"] == pytest.approx(_conv(amounts[i], src, "KRW", int(y)), rel=1e-12)
        assert out.loc[i, "pct_gdp"] == pytest.approx(
            _conv(amounts[i], src, "KRW", 2019) / gdp * 100, rel=1e-12)
    # without gdp_year each row uses its own year's GDP; a year with no GDP figure (removed
    # here from a copy of the data) is an error, not a neighbour
    _write([r for r in _csv("gdp", data_copy) if r["year"] != "2020"], data_copy / "gdp.csv")
    with pytest.raises(ConversionError, match="2020"):
        audit.express(amounts, currency, years, data=data_copy)


def test_express_bad_input():
    with pytest.raises(TypeError):
        audit.express([1.0, 2.0], "KRW", 2019)
    with pytest.raises(ConversionError):
        audit.express(pd.Series([1.0]), "KRW", pd.Series([pd.NA], dtype="Int64"))
    with pytest.raises(ValueError):
        audit.express(pd.Series([1.0]), pd.Series([None]), 2019)
    with pytest.raises(ValueError):
        audit.express(pd.Series([1.0]), "KRW", "2019")


# --------------------------------------------------------------------------- presentation


@pytest.mark.parametrize("currency", ["GBP", "KRW"])
def test_dumbbell_frame_holds_one_currency(currency):
    table = audit.claims_table()
    frame = audit.dumbbell_frame(table, currency)
    assert set(frame["currency"]) == {currency}
    low = currency.lower()
    np.testing.assert_array_equal(frame["stated"], table[f"stated_{low}"])
    np.testing.assert_array_equal(frame["evidence"], table[f"evidence_{low}"])
    assert list(frame["claim"]) == list(table["claim_id"])
    assert frame["evidence_source_ids"].notna().all()
    with pytest.raises(ValueError):
        audit.dumbbell_frame(table, "USD")


def test_format_claims_is_all_text():
    shown = audit.format_claims(audit.claims_table())
    assert all(shown[c].map(lambda v: isinstance(v, str)).all() for c in shown.columns)
    row = shown[shown["Claim"] == "C3_GROWTH_LADDER"].iloc[0]
    assert row["Said (original)"] == "£640bn" and row["Sources (original)"] == "₩6tn"
    assert row["Said (% GDP)"].endswith("%")
    assert row["Verdict"] == next(r["verdict"] for r in CLAIMS if r["claim_id"] == "C3_GROWTH_LADDER")


def test_gdp_years_lists_the_gdp_table():
    assert audit.gdp_years() == sorted({int(r["year"]) for r in _csv("gdp") if r["country"] == "KOR"})


# --------------------------------------------------------------------------- slippage
# Slippage lives in smartkorea.events (tests/test_events.py); audit keeps the name.


def test_slippage_moved_to_events_and_is_still_reachable_from_audit():
    from smartkorea import events
    assert audit.slippage is events.slippage
    out = audit.slippage()
    assert set(out["kind"]) <= set(events.KINDS) and (out["what"].str.contains(": ")).all()


def test_express_moved_to_money_and_is_still_reachable_from_audit():
    from smartkorea import money
    assert audit.express is money.express
