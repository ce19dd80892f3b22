"""Drawing helpers shared by the chart kinds: colours, highlight emphasis, axes, label spreading."""

from __future__ import annotations

import functools
import re

import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from ._data import AGGREGATES, ChartDataError, text
from ._place import MARK_GID
from ._style import ACCENTS, HIGHLIGHT, MUTED, MUTED_DARK, SMALL_SIZE, SUBTLE, TEXT, style

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
    """Only the ``keep`` spines (the house style draws no tick marks)."""
    for side, spine in ax.spines.items():
        spine.set_visible(side in keep)


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

def _order(series: pd.Series, values: list[str]) -> list[str]:
    """Keys in category order (categoricals), sorted order (numbers) or order of appearance."""
    present = list(dict.fromkeys(values))
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in series.cat.categories]
        return [c for c in cats if c in present] + [p for p in present if p not in cats]
    if pd.api.types.is_numeric_dtype(series):
        return sorted(present, key=lambda s: float(s))
    return present


def _draw_mark(ax, where: tuple[float, str] | None, label: str | None) -> None:
    """The dated marker: a thin vertical line at ``where[0]`` with a small label on top."""
    if where is None:
        return
    x, default = where
    lo, hi = ax.get_xlim()
    ax.set_xlim(min(lo, x), max(hi, x))
    ax.axvline(x, color=SUBTLE, lw=0.8, zorder=2, gid=MARK_GID)
    top = offset_copy(blended_transform_factory(ax.transData, ax.transAxes), fig=ax.figure, y=3, units="points")
    ax.text(x, 1.0, label or default, transform=top, ha="center", va="bottom", fontsize=SMALL_SIZE, color=SUBTLE,
            gid=MARK_GID)
