"""The loader: typing, copies, caching, and a clear named error for every kind of bad input."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea.errors import DataValidationError, SmartKoreaError, UnknownDatasetError


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    # make sure the cache sees a change even on coarse-mtime file systems
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _field(name: str, column: str) -> dict:
    return next(f for f in sk.describe(name)["schema"]["fields"] if f["name"] == column)


# ----------------------------------------------------------------------------- good input


def test_every_dataset_loads_with_the_schema_types():
    for name in sk.catalog.names():
        df = sk.load(name)
        assert len(df) > 0, name
        for field in sk.describe(name)["schema"]["fields"]:
            col, kind = df[field["name"]], field.get("type", "string")
            if kind == "integer":
                assert pd.api.types.is_integer_dtype(col), (name, field["name"], col.dtype)
            elif kind == "number":
                assert col.dtype == "float64", (name, field["name"], col.dtype)
            elif kind == "date":
                assert pd.api.types.is_datetime64_any_dtype(col), (name, field["name"])
            elif kind == "boolean":
                assert pd.api.types.is_bool_dtype(col), (name, field["name"], col.dtype)
            elif "enum" in field.get("constraints", {}):
                assert isinstance(col.dtype, pd.CategoricalDtype), (name, field["name"])
                assert list(col.cat.categories) == field["constraints"]["enum"]


def test_rd_intensity_values_match_the_csv_text():
    path = sk.data_dir() / "rd_intensity.csv"
    rows = _rows(path)
    header, first = rows[0], rows[1]
    df = sk.load("rd_intensity")
    assert df.loc[0, "value"] == float(first[header.index("value")])
    assert df.loc[0, "year"] == int(first[header.index("year")])
    assert len(df) == len(rows) - 1


def test_load_returns_a_fresh_copy_each_time():
    a = sk.load("rd_intensity")
    a.loc[:, "value"] = -1.0
    del a["note"]
    b = sk.load("rd_intensity")
    assert (b["value"] >= 0).all()
    assert "note" in b.columns


def test_an_edited_file_is_read_again(data_copy):
    path = data_copy / "rd_intensity.csv"
    before = sk.load("rd_intensity", data_copy)
    rows = _rows(path)
    _write(path, rows[:-1])
    after = sk.load("rd_intensity", data_copy)
    assert len(after) == len(before) - 1


def test_datasets_lists_every_resource_with_rows_and_years():
    table = sk.datasets()
    assert list(table["name"]) == sk.catalog.names()
    rd = table.set_index("name").loc["rd_intensity"]
    df = sk.load("rd_intensity")
    assert rd["rows"] == len(df)
    assert (rd["first_year"], rd["last_year"]) == (df["year"].min(), df["year"].max())
    assert "World Bank" in rd["main_source"]
    assert rd["sources"] == len(sk.sources("rd_intensity"))


def test_sources_and_cite_cover_every_cited_id():
    df = sk.load("rd_intensity")
    used = set(df["source_id"])
    for cell in df["other_source_ids"].dropna():
        used.update(s for s in cell.split(";") if s)
    src = sk.sources("rd_intensity")
    assert set(src["source_id"]) == used
    text = sk.cite("rd_intensity")
    for url in src["url"]:
        assert url in text


# ----------------------------------------------------------------------------- bad input


def test_unknown_dataset_names_close_matches():
    with pytest.raises(UnknownDatasetError) as info:
        sk.load("rd_intensty")
    assert "rd_intensity" in info.value.close_matches
    assert "rd_intensity" in str(info.value)
    assert isinstance(info.value, KeyError) and isinstance(info.value, SmartKoreaError)


def test_missing_file(data_copy):
    (data_copy / "rd_intensity.csv").unlink()
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert info.value.file.endswith("rd_intensity.csv")
    assert "no such file" in str(info.value)


def test_missing_descriptor(tmp_path):
    with pytest.raises(DataValidationError, match="datapackage.json"):
        sk.load("rd_intensity", tmp_path)


def test_wrong_header(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[0][rows[0].index("value")] = "val"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    err = info.value
    assert (err.row, err.column) == (1, "val")
    assert "'value'" in err.expected


def test_non_numeric_value_names_row_and_column(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[4][rows[0].index("value")] = "4.5%"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    err = info.value
    assert (err.row, err.column, err.expected) == (5, "value", "a number")
    assert "'4.5%'" in err.found
    assert "rd_intensity.csv, row 5, column 'value'" in str(err)


def test_non_integer_year(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[3][rows[0].index("year")] = "2019.5"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column, info.value.expected) == (4, "year", "an integer")


def test_duplicate_primary_key(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    _write(path, rows + [rows[2]])
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    err = info.value
    assert err.row == len(rows) + 1
    assert "first at row 3" in err.found
    assert "primary key" in err.expected


def test_dangling_source_id(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[6][rows[0].index("source_id")] = "NO_SUCH_SOURCE"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column) == (7, "source_id")
    assert "NO_SUCH_SOURCE" in info.value.found


def _edit_schema(folder: Path, name: str, edit) -> None:
    path = folder / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    edit(next(r for r in pkg["resources"] if r["name"] == name)["schema"])
    path.write_text(json.dumps(pkg, indent=2), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_dangling_id_in_a_list_column(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[4][rows[0].index("other_source_ids")] = "NCSES_SEI_RD-5; NO_SUCH_SOURCE"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column) == (5, "other_source_ids")
    assert info.value.found == "'NO_SUCH_SOURCE'"


def test_links_come_from_the_descriptors_foreign_keys(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[6][rows[0].index("source_id")] = "NO_SUCH_SOURCE"
    _write(path, rows)
    _edit_schema(data_copy, "rd_intensity", lambda schema: schema.pop("foreignKeys"))
    assert "NO_SUCH_SOURCE" in set(sk.load("rd_intensity", data_copy)["source_id"])


def test_a_declared_foreign_key_to_another_table_is_checked(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[3][rows[0].index("country")] = "ZZZ"
    _write(path, rows)
    assert "ZZZ" in set(sk.load("rd_intensity", data_copy)["country"].astype(str))  # no link yet
    _edit_schema(data_copy, "rd_intensity", lambda schema: schema["foreignKeys"].append(
        {"fields": "country", "reference": {"resource": "countries", "fields": "country"}}))
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column) == (4, "country")
    assert info.value.expected == "a country listed in countries.csv"


def test_value_outside_an_enum(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[2][rows[0].index("vintage")] = "WDI 2099-01"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column) == (3, "vintage")
    assert "one of" in info.value.expected


def test_required_cell_left_empty(data_copy):
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[2][rows[0].index("country")] = ""
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column) == (3, "country")
    assert info.value.found == "an empty cell"


def test_below_minimum(data_copy):
    assert _field("rd_intensity", "value")["constraints"]["minimum"] == 0
    path = data_copy / "rd_intensity.csv"
    rows = _rows(path)
    rows[2][rows[0].index("value")] = "-1.5"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert (info.value.row, info.value.column) == (3, "value")


def test_row_with_too_few_cells(data_copy):
    path = data_copy / "rd_intensity.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[5] = "KOR,2019"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert info.value.row == 6
    assert "cells" in info.value.expected


def test_unterminated_quote_is_malformed_csv(data_copy):
    path = data_copy / "rd_intensity.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write('KOR,2030,"4.1,WDI 2026-07,WB_WDI_2026_07,,\n')
    with pytest.raises(DataValidationError) as info:
        sk.load("rd_intensity", data_copy)
    assert info.value.file.endswith("rd_intensity.csv")


def test_problems_lists_every_problem_and_nothing_is_lost(data_copy):
    path = data_copy / "rd_intensity.csv"
    original = path.read_bytes()
    rows = _rows(path)
    rows[2][rows[0].index("value")] = "n/a"
    rows[8][rows[0].index("year")] = "two thousand"
    _write(path, rows)
    (data_copy / "mobile_5g.csv").unlink()
    found = sk.problems(data_copy)
    where = {(Path(p.file).name, p.row, p.column) for p in found}
    assert ("rd_intensity.csv", 3, "value") in where
    assert ("rd_intensity.csv", 9, "year") in where
    assert any(Path(p.file).name == "mobile_5g.csv" for p in found)
    assert sk.problems() == []  # the shipped package is untouched and clean
    assert original != path.read_bytes()  # we did corrupt the copy


def test_broken_descriptor_json(data_copy):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    found = sk.problems(data_copy)
    assert len(found) == 1 and "valid JSON" in found[0].expected


def test_import_does_not_load_matplotlib():
    import subprocess
    import sys

    code = "import sys, smartkorea as sk; sk.load('rd_intensity'); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_descriptor_is_json_and_every_csv_is_described():
    pkg = json.loads((sk.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in pkg["resources"]}
    on_disk = {p.name for p in sk.data_dir().glob("*.csv")}
    assert described == on_disk


def test_fingerprint_changes_when_the_csv_is_edited(data_copy):
    before = sk.catalog.fingerprint("fx_rates", data_copy)
    assert before == sk.catalog.fingerprint("fx_rates", data_copy)
    path = data_copy / "fx_rates.csv"
    _write(path, _rows(path)[:-1])
    assert sk.catalog.fingerprint("fx_rates", data_copy) != before
    with pytest.raises(UnknownDatasetError):
        sk.catalog.fingerprint("fx_rate", data_copy)


def test_money_follows_an_edited_rate_table(data_copy):
    """Cached exchange rates are re-read when fx_rates.csv changes (no stale conversions)."""
    first = sk.convert(1000.0, "GBP", "KRW", 2019, data=data_copy)
    path = data_copy / "fx_rates.csv"
    rows = _rows(path)
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("year")] == "2019" and row[header.index("currency")] == "KRW" \
                and row[header.index("role")] == "primary":
            row[header.index("units_per_usd")] = str(float(row[header.index("units_per_usd")]) * 2)
    _write(path, rows)
    assert sk.convert(1000.0, "GBP", "KRW", 2019, data=data_copy) == pytest.approx(2 * first)
