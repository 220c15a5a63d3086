"""As-of values, completeness and the latest complete period on a hand-written dataset."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from lib import db
from lib.evaluation.outcomes import score_panel
from lib.queries import asof_values, completeness, latest_complete_period, monthly_reporting

# One state, one district, three blocks: B1 and B2 aspirational, B3 not.
UNITS = [
    ("S1", "state", "State One", "1", None, "S1", None, False),
    ("D1", "district", "District One", "11", "S1", "S1", "D1", False),
    ("B1", "block", "District One Block 1", "901", "D1", "S1", "D1", True),
    ("B2", "block", "District One Block 2", "902", "D1", "S1", "D1", True),
    ("B3", "block", "District One Block 3", "903", "D1", "S1", "D1", False),
]
INDICATORS = [("m", "monthly"), ("q", "quarterly"), ("a", "annual")]
OBSERVATIONS = [
    # monthly m
    ("B1", "m", "2025-01", 10.0),
    ("B1", "m", "2025-02", 20.0),
    ("B2", "m", "2025-01", 30.0),  # B2 has not reported February
    ("B3", "m", "2025-02", 5.0),  # not aspirational
    ("D1", "m", "2025-02", 1.0),  # a district value: never a block's
    # quarterly q
    ("B1", "q", "2024-12", 40.0),  # Q4 2024
    ("B1", "q", "2025-01", 45.0),  # Q1 2025
    ("B1", "q", "2025-04", 99.0),  # Q2 2025: after the asked periods
    ("B2", "q", "2024-10", 50.0),  # Q4 2024 only
    # annual a (financial year April-March)
    ("B1", "a", "2024-04", 60.0),  # FY 2024-25
    ("B2", "a", "2024-03", 70.0),  # FY 2023-24
]


@pytest.fixture()
def con():
    con = db.connect(":memory:")
    con.executemany(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        UNITS,
    )
    for indicator_id, periodicity in INDICATORS:
        con.execute(
            "INSERT INTO indicators (indicator_id, name, short_name, theme, score_group, unit, direction, "
            "periodicity, valid_min, valid_max) VALUES (?, ?, ?, 'Health', 'health', '%', 'higher', ?, 0, 100)",
            [indicator_id, indicator_id, indicator_id, periodicity],
        )
    con.executemany("INSERT INTO observations VALUES (?, ?, CAST(? || '-01' AS DATE), ?, NULL, NULL, 1)", OBSERVATIONS)
    yield con
    con.close()


def _asof(con, period: str, aspirational_only: bool = True) -> dict:
    """{(unit, indicator): (value, 'YYYY-MM' of the value, age in months)}."""
    frame = asof_values(con, date.fromisoformat(period + "-01"), aspirational_only)
    return {
        (r.unit_id, r.indicator_id): (r.value, pd.Timestamp(r.value_period).strftime("%Y-%m"), r.age_months)
        for r in frame.itertuples()
    }


def test_asof_february_picks_each_periodicitys_window(con):
    assert _asof(con, "2025-02") == {
        ("B1", "m"): (20.0, "2025-02", 0),  # this month only
        ("B1", "q"): (45.0, "2025-01", 1),  # latest in Q1 2025, not December's 40
        ("B1", "a"): (60.0, "2024-04", 10),  # FY 2024-25 began 2024-04
        # B2: no Feb m, its q is from Q4 2024 and its a from FY 2023-24 -> nothing
    }


def test_monthly_value_is_never_carried_into_the_next_month(con):
    values = _asof(con, "2025-02")
    assert ("B2", "m") not in values
    assert _asof(con, "2025-01")[("B2", "m")] == (30.0, "2025-01", 0)


def test_quarterly_value_from_previous_quarter_is_not_used(con):
    # December 2024 is Q4; asked for January 2025 (Q1) B1 gets January's value
    assert _asof(con, "2025-01")[("B1", "q")] == (45.0, "2025-01", 0)
    # asked for December 2024, Q4 holds B1's 40 and B2's 50 (two months old)
    dec = _asof(con, "2024-12")
    assert dec[("B1", "q")] == (40.0, "2024-12", 0)
    assert dec[("B2", "q")] == (50.0, "2024-10", 2)


def test_quarterly_value_is_used_until_the_quarter_ends(con):
    assert _asof(con, "2025-03")[("B1", "q")] == (45.0, "2025-01", 2)
    # April starts Q2: the April value (not January's) applies
    assert _asof(con, "2025-04")[("B1", "q")] == (99.0, "2025-04", 0)


def test_future_values_are_never_used(con):
    values = _asof(con, "2025-03")
    assert all(period <= "2025-03" for _, period, _ in values.values())


def test_annual_value_spans_the_financial_year_april_to_march(con):
    assert _asof(con, "2025-03")[("B1", "a")] == (60.0, "2024-04", 11)
    assert ("B1", "a") not in _asof(con, "2025-04")  # a new financial year
    assert ("B2", "a") not in _asof(con, "2025-02")  # 2024-03 is FY 2023-24
    assert _asof(con, "2024-03")[("B2", "a")] == (70.0, "2024-03", 0)
    assert _asof(con, "2024-09")[("B1", "a")] == (60.0, "2024-04", 5)


def test_non_aspirational_blocks_only_when_asked(con):
    assert {u for u, _ in _asof(con, "2025-02")} == {"B1"}
    everyone = _asof(con, "2025-02", aspirational_only=False)
    assert everyone[("B3", "m")] == (5.0, "2025-02", 0)
    assert not any(u == "D1" for u, _ in everyone)  # districts are not blocks


def test_monthly_reporting_counts_aspirational_blocks_only(con):
    reporting = monthly_reporting(con)
    got = {pd.Timestamp(r.period).strftime("%Y-%m"): (r.received, r.expected, r.share) for r in reporting.itertuples()}
    # expected = 2 aspirational blocks x 1 monthly indicator
    assert got == {"2025-01": (2, 2, 1.0), "2025-02": (1, 2, 0.5)}


def test_latest_complete_period_skips_a_half_reported_month(con):
    assert latest_complete_period(con) == date(2025, 1, 1)  # Feb is 1/2 < 0.75
    assert latest_complete_period(con, min_share=0.5) == date(2025, 2, 1)
    assert latest_complete_period(con, min_share=1.01) is None


def test_latest_complete_period_of_empty_database_is_none():
    assert latest_complete_period(db.connect(":memory:")) is None


def test_completeness_counts_cells_with_an_asof_value(con):
    # expected cells = 2 aspirational blocks x 3 indicators = 6
    # 2025-02: B1 has m, q, a; B2 none -> 3/6
    assert completeness(con, date(2025, 2, 1)) == pytest.approx(3 / 6)
    # 2025-01: B1 m, q, a; B2 m only (q is last quarter's, a last year's) -> 4/6
    assert completeness(con, date(2025, 1, 1)) == pytest.approx(4 / 6)
    # 2024-12: B1 q, a; B2 q -> 3/6
    assert completeness(con, date(2024, 12, 1)) == pytest.approx(3 / 6)


def test_completeness_without_blocks_is_zero():
    assert completeness(db.connect(":memory:"), date(2025, 1, 1)) == 0.0


# ---------------------------------------------------------------- ranking and evaluation agree

OFF_SCHEDULE = [
    # quarterly, health: dated February (Q1) and July (Q3, on schedule)
    ("B1", "q", "2024-02", 40.0),
    ("B1", "q", "2024-07", 70.0),
    # annual, nutrition: dated June 2023, which is in FY 2023-24 (April 2023 - March 2024)
    ("B1", "a", "2023-06", 60.0),
]
# By hand, January-September 2024 (None: no value). The evaluation used to carry a value a fixed
# 2 (quarterly) or 11 (annual) months from its date: February's 40 into April, June 2023's 60
# into April and May 2024, where the ranking has no value.
EXPECTED_Q = [None, 40.0, 40.0, None, None, None, 70.0, 70.0, 70.0]
EXPECTED_A = [60.0, 60.0, 60.0, None, None, None, None, None, None]


def _off_schedule_database():
    con = db.connect(":memory:")
    con.executemany(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        UNITS,
    )
    for indicator_id, group, periodicity in (("q", "health", "quarterly"), ("a", "nutrition", "annual")):
        con.execute(  # valid range 0-100, higher is better: the evaluation's fixed scale is the value itself
            "INSERT INTO indicators (indicator_id, name, short_name, theme, score_group, unit, direction, "
            "periodicity, valid_min, valid_max) VALUES (?, ?, ?, 'Theme', ?, '%', 'higher', ?, 0, 100)",
            [indicator_id, indicator_id, indicator_id, group, periodicity],
        )
    con.executemany("INSERT INTO observations VALUES (?, ?, CAST(? || '-01' AS DATE), ?, NULL, NULL, 1)", OFF_SCHEDULE)
    return con


def test_values_dated_off_schedule_serve_the_same_months_in_ranking_and_evaluation():
    con = _off_schedule_database()
    try:
        months = pd.date_range("2024-01-01", "2024-09-01", freq="MS")
        ranking = {
            (m, ind): asof.get(("B1", ind), (None,))[0]
            for m in months
            for asof in [_asof(con, m.strftime("%Y-%m"))]
            for ind in ("q", "a")
        }
        scores = score_panel(con, ["B1"], months[0].date(), months[-1].date()).set_index("period")
    finally:
        con.close()
    evaluation_q = [None if np.isnan(v) else v for v in scores.health]
    evaluation_a = [None if np.isnan(v) else v for v in scores.nutrition]
    assert [ranking[(m, "q")] for m in months] == EXPECTED_Q == evaluation_q
    assert [ranking[(m, "a")] for m in months] == EXPECTED_A == evaluation_a


def test_completeness_follows_the_state_and_district_filter(con):
    con.execute(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) VALUES "
        "('S2', 'state', 'State Two', '2', NULL, 'S2', NULL, false), "
        "('D2', 'district', 'District Two', '22', 'S2', 'S2', 'D2', false), "
        "('B4', 'block', 'Block Four', '104', 'D2', 'S2', 'D2', true)"
    )
    con.execute("INSERT INTO observations VALUES ('B4', 'm', DATE '2025-01-01', 50.0, NULL, NULL, 1)")
    # 2025-01: B1 m, q, a; B2 m; B4 m. Expected cells: 3 blocks x 3 indicators.
    assert completeness(con, date(2025, 1, 1)) == pytest.approx(5 / 9)
    assert completeness(con, date(2025, 1, 1), state_id="S1") == pytest.approx(4 / 6)
    assert completeness(con, date(2025, 1, 1), state_id="S2") == pytest.approx(1 / 3)
    assert completeness(con, date(2025, 1, 1), state_id="S1", district_id="D1") == pytest.approx(4 / 6)
    assert completeness(con, date(2025, 1, 1), district_id="D2") == pytest.approx(1 / 3)
    assert completeness(con, date(2025, 1, 1), state_id="S3") == 0.0  # nobody there
