"""Find, check, load and cite the datasets of the smartkorea data package.

The data package is a folder holding ``datapackage.json`` (a Frictionless Data Package whose
resources carry Table Schemas) and one CSV per dataset. Every value is read as text, checked
against its schema (type, required, enum, pattern, minimum/maximum, primary key, links to the
tables named in the schema's ``foreignKeys``) and only then converted to a pandas dtype:

========  =====================================================
schema    pandas dtype
========  =====================================================
integer   ``int64`` (``Int64`` when a value may be missing)
number    ``float64``
boolean   ``bool`` (``boolean`` when a value may be missing)
date      ``datetime64``
string    ``category`` when the field has an ``enum``, else text
========  =====================================================

Any departure raises :class:`~smartkorea.errors.DataValidationError` naming the file, the row
(the header is row 1), the column, what was expected and what was found. Reading and typing
one CSV lives in :mod:`smartkorea.schema`; finding, checking keys and links, loading and citing
here.

The package read by default is the one shipped with smartkorea, or the folder named by the
``SMARTKOREA_DATA`` environment variable when it is set (:func:`data_dir`); every function also
takes ``data=`` for another folder. :func:`problems` (``smartkorea validate``) also rejects
markup in text fields (:mod:`smartkorea.markup`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from . import citations, freshness, markup, periods, tablecache
from .citations import split_ids
from .errors import DataValidationError, UnknownDatasetError
from .schema import _convert, _read_rows  # reading and typing one CSV

__all__ = [
    "cite",
    "data_dir",
    "data_to",
    "datasets",
    "describe",
    "fingerprint",
    "load",
    "newest_release",
    "problems",
    "source_record",
    "sources",
    "split_ids",
]

SOURCES = "sources"


DATA_ENV = "SMARTKOREA_DATA"
"""The environment variable naming a data package folder to use instead of the shipped one."""


def data_dir() -> Path:
    """The folder of the data package in use: ``$SMARTKOREA_DATA`` when set, else the shipped one.

    Setting ``SMARTKOREA_DATA`` to an edited copy of the data package makes every function
    that is not given ``data=`` read that copy, and so do the notebook kernels of
    ``smartkorea report``, which inherit the environment. The folder or its
    ``datapackage.json`` may be given.

    Raises:
        DataValidationError: ``SMARTKOREA_DATA`` is set but names no data package.
    """
    chosen = os.environ.get(DATA_ENV, "").strip()
    if chosen:
        folder = Path(chosen).expanduser().resolve()
        if folder.name == "datapackage.json" and folder.is_file():
            folder = folder.parent
        if not (folder / "datapackage.json").is_file():
            raise DataValidationError(
                str(folder / "datapackage.json"),
                expected=f"a data package folder (the {DATA_ENV} environment variable is {chosen!r})",
                found="no datapackage.json there",
            )
        return folder
    return _shipped_data_dir()


@lru_cache(maxsize=1)
def _shipped_data_dir() -> Path:
    """The data package that ships with smartkorea.

    An installed wheel carries the data inside the package (``smartkorea/data``); an editable
    install or a plain checkout imports from ``src/`` where there is no data folder, so fall
    back to the checkout's top-level ``data/``.
    """
    packaged = resources.files("smartkorea") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / "datapackage.json").is_file():
        return checkout
    raise FileNotFoundError(
        "smartkorea's data package was not found: looked in the installed package "
        f"({packaged}) and in the checkout ({checkout})."
    )


# --------------------------------------------------------------------------- descriptor


def _resolve(folder: str | Path | None) -> Path:
    return Path(folder).resolve() if folder is not None else data_dir()


def _signature(path: Path) -> tuple[int, int]:
    """What identifies one version of a file: modification time and size."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, -1)
    return (st.st_mtime_ns, st.st_size)


def _descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    return _descriptor_cached(path, _signature(path))


@lru_cache(maxsize=8)
def _descriptor_cached(path: Path, _sig: tuple[int, int]) -> dict:
    if not path.is_file():
        raise DataValidationError(
            str(path), expected="a datapackage.json descriptor", found="no such file"
        )
    try:
        pkg = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            str(path), row=exc.lineno, expected="valid JSON", found=exc.msg
        ) from None
    if not isinstance(pkg.get("resources"), list):
        raise DataValidationError(
            str(path), expected="a 'resources' list", found=repr(type(pkg.get("resources")))
        )
    return pkg


