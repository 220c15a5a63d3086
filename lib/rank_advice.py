"""What would move a block's rank: marginal gains, the next rank band, and a plan of indicator
values (within their valid ranges) that reaches it, checked by re-ranking (the Block profile's
"What would it take").

Marginal gains say what one more percentage point would add to the block's composite;
:func:`next_band`, how far the next rank band is; :func:`rank_plan`, which values would get
the block there.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lib.i18n import tr
from lib.peers import clipped_values, row_of, short_names
from lib.scoring.engine import min_rank, prepare, rank_units, score
from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.normalise import clip_to_valid, normalise
from lib.scoring.params import RankingParams

GAIN_COLUMNS = ["indicator_id", "short_name", "current_value", "gain_per_point"]


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
    row = row_of(matrix, block_id)
    prepared = prepare(matrix, params)
    current = clipped_values(matrix)[row]
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
            "short_name": short_names(catalogue, matrix.indicator_ids[columns]),
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
    raw = clipped_values(matrix)[np.ix_(eligible, columns)]
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
    trial = _RankTrial(matrix, params, row_of(matrix, block_id))
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


def rank_plan_table(
    plan: RankPlan, top: int | None = None, lang: str = "en", names: pd.Series | None = None
) -> pd.DataFrame:
    """The plan's indicators under readable headers, numbers left as numbers (for the page and its CSV).

    ``top`` keeps the first ``top`` indicators by gain per point and every one the plan changes
    (a suggestion may lie further down: the top ones can lack the room to close the gap). Headers in
    ``lang``; ``names`` (indicator id -> name) names the indicators.

    Examples
    --------
    >>> rank_plan_table(plan).columns.tolist()  # doctest: +SKIP
    ['Indicator', 'Current value', 'Best valid value', 'Room to improve (points)', ...]
    """
    rows = plan.indicators
    if top is not None:
        rows = rows[(rows.index < top) | rows.suggested_value.notna()]
    if names is not None:
        rows = rows.assign(short_name=rows.indicator_id.map(names).fillna(rows.short_name))
    return rows[list(PLAN_HEADERS)].rename(
        columns={column: tr(lang, header) for column, header in PLAN_HEADERS.items()}
    )


def describe_rank_plan(plan: RankPlan, lang: str = "en", names: pd.Series | None = None) -> str:
    """The plan in plain words in ``lang``: no band numbers, no indicator ids, points to one decimal.
    ``names`` (indicator id -> name, e.g. :func:`lib.i18n.indicator_names`) names the indicators;
    without it, the plan's English short names.

    Examples
    --------
    >>> empty = pd.DataFrame(columns=PLAN_COLUMNS)
    >>> describe_rank_plan(RankPlan(rank=12, target_rank=None, band_size=50, gap=None, indicators=empty))
    'Rank 12: already among the top 50.'
    >>> describe_rank_plan(RankPlan(rank=12, target_rank=None, band_size=50, gap=None, indicators=empty), "hi")
    'रैंक 12: पहले से शीर्ष 50 में।'
    """
    if plan.rank is None:
        return tr(lang, "This block is not ranked this period, so there is no rank to improve on.")
    if plan.target_rank is None:
        return tr(lang, "Rank {rank}: already among the top {band}.", rank=plan.rank, band=plan.band_size)
    goal = tr(
        lang,
        "Rank {rank} now. To reach rank {target} or better, the composite needs about {gap} more points.",
        rank=plan.rank,
        target=plan.target_rank,
        gap=_points(plan.gap, lang),
    )
    if not plan.closes_gap:
        return tr(
            lang,
            "{goal} That cannot be closed this period: even with every indicator it reports at its best "
            "valid value, the block would rank {after}.",
            goal=goal,
            after=plan.rank_after,
        )
    steps = [_step_words(row, lang, names) for row in plan.suggested.itertuples()]
    if len(steps) == 1:
        check = tr(lang, "Re-ranked with that value, the block would be rank {after}.", after=plan.rank_after)
        return tr(
            lang, "{goal} One indicator can do it on its own: {step}. {check}", goal=goal, step=steps[0], check=check
        )
    check = tr(lang, "Re-ranked with these values, the block would be rank {after}.", after=plan.rank_after)
    return tr(
        lang,
        "{goal} No single indicator can close the gap within its valid range, but together these can: {steps}. {check}",
        goal=goal,
        steps="; ".join(steps),
        check=check,
    )


def _step_words(row, lang: str, names: pd.Series | None) -> str:
    template = (
        "raise {name} by {points} points, from {start:.1f} to {end:.1f}"
        if row.change > 0
        else "lower {name} by {points} points, from {start:.1f} to {end:.1f}"
    )
    name = names.get(row.indicator_id, row.short_name) if names is not None else row.short_name
    return tr(
        lang,
        template,
        name=name,
        points=_points(abs(row.change), lang),
        start=row.current_value,
        end=row.suggested_value,
    )


def _points(amount: float, lang: str = "en") -> str:
    """One decimal; a positive amount that would round to 0.0 is said to be under 0.1."""
    return tr(lang, "under 0.1") if 0 < amount < 0.05 else f"{amount:.1f}"
