"""Reader tables (smartkorea.tables) on the real data, and the reader checks (readercheck)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

import smartkorea as sk
from readercheck import check_cell, check_html, check_notebook, check_prose, cut_amounts
from smartkorea import tables
from smartkorea.errors import SmartKoreaError, TableDataError

# --------------------------------------------------------------------------- helpers


class _Cells(HTMLParser):
    """The caption, header texts and body rows of the one table in a page."""

    def __init__(self):
        super().__init__()
        self.caption, self.head, self.rows = "", [], []
        self._where = None
        self._cell = None
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._where = "caption"
        elif tag == "thead":
            self._where = "head"
        elif tag == "tbody":
            self._where = "body"
        elif tag == "tr" and self._where == "body":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            (self.head if self._where == "head" else self.rows[-1]).append(text)
            self._cell = None
        elif tag == "caption":
            self._where = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._where == "caption":
            self.caption += data


def cells(styler) -> _Cells:
    parser = _Cells()
    parser.feed(styler._repr_html_())
    return parser


def column(parsed: _Cells, label: str) -> list[str]:
    i = parsed.head.index(label)
    return [row[i] for row in parsed.rows]


# --------------------------------------------------------------------------- money, numbers


def test_money_is_written_like_the_prose_and_the_currency_column_goes():
    df = sk.load("programmes")[["programme", "amount", "currency", "source_id"]]
    parsed = cells(tables.reader_table(df, caption="Programmes and their money"))
    assert parsed.head == ["Programme", "Amount", "Source"]
    amounts = dict(zip(column(parsed, "Programme"), column(parsed, "Amount")))
    row = df[df["programme"].str.contains("intelligence-technology R&D")].iloc[0]
    assert (row["amount"], row["currency"]) == (2.2e12, "KRW")  # the data this test relies on
    assert amounts[row["programme"]] == "₩2.2tn"
    for amount, currency, shown in zip(df["amount"], df["currency"], column(parsed, "Amount")):
        assert shown == ("–" if pd.isna(amount) else sk.format_money(amount, currency))


def test_mixed_money_column_writes_non_money_rows_as_plain_numbers():
    claims = sk.load("claims")[["claim", "stated_value", "stated_currency", "stated_unit"]]
    parsed = cells(tables.reader_table(claims, caption="The article's figures"))
    shown = column(parsed, "Stated value")
    sensors = claims.index[claims["stated_unit"] == "sensors"][0]
    assert claims.loc[sensors, "stated_value"] == 50000
    assert shown[sensors] == "50,000"
    gbp = claims.index[claims["stated_currency"] == "GBP"][0]
    assert shown[gbp].startswith("£") and shown[gbp][-1] in "mn"


def test_years_have_no_separator_and_counts_do():
    df = sk.load("researchers").query("measure == 'researchers_headcount'")[["country", "year", "value", "unit"]]
    assert df["value"].max() >= 1000
    parsed = cells(tables.reader_table(df, caption="Researchers, headcount"))
    assert parsed.head == ["Country", "Year", "Value, persons (headcount)"]
    assert all(re.fullmatch(r"(19|20)\d\d", y) for y in column(parsed, "Year"))
    values = column(parsed, "Value, persons (headcount)")
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", v) for v in values), values[:5]
    assert sorted(int(v.replace(",", "")) for v in values) == sorted(int(v) for v in df["value"])


def test_percent_columns_and_a_percent_unit_column():
    df = sk.load("mobile_5g").query("unit == 'percent'")[["country", "period", "indicator", "value", "unit"]]
    parsed = cells(tables.reader_table(df, caption="5G share"))
    assert "Unit" not in parsed.head and "Value" in parsed.head
    shown = column(parsed, "Value")
    assert all(v.endswith("%") for v in shown)
    assert shown == [sk.format_pct(v) for v in df["value"]]
    # and named explicitly, with fixed decimals
    rd = sk.load("rd_intensity").head(5)[["country", "year", "value"]]
    parsed = cells(tables.reader_table(rd, caption="R&D", pct="value", decimals={"value": 2},
                                       labels={"value": "R&D spending, % of GDP"}))
    assert column(parsed, "R&D spending, % of GDP") == [f"{v:.2f}%" for v in rd["value"]]


def test_float_columns_share_their_decimals():
    rd = sk.load("rd_intensity").head(30)[["country", "year", "value"]]
    parsed = cells(tables.reader_table(rd, caption="R&D", units={"value": "% of GDP"}))
    shown = column(parsed, "Value (% of GDP)")
    decimals = {len(v.split(".")[1]) if "." in v else 0 for v in shown}
    assert len(decimals) == 1
    assert [float(v) for v in shown] == pytest.approx(list(rd["value"]), abs=1e-4)


# --------------------------------------------------------------------------- missing, cut, index


@pytest.mark.parametrize(
    "name", ["programmes", "claims", "pilot_cities", "rd_intensity", "milestones", "countries", "gdp"]
)
def test_real_tables_show_no_missing_marker_or_cut_cell(name):
    df = sk.load(name)
    styler = tables.reader_table(df, caption=f"Every row of {name}", links=True)
    html = styler._repr_html_()
    parsed = cells(styler)
    assert len(parsed.rows) == len(df)
    problems = [p for p in check_html(html) if "missing value" in p or "cut with" in p]
    assert problems == [], problems
    text = [c for row in parsed.rows for c in row]
    assert not {"nan", "NaN", "None", "<NA>", "NaT", ""} & set(text)
    if df.isna().any().any():
        assert "–" in text


def test_two_hundred_rows_are_all_there_and_long_text_is_whole():
    df = sk.load("rd_intensity").head(200)[["country", "year", "value", "vintage", "note"]]
    styler = tables.reader_table(df, caption="Two hundred rows")
    html = styler._repr_html_()
    parsed = cells(styler)
    assert len(parsed.rows) == 200
    assert "..." not in html and "…" not in html
    longest = max(df["note"].dropna(), key=len)
    assert len(longest) > 80
    assert longest in [c for row in parsed.rows for c in row]
    assert "white-space: normal" in html and "max-width" in html


def test_the_whole_sources_table_with_links_named_by_host():
    src = sk.load("sources")
    assert len(src) > 186
    styler = tables.reader_table(src[["publisher", "title", "published", "url"]], caption="Sources")
    parsed = cells(styler)
    assert len(parsed.rows) == len(src)
    assert parsed.links == [u for u in src["url"] if isinstance(u, str) and u.startswith("http")]
    shown = column(parsed, "Link")
    assert shown[0] == "iso.org" and src["url"].iloc[0] == "https://www.iso.org/iso-3166-country-codes.html"
    # titles by the title convention: the "[descriptive]" mark becomes a note after the text, and
    # our descriptions (not headlines) are in the readers' units
    from smartkorea.citations import DESCRIPTION_NOTE
    from smartkorea.text import plain_english
    expected = [(plain_english(t.removeprefix("[descriptive] ")) + " " + DESCRIPTION_NOTE
                 if t.startswith("[descriptive] ") else t)
                if isinstance(t, str) else "–" for t in src["title"]]
    shown_titles = column(parsed, "Title")
    assert [a for a, b in zip(shown_titles, expected) if a != b and "[" not in b and not b.startswith("(")] == []
    assert sum(DESCRIPTION_NOTE in t for t in shown_titles) >= sum(t.startswith("[descriptive]") for t in src["title"])
    assert not any("[descriptive]" in t for t in shown_titles)


def test_booleans_and_units_in_words():
    countries = sk.load("countries")
    parsed = cells(tables.reader_table(countries[["country", "oecd_member"]], caption="Members"))
    assert set(column(parsed, "OECD member")) <= {"Yes", "No", "–"}
    kor = list(countries["country"]).index("KOR")
    assert column(parsed, "OECD member")[kor] == "Yes"
    ties = sk.load("uk_korea_ties")[["indicator", "value", "unit"]]
    assert ties["unit"].nunique() > 1 and "percent" in set(ties["unit"])
    units = column(cells(tables.reader_table(ties, caption="Ties")), "Unit")
    assert "%" in units and "percent" not in units


def test_render_limits_do_not_cut_a_table():
    df = sk.load("rd_intensity").head(200)[["country", "year", "value"]]
    with pd.option_context("styler.render.max_elements", 50, "styler.render.max_rows", 10):
        styler = tables.reader_table(df, caption="Small limits")
        parsed = cells(styler)
        html = styler.to_html()
    assert len(parsed.rows) == 200
    assert html.count("<tr>") == 201 and "..." not in html


def test_index_shown_only_when_it_means_something():
    df = sk.load("gdp").query("year >= 2020")[["country", "year", "amount", "currency"]]
    parsed = cells(tables.reader_table(df, caption="GDP"))
    assert parsed.head == ["Country", "Year", "Amount"]  # the filtered 0..n index is gone
    named = df.set_index("year")
    parsed = cells(tables.reader_table(named, caption="GDP by year"))
    assert parsed.head == ["Year", "Country", "Amount"]
    parsed = cells(tables.reader_table(named, caption="GDP by year", index=False))
    assert parsed.head == ["Country", "Amount"]


# --------------------------------------------------------------------------- ids to names


def test_codes_and_source_ids_become_names():
    countries = sk.load("countries").set_index("country")["short_name"]
    df = sk.load("rd_intensity").query("country in ['KOR', 'GBR'] and year == 2019")
    df = df[["country", "year", "value", "source_id"]]
    styler = tables.reader_table(df, caption="R&D in 2019", links=True)
    parsed = cells(styler)
    assert set(column(parsed, "Country")) == {countries["KOR"], countries["GBR"]}
    src = sk.load("sources").set_index("source_id")
    for sid, shown in zip(df["source_id"], column(parsed, "Source")):
        publisher = src.loc[sid, "publisher"].split(" (")[0]
        assert shown.startswith(publisher) and sid not in shown
    assert set(parsed.links) <= set(src["url"]) and parsed.links
    assert check_html(styler._repr_html_()) == []


def test_dataset_names_become_titles_and_snake_ids_words():
    df = pd.DataFrame({"dataset": ["rd_intensity", "gdp, fx_rates"],
                       "indicator": ["fibre_share_of_fixed_broadband_oecd", "egdi_index"]})
    parsed = cells(tables.reader_table(df, caption="Datasets"))
    assert column(parsed, "Dataset")[0] == sk.describe("rd_intensity")["title"]
    assert sk.describe("fx_rates")["title"] in column(parsed, "Dataset")[1]
    assert column(parsed, "Indicator") == ["Fibre share of fixed broadband OECD", "EGDI index"]


def test_source_ids_inside_notes_become_names():
    note = pd.DataFrame({"note": ["Membership per OECD_MEMBERS (see there)"]})
    parsed = cells(tables.reader_table(note, caption="A note"))
    (shown,) = column(parsed, "Note")
    assert "OECD_MEMBERS" not in shown and "OECD" in shown


# --------------------------------------------------------------------------- labels


def test_labels_defaults_units_and_overrides():
    assert tables.label("source_id") == "Source"
    assert tables.label("evidence_year") == "Evidence year"
    assert tables.label("gdp_year") == "GDP year"
    assert tables.label("value", "% of GDP") == "Value (% of GDP)"
    assert tables.label("value", "persons (headcount)") == "Value, persons (headcount)"
    assert tables.humanize("top10_exporters_share_of_exports") == "Top 10 exporters share of exports"
    assert tables.humanize("As of") == "As of"
    df = sk.load("smart_city_budget")[["year", "budget_line", "amount", "currency"]]
    parsed = cells(tables.reader_table(df, caption="Budget", labels={"budget_line": "Line"}))
    assert parsed.head == ["Year", "Line", "Amount"]
    assert not any(re.search(r"[a-z]_[a-z]", h) for h in parsed.head)


# --------------------------------------------------------------------------- html


def test_html_is_the_same_on_every_call_and_ids_come_from_the_caption():
    df = sk.load("claims")
    one = tables.reader_table(df, caption="The article's claims")._repr_html_()
    two = tables.reader_table(df.copy(), caption="The article's claims")._repr_html_()
    assert one == two
    ids = set(re.findall(r'id="([^"]+)"', one))
    assert len(ids) == 1 and "claims" in ids.pop()
    other = tables.reader_table(df, caption="Claims again")._repr_html_()
    assert re.findall(r'id="([^"]+)"', other) != re.findall(r'id="([^"]+)"', one)
    fixed = tables.reader_table(df, caption="The article's claims", table_id="claims-table")
    assert 'id="T_claims-table"' in fixed.to_html()


def test_plain_text_form_has_no_memory_address():
    styler = tables.reader_table(sk.load("gdp"), caption="GDP of Korea")
    assert " at 0x" not in repr(styler)
    assert repr(styler).startswith("Table: GDP of Korea")


def test_every_value_label_and_caption_is_escaped():
    evil = "<script>alert('x')</script>"
    df = pd.DataFrame({"city": [evil, "Busan & Sejong"], evil: ["a", "b"],
                       "url": ["javascript:alert(1)", "https://example.org/a?b=1&c=2"]})
    html = tables.reader_table(df, caption=f"Cities {evil}")._repr_html_()
    assert "<script" not in html
    assert "&lt;script&gt;" in html and "Busan &amp; Sejong" in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "href" not in html.split("javascript:alert(1)")[0].rsplit("<td", 1)[1]  # text, not a link
    assert re.findall(r'href="([^"]*)"', html) == ["https://example.org/a?b=1&amp;c=2"]


def test_import_is_lazy_and_needs_no_matplotlib():
    code = ("import sys, smartkorea as sk; from smartkorea import tables; "
            "tables.reader_table(sk.load('gdp'), caption='x');"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "frame", "words"),
    [
        ({"caption": ""}, pd.DataFrame({"a": [1]}), ["caption"]),
        ({"caption": "x"}, [1, 2], ["DataFrame", "list"]),
        ({"caption": "x", "pct": "share"}, pd.DataFrame({"a": [1]}), ["'share'", "pct"]),
        ({"caption": "x"}, pd.DataFrame({"country": ["KOR", "XXX"]}), ["row 2", "'country'", "'XXX'"]),
        ({"caption": "x"}, pd.DataFrame({"source_id": ["NOT_A_SOURCE"]}), ["row 1", "sources.csv", "NOT_A_SOURCE"]),
        ({"caption": "x"}, pd.DataFrame({"dataset": ["rd_intensty"]}), ["row 1", "dataset", "rd_intensty"]),
        ({"caption": "x"}, pd.DataFrame({"amount": [1.0], "currency": ["pounds"]}), ["row 1", "ISO 4217"]),
        ({"caption": "x", "table_id": "has space"}, pd.DataFrame({"a": [1]}), ["table_id"]),
        ({"caption": "x", "width": "1em} body {x"}, pd.DataFrame({"a": [1]}), ["CSS length"]),
        ({"caption": "x"}, pd.DataFrame({"year": [2019.5]}), ["row 1", "'year'", "whole year"]),
    ],
)
def test_bad_input_raises_a_named_error(kwargs, frame, words):
    with pytest.raises(TableDataError) as info:
        tables.reader_table(frame, **kwargs)
    assert isinstance(info.value, SmartKoreaError) and isinstance(info.value, ValueError)
    for word in words:
        assert word in str(info.value)


# --------------------------------------------------------------------------- the checkers


@pytest.mark.parametrize(
    "text",
    ['reports "up to GBP 1", so the shares', "worth up to £1.", "a fund of ₩3", "(£12)",
     "about $2.bn in all", "it cost USD 941."],
)
def test_cut_amounts_found(text):
    assert cut_amounts(text)


@pytest.mark.parametrize(
    "text",
    ["up to £1.2m.", "₩3.7tn.", "a grant of £2,400.", "GBP 1.2 million", "£5 notes",
     "£1 in every £5 spent here", "4.9%.", "in 2019.", "£941m", "up to GBP 1.2m (DCMS)"],
)
def test_cut_amounts_not_found(text):
    assert cut_amounts(text) == []


def test_prose_checks():
    assert check_prose("The scorecard lacks fibre_share, egov_index.") == [
        "snake_case id shown as text: 'fibre_share'", "snake_case id shown as text: 'egov_index'"]
    assert any("C0_BLOOMBERG_2019" in p for p in check_prose("Source: C0_BLOOMBERG_2019."))
    assert [p for p in check_prose("no data for CAN, ITA") if "country code" in p] == [
        "raw country code in prose: 'CAN'", "raw country code in prose: 'ITA'"]
    assert any("50000" in p for p in check_prose("about 50000 sensors"))
    assert any("NaN" in p for p in check_prose("a value of NaN"))
    clean = ("None of these can be set against another: South Korea spent 4.9% of GDP, "
             "₩3.7tn in 2019, about 50,000 sensors; see https://example.org/some_page_id and the "
             "OECD, the UK and the MSIT (smart-city data, 2019-07-05).")
    assert check_prose(clean) == []


def test_cell_checks():
    assert check_cell("I-Korea 4.0 intelligence-technology R&D to 202...")
    assert check_cell("a title cut…")
    for missing in ("NaN", "None", "<NA>", "nan"):
        assert check_cell(missing)
    assert check_cell("KOR") and check_cell("funds_sejong_spc_partner_2020")
    assert check_cell("IKOREA_YONHAP_20171130")
    for fine in ("South Korea", "₩2.2tn", "2019", "4.9%", "–", "Yonhap, Nov 2017", "50,000"):
        assert check_cell(fine) == [], fine


def test_cited_titles_are_checked_for_cuts_only():
    title = "Seoul to install 50000 IoT sensors"
    assert check_cell(title)  # as plain text the number breaks the house style
    assert check_cell(title, verbatim=title) == []  # quoted as written: fine
    assert check_cell("A cut title ...", verbatim="A cut title ...")
    page = f"<table><tr><td><cite>{title}</cite></td><td>about 50000</td></tr></table><p><cite>X_Y</cite></p>"
    assert check_html(page) == ["number without thousands separators in a table: '50000'"]
    src = sk.load("sources")
    row = src[src["title"].str.contains("50000", na=False)].head(1)
    assert len(row) == 1
    html = tables.reader_table(row[["publisher", "title"]], caption="A source").to_html()
    assert "<cite>" in html and check_html(html) == []


def test_html_checker_reads_cells_and_prose_but_not_code():
    page = """<html><head><title>rd_intensity</title><style>.a_b { color: red }</style></head>
    <body><div class="jp-InputArea"><pre>sk.load("rd_intensity")</pre></div>
    <p>Korea leads; <code>fibre_share</code> is code. Up to <b>£1</b>.</p>
    <table><thead><tr><th>source_id</th></tr></thead>
    <tbody><tr><td>I-Korea to 202...</td></tr><tr><td>NaN</td></tr></tbody></table></body></html>"""
    problems = check_html(page)
    assert problems == [
        "snake_case id shown in a table: 'source_id'",
        "table cell cut with an ellipsis: 'I-Korea to 202...'",
        "table cell shows a missing value as 'NaN'",
        "amount cut at its decimal point: '£1'",
    ]


def test_notebook_checker(tmp_path):
    table = tables.reader_table(sk.load("gdp"), caption="GDP")
    nb = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Korea\n", "Uses `rd_intensity`."]},
            {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "x_y = 1",
             "outputs": [
                 {"output_type": "display_data", "metadata": {},
                  "data": {"text/html": table._repr_html_(), "text/plain": repr(table)}},
                 {"output_type": "display_data", "metadata": {},
                  "data": {"image/png": "iVBOR", "text/plain": "<Figure at 0x1 with_axes>"}},
             ]},
            {"cell_type": "code", "metadata": {}, "execution_count": 2, "source": "print()",
             "outputs": [
                 {"output_type": "stream", "name": "stdout", "text": "Table 'rd_intensity'\n"},
                 {"output_type": "display_data", "metadata": {},
                  "data": {"text/markdown": "no data for CAN", "text/plain": "<IPython.Markdown>"}},
             ]},
        ],
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert check_notebook(path) == [
        "cell 2: snake_case id shown as text: 'rd_intensity'",
        "cell 2: raw country code in prose: 'CAN'",
    ]


def test_free_text_is_written_in_the_readers_units_as_the_prose_is():
    calls = sk.load("pilot_city_status")
    raw = calls[calls["description"].astype(str).str.contains(r"KRW \d", regex=True)]
    assert not raw.empty  # the data this test relies on: descriptions written in source notation
    parsed = cells(tables.reader_table(raw[["city", "description"]], caption="What happened"))
    shown = column(parsed, "Description")
    assert all("KRW" not in s for s in shown)
    assert all("₩" in s for s in shown)
    assert shown == [sk.text.plain_english(d) for d in raw["description"]]
