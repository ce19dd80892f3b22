"""Building the report folder: every notebook executed and rendered, then swapped in whole.

The report is built in a temporary sibling folder, several notebooks at a time, and swapped
in only when complete: if a notebook fails, :class:`NotebookExecutionError` names the notebook
and cell, and the previous report stays as it was. Besides the pages and the index, the folder
holds ``sources.html`` (every source once) and, when asked, ``report.pdf`` (the whole report
printed by headless Chromium, code hidden). The fact-check notebook's page
(:data:`CLAIMREVIEW_PAGE`) embeds the fact-check as schema.org ClaimReview JSON-LD.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import __version__
from ..errors import NotebookExecutionError, ReportError
from .execute import DEFAULT_TIMEOUT, Failure, execute_notebook
from .html import Page, export_figures, render_index, render_page
from .notebook import default_notebooks, find_notebooks, notebook_headline, notebook_title
from .pdf import PDF_NAME, print_document, require_chromium, write_pdf
from .sources import SOURCES_PAGE, render_sources

MARKER = ".smartkorea-report"  # the file that marks a folder as a report the build may replace
CLAIMREVIEW_PAGE = "06_fact_check"  # the notebook (stem) whose page embeds the ClaimReview JSON-LD


@dataclass
class Report:
    out: Path
    pages: list[Page]
    seconds: float

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    @property
    def sources(self) -> Path:
        return self.out / SOURCES_PAGE

    @property
    def pdf(self) -> Path | None:
        """The report's PDF, or None when it was built without one."""
        path = self.out / PDF_NAME
        return path if path.is_file() else None


def _build_page(path: Path, folder: Path, timeout: float, code: bool = True,
                head_extra: str = "", printed: bool = False) -> Page | Failure:
    """Execute one notebook and write its page and figures into the report folder.

    ``head_extra`` goes into the page's head; ``printed`` also renders the page with its code
    left out (``Page.print_body``) for the PDF.
    """
    start = time.monotonic()
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:
        return Failure(path.name, None, f"cannot read the notebook: {exc}")
    failed = execute_notebook(nb, path.parent, timeout)
    if failed is not None:
        failed.notebook = path.name
        failed.seconds = time.monotonic() - start
        return failed
    try:
        title = notebook_title(nb) or path.stem
        page = Page(path.name, title, notebook_headline(nb), f"{path.stem}.html")
        page.figures = export_figures(nb, folder / "figures", path.stem)
        html_text = render_page(nb, title, path.parent, page.figures, code=code, head_extra=head_extra)
        (folder / page.html).write_text(html_text, encoding="utf-8")
        if printed:
            page.print_body = render_page(nb, title, path.parent, page.figures, code=False)
    except Exception as exc:
        return Failure(path.name, None, f"rendering failed: {type(exc).__name__}: {exc}")
    page.seconds = time.monotonic() - start
    return page


def _claimreview(data: str | Path | None) -> str:
    """The fact-check as a ``<script type="application/ld+json">`` block (data, never run)."""
    from .. import verdicts

    return verdicts.jsonld_script(data=data)


# --------------------------------------------------------------------------- the report folder


