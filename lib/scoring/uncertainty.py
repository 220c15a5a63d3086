"""Monte Carlo uncertainty of ranks (COINr / JRC practice).

Each draw perturbs every theme weight and every indicator weight by an
independent factor drawn uniformly from [1 - p, 1 + p], and optionally picks a
method (normalisation and aggregation) at random from a list. The output is
each unit's median rank with its 5th-95th percentile interval, and whether it
is distinguishable from the unit ranked just below it (it ranks above that
unit in at least 95% of draws).

Ranks within a draw are ordinal (ties are measure-zero under continuous weight draws).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from lib.scoring.engine import Prepared, indicator_weight_vector, prepare, rank_units, theme_weight_vector
from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.params import GROUPS, RankingParams

DISTINCT_SHARE = 0.95
CHUNK = 50


def _transform(scores: np.ndarray, how: str, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """(values to average: x or log max(x, floor), with 0 where missing; presence as 0/1)."""
    present = ~np.isnan(scores)
    if how == "geometric":
        values = np.log(np.maximum(np.where(present, scores, 1.0), floor))
    else:
        values = np.where(present, scores, 0.0)
    return values, present.astype(float)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (no data), in one pass."""
    return np.divide(numerator, denominator, out=np.full_like(numerator, np.nan), where=denominator > 0)


