"""Peer comparison: who a block is compared with, where it stands, and what would move it.

Peer groups are lists of ``unit_id`` (never the block itself). Positions compare
the block with its peers indicator by indicator. What would move the block's rank
(marginal gains, the next rank band, a plan checked by re-ranking) is in
:mod:`lib.rank_advice`.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.normalise import clip_to_valid
from lib.scoring.params import GROUPS

PEER_GROUPS = {
    "district": "Same district",
    "state": "Same state",
    "similar": "Similar starting point (10 nearest by baseline theme scores)",
    "neighbours": "Neighbouring blocks",
    "cohort": "Same cohort",
    "custom": "Hand-picked",
}
SIMILAR_START_POINTS = 10.0  # a peer started alike when its baseline was within this many points
DISTANCE_DECIMALS = 9  # distances equal on paper tie despite float rounding (as ranks do)
POSITION_COLUMNS = [
    "indicator_id",
    "short_name",
    "block_value",
    "peer_min",
    "peer_median",
    "peer_max",
    "peers_with_value",
    "percentile",
    "learn_from_id",
    "learn_from_name",
    "learn_from_gain",
]


# ---------------------------------------------------------------- peer groups


def _require(frame: pd.DataFrame, columns: set[str], what: str) -> None:
    missing = columns - set(frame.columns)
    if missing:
        raise ValueError(
            f"{what} lacks column(s) {', '.join(sorted(missing))}; it has {', '.join(map(str, frame.columns))}"
        )


def _block_row(units: pd.DataFrame, block_id: str) -> pd.Series:
    _require(
        units,
        {"unit_id", "district_id", "state_id", "aspirational", "cohorts"},
        "units table (expected lib.scoring.matrix.analysis_units output)",
    )
    match = units[units.unit_id == block_id]
    if match.empty:
        raise ValueError(f"block {block_id!r} is not in the units table ({len(units)} blocks)")
    return match.iloc[0]


def _aspirational_peers(units: pd.DataFrame, block_id: str, mask: pd.Series) -> list[str]:
    chosen = mask & units.aspirational.astype(bool) & (units.unit_id != block_id)
    return sorted(units.unit_id[chosen])


def same_district(units: pd.DataFrame, block_id: str) -> list[str]:
    """Aspirational blocks in the block's district.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "district_id": ["D1", "D1", "D2"],
    ...                       "state_id": "S1", "aspirational": True, "cohorts": [[]] * 3})
    >>> same_district(units, "B1")
    ['B2']
    """
    block = _block_row(units, block_id)
    return _aspirational_peers(units, block_id, units.district_id == block.district_id)


def same_state(units: pd.DataFrame, block_id: str) -> list[str]:
    """Aspirational blocks in the block's state.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "district_id": ["D1", "D1", "D2"],
    ...                       "state_id": "S1", "aspirational": [True, False, True], "cohorts": [[]] * 3})
    >>> same_state(units, "B1")  # B2 is not aspirational
    ['B3']
    """
    block = _block_row(units, block_id)
    return _aspirational_peers(units, block_id, units.state_id == block.state_id)


def same_cohort(units: pd.DataFrame, block_id: str) -> list[str]:
    """Aspirational blocks sharing at least one cohort with the block (none if it has no cohort).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "district_id": "D1", "state_id": "S1",
    ...                       "aspirational": True, "cohorts": [["jica"], ["jica", "x"], []]})
    >>> same_cohort(units, "B1"), same_cohort(units, "B3")
    (['B2'], [])
    """
    cohorts = set(_block_row(units, block_id).cohorts)
    shares = units.cohorts.apply(lambda theirs: bool(cohorts.intersection(theirs)))
    return _aspirational_peers(units, block_id, shares)


def similar_start(baseline_table: pd.DataFrame, block_id: str, k: int = 10) -> list[str]:
    """The ``k`` ranked blocks nearest to the block by Euclidean distance over baseline theme scores.

    Rows with a missing theme score are skipped (a theme nobody has, e.g. one
    weighted 0, is left out of the distance). Ties are broken by ``unit_id``.
    A block without a full set of theme scores has no similar peers.

    Examples
    --------
    >>> table = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "rank": [1, 2, 3],
    ...                       **{f"{g}_score": [50.0, 52.0, 90.0] for g in GROUPS}})
    >>> similar_start(table, "B1", k=1)
    ['B2']
    """
    columns = [f"{g}_score" for g in GROUPS]
    _require(baseline_table, set(columns) | {"unit_id"}, "baseline table (expected a ranking table)")
    if k < 1:
        raise ValueError(f"k must be 1 or more, got {k}")
    if not (baseline_table.unit_id == block_id).any():
        raise ValueError(f"block {block_id!r} is not in the baseline ranking table")
    table = baseline_table[baseline_table["rank"].notna()] if "rank" in baseline_table else baseline_table
    columns = [c for c in columns if table[c].notna().any()]
    table = table.dropna(subset=columns)
    own = table[table.unit_id == block_id]
    if own.empty or not columns:
        return []
    others = table[table.unit_id != block_id]
    scores = others[columns].to_numpy(dtype=float)
    distance = np.sqrt(((scores - own[columns].to_numpy(dtype=float)) ** 2).sum(axis=1))
    order = pd.DataFrame({"unit_id": others.unit_id.to_numpy(), "distance": np.round(distance, DISTANCE_DECIMALS)})
    return order.sort_values(["distance", "unit_id"]).unit_id.head(k).tolist()


def neighbours(block_geometries: gpd.GeoDataFrame, block_id: str) -> list[str]:
    """Blocks sharing a stretch of border (not just a point) with the block.

    A candidate is a neighbour when the block's outline runs for a positive
    length along or inside the candidate's polygon. On a clean coverage this is
    exactly a boundary intersection of positive length; it also keeps blocks
    whose outlines overlap slightly, as real district outlines often do.

    Examples
    --------
    >>> squares = gpd.GeoDataFrame({"unit_id": ["A", "B", "C"]}, geometry=[
    ...     shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 1, 3, 2)])
    >>> neighbours(squares, "B")  # C touches B at a corner only
    ['A']
    """
    _require(block_geometries, {"unit_id", "geometry"}, "block geometries")
    geometries = np.asarray(block_geometries.geometry.values)
    ids = block_geometries.unit_id.to_numpy()
    position = np.flatnonzero(ids == block_id)
    if len(position) == 0:
        raise ValueError(f"block {block_id!r} has no outline among the {len(ids)} block geometries")
    own = geometries[position[0]]
    candidates = shapely.STRtree(geometries).query(own, predicate="intersects")
    candidates = candidates[ids[candidates] != block_id]
    shared = shapely.length(shapely.intersection(shapely.boundary(own), geometries[candidates]))
    return sorted(ids[candidates[shared > 0]].tolist())


PEER_INPUTS = {"similar": "baseline_table", "neighbours": "geometries"}  # needed beyond the units table


def peer_group(
    group: str,
    units: pd.DataFrame,
    block_id: str,
    *,
    baseline_table: pd.DataFrame | None = None,
    geometries: gpd.GeoDataFrame | None = None,
    hand_picked=(),
) -> list[str]:
    """The block's peers in ``group`` (a key of :data:`PEER_GROUPS`), never the block itself.

    ``similar`` needs ``baseline_table`` (a ranking table at the baseline, see :func:`similar_start`);
    ``neighbours`` needs ``geometries`` (the units' outlines) and keeps aspirational neighbours;
    ``custom`` is ``hand_picked`` in the order given.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "district_id": ["D1", "D1", "D2"],
    ...                       "state_id": "S1", "aspirational": True, "cohorts": [[]] * 3})
    >>> peer_group("district", units, "B1"), peer_group("custom", units, "B1", hand_picked=("B3", "B1"))
    (['B2'], ['B3'])
    """
    if group not in PEER_GROUPS:
        raise ValueError(f"peer group {group!r} is not one of: {', '.join(PEER_GROUPS)}")
    given = {"baseline_table": baseline_table, "geometries": geometries}
    if group in PEER_INPUTS and given[PEER_INPUTS[group]] is None:
        raise ValueError(f"the {group!r} peer group needs {PEER_INPUTS[group]}; none was given")
    if group == "similar":
        return similar_start(baseline_table, block_id)
    if group == "neighbours":
        aspirational = set(units.unit_id[units.aspirational.astype(bool)])
        return [b for b in neighbours(geometries, block_id) if b in aspirational]
    if group == "custom":
        return [b for b in hand_picked if b != block_id]
    return {"district": same_district, "state": same_state, "cohort": same_cohort}[group](units, block_id)


# ------------------------------------------------------------- peer positions


def row_of(matrix: IndicatorMatrix, block_id: str) -> int:
    rows = np.flatnonzero(matrix.unit_ids == block_id)
    if len(rows) == 0:
        raise ValueError(f"block {block_id!r} is not among the matrix's {len(matrix.unit_ids)} units; check the scope")
    return int(rows[0])


def clipped_values(matrix: IndicatorMatrix) -> np.ndarray:
    return clip_to_valid(matrix.values, matrix.valid_min, matrix.valid_max)


def _aligned_baseline(baseline: IndicatorMatrix, matrix: IndicatorMatrix) -> np.ndarray:
    """Baseline values on the current matrix's rows and columns (NaN where absent), clipped."""
    rows = pd.Index(baseline.unit_ids).get_indexer(matrix.unit_ids)
    columns = pd.Index(baseline.indicator_ids).get_indexer(matrix.indicator_ids)
    padded = np.pad(baseline.values.astype(float), ((0, 1), (0, 1)), constant_values=np.nan)
    return clip_to_valid(padded[np.ix_(rows, columns)], matrix.valid_min, matrix.valid_max)  # -1 hits the NaN pad


