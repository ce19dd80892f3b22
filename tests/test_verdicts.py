"""verdicts: one graded verdict per claim, its conclusion and rule; ClaimReview JSON-LD; the CLI.

Expected values are worked out here from the raw CSV rows (read with the csv module) and the
exchange rates, never taken from the code under test. Rule tests use the real claims; the levels
no real claim has (understated, unverified) and the error paths use an edited copy of the data.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
from pathlib import Path

import pytest

import smartkorea as sk
from smartkorea import verdicts
from smartkorea.cli import main
from smartkorea.errors import DataValidationError

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def _csv(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    with ((folder or sk.data_dir()) / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _edit(folder: Path, claim_id: str, **changes: str) -> None:
    rows = _csv("claims", folder)
    for r in rows:
        if r["claim_id"] == claim_id:
            r.update(changes)
    _write(rows, folder / "claims.csv")


CLAIMS = _csv("claims")
RAW = {r["claim_id"]: r for r in CLAIMS}
MAIN = [r for r in CLAIMS if not r["reading_of"]]
RATES = {(int(r["year"]), r["currency"]): float(r["units_per_usd"])
         for r in _csv("fx_rates") if r["role"] == "primary"}


def _per_usd(currency: str, year: int) -> float:
    return 1.0 if currency == "USD" else RATES[(year, currency)]


def _to(amount: float, src: str, dst: str, year: int) -> float:
    return amount / _per_usd(src, year) * _per_usd(dst, year)


def _ratio(claim_id: str) -> float:
    """Stated / evidence, money converted at the evidence year's rate (through the US dollar)."""
    r = RAW[claim_id]
    stated, evidence = float(r["stated_value"]), float(r["evidence_value"])
    if r["stated_currency"]:
        year = int(r["evidence_year"])
        return _to(stated, r["stated_currency"], "USD", year) / _to(evidence, r["evidence_currency"], "USD", year)
    return stated / evidence


@pytest.fixture(scope="module")
def v():
    return verdicts.verdicts().set_index("claim_id")


# --------------------------------------------------------------------------- one row per claim


def test_one_row_per_claim_in_file_order(v):
    assert list(v.index) == [r["claim_id"] for r in MAIN]
    assert len({r["claim"] for r in CLAIMS}) == len(v)  # every sentence once, however many readings
    assert set(v["verdict"]) <= set(verdicts.LEVELS)
    for r in MAIN:
        readings = 1 + sum(o["reading_of"] == r["claim_id"] for o in CLAIMS)
        assert v.at[r["claim_id"], "readings"] == readings
        assert v.at[r["claim_id"], "verdict"] == r["verdict"]  # the curated verdict agrees with the rule
        assert v.at[r["claim_id"], "conclusion"].startswith(r["verdict"][0].upper() + r["verdict"][1:] + ": ")
    assert v["conclusion"].str.endswith(".").all()
    assert v["rule"].str.len().gt(0).all()


def test_claims_in_the_article_order_under_one_set_of_reason_labels(v):
    # the article: Bloomberg rank, R&D share and 5G in its opening paragraph, Seoul next, then reasons 1-5;
    # Hyundai (reason 3) comes before the 5G Challenge (reason 4)
    order = list(v.index)
    assert order.index("C0_BLOOMBERG_2019") < order.index("C6_RD") < order.index("C0_5G_FOREFRONT")
    assert order.index("C6_RD") < order.index("C1_SEOUL") < order.index("C2_IKOREA")
    assert order.index("C8_HYUNDAI_IMA") < order.index("C7_5G") < order.index("C9_SEJONG_SANDBOX")
    assert v.at["C6_RD", "section"] == "Introduction"
    assert v.at["C8_HYUNDAI_IMA", "section"] == "Reason 3: Chaebols and open innovation"
    assert v.at["C7_5G", "section"] == "Reason 4: UK–Korea collaboration"
    assert set(v["section"]) == {"Introduction"} | {f"Reason {n}: {t}" for n, t in verdicts.REASONS.items()}
    assert verdicts.table(v.reset_index())["Section"].tolist() == v["section"].tolist()


def test_a_claim_out_of_place_in_the_file_is_put_in_its_section(data_copy):
    rows = _csv("claims", data_copy)
    last = next(r for r in rows if r["claim_id"] == "C9_SEJONG_SANDBOX")
    _write([last] + [r for r in rows if r is not last], data_copy / "claims.csv")  # reason 5 first in the file
    order = list(verdicts.verdicts(data=data_copy)["claim_id"])
    assert order[-1] == "C9_SEJONG_SANDBOX"
    assert order[:2] == ["C0_BLOOMBERG_2019", "C6_RD"]  # the introduction keeps the file's order


