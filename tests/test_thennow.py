"""Then and now per concept: the rules on the real rows, and each rule on a small series."""

from __future__ import annotations

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import thennow


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return thennow.then_and_now()


def _row(table: pd.DataFrame, start: str) -> pd.Series:
    hit = table[table["concept"].str.startswith(start)]
    assert len(hit) == 1, start
    return hit.iloc[0]


def test_one_row_per_concept_and_one_venture_and_zyen_row(table):
    assert table["concept"].is_unique
    assert table["concept"].str.contains("venture", case=False).sum() == 1
    assert table["concept"].str.contains("Z/Yen").sum() == 1
    assert set(table["status"]) <= set(thennow.STATUSES)


def test_article_date_is_the_article_source_row():
    src = sk.load("sources").set_index("source_id")
    assert thennow.article_date() == src.loc["KTN_BLOG_2019", "published"] == "2019-07-05"


def test_gii_then_is_the_2018_edition_because_2019_came_out_after_the_article(table):
    ir = sk.load("innovation_rankings")
    src = sk.load("sources").set_index("source_id")
    gii = ir[(ir["ranking"] == "global_innovation_index") & (ir["measure"] == "rank")]
    peer = sk.load("peer_indicators")
    # no source of any GII 2019 row (Korea's or a peer's) is dated on or before the article
    ids = set(gii.loc[gii["year"] == 2019, "source_id"])
    ids |= set(peer.loc[(peer["indicator"] == "gii_rank") & (peer["year"] == 2019), "source_id"])
    dated = sorted(src.loc[i, "published"] for i in ids if len(src.loc[i, "published"]) == 10)
    assert dated and dated[0] > "2019-07-05"
    gii_concept = next(c for c in thennow.concepts() if c.concept.startswith("Global Innovation"))
    pts = gii_concept.points.set_index("period")
    assert pts.loc["2019", "first_reported"] == dated[0]
    kor = gii[gii["country"] == "KOR"]
    row = _row(table, "Global Innovation Index")
    assert row["then_when"] == "2018 edition"
    assert row["then_value"] == kor.loc[kor["year"] == 2018, "value"].item()
    assert row["now_value"] == kor.loc[kor["year"] == kor["year"].max(), "value"].item()
    assert row["now_when"] == f"{kor['year'].max()} edition"
    assert row["status"] == "improved"  # 12th -> 4th: a smaller rank is better
    assert row["change"] == "up 8 places"


def test_bloomberg_2019_edition_was_out_before_the_article_and_is_then(table):
    row = _row(table, "Bloomberg")
    assert row["then_when"] == "2019 edition"  # reported in January 2019


def test_bloomberg_is_stopped_not_counted_as_now(table):
    row = _row(table, "Bloomberg")
    assert row["status"] == "stopped"
    assert row["now_when"] == "2021 edition"
    assert "2021" in row["why"]


def test_imd_began_after_the_article_and_compares_the_restated_2021_edition(table):
    sc = sk.load("smart_city_rankings")
    for city in ("Seoul", "Busan"):
        row = _row(table, f"{city}'s IMD")
        restated = sc[(sc["ranking"] == "imd_smart_city_index_restated_2023") & (sc["city"] == city)]
        assert row["status"] == "began after the article"
        assert row["then_when"] == "2021 edition, restated"
        assert row["then_value"] == restated["value"].item()
        assert row["since"] == "2021 edition, restated"
    assert _row(table, "Seoul's IMD")["direction"] == "improved"  # 18th -> 13th
    assert _row(table, "Busan's IMD")["direction"] == "slipped"  # 47th -> 60th
    assert _row(table, "Busan's IMD")["change"] == "down 13 places"


def test_zyen_began_after_the_article_and_is_not_counted_as_slipped(table):
    row = _row(table, "Seoul's Z/Yen")
    assert row["then_when"] == "May 2022"
    assert row["status"] == "began after the article"
    assert row["direction"] == "slipped"


def test_5g_now_is_the_latest_subscription_count_and_names_the_handset_basis(table):
    row = _row(table, "5G")
    m5 = sk.load("mobile_5g")
    subs = m5[m5["indicator"] == "mobile_5g_subscriptions_monthly"]
    assert row["now_period"] == max(subs["period"])
    assert row["now_when"].endswith("(latest on this basis)")
    assert "handset lines" in row["why"] and "Dec 2025" in row["why"]


def test_fibre_and_rd_then_are_more_than_a_year_before_the_article(table):
    old = set(table.loc[table["then_age_months"] > 12, "concept"])
    assert old == {"R&D spending, % of GDP", "Fibre share of fixed broadband in Korea"}
    assert _row(table, "Fibre")["then_age_months"] == 73  # Jun 2013 to Jul 2019


