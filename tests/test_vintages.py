"""vintages: one release per series, ordered by publication date (the home of the vintage helpers)."""

from __future__ import annotations

import pandas as pd
import pytest

from smartkorea import compare, vintages


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "country": ["KOR", "KOR", "KOR"],
        "year": [2019, 2019, 2019],
        "value": [4.5, 4.6, 4.7],
        "vintage": ["late", "early", "undated"],
    })


def test_a_dated_month_is_later_than_its_bare_year_and_unknown_dates_sort_first():
    dates = {"early": "2025", "late": "2025-03"}
    table = vintages.vintages(_frame(), release_dates=dates)
    assert list(table["vintage"]) == ["undated", "early", "late"]
    rows, label = vintages.select_vintage(_frame(), release_dates=dates)
    assert label == "late" and list(rows["value"]) == [4.5]


def test_across_vintages_reports_changes_from_the_earliest_release():
    out = vintages.across_vintages(_frame().iloc[:2], "KOR", 2019,
                                   release_dates={"early": "2024-12-01", "late": "2025-01"})
    assert list(out["vintage"]) == ["early", "late"]
    assert list(out["change"]) == pytest.approx([0.0, -0.1])


def test_a_tie_for_latest_is_refused():
    with pytest.raises(ValueError, match="share the latest publication date"):
        vintages.select_vintage(_frame().iloc[:2], release_dates={"early": "2025-03", "late": "2025-03"})


def test_compare_re_exports_the_vintage_helpers():
    for name in ("vintages", "select_vintage", "across_vintages", "revisions"):
        assert getattr(compare, name) is getattr(vintages, name)
