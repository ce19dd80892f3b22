"""scorecard: invariants (scale, dominance), missing-data policies that never fill, weights,
seeded sensitivity, and the default scorecard read from the shipped data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import smartkorea as sk
from smartkorea import scorecard as sc
from conftest import csv_rows as _csv

METHODS = ("minmax", "z")


@st.composite
def tables(draw, min_countries=3, max_countries=8):
    """A complete countries x indicators table of integer-valued floats, with directions."""
    n = draw(st.integers(min_countries, max_countries))
    k = draw(st.integers(2, 5))
    cells = draw(st.lists(st.integers(-1000, 1000), min_size=n * k, max_size=n * k))
    values = pd.DataFrame(np.array(cells, dtype=float).reshape(n, k),
                          index=[f"C{i}" for i in range(n)], columns=[f"i{j}" for j in range(k)])
    directions = {c: draw(st.booleans()) for c in values.columns}
    return values, directions


# ----------------------------------------------------------------------------- invariants


@settings(max_examples=40, deadline=None)
@given(data=tables(), method=st.sampled_from(METHODS), power=st.integers(-8, 8),
       shift=st.integers(-10_000, 10_000), which=st.integers(0, 4))
def test_scaling_an_indicator_exactly_leaves_the_ranking_unchanged(data, method, power, shift, which):
    values, directions = data
    col = values.columns[which % values.shape[1]]
    scaled = values.copy()
    scaled[col] = values[col] * 2.0**power  # exact in binary floating point
    before = sc.score(values, directions, method=method).set_index("country")
    after = sc.score(scaled, directions, method=method).set_index("country")
    pd.testing.assert_series_equal(before["rank"], after["rank"])
    shifted = values.copy()
    shifted[col] = values[col] + shift
    moved = sc.score(shifted, directions, method=method).set_index("country")
    np.testing.assert_allclose(moved["score"], before["score"], atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(data=tables(), method=st.sampled_from(METHODS),
       factor=st.floats(1e-3, 1e3), which=st.integers(0, 4))
def test_scaling_by_any_positive_factor_keeps_scores_and_clear_orderings(data, method, factor, which):
    values, directions = data
    col = values.columns[which % values.shape[1]]
    scaled = values.copy()
    scaled[col] = values[col] * factor
    a = sc.score(values, directions, method=method).set_index("country").sort_index()
    b = sc.score(scaled, directions, method=method).set_index("country").sort_index()
    np.testing.assert_allclose(a["score"], b["score"], atol=1e-9)
    s = a["score"].to_numpy()
    clear = np.abs(s[:, None] - s[None, :]) > 1e-6
    ra, rb = a["rank"].to_numpy(), b["rank"].to_numpy()
    assert ((ra[:, None] < ra[None, :]) == (rb[:, None] < rb[None, :]))[clear].all()


@settings(max_examples=40, deadline=None)
@given(data=tables(), method=st.sampled_from(METHODS), seed=st.integers(0, 2**32 - 1))
def test_a_country_best_on_every_indicator_ranks_first_under_every_draw(data, method, seed):
    values, directions = data
    star = values.index[0]
    for col, higher in directions.items():
        others = values[col].drop(star)
        values.loc[star, col] = others.max() + 1 if higher else others.min() - 1
    out = sc.sensitivity(values, directions, draws=300, seed=seed, method=method)
    row = out.set_index("country").loc[star]
    assert row["share_first"] == 1.0 and row["worst_rank"] == 1
    others = out[out["country"] != star]
    assert (others["share_first"] == 0).all() and (others["best_rank"] >= 2).all()
    assert sc.score(values, directions, method=method)["country"].iloc[0] == star


@settings(max_examples=25, deadline=None)
@given(data=tables(), method=st.sampled_from(METHODS))
def test_all_weight_on_one_indicator_ranks_by_that_indicator(data, method):
    values, directions = data
    col = values.columns[0]
    w = {c: (1.0 if c == col else 0.0) for c in values.columns}
    out = sc.score(values, directions, w, method=method).set_index("country")
    raw = values[col] if directions[col] else -values[col]
    expected = raw.rank(ascending=False, method="min").astype(int)
    pd.testing.assert_series_equal(out["rank"].sort_index(), expected.sort_index(), check_names=False)


# ----------------------------------------------------------------------------- sensitivity


def _small():
    values = pd.DataFrame({"a": [3.0, 2.0, 1.0, 0.0], "b": [0.0, 1.0, 3.0, 2.0], "c": [1.0, 3.0, 0.0, 2.0]},
                          index=["KOR", "JPN", "USA", "DEU"])
    return values, {"a": True, "b": True, "c": True}


def test_sensitivity_is_seeded_and_its_shares_add_up():
    values, directions = _small()
    one = sc.sensitivity(values, directions, draws=500, seed=7)
    two = sc.sensitivity(values, directions, draws=500, seed=7)
    pd.testing.assert_frame_equal(one, two)
    assert one["share_first"].sum() == pytest.approx(1.0)  # no ties in this table
    assert one["share_top3"].sum() == pytest.approx(3.0)
    assert one["share_first"].is_monotonic_decreasing
    assert ((one["share_first"] <= one["share_top3"]) & (one["share_top3"] <= 1)).all()
    assert (one["share_first"] > 0).sum() >= 2  # the weights matter here
    with pytest.raises(ValueError, match="draws"):
        sc.sensitivity(values, directions, draws=0)


# ----------------------------------------------------------------------------- normalisation


def test_normalise_orients_and_handles_constants_and_gaps():
    values = pd.DataFrame({"rank": [1.0, 5.0, 3.0], "const": [2.0, 2.0, 2.0], "gap": [1.0, np.nan, 3.0]},
                          index=["A", "B", "C"])
    dirs = {"rank": False, "const": True, "gap": True}
    mm = sc.normalise(values, dirs, "minmax")
    assert list(mm["rank"]) == [1.0, 0.0, 0.5]
    assert list(mm["const"]) == [0.5, 0.5, 0.5]
    assert mm.loc["A", "gap"] == 0.0 and np.isnan(mm.loc["B", "gap"]) and mm.loc["C", "gap"] == 1.0
    z = sc.normalise(values, dirs, "z")
    assert z["rank"].mean() == pytest.approx(0) and z.loc["A", "rank"] > 0
    assert (z["const"] == 0).all()
    with pytest.raises(ValueError, match="normalisation"):
        sc.normalise(values, dirs, "rank")
    with pytest.raises(ValueError, match="direction"):
        sc.normalise(values, {"rank": False})


# ----------------------------------------------------------------------------- missing data


GAPPY = pd.DataFrame(
    {"x": [1.0, 2.0, 3.0, np.nan], "y": [3.0, np.nan, 1.0, np.nan], "z": [2.0, 2.5, 1.0, np.nan]},
    index=["KOR", "JPN", "USA", "ITA"],
)
UP = {"x": True, "y": True, "z": True}


def test_drop_country_lists_what_each_country_lacks():
    kept, countries, indicators = sc.apply_missing(GAPPY, "drop_country")
    assert list(kept.index) == ["KOR", "USA"] and indicators == {}
    assert countries == {"JPN": ["y"], "ITA": ["x", "y", "z"]}
    assert set(sc.score(GAPPY, UP)["country"]) == {"KOR", "USA"}


def test_drop_indicator_drops_columns_but_not_countries_with_data():
    kept, countries, indicators = sc.apply_missing(GAPPY, "drop_indicator")
    assert list(kept.columns) == ["x", "z"] and indicators == {"y": ["JPN"]}
    assert countries == {"ITA": ["x", "y", "z"]}


def test_available_scores_each_country_on_what_it_has_and_never_fills():
    before = GAPPY.copy()
    out = sc.score(GAPPY, UP, missing="available").set_index("country")
    assert out.loc["JPN", "n_indicators"] == 2 and out.loc["KOR", "n_indicators"] == 3
    norm = sc.normalise(GAPPY.drop(index="ITA"), UP)
    assert out.loc["JPN", "score"] == pytest.approx(norm.loc["JPN", ["x", "z"]].mean())
    assert "ITA" not in out.index
    pd.testing.assert_frame_equal(GAPPY, before)  # the input is untouched, gaps included


def test_raise_and_unknown_policies():
    with pytest.raises(ValueError, match="JPN"):
        sc.score(GAPPY, UP, missing="raise")
    with pytest.raises(ValueError, match="policy"):
        sc.score(GAPPY, UP, missing="fill")
    with pytest.raises(ValueError, match="Nothing left"):
        sc.score(GAPPY[["y"]].loc[["JPN", "ITA"]], UP)


def test_weights_are_checked():
    values, directions = _small()
    with pytest.raises(ValueError, match="unknown"):
        sc.score(values, directions, {"a": 1, "b": 1, "c": 1, "d": 1})
    with pytest.raises(ValueError, match="No weight"):
        sc.score(values, directions, {"a": 1, "b": 1})
    with pytest.raises(ValueError, match=">= 0"):
        sc.score(values, directions, {"a": 1, "b": -1, "c": 1})
    equal = sc.score(values, directions)
    scaled = sc.score(values, directions, {"a": 5, "b": 5, "c": 5})
    pd.testing.assert_frame_equal(equal, scaled)


# ----------------------------------------------------------------------------- real data


def test_default_scorecard_is_honest_about_years_vintages_and_gaps():
    card = sc.build()
    prov = card.indicators.set_index("key")
    assert list(prov.index) == [i.key for i in sc.INDICATORS]
    assert list(prov["year"]) == [i.year for i in sc.INDICATORS]
    # raw values are the CSV's own, NaN where the data have none
    kor = {r["year"]: float(r["value"]) for r in _csv("rd_intensity")
           if r["country"] == "KOR" and r["vintage"] == prov.loc["rd_intensity", "vintage"]}
    assert card.values.loc["KOR", "rd_intensity"] == kor["2021"]
    egdi = {r["country"] for r in _csv("egov_ict_indices")
            if r["indicator"] == "egdi_index" and r["year"] == "2022"}
    for country in card.values.index:
        assert np.isnan(card.values.loc[country, "egov_index"]) == (country not in egdi)
    # every country not scored is listed with what it lacks; those scored lack nothing
    scored = set(card.scores["country"])
    assert scored | set(card.excluded) == set(card.values.index)
    assert not card.values.loc[sorted(scored)].isna().any().any()
    text = card.summary()
    for country in card.excluded:
        assert country in text
    for ind in sc.INDICATORS:
        assert str(ind.year) in text
    sens = card.sensitivity(draws=200, seed=1)
    assert set(sens["country"]) == scored


def test_default_scorecard_under_the_available_policy_reports_coverage():
    card = sc.build(missing="available")
    have = card.values.notna().sum(axis=1)
    got = card.scores.set_index("country")["n_indicators"]
    assert (got == have.loc[got.index]).all()
    assert set(card.excluded) == set(have[have == 0].index)


def test_bad_indicator_definitions():
    bad = sc.Indicator("x", "x", "rd_intensity", 2021, True, "%", (("measure", "nope"),))
    with pytest.raises(ValueError, match="no column"):
        sc.indicator_table([bad])
    dup = sc.INDICATORS[0]
    with pytest.raises(ValueError, match="unique"):
        sc.indicator_table([dup, dup])


# ----------------------------------------------------------------------------- robustness helpers


def test_rank_distribution_agrees_with_sensitivity():
    values, directions = _small()
    dist = sc.rank_distribution(values, directions, draws=300, seed=7)
    sens = sc.sensitivity(values, directions, draws=300, seed=7).set_index("country")
    n = len(values)
    assert len(dist) == n * n
    assert list(dict.fromkeys(dist["country"])) == list(sens.index)
    for country, part in dist.groupby("country", sort=False):
        assert list(part["rank"]) == list(range(1, n + 1))
        assert part["share"].sum() == pytest.approx(1.0)
        assert part.loc[part["rank"] == 1, "share"].iloc[0] == pytest.approx(sens.loc[country, "share_first"])
        assert part.loc[part["rank"] <= 3, "share"].sum() == pytest.approx(sens.loc[country, "share_top3"])
        mean = (part["rank"] * part["share"]).sum()
        assert mean == pytest.approx(sens.loc[country, "mean_rank"])
    again = sc.rank_distribution(values, directions, draws=300, seed=7)
    pd.testing.assert_frame_equal(dist, again)
    with pytest.raises(ValueError, match="draws"):
        sc.rank_distribution(values, directions, draws=0)


def test_scorecard_normalised_keeps_every_country_and_gap():
    card = sc.build()
    norm = card.normalised()
    assert len(norm) == card.values.size
    assert norm["normalised"].isna().equals(norm["raw"].isna())
    assert norm["normalised"].dropna().between(0, 1).all()
    scored = set(card.scores["country"])
    assert set(norm.loc[norm["scored"], "country"]) == scored
    kor = norm[(norm["country"] == "KOR") & (norm["indicator"] == "rd_intensity")].iloc[0]
    assert kor["raw"] == card.values.loc["KOR", "rd_intensity"]
    dist = card.rank_distribution(draws=100, seed=2)
    assert set(dist["country"]) == scored


def test_provenance_names_the_sources_of_the_values_used():
    card = sc.build()
    prov = card.indicators.set_index("key")
    known = set(sk.load("sources")["source_id"])
    for key, ids in prov["source_ids"].items():
        assert ids, key
        assert set(ids.split(";")) <= known
    assert prov.loc["rd_intensity", "source_ids"] == "WB_WDI_2026_07"
    fibre = {r["source_id"] for r in _csv("broadband") if r["indicator"] == "fibre_share_of_fixed_broadband_oecd"
             and r["period"] == "2022-12" and r["country"] in card.values.index}
    assert set(prov.loc["fibre_share", "source_ids"].split(";")) == fibre
