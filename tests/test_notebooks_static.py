"""Static checks of the committed notebooks (nbval checks that their outputs reproduce)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "00_summary", "01_innovation_leader", "02_smart_city_investment", "03_chaebols_open_innovation",
    "04_uk_korea_collaboration", "05_opportunities", "06_fact_check", "07_then_and_now", "08_scorecard",
]

# Digits allowed in prose: years used as dates or names, and names that contain digits.
ALLOWED = re.compile(
    r"\b(?:19[89]\d|20[0-3]\d)s?\b"  # a year (1980-2039), or a decade like 2010s
    r"|I-Korea 4\.0|\b5G\b|\b4G\b|\bLTE\b|Sejong 5-1|\b5-1\b|\bG7\b|\bG20\b|\b4IR\b|Industry 4\.0"
    r"|\b\d\d_[a-z_]+\.ipynb\b"  # links to other notebooks
    r"|\b[Rr]eason [1-5]\b"  # the article's numbered reasons
    r"|\bC\d+[A-Za-z_]*\b"  # claim ids
    r"|ISO 3166(?:-1)?|ISO 4217|alpha-3|CC BY 4\.0|\bCO2\b"
)


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def test_the_nine_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_cells_hold_no_typed_figures(path):
    for i, cell in enumerate(_nb(path)["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"\]\([^)]*\)", "]", _source(cell))  # ignore link targets
        text = re.sub(r"`[^`]*`", "", text)  # code spans name things (dataset names, ids)
        leftover = ALLOWED.sub("", text)
        digits = re.findall(r"[^\s]*\d[^\s]*", leftover)
        assert not digits, f"{path.name} cell {i}: typed figures {digits} — compute them in code"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shape(path):
    nb = _nb(path)
    cells = nb["cells"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert cells[0]["cell_type"] == "markdown" and _source(cells[0]).startswith("# "), "a claim as the title"
    headline = [c for c in cells if "headline" in c.get("metadata", {}).get("tags", [])]
    assert len(headline) == 1, "exactly one cell tagged 'headline'"
    outputs = headline[0].get("outputs", [])
    assert any("text/markdown" in o.get("data", {}) for o in outputs), "the headline displays Markdown"
    headings = [_source(c) for c in cells if c["cell_type"] == "markdown"]
    assert any(re.search(r"^## Caveats", h, flags=re.M) for h in headings), "a Caveats section"
    assert any(re.search(r"^## Sources", h, flags=re.M) for h in headings), "a Sources section"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_in_order_with_outputs_committed(path):
    code = [c for c in _nb(path)["cells"] if c["cell_type"] == "code"]
    assert code, "no code cells"
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), f"re-run {path.name} top to bottom: {counts}"
    for c in code:
        for out in c.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name} has an error output"
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r"/(?:work|home|root|tmp)/", text), f"{path.name}: absolute path in output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_charts_and_cites(path):
    src = "\n".join(_source(c) for c in _nb(path)["cells"] if c["cell_type"] == "code")
    assert "charts." in src, "uses smartkorea.charts"
    assert re.search(r"sk\.(sources|cite)\(", src), "lists its sources"
    assert "open(" not in src and "../shared" not in src, "reads data only through smartkorea"
