"""Provisional composite: hand-computed scaling, group means, ranks, improvers, and invariants."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.overview import GROUP_ORDER, improvers, provisional_scores, scaled_indicators

# Four indicators in two score groups; h2 is lower-is-better.
CATALOGUE = pd.DataFrame({
    "indicator_id": ["h1", "h2", "e1", "e2"],
    "score_group": ["health", "health", "education", "education"],
    "direction": ["higher", "lower", "higher", "higher"],
    "valid_min": [0.0, 0.0, 0.0, 0.0],
    "valid_max": [100.0, 100.0, 100.0, 100.0],
})
# Blocks A-D. D has no e1 value (3 of 4 indicators = 25% missing > 20%).
RAW = {
    "h1": {"A": 150.0, "B": 50.0, "C": 0.0, "D": 50.0},
    "h2": {"A": 10.0, "B": 30.0, "C": 20.0, "D": 10.0},
    "e1": {"A": 20.0, "B": 60.0, "C": 40.0},
    "e2": {"A": 50.0, "B": 90.0, "C": 70.0, "D": 10.0},
}
ASOF = pd.DataFrame([(u, i, v) for i, per in RAW.items() for u, v in per.items()],
                    columns=["unit_id", "indicator_id", "value"])

# By hand:
# h1: A's 150 clips to 100; min 0, max 100 -> A (100-0)/100*100 = 100, B 50, C 0, D 50
# h2: min 10, max 30, span 20 -> raw A 0, B 100, C 50, D 0; lower is better -> 100 - s:
#     A 100, B 0, C 50, D 100
# e1: min 20, max 60, span 40 -> A 0, B 100, C (40-20)/40*100 = 50, D missing
# e2: min 10, max 90, span 80 -> A 40/80*100 = 50, B 100, C 60/80*100 = 75, D 0
EXPECTED_SCALED = {
    "h1": {"A": 100.0, "B": 50.0, "C": 0.0, "D": 50.0},
    "h2": {"A": 100.0, "B": 0.0, "C": 50.0, "D": 100.0},
    "e1": {"A": 0.0, "B": 100.0, "C": 50.0},
    "e2": {"A": 50.0, "B": 100.0, "C": 75.0, "D": 0.0},
}
# health    = mean(h1, h2): A 100, B 25, C 25, D 75
# education = mean(e1, e2): A 25, B 100, C 62.5, D 0 (e2 only)
# composite = mean(health, education): A 62.5, B 62.5, C 43.75, D not ranked (25% missing)
# ranks: A and B tie at 62.5 -> both 1; C -> 3 (min method skips 2)


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return provisional_scores(ASOF, CATALOGUE).set_index("block_id")


def test_scaled_values_match_hand_computation():
    scaled = scaled_indicators(ASOF, CATALOGUE)
    for indicator, per_block in EXPECTED_SCALED.items():
        for block, expected in per_block.items():
            assert scaled.loc[block, indicator] == pytest.approx(expected), (indicator, block)
    assert math.isnan(scaled.loc["D", "e1"])


def test_value_above_valid_max_is_clipped_before_scaling():
    # Without clipping h1 would scale over 0..150, giving B and D 33.3 instead of 50.
    scaled = scaled_indicators(ASOF, CATALOGUE)
    assert scaled.loc[["B", "D"], "h1"].tolist() == pytest.approx([50.0, 50.0])
    same_as_100 = ASOF.assign(value=ASOF.value.where(ASOF.value != 150.0, 100.0))
    pd.testing.assert_frame_equal(scaled, scaled_indicators(same_as_100, CATALOGUE))


def test_value_below_valid_min_is_clipped_before_scaling():
    cat = CATALOGUE.iloc[[0]].assign(valid_min=20.0)
    asof = pd.DataFrame({"unit_id": ["x", "y", "z"], "indicator_id": "h1", "value": [-5.0, 20.0, 60.0]})
    # clipped to 20, 20, 60 -> 0, 0, 100
    assert scaled_indicators(asof, cat)["h1"].tolist() == pytest.approx([0.0, 0.0, 100.0])


def test_group_scores_and_composite_match_hand_computation(scores):
    assert scores.loc[["A", "B", "C", "D"], "health"].tolist() == pytest.approx([100.0, 25.0, 25.0, 75.0])
    assert scores.loc[["A", "B", "C", "D"], "education"].tolist() == pytest.approx([25.0, 100.0, 62.5, 0.0])
    assert scores.loc[["A", "B", "C"], "composite"].tolist() == pytest.approx([62.5, 62.5, 43.75])
    assert scores[["nutrition", "agriculture", "infrastructure", "social"]].isna().all().all()
    assert list(scores.columns[:len(GROUP_ORDER)]) == list(GROUP_ORDER)


def test_tied_blocks_share_the_minimum_rank(scores):
    assert scores.loc[["A", "B", "C"], "rank"].tolist() == [1, 1, 3]


def test_block_missing_over_20_percent_is_not_ranked_with_a_reason(scores):
    assert math.isnan(scores.loc["D", "composite"])
    assert pd.isna(scores.loc["D", "rank"])
    assert scores.loc["D", "not_ranked_reason"] == "only 3 of 4 indicators reported"
    assert scores.loc[["A", "B", "C"], "not_ranked_reason"].isna().all()
    assert scores.indicators_present.to_dict() == {"A": 4, "B": 4, "C": 4, "D": 3}


def test_exactly_20_percent_missing_is_still_ranked():
    cat = pd.DataFrame({"indicator_id": list("abcde"), "score_group": "health", "direction": "higher",
                        "valid_min": 0.0, "valid_max": 100.0})
    rows = [("x", i, v) for i, v in zip("abcde", [10, 20, 30, 40, 50])]
    rows += [("y", i, v) for i, v in zip("abcd", [30, 40, 50, 60])]  # 1 of 5 missing = 20%
    scored = provisional_scores(pd.DataFrame(rows, columns=["unit_id", "indicator_id", "value"]), cat)
    scored = scored.set_index("block_id")
    # two blocks: y is max on a-d (100 each), e has only x -> midpoint 50; x: 0,0,0,0,50
    assert scored.loc["y", "composite"] == pytest.approx(100.0)
    assert scored.loc["x", "composite"] == pytest.approx(10.0)
    assert scored["rank"].to_dict() == {"x": 2, "y": 1}


def test_indicator_with_no_spread_scores_midpoint():
    asof = pd.DataFrame({"unit_id": ["x", "y"], "indicator_id": "h2", "value": [30.0, 30.0]})
    assert scaled_indicators(asof, CATALOGUE)["h2"].tolist() == [50.0, 50.0]


def _named(composites: dict) -> pd.DataFrame:
    return pd.DataFrame({"block_id": list(composites), "block": [f"Block {b}" for b in composites],
                         "district": "Dist", "state": "State", "composite": list(composites.values())})


def test_improvers_rank_by_change_with_ties_sharing_rank():
    current = _named({"X": 70.0, "Y": 55.0, "Z": 60.0, "W": np.nan, "V": 80.0})
    baseline = _named({"X": 60.0, "Y": 40.0, "Z": 50.0, "W": 30.0})
    # changes: X +10, Y +15, Z +10; W has no current score and V no baseline -> both dropped
    result = improvers(current, baseline, n=10)
    assert result.block_id.tolist() == ["Y", "X", "Z"]
    assert result.change.tolist() == pytest.approx([15.0, 10.0, 10.0])
    assert result.delta_rank.tolist() == [1, 2, 2]
    assert improvers(current, baseline, n=2).block_id.tolist() == ["Y", "X"]


def test_improvers_put_declines_last():
    current = _named({"P": 40.0, "Q": 90.0})
    baseline = _named({"P": 50.0, "Q": 85.0})  # P -10, Q +5
    result = improvers(current, baseline)
    assert result.block_id.tolist() == ["Q", "P"]
    assert result.change.tolist() == pytest.approx([5.0, -10.0])


# ---------------------------------------------------------------- properties

values_list = st.lists(st.one_of(st.none(), st.floats(-50, 200, allow_nan=False, allow_subnormal=False)),
                       min_size=1, max_size=8)


def _one(values, direction="higher", valid=(0.0, 100.0)):
    cat = pd.DataFrame({"indicator_id": ["k"], "score_group": ["health"], "direction": [direction],
                        "valid_min": [valid[0]], "valid_max": [valid[1]]})
    asof = pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(values))], "indicator_id": "k",
                         "value": [np.nan if v is None else v for v in values]})
    return asof, cat


def _scaled(values, direction="higher"):
    asof, cat = _one(values, direction)
    return scaled_indicators(asof, cat)["k"].reindex(asof.unit_id)


@settings(deadline=None)
@given(values_list)
def test_flipping_direction_mirrors_scaled_value(values):
    higher, lower = _scaled(values, "higher"), _scaled(values, "lower")
    assert higher.isna().tolist() == lower.isna().tolist() == [v is None for v in values]
    assert lower.dropna().tolist() == pytest.approx((100.0 - higher.dropna()).tolist())


@settings(deadline=None)
@given(values_list, st.sampled_from(["higher", "lower"]))
def test_scaled_values_lie_between_0_and_100(values, direction):
    scaled = _scaled(values, direction).dropna()
    assert ((scaled >= 0.0) & (scaled <= 100.0)).all()
    if len(scaled) >= 2 and scaled.nunique() > 1:
        assert scaled.min() == 0.0 and scaled.max() == 100.0


@settings(deadline=None)
@given(st.lists(st.floats(-50, 200, allow_nan=False, allow_subnormal=False), min_size=1, max_size=8),
       st.data())
def test_raising_a_higher_is_better_value_never_lowers_that_block(values, data):
    i = data.draw(st.integers(0, len(values) - 1))
    raised = list(values)
    raised[i] = values[i] + data.draw(st.floats(0, 300, allow_subnormal=False))
    assert _scaled(raised, "higher").iloc[i] >= _scaled(values, "higher").iloc[i]
    assert _scaled(raised, "lower").iloc[i] <= _scaled(values, "lower").iloc[i]


@settings(deadline=None)
@given(st.lists(st.integers(0, 100), min_size=2, max_size=6), st.integers(0, 4), st.data())
def test_raising_one_value_never_lowers_that_blocks_composite(raw, block, data):
    block = block % len(raw)
    asof = pd.concat([ASOF[ASOF.unit_id.isin(["A", "B", "C"])],
                      pd.DataFrame({"unit_id": [f"n{j}" for j in range(len(raw))], "indicator_id": "e2",
                                    "value": [float(v) for v in raw]})], ignore_index=True)
    # give the new blocks the other three indicators too, so they are ranked
    filler = [(f"n{j}", k, 37.0 + j) for j in range(len(raw)) for k in ("h1", "h2", "e1")]
    asof = pd.concat([asof, pd.DataFrame(filler, columns=asof.columns)], ignore_index=True)
    target = (asof.unit_id == f"n{block}") & (asof.indicator_id == "e2")
    better = asof.copy()
    better.loc[target, "value"] += data.draw(st.integers(1, 100))
    before = provisional_scores(asof, CATALOGUE).set_index("block_id").composite
    after = provisional_scores(better, CATALOGUE).set_index("block_id").composite
    assert after[f"n{block}"] >= before[f"n{block}"] - 1e-9


@settings(deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 200)), min_size=1, max_size=8),
       st.integers(0, 200), st.sampled_from(["higher", "lower"]))
def test_adding_a_constant_to_one_indicator_leaves_scaled_values_unchanged(quarters, shift, direction):
    # values on a quarter-point grid inside the valid range, so the shift is exact
    values = [None if q is None else q / 4 for q in quarters]
    shifted = [None if v is None else v + shift / 4 for v in values]
    pd.testing.assert_series_equal(_scaled(values, direction), _scaled(shifted, direction))
