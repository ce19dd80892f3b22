"""The dated events of the two national pilot smart cities (Sejong 5-1, Busan Eco Delta), and slippage.

One event list serves every analysis of the pilot cities (the summary's Reason 5 and the
opportunities notebook): :func:`pilot_events` builds it from three tables, never from a list of ids:

* ``milestones`` - rows on the pilot cities and the regulatory sandbox from 2018;
* ``pilot_city_status`` - the pilot cities' later steps and re-stated targets (rows of low
  confidence, a blog or an inferred date, are left out; so are rows about the whole Eco Delta
  new town, which is not the pilot area, and national programme rows);
* ``pilot_cities`` - the private-partner choices recorded with the cities' attributes;

plus the article's own dated promise from the ``claims`` table (:data:`ARTICLE_PROMISES`).

Each event gets a **kind** (:data:`KINDS`): read from the ``kind`` column where the table has one,
otherwise from the words of the event (:data:`RULES`). The same event reported by two tables (the
same city, kind and status, with dates in the same month or one date inside the other's year) is
kept once, with every source, dated by its most precise report.

:func:`slippage` measures each **target** against the first event **of the same city and kind**
that happened: a partner chosen against a partner-chosen target, a move-in against a move-in
target, a preferred bidder against a preferred-bidder target. It never measures one kind against another (a project executor designated is not a
move-in). A target with no like event is "not recorded" by the data's date (:func:`as_of`: the
newest release of the tables that would record it), or "not yet due" when its date is later than that.

Dates are text ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the tables write them; a year-only
target counts as its December ("by the end of 2020"). Months late are whole calendar months.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import periods
from .catalog import load, newest_release
from .citations import split_ids

__all__ = [
    "ARTICLE_PROMISES",
    "KINDS",
    "RECORDING",
    "RULES",
    "STATUS_KINDS",
    "STRICT_READING",
    "TABLES",
    "as_of",
    "classify",
    "pilot_events",
    "slippage",
]

Data = str | Path | None

KINDS: dict[str, str] = {
    "designation": "chosen as national pilot cities",
    "plan": "plan announced",
    "sandbox": "regulatory sandbox step",
    "groundbreaking": "construction started",
    "tender": "tender for a private partner",
    "preferred_bidder": "preferred bidder chosen",
    "partner_chosen": "private partner chosen",
    "agreement": "partnership agreement signed",
    "executor": "project executor designated",
    "move_in": "first residents move in",
    "first_sale": "first homes put on sale",
    "service_launch": "first smart services running",
    "completion": "pilot city completed",
    "other": "other step",
}
"""Every event kind and its words for a reader (what happened, or what a target promised)."""

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("executor", re.compile(r"project executor", re.I)),
    ("agreement", re.compile(r"agreement signed|implementation agreement", re.I)),
    ("tender", re.compile(r"\btenders?\b", re.I)),
    ("preferred_bidder", re.compile(r"preferred bidder", re.I)),
    ("partner_chosen", re.compile(r"private partner", re.I)),
    ("move_in", re.compile(r"move-in|moving in", re.I)),
    ("completion", re.compile(r"\bcompletion\b", re.I)),
    ("groundbreaking", re.compile(r"groundbreaking|construction start", re.I)),
    ("designation", re.compile(r"designated national pilot", re.I)),
    ("plan", re.compile(r"\bplans?\b", re.I)),
)
"""How a milestone's event text gives its kind: the first rule whose pattern matches wins (so a
tender "for private partners" is a tender, not a partner chosen). Milestones of the
``regulatory_sandbox`` topic are ``sandbox``; a text no rule matches is ``other``."""

STATUS_KINDS: dict[str, tuple[str, str]] = {
    "construction_start": ("groundbreaking", "happened"),
    "smart_village_resident_households": ("move_in", "happened"),
    "first_apartment_sale": ("first_sale", "happened"),
    "service_launch": ("service_launch", "happened"),
    "project_cost_agreement": ("agreement", "happened"),
    "planned_first_move_in": ("move_in", "planned"),
    "first_move_in_target": ("move_in", "planned"),
    "planned_move_in": ("move_in", "planned"),
    "completion_target": ("completion", "planned"),
}
"""``pilot_city_status.kind`` -> (event kind, status). A planned row's target is its
``target_date``; its ``date`` is when the target was stated. Other kinds (counts, costs,
schedules, calls) are not events of the pilot cities' progress."""

