"""A data value can never run script: an edited data package carrying script payloads.

A copy of the data package gets three payloads (an ``<img onerror>``, a ``<script>`` and a
``javascript:`` Markdown link, each setting ``document.title = 'PWNED'``) in every kind of text
field that reaches prose or tables: a peer's country names, a source's publisher, title, note and
address, the article's claim, a curated verdict detail, the evidence described, a milestone.

- ``smartkorea validate`` on the copy names every planted cell (file, row, column) and nothing
  else; ``load`` still reads the copy (the validator is one defence, not the only one).
- ``SMARTKOREA_DATA=<copy> smartkorea report`` builds the summary and fact-check pages from it;
  headless Chromium opens every page, and the payload must not have run: the title is what the
  page was written with, and no element, handler or script address made by the payload exists.

Without Chromium the browser test skips, unless ``SMARTKOREA_REQUIRE_BROWSER=1`` (see
test_browser.py, whose Chromium lookup this uses).
"""

from __future__ import annotations

import csv
import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from smartkorea.report.pdf import BROWSERS, find_chromium

import smartkorea as sk
from smartkorea.cli import main

MARK = "PWNED"
IMG = "Israel<img src=x onerror=\"document.title='PWNED'\">"
SCRIPT = "Israel<script>document.title='PWNED'</script>"
LINK = "[x](javascript:document.title='PWNED')"

# (file, key column, key, column, payload): each a text field that reaches a page of the report
PLANTED = [
    ("countries.csv", "country", "ISR", "short_name", IMG),  # the R&D leader named in 00's prose
    ("countries.csv", "country", "ISR", "name", SCRIPT),
    ("sources.csv", "source_id", "KTN_BLOG_2019", "publisher", LINK),  # the article: in both source tables
    ("sources.csv", "source_id", "KTN_BLOG_2019", "title", IMG),
    ("sources.csv", "source_id", "KTN_BLOG_2019", "note", SCRIPT),
    # passes the schema's pattern (^https?://\S+$): only the markup check refuses it
    ("sources.csv", "source_id", "KTN_BLOG_2019", "url", "https://example.org/\"><script>document.title='PWNED'</script>"),
    ("claims.csv", "claim_id", "C6_RD", "claim", IMG),  # in 06's prose and both verdict tables
    ("claims.csv", "claim_id", "C8_HYUNDAI_IMA", "verdict_detail", SCRIPT),  # its conclusion, in 06's prose
    ("claims.csv", "claim_id", "C7_5G", "evidence_what", LINK),  # in the 5G conclusion
    ("milestones.csv", "milestone_id", "funds_sejong_spc_partner_2020", "event", SCRIPT),  # 00's timeline
]
NOTEBOOKS = ("00_summary.ipynb", "06_fact_check.ipynb")


def plant(folder: Path) -> set[tuple[str, int, str]]:
    """Write every payload into ``folder``'s CSVs; return the cells as (file, row, column)."""
    cells = set()
    for file, key_column, key, column, payload in PLANTED:
        path = folder / file
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        rownum = next(i for i, row in enumerate(rows) if i and row[header.index(key_column)] == key)
        rows[rownum][header.index(column)] = payload
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        cells.add((file, rownum + 1, column))
    return cells


@pytest.fixture(scope="module")
def attacked(tmp_path_factory) -> tuple[Path, set[tuple[str, int, str]]]:
    folder = tmp_path_factory.mktemp("attacked") / "data"
    shutil.copytree(sk.data_dir(), folder)
    return folder, plant(folder)


def test_validate_names_every_planted_cell_and_nothing_else(attacked, capsys):
    folder, cells = attacked
    found = {(Path(p.file).name, p.row, p.column) for p in sk.problems(folder)}
    assert found == cells
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    for file, row, column in cells:
        assert f"{file}, row {row}, column {column!r}: expected" in out


def test_the_attacked_package_still_loads_as_written(attacked):
    folder, _ = attacked
    countries = sk.load("countries", folder).set_index("country")
    assert countries.at["ISR", "short_name"] == IMG
    assert sk.load("claims", folder).set_index("claim_id").at["C6_RD", "claim"] == IMG


