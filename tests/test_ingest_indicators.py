"""Importing indicator values (lib.ingest.tables, lib.ingest.indicators, ``python -m lib import indicators``).

Every test works on a copy of one reduced demo database (``small_demo(seed=0,
n_blocks=120)``): states 'State 1'.. 'State 6', districts 'District 101'..'District 124'
(four per state), blocks 'Block 1'..'Block 120' with LGD codes 5001..5120, block b in
district 101 + (b - 1) % 24. ``test_the_demo_units_are_as_these_tests_assume`` checks
that with SQL, so the hand-written unit ids below fail loudly if the demo changes.

Every rejected load is checked twice: for its message, and for leaving the
``observations`` and ``loads`` tables exactly as they were.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from app_support import small_demo_file
from lib import db
from lib.cli import main
from lib.errors import InputError, Problem
from lib.ingest import tables
from lib.ingest.indicators import (
    grouped_problems,
    load_indicators,
    normalise_indicator,
    prepare_indicators,
    suggested_overrides,
)

ANC = "anc_first_trimester"
INST = "institutional_deliveries"
ANC_NAME = "Percentage of pregnant women registered for antenatal care (ANC) within the first trimester"
MAR, APR = date(2025, 3, 1), date(2025, 4, 1)
DEMO_LOADS = 4  # catalogue, units, observations, cohorts

FLAGGED_NOTE = "in parentheses: NFHS marks estimates based on 25-49 unweighted cases this way"
RANGE_PROBLEM = "outside the indicator's valid range 0.0 to 100.0; correct the value (a percentage cannot exceed 100)"
UNKNOWN_INDICATOR = (
    "indicator not in the catalogue: add it, with its theme and direction so it can be "
    "scored, to the catalogue and import that first; or correct the name"
)
NO_UNIT = "unit not found; check the spelling or give the LGD code"
PERIOD_HINT = "write e.g. 2025-03, Mar-2025, Q4 FY2024-25, 2025-Q1, FY2024-25 or NFHS-5"
SUGGESTION_TAIL = "? Use its code, or accept suggestions after checking them"


# --- databases and files ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:
    """The reduced demo written once to a file; each test copies it."""
    return small_demo_file(tmp_path_factory.mktemp("ingest") / "template.duckdb")


@pytest.fixture()
def con(template_db):
    """An in-memory copy of the demo (about 0.15 s, against 1 s to simulate it again)."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{template_db}' AS template (READ_ONLY)")
    con.execute("COPY FROM DATABASE template TO memory")
    con.execute("DETACH template")
    yield con
    con.close()


@pytest.fixture()
def db_file(template_db, tmp_path) -> Path:
    path = tmp_path / "abp.duckdb"
    shutil.copyfile(template_db, path)
    return path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(con) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (
        con.execute("SELECT * FROM observations ORDER BY ALL").df(),
        con.execute("SELECT * FROM loads ORDER BY load_id").df(),
    )


def assert_unchanged(con, before) -> None:
    observations, loads = snapshot(con)
    pd.testing.assert_frame_equal(observations, before[0])
    pd.testing.assert_frame_equal(loads, before[1])


def file_snapshot(path: Path):
    with duckdb.connect(str(path), read_only=True) as con:
        return snapshot(con)


def stored(con, load_id: int) -> list[tuple]:
    return [
        tuple(row)
        for row in con.execute(
            "SELECT unit_id, indicator_id, period, value FROM observations WHERE load_id = ? ORDER BY ALL", [load_id]
        ).fetchall()
    ]


def value_of(con, unit_id: str, indicator_id: str, period: date):
    return con.execute(
        "SELECT value, numerator, denominator, load_id FROM observations "
        "WHERE unit_id = ? AND indicator_id = ? AND period = ?",
        [unit_id, indicator_id, period],
    ).fetchone()


def ready(prepared) -> list[tuple]:
    """The prepared observations as sorted (unit_id, indicator_id, period, value) tuples."""
    frame = prepared.observations
    return sorted(zip(frame.unit_id, frame.indicator_id, frame.period, frame.value, strict=True))


def rows_of(report: pd.DataFrame) -> list[tuple]:
    """Problems or notes as (line, column, value, problem) tuples (line None when not a row)."""
    return [(None if pd.isna(r.line) else int(r.line), r.column, r.value, r.problem) for r in report.itertuples()]


def rejected(con, path: Path, **load_options) -> InputError:
    """Prepare and try to load ``path``, expecting a refusal that leaves the database unchanged."""
    before = snapshot(con)
    prepared = prepare_indicators(con, path)
    with pytest.raises(InputError) as error:
        load_indicators(con, prepared, **load_options)
    assert str(error.value).startswith(f"{len(error.value.problems)} problem(s); nothing was loaded:")
    assert_unchanged(con, before)
    return error.value


def test_the_demo_units_are_as_these_tests_assume(con):
    rows = con.execute(
        "SELECT b.unit_id, b.name, b.lgd_code, d.name, s.name FROM units b JOIN units d ON d.unit_id = b.district_id "
        "JOIN units s ON s.unit_id = b.state_id WHERE b.unit_id IN "
        "('B5001', 'B5002', 'B5005', 'B5021', 'B5025', 'B5049', 'B5073', 'B5097') ORDER BY b.unit_id"
    ).fetchall()
    assert rows == [
        ("B5001", "Block 1", "5001", "District 101", "State 1"),
        ("B5002", "Block 2", "5002", "District 102", "State 1"),
        ("B5005", "Block 5", "5005", "District 105", "State 2"),
        ("B5021", "Block 21", "5021", "District 121", "State 6"),
        ("B5025", "Block 25", "5025", "District 101", "State 1"),
        ("B5049", "Block 49", "5049", "District 101", "State 1"),
        ("B5073", "Block 73", "5073", "District 101", "State 1"),
        ("B5097", "Block 97", "5097", "District 101", "State 1"),
    ]
    assert con.execute(
        "SELECT name, short_name, valid_min, valid_max FROM indicators WHERE indicator_id = ?", [ANC]
    ).fetchone() == (ANC_NAME, "ANC 1st trimester", 0.0, 100.0)
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == DEMO_LOADS
    # The demo already holds values for the months the files below load: loads replace them.
    assert value_of(con, "B5001", ANC, MAR)[3] == 3


# --- 1. every layout and file type loads the same values ----------------------------------------

# Seven values; the eighth cell (Block 2, ANC, April) is not available and is not loaded.
EXPECTED = sorted(
    [
        ("B5001", ANC, MAR, 80.0),
        ("B5001", ANC, APR, 81.5),
        ("B5001", INST, MAR, 90.0),
        ("B5001", INST, APR, 91.0),
        ("B5002", ANC, MAR, 70.5),
        ("B5002", INST, MAR, 60.0),
        ("B5002", INST, APR, 62.25),
    ]
)

LONG_CSV = """Block Code,Indicator,Month,Value
5001,anc_first_trimester,2025-03,80
5001,anc_first_trimester,Apr-2025,81.5
5001,institutional_deliveries,2025-03,90
5001,institutional_deliveries,Apr-2025,91
5002,anc_first_trimester,2025-03,70.5
5002,anc_first_trimester,Apr-2025,NA
5002,institutional_deliveries,2025-03,60
5002,institutional_deliveries,Apr-2025,62.25
"""


