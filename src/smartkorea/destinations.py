"""Korea against the destinations a UK firm would weigh: one stated rule, then the result.

The rule is fixed here, before any result is computed:

* **Economies** (:data:`ECONOMIES`): Korea, the UK (the reader's own country), Singapore,
  Japan, China, the US, Germany, Israel, Sweden, Denmark, Finland, the Netherlands and
  Switzerland.
* **Indicators** (:data:`INDICATORS`), each with its direction and weight (equal by default),
  read from ``peer_indicators`` and ``peer_smart_city_ranks``:

  ==========================  =====================================  ======  ============
  key                         what (unit)                            better  which year
  ==========================  =====================================  ======  ============
  rd_intensity                GERD, % of GDP (WDI 2026-07)           higher  latest data
  researchers_per_million     researchers in R&D per million people  higher  latest data
  gii_rank                    WIPO Global Innovation Index rank      lower   one edition
  egdi_index                  UN E-Government Development Index 0-1  higher  one edition
  imd_digital_rank            IMD World Digital Competitiveness rank lower   one edition
  smart_city_rank             IMD Smart City Index rank of the       lower   one edition
                              economy's best-ranked city found
  fixed_broadband_per_100     fixed broadband subscriptions / 100    higher  latest data
  ==========================  =====================================  ======  ============

* **Years**: a measured series (``"latest"``) takes each economy's latest data year, and the
  year is kept beside the value (:func:`indicator_values` returns both), because the years
  can differ; a latest year more than :data:`MAX_LAG` years before the newest year any
  economy has is not used (a 2017 value beside 2023 ones is not like with like) and is
  reported as too old. Of a World Bank series only its newest WDI vintage (by release date) is read,
  and it outranks another source's value of the same economy and year. A ranking or index
  (``"edition"``) is compared like with like: every economy from **one** edition: the newest
  edition that ranks Korea and at least two thirds of the economies (:data:`MIN_COVERAGE`),
  else the newest of those covering the most economies; economies it lacks are gaps. The
  package's own ranking tables (``innovation_rankings`` for the Global Innovation Index,
  ``smart_city_rankings`` for the IMD Smart City Index, :data:`ALSO_FROM`) add the economies
  and cities of an edition that the panels lack, so Korea's rank in an edition is the same
  in every notebook; where both hold a value they must agree. For the
  smart-city rank an economy's value is its best-ranked city found in that edition (the lists
  found are partial: a city not found is a gap).
* **Gaps** are never filled: an economy is scored on the indicators it has, its weights
  rescaled over them (the ``"available"`` policy of :mod:`smartkorea.scorecard`), and the
  tables say how many it had.
* **Score**: min-max normalised over the economies (best 1, worst 0), weighted mean; rank 1
  = best, ties share the better rank (the maths of :mod:`smartkorea.scorecard`).
* **Sensitivity** (:func:`rank_spread`): the rank of every economy under ``draws`` random
  weightings (flat Dirichlet, ``numpy.random.default_rng(seed)``), with each indicator left
  out in turn, and with each other economy left out in turn, as a share of scenarios per rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import scorecard
from .catalog import load
from .errors import DataValidationError

__all__ = [
    "ECONOMIES",
    "INDICATORS",
    "SEED",
    "DRAWS",
    "MIN_COVERAGE",
    "MAX_LAG",
    "ALSO_FROM",
    "Measure",
    "indicator_values",
    "rank_spread",
    "ranking",
    "rule",
    "where_not_best",
]

ECONOMIES: tuple[str, ...] = (
    "KOR", "GBR", "SGP", "JPN", "CHN", "USA", "DEU", "ISR", "SWE", "DNK", "FIN", "NLD", "CHE",
)
"""The economies compared (ISO 3166-1 alpha-3), Korea first."""

SEED = 2019
"""Seed of the random weight draws (the year of the article audited)."""

DRAWS = 2000
"""Number of random weightings in :func:`rank_spread`."""

MIN_COVERAGE = 2 / 3
"""An edition is used for a ranking only if it ranks Korea and at least this share of the
economies (see :func:`indicator_values`): a newer edition that misses Korea or most peers
would not compare like with like."""

MAX_LAG = 3
"""A measured series' latest value is used only if its year is at most this many years before
the newest year of that indicator among the economies (years)."""

ALSO_FROM: dict[str, tuple[str, str]] = {
    "gii_rank": ("innovation_rankings", "global_innovation_index"),
    "smart_city_rank": ("smart_city_rankings", "imd_smart_city_index"),
}
"""Indicator key -> (package table, ``ranking``) whose ``rank`` rows add the economies (cities)
of an edition that the peer panels lack."""

_POLICY = "available"
_SCI = "smart_city_rank"


@dataclass(frozen=True)
class Measure:
    """One indicator of the comparison.

    Attributes:
        key: the ``indicator`` in ``peer_indicators`` (or ``"smart_city_rank"``, read from
            ``peer_smart_city_ranks``).
        label: human name for tables and charts.
        unit: unit of the raw values.
        higher_is_better: the direction.
        years: ``"latest"`` (each economy's latest data year) or ``"edition"`` (one edition
            for every economy, see the module docstring).
        weight: relative weight (>= 0; weights are rescaled to sum to one).
    """

    key: str
    label: str
    unit: str
    higher_is_better: bool
    years: str
    weight: float = 1.0


INDICATORS: tuple[Measure, ...] = (
    Measure("rd_intensity", "R&D spending", "% of GDP", True, "latest"),
    Measure("researchers_per_million", "Researchers", "per million people", True, "latest"),
    Measure("gii_rank", "Global Innovation Index", "rank", False, "edition"),
    Measure("egdi_index", "E-government (UN EGDI)", "index 0-1", True, "edition"),
    Measure("imd_digital_rank", "IMD digital competitiveness", "rank", False, "edition"),
    Measure(_SCI, "IMD Smart City Index (best city)", "rank", False, "edition"),
    Measure("fixed_broadband_per_100", "Fixed broadband", "subscriptions per 100 people", True, "latest"),
)
"""The indicators, directions, year rules and weights (equal), stated before any result."""


# --------------------------------------------------------------------------- reading


def _long(data: str | Path | None) -> pd.DataFrame:
    """Both peer tables, with the rows :data:`ALSO_FROM` adds, as ``country, indicator, year,
    value, source_id, city`` (one frame)."""
    ind = _newest_releases(load("peer_indicators", data))
    ind = ind.assign(indicator=ind["indicator"].astype(str), city=pd.NA)
    table, ranking = ALSO_FROM["gii_rank"]
    gii = _also(ind[ind["indicator"] == "gii_rank"], table, ranking, "gii_rank", data)
    ind = pd.concat([ind, gii], ignore_index=True)
    sci = load("peer_smart_city_ranks", data)
    sci = pd.DataFrame({
        "country": sci["country"].astype(str), "indicator": _SCI, "year": sci["edition"],
        "value": sci["rank"].astype("float64"), "source_id": sci["source_id"], "city": sci["city"],
    })
    table, ranking = ALSO_FROM[_SCI]
    sci = pd.concat([sci, _also(sci, table, ranking, _SCI, data)], ignore_index=True)
    # an economy's value is its best-ranked city found in that edition
    best = sci.sort_values(["year", "value", "city"]).drop_duplicates(["country", "year"])
    cols = ["country", "indicator", "year", "value", "source_id", "city"]
    return pd.concat([ind[cols], best[cols]], ignore_index=True)


def _also(have: pd.DataFrame, table: str, ranking: str, key: str,
          data: str | Path | None) -> pd.DataFrame:
    """The ``rank`` rows of ``ranking`` in a package table that ``have`` lacks (same economy,
    city if any, and edition), shaped like ``have``.

    Raises:
        DataValidationError: the table and ``have`` give one economy (city) and edition two
            different ranks.
    """
    raw = load(table, data).reset_index(drop=True)
    pick = (raw["ranking"].astype(str) == ranking) & (raw["measure"].astype(str) == "rank")
    rows = raw[pick]
    city = rows["city"].astype(str) if "city" in rows.columns else pd.Series(pd.NA, index=rows.index)
    extra = pd.DataFrame({
        "country": rows["country"].astype(str), "indicator": key, "year": rows["year"].astype("int64"),
        "value": rows["value"].astype("float64"), "source_id": rows["source_id"].astype(str), "city": city,
    })
    on = ["country", "year"] + (["city"] if "city" in rows.columns else [])
    both = extra.reset_index().merge(have[on + ["value"]], on=on, suffixes=("", "_panel"))
    clash = both[both["value"] != both["value_panel"]]
    if len(clash):
        r = clash.iloc[0]
        raise DataValidationError(
            f"{table}.csv", row=int(r["index"]) + 2, column="value",
            expected=f"the rank the peer panel gives {r['country']} in {r['year']} ({r['value_panel']:g})",
            found=f"{r['value']:g}",
        )
    known = pd.MultiIndex.from_frame(have[on].astype({"year": "int64"}))
    return extra[~pd.MultiIndex.from_frame(extra[on]).isin(known)]


def _newest_releases(ind: pd.DataFrame) -> pd.DataFrame:
    """``peer_indicators`` with the World Bank's newest release only: of an indicator's WDI
    vintages (``"WDI ..."``) the one released last is kept, and where it holds a value, a value
    of the same economy, indicator and year from another source is dropped (the World Bank
    file outranks an extract of the same series). Other duplicates are left for the caller
    to refuse."""
    released = ind["released"].astype("string").fillna("")
    wdi = ind["vintage"].astype(str).str.startswith("WDI ")
    newest = released.where(wdi).groupby(ind["indicator"].astype(str)).transform("max")
    ind, wdi = ind[~wdi | (released == newest)], wdi[~wdi | (released == newest)]
    keys = [ind["country"].astype(str), ind["indicator"].astype(str), ind["year"]]
    return ind[wdi | ~wdi.groupby(keys).transform("any")]


def _edition(rows: pd.DataFrame, economies: Sequence[str], anchor: str) -> int:
    """The newest edition ranking ``anchor`` and at least :data:`MIN_COVERAGE` of the
    economies; if none does, the newest edition among those covering the most economies."""
    cover = rows[rows["country"].isin(economies)].groupby("year")["country"].agg(set)
    need = MIN_COVERAGE * len(economies)
    fit = [int(y) for y, have in cover.items() if anchor in have and len(have) >= need - 1e-9]
    if fit:
        return max(fit)
    most = max(len(h) for h in cover)
    return max(int(y) for y, have in cover.items() if len(have) == most)


def indicator_values(
    indicators: Sequence[Measure] = INDICATORS,
    economies: Sequence[str] = ECONOMIES,
    *,
    data: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The raw values of every economy and indicator under the stated year rules.

    Returns:
        ``(values, years, provenance)``: ``values`` and ``years`` are wide (index
        ``country`` in ``economies`` order, one column per indicator key; NaN = no data,
        nothing filled). ``years`` holds each value's data year or edition. ``provenance``:
        one row per indicator with ``key, label, unit, higher_is_better, weight, years``
        (the rule), ``edition`` (the edition used, or NA), ``first_year``, ``last_year``,
        ``n_economies``, ``missing`` (codes, ``;``-separated: every economy without a value
        used), ``too_old`` (those of ``missing`` whose latest value is older than
        :data:`MAX_LAG` allows), ``cities`` (for the smart-city
        rank: ``KOR=Seoul;...``) and ``source_ids`` (``;``-separated).

    Raises:
        ValueError: duplicate or unknown indicator keys, an unknown year rule or weight < 0.
        DataValidationError: a package ranking table and a peer panel disagree on a rank.
    """
    keys = [m.key for m in indicators]
    if not keys or len(set(keys)) != len(keys):
        raise ValueError(f"Indicator keys must be unique and non-empty; got {keys}")
    economies = list(economies)
    if len(set(economies)) != len(economies) or len(economies) < 2:
        raise ValueError(f"Economies must be at least two distinct codes; got {economies}")
    long = _long(data)
    known = set(long["indicator"])
    values, years, prov = {}, {}, []
    for m in indicators:
        if m.key not in known:
            raise ValueError(f"Unknown indicator {m.key!r}; the peer tables hold {sorted(known)}")
        if m.years not in ("latest", "edition"):
            raise ValueError(f"{m.key}: years must be 'latest' or 'edition'; got {m.years!r}")
        if not np.isfinite(m.weight) or m.weight < 0:
            raise ValueError(f"{m.key}: weight must be finite and >= 0; got {m.weight}")
        rows = long[(long["indicator"] == m.key) & long["country"].isin(economies)]
        edition = None
        if m.years == "edition":
            edition = _edition(rows, economies, economies[0])
            rows = rows[rows["year"] == edition]
        dup = rows.duplicated(["country", "year"])
        if dup.any():
            first = rows[dup].iloc[0]
            raise ValueError(f"{m.key}: several values for {first['country']} in {first['year']} "
                             "(e.g. two releases of one year); pick one before comparing")
        rows = rows.sort_values(["country", "year"]).groupby("country").tail(1)
        too_old: list[str] = []
        if m.years == "latest" and len(rows):
            old = rows["year"] < rows["year"].max() - MAX_LAG
            too_old = [c for c in economies if c in set(rows.loc[old, "country"])]
            rows = rows[~old]
        values[m.key] = pd.Series(rows["value"].to_numpy(float), index=rows["country"]).reindex(economies)
        years[m.key] = pd.Series(rows["year"].to_numpy(float), index=rows["country"]).reindex(economies)
        have = values[m.key].notna()
        cities = ";".join(f"{c}={t}" for c, t in zip(rows["country"], rows["city"])) if m.key == _SCI else ""
        prov.append({
            "key": m.key, "label": m.label, "unit": m.unit, "higher_is_better": m.higher_is_better,
            "weight": m.weight, "years": m.years, "edition": edition,
            "first_year": int(rows["year"].min()), "last_year": int(rows["year"].max()),
            "n_economies": int(have.sum()), "missing": ";".join(c for c in economies if not have[c]),
            "too_old": ";".join(too_old),
            "cities": cities, "source_ids": ";".join(dict.fromkeys(rows["source_id"].astype(str))),
        })
    index = pd.Index(economies, name="country")
    return (pd.DataFrame(values, index=index), pd.DataFrame(years, index=index).astype("Int64"),
            pd.DataFrame(prov))


