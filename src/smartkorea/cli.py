"""The ``smartkorea`` command (also ``python -m smartkorea``).

    smartkorea datasets [--data DIR]          the datasets of the data package
    smartkorea cite NAME [--data DIR]         how to cite a dataset and its sources
    smartkorea validate [DATA_DIR]            check a data package; list every problem
    smartkorea report [--out DIR] [--pdf]     execute the notebooks, build the HTML report (and PDF)
    smartkorea import-wdi FILE [FILE ...] [--data DIR] [--download INDICATOR]
                                              add World Bank releases as vintages; show revisions
    smartkorea claims [--format F] [--data DIR]  the article's claims with their verdicts
                                              (F: claimreview = schema.org JSON-LD, csv, markdown)

Exit codes: 0 success; 1 problems found (invalid data, a notebook failed); 2 a usage error
(unknown dataset, missing folder, bad option). User errors print one line, never a traceback.

The report's heavy dependencies (nbclient, nbconvert) are imported only by ``report``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import DataValidationError, SmartKoreaError, UnknownDatasetError

PROG = "smartkorea"


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)


def _say(line: str) -> None:
    print(line, flush=True)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
    return value


def _data_folder(path: str | None) -> Path | None:
    """A data package folder given on the command line (a datapackage.json path also works)."""
    if path is None:
        return None
    folder = Path(path)
    if folder.is_file() and folder.name == "datapackage.json":
        folder = folder.parent
    if not folder.is_dir():
        raise _UsageError(f"no such folder: {path}")
    return folder


class _UsageError(Exception):
    """A mistake on the command line: one line on stderr, exit 2."""


# --------------------------------------------------------------------------- commands


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def _cell(value) -> str:
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def cmd_datasets(args: argparse.Namespace) -> int:
    from .catalog import datasets

    table = datasets(_data_folder(args.data))
    headers = [str(c) for c in table.columns]
    rows = [[_cell(v) for v in row] for row in table.itertuples(index=False)]
    if "first_year" in headers and "last_year" in headers:  # one "years" column: 1990-2023
        i, j = headers.index("first_year"), headers.index("last_year")
        for row in rows:
            first, last = row[i], row[j]
            row[i] = first if first == last else f"{first}-{last}"
        headers[i] = "years"
        del headers[j]
        for row in rows:
            del row[j]
    print(_table(rows, headers))
    print(f"\n{len(rows)} datasets. How to cite one: smartkorea cite NAME")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from .catalog import cite

    print(cite(args.name, _data_folder(args.data)))
    return 0


def _problem_line(problem: DataValidationError, folder: Path) -> str:
    try:
        file = str(Path(problem.file).resolve().relative_to(folder.resolve()))
    except ValueError:
        file = problem.file
    where = [file]
    if problem.row is not None:
        where.append(f"row {problem.row}")
    if problem.column is not None:
        where.append(f"column {problem.column!r}")
    return f"{', '.join(where)}: expected {problem.expected}; found {problem.found}"


def cmd_validate(args: argparse.Namespace) -> int:
    from .catalog import data_dir, names, problems

    folder = _data_folder(args.data_dir) or data_dir()
    found = problems(folder)
    if found:
        for problem in found:
            print(_problem_line(problem, folder))
        files = len({p.file for p in found})
        print(
            f"\n{len(found)} problem{'s' if len(found) != 1 else ''} in "
            f"{files} file{'s' if files != 1 else ''} of {folder}"
        )
        return 1
    n = len(names(folder))
    print(f"{folder}: valid ({n} dataset{'s' if n != 1 else ''})")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    try:
        from . import report
    except ImportError as exc:
        raise _UsageError(
            f"the report needs the notebook tools ({exc.name} is missing): "
            "pip install 'smartkorea[notebooks]'"
        ) from None
    try:
        report.build(
            args.out, args.notebooks, jobs=args.jobs, timeout=args.timeout, progress=_say,
            code=not args.hide_code, pdf=args.pdf,
        )
    except report.ReportError as exc:
        raise _UsageError(str(exc)) from None
    except report.NotebookExecutionError as exc:
        print(file=sys.stderr)
        for failure in exc.failures:
            print(failure.describe(), file=sys.stderr)
            print(file=sys.stderr)
        n = len(exc.failures)
        _error(
            f"{n} notebook{'s' if n != 1 else ''} failed "
            f"({'; '.join(f.notebook + (f' cell {f.cell}' if f.cell else '') for f in exc.failures)}); "
            f"the report was not written and {args.out} is unchanged"
        )
        return 1
    return 0


def _wdi_number(value: float, decimals: int, unit: str, *, signed: bool = False) -> str:
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:{'+' if signed else ''},.{decimals}f}{unit}"


def _decimals_to_show(change: float, decimals: int) -> int:
    """Enough decimals that a small revision does not print as 0 (two significant figures)."""
    import math

    if math.isnan(change) or change == 0 or abs(change) >= 10.0 ** -decimals:
        return decimals
    magnitude = float(f"{abs(change):.9g}")  # 9.99999e-06 from float noise is 1e-05
    return max(decimals, 1 - math.floor(math.log10(magnitude)))


def _download(code: str, folder: Path) -> Path:
    """Fetch one indicator's bulk-download zip from the World Bank (needs a network)."""
    import urllib.error
    import urllib.request

    from .wdi import bulk_url

    target = folder / f"{code}.zip"
    try:
        with urllib.request.urlopen(bulk_url(code), timeout=120) as response:  # noqa: S310
            target.write_bytes(response.read())
    except (urllib.error.URLError, OSError) as exc:
        raise _UsageError(f"could not download {bulk_url(code)}: {exc}") from None
    return target


