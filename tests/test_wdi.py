"""smartkorea.wdi and `smartkorea import-wdi`, on real World Bank releases (tests/fixtures/wdi)."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

import smartkorea
from smartkorea import compare, destinations, wdi
from smartkorea.cli import main
from smartkorea.errors import SmartKoreaError, WdiFileError

FIXTURES = Path(__file__).parent / "fixtures" / "wdi"
OLD = FIXTURES / "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_408555.csv"  # Last Updated 2025-07-01
NEW = FIXTURES / "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv"  # Last Updated 2026-07-13
CODE = "GB.XPD.RSDV.GD.ZS"
BB = FIXTURES / "API_IT.NET.BBND.P2_DS2_en_csv_v2_43250.csv"  # Last Updated 2019-07-10
BB_CODE = "IT.NET.BBND.P2"
PEER_SINCE = 2010  # the peer table keeps data years from 2010 (its description and schema)


def file_values(path: Path) -> dict[tuple[str, int], str]:
    """(country code, year) -> the cell text, read with the csv module alone."""
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('"Country Name"'))
    reader = csv.reader(lines[start:])
    header = next(reader)
    out = {}
    for row in reader:
        for col, cell in zip(header, row):
            if col.isdigit() and cell:
                out[(row[1], int(col))] = cell
    return out


def package_countries() -> set[str]:
    with open(smartkorea.data_dir() / "countries.csv", newline="", encoding="utf-8") as fh:
        return {row["country"] for row in csv.DictReader(fh)}


def table_rows(folder: Path, name: str) -> list[dict[str, str]]:
    """A table of a data folder as the csv module reads it (text cells)."""
    with open(folder / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def peer_economies(folder: Path) -> set[str]:
    return {r["country"] for r in table_rows(folder, "peer_indicators")}


def peer_wdi(folder: Path, indicator: str, vintage: str) -> dict[tuple[str, int], dict[str, str]]:
    """(country, year) -> the peer_indicators row of one indicator and vintage."""
    return {
        (r["country"], int(r["year"])): r for r in table_rows(folder, "peer_indicators")
        if r["indicator"] == indicator and r["vintage"] == vintage
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def before(data_copy) -> Path:
    """A copy of the data package as it was before the two WDI releases of R&D intensity."""
    folder = data_copy
    path = folder / "rd_intensity.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [
        line for line in lines[1:] if next(csv.reader([line]))[3] not in {"WDI 2025-07", "WDI 2026-07"}
    ]
    assert len(kept) < len(lines)
    path.write_text("".join(kept), encoding="utf-8")
    return folder


@pytest.fixture
def current(tmp_path) -> Path:
    """A plain copy of the shipped data package (a second one, beside ``before``)."""
    folder = tmp_path / "current"
    shutil.copytree(smartkorea.data_dir(), folder)
    return folder


def edited(tmp_path: Path, source: Path, name: str, old: bytes, new: bytes) -> Path:
    """A copy of a real release with one byte string replaced (a derived bad or future file)."""
    raw = source.read_bytes()
    assert old in raw
    out = tmp_path / name
    out.write_bytes(raw.replace(old, new))
    return out


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("path, code, name, updated", [
    (OLD, CODE, "Research and development expenditure (% of GDP)", "2025-07-01"),
    (NEW, CODE, "Research and development expenditure (% of GDP)", "2026-07-13"),
    (BB, BB_CODE, "Fixed broadband subscriptions (per 100 people)", "2019-07-10"),
])
def test_reads_a_real_release_as_published(path, code, name, updated):
    (release,) = wdi.read_release(path)
    assert release.code == code
    assert release.name == name
    assert release.updated == updated
    assert release.vintage == f"WDI {updated[:7]}"
    expected = file_values(path)
    got = {(c, y): t for c, y, t in release.values[["country", "year", "text"]].itertuples(index=False)}
    assert got == expected
    assert release.values["value"].tolist() == [float(t) for t in release.values["text"]]


def test_reads_the_zip_the_download_comes_in(tmp_path):
    archive = tmp_path / "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Metadata_Indicator_API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv", "x\n")
        z.write(NEW, NEW.name)
    (release,) = wdi.read_release(archive)
    assert release.updated == "2026-07-13"
    assert str(archive) in release.file and NEW.name in release.file
    assert len(release.values) == len(file_values(NEW))


# --------------------------------------------------------------------------- importing


def test_round_trip_older_then_newer_gives_the_revisions_in_the_files(before):
    (first,) = wdi.import_wdi([OLD], before)
    assert (first.dataset, first.vintage) == ("rd_intensity", "WDI 2025-07")
    old_values = file_values(OLD)
    ours = package_countries()
    assert first.added == sum(1 for c, _ in old_values if c in ours)

    (second,) = wdi.import_wdi([NEW], before)
    assert second.vintage == "WDI 2026-07" and second.previous == "WDI 2025-07"
    new_values = file_values(NEW)
    table = second.revisions
    rows = {(r.country, r.year): r for r in table.itertuples(index=False)}

    # Korea 2017, the revision the issue names: 4.29 -> 4.07
    kor = rows[("KOR", 2017)]
    assert (kor.old, kor.new, kor.status) == (float(old_values[("KOR", 2017)]),
                                              float(new_values[("KOR", 2017)]), "revised")
    assert kor.change == pytest.approx(kor.new - kor.old)
    for (country, year), r in rows.items():
        assert country in ours
        if r.status == "revised":
            assert r.old == float(old_values[(country, year)])
            assert r.new == float(new_values[(country, year)])
    # every clear revision is listed; identical text is not
    both = [k for k in new_values if k in old_values and k[0] in ours]
    for key in both:
        a, b = float(old_values[key]), float(new_values[key])
        if abs(a - b) > 1e-3:
            assert rows[key].status == "revised", key
        if old_values[key] == new_values[key]:
            assert key not in rows, key
    # new years: exactly the package's values only the newer file has
    added = {k for k, r in rows.items() if r.status == "added"}
    assert added == {k for k in new_values if k not in old_values and k[0] in ours}
    assert (("KOR", 2023)) in added
    dropped = {k for k, r in rows.items() if r.status == "dropped"}
    assert dropped == {k for k in old_values if k not in new_values and k[0] in ours}


def test_import_reproduces_the_curated_wdi_rows(before, current):
    wdi.import_wdi([OLD, NEW], before)
    imported = smartkorea.load("rd_intensity", before)
    curated = smartkorea.load("rd_intensity", current)
    for label in ("WDI 2025-07", "WDI 2026-07"):
        cur = curated[curated["vintage"] == label].set_index(["country", "year"])["value"]
        imp = imported[imported["vintage"] == label].set_index(["country", "year"])["value"]
        assert len(cur) > 0
        assert imp.reindex(cur.index).tolist() == cur.tolist()


def test_after_import_the_package_validates_and_the_newest_vintage_is_selected(before):
    wdi.import_wdi([OLD, NEW], before)
    assert smartkorea.problems(before) == []
    df = smartkorea.load("rd_intensity", before)
    _, label = compare.select_vintage(df, data=before)
    assert label == "WDI 2026-07"
    cited = smartkorea.sources("rd_intensity", before).set_index("source_id")
    sid = wdi.source_id(CODE, "2026-07-13")
    assert cited.loc[sid, "published"] == "2026-07-13"
    assert cited.loc[sid, "url"] == f"https://data.worldbank.org/indicator/{CODE}"
    assert cited.loc[sid, "publisher"] == "World Bank"


def test_a_later_release_becomes_a_new_vintage_that_select_vintage_picks(current, tmp_path):
    later = edited(tmp_path, NEW, NEW.name, b'"2026-07-13"', b'"2027-01-15"')
    (done,) = wdi.import_wdi([later], current)
    assert done.vintage == "WDI 2027-01" and done.previous == "WDI 2026-07"
    assert done.added > 0
    assert done.revisions.query("status == 'revised'").empty  # same values as 2026-07
    assert smartkorea.problems(current) == []
    enum = smartkorea.describe("rd_intensity", current)["schema"]["fields"][3]["constraints"]["enum"]
    assert "WDI 2027-01" in enum and "WDI 2013" in enum
    df = smartkorea.load("rd_intensity", current)
    assert compare.select_vintage(df, data=current)[1] == "WDI 2027-01"
    assert {"WDI 2013", "WDI 2025-07", "WDI 2026-07"} <= set(df["vintage"].astype(str))


def test_researchers_rows_get_their_measure_and_unit(current, tmp_path):
    # The mapping for SP.POP.SCIE.RD.P6, exercised with the R&D file relabelled (a derived
    # file in a throw-away copy: only the columns the import sets are checked, not values).
    other = "SP.POP.SCIE.RD.P6"
    relabelled = tmp_path / f"API_{other}_DS2_en_csv_v2_1.csv"
    raw = NEW.read_bytes().replace(CODE.encode(), other.encode()).replace(b'"2026-07-13"', b'"2027-01-15"')
    relabelled.write_bytes(raw)
    (done,) = wdi.import_wdi([relabelled], current)
    assert done.dataset == "researchers" and done.added > 0
    df = smartkorea.load("researchers", current)
    new = df[df["vintage"] == "WDI 2027-01"]
    assert len(new) == done.added
    assert set(new["measure"].astype(str)) == {"researchers_per_million_people"}
    assert set(new["unit"].astype(str)) == {"researchers in R&D per million people"}
    assert smartkorea.problems(current) == []
    assert smartkorea.load("rd_intensity", current).equals(smartkorea.load("rd_intensity"))
    peers = peer_wdi(current, "researchers_per_million", "WDI 2027-01")
    assert len(peers) == done.tables["peer_indicators"] > 0
    assert {r["unit"] for r in peers.values()} == {"researchers in R&D per million people"}


@pytest.fixture
def peers_before(before) -> Path:
    """``before``, with the peer table's WDI rows of R&D intensity taken out too."""
    path = before / "peer_indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [
        line for line in lines[1:]
        if not (line.split(",")[1] == "rd_intensity" and ",WDI 20" in line)
    ]
    assert len(kept) < len(lines)
    path.write_text("".join(kept), encoding="utf-8")
    return before


