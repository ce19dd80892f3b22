"""The report's sources page: every source of the data package once, and the datasets using it.

One row per source, sorted by publisher then title: the publisher, the title (a link when the
address is ``http(s)``; other addresses are shown as nothing, never as a link), the publication
date for readers ("13 Jul 2026"; "n.d." shown as "no date") and the titles of the datasets
whose rows cite it (in ``source_id`` or a ``*source_ids`` list). Source ids that record one web
page (:func:`smartkorea.citations.group_by_address`) are one row: every title and date of that
page once, and every dataset using any of them. Titles follow the title convention of
:mod:`smartkorea.citations`: a headline is cited, our description of a page is not. Every value
is data, so every value is escaped: the page shows what the data says and runs none of it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .. import catalog, citations, periods
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
    urls = list(order["url"])
    entries = []
    for group in citations.group_by_address(urls):
        rows = order.iloc[group]
        titles = citations.merged_titles(rows["title"])
        kept = {t.text for t in titles}
        lead = next((r for r in rows.itertuples(index=False) if citations.reader_title(r.title).text in kept),
                    next(rows.itertuples(index=False)))
        dates = citations.merged_dates(rows["published"])
        used_by = list(dict.fromkeys(t for sid in rows["source_id"] for t in used.get(str(sid), [])))
        entries.append((citations.publisher_text(lead.publisher), titles, dates, used_by, lead.url))
    entries.sort(key=lambda e: (e[0].casefold(), e[1][0].text.casefold() if e[1] else ""))
    rows = []
    for publisher, titles, dates, titles_used, url in entries:
        shown = []
        for t in titles:
            text = t.html()
            if _is_web(url):
                text = f'<a href="{esc(str(url).strip(), quote=True)}" rel="noreferrer">{text}</a>'
            shown.append(text)
        when = "; ".join(esc(date_text(d)) for d in dates) or esc(NO_DATE)
        datasets = (("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in titles_used) + "</ul>")
                    if titles_used else NONE_USED)
        rows.append(
            f"<tr><td>{esc(publisher)}</td><td>{'<br>'.join(shown) or NONE_USED}</td>"
            f'<td class="date">{when}</td><td>{datasets}</td></tr>'
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