def rule(provenance: pd.DataFrame) -> pd.DataFrame:
    """The rule as a reader's table: indicator, unit, better, weight (share), years used.

    ``provenance`` is the third item of :func:`indicator_values`. Weights are shown as shares
    of the total in percent (a number; format it for display).
    """
    total = provenance["weight"].sum()
    years = [
        f"{int(p.edition)} edition" if p.years == "edition"
        else (f"{p.first_year}" if p.first_year == p.last_year else f"{p.first_year}–{p.last_year}")
        for p in provenance.itertuples(index=False)
    ]
    return pd.DataFrame({
        "Indicator": provenance["label"], "Unit": provenance["unit"],
        "Better": np.where(provenance["higher_is_better"], "higher", "lower"),
        "Weight (%)": 100 * provenance["weight"] / total, "Years": years,
        "Economies with data": provenance["n_economies"],
    })


# --------------------------------------------------------------------------- scoring


def _directions(indicators: Sequence[Measure]) -> dict[str, bool]:
    return {m.key: m.higher_is_better for m in indicators}


def _weights(indicators: Sequence[Measure], values: pd.DataFrame) -> dict[str, float]:
    return {m.key: m.weight for m in indicators if m.key in values.columns}


def ranking(values: pd.DataFrame, indicators: Sequence[Measure] = INDICATORS) -> pd.DataFrame:
    """The composite under the stated weights: ``country, score, rank, n_indicators``, best first.

    ``score`` is the weighted mean of min-max normalised indicators (0-1) over the indicators
    the economy has; ``n_indicators`` says how many that was.
    """
    return scorecard.score(values, _directions(indicators), _weights(indicators, values),
                           missing=_POLICY)


