"""Run every benchmark (``benchmarks/bench_*.py``) and print its figures: ``make bench``.

    .venv/bin/python benchmarks/run.py              # all of them
    .venv/bin/python benchmarks/run.py import nbval # only bench_import.py and bench_nbval.py

Benchmarks print measurements next to their targets; they are not pass/fail tests (a missed
target is printed as MISSED, and the exit code is non-zero only when a benchmark crashes).
Each runs in its own process. This module also holds the small helpers they share
(``from run import ...``).

Environment: ``SMARTKOREA_BENCH_NOTEBOOKS`` (default: ``notebooks/``), ``SMARTKOREA_BENCH_JOBS``
(default 2, as ``make``), ``SMARTKOREA_BENCH_REPEATS`` (override every benchmark's repeats).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# --------------------------------------------------------------------------- shared helpers


def repeats(default: int) -> int:
    return int(os.environ.get("SMARTKOREA_BENCH_REPEATS", default))


def jobs() -> int:
    return int(os.environ.get("SMARTKOREA_BENCH_JOBS", 2))


def notebooks() -> list[Path]:
    """The notebooks to benchmark, sorted (empty if there are none yet)."""
    folder = Path(os.environ.get("SMARTKOREA_BENCH_NOTEBOOKS", ROOT / "notebooks"))
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time of a command, in seconds, and its completed process (output captured)."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - start, result


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def line(label: str, value: str, target: str, ok: bool | None) -> None:
    """One result: what, how much, the target, and whether it is met."""
    status = "" if ok is None else verdict(ok)
    print(f"  {label:<34} {value:>24}   target {target:<28} {status}", flush=True)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    packages = ", ".join(
        f"{name} {_version(name)}"
        for name in ("smartkorea", "pandas", "matplotlib", "nbclient", "nbconvert", "ipykernel")
    )
    return (
        f"machine: {os.cpu_count()} CPUs ({usable} usable), {_cpu_model()}; "
        f"{platform.system()} {platform.release()}\n"
        f"python:  {platform.python_implementation()} {platform.python_version()} ({sys.executable})\n"
        f"packages: {packages}"
    )


# --------------------------------------------------------------------------- runner


def main(argv: list[str]) -> int:
    files = sorted(HERE.glob("bench_*.py"))
    if argv:
        wanted = {a.removeprefix("bench_").removesuffix(".py") for a in argv}
        files = [f for f in files if f.stem.removeprefix("bench_") in wanted]
        if not files:
            print(f"no benchmark matches {argv}", file=sys.stderr)
            return 2
    print("smartkorea benchmarks")
    print(machine(), flush=True)
    crashed = []
    for path in files:
        print(f"\n== {path.stem} ==", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(path)], cwd=ROOT)
        note = f", exit code {code}" if code else ""
        print(f"  ({path.name} took {time.perf_counter() - start:.1f} s{note})", flush=True)
        if code:
            crashed.append(path.name)
    if crashed:
        print(f"\nbenchmarks that crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
