"""Peer groups, peer positions, marginal gains and rank bands.

Hand-made examples carry their expected numbers worked out on paper in the
comments; the demo tests check properties on realistic data; hypothesis
checks invariants.
"""

from __future__ import annotations

import math
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
    neighbours,
    peer_group,
    peer_positions,
    peer_values,
    percentile_among,
    same_cohort,
    same_district,
    same_state,
    similar_start,
)
from lib.rank_advice import PLAN_HEADERS, describe_rank_plan, marginal_gains, next_band, rank_plan, rank_plan_table
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


def test_next_band_on_a_hand_made_table():
    # Bands of 3: 1-3, 4-6, 7-9. B5 (rank 5) is in band 2: the goal is rank 3 or better; B3 holds it at 70: gap 20.
    assert next_band(BAND_TABLE, "B5", band_size=3) == {
        "rank": 5,
        "band": 2,
        "next_band": 1,
        "target_rank": 3,
        "threshold": 70.0,
        "gap": 20.0,
    }
    # B7 (rank 7) is in band 3: rank 6 or better; B6 holds it at 40: gap 10.
    result = next_band(BAND_TABLE, "B7", band_size=3)
    assert (result["band"], result["target_rank"], result["threshold"], result["gap"]) == (3, 6, 40.0, 10.0)


def test_next_band_where_it_does_not_apply():
    top = next_band(BAND_TABLE, "B2", band_size=3)
    assert (top["rank"], top["band"]) == (2, 1)
    assert all(top[key] is None for key in ("next_band", "target_rank", "threshold", "gap"))
    assert all(value is None for value in next_band(BAND_TABLE, "B8", band_size=3).values())
    with pytest.raises(ValueError, match="B99"):
        next_band(BAND_TABLE, "B99")


def test_next_band_with_ties_at_the_edge():
    # Two units tie at rank 1 (min ranking), so rank 2 does not exist. Bands of 1:
    # the block at rank 3 is in band 3; to be in band 2 or better it must reach 80.
    table = pd.DataFrame(
        {"unit_id": ["A", "B", "C"], "composite": [80.0, 80.0, 70.0], "rank": pd.array([1, 1, 3], dtype="Int64")}
    )
    result = next_band(table, "C", band_size=1)
    assert (result["band"], result["next_band"], result["threshold"], result["gap"]) == (3, 2, 80.0, 10.0)


# ------------------------------------------------------------ what would it take

# Three indicators, one per theme, weighted health 5 : nutrition 3 : education 2, averaged
# arithmetically, so the composite is linear and can be worked out on paper:
#     composite = (5 h1 + 3 (100 - n1) + 2 e1) / 10     (n1: lower is better)
# A point on h1 adds 0.5, a point less on n1 adds 0.3, a point on e1 adds 0.2.
PLAN_INDICATORS = [("h1", "health", False), ("n1", "nutrition", True), ("e1", "education", False)]
LINEAR = RankingParams(
    period=PERIOD, method="balanced", indicator_aggregation="arithmetic", theme_aggregation="arithmetic"
).with_weights(theme_weights={"health": 5, "nutrition": 3, "education": 2})
#                   h1     n1    e1
PLAN_B1 = [96.0, 40.0, 50.0]  # (480 + 180 + 100) / 10 = 76; room: h1 4 (+2.0), n1 40 (+12.0), e1 50 (+10.0)


def plan_rows(second_best: float) -> dict:
    """B1 third of four; T2 (composite ``second_best``: h1 = e1 = x, n1 = 100 - x) holds rank 2."""
    return {
        "T1": [95.0, 5.0, 95.0],  # composite 95
        "T2": [second_best, 100.0 - second_best, second_best],
        "B1": PLAN_B1,
        "L1": [50.0, 50.0, 50.0],  # composite 50
    }


def suggested(plan) -> dict:
    return {row.indicator_id: (row.current_value, row.suggested_value) for row in plan.suggested.itertuples()}


def rank_with(matrix: IndicatorMatrix, params: RankingParams, block: str, values: dict) -> int:
    """The block's rank from a full re-run of the ranking with its values changed: the independent check."""
    changed = matrix.values.copy()
    for indicator, value in values.items():
        changed[list(matrix.unit_ids).index(block), list(matrix.indicator_ids).index(indicator)] = value
    table = rank_units(replace(matrix, values=changed), params).table
    return int(table.loc[table.unit_id == block, "rank"].iloc[0])


