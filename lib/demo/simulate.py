"""A reduced demo in memory, for simulation studies of the pilot estimators.

It runs the demo's own series, pilot selection, effects and reporting code
(:mod:`lib.demo.series`, :mod:`lib.demo.observations`) on a few hundred
blocks without boundaries, and loads the result into an in-memory DuckDB with
the full schema, so the evaluation code reads it exactly as it reads the
demo database. Planted data-entry errors are left out: they are for the
quality checks, not the estimators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib import db
from lib.catalogue import read_catalogue
from lib.config import CATALOGUE_CSV
from lib.demo.build import FIRST_MONTH, LAST_MONTH, load_cohorts, load_observations, load_truth, load_units
from lib.demo.observations import observation_frame
from lib.demo.profiles import PILOT_COHORTS
from lib.demo.series import choose_pilots, draw_latent, true_effects
from lib.demo.units import units_table
from lib.ingest.catalogue import import_catalogue
from lib.periods import month_range


def synthetic_units(n_blocks: int, n_states: int, districts_per_state: int = 4) -> pd.DataFrame:
    """States, districts and ``n_blocks`` aspirational blocks spread evenly over them.

    Examples
    --------
    >>> units = synthetic_units(10, 2)
    >>> units.groupby("level").size().to_dict()
    {'block': 10, 'district': 8, 'state': 2}
    """
    district_count = n_states * districts_per_state
    districts = pd.DataFrame(
        {
            "state_code": [str(1 + d // districts_per_state) for d in range(district_count)],
            "district_code": [str(101 + d) for d in range(district_count)],
        }
    )
    districts["state_name"] = "State " + districts.state_code
    districts["district_name"] = "District " + districts.district_code
    home = np.arange(n_blocks) % district_count
    blocks = pd.DataFrame(
        {
            "block_code": [str(5001 + b) for b in range(n_blocks)],
            "block_name": [f"Block {b + 1}" for b in range(n_blocks)],
            "district_code": districts.district_code.to_numpy()[home],
            "state_code": districts.state_code.to_numpy()[home],
        }
    )
    return units_table(districts, blocks, np.ones(n_blocks, dtype=bool))


def small_demo(seed: int, n_blocks: int = 300, n_states: int = 6):
    """An in-memory DuckDB holding a reduced demo: ``n_blocks`` blocks, all aspirational,
    the full catalogue, monthly series from the demo's first to last month, both
    pilot cohorts and the true effects.

    The caller closes the returned connection.
    """
    needed = sum(size for _id, _name, _start, size, _effects in PILOT_COHORTS)
    if n_blocks < needed + 20:
        raise ValueError(
            f"n_blocks must be at least {needed + 20}: the pilot cohorts take {needed} blocks "
            "and the comparison needs some left"
        )
    series_rng, reporting_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    con = db.connect(":memory:")
    import_catalogue(con, CATALOGUE_CSV)
    units = synthetic_units(n_blocks, n_states)
    load_units(con, units)
    blocks = units[units.level == "block"].reset_index(drop=True)
    latent = draw_latent(blocks, month_range(FIRST_MONTH, LAST_MONTH), series_rng)
    pilots = choose_pilots(latent, series_rng)
    observations = observation_frame(
        latent, pilots, read_catalogue(CATALOGUE_CSV), np.ones(len(blocks), dtype=bool), reporting_rng
    )
    load_observations(con, observations)
    load_cohorts(con, latent, pilots)
    load_truth(
        con,
        true_effects(latent, pilots),
        pd.DataFrame({"unit_id": [], "indicator_id": [], "period": pd.to_datetime([]), "kind": [], "clean_value": []}),
    )
    db.set_meta(
        con,
        {
            "dataset_kind": "synthetic_demo",
            "scale": "simulation",
            "seed": seed,
            "first_period": FIRST_MONTH,
            "last_period": LAST_MONTH,
        },
    )
    return con
