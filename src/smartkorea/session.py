"""What a long-running session (a notebook kernel) does once, after its imports.

A Jupyter kernel that has imported IPython, pandas, matplotlib and smartkorea holds about a
quarter of a million objects that live until it stops: modules, classes, functions and their
tables. Python's garbage collector re-scans every one of them on each full collection (about
0.1–0.2 s here), and drawing charts triggers them: matplotlib builds thousands of objects per
chart. :func:`freeze_imports` takes what exists at that point out of those scans
with :func:`gc.freeze`, which moves them to a permanent generation the collector skips.

It is opt-in: importing smartkorea never changes the collector. The notebooks call it at the end
of their import cell, where it saves about a tenth of the time of the cells after it (measured
in fresh kernels, 2026-12-08; see the README's performance section).
"""

from __future__ import annotations

import gc

__all__ = ["freeze_imports"]


def freeze_imports() -> None:
    """Exclude every object alive now from future garbage-collector scans (:func:`gc.freeze`).

    Call it once the imports are done. Objects are still freed as usual when nothing refers to
    them; only reference cycles among the frozen objects are never collected, which for modules
    and their contents is what happens anyway. ``gc.unfreeze()`` undoes it.
    """
    gc.freeze()
