"""Said versus shown: one graded verdict per claim of the KTN article, and its ClaimReview form.

The scale follows the levels fact-checkers publish (PolitiFact's six ratings, Full Fact's worded
conclusions), made computable wherever a claim is a number. From best to worst:

``accurate``
    The article's figure is within :data:`ACCURATE_WITHIN` (5 %) of the evidence. Why 5 %: a figure
    rounded to two significant figures (the article's "£3bn", "4.5%") can be off by half a unit
    in its second digit, which is at most 5 % of it (0.5 in 10); anything further than that is
    not rounding. A rank is accurate only when it is the same rank.
``accurate as first published, since revised``
    Accurate against the figure as first published (what the author could read), but the latest
    vintage of the same statistic (``revisions`` in the claims table) is more than 5 % away.
``overstated`` / ``understated``
    The right thing, but more than 5 % too big (too small), and less than a factor of
    :data:`WRONG_FACTOR` (10) out. The margin is stated in the conclusion.
``mislabelled``
    Within a factor of 10 of a figure for *another payer or thing* than the article names
    (``evidence_scope`` in the claims table): the right amount, wrongly labelled. Any margin is
    stated too.
``wrong``
    Off by a factor of 10 or more (an order of magnitude) against every reading, whatever its
    label: at that size the figure no longer describes the thing, however it is read.
``unverified``
    No independent source found.

A wider band (a pound figure "confirmed" within 30 % of the evidence) would call +19 %
confirmed; this scale calls anything beyond rounding (5 %) over- or understated and says by how much.

Claims that are not numbers (a plan exists, a city was chosen) cannot be computed: their verdict
is the curator's, from the claims table, and the rule says so. For number claims the curated
verdict in the table must agree with the computed one; a disagreement raises
:class:`~smartkorea.errors.DataValidationError` naming the row.

A claim may have other readings (rows whose ``reading_of`` names the claim's main row): other
evidence for the same figure, or a narrower reading of the same sentence. The claim's verdict is
its main row's; the conclusion reports every reading. :func:`verdicts` returns one row per claim.

Money is converted as :func:`smartkorea.audit.claims_table` does (IMF annual-average rates of the
claim year; shares of the article year's GDP). Amounts are in full currency units.

Claims come in the order they appear in the article: the introduction first, then the five
numbered reasons, each under one label (:data:`REASONS`, :func:`section`) shared by every page.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import audit, money, periods
from .catalog import data_dir, load
from .compare import ordinal
from .errors import DataValidationError
from .tablecache import per_process

__all__ = [
    "ACCURATE",
    "ACCURATE_WITHIN",
    "BEST_RATING",
    "COLOURS",
    "INTRODUCTION",
    "LEVELS",
    "MISLABELLED",
    "OVERSTATED",
    "RATINGS",
    "REASONS",
    "REVIEWER",
    "SINCE_REVISED",
    "UNDERSTATED",
    "UNVERIFIED",
    "WORST_RATING",
    "WRONG",
    "WRONG_FACTOR",
    "claimreview",
    "jsonld_script",
    "section",
    "table",
    "tally",
    "to_jsonld",
    "to_markdown",
    "verdicts",
]

Data = str | Path | None

ACCURATE = "accurate"
SINCE_REVISED = "accurate as first published, since revised"
OVERSTATED = "overstated"
UNDERSTATED = "understated"
MISLABELLED = "mislabelled"
WRONG = "wrong"
UNVERIFIED = "unverified"

LEVELS: tuple[str, ...] = (ACCURATE, SINCE_REVISED, OVERSTATED, UNDERSTATED, MISLABELLED, WRONG, UNVERIFIED)
"""Every verdict level, best first; ``unverified`` (no rating) last."""

ACCURATE_WITHIN = 0.05
"""Relative gap (stated / evidence - 1) still called accurate: rounding to two significant figures."""

WRONG_FACTOR = 10.0
"""Ratio (either way) from which a figure is wrong: an order of magnitude."""

COLOURS: dict[str, str] = {
    ACCURATE: "#009E73",  # bluish green
    SINCE_REVISED: "#56B4E9",  # sky blue
    OVERSTATED: "#E69F00",  # orange
    UNDERSTATED: "#0072B2",  # blue
    MISLABELLED: "#CC79A7",  # reddish purple
    WRONG: "#D55E00",  # vermillion
    UNVERIFIED: "#000000",  # black
}
"""One fixed Okabe-Ito colour (hex) per verdict level, for every chart of the package."""

RATINGS: dict[str, int | None] = {
    ACCURATE: 5, SINCE_REVISED: 4, OVERSTATED: 3, UNDERSTATED: 3, MISLABELLED: 2, WRONG: 1, UNVERIFIED: None,
}
"""ClaimReview ``ratingValue`` per level (5 best, 1 worst); an unverified claim has no rating."""

BEST_RATING, WORST_RATING = 5, 1

REASONS: dict[int, str] = {
    1: "Fourth industrial revolution",
    2: "Smart-city investment",
    3: "Chaebols and open innovation",
    4: "UK–Korea collaboration",
    5: "Immediate opportunities",
}
"""The article's five numbered reasons, each as a short label of its opening sentence."""

