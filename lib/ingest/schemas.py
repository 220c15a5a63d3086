"""The last gate before a load: pandera schemas of the rows each table receives.

The importers check files row by row in users' terms first (line, column,
what to do). These schemas then check the frames about to be written, so a
rule about the stored data (a count is never negative, a denominator never
zero, an outline's centroid lies on the globe) holds whatever path the rows
came by. Every failure becomes a :class:`lib.errors.Problem`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from lib.errors import Problem

_FINITE = pa.Check(lambda s: np.isfinite(s.astype(float)), element_wise=False, error="is not a finite number")

OBSERVATIONS = pa.DataFrameSchema(
    {
        "unit_id": pa.Column(nullable=False),
        "indicator_id": pa.Column(nullable=False),
        "period": pa.Column(nullable=False),
        "value": pa.Column(float, checks=[_FINITE], coerce=True, nullable=False),
        "numerator": pa.Column(
            float, checks=[pa.Check.ge(0, error="a numerator cannot be negative")], coerce=True, nullable=True
        ),
        "denominator": pa.Column(
            float, checks=[pa.Check.gt(0, error="a denominator must be above zero")], coerce=True, nullable=True
        ),
    },
    # (unit, indicator, period) repeats are reported in the file's terms by the importer, and the table's key refuses them
    checks=pa.Check(lambda f: ~(f.numerator > f.denominator), error="the numerator is larger than the denominator"),
    strict=False,
)

BOUNDARY_ROWS = pa.DataFrameSchema(
    {
        "unit_id": pa.Column(nullable=False, unique=True),
        "level": pa.Column(checks=[pa.Check.isin(["state", "district", "block"])]),
        "area_km2": pa.Column(float, checks=[pa.Check.gt(0, error="the outline has no area")], coerce=True),
        "centroid_lon": pa.Column(float, checks=[pa.Check.in_range(-180, 180)], coerce=True),
        "centroid_lat": pa.Column(float, checks=[pa.Check.in_range(-90, 90)], coerce=True),
    },
    strict=False,
)

UNITS = pa.DataFrameSchema(
    {
        "unit_id": pa.Column(nullable=False, unique=True),
        "level": pa.Column(checks=[pa.Check.isin(["state", "district", "block"])]),
        "name": pa.Column(checks=[pa.Check(lambda s: s.astype(str).str.strip() != "", error="the unit has no name")]),
        "state_id": pa.Column(nullable=False),
    },
    strict=False,
)


def schema_failures(frame: pd.DataFrame, schema: pa.DataFrameSchema, line_column: str | None = None) -> pd.DataFrame:
    """Every failure of ``frame`` against ``schema``: line (when ``line_column`` names it), column, value, problem.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_id": ["B1"], "indicator_id": ["anc"], "period": ["2025-03-01"],
    ...                      "value": [80.0], "numerator": [-1.0], "denominator": [10.0], "line": [7]})
    >>> schema_failures(rows, OBSERVATIONS, "line").values.tolist()
    [[7, 'numerator', '-1.0', 'a numerator cannot be negative']]
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        rows = [_failure(case, frame, line_column) for case in errors.failure_cases.itertuples()]
        # a row-level check reports every cell of the row: once is enough
        return pd.DataFrame(list(dict.fromkeys(rows)), columns=["line", "column", "value", "problem"])
    return pd.DataFrame(columns=["line", "column", "value", "problem"])


def schema_problems(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, source: str, line_column: str | None = None
) -> list[Problem]:
    """:func:`schema_failures` as problems, for an :class:`lib.errors.InputError`."""
    return [
        Problem(
            source,
            None if pd.isna(f.line) else int(f.line),
            f.column or None,
            (f"'{f.value}': " if f.value else "") + f.problem,
        )
        for f in schema_failures(frame, schema, line_column).itertuples()
    ]


def _failure(case, frame: pd.DataFrame, line_column: str | None) -> tuple:
    index = case.index
    line = None
    if line_column is not None and index is not None and not pd.isna(index) and index in frame.index:
        line = int(frame.at[index, line_column])
    row_level = case.schema_context == "DataFrameSchema"
    column = case.column if isinstance(case.column, str) and case.column in frame.columns and not row_level else ""
    text = str(case.check)
    if text.startswith(("column_in_dataframe", "dtype")):
        text = f"wrong type or missing ({text})"
    elif "field_uniqueness" in text or "multiple_fields_uniqueness" in text:
        text = "appears more than once; keep one"
    missing = case.failure_case is None or (not isinstance(case.failure_case, str) and pd.isna(case.failure_case))
    return line, column, "" if missing or row_level else str(case.failure_case), text
