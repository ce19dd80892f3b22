"""A composite "attractiveness for innovation collaboration" score, and how much it hangs on weights.

Method
    1. **Indicators** (:data:`INDICATORS`, the older five-indicator scorecard of the core peers),
       each read from one dataset for one fixed year, in one vintage (the latest published
       unless the indicator names one; see :func:`smartkorea.compare.select_vintage`), with a
       direction: GERD % of GDP (2021), researchers per million (2021), Bloomberg Innovation
       Index rank (2020: the 2021 edition lacks Japan, the UK and France), OECD fibre share
       (Dec 2022) and the UN EGDI (2022).
    2. **Missing data** is never filled. The policy is a required choice with a strict
       default (``missing=``):

       * ``"drop_country"`` (default): a country lacking any indicator is left out and listed
         in :attr:`Scorecard.excluded` with what it lacks;
       * ``"drop_indicator"``: an indicator lacking any country is left out (listed);
       * ``"available"``: each country is scored on the indicators it has, its weights
         rescaled to sum to one over them (``n_indicators`` says how many) - comparable only
         loosely;
       * ``"raise"``: any gap is an error.

       With the data as curated, the default keeps only the countries with all five
       indicators among the peers (Korea, Germany, Japan and the US for the core set):
       :meth:`Scorecard.summary` states this.
    3. **Normalisation** per indicator over the countries kept, oriented so that higher is
       better: ``"minmax"`` (best 1, worst 0; an indicator with one distinct value gets 0.5)
       or ``"z"`` (standard score, population s.d.; one distinct value gets 0). Both leave
       the ranking unchanged when an indicator is rescaled or shifted.
    4. **Weights**: equal by default, else a mapping ``{key: weight >= 0}`` covering every
       indicator, rescaled to sum to one. The score is the weighted mean of the normalised
       indicators (0-1 with min-max). Rank 1 = highest score; ties share the better rank.
    5. **Sensitivity**: ``draws`` weight vectors drawn uniformly from the simplex (flat
       Dirichlet) with a seeded ``numpy.random.default_rng(seed)``; for each country the
       share of draws in which it ranks first and in the top three (ties share the better
       rank), and its mean rank.

The functions :func:`normalise`, :func:`score`, :func:`sensitivity` (in
:mod:`smartkorea.composite`, re-exported here) and :func:`rank_distribution` work on any wide
table (index: country, columns: indicators, NaN = no data), so other indicator sets can be scored: :mod:`smartkorea.destinations` uses them for the
comparison of Korea with the destinations a UK firm would weigh (the notebook's comparison).
:func:`build` keeps the older five-indicator scorecard of the core peers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import compare
from .catalog import load
from .composite import (  # the maths lives there
    METHODS,
    MISSING_POLICIES,
    _draw_ranks,
    _rank_summary,
    apply_missing,
    normalise,
    score,
    sensitivity,
)

__all__ = [
    "INDICATORS",
    "METHODS",
    "MISSING_POLICIES",
    "Indicator",
    "Scorecard",
    "apply_missing",
    "build",
    "indicator_table",
    "normalise",
    "rank_distribution",
    "score",
    "sensitivity",
]



@dataclass(frozen=True)
class Indicator:
    """One scorecard indicator: where its values come from, which year, which way is better.

    Attributes:
        key: short column name in the score tables.
        label: human-readable name.
        dataset: the data package table it is read from.
        year: the one year used (never mixed with other years).
        higher_is_better: the direction.
        unit: the unit of the raw values.
        where: column filters selecting the indicator in the table, e.g.
            ``(("measure", "researchers_per_million_people"),)``.
        vintage: a vintage label, or None for the latest published.
    """

    key: str
    label: str
    dataset: str
    year: int
    higher_is_better: bool
    unit: str
    where: tuple[tuple[str, str], ...] = ()
    vintage: str | None = None


INDICATORS: tuple[Indicator, ...] = (
    Indicator("rd_intensity", "R&D spending (GERD)", "rd_intensity", 2021, True, "% of GDP"),
    Indicator("researchers", "Researchers in R&D", "researchers", 2021, True,
              "per million people", (("measure", "researchers_per_million_people"),)),
    Indicator("innovation_rank", "Bloomberg Innovation Index rank", "innovation_rankings", 2020,
              False, "rank", (("ranking", "bloomberg_innovation_index"), ("measure", "rank"))),
    Indicator("fibre_share", "Fibre share of fixed broadband (OECD, Dec 2022)", "broadband", 2022,
              True, "% of fixed broadband subscriptions",
              (("indicator", "fibre_share_of_fixed_broadband_oecd"), ("period", "2022-12"))),
    Indicator("egov_index", "UN E-Government Development Index", "egov_ict_indices", 2022, True,
              "index 0-1", (("indicator", "egdi_index"),)),
)
"""The default indicators (see the module docstring for the choice of years)."""


# --------------------------------------------------------------------------- reading


def indicator_table(
    indicators: Sequence[Indicator] = INDICATORS,
    countries: compare.Peers = "core",
    *,
    data: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the raw indicator values of a peer set.

    Returns:
        ``(values, provenance)``. ``values``: index ``country`` (peer order), one column per
        indicator key, NaN where the data have no value (nothing filled). ``provenance``: one
        row per indicator with ``key, label, dataset, year, vintage, unit, higher_is_better,
        n_countries, missing`` (the peers lacking it, ``;``-separated) and ``source_ids`` (the
        primary sources of the values used, ``;``-separated, for a source line or citation).
    """
    group = compare.peer_set(countries, data=data)
    keys = [ind.key for ind in indicators]
    if len(set(keys)) != len(keys) or not keys:
        raise ValueError(f"Indicator keys must be unique and non-empty; got {keys}")
    columns, prov = {}, []
    for ind in indicators:
        df = load(ind.dataset, data)
        for col, want in ind.where:
            if col not in df.columns:
                raise ValueError(f"{ind.key}: dataset {ind.dataset!r} has no column {col!r}")
            df = df[df[col].astype(str) == want]
        if df.empty:
            raise ValueError(f"{ind.key}: no rows in {ind.dataset!r} match {dict(ind.where)}")
        df = df.assign(year=df["year"].astype("int64"))
        rows, label = compare.select_vintage(df, ind.vintage, data=data)
        at = rows[rows["year"] == ind.year]
        dup = at["country"].astype(str).duplicated()
        if dup.any():
            raise ValueError(f"{ind.key}: several values for {at['country'][dup].iloc[0]} in {ind.year}")
        series = pd.Series(at["value"].to_numpy(dtype="float64"), index=at["country"].astype(str))
        columns[ind.key] = series.reindex(list(group))
        have = columns[ind.key].notna()
        used = at[at["country"].astype(str).isin(group)]
        ids = (list(dict.fromkeys(used["source_id"].dropna().astype(str)))
               if "source_id" in used.columns else [])
        prov.append({
            "key": ind.key, "label": ind.label, "dataset": ind.dataset, "year": ind.year,
            "vintage": label, "unit": ind.unit, "higher_is_better": ind.higher_is_better,
            "n_countries": int(have.sum()),
            "missing": ";".join(c for c, h in have.items() if not h),
            "source_ids": ";".join(ids),
        })
    values = pd.DataFrame(columns, index=pd.Index(list(group), name="country"))
    return values, pd.DataFrame(prov)