# --------------------------------------------------------------------------- in a real browser


class _Dom(html.parser.HTMLParser):
    """What a dumped DOM holds that a payload could have made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.text, self.made = "", [], []
        self._in = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in.append(tag)
        if tag == "img" and attrs.get("src") == "x":
            self.made.append("an <img src=x>")
        if tag == "script" and attrs.get("type") != "application/ld+json":
            self.made.append(f"a <script> ({attrs})")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.made.append(f"an event handler <{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith(
                    ("javascript:", "data:text")):
                self.made.append(f"a script address <{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data):
        if self._in and self._in[-1] == "title":
            self.title += data
        elif not (self._in and self._in[-1] in ("script", "style")):
            self.text.append(data)


def _parse(markup: str) -> _Dom:
    dom = _Dom()
    dom.feed(markup)
    return dom


@pytest.mark.parametrize("payload", [IMG, SCRIPT, LINK, "&lt;script&gt;document.title='PWNED'&lt;/script&gt;"])
def test_prose_renders_a_payload_as_the_text_it_is(payload):
    """Part 1, through the Markdown renderer the report uses: in bold, a link label, a table cell."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from smartkorea import text

    for markdown in (
        text.prose("**{v}** leads; see {src}.", v=payload, src=text.link(payload, "https://www.oecd.org/")),
        text.prose("| Country | Note |\n|---|---|\n| {v} | {v} |", v=payload),
    ):
        dom = _parse(markdown2html_mistune(markdown.markdown))
        assert not dom.made, (markdown, dom.made)
        assert "".join(dom.text).count(payload) == 2, (markdown, dom.text)
    # a payload as the address: the label is shown as text, nothing links
    dom = _parse(markdown2html_mistune(text.prose("{src}", src=text.link("OECD", payload)).markdown))
    assert not dom.made and "".join(dom.text).strip() == "OECD"


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = f"no Chromium (looked for {os.environ.get('SMARTKOREA_CHROMIUM') or ', '.join(BROWSERS)})"
        if os.environ.get("SMARTKOREA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SMARTKOREA_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def attacked_report(attacked, chromium, tmp_path_factory) -> Path:
    """The summary and fact-check pages built with ``SMARTKOREA_DATA`` set to the attacked copy."""
    folder, _ = attacked
    root = tmp_path_factory.mktemp("attacked_report")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(Path(__file__).resolve().parents[1] / "notebooks" / name, notebooks / name)
    env = {**os.environ, "SMARTKOREA_DATA": str(folder)}
    built = subprocess.run(
        [sys.executable, "-m", "smartkorea", "report", "--notebooks", str(notebooks), "--out",
         str(root / "report"), "--jobs", "2", "--timeout", "300"],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert built.returncode == 0, f"the report was not built:\n{built.stdout[-3000:]}\n{built.stderr[-5000:]}"
    return root / "report"


def _open(chromium: str, page: Path, profile: Path) -> str:
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
        f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert "</html>" in result.stdout, (
        f"Chromium gave no page for {page.name} (exit {result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def test_the_payload_does_not_run_in_any_page(attacked_report, chromium, tmp_path):
    pages = sorted(attacked_report.glob("*.html"))
    assert {p.name for p in pages} == {"index.html", "sources.html", *(n.replace(".ipynb", ".html") for n in NOTEBOOKS)}
    shown = ""
    for page in pages:
        written = _parse(page.read_text(encoding="utf-8"))
        dom = _parse(_open(chromium, page, tmp_path / "profile"))
        assert MARK not in written.title, f"{page.name}: the payload is in the page's own title"
        assert dom.title == written.title, f"{page.name}: the title became {dom.title!r} (the payload ran)"
        assert not dom.made, f"{page.name}: the payload made {dom.made}"
        shown += " ".join(dom.text)
    # the payloads did reach the pages, as text a reader can see
    assert "Israel<img src=x onerror" in shown
    assert "document.title='PWNED'</script>" in shown
