"""Per-chart cost: building each chart kind on the shipped data and showing it inline.

Prints, per kind, the CPU time (best of several runs, after a warm-up) to build the figure
(data checks, drawing, layout, label placement) and to render the PNG a notebook shows
(``_repr_png_``), and for one chart the cost of ``charts.save`` (PNG + SVG, reproducible).
CPU time rather than wall time, so other work on the machine disturbs it less; it is still
a measurement, not a pass/fail test.

Run: ``.venv/bin/python benchmarks/bench_charts.py``
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

import smartkorea as sk
from smartkorea import charts

PEERS = ["KOR", "ISR", "USA", "JPN", "DEU", "GBR", "FRA", "CHN", "OED"]


def best(fn, repeat: int = 5) -> float:
    """Least CPU time of ``repeat`` runs, in seconds (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def builders() -> dict:
    rd = sk.load("rd_intensity")
    wdi = rd[(rd["vintage"] == "WDI 2026-07") & rd["country"].isin(PEERS)]
    bc = sk.load("business_concentration")
    top10 = bc[(bc["indicator"] == "top10_companies_sales_share_of_gdp") & (bc["year"] == 2017)]
    ms = sk.load("milestones")
    steps = ms[ms["topic"].isin(["smart_city_pilot", "regulatory_sandbox"])]
    sector = sk.load("rd_by_sector").query("basis == 'funded' and year == 2021")
    rk = sk.load("innovation_rankings").query("measure == 'rank' and ranking == 'global_innovation_index'")
    rk = rk[rk["country"].isin(PEERS) & (rk["year"] >= 2015)]
    gerd = sk.load("rd_expenditure").query("measure == 'gerd_constant_2015_ppp'")
    wide = gerd.pivot_table(index="country", columns="year", values="amount").dropna(subset=[2000, 2021])
    pairs = pd.DataFrame({"claim": wide.index, "stated": wide[2000].to_numpy(), "evidence": wide[2021].to_numpy(),
                          "currency": "USD", "source_id": "WB_WDI_2026_07"})
    multi = wdi[wdi["country"].isin(["KOR", "GBR", "JPN", "USA"])].assign(panel=lambda d: d["country"])
    return {
        "trend": lambda: charts.trend(wdi, title="T", subtitle="S", mark_year=2019, value_fmt="{:.1f}%"),
        "ranked_bars": lambda: charts.ranked_bars(top10, title="T", subtitle="S"),
        "dumbbell": lambda: charts.dumbbell(pairs, title="T", subtitle="S"),
        "timeline": lambda: charts.timeline(steps, title="T", subtitle="S", mark_year=2019),
        "stacked_bars": lambda: charts.stacked_bars(sector, part="sector", normalize=True, title="T", subtitle="S"),
        "heatmap": lambda: charts.heatmap(rk, row="year", lower_is_better=True, title="T", subtitle="S"),
        "small_multiples": lambda: charts.small_multiples(multi, panel="panel", title="T", subtitle="S"),
    }


def shown(fig) -> bytes:
    out = fig._repr_png_()
    return out[0] if isinstance(out, tuple) else out


def main() -> None:
    total_build = total_show = 0.0
    print(f"  {'kind':<18} {'build':>9} {'inline PNG':>11}")
    for kind, build in builders().items():
        b = best(build)
        s = best(lambda: shown(build()), repeat=5) - b
        total_build, total_show = total_build + b, total_show + s
        print(f"  {kind:<18} {b * 1000:>7.0f} ms {s * 1000:>8.0f} ms")
    print(f"  {'all seven':<18} {total_build * 1000:>7.0f} ms {total_show * 1000:>8.0f} ms"
          f"   (build + show: {(total_build + total_show) * 1000:.0f} ms)")
    fig = builders()["trend"]()
    with tempfile.TemporaryDirectory() as tmp:
        saved = best(lambda: charts.save(fig, Path(tmp) / "chart"))
    print(f"  charts.save (PNG + SVG, one trend) {saved * 1000:.0f} ms")


if __name__ == "__main__":
    main()
