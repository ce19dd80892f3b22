"""Shared test helpers: the data package's CSV rows read independently of smartkorea, and a
private copy of the data package to corrupt without touching data/.

Test modules import the helper as ``from conftest import csv_rows`` (pytest puts this folder
on ``sys.path``).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import smartkorea as sk


def csv_rows(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    """The rows of ``<name>.csv`` as text, read with the csv module (not with smartkorea's
    loader, so tests compute expected values independently of the code under test)."""
    with ((folder or sk.data_dir()) / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the shipped data package (the real one is never modified)."""
    target = tmp_path / "data"
    shutil.copytree(sk.data_dir(), target)
    return target
