"""Read-only queries shared by pages and the CLI. All SQL is parameterised."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib.db import get_meta
from lib.periods import window_start_sql

# Each indicator's as-of window at the period asked: see lib.periods.window_start.
_ASOF_SQL = f"""
WITH asked AS (SELECT CAST(? AS DATE) AS period),
windows AS (
    SELECT i.indicator_id, i.periodicity,
           {window_start_sql("i.periodicity", "a.period")} AS window_start,
           a.period
    FROM indicators i, asked a
)
SELECT o.unit_id, o.indicator_id, arg_max(o.value, o.period) AS value,
       max(o.period) AS value_period,
       date_diff('month', max(o.period), any_value(w.period)) AS age_months
FROM observations o
JOIN windows w ON o.indicator_id = w.indicator_id
JOIN units u ON u.unit_id = o.unit_id
WHERE o.period BETWEEN w.window_start AND w.period
  AND u.level = ? AND (u.aspirational OR NOT ?)
GROUP BY o.unit_id, o.indicator_id
"""


def analysis_level(con: duckdb.DuckDBPyConnection) -> str:
    """The level the dataset's values are at: ``block`` (ABP), or ``district`` for a district-level
    programme or survey (set by ``python -m lib import indicators --level district``)."""
    return get_meta(con).get("unit_level", "block")


def programme_flagged(con: duckdb.DuckDBPyConnection, level: str) -> bool:
    """Are some units of ``level`` flagged as the programme's (aspirational)? When none are (a survey
    loaded at district level), every unit of the level counts as in the programme."""
    return con.execute("SELECT count(*) > 0 FROM units WHERE level = ? AND aspirational", [level]).fetchone()[0]


def units_with_data(con: duckdb.DuckDBPyConnection, level: str | None = None) -> list[str]:
    """Units of ``level`` (any level when None) with at least one observation."""
    return [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT o.unit_id FROM observations o JOIN units u USING (unit_id) "
            "WHERE u.level = coalesce(?, u.level)",
            [level],
        ).fetchall()
    ]


def _programme(con: duckdb.DuckDBPyConnection) -> tuple[str, bool]:
    """(analysis level, whether every unit of it is in the programme)."""
    level = analysis_level(con)
    return level, not programme_flagged(con, level)


def catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The indicator catalogue as loaded."""
    return con.execute("SELECT * FROM indicators ORDER BY theme, score_group, indicator_id").df()


