"""Trend: lines over years, one per country (or series), labelled at their ends."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import offset_copy

from ._common import _clean, _colors, _draw_mark, _spread, _styled, _year_axis
from ._data import (
    AGGREGATES,
    ChartDataError,
    check_countries,
    check_frame,
    check_text,
    check_unique,
    fingerprint,
    label_for,
    mark_position,
    numeric,
    source_line,
    text,
)
from ._format import formatter
from ._options import Labels, resolve
from ._place import AROUND, MARK_GID, place
from ._style import MUTED_DARK, SMALL_SIZE, ChartFigure, Frame


@dataclass(frozen=True)
class TrendOptions:
    """What :func:`trend` draws and how; every field is also a keyword of :func:`trend`."""

    highlight: str | Sequence[str] | None = "KOR"
    countries: Sequence[str] | None = None
    mark_date: str | None = None
    mark_year: float | None = None
    mark_label: str | None = None
    breaks: Mapping[str, float] | None = None
    x: str = "year"
    y: str = "value"
    zero: bool | None = None
    value_fmt: str | Callable[[float], str] | None = None
    series: str = "country"
    connect: bool = True
    point_labels: bool = False
    invert: bool = False


@_styled
def trend(df: pd.DataFrame, labels: Labels | None = None, options: TrendOptions | None = None,
          **keywords) -> ChartFigure:
    """Lines over years, one per country, labelled at their ends (no legend).

    Texts come from ``labels`` (:class:`Labels`) and the rest from ``options``
    (:class:`TrendOptions`), or the same fields as keywords (``title=``, ``subtitle=``, ...).

    ``df`` is tidy: ``country`` (ISO3), ``year``, ``value``, ``source_id``; one row per country
    and year (filter to one vintage/measure first). ``highlight``: the country (or list, first
    is Korea's vermillion, then the accents) drawn strong; the others are grey, aggregates
    (OECD, EU, World) dashed. ``mark_date`` (``"2019-07-05"``) draws a thin line at that date
    with a small label (``mark_label``, default the date); ``mark_year`` is its deprecated
    alias (a whole year: the article's day and month in that year).
    ``breaks``: series breaks, ``{"GBR": 2014}`` (series key -> first x of the new basis), or
    a ``break`` column true on such rows: the line has a gap there and the note says so.
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
    labels, options = resolve(kind, labels, options, TrendOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    highlight, countries, series, x, y = (options.highlight, options.countries, options.series,
                                          options.x, options.y)
    zero, value_fmt = options.zero, options.value_fmt
    connect, point_labels, invert = options.connect, options.point_labels, options.invert
    check_text(kind, title=title, subtitle=subtitle)
    if options.mark_year is not None and options.mark_date is None:
        warnings.warn("trend(mark_year=...) is deprecated: pass mark_date='YYYY-MM-DD'",
                      PendingDeprecationWarning, stacklevel=3)
    mark = mark_position(kind, options.mark_date, options.mark_year)
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
    codes = list(dict.fromkeys(data["_s"]))
    codes.sort(key=lambda c: (c in hl, -hl.index(c) if c in hl else 0))  # highlighted drawn last
    names = label_for(codes)
    starts = _breaks(kind, data, options.breaks)
    notes = [f"{names[c]}: break in series between {_year(prev)} and {_year(at)}; the parts are not "
             "comparable." for c in codes for prev, at in starts.get(c, [])]
    note = " ".join(([note] if note else []) + notes) or None
    frame = Frame(title, subtitle, source_line(data, sources=sources, kind=kind), note)
    fig = frame.figure(3.7, kind)
    fig.chart_fingerprint = fingerprint(data, ["_x", "_y"])
    ax = fig.add_subplot()
    colors = _colors(codes, hl)
    fmt = formatter(value_fmt, data["_y"]) if value_fmt is not None else None
    point_fmt = fmt or formatter(None, data["_y"])
    right = offset_copy(ax.transAxes, fig=fig, x=5, units="points")
    last_x = float(data["_x"].max())
    ends, points = [], []
    for z, code in enumerate(codes):
        s = data[data["_s"] == code].sort_values("_x")
        strong = code in hl
        xs, ys = s["_x"].to_numpy(dtype=float), s["_y"].to_numpy(dtype=float)
        for prev, at in reversed(starts.get(code, [])):  # a gap (NaN) where the series breaks
            i = int(np.searchsorted(xs, at))
            xs, ys = np.insert(xs, i, np.nan), np.insert(ys, i, np.nan)
        ax.plot(xs, ys, color=colors[code], lw=2.6 if strong else 1.4,
                ls=("none" if not connect else (0, (4, 2)) if code in AGGREGATES else "-"),
                zorder=3 + z, label=code, marker="o" if (len(s) <= 12 or not connect) else None,
                ms=(4 if strong else 3) + (2 if not connect else 0), clip_on=False)
        look = dict(fontsize=SMALL_SIZE, color=colors[code] if strong else MUTED_DARK,
                    fontweight="bold" if strong else "normal")
        if point_labels:
            for px, py in zip(s["_x"], s["_y"]):
                # placed inside the axes once the layout is done: no part of the margins
                points.append((ax.text(px, py, point_fmt(py), zorder=3 + z, in_layout=False, **look), (px, py)))
        last = s.iloc[-1]
        name = names[code]
        early = last["_x"] < last_x - 0.5  # ends before the others: say when
        if fmt and not point_labels:
            name += f" {fmt(last['_y'])}" + (f" ({_year(last['_x'])})" if early else "")
        elif early:
            name += f" (to {_year(last['_x'])})"
        t = ax.text(1.0, 0.5, name, transform=right, va="center", ha="left",
                    **(look | {"fontsize": SMALL_SIZE + 1}))
        ends.append((t, last["_x"], last["_y"]))
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
    _draw_mark(ax, mark, options.mark_label)
    ax.get_xlim(), ax.get_ylim()  # settle matplotlib's lazy autoscaling: the data->axes transform is final
    for t, lx, ly in ends:  # provisional heights, so the layout sees the labels' widths
        t.set_y(ax.transAxes.inverted().transform(ax.transData.transform((lx, ly)))[1])
    frame.apply(fig)
    renderer = fig.canvas.get_renderer()
    height = ax.bbox.height
    gap = max((t.get_window_extent(renderer).height for t, _, _ in ends), default=0.0) / height + 1 / height
    targets = [t.get_position()[1] for t, _, _ in ends]
    for (t, _, _), yy in zip(ends, _spread(targets, gap, 0.0, 1.0)):
        t.set_y(yy)
    if points:
        taken = [t.get_window_extent(renderer) for t in fig.texts + ax.texts if t.get_gid() == MARK_GID]
        place(ax, renderer, [(t, xy, AROUND) for t, xy in points], taken=taken)
    return fig


def _year(x: float) -> str:
    return f"{int(x)}"


def _breaks(kind: str, data: pd.DataFrame, breaks: Mapping[str, float] | None) -> dict[str, list]:
    """Per series, the breaks as (last x before, first x after) pairs, from ``breaks`` and a
    ``break`` column (true on the first row of a new basis)."""
    out: dict[str, list] = {}
    wanted = dict(breaks or {})
    if "break" in data.columns:
        truthy = data["break"].astype("object").map(lambda v: v is True or str(v).lower() in ("true", "1", "yes"))
        flagged = data[truthy]
        for code, at in zip(flagged["_s"], flagged["_x"]):
            wanted.setdefault(code, at)
    for code, at in wanted.items():
        xs = sorted(data.loc[data["_s"] == code, "_x"])
        if not xs:
            raise ChartDataError(f"{kind}(): breaks names {code!r}, not in the data; present: "
                                 f"{', '.join(sorted(set(data['_s'])))}.")
        before, after = [v for v in xs if v < at], [v for v in xs if v >= at]
        if not before or not after:
            raise ChartDataError(f"{kind}(): the break of {code!r} at {at} must fall inside its series "
                                 f"({_year(xs[0])}–{_year(xs[-1])}).")
        out.setdefault(code, []).append((before[-1], after[0]))
    return out