INTRODUCTION = "Introduction"
"""The section of the claims made before the numbered reasons."""

REVIEWER = "smartkorea"
"""The ``author`` of the ClaimReview objects (this project's fact-check)."""


# --------------------------------------------------------------------------- rules


def section(reason: object) -> str:
    """The article section of a claim: "Introduction" or "Reason 2: Smart-city investment".

    Args:
        reason: the claims table's ``reason`` (1-5), or a missing value for the introduction.

    Raises:
        ValueError: a reason the article does not have.
    """
    if reason is None or pd.isna(reason):
        return INTRODUCTION
    n = int(reason)  # type: ignore[call-overload]
    if n not in REASONS:
        raise ValueError(f"the article has reasons {min(REASONS)}-{max(REASONS)}, not {reason!r}")
    return f"Reason {n}: {REASONS[n]}"


def _kind(row: pd.Series) -> str:
    if isinstance(row["stated_currency"], str):
        return "money"
    if isinstance(row["stated_unit"], str):
        return "number"
    return "qualitative"


def _band(ratio: float) -> bool:
    return abs(ratio - 1.0) <= ACCURATE_WITHIN + 1e-12


def _level(ratio: float, scope: str | None, unit: str | None, revised_ratio: float | None) -> tuple[str, str]:
    """The level for a number claim and the rule (in words) that gave it."""
    pct = f"{ACCURATE_WITHIN:.0%}"
    if unit == "rank":
        if ratio == 1:
            return ACCURATE, "a rank is accurate only when it is the same rank"
        return (OVERSTATED if ratio < 1 else UNDERSTATED), "a rank is accurate only when it is the same rank"
    if ratio >= WRONG_FACTOR or ratio <= 1 / WRONG_FACTOR:
        return WRONG, f"off by a factor of {WRONG_FACTOR:.0f} or more: wrong whatever it is labelled"
    if scope not in (None, "as stated"):
        return MISLABELLED, (f"within a factor of {WRONG_FACTOR:.0f} of a figure for {_scope_words(scope)}: "
                             "the right amount, the wrong label")
    if _band(ratio):
        if revised_ratio is not None and not _band(revised_ratio):
            return SINCE_REVISED, (f"within {pct} of the figure as first published, more than {pct} from "
                                   "the latest vintage")
        return ACCURATE, f"within {pct} of the evidence (rounding to two significant figures)"
    direction = OVERSTATED if ratio > 1 else UNDERSTATED
    return direction, (f"the right thing, more than {pct} too {'big' if ratio > 1 else 'small'} but within "
                       f"a factor of {WRONG_FACTOR:.0f}")


def _scope_words(scope: str) -> str:
    """``other payer`` -> "another payer than the article names" (for rules and conclusions)."""
    return {"other payer": "another payer than the article names",
            "other thing": "another thing than the article names"}.get(scope, scope)


# --------------------------------------------------------------------------- text


def _margin(ratio: float) -> str:
    """How the article's figure stands against the evidence, in words."""
    if ratio == 1:
        return "exactly"
    if ratio >= WRONG_FACTOR:
        return f"{ratio:,.0f} times"
    if ratio <= 1 / WRONG_FACTOR:
        return f"a {1 / ratio:,.0f}th of"
    pct = money.format_pct(abs(ratio - 1) * 100)
    return f"{pct} {'more' if ratio > 1 else 'less'} than"


