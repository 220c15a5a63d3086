"""Reporting periods.

A period is stored as the first day of a month (DuckDB ``DATE``). Monthly
indicators report every month; quarterly ones in the first month of each
calendar quarter (Jan, Apr, Jul, Oct: these are also the financial-year
quarters); annual ones once per financial year (April to March), dated April.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

PERIODICITIES = ("monthly", "quarterly", "annual")
_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}
_FINANCIAL_YEAR_START_MONTH = 4
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
    """Boolean array, by position: does an indicator of this periodicity report in these months?"""
    if periodicity not in _MONTHS_PER_PERIOD:
        raise ValueError(f"periodicity {periodicity!r} is not one of {PERIODICITIES}")
    months = pd.DatetimeIndex(month).month.to_numpy()
    if periodicity == "monthly":
        return np.ones(len(months), dtype=bool)
    if periodicity == "quarterly":
        return (months - 1) % 3 == 0
    return months == _FINANCIAL_YEAR_START_MONTH


def month_range(first: str, last: str) -> pd.DatetimeIndex:
    """All month starts from ``first`` to ``last`` inclusive (``YYYY-MM`` strings)."""
    return pd.date_range(parse_period(first), parse_period(last), freq="MS")


def label(period: date | pd.Timestamp) -> str:
    """``YYYY-MM`` label for a period."""
    return pd.Timestamp(period).strftime("%Y-%m")