def cmd_import_wdi(args: argparse.Namespace) -> int:
    import tempfile
    from datetime import date

    from .catalog import data_dir, describe, load
    from .wdi import INDICATORS, import_wdi

    folder = _data_folder(args.data) or data_dir()
    files = [Path(f) for f in args.files]
    with tempfile.TemporaryDirectory(prefix="smartkorea-download-") as scratch:
        for code in args.download or []:
            if code not in INDICATORS:
                raise _UsageError(
                    f"--download {code}: not an indicator the package carries; known: "
                    f"{', '.join(sorted(INDICATORS))}"
                )
            _say(f"Downloading {code} from the World Bank ...")
            files.append(_download(code, Path(scratch)))
        if not files:
            raise _UsageError("give one or more World Bank files, or --download INDICATOR")
        results = import_wdi(files, folder)
    names = dict(zip(load("countries", folder)["country"].astype(str),
                     load("countries", folder)["short_name"].astype(str)))
    for n, done in enumerate(results):
        if n:
            print()
        target = INDICATORS[done.release.code]
        title = describe(done.dataset, folder).get("title") or done.dataset
        when = date.fromisoformat(done.release.updated)
        print(f"{done.release.name} (World Bank {done.release.code}), "
              f"last updated {when.day} {when:%B %Y}")
        if done.added:
            print(f"Added to {title} as vintage {done.vintage}: "
                  f"{done.added:,} value{'s' if done.added != 1 else ''}.")
        else:
            print(f"Already in {title} as vintage {done.vintage}: nothing added.")
        for other, n in list(done.tables.items())[1:]:
            other_title = describe(other, folder).get("title") or other
            print(f"Also in {other_title}: {n:,} value{'s' if n != 1 else ''} added." if n
                  else f"Already in {other_title}: nothing added.")
        if done.previous is None:
            print("No earlier World Bank vintage to compare with.")
            continue
        table = done.revisions
        counts = table["status"].value_counts()
        parts = [f"{counts.get(k, 0):,} {label}" for k, label in
                 (("revised", "revised"), ("added", "new"), ("dropped", "dropped")) if counts.get(k, 0)]
        print(f"Against {done.previous}: {', '.join(parts) or 'no value changed'}.")
        if table.empty:
            continue
        unit, cunit = target.unit, target.change_unit
        rows = []
        for r in table.itertuples(index=False):
            d = _decimals_to_show(r.change, target.decimals)
            change = {"added": "new", "dropped": "dropped"}.get(
                r.status, _wdi_number(r.change, d, cunit, signed=True))
            rows.append([names.get(r.country, r.country), str(r.year),
                         _wdi_number(r.old, d, unit), _wdi_number(r.new, d, unit), change])
        print()
        print(_table(rows, ["Country", "Year", done.previous, done.vintage, "Change"]))
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from . import verdicts

    folder = _data_folder(args.data)
    if args.format == "claimreview":
        print(verdicts.to_jsonld(data=folder, url=args.url))
    elif args.format == "csv":
        sys.stdout.write(verdicts.table(data=folder).to_csv(index=False, lineterminator="\n"))
    else:
        sys.stdout.write(verdicts.to_markdown(data=folder))
    return 0


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Sourced data and notebooks on why South Korea suits business-led "
        "smart-city collaboration.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("datasets", help="list the datasets of the data package")
    p.add_argument("--data", metavar="DIR", help="another data package folder")
    p.set_defaults(func=cmd_datasets)

    p = sub.add_parser("cite", help="print how to cite a dataset and its sources")
    p.add_argument("name", metavar="NAME", help="a dataset name (see: smartkorea datasets)")
    p.add_argument("--data", metavar="DIR", help="another data package folder")
    p.set_defaults(func=cmd_cite)

    p = sub.add_parser(
        "validate",
        help="check a data package against its schemas; list every problem",
        description="Check every table of a data package (default: the one shipped with "
        "smartkorea) and print each problem with its file, row and column. Exit 1 if any.",
    )
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR", help="a data package folder")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "report",
        help="execute the notebooks and build the HTML report and figures",
        description="Execute every notebook in parallel and write an HTML page per notebook, "
        "an index.html, a sources.html and every figure as PNG and SVG (figures/); with --pdf "
        "also report.pdf. The previous report is "
        "replaced only when the new one is complete.",
    )
    p.add_argument("--out", default="build/report", metavar="DIR",
                   help="the report folder (default: %(default)s)")
    p.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                   help=f"notebooks run at once (default: the number of CPUs, {os.cpu_count()})")
    p.add_argument("--notebooks", default=None, metavar="DIR",
                   help="the folder of notebooks (default: the checkout's notebooks/)")
    p.add_argument("--timeout", type=_positive_float, default=600, metavar="SECONDS",
                   help="time allowed per notebook (default: %(default)s)")
    p.add_argument("--hide-code", action="store_true",
                   help="leave the code out of the pages (narrative, tables and charts only); "
                   "without it each code cell is folded under 'Code'")
    p.add_argument("--pdf", action="store_true",
                   help="also print the whole report (code hidden) to report.pdf with headless Chromium")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "import-wdi",
        help="add World Bank (WDI) bulk downloads as new vintages; print what they revised",
        description="Read World Bank bulk downloads (API_<INDICATOR>_DS2_en_csv_v2_*.csv as "
        "published, or the .zip they come in), add the package's countries to the table that "
        "carries the indicator as the vintage 'WDI YYYY-MM' of the file's Last Updated Date, "
        "with its source, and print every value the release revised against the previous "
        "vintage. Earlier vintages are kept; importing twice changes nothing; on any error "
        "nothing is written.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="a World Bank bulk CSV or zip")
    p.add_argument("--data", metavar="DIR", help="the data package folder to update "
                   "(default: the one smartkorea reads)")
    p.add_argument("--download", action="append", metavar="INDICATOR",
                   help="fetch this indicator's zip from the World Bank first (needs a network); "
                   "may be repeated")
    p.set_defaults(func=cmd_import_wdi)

    p = sub.add_parser(
        "claims",
        help="print the article's claims with their graded verdicts",
        description="Print every claim of the 2019 KTN article once, with its verdict, the "
        "conclusion computed from the data and the rule that gave it: as schema.org ClaimReview "
        "JSON-LD (for fact-check aggregators and search engines), CSV or a Markdown table.",
    )
    p.add_argument("--format", choices=["claimreview", "csv", "markdown"], default="markdown",
                   help="output format (default: %(default)s)")
    p.add_argument("--url", metavar="URL", default=None,
                   help="claimreview only: the page publishing the fact-check (each review gets URL#claim)")
    p.add_argument("--data", metavar="DIR", help="another data package folder")
    p.set_defaults(func=cmd_claims)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (argparse exits 2 on a bad option)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except (_UsageError, UnknownDatasetError) as exc:
        _error(str(exc))
        return 2
    except DataValidationError as exc:
        _error(f"{exc} (run 'smartkorea validate' to list every problem)")
        return 1
    except (SmartKoreaError, FileNotFoundError) as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `smartkorea datasets | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
