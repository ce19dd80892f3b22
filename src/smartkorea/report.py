"""Execute the notebooks and build the HTML report: a page per notebook, an index, the figures.

    smartkorea report --out build/report --jobs 2

Every notebook of the ``notebooks`` folder (``NN_name.ipynb``, sorted by name) runs top to bottom
in a fresh ``python3`` kernel of the current environment, with the notebook's folder as working
directory, several at a time. The report folder then holds:

``index.html``
    the notebooks in order, each with its title (the first ``# `` heading), its headline finding
    and thumbnails of its figures;
``NN_name.html``
    each executed notebook (nbconvert's ``lab`` look with its CSS inlined, figures shown from
    ``figures/`` by relative links, no scripts at all: the pages open offline, from disk or
    any static server);
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
"""

from __future__ import annotations

import asyncio
import base64
import copy
import html
import json
import logging
import math
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from . import __version__
from .errors import NotebookExecutionError, ReportError

__all__ = [
    "FIGURE_FORMATS_ENV",
    "HEADLINE_TAG",
    "Failure",
    "NotebookExecutionError",
    "Page",
    "Report",
    "ReportError",
    "build",
    "default_notebooks",
    "export_figures",
    "find_notebooks",
    "notebook_headline",
    "notebook_title",
]

FIGURE_FORMATS_ENV = "SMARTKOREA_FIGURE_FORMATS"
HEADLINE_TAG = "headline"
MARKER = ".smartkorea-report"
DEFAULT_TIMEOUT = 600

# Run silently at kernel start (own namespace: no name lands in the notebook): a fixed SVG id
# salt, so exported SVGs are reproducible, and PNG and SVG formatters for matplotlib figures
# shown without pyplot, like smartkorea.charts' (a figure's own _repr_png_ / _repr_svg_ wins
# when it returns something). Figures shown through pyplot's inline backend get both formats
# from the InlineBackend options below.
_KERNEL_STARTUP = """
import io
import matplotlib
from IPython import get_ipython

matplotlib.rcParams["svg.hashsalt"] = "smartkorea"

def formatter(fmt, method, metadata):
    def render(fig):
        own = getattr(fig, method, None)
        data = own() if own is not None else None
        if data is not None:
            return data
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata=metadata)
        data = buf.getvalue()
        return data.decode("utf-8") if fmt == "svg" else data
    return render

formatters = get_ipython().display_formatter.formatters
formatters["image/png"].for_type_by_name(
    "matplotlib.figure", "Figure", formatter("png", "_repr_png_", {}))
formatters["image/svg+xml"].for_type_by_name(
    "matplotlib.figure", "Figure", formatter("svg", "_repr_svg_", {"Date": None}))
"""

# Command-line configuration of every kernel the report starts: PNG and SVG for every figure,
# no date in SVG metadata; exec_lines run silently (no execution count, no output).
KERNEL_ARGUMENTS = [
    "--InlineBackend.figure_formats=['png', 'svg']",
    "--InlineBackend.print_figure_kwargs={'bbox_inches': 'tight', 'metadata': {'Date': None}}",
    "--IPKernelApp.exec_lines="
    + repr([f"exec({_KERNEL_STARTUP!r}, {{'__name__': 'smartkorea_report_startup'}})"]),
]

_PNG, _SVG = "image/png", "image/svg+xml"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass
class Failure:
    """A notebook that could not be executed or rendered."""

    notebook: str  # file name, e.g. "02_broadband.ipynb"
    cell: int | None  # 1-based position among all the notebook's cells; None if not in a cell
    error: str  # one line, e.g. "ZeroDivisionError: division by zero"
    source: str = ""  # the failing cell's code
    details: str = ""  # traceback or kernel log, without colour codes
    seconds: float = 0.0
    code_cell: int | None = None  # 1-based position among the code cells

    @property
    def where(self) -> str:
        if self.cell is None:
            return self.notebook
        code = f" (code cell {self.code_cell})" if self.code_cell is not None else ""
        return f"{self.notebook}, cell {self.cell}{code}"

    def describe(self, max_lines: int = 25) -> str:
        """Several lines for a person: where, what, the cell's code and the traceback."""
        lines = [f"{self.where}: {self.error}"]
        if self.source.strip():
            lines.append("  cell source:")
            lines += ["    " + line for line in self.source.strip("\n").splitlines()[:10]]
        if self.details.strip():
            detail = self.details.strip("\n").splitlines()
            if len(detail) > max_lines:
                detail = ["..."] + detail[-max_lines:]
            lines += ["  " + line for line in detail]
        return "\n".join(lines)

    def __str__(self) -> str:
        return f"{self.where}: {self.error}"


