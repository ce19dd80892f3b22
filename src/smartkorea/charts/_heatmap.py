"""Heatmap: a small annotated grid, e.g. each country's rank under each weighting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.patches import Rectangle

from ._common import _clean, _colors, _emphasise, _order, _styled, _text_color_on
from ._data import (
    check_countries,
    check_frame,
    check_text,
    check_unique,
    fingerprint,
    label_for,
    numeric,
    source_line,
    text,
)
from ._format import formatter
from ._options import Labels, resolve
from ._style import SMALL_SIZE, SUBTLE, ChartFigure, Frame


@dataclass(frozen=True)
class HeatmapOptions:
    """What :func:`heatmap` draws and how; every field is also a keyword of it."""

    row: str = "scenario"
    col: str = "country"
    value: str = "value"
    highlight: str | Sequence[str] | None = "KOR"
    lower_is_better: bool = False
    value_fmt: str | Callable[[float], str] | None = None


@_styled
def heatmap(df: pd.DataFrame, labels: Labels | None = None, options: HeatmapOptions | None = None,
            **keywords) -> ChartFigure:
    """A small annotated grid, e.g. each country's rank (columns) under each weighting (rows).

    Texts come from ``labels`` (:class:`Labels`), the rest from ``options``
    (:class:`HeatmapOptions`), or the same fields as keywords.

    Darker = better (``lower_is_better=True`` for ranks). Rows and columns keep category
    order, numbers are sorted, text keeps the frame's order. The highlighted country's
    column (or row, if ``row="country"``) is outlined and its label coloured.
    """
    kind = "heatmap"
    labels, options = resolve(kind, labels, options, HeatmapOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    row, col, value, highlight = options.row, options.col, options.value, options.highlight
    lower_is_better, value_fmt = options.lower_is_better, options.value_fmt
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
    fig.chart_fingerprint = fingerprint(data, ["_v"])
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
            ax.text(j, i, fmt(v), ha="center", va="center", fontsize=SMALL_SIZE + 0.5, color=color,
                    in_layout=False)  # inside its cell: no part of the margins
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
    _clean(ax, keep=())
    # at most ~1 inch per column: a 3-column grid should not stretch across the page
    frame.apply(fig, right=max(0.0, 6.4 - 1.0 * len(cols)))
    return fig
