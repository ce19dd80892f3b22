"""The chart kinds the story needs. Each takes a tidy frame and returns a new ``Figure``."""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter
from matplotlib.transforms import blended_transform_factory, offset_copy

from ._data import (
    AGGREGATES,
    ChartDataError,
    check_countries,
    check_frame,
    check_text,
    check_unique,
    humanize,
    label_for,
    numeric,
    source_line,
    text,
)
from ..verdicts import COLOURS as VERDICT_COLOURS
from ._format import compact, formatter
from ._style import (
    ACCENTS,
    HIGHLIGHT,
    MUTED,
    MUTED_DARK,
    SMALL_SIZE,
    SUBTLE,
    TEXT,
    Frame,
    style,
)

__all__ = ["dumbbell", "heatmap", "ranked_bars", "small_multiples", "stacked_bars", "timeline", "trend"]


_TRAILING_ZEROS = re.compile(r"\.0+(?=\D*$)")  # "75.0%" -> "75%" on tick labels


def _styled(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return wrapper


def _colors(codes, highlight: list[str]) -> dict[str, str]:
    """Highlight colour for the first highlighted code, accents for the next, grey for the rest."""
    out = {}
    for code in codes:
        if code in highlight:
            i = highlight.index(code)
            out[code] = HIGHLIGHT if i == 0 else ACCENTS[(i - 1) % len(ACCENTS)]
        else:
            out[code] = MUTED_DARK if code in AGGREGATES else MUTED
    return out


def _emphasise(ticklabels, keys, highlight_keys, colors) -> None:
    for tick, key in zip(ticklabels, keys):
        if key in highlight_keys:
            tick.set_color(colors.get(key, HIGHLIGHT))
            tick.set_fontweight("bold")
        else:
            tick.set_color(SUBTLE)


def _country_codes(data: pd.DataFrame, keys: pd.Series, keys_are_countries: bool, highlight):
    """The country code of each row, for highlighting, and the highlight still possible.

    The row keys themselves when they are country codes, else the frame's ``country`` column
    (e.g. bars of cities); with neither, nothing can be highlighted.
    """
    if keys_are_countries:
        return keys, highlight
    if "country" in data.columns:
        return text(data["country"]), highlight
    return "", None


def _year_axis(axis) -> None:
    axis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))


def _clean(ax, *, keep=("bottom",)) -> None:
    for side, spine in ax.spines.items():
        spine.set_visible(side in keep)
    ax.tick_params(which="both", length=0, pad=4)


def _currency(kind: str, data: pd.DataFrame, currency: str | None) -> str | None:
    """The one currency of a money frame (``currency`` column and/or argument)."""
    found = []
    if "currency" in data.columns:
        found = sorted({c for c in text(data["currency"]) if c})
    if len(found) > 1:
        raise ChartDataError(
            f"{kind}(): amounts are in several currencies ({', '.join(found)}); convert them to "
            "one currency first (smartkorea.convert)."
        )
    if currency and found and found[0] != currency:
        raise ChartDataError(f"{kind}(): currency={currency!r} but the data says {found[0]!r}.")
    return currency or (found[0] if found else None)


