"""The report's HTML: a page per executed notebook, the index, and the figure files.

Pages use nbconvert's ``lab`` template without any script (they open offline); each code
cell's input is folded in a ``<details>`` element (summary "Code"), open on a click, with no
JavaScript. Every page carries :data:`CSP_META` as the first element of its ``<head>``: a
Content-Security-Policy that allows no script at all, so a data value that slipped through as
markup still cannot run (JSON-LD blocks are data and are not executed). The index lists every
notebook's title, its verdict line (the headline's first sentence), the "Data to" date its
headline ends with, and figure thumbnails. Figures are written from the notebooks' PNG and SVG
outputs into ``figures/``.
"""

from __future__ import annotations

import base64
import copy
import html
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from .. import __version__
from .notebook import _PNG, _SVG, _image_outputs, _join, headline_data_to, verdict_line

#: The policy of every report page: nothing may load or run but images from the report itself
#: (or data URIs) and inline styles. No ``script-src``: no script runs, inline or not.
CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'

#: Print rules shared by every page and the PDF: no navigation or folded code on paper, figures
#: and table rows kept whole, A4 with the margins a printer needs.
PRINT_CSS = """
  @page { size: A4; margin: 16mm 14mm; }
  @media print {
    .sk-nav, details.sk-code { display: none !important; }
    body { background: #fff !important; }
    img, figure, tr, .jp-OutputArea-output { break-inside: avoid; }
    h1, h2, h3 { break-after: avoid; }
    a { color: inherit; text-decoration: none; }
  }
"""


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
    # the page rendered with its code left out, for the PDF (empty unless asked)
    print_body: str = field(default="", repr=False)

    @property
    def verdict(self) -> str | None:
        """The headline's first sentence (markdown), without its "Data to" date."""
        return verdict_line(self.headline)

    @property
    def data_to(self) -> str | None:
        """The "Data to <Month YYYY>" the headline ends with (None if it has none)."""
        return headline_data_to(self.headline)


