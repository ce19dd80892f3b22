"""Open-innovation events: categories, actions, the article cut-off and the Reason 3 rule."""

from __future__ import annotations

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import openinnovation as oi


@pytest.fixture(scope="module")
def ev() -> pd.DataFrame:
    return oi.events()


def _by_id(ev: pd.DataFrame, event_id: str) -> pd.Series:
    return ev.set_index("event_id").loc[event_id]


def test_every_row_is_categorised_and_kept(ev):
    raw = sk.load("open_innovation_events")
    assert len(ev) == len(raw)
    assert ev["category"].notna().all()


def test_running_totals_and_plans_are_not_actions(ev):
    assert bool(_by_id(ev, "OI_HMG_IMA_UK_2018")["action"])
    assert bool(_by_id(ev, "OI_HMG_KIA_ARRIVAL_2020")["action"])
    for totals in ("OI_SAMSUNG_CLAB_2023", "OI_HMG_TECHDAY_2023", "OI_HMG_CRADLE_PLAN_2018"):
        assert not bool(_by_id(ev, totals)["action"]), totals


def test_policy_and_statistics_rows_are_not_company_actions(ev):
    law = _by_id(ev, "OI_LAW_CVC_EFFECTIVE_2021")
    assert law["actor"] == "government" and law["company_name"] == "Fair Trade Commission"
    assert _by_id(ev, "OI_FTC_CVC_COUNT_2024")["actor"] == "statistics"
    assert not ev.loc[ev["actor"] != "company", "action"].any()


def test_article_cut_off(ev):
    assert not bool(_by_id(ev, "OI_LGTV_2019")["after_article"])  # 11 Apr 2019
    assert bool(_by_id(ev, "OI_SAMSUNG_CLAB_CALL_2019")["after_article"])  # 1 Aug 2019
    assert _by_id(ev, "OI_SAMSUNG_CLAB_CALL_2019")["when"] == "1 Aug 2019"


def test_unknown_kind_is_refused():
    raw = sk.load("open_innovation_events").head(2).copy()
    raw["kind"] = raw["kind"].astype(str)
    raw.loc[raw.index[0], "kind"] = "rumour"
    with pytest.raises(ValueError, match="rumour"):
        oi.events(raw, article="2019-07-05")


def test_reason3_on_the_real_rows_counts_actions_after_the_article(ev):
    raw = sk.load("open_innovation_events")
    company = ~raw["company"].astype(str).str.startswith("(")
    later = raw["date"].astype(str) > "2019-07-05"
    expected_after = int((raw["kind"].astype(str).isin(oi.ACTION_KINDS) & company & later).sum())
    r = oi.reason3(ev)
    assert r.after == expected_after
    assert r.verdict in {"accurate", "overstated", "unverified"}
    cvc = raw[raw["kind"] == "cvc_count"].sort_values("date")
    assert (r.cvc_first, r.cvc_last) == (cvc["count"].iloc[0], cvc["count"].iloc[-1])


def _frame(dates: list[str], kinds: list[str], counts: list[float | None] | None = None) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({
        "event_id": [f"E{i}" for i in range(n)], "date": dates, "company": ["Acme"] * n,
        "kind": kinds, "count": counts or [None] * n,
    })


def _judge(before: int, after: int, cvc: tuple[float, float] = (1, 2)) -> oi.Reason3:
    dates = [f"2018-{m:02d}-01" for m in range(1, before + 1)] + [f"2021-{m:02d}-01" for m in range(1, after + 1)]
    kinds = ["cvc_fund"] * (before + after)
    frame = _frame(dates + ["2020-06-01", "2020-07-01"], kinds + ["cvc_count", "cvc_count"],
                   [None] * (before + after) + list(cvc))
    return oi.reason3(oi.events(frame, article="2019-07-05"), article="2019-07-05")


def test_rule_accurate_when_no_fewer_actions_after_and_cvc_firms_did_not_fall():
    assert _judge(6, 6).verdict == "accurate"
    assert _judge(6, 9).verdict == "accurate"


def test_rule_overstated_when_fewer_actions_or_fewer_cvc_firms():
    assert _judge(9, 6).verdict == "overstated"
    assert _judge(6, 9, cvc=(3, 2)).verdict == "overstated"


def test_rule_unverified_below_the_minimum():
    assert _judge(oi.MIN_ACTIONS - 1, 9).verdict == "unverified"


def test_actions_by_year_sums_to_the_actions(ev):
    per_year = oi.actions_by_year(ev)
    assert per_year["value"].sum() == int(ev["action"].sum())
    assert not per_year.duplicated(["year", "category"]).any()


def test_a_status_report_on_a_fund_already_counted_is_not_an_action(ev):
    # 11 Apr 2019: the LG Technology Ventures fund set up in 2018, reported on again
    assert bool(_by_id(ev, "OI_LGTV_SETUP_2018")["action"])
    assert not bool(_by_id(ev, "OI_LGTV_2019")["action"])
    frame = _frame(["2018-01-01", "2018-06-01"], ["cvc_fund", "cvc_fund"]).assign(
        description=["Fund set up", "Fund status at a visit"])
    assert oi.events(frame, article="2019-07-05")["action"].tolist() == [True, False]


def test_amount_text_says_whose_money_and_per_what(ev):
    # a UK government grant to Hyundai's partner is not Hyundai's money
    airone = oi.amount_text(_by_id(ev, "OI_HMG_UAP_AIRONE_2021"))
    assert airone.startswith("£1.2m") and "not Hyundai Motor Group's money" in airone and "grant" in airone
    # C-Lab Outside: a ceiling per team, not a programme total
    assert oi.amount_text(_by_id(ev, "OI_SAMSUNG_CLAB_CALL_2019")) == "up to ₩100m per team"
    # a company's own investment is shown as it is
    assert oi.amount_text(_by_id(ev, "OI_HMG_KIA_ARRIVAL_2020")) == "€100m"
    assert oi.amount_text(_by_id(ev, "OI_HMG_CRADLE_BEIJING_2019")) == "–"
