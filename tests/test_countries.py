"""countries: codes, names, aggregates and peer sets read from the countries table."""

from __future__ import annotations

import csv

import pytest

from smartkorea import charts, compare, countries
from smartkorea.errors import UnknownPeerSetError


def test_aggregates_are_the_rows_the_table_marks():
    assert countries.aggregates() == {"OED", "EUU", "WLD"}
    assert charts.AGGREGATES == countries.aggregates()


def test_aggregates_follow_the_data(data_copy):
    path = data_copy / "countries.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    new = dict.fromkeys(header, "")
    new.update(country="EAS", name="East Asia & Pacific", short_name="East Asia", kind="aggregate",
               source_id="WB_COUNTRY_CODES")
    rows.append([new[h] for h in header])
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    assert countries.aggregates(data_copy) == {"OED", "EUU", "WLD", "EAS"}
    assert countries.label_for(["EAS", "XYZ"], data_copy) == {"EAS": "East Asia", "XYZ": "XYZ"}


def test_short_names():
    names = countries.short_names()
    assert names["KOR"] == "South Korea"
    assert names["GBR"] == "UK"


def test_check_code():
    assert countries.check_code("KOR") == "KOR"
    for bad in ("kor", "KO", "KORE", 410, None):
        with pytest.raises(ValueError, match="alpha-3"):
            countries.check_code(bad)


def test_peer_sets_and_their_old_home():
    assert compare.peer_set is countries.peer_set
    assert countries.peer_set("G7") == ("CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA")
    assert countries.peer_set("KOR") == ("KOR",)
    oecd = countries.peer_set("oecd")
    assert "KOR" in oecd and "CHN" not in oecd and not set(oecd) & countries.aggregates()
    with pytest.raises(UnknownPeerSetError, match="Did you mean 'core'"):
        countries.peer_set("cor")
