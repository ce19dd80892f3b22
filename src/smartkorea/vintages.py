"""Vintages: which release of a series to use, and what later releases changed.

A data row may carry a ``vintage`` label (the release it was read from, e.g. ``"WDI 2025-07"``).
The helpers here keep a series to **one** vintage, so it is never silently spliced from several
releases, and compare releases with each other.

"Latest published" is explicit, not the order of the categorical: a vintage's publication date
is the latest ``published`` date of the sources its rows cite (``source_id`` ->
``smartkorea.sources()``; ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, where a bare year sorts before
any dated month of that year, see :func:`smartkorea.periods.sort_key`), or comes from a
``release_dates={"label": "YYYY-MM"}`` mapping you pass. A tie for latest, or no date at all,
raises and asks you to choose.

Frames are tidy: ``country`` (ISO3), ``year`` (int), ``value`` (number), optionally ``vintage``
and ``source_id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import sources
from .countries import Peers, check_code, peer_set
from .periods import sort_key

__all__ = ["across_vintages", "check_frame", "one_vintage", "revisions", "select_vintage", "vintages"]


def vintages(
    df: pd.DataFrame,
    *,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """The vintages of a frame, oldest first, with the date used to order them.

    Columns: ``vintage``, ``published`` (``YYYY[-MM[-DD]]`` or None when unknown),
    ``source_ids`` (``;``-separated), ``rows``. Unknown dates sort first (they are never
    taken as the latest).
    """
    check_frame(df)
    if "vintage" not in df.columns:
        raise ValueError("The frame has no 'vintage' column")
    labels = df["vintage"].astype("string")
    if labels.isna().any():
        raise ValueError("Some rows have no vintage label; label or drop them first")
    published: dict[str, str] = {}
    if release_dates is None and "source_id" in df.columns:
        table = sources(data=data)
        published = dict(zip(table["source_id"].astype(str), table["published"]))
    rows = []
    for label, part in df.groupby(labels, sort=True, observed=True):
        ids = list(dict.fromkeys(part["source_id"].astype(str))) if "source_id" in part else []
        if release_dates is not None:
            dates = [release_dates.get(str(label))]
        else:
            dates = [published.get(i) for i in ids]
        keyed = [(k, d) for d in dates if (k := sort_key(d)) is not None]
        best = max(keyed)[1] if keyed else None
        rows.append({"vintage": str(label), "published": best, "source_ids": ";".join(ids),
                     "rows": len(part), "_key": max(keyed)[0] if keyed else (0, 0, 0)})
    out = pd.DataFrame(rows).sort_values(["_key", "vintage"], kind="stable")
    return out.drop(columns="_key").reset_index(drop=True)


def select_vintage(
    df: pd.DataFrame,
    vintage: str | None = None,
    *,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> tuple[pd.DataFrame, str | None]:
    """Keep the rows of one vintage and say which.

    Args:
        df: a tidy frame (``country``, ``year``, ``value``; optional ``vintage``, ``source_id``).
        vintage: the label to keep; ``None`` = the latest published (see the module docstring).
        release_dates: an explicit ``{vintage label: "YYYY[-MM[-DD]]"}`` publication date
            mapping, used instead of the sources table.
        data: another data package folder (for the sources table).

    Returns:
        ``(rows of that vintage, its label)``; the frame unchanged and ``None`` when it has
        no ``vintage`` column.

    Raises:
        ValueError: an unknown label (the message lists the available ones), or no single
            latest vintage can be determined (ties or missing dates).
    """
    check_frame(df)
    if "vintage" not in df.columns:
        if vintage is not None:
            raise ValueError(f"vintage={vintage!r} asked for, but the frame has no 'vintage' column")
        return df, None
    labels = df["vintage"].astype("string")
    if vintage is not None:
        keep = labels == vintage
        if not keep.fillna(False).any():
            avail = ", ".join(sorted(labels.dropna().unique()))
            raise ValueError(f"No rows of vintage {vintage!r}; vintages in the frame: {avail}")
        return df[keep.fillna(False).to_numpy()], vintage
    if labels.nunique(dropna=True) == 1 and not labels.isna().any():
        return df, str(labels.iloc[0])
    if release_dates is None and "source_id" not in df.columns:
        raise ValueError(
            "Cannot tell which vintage is latest: the frame has no 'source_id' column. "
            "Pass vintage=... or release_dates={label: 'YYYY-MM'}."
        )
    table = vintages(df, release_dates=release_dates, data=data)
    dated = table[table["published"].notna()]
    if dated.empty:
        raise ValueError(
            "Cannot tell which vintage is latest: no publication date is known for "
            f"{', '.join(table['vintage'])}. Pass vintage=... or release_dates=..."
        )
    keys = dated["published"].map(sort_key)
    top = dated[keys == keys.max()]
    if len(top) > 1:
        raise ValueError(
            f"Vintages {', '.join(top['vintage'])} share the latest publication date "
            f"{top['published'].iloc[0]}; pass vintage=... to choose one."
        )
    label = str(top["vintage"].iloc[0])
    return df[(labels == label).fillna(False).to_numpy()], label


def check_frame(df: pd.DataFrame) -> None:
    """Refuse anything but a non-empty DataFrame with ``country``, ``year`` and ``value``."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"Expected a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in ("country", "year", "value") if c not in df.columns]
    if missing:
        raise ValueError(
            f"The frame lacks column(s) {missing}; expected a tidy frame with country, year, "
            f"value (found {list(df.columns)})"
        )
    if df.empty:
        raise ValueError("The frame is empty")


