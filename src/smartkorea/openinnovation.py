"""Open innovation by Korea's large groups: dated events, grouped, counted, and Reason 3 judged.

``open_innovation_events`` holds one row per dated event: a company opening a venture arm or
an innovation hub, setting up or enlarging a venture fund, running an accelerator, investing in
a start-up, and the government's side (the 2020-2021 Fair Trade Act change that let holding
companies own corporate venture capital (CVC) firms, programmes, national CVC statistics).

- :data:`CATEGORIES` groups the table's ``kind`` values into a few categories for readers.
- :data:`ACTION_KINDS` are the kinds that are a company's *own new action* (a hub opened, a
  fund set up, a cohort taken in, a deal made). Reports of running totals (cumulative start-ups,
  total invested), plans and targets are not actions: counting them would count one programme
  several times. Nor is a row whose description calls itself a *status* report on a fund or
  programme (:data:`STATUS_WORD`): the fund was counted when it was set up.
- :func:`amount_text` says for readers what an event's amount is: "up to ... per team" where the
  source says so, and whose money it is when the source says it is not the company's.
- :func:`events` labels every row (category, actor, whether it came after the article).
- :func:`reason3` gives the article's Reason 3 ("chaebols are increasingly utilising open
  innovation approaches") a verdict on the package's graded scale by the rule in its docstring.

Amounts are in full units of ``currency``; counts (``count``) in the row's ``unit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import periods
from .catalog import load

__all__ = [
    "ACTION_KINDS",
    "CATEGORIES",
    "MIN_ACTIONS",
    "Reason3",
    "STATUS_WORD",
    "actions_by_year",
    "amount_text",
    "events",
    "reason3",
]

Data = str | Path | None

#: kind -> category for readers.
CATEGORIES: dict[str, str] = {
    "org_unit_created": "Venture arm or innovation hub",
    "cvc_office_opened": "Venture arm or innovation hub",
    "open_innovation_centre_announced": "Venture arm or innovation hub",
    "cvc_network_plan": "Venture arm or innovation hub",
    "in_house_accelerator_opened": "Venture arm or innovation hub",
    "rd_centre_opened": "Venture arm or innovation hub",
    "cvc_fund": "Venture fund",
    "lp_investment": "Venture fund",
    "accelerator_partnership": "Accelerator",
    "accelerator_cohort": "Accelerator",
    "accelerator_call": "Accelerator",
    "accelerator_campus_opened": "Accelerator",
    "accelerator_cumulative": "Accelerator",
    "accelerator_portfolio": "Accelerator",
    "accelerator_target": "Accelerator",
    "accelerator_portfolio_funding": "Accelerator",
    "strategic_investment": "Investment in or partnership with a start-up",
    "partnership": "Investment in or partnership with a start-up",
    "startup_investment_total": "Investment in or partnership with a start-up",
    "law_passed": "Law and policy",
    "law_promulgated": "Law and policy",
    "law_in_force": "Law and policy",
    "guideline_in_force": "Law and policy",
    "cvc_policy_fund": "Law and policy",
    "open_innovation_programme": "Law and policy",
    "cvc_count": "National statistics",
    "cvc_investment": "National statistics",
    "cvc_investment_national": "National statistics",
}

#: Kinds that are a company's own new action (see the module docstring).
ACTION_KINDS: frozenset[str] = frozenset({
    "org_unit_created", "cvc_office_opened", "open_innovation_centre_announced",
    "in_house_accelerator_opened", "rd_centre_opened", "cvc_fund", "lp_investment",
    "accelerator_partnership", "accelerator_cohort", "accelerator_call", "accelerator_campus_opened",
    "strategic_investment", "partnership",
})

#: A description matching this pattern reports the status of a fund or programme already on
#: record (e.g. "LG Technology Ventures status on ..."): not a new action.
STATUS_WORD = r"\bstatus\b"

#: Fewer company actions than this in either window and Reason 3 is "unverified": too few
#: dated events to say which way the trend runs (five is the smallest count at which one
#: event more or less cannot flip a comparison of two windows from "more" to "fewer" on its own
#: when the windows differ by more than one event).
MIN_ACTIONS = 5


def events(df: pd.DataFrame | None = None, *, article: str | None = None, data: Data = None) -> pd.DataFrame:
    """Every event, labelled, in date order.

    Args:
        df: an ``open_innovation_events`` frame (default: loaded).
        article: the cut-off date ``YYYY-MM-DD`` (default: the article's ``published`` date in
            ``sources``; see :func:`smartkorea.thennow.article_date`).
        data: another data package folder.

    Returns:
        The table's columns plus ``category`` (:data:`CATEGORIES`), ``actor`` (``"company"``,
        or ``"government"`` / ``"statistics"`` for rows whose company is written "(policy) ..."
        or "(statistics) ..."), ``company_name`` (the name without that prefix), ``action``
        (a company's own new action, :data:`ACTION_KINDS`), ``when`` (the date for readers),
        ``year`` (int), ``decimal_year`` (the middle of the dated period, years) and
        ``after_article`` (the event's whole period falls after the cut-off). A row whose
        ``description`` matches :data:`STATUS_WORD` is never an action.

    Raises:
        ValueError: a kind not in :data:`CATEGORIES`, or a date the period parser cannot read.
    """
    from .thennow import article_date

    frame = load("open_innovation_events", data) if df is None else df.copy()
    cut = periods.parse(article or article_date(data=data))
    unknown = sorted(set(frame["kind"].astype(str)) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"open_innovation_events: kind {unknown[0]!r} has no category; expected one of "
                         f"{', '.join(sorted(CATEGORIES))}")
    kinds = frame["kind"].astype(str)
    company = frame["company"].astype(str)
    actor = company.str.extract(r"^\((policy|statistics)\)", expand=False)
    parsed = [periods.parse(str(d)) for d in frame["date"]]
    out = frame.assign(
        category=kinds.map(CATEGORIES),
        actor=actor.map({"policy": "government", "statistics": "statistics"}).fillna("company"),
        company_name=company.str.replace(r"^\((?:policy|statistics)\)\s*", "", regex=True),
        when=[periods.label(str(d)) for d in frame["date"]],
        year=[p.first[0] for p in parsed],
        decimal_year=[periods.position(str(d)) for d in frame["date"]],
        after_article=[_after(p, cut) for p in parsed],
    )
    described = frame["description"] if "description" in frame else pd.Series("", index=frame.index)
    status = described.astype(str).str.contains(STATUS_WORD, case=False, regex=True)
    out["action"] = kinds.isin(ACTION_KINDS) & (out["actor"] == "company") & ~status.to_numpy()
    return out.sort_values("decimal_year", kind="stable").reset_index(drop=True)


def amount_text(row: pd.Series) -> str:
    """An event's amount for readers, e.g. "£1.2m, not Hyundai Motor Group's money (a grant)".

    ``row`` is a row of :func:`events` (``amount`` in full units of ``currency``, ``detail``,
    ``company_name``). "–" when there is no amount; "up to X per team" (or per start-up, firm,
    company) when the detail says the amount is a ceiling per unit; and ", not <company>'s
    money" when the detail says the money is not the company's (with "(a grant)" when it is one).
    """
    from .text import format_money

    if pd.isna(row.get("amount")):
        return "–"
    text = format_money(float(row["amount"]), str(row["currency"]))
    detail = "" if pd.isna(row.get("detail")) else str(row["detail"])
    per = re.search(r"\bper (team|start-?up|firm|company)\b", detail, flags=re.IGNORECASE)
    if per:
        text = f"{text} per {per.group(1).lower()}"
        if re.search(r"\bup to\b", detail, flags=re.IGNORECASE):
            text = f"up to {text}"
    if re.search(r"\bnot\b[^.;]*\bmoney\b", detail, flags=re.IGNORECASE):
        text = f"{text}, not {row['company_name']}'s money"
        if re.search(r"\bgrant\b", detail, flags=re.IGNORECASE):
            text += " (a grant)"
    return text


def _after(p: periods.Period, cut: periods.Period) -> bool:
    """True when the whole of period ``p`` falls after the day ``cut`` (same month: by day, if dated)."""
    if p.first != cut.first:
        return p.first > cut.first
    return p.kind == "day" and (p.day or 0) > (cut.day or 0)


def actions_by_year(ev: pd.DataFrame) -> pd.DataFrame:
    """Company actions per year and category (for a stacked bar): ``year``, ``category``, ``value``.

    ``ev`` is the output of :func:`events`; years with no action in a category are left out.
    """
    acts = ev[ev["action"]]
    out = acts.groupby(["year", "category"], observed=True).size().rename("value").reset_index()
    return out.sort_values(["year", "category"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Reason3:
    """Reason 3's verdict and the counts behind it.

    Attributes:
        verdict: ``"accurate"``, ``"overstated"`` or ``"unverified"`` (the package's scale).
        before, after: company actions in the window before and after the article.
        window_years: the length of each window (years, one decimal): as long after the
            article as the data run, and the same length before it.
        start, end: first and last date of the two windows (``YYYY-MM``).
        cvc_first, cvc_last: the first and last count of holding-company CVC firms (rows of
            kind ``cvc_count``), with ``cvc_first_when``/``cvc_last_when``; None when absent.
        rule: the rule, in one sentence.
    """

    verdict: str
    before: int
    after: int
    window_years: float
    start: str
    end: str
    cvc_first: float | None
    cvc_last: float | None
    cvc_first_when: str | None
    cvc_last_when: str | None
    rule: str


def reason3(ev: pd.DataFrame | None = None, *, article: str | None = None, data: Data = None) -> Reason3:
    """Judge Reason 3: are Korea's large groups *increasingly* using open innovation?

    Rule (stated before the result): count the companies' own open-innovation actions
    (:data:`ACTION_KINDS`) dated in two windows of equal length, one ending at the article and
    one starting after it and running to the newest event in the table. The claim is

    - **accurate** when the later window holds at least as many actions as the earlier one
      *and* the number of holding-company CVC firms did not fall between its first and last
      count (a measure that does not depend on which events were found);
    - **overstated** when either test fails (fewer actions after, or fewer CVC firms);
    - **unverified** when either window holds fewer than :data:`MIN_ACTIONS` actions.

    Equal windows keep a longer span after the article from counting as growth.
    """
    from .thennow import article_date

    cut = article or article_date(data=data)
    ev = events(data=data, article=cut) if ev is None else ev
    cut_pos = periods.position(cut)
    last = float(ev["decimal_year"].max())
    width = last - cut_pos
    acts = ev[ev["action"]]
    before = int(((acts["decimal_year"] >= cut_pos - width) & ~acts["after_article"]).sum())
    after = int(acts["after_article"].sum())
    cvc = ev[ev["kind"] == "cvc_count"].sort_values("decimal_year")
    first = cvc.iloc[0] if len(cvc) else None
    final = cvc.iloc[-1] if len(cvc) else None
    fewer_cvc = first is not None and float(final["count"]) < float(first["count"])
    if min(before, after) < MIN_ACTIONS:
        verdict = "unverified"
    elif after >= before and not fewer_cvc:
        verdict = "accurate"
    else:
        verdict = "overstated"

    return Reason3(
        verdict, before, after, round(width, 1), periods.month_at(cut_pos - width), periods.month_at(last),
        None if first is None else float(first["count"]), None if final is None else float(final["count"]),
        None if first is None else first["when"], None if final is None else final["when"],
        "company open-innovation actions in equal windows before and after the article, and the "
        "count of holding-company CVC firms",
    )
