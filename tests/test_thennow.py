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


def test_gii_then_is_the_2019_edition_and_now_the_newest(table):
    ir = sk.load("innovation_rankings")
    kor = ir[(ir["ranking"] == "global_innovation_index") & (ir["country"] == "KOR") & (ir["measure"] == "rank")]
    row = _row(table, "Global Innovation Index")
    assert row["then_value"] == kor.loc[kor["year"] == 2019, "value"].item()
    assert row["now_value"] == kor.loc[kor["year"] == kor["year"].max(), "value"].item()
    assert row["now_when"] == f"{kor['year'].max()} edition"
    assert row["status"] == "improved"  # 11th -> 4th: a smaller rank is better


def test_bloomberg_is_stopped_not_counted_as_now(table):
    row = _row(table, "Bloomberg")
    assert row["status"] == "stopped"
    assert row["now_when"] == "2021 edition"
    assert "2021" in row["why"]


def test_imd_2019_against_2025_is_not_comparable_across_the_2023_method(table):
    for city in ("Seoul", "Busan"):
        row = _row(table, f"{city}'s IMD")
        assert row["then_when"] == "2019 edition"
        assert row["status"] == "not comparable"


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
    assert t["stopped"] == 1 and t["not comparable"] == 2


def _concept(points, restated=None, family=None, unit="rank"):
    cols = ["period", "value", "method", "source_id", "label"]
    pts = pd.DataFrame(points, columns=cols)
    res = pd.DataFrame(restated or [], columns=cols)
    return thennow.Concept("Test rank", unit, pts, res, family, None, "test")


def test_restated_then_edition_makes_a_method_break_comparable():
    c = _concept([("2019", 47, "old", "A", "2019 edition"), ("2025", 13, "new", "B", "2025 edition")],
                 restated=[("2019", 30, "new", "C", "2019 edition, restated")])
    row = thennow.judge(c, "2019-07-05")
    assert row["then_value"] == 30 and row["status"] == "improved"
    assert row["then_when"] == "2019 edition, restated"
    assert row["source_ids"] == "C;B"


def test_stopped_only_beyond_the_gap():
    pts = [("2019", 5, "", "A", "2019 edition"), ("2021", 7, "", "B", "2021 edition")]
    near = thennow.judge(_concept(pts, family=2021 + thennow.STOPPED_AFTER_YEARS), "2019-07-05")
    far = thennow.judge(_concept(pts, family=2022 + thennow.STOPPED_AFTER_YEARS), "2019-07-05")
    assert near["status"] == "slipped"
    assert far["status"] == "stopped"


def test_series_starting_after_the_article_says_so():
    c = _concept([("2022-05", 24, "", "A", "May 2022"), ("2025", 33, "", "B", "2025")])
    row = thennow.judge(c, "2019-07-05")
    assert row["then_when"].startswith("May 2022 (first")
    assert row["status"] == "slipped"


def test_empty_series_is_refused():
    with pytest.raises(ValueError, match="no points"):
        thennow.judge(_concept([]), "2019-07-05")
