"""Computes seeds of the simulation study (``test_evaluation_simulation.py``) on the other pytest-xdist
worker, so the two workers split the 30 seeds (``shared_work``); the study's module reads them."""

from __future__ import annotations

import pytest
from shared_work import compute_unclaimed
from test_evaluation_simulation import STAGGERED_SEEDS, run_seed, seed_keys, simulation_folder

CASES = {"phase_1", "not_targeted", "start_12_months_early", "phase_1_all"}
STAGGERED_CASES = {"staggered", "staggered_jica_phase_1", "staggered_jica_phase_2"}


def test_each_seed_computed_here_has_every_case(tmp_path_factory):
    done = compute_unclaimed(simulation_folder(tmp_path_factory), seed_keys(), run_seed)
    if not done:
        pytest.skip("the simulation module had already claimed every seed (it ran first on this worker)")
    for key, rows in done.items():
        expected = CASES | (STAGGERED_CASES if int(key) in STAGGERED_SEEDS else set())
        assert {row["case"] for row in rows} == expected, key
        assert all(row["ci_low"] <= row["estimate"] <= row["ci_high"] for row in rows), key