def long_frame() -> pd.DataFrame:
    """LONG_CSV as a spreadsheet user would have it: codes and values as numbers, NA as a blank."""
    return pd.DataFrame(
        {
            "Block Code": [5001, 5001, 5001, 5001, 5002, 5002, 5002, 5002],
            "Indicator": [ANC, ANC, INST, INST, ANC, ANC, INST, INST],
            "Month": ["2025-03", "Apr-2025"] * 4,
            "Value": [80, 81.5, 90, 91, 70.5, None, 60, 62.25],
        }
    )


def long_csv(folder):
    return write(folder, "long.csv", LONG_CSV)


def wide_indicators_csv(folder):  # one column per indicator: the full name and the short name
    return write(
        folder,
        "wide_indicators.csv",
        f"""Block Code,Month,{ANC_NAME},Institutional deliveries
5001,2025-03,80,90
5001,Apr-2025,81.5,91
5002,2025-03,70.5,60
5002,Apr-2025,NA,62.25
""",
    )


def wide_periods_csv(folder):  # one column per period, in two spellings
    return write(
        folder,
        "wide_periods.csv",
        """Block Code,Indicator,2025-03,Apr-2025
5001,ANC 1st trimester,80,81.5
5001,institutional_deliveries,90,91
5002,ANC 1st trimester,70.5,NA
5002,institutional_deliveries,60,62.25
""",
    )


def long_xlsx(folder):
    path = folder / "long.xlsx"
    long_frame().to_excel(path, index=False, engine="openpyxl")
    return path


def long_parquet(folder):
    path = folder / "long.parquet"
    long_frame().to_parquet(path, index=False)
    return path


def grouped_xlsx(folder):
    """A quarterly-ranking style sheet: a theme in merged cells above the indicator names."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        [None, None, "Health", None],
        ["Block Code", "Month", "ANC 1st trimester", "Institutional deliveries"],
        [5001, "2025-03", 80, 90],
        [5001, "Apr-2025", 81.5, 91],
        [5002, "2025-03", 70.5, 60],
        [5002, "Apr-2025", None, 62.25],
    ):
        sheet.append(row)
    sheet.merge_cells("C1:D1")
    path = folder / "grouped.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    "build, layout, missing_at",
    [
        # missing_at: (line, column) of the one empty cell, as the user would find it in the file
        (long_csv, "long", (7, "Value")),
        (wide_indicators_csv, "wide_indicators", (5, ANC_NAME)),
        (wide_periods_csv, "wide_periods", (4, "Apr-2025")),
        (long_xlsx, "long", (7, "Value")),  # sheet row 7 (header in row 1)
        (long_parquet, "long", (6, "Value")),  # parquet has rows, not lines
        (grouped_xlsx, "wide_indicators", (6, "ANC 1st trimester")),  # two header rows
    ],
    ids=["long_csv", "wide_indicators_csv", "wide_periods_csv", "long_xlsx", "long_parquet", "grouped_xlsx"],
)
def test_every_layout_and_file_type_loads_the_same_values(con, tmp_path, build, layout, missing_at):
    path = build(tmp_path)
    prepared = prepare_indicators(con, path)
    assert prepared.layout == layout
    assert prepared.problems.empty
    assert ready(prepared) == EXPECTED
    assert [(line, column) for line, column, _value, _problem in rows_of(prepared.notes)] == [missing_at]
    outcome = load_indicators(con, prepared)
    assert outcome["status"] == "loaded" and outcome["rows"] == 7
    assert outcome["message"] == f"loaded 7 values from {path.name}"
    assert stored(con, outcome["load_id"]) == EXPECTED


def test_a_grouped_header_repeating_an_indicator_name_under_two_themes_prefixes_the_theme(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        [None, None, "Health", None, "Nutrition", None],
        ["Block Code", "Month", "Coverage", "Screening", "Coverage", "Growth"],
        [5001, "2025-03", 1, 2, 3, 4],
    ):
        sheet.append(row)
    path = tmp_path / "themes.xlsx"
    book.save(path)
    frame = tables.read_table(path)
    assert list(frame.columns) == [
        "Block Code",
        "Month",
        "Health / Coverage",
        "Screening",
        "Nutrition / Coverage",
        "Growth",
        "_line",
    ]
    assert frame.values.tolist() == [["5001", "2025-03", "1", "2", "3", "4", 3]]


def test_workbook_cells_are_read_as_the_text_a_csv_would_hold(tmp_path):
    book = openpyxl.Workbook()
    for row in (
        ["Block Code", "Month", "Value", "Remark"],
        [5001, datetime(2025, 3, 1), 80.0, "NA"],
        [5002.0, datetime(2025, 4, 1, 10, 30), 70.5, None],
    ):
        book.active.append(row)
    book.save(tmp_path / "cells.xlsx")
    frame = tables.read_table(tmp_path / "cells.xlsx")
    assert frame.values.tolist() == [
        ["5001", "2025-03-01", "80", "NA", 2],
        ["5002", "2025-04-01 10:30:00", "70.5", "", 3],
    ]


def test_a_wide_period_table_notes_columns_it_does_not_use(con, tmp_path):
    path = write(tmp_path, "remarks.csv", "Block Code,Indicator,2025-03,Remarks\n5001,ANC 1st trimester,80,checked\n")
    prepared = prepare_indicators(con, path)
    assert ready(prepared) == [("B5001", ANC, MAR, 80.0)]
    assert rows_of(prepared.notes) == [
        (None, "Remarks", "", "column not used (not a unit, indicator, period or value column)")
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "parquet"])
def test_months_stored_as_dates_in_a_spreadsheet_or_parquet_file_are_read(con, tmp_path, suffix):
    frame = pd.DataFrame(
        {
            "Block Code": [5001, 5002],
            "Indicator": [ANC, ANC],
            "Month": [datetime(2025, 3, 1), datetime(2025, 4, 1)],
            "Value": [80.0, 70.5],
        }
    )
    path = tmp_path / f"dates.{suffix}"
    frame.to_excel(path, index=False, engine="openpyxl") if suffix == "xlsx" else frame.to_parquet(path)
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [("B5001", ANC, MAR, 80.0), ("B5002", ANC, APR, 70.5)]


# --- 2. values ----------------------------------------------------------------------------------


def test_markers_and_empty_cells_are_not_loaded_and_are_noted_and_parentheses_are_flagged(con, tmp_path):
    path = write(
        tmp_path,
        "values.csv",
        """Block Code,Indicator,Month,Value
