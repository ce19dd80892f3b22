"""Trend: lines over years, one per country (or series), labelled at their ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from ._common import _clean, _colors, _spread, _styled, _year_axis
from ._data import (
    AGGREGATES,
    ChartDataError,
    check_countries,
    check_frame,
    check_text,
    check_unique,
    label_for,
    numeric,
    source_line,
    text,
)
from ._format import formatter
from ._options import Labels, resolve
from ._style import MUTED_DARK, SMALL_SIZE, SUBTLE, ChartFigure, Frame


@dataclass(frozen=True)
class TrendOptions:
    """What :func:`trend` draws and how; every field is also a keyword of :func:`trend`."""

    highlight: str | Sequence[str] | None = "KOR"
    countries: Sequence[str] | None = None
    mark_year: int | None = None
    mark_label: str | None = None
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
    labels, options = resolve(kind, labels, options, TrendOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    highlight, countries, series, x, y = (options.highlight, options.countries, options.series,
                                          options.x, options.y)
    mark_year, mark_label, zero, value_fmt = (options.mark_year, options.mark_label, options.zero,
                                              options.value_fmt)
    connect, point_labels, invert = options.connect, options.point_labels, options.invert
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
