"""Then and now, one row per concept: the figure current at the 2019 article against the newest.

Each *concept* (R&D intensity, Korea's Global Innovation Index rank, Seoul's IMD Smart City
rank, 5G subscriptions, ...) is **one** series from the data package, chosen so that no concept
is counted twice (one venture-investment scope, one Z/Yen row). For each:

- **then** is the figure current at the article (its date is the ``published`` date of the
  article's row in ``sources``, :data:`ARTICLE_SOURCE`): the newest point whose period had
  ended by that date; for an index, the newest edition known to be out by that date: an
  edition named for an earlier year, or one named for the article's year that a source in the
  data reported on or before the article date (the Global Innovation Index 2019 came out after
  the article, so its 2018 edition is "then"). For R&D intensity the reference year is the newest
  one any vintage published by the article date held (so a figure not yet published is not
  used), read from the newest vintage so that both points share one method. When a series
  starts after the article, "then" is its first point (its first point on the newest method
  when the method changed and the data hold a restated edition), and the status is "began
  after the article": its direction since that first point is given, but it is not counted
  as having improved or slipped since the article.
- **now** is the newest point of the same series. Where a newer series on another basis
  exists (5G handset lines from 2024), "now" is the latest on the series' own basis and the
  row names the newer basis.
- A **method break** between the two points (IMD's 2023 Smart City Index method) makes the row
  "not comparable", unless the data hold the "then" edition restated under the new method.
- An index whose newest edition is more than :data:`STOPPED_AFTER_YEARS` years older than the
  newest edition of the same table (Bloomberg's Innovation Index after 2021) is "stopped": its
  last edition is shown, not counted as "now".
- Otherwise the status is "improved", "slipped" or "unchanged" (lower is better for ranks).
  The change is given in places for ranks (never as a ratio of ranks), in percentage points
  for shares and as a multiple or percent change for counts and amounts.

Values are in the series' own units: percent of GDP (R&D intensity), percent (fibre share),
ranks (1 = best), counts (subscriptions, companies) and won (venture investment).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import periods
from .catalog import load
from .compare import change
from .tablecache import per_process
from .text import format_money, format_pct, ordinal
from .vintages import select_vintage, vintages

__all__ = [
    "ARTICLE_SOURCE",
    "COUNTED",
    "STATUSES",
    "STOPPED_AFTER_YEARS",
    "Concept",
    "article_date",
    "concepts",
    "judge",
    "tally",
    "then_and_now",
]

#: The source row of the 2019 article; its ``published`` date is the "then" cut-off.
ARTICLE_SOURCE = "KTN_BLOG_2019"
#: An index is "stopped" when its newest edition is more than this many years older than the
#: newest edition of another index in the same table (two years: a biennial index such as the
#: UN EGDI is still running with a two-year gap).
STOPPED_AFTER_YEARS = 2
#: Every status, in reading order.
STATUSES = ("improved", "unchanged", "slipped", "began after the article", "not comparable", "stopped")
#: The statuses that say how a figure moved since the article.
COUNTED = ("improved", "unchanged", "slipped")

Data = str | Path | None


@dataclass(frozen=True)
class Concept:
    """One concept's series, ready to be judged.

    Attributes:
        concept: what is measured, for readers ("Korea's Global Innovation Index rank").
        unit: ``"rank"``, ``"percent"``, ``"count"`` or an ISO 4217 currency code.
        points: columns ``period`` (text the period parser reads), ``label`` (the period for
            readers), ``value`` (series units), ``method`` (text; one value unless the series has
            a method break) and ``source_id``; in time order.
        restated: points of earlier editions restated under a later method (same columns), or
            an empty frame.
        family_newest: the newest edition year of any index in the same table (for "stopped"),
            or None when the concept is not an index.
        then_year: the reference year current at the article when it is not the last period
            ended by the article date (R&D intensity), else None.
        basis: one sentence on what the series is and which scope or vintage it uses.
        newer_basis: one sentence on a newer series of the same concept on another basis that
            "now" does not use, or ``""``.

    ``points`` may carry a column ``first_reported``: per edition of an index, the earliest
    day-dated source in the data that reported it (``YYYY-MM-DD``), or ``""``.
    """

    concept: str
    unit: str
    points: pd.DataFrame
    restated: pd.DataFrame
    family_newest: int | None
    then_year: int | None
    basis: str
    newer_basis: str = ""

    @property
    def higher_is_better(self) -> bool:
        return self.unit != "rank"


def article_date(*, data: Data = None) -> str:
    """The article's publication date (``YYYY-MM-DD``), from its row in ``sources``."""
    src = load("sources", data).set_index("source_id")
    if ARTICLE_SOURCE not in src.index:
        raise KeyError(f"source id {ARTICLE_SOURCE!r} (the article) is not in the sources table")
    return str(src.loc[ARTICLE_SOURCE, "published"])


