"""The v2 source pack's errata (ERRATA.md), each checked on the real rows of the data package.

Expected values are the ones the errata state, as published by the sources that settle them;
the claims rows (C5-C8) are covered with claims.csv, not here.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import smartkorea as sk

_DATE_OR_ND = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$")


def _one(df: pd.DataFrame, **match: object) -> pd.Series:
    rows = df
    for col, val in match.items():
        rows = rows[rows[col].astype(str) == str(val)]
    assert len(rows) == 1, (match, len(rows))
    return rows.iloc[0]


def test_ftc_2024_group_sales_are_2007_7_trillion_and_78_8_percent_of_gdp():
    row = _one(sk.load("business_concentration"), indicator="disclosure_groups_sales_share_of_gdp",
               year=2024)
    assert row["value"] == pytest.approx(78.8)
    assert "2,007.7 trillion" in row["note"]
    assert "2,077" not in row["note"]
    # the ratio recomputes from the amounts in the note
    assert 2007.7 / 2549.1 * 100 == pytest.approx(row["value"], abs=0.05)
    earlier = sk.load("business_concentration")
    earlier = earlier[earlier["indicator"] == "disclosure_groups_sales_share_of_gdp"]
    by_year = dict(zip(earlier["year"], earlier["value"]))
    assert by_year[2020] == pytest.approx(65.3)
    assert by_year[2021] == pytest.approx(73.5)
    assert by_year[2022] == pytest.approx(85.2)


def test_nabo_2022_execution_rate_stays_63_percent_cited_to_nabo():
    budget = sk.load("smart_city_budget")
    row = budget[(budget["year"] == 2022) & budget["budget_line"].str.contains("execution rate")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["value"] == 63
    assert row["source_id"] == "SCBUDGET_NEWDAILY_20230803"
    assert "another denominator" in row["note"]


def test_mss_first_releases_2018_2020_are_exact():
    vs = sk.load("venture_startups")
    exact = {2018: 3_424_900_000_000, 2019: 4_277_700_000_000, 2020: 4_304_500_000_000}
    for year, amount in exact.items():
        assert _one(vs, indicator="new_venture_investment", year=year)["value"] == amount
    # the historic MSS series in venture_investment agrees with them
    vi = sk.load("venture_investment")
    for year, amount in exact.items():
        row = _one(vi, metric="venture_investment", scope="mss_vc_firms_and_associations", year=year)
        assert row["amount"] == amount


def test_fund_formation_2020_first_release_and_revision_are_labelled():
    vi = sk.load("venture_investment")
    ff = vi[(vi["metric"] == "venture_fund_formation") & (vi["year"] == 2020)
            & (vi["scope"] == "mss_vc_firms_and_associations")]
    amounts = dict(zip(ff["vintage"], ff["amount"]))
    assert amounts == {"first_release": 6_567_600_000_000, "revised": 6_880_800_000_000}
    first = ff[ff["vintage"] == "first_release"].iloc[0]
    revised = ff[ff["vintage"] == "revised"].iloc[0]
    assert str(first["release_date"]) < str(revised["release_date"])


def test_cb_insights_korea_count_is_dated_end_october_2025():
    row = _one(sk.load("venture_startups"), country="KOR", indicator="unicorns_cbinsights", year=2025)
    assert row["value"] == 13
    assert row["period"] == "2025-10"
    assert "uncertain" not in row["note"]
    assert "October 2025" in row["note"]


def test_egdi_2010_ranked_192_states():
    eg = sk.load("egov_ict_indices")
    ranks = eg[(eg["year"] == 2010) & (eg["indicator"] == "egdi_rank")]
    assert len(ranks) == 7
    assert ranks["note"].str.contains("of 192").all()
    assert not ranks["note"].str.contains("193").any()


def test_every_source_has_a_date_or_a_reasoned_nd():
    src = sk.load("sources")
    published = src["published"].astype("string")
    assert published.notna().all(), list(src.loc[published.isna(), "source_id"])
    assert published.str.match(_DATE_OR_ND).all()
    undated = src[published == "n.d."]
    assert len(undated) > 0
    assert undated["note"].str.contains("n.d.", regex=False).all(), list(undated["source_id"])


def test_dropped_sources_and_lost_qualifiers_are_restored():
    src = sk.load("sources").set_index("source_id")
    assert "enterpriseam_2023" in src.index
    assert "yna_20210114_vc" in src.index
    assert "edition inferred" in src.loc["NCSES_SEI_T4-7", "note"]
    assert "2020-06-11" in src.loc["oecd_bbdb_fibre_github", "note"]
    assert "instrumentbusinessoutlook.com" in src.loc["MSIT_2017_SURVEY", "note"]


def test_gerd_2017_is_78_7892_trillion_with_its_funding_split():
    rd = sk.load("rd_expenditure")
    rows = rd[(rd["country"] == "KOR") & (rd["year"] == 2017) & (rd["currency"] == "KRW")]
    by_measure = dict(zip(rows["measure"], rows["amount"]))
    assert by_measure["gerd_national_currency"] == 78_789_200_000_000
    assert by_measure["gerd_funded_by_private_sector"] == 60_064_300_000_000
    assert by_measure["gerd_funded_by_government_public"] == 17_737_100_000_000
    assert by_measure["gerd_funded_by_private_sector"] < by_measure["gerd_national_currency"]


def test_5g_switch_on_and_public_launch_are_two_dated_milestones():
    ms = sk.load("milestones").set_index("milestone_id")
    launch = ms.loc["kor_commercial_5g_launch"]
    assert str(launch["date"]) == "2019-04-03"
    assert "11 pm" in launch["event"]
    assert "nationwide" not in launch["event"].lower()
    public = ms.loc["kor_5g_public_subscription"]
    assert str(public["date"]) == "2019-04-05"


def test_gdp_rows_the_errata_could_not_verify_carry_their_confidence():
    gdp = sk.load("gdp")
    y2013 = _one(gdp, year=2013, source_id="GDP_BOK_2013P")
    assert y2013["confidence"] == "low"
    assert "Not verifiable" in y2013["note"]
    # the June-2025 figure for 2024 is corroborated by the BoK's next annual release
    y2024 = _one(gdp, year=2024, source_id="GDP_BOK_2024P_JUN")
    assert y2024["amount"] == 2_556_900_000_000_000
    assert y2024["confidence"] == "medium"
    assert "GDP_BOK_2025P_WOWTV" in y2024["note"]
    assert set(gdp.loc[gdp["confidence"] == "low", "year"]) == {2013}


def test_ftc_2023_group_sales_ratio_is_79_4_percent_between_the_2022_peak_and_2024():
    rows = sk.load("business_concentration")
    rows = rows[rows["indicator"] == "disclosure_groups_sales_share_of_gdp"]
    row = _one(rows, year=2023)
    assert row["value"] == pytest.approx(79.4)
    assert row["source_id"] == "HANKYUNGBIZ_202505_FTC"
    source = _one(sk.sources(), source_id="HANKYUNGBIZ_202505_FTC")
    assert source["published"] == "2025-05" and source["url"].startswith("https://")
    # the FTC series now runs every year 2018-2024 with no gap
    assert sorted(rows["year"].astype(int)) == list(range(2018, 2025))
