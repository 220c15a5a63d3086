"""Matching of pilot to comparison blocks: hand-computed features, distances, pairs,
weights and balance, plus invariants of the matcher (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.evaluation.matching import (
    balance_table,
    comparison_weights,
    distances,
    level_and_trend,
    nearest_neighbours,
    usable_features,
)
from lib.evaluation.spec import MatchingOptions

FEW = settings(max_examples=50, deadline=None)


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame.treated_id, frame.comparison_id, strict=True))


# ---------------------------------------------------------------- level_and_trend


def test_level_and_trend_on_large_month_indices():
    # Unit a: y = 2 + 0.5 t on t = 24290..24295 (2024-03..2024-08 as month indices).
    #   level = 2 + 0.5 * mean(t) = 2 + 0.5 * 24292.5 = 12148.25, slope 0.5.
    # Unit b: (t, y) = (24290, 1), (24291, 4), (24293, 4), plus a NaN y that is ignored.
    #   mean t = 24291 1/3, centred t = -4/3, -1/3, 5/3; mean y = 3, centred y = -2, 1, 1
    #   Sxy = 8/3 - 1/3 + 5/3 = 4, Sxx = 16/9 + 1/9 + 25/9 = 42/9, slope = 4 / (42/9) = 6/7.
    # Unit c: one month only -> level 7, no slope.
    # Unit d: two values in one month -> level 2, no slope.
    t_a = np.arange(24290, 24296, dtype=np.int64)
    frame = pd.DataFrame(
        {
            "unit_id": ["a"] * 6 + ["b"] * 4 + ["c"] + ["d"] * 2,
            "t": np.concatenate([t_a, [24290, 24291, 24293, 24294], [24300], [24301, 24301]]).astype(np.int64),
            "y": np.concatenate([2 + 0.5 * t_a, [1.0, 4.0, 4.0, np.nan], [7.0], [1.0, 3.0]]),
        }
    )
    result = level_and_trend(frame, "y", "outcome")

    assert list(result.columns) == ["outcome_level", "outcome_trend"]
    assert result.loc["a", "outcome_level"] == pytest.approx(12148.25, rel=1e-12)
    assert result.loc["a", "outcome_trend"] == pytest.approx(0.5, abs=1e-9)
    assert result.loc["b", "outcome_level"] == pytest.approx(3.0)
    assert result.loc["b", "outcome_trend"] == pytest.approx(6 / 7, abs=1e-9)
    assert result.loc["c", "outcome_level"] == 7.0
    assert math.isnan(result.loc["c", "outcome_trend"])
    assert result.loc["d", "outcome_level"] == 2.0
    assert math.isnan(result.loc["d", "outcome_trend"])


def test_level_and_trend_unit_with_only_missing_values_has_no_row():
    frame = pd.DataFrame({"unit_id": ["a", "a", "b"], "t": [1, 2, 1], "y": [1.0, 2.0, np.nan]})
    result = level_and_trend(frame, "y", "y")
    assert list(result.index) == ["a"]
    assert result.loc["a", "y_trend"] == pytest.approx(1.0)


# ---------------------------------------------------------------- usable_features


def test_usable_features_drops_sparse_and_constant_variables_then_incomplete_blocks():
    features = pd.DataFrame(
        {
            "level": [1.0, 2.0, 3.0, np.nan],  # 1 of 4 missing: kept, block d then dropped
            "sparse": [1.0, np.nan, np.nan, np.nan],  # 3 of 4 missing: dropped
            "constant": [5.0, 5.0, 5.0, 5.0],  # no variation: dropped
            "trend": [0.1, 0.3, 0.2, 0.4],
        },
        index=["a", "b", "c", "d"],
    )
    result = usable_features(features)
    assert list(result.columns) == ["level", "trend"]
    assert list(result.index) == ["a", "b", "c"]


# ---------------------------------------------------------------- distances


def test_distances_hand_computed_two_features():
    # Pilots p = (0, 0), q = (2, 0); pool a = (0, 4), b = (2, 4).
    # x over all four: 0, 2, 0, 2 -> mean 1, squares 4 * 1 = 4, var 4/3, sd 2/sqrt(3).
    # z over all four: 0, 0, 4, 4 -> mean 2, squares 4 * 4 = 16, var 16/3, sd 4/sqrt(3).
    # p-a: dx 0, dz 4 / (4/sqrt 3) = sqrt 3 -> mean of squares (0 + 3) / 2 = 1.5
    # p-b: dx 2 / (2/sqrt 3) = sqrt 3, dz sqrt 3 -> (3 + 3) / 2 = 3
    treated = pd.DataFrame({"x": [0.0, 2.0], "z": [0.0, 0.0]}, index=["p", "q"])
    pool = pd.DataFrame({"x": [0.0, 2.0], "z": [4.0, 4.0]}, index=["a", "b"])
    expected = np.array([[math.sqrt(1.5), math.sqrt(3.0)], [math.sqrt(3.0), math.sqrt(1.5)]])
    np.testing.assert_allclose(distances(treated, pool), expected, rtol=1e-12)


def test_distances_uneven_groups():
    # Pilot p = (1, 2); pool a = (3, 2), b = (3, 8).
    # x: 1, 3, 3 -> mean 7/3, squares 16/9 + 4/9 + 4/9 = 24/9, var 4/3, sd 2/sqrt(3)
    # z: 2, 2, 8 -> mean 4, squares 4 + 4 + 16 = 24, var 12, sd 2 sqrt(3)
    # p-a: dx 2 -> sqrt 3 (square 3), dz 0 -> sqrt(3/2)
    # p-b: dx 2 -> square 3, dz 6 / (2 sqrt 3) = sqrt 3 -> square 3 -> sqrt(3)
    treated = pd.DataFrame({"x": [1.0], "z": [2.0]}, index=["p"])
    pool = pd.DataFrame({"x": [3.0, 3.0], "z": [2.0, 8.0]}, index=["a", "b"])
    result = distances(treated, pool)
    assert result.shape == (1, 2)
    np.testing.assert_allclose(result, [[math.sqrt(1.5), math.sqrt(3.0)]], rtol=1e-12)


# ---------------------------------------------------------------- nearest_neighbours

# One variable x. Pilots p = 0, q = 1; pool a = 0.9, b = 3, c = -2.5.
# |dx|: p-a 0.9, p-b 3, p-c 2.5; q-a 0.1, q-b 2, q-c 3.5 (all distances are |dx| / sd).
CROWDED_TREATED = pd.DataFrame({"x": [0.0, 1.0]}, index=["p", "q"])
CROWDED_POOL = pd.DataFrame({"x": [0.9, 3.0, -2.5]}, index=["a", "b", "c"])


def test_greedy_without_replacement_gives_the_shared_neighbour_to_the_closer_pilot():
    # Closest pair first: q-a (0.1); then p-a (0.9) is refused (a used), q-b (2) is
    # refused (q has its one match), p-c (2.5) is taken.
    options = MatchingOptions(neighbours=1, replacement=False, caliper=None)
    pairs = nearest_neighbours(CROWDED_TREATED, CROWDED_POOL, options)
    assert _pairs(pairs) == {("p", "c"), ("q", "a")}


def test_with_replacement_both_pilots_take_the_shared_neighbour():
    options = MatchingOptions(neighbours=1, replacement=True, caliper=None)
    pairs = nearest_neighbours(CROWDED_TREATED, CROWDED_POOL, options)
    assert _pairs(pairs) == {("p", "a"), ("q", "a")}


def test_distance_column_is_the_standardised_gap():
    options = MatchingOptions(neighbours=1, replacement=True, caliper=None)
    pairs = nearest_neighbours(CROWDED_TREATED, CROWDED_POOL, options).set_index("treated_id")
    # x over p, q, a, b, c: 0, 1, 0.9, 3, -2.5; mean 0.48
    squares = sum((v - 0.48) ** 2 for v in (0.0, 1.0, 0.9, 3.0, -2.5))
    sd = math.sqrt(squares / 4)
    assert pairs.loc["p", "distance"] == pytest.approx(0.9 / sd)
    assert pairs.loc["q", "distance"] == pytest.approx(0.1 / sd)


def test_two_neighbours_without_replacement():
    # Order: q-a 0.1 take, p-a 0.9 refuse, q-b 2 take (q now full), p-c 2.5 take,
    # p-b 3 refuse (b used), q-c 3.5 refuse: p has one match, q two.
    options = MatchingOptions(neighbours=2, replacement=False, caliper=None)
    pairs = nearest_neighbours(CROWDED_TREATED, CROWDED_POOL, options)
    assert _pairs(pairs) == {("p", "c"), ("q", "a"), ("q", "b")}


def test_two_neighbours_with_replacement():
    options = MatchingOptions(neighbours=2, replacement=True, caliper=None)
    pairs = nearest_neighbours(CROWDED_TREATED, CROWDED_POOL, options)
    assert _pairs(pairs) == {("p", "a"), ("p", "c"), ("q", "a"), ("q", "b")}


# Caliper variable 'level' first, a noise variable 'trend' second.
# level over p, q, a, b = 0, 2, 0, -2: mean 0, squares 8, var 8/3, sd 1.63299.
CALIPER_TREATED = pd.DataFrame({"level": [0.0, 2.0], "trend": [0.1, 0.5]}, index=["p", "q"])
CALIPER_POOL = pd.DataFrame({"level": [0.0, -2.0], "trend": [0.3, 0.2]}, index=["a", "b"])


def test_caliper_excludes_pilot_with_no_close_baseline():
    # caliper 1.0 SD = 1.633: p-a gap 0 allowed, p-b gap 2 not; q-a gap 2, q-b gap 4: q unmatched.
    options = MatchingOptions(neighbours=2, replacement=False, caliper=1.0)
    pairs = nearest_neighbours(CALIPER_TREATED, CALIPER_POOL, options)
    assert _pairs(pairs) == {("p", "a")}


def test_wider_caliper_admits_the_pilot_again():
    # caliper 1.3 SD = 2.123 >= 2: p-a and q-a allowed, p-b (2) allowed, q-b (4) not.
    options = MatchingOptions(neighbours=2, replacement=True, caliper=1.3)
    pairs = nearest_neighbours(CALIPER_TREATED, CALIPER_POOL, options)
    assert _pairs(pairs) == {("p", "a"), ("p", "b"), ("q", "a")}


def test_caliper_on_a_named_variable():
    # trend over p, q, a, b = 0.1, 0.5, 0.3, 0.2: mean 0.275,
    # squares 0.030625 + 0.050625 + 0.000625 + 0.005625 = 0.0875, var 0.029167, sd 0.17078.
    # Trend gaps: p-a 0.2, p-b 0.1, q-a 0.2, q-b 0.3.
    # caliper 0.5 SD = 0.0854: no pair allowed; caliper 0.6 SD = 0.1025: only p-b (0.1).
    narrow = nearest_neighbours(
        CALIPER_TREATED,
        CALIPER_POOL,
        MatchingOptions(neighbours=2, replacement=True, caliper=0.5),
        caliper_variable="trend",
    )
    assert narrow.empty
    wider = nearest_neighbours(
        CALIPER_TREATED,
        CALIPER_POOL,
        MatchingOptions(neighbours=2, replacement=True, caliper=0.6),
        caliper_variable="trend",
    )
    assert _pairs(wider) == {("p", "b")}


def test_exact_state_matches_only_within_the_state():
    # x: p 0 (S1), q 1 (S2); a 0.1 (S2) is nearest to both; b 5 and c 3 are in S1.
    treated = pd.DataFrame({"x": [0.0, 1.0]}, index=["p", "q"])
    pool = pd.DataFrame({"x": [0.1, 5.0, 3.0]}, index=["a", "b", "c"])
    states = pd.Series({"p": "S1", "q": "S2", "a": "S2", "b": "S1", "c": "S1"})
    free = nearest_neighbours(treated, pool, MatchingOptions(neighbours=1, replacement=True, caliper=None))
    assert _pairs(free) == {("p", "a"), ("q", "a")}
    for replacement in (True, False):
        options = MatchingOptions(neighbours=1, replacement=replacement, caliper=None, exact_state=True)
        pairs = nearest_neighbours(treated, pool, options, states, states)
        assert _pairs(pairs) == {("p", "c"), ("q", "a")}


# ---------------------------------------------------------------- comparison_weights


def test_comparison_weights_hand_values():
    # p has 1 match (c: 1); q has 2 (a: 1/2, b: 1/2); r has 4 (a, b, c, d: 1/4 each).
    pairs = pd.DataFrame(
        {
            "treated_id": ["p", "q", "q", "r", "r", "r", "r"],
            "comparison_id": ["c", "a", "b", "a", "b", "c", "d"],
        }
    )
    weights = comparison_weights(pairs)
    assert weights.to_dict() == pytest.approx({"a": 0.75, "b": 0.75, "c": 1.25, "d": 0.25})
    assert weights.sum() == pytest.approx(3.0)


# ---------------------------------------------------------------- balance_table


def test_balance_table_before_and_after_hand_values():
    # x: pilots 2, 4, 6 (mean 4, var 4); pool 0, 2, 4 (mean 2, var 4): sd = sqrt((4 + 4) / 2) = 2
    #    before (4 - 2) / 2 = 1
    #    after: matched pilots 2, 4 (mean 3); comparison c1 (x 2, weight 1.5), c2 (x 4, weight 0.5):
    #    weighted mean (3 + 2) / 2 = 2.5 -> (3 - 2.5) / 2 = 0.25
    # y: pilots 1, 1, 4 (mean 2, var 3); pool 0, 3, 3 (mean 2, var 3): sd sqrt 3, before 0
    #    after: matched pilots 1, 1 (mean 1); comparison y 3 and 3 -> 3 -> (1 - 3) / sqrt 3
    treated = pd.DataFrame({"x": [2.0, 4.0, 6.0], "y": [1.0, 1.0, 4.0]}, index=["t1", "t2", "t3"])
    pool = pd.DataFrame({"x": [0.0, 2.0, 4.0], "y": [0.0, 3.0, 3.0]}, index=["c0", "c1", "c2"])
    weights = pd.Series({"c1": 1.5, "c2": 0.5}, name="weight")
    table = balance_table(treated, pool, treated.loc[["t1", "t2"]], weights).set_index("variable")

    assert table.loc["x", "pilot_mean"] == pytest.approx(4.0)
    assert table.loc["x", "pool_mean"] == pytest.approx(2.0)
    assert table.loc["x", "smd_before"] == pytest.approx(1.0)
    assert table.loc["x", "matched_pilot_mean"] == pytest.approx(3.0)
    assert table.loc["x", "matched_comparison_mean"] == pytest.approx(2.5)
    assert table.loc["x", "smd_after"] == pytest.approx(0.25)
    assert table.loc["y", "smd_before"] == pytest.approx(0.0, abs=1e-12)
    assert table.loc["y", "matched_comparison_mean"] == pytest.approx(3.0)
    assert table.loc["y", "smd_after"] == pytest.approx(-2 / math.sqrt(3))


def test_balance_table_without_matching_has_no_after_columns():
    treated = pd.DataFrame({"x": [2.0, 4.0]})
    pool = pd.DataFrame({"x": [0.0, 1.0, 2.0]})
    # pilots mean 3 var 2; pool mean 1 var 1: sd sqrt(1.5), smd 2 / sqrt(1.5)
    table = balance_table(treated, pool)
    assert list(table.columns) == ["variable", "pilot_mean", "pool_mean", "smd_before"]
    assert table.smd_before.iloc[0] == pytest.approx(2 / math.sqrt(1.5))


# ---------------------------------------------------------------- properties

VALUE = st.integers(-50, 50).map(float)


@st.composite
def groups(draw, min_treated=1, max_treated=5, min_pool=1, max_pool=7, max_features=3):
    """Pilot and pool feature frames whose every variable varies over both together."""
    k = draw(st.integers(1, max_features))
    n_t = draw(st.integers(min_treated, max_treated))
    n_c = draw(st.integers(min_pool, max_pool))
    columns = [f"v{i}" for i in range(k)]
    treated = pd.DataFrame(
        draw(st.lists(st.lists(VALUE, min_size=k, max_size=k), min_size=n_t, max_size=n_t)),
        columns=columns,
        index=[f"p{i}" for i in range(n_t)],
    )
    pool = pd.DataFrame(
        draw(st.lists(st.lists(VALUE, min_size=k, max_size=k), min_size=n_c, max_size=n_c)),
        columns=columns,
        index=[f"c{i}" for i in range(n_c)],
    )
    assume((pd.concat([treated, pool]).std() > 0).all())
    return treated, pool


CALIPERS = st.one_of(st.none(), st.sampled_from([0.1, 0.25, 0.5, 1.0, 2.0]))


@FEW
@given(groups(), st.integers(1, 3), CALIPERS)
def test_without_replacement_each_comparison_block_used_once(frames, neighbours, caliper):
    treated, pool = frames
    options = MatchingOptions(neighbours=neighbours, replacement=False, caliper=caliper)
    pairs = nearest_neighbours(treated, pool, options)
    assert pairs.comparison_id.is_unique
    assert pairs.groupby("treated_id").size().to_numpy().max(initial=0) <= neighbours
    if caliper is None:  # greedy stops only when every pilot is full or the pool is used up
        assert len(pairs) == min(neighbours * len(treated), len(pool))


@FEW
@given(groups(), st.integers(1, 4))
def test_with_replacement_each_pilot_gets_its_nearest(frames, neighbours):
    treated, pool = frames
    pairs = nearest_neighbours(treated, pool, MatchingOptions(neighbours=neighbours, replacement=True, caliper=None))
    counts = pairs.groupby("treated_id").size()
    assert set(counts.index) == set(treated.index)
    assert (counts == min(neighbours, len(pool))).all()
    gaps = pd.DataFrame(distances(treated, pool), index=treated.index, columns=pool.index)
    for pilot, chosen in pairs.groupby("treated_id").comparison_id:
        others = gaps.loc[pilot].drop(chosen.to_list())
        assert gaps.loc[pilot, chosen.to_list()].max() <= others.to_numpy().min(initial=np.inf) + 1e-12


@FEW
@given(groups(), st.integers(1, 3), st.booleans(), CALIPERS)
def test_comparison_weights_sum_to_matched_pilots(frames, neighbours, replacement, caliper):
    treated, pool = frames
    options = MatchingOptions(neighbours=neighbours, replacement=replacement, caliper=caliper)
    pairs = nearest_neighbours(treated, pool, options)
    assume(len(pairs) > 0)
    weights = comparison_weights(pairs)
    assert weights.sum() == pytest.approx(pairs.treated_id.nunique())
    assert (weights > 0).all()
    assert set(weights.index) == set(pairs.comparison_id)


@FEW
@given(groups(min_treated=2, min_pool=2))
def test_smd_before_is_antisymmetric(frames):
    treated, pool = frames
    forward = balance_table(treated, pool).set_index("variable").smd_before
    backward = balance_table(pool, treated).set_index("variable").smd_before
    np.testing.assert_allclose(forward, -backward, atol=1e-12)


@FEW
@given(groups(), st.data())
def test_distances_invariant_to_shift_and_positive_scale(frames, data):
    treated, pool = frames
    column = data.draw(st.sampled_from(list(treated.columns)))
    scale = data.draw(st.sampled_from([0.01, 0.5, 3.0, 1000.0]))
    shift = data.draw(st.integers(-10_000, 10_000))
    moved_t, moved_c = treated.copy(), pool.copy()
    moved_t[column] = treated[column] * scale + shift
    moved_c[column] = pool[column] * scale + shift
    np.testing.assert_allclose(distances(moved_t, moved_c), distances(treated, pool), rtol=1e-9, atol=1e-9)