def test_plan_skips_an_indicator_without_room_and_lowers_one_where_lower_is_better():
    # T2 at 82: rank 2 or better needs 6 composite points. h1 gives most per point (0.5) but has only
    # 4 points of room (+2.0; 12 points "more" would mean 108%); n1 alone can: 6 / 0.3 = 20 points, 40 -> 20.
    matrix = make_matrix(plan_rows(82.0), PLAN_INDICATORS)
    plan = rank_plan(matrix, LINEAR, "B1", catalogue_for(PLAN_INDICATORS), band_size=2)
    assert (plan.rank, plan.target_rank, plan.gap) == (3, 2, pytest.approx(6.0))
    assert plan.indicators.indicator_id.tolist() == ["h1", "n1", "e1"]  # by gain per point
    assert plan.indicators.headroom.tolist() == pytest.approx([4.0, 40.0, 50.0])
    assert suggested(plan) == {"n1": (40.0, pytest.approx(20.0))}
    assert plan.closes_gap and plan.rank_after == 2  # 82 ties T2, and ties share the better rank
    assert rank_with(matrix, LINEAR, "B1", {"n1": 20.0}) == 2
    assert rank_with(matrix, LINEAR, "B1", {"n1": 20.1}) == 3  # a tenth less is not enough
    assert describe_rank_plan(plan) == (
        "Rank 3 now. To reach rank 2 or better, the composite needs about 6.0 more points. One indicator can do "
        "it on its own: lower Name of n1 by 20.0 points, from 40.0 to 20.0. Re-ranked with that value, the block "
        "would be rank 2."
    )


def test_plan_combines_indicators_when_none_can_close_the_gap_alone():
    # T2 at 91: 15 points to find. Alone: h1 reaches 78, n1 88, e1 86. Greedy by gain per point:
    # h1 to 100 (+2.0 -> 78), n1 to 0 (+12.0 -> 90), then e1 only (91 - 90) / 0.2 = 5 points: 50 -> 55.
    matrix = make_matrix(plan_rows(91.0), PLAN_INDICATORS)
    plan = rank_plan(matrix, LINEAR, "B1", catalogue_for(PLAN_INDICATORS), band_size=2)
    assert suggested(plan) == {
        "h1": (96.0, pytest.approx(100.0)),
        "n1": (40.0, pytest.approx(0.0)),
        "e1": (50.0, pytest.approx(55.0)),
    }
    assert plan.suggested.change.tolist() == pytest.approx([4.0, -40.0, 5.0])
    assert plan.rank_after == 2 and rank_with(matrix, LINEAR, "B1", {"h1": 100.0, "n1": 0.0, "e1": 55.0}) == 2
    text = describe_rank_plan(plan)
    assert "No single indicator can close the gap" in text
    assert (
        "raise Name of h1 by 4.0 points, from 96.0 to 100.0; lower Name of n1 by 40.0 points, from 40.0 to 0.0; "
        "raise Name of e1 by 5.0 points, from 50.0 to 55.0." in text
    )


def test_plan_says_when_the_gap_cannot_be_closed():
    # Percentile scores, B1 reporting only x (a missing share of 1/2 allowed). x: A 10, B1 40, C 100 -> 0, 50, 100;
    # y: A 20, C 90 -> 0, 100. Composites A 0, B1 50, C 100. B1 at x = 100 ties C there: both score 75,
    # C stays at (75 + 100) / 2 = 87.5, so rank 1 is out of reach: B1 stays second.
    indicators = [("x", "health", False), ("y", "education", False)]
    matrix = make_matrix({"A": [10.0, 20.0], "B1": [40.0, NAN], "C": [100.0, 90.0]}, indicators)
    params = RankingParams(period=PERIOD, method="percentile", max_missing_share=0.5)
    plan = rank_plan(matrix, params, "B1", catalogue_for(indicators), band_size=1)
    assert (plan.rank, plan.target_rank, plan.gap) == (2, 1, pytest.approx(50.0))
    assert not plan.closes_gap and plan.suggested.empty
    assert plan.rank_after == 2 == rank_with(matrix, params, "B1", {"x": 100.0})
    assert describe_rank_plan(plan) == (
        "Rank 2 now. To reach rank 1 or better, the composite needs about 50.0 more points. That cannot be closed "
        "this period: even with every indicator it reports at its best valid value, the block would rank 2."
    )


def test_plan_for_a_top_block_and_an_unranked_one():
    matrix = make_matrix(plan_rows(82.0), PLAN_INDICATORS)
    top = rank_plan(matrix, LINEAR, "T1", catalogue_for(PLAN_INDICATORS), band_size=2)
    assert (top.rank, top.target_rank, top.rank_after) == (1, None, None) and top.suggested.empty
    assert describe_rank_plan(top) == "Rank 1: already among the top 2."
    sparse = make_matrix({**plan_rows(82.0), "B1": [96.0, NAN, NAN]}, PLAN_INDICATORS)  # 2 of 3 missing
    unranked = rank_plan(sparse, LINEAR, "B1", catalogue_for(PLAN_INDICATORS), band_size=2)
    assert unranked.rank is None and unranked.indicators.empty
    assert "not ranked" in describe_rank_plan(unranked)