TEXT_TARGETS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("move_in", re.compile(r"first move-in (?P<half>H[12]) (?P<year>\d{4})", re.I), True),
    ("move_in", re.compile(r"move-in .*slipped from (?P<year>\d{4}) to", re.I), False),
)
"""Move-in targets that ``pilot_city_status`` gives only in words (a row's description or note),
as (kind, pattern, stated_known). With ``stated_known`` the target was set when the row's source
was published ("LH aimed at first move-in H2 2023", reported 30 Jun 2020; a half is dated by
its last month, 2023-12); without it the source
only reports an earlier target ("slipped from 2024 to 2028") whose setting date is not given, so
its ``stated`` is the report's date and ``stated_known`` is False."""

PARTNER_ATTRIBUTES = {"spc_preferred_bidder": "preferred_bidder", "spc_preferred_bidder_2020": "preferred_bidder",
                      "spc_private_partner_2022": "partner_chosen"}
"""``pilot_cities`` attributes that record a consortium chosen (in ``value_text``) -> event kind. A
preferred bidder is the first step (negotiations may fail, as Busan's 2020 bidder's did); like is
compared with like: a preferred bidder with a preferred bidder, an agreement with an agreement."""

ARTICLE_PROMISES: dict[str, tuple[str, str]] = {"C9_SEJONG_SANDBOX": ("Sejong", "preferred_bidder")}
"""Claims of the article that promise a dated step -> (city, kind). The KTN article (5 Jul 2019):
"the selection of companies will be concluded in 2020" (Sejong); its year is the claim's
``evidence_year``, and the target was stated on the article's publication date. The reading used:
"selection" is the choice of the preferred bidder (the step a tender concludes), not the signed
partnership agreement that follows (:data:`STRICT_READING`)."""

STRICT_READING = "agreement"
"""The stricter reading of the article's promise: the partnership agreement signed (a notebook may
measure the promise this way too, with ``periods.months_between``)."""

TABLES = ("milestones", "pilot_city_status", "pilot_cities", "claims")
"""The tables the event list is built from (for a headline's "Data to" date)."""

RECORDING = ("milestones", "pilot_city_status", "pilot_cities")
"""The tables that would record a pilot city's event (the ``claims`` table only states the article's
target): "not recorded by" is dated by their newest release (:func:`as_of`)."""

CITIES = ("Sejong", "Busan")

COLUMNS = ["city", "kind", "status", "date", "stated", "label", "event", "origin", "source_id",
           "other_source_ids", "stated_known"]


def classify(text: str, topic: str | None = None) -> str:
    """The kind of a milestone from its event text (and topic): see :data:`RULES`."""
    if topic == "regulatory_sandbox":
        return "sandbox"
    for kind, pattern in RULES:
        if pattern.search(text):
            return kind
    return "other"


def _city(text: str, topic: str) -> str:
    """The pilot city an event names; both when it names neither but is about the pilot cities."""
    found = [c for c in CITIES if c.lower() in text.lower()]
    if found:
        return " and ".join(found)
    return " and ".join(CITIES) if topic == "smart_city_pilot" else "Korea"


GENERIC = ("plan", "sandbox", "preferred_bidder", "partner_chosen", "move_in", "other")
"""Kinds whose reader label (for what happened) is the event's own words: the kind alone would say
too little (which plan, which sandbox step, which consortium and whether its deal went through,
which homes)."""


def _label(city: str, kind: str, status: str, stated: str, event: str) -> str:
    if kind in GENERIC and status == "happened":
        return event
    words = KINDS[kind]
    if status == "planned":
        return f"{city}: {words}, target set {periods.label(stated)}"
    return f"{city}: {words}"


def _row(city: str, kind: str, status: str, date: str, stated: str, event: str, origin: str,
         source_id: str, other: object, label: str | None = None) -> dict:
    return {"city": city, "kind": kind, "status": status, "date": date, "stated": stated,
            "label": label or _label(city, kind, status, stated, event), "event": event, "origin": origin,
            "source_id": source_id, "other_source_ids": ";".join(split_ids(other)), "stated_known": True,
            "_counted": label is not None}


def _from_milestones(data: Data) -> list[dict]:
    ms = load("milestones", data)
    ms = ms[ms["topic"].astype(str).isin(["smart_city_pilot", "regulatory_sandbox"])
            & (ms["date"].astype(str) >= "2018")]
    published = load("sources", data).set_index("source_id")["published"]
    rows = []
    for r in ms.itertuples(index=False):
        text, status = str(r.event), str(r.status)
        kind = classify(text, str(r.topic))
        stated = str(r.date) if status == "happened" else _published(published, r.source_id, r.date)
        rows.append(_row(_city(text, str(r.topic)), kind, status, str(r.date), stated, text, "milestones",
                         str(r.source_id), r.other_source_ids))
    return rows