@dataclass
class Figure:
    """One displayed chart, saved as files relative to the report folder."""

    number: int
    png: str | None
    svg: str | None


@dataclass
class Page:
    """One executed, rendered notebook."""

    notebook: str
    title: str
    headline: str | None
    html: str  # file name of the page in the report
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Report:
    out: Path
    pages: list[Page]
    seconds: float

    @property
    def index(self) -> Path:
        return self.out / "index.html"


# --------------------------------------------------------------------------- finding notebooks


def default_notebooks() -> Path:
    """The checkout's ``notebooks/`` folder, else ``./notebooks``."""
    checkout = Path(__file__).resolve().parents[2] / "notebooks"
    return checkout if checkout.is_dir() else Path("notebooks")


def find_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The notebooks of a folder, sorted by name (``00_summary.ipynb`` first)."""
    folder = Path(folder) if folder is not None else default_notebooks()
    if not folder.is_dir():
        raise ReportError(f"no notebooks folder at {folder} (pass --notebooks DIR)")
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise ReportError(f"no notebooks (*.ipynb) in {folder}")
    for path in found:
        if path.stem.lower() == "index":
            raise ReportError(f"{path}: a notebook may not be called 'index' (the report's index.html)")
    return found


# --------------------------------------------------------------------------- title and headline


def _plain(text: str) -> str:
    """Markdown inline text as plain text: links, emphasis and code marks removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return " ".join(text.split())


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _paragraphs(markdown: str):
    """Yield ('heading', level, text) and ('para', None, text) blocks of a markdown text."""
    para: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            if para:
                yield "para", None, " ".join(para)
                para = []
            continue
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading or not line.strip():
            if para:
                yield "para", None, " ".join(para)
                para = []
            if heading:
                yield "heading", len(heading.group(1)), heading.group(2)
            continue
        stripped = line.strip()
        # tables, raw HTML, images, rules and quotes make poor headlines: skip them
        if stripped.startswith(("|", "<", "![", "---", "***", "___", ">")):
            if para:
                yield "para", None, " ".join(para)
                para = []
            continue
        para.append(stripped)
    if para:
        yield "para", None, " ".join(para)


