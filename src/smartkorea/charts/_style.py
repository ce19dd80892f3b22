"""House style: palette, rc settings, the figure class, the title/subtitle/source frame, saving."""

from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- palette
# Okabe & Ito (2008) colour-blind-safe palette. Korea (the highlight) is vermillion; peers are
# grey; further highlighted series and the parts of a stacked bar take the accents in order.
# Bluish green is left out of the accents: it means "accurate" (smartkorea.verdicts.COLOURS),
# so no chart uses it for anything but that verdict.
HIGHLIGHT = "#D55E00"  # vermillion
ACCENTS = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442")
PALETTE = (HIGHLIGHT, *ACCENTS)
MUTED = "#A6A6A6"  # peer lines and bars
MUTED_DARK = "#6F6F6F"  # aggregates (OECD, EU, World) and peer labels
TEXT = "#1F1F1F"
SUBTLE = "#595959"  # subtitle, source line, ticks
GRID = "#E3E3E3"

# --------------------------------------------------------------------------- sizes
WIDTH = 8.0  # inches: a report column at 150 dpi is 1200 px wide
DPI = 150  # saved files (charts.save / to_bytes): 1200 px wide
INLINE_DPI = 120  # notebook and report display: 960 px wide, about the width the page shows
INLINE_PNG = {"compress_level": 1}  # zlib level for displayed PNGs: fast, a little larger
TITLE_SIZE = 14.0
SUBTITLE_SIZE = 10.5
BODY_SIZE = 9.5
SMALL_SIZE = 8.0
SOURCE_SIZE = 7.5
_MARGIN = 0.15  # inches, left/right/top/bottom around the frame texts
_SALT = "smartkorea"

# Every draw starts from matplotlib's defaults (whatever the caller's rcParams or matplotlibrc
# say), then applies the house style: output does not depend on the caller's settings and the
# caller's settings are left untouched.
_NOT_STYLE = {"backend", "backend_fallback", "interactive", "toolbar", "timezone", "figure.raise_window",
              "savefig.directory", "webagg.address", "webagg.port", "webagg.port_retries",
              "webagg.open_in_browser"}
RC = {k: v for k, v in mpl.rcParamsDefault.items() if k not in _NOT_STYLE}
RC.update({
    "font.family": ["DejaVu Sans"],
    "font.size": BODY_SIZE,
    # Glyphs drawn from their outlines, without FreeType's hinting: at 120-150 dpi they look the
    # same, and drawing text (most of a chart's cost in matplotlib 3.11) takes about half the time.
    "text.hinting": "no_hinting",
    "text.color": TEXT,
    "axes.edgecolor": "#BDBDBD",
    "axes.labelcolor": SUBTLE,
    "axes.labelsize": SMALL_SIZE + 0.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.formatter.useoffset": False,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    # No tick marks (labels only), 4 pt from the axis: set here once rather than per axes.
    **{f"{axis}tick.{which}.{key}": value for axis in "xy" for which in ("major", "minor")
       for key, value in (("size", 0), ("pad", 4))},
    "xtick.color": "#BDBDBD",
    "ytick.color": "#BDBDBD",
    "xtick.labelcolor": SUBTLE,
    "ytick.labelcolor": SUBTLE,
    "xtick.labelsize": SMALL_SIZE + 0.5,
    "ytick.labelsize": SMALL_SIZE + 0.5,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "lines.solid_capstyle": "round",
    "figure.facecolor": "white",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "savefig.bbox": None,
    "svg.hashsalt": _SALT,
    "svg.fonttype": "path",
    "svg.image_inline": True,
})


_HOUSE = dict(mpl.RcParams(RC))  # the house style, validated once (as rcParams stores it)


@contextlib.contextmanager
def style():
    """The house style as a context: ``with charts.style(): ...`` for a one-off custom chart.

    Restores the caller's rcParams on exit, including any changed inside the block (as
    ``matplotlib.rc_context`` does). Only the settings that differ from the house style are set
    (and validated), so entering it again inside itself, as every draw does, costs next to nothing.
    """
    params = mpl.rcParams
    saved = dict(dict.items(params))  # the stored values, without RcParams' per-key lookup
    saved.pop("backend", None)  # as rc_context: a backend resolved inside the block stays
    changed = {k: v for k, v in _HOUSE.items() if k not in saved or saved[k] != v}
    try:
        if changed:
            params.update(changed)
        yield
    finally:
        dict.update(params, saved)


