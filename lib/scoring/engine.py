"""The ranking pipeline.

Steps, in order (each a function below, recorded on the run):

1. ``select_period`` - the period (and optional baseline) from the parameters;
2. ``asof_values``  - :func:`lib.scoring.matrix.load_matrix` (done by the caller, once per period);
3. ``missing_rule`` - units missing more than ``max_missing_share`` of the included indicators are not ranked;
4. ``normalise``    - direction-aware scores over the eligible units in scope;
5. ``aggregate_indicators`` - weighted mean of a unit's present indicators within each theme;
6. ``aggregate_themes``     - weighted mean of the theme scores;
7. ``rank``         - 1 = best, ties share the lowest rank (``min``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from lib.scoring.aggregate import membership, weighted_mean
from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.normalise import clip_to_valid, normalise
from lib.scoring.params import GROUPS, RankingParams

STEPS = (
    "select_period",
    "asof_values",
    "missing_rule",
    "normalise",
    "aggregate_indicators",
    "aggregate_themes",
    "rank",
)


@dataclass
class Prepared:
    """Steps 3-4 for one matrix and one (method, inclusion, missing rule): reused when only weights change."""

    matrix: IndicatorMatrix
    included: np.ndarray  # (k,) indicator counts in this ranking
    eligible: np.ndarray  # (n,) passes the missing-data rule
    present: np.ndarray  # (n,) included indicators present
    reason: np.ndarray  # (n,) object: why a unit is not ranked, or None
    normalised: np.ndarray  # (n, k) scores; NaN where missing, excluded or not eligible
    key: tuple = field(default=())


@dataclass
class RankingRun:
    """A finished ranking: its parameters (for replay) and one row per unit."""

    params: RankingParams
    table: pd.DataFrame
    steps: tuple[str, ...] = STEPS


def included_indicators(matrix: IndicatorMatrix, params: RankingParams) -> np.ndarray:
    """Indicators with a positive weight whose theme also has a positive weight."""
    theme_weights = params.theme_weight_map()
    indicator_weights = params.indicator_weight_map()
    return np.array(
        [
            indicator_weights.get(i, 1.0) > 0 and theme_weights.get(g, 0.0) > 0
            for i, g in zip(matrix.indicator_ids, matrix.groups, strict=True)
        ],
        dtype=bool,
    )


def missing_rule(matrix: IndicatorMatrix, included: np.ndarray, max_missing_share: float):
    """(eligible, present count, reason) per unit."""
    present = (~np.isnan(matrix.values[:, included])).sum(axis=1)
    total = int(included.sum())
    missing_share = 1.0 - present / max(total, 1)
    eligible = (missing_share <= max_missing_share + 1e-12) & (present > 0)
    reason = np.where(
        eligible,
        None,
        [
            f"not ranked: {p} of {total} indicators reported (more than {max_missing_share:.0%} missing)"
            for p in present
        ],
    ).astype(object)
    return eligible, present, reason


def prepare(matrix: IndicatorMatrix, params: RankingParams) -> Prepared:
    """Run the missing-data rule and normalisation (the weight-independent steps)."""
    included = included_indicators(matrix, params)
    eligible, present, reason = missing_rule(matrix, included, params.max_missing_share)
    normalised = np.full(matrix.values.shape, np.nan)
    if eligible.any():
        columns = np.flatnonzero(included)
        # Every method sees values clipped to the indicator's valid range: a mistyped
        # 174% must not become the frontier that rescales every other block.
        raw = clip_to_valid(
            matrix.values[np.ix_(eligible, columns)], matrix.valid_min[columns], matrix.valid_max[columns]
        )
        with warnings.catch_warnings():  # an indicator nobody eligible reports stays NaN, silently
            warnings.simplefilter("ignore", RuntimeWarning)
            block = normalise(
                params.normalisation,
                raw,
                matrix.lower_is_better[columns],
                matrix.valid_min[columns],
                matrix.valid_max[columns],
            )
        normalised[np.ix_(eligible, columns)] = block
    return Prepared(matrix, included, eligible, present, reason, normalised, preparation_key(matrix, params))


def preparation_key(matrix: IndicatorMatrix, params: RankingParams) -> tuple:
    """What a preparation depends on besides the matrix itself (compared by identity)."""
    return (params.normalisation, tuple(included_indicators(matrix, params)), params.max_missing_share)


def indicator_weight_vector(matrix: IndicatorMatrix, params: RankingParams) -> np.ndarray:
    weights = params.indicator_weight_map()
    return np.array([weights.get(i, 1.0) for i in matrix.indicator_ids], dtype=float)


def theme_weight_vector(params: RankingParams) -> np.ndarray:
    weights = params.theme_weight_map()
    return np.array([weights[g] for g in GROUPS], dtype=float)


def score(prepared: Prepared, params: RankingParams) -> tuple[np.ndarray, np.ndarray]:
    """Steps 5-6: (theme scores (n, 6), composite (n,)) for the parameters' weights."""
    indicator_weights = (
        membership(prepared.matrix.groups, GROUPS) * indicator_weight_vector(prepared.matrix, params)[:, None]
    )
    indicator_weights[~prepared.included] = 0.0
    themes = weighted_mean(prepared.normalised, indicator_weights, params.aggregation_at("indicator"), params.floor)
    composite = weighted_mean(
        themes, theme_weight_vector(params)[:, None], params.aggregation_at("theme"), params.floor
    )[:, 0]
    composite[~prepared.eligible] = np.nan
    return themes, composite