5001,anc_first_trimester,2025-03,85.2%
5002,anc_first_trimester,2025-03,NA
5003,anc_first_trimester,2025-03,-
5004,anc_first_trimester,2025-03,*
5005,anc_first_trimester,2025-03,
5006,anc_first_trimester,2025-03,(12.5)
5007,anc_first_trimester,2025-03, 99.5 %
""",
    )
    untouched = {unit: value_of(con, unit, ANC, MAR) for unit in ("B5002", "B5003", "B5004", "B5005")}
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [("B5001", ANC, MAR, 85.2), ("B5006", ANC, MAR, 12.5), ("B5007", ANC, MAR, 99.5)]
    assert rows_of(prepared.notes) == [
        (3, "Value", "NA", "marked not available ('NA')"),
        (4, "Value", "-", "marked not available ('-')"),
        (5, "Value", "*", "marked not available ('*')"),
        (6, "Value", "", "empty cell"),
        (7, "Value", "(12.5)", FLAGGED_NOTE),
    ]
    outcome = load_indicators(con, prepared)
    assert stored(con, outcome["load_id"]) == ready(prepared)
    # A cell that is not available does not delete the value the database already holds.
    assert {unit: value_of(con, unit, ANC, MAR) for unit in untouched} == untouched


@pytest.mark.parametrize(
    "cell, problem",
    [
        ("abc", "'abc' is not a number"),
        ("1,2", "'1,2' is not a number; for a decimal, write a point instead of the comma (1.2)"),
        ("85.2.1", "'85.2.1' is not a number"),
        ("1,234", RANGE_PROBLEM),  # read as 1234, a valid number but no percentage
        ("150", RANGE_PROBLEM),
        ("-0.5", RANGE_PROBLEM),
    ],
)
def test_an_unreadable_or_impossible_value_is_a_problem_naming_line_and_column(con, tmp_path, cell, problem):
    path = write(
        tmp_path,
        "bad_value.csv",
        "Block Code,Indicator,Month,Percentage\n"
        "5001,anc_first_trimester,2025-03,80\n"
        f'5002,anc_first_trimester,2025-03,"{cell}"\n',
    )
    error = rejected(con, path)
    assert error.problems == [Problem("bad_value.csv", 3, "Percentage", f"'{cell}': {problem}")]


def test_a_value_is_checked_against_its_own_indicators_range(con, tmp_path):
    # Groundwater extraction is a percentage of the extractable resource and may reach 400.
    path = write(
        tmp_path, "groundwater.csv", "Block Code,Indicator,Year,Value\n5001,groundwater_extraction,FY2024-25,150\n"
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [("B5001", "groundwater_extraction", date(2024, 4, 1), 150.0)]


def test_a_not_available_marker_in_a_workbook_is_noted_as_in_a_csv(con, tmp_path):
    path = tmp_path / "na.xlsx"
    pd.DataFrame({"Block Code": ["5001"], "Indicator": [ANC], "Month": ["2025-03"], "Value": ["NA"]}).to_excel(
        path, index=False, engine="openpyxl"
    )
    assert rows_of(prepare_indicators(con, path).notes) == [(2, "Value", "NA", "marked not available ('NA')")]


# --- 3. periods ---------------------------------------------------------------------------------


def test_period_spellings_map_to_the_first_day_of_their_month_or_quarter(con, tmp_path):
    path = write(
        tmp_path,
        "periods.csv",
        """Block Code,Indicator,Reporting Month,Value
5001,anc_first_trimester,Mar-2025,80
5002,anc_first_trimester,03/2025,80
5003,anc_first_trimester,2025-03,80
5004,anc_first_trimester,Q4 FY2024-25,80
5005,anc_first_trimester,march 2025,80
""",
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [
        ("B5001", ANC, MAR, 80.0),
        ("B5002", ANC, MAR, 80.0),
        ("B5003", ANC, MAR, 80.0),
        ("B5004", ANC, date(2025, 1, 1), 80.0),  # Q4 of FY2024-25 is Jan-Mar 2025
        ("B5005", ANC, MAR, 80.0),
    ]


@pytest.mark.parametrize(
    "label, reason",
    [
        (
            "2025-13",
            "period '2025-13' is neither a month (there is no month 13) nor a financial year (that would be 2025-26)",
        ),
        ("Marchh 2025", "period 'Marchh 2025' is not a month, quarter, financial year or survey round"),
        ("", "period is empty"),
    ],
)
def test_a_bad_period_is_a_problem_with_its_line_and_the_period_columns_name(con, tmp_path, label, reason):
    path = write(
        tmp_path,
        "bad_period.csv",
        "Block Code,Indicator,Reporting Month,Value\n"
        "5001,anc_first_trimester,2025-03,80\n"
        f"5002,anc_first_trimester,{label},80\n",
    )
    error = rejected(con, path)
    assert error.problems == [Problem("bad_period.csv", 3, "Reporting Month", f"'{label}': {reason}; {PERIOD_HINT}")]


# --- 4. units -----------------------------------------------------------------------------------


def test_units_are_matched_by_lgd_code_or_unit_id(con, tmp_path):
    path = write(
        tmp_path,
        "codes.csv",
        """Block LGD Code,Indicator,Month,Value
5001,anc_first_trimester,2025-03,80
05002,anc_first_trimester,2025-03,81
B5003,anc_first_trimester,2025-03,82
b5004,anc_first_trimester,2025-03,83
""",
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert [u for u, *_ in ready(prepared)] == ["B5001", "B5002", "B5003", "B5004"]
    assert prepared.units.matched_by.tolist() == ["code"] * 4


def test_units_are_matched_by_name_within_district_or_state_whatever_the_spelling(con, tmp_path):
    path = write(
        tmp_path,
        "names.csv",
        """State,District of Block,Block,Indicator,Month,Value
