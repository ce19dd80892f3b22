"""Where each notebook's time goes inside its kernel (a diagnostic, not a benchmark target).

    .venv/bin/python benchmarks/profile_notebooks.py            # per-notebook in-kernel seconds
    .venv/bin/python benchmarks/profile_notebooks.py --cells    # ... and the slowest cells
    .venv/bin/python benchmarks/profile_notebooks.py --profile 01_innovation_leader [N]

The first form executes every notebook with nbclient (a fresh kernel each, as nbval does) and
prints the seconds from the first cell's start to the last cell's end, next to a floor notebook
that only imports pandas and matplotlib. ``--profile`` runs one notebook's code in this process
under cProfile, with an IPython shell whose display() computes every rich format (PNG, HTML,
markdown) as a notebook front end would, and prints the N (default 40) costliest functions.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from run import ROOT, notebooks

FLOOR_CELL = "import pandas as pd\nimport matplotlib\nimport matplotlib.pyplot as plt"


def _seconds(start: str, end: str) -> float:
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def in_kernel(nb, cwd: Path) -> tuple[float, list[tuple[float, int, str]]]:
    """Seconds from the first cell's start to the last cell's end, and each code cell's time."""
    NotebookClient(nb, timeout=600, record_timing=True, resources={"metadata": {"path": str(cwd)}}
                   ).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    cells = []
    for i, c in enumerate(code):
        t = c.metadata["execution"]
        cells.append((_seconds(t["iopub.execute_input"], t["shell.execute_reply"]), i,
                      c.source.splitlines()[0] if c.source else ""))
    first, last = code[0].metadata["execution"], code[-1].metadata["execution"]
    return _seconds(first["iopub.execute_input"], last["shell.execute_reply"]), cells


def table(show_cells: bool) -> None:
    floor = new_notebook(cells=[new_code_cell(FLOOR_CELL)])
    total, _ = in_kernel(floor, ROOT)
    print(f"  {'floor (import pandas + matplotlib)':<34} {total:6.2f} s")
    for path in notebooks():
        total, cells = in_kernel(nbformat.read(path, as_version=4), path.parent)
        print(f"  {path.stem:<34} {total:6.2f} s", flush=True)
        if show_cells:
            for seconds, i, first in sorted(cells, reverse=True)[:5]:
                print(f"      cell {i:2d} {seconds:5.2f} s  {first[:60]}")


def profile(stem: str, top: int) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    path = next(p for p in notebooks() if p.stem == stem)
    shell = InteractiveShell.instance()
    fmt = shell.display_formatter
    fmt.active_types = list(fmt.formatters)
    shell.display_pub.publish = lambda *a, **k: None  # compute every format, print nothing
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    import os

    os.chdir(path.parent)
    shell.run_cell(code[0])  # the imports, as the floor notebook does its own
    prof = cProfile.Profile()
    prof.enable()
    for source in code[1:]:
        result = shell.run_cell(source, silent=False, store_history=True)
        if not result.success:
            raise SystemExit(f"{stem}: a cell failed: {result.error_in_exec or result.error_before_exec}")
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--profile"]:
        profile(args[1], int(args[2]) if len(args) > 2 else 40)
    else:
        table("--cells" in args)