def test_a_release_also_updates_the_peer_table_for_its_economies(peers_before, current):
    economies = peer_economies(peers_before)
    old_values, new_values = file_values(OLD), file_values(NEW)
    first, second = wdi.import_wdi([OLD, NEW], peers_before)
    wanted_old = {k: v for k, v in old_values.items() if k[0] in economies and k[1] >= PEER_SINCE}
    assert list(first.tables) == ["rd_intensity", "peer_indicators"]
    assert first.tables["rd_intensity"] == first.added
    assert first.tables["peer_indicators"] == len(wanted_old)

    rows = peer_wdi(peers_before, "rd_intensity", "WDI 2025-07")
    assert {k: r["value"] for k, r in rows.items()} == wanted_old  # the file's text, unrounded
    for r in rows.values():
        assert (r["released"], r["source_id"]) == ("2025-07-01", wdi.source_id(CODE, "2025-07-01"))
        assert (r["unit"], r["year_basis"], r["confidence"]) == ("percent of GDP", "data year", "high")
    # the newer release reproduces the shipped peer rows of WDI 2026-07, and nothing else
    curated = peer_wdi(current, "rd_intensity", "WDI 2026-07")
    imported = peer_wdi(peers_before, "rd_intensity", "WDI 2026-07")
    assert {k: r["value"] for k, r in imported.items()} == {k: r["value"] for k, r in curated.items()}
    assert {k: v for k, v in new_values.items() if k in imported} == {k: r["value"] for k, r in imported.items()}
    assert {r["released"] for r in imported.values()} == {"2026-07-13"}
    assert second.tables["peer_indicators"] == len(curated)
    # earlier vintages and the other indicators are kept
    for label in ("WDI 2025-07", "WDI 2026-07"):
        enum = smartkorea.describe("peer_indicators", peers_before)["schema"]["fields"][6]["constraints"]["enum"]
        assert label in enum
    others = [r for r in table_rows(current, "peer_indicators") if r["indicator"] != "rd_intensity"]
    assert [r for r in table_rows(peers_before, "peer_indicators") if r["indicator"] != "rd_intensity"] == others
    assert smartkorea.problems(peers_before) == []