State 1,District 101,Block 1,anc_first_trimester,2025-03,80
state  1.,DISTRICT 101,block 25,anc_first_trimester,2025-03,81
State 1,Distrct 101,Block 73,anc_first_trimester,2025-03,82
State 2,,Block 5,anc_first_trimester,2025-03,83
""",
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [
        ("B5001", ANC, MAR, 80.0),
        ("B5005", ANC, MAR, 83.0),
        ("B5025", ANC, MAR, 81.0),
        ("B5073", ANC, MAR, 82.0),
    ]
    assert prepared.units.matched_by.tolist() == ["name"] * 4
    # 'Distrct 101' was taken as District 101 (WRatio >= 90); the database's spelling is kept.
    assert prepared.units.set_index("unit_name").parent_as.dropna().to_dict() == {"Block 73": "District 101"}


@pytest.mark.parametrize(
    "row, column, value, problem",
    [
        (
            "State 1,District 101,Blok 49",
            "Block",
            "Blok 49",
            "unit not found in State 1; did you mean Block 49 (District 101)" + SUGGESTION_TAIL,
        ),
        (
            "State 1,District 101,Zzzyx",
            "Block",
            "Zzzyx",
            "unit not found in State 1; check the spelling or give the LGD code",
        ),
        # Spelt-out numbers are not normalised: 'State One' is not 'State 1' (WRatio 79 < 90). A state that is
        # not recognised stops the row: no block is looked for (or suggested) outside the state it names.
        (
            "State One,,Block 97",
            "Block",
            "Block 97",
            "place not recognised: state 'State One' not recognised; use the state's name or LGD code (nothing is "
            "looked for outside it)",
        ),
    ],
)
def test_an_unmatched_name_is_a_problem_with_a_suggestion_when_one_is_close(con, tmp_path, row, column, value, problem):
    path = write(
        tmp_path,
        "misspelt.csv",
        "State,District of Block,Block,Indicator,Month,Value\n"
        f"State 1,District 101,Block 1,anc_first_trimester,2025-03,80\n"
        f"{row},anc_first_trimester,2025-03,81\n",
    )
    error = rejected(con, path)
    assert error.problems == [Problem("misspelt.csv", 3, column, f"'{value}': {problem}")]


def test_an_unmatched_code_and_name_are_shown_together_under_both_column_names(con, tmp_path):
    path = write(
        tmp_path, "both.csv", "Block Code,Block,Indicator,Month,Value\n9999,Nowhere,anc_first_trimester,2025-03,80\n"
    )
    error = rejected(con, path)
    assert error.problems == [Problem("both.csv", 2, "Block Code / Block", f"'9999 Nowhere': {NO_UNIT}")]


def test_a_resolved_parent_spelling_is_reported_in_the_notes(con, tmp_path):
    path = write(
        tmp_path,
        "parent.csv",
        "State,District of Block,Block,Indicator,Month,Value\n"
        "State 1,Distrct 101,Block 73,anc_first_trimester,2025-03,82\n",
    )
    prepared = prepare_indicators(con, path)
    assert "Distrct 101" in prepared.notes.value.tolist()
    assert rows_of(prepared.notes) == [
        (
            2,
            "District of Block",
            "Distrct 101",
            (
                "district 'Distrct 101' taken as 'District 101' (closest name in the database); correct the file if "
                "that is wrong"
            ),
        )
    ]


def test_a_resolved_state_spelling_is_noted_once_at_its_first_line_with_its_row_count(con, tmp_path):
    # WRatio('stat 1', 'state 1') = 92 >= 90; 'State 2' scores 77.
    path = write(
        tmp_path,
        "state.csv",
        "State,District,Block,Indicator,Month,Value\n"
        "Stat 1,District 101,Block 1,anc_first_trimester,2025-03,80\n"
        "State 2,District 105,Block 5,anc_first_trimester,2025-03,81\n"
        "Stat 1,District 102,Block 2,anc_first_trimester,2025-03,82\n",
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [("B5001", ANC, MAR, 80.0), ("B5002", ANC, MAR, 82.0), ("B5005", ANC, MAR, 81.0)]
    assert rows_of(prepared.notes) == [
        (
            2,
            "State",
            "Stat 1",
            (
                "state 'Stat 1' taken as 'State 1' (closest name in the database); correct the file if that is wrong "
                "(2 rows with this; the first is shown)"
            ),
        )
    ]


def test_a_row_is_not_loaded_on_a_block_in_another_state(con, tmp_path):
    path = write(
        tmp_path,
        "other_state.csv",
        "State,District of Block,Block,Indicator,Month,Value\n"
        "State 6,District 125,Block 2,anc_first_trimester,2025-03,80\n",
    )
    prepared = prepare_indicators(con, path)
    assert prepared.observations.empty
    assert len(prepared.problems) == 1


def test_a_block_file_with_state_district_and_block_columns_loads(con, tmp_path):
    path = write(
        tmp_path, "sdb.csv", "State,District,Block,Month,anc_first_trimester\nState 1,District 101,Block 1,2025-03,80\n"
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert ready(prepared) == [("B5001", ANC, MAR, 80.0)]


def test_a_file_without_a_unit_column_is_refused_saying_so(con, tmp_path):
    path = write(tmp_path, "no_unit.csv", "Month,anc_first_trimester\n2025-03,80\n2025-04,81\n")
    with pytest.raises(ValueError, match="unit"):
        prepare_indicators(con, path)


NO_BLOCK_COLUMN = (
    "no block code or name column was found, so no row can be matched to a unit; give the file a "
    "column named one of unit_code, unit_id, lgd_code, block_code, block_lgd_code, code (a code) or "
    "unit_name, unit, block, block_name, name (a name); case, spaces and underscores do not matter"
)


@pytest.mark.parametrize(
    "header, row",
    [
        ("Month,anc_first_trimester", "2025-03,80"),
        # In a block file 'District' is the block's district and 'District Code' is not the block's code.
        ("District,Month,anc_first_trimester", "District 101,2025-03,80"),
        ("District Code,Indicator,Month,Value", "101,anc_first_trimester,2025-03,80"),
    ],
)
def test_a_block_file_without_a_block_column_is_refused_listing_the_headers_recognised(con, tmp_path, header, row):
    path = write(tmp_path, "no_block.csv", f"{header}\n{row}\n")
    with pytest.raises(InputError) as error:
        prepare_indicators(con, path)
    assert error.value.problems == [Problem("no_block.csv", None, None, NO_BLOCK_COLUMN)]


def test_a_district_file_names_its_units_in_the_district_column(con, tmp_path):
    path = write(
        tmp_path, "districts.csv", "State,District,Month,anc_first_trimester\nState 1,District 102,2025-03,75\n"
    )
    prepared = prepare_indicators(con, path, level="district")
    assert prepared.problems.empty
    assert ready(prepared) == [("D102", ANC, MAR, 75.0)]
    path = write(
        tmp_path, "district_codes.csv", "District Code,Block,Month,anc_first_trimester\n103,Block 1,2025-03,75\n"
    )
    assert ready(prepare_indicators(con, path, level="district")) == [("D103", ANC, MAR, 75.0)]


def test_a_block_name_found_twice_in_its_state_is_a_problem_saying_to_give_the_district(con, tmp_path):
    con.execute(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id) "
        "VALUES ('B9001', 'block', 'Block 1', '9001', 'D102', 'S1', 'D102')"
    )
    path = write(
        tmp_path,
        "twice.csv",
        "State,Block,Indicator,Month,Value\n"
        "State 1,Block 2,anc_first_trimester,2025-03,80\n"
        "State 1,Block 1,anc_first_trimester,2025-03,81\n",
    )
    prepared = prepare_indicators(con, path)
    assert ready(prepared) == [("B5002", ANC, MAR, 80.0)]
    assert rows_of(prepared.problems) == [
        (
            3,
            "Block",
            "Block 1",
            (
                "unit name is ambiguous: 2 units have it (Block 1 (District 101, State 1), Block 1 (District 102, "
                "State 1)); give the district or the code"
            ),
        )
    ]
    assert prepared.unmatched_only  # not loadable, as a name not found: skip_unmatched may leave it out
    path = write(
        tmp_path,
        "with_district.csv",
        "State,District,Block,Indicator,Month,Value\nState 1,District 102,Block 1,anc_first_trimester,2025-03,81\n",
    )
    assert ready(prepare_indicators(con, path)) == [("B9001", ANC, MAR, 81.0)]


# --- 5. indicators ------------------------------------------------------------------------------


def test_indicators_are_matched_by_id_name_or_short_name_ignoring_numbering_and_footnotes(con, tmp_path):
    path = write(
        tmp_path,
        "indicators.csv",
        f"""Block Code,KPI Name,Month,Value