def one_vintage(
    df: pd.DataFrame,
    vintage: str | None,
    release_dates: Mapping[str, str] | None,
    data: str | Path | None,
) -> tuple[pd.DataFrame, str | None]:
    """One vintage, the three core columns typed, missing values dropped, duplicates refused.

    Returns ``(frame with country, year (int64), value (float64), the vintage label used)``.
    """
    rows, label = select_vintage(df, vintage, release_dates=release_dates, data=data)
    out = pd.DataFrame({
        "country": rows["country"].astype(str).to_numpy(),
        "year": pd.to_numeric(rows["year"]).to_numpy(),
        "value": pd.to_numeric(rows["value"], errors="raise").to_numpy(dtype="float64", na_value=np.nan),
    })
    out = out[np.isfinite(out["value"])]
    dup = out.duplicated(["country", "year"], keep=False)
    if dup.any():
        ex = out[dup].iloc[0]
        raise ValueError(
            f"{int(dup.sum())} rows share a country and year (e.g. {ex['country']} {int(ex['year'])})"
            f"{' in vintage ' + repr(label) if label else ''}: filter the indicator/measure "
            "first, so there is one value per country and year."
        )
    out["year"] = out["year"].astype("int64")
    return out, label


def across_vintages(
    df: pd.DataFrame,
    country: str,
    year: int,
    *,
    release_dates: Mapping[str, str] | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """One observation (a country and a year) as every vintage in the frame gives it.

    Vintages are ordered by publication date (see :func:`vintages`; unknown dates first), so
    the first row is the earliest release and the last the latest.

    Returns:
        ``vintage``, ``published`` (``YYYY[-MM[-DD]]`` or None), ``value`` (series units),
        ``source_id`` (the sources of that vintage's row, ``;``-separated, or None when the
        frame has no ``source_id``), ``change`` (value minus the earliest vintage's, series
        units, e.g. percentage points) and ``change_pct`` (percent of the earliest value).

    Raises:
        ValueError: the frame has no ``vintage`` column, several values of one vintage for
            that country-year (filter the measure first), or no value at all.
    """
    country = check_code(country)
    check_frame(df)
    if "vintage" not in df.columns:
        raise ValueError("across_vintages() needs a 'vintage' column")
    hit = df[(df["country"].astype(str) == country) & (pd.to_numeric(df["year"]) == int(year))]
    hit = hit[pd.to_numeric(hit["value"], errors="coerce").notna()]
    if hit.empty:
        raise ValueError(f"No vintage has a value for {country} in {year}")
    labels = hit["vintage"].astype("string")
    dup = labels.duplicated(keep=False)
    if dup.any():
        raise ValueError(
            f"Vintage {labels[dup].iloc[0]!r} has several values for {country} {year}: filter "
            "the indicator/measure first."
        )
    order = vintages(hit, release_dates=release_dates, data=data)
    by_label = hit.assign(_v=labels.astype(str)).set_index("_v")
    values = [float(by_label.loc[v, "value"]) for v in order["vintage"]]
    first = values[0]
    out = pd.DataFrame({
        "vintage": order["vintage"].to_numpy(),
        "published": order["published"].to_numpy(),
        "value": values,
        "source_id": [order["source_ids"].iloc[i] or None for i in range(len(order))]
        if "source_id" in hit.columns else None,
    })
    out["change"] = out["value"] - first
    out["change_pct"] = (out["value"] / first - 1.0) * 100.0 if first != 0 else np.nan
    return out


def revisions(
    df: pd.DataFrame,
    old: str,
    new: str,
    countries: Peers = "core",
    *,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """How a later vintage revised an earlier one, country by country and year by year.

    Args:
        df: tidy frame with a ``vintage`` column, one indicator.
        old, new: the two vintage labels (e.g. ``"WDI 2025-07"`` and ``"WDI 2026-07"``).
        countries: peer set name, code or codes.

    Returns:
        One row per country and year present in **both** vintages (a year only one vintage
        has is left out, not filled), in peer-set then year order: ``country``, ``year``,
        ``old``, ``new``, ``change`` (new - old, series units) and ``change_pct`` (percent of
        the old value; NaN when it is 0).
    """
    group = peer_set(countries, data=data)
    a, _ = one_vintage(df, old, None, data)
    b, _ = one_vintage(df, new, None, data)
    both = a.merge(b, on=["country", "year"], suffixes=("_old", "_new"))
    both = both[both["country"].isin(group)]
    both["_order"] = both["country"].map({c: i for i, c in enumerate(group)})
    both = both.sort_values(["_order", "year"], kind="stable")
    old_v, new_v = both["value_old"].to_numpy(), both["value_new"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(old_v != 0, (new_v / old_v - 1.0) * 100.0, np.nan)
    return pd.DataFrame({
        "country": both["country"].to_numpy(), "year": both["year"].to_numpy(),
        "old": old_v, "new": new_v, "change": new_v - old_v, "change_pct": pct,
    })
