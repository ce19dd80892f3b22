"""What a reader of the executed notebooks sees: no raw ids, snake_case keys, NaN or cut cells in
tables and prose, numbers whole (the "up to GBP 1" class), and every headline dated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readercheck import check_notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
DATA_TO = re.compile(r"Data to (?:(?:January|February|March|April|May|June|July|August|September|October"
                     r"|November|December) )?\d{4}\.?\s*$")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_reader_sees_no_ids_missing_values_or_cut_numbers(path):
    assert check_notebook(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_headline_ends_with_the_date_of_the_newest_data(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    headline = [c for c in nb["cells"] if "headline" in c.get("metadata", {}).get("tags", [])]
    assert len(headline) == 1, "one headline cell"
    shown = "".join("".join(o.get("data", {}).get("text/markdown", "")) for o in headline[0].get("outputs", []))
    assert DATA_TO.search(shown), shown[-120:]


def test_the_checks_catch_what_they_exist_for(tmp_path):
    """The reader check fails on a planted raw id, a NaN cell and a cut amount."""
    nb = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    table = {"output_type": "display_data", "metadata": {}, "data": {
        "text/html": "<table><tr><td>C0_BLOOMBERG_2019</td><td>NaN</td></tr></table>"}}
    prose = {"output_type": "display_data", "metadata": {}, "data": {
        "text/markdown": "Funding of up to GBP 1."}}
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code.setdefault("outputs", []).extend([table, prose])
    planted = tmp_path / "planted.ipynb"
    planted.write_text(json.dumps(nb), encoding="utf-8")
    found = "\n".join(check_notebook(planted))
    assert "C0_BLOOMBERG_2019" in found and "NaN" in found and "GBP 1" in found