# --------------------------------------------------------------------------- the scorecard


@dataclass(frozen=True)
class Scorecard:
    """A scorecard and everything needed to state it honestly.

    Attributes:
        values: raw indicator values of every requested country (NaN = no data).
        indicators: provenance per indicator (dataset, year, vintage, unit, direction,
            coverage, countries missing).
        scores: ``country, score, rank, n_indicators``, best first.
        excluded: countries the missing-data policy left out -> the indicators they lack.
        dropped: indicators left out (``"drop_indicator"`` only) -> the countries lacking them.
        method, missing, weights: the choices made (``weights`` None = equal).
    """

    values: pd.DataFrame
    indicators: pd.DataFrame
    scores: pd.DataFrame
    excluded: dict[str, list[str]]
    dropped: dict[str, list[str]]
    method: str
    missing: str
    weights: Mapping[str, float] | None = None
    _directions: dict = field(default_factory=dict, repr=False)

    def sensitivity(self, draws: int = 1000, seed: int = 0) -> pd.DataFrame:
        """:func:`sensitivity` of this scorecard's table with its method and missing policy."""
        return sensitivity(self.values, self._directions, draws=draws, seed=seed,
                           method=self.method, missing=self.missing)

    def rank_distribution(self, draws: int = 1000, seed: int = 0) -> pd.DataFrame:
        """:func:`rank_distribution` of this scorecard (same draws as :meth:`sensitivity`)."""
        return rank_distribution(self.values, self._directions, draws=draws, seed=seed,
                                 method=self.method, missing=self.missing)

    def normalised(self) -> pd.DataFrame:
        """Every requested country's normalised indicators, tidy, gaps kept (for a heatmap).

        Normalised over the countries that have each indicator (whatever the missing-data
        policy), with this scorecard's method, higher = better. Columns: ``indicator`` (key),
        ``label``, ``country``, ``raw`` (the value in its unit), ``normalised`` (NaN = no
        data), ``scored`` (whether the policy kept the country and the indicator).
        Countries with no value at all are kept, so the gap shows.
        """
        norm = normalise(self.values, self._directions, self.method)
        labels = dict(zip(self.indicators["key"], self.indicators["label"]))
        scored = set(self.scores["country"])
        rows = []
        for key in self.values.columns:
            for c in self.values.index:
                rows.append({"indicator": key, "label": labels.get(key, key), "country": str(c),
                             "raw": float(self.values.at[c, key]),
                             "normalised": float(norm.at[c, key]),
                             "scored": str(c) in scored and key not in self.dropped})
        return pd.DataFrame(rows)

    def summary(self) -> str:
        """The method and the data gaps in plain words, for a notebook caveat."""
        used = len(self.indicators) - len(self.dropped)
        lines = [f"Composite of {used} of {len(self.indicators)} indicators, {self.method} normalisation, "
                 f"{'equal' if self.weights is None else 'custom'} weights; missing data: "
                 f"{self.missing}."]
        for p in self.indicators.itertuples(index=False):
            v = f", {p.vintage}" if isinstance(p.vintage, str) else ""
            gaps = f"; no data for {p.missing.replace(';', ', ')}" if p.missing else ""
            lines.append(f"- {p.label} ({p.unit}, {p.year}{v}; "
                         f"{'higher' if p.higher_is_better else 'lower'} is better{gaps})")
        if self.dropped:
            lines.append("Indicators dropped: " + "; ".join(
                f"{k} (no data for {', '.join(v)})" for k, v in self.dropped.items()))
        if self.excluded:
            lines.append("Countries left out: " + "; ".join(
                f"{k} (lacks {', '.join(v) if len(v) < len(self.indicators) else 'every indicator'})"
                for k, v in self.excluded.items()))
        lines.append("Scored: " + ", ".join(self.scores["country"]) + ".")
        return "\n".join(lines)


