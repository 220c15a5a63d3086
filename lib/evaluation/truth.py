"""The true pilot effect in the synthetic demo, for tests and benchmarks only.

The demo records, per cohort, indicator and month since the start, the mean
effect its pilot blocks really received (after the soft cap). The estimand of
the ATT estimators is the average over the pilot block-months they use, so
the truth is that table averaged over the same block-months. Pages never show it.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd


def true_att(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, indicator_id: str) -> float:
    """Mean true effect over the pilot block-months from the start on in an evaluation panel.

    Cohorts or months without a planted effect count as zero. The demo plants
    effects on goodness, so for a lower-is-better indicator the reported value
    moves the other way.
    """
    effects = con.execute(
        "SELECT cohort_id, months_since_start AS rel, realised_att FROM demo_true_effects WHERE indicator_id = ?",
        [indicator_id],
    ).df()
    direction = con.execute("SELECT direction FROM indicators WHERE indicator_id = ?", [indicator_id]).fetchone()
    if direction is None:
        raise ValueError(f"unknown indicator {indicator_id!r}")
    treated = frame.loc[frame.treated_post == 1, ["cohort_id", "rel"]].astype({"rel": int})
    merged = treated.merge(effects.astype({"rel": int}), on=["cohort_id", "rel"], how="left")
    sign = 1.0 if direction[0] == "higher" else -1.0
    return float(sign * np.nan_to_num(merged.realised_att.to_numpy(dtype=float)).mean())