5001,anc_first_trimester,2025-03,80
5002,ANC_First_Trimester,2025-03,80
5003,{ANC_NAME},2025-03,80
5004,ANC 1st trimester,2025-03,80
5005,1. ANC 1st trimester2,2025-03,80
5006,12) Institutional deliveries (%),2025-03,80
5007,Percentage of institutional deliveries against total reported deliveries1,2025-03,80
""",
    )
    prepared = prepare_indicators(con, path)
    assert prepared.problems.empty
    assert [(u, i) for u, i, *_ in ready(prepared)] == [
        ("B5001", ANC),
        ("B5002", ANC),
        ("B5003", ANC),
        ("B5004", ANC),
        ("B5005", ANC),
        ("B5006", INST),
        ("B5007", INST),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. ANC 1st trimester2", "anc 1st trimester"),  # numbering and a footnote digit go, '1st' stays
        ("12) Institutional deliveries (%)", "institutional deliveries"),
        ("3a. Girls' toilets (per cent)", "girls toilets"),
        ("Class X >= 60% (boys)", "class x 60 boys"),
    ],
)
def test_normalise_indicator(text, expected):
    assert normalise_indicator(text) == expected


def test_an_unknown_indicator_is_a_problem_saying_to_add_it_with_theme_and_direction(con, tmp_path):
    path = write(
        tmp_path,
        "unknown.csv",
        "Block Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,80\n5001,Malaria cases,2025-03,3\n",
    )
    error = rejected(con, path)
    assert error.problems == [Problem("unknown.csv", 3, "Indicator", f"'Malaria cases': {UNKNOWN_INDICATOR}")]


# --- 6. all or nothing, idempotent, replacing ---------------------------------------------------

BAD_CSV = """Block Code,Indicator,Month,Value
5001,anc_first_trimester,2025-03,150
5001,anc_first_trimester,Mar-2025,80
5002,anc_first_trimester,2025-13,80
5002,Malaria cases,2025-03,80
9999,anc_first_trimester,2025-03,80
5003,anc_first_trimester,2025-03,abc
5004,anc_first_trimester,2025-03,-5
5005,anc_first_trimester,2025-03,NA
"""


def test_every_problem_is_listed_at_once_and_nothing_is_loaded(con, tmp_path):
    error = rejected(con, write(tmp_path, "bad.csv", BAD_CSV))
    assert error.problems == [
        Problem("bad.csv", 2, "Value", f"'150': {RANGE_PROBLEM}"),
        Problem("bad.csv", 3, "Value", "'80': the same unit, indicator and period again (first on line 2); keep one"),
        Problem(
            "bad.csv",
            4,
            "Month",
            "'2025-13': period '2025-13' is neither a month (there is no month 13) nor "
            f"a financial year (that would be 2025-26); {PERIOD_HINT}",
        ),
        Problem("bad.csv", 5, "Indicator", f"'Malaria cases': {UNKNOWN_INDICATOR}"),
        Problem("bad.csv", 6, "Block Code", f"'9999': {NO_UNIT}"),
        Problem("bad.csv", 7, "Value", "'abc': 'abc' is not a number"),
        Problem("bad.csv", 8, "Value", f"'-5': {RANGE_PROBLEM}"),
    ]
    assert str(error).splitlines()[0] == "7 problem(s); nothing was loaded:"


def test_a_duplicate_is_found_across_spellings_of_indicator_and_period(con, tmp_path):
    path = write(
        tmp_path,
        "dup.csv",
        f"""Block Code,Indicator,Month,Value
