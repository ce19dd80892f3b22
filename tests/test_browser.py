"""A real browser opens a built report: every image loads, no page is blank, nothing from the web,
and markup smuggled into a page cannot run (the pages' Content-Security-Policy).

Headless Chromium (Debian's ``chromium``; or set ``SMARTKOREA_CHROMIUM`` to a Chrome/Chromium
binary, found by :func:`smartkorea.report.find_chromium`) loads a checker page from a local
http.server on 127.0.0.1. The checker shows the report's ``index.html``, its sources page and
every notebook page in iframes (same origin, so it can look inside) and, once everything has
loaded, writes what it found into the DOM; ``--dump-dom`` hands that back. No Python browser
driver is needed, and no network.

Without Chromium the test skips, unless ``SMARTKOREA_REQUIRE_BROWSER=1`` (as in CI), where it fails.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from smartkorea import report
from smartkorea.report.pdf import BROWSERS, CHROMIUM_ENV

# What an edited data file could put into a page (issue 13): each, if it ran, would set the
# title and add an element with id "pwned".
RUN = "document.title='PWNED';document.body.appendChild(document.createElement('p')).id='pwned'"
PAYLOADS = [
    f'Israel<img src=x onerror="{RUN}">',
    f"<script>{RUN}</script>",
    f'<svg><image href=x onerror="{RUN}"></image></svg>',
]

CHART = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 3))
ax.bar(["KOR", "GBR"], [4.8, 1.7])
ax.set_title("R&D intensity, % of GDP")
plt.show()
"""

# The checker: after every iframe has loaded, describe each page as JSON in <pre id="result">.
CHECKER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>checker</title></head>
<body>
<pre id="result">pending</pre>
%(frames)s
<script>
window.addEventListener("load", () => {
  const results = [];
  for (const frame of document.querySelectorAll("iframe")) {
    const doc = frame.contentDocument;
    const win = frame.contentWindow;
    const body = doc && doc.body;
    const images = body ? Array.from(doc.images).map(img => ({
      src: (img.getAttribute("src") || "").slice(0, 80),
      loaded: img.complete && img.naturalWidth > 0 && img.naturalHeight > 0,
      shown: img.getBoundingClientRect().width > 0,
    })) : [];
    const external = body ? Array.from(doc.querySelectorAll("script[src], link[href], img[src], iframe[src]"))
      .map(el => el.src || el.href)
      .filter(url => url && !url.startsWith(location.origin) && !url.startsWith("data:")) : [];
    const requested = win ? win.performance.getEntriesByType("resource").map(e => e.name)
      .filter(url => !url.startsWith(location.origin) && !url.startsWith("data:")) : [];
    results.push({
      page: frame.dataset.page,
      title: doc ? doc.title : null,
      text: body ? body.innerText.trim().length : 0,
      height: body ? body.scrollHeight : 0,
      images, external, requested,
      pwned: doc ? !!doc.getElementById("pwned") : null,
    });
  }
  document.getElementById("result").textContent = JSON.stringify(results);
});
</script>
</body></html>
"""

BROKEN_PAGE = '<!DOCTYPE html><html><head><title>broken</title></head><body><img src="nope.png"></body></html>'


@pytest.fixture(scope="module")
def chromium() -> str:
    path = report.find_chromium()
    if path is None:
        override = os.environ.get(CHROMIUM_ENV)
        reason = (f"{CHROMIUM_ENV}={override} is not a working Chromium" if override else
                  f"no Chromium on PATH (looked for {', '.join(BROWSERS)}); install Debian's "
                  "'chromium' package or set SMARTKOREA_CHROMIUM")
        if os.environ.get("SMARTKOREA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SMARTKOREA_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium) -> Path:
    """A folder holding a freshly built ``report/`` from two small notebooks."""
    root = tmp_path_factory.mktemp("site")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Korea out-spends its peers on R&D\n\nIt spent **4.8%** of GDP."),
        new_code_cell(CHART),
        new_code_cell("import pandas as pd\npd.DataFrame({'country': ['KOR'], 'gerd': [4.8]})"),
    ]), notebooks / "00_rd.ipynb")
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Two charts\n\nBoth should load."),
        new_code_cell(CHART + CHART),
    ]), notebooks / "01_two.ipynb")
    report.build(root / "report", notebooks, jobs=2, timeout=120)
    return root


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def check_pages(chromium: str, site: Path, base_url: str, pages: list[str], tmp_path: Path):
    """Load ``pages`` (paths under ``site``) in headless Chromium; return the checker's JSON."""
    frames = "\n".join(
        f'<iframe data-page="{html.escape(p)}" src="{html.escape(p)}" width="1280" height="900">'
        "</iframe>" for p in pages
    )
    (site / "check.html").write_text(CHECKER % {"frames": frames}, encoding="utf-8")
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run",
        "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--virtual-time-budget=15000", "--dump-dom", f"{base_url}/check.html",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90)
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.S)
    assert found and found.group(1) != "pending", (
        f"Chromium gave no result (exit {result.returncode}).\nstdout: {result.stdout[:2000]}\n"
        f"stderr: {result.stderr[-2000:]}"
    )
    return {r["page"]: r for r in json.loads(html.unescape(found.group(1)))}