def _resource(folder: Path, name: str) -> dict:
    path = folder / "datapackage.json"
    resources_ = _by_name(path, _signature(path))
    if name not in resources_:
        raise UnknownDatasetError(name, resources_)
    return resources_[name]


@lru_cache(maxsize=8)
def _by_name(path: Path, sig: tuple[int, int]) -> dict[str, dict]:
    return {r["name"]: r for r in _descriptor_cached(path, sig)["resources"]}


def names(data: str | Path | None = None) -> list[str]:
    """The names of every dataset in the package, in the descriptor's order."""
    return [r["name"] for r in _descriptor(_resolve(data))["resources"]]


def describe(name: str, data: str | Path | None = None) -> dict:
    """The Frictionless resource descriptor of one dataset (title, description, schema)."""
    return json.loads(json.dumps(_resource(_resolve(data), name)))


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Table:
    frame: pd.DataFrame  # typed
    rownum: pd.Series  # file row number of each frame row (header = 1)


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _read(folder: Path, name: str) -> _Table:
    return _read_cached(folder, name, *_versions(folder, name))


def _versions(folder: Path, name: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The signatures of a dataset's CSV and of the descriptor: what a cached read is keyed on."""
    return _signature(folder / _resource(folder, name)["path"]), _signature(folder / "datapackage.json")


def _cited(folder: Path, name: str) -> tuple[str, ...]:
    """Every source id a dataset cites, in the order first cited (:func:`citations.cited`)."""
    return _cited_cached(folder, name, *_versions(folder, name))


@lru_cache(maxsize=256)
def _cited_cached(folder: Path, name: str, _sig, _pkg_sig) -> tuple[str, ...]:
    return tuple(citations.cited(_read(folder, name).frame))


def _source_rows(folder: Path) -> dict[str, tuple[tuple[str, object], ...]]:
    """Source id -> its ``sources.csv`` row as ``(column, value)`` pairs (cached; do not change)."""
    return _source_rows_cached(folder, *_versions(folder, SOURCES))


@lru_cache(maxsize=8)
def _source_rows_cached(folder: Path, _sig, _pkg_sig) -> dict[str, tuple[tuple[str, object], ...]]:
    src = _read(folder, SOURCES).frame
    columns, key = list(src.columns), list(src.columns).index("source_id")
    return {str(row[key]): tuple(zip(columns, row)) for row in src.itertuples(index=False, name=None)}


def _published(folder: Path) -> dict[str, object]:
    """Source id -> ``published`` date as written (``sources.csv``); a fresh dict per call."""
    return {sid: dict(row)["published"] for sid, row in _source_rows(folder).items()}


def source_record(source_id: str, data: str | Path | None = None) -> dict[str, object]:
    """One source's row of ``sources.csv`` as a dict (a fresh copy: callers may change it).

    Raises:
        KeyError: the id is not in the sources table.
    """
    row = _source_rows(_resolve(data)).get(source_id)
    if row is None:
        raise KeyError(f"source id {source_id!r} is not in the sources table")
    return dict(row)


def newest_release(name: str, data: str | Path | None = None) -> str | None:
    """The newest ``published`` date (as written) of the sources a dataset cites, or None.

    See :mod:`smartkorea.freshness`; computed once per version of the files.
    """
    folder = _resolve(data)
    return _newest_release_cached(folder, name, *_versions(folder, name), _versions(folder, SOURCES)[0])


@lru_cache(maxsize=256)
def _newest_release_cached(folder: Path, name: str, _sig, _pkg_sig, _src_sig) -> str | None:
    return freshness.newest_release(_read(folder, name).frame, _published(folder))


def _check(folder: Path, name: str) -> tuple[_Table | None, list[DataValidationError]]:
    """Read and check one dataset; return the table (None if unusable) and every problem."""
    res = _resource(folder, name)
    label = str(folder / res["path"])
    fields = res["schema"]["fields"]
    found: list[DataValidationError] = []
    try:
        rows, linenos = _read_rows(Path(label), [f["name"] for f in fields], found)
    except DataValidationError as exc:
        return None, [exc]
    text = pd.DataFrame(rows, columns=[f["name"] for f in fields], dtype=object)
    rownum = pd.Series(linenos, dtype="int64")
    frame = pd.DataFrame(
        {f["name"]: _convert(label, f, text[f["name"]].astype(object), rownum, found) for f in fields},
        index=pd.RangeIndex(len(text)),
    )
    pk = res["schema"].get("primaryKey")
    if pk:
        pk = _as_list(pk)
        first_row = {}
        for i, key in enumerate(map(tuple, text[pk].to_numpy())):
            if key in first_row:
                found.append(DataValidationError(
                    label, row=int(rownum.iloc[i]), column=", ".join(pk),
                    expected=f"a unique primary key ({', '.join(pk)})",
                    found=f"{key} again (first at row {first_row[key]})",
                ))
            else:
                first_row[key] = int(rownum.iloc[i])
    found.extend(_check_links(folder, res, text, rownum))
    found.sort(key=lambda e: (e.row or 0))
    return _Table(frame, rownum), found


@lru_cache(maxsize=256)
def _read_cached(folder: Path, name: str, _sig, _pkg_sig) -> _Table:
    package_key = tablecache.key(folder)
    hit = tablecache.get(package_key, name) if package_key else None
    if isinstance(hit, _Table):
        return hit  # typed and validated by another process, from these very files
    table, found = _check(folder, name)
    if found:
        first = found[0]
        if len(found) > 1:
            first.args = (f"{first.args[0]} (and {len(found) - 1} more problems in this file)",)
        raise first
    if package_key:
        tablecache.put(package_key, name, table)
    return table


def _links(res: dict) -> list[tuple[str, str, str]]:
    """``(column, referenced resource, referenced field)`` for each link the schema declares.

    Links come from the schema's ``foreignKeys``. A key on field ``F`` also covers the
    ``;``-separated list columns of the same resource whose names end in ``Fs`` (a key on
    ``source_id`` covers ``other_source_ids`` and ``evidence_source_ids``), since a Table Schema
    foreign key cannot describe a list cell.
    """
    names_ = [f["name"] for f in res["schema"]["fields"]]
    out = []
    for fk in res["schema"].get("foreignKeys", []):
        ref = fk.get("reference", {})
        fields, ref_fields = _as_list(fk.get("fields", [])), _as_list(ref.get("fields", []))
        for field, ref_field in zip(fields, ref_fields):
            target = ref.get("resource") or res["name"]
            out.append((field, target, ref_field))
            out.extend((c, target, ref_field) for c in names_ if c != field and c.endswith(field + "s"))
    return out


def _check_links(
    folder: Path, res: dict, text: pd.DataFrame, rownum: pd.Series
) -> list[DataValidationError]:
    """Every id in a linked column (one per cell, or a ``;``-separated list) must exist."""
    found = []
    for col, target, ref_field in _links(res):
        if target == res["name"]:
            known = set(text[ref_field])
        else:
            try:
                known = set(_read(folder, target).frame[ref_field].astype(str))
            except DataValidationError:
                continue  # reported against the referenced table itself
        for i, cell in enumerate(text[col]):
            for sid in split_ids(cell):
                if sid not in known:
                    found.append(DataValidationError(
                        str(folder / res["path"]), row=int(rownum.iloc[i]), column=col,
                        expected=f"a {ref_field} listed in {target}.csv", found=repr(sid),
                    ))
    return found


# --------------------------------------------------------------------------- public API


def fingerprint(name: str, data: str | Path | None = None) -> tuple:
    """What identifies the version of a dataset on disk, for caching what is derived from it.

    A tuple of the package folder and the modification time and size of the descriptor and
    of the dataset's CSV: it changes whenever either file is edited. Raises
    ``UnknownDatasetError`` for an unknown name.
    """
    folder = _resolve(data)
    return (folder, _signature(folder / "datapackage.json"), _signature(folder / _resource(folder, name)["path"]))




def load(name: str, data: str | Path | None = None) -> pd.DataFrame:
    """Load one dataset as a typed, validated DataFrame.

    Args:
        name: the dataset's name (see :func:`datasets`), e.g. ``"rd_intensity"``.
        data: another data package folder to read instead of the one shipped with
            smartkorea (e.g. a copy you edited to add a year).

    Returns:
        A fresh copy on every call: callers may change it freely. Reads are cached and
        re-read when the file changes on disk.

    Raises:
        UnknownDatasetError: no dataset of that name (the message lists close matches).
        DataValidationError: the file does not match its schema (file, row, column,
            expected, found).
    """
    return _read(_resolve(data), name).frame.copy()


def problems(data: str | Path | None = None) -> list[DataValidationError]:
    """Check every dataset of a data package and return the problems found (empty if none).

    Every problem is listed, with its file, row and column, in file order. A descriptor that
    cannot be read is itself the one problem returned. Besides the schema, text fields are
    checked for markup (HTML tags, script and ``data:`` addresses, Markdown links to anything but
    http(s); see :mod:`smartkorea.markup`), and so are the descriptor's titles and descriptions;
    :func:`load` leaves this check to :func:`problems`.
    """
    folder = _resolve(data)
    try:
        all_names = names(folder)
    except DataValidationError as exc:
        return [exc]
    found = [
        DataValidationError(str(folder / "datapackage.json"), column=path, expected="plain text without markup",
                            found=what)
        for path, what in markup.descriptor_problems(_descriptor(folder))
    ]
    for name in all_names:
        table, in_table = _check(folder, name)
        if table is not None:
            in_table = sorted(in_table + _markup_problems(folder, name, table), key=lambda e: e.row or 0)
        found.extend(in_table)
    return found


def _markup_problems(folder: Path, name: str, table: _Table) -> list[DataValidationError]:
    """Markup in a table's text fields (see :mod:`smartkorea.markup`); :func:`problems` only."""
    res = _resource(folder, name)
    rows = zip(map(int, table.rownum), table.frame.to_dict("records"))
    return [
        DataValidationError(str(folder / res["path"]), row=row, column=column, expected=expected, found=found)
        for row, column, expected, found in markup.cell_problems(res["schema"]["fields"], rows)
    ]


def sources(name: str | None = None, data: str | Path | None = None) -> pd.DataFrame:
    """The sources behind a dataset (all sources when ``name`` is None).

    Includes every source a row cites, in ``source_id`` or in a ``*source_ids`` list column,
    in the order first cited.
    """
    folder = _resolve(data)
    table = load(SOURCES, folder)
    if name is None:
        return table
    return table.set_index("source_id").loc[list(_cited(folder, name))].reset_index()


def datasets(data: str | Path | None = None) -> pd.DataFrame:
    """A table of the datasets.

    Columns: ``name``, ``title``, ``rows``, ``first_year`` and ``last_year`` (of the data, or
    of the dates for event tables), ``newest_reference`` (the latest period the rows describe,
    as written: ``"2025-12"``), ``newest_release`` (the latest publication date of the sources
    the rows cite), ``sources`` (how many sources the rows cite) and ``main_source`` (the
    publisher cited by the most rows). See :mod:`smartkorea.freshness`.
    """
    folder = _resolve(data)
    src = _read(folder, SOURCES).frame.set_index("source_id")
    publisher, published = src["publisher"], src["published"].to_dict()
    rows = []
    for name in names(folder):
        res = _resource(folder, name)
        frame = _read(folder, name).frame
        first, last = freshness.year_span(frame)
        if name == SOURCES:
            n_sources, main = len(frame), ""
        else:
            n_sources = len(_cited(folder, name))
            main = str(publisher.get(frame["source_id"].astype(str).mode().iloc[0], ""))
        rows.append(
            {
                "name": name,
                "title": res.get("title", name),
                "rows": len(frame),
                "first_year": first,
                "last_year": last,
                "newest_reference": None if name == SOURCES else freshness.newest_reference(frame),
                "newest_release": (periods.newest(published.values(), by="first") if name == SOURCES
                                   else newest_release(name, folder)),
                "sources": n_sources,
                "main_source": main,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    return out


def data_to(*names: str, data: str | Path | None = None) -> str:
    """"Data to <Month YYYY>": the newest release behind the named tables (for a headline).

    >>> data_to("rd_intensity", "innovation_rankings")  # the month moves with each new release
    'Data to ...'

    Raises:
        UnknownDatasetError: a name is not a dataset.
    """
    folder = _resolve(data)
    return freshness.data_to_text(newest_release(n, folder) for n in names)


def cite(name: str, data: str | Path | None = None) -> str:
    """A plain-text citation of a dataset and every source behind it."""
    folder = _resolve(data)
    pkg = _descriptor(folder)
    res = _resource(folder, name)
    head = (
        f"{res.get('title', name)}. Table '{name}' of the {pkg.get('name', 'smartkorea')} "
        f"data package, version {pkg.get('version', 'unversioned')}."
    )
    lines = [head, "Sources:"]
    for src in sources(name, folder).itertuples(index=False):
        lines.append(citations.reference(src.publisher, src.published, src.title, src.url))
    return "\n".join(lines)