def test_plan_table_has_readable_headers_and_plain_numbers():
    plan = rank_plan(make_matrix(plan_rows(91.0), PLAN_INDICATORS), LINEAR, "B1", catalogue_for(PLAN_INDICATORS), 2)
    table = rank_plan_table(plan)
    assert table.columns.tolist() == list(PLAN_HEADERS.values())
    assert table["Indicator"].tolist() == ["Name of h1", "Name of n1", "Name of e1"]
    assert all(pd.api.types.is_float_dtype(table[c]) for c in table.columns[1:])
    assert table["Best valid value"].tolist() == [100.0, 0.0, 100.0]
    assert table["Composite gain per point"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert rank_plan_table(plan, top=1)["Indicator"].tolist() == ["Name of h1", "Name of n1", "Name of e1"]
    one = rank_plan(make_matrix(plan_rows(82.0), PLAN_INDICATORS), LINEAR, "B1", catalogue_for(PLAN_INDICATORS), 2)
    assert rank_plan_table(one, top=1)["Indicator"].tolist() == ["Name of h1", "Name of n1"]  # top 1 + the suggestion


# One value in ten missing; beyond 100 (up to 450) a mistyped percentage, or a groundwater-like value.
PLAN_VALUES = st.tuples(st.integers(0, 9), st.integers(0, 450)).map(lambda v: NAN if v[0] == 0 else float(v[1]))


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.lists(PLAN_VALUES, min_size=3, max_size=3), min_size=3, max_size=8),
    lower=st.lists(st.booleans(), min_size=3, max_size=3),
    wide=st.lists(st.booleans(), min_size=3, max_size=3),
    method=st.sampled_from(["balanced", "frontier", "zscore", "percentile"]),
    pick=st.integers(0, 7),
    band_size=st.integers(1, 2),
)
def test_plan_suggestions_stay_in_the_valid_range_and_reach_the_target(values, lower, wide, method, pick, band_size):
    indicators = [(i, g, lo) for (i, g, _), lo in zip(PLAN_INDICATORS, lower, strict=True)]
    valid_max = [400.0 if w else 100.0 for w in wide]  # like groundwater extraction, or a percentage
    rows = {f"U{i}": row for i, row in enumerate(values)}
    matrix = make_matrix(rows, indicators, valid_max=valid_max)
    params = RankingParams(period=PERIOD, method=method, max_missing_share=0.34)
    block = f"U{pick % len(rows)}"
    plan = rank_plan(matrix, params, block, catalogue_for(indicators), band_size=band_size)
    limits = dict(zip([i for i, _, _ in indicators], valid_max, strict=True))
    for row in plan.indicators.itertuples():
        assert 0.0 <= row.current_value <= limits[row.indicator_id]
        if not math.isnan(row.suggested_value):
            assert 0.0 <= row.suggested_value <= limits[row.indicator_id]
            is_lower = dict(zip(limits, lower, strict=True))[row.indicator_id]
            assert (row.change < 0) if is_lower else (row.change > 0)  # only ever in the good direction
    if plan.closes_gap:
        changes = {r.indicator_id: r.suggested_value for r in plan.suggested.itertuples()}
        assert rank_with(matrix, params, block, changes) <= plan.target_rank
    elif plan.target_rank is not None:
        assert plan.suggested.empty and plan.rank_after > plan.target_rank


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


def test_demo_plans_stay_in_range_reach_the_next_band_and_read_plainly(demo_con):
    period = latest_period(demo_con)
    matrix = load_matrix(demo_con, period)
    params = official_default(period)
    catalogue = queries.catalogue(demo_con)
    bounds = catalogue.set_index("indicator_id")[["valid_min", "valid_max"]]
    table = rank_units(matrix, params).table.dropna(subset=["rank"]).sort_values("rank")
    sample = table.unit_id[table["rank"] > 50].iloc[::15]  # 10 of the 150 beyond the top 50
    kinds = set()
    for block in sample:
        plan = rank_plan(matrix, params, block, catalogue)
        assert plan.rank == table.loc[table.unit_id == block, "rank"].item()
        assert plan.target_rank == (plan.rank - 1) // 50 * 50  # 237 -> 200
        changes = dict(zip(plan.suggested.indicator_id, plan.suggested.suggested_value, strict=True))
        for indicator, value in changes.items():
            assert bounds.loc[indicator, "valid_min"] <= value <= bounds.loc[indicator, "valid_max"]
        if plan.closes_gap:
            assert rank_with(matrix, params, block, changes) <= plan.target_rank
        text = describe_rank_plan(plan)
        assert "band" not in text and not any(i in text for i in catalogue.indicator_id), text
        assert f"To reach rank {plan.target_rank} or better" in text
        kinds.add(len(changes))
    assert len(sample) >= 8 and kinds - {0}  # at least one block got a suggestion


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
