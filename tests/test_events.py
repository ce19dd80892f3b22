"""events: one list of the pilot cities' dated events and targets; slippage only between like events.

Expected values are read here from the raw CSV rows (csv module), never from the code under test.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from smartkorea import events
from conftest import csv_rows as _csv

MILESTONES = {r["milestone_id"]: r for r in _csv("milestones")}
STATUS = {r["status_id"]: r for r in _csv("pilot_city_status")}
CLAIMS = {r["claim_id"]: r for r in _csv("claims")}
PUBLISHED = {r["source_id"]: r["published"] for r in _csv("sources")}


def _months(date: str) -> int:
    """Months since year 0 of a YYYY[-MM[-DD]] or YYYY-Hn date; a bare year counts as its December,
    a half as its last month."""
    if date[5:6] == "H":
        return int(date[:4]) * 12 + 6 * int(date[6])
    return int(date[:4]) * 12 + (int(date[5:7]) if len(date) >= 7 else 12)


def _ids(row) -> set[str]:
    return {row["source_id"], *[i for i in str(row["other_source_ids"]).split(";") if i]}


@pytest.fixture(scope="module")
def ev() -> pd.DataFrame:
    return events.pilot_events()


@pytest.fixture(scope="module")
def slip() -> pd.DataFrame:
    return events.slippage()


def test_every_pilot_city_milestone_is_in_the_list_once(ev):
    pilot = [r for r in MILESTONES.values()
             if r["topic"] in ("smart_city_pilot", "regulatory_sandbox") and r["date"] >= "2018"]
    assert pilot
    for r in pilot:
        holders = [row for _, row in ev.iterrows() if r["source_id"] in _ids(row)
                   and (row["event"] == r["event"] or row["origin"] != "milestones")]
        assert any(row["event"] == r["event"] for row in holders), r["milestone_id"]
    assert not ev.duplicated(["city", "kind", "status", "date"]).any()


def test_the_events_the_old_summary_left_out_are_in_the_one_list(ev):
    # Busan's 2020 preferred bidder (later dropped) and the 2021 Smart Village move-in
    bidder, village = MILESTONES["funds_busan_spc_bidder_2020"], MILESTONES["funds_busan_smart_village_2021"]
    row = ev[ev["event"] == bidder["event"]].iloc[0]
    assert (row["city"], row["kind"], row["status"]) == ("Busan", "preferred_bidder", "happened")
    moved = ev[(ev["city"] == "Busan") & (ev["kind"] == "move_in") & (ev["status"] == "happened")]
    assert len(moved) == 1, "the move-in reported by two tables is one event"
    # both reports' sources are kept on the one row
    assert {village["source_id"], STATUS["PC_BUS_SV_RESIDENTS_2021"]["source_id"]} <= _ids(moved.iloc[0])
    assert moved.iloc[0]["date"] == village["date"]
    # its label counts the households from the structured status row, not the free text of the milestone
    counted = STATUS["PC_BUS_SV_RESIDENTS_2021"]
    assert f"({int(float(counted['count']))} {counted['unit']})" in moved.iloc[0]["label"]


def test_a_year_only_report_takes_the_date_of_a_more_precise_report_of_the_same_event(ev):
    bidder = ev[(ev["city"] == "Busan") & (ev["kind"] == "preferred_bidder")]
    pc = [r for r in _csv("pilot_cities") if r["attribute"] == "spc_preferred_bidder_2020"][0]
    assert MILESTONES["funds_busan_spc_bidder_2020"]["date"] == pc["as_of"][:4]
    assert list(bidder["date"]) == [pc["as_of"]]
    partner = ev[(ev["city"] == "Busan") & (ev["kind"] == "partner_chosen")]
    assert list(partner["date"]) == [MILESTONES["funds_busan_spc_partner_2022"]["date"]]


def test_preferred_bidders_are_compared_with_preferred_bidders(ev):
    # Sejong's Oct 2020 choice and Busan's Dec 2020 choice are the same step: both preferred bidders
    bidders = ev[ev["kind"] == "preferred_bidder"].set_index("city")["date"]
    sejong = [r for r in _csv("pilot_cities") if r["attribute"] == "spc_preferred_bidder"][0]
    busan = [r for r in _csv("pilot_cities") if r["attribute"] == "spc_preferred_bidder_2020"][0]
    assert bidders.to_dict() == {"Sejong": sejong["as_of"], "Busan": busan["as_of"]}
    # the agreement is another step, and only Sejong's is in the data
    agreements = ev[ev["kind"] == events.STRICT_READING]
    assert list(agreements["city"]) == ["Sejong"]
    assert agreements["date"].iloc[0] == MILESTONES["funds_sejong_spc_agreement_2022"]["date"]


def test_kinds_come_from_the_words_of_the_event():
    text = {i: r["event"] for i, r in MILESTONES.items()}
    assert events.classify(text["funds_spc_tenders_2020"]) == "tender"  # "for private partners" is not a choice
    assert events.classify(text["funds_busan_spc_bidder_2020"]) == "preferred_bidder"
    assert events.classify(text["funds_busan_spc_partner_2022"]) == "partner_chosen"
    assert events.classify(text["funds_sejong_executor_2024"]) == "executor"
    assert events.classify(text["funds_sejong_move_in_target"]) == "move_in"
    assert events.classify(text["funds_busan_smart_village_2021"]) == "move_in"
    assert events.classify(text["funds_sejong_spc_agreement_2022"]) == "agreement"
    assert events.classify(text["funds_sandbox_in_force_2020"], "regulatory_sandbox") == "sandbox"
    assert events.classify("Something else entirely") == "other"


def test_targets_are_hollow_rows_at_their_target_date_with_the_date_they_were_set(ev):
    target = MILESTONES["funds_sejong_move_in_target"]
    row = ev[(ev["status"] == "planned") & (ev["date"] == target["date"])].iloc[0]
    assert row["stated"] == PUBLISHED[target["source_id"]]
    delay = STATUS["PC_SEJ_MOVEIN_DELAY_2025"]
    rows = ev[(ev["status"] == "planned") & (ev["source_id"] == delay["source_id"]) & ev["stated_known"]]
    row = rows[rows["kind"] == "move_in"].iloc[0]
    assert (row["date"], row["stated"], row["kind"]) == (delay["target_date"], delay["date"], "move_in")
    # low-confidence status rows stay out
    low = {r["source_id"] for r in STATUS.values() if r["confidence"] == "low"}
    assert not low & set(ev.loc[ev["origin"] == "pilot_city_status", "source_id"])


def test_move_in_targets_written_only_in_words_are_targets_too(ev):
    # "slipped from 2024 to 2028": an earlier 2024 target, reported (not set) on the row's date
    delay = STATUS["PC_SEJ_MOVEIN_DELAY_2025"]
    earlier = delay["description"].split("slipped from ")[1][:4]
    row = ev[(ev["status"] == "planned") & (ev["date"] == earlier)].iloc[0]
    assert (row["city"], row["kind"], row["stated"], bool(row["stated_known"])) == ("Sejong", "move_in", delay["date"], False)
    # "LH aimed at first move-in H2 2023" in the note of the 2020 groundwork row: set on that row's date
    ground = STATUS["PC_SEJ_GROUNDWORK_2020"]
    half = ground["note"].split("first move-in ")[1][:7]  # "H2 2023"
    due = f"{half[3:]}-{6 * int(half[1]):02d}"  # a half is due by its last month
    row = ev[(ev["status"] == "planned") & (ev["date"] == due) & (ev["source_id"] == ground["source_id"])].iloc[0]
    assert (row["kind"], row["stated"], bool(row["stated_known"])) == ("move_in", ground["date"], True)
    # every Sejong move-in target in the data is measured, none of them met
    sejong = ev[(ev["city"] == "Sejong") & (ev["kind"] == "move_in") & (ev["status"] == "planned")]
    assert len(sejong) == 5


def test_the_article_promise_is_a_target_from_the_claims_table(ev, slip):
    claim = CLAIMS["C9_SEJONG_SANDBOX"]
    art = slip[slip["source_id"] == claim["source_id"]].iloc[0]
    partner = MILESTONES["funds_sejong_spc_partner_2020"]
    assert (art["city"], art["kind"], art["target"]) == ("Sejong", "preferred_bidder", claim["evidence_year"])
    assert art["stated"] == PUBLISHED[claim["source_id"]]
    assert art["happened"] == partner["date"]
    assert art["months_late"] == _months(partner["date"]) - _months(claim["evidence_year"]) <= 0
    assert art["outcome"] == "on time"


def test_slippage_pairs_only_like_events(ev, slip):
    done = ev[ev["status"] == "happened"]
    for row in slip.itertuples():
        like = done[(done["city"] == row.city) & (done["kind"] == row.kind)]
        if len(like):
            assert row.happened == like.iloc[0]["date"]
            assert row.months_late == _months(row.happened) - _months(row.target)
        else:
            assert pd.isna(row.happened) and pd.isna(row.months_late)
    # Sejong's executor designation (2024) is never read as its move-in
    executor = MILESTONES["funds_sejong_executor_2024"]["date"]
    sejong_moves = slip[(slip["city"] == "Sejong") & (slip["kind"] == "move_in")]
    assert len(sejong_moves) >= 2
    assert executor not in set(sejong_moves["happened"].dropna())
    assert sejong_moves["happened"].isna().all()


def test_an_open_target_is_not_recorded_or_not_yet_due_against_the_data_date(slip):
    as_of = slip["as_of"].iloc[0]
    for row in slip[slip["happened"].isna()].itertuples():
        due = _months(row.target) <= _months(as_of)
        assert row.outcome == ("not recorded" if due else "not yet due"), row.what
    assert {"not recorded", "not yet due"} <= set(slip["outcome"])
    early = events.slippage(date="2020-01")
    busan = early[(early["city"] == "Busan") & (early["kind"] == "completion")].iloc[0]
    assert busan["outcome"] == "not yet due" and busan["as_of"] == "2020-01"


def test_as_of_is_the_newest_release_behind_the_tables_that_would_record_an_event():
    cited = set()
    for name in ("milestones", "pilot_city_status", "pilot_cities"):
        for r in _csv(name):
            cited |= {r["source_id"], *[i for i in r.get("other_source_ids", "").split(";") if i],
                      *[i for i in r.get("evidence_source_ids", "").split(";") if i]}
    dated = [PUBLISHED[i] for i in cited if PUBLISHED.get(i, "")[:1].isdigit()]
    newest = max(dated, key=lambda d: (d[:4], d[5:7] or "99", d[8:10] or "99"))
    assert events.as_of() == newest
    # the article's own claims table (sourced up to a later date) does not make the events fresher
    claims = {i for r in _csv("claims") for i in [r["source_id"], *r["evidence_source_ids"].split(";")] if i}
    later = [PUBLISHED[i] for i in claims if PUBLISHED.get(i, "")[:1].isdigit() and PUBLISHED[i] > newest]
    assert later, "the claims table cites a source newer than the event tables"


def test_a_move_in_added_to_the_data_fills_every_sejong_move_in_target(data_copy):
    path = data_copy / "milestones.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    new = dict(rows[0], milestone_id="test_sejong_move_in", date="2027-03", date_precision="month",
               topic="smart_city_pilot", status="happened",
               event="First residents begin moving into the Sejong 5-1 pilot city")
    with path.open("a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n").writerow(new)
    slip = events.slippage(data=data_copy)
    moves = slip[(slip["city"] == "Sejong") & (slip["kind"] == "move_in")]
    assert (moves["happened"] == "2027-03").all()
    for row in moves.itertuples():
        assert row.months_late == _months("2027-03") - _months(row.target)
        assert row.outcome == ("late" if row.months_late > 0 else "on time")
    assert "late" in set(moves["outcome"]) and "on time" in set(moves["outcome"])
    # the completion targets are untouched: a move-in is not a completion
    done = slip[slip["kind"] == "completion"]
    assert done["happened"].isna().all()


def test_kinds_filter_and_bad_kind(ev):
    some = events.pilot_events(kinds=["partner_chosen", "move_in"])
    assert set(some["kind"]) == {"partner_chosen", "move_in"}
    assert len(some) == ev["kind"].isin(["partner_chosen", "move_in"]).sum()
    with pytest.raises(ValueError, match="no_such_kind"):
        events.pilot_events(kinds=["no_such_kind"])