def build(
    indicators: Sequence[Indicator] = INDICATORS,
    countries: compare.Peers = "core",
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
    missing: str = "drop_country",
    data: str | Path | None = None,
) -> Scorecard:
    """Read the indicators of a peer set from the data package and score them.

    See the module docstring for the method. ``sk.scorecard.build().summary()`` states which
    indicators, years and countries were used and which lacked data.
    """
    values, prov = indicator_table(indicators, countries, data=data)
    directions = {ind.key: ind.higher_is_better for ind in indicators}
    _, excluded, dropped = apply_missing(values, missing)
    table = score(values, directions, weights, method=method, missing=missing)
    return Scorecard(values, prov, table, excluded, dropped, method, missing,
                     dict(weights) if weights is not None else None, directions)


# --------------------------------------------------------------------------- how robust is it?


def rank_distribution(
    values: pd.DataFrame,
    higher_is_better: Mapping[str, bool],
    *,
    draws: int = 1000,
    seed: int = 0,
    method: str = "minmax",
    missing: str = "drop_country",
) -> pd.DataFrame:
    """How often each country lands at each rank under random weights (tidy, for a heatmap).

    Same draws as :func:`sensitivity` with the same ``seed`` (flat Dirichlet weights from
    ``numpy.random.default_rng(seed)``), so the two agree: the rank-1 share here is
    ``share_first`` there.

    Returns:
        ``country, rank, share`` (share of draws in 0-1; every country and every rank from 1
        to the number of countries scored, zeros included), countries in the order of
        :func:`sensitivity`, ranks ascending. Ties share the better rank, so some ranks can
        be rarer than others.
    """
    kept, r = _draw_ranks(values, higher_is_better, draws, seed, method, missing)
    order = _rank_summary(kept, r)["country"].tolist()
    n = len(kept)
    countries = kept.index.astype(str).tolist()
    rows = []
    for c in order:
        j = countries.index(c)
        counts = np.bincount(r[:, j], minlength=n + 1)[1:]
        rows.extend({"country": c, "rank": k + 1, "share": counts[k] / len(r)} for k in range(n))
    return pd.DataFrame(rows)
