"""The HTML report: title and headline extraction, figure export, building and failing safely.

Most tests build the report from tiny notebooks written into a temporary folder, so they do not
depend on the real notebooks' content. The tests at the end build the real report once per
session (with its PDF when Chromium is there) and check what a reader gets.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from conftest import csv_rows
from readercheck import check_html
from smartkorea import report, verdicts
from smartkorea.cli import main
from test_browser import chromium  # noqa: F401 - the fixture: skip, or fail in CI, without Chromium

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

CHART = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 3))
ax.plot([2015, 2017, 2019], [4.0, 4.5, 4.8], label="KOR")
ax.set_title("R&D intensity")
plt.show()
"""

# A figure shown without pyplot (like smartkorea.charts' figures): the report's kernel
# formatters still give it PNG and SVG.
BARE_FIGURE = """\
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg
fig = Figure(figsize=(4, 3))
FigureCanvasAgg(fig)
fig.add_subplot().barh(["KOR", "GBR"], [4.8, 1.7])
fig
"""


def write_notebooks(folder: Path) -> Path:
    """Three small notebooks: three figures, a tagged headline ending "Data to July 2026", a
    markdown-output headline, and a fact-check notebook (its page embeds the ClaimReview)."""
    folder.mkdir(parents=True, exist_ok=True)
    first = new_notebook(cells=[
        new_markdown_cell("# Korea out-spends its peers on R&D\n\nAn introduction to skip."),
        new_code_cell("from IPython.display import Markdown, display\n"
                      "assert not {'io', 'matplotlib', 'formatter', 'formatters', 'install', 'RUN_NAME'}"
                      " & set(globals())"),
        new_code_cell(
            "display(Markdown('Korea spent **4.8%** of GDP on R&D in 2019. It was second. "
            "Data to July 2026.'))",
            metadata={"tags": ["headline"]},
        ),
        new_code_cell(CHART),
        new_code_cell("open('written_here.txt', 'w').write('cwd is the notebook folder')"),
    ])
    second = new_notebook(cells=[
        new_markdown_cell("# Broadband is near universal\n\n## Key numbers"),
        new_code_cell("from IPython.display import Markdown, display\n"
                      "display(Markdown('Fibre reaches **87%** of households.'))"),
        new_code_cell(CHART),
        new_code_cell(BARE_FIGURE),
    ])
    fact_check = new_notebook(cells=[new_markdown_cell("# The claims checked\n\nEach claim once.")])
    nbformat.write(first, folder / "00_rd.ipynb")
    nbformat.write(second, folder / "01_broadband.ipynb")
    nbformat.write(fact_check, folder / f"{report.CLAIMREVIEW_PAGE}.ipynb")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A report built once for the module: (report folder, progress lines, notebooks folder)."""
    base = tmp_path_factory.mktemp("report")
    notebooks = write_notebooks(base / "notebooks")
    lines: list[str] = []
    result = report.build(base / "out" / "report", notebooks, jobs=2, timeout=120,
                          progress=lines.append)
    return result, lines, notebooks


# --------------------------------------------------------------------------- title and headline


def test_title_is_the_first_level_one_heading():
    nb = new_notebook(cells=[
        new_markdown_cell("Some text\n\n## Not this\n\n# Korea leads on *5G*"),
        new_markdown_cell("# Not this either"),
    ])
    assert report.notebook_title(nb) == "Korea leads on 5G"
    assert report.notebook_title(new_notebook(cells=[new_code_cell("1")])) is None


def test_headline_prefers_a_cell_tagged_headline():
    nb = new_notebook(cells=[
        new_markdown_cell("# Title\n\nFirst paragraph."),
        new_markdown_cell("The finding.", metadata={"tags": ["headline"]}),
    ])
    assert report.notebook_headline(nb) == "The finding."


def test_headline_from_a_tagged_code_cell_uses_its_markdown_output():
    cell = new_code_cell("display(Markdown(...))", metadata={"tags": ["headline"]})
    cell.outputs = [new_output("display_data", data={
        "text/markdown": "**4.8%** of GDP", "text/plain": "<IPython.core.display.Markdown object>"})]
    nb = new_notebook(cells=[new_markdown_cell("# Title\n\nIntro."), cell])
    assert report.notebook_headline(nb) == "**4.8%** of GDP"


def test_headline_falls_back_to_the_first_paragraph_after_the_title():
    nb = new_notebook(cells=[
        new_markdown_cell("Preamble before the title.\n\n# Title\n\n![chart](x.png)\n\n"
                          "| a | b |\n|---|---|\n\nKorea is first\nby a wide margin.\n\nMore."),
    ])
    assert report.notebook_headline(nb) == "Korea is first by a wide margin."


def test_headline_can_come_from_a_markdown_output_after_the_title():
    out = new_code_cell("display(Markdown('x'))")
    out.outputs = [new_output("display_data", data={"text/markdown": "## Numbers\n\n**3** reasons"})]
    nb = new_notebook(cells=[new_markdown_cell("# Title\n\n## Subheading only"), out])
    assert report.notebook_headline(nb) == "**3** reasons"


def test_headline_is_none_when_there_is_no_text():
    nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("1 + 1")])
    assert report.notebook_headline(nb) is None


# --------------------------------------------------------------------------- figures


def test_export_figures_numbers_outputs_and_keeps_formats_paired(tmp_path):
    png = base64.b64encode(PNG_MAGIC + b"fake").decode()
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L1 1"/></svg>'
    cell = new_code_cell("plots")
    cell.outputs = [
        new_output("stream", name="stdout", text="hello\n"),
        new_output("display_data", data={"image/png": png, "image/svg+xml": svg, "text/plain": "F"}),
        new_output("display_data", data={"image/png": png, "text/plain": "F"}),
    ]
    figures = report.export_figures(new_notebook(cells=[cell]), tmp_path, "03_x")
    assert [(f.number, f.png, f.svg) for f in figures] == [
        (1, "figures/03_x_1.png", "figures/03_x_1.svg"),
        (2, "figures/03_x_2.png", None),
    ]
    assert (tmp_path / "03_x_1.png").read_bytes() == PNG_MAGIC + b"fake"
    assert (tmp_path / "03_x_1.svg").read_text() == svg
    assert sorted(p.name for p in tmp_path.iterdir()) == ["03_x_1.png", "03_x_1.svg", "03_x_2.png"]


# --------------------------------------------------------------------------- a built report


def test_report_has_index_pages_and_figures(built):
    result, _, _ = built
    out = result.out
    assert sorted(p.name for p in out.iterdir()) == [
        ".smartkorea-report", "00_rd.html", "01_broadband.html", f"{report.CLAIMREVIEW_PAGE}.html",
        "figures", "index.html", "sources.html"]
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "00_rd_1.png", "00_rd_1.svg", "01_broadband_1.png", "01_broadband_1.svg",
        "01_broadband_2.png", "01_broadband_2.svg"]
    marker = json.loads((out / ".smartkorea-report").read_text())
    assert marker["notebooks"] == ["00_rd.ipynb", "01_broadband.ipynb", f"{report.CLAIMREVIEW_PAGE}.ipynb"]
    assert result.pdf is None  # only with pdf=True


def test_index_lists_titles_headlines_and_figures_in_order(built):
    index = (built[0].out / "index.html").read_text()
    first, second = index.index("Korea out-spends its peers on R&amp;D"), index.index(
        "Broadband is near universal")
    assert first < second
    assert "Korea spent <strong>4.8%</strong> of GDP on R&amp;D in 2019." in index  # tagged cell
    assert "It was second" not in index  # the verdict line is the headline's first sentence
    assert index.count("Data to July 2026") == 1  # ...and its date, read from the headline
    assert "Fibre reaches <strong>87%</strong> of households." in index  # first markdown output
    assert "An introduction to skip" not in index
    assert 'href="00_rd.html"' in index and 'href="01_broadband.html"' in index
    for name in ("00_rd_1", "01_broadband_1", "01_broadband_2"):
        assert f'src="figures/{name}.png"' in index and f'href="figures/{name}.svg"' in index


def test_figures_are_real_png_and_vector_svg(built):
    figures = built[0].out / "figures"
    for png in figures.glob("*.png"):
        assert png.read_bytes().startswith(PNG_MAGIC)
    for svg in figures.glob("*.svg"):
        root = ET.fromstring(svg.read_bytes())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
        assert "path" in tags and "image" not in tags  # drawn as vectors, not a wrapped bitmap
        assert "<dc:date>" not in svg.read_text()  # reproducible: no timestamp


def test_pages_open_offline_and_show_the_exported_figures(built):
    out = built[0].out
    for page in (out / "00_rd.html", out / "01_broadband.html", out / "index.html"):
        text = page.read_text()
        assert not re.search(r"<script[^>]+src=", text), f"{page.name} loads a script"
        assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", text), page.name
        for src in re.findall(r"""<img[^>]+src="([^"]+)\"""", text):
            assert src.startswith("data:image/") or (out / src).is_file(), (page.name, src)
    rd = (out / "00_rd.html").read_text()
    assert "<title>Korea out-spends its peers on R&amp;D</title>" in rd
    assert 'src="figures/00_rd_1.png"' in rd and 'src="data:image/png' not in rd
    broadband = (out / "01_broadband.html").read_text()
    assert 'src="figures/01_broadband_1.png"' in broadband
    assert 'src="figures/01_broadband_2.png"' in broadband
    assert "<svg" not in broadband  # the SVG is in figures/, the page shows the PNG
    assert 'href="index.html"' in rd


def test_notebooks_run_in_their_own_folder(built):
    _, _, notebooks = built
    assert (notebooks / "written_here.txt").read_text() == "cwd is the notebook folder"


def test_progress_has_one_line_per_notebook_with_its_time(built):
    _, lines, _ = built
    done = [line for line in lines if line.startswith("[")]
    assert len(done) == 3
    for name in ("00_rd.ipynb", "01_broadband.ipynb"):
        (line,) = [line for line in done if name in line]
        assert re.search(r"\d+\.\d s  ok", line), line
    assert lines[-1].startswith("Report: ")


# --------------------------------------------------------------------------- failing safely


def test_failed_notebook_names_notebook_and_cell_and_keeps_the_previous_report(
    built, tmp_path, capsys
):
    import shutil

    out = tmp_path / "report"
    shutil.copytree(built[0].out, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Fine"), new_code_cell("x = 1")]),
                   notebooks / "00_fine.ipynb")
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Slow"), new_code_cell("import time\ntime.sleep(120)")]),
        notebooks / "01_slow.ipynb")
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Broken"), new_code_cell("x = 1"), new_code_cell("y = 2\n1 / 0")]),
        notebooks / "02_broken.ipynb")

    code = main(["report", "--out", str(out), "--notebooks", str(notebooks), "--jobs", "2",
                 "--timeout", "10"])
    captured = capsys.readouterr()
    assert code == 1
    assert "02_broken.ipynb, cell 3 (code cell 2): ZeroDivisionError: division by zero" in captured.err
    assert "1 / 0" in captured.err  # the cell's code
    assert "01_slow.ipynb, cell 2 (code cell 1): timed out" in captured.err
    assert "smartkorea: error: 2 notebooks failed" in captured.err
    assert 'File "' not in captured.err  # the notebook's traceback, not smartkorea's
    assert re.search(r"02_broken\.ipynb +\d+\.\d s  FAILED at cell 3", captured.out)
    assert re.search(r"00_fine\.ipynb +\d+\.\d s  ok", captured.out)
    # the previous report is untouched and no temporary folder is left behind
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "report"]


def test_refuses_to_replace_a_folder_that_is_not_a_report(tmp_path, capsys):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), notebooks / "00_a.ipynb")
    assert main(["report", "--out", str(out), "--notebooks", str(notebooks)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a smartkorea report" in err
    assert (out / "thesis.txt").read_text() == "do not delete"


def test_missing_notebooks_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "r"), "--notebooks", str(tmp_path / "no")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smartkorea: error: no notebooks folder") and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_hide_code_keeps_outputs_and_drops_the_code(tmp_path):
    cell = new_code_cell("answer = 6 * 7\nprint(f'the answer is {answer}')", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="the answer is 42\n")]
    nb = new_notebook(cells=[new_markdown_cell("# A claim\n\nSome prose."), cell])
    def body(page: str) -> str:  # the page without its stylesheet
        return re.search(r"<main.*</main>", page, flags=re.S).group(0)

    shown = body(report.render_page(nb, "A claim", tmp_path))
    hidden = body(report.render_page(nb, "A claim", tmp_path, code=False))
    for page in (shown, hidden):
        assert "the answer is 42" in page and "Some prose." in page
    assert "hl-ipython3" in shown and ">print<" in shown
    assert "hl-ipython3" not in hidden and "print" not in hidden


def test_cli_report_accepts_hide_code(tmp_path):
    from smartkorea import cli

    args = cli.build_parser().parse_args(["report", "--hide-code", "--out", str(tmp_path / "r")])
    assert args.hide_code is True
    assert cli.build_parser().parse_args(["report"]).hide_code is False


def test_cli_report_accepts_pdf(tmp_path):
    from smartkorea import cli

    assert cli.build_parser().parse_args(["report", "--pdf"]).pdf is True
    assert cli.build_parser().parse_args(["report"]).pdf is False


def test_pdf_without_a_browser_is_a_usage_error_before_any_notebook_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SMARTKOREA_CHROMIUM", str(tmp_path / "no-such-browser"))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("open('ran.txt', 'w')")]), notebooks / "00_a.ipynb")
    assert main(["report", "--pdf", "--out", str(tmp_path / "r"), "--notebooks", str(notebooks)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--pdf needs Chromium" in err and "no-such-browser" in err
    assert not (notebooks / "ran.txt").exists() and not (tmp_path / "r").exists()


# --------------------------------------------------------------------------- verdict line, Data to


@pytest.mark.parametrize(("headline", "verdict", "data_to"), [
    ("Korea spent **4.9%** in 2023. The article said 4.5%. Data to July 2026.",
     "Korea spent **4.9%** in 2023.", "Data to July 2026"),
    ("One sentence only (Data to 2025)", "One sentence only", "Data to 2025"),
    ("**Confirmed.** The rest. **Data to March 2024.**", "**Confirmed.**", "Data to March 2024"),
    ("The U.S. and Korea lead, e.g. on 5G. Then more.", "The U.S. and Korea lead, e.g. on 5G.", None),
    ("Korea rose from 4.36% to 4.94% in 2023: up 0.58 points",
     "Korea rose from 4.36% to 4.94% in 2023: up 0.58 points", None),
    ("Data to July 2026", None, "Data to July 2026"),
])
def test_verdict_line_and_data_to_come_from_the_headline(headline, verdict, data_to):
    assert report.verdict_line(headline) == verdict
    assert report.headline_data_to(headline) == data_to


def test_no_headline_gives_no_verdict_line_or_date():
    assert report.verdict_line(None) is None and report.headline_data_to(None) is None
    assert report.headline_data_to("Data to be released later this year.") is None


# --------------------------------------------------------------------------- folded code, CSP


def test_code_is_folded_under_details_without_any_script(tmp_path):
    cell = new_code_cell("answer = 6 * 7\nprint(answer)", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
    nb = new_notebook(cells=[new_markdown_cell("# A claim"), cell])
    shown = report.render_page(nb, "A claim", tmp_path)
    folded = re.search(r'<details class="sk-code"><summary>Code</summary>(.*?)</details>', shown, re.S)
    assert folded and ">print<" in folded.group(1) and "42" not in folded.group(1)  # output stays open
    assert "42" in shown[folded.end():]
    hidden = report.render_page(nb, "A claim", tmp_path, code=False)
    assert "<details" not in hidden and ">print<" not in hidden and "42" in hidden
    for page in (shown, hidden):
        assert "<script" not in page


class _Head(HTMLParser):
    """The start tags inside <head>, in order, with their attributes."""

    def __init__(self):
        super().__init__()
        self.inside, self.tags = False, []

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.inside = True
        elif self.inside:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "head":
            self.inside = False


def assert_no_script_policy_first(page: str, name: str) -> None:
    parser = _Head()
    parser.feed(page)
    assert parser.tags, f"{name} has no <head>"
    tag, attrs = parser.tags[0]
    assert tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy", (name, parser.tags[0])
    policy = {d.split()[0]: d.split()[1:] for d in attrs["content"].split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"], name  # so no script, frame, font or fetch at all
    assert "script-src" not in policy and "'unsafe-inline'" not in " ".join(policy.get("img-src", []))
    assert set(policy) <= {"default-src", "img-src", "style-src"}, name
    # an application/ld+json block is data; any other script would be blocked, and there is none
    assert not re.search(r"<script(?![^>]*application/ld\+json)", page), name


def test_every_built_page_has_the_no_script_policy_first_in_its_head(built):
    pages = sorted(built[0].out.glob("*.html"))
    assert len(pages) == 5
    for page in pages:
        assert_no_script_policy_first(page.read_text(), page.name)


# --------------------------------------------------------------------------- ClaimReview


def jsonld_blocks(page: str) -> list:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_fact_check_page_embeds_the_claimreview_of_every_claim(built, capsys):
    out = built[0].out
    (reviews,) = jsonld_blocks((out / f"{report.CLAIMREVIEW_PAGE}.html").read_text())
    for other in ("00_rd.html", "01_broadband.html", "index.html", "sources.html"):
        assert jsonld_blocks((out / other).read_text()) == []
    table = verdicts.verdicts()
    claims = {row["claim_id"]: row for row in csv_rows("claims")}
    sources = {row["source_id"]: row for row in csv_rows("sources")}
    assert len(reviews) == len(table) == table["claim_id"].nunique()  # one review per claim
    assert set(table["claim_id"]) <= set(claims)
    for review, row in zip(reviews, table.itertuples(index=False)):
        article = sources[claims[row.claim_id]["source_id"]]
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == row.claim
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["datePublished"] == article["published"]
        assert item["appearance"]["url"] == article["url"]
        assert item["appearance"]["datePublished"] == article["published"]
        assert item["author"]["name"] == article["publisher"]
        rating = review["reviewRating"]
        assert rating["alternateName"] == row.verdict
        assert rating["bestRating"] > rating["worstRating"]
        if row.verdict == "unverified":
            assert "ratingValue" not in rating
        else:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["author"]["name"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    # better verdicts rate higher
    value = {r["reviewRating"]["alternateName"]: r["reviewRating"].get("ratingValue") for r in reviews}
    if "accurate" in value and "wrong" in value:
        assert value["accurate"] > value["wrong"]
    # the very objects `smartkorea claims --format claimreview` prints
    assert main(["claims", "--format", "claimreview"]) == 0
    assert json.loads(capsys.readouterr().out) == reviews


# --------------------------------------------------------------------------- sources page


def source_rows(page: str) -> list[str]:
    return re.findall(r"<tr><td>.*?</tr>", page, re.S)


def test_sources_page_lists_every_source_once_with_date_link_and_datasets(built):
    from smartkorea import citations

    page = (built[0].out / "sources.html").read_text()
    assert 'href="sources.html"' in (built[0].out / "index.html").read_text()
    sources = csv_rows("sources")
    rows = source_rows(page)
    # one row per web page: ids recording the same address share a row
    assert len(rows) == len(citations.group_by_address([s["url"] for s in sources])) < len(sources)
    for url in {s["url"] for s in sources if s["url"].startswith("http")}:
        assert sum(f'href="{html.escape(url)}"' in r for r in rows) == 1, url
    undated = [s for s in sources if s["published"] == "n.d."]
    assert undated and any("<td class=\"date\">no date</td>" in r for r in rows)
    assert "n.d." not in re.sub(r"<cite>.*?</cite>", "", page)
    # internal marks of the title convention never reach the reader
    assert "[descriptive]" not in page and "headline as shortened" not in page and "Unidentified" not in page
    esc = html.escape
    for src in sources:
        row = next(r for r in rows if f'href="{esc(src["url"])}"' in r)
        page_titles = [citations.reader_title(s["title"]) for s in sources if s["url"] == src["url"]]
        if all(t.kind == "description" for t in page_titles):  # no id records the headline
            assert "<cite>" not in row and citations.DESCRIPTION_NOTE in row, src["source_id"]
        for shown in citations.merged_titles(s["title"] for s in sources if s["url"] == src["url"]):
            assert shown.html() in row, src["source_id"]
    # which datasets use a source: each source that R&D intensity cites names that table by title
    cited = {r["source_id"] for r in csv_rows("rd_intensity")}
    for src in (s for s in sources if s["source_id"] in cited):
        row = next(r for r in rows if f'href="{esc(src["url"])}"' in r)
        assert "<li>R&amp;D intensity (GERD as % of GDP)</li>" in row, src["source_id"]
    assert "rd_intensity" not in page and not any(f">{c}<" in page for c in cited)  # titles, not ids


def test_sources_page_merges_ids_of_one_page(monkeypatch):
    import pandas as pd

    from smartkorea import citations
    from smartkorea.report import sources as page_module

    frame = pd.DataFrame({
        "source_id": ["A", "B", "C"], "publisher": ["Alpha", "Alpha (copy)", "Unidentified (doc titled X)"],
        "title": ["[descriptive] Release", "Release of 2021: full", "(A described page)"],
        "url": ["https://www.example.org/a/", "http://example.org/a", "https://example.org/c"],
        "published": ["2021", "2021-10-28", "n.d."],
    })
    monkeypatch.setattr(page_module.catalog, "load", lambda name, data=None: frame)
    monkeypatch.setattr(page_module, "users", lambda data=None: {"A": ["Table one"], "B": ["Table two", "Table one"]})
    rows = source_rows(report.render_sources())
    assert len(rows) == 2
    alpha = next(r for r in rows if "Alpha" in r)
    assert "<td>Alpha (copy)</td>" in alpha and "<cite>Release of 2021: full</cite>" in alpha
    assert "[descriptive]" not in alpha and alpha.count("<cite>") == 1
    assert '<td class="date">28 Oct 2021</td>' in alpha
    assert "<li>Table one</li><li>Table two</li></ul>" in alpha
    other = next(r for r in rows if "example.org/c" in r)
    assert f"<td>{citations.UNIDENTIFIED_PUBLISHER}</td>" in other
    assert f">A described page {citations.DESCRIPTION_NOTE}</a>" in other and "<cite>" not in other


def test_sources_page_shows_markup_in_the_data_as_text(data_copy):
    rows = csv_rows("sources", data_copy)
    rows[0]["publisher"] = 'ISO<img src=x onerror="document.title=\'PWNED\'">'
    rows[1]["title"] = "<script>document.title='PWNED'</script>"
    with (data_copy / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    page = report.render_sources(data_copy)
    assert "<img src=x" not in page and "<script>" not in page
    assert "ISO&lt;img src=x onerror=&quot;document.title=&#x27;PWNED&#x27;&quot;&gt;" in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page


def test_sources_page_links_only_web_addresses(monkeypatch):
    import pandas as pd

    from smartkorea.report import sources as page_module

    frame = pd.DataFrame({
        "source_id": ["A", "B", "C"], "publisher": ["Alpha", "Beta", "Gamma"],
        "title": ["Web page", "Script link", "File link"],
        "url": ["https://example.org/a?x=1&y=2", "javascript:alert(1)", "file:///etc/passwd"],
        "published": ["2026-07-13", "n.d.", "2024-03"],
    })
    monkeypatch.setattr(page_module.catalog, "load", lambda name, data=None: frame)
    monkeypatch.setattr(page_module, "users", lambda data=None: {"A": ["Table one", "Table <two>"]})
    page = report.render_sources()
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page
    assert "javascript:" not in page and "file:" not in page
    rows = source_rows(page)
    assert [re.search(r"<td>(\w+)</td>", r).group(1) for r in rows] == ["Alpha", "Beta", "Gamma"]
    assert '<td class="date">13 Jul 2026</td>' in rows[0] and '<td class="date">no date</td>' in rows[1]
    assert '<td class="date">Mar 2024</td>' in rows[2]
    assert "<li>Table one</li><li>Table &lt;two&gt;</li>" in rows[0]
    assert rows[1].endswith("<td>\u2013</td></tr>")  # used by no table: a dash, not a blank


# --------------------------------------------------------------------------- the real report

_NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="session")
def real_report(tmp_path_factory):
    """The real notebooks' report, built once per session; with its PDF when Chromium is there
    (or when CI requires it, where a missing browser fails the PDF build)."""
    pdf = report.find_chromium() is not None or os.environ.get("SMARTKOREA_REQUIRE_BROWSER") == "1"
    out = tmp_path_factory.mktemp("real") / "report"
    return report.build(out, jobs=2, pdf=pdf)


def test_real_report_pages_carry_the_policy_and_the_claimreview(real_report, capsys):
    pages = sorted(real_report.out.glob("*.html"))
    assert {p.stem for p in pages} >= {nb.stem for nb in _NOTEBOOKS} | {"index", "sources"}
    for page in pages:
        assert_no_script_policy_first(page.read_text(), page.name)
    (reviews,) = jsonld_blocks((real_report.out / f"{report.CLAIMREVIEW_PAGE}.html").read_text())
    assert main(["claims", "--format", "claimreview"]) == 0
    assert json.loads(capsys.readouterr().out) == reviews


def test_real_index_shows_every_notebook_with_its_verdict_line(real_report):
    index = (real_report.out / "index.html").read_text()
    for page in real_report.pages:
        assert page.verdict, page.notebook
        assert f'href="{page.html}"' in index
    assert all(page.data_to in index for page in real_report.pages if page.data_to)


def test_no_reader_sees_a_cut_cell_an_id_or_a_missing_value(real_report):
    problems = []
    for page in sorted(real_report.out.glob("*.html")):
        problems += [f"{page.name}: {p}" for p in check_html(page.read_text())]
    assert not problems, "\n".join(problems[:40])


def _flat(text: str) -> str:
    """Text as extracted from a PDF, comparable: ligatures undone, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_pdf_has_every_notebook_on_its_own_pages(real_report, chromium):
    from pypdf import PdfReader

    assert real_report.pdf == real_report.out / report.PDF_NAME
    reader = PdfReader(real_report.pdf)
    texts = [_flat(page.extract_text()) for page in reader.pages]
    titles = [_flat(page.title) for page in real_report.pages]
    assert len(titles) == len(_NOTEBOOKS)
    assert len(texts) >= 1 + len(titles)  # a contents page or more, then each notebook from a new page
    first = next(i for i, text in enumerate(texts) if i and text.startswith(titles[0]))
    contents = "".join(texts[:first])
    for title in titles:
        assert title in contents, title  # listed in the contents
        assert any(text.startswith(title) for text in texts[first:]), title  # and opens a page
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    assert "Code" not in lines  # no folded-code summary: the code is left out of the PDF
