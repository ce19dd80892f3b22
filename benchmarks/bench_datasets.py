"""Loading every dataset of the shipped data package, warm (reads cached, copies returned).

Target: all datasets in at most 50 ms once warm. The first, cold pass (reading and validating
every CSV) is printed for information. Median of 21 warm passes.
"""

from __future__ import annotations

import time

from run import line, median, repeats


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

    cold = load_all()
    n = repeats(21)
    warm = median([load_all() for _ in range(n)])
    rows = sum(len(sk.load(name)) for name in names)
    print(f"  {len(names)} datasets, {rows:,} rows; warm = median of {n}")
    line("load all, cold (first pass)", f"{cold * 1e3:.0f} ms", "(information)", None)
    line("load all, warm", f"{warm * 1e3:.1f} ms", "<= 50 ms", warm * 1e3 <= 50)


if __name__ == "__main__":
    main()
