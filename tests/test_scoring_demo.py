"""Ranking engine on the demo database: shapes, coverage, and the vectorised engine against plain numpy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from lib import queries
from lib.scoring import delta_ranking, load_matrix, official_default, rank_units
from lib.scoring.params import GROUPS

AUG_2026, AUG_2025 = date(2026, 8, 1), date(2025, 8, 1)


@pytest.fixture()
def ranked(demo_con):
    return rank_units(load_matrix(demo_con, AUG_2026), official_default(AUG_2026)).table


def test_matrix_has_every_aspirational_block_and_scored_indicator(demo_con):
    matrix = load_matrix(demo_con, AUG_2026)
    blocks, indicators = demo_con.execute(
        "SELECT (SELECT count(*) FROM units WHERE level = 'block' AND aspirational),"
        "       (SELECT count(*) FROM indicators)"
    ).fetchone()
    assert matrix.values.shape == (500, 39) == (blocks, indicators)
    assert set(matrix.groups) == set(GROUPS)
    assert matrix.units.unit_id.is_unique and matrix.units.aspirational.all()
    assert 0.8 < np.isfinite(matrix.values).mean() < 1.0  # mostly reported, with real gaps


def test_official_default_ranks_nearly_every_block(ranked):
    assert ranked["rank"].notna().sum() >= 490
    assert ranked["rank"].min() == 1
    unranked = ranked[ranked["rank"].isna()]
    assert unranked.not_ranked_reason.str.startswith("not ranked:").all()


def _balanced_by_hand(demo_con, unit_id: str) -> float:
    """NITI's balanced composite for one block, straight from the as-of values."""
    catalogue = demo_con.execute(
        "SELECT indicator_id, score_group, direction, valid_min, valid_max FROM indicators"
    ).df()
    values = queries.asof_values(demo_con, AUG_2026)
    values = values[values.unit_id == unit_id].merge(catalogue, on="indicator_id")
    score = np.clip(
        values.value.to_numpy(float),
        values.valid_min.fillna(-np.inf).to_numpy(float),
        values.valid_max.fillna(np.inf).to_numpy(float),
    )
    score = np.where(values.direction == "lower", 100.0 - score, score)
    score = np.maximum(score, 0.01)
    theme_means = [
        np.exp(np.mean(np.log(score[(values.score_group == g).to_numpy()])))
        for g in GROUPS
        if (values.score_group == g).any()
    ]
    return float(np.exp(np.mean(np.log(theme_means))))


def test_balanced_composite_matches_plain_numpy(demo_con, ranked):
    ordered = ranked.dropna(subset=["rank"]).sort_values("rank")
    for row in (ordered.iloc[0], ordered.iloc[len(ordered) // 2], ordered.iloc[-1]):
        assert row.composite == pytest.approx(_balanced_by_hand(demo_con, row.unit_id), rel=1e-9), row.unit_id


def test_state_scope_ranks_only_that_state(demo_con):
    params = replace(official_default(AUG_2026), scope="state=Bihar")
    table = rank_units(load_matrix(demo_con, AUG_2026, scope=params.scope), params).table
    bihar_blocks = demo_con.execute(
        "SELECT count(*) FROM units b JOIN units s ON s.unit_id = b.state_id "
        "WHERE b.level = 'block' AND b.aspirational AND s.name = 'Bihar'"
    ).fetchone()[0]
    assert len(table) == bihar_blocks > 0
    assert set(table.state) == {"Bihar"}
    ranks = table["rank"].dropna().astype(int)
    assert ranks.min() == 1 and ranks.max() <= len(table)


def test_delta_ranking_year_on_year(demo_con, ranked):
    baseline_run = rank_units(load_matrix(demo_con, AUG_2025), official_default(AUG_2025))
    current = rank_units(load_matrix(demo_con, AUG_2026), official_default(AUG_2026, baseline=AUG_2025))
    delta, baseline = delta_ranking(current, baseline_run), baseline_run.table
    assert np.isfinite(delta.delta).mean() >= 0.95
    unit = delta.dropna(subset=["delta"]).iloc[0]
    then = baseline.set_index("unit_id").loc[unit.unit_id]
    now = ranked.set_index("unit_id").loc[unit.unit_id]
    assert unit.delta == pytest.approx(now.composite - then.composite)
    assert unit.health_delta == pytest.approx(now.health_score - then.health_score)
    best = delta.loc[delta.delta_rank == 1]
    assert best.delta.iloc[0] == pytest.approx(delta.delta.max())
