"""Importing an edited indicator catalogue: checked, audited, and safe for the values already loaded.

The file format and its row checks are :mod:`lib.catalogue`'s. On top of
those, a new catalogue may not drop an indicator that has values in the
database (they would no longer be scored or shown), and loading the same
file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from lib import db
from lib.catalogue import INSERT_SQL, read_catalogue
from lib.errors import InputError, Problem


def import_catalogue(con: duckdb.DuckDBPyConnection, path: str | Path, loaded_by: str | None = None) -> dict:
    """Replace the indicator catalogue with a checked file, in one transaction.

    Raises :class:`lib.errors.InputError` with every problem found: the
    file's own (see :func:`lib.catalogue.read_catalogue`) and indicators it
    leaves out that still have values loaded.
    """
    path = Path(path)
    catalogue = read_catalogue(path)
    sha256 = db.file_sha256(path)
    unchanged = db.unchanged_outcome(con, "catalogue", sha256, path.name)
    if unchanged is not None:
        return unchanged
    in_use = con.execute(
        "SELECT indicator_id, count(*) FROM observations WHERE NOT list_contains(?, indicator_id) "
        "GROUP BY indicator_id ORDER BY indicator_id",
        [catalogue.indicator_id.tolist()],
    ).fetchall()
    if in_use:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    "indicator_id",
                    f"'{indicator}' is missing from the file but "
                    f"{count:,} values of it are loaded; keep its row (you may change its theme, "
                    "direction or names)",
                )
                for indicator, count in in_use
            ]
        )
    outside = _values_outside_ranges(con, catalogue)
    if outside:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    "valid_min/valid_max",
                    f"'{indicator}': {count:,} loaded values "
                    f"lie outside the new valid range {low} to {high} (they run from {vmin:g} to "
                    f"{vmax:g}); widen the range, or correct the values first",
                )
                for indicator, count, low, high, vmin, vmax in outside
            ]
        )
    with db.audited_load(con, "catalogue", path.name, sha256, loaded_by) as record:
        con.execute("DELETE FROM indicators")
        con.register("catalogue_in", catalogue)
        con.execute(INSERT_SQL)
        con.unregister("catalogue_in")
        record["rows_in"] = len(catalogue)
    return {
        "status": "loaded",
        "load_id": record["load_id"],
        "rows": len(catalogue),
        "message": f"loaded {len(catalogue)} indicators from {path.name}",
    }


def _values_outside_ranges(con: duckdb.DuckDBPyConnection, catalogue) -> list[tuple]:
    """(indicator, count, new min, new max, lowest, highest) for loaded values a new valid range would exclude
    that the current one allows (values already outside, such as the demo's planted errors, are the data
    quality checks' business, not a reason to refuse a catalogue)."""
    ranges = (
        catalogue[["indicator_id", "valid_min", "valid_max"]]
        .astype(object)
        .where(catalogue[["indicator_id", "valid_min", "valid_max"]].notna(), None)
    )
    con.register("ranges_in", ranges)
    try:
        return con.execute(
            "SELECT o.indicator_id, count(*), r.valid_min, r.valid_max, min(o.value), max(o.value) FROM observations o "
            "JOIN ranges_in r USING (indicator_id) LEFT JOIN indicators i USING (indicator_id) "
            "WHERE (o.value < r.valid_min OR o.value > r.valid_max) "
            "AND NOT coalesce(o.value < i.valid_min OR o.value > i.valid_max, FALSE) GROUP BY ALL ORDER BY 1"
        ).fetchall()
    finally:
        con.unregister("ranges_in")
