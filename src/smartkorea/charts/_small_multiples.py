"""Small multiples: one small chart per panel, each on its own y scale."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ._common import _TRAILING_ZEROS, _clean, _colors, _order, _styled, _year_axis
from ._data import (
    ChartDataError,
    check_countries,
    check_frame,
    check_text,
    check_unique,
    fingerprint,
    humanize,
    label_for,
    numeric,
    source_line,
    text,
)
from ._format import formatter
from ._options import Labels, resolve
from ._place import AROUND, place
from ._style import MUTED_DARK, SMALL_SIZE, TEXT, ChartFigure, Frame


_END = ((7.0, 0.0, "left", "center"), (7.0, 6.0, "left", "bottom"), (7.0, -6.0, "left", "top"))
"""Where a series name goes: right of its last point, else right and a little above or below."""


@dataclass(frozen=True)
class SmallMultiplesOptions:
    """What :func:`small_multiples` draws and how; every field is also a keyword of it."""

    panel: str
    panel_titles: Mapping[str, str] | None = None
    series: str = "country"
    highlight: str | Sequence[str] | None = "KOR"
    x: str = "year"
    y: str = "value"
    ncols: int = 2
    connect: bool = True
    zero: bool = True
    value_fmt: str | Callable[[float], str] | None = None


@_styled
def small_multiples(df: pd.DataFrame, labels: Labels | None = None,
                    options: SmallMultiplesOptions | None = None, **keywords) -> ChartFigure:
    """One small chart per value of ``panel``, each on its own y scale, never on a shared axis.

    Texts come from ``labels`` (:class:`Labels`), the rest from ``options``
    (:class:`SmallMultiplesOptions`, whose ``panel`` is required), or the same fields as keywords.

    For measures that must be kept apart (e.g. four bases of concentration that are not
    comparable): each panel draws its own lines (one per ``series``: countries are shown by
    short name, other text as written), labels every point with its value and, when the
    panel holds several series, names them at their ends. Panels keep category order
    (categoricals) or order of appearance; ``panel_titles`` maps panel keys to titles
    (default: the key humanized). ``connect=False`` draws points only. ``zero``: start each
    y axis at 0. Highlight colours as in :func:`trend`.
    """
    kind = "small_multiples"
    labels, options = resolve(kind, labels, options, SmallMultiplesOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    panel, panel_titles, series, highlight = options.panel, options.panel_titles, options.series, options.highlight
    x, y, ncols, connect, zero = options.x, options.y, options.ncols, options.connect, options.zero
    value_fmt = options.value_fmt
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
    fig.chart_fingerprint = fingerprint(data, ["_x", "_y"])
    chars = int(80 / ncols)  # panel-title wrap width (characters)
    labelled = []  # per panel: (axes, end names, point labels), placed once the layout is done
    for i, key in enumerate(panels):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        part = data[data["_p"] == key]
        keys = list(dict.fromkeys(part["_s"]))
        keys.sort(key=lambda c: (c in hl, -hl.index(c) if c in hl else 0))
        ends, points = [], []
        for z, code in enumerate(keys):
            s = part[part["_s"] == code].sort_values("_x")
            strong = code in hl
            color = colors[code]
            ax.plot(s["_x"], s["_y"], color=color, lw=2.4 if strong else 1.4, ls="-" if connect else "none",
                    marker="o", ms=5 if strong else 4, zorder=3 + z, label=f"{key}/{code}", clip_on=False)
            look = dict(fontsize=SMALL_SIZE, color=color if strong else MUTED_DARK,  # placed inside the
                        fontweight="bold" if strong else "normal", in_layout=False)  # axes after the layout
            for px, py in zip(s["_x"], s["_y"]):
                points.append((ax.text(px, py, fmt(py), **look), (px, py)))
            if len(keys) > 1:
                last = s.iloc[-1]
                ends.append((ax.text(last["_x"], last["_y"], names[code], **look), (last["_x"], last["_y"])))
        labelled.append((ax, ends, points))
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
    renderer = fig.canvas.get_renderer()
    for ax, ends, points in labelled:
        taken = place(ax, renderer, [(t, xy, _END) for t, xy in ends])
        place(ax, renderer, [(t, xy, AROUND) for t, xy in points], taken=taken)
    return fig
