"""Synthetic units table and the choice of 500 'aspirational' blocks.

The state allocation below is illustrative, weighted towards the states that
have most ABP blocks (UP, Bihar, MP, Jharkhand, Odisha, Rajasthan, Assam,
Chhattisgarh...). It covers 27 states and 4 UTs, like the programme; it is
not the official list and the chosen blocks are synthetic.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

# state LGD code -> number of aspirational blocks (sums to 500)
ASPIRATIONAL_BY_STATE = {
    "09": 68,
    "10": 61,
    "23": 42,
    "20": 34,
    "21": 29,
    "08": 27,
    "18": 26,
    "22": 21,
    "27": 20,
    "19": 20,
    "28": 16,
    "24": 14,
    "36": 14,
    "29": 14,
    "33": 12,
    "01": 10,
    "12": 8,
    "17": 8,
    "05": 8,
    "14": 6,
    "13": 6,
    "02": 5,
    "06": 5,
    "03": 5,
    "32": 6,
    "16": 4,
    "15": 4,
    "11": 2,
    "37": 2,
    "35": 2,
    "38": 1,
}
TARGET_DISTRICTS = 329


def _districts_per_state(block_quota: pd.Series, available: pd.Series, target: int) -> pd.Series:
    """How many districts host aspirational blocks in each state, summing to ``target``."""
    upper = np.minimum(block_quota, available)
    counts = np.clip(np.rint(block_quota * target / block_quota.sum()), 1, upper).astype(int)
    order = block_quota.sort_values(ascending=False).index
    while counts.sum() != target:
        step = 1 if counts.sum() < target else -1
        room = (counts < upper) if step > 0 else (counts > 1)
        candidates = [s for s in order if room[s]]
        if not candidates:
            break
        counts[candidates[0]] += step
        order = order[1:].append(order[:1])  # rotate so changes spread across states
    return counts


def choose_aspirational(
    blocks: pd.DataFrame,
    rng: np.random.Generator,
    quota: dict[str, int] = ASPIRATIONAL_BY_STATE,
    target_districts: int = TARGET_DISTRICTS,
) -> np.ndarray:
    """Boolean mask over ``blocks`` marking the aspirational ones.

    Each chosen district keeps at least one non-aspirational block, so there
    are always peers in the same district.
    """
    per_district = blocks.groupby("district_code").agg(
        state_code=("state_code", "first"), n_blocks=("block_code", "size")
    )
    quota_s = pd.Series(quota)
    capacity = per_district.assign(room=per_district.n_blocks - 1).groupby("state_code").room
    districts_s = _districts_per_state(quota_s, capacity.size().reindex(quota_s.index), target_districts)
    chosen = np.zeros(len(blocks), dtype=bool)
    for state, n_districts in districts_s.items():
        candidates = per_district[per_district.state_code == state]
        picked = _pick_districts(candidates, n_districts, quota_s[state], rng)
        allocation = _spread(quota_s[state], candidates.loc[picked, "n_blocks"].to_numpy() - 1, rng)
        for district, n_asp in zip(picked, allocation, strict=True):
            rows = np.flatnonzero(blocks.district_code.to_numpy() == district)
            chosen[rng.choice(rows, size=n_asp, replace=False)] = True
    return chosen


def _pick_districts(candidates: pd.DataFrame, count: int, quota: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` districts at random whose blocks (less one peer each) can hold ``quota``: redrawn a few
    times when small districts were drawn, else the largest."""
    for _ in range(20):
        picked = rng.choice(candidates.index.to_numpy(), size=count, replace=False)
        if (candidates.loc[picked, "n_blocks"] - 1).sum() >= quota:
            return picked
    return candidates.n_blocks.sort_values(ascending=False).index.to_numpy()[:count]


def _spread(total: int, room: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Give every district one block, then spread the rest at random within room."""
    allocation = np.ones(len(room), dtype=int)
    for _ in range(total - len(room)):
        open_ = np.flatnonzero(allocation < room)
        allocation[rng.choice(open_)] += 1
    return allocation


def units_table(districts: pd.DataFrame, blocks: gpd.GeoDataFrame, aspirational: np.ndarray) -> pd.DataFrame:
    """Rows for the ``units`` table: states, districts and blocks with prefixed ids."""
    states = districts.drop_duplicates("state_code")
    state_rows = pd.DataFrame(
        {
            "unit_id": "S" + states.state_code,
            "level": "state",
            "name": states.state_name,
            "lgd_code": states.state_code,
            "parent_id": None,
            "state_id": "S" + states.state_code,
            "district_id": None,
            "aspirational": False,
        }
    )
    district_rows = pd.DataFrame(
        {
            "unit_id": "D" + districts.district_code,
            "level": "district",
            "name": districts.district_name,
            "lgd_code": districts.district_code,
            "parent_id": "S" + districts.state_code,
            "state_id": "S" + districts.state_code,
            "district_id": "D" + districts.district_code,
            "aspirational": False,
        }
    )
    block_rows = pd.DataFrame(
        {
            "unit_id": "B" + blocks.block_code,
            "level": "block",
            "name": blocks.block_name,
            "lgd_code": blocks.block_code,
            "parent_id": "D" + blocks.district_code,
            "state_id": "S" + blocks.state_code,
            "district_id": "D" + blocks.district_code,
            "aspirational": aspirational,
        }
    )
    return pd.concat([state_rows, district_rows, block_rows], ignore_index=True)
