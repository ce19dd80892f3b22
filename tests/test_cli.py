"""The ``smartkorea`` command line: datasets, cite, validate, and user errors without tracebacks.

Most tests use a tiny data package written into ``tmp_path`` (so they do not depend on the real
data's content); the shipped package is only ever copied, never modified.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import smartkorea as sk
from smartkorea.cli import main

SOURCES_FIELDS = ["source_id", "publisher", "title", "url", "published", "accessed", "note"]


def write_package(folder: Path) -> Path:
    """A valid two-table data package: ``sources`` and ``things`` (country, year, value)."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = {
        "name": "tiny",
        "title": "Tiny test package",
        "version": "1.0.0",
        "resources": [
            {
                "name": "sources",
                "path": "sources.csv",
                "title": "Sources",
                "schema": {
                    "fields": [
                        {"name": "source_id", "type": "string", "constraints": {"required": True}},
                        *({"name": n, "type": "string"} for n in SOURCES_FIELDS[1:]),
                    ],
                    "primaryKey": "source_id",
                },
            },
            {
                "name": "things",
                "path": "things.csv",
                "title": "Things per country",
                "schema": {
                    "fields": [
                        {"name": "country", "type": "string",
                         "constraints": {"required": True, "pattern": "[A-Z]{3}"}},
                        {"name": "year", "type": "integer", "constraints": {"required": True}},
                        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
                        {"name": "source_id", "type": "string", "constraints": {"required": True}},
                    ],
                    "primaryKey": ["country", "year"],
                    "foreignKeys": [{"fields": "source_id",
                                     "reference": {"resource": "sources", "fields": "source_id"}}],
                },
            },
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    with (folder / "sources.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(SOURCES_FIELDS)
        w.writerow(["stats", "Statistics Office", "Yearbook", "https://stats.example/yearbook",
                    "2020-01-31", "2024-05-01", ""])
    with (folder / "things.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["country", "year", "value", "source_id"])
        w.writerows([["KOR", 2018, 4.5, "stats"], ["KOR", 2019, 4.6, "stats"],
                     ["GBR", 2019, 1.7, "stats"]])
    return folder


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell of a CSV (row numbers count the header as row 1)."""
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_package(tmp_path / "tiny")


def shipped_data() -> Path:
    try:
        return sk.data_dir()
    except FileNotFoundError as exc:
        pytest.skip(f"the shipped data package is not available: {exc}")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smartkorea", *args],
                          capture_output=True, text=True, timeout=120)


# --------------------------------------------------------------------------- validate


def test_validate_a_valid_package(tiny, capsys):
    assert main(["validate", str(tiny)]) == 0
    out = capsys.readouterr().out
    assert "valid (2 datasets)" in out


def test_validate_prints_every_problem_with_file_row_and_column(tiny, capsys):
    set_cell(tiny / "things.csv", 2, "value", "lots")
    set_cell(tiny / "things.csv", 3, "value", "-1")
    set_cell(tiny / "things.csv", 4, "source_id", "nowhere")
    assert main(["validate", str(tiny)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "things.csv, row 2, column 'value': expected a number; found 'lots'" in lines
    assert any(line.startswith("things.csv, row 3, column 'value': expected a value >= 0")
               for line in lines)
    assert any(line.startswith("things.csv, row 4, column 'source_id'") and "'nowhere'" in line
               for line in lines)
    assert lines[-1].startswith("3 problems in 1 file of ")


def test_validate_accepts_the_descriptor_path(tiny, capsys):
    assert main(["validate", str(tiny / "datapackage.json")]) == 0


def test_validate_a_corrupted_copy_of_the_shipped_package(tmp_path, capsys):
    copy = tmp_path / "data"
    shutil.copytree(shipped_data(), copy)
    descriptor = json.loads((copy / "datapackage.json").read_text())
    # the first numeric column of the first data table (whatever the data holds)
    resource, field = next(
        (r, f) for r in descriptor["resources"] if r["name"] != "sources"
        for f in r["schema"]["fields"] if f.get("type") in ("number", "integer")
    )
    set_cell(copy / resource["path"], 2, field["name"], "not a number")
    assert main(["validate", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{resource['path']}, row 2, column '{field['name']}': expected" in out
    assert "found 'not a number'" in out


def test_validate_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err == f"smartkorea: error: no such folder: {tmp_path / 'nowhere'}\n"


def test_validate_a_folder_without_a_descriptor(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "datapackage.json: expected a datapackage.json descriptor; found no such file" in out


# --------------------------------------------------------------------------- datasets and cite


def test_datasets_lists_every_table(tiny, capsys):
    assert main(["datasets", "--data", str(tiny)]) == 0
    out = capsys.readouterr().out
    header, rule, *rows = out.splitlines()
    assert header.startswith("name") and set(rule) <= {"-", " "}
    names = [row.split()[0] for row in rows if row.strip() and not row.startswith("2 datasets")]
    assert names == ["sources", "things"]
    assert "Things per country" in out and "2018-2019" in out


def test_cite_names_title_and_sources(tiny, capsys):
    assert main(["cite", "things", "--data", str(tiny)]) == 0
    out = capsys.readouterr().out
    assert "Things per country" in out
    assert "Statistics Office" in out and "https://stats.example/yearbook" in out


def test_unknown_dataset_is_one_line_and_exit_2(tiny):
    result = run_cli("cite", "thngs", "--data", str(tiny))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("smartkorea: error: Unknown dataset 'thngs'.")
    assert "Did you mean 'things'?" in result.stderr


def test_invalid_data_makes_datasets_fail_with_one_line(tiny, capsys):
    set_cell(tiny / "things.csv", 2, "year", "twenty")
    assert main(["datasets", "--data", str(tiny)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "things.csv, row 2, column 'year'" in err
    assert "smartkorea validate" in err


def test_datasets_and_cite_on_the_shipped_data(capsys):
    shipped_data()
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in sk.catalog.names():
        assert f"\n{name} " in out
    some = next(n for n in sk.catalog.names() if n != "sources")
    assert main(["cite", some]) == 0
    assert "Sources:" in capsys.readouterr().out


# --------------------------------------------------------------------------- the command itself


def test_python_m_smartkorea_and_console_script(tiny):
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("smartkorea ")
    script = Path(sys.executable).with_name("smartkorea")
    if not script.exists():
        pytest.skip("the smartkorea console script is not installed next to this Python")
    result = subprocess.run([str(script), "validate", str(tiny)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "datasets" in capsys.readouterr().err


def test_bad_option_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--jobs", "0"])
    assert exc.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_cli_import_stays_light():
    """`smartkorea datasets` must not pay for the report's notebook machinery or matplotlib."""
    code = ("import sys, smartkorea.cli; "
            "print(sorted(m for m in ('nbclient', 'nbconvert', 'nbformat', 'matplotlib') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