def test_one_import_writes_every_table_or_none(current, tmp_path):
    # The peer table disagrees with the release (a copy edited here); rd_intensity would take
    # the release's rows, but nothing at all may be written.
    path = current / "peer_indicators.csv"
    text = path.read_text(encoding="utf-8")
    kor_2017 = next(line for line in text.splitlines()
                    if line.startswith("KOR,rd_intensity,2017,") and ",WDI 2026-07," in line)
    value = kor_2017.split(",")[4]
    path.write_text(text.replace(kor_2017, kor_2017.replace(f",{value},", ",9.99,")), encoding="utf-8")
    later = edited(tmp_path, OLD, OLD.name, b'"2025-07-01"', b'"2027-01-15"')
    first = snapshot(current)
    with pytest.raises(WdiFileError, match="peer_indicators already holds KOR 2017 = 9.99"):
        wdi.import_wdi([later, NEW], current)
    assert snapshot(current) == first


def test_fixed_broadband_goes_into_the_peer_table_only(current):
    economies = peer_economies(current)
    broadband_before = (current / "broadband.csv").read_bytes()
    itu_before = [r for r in table_rows(current, "peer_indicators") if r["indicator"] == "fixed_broadband_per_100"]
    (done,) = wdi.import_wdi([BB], current)
    wanted = {k: v for k, v in file_values(BB).items() if k[0] in economies and k[1] >= PEER_SINCE}
    assert (done.dataset, done.vintage, done.previous) == ("peer_indicators", "WDI 2019-07", None)
    assert done.tables == {"peer_indicators": len(wanted)} and done.added == len(wanted) > 0
    rows = peer_wdi(current, "fixed_broadband_per_100", "WDI 2019-07")
    assert {k: r["value"] for k, r in rows.items()} == wanted
    assert {(r["unit"], r["released"], r["source_id"]) for r in rows.values()} == {
        ("per 100 inhabitants", "2019-07-10", wdi.source_id(BB_CODE, "2019-07-10"))}
    after = [r for r in table_rows(current, "peer_indicators")
             if r["indicator"] == "fixed_broadband_per_100" and r["vintage"] != "WDI 2019-07"]
    assert after == itu_before  # the ITU values are kept
    assert (current / "broadband.csv").read_bytes() == broadband_before  # no vintage column there
    cited = smartkorea.sources("peer_indicators", current).set_index("source_id")
    assert cited.loc[wdi.source_id(BB_CODE, "2019-07-10"), "url"] == f"https://data.worldbank.org/indicator/{BB_CODE}"
    assert smartkorea.problems(current) == []
    assert wdi.import_wdi([BB], current)[0].tables == {"peer_indicators": 0}
    with pytest.raises(ValueError, match="earliest"):  # the ITU values are not a WDI vintage
        wdi.revisions("fixed_broadband_per_100", data=current)