class ChartFigure(Figure):
    """A matplotlib ``Figure`` that always draws in the house style.

    Drawing (on screen, in a notebook or to a file) happens inside the style context, so late
    drawing does not pick up the caller's rcParams. ``_repr_png_`` lets Jupyter show it without
    pyplot. The frame texts are kept as attributes: ``chart_title``, ``chart_subtitle``,
    ``chart_source`` (matplotlib ``Text``) and ``chart_note`` (``Text`` or None).
    ``chart_fingerprint`` identifies the data drawn (see :func:`smartkorea.charts.fingerprint`).
    """

    chart_kind: str = ""
    chart_fingerprint: str = ""
    chart_title = chart_subtitle = chart_source = chart_note = None
    _shown: bytes | None = None

    def draw(self, renderer):
        with style():
            return super().draw(renderer)

    def __repr__(self) -> str:
        """The size of the saved PNG (at :data:`DPI`), whatever the display resolution."""
        w, h = (round(v * DPI, 6) for v in self.get_size_inches())
        return f"<{type(self).__name__} size {w:g}x{h:g} with {len(self.axes)} Axes>"

    def _repr_png_(self) -> tuple[bytes, dict]:
        """The PNG Jupyter shows, with the chart's kind and data fingerprint as output metadata.

        Rendered at :data:`INLINE_DPI` with fast compression (saved files keep :data:`DPI` and
        reproducible settings), and only once while the figure is unchanged.
        """
        if self._shown is None or self.stale:
            buf = io.BytesIO()
            with style():
                self.savefig(buf, format="png", dpi=INLINE_DPI, metadata=_METADATA["png"],
                             facecolor="white", pil_kwargs=INLINE_PNG)
            self._shown = buf.getvalue()
            self.stale = False
        return self._shown, {"smartkorea": {"kind": self.chart_kind, "data": self.chart_fingerprint}}


def new_figure(height: float, kind: str) -> ChartFigure:
    fig = ChartFigure(figsize=(WIDTH, height), dpi=INLINE_DPI)
    FigureCanvasAgg(fig)
    fig.chart_kind = kind
    return fig


# --------------------------------------------------------------------------- frame


def _wrap(s: str, size: float, bold: bool = False) -> str:
    """Wrap to the figure width (DejaVu Sans averages ~0.56 em per character, bold ~0.62)."""
    per_char = size * (0.62 if bold else 0.56) / 72
    width = max(20, int((WIDTH - 2 * _MARGIN) / per_char))
    return "\n".join(
        textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False) for p in s.split("\n")
    )


def _height(s: str, size: float, spacing: float = 1.28) -> float:
    return (s.count("\n") + 1) * size * spacing / 72


@dataclass
class Frame:
    """The texts around a chart and the room they take (inches)."""

    title: str
    subtitle: str
    source: str
    note: str | None = None

    def __post_init__(self):
        self.title = _wrap(self.title.strip(), TITLE_SIZE, bold=True)
        self.subtitle = _wrap(self.subtitle.strip(), SUBTITLE_SIZE)
        self.source = _wrap(self.source, SOURCE_SIZE)
        self.note = _wrap(self.note.strip(), SOURCE_SIZE) if self.note else None

    @property
    def top(self) -> float:
        return _MARGIN + _height(self.title, TITLE_SIZE) + 0.06 + _height(self.subtitle, SUBTITLE_SIZE) + 0.12

    @property
    def bottom(self) -> float:
        note = _height(self.note, SOURCE_SIZE) + 0.03 if self.note else 0.0
        return _MARGIN + note + _height(self.source, SOURCE_SIZE) + 0.10

    def figure(self, body: float, kind: str) -> ChartFigure:
        """A new figure tall enough for a plot area of ``body`` inches plus the frame."""
        return new_figure(round(self.top + body + self.bottom, 2), kind)

    def apply(self, fig: ChartFigure, *, right: float = 0.0) -> None:
        """Write the texts and fit the axes between them (``right``: inches kept free)."""
        h = fig.get_figheight()
        inch = fig.dpi_scale_trans
        y = h - _MARGIN
        fig.chart_title = fig.text(_MARGIN, y, self.title, transform=inch, ha="left", va="top",
                                   fontsize=TITLE_SIZE, fontweight="bold", color=TEXT, linespacing=1.15)
        y -= _height(self.title, TITLE_SIZE) + 0.06
        fig.chart_subtitle = fig.text(_MARGIN, y, self.subtitle, transform=inch, ha="left", va="top",
                                      fontsize=SUBTITLE_SIZE, color=SUBTLE, linespacing=1.2)
        fig.chart_source = fig.text(_MARGIN, _MARGIN, self.source, transform=inch, ha="left",
                                    va="bottom", fontsize=SOURCE_SIZE, color=SUBTLE)
        if self.note:
            fig.chart_note = fig.text(_MARGIN, _MARGIN + _height(self.source, SOURCE_SIZE) + 0.03,
                                      self.note, transform=inch, ha="left", va="bottom",
                                      fontsize=SOURCE_SIZE, color=SUBTLE)
        w = fig.get_figwidth()
        fit(fig, (_MARGIN, self.bottom, w - _MARGIN - right, h - self.top))