def units_not_in_register(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Districts and blocks a file added that the shipped register does not have (created after its
    snapshot): unit_id, level, name, lgd_code, district, state. Empty for databases made before the
    register (``in_register`` unknown) and for the demo's synthetic blocks (their names say so)."""
    synthetic = con.execute(
        "SELECT count(*) FROM dataset_meta WHERE key = 'dataset_kind' AND value = 'synthetic_demo'"
    ).fetchone()[0]
    return con.execute(
        "SELECT u.unit_id, u.level, u.name, u.lgd_code, d.name AS district, s.name AS state FROM units u "
        "LEFT JOIN units d ON d.unit_id = u.district_id AND u.level = 'block' JOIN units s ON s.unit_id = u.state_id "
        "WHERE u.in_register = FALSE AND u.level <> 'state' AND NOT (? AND u.level = 'block') "
        "ORDER BY u.level, s.name, u.name",
        [bool(synthetic)],
    ).df()


def periods(con: duckdb.DuckDBPyConnection) -> list[date]:
    """All periods that have at least one observation, oldest first."""
    return [row[0] for row in con.execute("SELECT DISTINCT period FROM observations ORDER BY period").fetchall()]


def loads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The load audit trail (one row per load), oldest first."""
    return con.execute("SELECT * FROM loads ORDER BY load_id").df()


def cohort_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Cohort id -> cohort name, for every cohort in the database."""
    return dict(con.execute("SELECT cohort_id, name FROM cohorts ORDER BY cohort_id").fetchall())


def cohort_starts(con: duckdb.DuckDBPyConnection, unit_id: str) -> list[date]:
    """Start months of the cohorts ``unit_id`` belongs to, earliest first (empty when it is in none)."""
    return [
        row[0]
        for row in con.execute(
            "SELECT c.start_period FROM cohorts c JOIN cohort_members m USING (cohort_id) WHERE m.unit_id = ? "
            "ORDER BY c.start_period, c.cohort_id",
            [unit_id],
        ).fetchall()
    ]


def monthly_reporting(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Share of aspirational blocks reporting monthly indicators, by period.

    ``received`` counts (block, monthly indicator) reports; ``expected`` is
    aspirational blocks x monthly indicators.
    """
    level, everyone = _programme(con)
    return con.execute(
        """
        WITH expected AS (
            SELECT $monitored * (SELECT count(*) FROM indicators WHERE periodicity = 'monthly') AS n
        )
        SELECT o.period, count(*) AS received, any_value(e.n) AS expected,
               count(*) / any_value(e.n) AS share
        FROM observations o
        JOIN indicators i USING (indicator_id)
        JOIN units u USING (unit_id)
        CROSS JOIN expected e
        WHERE i.periodicity = 'monthly' AND u.level = $level AND (u.aspirational OR $everyone)
        GROUP BY o.period ORDER BY o.period
    """,
        {"level": level, "everyone": everyone, "monitored": _monitored_counts(con)[0]},
    ).df()


def latest_complete_period(con: duckdb.DuckDBPyConnection, min_share: float = 0.75) -> date | None:
    """Latest period in which at least ``min_share`` of monthly reports are in.

    The newest month is usually incomplete (reporting lag); ranking on it
    would penalise blocks that simply have not reported yet.
    """
    reporting = monthly_reporting(con)
    complete = reporting[reporting.share >= min_share]
    return None if complete.empty else pd.Timestamp(complete.period.iloc[-1]).date()


# The units the programme monitors at the analysis level: the aspirational ones, or, when none of
# the level is flagged (a survey loaded at district level), every unit with an observation.
_MONITORED_SQL = """
    SELECT * FROM units WHERE level = $level AND (aspirational OR ($everyone AND unit_id IN (
        SELECT DISTINCT unit_id FROM observations WHERE $everyone)))
"""


def _monitored_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
    """(monitored units, their districts, their states, all units of the level). Monitored: the
    aspirational units, or, when none of the level is flagged, those with any observation."""
    level, everyone = _programme(con)
    return con.execute(
        f"""
        WITH monitored AS ({_MONITORED_SQL})
        SELECT count(*), count(DISTINCT district_id), count(DISTINCT state_id),
               (SELECT count(*) FROM units WHERE level = $level)
        FROM monitored
    """,
        {"level": level, "everyone": everyone},
    ).fetchone()


def dataset_summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Headline facts about what is loaded (counts, periods, kind of data)."""
    level, everyone = _programme(con)
    counts = _monitored_counts(con)
    first, last = con.execute("SELECT min(period), max(period) FROM observations").fetchone()
    meta = get_meta(con)
    return {
        "aspirational_blocks": counts[0],
        "districts": counts[1],
        "states": counts[2],
        "all_blocks": counts[3],
        "first_period": first,
        "last_period": last,
        "latest_complete_period": latest_complete_period(con),
        "indicators": con.execute("SELECT count(*) FROM indicators").fetchone()[0],
        "is_demo": meta.get("dataset_kind") == "synthetic_demo",
        "level": level,
        "programme_flagged": not everyone,
        "meta": meta,
    }


def asof_values(con: duckdb.DuckDBPyConnection, period: date, aspirational_only: bool = True) -> pd.DataFrame:
    """Each block's latest value of each indicator not older than its periodicity allows.

    Monthly indicators take the value for ``period`` itself; quarterly ones the
    latest in the calendar quarter up to ``period``; annual ones the latest in
    the financial year (April-March) up to ``period`` (the window is
    :func:`lib.periods.window_start`'s). ``age_months`` says how old the value is.
    """
    level, everyone = _programme(con)
    return con.execute(_ASOF_SQL, [period, level, aspirational_only and not everyone]).df()


def completeness(
    con: duckdb.DuckDBPyConnection, period: date, state_id: str | None = None, district_id: str | None = None
) -> float:
    """Share of (monitored unit, indicator) cells with an as-of value at ``period``, over the monitored
    units in ``district_id`` or ``state_id`` (all of them when neither is given)."""
    level, everyone = _programme(con)
    in_scope = con.execute(
        f"""
        SELECT unit_id FROM ({_MONITORED_SQL})
        WHERE ($state IS NULL OR state_id = $state) AND ($district IS NULL OR district_id = $district)
        """,
        {"level": level, "everyone": everyone, "state": state_id or None, "district": district_id or None},
    ).df()
    expected = len(in_scope) * con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    received = asof_values(con, period).unit_id.isin(in_scope.unit_id).sum()
    return float(received / expected) if expected else 0.0
