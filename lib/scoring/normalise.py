"""Normalisation: raw as-of values -> comparable, direction-aware scores.

All functions take an (n, k) array with NaN for missing values and a (k,)
``lower_is_better`` mask, and normalise each column over the rows given
(the units in scope that pass the missing-data rule).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata


def clip_to_valid(values, valid_min, valid_max) -> np.ndarray:
    """Values clipped to the indicator's valid range: a mistyped 180% counts as 100%.

    The one clip every consumer of values uses (ranking, peers, profile, evaluation), so a
    stray value never rescales the others. ``valid_min`` and ``valid_max`` broadcast against
    ``values`` (one per column of an (n, k) matrix, or per value); a missing bound (NaN or
    None: the catalogue gives none) leaves that side open. Missing values stay missing.
    In SQL, :func:`clip_to_valid_sql`.

    Examples
    --------
    >>> clip_to_valid([180.0, -3.0, 40.0, np.nan], 0.0, 100.0).tolist()
    [100.0, 0.0, 40.0, nan]
    >>> clip_to_valid([[180.0, 180.0]], [0.0, None], [100.0, None]).tolist()
    [[100.0, 180.0]]
    """
    low, high = np.asarray(valid_min, dtype=float), np.asarray(valid_max, dtype=float)
    return np.clip(
        np.asarray(values, dtype=float), np.where(np.isnan(low), -np.inf, low), np.where(np.isnan(high), np.inf, high)
    )


def clip_to_valid_sql(value: str, valid_min: str, valid_max: str) -> str:
    """:func:`clip_to_valid` as a DuckDB expression over the SQL expressions given (column
    names, never user input): a NULL bound leaves that side open, a NULL value stays NULL.

    Examples
    --------
    >>> import duckdb
    >>> duckdb.sql("SELECT " + clip_to_valid_sql("v", "0.0", "100.0") + " FROM (VALUES (180.0), (NULL)) t(v)").fetchall()
    [(100.0,), (None,)]
    """
    # greatest() and least() skip NULLs, so a NULL value is kept NULL explicitly
    return (
        f"CASE WHEN {value} IS NOT NULL THEN least(greatest({value}, coalesce({valid_min}, -'infinity'::DOUBLE)), "
        f"coalesce({valid_max}, 'infinity'::DOUBLE)) END"
    )


def percent(
    values: np.ndarray, lower_is_better: np.ndarray, valid_min: np.ndarray, valid_max: np.ndarray
) -> np.ndarray:
    """NITI's balanced method: the percentage itself, ``100 - value`` when lower is better.

    Values are first clipped to the indicator's valid range (a mistyped 180%
    counts as 100%).

    Examples
    --------
    >>> percent(np.array([[20.0, 150.0]]), np.array([True, False]), np.zeros(2), np.full(2, 100.0)).tolist()
    [[80.0, 100.0]]
    """
    clipped = clip_to_valid(values, valid_min, valid_max)
    return np.where(lower_is_better, 100.0 - clipped, clipped)


def minmax(values: np.ndarray, lower_is_better: np.ndarray) -> np.ndarray:
    """Distance to frontier: 100 at the best unit, 0 at the worst.

    An indicator on which every unit is equal puts every unit at the frontier (100).

    Examples
    --------
    >>> minmax(np.array([[10.0], [20.0], [30.0]]), np.array([True])).ravel().tolist()
    [100.0, 50.0, 0.0]
    """
    low, high = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    span = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.where(span > 0, (values - low) / np.where(span > 0, span, 1.0) * 100.0, 100.0)
    scaled = np.where(lower_is_better & (span > 0), 100.0 - scaled, scaled)
    return np.where(np.isnan(values), np.nan, scaled)


def zscore(values: np.ndarray, lower_is_better: np.ndarray) -> np.ndarray:
    """Standard scores (sample standard deviation, as COINr), sign flipped when lower is better.

    Examples
    --------
    >>> zscore(np.array([[1.0], [2.0], [3.0]]), np.array([False])).ravel().tolist()
    [-1.0, 0.0, 1.0]
    """
    mean = np.nanmean(values, axis=0)
    present = np.sum(~np.isnan(values), axis=0)
    sd = np.where(present > 1, np.nanstd(values, axis=0, ddof=1) if values.shape[0] > 1 else 0.0, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(sd > 0, (values - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    scores = np.where(lower_is_better, -scores, scores)
    return np.where(np.isnan(values), np.nan, scores)


def percentile(values: np.ndarray, lower_is_better: np.ndarray) -> np.ndarray:
    """Percentile rank 0-100 among units with a value (ties share their average rank).

    Examples
    --------
    >>> percentile(np.array([[5.0], [7.0], [7.0], [9.0]]), np.array([False])).ravel().tolist()
    [0.0, 50.0, 50.0, 100.0]
    """
    oriented = np.where(lower_is_better, -values, values)
    ranks = rankdata(oriented, method="average", axis=0, nan_policy="omit")
    present = np.sum(~np.isnan(values), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.where(present > 1, (ranks - 1.0) / np.maximum(present - 1, 1) * 100.0, 100.0)
    return np.where(np.isnan(values), np.nan, scaled)


def normalise(method: str, values, lower_is_better, valid_min, valid_max) -> np.ndarray:
    """Dispatch on the normalisation name (see :data:`lib.scoring.params.NORMALISATIONS`)."""
    if method == "percent":
        return percent(values, lower_is_better, valid_min, valid_max)
    functions = {"minmax": minmax, "zscore": zscore, "percentile": percentile}
    if method not in functions:
        raise ValueError(f"normalisation {method!r} is not one of percent, {', '.join(functions)}")
    return functions[method](values, lower_is_better)
