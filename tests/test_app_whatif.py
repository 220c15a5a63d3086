"""AppTest for the What-if page: real widget interactions change what is shown."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import scenario
from lib.exports import csv_text
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/what_if.py"


def _open(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=wait_s(90))
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def _ranks(app: AppTest):
    table = app.dataframe[0].value
    return table.set_index("unit_name")["rank_scenario"]


def _summary(app: AppTest) -> str:
    return app.info[0].value


def _share_captions(app: AppTest) -> list[str]:
    """The share shown under each theme slider, in the sliders' order (e.g. "**16.7%**")."""
    return [c.value.split(" ")[0] for c in app.caption if c.value.endswith("of the composite")]


def _labels(frame) -> dict:
    """Column -> the label a person sees (st.column_config), for a dataframe element."""
    return {column: config.get("label") for column, config in json.loads(frame.proto.columns).items()}


def test_equal_weights_read_the_same_for_every_theme(demo_env):
    app = _open()
    # 10 / 60 = 16.67%: one decimal, the same for all six (whole percentages read 17/17/17/17/16/16)
    assert _share_captions(app) == ["**16.7%**"] * 6
    assert "weights Health 16.7%, Nutrition 16.7%, Education 16.7%, Agriculture & Allied 16.7%" in " ".join(
        c.value for c in app.caption
    )


def test_default_scenario_equals_official_default(demo_env):
    app = _open()
    assert app.title[0].value == "What-if: weights and methods"
    assert any("Synthetic demo data" in str(m.value) for m in app.markdown)
    assert _summary(app).startswith("0 blocks move 10 or more places; the top 10 keeps 10 of its 10 members")
    table = app.dataframe[0].value
    assert (table.rank_default.dropna() == table.rank_scenario.dropna()).all()


def test_moving_a_theme_weight_slider_changes_the_ranking(demo_env):
    app = _open()
    before = _ranks(app)
    app.slider(key="whatif-weight-education").set_value(50.0).run()
    assert not app.exception
    after = _ranks(app)
    assert not before.equals(after)
    # the captions under the sliders show the new shares: 50 / (50 + 5 x 10) = 50%, 10 / 100 = 10% each
    assert _share_captions(app) == ["**10%**", "**10%**", "**50%**", "**10%**", "**10%**", "**10%**"]
    assert not _summary(app).startswith("0 blocks move")
    # the URL now carries the weights, so a link reproduces the scenario
    weights = app.query_params["w"]
    weights = weights[0] if isinstance(weights, list) else weights
    assert "education:50" in weights


def test_method_change_and_adp_preset(demo_env):
    app = _open()
    app.selectbox(key="whatif-method").select("frontier").run()
    app.button(key="whatif-preset-adp").click().run()
    assert not app.exception
    assert app.slider(key="whatif-weight-education").value == 30.0
    assert "frontier (minmax" in " ".join(c.value for c in app.caption)


def test_link_reproduces_a_scenario(demo_env):
    query = {"m": "percentile", "w": "health:0,nutrition:0,education:10,agriculture:0,infrastructure:0,social:0"}
    app = _open(query)
    assert app.selectbox(key="whatif-method").value == "percentile"
    assert app.slider(key="whatif-weight-health").value == 0.0
    assert any("Education 100%" in c.value for c in app.caption)


def test_bad_link_falls_back_with_a_warning(demo_env):
    app = _open({"m": "astrology"})
    assert any("astrology" in w.value for w in app.warning)
    assert app.selectbox(key="whatif-method").value == "balanced"


def test_zscore_with_geometric_aggregation_explains_instead_of_failing(demo_env):
    app = _open()
    app.selectbox(key="whatif-method").select("zscore").run()
    app.selectbox(key="whatif-theme-aggregation").select("geometric").run()
    assert not app.exception
    assert any("z-scores" in e.value for e in app.error)


def test_excluding_an_indicator_changes_scores(demo_env):
    app = _open()
    before = app.dataframe[0].value.set_index("unit_name")["composite_scenario"]
    app.checkbox(key="whatif-include-anc_first_trimester").uncheck().run()
    after = app.dataframe[0].value.set_index("unit_name")["composite_scenario"]
    assert not app.exception
    assert not before.sort_index().equals(after.sort_index())
    assert "iw" in app.query_params


