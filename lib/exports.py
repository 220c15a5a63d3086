"""Tables written for people to open in a spreadsheet: CSV text that cannot run as a formula.

A name or a value from an uploaded file that starts with '=', '+', '-' or '@'
(or a tab or carriage return) is read by Excel and LibreOffice as a formula
(`=HYPERLINK(...)`, `=cmd|...`). Such text cells get a leading apostrophe,
which spreadsheets show as text and do not evaluate (OWASP, "CSV injection").
Numbers are left as they are, and so is text that is only a number ("-5"), so a negative change
stays a number.
"""

from __future__ import annotations

import re

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[\d.,]+%?")  # "-5" or "+12.5%" as typed in a file: a number, not a formula


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed by an apostrophe.

    Examples
    --------
    >>> neutralise(pd.DataFrame({"name": ["=HYPERLINK(\\"http://x\\")", "Gaya"], "delta": [-1.5, 2.0]})).values.tolist()
    [['\\'=HYPERLINK("http://x")', -1.5], ['Gaya', 2.0]]
    """
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: (
                    "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) and not _NUMBER.fullmatch(v) else v
                )
            )
    return safe


def csv_text(frame: pd.DataFrame, **options) -> str:
    """The CSV text of ``frame`` (no index), formulas neutralised, numbers written as a person would
    (:func:`plain_number`); ``options`` go to ``DataFrame.to_csv``.

    >>> print(csv_text(pd.DataFrame({"score": [61.234567891234, 0.000123456, 5.0]})), end="")
    score
    61.2346
    0.000123
    5
    """
    return neutralise(frame).to_csv(index=False, **{"float_format": plain_number, **options})


def plain_number(value: float) -> str:
    """A float for a CSV cell: at most four decimals (no 15-digit tails from floating point), three
    significant digits for a value below 0.01 (a small p-value stays readable), no trailing zeros.

    >>> [plain_number(v) for v in (70.126349999, -2.5, 100.0, 0.0000456789, -0.0)]
    ['70.1263', '-2.5', '100', '4.57e-05', '0']
    """
    if value == 0:
        return "0"
    if abs(value) < 0.01:
        return f"{value:.3g}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def signed(value: float, digits: int = 2) -> str:
    """'+4.71', '-1.20', and '0.00' (not '-0.00') for a value that rounds to zero.

    Examples
    --------
    >>> signed(4.712), signed(-0.001), signed(-1.2)
    ('+4.71', '0.00', '-1.20')
    """
    text = f"{value:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def figure(value, digits: int = 1, sign: bool = False, missing: str = "–") -> str:
    """A number for a card or a slide: ``digits`` decimals, a dash when missing, never '-0.0'.

    Examples
    --------
    >>> figure(71.04), figure(-0.02, sign=True), figure(float("nan")), figure(3.456, 0, sign=True)
    ('71.0', '0.0', '–', '+3')
    """
    if value is None or pd.isna(value):
        return missing
    if sign:
        return signed(float(value), digits)
    text = f"{float(value):.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text


def readable_table(frame: pd.DataFrame, columns: dict[str, tuple[str, int | None]]) -> pd.DataFrame:
    """``frame``'s ``columns``, in that order, under headers people read and with numbers rounded for them.

    ``columns`` maps a column to ``(header, decimals)``: ``decimals`` 0 gives a whole-number column
    (a rank, a signed change in rank; missing stays empty), 1 or 2 rounds a score, ``None`` keeps the
    column as it is (names, flags). A column given decimals must be numeric, so text such as "▲ 4"
    never reaches a number column.

    Examples
    --------
    >>> ranks = pd.DataFrame({"unit_name": ["Gaya"], "shift": [4], "composite": [61.23456]})
    >>> readable_table(ranks, {"unit_name": ("Block", None), "shift": ("Change in rank (+ = up)", 0),
    ...                        "composite": ("Score", 2)}).to_dict("records")
    [{'Block': 'Gaya', 'Change in rank (+ = up)': 4, 'Score': 61.23}]
    """
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"column(s) {', '.join(missing)} not in the table; it has {', '.join(map(str, frame.columns))}"
        )
    readable = pd.DataFrame(index=frame.index)
    for column, (header, decimals) in columns.items():
        readable[header] = frame[column] if decimals is None else _rounded(frame[column], decimals)
    return readable.reset_index(drop=True)


def _rounded(values: pd.Series, decimals: int) -> pd.Series:
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ValueError(f"column {values.name} holds {values.dtype} values, not numbers: it cannot be rounded")
    rounded = values.astype("Float64").round(decimals)
    return rounded.astype("Int64") if decimals == 0 else rounded
