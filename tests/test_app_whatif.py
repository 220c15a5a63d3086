"""AppTest for the What-if page: real widget interactions change what is shown."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

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
    # the caption under the slider shows the new share: 50 / (50 + 5 x 10) = 50%
    assert any(c.value.startswith("**50%**") for c in app.caption)
    # the six shares on screen add up to exactly 100
    shares = [int(c.value.split("%")[0].strip("*")) for c in app.caption if c.value.endswith("of the composite")]
    assert len(shares) == 6 and sum(shares) == 100
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


def test_two_saved_scenarios_are_compared(demo_env):
    app = _open()
    app.text_input(key="whatif-scenario-name").input("Equal").run()
    app.button(key="whatif-save-A").click().run()
    app.slider(key="whatif-weight-health").set_value(40.0).run()
    app.text_input(key="whatif-scenario-name").input("Health first").run()
    app.button(key="whatif-save-B").click().run()
    assert not app.exception
    compared = app.dataframe[-1].value
    assert {"Rank in A (Equal)", "Rank in B (Health first)", "B vs A"} <= set(compared.columns)
    assert any(i.value.startswith("From A to B:") for i in app.info)


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
