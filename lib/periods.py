"""Reporting periods: the one place for month indices, quarters and the as-of window.

A period is stored as the first day of a month (DuckDB ``DATE``). Monthly
indicators report every month; quarterly ones in the first month of each
calendar quarter (Jan, Apr, Jul, Oct: these are also the financial-year
quarters); annual ones once per financial year (April to March), dated April.

The "latest value as of a period" rule (the ranking's as-of values, the
evaluation's carry-forward) is :func:`window_start`: a value counts at period
*p* when it is dated from the start of *p*'s reporting period (the month itself,
its calendar quarter, its financial year) up to *p*, and the latest such value
wins. A value dated off schedule (a quarterly KPI in February, an annual one in
June) therefore counts until its reporting period ends (March; the next March),
not for a fixed number of months after its date: the next report is due then.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

PERIODICITIES = ("monthly", "quarterly", "annual")
_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}
_FINANCIAL_YEAR_START_MONTH = 4
QUARTER_START_MONTHS = (1, 4, 7, 10)
# The longest reporting period (a financial year) is 12 months: a value can serve a period
# at most this many months after its own.
LONGEST_CARRY_MONTHS = _MONTHS_PER_PERIOD["annual"] - 1
_PERIOD_PATTERN = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?")


def parse_period(text: str) -> date:
    """Parse ``YYYY-MM`` (or an ISO date) into the first day of that month.

    Examples
    --------
    >>> parse_period("2026-09")
    datetime.date(2026, 9, 1)
    """
    match = _PERIOD_PATTERN.fullmatch(str(text).strip()) if text is not None else None
    if match is None:
        raise ValueError(f"period {text!r} is not a month; write it as YYYY-MM, e.g. 2026-09")
    year, month, day = int(match["year"]), int(match["month"]), match["day"]
    try:
        date(year, month, int(day) if day else 1)  # rejects month 13, 30 February...
    except ValueError as exc:
        raise ValueError(f"period {text!r} is not a valid date; write it as YYYY-MM, e.g. 2026-09") from exc
    return date(year, month, 1)


def reports_in(periodicity: str, month: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Boolean array, by position: does an indicator of this periodicity report in these months?
    (Those that start a reporting period, see :func:`window_start`.)"""
    indices = month_indices(month)
    return window_start_index(periodicity, indices) == indices


def month_index(period) -> int:
    """Months since January of year 0, so consecutive months differ by one.

    Examples
    --------
    >>> month_index(date(2024, 4, 1)) - month_index(date(2023, 12, 1))
    4
    """
    stamp = pd.Timestamp(period)
    return stamp.year * 12 + stamp.month - 1


def month_indices(periods) -> np.ndarray:
    """:func:`month_index` of each period (dates, timestamps or ``YYYY-MM-DD`` strings), as an int array."""
    stamps = pd.DatetimeIndex(periods)
    return (stamps.year * 12 + stamps.month - 1).to_numpy(dtype=int)


def from_month_index(index: int) -> date:
    """The period (first day of the month) of a :func:`month_index`."""
    return date(index // 12, index % 12 + 1, 1)


def is_quarter_start(period) -> bool:
    """Is ``period`` the first month of a calendar quarter (January, April, July or October)?

    Examples
    --------
    >>> is_quarter_start(date(2025, 4, 1)), is_quarter_start(date(2025, 5, 1))
    (True, False)
    """
    return pd.Timestamp(period).month in QUARTER_START_MONTHS


def window_start_index(periodicity: str, indices) -> np.ndarray:
    """:func:`window_start` on month indices (see :func:`month_indices`), vectorised."""
    if periodicity not in _MONTHS_PER_PERIOD:
        raise ValueError(f"periodicity {periodicity!r} is not one of {PERIODICITIES}")
    indices = np.asarray(indices, dtype=int)
    first_month = 0 if periodicity != "annual" else _FINANCIAL_YEAR_START_MONTH - 1  # 0 = January
    return indices - (indices - first_month) % _MONTHS_PER_PERIOD[periodicity]


def window_start(periodicity: str, period) -> date:
    """First month of the reporting period that contains ``period``: where its as-of window starts.

    A value dated from this month up to ``period`` counts as the indicator's value at
    ``period`` (the latest one wins): monthly, ``period`` itself; quarterly, the first
    month of its calendar quarter; annual, April of its financial year. The ranking's
    as-of values (:func:`window_start_sql`, used by :func:`lib.queries.asof_values`) and
    the evaluation's carry-forward (:mod:`lib.evaluation.outcomes`) both follow it.

    Examples
    --------
    >>> window_start("quarterly", date(2024, 3, 1)), window_start("annual", date(2024, 3, 1))
    (datetime.date(2024, 1, 1), datetime.date(2023, 4, 1))

    A quarterly value dated February 2024 counts in February and March, not in April
    (a new quarter, whose report is due):

    >>> window_start("quarterly", date(2024, 4, 1)) <= date(2024, 2, 1)
    False
    """
    return from_month_index(int(window_start_index(periodicity, [month_index(period)])[0]))


def window_start_sql(periodicity: str, period: str) -> str:
    """:func:`window_start` as a DuckDB expression over the SQL expressions ``periodicity`` and ``period``
    (column names, never user input); a periodicity other than monthly or quarterly is annual."""
    april = _FINANCIAL_YEAR_START_MONTH
    return (
        f"CASE {periodicity} WHEN 'monthly' THEN {period} "
        f"WHEN 'quarterly' THEN date_trunc('quarter', {period}) "
        f"ELSE CASE WHEN month({period}) >= {april} THEN make_date(year({period}), {april}, 1) "
        f"ELSE make_date(year({period}) - 1, {april}, 1) END END"
    )


def month_range(first: str, last: str) -> pd.DatetimeIndex:
    """All month starts from ``first`` to ``last`` inclusive (``YYYY-MM`` strings)."""
    return pd.date_range(parse_period(first), parse_period(last), freq="MS")


def label(period: date | pd.Timestamp) -> str:
    """``YYYY-MM`` label for a period."""
    if isinstance(period, date) and period is not pd.NaT:  # a date or a Timestamp: 50x faster than strftime
        return f"{period.year:04d}-{period.month:02d}"
    return pd.Timestamp(period).strftime("%Y-%m")
