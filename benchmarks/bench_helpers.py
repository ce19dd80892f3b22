"""Benchmarks of the analysis helpers (prints figures; not a pass/fail test).

- ``convert`` on 1,000,000 values, scalar year and one year per value, against the floor of a
  plain numpy multiply by a constant and a numpy ``take`` of per-year rates;
- the scorecard's sensitivity analysis with 10,000 weight draws (synthetic 10 x 6 table and the
  shipped data's default scorecard).

Run: ``.venv/bin/python benchmarks/bench_helpers.py``
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

import smartkorea as sk
from smartkorea import money, scorecard


def best(fn, repeat: int = 7) -> float:
    """Best wall time of ``repeat`` runs, in seconds (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    n = 1_000_000
    rng = np.random.default_rng(0)
    amounts = rng.uniform(1e6, 1e12, n)
    years = rng.integers(2013, 2025, n)
    series = pd.Series(amounts)
    table = money.rates()
    factor = table.loc[2019, "GBP"] / table.loc[2019, "KRW"]
    per_year = (table["GBP"] / table["KRW"]).to_numpy()

    floor = best(lambda: amounts * factor)
    floor_take = best(lambda: amounts * per_year[years - 2013])
    rows = [
        ("numpy multiply (floor)", floor, floor),
        ("convert(ndarray, year=2019)", best(lambda: sk.convert(amounts, "KRW", "GBP", 2019)), floor),
        ("convert(Series, year=2019)", best(lambda: sk.convert(series, "KRW", "GBP", 2019)), floor),
        ("numpy take + multiply (floor)", floor_take, floor_take),
        ("convert(ndarray, year array)", best(lambda: sk.convert(amounts, "KRW", "GBP", years)), floor_take),
        ("convert(scalar) x1", best(lambda: sk.convert(1.4e12, "KRW", "GBP", 2019)), None),
    ]
    print(f"convert on {n:,} values (best of 7)")
    for name, t, ref in rows:
        ratio = f"  {t / ref:5.1f}x floor" if ref else ""
        print(f"  {name:32s} {t * 1e3:8.2f} ms{ratio}")

    draws = 10_000
    synth = pd.DataFrame(rng.normal(size=(10, 6)), index=[f"C{i:02d}" for i in range(10)],
                         columns=[f"i{k}" for k in range(6)])
    directions = {c: True for c in synth.columns}
    t_synth = best(lambda: scorecard.sensitivity(synth, directions, draws=draws, seed=0), repeat=3)
    t_build = best(lambda: scorecard.build(), repeat=3)
    card = scorecard.build()
    t_card = best(lambda: card.sensitivity(draws=draws, seed=0), repeat=3)
    card_av = scorecard.build(missing="available")
    t_av = best(lambda: card_av.sensitivity(draws=draws, seed=0), repeat=3)
    print(f"scorecard sensitivity, {draws:,} weight draws (best of 3)")
    print(f"  synthetic 10 countries x 6 indicators   {t_synth * 1e3:8.2f} ms")
    print(f"  build() default scorecard (reads data)   {t_build * 1e3:8.2f} ms")
    print(f"  default ({len(card.scores)} countries, drop_country)    {t_card * 1e3:8.2f} ms")
    print(f"  default ({len(card_av.scores)} countries, available)      {t_av * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
