"""smartkorea: sourced data and helpers on why South Korea suits smart-city collaboration.

>>> import smartkorea as sk
>>> table = sk.datasets()            # what is in the data package, one row per table
>>> "rd_intensity" in set(table["name"])
True
>>> df = sk.load("rd_intensity")     # a typed, validated DataFrame (a fresh copy)
>>> print(sk.cite("rd_intensity").splitlines()[0])   # where it comes from  # doctest: +ELLIPSIS
R&D intensity (GERD as % of GDP). Table 'rd_intensity' of the smartkorea data package, version ...

Importing this package is cheap: it loads pandas but not matplotlib. The analysis modules
(``money``, ``compare``, ``scorecard``, ``wdi``, ...) and ``charts`` are imported on first use.
``from smartkorea import *`` needs only pandas and matplotlib: the tooling modules ``report``
(which needs the notebook extras) and ``cli`` are left out of it but stay available as
``smartkorea.report`` and ``smartkorea.cli``.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

from .catalog import cite, data_dir, data_to, datasets, describe, load, problems, sources
from .errors import ConversionError, DataValidationError, SmartKoreaError, UnknownDatasetError

try:
    __version__ = version("smartkorea")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0+unknown"

_SUBMODULES = {
    "audit", "catalog", "charts", "claimreview", "citations", "compare", "composite", "countries", "destinations",
    "errors", "events", "freshness", "gdpshare", "markets", "markup", "money", "openinnovation", "periods",
    "schema", "scorecard", "session", "sourcelist", "tablecache", "tablecells", "tables", "text", "thennow", "twopoints", "verdicts",
    "vintages", "wdi", "wdifile",
}
_TOOLING = {"report", "cli"}  # lazy too, but not in __all__: report needs the notebook extras
_FROM_MONEY = {"convert", "share_of_gdp", "format_money", "format_pct"}

__all__ = [
    "ConversionError",
    "DataValidationError",
    "SmartKoreaError",
    "UnknownDatasetError",
    "cite",
    "data_dir",
    "data_to",
    "datasets",
    "describe",
    "load",
    "problems",
    "sources",
    *sorted(_FROM_MONEY),
    *sorted(_SUBMODULES),
]


def __getattr__(name: str):
    """Import submodules (and the money helpers) lazily, on first use."""
    if name in _SUBMODULES or name in _TOOLING:
        return importlib.import_module(f".{name}", __name__)
    if name in _FROM_MONEY:
        return getattr(importlib.import_module(".money", __name__), name)
    raise AttributeError(f"module 'smartkorea' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _TOOLING)