def _ended_by(period: str, date: str) -> bool:
    """True when ``period`` had ended by ``date`` (a day, ``YYYY-MM-DD``)."""
    p, d = periods.parse(period), periods.parse(date)
    return p.last < d.first


def _points(frame: pd.DataFrame, period: str, value: str, label: Callable[[str], str],
            method: object = "") -> pd.DataFrame:
    out = pd.DataFrame({
        "period": frame[period].astype(str).to_numpy(),
        "value": frame[value].astype("float64").to_numpy(),
        "method": frame["__method"].to_numpy() if "__method" in frame.columns else method,
        "source_id": frame["source_id"].astype(str).to_numpy(),
        "first_reported": (frame["__reported"].to_numpy() if "__reported" in frame.columns else ""),
    })
    out["label"] = [label(p) for p in out["period"]]
    out["key"] = [periods.sort_key(p) for p in out["period"]]
    return out.sort_values("key", kind="stable").drop(columns="key").reset_index(drop=True)


def _first_reported(frame: pd.DataFrame, *, data: Data = None) -> dict[str, str]:
    """Per edition (``year`` as text), the earliest day-dated ``published`` date of any source
    (``source_id`` or ``other_source_ids``) of any row of that edition in ``frame`` (the index's
    rows in its own table and in ``peer_indicators``)."""
    published = load("sources", data).set_index("source_id")["published"].astype(str)
    out: dict[str, str] = {}
    for year, rows in frame.groupby(frame["year"].astype(str)):
        ids = list(rows["source_id"].astype(str))
        if "other_source_ids" in rows.columns:
            ids += [i.strip() for cell in rows["other_source_ids"].dropna() for i in str(cell).split(";")]
        days = sorted(d for d in (published.get(i, "") for i in ids) if periods.Forms("day").match(d))
        out[str(year)] = days[0] if days else ""
    return out


def _edition(p: str) -> str:
    return f"{p} edition"


#: The ``peer_indicators`` indicator holding other economies' ranks in the same index: its rows'
#: sources are further evidence of when an edition was out.
_PEER_INDICATOR = {"global_innovation_index": "gii_rank"}

_EMPTY = pd.DataFrame(columns=["period", "value", "method", "source_id", "label"])


