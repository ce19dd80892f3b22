"""The nbval run of every notebook against its floor.

The floor is the same number of trivial notebooks that only import pandas and matplotlib, run
the same way: ``pytest -n JOBS --dist loadfile --nbval --nbval-current-env`` (the flags of
``make test``). What is left over is the notebooks' own work. Target: at most 1.3x the floor.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from run import ROOT, jobs, line, median, notebooks, repeats, timed

FLOOR_CELL = "import pandas as pd\nimport matplotlib\nimport matplotlib.pyplot as plt"


def nbval(paths: list[Path], workers: int, cwd: Path) -> tuple[float, str]:
    """Run nbval from ``cwd`` (the notebooks must be under it: nbval names items relative to
    the rootdir, and files outside it collapse to one name that xdist then runs once)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
               str(cwd), "-n", str(workers), "--dist", "loadfile", "--nbval", "--nbval-current-env"]
    sanitize = ROOT / "tests" / "nbval_sanitize.cfg"
    if sanitize.is_file():
        command += ["--nbval-sanitize-with", str(sanitize)]
    seconds, result = timed(command + [str(p) for p in paths], cwd=cwd)
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    summary = re.sub(r"=+", "", summary).strip()
    return seconds, summary


def main() -> None:
    real = notebooks()
    if not real:
        print("  skipped: no notebooks yet")
        return
    workers, n = jobs(), repeats(5)
    with tempfile.TemporaryDirectory(prefix="smartkorea-floor-") as tmp:
        floor = []
        for i in range(len(real)):
            path = Path(tmp) / f"{i:02d}_floor.ipynb"
            nbformat.write(new_notebook(cells=[new_code_cell(FLOOR_CELL)]), path)
            floor.append(path)
        here = Path(tmp)
        home = ROOT if ROOT in real[0].resolve().parents else real[0].parent
        nbval(floor[:1], 1, here)  # warm-up (file cache, bytecode)
        floor_times, real_times = [], []
        for _ in range(n):
            seconds, floor_summary = nbval(floor, workers, here)
            floor_times.append(seconds)
            seconds, real_summary = nbval(real, workers, home)
            real_times.append(seconds)
    f, r = median(floor_times), median(real_times)
    print(f"  {len(real)} notebooks, pytest -n {workers} --nbval; median of {n}")
    line("floor (import pandas + matplotlib)", f"{f:.1f} s", "(reference)", None)
    line("nbval of the notebooks", f"{r:.1f} s ({r / f:.2f}x floor)", "<= 1.3x floor", r <= 1.3 * f)
    pairs = ", ".join(f"{r_ / f_:.2f}x" for f_, r_ in zip(floor_times, real_times))
    print(f"  each run (floor then notebooks, back to back): {pairs}")
    print(f"  pytest said: floor {floor_summary}; notebooks {real_summary}")


if __name__ == "__main__":
    main()
