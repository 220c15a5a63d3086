"""Reporting periods.

A period is stored as the first day of a month (DuckDB ``DATE``). Monthly
indicators report every month; quarterly ones in the first month of each
calendar quarter (Jan, Apr, Jul, Oct: these are also the financial-year
quarters); annual ones once per financial year (April to March), dated April.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

PERIODICITIES = ("monthly", "quarterly", "annual")
_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}
_FINANCIAL_YEAR_START_MONTH = 4


def parse_period(text: str) -> date:
    """Parse ``YYYY-MM`` (or an ISO date) into the first day of that month.

    Examples
    --------
    >>> parse_period("2026-09")
    datetime.date(2026, 9, 1)
    """
    try:
        stamp = pd.Timestamp(str(text).strip())
    except ValueError as exc:
        raise ValueError(f"period {text!r} is not a month; write it as YYYY-MM, e.g. 2026-09") from exc
    return date(stamp.year, stamp.month, 1)


def reports_in(periodicity: str, month: pd.Series | pd.DatetimeIndex) -> pd.Series:
    """Boolean mask: does an indicator of this periodicity report in these months?"""
    if periodicity not in _MONTHS_PER_PERIOD:
        raise ValueError(f"periodicity {periodicity!r} is not one of {PERIODICITIES}")
    months = pd.DatetimeIndex(month).month
    if periodicity == "monthly":
        return pd.Series(True, index=range(len(months)))
    if periodicity == "quarterly":
        return pd.Series((months - 1) % 3 == 0)
    return pd.Series(months == _FINANCIAL_YEAR_START_MONTH)


def month_range(first: str, last: str) -> pd.DatetimeIndex:
    """All month starts from ``first`` to ``last`` inclusive (``YYYY-MM`` strings)."""
    return pd.date_range(parse_period(first), parse_period(last), freq="MS")


def label(period: date | pd.Timestamp) -> str:
    """``YYYY-MM`` label for a period."""
    return pd.Timestamp(period).strftime("%Y-%m")
