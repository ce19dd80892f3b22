"""The maths of a composite index on a wide table: missing data, normalisation, weights, ranks.

Every function takes a wide table (index: country, columns: indicators, NaN = no data) and the
direction of each indicator (``higher_is_better``): :func:`apply_missing` applies a missing-data
policy (:data:`MISSING_POLICIES`), :func:`normalise` scales each indicator (:data:`METHODS`),
:func:`score` gives the weighted mean and the rank, and :func:`sensitivity` how ranks move under
random weights. The method (and why) is set out in :mod:`smartkorea.scorecard`, which re-exports
these names and builds the scorecards on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["METHODS", "MISSING_POLICIES", "apply_missing", "normalise", "score", "sensitivity"]

MISSING_POLICIES = ("drop_country", "drop_indicator", "available", "raise")
METHODS = ("minmax", "z")


def _directions(values: pd.DataFrame, higher_is_better: Mapping[str, bool]) -> np.ndarray:
    if not isinstance(values, pd.DataFrame):
        raise TypeError(f"values must be a DataFrame (countries x indicators); got {type(values).__name__}")
    if values.empty or values.shape[1] == 0:
        raise ValueError("The indicator table is empty")
    lacking = [c for c in values.columns if c not in higher_is_better]
    if lacking:
        raise ValueError(f"No direction (higher_is_better) given for indicator(s) {lacking}")
    if values.index.has_duplicates:
        raise ValueError("The indicator table has duplicate countries")
    return np.array([1.0 if higher_is_better[c] else -1.0 for c in values.columns])


def apply_missing(
    values: pd.DataFrame, missing: str = "drop_country"
) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, list[str]]]:
    """Apply a missing-data policy (see the module docstring); never fills a value.

    A country with no value at all is left out under every policy.

    Returns:
        ``(table kept, countries left out, indicators dropped)``: the two dicts map each
        country left out to the indicators it lacks, and each indicator dropped (only under
        ``"drop_indicator"``) to the countries that lack it.
    """
    if missing not in MISSING_POLICIES:
        raise ValueError(f"Unknown missing-data policy {missing!r}; choose one of {MISSING_POLICIES}")
    gaps = values.isna()
    if missing == "raise" and gaps.to_numpy().any():
        listed = {c: list(values.columns[gaps.loc[c].to_numpy()]) for c in values.index[gaps.any(axis=1)]}
        raise ValueError(f"Missing indicator values (policy 'raise'): {listed}")
    empty = gaps.all(axis=1)
    drop_rows = gaps.any(axis=1) if missing == "drop_country" else empty
    countries = {str(c): list(values.columns[gaps.loc[c].to_numpy()]) for c in values.index[drop_rows]}
    kept = values.loc[~drop_rows.to_numpy()]
    indicators: dict[str, list[str]] = {}
    if missing == "drop_indicator":
        lacking = kept.isna()
        bad = lacking.any(axis=0)
        indicators = {str(k): list(kept.index[lacking[k].to_numpy()]) for k in kept.columns[bad.to_numpy()]}
        kept = kept.loc[:, ~bad.to_numpy()]
    if kept.empty or kept.shape[1] == 0:
        raise ValueError(
            f"Nothing left to score under the missing-data policy {missing!r}; countries left "
            f"out: {countries}; indicators dropped: {indicators}"
        )
    return kept, countries, indicators


def normalise(
    values: pd.DataFrame, higher_is_better: Mapping[str, bool], method: str = "minmax"
) -> pd.DataFrame:
    """Normalise each indicator (column) over the countries present, higher = better.

    ``"minmax"``: best 1, worst 0 (all 0.5 when an indicator has one distinct value).
    ``"z"``: (x - mean) / s.d. (population), sign flipped for lower-is-better (all 0 when
    constant). NaN stays NaN and is ignored in the statistics.
    """
    sign = _directions(values, higher_is_better)
    if method not in METHODS:
        raise ValueError(f"Unknown normalisation {method!r}; choose one of {METHODS}")
    x = values.to_numpy(dtype="float64") * sign
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
            span = hi - lo
            out = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1.0), 0.5)
        else:
            mean, sd = np.nanmean(x, axis=0), np.nanstd(x, axis=0)
            out = np.where(sd > 0, (x - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    out[np.isnan(x)] = np.nan
    return pd.DataFrame(out, index=values.index, columns=values.columns)


def _weights(columns: pd.Index, weights: Mapping[str, float] | None, allowed: Sequence[str]) -> np.ndarray:
    if weights is None:
        return np.full(len(columns), 1.0 / len(columns))
    unknown = [k for k in weights if k not in allowed]
    if unknown:
        raise ValueError(f"Weights for unknown indicator(s) {unknown}; indicators: {list(allowed)}")
    lacking = [c for c in columns if c not in weights]
    if lacking:
        raise ValueError(f"No weight given for indicator(s) {lacking} (give every indicator a weight)")
    w = np.array([float(weights[c]) for c in columns])
    if not np.all(np.isfinite(w)) or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"Weights must be finite, >= 0 and not all 0; got {dict(weights)}")
    return w / w.sum()


def _scores(norm: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted means, one row of weights per draw: (draws x k) and (countries x k) -> (draws x countries).

    Accumulates indicator by indicator, in the same order for every country, so a country at
    least as good on every indicator never scores lower through rounding. Missing values
    (NaN) are skipped and each country's weights rescaled over what it has.
    """
    have = ~np.isnan(norm)
    filled = np.where(have, norm, 0.0)
    total = np.zeros((w.shape[0], norm.shape[0]))
    weight = np.zeros_like(total)
    for k in range(norm.shape[1]):
        total += w[:, k : k + 1] * filled[:, k]
        weight += w[:, k : k + 1] * have[:, k]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, total / weight, np.nan)