def _published(published: pd.Series, source_id: object, fallback: object) -> str:
    """When a target was stated: the publication date of the source that reports it (a planned
    milestone has no date of its own for that); ``fallback`` when the source is undated."""
    value = published.get(str(source_id))
    return str(value) if periods.CALENDAR.match(value) else str(fallback)


def _from_status(data: Data) -> list[dict]:
    st = load("pilot_city_status", data)
    st = st[st["city"].astype(str).isin(CITIES) & st["kind"].astype(str).isin(list(STATUS_KINDS))
            & (st["confidence"].astype(str) != "low")]
    rows = []
    for r in st.itertuples(index=False):
        kind, status = STATUS_KINDS[str(r.kind)]
        date = str(r.target_date) if status == "planned" else str(r.date)
        label = None
        if str(r.kind) == "smart_village_resident_households" and pd.notna(r.count):
            label = f"{r.city}: residents begin moving into the Smart Village ({int(r.count)} {r.unit})"
        rows.append(_row(str(r.city), kind, status, date, str(r.date), str(r.description),
                         "pilot_city_status", str(r.source_id), r.other_source_ids, label=label))
    return rows


def _from_status_words(data: Data) -> list[dict]:
    """Targets written only in a status row's words (:data:`TEXT_TARGETS`); Sejong's pilot area only."""
    st = load("pilot_city_status", data)
    st = st[(st["city"].astype(str) == "Sejong") & (st["confidence"].astype(str) != "low")]
    rows = []
    for r in st.itertuples(index=False):
        words = f"{r.description} {r.note if isinstance(r.note, str) else ''}"
        for kind, pattern, known in TEXT_TARGETS:
            for m in pattern.finditer(words):
                target = m["year"]
                if "half" in pattern.groupindex:  # a half is due by its last month (the charts take months)
                    target = f"{m['year']}-{6 * int(m['half'][1]):02d}"
                stated = str(r.date)
                row = _row("Sejong", kind, "planned", target, stated, m.group(0), "pilot_city_status",
                           str(r.source_id), r.other_source_ids)
                if not known:
                    row["stated_known"] = False
                    row["label"] = f"Sejong: {KINDS[kind]}, earlier target reported {periods.label(stated)}"
                rows.append(row)
    return rows


def _from_pilot_cities(data: Data) -> list[dict]:
    pc = load("pilot_cities", data)
    pc = pc[pc["attribute"].astype(str).isin(list(PARTNER_ATTRIBUTES)) & pc["city"].astype(str).isin(CITIES)]
    return [_row(str(r.city), PARTNER_ATTRIBUTES[str(r.attribute)], "happened", str(r.as_of), str(r.as_of),
                 f"{r.value_text} chosen as {KINDS[PARTNER_ATTRIBUTES[str(r.attribute)]].removesuffix(' chosen')}",
                 "pilot_cities", str(r.source_id), r.other_source_ids) for r in pc.itertuples(index=False)]


def _from_article(data: Data) -> list[dict]:
    c = load("claims", data).set_index("claim_id")
    published = load("sources", data).set_index("source_id")["published"]
    rows = []
    for claim_id, (city, kind) in ARTICLE_PROMISES.items():
        if claim_id not in c.index:
            continue
        r = c.loc[claim_id]
        source = str(r["source_id"])
        stated = _published(published, source, int(r["evidence_year"]))
        rows.append(_row(city, kind, "planned", str(int(r["evidence_year"])), stated,
                         f"The article: {r['claim']}", "claims", source, None,
                         label=f"{city}: {KINDS[kind]}, the article's target"))
    return rows


def _same(a: dict, b: dict) -> bool:
    """Two reports of one event: same city, kind and status; same month, or one inside the other's year."""
    if (a["city"], a["kind"], a["status"]) != (b["city"], b["kind"], b["status"]):
        return False
    pa, pb = periods.parse(a["date"]), periods.parse(b["date"])
    if a["status"] == "planned" and a["stated"][:4] != b["stated"][:4]:
        return False  # the same target re-stated in another year is another statement
    if pa.kind == "year" or pb.kind == "year":
        return pa.first[0] == pb.first[0]
    return pa.first == pb.first


