"""The report as one print-ready PDF, printed by headless Chromium.

:func:`print_document` joins a contents page (every notebook's title, verdict line and "Data
to" date) and every notebook page with its code left out into one HTML document, each
notebook starting on a new page; :func:`write_pdf` has Chromium print it to PDF (A4, no
browser header or footer). Chromium is Debian's ``chromium`` (or ``SMARTKOREA_CHROMIUM``, a
Chrome/Chromium binary); it runs headless with a throw-away profile and no network features.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ReportError
from .html import CSP_META, PRINT_CSS, REPORT_TITLE, Page, index_entries

CHROMIUM_ENV = "SMARTKOREA_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PDF_NAME = "report.pdf"
PDF_TIMEOUT = 300  # seconds for Chromium to print the whole report

# Chromium's flags for printing: headless, no sandbox (containers run as root), and no
# background traffic (updates, sync, QUIC probes) from a throw-away profile.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--no-pdf-header-footer",
)

_HEAD_STYLES = re.compile(r"<style[^>]*>.*?</style>", re.S | re.I)
_BODY = re.compile(r"<body([^>]*)>(.*)</body>", re.S | re.I)

# the contents page's own rules, scoped so the notebook pages keep their look
_PRINT_CSS = """
  .sk-print-page { break-before: page; }
  .sk-print-page .sk-nav { display: none; }
  .sk-contents { font: 15px/1.5 system-ui, sans-serif; color: #222; padding: 0 8px; }
  .sk-contents h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 0.8em; }
  .sk-contents ol.notebooks { list-style: none; padding: 0; margin: 0; }
  .sk-contents ol.notebooks > li { margin: 0 0 14px; break-inside: avoid; }
  .sk-contents h2 { font-size: 1.1rem; margin: 0 0 0.2em; }
  .sk-contents .number { color: #888; font-weight: normal; margin-right: 0.4em; }
  .sk-contents .verdict p { margin: 0.2em 0; }
  .sk-contents .meta { color: #777; font-size: 0.85rem; margin: 0.2em 0 0; }
"""


def find_chromium() -> str | None:
    """A working Chromium: ``$SMARTKOREA_CHROMIUM`` if set, else the first of
    :data:`BROWSERS` on the PATH whose ``--version`` answers; None if there is none."""
    override = os.environ.get(CHROMIUM_ENV)
    for name in [override] if override else BROWSERS:
        path = shutil.which(name)
        if not path:
            continue
        try:
            probe = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0 and re.search(r"\d+\.\d+", probe.stdout):
            return path
    return None


def require_chromium() -> str:
    """:func:`find_chromium`, or a :class:`ReportError` saying how to get one."""
    path = find_chromium()
    if path is None:
        override = os.environ.get(CHROMIUM_ENV)
        raise ReportError(
            f"--pdf needs Chromium: {CHROMIUM_ENV}={override} is not a working browser" if override
            else "--pdf needs Chromium (looked for " + ", ".join(BROWSERS) + "); install Debian's "
            f"'chromium' package or set {CHROMIUM_ENV}"
        )
    return path


def print_document(pages: list[Page]) -> str:
    """One HTML document for printing: a contents page, then every page's print body.

    Each :class:`Page` must carry ``print_body`` (its page rendered with the code left out);
    the notebook pages' shared stylesheet is taken from the first.
    """
    missing = [p.notebook for p in pages if not p.print_body]
    if missing:
        raise ReportError(f"no print version of {', '.join(missing)}")
    styles = _HEAD_STYLES.findall(pages[0].print_body.split("</head>", 1)[0]) if pages else []
    sections = []
    body_attributes = ""
    for page in pages:
        found = _BODY.search(page.print_body)
        if not found:
            raise ReportError(f"{page.notebook}: its page has no <body>")
        body_attributes = found.group(1)
        sections.append(f'<section class="sk-print-page">\n{found.group(2)}\n</section>')
    contents = f"""<section class="sk-contents">
<h1>{html.escape(REPORT_TITLE)}</h1>
<ol class="notebooks">
{index_entries(pages, figures=False, link=False)}
</ol>
</section>"""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{CSP_META}
<meta charset="utf-8">
<title>{html.escape(REPORT_TITLE)}</title>
{chr(10).join(styles)}
<style>{PRINT_CSS}{_PRINT_CSS}</style>
</head>
<body{body_attributes}>
{contents}
{chr(10).join(sections)}
</body>
</html>
"""


def write_pdf(document: Path, pdf: Path, chromium: str | None = None, *,
              timeout: float = PDF_TIMEOUT) -> Path:
    """Print the HTML file ``document`` to ``pdf`` with headless Chromium; return ``pdf``.

    Relative links in the document (the figures) resolve from its folder.

    Raises:
        ReportError: no Chromium, or Chromium failed or wrote no PDF (its last output lines).
    """
    browser = chromium or require_chromium()
    pdf = Path(pdf).absolute()
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="smartkorea-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={pdf}", Path(document).absolute().as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium took longer than {timeout:g} s to print {document.name}") from None
    if not pdf.is_file() or pdf.stat().st_size == 0 or not pdf.read_bytes().startswith(b"%PDF"):
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise ReportError(f"Chromium wrote no PDF (exit {result.returncode}): {tail}")
    return pdf
