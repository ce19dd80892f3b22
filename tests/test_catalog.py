"""The loader: typing, copies, caching, and a clear named error for every kind of bad input."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import markup
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


# ----------------------------------------------------------------------------- markup in text fields


def _set_cell(path: Path, key_column: str, key: str, column: str, value: str) -> int:
    """Write ``value`` into one cell of a CSV; return the cell's file row number (header = 1)."""
    rows = _rows(path)
    header = rows[0]
    for i, row in enumerate(rows):
        if i and row[header.index(key_column)] == key:
            row[header.index(column)] = value
            _write(path, rows)
            return i + 1
    raise AssertionError(f"no row with {key_column}={key} in {path}")


@pytest.mark.parametrize("text", [
    "Israel",
    "conditions: CVC debt ratio <=200%; external money <=40% per fund",
    "Reference year changed 2010 -> 2015",
    "assets >= 5 trillion won; 1 < 2",
    "Our World in Data (data: ITU via World Bank WDI)",
    "public GitHub copy owner/Presentation-Data:data/API_GB.XPD.RSDV.GD.ZS.csv",
    "[descriptive] (tag page) IMD Smart City Index 2019",
    "UAE tops Arab countries [sic: GII 2021]",
    "see [the OECD table](https://www.oecd.org/sti/msti.htm) for details",
    "a*b_c `code` # not a heading",
])
def test_plain_text_passes_the_markup_check(text):
    assert markup.problem(text) is None


@pytest.mark.parametrize("text, found", [
    ('Israel<img src=x onerror="document.title=\'PWNED\'">', "HTML tag"),
    ("Israel<script>document.title='PWNED'</script>", "HTML tag"),
    ("bold</b>", "HTML tag"),
    ("<!-- hidden -->", "HTML tag"),
    ("<svg/onload=alert(1)", "HTML tag"),
    ("<javascript:alert(1)>", "HTML tag"),
    ("[x](javascript:document.title='PWNED')", "script address"),
    ("click JavaScript :alert(1)", "script address"),
    ("java\tscript:alert(1)", "script address"),
    ("vbscript:msgbox(1)", "script address"),
    ("data:text/html;base64,PHNjcmlwdD4=", "data: address"),
    ("![chart](data:image/svg+xml,abc)", "data: address"),
    ("open data:,hello", "data: address"),
    ("[x](/etc/passwd)", "Markdown link"),
    ("[x]( <#top> )", "Markdown link"),
    ("![pixel](x.png)", "Markdown link"),
    ("[x]: ftp://example.org/", "Markdown link definition"),
])
def test_markup_is_named(text, found):
    assert found in markup.problem(text)


@pytest.mark.parametrize("url, ok", [
    ("https://www.oecd.org/en/data.html?x=1&y=(2)", True),
    ("http://example.org/a", True),
    ("javascript:document.title='PWNED'", False),
    ("ftp://example.org/file", False),
    ("https://example.org/\"><script>", False),
    ("https://example.org/a b", False),
    ("www.example.org", False),
])
def test_url_fields_hold_one_http_address(url, ok):
    assert (markup.url_problem(url) is None) is ok


def test_validate_names_file_row_and_column_of_markup(data_copy):
    payload = "Israel<img src=x onerror=\"document.title='PWNED'\">"
    row = _set_cell(data_copy / "countries.csv", "country", "ISR", "short_name", payload)
    link_row = _set_cell(data_copy / "claims.csv", "claim_id", "C6_RD", "note", "[x](javascript:alert(1))")
    found = sk.problems(data_copy)
    where = {(Path(p.file).name, p.row, p.column): p for p in found}
    assert set(where) == {("countries.csv", row, "short_name"), ("claims.csv", link_row, "note")}
    problem = where[("countries.csv", row, "short_name")]
    assert problem.expected == "plain text without markup"
    assert "<img" in problem.found and "onerror" in str(problem)
    # load() leaves markup to the validator: the value arrives as written
    assert sk.load("countries", data_copy).set_index("country").at["ISR", "short_name"] == payload