@per_process
def concepts(*, data: Data = None) -> list[Concept]:
    """The concepts compared, each one series (see the module docstring).

    Computed once per process and data package (each call gets its own copy).
    """
    out: list[Concept] = []

    # R&D intensity: one vintage (the newest); the year current at the article from the vintages
    rd = load("rd_intensity", data)
    newest, vlabel = select_vintage(rd, data=data)
    kor = newest[newest["country"] == "KOR"]
    vt = vintages(rd, data=data)
    art = article_date(data=data)
    early = [v for v, pub in zip(vt["vintage"], vt["published"]) if str(pub) <= art]
    years_then = rd[(rd["country"] == "KOR") & rd["vintage"].isin(early)]["year"]
    out.append(Concept(
        "R&D spending, % of GDP", "percent",
        _points(kor.assign(period=kor["year"].astype(str)), "period", "value", str, vlabel),
        _EMPTY, None, int(years_then.max()) if len(years_then) else None,
        f"Gross R&D spending as a share of GDP, both years from the {vlabel} vintage.",
    ))

    # innovation indices: ranks by edition
    ir = load("innovation_rankings", data)
    ranks = ir[(ir["measure"] == "rank")]
    peer = load("peer_indicators", data)[["indicator", "year", "source_id"]]
    family = int(ranks["year"].max())
    for key, name in (("global_innovation_index", "Global Innovation Index rank (WIPO)"),
                      ("bloomberg_innovation_index", "Bloomberg Innovation Index rank")):
        reported = _first_reported(pd.concat([ranks[ranks["ranking"] == key],
                                              peer[peer["indicator"] == _PEER_INDICATOR.get(key, "")]]),
                                   data=data)
        s = ranks[(ranks["ranking"] == key) & (ranks["country"] == "KOR")]
        s = s.assign(period=s["year"].astype(str), __reported=[reported[str(y)] for y in s["year"]])
        out.append(Concept(name, "rank", _points(s, "period", "value", _edition), _EMPTY, family, None,
                           "Korea's rank by edition (1 = most innovative)."))

    # UN e-government index: biennial editions
    eg = load("egov_ict_indices", data)
    reported = _first_reported(pd.concat([eg[eg["indicator"] == "egdi_rank"],
                                          peer[peer["indicator"] == "egdi_rank"]]), data=data)
    s = eg[(eg["country"] == "KOR") & (eg["indicator"] == "egdi_rank")]
    s = s.assign(period=s["year"].astype(str), __reported=[reported[str(y)] for y in s["year"]])
    out.append(Concept("UN E-Government Development Index rank", "rank",
                       _points(s, "period", "value", _edition), _EMPTY,
                       int(eg.loc[eg["indicator"] == "egdi_rank", "year"].max()), None,
                       "Korea's rank in the UN survey, published every two years."))

    # IMD Smart City Index: a method break in 2023; restated ranks where IMD gave them
    sc = load("smart_city_rankings", data)
    peers = load("peer_smart_city_ranks", data)
    new_method = peers.loc[peers["method"].astype(str).str.startswith("2023"), "edition"]
    break_year = int(new_method.min())
    imd_newest = int(sc.loc[sc["ranking"] == "imd_smart_city_index", "year"].max())
    reported = _first_reported(sc[sc["ranking"] == "imd_smart_city_index"], data=data)
    for city in ("Seoul", "Busan"):
        s = sc[(sc["ranking"] == "imd_smart_city_index") & (sc["city"] == city) & (sc["measure"] == "rank")]
        s = s.assign(period=s["year"].astype(str), __reported=[reported[str(y)] for y in s["year"]],
                     __method=[f"{break_year} method" if y >= break_year else f"before {break_year}"
                               for y in s["year"]])
        r = sc[(sc["ranking"] == f"imd_smart_city_index_restated_{break_year}") & (sc["city"] == city)]
        r = r.assign(period=r["year"].astype(str), __method=f"{break_year} method")
        out.append(Concept(
            f"{city}'s IMD Smart City Index rank", "rank", _points(s, "period", "value", _edition),
            _points(r, "period", "value", lambda p: f"{p} edition, restated") if len(r) else _EMPTY,
            imd_newest, None,
            f"Rank among the cities IMD ranked that year; IMD changed its method in {break_year}.",
        ))

    # Z/Yen Smart Centres Index: one row (Seoul), editions named by period
    zy = sc[(sc["ranking"] == "zyen_smart_centres_index") & (sc["city"] == "Seoul") & (sc["measure"] == "rank")]
    zy_all = zy = zy[zy["confidence"] != "low"]
    zy = zy.assign(period=[re.sub(r"\s*\(.*\)$", "", str(p)) for p in zy["period"]])
    zlabel = {re.sub(r"\s*\(.*\)$", "", str(p)): str(p) for p in zy_all["period"].astype(str)}
    out.append(Concept(
        "Seoul's Z/Yen Smart Centres Index rank", "rank",
        _points(zy, "period", "value", lambda p: _zyen_label(zlabel.get(p, p))), _EMPTY,
        None, None, "Rank of Seoul by edition (1 = best); its first rank in the data is from after the article.",
    ))

    # 5G subscriptions (MSIT, year-end and end-of-month on one period axis)
    m5 = load("mobile_5g", data)
    s = m5[(m5["country"] == "KOR")
           & m5["indicator"].isin(["mobile_5g_subscriptions", "mobile_5g_subscriptions_monthly"])]
    lines = m5[(m5["country"] == "KOR") & (m5["indicator"] == "mobile_5g_handset_lines")]
    newer = ""
    if len(lines):
        last = lines.loc[lines["period"].map(periods.sort_key).idxmax()]
        share = m5[(m5["country"] == "KOR") & (m5["indicator"] == "mobile_5g_share_of_handset_lines")
                   & (m5["period"] == last["period"])]
        of = f" ({format_pct(float(share['value'].iloc[0]), 1)} of handset lines)" if len(share) else ""
        newer = ("The ministry's newer releases count 5G handset lines instead: "
                 f"{_format(float(last['value']), 'count')} in "
                 f"{periods.label(str(last['period']))}{of}, not comparable with the older counts of "
                 "all mobile subscriptions including IoT.")
    out.append(Concept("5G mobile subscriptions in Korea", "count",
                       _points(s, "period", "value", periods.label), _EMPTY, None, None,
                       "Ministry of Science and ICT counts of all 5G subscriptions, end of month or "
                       "year, as reported.", newer))

    # fibre share of fixed broadband (OECD)
    bb = load("broadband", data)
    s = bb[(bb["country"] == "KOR") & (bb["indicator"] == "fibre_share_of_fixed_broadband_oecd")]
    out.append(Concept("Fibre share of fixed broadband in Korea", "percent",
                       _points(s, "period", "value", periods.label), _EMPTY, None, None,
                       "OECD broadband statistics, percent of fixed broadband subscriptions."))

    # venture investment: one scope only (the historic MSS series, which holds 2019)
    vi = load("venture_investment", data)
    s = vi[(vi["metric"] == "venture_investment") & (vi["scope"] == "mss_vc_firms_and_associations")]
    s = s.assign(period=s["year"].astype(str))
    out.append(Concept("New venture investment in Korea", "KRW",
                       _points(s, "period", "amount", str), _EMPTY, None, None,
                       "Ministry of SMEs and Startups, venture-capital firms and associations only "
                       "(the wider series that adds new-technology finance starts in 2020)."))

    # unicorns (the ministry's own count)
    vs = load("venture_startups", data)
    s = vs[(vs["country"] == "KOR") & (vs["indicator"] == "unicorns_mss")]
    out.append(Concept("Korean unicorns (ministry count)", "count",
                       _points(s, "period", "value", periods.label), _EMPTY, None, None,
                       "Start-ups valued at USD 1bn or more, as counted by the Ministry of SMEs "
                       "and Startups."))
    return out


