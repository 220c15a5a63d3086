"""Hand-built IndicatorMatrix objects for engine and peer tests (one definition, shared)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.scoring.matrix import IndicatorMatrix


def make_matrix(rows: dict, indicators, period: date, valid_max=None) -> IndicatorMatrix:
    """``rows``: unit id -> values in indicator order; ``indicators``: (id, group, lower is better) tuples.

    Every unit is in district D1 (Gaya), state S10 (Bihar); valid range 0-100 unless ``valid_max`` is given.
    """
    ids = list(rows)
    units = pd.DataFrame(
        {
            "unit_id": ids,
            "unit_name": [f"Block {u}" for u in ids],
            "lgd_code": ids,
            "district_id": "D1",
            "district": "Gaya",
            "state_id": "S10",
            "state": "Bihar",
        }
    )
    values = np.array(list(rows.values()), dtype=float)
    k = len(indicators)
    return IndicatorMatrix(
        period=period,
        units=units,
        indicator_ids=np.array([i for i, _, _ in indicators]),
        groups=np.array([g for _, g, _ in indicators]),
        lower_is_better=np.array([lo for _, _, lo in indicators]),
        valid_min=np.zeros(k),
        valid_max=np.full(k, 100.0) if valid_max is None else np.array(valid_max, dtype=float),
        values=values,
        age_months=np.where(np.isnan(values), np.nan, 0.0),
    )