def test_section_names_the_reason_or_the_introduction():
    assert verdicts.section(None) == verdicts.section(float("nan")) == "Introduction"
    assert verdicts.section(2) == "Reason 2: Smart-city investment"
    with pytest.raises(ValueError, match="not 6"):
        verdicts.section(6)


def test_tally_counts_each_claim_once_in_level_order(v):
    t = verdicts.tally()
    assert list(t.index) == list(verdicts.LEVELS)
    assert t.sum() == len(MAIN)
    for level in verdicts.LEVELS:
        assert t[level] == sum(r["verdict"] == level for r in MAIN)


def test_one_okabe_ito_colour_and_one_rating_per_level(v):
    assert set(verdicts.COLOURS) == set(verdicts.LEVELS) == set(verdicts.RATINGS)
    assert set(verdicts.COLOURS.values()) <= OKABE_ITO
    assert len(set(verdicts.COLOURS.values())) == len(verdicts.LEVELS)
    rated = [verdicts.RATINGS[level] for level in verdicts.LEVELS if level != verdicts.UNVERIFIED]
    assert rated == sorted(rated, reverse=True) and rated[0] == verdicts.BEST_RATING
    assert rated[-1] == verdicts.WORST_RATING
    assert all(v["colour"] == v["verdict"].map(verdicts.COLOURS))


# --------------------------------------------------------------------------- each rule on real rows


def test_within_rounding_is_accurate_seoul_plan(v):
    r = _ratio("C1_SEOUL")
    assert 1 < r <= 1 + verdicts.ACCURATE_WITHIN  # the article's £970m for ₩1.4tn
    row = v.loc["C1_SEOUL"]
    assert row["verdict"] == verdicts.ACCURATE
    assert "£970m" in row["conclusion"] and "₩1.4tn" in row["conclusion"]
    assert f"{(r - 1) * 100:.1f}% more than" in row["conclusion"]


def test_a_rank_is_accurate_only_when_equal(v):
    assert RAW["C0_BLOOMBERG_2019"]["stated_value"] == RAW["C0_BLOOMBERG_2019"]["evidence_value"]
    assert v.at["C0_BLOOMBERG_2019", "verdict"] == verdicts.ACCURATE


def test_beyond_rounding_is_overstated_with_its_margin_pilot_plan(v):
    r = _ratio("C5_PILOT_TOTAL")  # £3bn against ₩3.7tn: the old ±30 % band called this confirmed
    assert 1 + verdicts.ACCURATE_WITHIN < r < verdicts.WRONG_FACTOR
    row = v.loc["C5_PILOT_TOTAL"]
    assert row["verdict"] == verdicts.OVERSTATED
    assert f"{(r - 1) * 100:.0f}% more than" in row["conclusion"] and "£3bn" in row["conclusion"]


@pytest.mark.parametrize("claim_id", ["C3_GROWTH_LADDER", "C4_IKOREA_RD"])
def test_an_order_of_magnitude_out_is_wrong(v, claim_id):
    r = _ratio(claim_id)
    assert r >= verdicts.WRONG_FACTOR
    row = v.loc[claim_id]
    assert row["verdict"] == verdicts.WRONG
    assert f"{r:,.0f} times" in row["conclusion"]
    assert "% of Korea's 2019 GDP" in row["conclusion"]


def test_the_other_reading_is_in_the_same_conclusion(v):
    alt = next(r for r in CLAIMS if r["reading_of"] == "C4_IKOREA_RD")
    r = _ratio(alt["claim_id"])
    conclusion = v.at["C4_IKOREA_RD", "conclusion"]
    assert f"{r:,.0f} times" in conclusion and "₩22tn" in conclusion and "₩2.2tn" in conclusion
    assert alt["claim_id"] not in v.index


def test_right_amount_wrong_payer_is_mislabelled_with_both_readings(v):
    # C5: "£2bn of national government funding" - the public sector's ₩2.4tn, not the centre's ₩26.5bn
    assert RAW["C5_PILOT_PUBLIC"]["evidence_scope"] == "other payer"
    r_public = _ratio("C5_PILOT_PUBLIC")
    central = next(r for r in CLAIMS if r["reading_of"] == "C5_PILOT_PUBLIC")
    r_central = _ratio(central["claim_id"])
    assert 1 < r_public < verdicts.WRONG_FACTOR <= r_central
    row = v.loc["C5_PILOT_PUBLIC"]
    assert row["verdict"] == verdicts.MISLABELLED
    text = row["conclusion"]
    assert "₩2.4tn" in text and "₩26.5bn" in text
    assert f"{(r_public - 1) * 100:.0f}% more than" in text and f"{r_central:,.0f} times" in text
    assert "LH" in text and row["evidence"] == "₩2.4tn or ₩26.5bn"
    assert set(central["evidence_source_ids"].split(";")) <= set(row["evidence_source_ids"].split(";"))