def _zyen_label(text: str) -> str:
    m = re.match(r"^(\d{4}) \(SCI (\d+)\)$", text)
    if m:
        return f"{m.group(1)}, {ordinal(int(m.group(2)))} edition"
    return periods.label(text) if periods.CALENDAR.match(text) else text


def _format(value: float, unit: str) -> str:
    if unit == "rank":
        return ordinal(int(value))
    if unit == "percent":
        return format_pct(value, 2 if abs(value) < 10 else 1)
    if unit == "count":
        return f"{value / 1e6:.1f} million" if value >= 1e6 else f"{value:,.0f}"
    return format_money(value, unit)


def _out_by(point: pd.Series, article: str, is_index: bool) -> bool:
    """True when ``point`` was current by the article date: an index edition named for an
    earlier year, or for the article's year and reported by a source dated on or before it; any
    other period that had ended by that date."""
    period = str(point["period"])
    if is_index and re.fullmatch(r"\d{4}", period):
        if period < article[:4]:
            return True
        reported = str(point.get("first_reported", "") or "")
        return period == article[:4] and reported != "" and reported <= article
    return _ended_by(period, article)


def _change_text(then: float, now: float, unit: str) -> str:
    """The move from ``then`` to ``now`` for readers: places for ranks (``"up 8 places"``),
    percentage points for percents, a multiple or percent change for counts and amounts."""
    if unit == "rank":
        gained = int(then) - int(now)
        if gained == 0:
            return "no change"
        n = abs(gained)
        return f"{'up' if gained > 0 else 'down'} {n} place{'s' if n != 1 else ''}"
    if unit == "percent":
        d = now - then
        return "no change" if d == 0 else f"{'+' if d > 0 else '−'}{abs(d):.1f} percentage points"
    if then > 0 and now / then >= 2:
        return f"{now / then:.1f} times"
    pct = (now / then - 1) * 100 if then else float("nan")
    return "no change" if now == then else f"{'+' if pct > 0 else '−'}{abs(pct):.0f}%"