def _markdown_texts(nb):
    """The notebook's markdown in document order: cell sources and markdown outputs."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield cell, _join(cell.source)
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/markdown" in data:
                    yield cell, _join(data["text/markdown"])


def notebook_title(nb) -> str | None:
    """The text of the first level-1 markdown heading (``# ...``) of a notebook's markdown cells."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for kind, level, text in _paragraphs(_join(cell.source)):
                if kind == "heading" and level == 1:
                    return _plain(text)
    return None


def notebook_headline(nb) -> str | None:
    """The notebook's headline finding, as markdown text (None if it has none).

    The first paragraph of the cell tagged ``headline`` (a markdown cell's text, or a code cell's
    markdown or plain-text output); without such a cell, the first paragraph after the title,
    in document order, of the markdown cells and the markdown outputs (``display(Markdown(...))``).
    """
    for cell in nb.cells:
        if HEADLINE_TAG in cell.get("metadata", {}).get("tags", []):
            if cell.cell_type == "markdown":
                texts = [_join(cell.source)]
            else:
                texts = []
                for out in cell.get("outputs", []):
                    data = out.get("data", {})
                    if "text/markdown" in data:
                        texts.append(_join(data["text/markdown"]))
                    elif "text/plain" in data:
                        texts.append(_join(data["text/plain"]).strip("'\""))
                    elif out.get("output_type") == "stream":
                        texts.append(_join(out.get("text", "")))
            for text in texts:
                for kind, _, para in _paragraphs(text):
                    if kind == "para":
                        return para
    seen_title = notebook_title(nb) is None  # no title: take the first paragraph of all
    for _, text in _markdown_texts(nb):
        for kind, level, para in _paragraphs(text):
            if kind == "heading":
                if level == 1:
                    seen_title = True
            elif seen_title:
                return para
    return None


# --------------------------------------------------------------------------- figures


def _image_outputs(nb):
    """Every output holding a PNG or SVG image, in document order (figure 1, 2, ...)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if _PNG in data or _SVG in data:
                yield out


def export_figures(nb, folder: Path, stem: str, prefix: str = "figures") -> list[Figure]:
    """Write every PNG and SVG output of an executed notebook into ``folder``.

    Files are ``<stem>_<K>.png`` and ``<stem>_<K>.svg``, K counting displayed figures from 1; an
    output with both formats gives both files under the same K. Returns the files as paths
    relative to the report (``prefix/<name>``).
    """
    figures = []
    for number, out in enumerate(_image_outputs(nb), 1):
        data = out["data"]
        png = svg = None
        if _PNG in data:
            name = f"{stem}_{number}.png"
            (folder / name).write_bytes(base64.b64decode(_join(data[_PNG])))
            png = f"{prefix}/{name}"
        if _SVG in data:
            name = f"{stem}_{number}.svg"
            (folder / name).write_text(_join(data[_SVG]), encoding="utf-8")
            svg = f"{prefix}/{name}"
        figures.append(Figure(number, png, svg))
    return figures


# --------------------------------------------------------------------------- HTML

_PAGE_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{#- nbconvert's lab look without any script from the network: no require.js, MathJax,
    mermaid or widget loaders (the report has no widgets; TeX shows as written). -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  .sk-nav { max-width: 1100px; margin: 0 auto; padding: 12px 16px 0; font: 14px system-ui, sans-serif; }
  .sk-nav a { color: #1a5fb4; text-decoration: none; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
</style>
{%- endblock extra_css -%}
{#- pygments escapes the code it highlights: skip nbconvert's bleach pass (~0.1 s a cell) -#}
{% block input %}
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
     <div class="cm-editor cm-s-jupyter">
{{ cell.source | highlight_code(metadata=cell.metadata) }}
     </div>
</div>
{%- endblock input %}
{%- block body_header -%}
{{ super() }}
<nav class="sk-nav"><a href="index.html">&larr; All notebooks</a></nav>
{%- endblock body_header -%}
"""

_exporter_lock = threading.Lock()
_exporters: dict[bool, HTMLExporter] = {}


def _render(nb, resources: dict, code: bool = True) -> str:
    """Render with a shared exporter (its template compiles once), one page at a time.

    ``code=False`` leaves out the code cells' input, keeping their outputs (text, tables, charts).
    """
    with _exporter_lock:
        if code not in _exporters:
            _exporters[code] = HTMLExporter(
                template_name="lab",
                extra_loaders=[DictLoader({"smartkorea-page.html.j2": _PAGE_TEMPLATE})],
                template_file="smartkorea-page.html.j2",
                embed_images=True,
                exclude_input=not code,
                exclude_input_prompt=not code,
                exclude_output_prompt=not code,
            )
        body, _ = _exporters[code].from_notebook_node(nb, resources=resources)
    return body


def render_page(
    nb, title: str, folder: Path, figures: list[Figure] | None = None, *, code: bool = True
) -> str:
    """An executed notebook as an HTML page that needs no network.

    With ``figures`` (from :func:`export_figures`), each figure is shown from its exported PNG
    (``<img src="figures/...png">``, relative to the page); without, images are embedded as
    data URIs. Figures that carry both PNG and SVG are shown as PNG. ``code=False`` hides the
    code, for readers who want only the narrative, tables and charts.
    """
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    for out, fig in zip(_image_outputs(nb), figures or []):
        if fig.png:
            out.setdefault("metadata", {})["filenames"] = {_PNG: fig.png}
    for out in _image_outputs(nb):
        if _PNG in out["data"] and _SVG in out["data"]:
            del out["data"][_SVG]
    return _render(nb, {"metadata": {"name": title, "path": str(folder)}}, code)


_INDEX_CSS = """
  body { margin: 0; background: #fafafa; color: #222; font: 16px/1.5 system-ui, -apple-system,
         "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
  h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.2em 0 0.3em; }
  .lede { color: #555; margin-top: 0; }
  ol.notebooks { list-style: none; padding: 0; margin: 0; }
  ol.notebooks > li { background: #fff; border: 1px solid #e3e3e3; border-radius: 8px;
                      padding: 16px 20px; margin: 16px 0; }
  h2 { font-size: 1.25rem; margin: 0 0 0.3em; }
  h2 a { color: #1a5fb4; text-decoration: none; }
  h2 a:hover { text-decoration: underline; }
  .number { color: #888; font-weight: normal; margin-right: 0.4em; }
  .headline p { margin: 0.3em 0; }
  .meta { color: #777; font-size: 0.85rem; margin: 0.4em 0 0; }
  .figures { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 10px; }
  figure { margin: 0; width: 200px; }
  figure img { width: 200px; height: auto; border: 1px solid #eee; background: #fff; display: block; }
  figcaption { font-size: 0.8rem; color: #666; }
  figcaption a { color: #1a5fb4; }
"""


def render_index(pages: list[Page]) -> str:
    """The report's ``index.html``: every notebook's title, headline and figures."""
    esc = html.escape
    items = []
    for page in pages:
        number = page.notebook.split("_", 1)[0] if re.match(r"^\d+_", page.notebook) else ""
        parts = [
            "<li>",
            f'<h2><a href="{esc(page.html)}">'
            + (f'<span class="number">{esc(number)}</span>' if number else "")
            + f"{esc(page.title)}</a></h2>",
        ]
        if page.headline:
            parts.append(f'<div class="headline">{markdown2html_mistune(page.headline)}</div>')
        count = len(page.figures)
        parts.append(
            f'<p class="meta">{esc(page.notebook)} &middot; {count} figure{"s" if count != 1 else ""}</p>'
        )
        if page.figures:
            parts.append('<div class="figures">')
            for fig in page.figures:
                image = fig.png or fig.svg
                links = " &middot; ".join(
                    f'<a href="{esc(path)}">{kind}</a>'
                    for kind, path in (("PNG", fig.png), ("SVG", fig.svg))
                    if path
                )
                parts.append(
                    f'<figure><a href="{esc(page.html)}"><img src="{esc(image)}" '
                    f'alt="Figure {fig.number} of {esc(page.title)}"></a>'
                    f"<figcaption>Figure {fig.number} &middot; {links}</figcaption></figure>"
                )
            parts.append("</div>")
        parts.append("</li>")
        items.append("\n".join(parts))
    n = len(pages)
    total = sum(len(p.figures) for p in pages)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="smartkorea {esc(__version__)}">
<title>Why South Korea suits business-led smart-city collaboration &mdash; smartkorea report</title>
<style>{_INDEX_CSS}</style>
</head>
<body>
<main>
<h1>Why South Korea suits business-led smart-city collaboration</h1>
<p class="lede">{n} notebook{"s" if n != 1 else ""}, executed from the sourced data of the smartkorea
data package. Each figure is available as PNG and SVG ({total} in all).</p>
<ol class="notebooks">
{chr(10).join(items)}
</ol>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------- execution


class _Client(NotebookClient):
    """A NotebookClient whose ``python3`` kernel is always this interpreter's ipykernel.

    A user-level ``python3`` kernelspec (``~/.local/share/jupyter/kernels``) could point at
    another Python; an empty ``kernel_dirs`` makes jupyter_client use ipykernel's native spec,
    whose command is ``sys.executable -m ipykernel_launcher``.
    """

    def create_kernel_manager(self):
        self.km = self.kernel_manager_class(
            kernel_name="python3",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[]),
            config=self.config,
        )
        return self.km


