"""`python -m lib evaluate`: prints what the evaluation service computes, and explains bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.cli import main
from lib.evaluation.cohorts import find_cohorts
from lib.evaluation.service import evaluate
from lib.evaluation.spec import EvaluationSpec


def _json(capsys, demo_db, *args: str) -> dict:
    assert main(["evaluate", "--db", str(demo_db), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_matches_the_service_for_the_staggered_cohorts(demo_db, demo_con, capsys):
    printed = _json(capsys, demo_db, "--cohort", "jica_phase_1,JICA pilot Phase II", "--outcome", "anc_first_trimester")
    spec = EvaluationSpec(find_cohorts(demo_con, ["jica_phase_1", "jica_phase_2"]), "anc_first_trimester")
    expected = evaluate(demo_con, spec).estimates.set_index("estimator")
    assert printed["cohorts"] == ["jica_phase_1", "jica_phase_2"]
    assert printed["headline_estimator"] == "sunab"
    rows = {row["estimator"]: row for row in printed["estimates"]}
    assert list(rows) == ["sunab", "did2s", "twfe", "naive"]
    for name, row in rows.items():
        for column in ("estimate", "std_error", "ci_low", "ci_high"):
            assert row[column] == pytest.approx(expected.loc[name, column], rel=1e-9)
        assert row["n_treated"] == 100 and row["n_comparison"] == 400
    assert rows["sunab"]["pretrend_p"] == pytest.approx(expected.loc["sunab", "pretrend_p"], rel=1e-9)
    assert printed["headline"].startswith("In pilot blocks (JICA pilot Phase I, JICA pilot Phase II)")


def test_text_output_matched_with_twfe_headline(demo_db, capsys):
    assert (
        main(
            [
                "evaluate",
                "--db",
                str(demo_db),
                "--cohort",
                "jica_phase_1",
                "--outcome",
                "theme:health",
                "--comparison",
                "matched",
                "--estimator",
                "twfe",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert out.startswith("In pilot blocks (JICA pilot Phase I), the Health theme score")
    assert "matched comparison blocks" in out
    table_lines = [line.split()[0] for line in out.splitlines()[2:7]]
    assert table_lines == ["estimator", "twfe", "sunab", "did2s", "naive"]
    assert "[100%] Done" in err  # progress goes to standard error
    assert "left out: no comparison block within the caliper:" in out


def test_panel_out_writes_the_panel_used(demo_db, demo_con, tmp_path, capsys):
    target = tmp_path / "panel.csv"
    assert (
        main(
            [
                "evaluate",
                "--db",
                str(demo_db),
                "--cohort",
                "jica_phase_2",
                "--outcome",
                "soil_health_cards",
                "--json",
                "--panel-out",
                str(target),
            ]
        )
        == 0
    )
    panel = pd.read_csv(target)
    spec = EvaluationSpec(find_cohorts(demo_con, ["jica_phase_2"]), "soil_health_cards")
    assert len(panel) == len(evaluate(demo_con, spec).panel.frame)
    assert set(panel.columns) >= {"unit_id", "cohort_id", "t", "y", "rel", "treated_post", "weight"}


def test_list_shows_the_cohorts(demo_db, capsys):
    assert main(["evaluate", "--db", str(demo_db), "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "jica_phase_1\tJICA pilot Phase I\tstarts 2024-04\t40 blocks",
        "jica_phase_2\tJICA pilot Phase II\tstarts 2026-04\t60 blocks",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--cohort", "phase_9", "--outcome", "anc_first_trimester"],
            "no cohort called 'phase_9'. Cohorts in the database: jica_phase_1",
        ),
        (["--cohort", "jica_phase_1", "--outcome", "anc_typo"], "unknown outcome 'anc_typo'"),
        (["--cohort", "jica_phase_1"], "give --outcome"),
        (["--outcome", "anc_first_trimester"], "name a cohort with --cohort"),
        (
            ["--cohort", "jica_phase_1", "--outcome", "anc_first_trimester", "--pre", "1"],
            "pre months must be at least 2",
        ),
    ],
)
def test_bad_requests_exit_2_with_a_message(demo_db, capsys, args, message):
    assert main(["evaluate", "--db", str(demo_db), *args]) == 2
    assert message in capsys.readouterr().err


def test_bad_cohort_file_lists_every_problem(demo_db, tmp_path, capsys):
    bad = tmp_path / "cohorts.csv"
    bad.write_text("block,cohort,start\nB1,Round 1,2025-04\nB2,,April 2025\n")
    assert main(["evaluate", "--db", str(demo_db), "--cohort-file", str(bad), "--outcome", "anc_first_trimester"]) == 2
    err = capsys.readouterr().err
    assert "4 problem(s); nothing was loaded" in err
    assert "line 3, column 'block': 'B2' is not a block" in err
    assert "line 2, column 'block': 'B1' is not a block" in err
    assert "line 3, column 'cohort': empty cohort name" in err
    assert "line 3, column 'start': 'April 2025' is not a month" in err
