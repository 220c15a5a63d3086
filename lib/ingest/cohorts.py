"""Importing cohort lists (unit, cohort, start month) into the ``cohorts`` tables.

The file format and its checks are :func:`lib.evaluation.cohorts.parse_cohort_csv`'s.
A cohort in the file replaces the cohort of the same id in the database (its
start and its whole member list); other cohorts are left as they are.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from lib import db
from lib.evaluation.cohorts import parse_cohort_csv
from lib.scoring.matrix import block_units


def import_cohorts(con: duckdb.DuckDBPyConnection, path: str | Path, loaded_by: str | None = None) -> dict:
    """Load a cohort CSV in one transaction, or raise ``InputError`` listing every problem."""
    path = Path(path)
    sha256 = db.file_sha256(path)
    unchanged = db.unchanged_outcome(con, "cohorts", sha256, path.name)
    if unchanged is not None:
        return unchanged
    cohorts = parse_cohort_csv(path.read_bytes(), path.name, block_units(con))
    members = pd.DataFrame([(c.cohort_id, unit) for c in cohorts for unit in c.members],
                           columns=["cohort_id", "unit_id"])
    with db.audited_load(con, "cohorts", path.name, sha256, loaded_by) as record:
        ids = [c.cohort_id for c in cohorts]
        con.execute("DELETE FROM cohort_members WHERE list_contains(?, cohort_id)", [ids])
        con.execute("DELETE FROM cohorts WHERE list_contains(?, cohort_id)", [ids])
        for cohort in cohorts:
            con.execute("INSERT INTO cohorts VALUES (?, ?, ?, ?)",
                        [cohort.cohort_id, cohort.name, cohort.start, f"loaded from {path.name}"])
        con.register("members_in", members)
        con.execute("INSERT INTO cohort_members SELECT cohort_id, unit_id FROM members_in")
        con.unregister("members_in")
        record["rows_in"] = len(members)
        record["note"] = ", ".join(f"{c.name} ({len(c.members)})" for c in cohorts)
    return {"status": "loaded", "load_id": record["load_id"], "rows": len(members),
            "message": f"loaded {len(cohorts)} cohort(s), {len(members)} members, from {path.name}"}
