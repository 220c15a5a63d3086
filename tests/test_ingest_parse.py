"""Parsing users' period labels and cell values (lib.ingest.parse)."""

from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lib.ingest.parse as parse
from lib.ingest.parse import ROUNDS, ParsedValue, parse_period_label, parse_periods, parse_value, parse_values

MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FLAGGED_NOTE = "in parentheses: NFHS marks estimates based on 25-49 unweighted cases this way"
EXAMPLES_HINT = "write e.g. 2025-03, Mar-2025, Q4 FY2024-25, 2025-Q1, FY2024-25 or NFHS-5"


# --- period labels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03", date(2025, 3, 1)),
        ("2025-3", date(2025, 3, 1)),
        ("2025-03-01", date(2025, 3, 1)),
        ("2025-03-31", date(2025, 3, 1)),  # any day falls to the first of its month
        ("2024-02-29", date(2024, 2, 1)),  # a leap day is a real date
        ("Mar-2025", date(2025, 3, 1)),
        ("Mar 2025", date(2025, 3, 1)),
        ("March 2025", date(2025, 3, 1)),
        ("mar-25", date(2025, 3, 1)),  # a two-digit year is 20YY
        ("SEPT 2024", date(2024, 9, 1)),
        ("03/2025", date(2025, 3, 1)),
        ("3/2025", date(2025, 3, 1)),
        ("2025/03", date(2025, 3, 1)),
        ("  2025-12 ", date(2025, 12, 1)),  # surrounding spaces are ignored
        ("2010-11", date(2010, 11, 1)),  # YYYY-MM is a month even when it could be FY2010-11
    ],
)
def test_month_labels_give_the_first_day_of_the_month(text, expected):
    assert parse_period_label(text) == (expected, "month")


@pytest.mark.parametrize(
    "text, expected",
    [
        # Financial-year quarters: FY2024-25 runs Apr 2024 - Mar 2025, so
        # Q1 = Apr-Jun 2024, Q2 = Jul-Sep 2024, Q3 = Oct-Dec 2024, Q4 = Jan-Mar 2025.
        ("Q1 FY2024-25", date(2024, 4, 1)),
        ("Q2 FY2024-25", date(2024, 7, 1)),
        ("Q3 FY2024-25", date(2024, 10, 1)),
        ("Q4 FY2024-25", date(2025, 1, 1)),  # Q4 is in the second year of the financial year
        ("FY2024-25 Q4", date(2025, 1, 1)),
        ("Q4 2024-25", date(2025, 1, 1)),
        ("q4 fy2024-2025", date(2025, 1, 1)),
        # FY2025-26 runs Apr 2025 - Mar 2026: Q1 = Apr-Jun 2025.
        ("Q1 FY 2025-26", date(2025, 4, 1)),
        ("Q1 FY2010-11", date(2010, 4, 1)),  # with a Q, 2010-11 can only be a financial year
        # FY1999-00 runs Apr 1999 - Mar 2000: the second year wraps to 00, Q4 = Jan-Mar 2000.
        ("Q4 FY1999-00", date(2000, 1, 1)),
        # Calendar quarters: Q1 = Jan-Mar, Q2 = Apr-Jun, Q3 = Jul-Sep, Q4 = Oct-Dec.
        ("2025-Q1", date(2025, 1, 1)),
        ("2025 Q1", date(2025, 1, 1)),
        ("Q1 2025", date(2025, 1, 1)),
        ("Q1-2025", date(2025, 1, 1)),
        ("2025-Q2", date(2025, 4, 1)),
        ("2025 q3", date(2025, 7, 1)),
        ("Q4 2025", date(2025, 10, 1)),
    ],
)
def test_quarter_labels_give_the_first_day_of_the_quarter(text, expected):
    assert parse_period_label(text) == (expected, "quarter")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("FY2024-25", date(2024, 4, 1)),
        ("FY 2024-25", date(2024, 4, 1)),
        ("fy2024-25", date(2024, 4, 1)),
        ("2024-25", date(2024, 4, 1)),  # 25 is no month, and follows 24
        ("2024-2025", date(2024, 4, 1)),
        ("FY2010-11", date(2010, 4, 1)),  # the FY prefix settles 2010-11
        ("FY 2024\u201325", date(2024, 4, 1)),  # an en dash pasted from a PDF
        ("1999-00", date(1999, 4, 1)),
    ],
)
def test_financial_year_labels_give_the_first_of_april(text, expected):
    assert parse_period_label(text) == (expected, "financial_year")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NFHS-3", date(2005, 4, 1)),
        ("NFHS-4", date(2015, 4, 1)),
        ("NFHS-5", date(2019, 4, 1)),
        ("nfhs5", date(2019, 4, 1)),
        ("NFHS 5", date(2019, 4, 1)),
        ("nfhs_4", date(2015, 4, 1)),
        (" Nfhs - 3 ", date(2005, 4, 1)),
    ],
)
def test_survey_rounds_are_dated_to_their_financial_year(text, expected):
    assert parse_period_label(text) == (expected, "round")