def _figure(value: float, currency: str | None, unit: str | None) -> str:
    if isinstance(currency, str):
        return money.format_money(value, currency)
    if unit == "percent":
        return money.format_pct(value, 2 if round(value, 1) != value else 1)
    if unit == "rank":
        return ordinal(int(value))
    return f"{value:,.0f} {unit}"


def _vintage_words(vintage: str) -> str:
    """A vintage for readers: "WDI 2025-07" -> "WDI release of Jul 2025"; other names as written."""
    m = re.fullmatch(r"(.+) (\d{4}-\d{2})", str(vintage))
    return f"{m.group(1)} release of {periods.label(m.group(2))}" if m else str(vintage)


def _evidence_text(row: pd.Series, stated_currency: str | None) -> str:
    """The evidence figure, with its conversion into the article's currency where they differ."""
    real = _figure(row["evidence_value"], row["evidence_currency"], row["evidence_unit"])
    cur = row["evidence_currency"]
    if isinstance(cur, str) and isinstance(stated_currency, str) and cur != stated_currency:
        year = int(row["evidence_year"])
        conv = money.convert(float(row["evidence_value"]), cur, stated_currency, year)
        real += f" ({money.format_money(conv, stated_currency)} at {year} rates)"
    return real


def _what(row: pd.Series) -> str:
    return row["evidence_what"] if isinstance(row["evidence_what"], str) else "the sources' figure"


# --------------------------------------------------------------------------- the table


def _claims_file(data: Data) -> str:
    return str((Path(data) if data is not None else data_dir()) / "claims.csv")


def _revisions(ref: str, data: Data) -> pd.DataFrame:
    """The vintages of a ``table:COUNTRY:year`` figure, oldest source first: value, vintage, published."""
    name, country, year = ref.split(":")
    t = load(name, data)
    t = t[(t["country"].astype(str) == country) & (t["year"] == int(year))]
    published = load("sources", data).set_index("source_id")["published"].astype("object")
    t = t.assign(published=t["source_id"].astype(str).map(published).fillna(""))
    return t.sort_values(["published", "vintage"], kind="stable")[["value", "vintage", "published"]]


def _ratio(row: pd.Series, money_rows: pd.DataFrame) -> float:
    if row["claim_id"] in money_rows.index:
        return float(money_rows.at[row["claim_id"], "ratio"])
    return float(row["stated_value"]) / float(row["evidence_value"])


def _judge(row: pd.Series, money_rows: pd.DataFrame, data: Data) -> dict[str, Any]:
    """Level, rule and the pieces of the conclusion for one row of the claims table."""
    kind = _kind(row)
    has_evidence = not pd.isna(row["evidence_value"])
    if kind == "qualitative" or not has_evidence:
        curated = str(row["verdict"])
        rule = ("no independent source found" if curated == UNVERIFIED
                else "not a number: the curator's reading of the sources")
        return {"level": curated, "rule": rule, "ratio": math.nan, "revisions": None}
    ratio = _ratio(row, money_rows)
    revisions, revised_ratio = None, None
    if isinstance(row["revisions"], str):
        revisions = _revisions(row["revisions"], data)
        if len(revisions):
            revised_ratio = float(row["stated_value"]) / float(revisions["value"].iloc[-1])
    unit = row["stated_unit"] if isinstance(row["stated_unit"], str) else None
    scope = row["evidence_scope"] if isinstance(row["evidence_scope"], str) else None
    level, rule = _level(ratio, scope, unit, revised_ratio)
    return {"level": level, "rule": rule, "ratio": ratio, "revisions": revisions}