def test_monte_carlo_runs_and_shows_intervals(demo_env):
    app = _open()
    submit = next(b for b in app.button if b.label == "Run Monte Carlo")
    submit.click().run()
    assert not app.exception
    text = " ".join(str(m.value) for m in app.markdown)
    assert "1000 draws, weights ±25%" in text
    assert "cannot be told apart" in text


def test_two_saved_scenarios_are_compared(demo_env, downloads):
    app = _open()
    app.text_input(key="whatif-scenario-name").input("Equal").run()
    app.button(key="whatif-save-A").click().run()
    app.slider(key="whatif-weight-health").set_value(40.0).run()
    app.text_input(key="whatif-scenario-name").input("Health first").run()
    app.button(key="whatif-save-B").click().run()
    assert not app.exception
    labels = _labels(app.dataframe[-1])
    assert {labels[c] for c in ("rank_default", "rank_scenario", "unit_name", "state", "composite_default")} == {
        "Rank A",
        "Rank B",
        "Block",
        "State / UT",
        "Score A",
    }
    assert any("**A: Equal**" in m.value for m in app.markdown)
    assert any(i.value.startswith("From A to B:") for i in app.info)
    text, both = _csv(downloads, "whatif_scenarios_a_b")
    assert list(both.columns[:3]) == ["Rank A", "Rank B", "Change in rank from A to B (+ = up)"]
    assert {"Block", "District", "State / UT", "Score A", "Score B"} <= set(both.columns)
    ranked = both.dropna(subset=["Rank A", "Rank B"])
    change = _whole_numbers(ranked["Change in rank from A to B (+ = up)"])
    assert (change == _whole_numbers(ranked["Rank A"]) - _whole_numbers(ranked["Rank B"])).all()
    assert (change != 0).any()
    assert "▲" not in text and _at_most_two_decimals(text)


def test_leaving_before_the_first_run_finished_keeps_the_links_scenario(demo_env, monkeypatch):
    """A click on another page interrupts What-if's first run before it writes the scenario back
    (simulated by skipping that step): coming back shows the link's method, not the default."""
    from lib import ui

    monkeypatch.setattr(ui, "write_scenario_to_url", lambda params: None)
    app = _open({"m": "zscore"})
    assert app.selectbox(key="whatif-method").value == "zscore"
    app.switch_page("pages/overview.py").run()
    app.query_params.clear()  # the sidebar's page link drops the What-if link's parameters
    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.selectbox(key="whatif-method").value == "zscore"


# ------------------------------------------------------------------ scopes from the database (issue 15, item 6)


@pytest.fixture()
def own_cohort_env(demo_db, tmp_path, monkeypatch):
    """A copy of the demo whose only cohort is one the page cannot know in advance (no JICA phases)."""
    path = tmp_path / "own_cohort.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM cohort_members")
        con.execute("DELETE FROM cohorts")
        con.execute("INSERT INTO cohorts VALUES ('district_pilot', 'District pilot 2025', DATE '2025-04-01', NULL)")
        con.execute(
            "INSERT INTO cohort_members SELECT 'district_pilot', unit_id FROM units "
            "WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 30"
        )
    monkeypatch.setenv("ABP_DB", str(path))
    return path


def test_scope_choices_are_the_databases_cohorts(own_cohort_env):
    app = _open()
    scope = app.selectbox(key="whatif-scope")
    assert scope.options == ["All aspirational blocks", "All blocks with data", "District pilot 2025"]
    scope.set_value("cohort=district_pilot").run()
    assert not app.exception and not app.error
    assert len(app.dataframe[0].value) == 30  # the 30 pilot blocks, ranked among themselves


def test_a_links_cohort_the_database_lacks_falls_back_with_a_warning(own_cohort_env):
    app = _open({scenario.QUERY_KEYS["scope"]: "cohort=jica_phase_1"})
    assert any("jica" in w.value and "all aspirational blocks instead" in w.value for w in app.warning)
    assert not app.error
    assert app.selectbox(key="whatif-scope").value == "aspirational"
    assert app.dataframe[0].value.rank_scenario.notna().sum() > 100


