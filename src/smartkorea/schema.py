"""Read one CSV of the data package as text and type each column by its Table Schema field.

:func:`_read_rows` reads the cells (checking the header and the number of cells in each row);
:func:`_convert` checks one column against its field (type, required, enum, pattern,
minimum/maximum, unique) and converts it to the pandas dtype of the table in
:mod:`smartkorea.catalog`'s docstring. Both record each problem as a
:class:`~smartkorea.errors.DataValidationError` (file, row, column, expected, found);
:mod:`smartkorea.catalog` finds the datasets, checks keys and links, and loads and cites them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from . import periods
from .errors import DataValidationError

_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}
_INTEGER = re.compile(r"^[+-]?\d+$")
_DAY = periods.Forms("day")


def _read_rows(
    path: Path, fields: list[str], found: list[DataValidationError]
) -> tuple[list[list[str]], list[int]]:
    """Read a CSV as text, checking the header and the number of cells in every row.

    A wrong header or unreadable file raises; a row with the wrong number of cells is
    recorded in ``found`` and left out.
    """
    label = str(path)
    if not path.is_file():
        raise DataValidationError(str(path), expected="a CSV file", found="no such file")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise DataValidationError(
                    label, row=1, expected=f"a header {fields}", found="an empty file"
                ) from None
            if header != fields:
                for i, (want, got) in enumerate(zip(fields, header)):
                    if want != got:
                        raise DataValidationError(
                            label, row=1, column=got, expected=f"column {i + 1} named {want!r}",
                            found=repr(got),
                        )
                raise DataValidationError(
                    label, row=1, column=None,
                    expected=f"{len(fields)} columns {fields}", found=f"{len(header)} columns {header}",
                )
            rows, linenos = [], []
            for row in reader:
                lineno = reader.line_num
                if not row:  # a blank line
                    continue
                if len(row) != len(fields):
                    found.append(DataValidationError(
                        label, row=lineno, expected=f"{len(fields)} cells",
                        found=f"{len(row)} cells: {row}",
                    ))
                    continue
                rows.append(row)
                linenos.append(lineno)
    except csv.Error as exc:
        raise DataValidationError(label, row=reader.line_num, expected="well-formed CSV", found=str(exc)) from None
    except UnicodeDecodeError as exc:
        raise DataValidationError(label, expected="UTF-8 text", found=str(exc)) from None
    return rows, linenos


def _convert(
    label: str, field: dict, text: pd.Series, rownum: pd.Series, found: list[DataValidationError]
) -> pd.Series:
    """Check one column of text against its schema field and return it typed.

    Every cell that breaks the schema is recorded in ``found`` (one problem per cell and rule).
    """
    name, ftype = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    missing = text == ""

    def fail(mask: pd.Series, expected: str) -> None:
        for i in mask.to_numpy().nonzero()[0]:
            found.append(DataValidationError(
                label, row=int(rownum.iloc[i]), column=name, expected=expected,
                found=repr(text.iloc[i]) if text.iloc[i] != "" else "an empty cell",
            ))

    if cons.get("required"):
        fail(missing, "a value (the field is required)")
    present = ~missing

    if ftype == "integer":
        bad = present & ~text.str.match(_INTEGER)
        fail(bad, "an integer")
        values = pd.to_numeric(text.where(present & ~bad), errors="raise")
        out = values.astype("Int64") if values.isna().any() else values.astype("int64")
    elif ftype == "number":
        values = pd.to_numeric(text.where(present), errors="coerce")
        fail(present & values.isna(), "a number")
        out = values.astype("float64")
    elif ftype == "boolean":
        fail(present & ~text.isin(_TRUE | _FALSE), "true or false")
        values = text.map(lambda s: True if s in _TRUE else (False if s in _FALSE else pd.NA))
        out = values.astype("boolean") if missing.any() else values.astype(bool)
    elif ftype == "date":
        day = text.map(_DAY.match).astype(bool)
        fail(present & ~day, "a real calendar date YYYY-MM-DD")
        out = pd.to_datetime(text.where(present & day), format="%Y-%m-%d", errors="coerce")
    elif ftype == "string":
        out = text.where(present, None)
    else:
        found.append(DataValidationError(
            label, column=name, expected="a field type smartkorea reads "
            "(string, integer, number, boolean, date)", found=repr(ftype),
        ))
        out = text

    if "enum" in cons:
        allowed = [str(v) for v in cons["enum"]]
        fail(present & ~text.isin(allowed), f"one of {allowed}")
        if ftype == "string":
            out = pd.Series(
                pd.Categorical(out.where(text.isin(allowed), None), categories=allowed),
                index=text.index, name=name,
            )
    if "pattern" in cons:
        pattern = re.compile(f"^(?:{cons['pattern']})$")
        fail(present & ~text.map(lambda s: bool(pattern.match(s))), f"text matching {cons['pattern']!r}")
    for bound, op in (("minimum", "lt"), ("maximum", "gt")):
        if bound in cons and ftype in ("integer", "number"):
            limit = cons[bound]
            fail(present & getattr(out.astype("float64"), op)(limit).fillna(False).astype(bool),
                 f"a value {'>=' if bound == 'minimum' else '<='} {limit}")
    if cons.get("unique"):
        fail(present & text.duplicated(keep="first"), "a value not used in an earlier row (unique)")
    return out
