"""``import smartkorea`` against ``import pandas``, each in fresh interpreters.

Target: importing smartkorea costs at most 50 ms more than importing pandas (its one heavy
dependency), and does not import matplotlib. The time is measured inside each fresh process
(``perf_counter`` around the import), so interpreter start-up is left out; the two are
interleaved so drift hits both alike. Median of 11 after a warm-up.
"""

from __future__ import annotations

import subprocess
import sys

from run import line, median, repeats

CODE = (
    "import sys, time; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, 'matplotlib' in sys.modules)"
)


def once(module: str) -> tuple[float, bool]:
    out = subprocess.run([sys.executable, "-c", CODE.format(module=module)],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), out[1] == "True"


def main() -> None:
    n = repeats(11)
    once("pandas"), once("smartkorea")  # warm the file cache
    times: dict[str, list[float]] = {"pandas": [], "smartkorea": []}
    matplotlib_loaded = False
    for _ in range(n):
        for module in times:
            seconds, mpl = once(module)
            times[module].append(seconds)
            matplotlib_loaded |= module == "smartkorea" and mpl
    pandas_ms = median(times["pandas"]) * 1e3
    smartkorea_ms = median(times["smartkorea"]) * 1e3
    extra = smartkorea_ms - pandas_ms
    print(f"  fresh interpreters, median of {n}")
    line("import pandas", f"{pandas_ms:.0f} ms", "(reference)", None)
    line("import smartkorea", f"{smartkorea_ms:.0f} ms ({extra:+.0f} ms)",
         "<= pandas + 50 ms", extra <= 50)
    line("matplotlib imported by smartkorea", "yes" if matplotlib_loaded else "no", "no",
         not matplotlib_loaded)


if __name__ == "__main__":
    main()
