"""Add a World Bank WDI release to the data package as a labelled vintage; say what it revised.

:func:`import_wdi` adds the values of a bulk download (read by :mod:`smartkorea.wdifile`,
which describes the file) to every table that carries the indicator (:data:`INDICATORS`): its
own table for the package's countries (the ``countries`` table), and ``peer_indicators`` for
the economies that table holds (data years from 2010), each as the vintage ``"WDI YYYY-MM"`` of
the file's Last Updated Date, citing a new source row (World Bank, the indicator, that date).
Earlier vintages are kept. Importing a release twice changes nothing; a value that disagrees
with one the same vintage already holds is refused. All files change together or not at all.

:func:`revisions` lists what a WDI vintage changed against the one published before it.
``Indicator``, ``INDICATORS``, ``Release``, ``read_release``, ``bulk_url``, ``source_id`` and
``vintage_label`` live in :mod:`smartkorea.wdifile` and are re-exported here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from decimal import Decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import compare
from .catalog import data_dir, load, problems
from .errors import WdiFileError
from .wdifile import (  # reading the file lives there
    _PREFIX,
    INDICATORS,
    Indicator,
    Release,
    bulk_url,
    read_release,
    source_id,
    vintage_label,
)

__all__ = [
    "INDICATORS",
    "Imported",
    "Indicator",
    "Release",
    "bulk_url",
    "import_wdi",
    "read_release",
    "revisions",
    "source_id",
    "vintage_label",
]


# --------------------------------------------------------------------------- importing


@dataclass(frozen=True)
class Imported:
    """What one release added to the data package.

    Attributes:
        release: the release read.
        dataset: the indicator's first table (the one :attr:`revisions` is about).
        vintage: its vintage label (``"WDI 2026-07"``).
        added: rows added to ``dataset`` (0 when the release was already there).
        revisions: :func:`revisions` of this vintage against the one published before it
            (empty when there is none).
        previous: that earlier vintage's label, or None.
        tables: rows added per table, ``dataset`` first, then the indicator's further
            tables (e.g. ``{"rd_intensity": 12, "peer_indicators": 40}``).
    """

    release: Release
    dataset: str
    vintage: str
    added: int
    revisions: pd.DataFrame
    previous: str | None
    tables: Mapping[str, int] = field(default_factory=dict)


def import_wdi(paths: Iterable[str | Path], data: str | Path | None = None) -> list[Imported]:
    """Add World Bank bulk downloads (CSV or zip) to a data package, each as a vintage.

    Each release goes into every table that carries its indicator (:data:`INDICATORS`: e.g.
    R&D intensity into ``rd_intensity`` for every country of the package and into
    ``peer_indicators`` for the economies that table holds, data years from 2010).

    Args:
        paths: the files; all are read (and checked) before anything is written.
        data: the data package folder (default: the one smartkorea reads).

    Returns:
        One :class:`Imported` per release, in the order given.

    Raises:
        WdiFileError: a file that cannot be read (see :func:`read_release`), a value that
            disagrees with one the same vintage already holds, or a result that would not
            pass validation. Nothing is written then: the folder stays byte-identical (every
            table an import touches changes, or none).
    """
    folder = Path(data).resolve() if data is not None else data_dir()
    releases = [r for p in paths for r in read_release(p)]
    if not releases:
        raise ValueError("No files to import")
    package_path = folder / "datapackage.json"
    package_text = package_path.read_text(encoding="utf-8")
    package = json.loads(package_text)
    texts: dict[str, str] = {}  # file name in the folder -> its new text

    def current(name: str) -> str:
        return texts.get(name) or (folder / name).read_text(encoding="utf-8")

    added: list[dict[str, int]] = []
    for release in releases:
        counts: dict[str, int] = {}
        for target in INDICATORS[release.code].targets:
            res = next((r for r in package["resources"] if r["name"] == target.dataset), None)
            if res is None:
                raise WdiFileError(release.file, f"the data package has no {target.dataset!r} table")
            csv_name = res["path"]
            economies = _economies(release, target, package, current)
            text, n = _add_rows(release, target, current(csv_name), economies)
            counts[target.dataset] = counts.get(target.dataset, 0) + n
            if n:
                texts[csv_name] = text
                _allow_vintage(res, release.vintage)
        if any(counts.values()):
            texts["sources.csv"] = _add_source(release, current("sources.csv"))
        added.append(counts)
    new_package = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    if texts and new_package != package_text:
        texts["datapackage.json"] = new_package
    if texts:
        _check_then_write(folder, texts, "; ".join(dict.fromkeys(r.file for r in releases)))
    out = []
    for release, counts in zip(releases, added):
        table, previous = _revisions_or_empty(release, folder)
        dataset = INDICATORS[release.code].dataset
        out.append(Imported(release, dataset, release.vintage, counts[dataset], table, previous, counts))
    return out


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def _economies(release: Release, target: Indicator, package: dict, current) -> set[str]:
    """The country codes ``target`` takes: those of the table named by ``target.economies``."""
    res = next((r for r in package["resources"] if r["name"] == target.economies), None)
    if res is None:
        raise WdiFileError(release.file, f"the data package has no {target.economies!r} table")
    return {r["country"] for r in _rows(current(res["path"]))[1]}


def _add_rows(release: Release, target: Indicator, text: str, countries: Iterable[str]) -> tuple[str, int]:
    header, rows = _rows(text)
    for col in ("country", "year", "value", "vintage", "source_id", *target.fixed, *target.defaults):
        if col not in header:
            raise WdiFileError(release.file, f"the {target.dataset} table has no {col!r} column")
    held = {
        (r["country"], int(r["year"])): r["value"]
        for r in rows
        if r["vintage"] == release.vintage and all(r.get(k) == v for k, v in target.fixed.items())
    }
    wanted = set(countries)
    sid = source_id(release.code, release.updated)
    new_rows = []
    for country, year, value, cell in release.values.itertuples(index=False):
        if country not in wanted or (target.since is not None and year < target.since):
            continue
        have = held.get((country, int(year)))
        if have is not None:
            if float(have) != value:
                raise WdiFileError(
                    release.file,
                    f"vintage {release.vintage!r} of {target.dataset} already holds {country} "
                    f"{year} = {have}, but this file says {cell}; a different release of the same "
                    "month? Remove that vintage first if this file should replace it.",
                )
            continue
        row = dict.fromkeys(header, "")
        row.update(target.defaults)
        row.update(target.fixed)
        row.update(country=country, year=str(year), value=cell, vintage=release.vintage, source_id=sid)
        if "released" in header:
            row["released"] = release.updated
        new_rows.append(row)
    if not new_rows:
        return text, 0
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writerows(new_rows)
    base = text if text.endswith("\n") or not text else text + "\n"
    return base + out.getvalue(), len(new_rows)


def _add_source(release: Release, text: str) -> str:
    header, rows = _rows(text)
    sid = source_id(release.code, release.updated)
    if any(r["source_id"] == sid for r in rows):
        return text
    row = dict.fromkeys(header, "")
    row.update({
        "source_id": sid,
        "publisher": "World Bank",
        "title": f"World Development Indicators: {release.code} {release.name}",
        "url": f"https://data.worldbank.org/indicator/{release.code}",
        "published": release.updated,
        "retrieved_via": f"World Bank bulk download {Path(release.file.split(':')[-1]).name}",
        "note": f"Imported with smartkorea import-wdi as vintage {release.vintage}; values exactly as "
                f"in the file (Last Updated Date {release.updated}).",
    })
    out = io.StringIO(newline="")
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writerow(
        {k: v for k, v in row.items() if k in header}
    )
    base = text if text.endswith("\n") or not text else text + "\n"
    return base + out.getvalue()


def _allow_vintage(resource: dict, label: str) -> None:
    for f in resource["schema"]["fields"]:
        if f["name"] == "vintage":
            enum = f.get("constraints", {}).get("enum")
            if enum is not None and label not in enum:
                enum.insert(0, label)


def _check_then_write(folder: Path, texts: Mapping[str, str], files: str) -> None:
    """Validate the new files in a scratch copy, then replace them all (or none)."""
    with tempfile.TemporaryDirectory(prefix="smartkorea-wdi-") as scratch:
        trial = Path(scratch) / "data"
        shutil.copytree(folder, trial)
        for name, text in texts.items():
            (trial / name).write_text(text, encoding="utf-8", newline="")
        found = problems(trial)
        if found:
            raise WdiFileError(
                files,
                f"importing it would make the data package invalid ({len(found)} problem(s)); "
                f"the first: {str(found[0]).replace(str(trial), str(folder))}",
            )
    originals = {name: (folder / name).read_bytes() for name in texts}
    staged: dict[str, Path] = {}
    try:
        for name, text in texts.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            staged[name] = Path(tmp)
        done = []
        try:
            for name, tmp in staged.items():
                os.replace(tmp, folder / name)
                done.append(name)
        except BaseException:
            for name in done:
                (folder / name).write_bytes(originals[name])
            raise
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- revisions


def _indicator(indicator: str) -> tuple[str, Indicator]:
    if indicator in INDICATORS:
        return indicator, INDICATORS[indicator]
    hits = [(c, t) for c, t in INDICATORS.items() if _key(t) == indicator]
    if len(hits) == 1:
        return hits[0]
    raise KeyError(
        f"Unknown WDI indicator {indicator!r}; known: "
        + ", ".join(f"{c} ({_key(t)})" for c, t in INDICATORS.items())
    )


def _key(target: Indicator) -> str:
    """The name an indicator is known by in its first table: the table, or its ``indicator``."""
    return target.fixed.get("indicator", target.dataset)


def revisions(
    indicator: str,
    vintage: str | None = None,
    *,
    previous: str | None = None,
    countries: Iterable[str] | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """What one WDI vintage changed against the WDI vintage published before it.

    Args:
        indicator: a WDI code (``"GB.XPD.RSDV.GD.ZS"``), the table carrying it
            (``"rd_intensity"``) or, for a series kept only in ``peer_indicators``, its
            ``indicator`` there (``"fixed_broadband_per_100"``).
        vintage: the later vintage (default: the latest published WDI vintage).
        previous: the earlier one (default: the WDI vintage published just before
            ``vintage``; order by source publication date, see :func:`smartkorea.compare.vintages`).
        countries: ISO3 codes to keep (default: every country in the table).
        data: another data package folder.

    Returns:
        One row per changed value, Korea first then by country code and year: ``country``,
        ``year``, ``old`` and ``new`` (the indicator's unit; NaN where a vintage has no
        value), ``change`` (new - old; NaN unless both exist) and ``status``: ``"revised"``,
        ``"added"`` (only the later vintage has it, e.g. a new year) or ``"dropped"``. Values
        both vintages hold unchanged are left out; so is a difference smaller than half a unit
        in the last decimal of the less precise of the two (the same number printed at another
        precision, e.g. ``2.21616005897522`` then ``2.21616``). ``attrs`` holds ``vintage``, ``previous``
        and ``indicator``.

    Raises:
        KeyError: an unknown indicator. ValueError: an unknown vintage, or no earlier one.
    """
    code, target = _indicator(indicator)
    df = load(target.dataset, data)
    for col, value in target.fixed.items():
        df = df[df[col].astype(str) == value]
    df = df[df["vintage"].astype(str).str.startswith(_PREFIX)]
    if df.empty:
        raise ValueError(f"{target.dataset} holds no WDI vintage of {code}")
    order = list(compare.vintages(df, data=data)["vintage"])
    if vintage is None:
        vintage = order[-1]
    if vintage not in order:
        raise ValueError(f"No WDI vintage {vintage!r} of {code}; vintages: {', '.join(order)}")
    if previous is None:
        at = order.index(vintage)
        if at == 0:
            raise ValueError(f"{vintage} is the earliest WDI vintage of {code}; nothing to compare with")
        previous = order[at - 1]
    if previous not in order:
        raise ValueError(f"No WDI vintage {previous!r} of {code}; vintages: {', '.join(order)}")
    return _diff(df, code, vintage, previous, countries)


def _diff(df: pd.DataFrame, code: str, vintage: str, previous: str, countries) -> pd.DataFrame:
    def one(label: str) -> pd.DataFrame:
        part = df[df["vintage"].astype(str) == label]
        return pd.DataFrame({
            "country": part["country"].astype(str).to_numpy(),
            "year": part["year"].astype("int64").to_numpy(),
            "value": part["value"].astype("float64").to_numpy(),
        })

    both = one(previous).merge(one(vintage), on=["country", "year"], how="outer", suffixes=("_old", "_new"))
    if countries is not None:
        both = both[both["country"].isin(list(countries))]
    old, new = both["value_old"], both["value_new"]
    status = pd.Series("revised", index=both.index)
    status[old.isna()] = "added"
    status[new.isna()] = "dropped"
    tolerance = _half_last_digit(one(previous)["value"], one(vintage)["value"])
    keep = old.isna() | new.isna() | ((new - old).abs() > tolerance)
    out = pd.DataFrame({
        "country": both["country"], "year": both["year"], "old": old, "new": new,
        "change": new - old, "status": status,
    })[keep]
    out = out.assign(_k=out["country"] != "KOR").sort_values(["_k", "country", "year"], kind="stable")
    out = out.drop(columns="_k").reset_index(drop=True)
    out.attrs.update(vintage=vintage, previous=previous, indicator=code)
    return out


def _decimals(values: pd.Series) -> int:
    """The most decimals any value of a release is written with (its print precision)."""
    places = [-Decimal(repr(float(v))).as_tuple().exponent for v in values.dropna()]
    return max(places, default=0)


def _half_last_digit(old: pd.Series, new: pd.Series) -> float:
    """Half a unit in the last decimal of the less precise of two releases.

    Releases print the same number at different precision (``2.21616005897522`` in one,
    ``2.21616`` in the next); a difference below this is rounding, not a revision. The
    precision is the release's, not the value's: ``2.1`` in a five-decimal release is
    2.10000 with its zeros dropped, so 2.09525 -> 2.1 is a revision.
    """
    places = min(_decimals(old), _decimals(new))
    return 0.5 * 10.0 ** -places * (1 + 1e-9)


def _revisions_or_empty(release: Release, folder: Path) -> tuple[pd.DataFrame, str | None]:
    try:
        table = revisions(release.code, release.vintage, data=folder)
    except ValueError:
        empty = pd.DataFrame(columns=["country", "year", "old", "new", "change", "status"])
        return empty, None
    return table, table.attrs["previous"]

