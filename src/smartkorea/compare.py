"""Peer comparisons on tidy country-year tables: rank, latest value, gap, growth, then vs now.

Also a rank year by year (:func:`rank_history`). One series between two points with a verdict
(:func:`change`, :class:`Change`) lives in :mod:`smartkorea.twopoints` and is re-exported here.

Every function takes a tidy frame with columns ``country`` (ISO 3166-1 alpha-3), ``year`` (int)
and ``value`` (number), plus optionally ``vintage`` and ``source_id``. Filter the indicator or
measure first (e.g. ``df[df.measure == "researchers_per_million_people"]``): a frame with two
values for the same country and year (after the vintage is chosen) is refused, never averaged.

Vintages
    When the frame has a ``vintage`` column, each function works on **one** vintage (see
    :mod:`smartkorea.vintages`): pass ``vintage="WDI 2025-07"`` to choose it; by default the
    latest published vintage in the frame is used. Every result says which vintage it used (a
    ``vintage`` attribute or column; ``None`` when the frame has none).

Peer sets
    Anywhere a peer set is asked for you may pass a name (``"core"``, ``"g7"``, ``"asia"``,
    ``"oecd"``), one ISO3 code or a list of codes (see :mod:`smartkorea.countries`). A peer with
    no value is listed as missing, never dropped silently or filled.

``peer_set``, the peer-set constants, ``vintages``, ``select_vintage``, ``across_vintages``,
``revisions`` and ``ordinal`` are re-exported from their homes for existing callers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .countries import ASIA, CORE, G7, PEER_SETS, Peers, peer_set
from .countries import check_code as _country
from .text import ordinal, year_list
from .twopoints import Change, change
from .vintages import across_vintages, revisions, select_vintage, vintages
from .vintages import one_vintage as _prepare

__all__ = [
    "ASIA",
    "CORE",
    "G7",
    "PEER_SETS",
    "Change",
    "Gap",
    "Growth",
    "Rank",
    "across_vintages",
    "cagr",
    "change",
    "gap",
    "latest",
    "ordinal",
    "peer_set",
    "rank",
    "rank_history",
    "revisions",
    "select_vintage",
    "then_vs_now",
    "vintages",
]


# --------------------------------------------------------------------------- helpers


def _year_table(frame: pd.DataFrame, year: int, peers: tuple[str, ...]) -> tuple[pd.Series, tuple]:
    """Values of ``peers`` in ``year`` (peer order) and the peers with no value that year."""
    at = frame[frame["year"] == int(year)].set_index("country")["value"]
    have = tuple(c for c in peers if c in at.index)
    missing = tuple(c for c in peers if c not in at.index)
    return at.reindex(list(have)), missing


def _value(frame: pd.DataFrame, country: str, year: int, label: str | None) -> float:
    hit = frame[(frame["country"] == country) & (frame["year"] == int(year))]
    if hit.empty:
        years = sorted(frame.loc[frame["country"] == country, "year"].unique())
        where = f" (vintage {label!r})" if label else ""
        have = f"years with data: {year_list(years)}" if years else "no data at all"
        raise ValueError(f"{country} has no value for {year}{where}; {have}")
    return float(hit["value"].iloc[0])


# --------------------------------------------------------------------------- rank


@dataclass(frozen=True)
class Rank:
    """Where a country ranks among its peers in one year.

    Attributes:
        country, year: who and when.
        rank: 1 = best (ties share the better rank); ``int(r)`` gives it.
        out_of: how many countries had a value that year (the country included).
        value: the country's value (units of the series).
        higher_is_better: the direction used.
        vintage: the vintage used (None when the frame has none).
        table: ``country``, ``value``, ``rank`` of every peer with a value, best first.
        missing: peers with no value that year (not ranked, not filled).
    """

    country: str
    year: int
    rank: int
    out_of: int
    value: float
    higher_is_better: bool
    vintage: str | None
    table: pd.DataFrame
    missing: tuple[str, ...]

    def __int__(self) -> int:
        return self.rank

    def __str__(self) -> str:
        v = f", {self.vintage}" if self.vintage else ""
        m = f"; no data: {', '.join(self.missing)}" if self.missing else ""
        return f"{self.country} ranks {ordinal(self.rank)} of {self.out_of} in {self.year}{v}{m}"


def rank(
    df: pd.DataFrame,
    country: str = "KOR",
    year: int | None = None,
    peers: Peers = "core",
    *,
    higher_is_better: bool = True,
    vintage: str | None = None,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> Rank:
    """Rank a country among a peer set in one year.

    Args:
        df: tidy frame (country, year, value[, vintage, source_id]), one indicator.
        country: ISO3 code; added to the peer set if not in it.
        year: the year to compare (required; no other year is substituted).
        peers: peer set name, code or codes (see :func:`peer_set`).
        higher_is_better: False for series where low is good (e.g. ranks in an index).
        vintage, release_dates, data: vintage choice (see :func:`select_vintage`).

    Returns:
        A :class:`Rank` (1 = best; ties share the better rank) with the ranked table and the
        peers that lacked a value.

    Raises:
        ValueError: no year given, the country has no value that year, bad peers or frame.
    """
    if year is None:
        raise ValueError("rank() needs a year; use latest() to find the latest year with data")
    country = _country(country)
    group = tuple(dict.fromkeys((country, *peer_set(peers, data=data))))
    frame, label = _prepare(df, vintage, release_dates, data)
    own = _value(frame, country, year, label)
    values, missing = _year_table(frame, year, group)
    ranks = values.rank(ascending=not higher_is_better, method="min").astype(int)
    table = (
        pd.DataFrame({"country": values.index, "value": values.to_numpy(), "rank": ranks.to_numpy()})
        .sort_values(["rank", "country"], kind="stable")
        .reset_index(drop=True)
    )
    return Rank(country, int(year), int(ranks[country]), len(values), own, higher_is_better,
                label, table, missing)


# --------------------------------------------------------------------------- latest


def latest(
    df: pd.DataFrame,
    countries: Peers = "core",
    *,
    until: int | None = None,
    vintage: str | None = None,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """The latest value per country, with its year.

    Args:
        df: tidy frame, one indicator.
        countries: peer set name, code or codes.
        until: ignore years after this one (e.g. ``until=2019`` for "as of 2019").
        vintage, release_dates, data: vintage choice (see :func:`select_vintage`).

    Returns:
        One row per requested country, in the peer set's order: ``country``, ``year``
        (``Int64``; <NA> when the country has no data), ``value`` (NaN then), ``vintage``.
        Countries without data stay in the table so the gap is visible.
    """
    group = peer_set(countries, data=data)
    frame, label = _prepare(df, vintage, release_dates, data)
    if until is not None:
        frame = frame[frame["year"] <= int(until)]
    last = frame.sort_values("year").groupby("country").tail(1).set_index("country")
    last = last.reindex(list(group))
    return pd.DataFrame({
        "country": list(group),
        "year": pd.array(last["year"].to_numpy(dtype="float64"), dtype="Int64"),
        "value": last["value"].to_numpy(dtype="float64"),
        "vintage": label,
    })


# --------------------------------------------------------------------------- gap


@dataclass(frozen=True)
class Gap:
    """A country's value against a peer or the peer median in one year.

    Attributes:
        country, year, value: the country, the year and its value.
        reference: the peer's code, or ``"median"``.
        reference_value: the peer's value or the median of the peers' values.
        difference: ``value - reference_value`` (units of the series; e.g. percentage points
            for a series in percent).
        ratio: ``value / reference_value`` (NaN when the reference is 0).
        peers_used: the peers behind the median (the country itself excluded).
        missing: peers with no value that year (left out of the median, not filled).
        vintage: the vintage used.
    """

    country: str
    year: int
    value: float
    reference: str
    reference_value: float
    difference: float
    ratio: float
    peers_used: tuple[str, ...]
    missing: tuple[str, ...]
    vintage: str | None

    def __float__(self) -> float:
        return self.difference


def gap(
    df: pd.DataFrame,
    country: str = "KOR",
    year: int | None = None,
    to: str = "median",
    peers: Peers = "core",
    *,
    vintage: str | None = None,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> Gap:
    """How far a country is from one peer, or from the median of a peer set, in one year.

    Args:
        df: tidy frame, one indicator.
        country: ISO3 code.
        year: the year (required).
        to: ``"median"`` (median of ``peers`` with a value that year, the country excluded)
            or one peer's ISO3 code (then ``peers`` is not used).
        peers: peer set for the median.
        vintage, release_dates, data: vintage choice (see :func:`select_vintage`).

    Returns:
        A :class:`Gap`: difference (series units) and ratio, the peers used, those missing.

    Raises:
        ValueError: no year, the country or the peer has no value that year, or no peer
            has a value for the median.
    """
    if year is None:
        raise ValueError("gap() needs a year")
    country = _country(country)
    frame, label = _prepare(df, vintage, release_dates, data)
    own = _value(frame, country, year, label)
    if to.lower() == "median":
        group = tuple(c for c in peer_set(peers, data=data) if c != country)
        values, missing = _year_table(frame, year, group)
        if values.empty:
            raise ValueError(f"No peer of {country} has a value for {year}; cannot take a median")
        ref, ref_name, used = float(values.median()), "median", tuple(values.index)
    else:
        peer = _country(to)
        ref, ref_name, used, missing = _value(frame, peer, year, label), peer, (peer,), ()
    return Gap(country, int(year), own, ref_name, ref, own - ref,
               own / ref if ref != 0 else float("nan"), used, missing, label)


# --------------------------------------------------------------------------- growth


@dataclass(frozen=True)
class Growth:
    """Compound annual growth of a country's series between two years.

    Attributes:
        cagr: percent per year, ``((end_value / start_value) ** (1 / (end - start)) - 1) * 100``;
            ``float(g)`` gives it.
        country, start, end, start_value, end_value, vintage: what it was computed from.
    """

    country: str
    start: int
    end: int
    start_value: float
    end_value: float
    cagr: float
    vintage: str | None

    def __float__(self) -> float:
        return self.cagr


def cagr(
    df: pd.DataFrame,
    country: str,
    start: int,
    end: int,
    *,
    vintage: str | None = None,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> Growth:
    """Compound annual growth rate (percent per year) of a country's series.

    Both years must have a value in the same vintage (no interpolation, no other year), and
    both values must be positive.

    Raises:
        ValueError: ``start >= end``, a missing year, or a non-positive value.
    """
    country = _country(country)
    if int(start) >= int(end):
        raise ValueError(f"start ({start}) must be before end ({end})")
    frame, label = _prepare(df, vintage, release_dates, data)
    a, b = _value(frame, country, start, label), _value(frame, country, end, label)
    if a <= 0 or b <= 0:
        raise ValueError(f"CAGR needs positive values; {country} has {a} in {start} and {b} in {end}")
    rate = ((b / a) ** (1.0 / (int(end) - int(start))) - 1.0) * 100.0
    return Growth(country, int(start), int(end), a, b, rate, label)


def then_vs_now(
    df: pd.DataFrame,
    countries: Peers = "core",
    reference_year: int = 2019,
    *,
    vintage: str | None = None,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """Each country's value in a reference year against its latest available value.

    Returns:
        One row per requested country (peer-set order): ``country``, ``then_year`` (the
        reference year), ``then_value`` (NaN when the country has no value that year; no other
        year is used), ``now_year`` (``Int64``; the latest year with data, <NA> if none),
        ``now_value``, ``change`` (now - then, series units), ``change_pct`` (percent change),
        ``vintage``. When the latest year *is* the reference year, the change is 0.
    """
    group = peer_set(countries, data=data)
    frame, label = _prepare(df, vintage, release_dates, data)
    then, _ = _year_table(frame, reference_year, group)
    now = latest(frame, group)  # frame already has one vintage and no vintage column
    then_v = then.reindex(list(group)).to_numpy(dtype="float64")
    now_v = now["value"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(then_v != 0, (now_v / then_v - 1.0) * 100.0, np.nan)
    return pd.DataFrame({
        "country": list(group),
        "then_year": int(reference_year),
        "then_value": then_v,
        "now_year": now["year"].array,
        "now_value": now_v,
        "change": now_v - then_v,
        "change_pct": pct,
        "vintage": label,
    })


# --------------------------------------------------------------------------- rank over time


def rank_history(
    df: pd.DataFrame,
    country: str = "KOR",
    peers: Peers = "core",
    *,
    years: Iterable[int] | None = None,
    higher_is_better: bool = True,
    vintage: str | None = None,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """A country's rank among its peers in every year it has a value (one vintage).

    Args:
        df: tidy frame (country, year, value[, vintage, source_id]), one indicator.
        country: ISO3 code; added to the peer set if not in it.
        peers: peer set name, code or codes. Aggregates (``OED``, ``EUU``, ``WLD``) are ranked
            only if you list them.
        years: the years to rank (default: every year the country has a value).
        higher_is_better: the direction (False for ranks in an index).
        vintage, release_dates, data: vintage choice (see :func:`select_vintage`).

    Returns:
        One row per year, oldest first: ``year``, ``rank`` (1 = best; ties share the better
        rank), ``out_of`` (peers with a value that year, the country included), ``value`` (the
        country's, series units), ``leader`` (ISO3 of the best peer; ties: alphabetical
        first), ``leader_value``, ``missing`` (``;``-separated peers with no value that year),
        ``vintage``. Every year uses the same vintage; no value is borrowed from another year.

    Raises:
        ValueError: the country has no value in a year asked for, or bad peers or frame.
    """
    country = _country(country)
    group = tuple(dict.fromkeys((country, *peer_set(peers, data=data))))
    frame, label = _prepare(df, vintage, release_dates, data)
    own_years = sorted(int(y) for y in frame.loc[frame["country"] == country, "year"].unique())
    wanted = own_years if years is None else sorted({int(y) for y in years})
    if not wanted:
        raise ValueError(f"{country} has no value in the frame{' (vintage ' + repr(label) + ')' if label else ''}")
    rows = []
    for year in wanted:
        own = _value(frame, country, year, label)
        values, missing = _year_table(frame, year, group)
        ranks = values.rank(ascending=not higher_is_better, method="min").astype(int)
        best = ranks[ranks == ranks.min()].index
        leader = sorted(best)[0]
        rows.append({
            "year": int(year), "rank": int(ranks[country]), "out_of": len(values), "value": own,
            "leader": leader, "leader_value": float(values[leader]), "missing": ";".join(missing),
            "vintage": label,
        })
    return pd.DataFrame(rows)