def test_a_monte_carlo_that_cannot_run_is_explained(demo_env, monkeypatch):
    from lib import ui

    def refuse(*args, **kwargs):
        raise ValueError("alternative methods must rank the same units")

    monkeypatch.setattr(ui, "run_monte_carlo", refuse)
    app = _open()
    next(b for b in app.button if b.label == "Run Monte Carlo").click().run()
    assert not app.exception
    assert any(e.value.startswith("The Monte Carlo cannot be computed: alternative methods") for e in app.error)


def test_a_saved_scenario_that_cannot_be_ranked_is_explained(demo_env, monkeypatch):
    from lib import ui

    app = _open()
    app.button(key="whatif-save-A").click().run()
    app.slider(key="whatif-weight-health").set_value(40.0).run()
    app.button(key="whatif-save-B").click().run()
    ranking_table = ui.ranking_table

    def no_data_for_b(key, params):  # as for a saved period the database no longer has
        if params.theme_weight_map()["health"] == 40.0:
            raise ValueError("no indicator values as of 2026-08")
        return ranking_table(key, params)

    monkeypatch.setattr(ui, "ranking_table", no_data_for_b)
    app.slider(key="whatif-weight-health").set_value(10.0).run()
    assert not app.exception
    assert any(e.value.startswith("The comparison of A and B cannot be computed: no indicator") for e in app.error)


# ------------------------------------------------------------------ labels and downloads (issue 15, item 14)


@pytest.fixture()
def downloads(monkeypatch) -> dict:
    """File name -> the CSV text the page offers (recorded where the page hands tables to download)."""
    from lib import ui

    offered = {}
    download_table = ui.download_table

    def record(frame, filename, label_text="Download CSV"):
        offered[filename] = csv_text(frame)
        download_table(frame, filename, label_text)

    monkeypatch.setattr(ui, "download_table", record)
    return offered


def _csv(offered: dict, stem: str) -> tuple[str, pd.DataFrame]:
    text = next(text for name, text in offered.items() if name.startswith(stem))
    return text, pd.read_csv(StringIO(text), dtype=str)


def _whole_numbers(cells: pd.Series) -> pd.Series:
    """CSV cells that must be plain whole numbers ("-3", "12"), as numbers."""
    assert cells.str.fullmatch(r"-?\d+").all(), cells[~cells.str.fullmatch(r"-?\d+")].head().tolist()
    return cells.astype(int)


def _at_most_two_decimals(text: str) -> bool:
    return not re.search(r"\d\.\d{3,}", text)


def test_tables_and_downloads_speak_to_people(demo_env, downloads):
    app = _open()
    app.slider(key="whatif-weight-education").set_value(50.0).run()
    labels = _labels(app.dataframe[0])
    assert {labels[c] for c in ("unit_name", "district", "state")} == {"Block", "District", "State / UT"}
    assert json.loads(app.dataframe[0].proto.columns)["composite_scenario"]["type_config"]["format"] == "%.1f"
    text, ranks = _csv(downloads, "whatif_ranks_")
    assert list(ranks.columns) == [
        "Scenario rank",
        "Change in rank vs default (+ = up)",
        "Block",
        "District",
        "State / UT",
        "Default rank",
        "Scenario score",
        "Default score",
    ]
    ranked = ranks.dropna(subset=["Scenario rank"])
    change = _whole_numbers(ranked["Change in rank vs default (+ = up)"])  # a signed number, no arrows
    assert (change == _whole_numbers(ranked["Default rank"]) - _whole_numbers(ranked["Scenario rank"])).all()
    assert (change != 0).any()
    assert "▲" not in text and "▼" not in text and _at_most_two_decimals(text)

    app.selectbox(key="whatif-baseline").select_index(1).run()  # the latest month before the period
    text, ranks = _csv(downloads, "whatif_ranks_")
    assert {"Delta rank", f"Change in score since {app.selectbox(key='whatif-baseline').value}"} <= set(ranks.columns)
    assert _at_most_two_decimals(text)

    next(b for b in app.button if b.label == "Run Monte Carlo").click().run()
    text, intervals = _csv(downloads, "whatif_uncertainty_all_")
    assert {"Block code", "Block", "Rank", "Score", "Median rank over the draws", "5th percentile rank"} <= set(
        intervals.columns
    )
    assert not {"unit_id", "unit_name", "district_id", "state_id", "composite"} & set(intervals.columns)
    assert _at_most_two_decimals(text)
