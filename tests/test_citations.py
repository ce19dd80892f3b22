"""citations: the one reader of source-id lists and the one publisher shortener."""

from __future__ import annotations

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


def test_short_publisher_cuts_long_names_to_an_acronym_or_an_ellipsis():
    long = "Organisation for Economic Co-operation and Development (OECD)"
    assert citations.short_publisher(long) == "OECD"
    cut = citations.short_publisher("An Extremely Long Publisher Name With Many Words In It Indeed")
    assert cut.endswith("…") and len(cut) <= citations.MAX_PUBLISHER
    assert citations.short_publisher(long, None) == "Organisation for Economic Co-operation and Development"
    with pytest.raises(ValueError, match="style"):
        citations.short_publisher("X", style="loud")


def test_source_label_and_reference_lines():
    assert citations.source_label("X", "Sky News (mirror)", "2019-06-10") == "Sky News, Jun 2019"
    assert citations.source_label("X", "Statistics Korea", "2021") == "Statistics Korea, 2021"
    assert citations.source_label("X", "Statistics Korea", None) == "Statistics Korea, n.d."
    assert citations.source_label("THE_ID", None, "2020-01") == "THE_ID, Jan 2020"
    assert citations.reference("Sky News", "2019-06-10", "Title", "https://e.x") == \
        "- Sky News (2019-06-10). Title. https://e.x"
    assert citations.reference("Sky News", None, "Title", "https://e.x") == "- Sky News. Title. https://e.x"


def test_source_label_of_a_row_in_the_package():
    row = sk.sources().set_index("source_id").loc["sky_20190610"]
    assert markets.source_label("sky_20190610") == citations.source_label(
        "sky_20190610", row["publisher"], row["published"])
