"""The data package itself: valid Frictionless, every value plausible and traceable to a source."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import citations
from smartkorea import verdicts

NAMES = [n for n in sk.catalog.names()]
ISO_4217 = {"KRW", "GBP", "USD", "EUR"}
# Fixed bounds (not today's date, so the tests do not change with the calendar): the data runs
# from the 1980s and plans reach into the 2030s.
FIRST_YEAR, LAST_YEAR = 1980, 2040


def _all_source_ids(df: pd.DataFrame) -> set[str]:
    return set(citations.cited(df))


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


# Pages whose one address serves many documents (a data portal's releases and tables, an annual
# press-release page): there each release or table is its own source.
_PORTALS = ("data.worldbank.org/indicator/", "ncses.nsf.gov/indicators",
            "publicadministration.un.org/egovkb/", "imd.org/centers/wcc/smart-city-index/press-release")


def test_one_source_id_per_document():
    """A page read by two research packs is one source, cited by one id everywhere."""
    sources = sk.load("sources")
    pages = sources[sources["url"].notna() & (sources["url"] != "")]
    pages = pages[~pages["url"].str.contains("|".join(map(re.escape, _PORTALS)))]
    key = pages["url"].str.replace(r"^https?://(www\.)?", "", regex=True).str.rstrip("/")
    shared = pages.assign(key=key)[key.duplicated(keep=False)].groupby("key")["source_id"].apply(sorted)
    assert shared.empty, shared.to_dict()


@pytest.mark.parametrize("name", NAMES)
def test_years_are_plausible(name):
    df = sk.load(name)
    for col in df.columns:
        if col == "year" or col.endswith("_year"):
            years = pd.to_numeric(df[col], errors="coerce").dropna()
            assert years.between(FIRST_YEAR, LAST_YEAR).all(), (name, col, years.min(), years.max())
        if col in ("date", "as_of", "published", "announced", "release_date"):
            text = df[col].dropna().astype(str)
            text = text[text != "n.d."]  # a source without a date says so (sources.published)
            first = pd.to_numeric(text.str[:4], errors="coerce")
            assert first.notna().all(), (name, col)
            assert first.between(FIRST_YEAR, LAST_YEAR).all(), (name, col)


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


# --------------------------------------------------------------------------- values for their unit


def _no_measures(df: pd.DataFrame) -> None:
    """A table of names, dates and links: it holds no measured number to check."""
    numbers = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])
               and not pd.api.types.is_bool_dtype(df[c]) and c != "year" and not c.endswith("_year")]
    assert numbers == [], f"numeric columns without a plausibility rule: {numbers}"


def _in_range(values: pd.Series, lo: float, hi: float, what: str) -> None:
    values = pd.to_numeric(values, errors="coerce").dropna()
    assert len(values) > 0, f"no {what} to check"
    outside = values[(values < lo) | (values > hi)]
    assert outside.empty, f"{what} outside [{lo:g}, {hi:g}]: {outside.head().tolist()}"


def _ranks(values: pd.Series, what: str) -> None:
    values = pd.to_numeric(values, errors="coerce").dropna()
    assert len(values) > 0, f"no {what} to check"
    assert (values >= 1).all() and (values % 1 == 0).all(), f"{what}: ranks are whole numbers from 1"


def _value_in_its_unit(df: pd.DataFrame) -> None:
    """``value`` with a ``unit`` column: every value names its unit; percents 0-100, ranks 1, 2, ..."""
    value = pd.to_numeric(df["value"], errors="coerce")
    unit = df["unit"].astype("string").fillna("").str.strip().str.lower()
    present = value.notna()
    assert present.any(), "no values"
    assert unit[present].ne("").all(), df.loc[present & unit.eq(""), "value"].head().tolist()
    pct = unit.str.startswith("percent") | unit.isin(["%", "pct"])
    # shares can exceed 100 only where the data says it is a ratio to GDP of sales (not value added)
    ratio_to_gdp = df.get("indicator", pd.Series("", index=df.index)).astype(str).str.contains("gdp")
    if (pct & ~ratio_to_gdp & present).any():
        _in_range(value[pct & ~ratio_to_gdp], 0, 100, "percentages")
    if (unit.str.startswith("rank") & present).any():
        _ranks(value[unit.str.startswith("rank")], "ranks")


def _rank_or_score(df: pd.DataFrame) -> None:
    """``measure`` says rank (whole numbers from 1, within the cities ranked) or score (0-100)."""
    measure = df["measure"].astype(str)
    rank, score = measure.str.startswith("rank"), measure.eq("score")
    assert (rank | score).all(), sorted(set(measure[~(rank | score)]))
    _ranks(df.loc[rank, "value"], "ranks")
    if score.any():
        _in_range(df.loc[score, "value"], 0, 100, "scores")
    if "cities_ranked" in df.columns:
        both = df[rank & df["cities_ranked"].notna()]
        assert (both["value"] <= both["cities_ranked"]).all(), both[["city", "value", "cities_ranked"]]


def _krw_amounts(lo: float, hi: float):
    """Money in full won (not millions or trillions): every amount within [lo, hi] KRW."""
    def check(df: pd.DataFrame) -> None:
        assert set(df["currency"].astype(str)) == {"KRW"}, set(df["currency"].astype(str))
        _in_range(df["amount"], lo, hi, "KRW amounts")
    return check


def _rd_expenditure(df: pd.DataFrame) -> None:
    """A country's R&D spending: billions in full units, the unit naming the currency."""
    assert all(cur in unit for cur, unit in zip(df["currency"].astype(str), df["unit"].astype(str)))
    _in_range(df["amount"], 1e9, 1e15, "GERD amounts")  # USD billions, KRW trillions