def judge(concept: Concept, article: str) -> dict[str, object]:
    """One concept's row: the "then" and "now" points, their labels and the status.

    Args:
        concept: a :class:`Concept`.
        article: the article's date, ``YYYY-MM-DD``.

    Returns:
        ``concept``, ``then_value``, ``then_when`` (period for readers), ``then_period`` (the
        period text), ``then_text``, ``then_age_months`` (whole months from the end of the
        "then" period to the article; negative when it ended after), ``now_value``,
        ``now_when``, ``now_period``, ``now_text``, ``status`` (one of :data:`STATUSES`),
        ``direction`` ("improved", "unchanged" or "slipped" between the two points shown, ""
        when they cannot be compared), ``change`` (the move for readers, e.g. "up 8 places",
        or ""), ``since`` (for a series that began after the article: when its comparison
        starts, else ""), ``why`` (what the series is), ``unit``, ``source_ids``
        (``;``-separated).

    Raises:
        ValueError: the concept has no points.
    """
    pts = concept.points
    if pts.empty:
        raise ValueError(f"{concept.concept}: no points in the data")
    is_index = concept.unit == "rank"
    if concept.then_year is not None:
        before = pts[pts["period"] == str(concept.then_year)]
    else:
        before = pts[[_out_by(r, article, is_index) for _, r in pts.iterrows()]]
    after_article = before.empty
    then = pts.iloc[0] if before.empty else before.iloc[-1]
    now = pts.iloc[-1]
    then_when = then["label"]
    why = concept.basis
    status = None
    if concept.family_newest is not None:
        last_year = periods.parse(now["period"]).first[0]
        if concept.family_newest - last_year > STOPPED_AFTER_YEARS:
            status = "stopped"
            why = (f"No edition after {last_year} in the data; the newest edition of another index "
                   f"is {concept.family_newest}.")
    if status is None and then["method"] != now["method"]:
        restated = concept.restated
        same = restated[restated["method"] == now["method"]] if len(restated) else restated
        hit = same[same["period"] == then["period"]] if len(same) else same
        if after_article and len(same):  # the first point on the newest method
            ours = pts[pts["method"] == now["method"]]
            first = pd.concat([same, ours]).assign(key=lambda f: f["period"].map(periods.sort_key))
            hit = first.sort_values("key", kind="stable").head(1)
        if len(hit):
            then = hit.iloc[0]
            then_when = then["label"]
        else:
            status = "not comparable"
            why = (f"The {then['label']} predates the {now['method']} that the {now['label']} uses, "
                   f"and the data hold no {then['label']} rank restated under it.")
    direction = ""
    if status is None:
        pair = pd.DataFrame({"key": [0, 1], "value": [then["value"], now["value"]]})
        direction = change(pair, 0, 1, key="key", higher_is_better=concept.higher_is_better).verdict
        status = "began after the article" if after_article else direction
    if status == "stopped" and then["method"] == now["method"]:
        pair = pd.DataFrame({"key": [0, 1], "value": [then["value"], now["value"]]})
        direction = change(pair, 0, 1, key="key", higher_is_better=concept.higher_is_better).verdict
    now_when = now["label"]
    if concept.newer_basis:
        now_when += " (latest on this basis)"
        why = f"{why} {concept.newer_basis}"
    ids = list(dict.fromkeys([str(then["source_id"]), str(now["source_id"])]))
    return {
        "concept": concept.concept,
        "then_value": float(then["value"]), "then_when": then_when, "then_period": str(then["period"]),
        "then_text": _format(float(then["value"]), concept.unit),
        "then_age_months": periods.months_between(str(then["period"]), article),
        "now_value": float(now["value"]), "now_when": now_when, "now_period": str(now["period"]),
        "now_text": _format(float(now["value"]), concept.unit),
        "status": status, "direction": direction,
        "change": _change_text(float(then["value"]), float(now["value"]), concept.unit) if direction else "",
        "since": then_when if status == "began after the article" else "",
        "why": why, "unit": concept.unit, "source_ids": ";".join(ids),
    }


def then_and_now(*, data: Data = None) -> pd.DataFrame:
    """One row per concept (see :func:`judge` for the columns), in :func:`concepts` order."""
    art = article_date(data=data)
    return pd.DataFrame([judge(c, art) for c in concepts(data=data)])


def tally(frame: pd.DataFrame | None = None, *, data: Data = None) -> pd.Series:
    """How many concepts have each status, in :data:`STATUSES` order (zeros kept)."""
    frame = then_and_now(data=data) if frame is None else frame
    return frame["status"].value_counts().reindex(list(STATUSES), fill_value=0)
