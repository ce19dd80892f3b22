"""Read a World Bank WDI bulk download: the file format, the indicators the package carries.

The World Bank publishes each World Development Indicators (WDI) series as a bulk download,
``https://api.worldbank.org/v2/en/indicator/<CODE>?downloadformat=csv``: a zip holding
``API_<CODE>_DS2_en_csv_v2_<n>.csv`` (plus two ``Metadata_*.csv`` files). That CSV starts with a
byte-order mark and a preamble, then one row per economy with one column per year::

    "Data Source","World Development Indicators",
    <blank line>
    "Last Updated Date","2026-07-13",
    <blank line>
    "Country Name","Country Code","Indicator Name","Indicator Code","1960",...,"2025",
    "Korea, Rep.","KOR","Research and development expenditure (% of GDP)","GB.XPD.RSDV.GD.ZS",...,

(every line ends with a comma; an empty cell is a missing value).

:func:`read_release` reads such a file (or its zip) into a :class:`Release`;
:mod:`smartkorea.wdi` adds a release to the data package.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import WdiFileError

__all__ = ["INDICATORS", "Indicator", "Release", "bulk_url", "read_release", "source_id", "vintage_label"]


@dataclass(frozen=True)
class Indicator:
    """Where the package keeps one WDI indicator: a table, and any further tables (``also``).

    Attributes:
        dataset: the data package table (e.g. ``"rd_intensity"``).
        fixed: columns set on every imported row; they also select the series within the
            table (e.g. ``{"measure": "researchers_per_million_people", ...}``).
        unit: the unit of the values, for readers (``"%"`` of GDP, ``"per million people"``).
        change_unit: the unit of a difference of two values (``"pp"`` for percentage points).
        decimals: decimals shown to readers.
        defaults: columns set on every imported row that do not select the series
            (``{"confidence": "high"}``).
        since: the first data year the table keeps (None: every year in the file).
        economies: the table whose ``country`` codes are imported: ``"countries"`` (every
            economy the package knows) or the table itself (only the economies it holds).
        also: further tables the same release updates, each an :class:`Indicator` (its
            reader fields unused), written in the same import.

    A table with a ``released`` column gets the file's Last Updated Date there.
    """

    dataset: str
    fixed: Mapping[str, str] = field(default_factory=dict)
    unit: str = ""
    change_unit: str = ""
    decimals: int = 2
    defaults: Mapping[str, str] = field(default_factory=dict)
    since: int | None = None
    economies: str = "countries"
    also: tuple[Indicator, ...] = ()

    @property
    def targets(self) -> tuple[Indicator, ...]:
        """This table first, then the ``also`` tables."""
        return (self, *self.also)


def _peers(indicator: str, unit: str, **shown) -> Indicator:
    """The ``peer_indicators`` rows of one WDI series: data years from 2010, its own economies.

    ``shown``: the reader fields (``unit``, ``change_unit``, ``decimals``) when this table is
    the indicator's first.
    """
    return Indicator(
        "peer_indicators", {"indicator": indicator, "unit": unit},
        defaults={"year_basis": "data year", "confidence": "high"},
        since=2010, economies="peer_indicators", **shown,
    )


INDICATORS: dict[str, Indicator] = {
    "GB.XPD.RSDV.GD.ZS": Indicator(
        "rd_intensity", {}, unit="%", change_unit=" pp", decimals=2,
        also=(_peers("rd_intensity", "percent of GDP"),),
    ),
    "SP.POP.SCIE.RD.P6": Indicator(
        "researchers",
        {"measure": "researchers_per_million_people", "unit": "researchers in R&D per million people"},
        unit="", change_unit="", decimals=0,
        also=(_peers("researchers_per_million", "researchers in R&D per million people"),),
    ),
    "IT.NET.BBND.P2": _peers("fixed_broadband_per_100", "per 100 inhabitants", decimals=1),
}
"""WDI indicator code -> the tables that carry it. Other codes are refused.