def test_broadband_revisions_against_a_later_release(current, tmp_path):
    later = edited(tmp_path, BB, BB.name, b'"2019-07-10"', b'"2027-01-15"')
    wdi.import_wdi([BB], current)
    (done,) = wdi.import_wdi([later], current)
    assert (done.vintage, done.previous) == ("WDI 2027-01", "WDI 2019-07")
    assert done.revisions.empty  # the same values, relabelled
    table = wdi.revisions("fixed_broadband_per_100", data=current)
    assert table.attrs == {"vintage": "WDI 2027-01", "previous": "WDI 2019-07", "indicator": BB_CODE}
    assert wdi.revisions(BB_CODE, data=current).equals(table)


def test_destinations_read_the_newest_wdi_vintage(current, tmp_path):
    # A later release carrying the 2025-07 values (the real file, its date moved on): the
    # comparison must take its values, not the 2026-07 ones, nor refuse two releases.
    later = edited(tmp_path, OLD, OLD.name, b'"2025-07-01"', b'"2027-01-15"')
    wdi.import_wdi([later], current)
    values, years, _ = destinations.indicator_values(data=current)
    old_values = file_values(OLD)
    for country in destinations.ECONOMIES:
        held = [y for c, y in old_values if c == country and y >= PEER_SINCE]
        if not held:
            continue
        assert years.at[country, "rd_intensity"] == max(held), country
        assert values.at[country, "rd_intensity"] == float(old_values[(country, max(held))]), country
    shipped = destinations.indicator_values()[0]["rd_intensity"]
    assert not values["rd_intensity"].equals(shipped)  # the releases differ: the test tells them apart