def test_report_pages_load_in_a_real_browser(chromium, site, server, tmp_path):
    out = site / "report"
    pages = ["report/index.html", "report/sources.html"] + sorted(
        f"report/{p.name}" for p in out.glob("*.html") if p.name not in ("index.html", "sources.html"))
    assert pages[2:] == ["report/00_rd.html", "report/01_two.html"]
    (site / "broken.html").write_text(BROKEN_PAGE)  # proves the check can fail
    results = check_pages(chromium, site, server, pages + ["broken.html"], tmp_path)

    broken = results.pop("broken.html")
    assert broken["images"] and not broken["images"][0]["loaded"]
    assert broken["text"] == 0

    expected_images = {"report/index.html": 3, "report/sources.html": 0, "report/00_rd.html": 1,
                       "report/01_two.html": 2}
    for page, result in results.items():
        assert result["text"] > 40 and result["height"] > 200, f"{page} looks blank: {result}"
        assert len(result["images"]) == expected_images[page], (page, result["images"])
        failed = [img["src"] for img in result["images"] if not (img["loaded"] and img["shown"])]
        assert not failed, f"{page}: images did not load: {failed}"
        assert not result["external"], f"{page} references the network: {result['external']}"
        assert not result["requested"], f"{page} fetched from the network: {result['requested']}"
    assert results["report/00_rd.html"]["title"] == "Korea out-spends its peers on R&D"


def test_markup_in_a_page_does_not_run(chromium, site, server, tmp_path):
    """Payloads shown as raw HTML and Markdown outputs (as if a data value slipped through
    unescaped) cannot run on a report page; the same page without its policy shows the check
    would catch them."""
    cell = new_code_cell("display(...)")
    cell.outputs = [new_output("display_data", data={"text/html": payload, "text/plain": "x"})
                    for payload in PAYLOADS]
    cell.outputs.append(new_output("display_data", data={"text/markdown": "\n\n".join(PAYLOADS)}))
    nb = new_notebook(cells=[new_markdown_cell("# Payload page\n\nSome text for the reader."), cell])
    page = report.render_page(nb, "Payload page", site)
    policy = re.compile(r"<meta[^>]*Content-Security-Policy[^>]*>")
    assert len(policy.findall(page)) == 1
    (site / "payload.html").write_text(page, encoding="utf-8")
    (site / "payload-no-policy.html").write_text(policy.sub("", page), encoding="utf-8")
    results = check_pages(chromium, site, server, ["payload.html", "payload-no-policy.html"], tmp_path)
    unprotected = results["payload-no-policy.html"]
    assert unprotected["title"] == "PWNED" and unprotected["pwned"], unprotected  # the check can fail
    protected = results["payload.html"]
    assert protected["title"] == "Payload page" and protected["pwned"] is False, protected
