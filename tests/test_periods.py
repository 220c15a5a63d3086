"""Reporting periods: parsing, which months each periodicity reports in, month ranges, month
indices and the as-of window (Python and SQL)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.periods import (
    PERIODICITIES,
    from_month_index,
    is_quarter_start,
    label,
    month_index,
    month_indices,
    month_range,
    parse_period,
    reports_in,
    window_start,
    window_start_sql,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-09", date(2026, 9, 1)),
        ("2024-01", date(2024, 1, 1)),
        ("2025-12-31", date(2025, 12, 1)),  # an ISO date falls to the first of its month
        ("  2023-04 ", date(2023, 4, 1)),  # surrounding spaces are ignored
    ],
)
def test_parse_period_returns_first_day_of_month(text, expected):
    assert parse_period(text) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_period_round_trips_through_label(day):
    period = parse_period(day.strftime("%Y-%m"))
    assert period == date(day.year, day.month, 1)
    assert label(period) == day.strftime("%Y-%m")


@pytest.mark.parametrize("text", ["abc", "2026-13", "2026-02-30", "next month", None])
def test_parse_period_bad_input_names_the_input_and_the_format(text):
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert repr(text) in message
    assert "YYYY-MM" in message


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_period_empty_text_gets_the_same_friendly_error(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_period(text)


def test_parse_period_rejects_a_bare_month_name_instead_of_inventing_year_1():
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_period("September")


YEAR = pd.date_range("2025-01-01", "2025-12-01", freq="MS")


def test_monthly_indicators_report_every_month():
    assert reports_in("monthly", YEAR).tolist() == [True] * 12


def test_quarterly_indicators_report_in_january_april_july_october():
    mask = reports_in("quarterly", YEAR)
    assert [m.month for m, keep in zip(YEAR, mask, strict=True) if keep] == [1, 4, 7, 10]


def test_annual_indicators_report_in_april_only():
    mask = reports_in("annual", pd.date_range("2023-01-01", "2026-12-01", freq="MS"))
    months = pd.date_range("2023-01-01", "2026-12-01", freq="MS")[mask]
    assert [(m.year, m.month) for m in months] == [(2023, 4), (2024, 4), (2025, 4), (2026, 4)]


def test_reports_in_accepts_a_series_of_timestamps():
    months = pd.Series(pd.to_datetime(["2025-03-01", "2025-04-01", "2025-05-01"]))
    assert reports_in("quarterly", months).tolist() == [False, True, False]
    assert reports_in("annual", months).tolist() == [False, True, False]


def test_reports_in_mask_filters_a_series_with_any_index():
    months = pd.Series(pd.to_datetime(["2025-03-01", "2025-04-01", "2025-07-01"]), index=[10, 20, 30])
    assert months[reports_in("quarterly", months)].index.tolist() == [20, 30]


def test_reports_in_unknown_periodicity_lists_the_allowed_ones():
    with pytest.raises(ValueError) as caught:
        reports_in("weekly", YEAR)
    assert "weekly" in str(caught.value)
    assert all(p in str(caught.value) for p in PERIODICITIES)


@given(st.integers(2000, 2090), st.integers(1, 12), st.integers(0, 60))
def test_reports_in_counts_match_periodicity(year, month, extra):
    months = pd.date_range(f"{year}-{month:02d}-01", periods=12 + extra, freq="MS")
    # any 12 consecutive months contain 4 quarter starts and exactly one April
    window = months[:12]
    assert reports_in("quarterly", window).sum() == 4
    assert reports_in("annual", window).sum() == 1
    assert reports_in("monthly", months).sum() == len(months)


def test_month_range_is_inclusive_and_crosses_the_year_end():
    months = month_range("2025-11", "2026-02")
    assert [label(m) for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_month_range_of_one_month_and_of_a_reversed_range():
    assert [label(m) for m in month_range("2026-09", "2026-09")] == ["2026-09"]
    assert len(month_range("2026-09", "2026-08")) == 0


def test_month_range_length_matches_the_demo_span():
    # 2023-01 .. 2026-09: 3 full years (36) + 9 months = 45
    assert len(month_range("2023-01", "2026-09")) == 45


def test_month_range_rejects_bad_bounds():
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_range("2025-13", "2026-01")


# ---------------------------------------------------------------- month indices


def test_month_index():
    assert month_index(date(2024, 4, 1)) == 2024 * 12 + 3
    assert month_index(date(2024, 1, 1)) - month_index(date(2023, 12, 1)) == 1
    assert month_index(date(2026, 9, 1)) - month_index(date(2023, 1, 1)) == 44
    assert month_index(pd.Timestamp("2024-04-01")) == month_index("2024-04-01") == month_index(date(2024, 4, 1))


def test_month_indices_match_month_index_and_invert():
    months = pd.date_range("2023-11-01", "2024-02-01", freq="MS")
    assert month_indices(months).tolist() == [month_index(m) for m in months]
    assert [from_month_index(i) for i in month_indices(months)] == [m.date() for m in months]
    assert month_indices(pd.Series(months)).tolist() == month_indices(months).tolist()


def test_is_quarter_start():
    assert [m.month for m in YEAR if is_quarter_start(m)] == [1, 4, 7, 10]


# ---------------------------------------------------------------- the as-of window


@pytest.mark.parametrize(
    "periodicity, period, start",
    [
        ("monthly", "2024-02", "2024-02"),
        ("quarterly", "2024-01", "2024-01"),
        ("quarterly", "2024-03", "2024-01"),
        ("quarterly", "2024-04", "2024-04"),  # a new quarter: February's off-schedule value no longer counts
        ("quarterly", "2024-12", "2024-10"),
        ("annual", "2024-03", "2023-04"),  # January-March belong to the financial year begun the April before
        ("annual", "2024-04", "2024-04"),
        ("annual", "2024-06", "2024-04"),
        ("annual", "2025-02", "2024-04"),
    ],
)
def test_window_start_by_hand(periodicity, period, start):
    assert window_start(periodicity, parse_period(period)) == parse_period(start)


def test_window_start_unknown_periodicity_is_refused():
    with pytest.raises(ValueError, match="weekly"):
        window_start("weekly", date(2024, 1, 1))


@pytest.mark.parametrize("periodicity", PERIODICITIES)
def test_window_start_sql_agrees_with_python_every_month(periodicity):
    """The SQL the as-of query runs and the Python the evaluation runs give the same window."""
    months = pd.date_range("2022-01-01", "2025-12-01", freq="MS")
    con = duckdb.connect(":memory:")
    try:
        frame = pd.DataFrame({"periodicity": periodicity, "period": months.date})
        con.register("asked", frame)
        sql = con.execute(
            f"SELECT CAST({window_start_sql('periodicity', 'period')} AS DATE) FROM asked ORDER BY period"
        ).fetchall()
    finally:
        con.close()
    assert [row[0] for row in sql] == [window_start(periodicity, m) for m in months]


@given(st.sampled_from(PERIODICITIES), st.integers(2000, 2090), st.integers(1, 12))
def test_window_holds_the_period_and_starts_on_a_reporting_month(periodicity, year, month):
    period = date(year, month, 1)
    start = window_start(periodicity, period)
    assert start <= period
    assert month_index(period) - month_index(start) <= {"monthly": 0, "quarterly": 2, "annual": 11}[periodicity]
    assert reports_in(periodicity, pd.DatetimeIndex([start])).tolist() == [True]