def test_rounds_are_dated_to_the_start_of_a_financial_year():
    assert all(day.month == 4 and day.day == 1 for day in ROUNDS.values())


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2025, 3, 15), date(2025, 3, 1)),
        (pd.Timestamp("2024-11-30 17:45"), date(2024, 11, 1)),
    ],
)
def test_dates_from_spreadsheets_are_read_as_their_month(value, expected):
    assert parse_period_label(value) == (expected, "month")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Q5 2025", "has quarter 5"),
        ("Q0 FY2024-25", "has quarter 0"),
        ("2025-Q9", "has quarter 9"),
        ("2025-13", "there is no month 13"),
        ("2025-00", "there is no month 0"),
        ("13/2025", "has month 13"),
        ("2025/13", "has month 13"),
        ("2025-02-30", "not a real date"),
        ("2025-13-01", "has month 13"),
        ("FY25", "two-digit financial year"),
        ("FY 25", "two-digit financial year"),
        ("Q4 FY25", "two-digit financial year"),
        ("FY25 Q1", "two-digit financial year"),
        ("2024-26", "nor a financial year (that would be 2024-25)"),
        ("FY2024-26", "second year (26) does not follow the first (2024)"),
        ("2024-2026", "second year (2026) does not follow the first (2024)"),
        ("Q1 FY2024-23", "second year (23) does not follow"),
        ("1949-12", "between 1950 and 2100"),
        ("2101-01", "between 1950 and 2100"),
        ("Dec 1949", "between 1950 and 2100"),
        ("FY1949-50", "between 1950 and 2100"),
        ("Q4 FY2100-01", "is dated 2101"),  # FY2100-01 starts in range but its Q4 does not
        ("2025", "is a year alone"),
        ("Foo 2025", "is not a month, quarter, financial year or survey round"),
        ("March", "is not a month, quarter, financial year or survey round"),
        ("03/25", "is not a month, quarter, financial year or survey round"),
        ("NFHS-6", "is not a month, quarter, financial year or survey round"),
        ("Q10 2025", "is not a month, quarter, financial year or survey round"),
        ("next month", "is not a month, quarter, financial year or survey round"),
    ],
)
def test_bad_period_labels_name_the_label_the_reason_and_the_accepted_forms(text, reason):
    with pytest.raises(ValueError) as caught:
        parse_period_label(text)
    message = str(caught.value)
    assert message.startswith(f"period {text!r} ")
    assert reason in message
    assert message.endswith(EXAMPLES_HINT)


@pytest.mark.parametrize("empty", ["", "   ", None, float("nan"), pd.NA, pd.NaT])
def test_empty_period_cells_are_reported_as_empty(empty):
    with pytest.raises(ValueError, match="^period is empty; write e.g. 2025-03"):
        parse_period_label(empty)


def test_bad_label_is_shown_without_its_surrounding_spaces():
    with pytest.raises(ValueError, match=r"^period 'Q5 2025' has quarter 5"):
        parse_period_label("  Q5 2025\t")