# --------------------------------------------------------------------------- figures


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
{%- block html_head -%}
@@CSP_META@@
{{ super() }}
{{ resources.get("sk_head_extra", "") }}
{%- endblock html_head -%}
{%- block extra_css -%}
<style type="text/css">
  .sk-nav { max-width: 1100px; margin: 0 auto; padding: 12px 16px 0; font: 14px system-ui, sans-serif; }
  .sk-nav a { color: #1a5fb4; text-decoration: none; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
  details.sk-code > summary { cursor: pointer; color: #555; font: 13px system-ui, sans-serif;
                              padding: 2px 0 2px 4px; }
  details.sk-code > summary:hover { color: #1a5fb4; }
@@PRINT_CSS@@
</style>
{%- endblock extra_css -%}
{#- every code cell's input folded: a click on "Code" opens it, no script needed -#}
{% block input_group -%}
<details class="sk-code"><summary>Code</summary>
{{ super() }}
</details>
{%- endblock input_group %}
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
""".replace("@@CSP_META@@", CSP_META).replace("@@PRINT_CSS@@", PRINT_CSS)

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
    nb, title: str, folder: Path, figures: list[Figure] | None = None, *, code: bool = True,
    head_extra: str = "",
) -> str:
    """An executed notebook as an HTML page that needs no network and runs no script.

    With ``figures`` (from :func:`export_figures`), each figure is shown from its exported PNG
    (``<img src="figures/...png">``, relative to the page); without, images are embedded as
    data URIs. Figures that carry both PNG and SVG are shown as PNG. Code cells' input is
    folded in ``<details>``; ``code=False`` leaves the code out entirely, for readers who want
    only the narrative, tables and charts. ``head_extra`` is trusted HTML added to the
    ``<head>`` (the fact-check page's JSON-LD block).
    """
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    for out, fig in zip(_image_outputs(nb), figures or []):
        if fig.png:
            out.setdefault("metadata", {})["filenames"] = {_PNG: fig.png}
    for out in _image_outputs(nb):
        if _PNG in out["data"] and _SVG in out["data"]:
            del out["data"][_SVG]
    resources = {"metadata": {"name": title, "path": str(folder)}, "sk_head_extra": head_extra}
    return _render(nb, resources, code)


REPORT_TITLE = "Why South Korea suits business-led smart-city collaboration"

_BASE_CSS = """
  body { margin: 0; background: #fafafa; color: #222; font: 16px/1.5 system-ui, -apple-system,
         "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
  h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.2em 0 0.3em; }
  a { color: #1a5fb4; }
  .lede { color: #555; margin-top: 0; }
  .sk-nav { font-size: 14px; margin: 0 0 8px; }
  .sk-nav a { text-decoration: none; }
"""

_INDEX_CSS = """
  ol.notebooks { list-style: none; padding: 0; margin: 0; }
  ol.notebooks > li { background: #fff; border: 1px solid #e3e3e3; border-radius: 8px;
                      padding: 16px 20px; margin: 16px 0; }
  h2 { font-size: 1.25rem; margin: 0 0 0.3em; }
  h2 a { text-decoration: none; }
  h2 a:hover { text-decoration: underline; }
  .number { color: #888; font-weight: normal; margin-right: 0.4em; }
  .verdict p { margin: 0.3em 0; }
  .meta { color: #777; font-size: 0.85rem; margin: 0.4em 0 0; }
  .figures { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 10px; }
  figure { margin: 0; width: 200px; }
  figure img { width: 200px; height: auto; border: 1px solid #eee; background: #fff; display: block; }
  figcaption { font-size: 0.8rem; color: #666; }
  @media print { .figures { display: none; } ol.notebooks > li { break-inside: avoid; } }
"""


def document(title: str, body: str, css: str = "") -> str:
    """A complete report page (index, sources): the no-script policy first in its head.

    ``title`` is plain text (escaped here); ``body`` and ``css`` are trusted HTML and CSS.
    """
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{CSP_META}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="smartkorea {html.escape(__version__)}">
<title>{html.escape(title)}</title>
<style>{_BASE_CSS}{css}{PRINT_CSS}</style>
</head>
<body>
{body}
</body>
</html>
"""


def _number(page: Page) -> str:
    return page.notebook.split("_", 1)[0] if re.match(r"^\d+_", page.notebook) else ""


def index_entries(pages: list[Page], *, figures: bool = True, link: bool = True) -> str:
    """The ``<li>`` of each notebook: its title (linked to its page unless ``link=False``), its
    verdict line, its "Data to" date and (unless ``figures=False``) its figure count and thumbnails."""
    esc = html.escape
    items = []
    for page in pages:
        number = _number(page)
        label = (f'<span class="number">{esc(number)}</span>' if number else "") + esc(page.title)
        parts = ["<li>", f'<h2><a href="{esc(page.html)}">{label}</a></h2>' if link else f"<h2>{label}</h2>"]
        if page.verdict:
            parts.append(f'<div class="verdict">{markdown2html_mistune(page.verdict)}</div>')
        meta = [esc(page.data_to)] if page.data_to else []
        if figures:
            count = len(page.figures)
            meta.append(f'{count} figure{"s" if count != 1 else ""}')
        if meta:
            parts.append(f'<p class="meta">{" &middot; ".join(meta)}</p>')
        if figures and page.figures:
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
    return "\n".join(items)


def render_index(pages: list[Page], *, sources: str | None = "sources.html") -> str:
    """The report's ``index.html``: each notebook's title (linked to its page), verdict line,
    "Data to" date and figures, and a link to the sources page (``sources=None``: no link)."""
    n = len(pages)
    total = sum(len(p.figures) for p in pages)
    link = (f' Every source behind the data is listed on <a href="{html.escape(sources)}">the '
            "sources page</a>.") if sources else ""
    body = f"""<main>
<h1>{html.escape(REPORT_TITLE)}</h1>
<p class="lede">{n} notebook{"s" if n != 1 else ""}, executed from the sourced data of the smartkorea
data package. Each figure is available as PNG and SVG ({total} in all).{link}</p>
<ol class="notebooks">
{index_entries(pages)}
</ol>
</main>"""
    return document(f"{REPORT_TITLE} \u2014 smartkorea report", body, _INDEX_CSS)
