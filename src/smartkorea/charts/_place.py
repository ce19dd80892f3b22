"""Label placement measured on the drawn figure: text window extents against the display
coordinates of the data lines, the points and the labels already placed.

A label is tried at each of its candidate offsets (points from its anchor, with the matching
alignment) in order; the first whose box stays inside the axes, touches no other label and is
crossed by no data line is kept, else the candidate with the least conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib.transforms import Bbox, offset_copy

ABOVE = (0.0, 5.0, "center", "bottom")
BELOW = (0.0, -5.0, "center", "top")
RIGHT = (6.0, 0.0, "left", "center")
LEFT = (-6.0, 0.0, "right", "center")
AROUND = (ABOVE, BELOW, RIGHT, LEFT)
"""Candidate offsets around a point: above, below, right, left (points, ha, va)."""

MARK_GID = "mark"  # gid of reference lines (the dated marker): not data, labels may sit on them


def data_segments(axes: Iterable) -> np.ndarray:
    """Every segment of the data lines of ``axes`` in display pixels, as rows (x0, y0, x1, y1).

    Lines with no line style (points only), reference lines (gid ``"mark"``) and the gaps of
    a broken series (NaN) are left out.
    """
    out = []
    for ax in axes:
        for line in ax.get_lines():
            if line.get_gid() == MARK_GID or line.get_linestyle() in ("None", "none", " ", ""):
                continue
            xy = line.get_transform().transform(np.column_stack(line.get_data()).astype(float))
            seg = np.hstack([xy[:-1], xy[1:]])
            out.append(seg[np.isfinite(seg).all(axis=1)])
    return np.vstack(out) if out else np.empty((0, 4))


def data_points(axes: Iterable) -> list[Bbox]:
    """A box around every drawn marker of ``axes`` (display pixels)."""
    out = []
    for ax in axes:
        for line in ax.get_lines():
            if line.get_marker() in (None, "None", "none", "", " ") or line.get_gid() == MARK_GID:
                continue
            r = line.get_markersize() / 72 * ax.figure.dpi / 2
            xy = line.get_transform().transform(np.column_stack(line.get_data()).astype(float))
            out += [Bbox([[x - r, y - r], [x + r, y + r]]) for x, y in xy if np.isfinite([x, y]).all()]
    return out


def crosses(box: Bbox, segments: np.ndarray, shrink: float = 1.0) -> bool:
    """Whether any segment passes through ``box`` (shrunk by ``shrink`` px on each side)."""
    if not len(segments):
        return False
    x0, y0, x1, y1 = box.x0 + shrink, box.y0 + shrink, box.x1 - shrink, box.y1 - shrink
    if x1 <= x0 or y1 <= y0:
        return False
    sx0, sy0, sx1, sy1 = segments.T
    # quick reject: segment bounding box misses the label box
    near = ~((np.maximum(sx0, sx1) < x0) | (np.minimum(sx0, sx1) > x1)
             | (np.maximum(sy0, sy1) < y0) | (np.minimum(sy0, sy1) > y1))
    for ax_, ay_, bx_, by_ in segments[near]:
        if _segment_hits(ax_, ay_, bx_, by_, x0, y0, x1, y1):
            return True
    return False


def _segment_hits(ax_, ay_, bx_, by_, x0, y0, x1, y1) -> bool:
    """Liang-Barsky clipping: does the segment A-B enter the rectangle?"""
    dx, dy = bx_ - ax_, by_ - ay_
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax_ - x0), (dx, x1 - ax_), (-dy, ay_ - y0), (dy, y1 - ay_)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def overlaps(box: Bbox, others: Iterable[Bbox], tol: float = 0.5) -> int:
    """How many of ``others`` overlap ``box`` by more than ``tol`` px in both directions."""
    return sum(1 for o in others
               if min(box.x1, o.x1) - max(box.x0, o.x0) > tol and min(box.y1, o.y1) - max(box.y0, o.y0) > tol)


def place(ax, renderer, items: Sequence[tuple], *, taken: list[Bbox] | None = None,
          segments: np.ndarray | None = None, points: list[Bbox] | None = None) -> list[Bbox]:
    """Move each label to its first free candidate; return every box now taken.

    ``items``: ``(text, anchor, candidates)`` with ``anchor`` the labelled point in data
    coordinates and ``candidates`` a sequence of ``(dx, dy, ha, va)`` (points). ``taken``:
    boxes already occupied (other labels); ``segments`` and ``points`` default to the data
    lines and markers of ``ax``.
    """
    fig = ax.figure
    taken = list(taken or [])
    segs = data_segments([ax]) if segments is None else segments
    marks = data_points([ax]) if points is None else points
    frame = ax.bbox.padded(1.0)
    for text, anchor, candidates in items:
        text.set_position(anchor)
        best = None
        for rank, (dx, dy, ha, va) in enumerate(candidates):
            text.set_transform(offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points"))
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            box = text.get_window_extent(renderer)
            clash = (overlaps(box, taken) * 4 + overlaps(box, marks) * 2 + crosses(box, segs) * 3
                     + (0 if frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) else 1))
            if best is None or clash < best[0]:
                best = (clash, rank, box)
            if clash == 0:
                break
        dx, dy, ha, va = candidates[best[1]]
        text.set_transform(offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points"))
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        taken.append(best[2])
    return taken