@given(st.integers(1950, 2100), st.integers(1, 12))
def test_every_month_parses_in_each_numeric_and_named_form(year, month):
    name = MONTH_ABBREVIATIONS[month - 1]
    for text in (f"{year}-{month:02d}", f"{month:02d}/{year}", f"{name}-{year}", f"{name} {year}"):
        assert parse_period_label(text) == (date(year, month, 1), "month"), text


@given(st.integers(1950, 2099), st.integers(1, 4))
def test_financial_year_quarters_fall_inside_their_financial_year(start, quarter):
    label = f"Q{quarter} FY{start}-{str(start + 1)[2:]}"
    period, kind = parse_period_label(label)
    assert kind == "quarter"
    assert date(start, 4, 1) <= period <= date(start + 1, 3, 1)
    assert period.month in (1, 4, 7, 10)
    assert parse_period_label(f"FY{start}-{start + 1} Q{quarter}") == (period, "quarter")


@given(st.integers(1950, 2099))
def test_the_four_quarters_of_a_financial_year_are_three_months_apart(start):
    second = str(start + 1)[2:]
    periods = [parse_period_label(f"Q{q} FY{start}-{second}")[0] for q in (1, 2, 3, 4)]
    month_numbers = [p.year * 12 + p.month for p in periods]
    assert [b - a for a, b in itertools.pairwise(month_numbers)] == [3, 3, 3]
    assert periods[0] == parse_period_label(f"FY{start}-{second}")[0] == date(start, 4, 1)


@given(st.integers(1950, 2100), st.integers(1, 4))
def test_calendar_quarter_forms_agree_and_start_a_calendar_quarter(year, quarter):
    forms = [f"{year}-Q{quarter}", f"{year} Q{quarter}", f"Q{quarter} {year}", f"Q{quarter}-{year}"]
    parsed = {parse_period_label(text) for text in forms}
    assert len(parsed) == 1
    ((period, kind),) = parsed
    assert kind == "quarter" and period.year == year
    assert period.month == [1, 4, 7, 10][quarter - 1]


# --- period columns ------------------------------------------------------------------------


def test_parse_periods_reads_a_column_and_keeps_its_index():
    labels = pd.Series(
        ["Mar-2025", "Q5 2025", None, "Q4 FY2024-25", "Mar-2025", "NFHS-5"], index=[10, 11, 12, 13, 14, 15]
    )
    parsed = parse_periods(labels)
    assert list(parsed.columns) == ["period", "period_kind", "problem"]
    assert parsed.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert pd.api.types.is_datetime64_dtype(parsed.period)
    assert parsed.period.tolist()[:2] == [pd.Timestamp("2025-03-01"), pd.NaT]
    assert parsed.period.tolist()[3:] == [
        pd.Timestamp("2025-01-01"),
        pd.Timestamp("2025-03-01"),
        pd.Timestamp("2019-04-01"),
    ]
    assert parsed.period_kind.tolist() == ["month", None, None, "quarter", "month", "round"]
    assert parsed.problem[10] is None and parsed.problem[13] is None
    assert parsed.problem[11].startswith("period 'Q5 2025' has quarter 5")
    assert parsed.problem[12].startswith("period is empty")


def test_parse_periods_reads_each_distinct_label_once(monkeypatch):
    seen = []
    original = parse.parse_period_label
    monkeypatch.setattr(parse, "parse_period_label", lambda text: seen.append(text) or original(text))
    parsed = parse_periods(pd.Series(["2025-03", "FY2024-25", "2025-03", "FY2024-25", "2025-03"]))
    assert sorted(seen) == ["2025-03", "FY2024-25"]
    assert parsed.period_kind.tolist() == ["month", "financial_year", "month", "financial_year", "month"]


def test_parse_periods_of_an_empty_column_is_an_empty_frame():
    parsed = parse_periods(pd.Series([], dtype=object))
    assert parsed.shape == (0, 3)
    assert list(parsed.columns) == ["period", "period_kind", "problem"]


