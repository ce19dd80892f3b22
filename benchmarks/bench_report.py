"""``smartkorea report`` against plain nbclient execution of the same notebooks.

Both run in a fresh process with the same number of notebooks at once (``SMARTKOREA_BENCH_JOBS``,
default 2): the report executes, renders every page and exports every figure as PNG and SVG; the
floor only executes (``NotebookClient(...).execute()`` in a thread pool). Target: the report
takes at most 1.2x the floor.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from run import ROOT, jobs, line, median, notebooks, repeats, timed

PLAIN_NBCLIENT = """
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import nbformat
from nbclient import NotebookClient

def run(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600,
                   resources={"metadata": {"path": str(path.parent)}}).execute()

paths = [Path(p) for p in sys.argv[2:]]
with ThreadPoolExecutor(int(sys.argv[1])) as pool:
    list(pool.map(run, paths))
"""


def tail(text: str, lines: int = 12) -> str:
    """The end of a failure's output, without colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def main() -> None:
    real = notebooks()
    if not real:
        print("  skipped: no notebooks yet")
        return
    workers, n = jobs(), repeats(1)
    folder = real[0].parent
    plain_times, report_times = [], []
    with tempfile.TemporaryDirectory(prefix="smartkorea-bench-report-") as tmp:
        out = Path(tmp) / "report"
        for _ in range(n):
            seconds, result = timed([sys.executable, "-c", PLAIN_NBCLIENT, str(workers),
                                     *map(str, real)], cwd=ROOT)
            if result.returncode:
                print(f"  not measured: plain nbclient failed on a notebook:\n{tail(result.stderr)}")
                return
            plain_times.append(seconds)
            seconds, result = timed([sys.executable, "-m", "smartkorea", "report", "--out",
                                     str(out), "--notebooks", str(folder), "--jobs",
                                     str(workers)], cwd=ROOT)
            if result.returncode:
                print(f"  not measured: smartkorea report failed:\n{tail(result.stderr)}")
                return
            report_times.append(seconds)
        figures = len(list((out / "figures").glob("*.png")))
    p, r = median(plain_times), median(report_times)
    print(f"  {len(real)} notebooks, {workers} at once, {figures} figures; median of {n}")
    line("plain nbclient (floor)", f"{p:.1f} s", "(reference)", None)
    line("smartkorea report", f"{r:.1f} s ({r / p:.2f}x)", "<= 1.2x nbclient", r <= 1.2 * p)


if __name__ == "__main__":
    main()
