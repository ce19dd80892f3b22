"""Every exception smartkorea raises on bad input, in one place.

All of them derive from :class:`SmartKoreaError`, so a caller can catch the lot with one
``except`` clause, and from the matching built-in (``KeyError``/``ValueError``) so generic
handlers still work.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SmartKoreaError(Exception):
    """Base class of all smartkorea errors."""


class UnknownDatasetError(SmartKoreaError, KeyError):
    """A dataset name that is not in the data package.

    Attributes:
        name: the name asked for.
        known: every dataset name the package has.
        close_matches: the known names most like ``name`` (may be empty).
    """

    def __init__(self, name: str, known: Iterable[str]):
        self.name = name
        self.known = sorted(known)
        self.close_matches = difflib.get_close_matches(name, self.known, n=3, cutoff=0.5)
        hint = (
            f" Did you mean {', '.join(repr(m) for m in self.close_matches)}?"
            if self.close_matches
            else ""
        )
        msg = f"Unknown dataset {name!r}.{hint} Known datasets: {', '.join(self.known)}."
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class DataValidationError(SmartKoreaError, ValueError):
    """A data file that does not match its Table Schema.

    Attributes:
        file: the CSV (or descriptor) that is wrong.
        row: the row number in the file, counting the header as row 1 (``None`` when the
            problem is not tied to one row, e.g. a missing file).
        column: the column at fault (``None`` when not tied to one column).
        expected: what the schema asks for.
        found: what the file holds.
    """

    def __init__(
        self,
        file: str,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str,
        found: str,
    ):
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: expected {expected}; found {found}")


class ConversionError(SmartKoreaError, ValueError):
    """A currency or year for which the data has no exchange rate or GDP figure."""


class ChartDataError(SmartKoreaError, ValueError):
    """A chart was given data it cannot draw: empty, a missing column, an unknown country...

    The message starts with the chart's name and says what was expected and what was found.
    """


class TableDataError(SmartKoreaError, ValueError):
    """A reader table was given data it cannot show: not a DataFrame, a missing column, an
    unknown country code or source id...

    The message names the table (its caption), the row and column at fault, what was expected
    and what was found.
    """


class UnknownPeerSetError(SmartKoreaError, ValueError):
    """A peer-set name that :mod:`smartkorea.compare` does not define (lists close matches)."""


class ReportError(SmartKoreaError, ValueError):
    """The report cannot be built as asked (no notebooks, an ``--out`` that is not a report)."""


class NotebookExecutionError(SmartKoreaError, RuntimeError):
    """One or more notebooks failed; the report was not written.

    Attributes:
        failures: one record per failed notebook (``smartkorea.report.Failure``: notebook,
            cell, error, and the cell's source and traceback).
    """

    def __init__(self, failures: list):
        self.failures = list(failures)
        super().__init__("; ".join(str(f) for f in self.failures))


class WdiFileError(SmartKoreaError, ValueError):
    """A World Bank bulk download that cannot be imported; nothing was written.

    The message starts with the file (and the member, for a zip) and says what was expected:
    the ``"Data Source"`` / ``"Last Updated Date"`` preamble, an indicator the package carries,
    complete rows, a data CSV inside the zip, or values that agree with a vintage already held.

    Attributes:
        file: the file at fault, as given.
    """

    def __init__(self, file: str, message: str):
        self.file = str(file)
        super().__init__(f"{self.file}: {message}")