period_cells = st.one_of(
    st.sampled_from(
        [
            "2025-03",
            "Mar-25",
            "Q4 FY2024-25",
            "2025-Q1",
            "FY2024-25",
            "NFHS-4",
            "Q5 2025",
            "FY25",
            "2025-13",
            "",
            " 2025-03 ",
            "2025",
        ]
    ),
    st.text(max_size=12),
    st.none(),
    st.integers(-5, 3000),
    st.dates(date(1940, 1, 1), date(2110, 1, 1)),
)


@given(st.lists(period_cells, max_size=25))
def test_parse_periods_agrees_with_parse_period_label_cell_by_cell(cells):
    parsed = parse_periods(pd.Series(cells, dtype=object))
    for cell, (_, row) in zip(cells, parsed.iterrows(), strict=True):
        try:
            period, kind = parse_period_label(cell)
        except ValueError as problem:
            assert pd.isna(row.period) and row.period_kind is None and row.problem == str(problem)
        else:
            assert row.period == pd.Timestamp(period)
            assert row.period_kind == kind and row.problem is None


# --- cell values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.3", 12.3),
        ("  12.3  ", 12.3),
        ("0", 0.0),
        ("-4", -4.0),
        ("+4.5", 4.5),
        ("\u22125", -5.0),  # Unicode minus sign
        ("\u22120.25%", -0.25),
        (".5", 0.5),
        ("1e-05", 0.00001),
        ("2.5E3", 2500.0),
        ("85.2%", 85.2),  # a percentage is the number itself
        ("85.2 %", 85.2),
        ("100%", 100.0),
        ("1,234", 1234.0),  # Western grouping
        ("1,234,567", 1234567.0),
        ("1,234,567.89", 1234567.89),
        ("12,34,567", 1234567.0),  # Indian grouping: lakhs
        ("1,23,45,678.5", 12345678.5),  # crores
        ("-12,34,567", -1234567.0),
        ("99,999%", 99999.0),
    ],
)
def test_numbers_written_as_text_are_read(text, expected):
    assert parse_value(text) == ParsedValue(expected, "ok", None)


@pytest.mark.parametrize(
    "number, expected",
    [
        (3, 3.0),
        (2.5, 2.5),
        (-0.75, -0.75),
        (np.float64(1.5), 1.5),
        (np.int64(7), 7.0),
    ],
)
def test_numbers_given_as_numbers_pass_through(number, expected):
    parsed = parse_value(number)
    assert parsed == ParsedValue(expected, "ok", None)
    assert type(parsed.value) is float


@pytest.mark.parametrize(
    "marker",
    [
        "NA",
        "na",
        "N/A",
        "n/a",
        "n.a.",
        "N.A.",
        "-",
        "\u2013",
        "\u2014",
        "*",
        "**",
        "..",
        "NR",
        "nan",
        "NaN",
        "null",
        "NULL",
        "none",
        "None",
    ],
)
def test_not_available_markers_are_missing_and_named(marker):
    assert parse_value(marker) == ParsedValue(None, "missing", f"marked not available ({marker!r})")


def test_markers_are_named_without_their_surrounding_spaces():
    assert parse_value("  NA ") == ParsedValue(None, "missing", "marked not available ('NA')")


@pytest.mark.parametrize("empty", ["", "   ", "\t", None, float("nan"), np.nan, pd.NA])
def test_empty_cells_are_missing(empty):
    assert parse_value(empty) == ParsedValue(None, "missing", "empty cell")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(12.3)", 12.3),
        (" ( 12.3 ) ", 12.3),
        ("(45%)", 45.0),
        ("(1,234.5)", 1234.5),
        ("(-2)", -2.0),  # NFHS's flag, not an accountant's negative
    ],
)
def test_numbers_in_parentheses_are_flagged_as_small_sample_estimates(text, expected):
    assert parse_value(text) == ParsedValue(expected, "flagged", FLAGGED_NOTE)


