"""What a long-running session (a notebook kernel) does once, after its imports.

A Jupyter kernel that has imported IPython, pandas, matplotlib and smartkorea holds about a
quarter of a million objects that live until it stops: modules, classes, functions and their
tables. Python's garbage collector re-scans every one of them on each full collection, and a
notebook that draws charts triggers several (matplotlib builds thousands of short-lived
objects per chart). :func:`freeze_imports` takes what exists at that point out of those scans,
as the Python documentation suggests for long-lived start-up objects (:func:`gc.freeze`).

It is opt-in: importing smartkorea never changes the collector. The notebooks call it at the end
of their import cell; in them it removes about a seventh of the time spent running the cells
after it (``benchmarks/``).
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