def _claims(df: pd.DataFrame) -> None:
    """Each stated and evidence figure has a currency or a unit; money in full units, percents 0-100."""
    for side in ("stated", "evidence"):
        value = pd.to_numeric(df[f"{side}_value"], errors="coerce")
        currency = df[f"{side}_currency"].astype("string").fillna("")
        unit = df[f"{side}_unit"].astype("string").fillna("").str.lower()
        present = value.notna()
        assert present.any(), side
        assert (currency.ne("") | unit.ne(""))[present].all(), side
        _in_range(value[present & currency.ne("")], 1e6, 1e15, f"{side} money")
        if (present & unit.eq("percent")).any():
            _in_range(value[unit.eq("percent")], 0, 100, f"{side} percentages")
        if (present & unit.eq("rank")).any():
            _ranks(value[unit.eq("rank")], f"{side} ranks")


# Plausible ranges of a currency's annual average against the US dollar (units per USD).
_FX_RANGE = {"KRW": (500, 2000), "GBP": (0.4, 1.2)}


def _fx_rates(df: pd.DataFrame) -> None:
    """Units per US dollar within the currency's plausible range."""
    for currency, rows in df.groupby(df["currency"].astype(str)):
        assert currency in _FX_RANGE, currency
        _in_range(rows["units_per_usd"], *_FX_RANGE[currency], f"{currency} per USD")


def _city_ranks(df: pd.DataFrame) -> None:
    """Ranks are whole numbers from 1, never past the number of cities the edition ranked."""
    _ranks(df["rank"], "city ranks")
    both = df[df["cities_ranked"].notna()]
    assert (both["rank"] <= both["cities_ranked"]).all(), both[["city", "rank", "cities_ranked"]]


def _money_and_counts(*pairs: tuple[str, str]):
    """Money in full units of its ISO 4217 currency (no amount without one, none negative), and
    counts (``count``/``projects``) from 0, whole unless their unit is a ratio ("... per ...")."""
    def check(df: pd.DataFrame) -> None:
        for amount, currency in pairs:
            value = pd.to_numeric(df[amount], errors="coerce")
            cur = df[currency].astype("string")
            assert cur[value.notna()].notna().all(), (amount, "an amount without its currency")
            assert set(cur.dropna()) <= ISO_4217, set(cur.dropna()) - ISO_4217
            _in_range(value.dropna(), 1e4, 1e16, f"{amount} (full units)")
        for col in ("count", "projects"):
            if col in df.columns:
                n = pd.to_numeric(df[col], errors="coerce")
                ratio = (df["unit"].astype("string").str.contains(" per ", na=False) if "unit" in df
                         else pd.Series(False, index=df.index))
                bad = (n.notna() & ((n < 0) | ((n != n.round()) & ~ratio))).fillna(False).astype(bool)
                assert not bad.any(), (col, df.loc[bad, col])
    return check