@pytest.mark.parametrize(
    "text, note",
    [
        ("12..3", "'12..3' is not a number"),
        ("12a", "'12a' is not a number"),
        ("abc", "'abc' is not a number"),
        ("1 234", "'1 234' is not a number"),
        ("12.3.4", "'12.3.4' is not a number"),
        ("%", "'%' is not a number"),
        ("12%%", "'12%%' is not a number"),
        ("()", "'()' is not a number"),
        ("(NA)", "'(NA)' is not a number"),
        ("((12))", "'((12))' is not a number"),
        ("(12", "'(12' is not a number"),
        ("inf", "'inf' is not a number"),
        ("-inf", "'-inf' is not a number"),
        ("1_000", "'1_000' is not a number"),
        ("0x1A", "'0x1A' is not a number"),
        ("1e999", "'1e999' is too large to be a number"),
        ("1,5", "'1,5' is not a number; for a decimal, write a point instead of the comma (1.5)"),
        ("12,75%", "for a decimal, write a point instead of the comma (12.75)"),
        ("1,23", "'1,23' is not a number; for a decimal, write a point instead of the comma (1.23)"),
        ("1234,567", "(1234.567)"),  # no grouping has a first group of four digits
        ("1,2345,678", "commas may only group thousands, as in 1,234,567 or 12,34,567"),
        ("1,234,56", "commas may only group thousands"),  # the last group must have three digits
        ("1,2,345", "commas may only group thousands"),  # inner groups have two or three digits
        (",123", "commas may only group thousands"),
    ],
)
def test_unreadable_text_is_invalid_with_a_note_naming_it(text, note):
    parsed = parse_value(text)
    assert parsed.value is None and parsed.status == "invalid"
    assert note in parsed.note
    assert repr(text) in parsed.note


@pytest.mark.parametrize(
    "value, note",
    [
        (True, "True is a yes/no value, not a number"),
        (False, "False is a yes/no value, not a number"),
        (np.True_, "True is a yes/no value, not a number"),
        (float("inf"), "inf is not a finite number"),
        (-math.inf, "-inf is not a finite number"),
        (10**400, "a number too large to store"),
    ],
)
def test_booleans_and_infinite_numbers_are_invalid(value, note):
    assert parse_value(value) == ParsedValue(None, "invalid", note)


def test_parsed_values_are_frozen():
    with pytest.raises(AttributeError):
        parse_value("1").value = 2.0


finite_floats = st.floats(
    min_value=-1e12, max_value=1e12, exclude_min=True, exclude_max=True, allow_nan=False, allow_infinity=False
)


def close(read: float | None, expected: float) -> bool:
    return read is not None and math.isclose(read, expected, rel_tol=1e-9)


@given(finite_floats)
def test_plain_percent_and_grouped_forms_of_a_float_read_back(x):
    assert parse_value(repr(x)).status == "ok" and close(parse_value(repr(x)).value, x)
    assert parse_value(repr(x) + "%").status == "ok" and close(parse_value(repr(x) + "%").value, x)
    grouped = parse_value(f"{x:,.2f}")
    assert grouped.status == "ok" and close(grouped.value, round(x, 2)), f"{x:,.2f}"


def indian_grouping(number: int) -> str:
    """12345678 -> '1,23,45,678': the last three digits, then pairs."""
    digits = str(number)
    head, tail = digits[:-3], digits[-3:]
    pairs = [head[max(0, i - 2) : i] for i in range(len(head), 0, -2)][::-1]
    return ",".join(pairs + [tail]) if head else tail


def test_indian_grouping_helper_is_right():
    assert [indian_grouping(n) for n in (7, 1234, 12345, 1234567, 123456789)] == [
        "7",
        "1,234",
        "12,345",
        "12,34,567",
        "12,34,56,789",
    ]


@given(st.integers(0, 10**12))
def test_indian_and_western_grouping_read_back_the_same_integer(number):
    assert parse_value(indian_grouping(number)) == ParsedValue(float(number), "ok", None)
    assert parse_value(f"{number:,}") == ParsedValue(float(number), "ok", None)


@given(finite_floats)
def test_a_float_in_parentheses_comes_back_flagged_with_its_value(x):
    parsed = parse_value(f"({x!r})")
    assert parsed.status == "flagged" and parsed.note == FLAGGED_NOTE
    assert close(parsed.value, x)


