"""periods: the one parser of periods and dates, and what is computed from it."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from smartkorea import periods


@pytest.mark.parametrize("text, kind, first, last", [
    ("2024", "year", (2024, 1), (2024, 12)),
    ("2024-07", "month", (2024, 7), (2024, 7)),
    ("2024-02-29", "day", (2024, 2), (2024, 2)),
    ("2024-Q3", "quarter", (2024, 7), (2024, 9)),
    ("Q3 2024", "quarter", (2024, 7), (2024, 9)),
    ("2019-H2", "half", (2019, 7), (2019, 12)),
    ("H1 2019", "half", (2019, 1), (2019, 6)),
    ("FY2023", "fiscal", (2023, 1), (2023, 12)),
    ("2023-07/2024-06", "window", (2023, 7), (2024, 6)),
    ("  2022-06 ", "month", (2022, 6), (2022, 6)),
])
def test_parse_every_form(text, kind, first, last):
    p = periods.parse(text)
    assert (p.kind, p.first, p.last) == (kind, first, last)


def test_both_spellings_of_a_quarter_mean_the_same_period():
    assert periods.position("Q3 2024") == periods.position("2024-Q3") == pytest.approx(2024 + 7.5 / 12)
    assert periods.label("Q3 2024") == periods.label("2024-Q3") == "Q3 2024"


@pytest.mark.parametrize("bad", [
    "2023-02-29",        # not a leap year
    "2024-04-31",        # April has 30 days
    "2024-13",           # no 13th month
    "2024-00",
    "2024-Q0",
    "2024-H3",
    "2024-07/2023-06",   # ends before it starts
    "2024-07-01/2024-09",  # a window runs month to month
    "2024/2025",
    "July 2024",
    "",
    None,
    2024,
])
def test_parse_refuses(bad):
    with pytest.raises(ValueError):
        periods.parse(bad)


def test_labels_for_readers():
    assert periods.label("2019-07-05") == "5 Jul 2019"
    assert periods.label("FY2023") == "FY2023"
    assert periods.label("2023-12/2024-02") == "Dec 2023–Feb 2024"


def test_sort_key_puts_a_bare_year_before_its_months_and_ignores_other_forms():
    dated = ["2020-01-15", "2019", "2019-12", "2019-06-30", "2020"]
    assert sorted(dated, key=periods.sort_key) == ["2019", "2019-06-30", "2019-12", "2020", "2020-01-15"]
    for unknown in (None, float("nan"), pd.NA, "2021-Q1", "n.d."):
        assert periods.sort_key(unknown) is None


@pytest.mark.parametrize("earlier, later, months", [
    ("2020", "2020-12-31", 0),     # a year-precision target is met by its December
    ("2020", "2021-03", 3),
    ("2019-06-30", "2019-05-01", -1),
    ("2018-Q4", "2019-H1", 6),
])
def test_months_between(earlier, later, months):
    assert periods.months_between(earlier, later) == months


def test_calendar_forms_match_only_year_month_and_day():
    assert [periods.CALENDAR.match(t) for t in ("2019", "2019-07", "2019-07-05")] == [True, True, True]
    assert [periods.CALENDAR.match(t) for t in ("2019-Q1", "FY2019", "2019-02-30", None)] == [False] * 4
    for t in ("2019", "2019-07", "2019-07-05"):
        assert pd.Period(t, freq=periods.FREQ_BY_LENGTH[len(t)]).start_time == pd.Timestamp(t)


def test_decimal_year_counts_leap_days():
    # 1 July is day 183 of 2024 (a leap year): 182 whole days have passed
    assert periods.decimal_year(pd.Timestamp("2024-07-01")) == pytest.approx(2024 + 182 / 366)
    assert periods.decimal_year(pd.Timestamp("2023-07-01")) == pytest.approx(2023 + 181 / 365)
    assert math.isclose(periods.decimal_year(pd.Timestamp("2023-01-01")), 2023.0)


@pytest.mark.parametrize("text, label", [("2019-06-10", "Jun 2019"), ("2019-06", "Jun 2019"),
                                         ("2019", "2019"), ("2021-Q3", "Jul 2021")])
def test_month_label(text, label):
    assert periods.month_label(text) == label


def test_month_at_is_the_month_of_a_position():
    from smartkorea import periods

    for text in ("2019-07", "2020-01", "2024-12", "2021-06"):
        assert periods.month_at(periods.position(text)) == text  # a month's middle is in that month
    assert periods.month_at(2019.0) == "2019-01"
