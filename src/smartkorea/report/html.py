"""The report's HTML: a page per executed notebook, the index, and the figure files.

Pages use nbconvert's ``lab`` template without any script from the network (they open
offline); the index lists every notebook's title, headline and figure thumbnails. Figures are
written from the notebooks' PNG and SVG outputs into ``figures/``.
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
from .notebook import _PNG, _SVG, _image_outputs, _join


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