def _check_out(out: Path, notebooks: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ReportError(
            f"--out {out} is a folder that is not a smartkorea report (it has no {MARKER}); "
            "the report replaces its --out folder, so choose a new or empty folder"
        )
    nb = notebooks.resolve()
    if out.resolve() == nb or out.resolve() in nb.parents:
        raise ReportError(f"--out {out} would replace the notebooks folder {notebooks}")


def _swap(new: Path, out: Path) -> None:
    """Put the finished report ``new`` at ``out``; the old report is removed only afterwards."""
    os.chmod(new, 0o755)  # mkdtemp made it 0700
    if not out.exists() and not out.is_symlink():
        os.rename(new, out)
        return
    old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build(
    out: str | Path = "build/report",
    notebooks: str | Path | None = None,
    *,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
    code: bool = True,
    pdf: bool = False,
    data: str | Path | None = None,
) -> Report:
    """Execute the notebooks and write the report to ``out`` (replacing a previous report).

    Args:
        out: the report folder; built next to it in a temporary folder, then swapped in.
        notebooks: the folder of ``*.ipynb`` (default: the checkout's ``notebooks/``).
        jobs: notebooks executed at once (default: the number of CPUs).
        timeout: seconds allowed per notebook.
        progress: called with a line of text per event (start, each notebook, end).
        code: False leaves the code out of the pages (else it is folded under "Code").
        pdf: also write ``report.pdf``, the whole report printed by headless Chromium.
        data: the data package behind the sources page and the ClaimReview block (default:
            the one shipped with smartkorea, which the notebooks read).
        code: show the code cells (False: only the narrative, outputs and charts).

    Raises:
        ReportError: no notebooks, or ``out`` exists and is not a smartkorea report.
        NotebookExecutionError: a notebook failed (each failure names notebook and cell);
            ``out`` is left untouched.
    """
    say = progress or (lambda line: None)
    started = time.monotonic()
    folder = Path(notebooks) if notebooks is not None else default_notebooks()
    paths = find_notebooks(folder)
    out = Path(out).absolute()
    _check_out(out, folder)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    chromium = require_chromium() if pdf else None  # fail before executing anything
    claimreview = _claimreview(data) if any(p.stem == CLAIMREVIEW_PAGE for p in paths) else ""
    sources_page = render_sources(data)
    out.parent.mkdir(parents=True, exist_ok=True)

    say(
        f"Executing {len(paths)} notebook{'s' if len(paths) != 1 else ''} from {folder} "
        f"with {jobs} worker{'s' if jobs != 1 else ''} (timeout {timeout:g} s each)"
    )
    width = max(len(p.name) for p in paths)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        (tmp / "figures").mkdir()
        results: dict[Path, Page | Failure] = {}
        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="smartkorea-report")
        try:
            futures = {
                pool.submit(_build_page, p, tmp, timeout, code,
                            claimreview if p.stem == CLAIMREVIEW_PAGE else "", pdf): p
                for p in paths
            }
            for done, future in enumerate(as_completed(futures), 1):
                path = futures[future]
                result = results[path] = future.result()
                head = f"[{done}/{len(paths)}] {path.name:<{width}}  {result.seconds:6.1f} s"
                if isinstance(result, Failure):
                    cell = f" at cell {result.cell}" if result.cell is not None else ""
                    say(f"{head}  FAILED{cell}: {result.error}")
                else:
                    n = len(result.figures)
                    no_svg = sum(1 for f in result.figures if f.svg is None)
                    note = f" ({no_svg} without SVG)" if no_svg else ""
                    say(f"{head}  ok, {n} figure{'s' if n != 1 else ''}{note}")
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

        failures = [r for p in paths if isinstance(r := results[p], Failure)]
        if failures:
            raise NotebookExecutionError(failures)
        pages = [results[p] for p in paths]
        (tmp / "index.html").write_text(render_index(pages), encoding="utf-8")
        (tmp / SOURCES_PAGE).write_text(sources_page, encoding="utf-8")
        if pdf:
            say(f"Printing {PDF_NAME} with {chromium}")
            document = tmp / ".print.html"
            document.write_text(print_document(pages), encoding="utf-8")
            write_pdf(document, tmp / PDF_NAME, chromium)
            document.unlink()
        (tmp / MARKER).write_text(
            json.dumps(
                {"generator": "smartkorea report", "version": __version__,
                 "notebooks": [p.notebook for p in pages]},
                indent=1,
            ) + "\n",
            encoding="utf-8",
        )
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report = Report(out, pages, time.monotonic() - started)
    total = sum(len(p.figures) for p in pages)
    say(
        f"Report: {report.index} ({len(pages)} page{'s' if len(pages) != 1 else ''}, "
        f"{total} figure{'s' if total != 1 else ''} "
        f"in {out / 'figures'}) in {report.seconds:.1f} s"
    )
    return report