def _theme_means(values: np.ndarray, present: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Transformed scores (n, k), weights (D, k) -> weighted means per theme (n, D, g).

    For geometric aggregation these are means of logs (log theme scores).
    Each indicator is in exactly one theme, so one matrix product per theme
    does the work (BLAS), instead of a dense product with the 0/1 membership.
    """
    means = np.empty((values.shape[0], weights.shape[0], len(GROUPS)))
    for j, group in enumerate(GROUPS):
        columns = groups == group
        means[:, :, j] = _divide(
            values[:, columns] @ weights[:, columns].T, present[:, columns] @ weights[:, columns].T
        )
    return means


def _composite_order_keys(theme_means: np.ndarray, weights: np.ndarray, params: RankingParams) -> np.ndarray:
    """(n, D, g) theme means, (D, g) theme weights -> (n, D) values ordered like the composite.

    The composite's final exp (geometric) is monotone, so it is skipped: ranks
    do not change. Geometric themes are kept in log space: a theme score is a
    geometric mean of values >= floor, so log max(score, floor) = its mean log.
    """
    inner, outer = params.aggregation_at("indicator"), params.aggregation_at("theme")
    if outer == "geometric":
        themes = theme_means if inner == "geometric" else np.log(np.maximum(theme_means, params.floor))
    else:
        themes = np.exp(theme_means) if inner == "geometric" else theme_means
    present = ~np.isnan(themes)
    themes = np.where(present, themes, 0.0)
    return _divide(np.einsum("ndg,dg->nd", themes, weights), np.einsum("ndg,dg->nd", present.astype(float), weights))


def _ordinal_ranks(composite: np.ndarray) -> np.ndarray:
    """(n, D) composites -> (D, n) ranks, 1 = best; NaN last.

    Sorting runs along the contiguous axis of the transposed array (much faster
    than a strided sort down the columns).
    """
    keys = np.ascontiguousarray(np.where(np.isnan(composite), np.inf, -composite).T)
    order = np.argsort(keys, axis=1)
    ranks = np.empty(order.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, np.arange(1, keys.shape[1] + 1, dtype=np.int32)[None, :], axis=1)
    return ranks


def draw_ranks(
    prepared: Prepared,
    params: RankingParams,
    draws: int,
    perturbation: float,
    rng: np.random.Generator,
    transformed: tuple | None = None,
) -> np.ndarray:
    """Ranks (draws x eligible units) under random weight perturbations for one method.

    ``transformed``: the eligible rows' scores already passed through
    :func:`_transform` (reused across chunks of draws).
    """
    if transformed is None:
        transformed = _transform(
            prepared.normalised[prepared.eligible], params.aggregation_at("indicator"), params.floor
        )
    base_indicator = indicator_weight_vector(prepared.matrix, params) * prepared.included
    base_theme = theme_weight_vector(params)
    factor = lambda shape: rng.uniform(1.0 - perturbation, 1.0 + perturbation, shape)  # noqa: E731
    indicator_w = base_indicator[None, :] * factor((draws, len(base_indicator)))
    theme_w = base_theme[None, :] * factor((draws, len(base_theme)))
    theme_means = _theme_means(*transformed, prepared.matrix.groups, indicator_w)
    return _ordinal_ranks(_composite_order_keys(theme_means, theme_w, params))


def monte_carlo(
    matrix: IndicatorMatrix,
    params: RankingParams,
    draws: int = 1000,
    perturbation: float = 0.25,
    methods: list[RankingParams] | None = None,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
) -> pd.DataFrame:
    """Rank uncertainty for the units ``params`` ranks.

    ``methods``: alternative parameter sets (e.g. other normalisations or
    aggregations) to draw from uniformly, besides ``params`` itself; they must
    rank the same units (same inclusion and missing-data rule).
    """
    if not 0 <= perturbation < 1:
        raise ValueError(f"weight perturbation {perturbation} must be from 0 to below 1 (e.g. 0.25 for +/-25%)")
    rng = np.random.default_rng(seed)
    candidates = [params, *(methods or [])]
    prepared = [prepare(matrix, p) for p in candidates]
    eligible = prepared[0].eligible
    if any((p.eligible != eligible).any() for p in prepared[1:]):
        raise ValueError("alternative methods must rank the same units; keep inclusion and the missing-data rule fixed")
    choice = rng.integers(len(candidates), size=draws)
    transformed = [
        _transform(p.normalised[eligible], c.aggregation_at("indicator"), c.floor)
        for c, p in zip(candidates, prepared, strict=True)
    ]
    ranks = np.empty((draws, int(eligible.sum())), dtype=np.int32)
    for start in range(0, draws, CHUNK):
        stop = min(start + CHUNK, draws)
        for index, (candidate, ready) in enumerate(zip(candidates, prepared, strict=True)):
            rows = np.flatnonzero(choice[start:stop] == index) + start
            if len(rows):
                ranks[rows] = draw_ranks(ready, candidate, len(rows), perturbation, rng, transformed[index])
        if progress:
            progress(stop / draws, f"{stop} of {draws} draws")
    ranked = rank_units(matrix, params, prepared[0]).table[eligible].reset_index(drop=True)
    return summarise(ranked, np.ascontiguousarray(ranks.T))


def summarise(ranked: pd.DataFrame, ranks: np.ndarray) -> pd.DataFrame:
    """Median rank, 5th-95th percentile interval, and distinctness from the next unit.

    ``ranks``: (units x draws), rows in the order of ``ranked``.
    """
    table = ranked[["unit_id", "unit_name", "district", "state", "composite", "rank"]].copy()
    table["rank_p05"], table["median_rank"], table["rank_p95"] = np.percentile(ranks, [5, 50, 95], axis=1)
    order = np.argsort(table["rank"].to_numpy(dtype=float), kind="stable")
    beats_next = np.full(len(table), np.nan)
    beats_next[order[:-1]] = (ranks[order[:-1]] < ranks[order[1:]]).mean(axis=1)
    table["share_above_next"] = beats_next
    table["distinct_from_next"] = beats_next >= DISTINCT_SHARE
    return table.sort_values(["rank", "unit_name"]).reset_index(drop=True)


def method_alternatives(params: RankingParams) -> list[RankingParams]:
    """Other valid (method, aggregation) choices to mix into a Monte Carlo."""
    options = []
    for method in ("balanced", "frontier", "percentile", "zscore"):
        for aggregation in ("arithmetic", "geometric"):
            if method == "zscore" and aggregation == "geometric":
                continue
            candidate = replace(params, method=method, indicator_aggregation=aggregation, theme_aggregation=aggregation)
            if (candidate.method, candidate.aggregation_at("indicator"), candidate.aggregation_at("theme")) != (
                params.method,
                params.aggregation_at("indicator"),
                params.aggregation_at("theme"),
            ):
                options.append(candidate)
    return options
