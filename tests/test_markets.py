"""smartkorea.markets: concentration bases, money read from text, reference periods, source labels."""

from __future__ import annotations

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import markets
from smartkorea.markets import amounts_in_text, period_label, period_position

# --------------------------------------------------------------------------- concentration bases


def test_headlines_keep_the_four_bases_apart_and_in_order():
    h = markets.concentration_headlines()
    assert list(h["basis"].cat.categories) == list(markets.BASES)
    assert list(dict.fromkeys(h["basis"].astype(str))) == list(markets.BASES)
    for basis, (indicator, label) in markets.BASES.items():
        rows = h[h["basis"] == basis]
        assert set(rows["indicator"]) == {indicator}
        assert set(rows["basis_label"]) == {label}
    assert not h.duplicated(["basis", "country", "year"]).any()


def test_headlines_hold_the_published_values():
    h = markets.concentration_headlines().set_index(["basis", "country", "year"])["value"]
    assert h[("chaebul_top10_groups", "KOR", 2011)] == 76.5
    assert h[("ceoscore_top10_companies", "JPN", 2017)] == 24.6
    assert h[("ftc_designated_groups", "KOR", 2024)] == 78.8
    assert h[("exporters", "KOR", 2025)] == 39.0
    assert ("ceoscore_top10_companies", "USA", 2015) in h.index


def test_headlines_take_a_frame_and_refuse_bad_ones():
    df = sk.load("business_concentration")
    assert len(markets.concentration_headlines(df)) == len(markets.concentration_headlines())
    with pytest.raises(ValueError, match="missing column"):
        markets.concentration_headlines(df.drop(columns="basis"))
    with pytest.raises(ValueError, match="no 'top10_exporters_share_of_exports' rows"):
        markets.concentration_headlines(df[df["basis"] != "exporters"])
    with pytest.raises(ValueError, match="two"):
        markets.concentration_headlines(pd.concat([df, df.head(1)]))


# --------------------------------------------------------------------------- money in text


@pytest.mark.parametrize("text, expected", [
    ("GBP 2.4m (GBP 1.2m UK + GBP 1.2m Korea)", [(2.4e6, "GBP"), (1.2e6, "GBP"), (1.2e6, "GBP")]),
    ("part of UK GBP 200m 5G Testbeds & Trials programme", [(200e6, "GBP")]),
    ("sales 2,077 trillion won vs nominal GDP 2,549 trillion won", [(2077e12, "KRW"), (2549e12, "KRW")]),
    ("USD 677.8bn sales vs GDP USD 1.53tn", [(677.8e9, "USD"), (1.53e12, "USD")]),
    ("£14.6bn, $3 billion and ₩1.4tn", [(14.6e9, "GBP"), (3e9, "USD"), (1.4e12, "KRW")]),
    ("KRW 26.465bn; 500 won", [(26.465e9, "KRW"), (500.0, "KRW")]),
    ("some 4.6 million subscriptions in 2019; 28.7 percent", []),
    ("", []),
])
def test_amounts_in_text(text, expected):
    got = [(a.amount, a.currency) for a in amounts_in_text(text)]
    assert got == [(pytest.approx(v, rel=1e-12), c) for v, c in expected]


def test_amounts_are_rescaled_exactly_and_keep_their_wording():
    (a,) = amounts_in_text("revenue 946.1 trillion won")
    assert a.amount == 946100000000000.0 and a.text == "946.1 trillion won"
    (b,) = amounts_in_text("GBP 0.3m")
    assert b.amount == 300000.0  # not 299999.99...


def test_amounts_in_missing_or_wrong_input():
    assert amounts_in_text(None) == []
    assert amounts_in_text(float("nan")) == []
    assert amounts_in_text(pd.NA) == []
    with pytest.raises(TypeError, match="takes a string"):
        amounts_in_text(12)


def test_amounts_in_the_data_package_rows():
    p = sk.load("programmes").set_index("programme_id")
    row = p.loc["UK_KOREA_5G_CHALLENGE_2019"]
    total, *parts = amounts_in_text(row["as_reported"])
    assert total.amount == row["amount"] == sum(a.amount for a in parts)


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize("period, position, label", [
    ("2022", 2022.5, "2022"),
    ("2022-06", 2022 + 5.5 / 12, "Jun 2022"),
    ("2023-12", 2023 + 11.5 / 12, "Dec 2023"),
    ("2021-Q3", 2021.625, "Q3 2021"),
    ("2019-H1", 2019.25, "H1 2019"),
    ("2024-07/2025-06", 2025.0, "Jul 2024–Jun 2025"),
])
def test_periods(period, position, label):
    assert period_position(period) == pytest.approx(position)
    assert period_label(period) == label


@pytest.mark.parametrize("bad", ["22-06", "2022-13", "2022-Q5", "2022/2023", "2024-07/2023-06", "", None,
                                 2022])
def test_bad_periods(bad):
    with pytest.raises(ValueError):
        period_position(bad)


def test_every_period_in_the_digital_tables_is_understood():
    for name in ("broadband", "mobile_5g", "business_concentration", "uk_korea_ties", "egov_ict_indices"):
        for p in sk.load(name)["period"].dropna().unique():
            assert period_label(p) and period_position(p)


# --------------------------------------------------------------------------- source labels


def test_source_label():
    assert markets.source_label("sky_20190610") == "Sky News, Jun 2019"
    assert markets.source_label("uk_wms_20231121") == "UK Parliament, Nov 2023"
    assert markets.source_label("fdocs_ukkorea_trade_2013").endswith(", n.d.")
    with pytest.raises(KeyError, match="'nope'"):
        markets.source_label("nope")


def test_period_helpers_are_the_periods_module_ones():
    from smartkorea import periods
    assert markets.period_label is periods.label
    assert markets.period_position is periods.position
