"""Read queries the pages use (moved out of lib/ui, issue 14 item 1), on a hand-written database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lib import db, queries

UNITS = [
    ("S1", "state", "State One", "1", None, "S1", None, False),
    ("D1", "district", "District One", "11", "S1", "S1", "D1", False),
    ("B1", "block", "Block 1", "901", "D1", "S1", "D1", True),
    ("B2", "block", "Block 2", "902", "D1", "S1", "D1", True),
    ("B3", "block", "Block 3", "903", "D1", "S1", "D1", False),
]


@pytest.fixture()
def con():
    con = db.connect(":memory:")
    con.executemany(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, "
        "aspirational) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        UNITS,
    )
    # B1 and the district D1 reported; B2 and B3 did not
    con.executemany(
        "INSERT INTO observations VALUES (?, 'm', CAST(? AS DATE), 1.0, NULL, NULL, 1)",
        [("B1", "2025-01-01"), ("B1", "2025-02-01"), ("D1", "2025-01-01")],
    )
    con.executemany(
        "INSERT INTO cohorts (cohort_id, name, start_period) VALUES (?, ?, CAST(? AS DATE))",
        [("late", "Round 2", "2025-07-01"), ("early", "Round 1", "2024-04-01")],
    )
    con.executemany("INSERT INTO cohort_members VALUES (?, ?)", [("late", "B1"), ("early", "B1"), ("late", "B2")])
    started = datetime(2025, 3, 1, 10, 0)
    con.executemany(
        "INSERT INTO loads (load_id, kind, source, rows_in, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(2, "cohorts", "c.csv", 3, started, started), (1, "observations", "v.csv", 3, started, started)],
    )
    yield con
    con.close()


def test_cohort_names_map_every_cohort_id_to_its_name(con):
    assert queries.cohort_names(con) == {"early": "Round 1", "late": "Round 2"}


def test_cohort_starts_are_the_blocks_cohorts_earliest_first(con):
    assert queries.cohort_starts(con, "B1") == [date(2024, 4, 1), date(2025, 7, 1)]
    assert queries.cohort_starts(con, "B2") == [date(2025, 7, 1)]
    assert queries.cohort_starts(con, "B3") == []


def test_loads_are_listed_oldest_first(con):
    table = queries.loads(con)
    assert table.load_id.tolist() == [1, 2]
    assert table.source.tolist() == ["v.csv", "c.csv"]


def test_units_with_data_at_one_level_or_any(con):
    assert sorted(queries.units_with_data(con, "block")) == ["B1"]
    assert sorted(queries.units_with_data(con, "district")) == ["D1"]
    assert sorted(queries.units_with_data(con)) == ["B1", "D1"]
