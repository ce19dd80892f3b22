"""Shared fixtures: a private copy of the data package to corrupt without touching data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import smartkorea as sk


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the shipped data package (the real one is never modified)."""
    target = tmp_path / "data"
    shutil.copytree(sk.data_dir(), target)
    return target
