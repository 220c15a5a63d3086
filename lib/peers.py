"""Peer comparison: who a block is compared with, where it stands, and what would move it.

Peer groups are lists of ``unit_id`` (never the block itself). Positions compare
the block with its peers indicator by indicator; marginal gains say what one more
percentage point would add to its composite; :func:`next_band`, how far the next
rank band is; :func:`rank_plan`, which indicator values (within their valid ranges)
would get the block there, checked by re-ranking.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lib.scoring.engine import min_rank, prepare, rank_units, score
from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.normalise import clip_to_valid, normalise
from lib.scoring.params import GROUPS, RankingParams

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
GAIN_COLUMNS = ["indicator_id", "short_name", "current_value", "gain_per_point"]


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


def _row_of(matrix: IndicatorMatrix, block_id: str) -> int:
    rows = np.flatnonzero(matrix.unit_ids == block_id)
    if len(rows) == 0:
        raise ValueError(f"block {block_id!r} is not among the matrix's {len(matrix.unit_ids)} units; check the scope")
    return int(rows[0])


def _clipped(matrix: IndicatorMatrix) -> np.ndarray:
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
    row = _row_of(matrix, block_id)
    wanted = set(peer_ids) - {block_id}
    peers = np.array([i for i, unit in enumerate(matrix.unit_ids) if unit in wanted], dtype=int)
    peers = peers[np.argsort(matrix.unit_ids[peers], kind="stable")]  # argmax ties go to the lowest unit_id
    current, baseline = _clipped(matrix), _aligned_baseline(baseline_matrix, matrix)
    peer_values = current[peers]
    spread = pd.DataFrame(peer_values).agg(["min", "median", "max"])  # NaN where no peer reports
    summary = {f"peer_{stat}": spread.loc[stat].to_numpy(dtype=float) for stat in ("min", "median", "max")}
    learner, gain = _learn_from(peer_values, baseline[peers], baseline[row], matrix.lower_is_better)
    names = matrix.units.set_index("unit_id").unit_name
    learn_ids = [matrix.unit_ids[peers[i]] if i >= 0 else None for i in learner]
    table = pd.DataFrame(
        {
            "indicator_id": matrix.indicator_ids,
            "short_name": _short_names(catalogue, matrix.indicator_ids),
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


def _short_names(catalogue: pd.DataFrame, indicator_ids: np.ndarray) -> np.ndarray:
    names = catalogue.set_index("indicator_id").short_name if len(catalogue) else pd.Series(dtype=object)
    return pd.Series(indicator_ids).map(names).fillna(pd.Series(indicator_ids)).to_numpy(dtype=object)


# ------------------------------------------------------------ marginal gains


def marginal_gains(
    matrix: IndicatorMatrix, params: RankingParams, block_id: str, catalogue: pd.DataFrame, step: float = 1.0
) -> pd.DataFrame:
    """Composite points gained per percentage point of improvement, indicator by indicator.

    For each included indicator the block reports and is not already at its
    best valid bound, the block's value is moved ``step`` points in the good
    direction (capped at the bound) and its composite recomputed with the
    engine's own steps over the same units, so moving the frontier or
    overtaking others counts. Equals re-running
    :func:`lib.scoring.engine.rank_units` on a changed copy of the matrix,
    for every indicator at once. A block that is not ranked gets an empty table.

    Examples
    --------
    >>> gains = marginal_gains(matrix, official_default(period), "B900001", catalogue)  # doctest: +SKIP
    >>> gains.head(3)  # doctest: +SKIP
    """
    if not np.isfinite(step) or step <= 0:
        raise ValueError(f"step must be a positive number of percentage points, got {step}")
    row = _row_of(matrix, block_id)
    prepared = prepare(matrix, params)
    current = _clipped(matrix)[row]
    best = np.where(matrix.lower_is_better, matrix.valid_min, matrix.valid_max)
    columns = np.flatnonzero(prepared.included & ~np.isnan(current) & (current != best))
    if not prepared.eligible[row] or len(columns) == 0:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in GAIN_COLUMNS})
    improved = clip_to_valid(
        np.where(matrix.lower_is_better, current - step, current + step), matrix.valid_min, matrix.valid_max
    )[columns]
    trial_rows = np.repeat(prepared.normalised[[row]], len(columns), axis=0)
    trial_rows[np.arange(len(columns)), columns] = _block_scores_after(matrix, prepared, params, row, columns, improved)
    # Steps 5-6 on one trial row per indicator: score() reads only the weights, groups and these rows.
    trials = replace(prepared, eligible=np.ones(len(columns), dtype=bool), normalised=trial_rows)
    composite_after = score(trials, params)[1]
    composite_now = score(prepared, params)[1][row]
    table = pd.DataFrame(
        {
            "indicator_id": matrix.indicator_ids[columns],
            "short_name": _short_names(catalogue, matrix.indicator_ids[columns]),
            "current_value": current[columns],
            "gain_per_point": (composite_after - composite_now) / np.abs(improved - current[columns]),
        }
    )
    return table.sort_values(["gain_per_point", "indicator_id"], ascending=[False, True], ignore_index=True)


def _block_scores_after(
    matrix: IndicatorMatrix, prepared, params: RankingParams, row: int, columns: np.ndarray, improved: np.ndarray
) -> np.ndarray:
    """The block's score on each column, renormalised over the eligible units, after its value there alone
    becomes ``improved`` (so min-max, z-score and percentile scores see the new value)."""
    eligible = np.flatnonzero(prepared.eligible)
    position = int(np.flatnonzero(eligible == row)[0])
    raw = _clipped(matrix)[np.ix_(eligible, columns)]
    raw[position] = improved
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scores = normalise(
            params.normalisation,
            raw,
            matrix.lower_is_better[columns],
            matrix.valid_min[columns],
            matrix.valid_max[columns],
        )
    return scores[position]


# ----------------------------------------------------------------- rank bands


def next_band(table: pd.DataFrame, block_id: str, band_size: int = 50) -> dict:
    """Where the block stands against the next better rank band (1-50, 51-100, ...).

    ``target_rank`` is the worst rank inside the next better band (200 for a
    block ranked 237 with bands of 50): reaching it or better is the goal the
    page states. ``threshold`` is the composite of the worst-ranked unit inside
    that band (reaching it ties that unit, and ties share the better rank);
    ``gap`` is the composite points still missing. Keys that do not apply (top
    band, not ranked) are ``None``. What it would take on the indicators is
    :func:`rank_plan`'s job: a composite gap is not a number of indicator points.

    Examples
    --------
    >>> table = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "composite": [70.0, 60.0, 55.0], "rank": [1, 2, 3]})
    >>> band = next_band(table, "B3", band_size=2)
    >>> band["target_rank"], band["gap"]
    (2, 5.0)
    """
    if band_size < 1:
        raise ValueError(f"band size must be 1 or more, got {band_size}")
    match = table[table.unit_id == block_id]
    if match.empty:
        raise ValueError(f"block {block_id!r} is not in the ranking table")
    result = dict.fromkeys(["rank", "band", "next_band", "target_rank", "threshold", "gap"])
    rank = match["rank"].iloc[0]
    if pd.isna(rank):
        return result
    result["rank"] = int(rank)
    result["band"] = (result["rank"] - 1) // band_size + 1
    if result["band"] == 1:
        return result
    result["next_band"] = result["band"] - 1
    result["target_rank"] = result["next_band"] * band_size
    inside = table[table["rank"].notna() & (table["rank"] <= result["target_rank"])]
    result["threshold"] = float(inside.composite.min())
    result["gap"] = result["threshold"] - float(match.composite.iloc[0])
    return result


# ------------------------------------------------------- what would it take

STEPS_PER_POINT = 10  # suggested changes are whole tenths of a point: the precision the page shows
PLAN_COLUMNS = [*GAIN_COLUMNS, "valid_limit", "headroom", "suggested_value", "change"]
# The section's table and CSV: readable headers over plain numbers (no ids, no formatted strings).
PLAN_HEADERS = {
    "short_name": "Indicator",
    "current_value": "Current value",
    "valid_limit": "Best valid value",
    "headroom": "Room to improve (points)",
    "gain_per_point": "Composite gain per point",
    "suggested_value": "Suggested value",
    "change": "Suggested change (points)",
}


@dataclass(frozen=True)
class RankPlan:
    """What it would take a block to reach the next better rank band, checked by re-ranking.

    Attributes
    ----------
    rank : the block's rank now (None: not ranked).
    target_rank : the worst rank inside the next better band, e.g. 200 for rank 237 with bands of 50
        (None: already in the top band, or not ranked).
    band_size : ranks per band.
    gap : composite points to the worst-placed unit inside the target (None without a target).
    indicators : one row per indicator the block can still improve (:data:`PLAN_COLUMNS`), by gain per
        point; ``suggested_value`` and ``change`` are NaN where the plan leaves the indicator alone.
    rank_after : the block's rank re-run with the suggested values; when the gap cannot be closed, with
        every indicator at its valid limit (None without a target).
    """

    rank: int | None
    target_rank: int | None
    band_size: int
    gap: float | None
    indicators: pd.DataFrame
    rank_after: int | None = None

    @property
    def closes_gap(self) -> bool:
        return self.target_rank is not None and self.rank_after is not None and self.rank_after <= self.target_rank

    @property
    def suggested(self) -> pd.DataFrame:
        """The indicators the plan changes, in the order they were taken."""
        return self.indicators[self.indicators.suggested_value.notna()]


def rank_plan(
    matrix: IndicatorMatrix, params: RankingParams, block_id: str, catalogue: pd.DataFrame, band_size: int = 50
) -> RankPlan:
    """The smallest change on one indicator, or failing that a combination, that lifts the block into the
    next better rank band, within each indicator's valid range.

    Indicators are tried in order of :func:`marginal_gains` (largest composite gain per point first).
    If one of them at its valid limit (100 for a percentage where higher is better, 0 where lower is
    better: the catalogue's range) reaches the target rank on its own, the first such one is suggested,
    moved only as far as needed. Otherwise they are taken greedily in the same order, each up to its
    valid limit, the last only as far as needed. Every step re-runs the ranking
    (:func:`lib.scoring.engine.rank_units`), so overtaking and normalisation effects count and the
    block is known to reach the target; amounts are whole tenths of a point. When even every indicator
    at its limit falls short, nothing is suggested and ``rank_after`` says how far the block would get.
    Indicators without a valid limit on their good side are left out (no "as far as possible" exists).

    Examples
    --------
    >>> plan = rank_plan(matrix, official_default(period), "B900001", catalogue)  # doctest: +SKIP
    >>> describe_rank_plan(plan)  # doctest: +SKIP
    'Rank 237 now. To reach rank 200 or better ...'
    """
    gains = _with_headroom(matrix, marginal_gains(matrix, params, block_id, catalogue))
    band = next_band(rank_units(matrix, params).table, block_id, band_size)
    plan = RankPlan(band["rank"], band["target_rank"], band_size, band["gap"], gains)
    if plan.target_rank is None:
        return plan
    trial = _RankTrial(matrix, params, _row_of(matrix, block_id))
    changes = _single_change(trial, gains, plan.target_rank) or _combined_changes(trial, gains, plan.target_rank)
    if changes is None:  # not even everything at its limit: say how far that would get
        return replace(plan, rank_after=trial.rank(dict(zip(gains.indicator_id, gains.valid_limit, strict=True))))
    suggested = gains.indicator_id.map(changes).astype(float)
    indicators = gains.assign(suggested_value=suggested, change=suggested - gains.current_value)
    return replace(plan, indicators=indicators, rank_after=trial.rank(changes))  # the check: re-ranked


def _with_headroom(matrix: IndicatorMatrix, gains: pd.DataFrame) -> pd.DataFrame:
    """Gains with each indicator's best valid value and the points left to it; NaN suggestion columns."""
    columns = pd.Index(matrix.indicator_ids).get_indexer(gains.indicator_id)
    limit = np.where(matrix.lower_is_better, matrix.valid_min, matrix.valid_max)[columns].astype(float)
    table = gains.assign(
        current_value=gains.current_value.astype(float),
        gain_per_point=gains.gain_per_point.astype(float),
        valid_limit=limit,
        headroom=np.abs(limit - gains.current_value.to_numpy(dtype=float)),
        suggested_value=np.nan,
        change=np.nan,
    )
    return table[table.headroom.notna()].reset_index(drop=True)[PLAN_COLUMNS]


class _RankTrial:
    """The block's rank after some of its values change (the whole ranking re-run each time)."""

    def __init__(self, matrix: IndicatorMatrix, params: RankingParams, row: int):
        self.matrix, self.params, self.row = matrix, params, row
        self.columns = {indicator: j for j, indicator in enumerate(matrix.indicator_ids)}

    def clip(self, indicator: str, value: float) -> float:
        """``value`` inside the indicator's valid range (the catalogue's)."""
        j = self.columns[indicator]
        return float(clip_to_valid(value, self.matrix.valid_min[j], self.matrix.valid_max[j]))

    def rank(self, changes: dict[str, float]) -> int | None:
        values = self.matrix.values.copy()
        for indicator, value in changes.items():
            values[self.row, self.columns[indicator]] = value
        # rank_units' own steps, without building its table: only the block's rank is wanted
        composite = score(prepare(replace(self.matrix, values=values), self.params), self.params)[1]
        rank = int(min_rank(composite)[self.row])
        return rank or None  # min_rank's 0 is "not ranked"

    def reaches(self, changes: dict[str, float], target_rank: int) -> bool:
        rank = self.rank(changes)
        return rank is not None and rank <= target_rank


def _single_change(trial: _RankTrial, gains: pd.DataFrame, target_rank: int) -> dict[str, float] | None:
    """{indicator: value} for the first indicator (by gain per point) that reaches the target alone."""
    for row in gains.itertuples():
        if trial.reaches({row.indicator_id: row.valid_limit}, target_rank):
            return {row.indicator_id: _least_value(trial, {}, row, target_rank)}
    return None


def _combined_changes(trial: _RankTrial, gains: pd.DataFrame, target_rank: int) -> dict[str, float] | None:
    """Greedy: indicators by gain per point, each to its valid limit, the last only as far as needed."""
    taken: dict[str, float] = {}
    for row in gains.itertuples():
        if trial.reaches(taken | {row.indicator_id: row.valid_limit}, target_rank):
            return taken | {row.indicator_id: _least_value(trial, taken, row, target_rank)}
        taken[row.indicator_id] = row.valid_limit
    return None


def _least_value(trial: _RankTrial, taken: dict[str, float], row, target_rank: int) -> float:
    """The value of ``row``'s indicator nearest its current one, in whole tenths of a point (the limit
    at most), that reaches the target with ``taken``; found by bisection, since a better value of the
    block's own never lowers its rank under the ranking's monotone methods."""
    direction = -1.0 if row.valid_limit < row.current_value else 1.0

    def value(tenths: int) -> float:
        # divided, not multiplied by 0.1: 200 tenths are exactly 20.0 points, not 20.000000000000004
        return trial.clip(row.indicator_id, row.current_value + direction * tenths / STEPS_PER_POINT)

    short, enough = 0, int(np.ceil(row.headroom * STEPS_PER_POINT - 1e-9))  # the limit itself reaches the target
    while enough - short > 1:
        middle = (short + enough) // 2
        if trial.reaches(taken | {row.indicator_id: value(middle)}, target_rank):
            enough = middle
        else:
            short = middle
    return value(enough)


def rank_plan_table(plan: RankPlan, top: int | None = None) -> pd.DataFrame:
    """The plan's indicators under readable headers, numbers left as numbers (for the page and its CSV).

    ``top`` keeps the first ``top`` indicators by gain per point and every one the plan changes
    (a suggestion may lie further down: the top ones can lack the room to close the gap).

    Examples
    --------
    >>> rank_plan_table(plan).columns.tolist()  # doctest: +SKIP
    ['Indicator', 'Current value', 'Best valid value', 'Room to improve (points)', ...]
    """
    rows = plan.indicators
    if top is not None:
        rows = rows[(rows.index < top) | rows.suggested_value.notna()]
    return rows[list(PLAN_HEADERS)].rename(columns=PLAN_HEADERS)


def describe_rank_plan(plan: RankPlan) -> str:
    """The plan in plain words: no band numbers, no indicator ids, points to one decimal.

    Examples
    --------
    >>> empty = pd.DataFrame(columns=PLAN_COLUMNS)
    >>> describe_rank_plan(RankPlan(rank=12, target_rank=None, band_size=50, gap=None, indicators=empty))
    'Rank 12: already among the top 50.'
    """
    if plan.rank is None:
        return "This block is not ranked this period, so there is no rank to improve on."
    if plan.target_rank is None:
        return f"Rank {plan.rank}: already among the top {plan.band_size}."
    goal = (
        f"Rank {plan.rank} now. To reach rank {plan.target_rank} or better, the composite needs about "
        f"{_points(plan.gap)} more points."
    )
    if not plan.closes_gap:
        return (
            f"{goal} That cannot be closed this period: even with every indicator it reports at its best "
            f"valid value, the block would rank {plan.rank_after}."
        )
    steps = [_step_words(row) for row in plan.suggested.itertuples()]
    check = (
        f"Re-ranked with {'that value' if len(steps) == 1 else 'these values'}, the block would be rank "
        f"{plan.rank_after}."
    )
    if len(steps) == 1:
        return f"{goal} One indicator can do it on its own: {steps[0]}. {check}"
    return (
        f"{goal} No single indicator can close the gap within its valid range, but together these can: "
        f"{'; '.join(steps)}. {check}"
    )


def _step_words(row) -> str:
    verb = "raise" if row.change > 0 else "lower"
    return (
        f"{verb} {row.short_name} by {_points(abs(row.change))} points, "
        f"from {row.current_value:.1f} to {row.suggested_value:.1f}"
    )


def _points(amount: float) -> str:
    """One decimal; a positive amount that would round to 0.0 is said to be under 0.1."""
    return "under 0.1" if 0 < amount < 0.05 else f"{amount:.1f}"
