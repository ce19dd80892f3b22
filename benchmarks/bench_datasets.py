"""Loading every dataset of the shipped data package, warm (reads cached, copies returned).

Target: all datasets in at most 50 ms once warm. Printed for information: a new process's first
pass reading and validating every CSV (the on-disk table cache off), and the same first pass
reading the cache another process wrote (what each notebook kernel does). Median of 21 warm passes.
"""

from __future__ import annotations

import time

from run import line, median, repeats

_FIRST_PASS = ("import time, smartkorea as sk; names = sk.catalog.names(); t = time.perf_counter()\n"
               "for n in names: sk.load(n)\nprint(time.perf_counter() - t)")


def first_pass(cache: str) -> float:
    """Seconds a fresh interpreter takes to load every dataset, with ``SMARTKOREA_CACHE=cache``."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SMARTKOREA_CACHE": cache}
    out = subprocess.run([sys.executable, "-c", _FIRST_PASS], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    import smartkorea as sk
    from smartkorea import catalog

    try:
        names = catalog.names()
    except (FileNotFoundError, sk.DataValidationError) as exc:
        print(f"  skipped: the data package cannot be read ({exc})")
        return

    def load_all() -> float:
        start = time.perf_counter()
        for name in names:
            sk.load(name)
        return time.perf_counter() - start

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        no_cache = median([first_pass("off") for _ in range(3)])
        first_pass(tmp)  # writes the cache
        cached = median([first_pass(tmp) for _ in range(3)])
    load_all()
    n = repeats(21)
    warm = median([load_all() for _ in range(n)])
    rows = sum(len(sk.load(name)) for name in names)
    print(f"  {len(names)} datasets, {rows:,} rows; warm = median of {n}")
    line("load all, new process, no cache", f"{no_cache * 1e3:.0f} ms", "(information)", None)
    line("load all, new process, table cache", f"{cached * 1e3:.0f} ms", "(information)", None)
    line("load all, warm", f"{warm * 1e3:.1f} ms", "<= 50 ms", warm * 1e3 <= 50)


if __name__ == "__main__":
    main()
