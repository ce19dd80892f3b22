"""The README documents what exists: every dataset, and the commands it promises."""

from __future__ import annotations

import re
from pathlib import Path

import smartkorea as sk

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_dataset_is_in_the_readme_table():
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", README, flags=re.M))
    assert listed == set(sk.catalog.names())


def test_readme_year_ranges_match_the_data():
    table = sk.datasets().set_index("name")
    for name, first, last in re.findall(r"^\| `([a-z0-9_]+)` \|[^|]+\| (\d{4})–(\d{4}) \|", README, flags=re.M):
        row = table.loc[name]
        assert (int(first), int(last)) == (row["first_year"], row["last_year"]), name


def test_quick_start_commands_exist_in_the_makefile():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("report", "test", "lab", "bench"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