def test_a_wdi_value_outranks_another_source_of_the_same_year_in_destinations(current):
    # The peer table's 2023 broadband values come from an ITU extract; a WDI value of the
    # same year (here Korea's latest row of the real 2019 release, moved to 2023 in a copy)
    # is preferred.
    wdi.import_wdi([BB], current)
    kor_last = max(y for c, y in file_values(BB) if c == "KOR")
    path = current / "peer_indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines)
              if line.startswith(f"KOR,fixed_broadband_per_100,{kor_last},") and ",WDI 2019-07," in line)
    lines[at] = lines[at].replace(f",{kor_last},", ",2023,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    values, years, _ = destinations.indicator_values(data=current)
    assert years.at["KOR", "fixed_broadband_per_100"] == 2023
    assert values.at["KOR", "fixed_broadband_per_100"] == float(file_values(BB)[("KOR", kor_last)])
    jpn_itu = next(r["value"] for r in table_rows(current, "peer_indicators")
                   if r["country"] == "JPN" and r["indicator"] == "fixed_broadband_per_100" and r["year"] == "2023")
    assert values.at["JPN", "fixed_broadband_per_100"] == float(jpn_itu)


def test_a_release_with_years_after_2026_imports(current, tmp_path):
    # The real release with its 2023 column relabelled 2027 and its date moved on.
    raw = NEW.read_bytes()
    assert raw.count(b'"2023"') == 1
    future = tmp_path / NEW.name
    future.write_bytes(raw.replace(b'"2023"', b'"2027"').replace(b'"2026-07-13"', b'"2028-01-15"'))
    (done,) = wdi.import_wdi([future], current)
    assert done.vintage == "WDI 2028-01"
    for table in ("rd_intensity", "peer_indicators"):
        years = {int(r["year"]) for r in table_rows(current, table) if r["vintage"] == "WDI 2028-01"}
        assert 2027 in years and 2023 not in years, table
    assert smartkorea.problems(current) == []


def test_importing_twice_changes_nothing(before):
    wdi.import_wdi([OLD, NEW], before)
    once = snapshot(before)
    again = wdi.import_wdi([OLD, NEW], before)
    assert [d.added for d in again] == [0, 0]
    assert snapshot(before) == once


def test_the_shipped_releases_are_already_there(current):
    # The package's WDI rows came from these files; the import only adds the package's other
    # countries, never a second copy of a row it already holds.
    first = snapshot(current)
    wdi.import_wdi([NEW], current)
    df = smartkorea.load("rd_intensity", current)
    assert not df.duplicated(["country", "year", "vintage"]).any()
    kor = df[(df["country"] == "KOR") & (df["vintage"] == "WDI 2026-07")]
    assert len(kor) == len(smartkorea.load("rd_intensity").query("country == 'KOR' and vintage == 'WDI 2026-07'"))
    assert snapshot(current)["datapackage.json"] == first["datapackage.json"]


# --------------------------------------------------------------------------- bad input


def _truncated(tmp_path: Path) -> Path:
    raw = NEW.read_bytes()
    out = tmp_path / NEW.name
    out.write_bytes(raw[: len(raw) * 3 // 5])
    return out


def _unknown_indicator(tmp_path: Path) -> Path:
    name = "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_232.csv"
    return edited(tmp_path, NEW, name, CODE.encode(), b"NY.GDP.MKTP.CD")


def _no_preamble(tmp_path: Path) -> Path:
    raw = NEW.read_bytes()
    out = tmp_path / NEW.name
    out.write_bytes(raw[raw.index(b'"Country Name"'):])
    return out


def _zip_without_csv(tmp_path: Path) -> Path:
    out = tmp_path / "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2.zip"
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("Metadata_Indicator_API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv", "x\n")
        z.writestr("readme.txt", "not data\n")
    return out


def _same_month_other_values(tmp_path: Path) -> Path:
    # the 2025 values dated inside the month of the shipped 2026-07 vintage
    return edited(tmp_path, OLD, OLD.name, b'"2025-07-01"', b'"2026-07-01"')


@pytest.mark.parametrize(
    "make, words",
    [
        (_truncated, "truncated"),
        (_unknown_indicator, "NY.GDP.MKTP.CD"),
        (_no_preamble, "Last Updated Date"),
        (_zip_without_csv, "no World Bank data file"),
        (_same_month_other_values, "already holds"),
    ],
    ids=["truncated", "unknown indicator", "no preamble", "zip with no CSV", "conflicting vintage"],
)
def test_bad_input_is_refused_by_name_and_nothing_is_written(make, words, current, tmp_path):
    bad = make(tmp_path)
    first = snapshot(current)
    with pytest.raises(WdiFileError) as info:
        wdi.import_wdi([NEW, bad], current)  # a good file first: it must not be written either
    assert isinstance(info.value, SmartKoreaError) and isinstance(info.value, ValueError)
    assert str(bad) in str(info.value) and info.value.file.startswith(str(bad))
    assert words in str(info.value)
    assert snapshot(current) == first


def test_a_failure_while_replacing_files_leaves_the_folder_as_it_was(before, monkeypatch):
    first = snapshot(before)
    real = wdi.os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(wdi.os, "replace", flaky)
    with pytest.raises(OSError, match="disk full"):
        wdi.import_wdi([OLD], before)
    assert len(calls) == 2
    assert snapshot(before) == first


# --------------------------------------------------------------------------- revisions()


def test_revisions_defaults_to_the_latest_vintage_against_the_one_before(before):
    wdi.import_wdi([OLD, NEW], before)
    table = wdi.revisions("rd_intensity", data=before)
    assert (table.attrs["vintage"], table.attrs["previous"]) == ("WDI 2026-07", "WDI 2025-07")
    assert list(table.columns) == ["country", "year", "old", "new", "change", "status"]
    assert table["country"].iloc[0] == "KOR"
    same = wdi.revisions(CODE, "WDI 2026-07", previous="WDI 2025-07", countries=["KOR"], data=before)
    assert set(same["country"]) == {"KOR"}
    assert same.reset_index(drop=True).equals(table[table["country"] == "KOR"].reset_index(drop=True))
    older = wdi.revisions(CODE, "WDI 2025-07", data=before)
    assert older.attrs["previous"] == "WDI 2013"


def test_revisions_refuses_unknown_indicators_and_vintages(before):
    with pytest.raises(KeyError, match="NY.GDP.MKTP.CD"):
        wdi.revisions("NY.GDP.MKTP.CD", data=before)
    with pytest.raises(ValueError, match="WDI 2030-01"):
        wdi.revisions(CODE, "WDI 2030-01", data=before)
    with pytest.raises(ValueError, match="earliest"):
        wdi.revisions(CODE, "WDI 2013", data=before)


# --------------------------------------------------------------------------- command line


def test_cli_imports_and_prints_the_revisions_for_readers(before, capsys):
    assert main(["import-wdi", str(OLD), str(NEW), "--data", str(before)]) == 0
    out = capsys.readouterr().out
    old_kor = float(file_values(OLD)[("KOR", 2017)])
    new_kor = float(file_values(NEW)[("KOR", 2017)])
    line = next(x for x in out.splitlines() if x.startswith("South Korea") and " 2017 " in x
                and f"{new_kor:.2f}%" in x)
    assert f"{old_kor:.2f}%" in line and f"{new_kor - old_kor:+.2f} pp" in line
    assert "last updated 13 July 2026" in out
    assert "Country" in out and "Change" in out and "WDI 2025-07" in out
    # every table the release reached is named, the peer panel too
    peer_title = smartkorea.describe("peer_indicators", before)["title"]
    assert f"Also in {peer_title}" in out or f"Already in {peer_title}" in out
    for raw in ("rd_intensity", "nan", "NaN", CODE.replace(".", "_")):
        assert raw not in out
    assert smartkorea.problems(before) == []


def test_cli_reports_a_bad_file_in_one_line_and_writes_nothing(current, tmp_path, capsys):
    bad = _no_preamble(tmp_path)
    first = snapshot(current)
    assert main(["import-wdi", str(bad), "--data", str(current)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert snapshot(current) == first


def test_cli_usage_errors(current, capsys):
    assert main(["import-wdi", "--data", str(current)]) == 2
    assert "--download" in capsys.readouterr().err
    assert main(["import-wdi", "--download", "NY.GDP.MKTP.CD", "--data", str(current)]) == 2
    assert "NY.GDP.MKTP.CD" in capsys.readouterr().err


def test_cli_download_fetches_the_bulk_zip_and_imports_it(before, monkeypatch, capsys):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.write(OLD, OLD.name)
    asked = []

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(url, timeout=None):
        asked.append(url)
        return Response(buffer.getvalue())

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    assert main(["import-wdi", "--download", CODE, "--data", str(before)]) == 0
    assert asked == [f"https://api.worldbank.org/v2/en/indicator/{CODE}?downloadformat=csv"]
    assert "last updated 1 July 2025" in capsys.readouterr().out
    assert "WDI 2025-07" in set(smartkorea.load("rd_intensity", before)["vintage"].astype(str))


def test_importing_the_wdi_helpers_does_not_load_matplotlib():
    import subprocess
    import sys

    code = "import sys, smartkorea as sk; sk.wdi.revisions; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
