"""Timeline: dated milestones, one row each in date order."""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.transforms import offset_copy

from ..periods import CALENDAR, FREQ_BY_LENGTH
from ..periods import decimal_year as _decimal_year
from ..text import plain_english
from ._common import _clean, _colors, _draw_mark, _styled, _year_axis
from ._data import (
    ChartDataError,
    check_countries,
    check_frame,
    check_text,
    fingerprint,
    mark_position,
    source_line,
    text,
)
from ._options import Labels, resolve
from ._style import MUTED_DARK, SMALL_SIZE, SUBTLE, TEXT, ChartFigure, Frame


# --------------------------------------------------------------------------- reading the dates
# The date forms come from the one period parser (smartkorea.periods).

_DATE = CALENDAR
_FREQ = FREQ_BY_LENGTH


def _dated(kind: str, column: str, raw: pd.Series) -> tuple[list[float], list[float], list[str]]:
    """Each ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value's start and end (decimal years) and
    its text for a reader ("2019", "Apr 2019", "3 Apr 2019"); raises :class:`ChartDataError`."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        raw = raw.dt.strftime("%Y-%m-%d")
    raw = text(raw).str.strip()
    bad = ~raw.map(lambda s: bool(_DATE.match(s)))
    if bad.any():
        raise ChartDataError(f"{kind}(): column {column!r} must hold YYYY, YYYY-MM or YYYY-MM-DD; "
                             f"found {raw[bad].iloc[0]!r} (row {int(bad.idxmax())}).")
    periods = [pd.Period(s, freq=_FREQ[len(s)]) for s in raw]
    start = [_decimal_year(p.start_time) for p in periods]
    end = [_decimal_year(p.end_time) for p in periods]
    when = [p.strftime({"Y": "%Y", "M": "%b %Y", "D": "%d %b %Y"}[p.freqstr[0]]).lstrip("0")
            for p in periods]
    return start, end, when


# --------------------------------------------------------------------------- the chart


@dataclass(frozen=True)
class TimelineOptions:
    """What :func:`timeline` draws and how; every field is also a keyword of it."""

    highlight: str | Sequence[str] | None = "KOR"
    date: str = "date"
    label: str = "event"
    mark_date: str | None = None
    mark_year: float | None = None
    mark_label: str | None = None


@_styled
def timeline(df: pd.DataFrame, labels: Labels | None = None, options: TimelineOptions | None = None,
             **keywords) -> ChartFigure:
    """Dated milestones, one row each in date order, labelled with date and event.

    Texts come from ``labels`` (:class:`Labels`), the rest from ``options``
    (:class:`TimelineOptions`), or the same fields as keywords.

    ``date`` holds ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the precision is read from the
    text; a year or month is drawn as a faint span with the dot at its middle). Rows whose
    ``status`` is ``planned`` get a hollow dot and "(planned)". Milestones of the highlighted
    country are coloured, others grey. ``mark_date`` (``"2019-07-05"``) draws a thin line at
    that date with a small label (``mark_label``, default the date); ``mark_year`` is its
    deprecated alias (a whole year: the article's day and month in that year).
    """
    kind = "timeline"
    labels, options = resolve(kind, labels, options, TimelineOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    highlight, date, label = options.highlight, options.date, options.label
    check_text(kind, title=title, subtitle=subtitle)
    if options.mark_year is not None and options.mark_date is None:
        warnings.warn("timeline(mark_year=...) is deprecated: pass mark_date='YYYY-MM-DD'",
                      PendingDeprecationWarning, stacklevel=3)
    mark = mark_position(kind, options.mark_date, options.mark_year)
    data = check_frame(kind, df, [date, label]).reset_index(drop=True)
    data["_start"], data["_end"], when = _dated(kind, date, data[date])
    data["_mid"] = (data["_start"] + data["_end"]) / 2
    data["_when"] = when
    data["_code"] = text(data["country"]) if "country" in data.columns else ""
    if "country" not in data.columns:
        highlight = None
    hl = check_countries(kind, highlight, data["_code"])
    colors = _colors(dict.fromkeys(data["_code"]), hl)
    planned = text(data["status"]).str.lower().eq("planned") if "status" in data.columns else \
        pd.Series(False, index=data.index)
    data = data.assign(_planned=planned).sort_values(["_start", "_end"], kind="stable").reset_index(drop=True)
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(0.46 * len(data) + 0.3, kind)
    fig.chart_fingerprint = fingerprint(data, ["_start", "_end"])
    ax = fig.add_subplot()
    lo, hi = data["_start"].min(), data["_end"].max()
    if mark is not None:
        lo, hi = min(lo, mark[0]), max(hi, mark[0])
    pad = max(0.3, 0.04 * (hi - lo))
    ax.set_xlim(lo - pad, hi + pad)
    middle = (lo + hi) / 2
    for i, row in data.iterrows():
        color = colors[row["_code"]] if row["_code"] in hl else MUTED_DARK
        if row["_end"] - row["_start"] > 0.02:
            ax.plot([row["_start"], row["_end"]], [i, i], color=color, lw=6, alpha=0.3,
                    solid_capstyle="butt", zorder=2)
        ax.plot([row["_mid"]], [i], "o", ms=8, color=color, mfc="white" if row["_planned"] else color,
                mew=1.8, zorder=3, label=row["_code"])
        event = plain_english(text(pd.Series([row[label]]))[0])
        words = f"{row['_when']}: {event}" + (" (planned)" if row["_planned"] else "")
        right = row["_mid"] <= middle
        ax.text(row["_end"] if right else row["_start"], i, textwrap.fill(words, 52), va="center",
                ha="left" if right else "right",
                transform=offset_copy(ax.transData, fig=fig, x=8 if right else -8, units="points"),
                fontsize=SMALL_SIZE + 0.5, color=TEXT if row["_code"] in hl else SUBTLE, linespacing=1.15,
                zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    ax.set_ylim(len(data) - 0.4, -0.6)
    ax.yaxis.set_visible(False)
    _year_axis(ax.xaxis)
    ax.xaxis.grid(True)
    _clean(ax)
    _draw_mark(ax, mark, options.mark_label)
    frame.apply(fig)
    return fig