5001,anc_first_trimester,2025-03,80
5002,anc_first_trimester,2025-03,70
B5001,{ANC_NAME},Mar-2025,81
""",
    )
    error = rejected(con, path)
    assert error.problems == [
        Problem("dup.csv", 4, "Value", "'81': the same unit, indicator and period again (first on line 2); keep one")
    ]


def test_the_same_problem_on_many_rows_is_one_entry_with_its_first_line_and_count(con, tmp_path):
    path = write(
        tmp_path,
        "many.csv",
        "Block Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,80\n"
        + "".join(f"9999,anc_first_trimester,2025-0{m},80\n" for m in (3, 4, 5)),
    )
    error = rejected(con, path)
    assert error.problems == [
        Problem("many.csv", 3, "Block Code", f"'9999': {NO_UNIT} (3 rows with this; the first is shown)")
    ]
    assert len(prepare_indicators(con, path).problems) == 3  # the full list keeps every row


def test_reloading_the_same_file_changes_nothing(con, tmp_path):
    path = long_csv(tmp_path)
    first = load_indicators(con, prepare_indicators(con, path))
    assert (first["status"], first["load_id"]) == ("loaded", DEMO_LOADS + 1)
    before = snapshot(con)
    again = load_indicators(con, prepare_indicators(con, path))
    assert (again["status"], again["load_id"], again["rows"]) == ("unchanged", DEMO_LOADS + 1, 0)
    assert again["message"].startswith("long.csv was already loaded (load 5, ")
    assert again["message"].endswith("); nothing changed")
    assert_unchanged(con, before)
    # The same bytes under another name are the same file.
    renamed = write(tmp_path, "long_copy.csv", LONG_CSV)
    assert load_indicators(con, prepare_indicators(con, renamed))["status"] == "unchanged"
    assert_unchanged(con, before)


def test_a_corrected_file_replaces_the_values_it_covers_and_nothing_else(con, tmp_path):
    first = write(
        tmp_path,
        "march.csv",
        "Block Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,80\n5002,anc_first_trimester,2025-03,70\n",
    )
    load_indicators(con, prepare_indicators(con, first))
    assert value_of(con, "B5003", ANC, MAR) is None  # the demo has no report from Block 3 that month
    before, _loads = snapshot(con)
    corrected = write(
        tmp_path,
        "march_corrected.csv",
        "Block Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,81\n5003,anc_first_trimester,2025-03,60\n",
    )
    outcome = load_indicators(con, prepare_indicators(con, corrected))
    assert (outcome["status"], outcome["load_id"], outcome["rows"]) == ("loaded", 6, 2)
    assert value_of(con, "B5001", ANC, MAR) == (81.0, None, None, 6)  # replaced
    assert value_of(con, "B5002", ANC, MAR) == (70.0, None, None, 5)  # not in the corrected file: kept
    assert value_of(con, "B5003", ANC, MAR) == (60.0, None, None, 6)  # new
    after, loads = snapshot(con)
    assert len(after) == len(before) + 1

    def outside_the_file(frame):
        covered = (
            frame.unit_id.isin(["B5001", "B5003"]) & (frame.indicator_id == ANC) & (frame.period == pd.Timestamp(MAR))
        )
        return frame[~covered].reset_index(drop=True)

    pd.testing.assert_frame_equal(outside_the_file(after), outside_the_file(before))
    row = loads[loads.load_id == 6].iloc[0]
    assert (row.kind, row.source, row.sha256, row.rows_in, row.rows_rejected, row.note) == (
        "observations",
        "march_corrected.csv",
        hashlib.sha256(corrected.read_bytes()).hexdigest(),
        2,
        0,
        "block level, long layout; 1 earlier value(s) replaced",
    )  # B5001 replaced, B5003 new
    assert row.loaded_by == db.current_user()
    assert row.started_at <= row.finished_at
    assert len(loads) == DEMO_LOADS + 2


SOME_UNMATCHED = """Block Code,Indicator,Month,Value
5001,anc_first_trimester,2025-03,80
9999,anc_first_trimester,2025-03,75
5002,anc_first_trimester,2025-03,70
"""


def test_unmatched_units_block_the_load_unless_skipped(con, tmp_path):
    path = write(tmp_path, "some.csv", SOME_UNMATCHED)
    error = rejected(con, path)
    assert error.problems == [Problem("some.csv", 3, "Block Code", f"'9999': {NO_UNIT}")]
    prepared = prepare_indicators(con, path)
    assert prepared.unmatched_only
    outcome = load_indicators(con, prepared, skip_unmatched=True)
    assert (outcome["status"], outcome["rows"]) == ("loaded", 2)
    assert stored(con, outcome["load_id"]) == [("B5001", ANC, MAR, 80.0), ("B5002", ANC, MAR, 70.0)]
    assert con.execute(
        "SELECT rows_in, rows_rejected FROM loads WHERE load_id = ?", [outcome["load_id"]]
    ).fetchone() == (2, 1)


def test_skip_unmatched_does_not_load_when_there_are_other_problems(con, tmp_path):
    path = write(tmp_path, "mixed.csv", SOME_UNMATCHED + "5003,anc_first_trimester,2025-03,abc\n")
    assert not prepare_indicators(con, path).unmatched_only
    error = rejected(con, path, skip_unmatched=True)
    assert error.problems == [
        Problem("mixed.csv", 3, "Block Code", f"'9999': {NO_UNIT}"),
        Problem("mixed.csv", 5, "Value", "'abc': 'abc' is not a number"),
    ]


def test_a_problem_found_after_a_good_file_was_loaded_leaves_that_load_intact(con, tmp_path):
    load_indicators(con, prepare_indicators(con, long_csv(tmp_path)))
    rejected(con, write(tmp_path, "bad.csv", BAD_CSV))  # checks the snapshot itself
    assert stored(con, DEMO_LOADS + 1) == EXPECTED


def test_grouped_problems_keeps_file_order(con, tmp_path):
    prepared = prepare_indicators(con, write(tmp_path, "bad.csv", BAD_CSV))
    assert [p.row for p in grouped_problems(prepared)] == [2, 3, 4, 5, 6, 7, 8]


# --- 7. layout and file errors ------------------------------------------------------------------


def test_a_header_without_known_roles_is_refused_with_advice(con, tmp_path):
    path = write(tmp_path, "odd.csv", "Foo,Bar,Baz\n1,2,3\n")
    with pytest.raises(ValueError) as error:
        prepare_indicators(con, path)
    assert str(error.value) == (
        "cannot tell the table's layout from its header: name the columns (unit, indicator, period, value) for "
        "a long table, or (unit, period, <one column per indicator>), or (unit, indicator, <one column per "
        "period>); or give --format"
    )


def test_an_unknown_layout_name_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match="format 'tall' is not one of long, wide_indicators, wide_periods"):
        prepare_indicators(con, long_csv(tmp_path), layout="tall")


@pytest.mark.parametrize(
    "columns, layout",
    [
        (["Block Code", "Indicator", "Month", "Value"], "long"),
        (["block_code", "kpi", "period", "percentage", "Remarks"], "long"),
        (["Block Code", "Month", "ANC 1st trimester"], "wide_indicators"),
        (["Block Code", "Indicator", "2025-03", "NFHS-5"], "wide_periods"),
        (["LGD Code", "Indicator", "Q4 FY2024-25"], "wide_periods"),
    ],
)
def test_detect_format_from_the_header(columns, layout):
    assert tables.detect_format(columns) == layout


def test_a_workbook_with_several_sheets_needs_a_sheet_name(con, tmp_path):
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        long_frame().to_excel(book, sheet_name="March", index=False)
        pd.DataFrame({"Note": ["checked"]}).to_excel(book, sheet_name="Notes", index=False)
    with pytest.raises(InputError) as error:
        prepare_indicators(con, path)
    assert error.value.problems == [
        Problem("two.xlsx", None, None, "the workbook has 2 sheets (March, Notes); say which with --sheet NAME")
    ]
    with pytest.raises(InputError) as error:
        prepare_indicators(con, path, sheet="April")
    assert error.value.problems == [Problem("two.xlsx", None, None, "no sheet 'April'; the sheets are March, Notes")]
    assert ready(prepare_indicators(con, path, sheet="March")) == EXPECTED


def test_a_header_row_with_gaps_that_is_not_a_theme_row_is_refused(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Block Code", None, "Month", "Value"], ["5001", "anc_first_trimester", "2025-03", None]):
        book.active.append(row)
    book.save(tmp_path / "gaps.xlsx")
    with pytest.raises(InputError) as error:
        tables.read_table(tmp_path / "gaps.xlsx")
    assert error.value.problems == [
        Problem(
            "gaps.xlsx",
            1,
            None,
            (
                "the header has empty cells: put one name in every column of the first row (or use a two-row header: "
                "themes above, every indicator named below)"
            ),
        )
    ]


def test_a_column_name_used_twice_in_a_workbook_is_refused(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Block Code", "Month", "Value", "Value"], ["5001", "2025-03", "1", "2"]):
        book.active.append(row)
    book.save(tmp_path / "twice.xlsx")
    with pytest.raises(InputError) as error:
        tables.read_table(tmp_path / "twice.xlsx")
    assert error.value.problems == [
        Problem("twice.xlsx", 1, "Value", "this column name appears twice; rename or delete one")
    ]


def test_an_unsupported_file_type_is_refused(con, tmp_path):
    path = write(tmp_path, "values.json", "{}")
    with pytest.raises(InputError) as error:
        prepare_indicators(con, path)
    assert error.value.problems == [
        Problem("values.json", None, None, "unsupported file type '.json': use CSV, XLSX or Parquet")
    ]


def test_a_csv_that_is_not_utf8_is_refused_with_the_byte(con, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Block,Month\nBl\u00f6ck 1,2025-03\n".encode("latin-1"))  # 'ö' is byte 14
    with pytest.raises(InputError) as error:
        prepare_indicators(con, path)
    assert error.value.problems == [
        Problem("latin1.csv", None, None, "not UTF-8 text (byte 14); save it as 'CSV UTF-8'")
    ]


def test_a_utf8_csv_with_a_byte_order_mark_and_blank_lines_keeps_its_line_numbers(con, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffBlock Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,80\n\n"
        "5002,anc_first_trimester,2025-03,abc\n".encode("utf-8")
    )
    error = rejected(con, path)
    assert error.problems == [Problem("bom.csv", 4, "Value", "'abc': 'abc' is not a number")]


# --- 8. the command line ------------------------------------------------------------------------


def test_cli_import_loads_and_says_how_many_values(db_file, tmp_path, capsys):
    path = long_csv(tmp_path)
    assert main(["import", "indicators", str(path), "--db", str(db_file)]) == 0
    out, err = capsys.readouterr()
    assert out == "loaded 7 values from long.csv\n"
    assert err.splitlines() == [
        "long.csv: long layout, 7 values ready, 0 problem(s), 1 note(s)",
        "units: 2 of 2 matched (2 by code, 0 by name, 0 by accepted suggestion)",
        "codes: column 'Block Code' read as LGD codes (no names on the rows to check them against)",
    ]
    with duckdb.connect(str(db_file), read_only=True) as con:
        assert stored(con, DEMO_LOADS + 1) == EXPECTED
    assert main(["import", "indicators", str(path), "--db", str(db_file)]) == 0
    out, _err = capsys.readouterr()
    assert out.startswith("long.csv was already loaded (load 5, ")


def test_cli_import_failure_exits_2_lists_problems_writes_the_report_and_loads_nothing(db_file, tmp_path, capsys):
    before = file_snapshot(db_file)
    path, report = write(tmp_path, "bad.csv", BAD_CSV), tmp_path / "problems.csv"
    assert main(["import", "indicators", str(path), "--db", str(db_file), "--problems-out", str(report)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert "bad.csv: long layout, 3 values ready, 7 problem(s), 1 note(s)" in err
    assert "error: 7 problem(s); nothing was loaded:" in err
    assert "  - bad.csv, line 6, column 'Block Code': '9999': " + NO_UNIT in err.splitlines()
    written = pd.read_csv(report, dtype=str, keep_default_na=False)
    assert list(written.columns) == ["kind", "line", "column", "value", "problem"]  # as the admin page downloads it
    assert written[["line", "column", "value", "kind"]].values.tolist() == [
        ["2", "Value", "150", "problem"],
        ["3", "Value", "80", "problem"],
        ["4", "Month", "2025-13", "problem"],
        ["5", "Indicator", "Malaria cases", "problem"],
        ["6", "Block Code", "9999", "problem"],
        ["7", "Value", "abc", "problem"],
        ["8", "Value", "-5", "problem"],
        ["9", "Value", "NA", "note"],
    ]
    assert written.problem.tolist()[4] == NO_UNIT
    assert written.problem.tolist()[7] == "marked not available ('NA')"
    after = file_snapshot(db_file)
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])


def test_cli_skip_unmatched_and_sheet_options(db_file, tmp_path, capsys):
    path = write(tmp_path, "some.csv", SOME_UNMATCHED)
    assert main(["import", "indicators", str(path), "--db", str(db_file), "--skip-unmatched"]) == 0
    assert capsys.readouterr().out == "loaded 2 values from some.csv\n"
    book = tmp_path / "two.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame({"Note": ["x"]}).to_excel(writer, sheet_name="Notes", index=False)
        long_frame().to_excel(writer, sheet_name="March", index=False)
    assert main(["import", "indicators", str(book), "--db", str(db_file), "--sheet", "March"]) == 0
    assert capsys.readouterr().out == "loaded 7 values from two.xlsx\n"
    with duckdb.connect(str(db_file), read_only=True) as con:
        assert con.execute(
            "SELECT load_id, source, rows_in, rows_rejected FROM loads WHERE load_id > ? ORDER BY load_id", [DEMO_LOADS]
        ).fetchall() == [(5, "some.csv", 2, 1), (6, "two.xlsx", 7, 0)]


def test_cli_format_wide_on_a_long_file_is_a_clean_error(db_file, tmp_path, capsys):
    before = file_snapshot(db_file)
    assert main(["import", "indicators", str(long_csv(tmp_path)), "--db", str(db_file), "--format", "wide"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        "error: --format wide was given but the file has indicator, period and value columns (long)"
    )
    after = file_snapshot(db_file)
    pd.testing.assert_frame_equal(after[1], before[1])


# --- 9. concurrency ----------------------------------------------------------------------------


class PausingConnection:
    """A connection that stops after one statement until told to go on, so a test can look at the
    database from another connection while a load's transaction is open."""

    def __init__(self, con, statement_start: str):
        self._con, self._start = con, statement_start
        self.paused, self.resume = threading.Event(), threading.Event()

    def execute(self, sql, *args):
        result = self._con.execute(sql, *args)
        if sql.startswith(self._start):
            self.paused.set()
            assert self.resume.wait(30), "the test never let the load go on"
        return result

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_reader_in_the_same_process_sees_the_old_values_during_a_load_and_the_new_ones_after(db_file, tmp_path):
    path = write(tmp_path, "march.csv", "Block Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,81\n")
    writer = duckdb.connect(str(db_file))
    reader = writer.cursor()  # its own connection (and transactions) on the same database instance
    try:
        old_value = value_of(reader, "B5001", ANC, MAR)
        count = reader.execute("SELECT count(*) FROM observations").fetchone()[0]
        prepared = prepare_indicators(writer, path)
        # Stop the load after it deleted the old value and before it inserted the new one.
        pausing = PausingConnection(writer, "DELETE FROM observations")
        with ThreadPoolExecutor(max_workers=2) as pool:
            load = pool.submit(load_indicators, pausing, prepared)
            assert pausing.paused.wait(30), "the load never reached its DELETE"
            try:
                look = pool.submit(
                    lambda: (
                        value_of(reader, "B5001", ANC, MAR),
                        reader.execute("SELECT count(*) FROM observations").fetchone()[0],
                        reader.execute("SELECT count(*) FROM loads").fetchone()[0],
                    )
                )
                # The reader is not blocked by the open transaction and sees the last committed state.
                assert look.result(timeout=10) == (old_value, count, DEMO_LOADS)
            finally:
                pausing.resume.set()
            assert load.result(timeout=30)["status"] == "loaded"
        assert value_of(reader, "B5001", ANC, MAR) == (81.0, None, None, DEMO_LOADS + 1)
        assert reader.execute("SELECT count(*) FROM observations").fetchone()[0] == count
    finally:
        reader.close()
        writer.close()