def test_the_5g_challenge_is_the_right_money_with_no_etri_money_recorded(v):
    assert _ratio("C7_5G") == 1 and RAW["C7_5G"]["evidence_scope"] == "other payer"
    row = v.loc["C7_5G"]
    assert row["verdict"] == verdicts.MISLABELLED
    assert "the right amount" in row["conclusion"] and "no money from ETRI" in row["conclusion"]
    assert "governments" in row["conclusion"]
    assert "not a funder" not in row["conclusion"]  # the sources record no ETRI money; they do not say it paid none


def test_accurate_when_published_then_revised_rd_share(v):
    rd = [r for r in _csv("rd_intensity") if r["country"] == "KOR" and r["year"] == "2017"]
    published = {r["source_id"]: r["published"] for r in _csv("sources")}
    rd.sort(key=lambda r: published[r["source_id"]])
    first, latest = float(rd[0]["value"]), float(rd[-1]["value"])
    stated = float(RAW["C6_RD"]["stated_value"])
    assert abs(stated / first - 1) <= verdicts.ACCURATE_WITHIN < abs(stated / latest - 1)
    row = v.loc["C6_RD"]
    assert row["verdict"] == verdicts.SINCE_REVISED
    for r in rd:
        if abs(float(r["value"]) - first) > 1e-9:
            name, month = r["vintage"].rsplit(" ", 1)  # e.g. "WDI 2025-07": said as "WDI release of Jul 2025"
            year, mm = month.split("-")
            words = f"{name} release of {calendar.month_abbr[int(mm)]} {year}"
            assert f"{float(r['value']):.2f}% ({words})" in row["conclusion"]
    assert not re.search(r"\d{4}-\d{2}", row["conclusion"])  # no ISO months shown to readers


def test_qualitative_claims_keep_the_curators_verdict_and_say_so(v):
    row = v.loc["C8_HYUNDAI_IMA"]
    assert row["kind"] == "qualitative" and row["verdict"] == RAW["C8_HYUNDAI_IMA"]["verdict"]
    assert "curator" in row["rule"] and "Aju Business Daily" in row["conclusion"]
    ids = row["evidence_source_ids"].split(";")
    aju = [s for s in _csv("sources") if s["source_id"] in ids and s["published"] == "2018-07-18"]
    assert len(aju) == 1 and "ajunews.com" in aju[0]["url"]


# --------------------------------------------------------------------------- edited copies


def test_too_small_is_understated(data_copy):
    _edit(data_copy, "C5_PILOT_TOTAL", stated_value="1500000000", verdict="understated")
    row = verdicts.verdicts(data=data_copy).set_index("claim_id").loc["C5_PILOT_TOTAL"]
    assert row["verdict"] == verdicts.UNDERSTATED and "less than" in row["conclusion"]


def test_no_source_is_unverified_with_no_rating(data_copy):
    _edit(data_copy, "C8_HYUNDAI_IMA", verdict="unverified")
    row = verdicts.verdicts(data=data_copy).set_index("claim_id").loc["C8_HYUNDAI_IMA"]
    assert row["verdict"] == verdicts.UNVERIFIED and row["rule"] == "no independent source found"
    review = next(r for r in verdicts.claimreview(data=data_copy)
                  if r["claimReviewed"] == RAW["C8_HYUNDAI_IMA"]["claim"])
    assert "ratingValue" not in review["reviewRating"]
    assert review["reviewRating"]["alternateName"] == "unverified"


def test_a_curated_verdict_the_rule_does_not_give_is_an_error(data_copy):
    _edit(data_copy, "C5_PILOT_TOTAL", verdict="accurate")
    line = 2 + [r["claim_id"] for r in CLAIMS].index("C5_PILOT_TOTAL")
    with pytest.raises(DataValidationError) as err:
        verdicts.verdicts(data=data_copy)
    assert err.value.row == line and err.value.column == "verdict"
    assert "overstated" in err.value.expected and "accurate" in err.value.found


def test_a_reading_of_an_unknown_claim_is_an_error(data_copy):
    _edit(data_copy, "C4_IKOREA_RD_ALT", reading_of="C4_NO_SUCH_CLAIM")
    with pytest.raises(DataValidationError, match="reading_of"):
        verdicts.verdicts(data=data_copy)


def test_the_rule_follows_the_data(data_copy):
    # the Seoul plan made ten times too large becomes wrong (the curated verdict edited to match)
    _edit(data_copy, "C1_SEOUL", stated_value="9700000000", verdict="wrong")
    assert verdicts.verdicts(data=data_copy).set_index("claim_id").at["C1_SEOUL", "verdict"] == "wrong"


# --------------------------------------------------------------------------- ClaimReview


def _article() -> dict[str, str]:
    ids = {r["source_id"] for r in CLAIMS}
    assert len(ids) == 1
    return next(s for s in _csv("sources") if s["source_id"] in ids)


