"""The data package itself: valid Frictionless, every value plausible and traceable to a source."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import verdicts

NAMES = [n for n in sk.catalog.names()]
ISO_4217 = {"KRW", "GBP", "USD"}
THIS_YEAR = date.today().year


def _all_source_ids(df: pd.DataFrame) -> set[str]:
    ids: set[str] = set()
    for col in df.columns:
        if col == "source_id" or col.endswith("source_ids"):
            for cell in df[col].dropna().astype(str):
                ids.update(s.strip() for s in cell.split(";") if s.strip())
    return ids


def test_frictionless_reports_the_package_valid():
    exe = Path(sys.executable).with_name("frictionless")
    cmd = [str(exe)] if exe.exists() else [shutil.which("frictionless") or "frictionless"]
    out = subprocess.run(
        [*cmd, "validate", "--json", str(sk.data_dir() / "datapackage.json")],
        capture_output=True, text=True,
    )
    report = json.loads(out.stdout)
    problems = [
        (task["name"], err.get("message"))
        for task in report.get("tasks", [])
        for err in task.get("errors", [])
    ] + [err.get("message") for err in report.get("errors", [])]
    assert report["valid"], problems[:20]
    assert out.returncode == 0


def test_package_metadata():
    pkg = json.loads((sk.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("name", "title", "version", "licenses", "sources", "description"):
        assert pkg.get(key), key
    for res in pkg["resources"]:
        assert res.get("title") and res.get("description"), res["name"]
        schema = res["schema"]
        assert schema.get("primaryKey"), res["name"]
        for field in schema["fields"]:
            assert field.get("description"), (res["name"], field["name"])
        if res["name"] != "sources":
            fks = schema.get("foreignKeys", [])
            assert any(fk["reference"]["resource"] == "sources" for fk in fks), res["name"]


@pytest.mark.parametrize("name", NAMES)
def test_every_row_traces_to_a_source_with_a_url(name):
    df = sk.load(name)
    if name == "sources":
        assert df["url"].str.match(r"^https?://").all()
        assert df["publisher"].notna().all() and df["title"].notna().all()
        return
    ids = _all_source_ids(df)
    assert ids, name
    assert df["source_id"].notna().all()
    known = set(sk.load("sources")["source_id"])
    assert ids <= known, ids - known


def test_every_source_is_used_somewhere():
    used: set[str] = set()
    for name in NAMES:
        if name != "sources":
            used |= _all_source_ids(sk.load(name))
    unused = set(sk.load("sources")["source_id"]) - used
    # a few sources explain a revision rather than give a value; they are cited by notebooks
    context = {sid for sid, note in sk.load("sources")[["source_id", "note"]].itertuples(index=False)
               if isinstance(note, str) and "context source" in note.lower()}
    assert unused <= context, sorted(unused - context)


@pytest.mark.parametrize("name", NAMES)
def test_years_are_plausible(name):
    df = sk.load(name)
    for col in df.columns:
        if col == "year" or col.endswith("_year"):
            years = pd.to_numeric(df[col], errors="coerce").dropna()
            assert years.between(1980, THIS_YEAR + 15).all(), (name, col, years.min(), years.max())
        if col in ("date", "as_of", "published", "announced", "release_date"):
            text = df[col].dropna().astype(str)
            first = pd.to_numeric(text.str[:4], errors="coerce")
            assert first.notna().all(), (name, col)
            assert first.between(1980, THIS_YEAR + 15).all(), (name, col)


@pytest.mark.parametrize("name", NAMES)
def test_countries_and_currencies_are_known(name):
    df = sk.load(name)
    codes = set(sk.load("countries")["country"])
    if "country" in df.columns:
        unknown = set(df["country"].dropna().astype(str)) - codes
        assert not unknown, unknown
    for col in df.columns:
        if col == "currency" or col.endswith("_currency"):
            found = set(df[col].dropna().astype(str)) - {""}
            assert found <= ISO_4217, (col, found)


@pytest.mark.parametrize("name", NAMES)
def test_values_are_plausible_for_their_unit(name):
    df = sk.load(name)
    if "value" not in df.columns or "unit" not in df.columns:
        return
    value = pd.to_numeric(df["value"], errors="coerce")
    unit = df["unit"].astype(str).str.lower()
    pct = unit.str.startswith("percent") | unit.isin(["%", "pct"])
    # shares can exceed 100 only where the data says it is a ratio to GDP of sales (not value added)
    ratio_to_gdp = df.get("indicator", pd.Series("", index=df.index)).astype(str).str.contains("gdp")
    assert (value[pct & ~ratio_to_gdp].dropna().between(0, 100)).all(), name
    rank = unit.str.startswith("rank")
    assert (value[rank].dropna() >= 1).all(), name
    assert (value[rank].dropna() % 1 == 0).all(), name


def test_money_is_in_full_units():
    """Amounts are stored in full currency units: no table should hold KRW in trillions."""
    for name in NAMES:
        df = sk.load(name)
        if "amount" in df.columns and "currency" in df.columns:
            krw = df.loc[df["currency"].astype(str) == "KRW", "amount"].dropna()
            assert (krw >= 1e6).all(), (name, krw[krw < 1e6].head())


def test_rd_intensity_keeps_every_vintage_of_korea_2017():
    df = sk.load("rd_intensity")
    kor17 = df[(df["country"] == "KOR") & (df["year"] == 2017)]
    assert kor17["vintage"].nunique() == len(kor17) >= 3
    assert kor17["value"].nunique() >= 3  # first release and two revisions differ


def test_fx_rates_cover_the_analysis_years():
    fx = sk.load("fx_rates")
    primary = fx[fx["role"] == "primary"]
    for cur in ("KRW", "GBP"):
        years = set(primary.loc[primary["currency"] == cur, "year"])
        assert set(range(2013, 2025)) <= years, cur
    # the cross-check series agrees with the primary within 1 %
    both = primary.merge(fx[fx["role"] == "crosscheck"], on=["year", "currency"], suffixes=("", "_x"))
    assert len(both) > 0
    assert ((both["units_per_usd_x"] / both["units_per_usd"] - 1).abs() < 0.01).all()


def test_claim_verdicts_are_explained():
    claims = sk.load("claims")
    assert set(claims["verdict"].astype(str)) <= set(verdicts.LEVELS)
    assert claims["verdict_detail"].notna().all()
    assert (claims["verdict"] == verdicts.WRONG).any()
