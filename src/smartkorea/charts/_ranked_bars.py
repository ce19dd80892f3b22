"""Ranked bars: one horizontal bar per country (or city), largest on top, values at the ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.transforms import offset_copy

from ._common import _clean, _colors, _country_codes, _currency, _emphasise, _styled
from ._data import (
    ChartDataError,
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
class RankedBarsOptions:
    """What :func:`ranked_bars` draws and how; every field is also a keyword of it."""

    highlight: str | Sequence[str] | None = "KOR"
    label: str = "country"
    value: str = "value"
    year: int | None = None
    ascending: bool = False
    value_fmt: str | Callable[[float], str] | None = None


@_styled
def ranked_bars(df: pd.DataFrame, labels: Labels | None = None, options: RankedBarsOptions | None = None,
                **keywords) -> ChartFigure:
    """Horizontal bars, largest on top (``ascending=True``: smallest on top), values at the ends.

    Texts come from ``labels`` (:class:`Labels`), the rest from ``options``
    (:class:`RankedBarsOptions`), or the same fields as keywords.

    One row per bar (``label`` column: ``country`` codes shown by short name, or e.g. ``city``;
    the highlight then matches the frame's ``country`` column). If the frame has several years,
    pick one with ``year=``.
    """
    kind = "ranked_bars"
    labels, options = resolve(kind, labels, options, RankedBarsOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    highlight, label, value, year = options.highlight, options.label, options.value, options.year
    ascending, value_fmt = options.ascending, options.value_fmt
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
    fig.chart_fingerprint = fingerprint(data, ["_v"])
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
