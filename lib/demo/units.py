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


def _settle(counts: pd.Series, lower: pd.Series, upper: pd.Series, target: int, order: pd.Index) -> pd.Series:
    """Move ``counts`` one unit at a time towards a sum of ``target``, within ``[lower, upper]``.

    Each step goes to the first state in ``order`` that has room, then the order rotates, so
    the changes spread across states instead of piling on one. Stops short of ``target``
    when no state has room left.
    """
    counts = counts.copy()
    while counts.sum() != target:
        step = 1 if counts.sum() < target else -1
        room = (counts < upper) if step > 0 else (counts > lower)
        candidates = [s for s in order if room[s]]
        if not candidates:
            break
        counts[candidates[0]] += step
        order = order[1:].append(order[:1])
    return counts


def _feasible_quota(quota: pd.Series, state_room: pd.Series) -> pd.Series:
    """Each state's quota, capped at the aspirational blocks its districts can hold.

    A state whose districts are too few or too small for its quota hands the shortfall to
    the states that still have room, one block at a time, largest quota first with the
    rotation of ``_settle``: the programme keeps its total and stays weighted towards the
    states with most ABP blocks. Quotas that fit are returned unchanged.

    Examples
    --------
    >>> _feasible_quota(pd.Series({"A": 5, "B": 3, "C": 2}), pd.Series({"A": 9, "B": 1, "C": 9})).to_dict()
    {'A': 6, 'B': 1, 'C': 3}
    """
    if quota.sum() > state_room.sum():
        raise ValueError(
            f"the districts can hold {state_room.sum()} aspirational blocks (each keeps one peer), "
            f"fewer than the {quota.sum()} asked for"
        )
    capped = np.minimum(quota, state_room)
    order = quota.sort_values(ascending=False).index
    return _settle(capped, pd.Series(0, index=quota.index), state_room, int(quota.sum()), order)


def _districts_needed(quota: pd.Series, per_district: pd.DataFrame) -> pd.Series:
    """The fewest districts of each state whose room holds its quota (its largest districts)."""
    needed = {}
    for state, blocks in quota.items():
        room = np.sort(per_district.room[per_district.state_code == state].to_numpy())[::-1]
        needed[state] = int(np.searchsorted(np.cumsum(room), blocks)) + 1 if blocks > 0 else 0
    return pd.Series(needed)


def _districts_per_state(block_quota: pd.Series, available: pd.Series, target: int, needed: pd.Series) -> pd.Series:
    """How many districts host aspirational blocks in each state, summing to ``target``.

    Roughly proportional to the state's quota, at least the ``needed`` to hold it and at
    most its quota or its number of districts.
    """
    upper = np.minimum(block_quota, available)
    counts = np.clip(np.rint(block_quota * target / block_quota.sum()), needed, upper).astype(int)
    order = block_quota.sort_values(ascending=False).index
    return _settle(counts, needed, upper, target, order)


def choose_aspirational(
    blocks: pd.DataFrame,
    rng: np.random.Generator,
    quota: dict[str, int] = ASPIRATIONAL_BY_STATE,
    target_districts: int = TARGET_DISTRICTS,
) -> np.ndarray:
    """Boolean mask over ``blocks`` marking the aspirational ones.

    Each chosen district keeps at least one non-aspirational block, so there
    are always peers in the same district. A state that cannot hold its quota
    that way passes the rest to other states (see ``_feasible_quota``), so the
    mask always marks ``sum(quota)`` blocks.
    """
    per_district = blocks.groupby("district_code").agg(
        state_code=("state_code", "first"), n_blocks=("block_code", "size")
    )
    # room: blocks a district can give while keeping one peer; a one-block district can host none
    hosts = per_district.assign(room=per_district.n_blocks - 1).query("room > 0")
    by_state = hosts.groupby("state_code").room
    quota_s = pd.Series(quota)
    quota_s = _feasible_quota(quota_s, by_state.sum().reindex(quota_s.index, fill_value=0))
    districts_s = _districts_per_state(
        quota_s,
        by_state.size().reindex(quota_s.index, fill_value=0),
        target_districts,
        _districts_needed(quota_s, hosts),
    )
    district_of_block = blocks.district_code.to_numpy()
    chosen = np.zeros(len(blocks), dtype=bool)
    for state, n_districts in districts_s[districts_s > 0].items():
        candidates = hosts[hosts.state_code == state]
        picked = _pick_districts(candidates, n_districts, quota_s[state], rng)
        allocation = _spread(quota_s[state], candidates.loc[picked, "room"].to_numpy(), rng)
        for district, n_asp in zip(picked, allocation, strict=True):
            rows = np.flatnonzero(district_of_block == district)
            chosen[rng.choice(rows, size=n_asp, replace=False)] = True
    return chosen


def _pick_districts(candidates: pd.DataFrame, count: int, quota: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` districts at random whose blocks (less one peer each) can hold ``quota``: redrawn a few
    times when small districts were drawn, else the largest (which hold it: ``count`` is at least
    ``_districts_needed``)."""
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