def _spread(targets: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move label positions apart by at least ``gap``, as little as possible, within [lo, hi]."""
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    clusters = [[i] for i in order]

    def place(cluster):
        mean = sum(targets[i] for i in cluster) / len(cluster)
        start = mean - gap * (len(cluster) - 1) / 2
        return start, start + gap * (len(cluster) - 1)

    merged = True
    while merged:
        merged = False
        for k in range(len(clusters) - 1):
            if place(clusters[k])[1] + gap > place(clusters[k + 1])[0] + 1e-12:
                clusters[k:k + 2] = [clusters[k] + clusters[k + 1]]
                merged = True
                break
    pos = [0.0] * len(targets)
    for cluster in clusters:
        start = place(cluster)[0]
        for j, i in enumerate(cluster):
            pos[i] = start + j * gap
    shift = max(0.0, lo - min(pos)) - max(0.0, max(pos) - hi) if pos else 0.0
    return [p + shift for p in pos]


def _tint(color, alpha: float) -> tuple[float, float, float]:
    """``color`` drawn at ``alpha`` over white, as an opaque colour."""
    return tuple(alpha * c + 1 - alpha for c in to_rgb(color))


def _text_color_on(color, alpha: float = 1.0) -> str:
    """White or near-black text, whichever reads better on ``color`` (over white at ``alpha``)."""
    r, g, b = _tint(color, alpha)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else TEXT


# --------------------------------------------------------------------------- trend


@_styled
def trend(df: pd.DataFrame, *, title: str, subtitle: str, highlight: str | Sequence[str] | None = "KOR",
          countries: Sequence[str] | None = None, mark_year: int | None = None,
          mark_label: str | None = None, x: str = "year", y: str = "value", zero: bool | None = None,
          value_fmt=None, note: str | None = None, sources: Sequence[str] | None = None,
          series: str = "country", connect: bool = True, point_labels: bool = False,
          invert: bool = False):
    """Lines over years, one per country, labelled at their ends (no legend).

    ``df`` is tidy: ``country`` (ISO3), ``year``, ``value``, ``source_id``; one row per country
    and year (filter to one vintage/measure first). ``highlight``: the country (or list, first
    is Korea's vermillion, then the accents) drawn strong; the others are grey, aggregates
    (OECD, EU, World) dashed. ``mark_year`` draws a dotted reference line (e.g. 2019).
    ``zero``: start the y axis at 0 (default: when all values are >= 0 and not ``invert``).
    ``value_fmt``: also show each line's last value in its label (a format such as
    ``"{:.1f}%"`` or a callable).

    ``x`` may hold fractional years (e.g. a June point at 2022.46). ``series``: the column
    naming the lines (default ``country``; any other text column, e.g. a source or basis
    label, is shown as written and matched by ``highlight`` and ``countries``).
    ``connect=False`` draws points only (for observations that must not be read as one
    continuous series). ``point_labels=True`` writes every point's value next to it (sparse
    data). ``invert=True`` puts the smallest value at the top (ranks: 1 = best).
    """
    kind = "trend"
    check_text(kind, title=title, subtitle=subtitle)
    data = check_frame(kind, df, [series, x, y])
    data["_s"] = text(data[series])
    what = "countries" if series == "country" else f"{series} values"
    if countries is not None:
        wanted = check_countries(kind, countries, data["_s"], what=what)
        data = data[data["_s"].isin(wanted)]
    hl = check_countries(kind, highlight, data["_s"],
                         what="highlight country" if series == "country" else f"highlight {series}")
    data["_x"], data["_y"] = numeric(kind, data, x), numeric(kind, data, y)
    data = data.dropna(subset=["_x", "_y"])
    if data.empty:
        raise ChartDataError(f"{kind}(): no rows with both {x!r} and {y!r} present.")
    check_unique(kind, data, [series, x],
                 hint="Filter to one vintage or measure first (e.g. df[df.vintage == ...]).")
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(3.7, kind)
    ax = fig.add_subplot()
    codes = list(dict.fromkeys(data["_s"]))
    codes.sort(key=lambda c: (c in hl, -hl.index(c) if c in hl else 0))  # highlighted drawn last
    colors = _colors(codes, hl)
    names = label_for(codes)
    fmt = formatter(value_fmt, data["_y"]) if value_fmt is not None else None
    point_fmt = fmt or formatter(None, data["_y"])
    blend = offset_copy(blended_transform_factory(ax.transData, ax.transAxes), fig=fig, x=5, units="points")
    above = offset_copy(ax.transData, fig=fig, y=5, units="points")
    labels = []
    for z, code in enumerate(codes):
        s = data[data["_s"] == code].sort_values("_x")
        strong = code in hl
        ax.plot(s["_x"], s["_y"], color=colors[code], lw=2.6 if strong else 1.4,
                ls=("none" if not connect else (0, (4, 2)) if code in AGGREGATES else "-"),
                zorder=3 + z, label=code, marker="o" if (len(s) <= 12 or not connect) else None,
                ms=(4 if strong else 3) + (2 if not connect else 0), clip_on=False)
        if point_labels:
            for px, py in zip(s["_x"], s["_y"]):
                ax.text(px, py, point_fmt(py), transform=above, ha="center", va="bottom",
                        fontsize=SMALL_SIZE, color=colors[code] if strong else MUTED_DARK,
                        fontweight="bold" if strong else "normal", zorder=3 + z)
        last = s.iloc[-1]
        name = names[code] + (f" {fmt(last['_y'])}" if fmt and not point_labels else "")
        t = ax.text(last["_x"], 0.5, name, transform=blend, va="center", ha="left",
                    fontsize=SMALL_SIZE + 1, color=colors[code] if strong else MUTED_DARK,
                    fontweight="bold" if strong else "normal")
        labels.append((t, last["_x"], last["_y"]))
    ax.yaxis.grid(True)
    _clean(ax)
    _year_axis(ax.xaxis)
    ax.set_xmargin(0.02)
    if zero if zero is not None else bool((data["_y"] >= 0).all()) and not invert:
        ax.set_ylim(bottom=0)
    if point_labels:  # room for the labels above the highest point
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.08 * (hi - lo))
    if invert:
        lo, hi = float(data["_y"].min()), float(data["_y"].max())
        pad = max(0.6, 0.05 * (hi - lo))
        ax.set_ylim(hi + pad, lo - pad)  # smallest on top
        if point_labels:
            ax.set_ylim(hi + pad, lo - pad - 0.08 * (hi - lo))
        ticks = [v for v in MaxNLocator(integer=True, nbins=5).tick_values(lo, hi) if lo <= v <= hi]
        if lo.is_integer() and (not ticks or ticks[0] - lo >= 0.3 * ((hi - lo) / max(len(ticks), 1))):
            ticks = [lo] + ticks  # show the best value (rank 1) itself
        ax.set_yticks(ticks)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    if mark_year is not None:
        lo, hi = ax.get_xlim()
        ax.set_xlim(min(lo, mark_year), max(hi, mark_year))
        ax.axvline(mark_year, color=SUBTLE, lw=1, ls=(0, (1.5, 2)), zorder=2)
        ax.text(mark_year, 1.01, mark_label or str(mark_year), transform=blended_transform_factory(
            ax.transData, ax.transAxes), ha="center", va="bottom", fontsize=SMALL_SIZE, color=SUBTLE)
    ax.get_xlim(), ax.get_ylim()  # settle matplotlib's lazy autoscaling: the data->axes transform is final
    for t, lx, ly in labels:  # provisional heights, so the layout sees the labels' widths
        t.set_y(ax.transAxes.inverted().transform(ax.transData.transform((lx, ly)))[1])
    frame.apply(fig)
    height_pt = ax.get_position().height * fig.get_figheight() * 72
    gap = (SMALL_SIZE + 1) * 1.25 / height_pt
    targets = [t.get_position()[1] for t, _, _ in labels]
    for (t, _, _), yy in zip(labels, _spread(targets, gap, 0.0, 1.0)):
        t.set_y(yy)
    return fig


# --------------------------------------------------------------------------- ranked bars


@_styled
def ranked_bars(df: pd.DataFrame, *, title: str, subtitle: str,
                highlight: str | Sequence[str] | None = "KOR", label: str = "country",
                value: str = "value", year: int | None = None, ascending: bool = False,
                value_fmt=None, note: str | None = None, sources: Sequence[str] | None = None):
    """Horizontal bars, largest on top (``ascending=True``: smallest on top), values at the ends.

    One row per bar (``label`` column: ``country`` codes shown by short name, or e.g. ``city``;
    the highlight then matches the frame's ``country`` column). If the frame has several years,
    pick one with ``year=``.
    """
    kind = "ranked_bars"
    check_text(kind, title=title, subtitle=subtitle)
    data = check_frame(kind, df, [label, value] + (["year"] if year is not None else []))
    if "year" in data.columns:
        years = sorted({int(v) for v in numeric(kind, data, "year").dropna()})
        if year is not None:
            data = data[numeric(kind, data, "year") == year]
            if data.empty:
                raise ChartDataError(f"{kind}(): no rows for year={year}; years present: "
                                     f"{', '.join(map(str, years))}.")
        elif len(years) > 1:
            raise ChartDataError(f"{kind}(): the frame has several years ({', '.join(map(str, years))}); "
                                 "pass year= to pick one.")
    data["_key"] = text(data[label])
    data["_v"] = numeric(kind, data, value, allow_missing=False)
    check_unique(kind, data, [label])
    data["_code"], highlight = _country_codes(data, data["_key"], label == "country", highlight)
    hl = check_countries(kind, highlight, data["_code"])
    data = data.sort_values("_v", ascending=ascending, kind="stable").reset_index(drop=True)
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(0.3 * len(data) + 0.15, kind)
    ax = fig.add_subplot()
    colors = _colors(dict.fromkeys(data["_code"]), hl)
    fmt = formatter(value_fmt, data["_v"], _currency(kind, data, None))
    ys = np.arange(len(data))
    bars = ax.barh(ys, data["_v"], height=0.68, color=[colors[c] for c in data["_code"]], zorder=2)
    names = label_for(data["_key"]) if label == "country" else {k: k for k in data["_key"]}
    for bar, key, code, v in zip(bars, data["_key"], data["_code"], data["_v"]):
        bar.set_label(key)
        strong = code in hl
        ax.text(v, bar.get_y() + bar.get_height() / 2, fmt(v), va="center", ha="left" if v >= 0 else "right",
                transform=offset_copy(ax.transData, fig=fig, x=4 if v >= 0 else -4, units="points"),
                fontsize=SMALL_SIZE + 0.5, color=colors[code] if strong else SUBTLE,
                fontweight="bold" if strong else "normal")
    ax.set_yticks(ys, [names[k] for k in data["_key"]])
    _emphasise(ax.get_yticklabels(), data["_code"], hl, colors)
    ax.invert_yaxis()
    lo, hi = min(0.0, data["_v"].min()), max(0.0, data["_v"].max())
    ax.set_xlim(lo - 0.1 * (hi - lo) * (lo < 0), hi + 0.1 * (hi - lo) * (hi > 0))
    ax.xaxis.set_visible(False)
    _clean(ax, keep=())
    ax.axvline(0, color="#BDBDBD", lw=0.8, zorder=3)
    frame.apply(fig)
    return fig


# --------------------------------------------------------------------------- dumbbell

_VERDICT_COLORS = VERDICT_COLOURS  # one colour per verdict level, from smartkorea.verdicts
STATED, EVIDENCE = ACCENTS[1], ACCENTS[0]  # orange, blue


@_styled
def dumbbell(df: pd.DataFrame, *, title: str, subtitle: str, label: str = "claim",
             stated: str = "stated", evidence: str = "evidence", currency: str | None = None,
             stated_label: str = "The article said", evidence_label: str = "The sources show",
             verdict: str | None = "verdict", log: bool = True, value_fmt=None,
             note: str | None = None, sources: Sequence[str] | None = None):
    """Claim vs evidence: per row, the amount stated and the amount the sources show.

    Both amounts must be in one currency (a ``currency`` column with one value, or
    ``currency=``): convert first. Rows are drawn in the frame's order, top to bottom; a
    missing evidence value is shown as "no figure in the sources". A ``verdict`` column, if
    present, is printed at the right with the ratio stated/evidence. Log scale by default.
    """
    kind = "dumbbell"
    check_text(kind, title=title, subtitle=subtitle)
    data = check_frame(kind, df, [label, stated, evidence]).reset_index(drop=True)
    cur = _currency(kind, data, currency)
    a = numeric(kind, data, stated, allow_missing=False)
    b = numeric(kind, data, evidence)
    if log and ((a <= 0).any() or (b <= 0).any()):
        raise ChartDataError(f"{kind}(): a log scale needs amounts > 0; pass log=False for zero or "
                             "negative amounts.")
    verdicts = text(data[verdict]) if verdict and verdict in data.columns else None
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    wrapped = [textwrap.fill(s, 34) for s in text(data[label])]
    rows = [max(0.42, 0.16 * (w.count("\n") + 1) + 0.14) for w in wrapped]
    fig = frame.figure(sum(rows) + 0.35, kind)
    ax = fig.add_subplot()
    ys = np.cumsum([0.0] + rows[:-1]) + np.array(rows) / 2
    fmt = formatter(value_fmt, pd.concat([a, b]), cur)
    for yy, va, vb in zip(ys, a, b):
        if not math.isnan(vb):
            ax.plot([va, vb], [yy, yy], color=MUTED, lw=2.4, zorder=2, solid_capstyle="butt")
    ax.plot(b, ys, "o", ms=8, color=EVIDENCE, zorder=3, label="evidence", clip_on=False)
    ax.plot(a, ys, "o", ms=9, mfc="none", mew=2.2, color=STATED, zorder=4, label="stated", clip_on=False)
    up, down = (offset_copy(ax.transData, fig=fig, y=d, units="points") for d in (6, -6))
    for i, (yy, va, vb) in enumerate(zip(ys, a, b)):
        ax.text(va, yy, fmt(va), transform=up, ha="center", va="bottom", fontsize=SMALL_SIZE, color=STATED)
        if math.isnan(vb):
            ax.text(va, yy, "no figure in the sources", transform=down, ha="center", va="top",
                    fontsize=SMALL_SIZE, color=SUBTLE, style="italic")
        else:
            ax.text(vb, yy, fmt(vb), transform=down, ha="center", va="top", fontsize=SMALL_SIZE,
                    color=EVIDENCE)
        right = []
        if verdicts is not None and verdicts[i]:
            right.append(verdicts[i])
        if not math.isnan(vb) and vb > 0:
            r = va / vb
            right.append(f"{r:,.0f}×" if r >= 10 else f"{r:.1f}×")
        if right:
            ax.text(1.02, yy, " · ".join(right),
                    transform=blended_transform_factory(ax.transAxes, ax.transData),
                    ha="left", va="center", fontsize=SMALL_SIZE,
                    color=_VERDICT_COLORS.get(verdicts[i] if verdicts is not None else "", SUBTLE))
    key = ax.text(0, 1.0, "○ " + stated_label, transform=ax.transAxes, color=STATED, va="bottom",
                  fontsize=SMALL_SIZE + 1, fontweight="bold")
    ax.annotate("   ● " + evidence_label, xy=(1, 0), xycoords=key, va="bottom", color=EVIDENCE,
                fontsize=SMALL_SIZE + 1, fontweight="bold")
    ax.set_yticks(ys, wrapped)
    ax.set_ylim(sum(rows), 0)
    if log:
        ax.set_xscale("log")
        vals = pd.concat([a, b]).dropna()
        ax.set_xlim(vals.min() / 3, vals.max() * 3)
        narrow = math.log10(vals.max() / vals.min()) < 2  # few decades: label 1-2-5 steps
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if narrow else (1.0,)))
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: compact(v, cur)))
    ax.xaxis.grid(True)
    _clean(ax, keep=())
    ax.tick_params(axis="y", labelcolor=TEXT)
    frame.apply(fig)
    return fig


# --------------------------------------------------------------------------- timeline

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FREQ = {4: "Y", 7: "M", 10: "D"}


def _decimal_year(ts: pd.Timestamp) -> float:
    start = pd.Timestamp(year=ts.year, month=1, day=1)
    days = 366 if ts.is_leap_year else 365
    return ts.year + (ts - start).total_seconds() / (days * 86400)


@_styled
def timeline(df: pd.DataFrame, *, title: str, subtitle: str, highlight: str | Sequence[str] | None = "KOR",
             date: str = "date", label: str = "event", mark_year: int | None = None,
             mark_label: str | None = None, note: str | None = None, sources: Sequence[str] | None = None):
    """Dated milestones, one row each in date order, labelled with date and event.

    ``date`` holds ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the precision is read from the
    text; a year or month is drawn as a faint span with the dot at its middle). Rows whose
    ``status`` is ``planned`` get a hollow dot and "(planned)". Milestones of the highlighted
    country are coloured, others grey.
    """
    kind = "timeline"
    check_text(kind, title=title, subtitle=subtitle)
    data = check_frame(kind, df, [date, label]).reset_index(drop=True)
    raw = data[date]
    if pd.api.types.is_datetime64_any_dtype(raw):
        raw = raw.dt.strftime("%Y-%m-%d")
    raw = text(raw).str.strip()
    bad = ~raw.map(lambda s: bool(_DATE.match(s)))
    if bad.any():
        raise ChartDataError(f"{kind}(): column {date!r} must hold YYYY, YYYY-MM or YYYY-MM-DD; "
                             f"found {raw[bad].iloc[0]!r} (row {int(bad.idxmax())}).")
    periods = [pd.Period(s, freq=_FREQ[len(s)]) for s in raw]
    data["_start"] = [_decimal_year(p.start_time) for p in periods]
    data["_end"] = [_decimal_year(p.end_time) for p in periods]
    data["_mid"] = (data["_start"] + data["_end"]) / 2
    data["_when"] = [p.strftime({"Y": "%Y", "M": "%b %Y", "D": "%d %b %Y"}[p.freqstr[0]]).lstrip("0")
                     for p in periods]
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
    ax = fig.add_subplot()
    lo, hi = data["_start"].min(), data["_end"].max()
    if mark_year is not None:
        lo, hi = min(lo, mark_year), max(hi, mark_year + 1)
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
        event = text(pd.Series([row[label]]))[0]
        words = f"{row['_when']}: {event}" + (" (planned)" if row["_planned"] else "")
        right = row["_mid"] <= middle
        ax.text(row["_end"] if right else row["_start"], i, textwrap.fill(words, 52), va="center",
                ha="left" if right else "right",
                transform=offset_copy(ax.transData, fig=fig, x=8 if right else -8, units="points"),
                fontsize=SMALL_SIZE + 0.5, color=TEXT if row["_code"] in hl else SUBTLE, linespacing=1.15,
                zorder=3)
    ax.set_ylim(len(data) - 0.4, -0.6)
    ax.yaxis.set_visible(False)
    _year_axis(ax.xaxis)
    ax.xaxis.grid(True)
    _clean(ax)
    if mark_year is not None:
        ax.axvspan(mark_year, mark_year + 1, color="#F1F1F1", lw=0, zorder=0)  # the whole year
        ax.text(mark_year + 0.5, 1.0, mark_label or str(mark_year), ha="center", va="bottom",
                fontsize=SMALL_SIZE,
                color=SUBTLE, transform=blended_transform_factory(ax.transData, ax.transAxes))
    frame.apply(fig)
    return fig


# --------------------------------------------------------------------------- stacked bars


def _order(series: pd.Series, values: list[str]) -> list[str]:
    """Keys in category order (categoricals), sorted order (numbers) or order of appearance."""
    present = list(dict.fromkeys(values))
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in series.cat.categories]
        return [c for c in cats if c in present] + [p for p in present if p not in cats]
    if pd.api.types.is_numeric_dtype(series):
        return sorted(present, key=lambda s: float(s))
    return present


@_styled
def stacked_bars(df: pd.DataFrame, *, title: str, subtitle: str, category: str = "country",
                 part: str = "part", value: str = "value", parts: Sequence[str] | None = None,
                 part_labels: dict[str, str] | None = None, highlight: str | Sequence[str] | None = "KOR",
                 normalize: bool = False, sort: bool = True, value_fmt=None, note: str | None = None,
                 sources: Sequence[str] | None = None, part_colors: dict[str, str] | None = None):
    """Composition: one horizontal bar per ``category`` (country, city...) split into ``part``s.

    E.g. public vs private money per pilot city, or R&D funding by sector per country.
    ``parts`` orders (and may subset) the parts; ``part_labels`` renames them (default:
    ``other_domestic`` -> "Other domestic"). ``normalize=True`` shows shares of each bar's
    total (%). ``sort``: largest first part on top. Money must be in one currency. Parts are
    labelled above the top bar when they fit, else by a one-line key. ``part_colors`` fixes a
    part's colour (e.g. ``verdicts.COLOURS``); other parts take the Okabe-Ito accents in order.
    """
    kind = "stacked_bars"
    check_text(kind, title=title, subtitle=subtitle)
    data = check_frame(kind, df, [category, part, value])
    cur = None if normalize else _currency(kind, data, None)
    data["_cat"], data["_part"] = text(data[category]), text(data[part])
    data["_v"] = numeric(kind, data, value, allow_missing=False)
    if (data["_v"] < 0).any():
        raise ChartDataError(f"{kind}(): stacked parts must be >= 0; found {data['_v'].min()}.")
    check_unique(kind, data, [category, part])
    all_parts = _order(data[part], list(data["_part"]))
    if parts is not None:
        check_countries(kind, list(parts), all_parts, what="parts")
        data = data[data["_part"].isin(parts)]
        all_parts = list(parts)
    data["_code"], highlight = _country_codes(data, data["_cat"], category == "country", highlight)
    hl = check_countries(kind, highlight, data["_code"])
    table = data.pivot(index="_cat", columns="_part", values="_v").reindex(columns=all_parts).fillna(0.0)
    if normalize:
        table = table.div(table.sum(axis=1), axis=0) * 100
    cats = _order(data[category], list(data["_cat"]))
    table = table.loc[cats]
    if sort:
        table = table.sort_values(all_parts[0], ascending=False, kind="stable")
    code_of = dict(zip(data["_cat"], data["_code"]))
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(0.36 * len(table) + 0.5, kind)
    ax = fig.add_subplot()
    if normalize and value_fmt is None:
        value_fmt = "{:.0f}%"
    fmt = formatter(value_fmt, table.to_numpy().ravel(), cur)
    fixed = part_colors or {}
    part_colors = {p: fixed.get(p, ACCENTS[i % len(ACCENTS)]) for i, p in enumerate(all_parts)}
    ys = np.arange(len(table))
    left = np.zeros(len(table))
    xmax = float(table.sum(axis=1).max()) or 1.0
    muted = bool(hl) and not all(code_of[c] in hl for c in table.index)
    axes_w = 6.0  # inches, roughly the plot width: used to decide what fits
    fits = True
    for p in all_parts:
        widths = table[p].to_numpy()
        bars = ax.barh(ys, widths, left=left, height=0.66, color=part_colors[p], edgecolor="white",
                       linewidth=0.8, zorder=2)
        for bar, cat, w, x0 in zip(bars, table.index, widths, left):
            bar.set_label(f"{cat}/{p}")
            alpha = 0.55 if muted and code_of[cat] not in hl else 1.0
            bar.set_facecolor(_tint(part_colors[p], alpha))  # opaque, so gridlines stay hidden
            s = fmt(w)
            if w > 0 and w / xmax * axes_w > len(s) * SMALL_SIZE * 0.6 / 72 + 0.08:
                ax.text(x0 + w / 2, bar.get_y() + bar.get_height() / 2, s, ha="center", va="center",
                        fontsize=SMALL_SIZE, color=_text_color_on(part_colors[p], alpha))
        name = (part_labels or {}).get(p, humanize(p))
        w0 = widths[0]
        if w0 / xmax * axes_w >= len(name) * (SMALL_SIZE + 0.5) * 0.62 / 72 + 0.05:
            ax.text(left[0] + w0 / 2, -0.42, name, ha="center", va="bottom", fontsize=SMALL_SIZE + 0.5,
                    fontweight="bold", color=part_colors[p])
        else:
            fits = False
        left = left + widths
    if not fits:  # a part too narrow to label on the top bar: one-line key instead
        for t in ax.texts[:]:
            if t.get_position()[1] == -0.42:
                t.remove()
        handles = [Rectangle((0, 0), 1, 1, color=part_colors[p]) for p in all_parts]
        ax.legend(handles, [(part_labels or {}).get(p, humanize(p)) for p in all_parts], loc="lower left",
                  bbox_to_anchor=(0, 1.0), ncol=len(all_parts), frameon=False, fontsize=SMALL_SIZE + 0.5,
                  handlelength=1.0, handleheight=1.0, borderaxespad=0.2, columnspacing=1.2)
    names = label_for(table.index) if category == "country" else {c: c for c in table.index}
    ax.set_yticks(ys, [names[c] for c in table.index])
    if not all(code_of[c] in hl for c in table.index):  # emphasis only if some are not highlighted
        _emphasise(ax.get_yticklabels(), [code_of[c] for c in table.index], hl, _colors(hl, hl))
    ax.set_ylim(len(table) - 0.5, -0.5 - (0.5 if fits else 0))
    ax.set_xlim(0, 100 if normalize else xmax * 1.02)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _TRAILING_ZEROS.sub("", fmt(v))))
    ax.xaxis.grid(True)
    _clean(ax, keep=())
    frame.apply(fig)
    return fig


# --------------------------------------------------------------------------- heatmap


@_styled
def heatmap(df: pd.DataFrame, *, title: str, subtitle: str, row: str = "scenario", col: str = "country",
            value: str = "value", highlight: str | Sequence[str] | None = "KOR",
            lower_is_better: bool = False, value_fmt=None, note: str | None = None,
            sources: Sequence[str] | None = None):
    """A small annotated grid, e.g. each country's rank (columns) under each weighting (rows).

    Darker = better (``lower_is_better=True`` for ranks). Rows and columns keep category
    order, numbers are sorted, text keeps the frame's order. The highlighted country's
    column (or row, if ``row="country"``) is outlined and its label coloured.
    """
    kind = "heatmap"
    check_text(kind, title=title, subtitle=subtitle)
    data = check_frame(kind, df, [row, col, value])
    data["_r"], data["_c"] = text(data[row]), text(data[col])
    data["_v"] = numeric(kind, data, value)
    check_unique(kind, data, [row, col])
    if row != "country" and col != "country":
        highlight = None
    hl = check_countries(kind, highlight, data["_r" if row == "country" else "_c"] if highlight else [])
    rows, cols = _order(data[row], list(data["_r"])), _order(data[col], list(data["_c"]))
    grid = data.pivot(index="_r", columns="_c", values="_v").reindex(index=rows, columns=cols)
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(0.34 * len(rows) + 0.55, kind)
    ax = fig.add_subplot()
    cmap = colormaps["Blues" + ("_r" if lower_is_better else "")].with_extremes(bad="#F4F4F4")
    vals = grid.to_numpy(dtype=float)
    finite = vals[np.isfinite(vals)]
    vmin, vmax = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    span = (vmax - vmin) or 1.0
    # keep the palest cells visibly tinted and the darkest readable
    pale, dark = 0.08 * span, 0.25 * span
    lo, hi = (vmin - dark, vmax + pale) if lower_is_better else (vmin - pale, vmax + dark)
    img = ax.imshow(np.ma.masked_invalid(vals), cmap=cmap, vmin=lo, vmax=hi, aspect="auto",
                    interpolation="nearest")
    img.set_label("heatmap")
    fmt = formatter(value_fmt, finite)
    for i in range(len(rows)):
        for j in range(len(cols)):
            v = vals[i, j]
            color = SUBTLE if not np.isfinite(v) else _text_color_on(cmap((v - lo) / (hi - lo)))
            ax.text(j, i, fmt(v), ha="center", va="center", fontsize=SMALL_SIZE + 0.5, color=color)
    row_names = label_for(rows) if row == "country" else {r: r for r in rows}
    col_names = label_for(cols) if col == "country" else {c: c for c in cols}
    ax.xaxis.tick_top()
    rotate = len(cols) > 7 or max(len(col_names[c]) for c in cols) * len(cols) > 70
    ax.set_xticks(range(len(cols)), [col_names[c] for c in cols], rotation=35 if rotate else 0,
                  ha="left" if rotate else "center", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)), [row_names[r] for r in rows])
    colors = _colors(hl, hl)
    _emphasise(ax.get_xticklabels(), cols if col == "country" else [None] * len(cols), hl, colors)
    _emphasise(ax.get_yticklabels(), rows if row == "country" else [None] * len(rows), hl, colors)
    for k in hl:
        if col == "country":
            xy, w, h = (cols.index(k) - 0.5, -0.5), 1, len(rows)
        else:
            xy, w, h = (-0.5, rows.index(k) - 0.5), len(cols), 1
        ax.add_patch(Rectangle(xy, w, h, fill=False, edgecolor=colors[k], lw=2.2, zorder=4, label=k,
                               clip_on=False))
    ax.set_xticks(np.arange(len(cols) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", lw=1.5)
    ax.tick_params(which="minor", length=0)
    _clean(ax, keep=())
    # at most ~1 inch per column: a 3-column grid should not stretch across the page
    frame.apply(fig, right=max(0.0, 6.4 - 1.0 * len(cols)))
    return fig


# --------------------------------------------------------------------------- small multiples


@_styled
def small_multiples(df: pd.DataFrame, *, title: str, subtitle: str, panel: str,
                    panel_titles: dict[str, str] | None = None, series: str = "country",
                    highlight: str | Sequence[str] | None = "KOR", x: str = "year", y: str = "value",
                    ncols: int = 2, connect: bool = True, zero: bool = True, value_fmt=None,
                    note: str | None = None, sources: Sequence[str] | None = None):
    """One small chart per value of ``panel``, each on its own y scale, never on a shared axis.

    For measures that must be kept apart (e.g. four bases of concentration that are not
    comparable): each panel draws its own lines (one per ``series``: countries are shown by
    short name, other text as written), labels every point with its value and, when the
    panel holds several series, names them at their ends. Panels keep category order
    (categoricals) or order of appearance; ``panel_titles`` maps panel keys to titles
    (default: the key humanized). ``connect=False`` draws points only. ``zero``: start each
    y axis at 0. Highlight colours as in :func:`trend`.
    """
    kind = "small_multiples"
    check_text(kind, title=title, subtitle=subtitle)
    if not isinstance(ncols, int) or isinstance(ncols, bool) or ncols < 1:
        raise ChartDataError(f"{kind}(): ncols must be a positive integer; found {ncols!r}.")
    data = check_frame(kind, df, [panel, series, x, y])
    data["_p"], data["_s"] = text(data[panel]), text(data[series])
    data["_x"], data["_y"] = numeric(kind, data, x), numeric(kind, data, y)
    data = data.dropna(subset=["_x", "_y"])
    if data.empty:
        raise ChartDataError(f"{kind}(): no rows with both {x!r} and {y!r} present.")
    check_unique(kind, data, [panel, series, x], hint="One value per panel, series and x.")
    panels = _order(data[panel], list(data["_p"]))
    if panel_titles is not None:
        unknown = [k for k in panel_titles if k not in panels]
        if unknown:
            raise ChartDataError(f"{kind}(): panel_titles names {', '.join(map(repr, unknown))}, not in "
                                 f"column {panel!r}; present: {', '.join(panels)}.")
    hl = check_countries(kind, highlight, data["_s"],
                         what="highlight country" if series == "country" else f"highlight {series}")
    codes = list(dict.fromkeys(data["_s"]))
    colors = _colors(codes, hl)
    names = label_for(codes)
    fmt = formatter(value_fmt, data["_y"])
    ncols = min(ncols, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(2.35 * nrows, kind)
    chars = int(80 / ncols)  # panel-title wrap width (characters)
    for i, key in enumerate(panels):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        part = data[data["_p"] == key]
        keys = list(dict.fromkeys(part["_s"]))
        keys.sort(key=lambda c: (c in hl, -hl.index(c) if c in hl else 0))
        up = offset_copy(ax.transData, fig=fig, y=5, units="points")
        right = offset_copy(ax.transData, fig=fig, x=7, units="points")
        for z, code in enumerate(keys):
            s = part[part["_s"] == code].sort_values("_x")
            strong = code in hl
            color = colors[code]
            ax.plot(s["_x"], s["_y"], color=color, lw=2.4 if strong else 1.4, ls="-" if connect else "none",
                    marker="o", ms=5 if strong else 4, zorder=3 + z, label=f"{key}/{code}", clip_on=False)
            for px, py in zip(s["_x"], s["_y"]):
                ax.text(px, py, fmt(py), transform=up, ha="center", va="bottom", fontsize=SMALL_SIZE,
                        color=color if strong else MUTED_DARK, fontweight="bold" if strong else "normal")
            if len(keys) > 1:
                last = s.iloc[-1]
                ax.text(last["_x"], last["_y"], names[code], transform=right, ha="left", va="center",
                        fontsize=SMALL_SIZE, color=color if strong else MUTED_DARK,
                        fontweight="bold" if strong else "normal")
        xs = sorted(set(part["_x"]))
        span = (xs[-1] - xs[0]) or 1.0
        pad = max(0.6, 0.1 * span)
        extra = 0.35 * span + 1.0 if len(keys) > 1 else 0.0  # room for the series names
        ax.set_xlim(xs[0] - pad, xs[-1] + pad + extra)
        if len(xs) <= 6:
            ax.set_xticks(xs)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
        else:
            _year_axis(ax.xaxis)
        lo, hi = float(part["_y"].min()), float(part["_y"].max())
        bottom = 0.0 if zero and lo >= 0 else lo - 0.1 * ((hi - lo) or abs(hi) or 1.0)
        ax.set_ylim(bottom, hi + 0.22 * ((hi - bottom) or abs(hi) or 1.0))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _TRAILING_ZEROS.sub("", fmt(v))))
        ax.yaxis.grid(True)
        _clean(ax)
        ax.tick_params(axis="both", labelsize=SMALL_SIZE)
        name = (panel_titles or {}).get(key, humanize(key))
        ax.set_title(textwrap.fill(name, chars), loc="left", fontsize=SMALL_SIZE + 1.5, fontweight="bold",
                     color=TEXT, pad=6)
    frame.apply(fig)
    if nrows > 1:  # a little air between a row's year ticks and the next row's panel titles
        fig.subplots_adjust(hspace=fig.subplotpars.hspace + 0.12)
    return fig