def pilot_events(*, kinds: list[str] | None = None, data: Data = None) -> pd.DataFrame:
    """Every dated event and target of the pilot cities, in date order (targets by their target date).

    Args:
        kinds: keep only these kinds of :data:`KINDS` (default: all).
        data: another data package folder.

    Returns:
        Columns ``city`` ("Sejong", "Busan", "Sejong and Busan", or "Korea" for national steps),
        ``kind`` (a key of :data:`KINDS`), ``status`` (``happened`` or ``planned``), ``date``
        (when it happened, or the target date), ``stated`` (when a target was stated; the event
        date for what happened), ``label`` (short reader text: city and what), ``event`` (the
        source table's own words), ``origin`` (the table it came from), ``source_id`` and
        ``other_source_ids`` (``;``-separated; every report of the same event merged), ``stated_known``
        (False for a target only reported later, whose ``stated`` is the report's date).

    Raises:
        ValueError: an unknown kind in ``kinds``.
    """
    if kinds is not None and (bad := sorted(set(kinds) - set(KINDS))):
        raise ValueError(f"unknown event kind(s) {bad}; expected some of {list(KINDS)}")
    kept: list[dict] = []
    for row in (*_from_milestones(data), *_from_status(data), *_from_status_words(data), *_from_pilot_cities(data),
                *_from_article(data)):
        twin = next((k for k in kept if _same(k, row)), None)
        if twin is None:
            kept.append(row)
            continue
        ids = [twin["source_id"], *split_ids(twin["other_source_ids"]), row["source_id"],
               *split_ids(row["other_source_ids"])]
        ids = list(dict.fromkeys(ids))
        twin["other_source_ids"] = ";".join(i for i in ids[1:])
        if row["_counted"]:  # a count from a structured row words the label, not a count in free text
            twin["label"] = row["label"]
        if periods.parse(twin["date"]).kind == "year" and periods.parse(row["date"]).kind != "year":
            twin["date"] = twin["stated"] = row["date"]  # the more precise report dates it
    out = pd.DataFrame(kept, columns=COLUMNS)
    if kinds is not None:
        out = out[out["kind"].isin(kinds)]
    order = out["date"].map(lambda d: (*periods.parse(d).first, periods.parse(d).day or 0))
    return out.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def as_of(data: Data = None) -> str:
    """The data's date for "not recorded by ...": the newest release behind :data:`RECORDING`, the
    tables that would record the event (not the article's own claims)."""
    return periods.newest(newest_release(name, data) for name in RECORDING)


def slippage(events: pd.DataFrame | None = None, *, date: str | None = None, data: Data = None) -> pd.DataFrame:
    """Each target against the first like event that happened: months late, or not recorded.

    Args:
        events: a :func:`pilot_events` frame (default: all of it).
        date: the data's date (default :func:`as_of`); a target with no like event is "not
            recorded" when it fell due by then, "not yet due" otherwise.
        data: another data package folder.

    Returns:
        One row per target (``status == "planned"``) in target-date order: ``city``, ``kind``,
        ``what`` (reader words), ``target`` (date text), ``stated`` (when the target was set),
        ``stated_known`` (False: ``stated`` is only when an earlier target was reported),
        ``happened`` (date text of the first event of the same city and kind, or None),
        ``happened_event`` (its words), ``months_late`` (``Int64``: months from the target to
        the event; negative = early; <NA> when none), ``outcome`` (``on time``, ``late``,
        ``not recorded`` or ``not yet due``), ``as_of`` (the data's date), ``source_id`` and
        ``other_source_ids`` (the target's and the event's sources).
    """
    ev = pilot_events(data=data) if events is None else events
    when = date or as_of(data)
    done = ev[ev["status"] == "happened"]
    rows = []
    for t in ev[ev["status"] == "planned"].itertuples(index=False):
        like = done[(done["city"] == t.city) & (done["kind"] == t.kind)]
        first = like.iloc[0] if len(like) else None
        ids = [t.source_id, *split_ids(t.other_source_ids)]
        if first is not None:
            late = periods.months_between(t.date, first["date"])
            outcome = "late" if late > 0 else "on time"
            ids += [first["source_id"], *split_ids(first["other_source_ids"])]
        else:
            late = pd.NA
            outcome = "not yet due" if periods.months_between(when, t.date) > 0 else "not recorded"
        ids = list(dict.fromkeys(ids))
        rows.append({
            "city": t.city, "kind": t.kind, "what": f"{t.city}: {KINDS[t.kind]}", "target": t.date,
            "stated": t.stated, "stated_known": t.stated_known, "happened": None if first is None else first["date"],
            "happened_event": None if first is None else first["event"], "months_late": late,
            "outcome": outcome, "as_of": when, "source_id": ids[0], "other_source_ids": ";".join(ids[1:]),
        })
    out = pd.DataFrame(rows, columns=["city", "kind", "what", "target", "stated", "stated_known", "happened", "happened_event",
                                      "months_late", "outcome", "as_of", "source_id", "other_source_ids"])
    out["months_late"] = out["months_late"].astype("Int64")
    return out
