"""The HTML report: title and headline extraction, figure export, building and failing safely.

The report is built from tiny notebooks written into a temporary folder, so these tests do not
depend on the real notebooks' content.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from smartkorea import report
from smartkorea.cli import main

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
    """Two small notebooks: three figures, a tagged headline and a markdown-output headline."""
    folder.mkdir(parents=True, exist_ok=True)
    first = new_notebook(cells=[
        new_markdown_cell("# Korea out-spends its peers on R&D\n\nAn introduction to skip."),
        new_code_cell("from IPython.display import Markdown, display\n"
                      "assert not {'io', 'matplotlib', 'formatter', 'formatters', 'install', 'RUN_NAME'}"
                      " & set(globals())"),
        new_code_cell(
            "display(Markdown('Korea spent **4.8%** of GDP on R&D in 2019.'))",
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
    nbformat.write(first, folder / "00_rd.ipynb")
    nbformat.write(second, folder / "01_broadband.ipynb")
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
        ".smartkorea-report", "00_rd.html", "01_broadband.html", "figures", "index.html"]
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "00_rd_1.png", "00_rd_1.svg", "01_broadband_1.png", "01_broadband_1.svg",
        "01_broadband_2.png", "01_broadband_2.svg"]
    marker = json.loads((out / ".smartkorea-report").read_text())
    assert marker["notebooks"] == ["00_rd.ipynb", "01_broadband.ipynb"]


def test_index_lists_titles_headlines_and_figures_in_order(built):
    index = (built[0].out / "index.html").read_text()
    first, second = index.index("Korea out-spends its peers on R&amp;D"), index.index(
        "Broadband is near universal")
    assert first < second
    assert "Korea spent <strong>4.8%</strong> of GDP on R&amp;D in 2019." in index  # tagged cell
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
    assert len(done) == 2
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