# --- value columns -------------------------------------------------------------------------


def test_parse_values_reads_a_column_and_keeps_its_index():
    cells = pd.Series(["85.2%", "NA", "(12.3)", None, "12..3", "1,234", True, 7], index=list("abcdefgh"))
    parsed = parse_values(cells)
    assert list(parsed.columns) == ["value", "value_status", "value_note"]
    assert parsed.index.tolist() == list("abcdefgh")
    assert parsed.value.dtype == float
    assert parsed.value.isna().tolist() == [False, True, False, True, True, False, True, False]
    assert parsed.value[["a", "c", "f", "h"]].tolist() == [85.2, 12.3, 1234.0, 7.0]
    assert parsed.value_status.tolist() == ["ok", "missing", "flagged", "missing", "invalid", "ok", "invalid", "ok"]
    assert parsed.value_note.tolist() == [
        None,
        "marked not available ('NA')",
        FLAGGED_NOTE,
        "empty cell",
        "'12..3' is not a number",
        None,
        "True is a yes/no value, not a number",
        None,
    ]


def test_parse_values_of_a_numeric_column():
    parsed = parse_values(pd.Series([1.5, np.nan, -np.inf, 4.0]))
    assert parsed.value.tolist()[::3] == [1.5, 4.0] and parsed.value[1:3].isna().all()
    assert parsed.value_status.tolist() == ["ok", "missing", "invalid", "ok"]
    assert parsed.value_note.tolist() == [None, "empty cell", "-inf is not a finite number", None]
    nullable = parse_values(pd.Series([3, None], dtype="Int64"))
    assert nullable.value_status.tolist() == ["ok", "missing"] and nullable.value[0] == 3.0


def test_parse_values_does_not_mistake_true_for_one():
    parsed = parse_values(pd.Series([1, True, 1.0, False, 0], dtype=object))
    assert parsed.value_status.tolist() == ["ok", "invalid", "ok", "invalid", "ok"]


def test_parse_values_reads_each_distinct_cell_once(monkeypatch):
    seen = []
    original = parse.parse_value
    monkeypatch.setattr(parse, "parse_value", lambda cell: seen.append(cell) or original(cell))
    parsed = parse_values(pd.Series(["1", "NA", "1", "NA", "1"] * 1000))
    assert sorted(seen) == ["1", "NA"]
    assert parsed.value_status.tolist() == ["ok", "missing", "ok", "missing", "ok"] * 1000


value_cells = st.one_of(
    st.sampled_from(
        [
            "12.3",
            " 85.2% ",
            "(12.3)",
            "1,234",
            "12,34,567",
            "1,5",
            "NA",
            "*",
            "-",
            "",
            "12..3",
            "\u22125",
            "+7",
            "nan",
            "(NA)",
            "1e999",
        ]
    ),
    st.text(alphabet="0123456789.,%()-+ eNA*", max_size=8),
    st.floats(),
    st.integers(-(10**6), 10**6),
    st.none(),
    st.booleans(),
)


def assert_same_reading(row: pd.Series, expected: ParsedValue) -> None:
    if expected.value is None:
        assert math.isnan(row.value)
    else:
        assert row.value == expected.value
    assert (row.value_status, row.value_note) == (expected.status, expected.note)


@given(st.lists(value_cells, max_size=30))
def test_parse_values_agrees_with_parse_value_cell_by_cell(cells):
    # pd.Series infers float, int, bool, str or object dtype from the cells, so every path is hit.
    parsed = parse_values(pd.Series(cells))
    assert len(parsed) == len(cells)
    for cell, (_, row) in zip(cells, parsed.iterrows(), strict=True):
        assert_same_reading(row, parse_value(cell))


@given(st.lists(st.floats(), max_size=30))
def test_parse_values_of_a_float_column_agrees_with_parse_value(numbers):
    parsed = parse_values(pd.Series(numbers, dtype=float))
    for number, (_, row) in zip(numbers, parsed.iterrows(), strict=True):
        assert_same_reading(row, parse_value(number))
