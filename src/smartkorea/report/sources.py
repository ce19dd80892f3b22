"""The report's sources page: every source of the data package once, and the datasets using it.

One row per source, sorted by publisher then title: the publisher, the title (a link when the
address is ``http(s)``; other addresses are shown as nothing, never as a link), the publication
date for readers ("13 Jul 2026"; "n.d." shown as "no date") and the titles of the datasets
whose rows cite it (in ``source_id`` or a ``*source_ids`` list). Every value is data, so every
value is escaped: the page shows what the data says and runs none of it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .. import catalog, periods
from .html import document

SOURCES_PAGE = "sources.html"
NO_DATE = "no date"
NONE_USED = "\u2013"  # en dash: cited by no table (the reader sees no blank cell)

_CSS = """
  table.sources { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9rem; }
  table.sources th, table.sources td { border-bottom: 1px solid #e3e3e3; padding: 6px 8px;
                                       text-align: left; vertical-align: top; }
  table.sources th { background: #f0f0f0; }
  table.sources td.date { white-space: nowrap; }
  table.sources cite { font-style: normal; }
  table.sources ul { margin: 0; padding-left: 1.1em; }
"""


def date_text(published: object) -> str:
    """A source's publication date for readers: ``"2026-07-13"`` -> ``"13 Jul 2026"``,
    ``"2024-03"`` -> ``"Mar 2024"``, ``"2020"`` -> ``"2020"``, ``"n.d."`` or blank -> "no date";
    a value that is not a date is shown as written."""
    text = "" if published is None or pd.isna(published) else str(published).strip()
    if not text or text.lower() == "n.d.":
        return NO_DATE
    try:
        return periods.label(text)
    except ValueError:
        return text


def _is_web(url: object) -> bool:
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


def users(data: str | Path | None = None) -> dict[str, list[str]]:
    """For each source id, the titles of the datasets that cite it, in dataset order."""
    table = catalog.datasets(data)
    used: dict[str, list[str]] = {}
    for name, title in zip(table["name"], table["title"]):
        if name == catalog.SOURCES:
            continue
        for source_id in catalog.sources(name, data)["source_id"]:
            used.setdefault(str(source_id), []).append(str(title))
    return used


def render_sources(data: str | Path | None = None, *, index: str = "index.html") -> str:
    """The sources page as HTML (every source once), linking back to ``index``."""
    esc = html.escape
    sources = catalog.load(catalog.SOURCES, data)
    used = users(data)
    order = sources.assign(_p=sources["publisher"].astype(str).str.casefold(),
                           _t=sources["title"].astype(str).str.casefold()).sort_values(["_p", "_t"])
    rows = []
    for src in order.itertuples(index=False):
        title = f"<cite>{esc(str(src.title))}</cite>"
        if _is_web(src.url):
            title = f'<a href="{esc(str(src.url).strip(), quote=True)}" rel="noreferrer">{title}</a>'
        titles = used.get(str(src.source_id), [])
        datasets = ("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in titles) + "</ul>") if titles else NONE_USED
        rows.append(
            f"<tr><td>{esc(str(src.publisher))}</td><td>{title}</td>"
            f'<td class="date">{esc(date_text(src.published))}</td><td>{datasets}</td></tr>'
        )
    n = len(rows)
    body = f"""<main>
<nav class="sk-nav"><a href="{esc(index)}">&larr; All notebooks</a></nav>
<h1>Sources</h1>
<p class="lede">The {n} source{"s" if n != 1 else ""} behind the smartkorea data package, each once,
with the datasets that use it.</p>
<table class="sources">
<thead><tr><th>Publisher</th><th>Title</th><th>Published</th><th>Used by</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</main>"""
    return document("Sources \u2014 smartkorea report", body, _CSS)
