"""Stacked bars: composition, one horizontal bar per category split into parts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from ._common import (
    _TRAILING_ZEROS,
    _clean,
    _colors,
    _country_codes,
    _currency,
    _emphasise,
    _order,
    _styled,
    _text_color_on,
    _tint,
)
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
from ._style import ACCENTS, SMALL_SIZE, ChartFigure, Frame


@dataclass(frozen=True)
class StackedBarsOptions:
    """What :func:`stacked_bars` draws and how; every field is also a keyword of it."""

    category: str = "country"
    part: str = "part"
    value: str = "value"
    parts: Sequence[str] | None = None
    part_labels: Mapping[str, str] | None = None
    highlight: str | Sequence[str] | None = "KOR"
    normalize: bool = False
    sort: bool = True
    value_fmt: str | Callable[[float], str] | None = None
    part_colors: Mapping[str, str] | None = None


@_styled
def stacked_bars(df: pd.DataFrame, labels: Labels | None = None, options: StackedBarsOptions | None = None,
                 **keywords) -> ChartFigure:
    """Composition: one horizontal bar per ``category`` (country, city...) split into ``part``s.

    Texts come from ``labels`` (:class:`Labels`), the rest from ``options``
    (:class:`StackedBarsOptions`), or the same fields as keywords.

    E.g. public vs private money per pilot city, or R&D funding by sector per country.
    ``parts`` orders (and may subset) the parts; ``part_labels`` renames them (default:
    ``other_domestic`` -> "Other domestic"). ``normalize=True`` shows shares of each bar's
    total (%). ``sort``: largest first part on top. Money must be in one currency. Parts are
    labelled above the top bar when they fit, else by a one-line key. ``part_colors`` fixes a
    part's colour (e.g. ``verdicts.COLOURS``); other parts take the Okabe-Ito accents in order.
    """
    kind = "stacked_bars"
    labels, options = resolve(kind, labels, options, StackedBarsOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    category, part, value, parts = options.category, options.part, options.value, options.parts
    part_labels, highlight, value_fmt = options.part_labels, options.highlight, options.value_fmt
    normalize, sort = options.normalize, options.sort
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
    fig.chart_fingerprint = fingerprint(data, ["_v"])
    ax = fig.add_subplot()
    if normalize and value_fmt is None:
        value_fmt = "{:.0f}%"
    fmt = formatter(value_fmt, table.to_numpy().ravel(), cur)
    fixed = options.part_colors or {}
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
                        fontsize=SMALL_SIZE, color=_text_color_on(part_colors[p], alpha), in_layout=False)
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
