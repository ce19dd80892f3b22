"""The notebook sources list: one row per web page, a reader's columns, titles by the title convention."""

import csv

import pandas as pd
import pytest
from conftest import csv_rows

import smartkorea as sk
from smartkorea.errors import TableDataError
from smartkorea import citations
from smartkorea.sourcelist import COLUMNS, CUT_TITLE_NOTE, source_list


def test_one_row_per_source_in_first_seen_order():
    listed = source_list(["WB_WDI_2026_07", "MSIT_2017_SURVEY", "WB_WDI_2026_07", "", None])
    assert list(listed.columns) == COLUMNS
    raw = sk.sources().set_index("source_id")
    assert listed["publisher"].tolist() == [raw.loc["WB_WDI_2026_07", "publisher"],
                                            raw.loc["MSIT_2017_SURVEY", "publisher"]]
    assert listed["url"].tolist() == [raw.loc["WB_WDI_2026_07", "url"], raw.loc["MSIT_2017_SURVEY", "url"]]


def test_a_headline_recorded_up_to_an_ellipsis_is_marked_not_left_looking_cut(data_copy):
    # the shipped titles are whole now; a copy with one stored up to its "…" stands for a future row
    rows = csv_rows("sources", data_copy)
    for r in rows:
        if r["source_id"] == "ASIAE_20220628":
            r["title"] = "내년 국가 R&D 예산 1.7%↑…"
    with open(data_copy / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (title,) = source_list(["ASIAE_20220628"], data=data_copy)["title"].iloc[0]
    assert title.text.startswith("내년 국가 R&D 예산 1.7%↑") and title.kind == "shortened"
    assert title.plain().endswith(CUT_TITLE_NOTE)


def test_no_shipped_source_title_is_cut():
    assert not [t for t in sk.sources()["title"] if str(t).rstrip().endswith(("...", "…"))]


def test_a_whole_title_is_kept_as_written():
    raw = sk.sources().set_index("source_id")
    (title,) = source_list(["WB_WDI_2026_07"])["title"].iloc[0]
    assert (title.text, title.kind) == (raw.loc["WB_WDI_2026_07", "title"], "headline")


def test_an_unknown_id_names_the_id_and_the_file():
    with pytest.raises(TableDataError, match=r"sources\.csv.*NOT_A_SOURCE"):
        source_list(["WB_WDI_2026_07", "NOT_A_SOURCE"])


def test_the_list_renders_clean_for_readers():
    from smartkorea import tables
    html = tables.reader_table(source_list(["ASIAE_20220628", "WB_WDI_2026_07"]), caption="Sources").to_html()
    assert "ASIAE_20220628" not in html and "…</" not in html
    assert f"<cite>내년 국가 R&amp;D 예산 1.7%↑</cite> {CUT_TITLE_NOTE}" in html
    assert isinstance(source_list([]), pd.DataFrame) and source_list([]).empty


def test_ids_of_one_web_page_are_one_row_with_every_title_and_date():
    raw = sk.sources().set_index("source_id")
    assert raw.loc["WB_WDI_2026_07", "url"] == raw.loc["WB_WDI_2013", "url"]  # the premise
    listed = source_list(["WB_WDI_2026_07", "MSIT_2017_SURVEY", "WB_WDI_2013"])
    assert len(listed) == 2
    assert [t.text for t in listed["title"].iloc[0]] == [raw.loc["WB_WDI_2026_07", "title"],
                                                          raw.loc["WB_WDI_2013", "title"]]
    assert listed["published"].iloc[0] == f'{raw.loc["WB_WDI_2026_07", "published"]}; {raw.loc["WB_WDI_2013", "published"]}'


def test_descriptions_and_unknown_publishers_read_as_such():
    from smartkorea import tables
    raw = sk.sources().set_index("source_id")
    assert raw.loc["P2_ILYOSEOUL_SEJONG_SANDBOX", "title"].startswith("[descriptive]")  # the premise
    assert raw.loc["fdocs_ukkorea_trade_2013", "publisher"].startswith("Unidentified")
    listed = source_list(["P2_ILYOSEOUL_SEJONG_SANDBOX", "fdocs_ukkorea_trade_2013"])
    assert listed["publisher"].iloc[1] == citations.UNIDENTIFIED_PUBLISHER
    html = tables.reader_table(listed, caption="Sources").to_html()
    assert "[descriptive]" not in html and "Unidentified" not in html
    text = raw.loc["P2_ILYOSEOUL_SEJONG_SANDBOX", "title"].removeprefix("[descriptive] ")
    assert f"{text} {citations.DESCRIPTION_NOTE}" in html and f"<cite>{text}" not in html


def test_dataset_sources_one_row_per_page_naming_every_dataset_using_it():
    from smartkorea import catalog
    from smartkorea.sourcelist import dataset_sources

    names = [n for n in catalog.names() if n != "sources"]
    listed = dataset_sources(names)
    assert list(listed.columns) == [*COLUMNS, "dataset"]
    web = [u for u in listed["url"] if isinstance(u, str) and u.startswith("http")]
    assert len(web) == len(set(web))  # each web page once
    raw = sk.sources().set_index("source_id")
    for name in names:
        for sid in sk.sources(name)["source_id"]:
            row = listed[listed["url"] == raw.loc[sid, "url"]]
            assert len(row) >= 1 and name in row["dataset"].iloc[0].split("; "), (name, sid)
    cited = {sid for name in names for sid in sk.sources(name)["source_id"]}
    merged = len(cited) - len(listed)
    assert merged > 0  # the package does record some pages under two ids