Fixed broadband (IT.NET.BBND.P2) goes to ``peer_indicators`` only: ``broadband`` has no
``vintage`` column, so a second release could not sit beside the first there.
"""

_PREFIX = "WDI "
_FILE = re.compile(r"^API_(?P<code>.+?)_DS2_.*\.csv$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_ID_COLUMNS = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")


@dataclass(frozen=True)
class Release:
    """One indicator as one World Bank release gives it.

    Attributes:
        file: the file read (``archive.zip:member.csv`` for a zip member).
        code: the indicator code (``GB.XPD.RSDV.GD.ZS``).
        name: the indicator name as published.
        updated: the file's Last Updated Date, ``YYYY-MM-DD``.
        values: ``country`` (World Bank code), ``year`` (int), ``value`` (float, the
            indicator's unit) and ``text`` (the value exactly as written in the file), one row
            per non-empty cell.
    """

    file: str
    code: str
    name: str
    updated: str
    values: pd.DataFrame

    @property
    def vintage(self) -> str:
        return vintage_label(self.updated)


def vintage_label(updated: str) -> str:
    """The vintage label of a release: ``"2026-07-13"`` -> ``"WDI 2026-07"``."""
    return f"{_PREFIX}{updated[:7]}"


def source_id(code: str, updated: str) -> str:
    """The ``source_id`` an imported release is cited by: ``WB_WDI_<CODE>_<YYYY-MM-DD>``."""
    return f"WB_WDI_{code}_{updated}"


def bulk_url(code: str) -> str:
    """The World Bank's bulk-download address (a zip) of one indicator."""
    return f"https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv"


# --------------------------------------------------------------------------- reading


def read_release(path: str | Path) -> list[Release]:
    """Read a World Bank bulk CSV, or the zip it comes in (every ``API_*.csv`` member).

    Raises:
        WdiFileError: no such file, a zip that is broken or holds no ``API_*.csv``, a missing
            preamble, a truncated file (last line cut short, rows shorter than the header),
            a value that is not a number, several indicators in one file, or an indicator
            the package does not carry.
    """
    path = Path(path)
    if not path.is_file():
        raise WdiFileError(str(path), "no such file")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if _FILE.match(Path(m).name)]
                if not members:
                    raise WdiFileError(
                        str(path),
                        "the zip holds no World Bank data file (API_<INDICATOR>_DS2_*.csv); "
                        f"it holds {', '.join(archive.namelist()) or 'nothing'}",
                    )
                return [_parse(f"{path}:{m}", Path(m).name, archive.read(m)) for m in members]
        except (zipfile.BadZipFile, OSError) as exc:
            raise WdiFileError(str(path), f"cannot read the zip ({exc})") from None
    return [_parse(str(path), path.name, path.read_bytes())]


def _parse(label: str, name: str, raw: bytes) -> Release:
    def fail(message: str) -> WdiFileError:
        return WdiFileError(label, message)

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (byte {exc.start}); expected a World Bank CSV") from None
    if not text.endswith("\n"):
        raise fail("the file is truncated: its last line has no line break")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise fail(f"not a well-formed CSV ({exc}); the file may be truncated") from None
    preamble: dict[str, str] = {}
    start = None
    for i, row in enumerate(rows):
        cells = [c for c in row if c != ""]
        if not cells:
            continue
        if tuple(row[:4]) == _ID_COLUMNS:
            start = i
            break
        if len(cells) == 2:
            preamble[cells[0]] = cells[1]
            continue
        break
    if "Data Source" not in preamble or "Last Updated Date" not in preamble:
        raise fail(
            'missing the World Bank preamble: expected "Data Source" and "Last Updated Date" '
            "lines before the header (download the file from the World Bank unchanged)"
        )
    updated = preamble["Last Updated Date"]
    if not _DATE.match(updated):
        raise fail(f"Last Updated Date {updated!r} is not a YYYY-MM-DD date")
    if start is None:
        raise fail('no header row starting "Country Name","Country Code","Indicator Name","Indicator Code"')
    header = rows[start]
    years = {j: int(h) for j, h in enumerate(header) if _YEAR.match(h)}
    if not years:
        raise fail("the header has no year columns")
    records, codes, names = [], set(), set()
    for lineno, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(row):
            continue
        if len(row) != len(header):
            raise fail(
                f"line {lineno} has {len(row)} fields, the header {len(header)}; "
                "the file is truncated or damaged"
            )
        codes.add(row[3])
        names.add(row[2])
        for j, year in years.items():
            cell = row[j].strip()
            if cell == "":
                continue
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise fail(f"line {lineno}, year {year}: expected a number; found {cell!r}")
            records.append((row[1], year, value, cell))
    if not codes:
        raise fail("no data rows after the header; the file is truncated")
    if len(codes) > 1:
        raise fail(f"expected one indicator; found {', '.join(sorted(codes))}")
    code = codes.pop()
    named = _FILE.match(name)
    if named and named["code"] != code:
        raise fail(f"the file name says {named['code']} but its rows hold {code}")
    if code not in INDICATORS:
        raise fail(
            f"indicator {code} is not one the package carries; known: {', '.join(sorted(INDICATORS))}"
        )
    values = pd.DataFrame(records, columns=["country", "year", "value", "text"])
    return Release(label, code, sorted(names)[0], updated, values)
