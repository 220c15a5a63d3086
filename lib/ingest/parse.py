"""Parse the period labels and cell values found in users' files.

A period label becomes the first day of a month, following :mod:`lib.periods`: a
month is dated by itself, a quarter by its first month, a financial year (April to
March) by April, and a survey round by the financial year it is dated to.

A cell value becomes a float with a status, so that a survey's "not available"
marker, an estimate NFHS flags in parentheses and a typo are told apart instead of
all becoming NaN.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

VALUE_STATUSES = ("ok", "missing", "flagged", "invalid")

# Each round is dated to the first day of the financial year its fieldwork began in.
ROUNDS: dict[str, date] = {
    "NFHS-3": date(2005, 4, 1),
    "NFHS-4": date(2015, 4, 1),
    # NFHS-5 fieldwork ran from 2019 to 2021 (paused by COVID-19); dated to FY2019-20.
    "NFHS-5": date(2019, 4, 1),
}

FIRST_YEAR, LAST_YEAR = 1950, 2100
_PERIOD_EXAMPLES = "write e.g. 2025-03, Mar-2025, Q4 FY2024-25, 2025-Q1, FY2024-25 or NFHS-5"
_NOT_A_PERIOD = "is not a month, quarter, financial year or survey round"
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NUMBERS = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}


def _round_key(text: str) -> str:
    return re.sub(r"[\s_\-\u2010-\u2015]", "", text).casefold()


_ROUND_KEYS = {_round_key(name): first_day for name, first_day in ROUNDS.items()}


class _Unreadable(ValueError):
    """Why a label is not a period (the caller adds the label and the examples)."""


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _Unreadable(f"is dated {year}; periods must fall between {FIRST_YEAR} and {LAST_YEAR}")


def _month(year: str, month: str, day: str = "1") -> tuple[date, str]:
    _check_year(int(year))
    if not 1 <= int(month) <= 12:
        raise _Unreadable(f"has month {int(month)} (months run 1 to 12)")
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        raise _Unreadable(f"is not a real date (month {int(month)} has no day {day})") from None
    return date(int(year), int(month), 1), "month"


def _month_name(name: str, year: str) -> tuple[date, str]:
    if name not in _MONTH_NUMBERS:
        raise _Unreadable(_NOT_A_PERIOD)
    full_year = "20" + year if len(year) == 2 else year  # mar-25 is March 2025
    return _month(full_year, str(_MONTH_NUMBERS[name]))


def _financial_year_start(first: str, second: str) -> int:
    start = int(first)
    _check_year(start)
    expected = (start + 1) % 100 if len(second) == 2 else start + 1
    if int(second) != expected:
        raise _Unreadable(f"is a financial year whose second year ({second}) does not follow the first ({first})")
    return start


def _financial_year(first: str, second: str) -> tuple[date, str]:
    return date(_financial_year_start(first, second), 4, 1), "financial_year"


def _year_dash_number(year: str, month: str) -> tuple[date, str]:
    # YYYY-MM is the project's month format, so 2010-11 is November 2010; FY2010-11 is the year.
    if 1 <= int(month) <= 12:
        return _month(year, month)
    if len(month) == 2 and int(month) == (int(year) + 1) % 100:
        return _financial_year(year, month)
    raise _Unreadable(
        f"is neither a month (there is no month {int(month)}) nor a financial "
        f"year (that would be {year}-{(int(year) + 1) % 100:02d})"
    )


def _quarter_number(quarter: str) -> int:
    if not 1 <= int(quarter) <= 4:
        raise _Unreadable(f"has quarter {quarter} (quarters run Q1 to Q4)")
    return int(quarter)


def _financial_quarter(quarter: str, first: str, second: str) -> tuple[date, str]:
    start = _financial_year_start(first, second)
    # Q1 starts in April: month 4, 7, 10, then 13, which is January of the second year.
    month = 4 + 3 * (_quarter_number(quarter) - 1)
    return date(start + (month - 1) // 12, (month - 1) % 12 + 1, 1), "quarter"


def _calendar_quarter(year: str, quarter: str) -> tuple[date, str]:
    _check_year(int(year))
    return date(int(year), 1 + 3 * (_quarter_number(quarter) - 1), 1), "quarter"


def _ambiguous_financial_year() -> tuple[date, str]:
    raise _Unreadable(
        "gives a two-digit financial year, which could mean either of two "
        "years (FY25 is FY2024-25 to some, FY2025-26 to others)"
    )


def _year_alone(year: str) -> tuple[date, str]:
    raise _Unreadable("is a year alone; say which month, quarter or financial year")


_FY = r"fy ?(?P<first>\d{4})-(?P<second>\d{2}|\d{4})"
_Q = r"q(?P<quarter>\d)"
_YEAR = r"(?P<year>\d{4})"
# Tried in order on the normalised label (lower case, single spaces, none around - or /).
_PERIOD_FORMS: list[tuple[re.Pattern[str], Callable[..., tuple[date, str]]]] = [
    (re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})"), _month),
    (re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})"), _year_dash_number),
    (re.compile(rf"{_YEAR}/(?P<month>\d{{1,2}})"), _month),
    (re.compile(rf"(?P<month>\d{{1,2}})/{_YEAR}"), _month),
    (re.compile(r"(?:fy ?)?(?P<first>\d{4})-(?P<second>\d{4})"), _financial_year),
    (re.compile(_FY), _financial_year),
    (re.compile(rf"{_Q}[ -]?{_FY}"), _financial_quarter),
    (re.compile(rf"{_FY}[ -]?{_Q}"), _financial_quarter),
    (re.compile(rf"{_Q}[ -]?(?P<first>\d{{4}})-(?P<second>\d{{2}}|\d{{4}})"), _financial_quarter),
    (re.compile(rf"{_YEAR}[ -]?{_Q}"), _calendar_quarter),
    (re.compile(rf"{_Q}[ -]?{_YEAR}"), _calendar_quarter),
    (re.compile(r"(?:q\d[ -]?)?fy ?\d{2}(?:[ -]?q\d)?"), _ambiguous_financial_year),
    (re.compile(r"(?P<name>[a-z]+)[ .,']{0,2}-?(?P<year>\d{4}|\d{2})"), _month_name),
    (re.compile(_YEAR), _year_alone),
]


def _normalise_label(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text.casefold())  # dashes pasted from PDFs
    text = " ".join(text.split())
    return re.sub(r" ?([-/]) ?", r"\1", text)


def _is_empty(cell: object) -> bool:
    return (
        cell is None
        or (pd.api.types.is_scalar(cell) and bool(pd.isna(cell)))
        or (isinstance(cell, str) and not cell.strip())
    )


def _read_label(label: str) -> tuple[date, str]:
    if _round_key(label) in _ROUND_KEYS:
        return _ROUND_KEYS[_round_key(label)], "round"
    normalised = _normalise_label(label)
    for pattern, read in _PERIOD_FORMS:
        match = pattern.fullmatch(normalised)
        if match:
            period, kind = read(**match.groupdict())
            _check_year(period.year)  # Q4 of FY2100-01 falls in 2101
            return period, kind
    raise _Unreadable(_NOT_A_PERIOD)


def parse_period_label(text: str | date) -> tuple[date, str]:
    """Read a period label as (first day of the period, kind).

    Kinds are ``"month"``, ``"quarter"`` (dated by its first month),
    ``"financial_year"`` (April to March, dated April) and ``"round"`` (see
    :data:`ROUNDS`). A ``date`` (as spreadsheets give), or one written
    ``YYYY-MM-DD`` (as :mod:`lib.ingest.tables` writes a date cell), is read
    as its month.
    ``YYYY-MM`` is always a month, so ``2010-11`` is November 2010; write
    ``FY2010-11`` for the financial year.

    Parameters
    ----------
    text : str or datetime.date
        A label such as ``2025-03``, ``Mar-2025``, ``Q4 FY2024-25``,
        ``2025-Q1``, ``FY2024-25`` or ``NFHS-5``; case and spaces do not matter.

    Returns
    -------
    tuple of (datetime.date, str)

    Raises
    ------
    ValueError
        Naming the label received and the forms accepted.

    Examples
    --------
    >>> parse_period_label("Q4 FY2024-25")
    (datetime.date(2025, 1, 1), 'quarter')
    >>> parse_period_label("nfhs 5")
    (datetime.date(2019, 4, 1), 'round')
    >>> parse_period_label("2025-03-01")
    (datetime.date(2025, 3, 1), 'month')
    """
    if _is_empty(text):
        raise ValueError(f"period is empty; {_PERIOD_EXAMPLES}")
    if isinstance(text, date):
        return date(text.year, text.month, 1), "month"
    label = str(text).strip()
    try:
        return _read_label(label)
    except _Unreadable as reason:
        raise ValueError(f"period {label!r} {reason}; {_PERIOD_EXAMPLES}") from None


def _distinct_cells(series: pd.Series) -> tuple[np.ndarray, list]:
    """Codes into a list of distinct cells, so that each distinct cell is parsed once."""
    cells = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        codes, distinct = pd.factorize(cells, use_na_sentinel=False)
        return codes, list(distinct)
    # Mixed types: key on the type too, as factorize would merge True, 1 and 1.0.
    positions: dict = {}
    distinct: list = []
    codes = np.empty(len(cells), dtype=np.intp)
    for row, cell in enumerate(cells):
        try:
            code = positions.setdefault((type(cell), cell), len(distinct))
        except TypeError:  # an unhashable cell gets an entry of its own
            code = len(distinct)
        if code == len(distinct):
            distinct.append(cell)
        codes[row] = code
    return codes, distinct


def _period_or_problem(cell: object) -> tuple[date | None, str | None, str | None]:
    try:
        return (*parse_period_label(cell), None)
    except ValueError as problem:
        return None, None, str(problem)


def parse_periods(series: pd.Series) -> pd.DataFrame:
    """Read a column of period labels; each distinct label is read once.

    Parameters
    ----------
    series : pandas.Series
        Labels as :func:`parse_period_label` accepts them.

    Returns
    -------
    pandas.DataFrame
        On ``series``'s index: ``period`` (datetime64, NaT when unreadable),
        ``period_kind`` (None when unreadable) and ``problem`` (None, or the
        message :func:`parse_period_label` raised).

    Examples
    --------
    >>> parse_periods(pd.Series(["Mar-2025", "Q5 2025"])).period_kind.tolist()
    ['month', None]
    """
    codes, distinct = _distinct_cells(series)
    parsed = [_period_or_problem(cell) for cell in distinct]
    column = {
        name: np.array([p[i] for p in parsed], dtype=object)[codes]
        for i, name in enumerate(("period", "period_kind", "problem"))
    }
    return pd.DataFrame(
        {
            "period": pd.to_datetime(column["period"]),
            "period_kind": pd.Series(column["period_kind"], dtype=object),
            "problem": pd.Series(column["problem"], dtype=object),
        }
    ).set_axis(series.index)


_MISSING_MARKERS = frozenset(
    {"", "na", "n/a", "n.a.", "-", "\u2013", "\u2014", "*", "**", "..", "nr", "nan", "null", "none"}
)
_FLAGGED_NOTE = "in parentheses: NFHS marks estimates based on 25-49 unweighted cases this way"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
# Western 1,234,567 or Indian 12,34,567: groups after the first of 2 or 3 digits, the last of 3.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{2,3})*,\d{3}(?:\.\d*)?(?:e[+-]?\d+)?", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedValue:
    """One cell read as a number.

    ``value`` is None unless ``status`` (one of :data:`VALUE_STATUSES`) is ``"ok"``
    or ``"flagged"``; ``note`` says why the cell is not plainly ok, else None.
    """

    value: float | None
    status: str
    note: str | None = None


def _number_from_text(number: str, shown: str) -> float:
    """``number`` (no spaces, no %) as a float; ``shown`` is the cell as written, for notes."""
    number = number.replace("\u2212", "-")  # Unicode minus sign
    if "," in number:
        if re.fullmatch(r"[+-]?\d+,\d+", number) and not _GROUPED.fullmatch(number):
            raise _Unreadable(
                f"{shown!r} is not a number; for a decimal, write a point "
                f"instead of the comma ({number.replace(',', '.')})"
            )
        if not _GROUPED.fullmatch(number):
            raise _Unreadable(
                f"{shown!r} is not a number; commas may only group thousands, as in 1,234,567 or 12,34,567"
            )
        number = number.replace(",", "")
    if not _NUMBER.fullmatch(number):
        raise _Unreadable(f"{shown!r} is not a number")
    if not math.isfinite(float(number)):
        raise _Unreadable(f"{shown!r} is too large to be a number")
    return float(number)


def _parse_text(text: str) -> ParsedValue:
    shown = text.strip()
    if not shown:
        return ParsedValue(None, "missing", "empty cell")
    if shown.casefold() in _MISSING_MARKERS:
        return ParsedValue(None, "missing", f"marked not available ({shown!r})")
    flagged = shown.startswith("(") and shown.endswith(")")
    number = shown[1:-1].strip() if flagged else shown
    if number.endswith("%"):
        number = number[:-1].rstrip()  # 85.2% is stored as 85.2, the unit says percent
    try:
        value = _number_from_text(number, shown)
    except _Unreadable as problem:
        return ParsedValue(None, "invalid", str(problem))
    return ParsedValue(value, "flagged", _FLAGGED_NOTE) if flagged else ParsedValue(value, "ok")


def _parse_number(number: numbers.Real | Decimal) -> ParsedValue:
    try:
        value = float(number)
    except OverflowError:  # an int beyond the range of a float
        return ParsedValue(None, "invalid", "a number too large to store")
    except ValueError:  # Decimal("sNaN")
        value = math.nan
    if math.isnan(value):
        return ParsedValue(None, "missing", "empty cell")
    if math.isinf(value):
        return ParsedValue(None, "invalid", f"{value} is not a finite number")
    return ParsedValue(value, "ok")


def parse_value(text: object) -> ParsedValue:
    """Read one cell as a number, telling "not available" markers and typos apart.

    Accepts spaces around, a trailing ``%``, thousands separators in Western
    (``1,234,567``) or Indian (``12,34,567``) grouping, a Unicode minus and a
    leading ``+``. A number in parentheses is ``"flagged"``, as NFHS marks
    estimates from few cases. ``NA``, ``*``, ``-`` and similar markers, and empty
    cells, are ``"missing"``; anything else unreadable, booleans included, is
    ``"invalid"`` with a note saying what could not be read.

    Parameters
    ----------
    text : str, number or None
        The cell as read from a file.

    Returns
    -------
    ParsedValue

    Examples
    --------
    >>> parse_value("12,34,567")
    ParsedValue(value=1234567.0, status='ok', note=None)
    >>> parse_value(" (85.2%) ").status
    'flagged'
    >>> parse_value("*").note
    "marked not available ('*')"
    """
    if isinstance(text, (bool, np.bool_)):
        return ParsedValue(None, "invalid", f"{bool(text)} is a yes/no value, not a number")
    if isinstance(text, str):
        return _parse_text(text)
    if isinstance(text, (numbers.Real, Decimal)):
        return _parse_number(text)
    if _is_empty(text):
        return ParsedValue(None, "missing", "empty cell")
    return _parse_text(str(text))


def _parse_numeric_column(series: pd.Series) -> pd.DataFrame:
    """The numeric-dtype case of :func:`parse_values`, without a Python loop."""
    numbers_read = series.to_numpy(dtype=float, na_value=np.nan)
    missing, infinite = np.isnan(numbers_read), np.isinf(numbers_read)
    status = np.where(missing, "missing", np.where(infinite, "invalid", "ok")).astype(object)
    note = np.full(len(numbers_read), None, dtype=object)
    note[missing] = "empty cell"
    note[infinite] = [f"{x} is not a finite number" for x in numbers_read[infinite]]
    return _values_frame(np.where(infinite, np.nan, numbers_read), status, note, series.index)


def _values_frame(value: np.ndarray, status: np.ndarray, note: np.ndarray, index: pd.Index) -> pd.DataFrame:
    # Object columns, so that a note is None rather than NaN when there is nothing to say.
    return pd.DataFrame(
        {
            "value": pd.Series(value, index=index, dtype=float),
            "value_status": pd.Series(status, index=index, dtype=object),
            "value_note": pd.Series(note, index=index, dtype=object),
        }
    )


def parse_values(series: pd.Series) -> pd.DataFrame:
    """Read a column of cells with :func:`parse_value`; each distinct cell is read once.

    Parameters
    ----------
    series : pandas.Series
        Cells of any dtype; a numeric column is read without a Python loop.

    Returns
    -------
    pandas.DataFrame
        On ``series``'s index: ``value`` (float, NaN when there is none),
        ``value_status`` and ``value_note`` (None when plainly ok).

    Examples
    --------
    >>> parse_values(pd.Series(["85.2%", "NA", "(12.3)"])).value_status.tolist()
    ['ok', 'missing', 'flagged']
    """
    dtype = series.dtype
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
        return _parse_numeric_column(series)
    codes, distinct = _distinct_cells(series)
    parsed = [parse_value(cell) for cell in distinct]
    value = np.array([np.nan if p.value is None else p.value for p in parsed], dtype=float)
    status = np.array([p.status for p in parsed], dtype=object)
    note = np.array([p.note for p in parsed], dtype=object)
    return _values_frame(value[codes], status[codes], note[codes], series.index)
