"""Nearest-neighbour matching of pilot blocks to comparison blocks, and balance.

Matching variables are each block's pre-start level (mean) and trend (least
squares slope per month) of the outcome and of every theme score, over the
pre-start window of the pilot's cohort. Variables are standardised by their
standard deviation over pilot and pool blocks together; the distance between
two blocks is the root mean square of their standardised differences. The
caliper bounds the difference in the pre-start level of the outcome itself,
in standard deviations of that level: a caliper of 0.25 allows only
comparison blocks whose baseline is within a quarter of a standard deviation.
(A caliper on the distance would be dominated by the noise in the many trend
variables and mean little to a reader.)

Without replacement, pairs are taken greedily in order of distance over all
pilot blocks at once (closest pair first), each pilot block taking up to
``neighbours`` comparison blocks. With replacement each pilot block takes its
``neighbours`` nearest. A comparison block's weight is the sum over the pilot
blocks it serves of 1 / (number of matches that pilot block got), so each
matched pilot block carries the same total comparison weight (ATT weights).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.evaluation.spec import MatchingOptions

MAX_MISSING_FEATURE_SHARE = 0.5


def level_and_trend(frame: pd.DataFrame, value: str, prefix: str) -> pd.DataFrame:
    """Per unit: mean of ``value`` and its least-squares slope on ``t`` (per month).

    ``frame`` has ``unit_id``, ``t`` and the value column. A unit with fewer than
    two months, or all in one month, has no slope (NaN).

    Examples
    --------
    >>> f = pd.DataFrame({"unit_id": ["a"] * 3, "t": [0, 1, 2], "y": [1.0, 3.0, 5.0]})
    >>> level_and_trend(f, "y", "y").round(6).to_dict("records")
    [{'y_level': 3.0, 'y_trend': 2.0}]
    """
    y = frame[value].to_numpy(dtype=float)
    present = ~np.isnan(y)
    codes, units = pd.factorize(frame.unit_id.to_numpy()[present], sort=True)
    y = y[present]
    t = frame.t.to_numpy(dtype=float)[present]
    t = t - t.min() if len(t) else t  # small floats: no integer overflow, little cancellation

    def total(weights=None) -> np.ndarray:  # per-unit sums, one pass each
        return np.bincount(codes, weights, minlength=len(units)).astype(float)

    n, st, sy, stt, sty = total(), total(t), total(y), total(t * t), total(t * y)
    spread = stt - st**2 / np.where(n > 0, n, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where((n >= 2) & (spread > 1e-12), (sty - st * sy / n) / spread, np.nan)
    return pd.DataFrame({f"{prefix}_level": sy / n, f"{prefix}_trend": slope}, index=pd.Index(units, name="unit_id"))


def usable_features(features: pd.DataFrame) -> pd.DataFrame:
    """Drop variables missing for over half the blocks or constant, then blocks missing any."""
    varies = features.std() > 1e-9 * (features.abs().mean() + 1.0)  # annual-only themes have no pre-trend
    keep = features.columns[(features.isna().mean() <= MAX_MISSING_FEATURE_SHARE) & varies]
    return features[keep].dropna()


def distances(treated: pd.DataFrame, pool: pd.DataFrame) -> np.ndarray:
    """(treated x pool) RMS standardised distances; SDs over both groups together.

    Examples
    --------
    >>> t = pd.DataFrame({"x": [0.0]}, index=["p"])
    >>> c = pd.DataFrame({"x": [1.0, 3.0]}, index=["a", "b"])
    >>> distances(t, c).round(4).tolist()  # SD of (0, 1, 3) is 1.5275
    [[0.6547, 1.964]]
    """
    pool = pool[treated.columns]  # same variables, same order
    sd = pd.concat([treated, pool]).std().to_numpy()
    scaled_t, scaled_c = treated.to_numpy() / sd, pool.to_numpy() / sd
    squared = ((scaled_t[:, None, :] - scaled_c[None, :, :]) ** 2).mean(axis=2)
    return np.sqrt(squared)


def nearest_neighbours(
    treated: pd.DataFrame,
    pool: pd.DataFrame,
    options: MatchingOptions,
    treated_state: pd.Series | None = None,
    pool_state: pd.Series | None = None,
    caliper_variable: str | None = None,
) -> pd.DataFrame:
    """Match each pilot block (rows of ``treated``) to comparison blocks (rows of ``pool``).

    Both frames hold the matching variables, indexed by unit id. States are
    needed only with ``options.exact_state``. The caliper applies to
    ``caliper_variable`` (default: the first column). Returns one row per pair:
    ``treated_id, comparison_id, distance`` (pilot blocks with no allowed
    match within the caliper have no rows).
    """
    gaps = distances(treated, pool)
    allowed = np.ones_like(gaps, dtype=bool)
    if options.caliper is not None:
        column = caliper_variable or treated.columns[0]
        sd = pd.concat([treated[column], pool[column]]).std()
        allowed &= (
            np.abs(treated[column].to_numpy()[:, None] - pool[column].to_numpy()[None, :]) <= options.caliper * sd
        )
    if options.exact_state:
        allowed &= (
            treated_state.reindex(treated.index).to_numpy()[:, None]
            == pool_state.reindex(pool.index).to_numpy()[None, :]
        )
    pairs = (
        _pairs_with_replacement(gaps, allowed, options.neighbours)
        if options.replacement
        else _pairs_greedy(gaps, allowed, options.neighbours)
    )
    rows = [(treated.index[i], pool.index[j], gaps[i, j]) for i, j in pairs]
    return pd.DataFrame(rows, columns=["treated_id", "comparison_id", "distance"])


def _pairs_with_replacement(gaps: np.ndarray, allowed: np.ndarray, neighbours: int) -> list[tuple[int, int]]:
    masked = np.where(allowed, gaps, np.inf)
    order = np.argsort(masked, axis=1, kind="stable")[:, :neighbours]
    return [(i, j) for i in range(len(gaps)) for j in order[i] if np.isfinite(masked[i, j])]


def _pairs_greedy(gaps: np.ndarray, allowed: np.ndarray, neighbours: int) -> list[tuple[int, int]]:
    candidates = np.argwhere(allowed)
    order = np.argsort(gaps[allowed], kind="stable")
    taken = np.zeros(gaps.shape[0], dtype=int)
    used = np.zeros(gaps.shape[1], dtype=bool)
    pairs = []
    for i, j in candidates[order]:
        if taken[i] < neighbours and not used[j]:
            pairs.append((int(i), int(j)))
            taken[i] += 1
            used[j] = True
    return sorted(pairs)


def comparison_weights(pairs: pd.DataFrame) -> pd.Series:
    """Weight of each comparison block: sum over its pilot blocks of 1 / that pilot's match count.

    Examples
    --------
    >>> pairs = pd.DataFrame({"treated_id": ["p", "p", "q"], "comparison_id": ["a", "b", "a"]})
    >>> comparison_weights(pairs).to_dict()
    {'a': 1.5, 'b': 0.5}
    """
    per_treated = pairs.groupby("treated_id").comparison_id.transform("size")
    return (1.0 / per_treated).groupby(pairs.comparison_id).sum().rename("weight")


def balance_table(
    treated: pd.DataFrame,
    pool: pd.DataFrame,
    matched_treated: pd.DataFrame | None = None,
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """Standardised mean differences (pilot minus comparison) before and after matching.

    The denominator is the same for both: sqrt((var_pilot + var_pool) / 2)
    before matching, so the two columns are on one scale.

    Examples
    --------
    >>> t = pd.DataFrame({"x": [2.0, 4.0]})
    >>> c = pd.DataFrame({"x": [0.0, 2.0]})
    >>> balance_table(t, c).smd_before.round(4).tolist()  # (3 - 1) / sqrt((2 + 2) / 2)
    [1.4142]
    """
    sd = np.sqrt((treated.var() + pool.var()) / 2.0)
    table = pd.DataFrame(
        {
            "pilot_mean": treated.mean(),
            "pool_mean": pool.mean(),
            "smd_before": (treated.mean() - pool.mean()) / sd,
        }
    )
    if matched_treated is not None and weights is not None:
        matched_pool = pool.loc[weights.index]
        weighted_mean = matched_pool.mul(weights, axis=0).sum() / weights.sum()
        table["matched_pilot_mean"] = matched_treated.mean()
        table["matched_comparison_mean"] = weighted_mean
        table["smd_after"] = (matched_treated.mean() - weighted_mean) / sd
    return table.rename_axis("variable").reset_index()
