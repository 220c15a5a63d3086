"""Peer groups, peer positions, marginal gains and rank bands.

Hand-made examples carry their expected numbers worked out on paper in the
comments; the demo tests check properties on realistic data; hypothesis
checks invariants.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import queries
from lib.boundaries import read_boundaries
from lib.peers import (
    PEER_GROUPS,
    marginal_gains,
    neighbours,
    next_band,
    peer_group,
    peer_positions,
    peer_values,
    percentile_among,
    same_cohort,
    same_district,
    same_state,
    similar_start,
)
from lib.scoring import IndicatorMatrix, RankingParams, rank_units
from lib.scoring.matrix import analysis_units, load_matrix
from lib.scoring.params import GROUPS, official_default
from lib.scoring.service import ranking_table
from matrix_factory import make_matrix as shared_make_matrix

NAN = np.nan
PERIOD = date(2026, 8, 1)


def make_matrix(rows: dict, indicators, valid_max=None, period=PERIOD) -> IndicatorMatrix:
    return shared_make_matrix(rows, indicators, period, valid_max)


def catalogue_for(indicators) -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": [i for i, _, _ in indicators], "short_name": [f"Name of {i}" for i, _, _ in indicators]}
    )


# ------------------------------------------------------------------ peer groups

UNITS = pd.DataFrame(
    {
        "unit_id": ["B1", "B2", "B3", "B4", "B5", "B6"],
        "unit_name": ["One", "Two", "Three", "Four", "Five", "Six"],
        "district_id": ["D1", "D1", "D1", "D2", "D3", "D3"],
        "district": ["Gaya", "Gaya", "Gaya", "Nalanda", "Baksa", "Baksa"],
        "state_id": ["S1", "S1", "S1", "S1", "S2", "S2"],
        "state": ["Bihar"] * 4 + ["Assam"] * 2,
        "aspirational": [True, True, False, True, True, True],
        "cohorts": [["c1"], ["c1", "c2"], ["c1"], [], ["c2"], []],
    }
)


def test_same_district_state_and_cohort_on_a_small_frame():
    # B3 shares B1's district, state and cohort but is not aspirational.
    assert same_district(UNITS, "B1") == ["B2"]
    assert same_state(UNITS, "B1") == ["B2", "B4"]
    assert same_state(UNITS, "B5") == ["B6"]
    assert same_cohort(UNITS, "B1") == ["B2"]
    assert same_cohort(UNITS, "B2") == ["B1", "B5"]  # c1 brings B1, c2 brings B5
    assert same_cohort(UNITS, "B4") == []  # no cohort at all
    assert same_cohort(UNITS, "B6") == []


def test_peer_group_errors_name_the_block():
    with pytest.raises(ValueError, match="B99"):
        same_district(UNITS, "B99")
    with pytest.raises(ValueError, match="cohorts"):
        same_state(UNITS.drop(columns="cohorts"), "B1")


def test_every_offered_peer_group_answers_and_an_unknown_one_is_refused():
    """Each group the page offers (PEER_GROUPS) is one peer_group can compute on the small frame,
    given what it needs; a group it does not offer is refused by name."""
    baseline = pd.DataFrame(
        [{"unit_id": u, **{f"{g}_score": float(i) for g in GROUPS}} for i, u in enumerate(UNITS.unit_id)]
    )
    outlines = gpd.GeoDataFrame({"unit_id": UNITS.unit_id}, geometry=[shapely.box(i, 0, i + 1, 1) for i in range(6)])
    # similar: every unit in the baseline table, nearest first (scores 1, 2, ... away from B1's 0)
    expected = {
        "district": ["B2"],
        "state": ["B2", "B4"],
        "similar": ["B2", "B3", "B4", "B5", "B6"],
        "neighbours": ["B2"],
        "cohort": ["B2"],
        "custom": ["B6"],
    }
    assert set(PEER_GROUPS) == set(expected)
    for group in PEER_GROUPS:
        found = peer_group(group, UNITS, "B1", baseline_table=baseline, geometries=outlines, hand_picked=("B6", "B1"))
        assert found == expected[group], group
    with pytest.raises(ValueError, match="'region' is not one of"):
        peer_group("region", UNITS, "B1")


def grid(rows: int, columns: int) -> gpd.GeoDataFrame:
    """Unit squares; cell (r, c) is named ``r{r}c{c}``."""
    cells = [(r, c) for r in range(rows) for c in range(columns)]
    return gpd.GeoDataFrame(
        {"unit_id": [f"r{r}c{c}" for r, c in cells]}, geometry=[shapely.box(c, r, c + 1, r + 1) for r, c in cells]
    )


def test_neighbours_on_a_three_by_three_grid():
    squares = grid(3, 3)
    # The centre touches its 4 edge neighbours along an edge and the 4 corners at a point only.
    assert neighbours(squares, "r1c1") == ["r0c1", "r1c0", "r1c2", "r2c1"]
    assert neighbours(squares, "r0c0") == ["r0c1", "r1c0"]
    assert neighbours(squares, "r0c1") == ["r0c0", "r0c2", "r1c1"]


def test_neighbours_keep_slightly_overlapping_outlines_and_drop_distant_ones():
    # Real district outlines overlap by slivers: B's edge runs 0.01 inside A, so they share a border.
    frame = gpd.GeoDataFrame(
        {"unit_id": ["A", "B", "C"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(0.99, 0, 2, 1), shapely.box(5, 5, 6, 6)],
    )
    assert neighbours(frame, "A") == ["B"]
    assert neighbours(frame, "C") == []
    with pytest.raises(ValueError, match="Z"):
        neighbours(frame, "Z")


def theme_table(rows: dict, ranks: dict | None = None) -> pd.DataFrame:
    table = pd.DataFrame(
        [{"unit_id": u, **{f"{g}_score": s for g, s in zip(GROUPS, scores, strict=True)}} for u, scores in rows.items()]
    )
    table["rank"] = pd.array([(ranks or {}).get(u, i + 1) for i, u in enumerate(rows)], dtype="Int64")
    return table


#                 health nutr  educ  agri  infra social
SIMILAR_ROWS = {
    "B1": [50, 50, 50, 50, 50, 50],
    "B2": [51, 51, 51, 51, 51, 51],  # distance sqrt(6) = 2.449
    "B3": [53, 50, 50, 50, 50, 50],  # distance 3
    "B4": [52, 50, 52, 50, 50, 50],  # distance sqrt(8) = 2.828
    "B5": [50, 47, 50, 50, 50, 50],  # distance 3 (ties B3; B3 wins on unit_id)
    "B6": [50, 50, 50, 50, 50, NAN],  # distance 0 on five themes but a theme missing: skipped
    "B7": [50, 50, 50, 50, 50, 50],
}  # identical but not ranked: skipped


def test_similar_start_picks_the_nearest_by_hand_computed_distance():
    table = theme_table(SIMILAR_ROWS, ranks={"B7": pd.NA})
    assert similar_start(table, "B1", k=2) == ["B2", "B4"]
    assert similar_start(table, "B1", k=4) == ["B2", "B4", "B3", "B5"]
    assert similar_start(table, "B1", k=10) == ["B2", "B4", "B3", "B5"]
    assert similar_start(table, "B6", k=3) == []  # the block itself lacks a theme score


def test_similar_start_ignores_a_theme_nobody_has():
    # Social weighted 0 leaves every social score NaN; distances use the other five themes.
    rows = {u: s[:5] + [NAN] for u, s in SIMILAR_ROWS.items() if u in ("B1", "B2", "B3")}
    # B2: sqrt(5) = 2.236, B3: 3
    assert similar_start(theme_table(rows), "B1", k=1) == ["B2"]
    with pytest.raises(ValueError, match="B9"):
        similar_start(theme_table(rows), "B9")


# --------------------------------------------------------------- peer positions

POSITION_INDICATORS = [
    ("h1", "health", False),
    ("n1", "nutrition", True),
    ("e1", "education", False),
    ("a1", "agriculture", False),
]
#                       h1    n1    e1     a1
POSITION_NOW = {
    "B1": [60.0, 15.0, NAN, 40.0],
    "P1": [50.0, 20.0, 70.0, 40.0],
    "P2": [70.0, 30.0, 120.0, NAN],  # a mistyped 120% counts as 100%
    "P3": [60.0, 10.0, NAN, 30.0],
    "X9": [10.0, 90.0, 90.0, 90.0],
}  # not a peer
POSITION_THEN = {
    "B1": [50.0, 25.0, NAN, 45.0],
    "P1": [45.0, 40.0, 60.0, 50.0],
    "P2": [55.0, 33.0, 85.0, 20.0],
    "P3": [30.0, 22.0, NAN, 35.0],
    "X9": [0.0, 99.0, 0.0, 0.0],
}


def test_peer_positions_on_a_hand_made_matrix():
    now, then = make_matrix(POSITION_NOW, POSITION_INDICATORS), make_matrix(POSITION_THEN, POSITION_INDICATORS)
    table = peer_positions(
        now, then, catalogue_for(POSITION_INDICATORS), "B1", ["P1", "P2", "P3", "B1", "NOT_IN_MATRIX"]
    ).set_index("indicator_id")
    assert table.loc["h1", "short_name"] == "Name of h1"
    # h1 (higher is better): block 60 vs 50, 70, 60 -> beats 1, ties 1 -> 1.5 / 3 = 50.
    # Similar start = baseline within 10 of 50: P1 (45, +5), P2 (55, +15); P3 started at 30 (+30) is not similar.
    assert table.loc["h1", ["block_value", "peer_min", "peer_median", "peer_max"]].tolist() == [60, 50, 60, 70]
    assert table.loc["h1", "peers_with_value"] == 3
    assert table.loc["h1", "percentile"] == pytest.approx(50.0)
    assert (table.loc["h1", "learn_from_id"], table.loc["h1", "learn_from_gain"]) == ("P2", 15.0)
    assert table.loc["h1", "learn_from_name"] == "Block P2"
    # n1 (lower is better): block 15 vs 20, 30, 10 -> beats 2 -> 2 / 3.
    # Baseline within 10 of 25: P2 (33 -> 30, gain 3), P3 (22 -> 10, gain 12); P1 (40) is not.
    assert table.loc["n1", "percentile"] == pytest.approx(200.0 / 3.0)
    assert (table.loc["n1", "learn_from_id"], table.loc["n1", "learn_from_gain"]) == ("P3", 12.0)
    # e1: the block has no value -> no percentile. Peers 70 and 100 (clipped) -> median 85.
    # No block baseline -> all peers with both values: P1 60 -> 70 (+10), P2 85 -> 100 (+15, clipped).
    assert math.isnan(table.loc["e1", "percentile"]) and math.isnan(table.loc["e1", "block_value"])
    assert table.loc["e1", ["peer_median", "peer_max", "peers_with_value"]].tolist() == [85, 100, 2]
    assert (table.loc["e1", "learn_from_id"], table.loc["e1", "learn_from_gain"]) == ("P2", 15.0)
    # a1: block 40 vs 40 (tie) and 30 -> 1.5 / 2 = 75; P2 missing. Peers fell (50 -> 40, 35 -> 30): nobody to learn from.
    assert table.loc["a1", "percentile"] == pytest.approx(75.0)
    assert table.loc["a1", "peers_with_value"] == 2
    assert table.loc["a1", "learn_from_id"] is None and table.loc["a1", "learn_from_name"] is None
    assert math.isnan(table.loc["a1", "learn_from_gain"])


def test_peer_values_for_the_dot_plot_are_as_reported_indicator_by_indicator():
    now = make_matrix(POSITION_NOW, POSITION_INDICATORS)
    long = peer_values(now, catalogue_for(POSITION_INDICATORS), ["P3", "P2", "NOT_IN_MATRIX"])
    # by indicator, peers in the order asked; missing values (P3 e1, P2 a1) and unknown peers left out;
    # P2's mistyped 120 is shown as reported (positions clip it, the dot plot shows what was typed)
    assert long.values.tolist() == [
        ["Block P3", "h1", 60.0, "Name of h1"],
        ["Block P2", "h1", 70.0, "Name of h1"],
        ["Block P3", "n1", 10.0, "Name of n1"],
        ["Block P2", "n1", 30.0, "Name of n1"],
        ["Block P2", "e1", 120.0, "Name of e1"],
        ["Block P3", "a1", 30.0, "Name of a1"],
    ]
    assert list(long.columns) == ["unit_name", "indicator_id", "value", "short_name"]


def test_peer_group_says_what_a_group_needs_when_it_is_missing():
    with pytest.raises(ValueError, match="'similar' peer group needs baseline_table"):
        peer_group("similar", UNITS, "B1")
    with pytest.raises(ValueError, match="'neighbours' peer group needs geometries"):
        peer_group("neighbours", UNITS, "B1")


def test_peer_positions_without_peers_and_with_an_unknown_block():
    now, then = make_matrix(POSITION_NOW, POSITION_INDICATORS), make_matrix(POSITION_THEN, POSITION_INDICATORS)
    table = peer_positions(now, then, catalogue_for(POSITION_INDICATORS), "B1", [])
    assert (table.peers_with_value == 0).all()
    assert table.percentile.isna().all() and table.peer_median.isna().all() and table.learn_from_id.isna().all()
    with pytest.raises(ValueError, match="B42"):
        peer_positions(now, then, catalogue_for(POSITION_INDICATORS), "B42", ["P1"])


SCORES = st.one_of(
    st.just(NAN), st.sampled_from([0.0, 10.0, 25.0, 50.0, 75.0, 100.0]), st.floats(0.0, 100.0, allow_nan=False)
)


@settings(max_examples=150, deadline=None)
@given(
    peers=st.lists(st.tuples(SCORES, SCORES), min_size=0, max_size=6),
    block=st.tuples(SCORES, SCORES),
    improvement=st.floats(0.0, 60.0),
)
def test_percentile_is_bounded_and_improving_never_lowers_it(peers, block, improvement):
    indicators = [("h1", "health", False), ("n1", "nutrition", True)]
    rows = {"B0": list(block), **{f"P{i}": list(values) for i, values in enumerate(peers)}}
    better = {**rows, "B0": [block[0] + improvement, block[1] - improvement]}  # clipping keeps it in range
    catalogue = catalogue_for(indicators)
    before = peer_positions(
        make_matrix(rows, indicators), make_matrix(rows, indicators), catalogue, "B0", list(rows)
    ).percentile.to_numpy()
    after = peer_positions(
        make_matrix(better, indicators), make_matrix(rows, indicators), catalogue, "B0", list(rows)
    ).percentile.to_numpy()
    has_peer_value = np.array([any(not math.isnan(p[j]) for p in peers) for j in range(2)])
    assert np.array_equal(np.isnan(before), np.isnan(np.array(block)) | ~has_peer_value)
    present = ~np.isnan(before)
    assert ((before[present] >= 0) & (before[present] <= 100)).all()
    assert (after[present] >= before[present] - 1e-12).all()


def test_percentile_among_counts_ties_half():
    # Higher is better: 50 beats 40, ties 50, loses to 60 -> 1.5 / 3 = 50.
    assert percentile_among(np.array([50.0]), np.array([[40.0], [50.0], [60.0]]), np.array([False]))[0] == 50.0


UNIT_FRAMES = st.lists(
    st.tuples(
        st.sampled_from(["D1", "D2"]),
        st.sampled_from(["S1", "S2"]),
        st.booleans(),
        st.sets(st.sampled_from(["c1", "c2"])),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=100, deadline=None)
@given(
    rows=UNIT_FRAMES,
    pick=st.integers(0, 7),
    k=st.integers(1, 5),
    scores=st.lists(st.sampled_from([NAN, 40.0, 50.0, 60.0]), min_size=48, max_size=48),
)
def test_peer_groups_never_include_the_block(rows, pick, k, scores):
    units = pd.DataFrame(
        {
            "unit_id": [f"B{i}" for i in range(len(rows))],
            "district_id": [r[0] for r in rows],
            "state_id": [r[1] for r in rows],
            "aspirational": [r[2] for r in rows],
            "cohorts": [sorted(r[3]) for r in rows],
        }
    )
    block = f"B{pick % len(rows)}"
    own = units.set_index("unit_id").loc[block]
    for peers, same in ((same_district(units, block), "district_id"), (same_state(units, block), "state_id")):
        assert block not in peers
        assert all(units.set_index("unit_id").loc[p, same] == own[same] for p in peers)
    assert block not in same_cohort(units, block)
    table = theme_table({u: scores[6 * i : 6 * i + 6] for i, u in enumerate(units.unit_id)})
    nearest = similar_start(table, block, k=k)
    assert block not in nearest and len(nearest) <= k


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(1, 4), columns=st.integers(1, 4), pick=st.integers(0, 15))
def test_grid_neighbours_are_the_cells_one_step_away(rows, columns, pick):
    r, c = divmod(pick % (rows * columns), columns)
    expected = sorted(
        f"r{r + dr}c{c + dc}"
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
        if 0 <= r + dr < rows and 0 <= c + dc < columns
    )
    found = neighbours(grid(rows, columns), f"r{r}c{c}")
    assert f"r{r}c{c}" not in found
    assert found == expected


# --------------------------------------------------------------- marginal gains

GAIN_INDICATORS = [
    ("h1", "health", False),
    ("h2", "health", True),
    ("n1", "nutrition", False),
    ("e1", "education", False),
    ("a1", "agriculture", True),
    ("i1", "infrastructure", False),
    ("s1", "social", False),
]
GAIN_VALID_MAX = [100, 100, 100, 100, 400, 100, 100]  # a1 like groundwater extraction (can exceed 100%)
#                  h1    h2    n1    e1     a1     i1    s1
GAIN_ROWS = {
    "B1": [50.0, 50.0, 99.5, 100.0, NAN, 40.0, 20.0],  # n1 capped at 100, e1 at best, a1 missing
    "B2": [70.0, 20.0, 60.0, 80.0, 120.0, 40.0, 35.0],
    "B3": [30.0, 80.0, 99.0, 60.0, 60.0, 90.0, 10.0],
    "B4": [50.0, 35.0, 20.0, 90.0, 200.0, 55.0, 60.0],
    "B5": [65.0, 50.0, 40.0, 75.0, 90.0, 10.0, 5.0],
}


def composite_after(matrix: IndicatorMatrix, params: RankingParams, unit: str, indicator: str, value: float) -> float:
    values = matrix.values.copy()
    values[list(matrix.unit_ids).index(unit), list(matrix.indicator_ids).index(indicator)] = value
    table = rank_units(replace(matrix, values=values), params).table
    return float(table.loc[table.unit_id == unit, "composite"].iloc[0])


@pytest.mark.parametrize("method", ["balanced", "frontier", "zscore", "percentile"])
def test_marginal_gains_match_a_full_rerun_of_the_ranking(method):
    matrix = make_matrix(GAIN_ROWS, GAIN_INDICATORS, valid_max=GAIN_VALID_MAX)
    params = RankingParams(period=PERIOD, method=method)
    gains = marginal_gains(matrix, params, "B1", catalogue_for(GAIN_INDICATORS), step=1.0)
    assert sorted(gains.indicator_id) == ["h1", "h2", "i1", "n1", "s1"]  # e1 at 100 already, a1 missing
    assert gains.gain_per_point.is_monotonic_decreasing
    ranked = rank_units(matrix, params).table
    before = float(ranked.loc[ranked.unit_id == "B1", "composite"].iloc[0])
    improved = {"h1": 51.0, "h2": 49.0, "n1": 100.0, "i1": 41.0, "s1": 21.0}  # n1: 99.5 capped at 100
    for row in gains.itertuples():
        moved = abs(improved[row.indicator_id] - row.current_value)
        expected = (
            composite_after(matrix, params, "B1", row.indicator_id, improved[row.indicator_id]) - before
        ) / moved
        assert row.gain_per_point == pytest.approx(expected, abs=1e-9), row.indicator_id
        assert row.short_name == f"Name of {row.indicator_id}"


def test_marginal_gains_skip_indicators_weighted_zero_and_unranked_blocks():
    matrix = make_matrix(GAIN_ROWS, GAIN_INDICATORS, valid_max=GAIN_VALID_MAX)
    params = RankingParams(period=PERIOD).with_weights(indicator_weights={"s1": 0.0})
    assert "s1" not in marginal_gains(matrix, params, "B1", catalogue_for(GAIN_INDICATORS)).indicator_id.tolist()
    sparse = make_matrix(
        {**GAIN_ROWS, "B1": [50.0, NAN, NAN, 100.0, NAN, 40.0, 20.0]}, GAIN_INDICATORS, valid_max=GAIN_VALID_MAX
    )  # 3 of 7 missing: not ranked
    assert marginal_gains(sparse, RankingParams(period=PERIOD), "B1", catalogue_for(GAIN_INDICATORS)).empty
    with pytest.raises(ValueError, match="step"):
        marginal_gains(matrix, RankingParams(period=PERIOD), "B1", catalogue_for(GAIN_INDICATORS), step=0)


def test_balanced_gain_matches_the_geometric_derivative():
    # Every score of B1 is 50 (a1: lower is better, 100 - 50), so C = 50 and
    # dC/ds_k = C / (6 themes * n_g indicators in k's theme * s_k) = 1 / (6 n_g):
    # 1/12 for the two health indicators, 1/6 for the rest.
    rows = {**GAIN_ROWS, "B1": [50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0]}
    matrix = make_matrix(rows, GAIN_INDICATORS, valid_max=GAIN_VALID_MAX)
    params = RankingParams(period=PERIOD, method="balanced")
    derivative = {"h1": 1 / 12, "h2": 1 / 12, "n1": 1 / 6, "e1": 1 / 6, "a1": 1 / 6, "i1": 1 / 6, "s1": 1 / 6}
    tiny = marginal_gains(matrix, params, "B1", catalogue_for(GAIN_INDICATORS), step=1e-4).set_index("indicator_id")
    for indicator, slope in derivative.items():
        assert tiny.loc[indicator, "gain_per_point"] == pytest.approx(slope, rel=1e-3)
    # One whole point: health 50 * ((51/50)^(1/12) - 1) = 0.08258, others 50 * ((51/50)^(1/6) - 1) = 0.16529.
    whole = marginal_gains(matrix, params, "B1", catalogue_for(GAIN_INDICATORS), step=1.0).set_index("indicator_id")
    assert whole.loc["h2", "gain_per_point"] == pytest.approx(0.08258, abs=1e-5)
    assert whole.loc["a1", "gain_per_point"] == pytest.approx(0.16529, abs=1e-5)
    assert whole.index[:5].tolist() == ["a1", "e1", "i1", "n1", "s1"]  # equal gains, then by indicator id


# ------------------------------------------------------------------ rank bands

BAND_TABLE = pd.DataFrame(
    {
        "unit_id": [f"B{i}" for i in range(1, 9)],
        "composite": [90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, NAN],
        "rank": pd.array([1, 2, 3, 4, 5, 6, 7, pd.NA], dtype="Int64"),
    }
)
GAINS = pd.DataFrame({"indicator_id": ["n1", "h1", "e1"], "gain_per_point": [0.25, 0.5, -0.1]})


def test_next_band_on_a_hand_made_table():
    # Bands of 3: 1-3, 4-6, 7-9. B5 (rank 5) is in band 2; band 1's worst is B3 at 70: gap 20, at 0.5 a point -> 40.
    assert next_band(BAND_TABLE, "B5", GAINS, band_size=3) == {
        "rank": 5,
        "band": 2,
        "next_band": 1,
        "threshold": 70.0,
        "gap": 20.0,
        "indicator_id": "h1",
        "points_needed": 40.0,
    }
    # B7 (rank 7) is in band 3; band 2's worst is B6 at 40: gap 10 -> 20 points.
    result = next_band(BAND_TABLE, "B7", GAINS, band_size=3)
    assert (result["band"], result["threshold"], result["gap"], result["points_needed"]) == (3, 40.0, 10.0, 20.0)


def test_next_band_where_it_does_not_apply():
    top = next_band(BAND_TABLE, "B2", GAINS, band_size=3)
    assert (top["rank"], top["band"]) == (2, 1)
    assert all(top[key] is None for key in ("next_band", "threshold", "gap", "indicator_id", "points_needed"))
    assert all(value is None for value in next_band(BAND_TABLE, "B8", GAINS, band_size=3).values())
    no_gain = next_band(BAND_TABLE, "B5", GAINS[GAINS.gain_per_point < 0], band_size=3)
    assert no_gain["gap"] == 20.0 and no_gain["indicator_id"] is None and no_gain["points_needed"] is None
    with pytest.raises(ValueError, match="B99"):
        next_band(BAND_TABLE, "B99", GAINS)


def test_next_band_with_ties_at_the_edge():
    # Two units tie at rank 1 (min ranking), so rank 2 does not exist. Bands of 1:
    # the block at rank 3 is in band 3; to be in band 2 or better it must reach 80.
    table = pd.DataFrame(
        {"unit_id": ["A", "B", "C"], "composite": [80.0, 80.0, 70.0], "rank": pd.array([1, 1, 3], dtype="Int64")}
    )
    result = next_band(table, "C", GAINS, band_size=1)
    assert (result["band"], result["next_band"], result["threshold"], result["gap"]) == (3, 2, 80.0, 10.0)


# ------------------------------------------------------------------ demo data


def latest_period(con) -> date:
    return queries.periods(con)[-1]


def test_demo_neighbours_lie_in_the_same_or_an_adjacent_district(demo_con):
    blocks = read_boundaries(demo_con, "block")
    districts = read_boundaries(demo_con, "district").set_index("unit_id").geometry
    units = analysis_units(demo_con).set_index("unit_id")
    sample = units[units.aspirational].index[:25]
    crossing = 0
    for block in sample:
        found = neighbours(blocks, block)
        assert found, f"{block} has no neighbours"
        own = units.loc[block, "district_id"]
        for other in found:
            theirs = units.loc[other, "district_id"]
            assert theirs == own or districts[theirs].intersects(districts[own]), (block, other)
            crossing += theirs != own
        assert block in neighbours(blocks, found[0])  # sharing a border is mutual
    assert crossing > 0  # the sample reaches across district borders, so the adjacency check bites


def test_demo_marginal_gains_for_the_top_block(demo_con):
    period = latest_period(demo_con)
    matrix = load_matrix(demo_con, period)
    catalogue = queries.catalogue(demo_con)
    params = official_default(period)
    table = rank_units(matrix, params).table
    top = table.loc[table["rank"] == 1, "unit_id"].iloc[0]
    gains = marginal_gains(matrix, params, top, catalogue)
    assert len(gains) > 0 and (gains.gain_per_point >= 0).all()
    assert gains.short_name.notna().all()
    started = time.perf_counter()
    repeats = 10
    for _ in range(repeats):
        marginal_gains(matrix, params, top, catalogue)
    per_call = (time.perf_counter() - started) / repeats
    print(f"\nmarginal_gains: {len(gains)} indicators x {len(matrix.unit_ids)} blocks in {per_call * 1000:.1f} ms")


def test_demo_marginal_gains_match_reruns_under_frontier(demo_con):
    period = latest_period(demo_con)
    matrix = load_matrix(demo_con, period)
    params = RankingParams(period=period, method="frontier")
    table = rank_units(matrix, params).table.dropna(subset=["composite"]).sort_values("rank")
    block = table.unit_id.iloc[len(table) // 2]
    gains = marginal_gains(matrix, params, block, queries.catalogue(demo_con))
    before = float(table.loc[table.unit_id == block, "composite"].iloc[0])
    assert len(gains) > 8
    for gain in gains.head(8).itertuples():
        j = list(matrix.indicator_ids).index(gain.indicator_id)
        target = (
            max(gain.current_value - 1, matrix.valid_min[j])
            if matrix.lower_is_better[j]
            else min(gain.current_value + 1, matrix.valid_max[j])
        )
        expected = (composite_after(matrix, params, block, gain.indicator_id, target) - before) / abs(
            target - gain.current_value
        )
        assert gain.gain_per_point == pytest.approx(expected, abs=1e-9)


def test_demo_similar_start_and_peer_positions(demo_con):
    period = latest_period(demo_con)
    baseline = date(period.year - 1, period.month, 1)
    units = analysis_units(demo_con)
    start = ranking_table(demo_con, official_default(baseline), units)
    block = start.dropna(subset=["composite"]).unit_id.iloc[0]
    nearest = similar_start(start, block, k=10)
    assert len(nearest) == 10 and block not in nearest
    scores = start.set_index("unit_id")[[f"{g}_score" for g in GROUPS]].dropna()
    distance = np.sqrt(((scores - scores.loc[block]) ** 2).sum(axis=1)).drop(block)
    assert distance[nearest].max() <= distance.drop(nearest).min() + 1e-9  # no outsider is nearer

    peers = same_state(units, block)
    table = peer_positions(
        load_matrix(demo_con, period, units=units),
        load_matrix(demo_con, baseline, units=units),
        queries.catalogue(demo_con),
        block,
        peers,
    )
    assert len(table) == 39 and (table.peers_with_value <= len(peers)).all()
    assert table.percentile.dropna().between(0, 100).all()
    assert set(table.learn_from_id.dropna()) <= set(peers)