PLAUSIBLE = {
    "sources": _no_measures,
    "countries": _no_measures,
    "milestones": _no_measures,
    "rd_intensity": lambda df: _in_range(df["value"], 0, 10, "GERD as % of GDP"),  # none spends 10 %
    "rd_by_sector": lambda df: _in_range(df["value"], 0, 100, "shares of GERD (%)"),
    "rd_expenditure": _rd_expenditure,
    "innovation_rankings": _rank_or_score,
    "smart_city_rankings": _rank_or_score,
    "venture_investment": _krw_amounts(1e9, 1e15),
    "fund_of_funds": _krw_amounts(1e9, 1e15),
    "gdp": _krw_amounts(1e14, 1e16),  # Korea's nominal GDP: hundreds to thousands of trillions of won
    "claims": _claims,
    "fx_rates": _fx_rates,
    "peer_smart_city_ranks": _city_ranks,
    "rd_budget": _krw_amounts(1e12, 1e15),  # government R&D: tens of trillions of won
    "open_innovation_events": _money_and_counts(("amount", "currency")),
    "uk_korea_collaboration": _money_and_counts(("uk_funding", "uk_currency"), ("korea_funding", "korea_currency")),
    "pilot_city_status": _money_and_counts(("amount", "currency")),
}


@pytest.mark.parametrize("name", NAMES)
def test_values_are_plausible_for_their_unit(name):
    df = sk.load(name)
    if name in PLAUSIBLE:
        PLAUSIBLE[name](df)
    else:
        assert {"value", "unit"} <= set(df.columns), f"{name}: no plausibility rule for its numbers"
        _value_in_its_unit(df)


def test_every_plausibility_rule_names_a_table():
    assert set(PLAUSIBLE) <= set(NAMES), set(PLAUSIBLE) - set(NAMES)


def test_plausibility_rules_catch_a_misplaced_unit():
    """The rules fail on the errors they exist for: a share of GDP stored as a fraction times
    100 twice, a rank of 0 and won stored in trillions."""
    rd = sk.load("rd_intensity")
    with pytest.raises(AssertionError):
        PLAUSIBLE["rd_intensity"](rd.assign(value=rd["value"] * 100))
    ranks = sk.load("innovation_rankings")
    with pytest.raises(AssertionError):
        PLAUSIBLE["innovation_rankings"](ranks.assign(value=ranks["value"] - 1))
    gdp = sk.load("gdp")
    with pytest.raises(AssertionError):
        PLAUSIBLE["gdp"](gdp.assign(amount=gdp["amount"] / 1e12))
    broadband = sk.load("broadband")
    with pytest.raises(AssertionError):
        _value_in_its_unit(broadband.assign(unit=""))


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


def test_a_rank_read_twice_from_one_page_carries_one_confidence():
    """The IMD ranks kept in both smart-city tables: same page, same city and edition, same grade."""
    ours = sk.load("smart_city_rankings")
    ours = ours[(ours["ranking"] == "imd_smart_city_index") & (ours["measure"] == "rank")]
    peers = sk.load("peer_smart_city_ranks")
    both = ours.merge(peers, left_on=["source_id", "country", "year"], right_on=["source_id", "country", "edition"],
                      suffixes=("", "_peer"))
    both = both[both["city"] == both["city_peer"]]
    assert len(both) >= 10  # the 2024 and 2025 lists are in both tables
    differ = both[both["confidence"].astype(str) != both["confidence_peer"].astype(str)]
    assert differ.empty, differ[["city", "year", "source_id", "confidence", "confidence_peer"]].to_dict("records")


def test_a_city_in_both_smart_city_tables_has_one_spelling():
    """A city is matched across the tables by name (a clash of ranks is found only then): no
    second spelling of a peer-panel city, such as "Taipei" for "Taipei City"."""
    ours = sk.load("smart_city_rankings")
    peers = sk.load("peer_smart_city_ranks")
    panel = {(c, str(n)) for c, n in zip(peers["country"].astype(str), peers["city"])}
    for country, city in {(c, str(n)) for c, n in zip(ours["country"].astype(str), ours["city"])}:
        near = {n for c, n in panel if c == country and n != city and n.split()[0] == city.split()[0]}
        assert not near, f"smart_city_rankings.csv: city {city!r} ({country}) is spelled {sorted(near)} in peer_smart_city_ranks.csv"


def test_an_imd_rank_is_graded_high_only_on_the_index_publishers_own_text():
    """Both tables' definitions: high is the publisher's own text; a press report is medium at best."""
    publisher = sk.load("sources").set_index("source_id")["publisher"].astype(str)
    own = ("IMD ", "Singapore University of Technology and Design")  # IMD and its index partner SUTD
    ours = sk.load("smart_city_rankings")
    ours = ours[ours["ranking"].astype(str).str.startswith("imd_smart_city_index")]
    for name, table in (("smart_city_rankings", ours), ("peer_smart_city_ranks", sk.load("peer_smart_city_ranks"))):
        high = table[table["confidence"].astype(str) == "high"]
        wrong = sorted({s for s in high["source_id"] if not publisher[s].startswith(own)})
        assert not wrong, (name, wrong)
