"""Invariants of the ranking engine on small random matrices (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import rankdata

from lib.scoring import IndicatorMatrix, RankingParams, rank_units
from lib.scoring.normalise import clip_to_valid, clip_to_valid_sql, normalise
from lib.scoring.params import GROUPS
from lib.scoring.uncertainty import method_alternatives, monte_carlo

# All-missing columns make numpy warn inside the engine; the engine masks those results itself.
pytestmark = [
    pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:Degrees of freedom:RuntimeWarning"),
]
PERIOD = date(2026, 8, 1)
FEW = settings(max_examples=30, deadline=None)  # per parametrised case
# (method, aggregation at both levels): every valid combination
COMBINATIONS = [
    (m, a)
    for m in ("balanced", "frontier", "zscore", "percentile")
    for a in ("arithmetic", "geometric")
    if (m, a) != ("zscore", "geometric")
]
# One decimal on 0-100 so that ties between units are common
VALUE = st.integers(0, 1000).map(lambda v: v / 10)


@st.composite
def value_arrays(draw, min_units=3, max_units=8, min_indicators=2, max_indicators=6, missing=True):
    n = draw(st.integers(min_units, max_units))
    k = draw(st.integers(min_indicators, max_indicators))
    values = draw(arrays(float, (n, k), elements=VALUE))
    if missing:  # about one cell in eight missing
        values[draw(arrays(np.int8, (n, k), elements=st.integers(0, 7))) == 0] = np.nan
    return values


@st.composite
def matrices(draw, missing=True, **sizes):
    values = draw(value_arrays(missing=missing, **sizes))
    n, k = values.shape
    units = pd.DataFrame(
        {
            "unit_id": [f"B{i}" for i in range(n)],
            "unit_name": [f"Block {i}" for i in range(n)],
            "lgd_code": [str(900 + i) for i in range(n)],
            "district_id": "D1",
            "district": "Gaya",
            "state_id": "S10",
            "state": "Bihar",
        }
    )
    return IndicatorMatrix(
        period=PERIOD,
        units=units,
        indicator_ids=np.array([f"k{j}" for j in range(k)]),
        groups=np.array(draw(st.lists(st.sampled_from(GROUPS), min_size=k, max_size=k))),
        lower_is_better=np.array(draw(st.lists(st.booleans(), min_size=k, max_size=k))),
        valid_min=np.zeros(k),
        valid_max=np.full(k, 100.0),
        values=values,
        age_months=np.where(np.isnan(values), np.nan, 0.0),
    )


def params_for(method: str, aggregation: str, **changes) -> RankingParams:
    return RankingParams(
        period=PERIOD,
        method=method,
        indicator_aggregation=aggregation,
        theme_aggregation=aggregation,
        max_missing_share=0.5,
        **changes,
    )


def table(matrix, params) -> pd.DataFrame:
    return rank_units(matrix, params).table


# --- direction ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["percent", "minmax", "zscore", "percentile"])
@FEW
@given(values=value_arrays(min_units=2))
def test_flipping_direction_mirrors_the_normalised_value(method, values):
    k = values.shape[1]
    higher = normalise(method, values, np.zeros(k, bool), np.zeros(k), np.full(k, 100.0))
    lower = normalise(method, values, np.ones(k, bool), np.zeros(k), np.full(k, 100.0))
    assert np.array_equal(np.isnan(higher), np.isnan(values)) and np.array_equal(np.isnan(lower), np.isnan(values))
    present = (~np.isnan(values)).sum(axis=0)
    spread = np.nanmax(values, axis=0) > np.nanmin(values, axis=0)
    # A column with one value (percentile) or no spread (min-max) puts every unit at 100 either way.
    constant = {"minmax": ~spread, "percentile": present < 2}.get(method, np.zeros(k, bool))
    mirror = {"percent": 100.0, "minmax": 100.0, "percentile": 100.0, "zscore": 0.0}[method]
    for j in range(k):
        if present[j] == 0:
            continue
        shown = ~np.isnan(values[:, j])
        if constant[j]:
            assert np.allclose(higher[shown, j], 100.0) and np.allclose(lower[shown, j], 100.0)
        else:
            assert lower[shown, j] == pytest.approx(mirror - higher[shown, j], abs=1e-9)


# --- weights --------------------------------------------------------------------------------


@pytest.mark.parametrize("method, aggregation", COMBINATIONS)
@FEW
@given(matrix=matrices(), data=st.data())
def test_scaling_all_weights_changes_no_rank(method, aggregation, matrix, data):
    weight = st.floats(0.1, 10.0)
    themes = data.draw(st.fixed_dictionaries({g: weight for g in GROUPS}), label="theme weights")
    indicators = {i: data.draw(weight, label=i) for i in matrix.indicator_ids}
    # Powers of two scale exactly in binary floating point, so the composite must be bit-identical.
    # (Other factors can move a composite by one ulp and split a tie that holds on paper: see
    # test_scoring_methods.py::test_units_equal_on_paper_share_a_rank.)
    factor = 2.0 ** data.draw(st.integers(-6, 6).filter(bool), label="log2 factor")
    params = params_for(method, aggregation).with_weights(themes, indicators)
    nominal = table(matrix, params)
    for scaled in (
        params.with_weights(theme_weights={g: w * factor for g, w in themes.items()}),
        params.with_weights(indicator_weights={i: w * factor for i, w in indicators.items()}),
    ):
        other = table(matrix, scaled)
        assert np.array_equal(other.composite.to_numpy(), nominal.composite.to_numpy(), equal_nan=True)
        assert other["rank"].equals(nominal["rank"])


# --- monotonicity ---------------------------------------------------------------------------


@pytest.mark.parametrize("method, aggregation", COMBINATIONS)
@FEW
@given(matrix=matrices(), data=st.data())
def test_raising_a_higher_is_better_value_never_lowers_own_composite(method, aggregation, matrix, data):
    params = params_for(method, aggregation)
    before = table(matrix, params).composite.to_numpy()
    candidates = np.argwhere(~np.isnan(matrix.values) & ~np.isnan(before)[:, None])
    assume(len(candidates))
    unit, column = candidates[data.draw(st.integers(0, len(candidates) - 1), label="cell")]
    raised = matrix.values.copy()
    raised[unit, column] += data.draw(st.floats(0.1, 150.0), label="increase")
    lower_is_better = matrix.lower_is_better.copy()
    lower_is_better[column] = False
    original = replace(matrix, lower_is_better=lower_is_better)
    before = table(original, params).composite.to_numpy()
    after = table(replace(original, values=raised), params).composite.to_numpy()
    assert after[unit] >= before[unit] - 1e-9 * max(1.0, abs(before[unit]))


# --- ranks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method, aggregation", COMBINATIONS)
@FEW
@given(matrix=matrices())
def test_ranks_are_min_ranks_of_the_composite(method, aggregation, matrix):
    result = table(matrix, params_for(method, aggregation))
    scored = result.composite.notna().to_numpy()
    assert result["rank"].notna().to_numpy().tolist() == scored.tolist()
    assert result.not_ranked_reason.isna().to_numpy().tolist() == scored.tolist()
    if scored.any():
        # scores equal to 9 decimal places tie (documented in lib.scoring.engine.min_rank)
        expected = rankdata(-np.round(result.composite.to_numpy()[scored], 9), method="min")
        assert result["rank"].to_numpy()[scored].astype(int).tolist() == expected.astype(int).tolist()
        assert result["rank"].min() == 1


# --- Monte Carlo ----------------------------------------------------------------------------


def _distinct_composites(composite: np.ndarray) -> bool:
    ranked = np.sort(composite[~np.isnan(composite)])
    return len(ranked) >= 2 and bool(np.all(np.diff(ranked) > 1e-6 * max(1.0, np.abs(ranked).max())))


@settings(max_examples=50, deadline=None)
@given(combination=st.sampled_from(COMBINATIONS), matrix=matrices(min_units=4))
def test_monte_carlo_without_perturbation_reproduces_the_ranking(combination, matrix):
    params = params_for(*combination)
    assume(_distinct_composites(table(matrix, params).composite.to_numpy()))
    result = monte_carlo(matrix, params, draws=20, perturbation=0.0, seed=1)
    nominal = result["rank"].to_numpy(dtype=float)
    for column in ("rank_p05", "median_rank", "rank_p95"):
        assert result[column].tolist() == nominal.tolist()
    assert result.distinct_from_next.tolist() == [True] * (len(result) - 1) + [False]


@settings(max_examples=40, deadline=None)
@given(
    combination=st.sampled_from(COMBINATIONS),
    matrix=matrices(min_units=4),
    perturbation=st.floats(0.05, 0.9),
    seed=st.integers(0, 2**16),
)
def test_monte_carlo_intervals_are_ordered_and_reproducible(combination, matrix, perturbation, seed):
    params = params_for(*combination)
    ranked = int(table(matrix, params)["rank"].notna().sum())
    assume(ranked >= 2)
    result = monte_carlo(matrix, params, draws=30, perturbation=perturbation, seed=seed)
    assert len(result) == ranked
    assert (
        (result.rank_p05 >= 1)
        & (result.rank_p05 <= result.median_rank)
        & (result.median_rank <= result.rank_p95)
        & (result.rank_p95 <= ranked)
    ).all()
    assert result.share_above_next.between(0, 1).sum() == ranked - 1
    again = monte_carlo(matrix, params, draws=30, perturbation=perturbation, seed=seed)
    pd.testing.assert_frame_equal(result, again)
    mixed = [
        monte_carlo(matrix, params, draws=30, perturbation=perturbation, seed=seed, methods=method_alternatives(params))
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(*mixed)


# ---------------------------------------------------------------- the valid-range clip

FINITE = st.floats(-1e6, 1e6, allow_nan=False)
BOUND = st.one_of(st.none(), FINITE)  # None: the catalogue gives no bound on that side


@st.composite
def ranges(draw):
    low, high = draw(BOUND), draw(BOUND)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def _open(bound, side: float) -> float:
    return side if bound is None else bound


@given(st.lists(st.one_of(FINITE, st.just(float("nan"))), max_size=12), ranges())
def test_clip_to_valid_is_within_range_idempotent_and_keeps_missing(values, valid_range):
    low, high = valid_range
    clipped = clip_to_valid(values, low, high)
    present = ~np.isnan(np.asarray(values, dtype=float))
    assert (np.isnan(clipped) == ~present).all()  # missing stays missing, nothing else is
    assert (clipped[present] >= _open(low, -np.inf)).all() and (clipped[present] <= _open(high, np.inf)).all()
    np.testing.assert_array_equal(clip_to_valid(clipped, low, high), clipped)  # idempotent


@given(st.lists(FINITE, min_size=1, max_size=12), ranges())
def test_clip_to_valid_leaves_values_inside_the_range_alone(values, valid_range):
    low, high = valid_range
    inside = [v for v in values if _open(low, -np.inf) <= v <= _open(high, np.inf)]
    np.testing.assert_array_equal(clip_to_valid(inside, low, high), np.asarray(inside, dtype=float))


@given(arrays(float, (4, 3), elements=FINITE), st.lists(ranges(), min_size=3, max_size=3))
def test_clip_to_valid_uses_each_columns_own_range(values, column_ranges):
    lows = [low for low, _ in column_ranges]
    highs = [high for _, high in column_ranges]
    clipped = clip_to_valid(values, lows, highs)
    for k, (low, high) in enumerate(column_ranges):
        np.testing.assert_array_equal(clipped[:, k], clip_to_valid(values[:, k], low, high))


def test_clip_to_valid_sql_matches_the_python_clip():
    rows = [
        (180.0, 0.0, 100.0),
        (-3.0, 0.0, 100.0),
        (40.0, 0.0, 100.0),
        (500.0, None, None),
        (-5.0, None, 10.0),
        (12.0, 20.0, None),
        (None, 0.0, 100.0),
    ]
    with duckdb.connect() as con:
        got = con.execute(
            "SELECT "
            + clip_to_valid_sql("v", "lo", "hi")
            + " FROM (VALUES "
            + ", ".join("(?::DOUBLE, ?::DOUBLE, ?::DOUBLE)" for _ in rows)
            + ") t(v, lo, hi)",
            [x for row in rows for x in row],
        ).fetchall()
    expected = [100.0, 0.0, 40.0, 500.0, -5.0, 20.0, None]
    assert [g[0] for g in got] == expected
    python = clip_to_valid(
        [np.nan if v is None else v for v, _, _ in rows], [lo for _, lo, _ in rows], [hi for _, _, hi in rows]
    )
    assert [None if np.isnan(x) else float(x) for x in python] == expected