def percentile_among(block: np.ndarray, peers: np.ndarray, lower_is_better: np.ndarray) -> np.ndarray:
    """Share (0-100) of peers with a value that the block beats, ties counting half.

    ``block`` is (k,), ``peers`` (p, k); NaN where the block or every peer lacks a value.

    Examples
    --------
    >>> percentile_among(np.array([50.0, 50.0]), np.array([[40.0, 40.0], [50.0, 60.0]]),
    ...                  np.array([False, True])).tolist()
    [75.0, 50.0]
    """
    oriented = np.where(lower_is_better, -1.0, 1.0) * (block - peers)
    present = ~np.isnan(peers)
    beaten = (oriented > 0).sum(axis=0) + 0.5 * (oriented == 0).sum(axis=0)
    count = present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = 100.0 * beaten / count
    return np.where((count > 0) & ~np.isnan(block), share, np.nan)


def _learn_from(
    current: np.ndarray, baseline: np.ndarray, block_baseline: np.ndarray, lower_is_better: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(peer index or -1, gain) per indicator: the biggest improver among similar starters."""
    gain = np.where(lower_is_better, -1.0, 1.0) * (current - baseline)
    both = ~np.isnan(gain)
    similar = both & (np.abs(baseline - block_baseline) <= SIMILAR_START_POINTS)
    pool = np.where(similar.any(axis=0), similar, both) & (gain > 0)  # only a peer that improved teaches
    candidate_gain = np.where(pool, gain, -np.inf)
    best = candidate_gain.argmax(axis=0) if len(gain) else np.zeros(gain.shape[1], dtype=int)
    found = pool.any(axis=0)
    return np.where(found, best, -1), np.where(found, candidate_gain.max(axis=0, initial=-np.inf), np.nan)


def peer_positions(
    matrix: IndicatorMatrix, baseline_matrix: IndicatorMatrix, catalogue: pd.DataFrame, block_id: str, peer_ids
) -> pd.DataFrame:
    """Where the block stands among its peers on each indicator, and whom to learn from.

    Values are clipped to each indicator's valid range. ``percentile`` is the
    share of peers with a value that the block does better than (ties count
    half), in the indicator's good direction. ``learn_from_*`` names the peer
    that improved most since the baseline among peers that started within 10
    points of the block (all peers with both values when none did); only a
    peer that improved is named. Peers outside the matrix are ignored.

    Examples
    --------
    >>> table = peer_positions(matrix, baseline, catalogue, "B1", ["B2", "B3"])  # doctest: +SKIP
    >>> table[["short_name", "percentile", "learn_from_name"]]  # doctest: +SKIP
    """
    row = row_of(matrix, block_id)
    wanted = set(peer_ids) - {block_id}
    peers = np.array([i for i, unit in enumerate(matrix.unit_ids) if unit in wanted], dtype=int)
    peers = peers[np.argsort(matrix.unit_ids[peers], kind="stable")]  # argmax ties go to the lowest unit_id
    current, baseline = clipped_values(matrix), _aligned_baseline(baseline_matrix, matrix)
    peer_values = current[peers]
    spread = pd.DataFrame(peer_values).agg(["min", "median", "max"])  # NaN where no peer reports
    summary = {f"peer_{stat}": spread.loc[stat].to_numpy(dtype=float) for stat in ("min", "median", "max")}
    learner, gain = _learn_from(peer_values, baseline[peers], baseline[row], matrix.lower_is_better)
    names = matrix.units.set_index("unit_id").unit_name
    learn_ids = [matrix.unit_ids[peers[i]] if i >= 0 else None for i in learner]
    table = pd.DataFrame(
        {
            "indicator_id": matrix.indicator_ids,
            "short_name": short_names(catalogue, matrix.indicator_ids),
            "block_value": current[row],
            **summary,
            "peers_with_value": (~np.isnan(peer_values)).sum(axis=0),
            "percentile": percentile_among(current[row], peer_values, matrix.lower_is_better),
            "learn_from_id": pd.Series(learn_ids, dtype=object),
            "learn_from_name": pd.Series([names[u] if u else None for u in learn_ids], dtype=object),
            "learn_from_gain": gain,
        }
    )
    return table[POSITION_COLUMNS]


def peer_values(matrix: IndicatorMatrix, catalogue: pd.DataFrame, peer_ids) -> pd.DataFrame:
    """The peers' values as reported, long (unit_name, indicator_id, value, short_name), for the
    dot plot; missing values and peers outside the matrix are left out."""
    rows = pd.Index(matrix.unit_ids).get_indexer(list(peer_ids))
    rows = rows[rows >= 0]
    values = pd.DataFrame(matrix.values[rows], columns=matrix.indicator_ids)
    values.insert(0, "unit_name", matrix.units.unit_name.to_numpy()[rows])
    long = values.melt(id_vars="unit_name", var_name="indicator_id", value_name="value").dropna()
    return long.merge(catalogue[["indicator_id", "short_name"]], on="indicator_id")


def short_names(catalogue: pd.DataFrame, indicator_ids: np.ndarray) -> np.ndarray:
    names = catalogue.set_index("indicator_id").short_name if len(catalogue) else pd.Series(dtype=object)
    return pd.Series(indicator_ids).map(names).fillna(pd.Series(indicator_ids)).to_numpy(dtype=object)
