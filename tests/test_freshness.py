"""How current a table is: newest reference period, newest release, "Data to <Month YYYY>"."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import freshness, periods
from conftest import csv_rows


def test_newest_reference_prefers_the_exact_period_and_reads_windows_by_their_end():
    frame = pd.DataFrame({"year": [2024, 2025, 2023], "period": ["2024", "2024-07/2025-06", None]})
    # the window ends June 2025, later than the plain year 2024; the third row has only a year
    assert freshness.newest_reference(frame) == "2024-07/2025-06"
    assert freshness.newest_reference(pd.DataFrame({"note": ["x"]})) is None


def test_newest_release_is_the_latest_published_source_the_rows_cite():
    frame = pd.DataFrame({"source_id": ["a", "b"], "other_source_ids": [None, "c; d"]})
    published = {"a": "2024-03", "b": "2023-12-01", "c": "n.d.", "d": "2025-01-15", "e": "2026"}
    assert freshness.newest_release(frame, published) == "2025-01-15"  # "e" is not cited


def test_datasets_report_the_newest_release_of_every_table_from_its_sources():
    table = sk.datasets().set_index("name")
    published = {r["source_id"]: r["published"] for r in csv_rows("sources")}
    for name in ("rd_intensity", "gdp", "milestones"):
        ids = set()
        for row in csv_rows(name):
            ids.add(row["source_id"])
            ids.update(i.strip() for i in (row.get("other_source_ids") or "").split(";") if i.strip())
        dated = [published[i] for i in ids if published[i] != "n.d."]
        newest = max(dated, key=lambda d: periods.parse(d).first + (periods.parse(d).day or 0,))
        assert table.at[name, "newest_release"] == newest


def test_data_to_follows_the_data(data_copy):
    before = sk.data_to("gdp", data=data_copy)
    assert before.startswith("Data to ")
    rows = csv_rows("sources", data_copy)
    gdp = csv_rows("gdp", data_copy)
    # a newer release of one cited source moves the date
    target = gdp[0]["source_id"]
    for r in rows:
        if r["source_id"] == target:
            r["published"] = "2030-02-11"
    with open(data_copy / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    assert sk.data_to("gdp", data=data_copy) == "Data to February 2030"


def test_data_to_an_unknown_table_is_a_named_error():
    with pytest.raises(sk.UnknownDatasetError):
        sk.data_to("rd_intensty")


def test_a_release_known_only_to_the_year_is_not_taken_as_newer_than_a_dated_one():
    frame = pd.DataFrame({"source_id": ["a", "b"]})
    assert freshness.newest_release(frame, {"a": "2026", "b": "2026-07-13"}) == "2026-07-13"
    assert freshness.data_to_text(["2026", "2026-07-13"]) == "Data to July 2026"
    # periods the data describe still count by their end: the year 2025 is newer than March 2025
    assert periods.newest(["2025", "2025-03"]) == "2025"


def test_year_span_reads_years_dates_and_periods_and_skips_the_unreadable():
    frame = pd.DataFrame({"date": ["2019-07-05", "2021-Q3", "n.d.", None], "value": [1, 2, 3, 4]})
    assert freshness.year_span(frame) == (2019, 2021)
    assert freshness.year_span(pd.DataFrame({"year": [2024, 2013]})) == (2013, 2024)
    assert freshness.year_span(pd.DataFrame({"value": [1.0]})) == (None, None)