def test_a_url_field_must_be_http_even_without_a_pattern_in_the_schema(data_copy):
    pkg = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    sources = next(r for r in pkg["resources"] if r["name"] == "sources")
    url = next(f for f in sources["schema"]["fields"] if f["name"] == "url")
    url.get("constraints", {}).pop("pattern", None)
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    row = _set_cell(data_copy / "sources.csv", "source_id", "KTN_BLOG_2019", "url", "javascript:alert(1)")
    found = [(Path(p.file).name, p.row, p.column, p.expected) for p in sk.problems(data_copy)]
    assert found == [("sources.csv", row, "url", "one http:// or https:// address")]


def test_a_field_can_opt_out_of_the_markup_check_in_the_descriptor(data_copy):
    row = _set_cell(data_copy / "milestones.csv", "milestone_id", "funds_glf_plan_2013", "note", "<b>bold</b>")
    assert [(p.row, p.column) for p in sk.problems(data_copy)] == [(row, "note")]
    pkg = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    milestones = next(r for r in pkg["resources"] if r["name"] == "milestones")
    next(f for f in milestones["schema"]["fields"] if f["name"] == "note")[markup.OPT_OUT] = True
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    assert sk.problems(data_copy) == []


def test_the_shipped_package_has_no_markup():
    assert [str(p) for p in sk.problems() if p.expected in (
        "plain text without markup", "one http:// or https:// address")] == []


# ----------------------------------------------------------------------------- SMARTKOREA_DATA


def test_smartkorea_data_chooses_the_package_read_by_default(data_copy, monkeypatch):
    shipped = sk.data_dir()
    row = _set_cell(data_copy / "countries.csv", "country", "ISR", "short_name", "Israel (edited copy)")
    assert row > 1
    monkeypatch.setenv("SMARTKOREA_DATA", str(data_copy))
    assert sk.data_dir() == data_copy.resolve()
    assert sk.load("countries").set_index("country").at["ISR", "short_name"] == "Israel (edited copy)"
    monkeypatch.setenv("SMARTKOREA_DATA", str(data_copy / "datapackage.json"))  # the descriptor works too
    assert sk.data_dir() == data_copy.resolve()
    monkeypatch.delenv("SMARTKOREA_DATA")
    assert sk.data_dir() == shipped
    assert sk.load("countries").set_index("country").at["ISR", "short_name"] == "Israel"


def test_smartkorea_data_naming_no_package_is_a_named_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTKOREA_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DataValidationError) as info:
        sk.load("countries")
    assert "SMARTKOREA_DATA" in str(info.value) and "nowhere" in info.value.file


def test_smartkorea_data_reaches_a_new_process(data_copy):
    import subprocess
    import sys

    _set_cell(data_copy / "countries.csv", "country", "ISR", "short_name", "<i>Israel</i>")
    env = {**os.environ, "SMARTKOREA_DATA": str(data_copy)}
    out = subprocess.run([sys.executable, "-m", "smartkorea", "validate"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "countries.csv, row" in out.stdout and "'short_name'" in out.stdout
    assert str(data_copy.resolve()) in out.stdout


def test_markup_in_the_descriptor_is_named(data_copy):
    pkg = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    index = next(i for i, r in enumerate(pkg["resources"]) if r["name"] == "countries")
    pkg["resources"][index]["title"] = "Countries<script>alert(1)</script>"
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    found = sk.problems(data_copy)
    assert [(Path(p.file).name, p.row, p.column) for p in found] == [
        ("datapackage.json", None, f"resources[{index}].title")]
    assert "<script" in found[0].found


def test_source_record_is_one_row_of_the_sources_table_as_a_fresh_dict():
    table = sk.sources()
    row = table.iloc[len(table) // 2]
    got = sk.catalog.source_record(row["source_id"])
    assert got == {c: row[c] for c in table.columns}
    got["publisher"] = "changed"
    assert sk.catalog.source_record(row["source_id"])["publisher"] == row["publisher"]
    with pytest.raises(KeyError, match="NO_SUCH_SOURCE"):
        sk.catalog.source_record("NO_SUCH_SOURCE")


def test_newest_release_of_a_dataset_is_the_newest_publication_date_it_cites():
    published = sk.sources().set_index("source_id")["published"].to_dict()
    for name in ("rd_intensity", "milestones", "pilot_city_status"):
        expected = sk.freshness.newest_release(sk.load(name), published)
        assert expected  # the data this test relies on: every one cites dated sources
        assert sk.catalog.newest_release(name) == expected
    with pytest.raises(UnknownDatasetError):
        sk.catalog.newest_release("no_such_table")