def _check_reviews(reviews: list[dict]) -> None:
    article = _article()
    with (sk.data_dir() / "datapackage.json").open(encoding="utf-8") as fh:
        created = json.load(fh)["created"][:10]
    assert [r["claimReviewed"] for r in reviews] == [c["claim"] for c in MAIN]
    for review, claim in zip(reviews, MAIN):
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["datePublished"] == article["published"] == "2019-07-05"
        assert item["author"]["name"] == article["publisher"]
        app = item["appearance"]
        assert app["@type"] == "CreativeWork" and app["url"] == article["url"]
        assert app["headline"] == article["title"] and app["datePublished"] == "2019-07-05"
        assert app["author"]["name"].startswith("KTN")
        rating = review["reviewRating"]
        assert rating["alternateName"] == claim["verdict"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["author"]["name"] and review["datePublished"] == created
        assert review["reviewBody"].startswith(claim["verdict"][0].upper())


def test_jsonld_round_trips_and_matches_the_claims_table():
    reviews = json.loads(verdicts.to_jsonld())
    assert reviews == verdicts.claimreview()
    _check_reviews(reviews)
    best = [r for r in reviews if r["reviewRating"]["alternateName"] == "accurate"]
    worst = [r for r in reviews if r["reviewRating"]["alternateName"] == "wrong"]
    assert {r["reviewRating"]["ratingValue"] for r in best} == {reviews[0]["reviewRating"]["bestRating"]}
    assert {r["reviewRating"]["ratingValue"] for r in worst} == {reviews[0]["reviewRating"]["worstRating"]}


def test_review_urls_are_anchors_on_the_page_given():
    reviews = verdicts.claimreview(url="https://example.org/06_fact_check.html")
    assert [r["url"] for r in reviews] == [
        f"https://example.org/06_fact_check.html#{c['claim_id'].lower()}" for c in MAIN]
    assert all("url" not in r for r in verdicts.claimreview())


def test_script_block_cannot_be_closed_by_the_data(data_copy):
    _edit(data_copy, "C2_IKOREA", claim="A plan </script><script>alert(1)</script> was unveiled")
    block = verdicts.jsonld_script(data=data_copy)
    assert block.startswith('<script type="application/ld+json">')
    assert block.count("</") == 1 and block.endswith("</script>")
    body = re.match(r'<script type="application/ld\+json">(.*)</script>$', block, re.S).group(1)
    reviews = json.loads(body)
    at = list(verdicts.verdicts(data=data_copy)["claim_id"]).index("C2_IKOREA")
    assert "</script><script>alert(1)</script>" in reviews[at]["claimReviewed"]


# --------------------------------------------------------------------------- CLI


def test_cli_claimreview_prints_the_jsonld(capsys):
    assert main(["claims", "--format", "claimreview"]) == 0
    _check_reviews(json.loads(capsys.readouterr().out))


def test_cli_csv_and_markdown_have_one_row_per_claim(capsys):
    assert main(["claims", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["Claim"] for r in rows] == [c["claim_id"] for c in MAIN]
    assert [r["Verdict"] for r in rows] == [c["verdict"] for c in MAIN]
    assert main(["claims", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| Claim |") and len(lines) == 2 + len(MAIN)


def test_cli_claims_bad_format_and_folder(capsys, tmp_path):
    with pytest.raises(SystemExit) as err:
        main(["claims", "--format", "xml"])
    assert err.value.code == 2
    assert main(["claims", "--data", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err


# --------------------------------------------------------------------------- charts


def test_charts_use_one_colour_per_verdict():
    from matplotlib.colors import to_hex

    from smartkorea import charts

    frame = verdicts.verdicts().assign(value=1, section="all claims", source_id="KTN_BLOG_2019")
    counts = frame.groupby(["section", "verdict"], as_index=False).agg(
        value=("value", "sum"), source_id=("source_id", "first"))
    present = [level for level in verdicts.LEVELS if level in set(counts["verdict"])]
    fig = charts.stacked_bars(counts, category="section", part="verdict", parts=present,
                              part_colors=verdicts.COLOURS, title="Verdicts", subtitle="Claims")
    faces = [to_hex(p.get_facecolor()).upper() for p in fig.axes[0].patches[: len(present)]]
    assert faces == [verdicts.COLOURS[level].upper() for level in present]
    # the dumbbell writes each reading's verdict at the right in that verdict's colour
    table = sk.audit.claims_table()
    fig = charts.dumbbell(sk.audit.dumbbell_frame(table), title="Claims", subtitle="GBP")
    shown = {t.get_text().split(" · ")[0]: to_hex(t.get_color()).upper() for t in fig.axes[0].texts
             if " · " in t.get_text()}
    assert shown and all(shown[level] == verdicts.COLOURS[level].upper() for level in shown)
    assert set(shown) == set(table["verdict"])