def rank_spread(
    values: pd.DataFrame,
    indicators: Sequence[Measure] = INDICATORS,
    *,
    draws: int = DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """How each economy's rank moves under three tests, as a rank distribution (tidy).

    Tests: ``"random weights"`` (``draws`` flat-Dirichlet weightings from
    ``numpy.random.default_rng(seed)``), ``"one indicator left out"`` (each indicator dropped
    in turn, stated weights for the rest) and ``"one economy left out"`` (each economy
    dropped in turn; an economy is not counted in the scenario that drops it).

    Returns:
        ``test, country, rank, share`` with ``share`` in 0-1 of that test's scenarios in
        which the economy had that rank (every rank from 1 to the number of economies,
        zeros included).
    """
    directions = _directions(indicators)
    n = len(values)
    frames = []
    dist = scorecard.rank_distribution(values, directions, draws=draws, seed=seed, missing=_POLICY)
    frames.append(dist.assign(test="random weights"))
    ranks: dict[str, list[pd.DataFrame]] = {"one indicator left out": [], "one economy left out": []}
    for key in values.columns:
        kept = [m for m in indicators if m.key != key]
        ranks["one indicator left out"].append(ranking(values.drop(columns=key), kept))
    for c in values.index:
        ranks["one economy left out"].append(ranking(values.drop(index=c), indicators))
    for test, tables in ranks.items():
        allr = pd.concat(tables, ignore_index=True)
        counts = allr.groupby(["country", "rank"]).size()
        scenarios = allr.groupby("country").size()
        rows = [{"country": c, "rank": r, "share": counts.get((c, r), 0) / scenarios[c]}
                for c in values.index for r in range(1, n + 1)]
        frames.append(pd.DataFrame(rows).assign(test=test))
    out = pd.concat(frames, ignore_index=True)
    return out[["test", "country", "rank", "share"]]


# --------------------------------------------------------------------------- where Korea is not best


def where_not_best(
    values: pd.DataFrame,
    years: pd.DataFrame,
    indicators: Sequence[Measure] = INDICATORS,
    country: str = "KOR",
) -> pd.DataFrame:
    """Per indicator, the economies that do better than ``country`` (from the data).

    Returns:
        One row per indicator: ``key, label, value, year`` (the country's; NaN/NA when it has
        none), ``position`` (1 + how many economies do strictly better; NA without a value),
        ``out_of`` (economies with a value), ``better`` (codes of the economies that do better,
        best first, ``;``-separated; empty when none) and ``best`` (the code of the best).

    Raises:
        ValueError: ``country`` is not among the economies compared.
    """
    if country not in values.index:
        raise ValueError(f"{country!r} is not among the economies compared: {list(values.index)}")
    rows = []
    for m in indicators:
        col = values[m.key].dropna()
        order = col.sort_values(ascending=not m.higher_is_better, kind="stable")
        own = values.at[country, m.key]
        if pd.isna(own):
            better, position = [], pd.NA
        else:
            better = [c for c, v in order.items() if (v > own if m.higher_is_better else v < own)]
            position = len(better) + 1
        rows.append({
            "key": m.key, "label": m.label, "value": own, "year": years.at[country, m.key],
            "position": position, "out_of": len(col), "better": ";".join(better),
            "best": order.index[0] if len(order) else "",
        })
    out = pd.DataFrame(rows)
    out["position"] = out["position"].astype("Int64")
    return out
