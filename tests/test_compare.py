"""compare: one vintage at a time (the latest published by default, and said), peer sets,
rank / latest / gap / cagr / then-vs-now, and clear errors for bad input."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import compare
from conftest import csv_rows as _csv


def frame(rows, vintage=None) -> pd.DataFrame:
    """rows: (country, year, value[, vintage]) tuples."""
    cols = ["country", "year", "value"] + (["vintage"] if len(rows[0]) == 4 else [])
    df = pd.DataFrame(rows, columns=cols)
    if vintage is not None:
        df["vintage"] = vintage
    return df


# A small two-vintage series: the "new" release revises KOR and lacks JPN.
TWO = frame([
    ("KOR", 2019, 4.0, "old"), ("JPN", 2019, 3.0, "old"), ("USA", 2019, 2.0, "old"),
    ("KOR", 2019, 4.5, "new"), ("USA", 2019, 2.5, "new"), ("DEU", 2019, 3.2, "new"),
])
DATES = {"old": "2020-06", "new": "2024"}


# ----------------------------------------------------------------------------- vintages


def test_default_vintage_is_the_latest_published_and_is_reported():
    r = compare.rank(TWO, "KOR", 2019, ["KOR", "JPN", "USA", "DEU"], release_dates=DATES)
    assert r.vintage == "new"
    assert r.value == 4.5
    assert r.missing == ("JPN",)  # not taken from the old vintage


def test_explicit_vintage():
    r = compare.rank(TWO, "KOR", 2019, ["KOR", "JPN", "USA", "DEU"], vintage="old")
    assert (r.vintage, r.value, r.out_of, r.missing) == ("old", 4.0, 3, ("DEU",))


def test_categorical_order_is_not_used_to_pick_the_latest():
    df = TWO.copy()
    df["vintage"] = pd.Categorical(df["vintage"], categories=["new", "old"], ordered=True)
    _, label = compare.select_vintage(df, release_dates=DATES)
    assert label == "new"
    _, label = compare.select_vintage(df, release_dates={"old": "2025-01-02", "new": "2025-01-01"})
    assert label == "old"


def test_a_bare_year_sorts_before_a_dated_month_of_that_year():
    _, label = compare.select_vintage(TWO, release_dates={"old": "2024", "new": "2024-03"})
    assert label == "new"


def test_vintage_errors():
    with pytest.raises(ValueError, match="old, new|new, old"):
        compare.select_vintage(TWO, vintage="newest")
    with pytest.raises(ValueError, match="share the latest"):
        compare.select_vintage(TWO, release_dates={"old": "2024-01", "new": "2024-01"})
    with pytest.raises(ValueError, match="source_id"):
        compare.select_vintage(TWO)  # no dates to order by
    with pytest.raises(ValueError, match="no 'vintage' column"):
        compare.select_vintage(frame([("KOR", 2019, 1.0)]), vintage="x")


def test_frame_without_vintage_says_none():
    df = frame([("KOR", 2019, 1.0), ("JPN", 2019, 2.0)])
    r = compare.rank(df, "KOR", 2019, ["KOR", "JPN"])
    assert r.vintage is None and r.rank == 2


def test_real_vintages_are_ordered_by_the_sources_published_dates():
    published = {r["source_id"]: r["published"] for r in _csv("sources")}
    best: dict[str, tuple] = {}
    for row in _csv("rd_intensity"):
        d = published[row["source_id"]]
        key = tuple(int(x) for x in d.split("-")) + (0,) * (3 - len(d.split("-")))
        best[row["vintage"]] = max(best.get(row["vintage"], key), key)
    expected_order = sorted(best, key=lambda v: best[v])
    table = compare.vintages(sk.load("rd_intensity"))
    assert list(table["vintage"]) == expected_order
    _, label = compare.select_vintage(sk.load("rd_intensity"))
    assert label == expected_order[-1]


def test_rank_on_the_real_data_matches_a_count_from_the_csv():
    _, label = compare.select_vintage(sk.load("rd_intensity"))
    rows = [r for r in _csv("rd_intensity")
            if r["vintage"] == label and r["year"] == "2022" and r["country"] in compare.CORE]
    values = {r["country"]: float(r["value"]) for r in rows}
    expected = 1 + sum(v > values["KOR"] for v in values.values())
    r = compare.rank(sk.load("rd_intensity"), "KOR", 2022)
    assert (r.rank, r.out_of, r.vintage) == (expected, len(values), label)
    assert set(r.missing) == set(compare.CORE) - set(values)
    assert str(r).startswith(f"KOR ranks {expected}")


# ----------------------------------------------------------------------------- peer sets


def test_peer_sets():
    assert compare.peer_set("G7") == compare.G7 and len(compare.G7) == 7
    assert set(compare.CORE) == set(compare.G7) | {"ISR", "CHN", "KOR"}
    assert compare.peer_set("KOR") == ("KOR",)
    assert compare.peer_set(["KOR", "JPN", "KOR"]) == ("KOR", "JPN")


def test_oecd_set_comes_from_the_countries_table():
    expected = {r["country"] for r in _csv("countries")
                if r["oecd_member"] == "true" and r["kind"] == "country"}
    got = compare.peer_set("oecd")
    assert set(got) == expected and "CHN" not in got and "KOR" in got


@pytest.mark.parametrize(("peers", "match"), [
    ("g8", "Did you mean 'g7'"), ("brics", "Known sets"), (["KOR", "Japan"], "alpha-3"), ([], "empty"),
])
def test_bad_peer_sets(peers, match):
    with pytest.raises(ValueError, match=match):
        compare.peer_set(peers)


def test_unknown_peer_set_is_a_named_error():
    with pytest.raises(sk.errors.UnknownPeerSetError, match="Did you mean 'g7'"):
        compare.peer_set("g8")


# ----------------------------------------------------------------------------- rank


SIMPLE = frame([
    ("KOR", 2020, 5.0), ("JPN", 2020, 3.0), ("USA", 2020, 3.0), ("DEU", 2020, 1.0),
    ("KOR", 2022, 6.0), ("JPN", 2022, 3.5), ("USA", 2022, 4.0),
])


def test_rank_directions_ties_and_table():
    r = compare.rank(SIMPLE, "JPN", 2020, ["KOR", "JPN", "USA", "DEU"])
    assert (r.rank, r.out_of, int(r)) == (2, 4, 2)  # tied with USA: both 2nd
    assert list(r.table["rank"]) == [1, 2, 2, 4]
    low = compare.rank(SIMPLE, "JPN", 2020, ["KOR", "JPN", "USA", "DEU"], higher_is_better=False)
    assert low.rank == 2 and low.table["country"].iloc[0] == "DEU"


def test_rank_adds_the_country_to_its_peers():
    r = compare.rank(SIMPLE, "KOR", 2020, ["JPN", "USA"])
    assert r.rank == 1 and r.out_of == 3


def test_rank_errors():
    with pytest.raises(ValueError, match="needs a year"):
        compare.rank(SIMPLE, "KOR")
    with pytest.raises(ValueError, match="DEU has no value for 2022"):
        compare.rank(SIMPLE, "DEU", 2022, ["KOR"])
    with pytest.raises(ValueError, match="alpha-3"):
        compare.rank(SIMPLE, "Korea", 2020)


@pytest.mark.parametrize(("df", "match"), [
    (pd.DataFrame(columns=["country", "year", "value"]), "empty"),
    (pd.DataFrame({"country": ["KOR"], "year": [2020]}), "value"),
    (frame([("KOR", 2020, 1.0), ("KOR", 2020, 2.0)]), "filter the indicator"),
])
def test_bad_frames(df, match):
    with pytest.raises(ValueError, match=match):
        compare.rank(df, "KOR", 2020, ["KOR"])


def test_real_tables_with_several_measures_must_be_filtered_first():
    with pytest.raises(ValueError, match="filter the indicator"):
        compare.latest(sk.load("egov_ict_indices"), "KOR")
    egdi = sk.load("egov_ict_indices").query("indicator == 'egdi_rank'")
    assert compare.rank(egdi, "KOR", 2010, "core", higher_is_better=False).rank == 1


# ----------------------------------------------------------------------------- latest, gap, growth


def test_latest_keeps_countries_without_data_visible():
    out = compare.latest(SIMPLE, ["KOR", "DEU", "FRA"])
    assert list(out["country"]) == ["KOR", "DEU", "FRA"]
    assert list(out["year"].astype("object").fillna(-1)) == [2022, 2020, -1]
    assert out["value"].iloc[0] == 6.0 and np.isnan(out["value"].iloc[2])
    assert str(out["year"].dtype) == "Int64"
    asof = compare.latest(SIMPLE, ["KOR"], until=2021)
    assert (asof["year"].iloc[0], asof["value"].iloc[0]) == (2020, 5.0)


def test_gap_to_the_peer_median_excludes_the_country():
    g = compare.gap(SIMPLE, "KOR", 2020, peers=["KOR", "JPN", "USA", "DEU", "FRA"])
    assert g.reference_value == 3.0  # median of JPN 3, USA 3, DEU 1
    assert g.difference == 2.0 and float(g) == 2.0 and g.ratio == pytest.approx(5 / 3)
    assert g.peers_used == ("JPN", "USA", "DEU") and g.missing == ("FRA",)


def test_gap_to_one_peer():
    g = compare.gap(SIMPLE, "KOR", 2022, to="USA")
    assert (g.reference, g.reference_value, g.difference) == ("USA", 4.0, 2.0)
    with pytest.raises(ValueError, match="DEU has no value for 2022"):
        compare.gap(SIMPLE, "KOR", 2022, to="DEU")
    with pytest.raises(ValueError, match="No peer"):
        compare.gap(SIMPLE, "KOR", 2022, peers=["DEU"])


def test_cagr():
    df = frame([("KOR", 2010, 100.0), ("KOR", 2012, 121.0), ("KOR", 2013, 0.0)])
    g = compare.cagr(df, "KOR", 2010, 2012)
    assert float(g) == pytest.approx(10.0) and (g.start_value, g.end_value) == (100.0, 121.0)
    with pytest.raises(ValueError, match="before"):
        compare.cagr(df, "KOR", 2012, 2010)
    with pytest.raises(ValueError, match="no value for 2011"):
        compare.cagr(df, "KOR", 2010, 2011)
    with pytest.raises(ValueError, match="positive"):
        compare.cagr(df, "KOR", 2010, 2013)


def test_then_vs_now_never_borrows_another_year():
    df = frame([
        ("KOR", 2019, 4.0), ("KOR", 2023, 5.0),
        ("JPN", 2018, 3.0), ("JPN", 2020, 3.3),  # no 2019 value
    ], vintage="v")
    out = compare.then_vs_now(df, ["KOR", "JPN", "FRA"], 2019).set_index("country")
    assert out.loc["KOR", "change"] == 1.0 and out.loc["KOR", "change_pct"] == pytest.approx(25.0)
    assert out.loc["KOR", "now_year"] == 2023
    assert np.isnan(out.loc["JPN", "then_value"]) and np.isnan(out.loc["JPN", "change"])
    assert out.loc["JPN", "now_year"] == 2020
    assert pd.isna(out.loc["FRA", "now_year"])
    assert set(out["vintage"]) == {"v"}


def test_results_state_their_vintage_on_real_data():
    rd = sk.load("rd_intensity")
    _, label = compare.select_vintage(rd)
    assert set(compare.latest(rd)["vintage"]) == {label}
    assert set(compare.then_vs_now(rd)["vintage"]) == {label}
    assert compare.gap(rd, "KOR", 2019).vintage == label
    assert compare.cagr(rd, "KOR", 2010, 2019).vintage == label
    older = compare.cagr(rd, "KOR", 2000, 2010, vintage="WDI 2013")
    assert older.vintage == "WDI 2013"
    assert re.match(r"^\d{4}", str(compare.vintages(rd)["published"].iloc[-1]))


# ----------------------------------------------------------------------------- rank over time, vintages, change


def test_rank_history_uses_one_vintage_and_lists_the_missing():
    df = frame([
        ("KOR", 2019, 4.0, "new"), ("JPN", 2019, 3.0, "new"), ("ISR", 2019, 5.0, "new"),
        ("KOR", 2020, 4.5, "new"), ("ISR", 2020, 4.5, "new"),  # tie; JPN missing
        ("KOR", 2020, 9.9, "old"), ("JPN", 2020, 1.0, "old"),
    ])
    h = compare.rank_history(df, "KOR", ["JPN", "ISR"], release_dates={"old": "2020", "new": "2021"})
    assert list(h["year"]) == [2019, 2020]
    assert list(h["rank"]) == [2, 1] and list(h["out_of"]) == [3, 2]
    assert list(h["leader"]) == ["ISR", "ISR"]  # ties: alphabetical first
    assert list(h["missing"]) == ["", "JPN"] and set(h["vintage"]) == {"new"}
    low = compare.rank_history(df, "KOR", ["JPN", "ISR"], higher_is_better=False, vintage="new",
                               years=[2019])
    assert (low["rank"].iloc[0], low["leader"].iloc[0]) == (2, "JPN")
    with pytest.raises(ValueError, match="no value for 2018"):
        compare.rank_history(df, "KOR", ["JPN"], vintage="new", years=[2018])


def test_rank_history_on_real_data_matches_the_readme():
    rd = sk.load("rd_intensity")
    peers = ["USA", "GBR", "JPN", "DEU", "FRA", "CHN", "ISR"]
    h = compare.rank_history(rd, "KOR", peers).set_index("year")
    assert h.loc[2010:, "rank"].eq(2).all() and h.loc[2010:, "leader"].eq("ISR").all()
    assert h.loc[:2009, "rank"].between(3, 6).all()


def test_across_vintages_orders_releases_and_measures_the_revision():
    rd = sk.load("rd_intensity")
    out = compare.across_vintages(rd, "KOR", 2017)
    assert list(out["vintage"]) == ["MSIT 2017 survey", "OECD MSTI 2019/1", "WDI 2025-07", "WDI 2026-07"]
    assert out["value"].iloc[0] == 4.55 and out["change"].iloc[0] == 0
    raw = {r["vintage"]: float(r["value"]) for r in _csv("rd_intensity")
           if r["country"] == "KOR" and r["year"] == "2017"}
    assert out["value"].iloc[-1] == raw["WDI 2026-07"]
    assert out["change_pct"].iloc[-1] == pytest.approx((raw["WDI 2026-07"] / 4.55 - 1) * 100)
    assert out["source_id"].iloc[-1] == "WB_WDI_2026_07"
    with pytest.raises(ValueError, match="No vintage"):
        compare.across_vintages(rd, "KOR", 1980)
    with pytest.raises(ValueError, match="vintage"):
        compare.across_vintages(frame([("KOR", 2019, 1.0)]), "KOR", 2019)
    two = frame([("KOR", 2019, 1.0, "a"), ("KOR", 2019, 2.0, "a")])
    with pytest.raises(ValueError, match="several values"):
        compare.across_vintages(two, "KOR", 2019, release_dates={"a": "2020"})


def test_revisions_pair_only_what_both_vintages_have():
    out = compare.revisions(TWO, "old", "new", ["KOR", "JPN", "USA", "DEU"])
    assert list(out["country"]) == ["KOR", "USA"]  # JPN only old, DEU only new
    assert list(out["change"]) == pytest.approx([0.5, 0.5])
    assert list(out["change_pct"]) == pytest.approx([12.5, 25.0])
    real = compare.revisions(sk.load("rd_intensity"), "WDI 2025-07", "WDI 2026-07", "KOR")
    assert real["change_pct"].between(-7.0, -3.3).all()  # README: 3.3-7.0% lower


def test_change_between_two_points_with_a_verdict():
    ranks = pd.DataFrame({"period": ["2021-06", "2022-11", "2025 (SCI 11)"], "value": [62, 22, 12]})
    c = compare.change(ranks, "2021-06", key="period", higher_is_better=False)
    assert (c.now, c.then_value, c.now_value, c.difference) == ("2025 (SCI 11)", 62.0, 12.0, -50.0)
    assert c.verdict == "improved" and c.improved
    assert c.as_row("Busan, Z/Yen") == {"what": "Busan, Z/Yen", "then": "62 (2021-06)",
                                        "now": "12, 2025 (SCI 11)", "verdict": "improved"}
    up = compare.change(frame([("KOR", 2019, 4.0), ("KOR", 2023, 5.0)]), 2019)
    assert up.verdict == "improved" and up.change_pct == pytest.approx(25.0)
    down = compare.change(frame([("KOR", 2019, 4.0), ("KOR", 2023, 5.0)]), 2019, higher_is_better=False)
    assert down.verdict == "slipped"
    same = compare.change(frame([("KOR", 2019, 1.0), ("KOR", 2021, 1.0)]), 2019, higher_is_better=False)
    assert same.verdict == "unchanged"
    assert compare.change(frame([("KOR", 2019, 4.0), ("KOR", 2023, 5.0)]), 2023, 2019).verdict == "slipped"
    with pytest.raises(ValueError, match="then=2018"):
        compare.change(frame([("KOR", 2019, 4.0)]), 2018)
    with pytest.raises(ValueError, match="Several rows"):
        compare.change(frame([("KOR", 2019, 4.0), ("JPN", 2019, 3.0)]), 2019)
    with pytest.raises(ValueError, match="lacks column"):
        compare.change(frame([("KOR", 2019, 4.0)]), 2019, key="period")


def test_ordinal():
    assert [compare.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