def test_a_read_only_connection_cannot_join_a_writable_one_in_the_same_process(db_file):
    # The app opens the database read-only; a load in the app's own process would need the same
    # database instance opened writable, and DuckDB refuses to mix the two configurations.
    writer = duckdb.connect(str(db_file))
    try:
        with pytest.raises(duckdb.ConnectionException, match="different configuration"):
            duckdb.connect(str(db_file), read_only=True)
    finally:
        writer.close()


TRY_READ = """
import sys, duckdb
try:
    duckdb.connect(sys.argv[1], read_only=True).execute("SELECT count(*) FROM observations").fetchone()
    print("read")
except duckdb.IOException as error:
    print("refused:", error)
"""


def test_a_load_runs_while_another_process_reads_the_file(db_file, tmp_path, held_by_another_process, capsys):
    before = file_snapshot(db_file)
    held_by_another_process("read_only")  # as the Streamlit app's cached connection does
    assert main(["import", "indicators", str(long_csv(tmp_path)), "--db", str(db_file)]) == 0
    assert capsys.readouterr().out.startswith("loaded ")
    after = file_snapshot(db_file)  # a reader opened now sees the new file
    assert len(after[1]) == len(before[1]) + 1


def test_no_other_process_can_read_while_a_process_holds_the_file_writable(db_file, held_by_another_process):
    held_by_another_process("read_write")  # as `python -m lib import indicators` does for its whole run
    answer = subprocess.run(
        [sys.executable, "-c", TRY_READ, str(db_file)], capture_output=True, text=True, timeout=60
    ).stdout
    assert answer.startswith("refused:") and "Could not set lock on file" in answer


def test_a_locked_database_is_not_called_unreadable_nor_is_deleting_it_advised(
    db_file, tmp_path, held_by_another_process, capsys
):
    held_by_another_process("read_write")  # a program writing to the file itself, not through a staged load
    assert main(["import", "indicators", str(long_csv(tmp_path)), "--db", str(db_file)]) == 2
    err = capsys.readouterr().err
    assert "is in use by another program" in err
    assert "delete it" not in err and "could not be opened as a DuckDB database" not in err


# --- numerators and denominators (the pandera gate) ---------------------------------------------


def test_counts_that_cannot_be_right_are_problems_with_their_line_and_nothing_loads(con, tmp_path):
    path = write(
        tmp_path,
        "counts.csv",
        """Block Code,Indicator,Month,Value,Numerator,Denominator
5001,anc_first_trimester,2025-03,80,8,10
5002,anc_first_trimester,2025-03,80,-1,10
5003,anc_first_trimester,2025-03,80,8,0
5004,anc_first_trimester,2025-03,80,12,10
5005,anc_first_trimester,2025-03,80,abc,10
5006,anc_first_trimester,2025-03,80,,
""",
    )
    before = snapshot(con)
    prepared = prepare_indicators(con, path)
    assert rows_of(prepared.problems) == [
        (3, "Numerator", "-1.0", "a numerator cannot be negative"),
        (4, "Numerator", "", "the numerator is larger than the denominator"),  # 8 > 0 as well
        (4, "Denominator", "0.0", "a denominator must be above zero"),
        (5, "Numerator", "", "the numerator is larger than the denominator"),
        (6, "Numerator", "abc", "'abc' is not a number"),
    ]
    with pytest.raises(InputError):
        load_indicators(con, prepared)
    assert_unchanged(con, before)


