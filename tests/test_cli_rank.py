"""`python -m lib rank`: its output agrees with the engine, and bad input is explained."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from lib.cli import main
from lib.scoring import load_matrix, rank_units
from lib.scoring.engine import min_rank
from lib.scoring.params import ADP_WEIGHTS, RankingParams


def _rank_csv(capsys, demo_db, *args: str) -> tuple[pd.DataFrame, str]:
    assert main(["rank", "--db", str(demo_db), *args]) == 0
    out, err = capsys.readouterr()
    return pd.read_csv(io.StringIO(out), dtype={"unit_id": str, "lgd_code": str}), err


def test_rank_csv_matches_the_engine_row_for_row(demo_db, demo_con, capsys):
    printed, err = _rank_csv(capsys, demo_db, "--period", "2026-08")
    run = rank_units(load_matrix(demo_con, date(2026, 8, 1)), RankingParams(period=date(2026, 8, 1)))
    engine = run.table.set_index("unit_id")
    printed = printed.set_index("unit_id").loc[engine.index]
    assert np.allclose(printed.composite, engine.composite, atol=1e-4, equal_nan=True)  # CSV keeps 4 decimals
    assert printed["rank"].astype("Int64").equals(engine["rank"])
    assert printed["education_rank"].astype("Int64").equals(engine["education_rank"])
    assert "balanced" in err and "ranked" in err
    # not-ranked units come last, with their reason
    unranked = printed[printed["rank"].isna()]
    assert unranked.not_ranked_reason.str.startswith("not ranked:").all()


def test_rank_with_baseline_adds_delta_and_delta_rank(demo_db, demo_con, capsys):
    table, _ = _rank_csv(capsys, demo_db, "--period", "2026-08", "--baseline", "2025-08")
    both = table.dropna(subset=["composite", "composite_baseline"])
    assert np.allclose(both.delta, both.composite - both.composite_baseline, atol=2e-4)
    # delta ranks are the engine's (ranked on unrounded deltas): recompute them independently
    current = rank_units(load_matrix(demo_con, date(2026, 8, 1)), RankingParams(period=date(2026, 8, 1))).table
    baseline = rank_units(load_matrix(demo_con, date(2025, 8, 1)), RankingParams(period=date(2025, 8, 1))).table
    delta = current.set_index("unit_id").composite - baseline.set_index("unit_id").composite
    expected = pd.Series(min_rank(delta.to_numpy(dtype=float)), index=delta.index)
    printed = table.set_index("unit_id").delta_rank.fillna(0).astype(int)
    assert printed.loc[expected.index].tolist() == expected.tolist()
    assert {"health_delta", "health_delta_rank", "state_rank"} <= set(table.columns)


def test_frontier_adp_in_one_state_matches_the_engine(demo_db, demo_con, capsys, tmp_path):
    out = tmp_path / "bihar.csv"
    assert (
        main(
            [
                "rank",
                "--db",
                str(demo_db),
                "--period",
                "2026-08",
                "--method",
                "frontier",
                "--weights",
                "adp",
                "--scope",
                "state=Bihar",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    written = pd.read_csv(out)
    params = RankingParams(
        period=date(2026, 8, 1), method="frontier", theme_weights=tuple(ADP_WEIGHTS.items()), scope="state=Bihar"
    )
    engine = rank_units(load_matrix(demo_con, params.period, params.scope), params).table
    assert set(written.state) == {"Bihar"} and len(written) == len(engine)
    assert np.allclose(
        written.sort_values("unit_id").composite, engine.sort_values("unit_id").composite, equal_nan=True
    )
    # within one state, the state rank is the rank
    ranked = written.dropna(subset=["rank"])
    assert (ranked["rank"] == ranked["state_rank"]).all()


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--period", "2026-08", "--weights", "foo=3"], "THEME=NUMBER"),
        (["--period", "2026-08", "--method", "zscore", "--aggregation", "geometric"], "z-scores"),
        (["--period", "2026-08", "--scope", "planet=Mars"], "scope term"),
        (["--period", "2031-01"], "no data for 2031-01"),
    ],
)
def test_bad_rank_input_is_a_clean_error(demo_db, capsys, args, needle):
    assert main(["rank", "--db", str(demo_db), *args]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and needle in err and "Traceback" not in err