def _sentence(row: pd.Series, j: dict[str, Any], money_rows: pd.DataFrame) -> str:
    """The main clause of a conclusion (no level prefix, no full stop)."""
    level, ratio = j["level"], j["ratio"]
    if math.isnan(ratio):
        return str(row["verdict_detail"]).rstrip(".")
    s_cur = row["stated_currency"] if isinstance(row["stated_currency"], str) else None
    said = _figure(row["stated_value"], s_cur, row["stated_unit"] if isinstance(row["stated_unit"], str) else None)
    real = _evidence_text(row, s_cur)
    what = _what(row)
    if row["stated_unit"] == "rank":
        return (f"{what} was {real}, as the article says" if ratio == 1
                else f"the article's {said} is not {what}, {real}")
    if level == SINCE_REVISED:
        rev = j["revisions"]
        first = float(row["evidence_value"])
        later = rev[~np.isclose(rev["value"].astype("float64"), first)]
        later_text = " and ".join(
            f"{_figure(v, None, row['evidence_unit'])} ({_vintage_words(vin)})" for v, vin in zip(later["value"], later["vintage"]))
        near = "exactly" if ratio == 1 else f"within {money.format_pct(ACCURATE_WITHIN * 100, 0)} of"
        return f"the article's {said} is {near} {what}, {real}, but later vintages put it at {later_text}"
    if level == WRONG and row["claim_id"] in money_rows.index:
        m = money_rows.loc[row["claim_id"]]
        return (f"the article's {said} is {_margin(ratio)} {what}, {real}, and would be "
                f"{money.format_pct(m['stated_pct_gdp'])} of Korea's {int(m['gdp_year'])} GDP")
    if level == MISLABELLED:
        if ratio == 1:
            return f"the article's {said} is the right amount, {what}"
        return f"the article's {said} is {_margin(ratio)} {real}, {what}"
    if ratio == 1:
        return f"the article's {said} matches {what} exactly ({real})"
    return f"the article's {said} is {_margin(ratio)} {what}, {real}"


def _reading(row: pd.Series, j: dict[str, Any]) -> str:
    """One other reading of a claim, as a clause."""
    s_cur = row["stated_currency"] if isinstance(row["stated_currency"], str) else None
    real = _evidence_text(row, s_cur)
    return f"against {_what(row)}, {real}, it is {_margin(j['ratio'])} that ({j['level']} on that reading)"