# --- suggestions a person confirms ---------------------------------------------------------------

MISSPELT = (
    "State,District of Block,Block,Indicator,Month,Value\nState 1,District 101,Blok 1,anc_first_trimester,2025-03,82\n"
)


def test_a_misspelt_block_loads_only_once_its_suggestion_is_confirmed(con, tmp_path):
    path = write(tmp_path, "misspelt.csv", MISSPELT)
    prepared = prepare_indicators(con, path)
    assert prepared.observations.empty and prepared.unmatched_only
    reference = ("", "Blok 1", "State 1", "", "District 101", "")  # code, name, state, state code, district, code
    assert suggested_overrides(prepared) == {reference: "B5001"}
    confirmed = prepare_indicators(con, path, unit_overrides={reference: "B5001"})
    assert confirmed.problems.empty and ready(confirmed) == [("B5001", ANC, MAR, 82.0)]
    assert confirmed.units.matched_by.tolist() == ["confirmed"]


def test_a_confirmed_unit_that_does_not_exist_is_refused(con, tmp_path):
    path = write(tmp_path, "misspelt.csv", MISSPELT)
    with pytest.raises(ValueError, match="B9999.* not in the database"):
        prepare_indicators(con, path, unit_overrides={("", "Blok 1", "State 1", "", "District 101", ""): "B9999"})


def test_two_names_nearest_to_one_unit_are_not_both_accepted(con, tmp_path):
    path = write(
        tmp_path,
        "two.csv",
        "State,District of Block,Block,Indicator,Month,Value\n"
        "State 1,District 101,Blok 1,anc_first_trimester,2025-03,82\n"
        "State 1,District 101,Bloc 1,anc_first_trimester,2025-04,83\n"
        "State 1,District 102,Blok 2,anc_first_trimester,2025-03,70\n",
    )
    prepared = prepare_indicators(con, path)
    assert set(prepared.units.suggestion_id) == {"B5001", "B5002"}
    # 'Blok 1' and 'Bloc 1' both point at Block 1: neither is taken; 'Blok 2' alone points at Block 2
    assert suggested_overrides(prepared) == {("", "Blok 2", "State 1", "", "District 102", ""): "B5002"}


def test_a_semicolon_separated_file_is_read_like_a_comma_separated_one(con, tmp_path):
    path = write(tmp_path, "semi.csv", "Block Code;Indicator;Month;Value\n5001;anc_first_trimester;2025-03;80\n")
    assert ready(prepare_indicators(con, path)) == [("B5001", ANC, MAR, 80.0)]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        (
            "Block Code,Indicator,Month,Value\n5001,anc_first_trimester,2025-03,80,81,82\n",
            "6 cells but the header has 4",
        ),
    ],
)
def test_an_empty_or_ragged_csv_is_refused_saying_what_to_check(con, tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        prepare_indicators(con, write(tmp_path, "odd.csv", text))


def test_values_for_a_level_with_no_units_yet_say_to_load_boundaries_first(tmp_path):
    fresh = db.connect(":memory:")
    with pytest.raises(InputError, match="no districts yet.*import boundaries FILE --level district"):
        prepare_indicators(
            fresh, write(tmp_path, "d.csv", "District,Indicator,Month,Value\nGaya,anc,2025-03,80\n"), level="district"
        )


# --- implausible data (issue 13 item 6) ------------------------------------------------------------


def test_a_value_that_contradicts_its_own_counts_is_a_problem_and_rounding_is_not(con, tmp_path):
    path = write(
        tmp_path,
        "ratio.csv",
        """Block Code,Indicator,Month,Value,Numerator,Denominator
5001,anc_first_trimester,2025-03,67,2,3
5002,anc_first_trimester,2025-03,66.7,2,3
5003,anc_first_trimester,2025-03,80,50,100
5004,anc_first_trimester,2025-03,80,,
""",
    )
    before = snapshot(con)
    prepared = prepare_indicators(con, path)
    # 2 / 3 = 66.67 %: 67 and 66.7 are that number rounded; 80 is not 50 of 100
    assert rows_of(prepared.problems) == [
        (
            4,
            "Value",
            "80",
            "does not match its numerator and denominator (50 / 100 = 50.00); correct the value or the counts",
        )
    ]
    with pytest.raises(InputError, match="does not match its numerator"):
        load_indicators(con, prepared)
    assert_unchanged(con, before)


@pytest.mark.parametrize("period", ["2099-12", "1950-01", "2005-03"])
def test_a_period_outside_the_plausible_span_is_refused_with_its_line(con, tmp_path, period):
    path = write(
        tmp_path, "far.csv", f"Block Code,Indicator,Month,Value\n5001,{ANC},2025-03,80\n5002,{ANC},{period},81\n"
    )
    before = snapshot(con)
    prepared = prepare_indicators(con, path)
    assert [(line, column, value) for line, column, value, _ in rows_of(prepared.problems)] == [(3, "Month", period)]
    assert "dated outside 2005-04 to " in prepared.problems.problem.iloc[0]
    with pytest.raises(InputError):
        load_indicators(con, prepared)
    assert_unchanged(con, before)


def test_the_plausible_span_is_configurable(con, tmp_path, monkeypatch):
    path = write(tmp_path, "old.csv", f"Block Code,Indicator,Month,Value\n5001,{ANC},1998-03,80\n")
    assert len(prepare_indicators(con, path).problems) == 1
    monkeypatch.setenv("ABP_PERIOD_SPAN", "1990-01:2030-12")
    assert prepare_indicators(con, path).problems.empty
    monkeypatch.setenv("ABP_PERIOD_SPAN", "1990")
    with pytest.raises(ValueError, match="YYYY-MM:YYYY-MM"):
        prepare_indicators(con, path)


@pytest.mark.parametrize(
    "header", ["Block Code,Indicator,Month,Value,Value", "Block Code,Indicator,Month,Value,value "]
)
def test_a_column_name_given_twice_is_refused_not_dropped(con, tmp_path, header):
    path = write(tmp_path, "twice.csv", f"{header}\n5001,{ANC},2025-03,80,90\n")
    with pytest.raises(InputError, match="appears twice") as refused:
        prepare_indicators(con, path)
    assert refused.value.problems[0].row == 1 and refused.value.problems[0].column.strip().lower() == "value"


def test_a_header_without_rows_and_an_oversized_cell_are_problems_not_crashes(con, tmp_path):
    header_only = write(tmp_path, "header.csv", "Block Code,Indicator,Month,Value\n")
    with pytest.raises(InputError, match="header but no data rows"):
        prepare_indicators(con, header_only)
    huge = write(
        tmp_path,
        "huge.csv",
        f"Block Code,Indicator,Month,Value\n5001,{ANC},2025-03,80\n5002,{ANC},2025-03," + "9" * 140_000 + "\n",
    )
    with pytest.raises(InputError) as refused:
        prepare_indicators(con, huge)
    problem = refused.value.problems[0]
    assert (problem.row, problem.column) == (3, "Value") and "140,000 characters" in problem.message
