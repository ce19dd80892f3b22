"""citations: the one reader of source-id lists and the one publisher shortener."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import catalog, charts, citations, markets


@pytest.mark.parametrize("cell, ids", [
    ("A", ["A"]),
    ("A; B;", ["A", "B"]),
    (" A ;;B ", ["A", "B"]),
    ("", []),
    (None, []),
    (float("nan"), []),
    (pd.NA, []),
])
def test_split_ids(cell, ids):
    assert citations.split_ids(cell) == ids


def test_the_old_name_is_the_same_function():
    assert catalog.split_ids is citations.split_ids


def test_id_columns_are_source_id_and_the_list_columns():
    cols = ["country", "source_id", "other_source_ids", "evidence_source_ids", "source_ids_note", "value"]
    assert citations.id_columns(cols) == ["source_id", "other_source_ids", "evidence_source_ids"]


def test_cited_in_order_of_first_citation_and_by_weight():
    df = pd.DataFrame({
        "source_id": ["B", "A", "A", None],
        "other_source_ids": ["C; A", None, "D;", " E "],
    })
    assert citations.cited(df) == ["B", "A", "C", "D", "E"]
    # primary ids most-cited first, then the other ids not yet named
    assert citations.cited_by_weight(df) == ["A", "B", "C", "D", "E"]
    assert charts.source_ids(df) == ["A", "B", "C", "D", "E"]


def test_every_id_the_package_cites_is_a_source():
    known = set(sk.sources()["source_id"].astype(str))
    for name in catalog.names():
        if name != "sources":
            assert set(citations.cited(sk.load(name))) <= known, name


@pytest.mark.parametrize("name, chart, prose", [
    ("World Bank (data from UNESCO)", "World Bank", "World Bank"),
    ("Bank of Korea via Aju News", "Bank of Korea", "Bank of Korea via Aju News"),
    ("Ministry of Science and ICT, as reported by Yonhap", "Ministry of Science and ICT",
     "Ministry of Science and ICT, as reported by Yonhap"),
    ("  Sky   News ", "Sky News", "Sky News"),
])
def test_short_publisher_styles(name, chart, prose):
    assert citations.short_publisher(name) == chart
    assert citations.short_publisher(name, None, style="prose") == prose


def test_short_publisher_shortens_long_names_without_cutting_a_word():
    long = "Organisation for Economic Co-operation and Development (OECD)"
    assert citations.short_publisher(long) == "OECD"
    assert citations.short_publisher(long, None) == "Organisation for Economic Co-operation and Development"
    # the part before a comma or a dash when it fits
    assert citations.short_publisher("Israel Ministry of Economy - Foreign Trade Administration (x.il)") == \
        "Israel Ministry of Economy"
    assert citations.short_publisher("NewsSpace, reporting KCCI analysis of CB Insights") == "NewsSpace"
    # otherwise whole: never a half name, never an ellipsis
    name = "An Extremely Long Publisher Name With Many Words In It Indeed"
    assert citations.short_publisher(name) == name
    with pytest.raises(ValueError, match="style"):
        citations.short_publisher("X", style="loud")


def test_no_publisher_of_the_package_is_cut_on_a_source_line():
    for name in sk.sources()["publisher"].astype(str):
        short = citations.short_publisher(name)
        assert "…" not in short and "..." not in short, name
        if short != citations.UNIDENTIFIED_PUBLISHER:  # whole words of the name only
            assert set(re.findall(r"[^\s(),]+", short)) <= set(re.findall(r"[^\s(),]+", name)), name


def test_an_unidentified_publisher_is_named_as_such():
    raw = "Unidentified (document titled 'UK-KOREA TRADE', fdocuments.net mirror)"
    assert citations.short_publisher(raw) == citations.UNIDENTIFIED_PUBLISHER
    assert citations.publisher_text(raw) == citations.UNIDENTIFIED_PUBLISHER
    assert citations.source_label("X", raw, "n.d.") == f"{citations.UNIDENTIFIED_PUBLISHER}, n.d."
    assert citations.publisher_text("  Sky   News ") == "Sky News"


@pytest.mark.parametrize("raw, text, kind", [
    ("Global Innovation Index 2021", "Global Innovation Index 2021", "headline"),
    ("[descriptive] EGDI datasets 2010-2018", "EGDI datasets 2010-2018", "description"),
    ("(IMD Smart City Index 2019)", "IMD Smart City Index 2019", "description"),
    ("내년 국가 R&D 예산 1.7%↑ [headline as shortened in the copy read]", "내년 국가 R&D 예산 1.7%↑", "shortened"),
    ("Venture investment up…", "Venture investment up…", "shortened"),
    ("연간 벤처 투자 첫 4조원대 진입...AI 등 크게 늘어", "연간 벤처 투자 첫 4조원대 진입...AI 등 크게 늘어", "headline"),
    ("(OECD) Fibre, 5G and gigabit offers", "(OECD) Fibre, 5G and gigabit offers", "headline"),
])
def test_reader_title_reads_the_title_convention(raw, text, kind):
    title = citations.reader_title(raw)
    assert (title.text, title.kind) == (text, kind)
    assert "[" not in title.plain() or "[" in text


def test_title_html_cites_headlines_only():
    assert citations.reader_title("A & B").html() == "<cite>A &amp; B</cite>"
    desc = citations.reader_title("[descriptive] Fibre <subscriptions>").html()
    assert desc == f"Fibre &lt;subscriptions&gt; {citations.DESCRIPTION_NOTE}" and "<cite>" not in desc
    cut = citations.reader_title("Start [headline as shortened in the copy read]")
    assert cut.html() == f"<cite>Start</cite> {citations.SHORTENED_NOTE}"
    assert cut.plain() == f"Start {citations.SHORTENED_NOTE}"


def test_no_title_of_the_package_shows_a_bracket_word_or_a_bare_cut():
    for raw in sk.sources()["title"].astype(str):
        title = citations.reader_title(raw)
        assert "[descriptive]" not in title.plain() and "headline as shortened" not in title.plain(), raw
        assert " ... " not in title.text, raw  # a headline recorded with a gap in it


def test_group_by_address_ignores_scheme_www_case_and_trailing_slash():
    urls = ["http://www.X.org/a/", "https://x.org/a", "", None, "https://x.org/a?p=1", "https://x.org/a#top"]
    assert citations.group_by_address(urls) == [[0, 1, 5], [2], [3], [4]]
    assert citations.address_key("javascript:alert(1)") == ""


def test_merged_titles_and_dates_of_one_page():
    titles = citations.merged_titles([
        "[descriptive] IMD Smart City Index 2024 press release",
        "IMD Smart City Index 2024 press release",
        "imd smart city index 2024 press release (embargo 9 April 2024)",
        "Other headline",
    ])
    assert [t.text for t in titles] == ["imd smart city index 2024 press release (embargo 9 April 2024)",
                                        "Other headline"]
    only_described = citations.merged_titles(["[descriptive] A page", "[descriptive] a page"])
    assert [(t.text, t.kind) for t in only_described] == [("A page", "description")]
    assert citations.merged_dates(["2021", "2021-10", "n.d.", None, "2013", "2021-10"]) == ["2021-10", "2013"]


def test_source_label_and_reference_lines():
    assert citations.source_label("X", "Sky News (mirror)", "2019-06-10") == "Sky News, Jun 2019"
    assert citations.source_label("X", "Statistics Korea", "2021") == "Statistics Korea, 2021"
    assert citations.source_label("X", "Statistics Korea", None) == "Statistics Korea, n.d."
    assert citations.source_label("THE_ID", None, "2020-01") == "THE_ID, Jan 2020"
    assert citations.reference("Sky News", "2019-06-10", "Title", "https://e.x") == \
        "- Sky News (2019-06-10). Title. https://e.x"
    assert citations.reference("Unidentified (doc)", "n.d.", "[descriptive] A page", "https://e.x") == \
        f"- {citations.UNIDENTIFIED_PUBLISHER} (n.d.). A page {citations.DESCRIPTION_NOTE}. https://e.x"
    assert citations.reference("Sky News", None, "Title", "https://e.x") == "- Sky News. Title. https://e.x"


def test_source_label_of_a_row_in_the_package():
    row = sk.sources().set_index("source_id").loc["sky_20190610"]
    assert markets.source_label("sky_20190610") == citations.source_label(
        "sky_20190610", row["publisher"], row["published"])


def test_reader_tables_write_raw_source_rows_by_the_conventions():
    from smartkorea import tables
    raw = sk.sources()
    rows = raw[raw["source_id"].isin(["fdocs_ukkorea_trade_2013", "P2_ILYOSEOUL_SEJONG_SANDBOX", "ASIAE_20220628"])]
    assert rows["publisher"].str.startswith("Unidentified").any()  # the premise
    html = tables.reader_table(rows[["publisher", "title", "url"]], caption="Sources").to_html()
    assert "Unidentified" not in html and citations.UNIDENTIFIED_PUBLISHER in html
    assert "[descriptive]" not in html and "headline as shortened" not in html
    assert citations.DESCRIPTION_NOTE in html and citations.SHORTENED_NOTE in html


def test_descriptions_are_in_readers_units_and_headlines_stay_as_written():
    desc = citations.reader_title("[descriptive] 2024 R&D KRW 131tn; GDP KRW 2663.3tn; site of 34만 m2")
    assert (desc.text, desc.kind) == ("2024 R&D ₩131tn; GDP ₩2,663.3tn; site of 0.34 km²", "description")
    head = citations.reader_title("Seoul to invest KRW 1.4 trillion in smart city projects")
    assert head.text == "Seoul to invest KRW 1.4 trillion in smart city projects"
    for raw in sk.sources()["title"].astype(str):
        title = citations.reader_title(raw)
        if title.kind == "description":
            assert not re.search(r"KRW \d", title.text), raw
