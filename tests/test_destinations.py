"""destinations: the stated rule (economies, year rules, weights), reading the peer tables like
with like, the composite, its rank spread, and where Korea is not the best choice."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartkorea import destinations as ds
from smartkorea import scorecard as sc


def _raw(name: str) -> list[dict]:
    import smartkorea as sk
    with open(Path(sk.data_dir()) / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _gii(year: int | None = None) -> dict[tuple[str, int], float]:
    """Global Innovation Index ranks from both tables that hold them: (country, edition) -> rank."""
    out = {(r["country"], int(r["year"])): float(r["value"]) for r in _raw("innovation_rankings")
           if r["ranking"] == "global_innovation_index" and r["measure"] == "rank"}
    out.update({(r["country"], int(r["year"])): float(r["value"]) for r in _raw("peer_indicators")
                if r["indicator"] == "gii_rank"})
    return {k: v for k, v in out.items() if year is None or k[1] == year}


def _cities(edition: int) -> list[tuple[str, str, int]]:
    """IMD Smart City Index (country, city, rank) of one edition from both tables that hold them."""
    rows = {(r["country"], r["city"], int(r["rank"])) for r in _raw("peer_smart_city_ranks")
            if int(r["edition"]) == edition}
    rows |= {(r["country"], r["city"], int(float(r["value"]))) for r in _raw("smart_city_rankings")
             if r["ranking"] == "imd_smart_city_index" and r["measure"] == "rank" and int(r["year"]) == edition}
    return sorted(rows)


@pytest.fixture(scope="module")
def real():
    return ds.indicator_values()


# --------------------------------------------------------------------------- the rule


def test_the_rule_covers_ten_or_more_economies_with_the_uk_and_singapore():
    assert len(ds.ECONOMIES) >= 10 and len(set(ds.ECONOMIES)) == len(ds.ECONOMIES)
    assert {"KOR", "GBR", "SGP", "JPN", "CHN", "USA", "DEU", "ISR"} <= set(ds.ECONOMIES)
    assert ds.ECONOMIES[0] == "KOR"
    for m in ds.INDICATORS:
        assert m.weight >= 0 and m.years in ("latest", "edition")
        # ranks are lower-is-better, everything else higher-is-better
        assert m.higher_is_better == (m.unit != "rank"), m.key


def test_rule_table_states_weights_and_years_before_any_result(real):
    _, _, prov = real
    table = ds.rule(prov)
    assert list(table["Indicator"]) == [m.label for m in ds.INDICATORS]
    assert table["Weight (%)"].sum() == pytest.approx(100)
    for m, years in zip(ds.INDICATORS, table["Years"]):
        assert years.endswith("edition") == (m.years == "edition"), (m.key, years)
    assert not table.isna().any().any()


# --------------------------------------------------------------------------- reading


def test_values_are_the_published_rows_of_the_year_shown(real):
    values, years, _ = real
    rows = {(r["country"], r["indicator"], int(r["year"])): float(r["value"])
            for r in _raw("peer_indicators")}
    rows.update({(c, "gii_rank", y): v for (c, y), v in _gii().items()})
    checked = 0
    for key in values.columns:
        if key == "smart_city_rank":
            continue
        for c in values.index:
            if pd.notna(values.at[c, key]):
                assert rows[(c, key, int(years.at[c, key]))] == values.at[c, key]
                checked += 1
    assert checked > 50


def test_latest_rule_takes_each_economys_own_latest_year(real):
    values, years, prov = real
    rows = [r for r in _raw("peer_indicators") if r["indicator"] == "researchers_per_million"]
    for c in ("SGP", "KOR"):
        mine = [r for r in rows if r["country"] == c]
        newest = max(mine, key=lambda r: int(r["year"]))
        assert years.at[c, "researchers_per_million"] == int(newest["year"])
        assert values.at[c, "researchers_per_million"] == float(newest["value"])
    # the UK's series ends years before the others': its last value is not set beside theirs
    top = max(int(r["year"]) for r in rows)
    gbr = max(int(r["year"]) for r in rows if r["country"] == "GBR")
    assert gbr < top - ds.MAX_LAG
    assert pd.isna(values.at["GBR", "researchers_per_million"])
    # Israel has no researchers series: a gap, not a filled value
    assert not any(r["country"] == "ISR" for r in rows)
    assert pd.isna(values.at["ISR", "researchers_per_million"])
    p = prov.set_index("key").loc["researchers_per_million"]
    assert "ISR" in p["missing"].split(";") and p["first_year"] < p["last_year"]
    assert p["too_old"] == "GBR" and "GBR" in p["missing"].split(";")
    assert p["last_year"] - p["first_year"] <= ds.MAX_LAG


def test_rankings_come_from_one_edition_for_every_economy(real):
    _, years, prov = real
    for m in ds.INDICATORS:
        if m.years == "edition":
            used = years[m.key].dropna().unique()
            assert len(used) == 1, (m.key, used)
            assert int(used[0]) == prov.set_index("key").at[m.key, "edition"]


def test_korea_from_the_package_ranking_table_fills_the_panel_edition_and_leaving_it_out_moves_it(data_copy):
    panel = [r for r in _raw("peer_indicators") if r["indicator"] == "gii_rank"]
    newest = max(int(r["year"]) for r in panel)
    assert not any(r["country"] == "KOR" and int(r["year"]) == newest for r in panel)
    own = _gii(newest)[("KOR", newest)]  # the package's own table ranks Korea in that edition
    values, years, _ = ds.indicator_values(data=data_copy)
    assert years.at["KOR", "gii_rank"] == newest and values.at["KOR", "gii_rank"] == own
    assert years["gii_rank"].dropna().eq(newest).all()
    # without Korea's row that edition lacks Korea: the older edition is used for everyone
    path = data_copy / "innovation_rankings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith(f"global_innovation_index,KOR,{newest},rank,")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    _, years, _ = ds.indicator_values(data=data_copy)
    assert years.at["KOR", "gii_rank"] < newest
    assert years["gii_rank"].dropna().eq(years.at["KOR", "gii_rank"]).all()


def test_a_ranking_table_that_contradicts_the_panel_is_refused_with_file_row_and_column(data_copy):
    from smartkorea.errors import DataValidationError
    path = data_copy / "innovation_rankings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.startswith("global_innovation_index,SGP,2025,rank,5,"))
    lines[at] = lines[at].replace(",rank,5,", ",rank,7,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        ds.indicator_values(data=data_copy)
    assert err.value.file == "innovation_rankings.csv" and err.value.row == at + 1
    assert err.value.column == "value" and err.value.found == "7"


def test_smart_city_rank_is_the_best_city_found_in_the_edition(real):
    values, years, prov = real
    edition = int(prov.set_index("key").at["smart_city_rank", "edition"])
    cities = _cities(edition)
    for c in ds.ECONOMIES:
        ranks = [rank for country, _, rank in cities if country == c]
        if ranks:
            assert values.at[c, "smart_city_rank"] == min(ranks)
        else:
            assert pd.isna(values.at[c, "smart_city_rank"])
    named = dict(x.split("=") for x in prov.set_index("key").at["smart_city_rank", "cities"].split(";"))
    assert (("KOR", named["KOR"], values.at["KOR", "smart_city_rank"]) in cities)
    # Seoul's rank is the one the smart-city rankings table gives for that edition
    seoul = [r for r in _raw("smart_city_rankings") if r["city"] == "Seoul"
             and r["ranking"] == "imd_smart_city_index" and int(r["year"]) == edition]
    assert seoul and values.at["KOR", "smart_city_rank"] == float(seoul[0]["value"])


def test_two_releases_of_one_year_are_refused_not_silently_picked():
    fibre = [r for r in _raw("peer_indicators") if r["indicator"] == "fibre_share" and r["country"] == "KOR"]
    assert len({r["year"] for r in fibre}) < len(fibre)  # the data hold two 2024 releases
    m = ds.Measure("fibre_share", "Fibre", "%", True, "latest")
    with pytest.raises(ValueError, match="several values for KOR"):
        ds.indicator_values([m], ["KOR", "FIN"])


@pytest.mark.parametrize("bad, match", [
    ([ds.INDICATORS[0], ds.INDICATORS[0]], "unique"),
    ([ds.Measure("gdp_growth", "Growth", "%", True, "latest")], "Unknown indicator"),
    ([ds.Measure("rd_intensity", "R&D", "%", True, "newest")], "years must be"),
    ([ds.Measure("rd_intensity", "R&D", "%", True, "latest", weight=-1)], "weight"),
])
def test_bad_rules_are_refused(bad, match):
    with pytest.raises(ValueError, match=match):
        ds.indicator_values(bad)


def test_economies_must_be_distinct():
    with pytest.raises(ValueError, match="distinct"):
        ds.indicator_values(economies=["KOR", "KOR"])


# --------------------------------------------------------------------------- scoring

MEASURES = (
    ds.Measure("a", "A", "%", True, "latest"),
    ds.Measure("b", "B", "rank", False, "edition"),
    ds.Measure("c", "C", "%", True, "latest"),
)


@pytest.fixture
def toy() -> pd.DataFrame:
    return pd.DataFrame(
        {"a": [9.0, 5.0, 1.0, 4.0], "b": [1.0, 3.0, 2.0, np.nan], "c": [8.0, 2.0, 6.0, 7.0]},
        index=pd.Index(["X", "Y", "Z", "W"], name="country"),
    )


def test_an_economy_best_everywhere_ranks_first_in_every_test(toy):
    table = ds.ranking(toy, MEASURES)
    assert table.iloc[0]["country"] == "X"
    assert table.set_index("country").at["W", "n_indicators"] == 2  # the gap is not filled
    spread = ds.rank_spread(toy, MEASURES, draws=200, seed=1)
    x = spread[(spread["country"] == "X") & (spread["rank"] == 1)]
    # first in every scenario except the one that drops X itself (X is not counted there)
    assert x.set_index("test")["share"].to_dict() == {
        "random weights": 1.0, "one indicator left out": 1.0, "one economy left out": 1.0}


def test_rank_spread_shares_add_up_and_are_seeded(toy):
    a = ds.rank_spread(toy, MEASURES, draws=300, seed=5)
    b = ds.rank_spread(toy, MEASURES, draws=300, seed=5)
    pd.testing.assert_frame_equal(a, b)
    sums = a.groupby(["test", "country"])["share"].sum()
    assert np.allclose(sums, 1.0)
    assert set(a["test"]) == {"random weights", "one indicator left out", "one economy left out"}
    weights = a[a["test"] == "random weights"].drop(columns="test").reset_index(drop=True)
    direct = sc.rank_distribution(toy, {m.key: m.higher_is_better for m in MEASURES}, draws=300,
                                  seed=5, missing="available")
    pd.testing.assert_frame_equal(weights, direct[["country", "rank", "share"]])


def test_weights_change_the_winner(toy):
    only_c = tuple(ds.Measure(m.key, m.label, m.unit, m.higher_is_better, m.years,
                              weight=1.0 if m.key == "c" else 0.0) for m in MEASURES)
    toy.loc["Z", "c"] = 99.0
    assert ds.ranking(toy, only_c).iloc[0]["country"] == "Z"
    assert ds.ranking(toy, MEASURES).iloc[0]["country"] == "X"


# --------------------------------------------------------------------------- where Korea is not best


def test_where_not_best_lists_who_beats_the_country_in_each_direction(toy):
    years = pd.DataFrame(2024, index=toy.index, columns=toy.columns)
    out = ds.where_not_best(toy, years, MEASURES, country="Y").set_index("key")
    assert out.at["a", "better"] == "X" and out.at["a", "position"] == 2
    assert out.at["b", "better"] == "X;Z" and out.at["b", "position"] == 3  # rank: lower is better
    assert out.at["c", "better"] == "X;W;Z" and out.at["c", "best"] == "X"
    gap = ds.where_not_best(toy, years, MEASURES, country="W").set_index("key")
    assert pd.isna(gap.at["b", "position"]) and gap.at["b", "better"] == ""
    assert gap.at["b", "out_of"] == 3
    with pytest.raises(ValueError, match="not among"):
        ds.where_not_best(toy, years, MEASURES, country="KOR")


def test_korea_is_not_best_on_the_rankings_in_the_real_data(real):
    values, years, _ = real
    out = ds.where_not_best(values, years).set_index("key")
    gii = {c: v for (c, _), v in _gii(int(years.at["KOR", "gii_rank"])).items()}
    ahead = {c for c in ds.ECONOMIES if c in gii and gii[c] < gii["KOR"]}
    assert set(out.at["gii_rank", "better"].split(";")) == ahead and ahead


def test_the_edition_rule_anchors_on_the_first_economy_and_may_skip_newer_editions():
    rows = [r for r in _raw("peer_indicators") if r["indicator"] == "imd_digital_rank"]
    gbr = sorted(int(r["year"]) for r in rows if r["country"] == "GBR")
    newest = max(int(r["year"]) for r in rows)
    assert gbr[-1] < newest  # the UK's newest IMD digital rank is older than the newest edition
    m = next(m for m in ds.INDICATORS if m.key == "imd_digital_rank")
    _, years, prov = ds.indicator_values([m], ["GBR", "KOR", "SGP"])
    assert prov.at[0, "edition"] == gbr[-1] and years.at["GBR", m.key] == gbr[-1]
