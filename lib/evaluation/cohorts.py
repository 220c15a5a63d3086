"""Pilot cohorts: from the database, or from a list of blocks chosen on the page.

Cohort files (CSV uploads and imports) are read by :mod:`lib.ingest.cohort_csv`.
"""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pandas as pd

from lib.evaluation.spec import Cohort
from lib.periods import parse_period


def database_cohorts(con: duckdb.DuckDBPyConnection) -> list[Cohort]:
    """Every cohort in the database with its member blocks, earliest start first."""
    rows = con.execute(
        "SELECT c.cohort_id, c.name, c.start_period, list(m.unit_id ORDER BY m.unit_id) "
        "FROM cohorts c JOIN cohort_members m USING (cohort_id) "
        "GROUP BY ALL ORDER BY c.start_period, c.cohort_id"
    ).fetchall()
    return [Cohort(cohort_id, name, start, tuple(members)) for cohort_id, name, start, members in rows]


def find_cohorts(con: duckdb.DuckDBPyConnection, wanted: list[str]) -> tuple[Cohort, ...]:
    """Database cohorts by id or name (case-insensitive), in the order asked.

    Raises ``ValueError`` naming the cohorts that exist when one is not found.
    """
    available = database_cohorts(con)
    by_key = {c.cohort_id.lower(): c for c in available} | {c.name.lower(): c for c in available}
    missing = [w for w in wanted if w.strip().lower() not in by_key]
    if missing:
        names = "; ".join(f"{c.cohort_id} ({c.name}, {len(c.members)} blocks)" for c in available) or "none"
        raise ValueError(f"no cohort called {', '.join(map(repr, missing))}. Cohorts in the database: {names}")
    chosen = [by_key[w.strip().lower()] for w in wanted]
    return tuple(dict.fromkeys(chosen))


def slug(name: str) -> str:
    """A cohort id from a name.

    Examples
    --------
    >>> slug("District pilots: Round 2")
    'district_pilots_round_2'
    """
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_") or "cohort"


def cohort_from_blocks(name: str, start: str | date, block_ids, blocks: pd.DataFrame) -> Cohort:
    """A cohort defined on the page from chosen blocks. ``blocks`` has ``unit_id``."""
    if not str(name).strip():
        raise ValueError("give the cohort a name")
    chosen = list(dict.fromkeys(block_ids))
    if not chosen:
        raise ValueError("choose at least one block for the cohort")
    unknown = sorted(set(chosen) - set(blocks.unit_id))
    if unknown:
        raise ValueError(f"unknown block id(s): {', '.join(unknown[:10])}")
    start_date = start if isinstance(start, date) else parse_period(start)
    return Cohort(slug(name), str(name).strip(), start_date, tuple(sorted(chosen)))


def overlapping_members(cohorts: tuple[Cohort, ...]) -> list[str]:
    """Blocks that are in more than one of the chosen cohorts (each block may start once)."""
    seen, clashes = set(), set()
    for cohort in cohorts:
        clashes |= seen & set(cohort.members)
        seen |= set(cohort.members)
    return sorted(clashes)
