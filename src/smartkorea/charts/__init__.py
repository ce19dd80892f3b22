"""Charts in the smartkorea house style.

Our World in Data style: the title states the finding, the subtitle gives the measure and unit,
the source line at the bottom is built from the data's ``source_id``s (never typed), Korea is
highlighted in vermillion while peers are grey, lines are labelled at their ends instead of a
legend, and the palette is Okabe-Ito (colour-blind safe). Every chart function takes a tidy
frame and returns a new :class:`~matplotlib.figure.Figure` (a :class:`ChartFigure`); nothing
is drawn globally, pyplot is not used and the caller's rcParams are left untouched.

>>> import smartkorea as sk
>>> from smartkorea import charts
>>> df = sk.load("rd_intensity").query("vintage == 'WDI 2026-07'")
>>> fig = charts.trend(df, title="Korea spends more of its GDP on R&D than almost anyone",
...                    subtitle="Gross domestic expenditure on R&D, % of GDP", mark_date="2019-07-05")
>>> charts.save(fig, "build/figures/rd_intensity")  # makes the folder; returns the files written
[PosixPath('build/figures/rd_intensity.png'), PosixPath('build/figures/rd_intensity.svg')]

:func:`save` writes ``.png`` and ``.svg`` at :data:`DPI`, byte-for-byte reproducible; in a
notebook a chart shows as a PNG at :data:`INLINE_DPI` (the width the page shows), rendered
once, whose output metadata carry the chart's kind and a fingerprint of its data
(``{"smartkorea": {"kind": "trend", "data": "4a6f..."}}``) so that the same data charted in two
notebooks can be found. Labels are placed on the drawn figure, clear of lines, points and
each other.

Chart kinds: :func:`trend`, :func:`ranked_bars`, :func:`dumbbell`, :func:`timeline`,
:func:`stacked_bars`, :func:`heatmap`, :func:`small_multiples`, one module each. Each takes its
texts as a :class:`Labels` and its other options as its own frozen dataclass (e.g.
:class:`TrendOptions`), or the same fields as keywords, as above. Bad input raises
:class:`ChartDataError`.
"""

from __future__ import annotations

from ._data import AGGREGATES, ChartDataError, fingerprint, short_publisher, source_ids, source_line
from ._format import compact
from ._dumbbell import DumbbellOptions, dumbbell
from ._heatmap import HeatmapOptions, heatmap
from ._options import Labels
from ._ranked_bars import RankedBarsOptions, ranked_bars
from ._small_multiples import SmallMultiplesOptions, small_multiples
from ._stacked_bars import StackedBarsOptions, stacked_bars
from ._style import (
    ACCENTS,
    DPI,
    HIGHLIGHT,
    INLINE_DPI,
    MUTED,
    MUTED_DARK,
    PALETTE,
    WIDTH,
    ChartFigure,
    save,
    style,
    to_bytes,
)
from ._timeline import TimelineOptions, timeline
from ._trend import TrendOptions, trend

__all__ = [
    "ACCENTS",
    "AGGREGATES",
    "DPI",
    "HIGHLIGHT",
    "INLINE_DPI",
    "MUTED",
    "MUTED_DARK",
    "PALETTE",
    "WIDTH",
    "ChartDataError",
    "ChartFigure",
    "DumbbellOptions",
    "HeatmapOptions",
    "Labels",
    "RankedBarsOptions",
    "SmallMultiplesOptions",
    "StackedBarsOptions",
    "TimelineOptions",
    "TrendOptions",
    "compact",
    "dumbbell",
    "fingerprint",
    "heatmap",
    "ranked_bars",
    "save",
    "short_publisher",
    "small_multiples",
    "source_ids",
    "source_line",
    "stacked_bars",
    "style",
    "timeline",
    "to_bytes",
    "trend",
]
