"""Importing cohort lists (unit, cohort, start month) into the ``cohorts`` tables.

The file format and its checks are :func:`lib.ingest.cohort_csv.parse_cohort_csv`'s.
A cohort in the file replaces the cohort of the same id in the database (its
start and its whole member list); other cohorts are left as they are. A name that
only maps to an existing cohort's id ("JICA Phase 1!" and "JICA Phase 1" share
the id ``jica_phase_1``) is refused unless the replacement is explicit, so a
typo cannot swap a 40-block cohort for a one-block list.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from lib import db
from lib.errors import InputError, Problem
from lib.evaluation.spec import Cohort
from lib.ingest.cohort_csv import parse_cohort_csv
from lib.scoring.matrix import block_units


def read_cohort_file(
    con: duckdb.DuckDBPyConnection, path: str | Path, replace_renamed: bool = False
) -> tuple[Cohort, ...]:
    """The cohorts in a cohort CSV, checked against the database's blocks and cohorts.

    Raises ``InputError`` listing every problem, including a cohort whose name differs from the
    existing cohort with the same id, unless ``replace_renamed`` (the user said to replace it).
    """
    path = Path(path)
    cohorts = parse_cohort_csv(path.read_bytes(), path.name, block_units(con))
    if not replace_renamed:
        clashes = renamed_cohort_problems(con, cohorts, path.name)
        if clashes:
            raise InputError(clashes)
    return cohorts


def renamed_cohort_problems(con: duckdb.DuckDBPyConnection, cohorts: tuple[Cohort, ...], source: str) -> list[Problem]:
    """One problem per cohort in the file that would replace an existing cohort spelled differently."""
    existing = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT c.cohort_id, c.name, count(m.unit_id) FROM cohorts c "
            "LEFT JOIN cohort_members m USING (cohort_id) GROUP BY c.cohort_id, c.name"
        ).fetchall()
    }
    problems = []
    for cohort in cohorts:
        if cohort.cohort_id in existing and existing[cohort.cohort_id][0] != cohort.name:
            name, size = existing[cohort.cohort_id]
            problems.append(
                Problem(
                    source,
                    None,
                    "cohort",
                    (
                        f"'{cohort.name}' ({len(cohort.members)} blocks) would replace the existing cohort '{name}' "
                        f"({size} blocks), which has the same id ({cohort.cohort_id}); to replace it, write its name "
                        f"exactly as '{name}' or say so explicitly (--replace-renamed; on the Data admin page, tick "
                        "'Replace cohorts of the same id'); otherwise give the new cohort a distinct name"
                    ),
                )
            )
    return problems


def import_cohorts(
    con: duckdb.DuckDBPyConnection, path: str | Path, loaded_by: str | None = None, replace_renamed: bool = False
) -> dict:
    """Load a cohort CSV in one transaction, or raise ``InputError`` listing every problem
    (see :func:`read_cohort_file`)."""
    path = Path(path)
    sha256 = db.file_sha256(path)
    unchanged = db.unchanged_outcome(con, "cohorts", sha256, path.name)
    if unchanged is not None:
        return unchanged
    cohorts = read_cohort_file(con, path, replace_renamed)
    members = pd.DataFrame(
        [(c.cohort_id, unit) for c in cohorts for unit in c.members], columns=["cohort_id", "unit_id"]
    )
    with db.audited_load(con, "cohorts", path.name, sha256, loaded_by) as record:
        ids = [c.cohort_id for c in cohorts]
        con.execute("DELETE FROM cohort_members WHERE list_contains(?, cohort_id)", [ids])
        con.execute("DELETE FROM cohorts WHERE list_contains(?, cohort_id)", [ids])
        for cohort in cohorts:
            con.execute(
                "INSERT INTO cohorts VALUES (?, ?, ?, ?)",
                [cohort.cohort_id, cohort.name, cohort.start, f"loaded from {path.name}"],
            )
        con.register("members_in", members)
        con.execute("INSERT INTO cohort_members SELECT cohort_id, unit_id FROM members_in")
        con.unregister("members_in")
        record["rows_in"] = len(members)
        record["note"] = ", ".join(f"{c.name} ({len(c.members)})" for c in cohorts)
    return {
        "status": "loaded",
        "load_id": record["load_id"],
        "rows": len(members),
        "message": f"loaded {len(cohorts)} cohort(s), {len(members)} members, from {path.name}",
    }