_PAD = 2.0 / 72  # inches between an axes' decorations and its neighbours or the frame


def fit(fig: Figure, rect: tuple[float, float, float, float]) -> None:
    """Place the figure's subplots in ``rect`` (left, bottom, right, top, inches from the
    figure's bottom-left) so that their tick labels, texts and legends just fit.

    One measuring pass of every axes' drawn extent (text window extents from the renderer),
    instead of ``tight_layout``'s two: the margins follow from the overhang of each axes'
    decorations beyond its plot area.
    """
    w, h = fig.get_figwidth(), fig.get_figheight()
    left, bottom, right, top = rect
    axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    if not axes:
        return
    gs = axes[0].get_subplotspec().get_gridspec()
    nrows, ncols = gs.get_geometry()
    fig.subplots_adjust(left=left / w, right=right / w, bottom=bottom / h, top=top / h,
                        wspace=0.3, hspace=0.5)
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    over_l, over_r = [0.0] * ncols, [0.0] * ncols  # per column: overhang left / right (inches)
    over_t, over_b = [0.0] * nrows, [0.0] * nrows  # per row: above / below
    for ax in axes:
        spec = ax.get_subplotspec()
        tight, box = ax.get_tightbbox(renderer), ax.bbox
        for c in spec.colspan:
            if c == spec.colspan.start:
                over_l[c] = max(over_l[c], (box.x0 - tight.x0) / dpi)
            if c == spec.colspan.stop - 1:
                over_r[c] = max(over_r[c], (tight.x1 - box.x1) / dpi)
        for r in spec.rowspan:
            if r == spec.rowspan.start:
                over_t[r] = max(over_t[r], (tight.y1 - box.y1) / dpi)
            if r == spec.rowspan.stop - 1:
                over_b[r] = max(over_b[r], (box.y0 - tight.y0) / dpi)
    left, right = left + over_l[0] + _PAD, right - over_r[-1] - _PAD
    top, bottom = top - over_t[0] - _PAD, bottom + over_b[-1] + _PAD
    wgap = max((over_r[c] + over_l[c + 1] for c in range(ncols - 1)), default=0.0) + 2 * _PAD
    hgap = max((over_b[r] + over_t[r + 1] for r in range(nrows - 1)), default=0.0) + 2 * _PAD
    aw = (right - left - (ncols - 1) * wgap) / ncols
    ah = (top - bottom - (nrows - 1) * hgap) / nrows
    fig.subplots_adjust(left=left / w, right=right / w, bottom=bottom / h, top=top / h,
                        wspace=wgap / aw if ncols > 1 else 0.0, hspace=hgap / ah if nrows > 1 else 0.0)


# --------------------------------------------------------------------------- saving

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}


def to_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure rendered as PNG or SVG bytes, reproducibly (fixed DPI, no stamps)."""
    if fmt not in _METADATA:
        raise ValueError(f"format must be one of {sorted(_METADATA)}; found {fmt!r}")
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=_METADATA[fmt], facecolor="white")
    return buf.getvalue()


def save(fig: Figure, path: str | Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write the figure as ``<path>.png`` and ``<path>.svg``; return the paths written.

    Output is byte-for-byte identical on every run: fixed size and DPI (8 in wide, 150 dpi, so
    PNGs are 1200 px wide), no date or software stamps, a fixed SVG hash salt and DejaVu Sans
    drawn as paths. A suffix ``.png``/``.svg`` on ``path`` is replaced; missing folders are made.
    """
    path = Path(path)
    if path.suffix.lower() in {".png", ".svg"}:
        path = path.with_suffix("")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        out = path.with_name(path.name + "." + fmt)
        out.write_bytes(to_bytes(fig, fmt))
        written.append(out)
    return written
