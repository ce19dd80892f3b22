"""Dumbbell: per claim, the amount stated against the amount the sources show."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from ..verdicts import COLOURS as VERDICT_COLOURS
from ._common import _clean, _currency, _styled
from ._data import ChartDataError, check_frame, check_text, fingerprint, numeric, source_line, text
from ._format import compact, formatter
from ._options import Labels, resolve
from ._style import MUTED, MUTED_DARK, SMALL_SIZE, SUBTLE, TEXT, ChartFigure, Frame


_VERDICT_COLORS = VERDICT_COLOURS  # one colour per verdict level, from smartkorea.verdicts
# The two ends are neutral (a hollow near-black ring, a filled grey dot): colour on this chart
# belongs to the verdicts alone.
STATED, EVIDENCE = TEXT, MUTED_DARK


@dataclass(frozen=True)
class DumbbellOptions:
    """What :func:`dumbbell` draws and how; every field is also a keyword of it."""

    label: str = "claim"
    stated: str = "stated"
    evidence: str = "evidence"
    currency: str | None = None
    stated_label: str = "The article said"
    evidence_label: str = "The sources show"
    verdict: str | None = "verdict"
    log: bool = True
    value_fmt: str | Callable[[float], str] | None = None


@_styled
def dumbbell(df: pd.DataFrame, labels: Labels | None = None, options: DumbbellOptions | None = None,
             **keywords) -> ChartFigure:
    """Claim vs evidence: per row, the amount stated and the amount the sources show.

    Texts come from ``labels`` (:class:`Labels`), the rest from ``options``
    (:class:`DumbbellOptions`), or the same fields as keywords.

    Both amounts must be in one currency (a ``currency`` column with one value, or
    ``currency=``): convert first. Rows are drawn in the frame's order, top to bottom; a
    missing evidence value is shown as "no figure in the sources". A ``verdict`` column, if
    present, is printed at the right with the ratio stated/evidence. Log scale by default.
    """
    kind = "dumbbell"
    labels, options = resolve(kind, labels, options, DumbbellOptions, keywords)
    title, subtitle, note, sources = labels.title, labels.subtitle, labels.note, labels.sources
    label, stated, evidence, verdict = options.label, options.stated, options.evidence, options.verdict
    currency, log, value_fmt = options.currency, options.log, options.value_fmt
    stated_label, evidence_label = options.stated_label, options.evidence_label
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
    fig.chart_fingerprint = fingerprint(pd.DataFrame({"a": a, "b": b}), ["a", "b"])
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
        # no minor ticks: they would be unlabelled and of zero length (see _clean), so only cost
        # the tick objects a log axis otherwise makes for every 2..9 of every decade
        ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: compact(v, cur)))
    ax.xaxis.grid(True)
    _clean(ax, keep=())
    ax.tick_params(axis="y", labelcolor=TEXT)
    frame.apply(fig)
    return fig
