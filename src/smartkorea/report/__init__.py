"""Execute the notebooks and build the HTML report: a page per notebook, an index, the figures.

    smartkorea report --out build/report --jobs 2 [--hide-code] [--pdf]

Every notebook of the ``notebooks`` folder (``NN_name.ipynb``, sorted by name) runs top to bottom
in a fresh ``python3`` kernel of the current environment, with the notebook's folder as working
directory, several at a time. The report folder then holds:

``index.html``
    the notebooks in order, each with its title (the first ``# `` heading), its verdict line
    (the headline's first sentence), the "Data to <Month YYYY>" its headline ends with, and
    thumbnails of its figures; a link to the sources page;
``NN_name.html``
    each executed notebook (nbconvert's ``lab`` look with its CSS inlined, each code cell
    folded under "Code" in a ``<details>`` element, figures shown from ``figures/`` by relative
    links): the pages open offline, from disk or any static server, and run no script at all,
    enforced by a Content-Security-Policy (:data:`CSP`) first in every page's head; the
    fact-check page embeds the ClaimReview JSON-LD (data, not script);
``sources.html``
    every source of the data once: publisher, title, date, link, the datasets using it;
``report.pdf`` (with ``--pdf``)
    the index and every page, code hidden, printed by headless Chromium;
``figures/NN_name_K.png`` and ``.svg``
    every chart the notebook displays, K counting from 1 in output order.

Every matplotlib figure a notebook displays arrives both as PNG and as real (vector) SVG without
the notebooks doing anything: the kernels start with ``InlineBackend.figure_formats = ['png',
'svg']`` (figures shown through pyplot) and with PNG/SVG display formatters for ``Figure``
objects shown without pyplot, which defer to a figure's own ``_repr_png_``/``_repr_svg_``. The
environment variable ``SMARTKOREA_FIGURE_FORMATS=png,svg`` is set in the kernels, so a figure
class can emit its own SVG only for the report (``_repr_svg_`` returning None otherwise).

The report is built in a temporary sibling folder and swapped in only when complete: if a
notebook fails, :class:`NotebookExecutionError` names the notebook and cell, and the previous
report stays as it was.

The work is split by job: :mod:`.notebook` reads notebooks (discovery, title, headline),
:mod:`.execute` runs one in a kernel, :mod:`.html` writes pages, index and figures,
:mod:`.sources` writes the sources page, :mod:`.pdf` prints the PDF and :mod:`.folder` builds
the report folder and swaps it in.
"""

from __future__ import annotations

from ..errors import NotebookExecutionError, ReportError
from .folder import CLAIMREVIEW_PAGE, MARKER, Report, build
from .execute import DEFAULT_TIMEOUT, FIGURE_FORMATS_ENV, KERNEL_ARGUMENTS, Failure, execute_notebook
from .html import CSP, CSP_META, Figure, Page, export_figures, render_index, render_page
from .notebook import (HEADLINE_TAG, default_notebooks, find_notebooks, headline_data_to,
                       notebook_headline, notebook_title, verdict_line)
from .pdf import PDF_NAME, find_chromium, print_document, write_pdf
from .sources import SOURCES_PAGE, render_sources

__all__ = [
    "CLAIMREVIEW_PAGE",
    "CSP",
    "CSP_META",
    "FIGURE_FORMATS_ENV",
    "PDF_NAME",
    "SOURCES_PAGE",
    "HEADLINE_TAG",
    "Failure",
    "NotebookExecutionError",
    "Page",
    "Report",
    "ReportError",
    "build",
    "default_notebooks",
    "export_figures",
    "find_chromium",
    "find_notebooks",
    "headline_data_to",
    "notebook_headline",
    "notebook_title",
    "print_document",
    "render_index",
    "render_page",
    "render_sources",
    "verdict_line",
    "write_pdf",
]
