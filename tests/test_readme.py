"""The README documents what exists: every dataset, and the commands it promises."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import smartkorea as sk

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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


@pytest.mark.parametrize("user_id, allowed", [("0", True), ("1000", False)])
def test_make_lab_starts_as_root_too(user_id, allowed):
    """Jupyter stops with "Running as root is not recommended" unless given --allow-root."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "--dry-run", "--always-make", "lab", f"USER_ID={user_id}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    (command,) = [line for line in out.stdout.splitlines() if "jupyter lab" in line]
    assert command.endswith("notebooks")
    assert ("--allow-root" in command.split()) is allowed


def test_every_picture_the_readme_shows_is_in_the_repository():
    import re

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert len(pictures) >= 2  # one chart and one table
    for rel in pictures:
        path = root / rel
        assert path.is_file(), rel
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", rel