# nbclient logs what we report ourselves (e.g. "Timeout waiting for execute reply"): keep quiet.
_QUIET = logging.getLogger("smartkorea.report.nbclient")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env[FIGURE_FORMATS_ENV] = "png,svg"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences a debugger warning
    return env


def _clean(text: str) -> str:
    return _ANSI.sub("", text)


def _run(coroutine):
    """Run a coroutine on a private event loop, cancelling whatever it leaves behind.

    (After a cell times out nbclient leaves its output-polling task pending; on a shared loop
    it would be reported as "Task was destroyed but it is pending" at exit.)
    """
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coroutine)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def execute_notebook(nb, folder: Path, timeout: float = DEFAULT_TIMEOUT) -> Failure | None:
    """Execute a notebook in place; return a :class:`Failure` (notebook name left empty) or None.

    ``timeout`` bounds the whole notebook: each cell gets the time that is left.
    """
    current: dict[str, int | None] = {"cell": None}
    deadline = time.monotonic() + timeout

    def on_cell_start(cell, cell_index):
        current["cell"] = cell_index

    def cell_timeout(cell):
        return max(1, math.ceil(deadline - time.monotonic()))

    client = _Client(
        nb,
        kernel_name="python3",
        timeout_func=cell_timeout,
        startup_timeout=60,
        extra_arguments=list(KERNEL_ARGUMENTS),
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
        on_cell_start=on_cell_start,
        log=_QUIET,
        shutdown_kernel="immediate",  # nothing to save; a timed-out kernel may be busy
    )

    def failure(error: str, details: str = "") -> Failure:
        index = current["cell"]
        if index is None:
            return Failure("", None, error, "", _clean(details))
        code = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
        source = _join(nb.cells[index].source)
        return Failure("", index + 1, error, source, _clean(details), code_cell=code or None)

    # The kernel's own log (not the notebook's output) goes to a file, shown only on failure.
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:

        def kernel_log() -> str:
            log.flush()
            log.seek(0)
            return log.read()[-4000:]

        try:
            _run(client.async_execute(env=_kernel_env(), stdout=log, stderr=log))
        except CellExecutionError as exc:
            # nbclient's message repeats the cell between two rules, then the traceback
            parts = exc.traceback.split("------------------\n", 2)
            return failure(f"{exc.ename}: {exc.evalue}", parts[-1].strip("\n"))
        except CellTimeoutError:
            return failure(f"timed out: the notebook took longer than {timeout:g} s")
        except DeadKernelError:
            return failure("the kernel died", kernel_log())
        except Exception as exc:  # kernel failed to start, invalid notebook, ...
            return failure(f"{type(exc).__name__}: {exc}", kernel_log())
    return None


def _build_page(path: Path, folder: Path, timeout: float, code: bool = True) -> Page | Failure:
    """Execute one notebook and write its page and figures into the report folder."""
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
        html_text = render_page(nb, title, path.parent, page.figures, code=code)
        (folder / page.html).write_text(html_text, encoding="utf-8")
    except Exception as exc:
        return Failure(path.name, None, f"rendering failed: {type(exc).__name__}: {exc}")
    page.seconds = time.monotonic() - start
    return page


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
) -> Report:
    """Execute the notebooks and write the report to ``out`` (replacing a previous report).

    Args:
        out: the report folder; built next to it in a temporary folder, then swapped in.
        notebooks: the folder of ``*.ipynb`` (default: the checkout's ``notebooks/``).
        jobs: notebooks executed at once (default: the number of CPUs).
        timeout: seconds allowed per notebook.
        progress: called with a line of text per event (start, each notebook, end).
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
            futures = {pool.submit(_build_page, p, tmp, timeout, code): p for p in paths}
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