def _ranks(s: np.ndarray) -> np.ndarray:
    """1 + how many countries score strictly higher (ties share the better rank); per row."""
    return 1 + (s[:, None, :] > s[:, :, None]).sum(axis=2)


def score(
    values: pd.DataFrame,
    higher_is_better: Mapping[str, bool],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
    missing: str = "drop_country",
) -> pd.DataFrame:
    """Composite score of each country from a wide indicator table.

    Args:
        values: index country, one column per indicator (raw values; NaN = no data).
        higher_is_better: direction of every indicator.
        weights: ``{indicator: weight >= 0}`` for every indicator kept (rescaled to sum to 1);
            None = equal weights.
        method: ``"minmax"`` or ``"z"`` normalisation.
        missing: the missing-data policy (see the module docstring).

    Returns:
        ``country, score, rank, n_indicators``, best first. Countries or indicators dropped by
        the policy are not in it (:func:`apply_missing` says what was left out).
    """
    _directions(values, higher_is_better)
    kept, _, _ = apply_missing(values, missing)
    norm = normalise(kept, higher_is_better, method)
    w = _weights(kept.columns, weights, list(values.columns))
    s = _scores(norm.to_numpy(), w[None, :])[0]
    r = _ranks(s[None, :])[0]
    out = pd.DataFrame({
        "country": kept.index.astype(str),
        "score": s,
        "rank": r,
        "n_indicators": kept.notna().sum(axis=1).to_numpy(),
    })
    return out.sort_values(["rank", "country"], kind="stable").reset_index(drop=True)


def sensitivity(
    values: pd.DataFrame,
    higher_is_better: Mapping[str, bool],
    *,
    draws: int = 1000,
    seed: int = 0,
    method: str = "minmax",
    missing: str = "drop_country",
) -> pd.DataFrame:
    """How often each country ranks first / in the top three under random weights.

    Weights are drawn uniformly from the simplex (flat Dirichlet) with
    ``numpy.random.default_rng(seed)``, so the result is reproducible.

    Returns:
        ``country, share_first, share_top3, mean_rank, best_rank, worst_rank`` (shares in
        0-1, of ``draws`` draws), sorted by share first, then mean rank.
    """
    return _rank_summary(*_draw_ranks(values, higher_is_better, draws, seed, method, missing))


def _draw_ranks(values, higher_is_better, draws, seed, method, missing) -> tuple[pd.DataFrame, np.ndarray]:
    """The countries kept by the missing-data policy, and their rank under each weight draw
    (``draws`` x countries; flat Dirichlet weights from ``numpy.random.default_rng(seed)``)."""
    _directions(values, higher_is_better)
    if int(draws) < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    kept, _, _ = apply_missing(values, missing)
    norm = normalise(kept, higher_is_better, method).to_numpy()
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(norm.shape[1]), size=int(draws))
    return kept, _ranks(_scores(norm, w))


def _rank_summary(kept: pd.DataFrame, r: np.ndarray) -> pd.DataFrame:
    out = pd.DataFrame({
        "country": kept.index.astype(str),
        "share_first": (r == 1).mean(axis=0),
        "share_top3": (r <= 3).mean(axis=0),
        "mean_rank": r.mean(axis=0),
        "best_rank": r.min(axis=0),
        "worst_rank": r.max(axis=0),
    })
    return out.sort_values(["share_first", "mean_rank", "country"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)
