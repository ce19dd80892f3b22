"""The package's layout: small modules, each saying its job, and names that moved still found where
they were (one home each, re-exported from the old one)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import smartkorea

PACKAGE = Path(smartkorea.__file__).resolve().parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
MAX_LINES = 500

# old home -> (new home, names that moved there)
MOVED = {
    "smartkorea.tables": ("smartkorea.tablecells", ["DASH", "humanize", "label"]),
    "smartkorea.wdi": ("smartkorea.wdifile", ["INDICATORS", "Indicator", "Release", "bulk_url", "read_release",
                                              "source_id", "vintage_label"]),
    "smartkorea.compare": ("smartkorea.twopoints", ["Change", "change"]),
    "smartkorea.money": ("smartkorea.gdpshare", ["GDPShare", "express", "share_of_gdp", "shares_of_gdp"]),
    "smartkorea.scorecard": ("smartkorea.composite", ["METHODS", "MISSING_POLICIES", "apply_missing", "normalise",
                                                      "score", "sensitivity"]),
}


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).with_suffix("").as_posix().replace("/", ".")


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_name(path)} has {lines} lines; split it by job (at most {MAX_LINES})"


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__main__.py"], ids=_name)
def test_module_docstring_names_its_job(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and doc.splitlines()[0].strip(), f"{_name(path)} has no docstring saying what it does"


@pytest.mark.parametrize("old", sorted(MOVED))
def test_moved_names_are_the_same_objects_in_both_homes(old):
    new, names = MOVED[old]
    old_module, new_module = importlib.import_module(old), importlib.import_module(new)
    for name in names:
        assert getattr(old_module, name) is getattr(new_module, name), f"{old}.{name} is not {new}.{name}"
        assert name in new_module.__all__, f"{new} does not list {name} in __all__"


def test_gdp_shares_still_import_from_money_and_the_package():
    from smartkorea.money import GDPShare, share_of_gdp

    share = share_of_gdp(1.0e12, "KRW", 2019)
    assert isinstance(share, GDPShare)
    assert smartkorea.share_of_gdp is share_of_gdp
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        getattr(importlib.import_module("smartkorea.money"), "not_a_name")


def test_a_share_of_gdp_is_the_amount_over_the_gdp_row_it_names():
    """The moved share_of_gdp divides by the gdp table's row it reports (read here from the table)."""
    share = smartkorea.share_of_gdp(1.0e12, "KRW", 2019)
    gdp = smartkorea.load("gdp")
    row = gdp[(gdp["source_id"] == share.source_id) & (gdp["year"] == 2019) & (gdp["country"] == "KOR")]
    assert len(row) == 1
    assert float(share) == pytest.approx(100 * 1.0e12 / float(row["amount"].iloc[0]))