@per_process
def verdicts(*, data: Data = None) -> pd.DataFrame:
    """One row per claim of the article with its graded verdict, conclusion, evidence and rule.

    Args:
        data: another data package folder (default: the shipped one).

    Returns:
        A frame in the article's order (the introduction, then reasons 1-5; within a section the
        claims table's order of main rows, which follows the article), columns: ``claim_id``,
        ``reason`` (1-5; <NA> for the introduction), ``section`` (:func:`section`), ``kind`` (``money``, ``number``, ``qualitative``),
        ``claim``, ``stated`` and ``evidence`` (figures as text, "" for qualitative claims;
        ``evidence`` lists every reading), ``verdict`` (a level of :data:`LEVELS`),
        ``conclusion`` (one sentence computed from the data), ``rule`` (the rule that gave the
        verdict, in words), ``detail`` (the curator's note on the evidence), ``ratio`` (stated /
        evidence of the main reading, NaN when not a number), ``readings`` (number of readings,
        1 or more), ``rating`` (ClaimReview value, <NA> for unverified), ``colour`` (hex),
        ``evidence_source_ids`` (``;``-separated, every reading's sources).

    Raises:
        DataValidationError: a curated verdict that disagrees with the computed one, a
            ``reading_of`` that names no main row, or a level outside :data:`LEVELS`.
    """
    c = load("claims", data).reset_index(drop=True)
    for col in c.columns:
        if isinstance(c[col].dtype, pd.CategoricalDtype) or c[col].dtype == "string":
            c[col] = c[col].astype("object").where(c[col].notna(), None)
    money_rows = audit.claims_table(data=data).set_index("claim_id")
    file = _claims_file(data)
    judged = {}
    for i, row in c.iterrows():
        j = _judge(row, money_rows, data)
        if j["level"] not in LEVELS:
            raise DataValidationError(file, row=i + 2, column="verdict", expected=f"one of {', '.join(LEVELS)}",
                                      found=repr(row["verdict"]))
        if j["level"] != row["verdict"]:
            raise DataValidationError(
                file, row=i + 2, column="verdict",
                expected=f"{j['level']!r}, the verdict the rule gives ({j['rule']})", found=repr(row["verdict"]))
        judged[row["claim_id"]] = j
    main = c[c["reading_of"].isna()]
    # the article's order: the introduction, then reasons 1-5; within a section, the table's order
    main = main.assign(_order=main["reason"].astype("float64").fillna(0)).sort_values("_order", kind="stable")
    others = c[c["reading_of"].notna()]
    unknown = sorted(set(others["reading_of"]) - set(main["claim_id"]))
    if unknown:
        i = int(others.index[others["reading_of"].isin(unknown)][0])
        raise DataValidationError(file, row=i + 2, column="reading_of",
                                  expected="the claim_id of a claim's main row", found=repr(unknown[0]))
    rows = []
    for _, row in main.iterrows():
        j = judged[row["claim_id"]]
        alt = others[others["reading_of"] == row["claim_id"]]
        s_cur = row["stated_currency"] if isinstance(row["stated_currency"], str) else None
        s_unit = row["stated_unit"] if isinstance(row["stated_unit"], str) else None
        clauses = [_sentence(row, j, money_rows)]
        clauses += [_reading(a, judged[a["claim_id"]]) for _, a in alt.iterrows()]
        conclusion = f"{j['level'][0].upper()}{j['level'][1:]}: " + "; ".join(clauses) + "."
        numeric = not pd.isna(row["evidence_value"])
        evidence = [_figure(r["evidence_value"], r["evidence_currency"] if isinstance(r["evidence_currency"], str)
                            else None, r["evidence_unit"]) for _, r in pd.concat([row.to_frame().T, alt]).iterrows()
                    if not pd.isna(r["evidence_value"])]
        ids = [i for cell in [row["evidence_source_ids"], *alt["evidence_source_ids"]] if isinstance(cell, str)
               for i in cell.split(";") if i]
        rows.append({
            "claim_id": row["claim_id"],
            "reason": row["reason"],
            "section": section(row["reason"]),
            "kind": _kind(row),
            "claim": row["claim"],
            "stated": _figure(row["stated_value"], s_cur, s_unit) if not pd.isna(row["stated_value"]) else "",
            "evidence": " or ".join(evidence) if numeric else "",
            "verdict": j["level"],
            "conclusion": conclusion,
            "rule": j["rule"],
            "detail": row["verdict_detail"],
            "ratio": j["ratio"],
            "readings": 1 + len(alt),
            "rating": RATINGS[j["level"]],
            "colour": COLOURS[j["level"]],
            "evidence_source_ids": ";".join(dict.fromkeys(ids)),
        })
    out = pd.DataFrame(rows)
    out["reason"] = out["reason"].astype("Int64")
    out["rating"] = out["rating"].astype("Int64")
    out["ratio"] = out["ratio"].astype("float64")
    return out


def tally(frame: pd.DataFrame | None = None, *, data: Data = None) -> pd.Series:
    """Claims per verdict level, every level of :data:`LEVELS` in order (zeros kept)."""
    v = verdicts(data=data) if frame is None else frame
    return v["verdict"].value_counts().reindex(list(LEVELS), fill_value=0).rename("claims")


def table(frame: pd.DataFrame | None = None, *, data: Data = None) -> pd.DataFrame:
    """The verdicts for people: readable headers, text only (for CSV and Markdown)."""
    v = verdicts(data=data) if frame is None else frame
    return pd.DataFrame({
        "Claim": v["claim_id"],
        "Section": v["section"],
        "What the article says": v["claim"],
        "Said": v["stated"],
        "Sources": v["evidence"],
        "Verdict": v["verdict"],
        "Conclusion": v["conclusion"],
        "Rule": v["rule"],
        "Evidence sources": v["evidence_source_ids"].str.replace(";", "; "),
    })


def to_markdown(frame: pd.DataFrame | None = None, *, data: Data = None) -> str:
    """The :func:`table` as a Markdown pipe table (``|`` in cells escaped)."""
    t = table(frame, data=data)

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(t.columns) + " |", "|" + "---|" * len(t.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in t.itertuples(index=False)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- ClaimReview
# The schema.org export lives in smartkorea.claimreview; its names stay available here.

from .claimreview import claimreview, jsonld_script, to_jsonld  # noqa: E402  (it builds on verdicts)