RANK_DECIMALS = 9


def min_rank(values: np.ndarray) -> np.ndarray:
    """Descending rank, 1 = highest, ties share the lowest rank; NaN stays unranked (0 in the result).

    Scores are compared at 9 decimal places, so units equal on paper tie even
    when floating-point rounding leaves them 1e-13 apart.

    Examples
    --------
    >>> min_rank(np.array([50.0, 70.0, 50.0 + 1e-13, np.nan])).tolist()
    [2, 1, 2, 0]
    """
    ranks = np.zeros(len(values), dtype=int)
    present = ~np.isnan(values)
    if present.any():
        ranks[present] = rankdata(-np.round(values[present], RANK_DECIMALS), method="min").astype(int)
    return ranks


def rank_units(matrix: IndicatorMatrix, params: RankingParams, prepared: Prepared | None = None) -> RankingRun:
    """Run the pipeline on a matrix pulled for ``params.period``; one row per unit in scope."""
    if prepared is None or prepared.matrix is not matrix or prepared.key != preparation_key(matrix, params):
        prepared = prepare(matrix, params)
    themes, composite = score(prepared, params)
    table = matrix.units[["unit_id", "unit_name", "lgd_code", "district_id", "district", "state_id", "state"]].copy()
    table["composite"] = composite
    table["rank"] = _nullable(min_rank(composite))
    for j, group in enumerate(GROUPS):
        theme = np.where(prepared.eligible, themes[:, j], np.nan)
        table[f"{group}_score"] = theme
        table[f"{group}_rank"] = _nullable(min_rank(theme))
    table["indicators_present"] = prepared.present
    with warnings.catch_warnings():  # units with no value at all have no age
        warnings.simplefilter("ignore", RuntimeWarning)
        table["oldest_value_months"] = np.nanmax(matrix.age_months[:, prepared.included], axis=1)
    table["indicators_included"] = int(prepared.included.sum())
    table["not_ranked_reason"] = prepared.reason
    return RankingRun(params, table)


def _nullable(ranks: np.ndarray) -> pd.Series:
    """min_rank's 0 (unranked) as <NA>."""
    return pd.Series(ranks).replace(0, pd.NA).astype("Int64")


def delta_ranking(current: RankingRun, baseline: RankingRun) -> pd.DataFrame:
    """Current run joined to a baseline run: score change and its rank, overall and per theme.

    Only units ranked in both periods get a delta rank; the others keep their
    current columns with NaN deltas.
    """
    columns = ["unit_id", "composite"] + [f"{g}_score" for g in GROUPS]
    joined = current.table.merge(baseline.table[columns], on="unit_id", how="left", suffixes=("", "_baseline"))
    joined["delta"] = joined.composite - joined.composite_baseline
    joined["delta_rank"] = _nullable(min_rank(joined.delta.to_numpy(dtype=float)))
    for group in GROUPS:
        joined[f"{group}_delta"] = joined[f"{group}_score"] - joined[f"{group}_score_baseline"]
        joined[f"{group}_delta_rank"] = _nullable(min_rank(joined[f"{group}_delta"].to_numpy(dtype=float)))
    return joined


def rank_within(table: pd.DataFrame, by: str, score_column: str = "composite") -> pd.Series:
    """Rank within each value of a grouping column (e.g. ``state``), 1 = best, ties share the lowest rank."""
    ranks = table.groupby(by)[score_column].rank(ascending=False, method="min")
    return ranks.astype("Int64")