def test_monthly_then_is_the_last_month_ended_before_the_article(table):
    row = _row(table, "5G")
    m5 = sk.load("mobile_5g")
    june = m5[(m5["indicator"] == "mobile_5g_subscriptions_monthly") & (m5["period"] == "2019-06")]
    assert row["then_when"] == "Jun 2019"
    assert row["then_value"] == june["value"].item()


def test_rd_then_year_is_the_newest_year_published_by_the_article(table):
    row = _row(table, "R&D")
    # the MSIT 2017 survey (published 2018) was the newest release before July 2019
    assert row["then_when"] == "2017"
    assert row["status"] == "improved"


def test_tally_counts_every_row_once(table):
    t = thennow.tally(table)
    assert list(t.index) == list(thennow.STATUSES)
    assert t.sum() == len(table)
    assert t["stopped"] == 1 and t["not comparable"] == 0 and t["began after the article"] == 3


def _concept(points, restated=None, family=None, unit="rank"):
    cols = ["period", "value", "method", "source_id", "label"]
    pts = pd.DataFrame(points, columns=cols)
    res = pd.DataFrame(restated or [], columns=cols)
    return thennow.Concept("Test rank", unit, pts, res, family, None, "test")


def test_restated_then_edition_makes_a_method_break_comparable():
    c = _concept([("2019", 47, "old", "A", "2019 edition"), ("2025", 13, "new", "B", "2025 edition")],
                 restated=[("2019", 30, "new", "C", "2019 edition, restated")])
    row = thennow.judge(c, "2020-01-10")
    assert row["then_value"] == 30 and row["status"] == "improved"
    assert row["then_when"] == "2019 edition, restated"
    assert row["source_ids"] == "C;B"


def test_stopped_only_beyond_the_gap():
    pts = [("2019", 5, "", "A", "2019 edition"), ("2021", 7, "", "B", "2021 edition")]
    near = thennow.judge(_concept(pts, family=2021 + thennow.STOPPED_AFTER_YEARS), "2020-01-10")
    far = thennow.judge(_concept(pts, family=2022 + thennow.STOPPED_AFTER_YEARS), "2020-01-10")
    assert near["status"] == "slipped"
    assert far["status"] == "stopped"


def test_series_starting_after_the_article_says_so():
    c = _concept([("2022-05", 24, "", "A", "May 2022"), ("2025", 33, "", "B", "2025")])
    row = thennow.judge(c, "2019-07-05")
    assert row["then_when"] == "May 2022"
    assert row["status"] == "began after the article"
    assert row["direction"] == "slipped" and row["change"] == "down 9 places"
    assert row["since"] == "May 2022"


def test_edition_of_the_articles_year_counts_only_when_reported_by_then():
    cols = ["period", "value", "method", "source_id", "label", "first_reported"]
    early = pd.DataFrame([("2018", 12, "", "A", "2018 edition", ""), ("2019", 11, "", "B", "2019 edition", "2019-01-28"),
                          ("2025", 4, "", "C", "2025 edition", "")], columns=cols)
    late = early.assign(first_reported=["", "2019-07-24", ""])
    empty = pd.DataFrame(columns=cols)
    row_early = thennow.judge(thennow.Concept("Test rank", "rank", early, empty, None, None, "t"), "2019-07-05")
    row_late = thennow.judge(thennow.Concept("Test rank", "rank", late, empty, None, None, "t"), "2019-07-05")
    assert row_early["then_when"] == "2019 edition" and row_early["change"] == "up 7 places"
    assert row_late["then_when"] == "2018 edition" and row_late["change"] == "up 8 places"


def test_method_break_after_the_article_uses_the_first_point_on_the_new_method():
    c = _concept([("2019", 47, "old", "A", "2019 edition"), ("2023", 16, "new", "B", "2023 edition"),
                  ("2025", 13, "new", "C", "2025 edition")],
                 restated=[("2021", 18, "new", "D", "2021 edition, restated")])
    row = thennow.judge(c, "2019-01-01")  # the 2019 edition is not out by this date
    assert row["then_when"] == "2021 edition, restated" and row["then_value"] == 18
    assert row["status"] == "began after the article" and row["change"] == "up 5 places"


def test_change_is_in_places_for_ranks_and_points_for_percents():
    pts = [("2018", 3.0, "", "A", "2018"), ("2024", 4.0, "", "B", "2024")]
    assert thennow.judge(_concept(pts), "2019-07-05")["change"] == "down 1 place"
    assert thennow.judge(_concept(pts, unit="percent"), "2019-07-05")["change"] == "+1.0 percentage points"
    assert thennow.judge(_concept(pts, unit="count"), "2019-07-05")["change"] == "+33%"


def test_empty_series_is_refused():
    with pytest.raises(ValueError, match="no points"):
        thennow.judge(_concept([]), "2019-07-05")
