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
    printed = _json(
        capsys,
        demo_db,
        "--cohort",
        "jica_phase_1,JICA pilot Phase II",
        "--outcome",
        "anc_first_trimester",
        "--comparison",
        "all",
    )
    spec = EvaluationSpec(find_cohorts(demo_con, ["jica_phase_1", "jica_phase_2"]), "anc_first_trimester", "all")
    result = evaluate(demo_con, spec, designs=False)  # the headline design is all the checks below compare
    expected = result.estimates.set_index("estimator")
    assert printed["cohorts"] == ["jica_phase_1", "jica_phase_2"]
    assert printed["headline_estimator"] == "sunab"
    rows = {row["estimator"]: row for row in printed["estimates"]}
    assert list(rows) == ["sunab", "did2s", "twfe", "naive"]
    for name, row in rows.items():
        for column in ("estimate", "std_error", "ci_low", "ci_high"):
            assert row[column] == pytest.approx(expected.loc[name, column], rel=1e-9)
        assert row["n_treated"] == 100 and row["n_comparison"] == 400 and row["df"] == 99
    assert rows["sunab"]["pretrend_p"] == pytest.approx(expected.loc["sunab", "pretrend_p"], rel=1e-9)
    assert printed["headline"].startswith("Design: all non-pilot aspirational blocks. Averaged over")
    # the design table, per-cohort rows, randomisation p-value, MDE and sensitivity bounds
    assert [row["design"] for row in printed["designs"]][::4] == ["all", "matched", "states"]
    effects = {(row["cohort"], row["months_since_start"]): row["estimate"] for row in printed["cohort_effects"]}
    assert effects[("JICA pilot Phase I", "0-11")] == pytest.approx(
        result.effects.set_index(["cohort_id", "months_since_start"]).loc[("jica_phase_1", "0-11"), "estimate"]
    )
    assert ("JICA pilot Phase II", "0-5") in effects  # Phase II has six months of data
    assert printed["randomisation"]["p_value"] == pytest.approx(result.randomisation.p_value)
    assert printed["minimum_detectable_effect"] == pytest.approx(result.mde)
    assert [row["multiplier"] for row in printed["sensitivity"]["bounds"]] == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert printed["placebos"] is None


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
                "--estimator",
                "twfe",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    lines = out.splitlines()
    # 2 of the 40 pilot blocks have no comparison block within the caliper
    assert lines[0].startswith("With 38 pilot blocks and matched comparison blocks, this design can detect effects")
    assert lines[2].startswith("Design: matched comparison blocks. Averaged over the first 12 months")
    assert "the Health theme score in pilot blocks (JICA pilot Phase I)" in lines[2]
    table_lines = [line.split()[:2] for line in lines[4:9]]
    assert table_lines == [
        ["design", "estimator"],
        ["matched", "twfe"],
        ["matched", "sunab"],
        ["matched", "did2s"],
        ["matched", "naive"],
    ]
    assert "Effects by cohort and month" in out and "times the largest difference seen before it" in out
    assert "[100%] Done" in err  # progress goes to standard error
    assert "left out: no comparison block within the caliper:" in out


def test_placebos_from_the_cli(demo_db, capsys):
    printed = _json(
        capsys,
        demo_db,
        "--cohort",
        "jica_phase_1",
        "--outcome",
        "anc_first_trimester",
        "--placebos",
        "--placebo-outcome",
        "diabetes_screening",
    )
    designs = {row["design"] for row in printed["placebos"]}
    assert designs == {"placebo_start", "placebo_outcome"}
    start = [row for row in printed["placebos"] if row["design"] == "placebo_start" and row["estimator"] == "sunab"]
    assert start[0]["ci_low"] <= 0 <= start[0]["ci_high"]  # no pilot a year before the pilot


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
