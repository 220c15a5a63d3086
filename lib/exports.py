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
    """The CSV text of ``frame`` (no index), formulas neutralised; ``options`` go to ``DataFrame.to_csv``."""
    return neutralise(frame).to_csv(index=False, **options)
