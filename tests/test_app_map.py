"""AppTest for the Map page: renders, and a changed measure or scope changes what is shown."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_support import open_app
from lib.plaintext import md
from lib.ui.state import MapKeys, StateKeys
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _open(state: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=wait_s(120))
    for name, value in (state or {}).items():
        app.session_state[name] = value
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    return app


def _legend(app: AppTest) -> list[str]:
    return [str(m.value) for m in app.markdown if "display:inline-block" in str(m.value)]


def test_map_renders_with_legend_tables_and_badge(demo_env):
    app = _open()
    assert app.title[0].value == "Map"
    assert any("Synthetic demo data" in str(m.value) for m in app.markdown)
    legend = _legend(app)
    assert 5 <= len(legend) <= 8
    # legend counts add up to the 500 aspirational blocks shown
    assert sum(int(row.rsplit("(", 1)[1].rstrip(")")) for row in legend) == 500
    assert len(app.dataframe) == 2  # best 10, worst 10
    assert any("Map outlines sent to the browser once per scope" in c.value for c in app.caption)


def test_changing_the_measure_changes_legend_and_tables(demo_env):
    app = _open()
    before = _legend(app), app.dataframe[0].value.iloc[:, 0].tolist()
    app.selectbox(key="map-measure").select("indicator:low_birth_weight").run()
    assert not app.exception
    after = _legend(app), app.dataframe[0].value.iloc[:, 0].tolist()
    assert before[0] != after[0] and before[1] != after[1]
    # best 10 of a lower-is-better indicator are its lowest values
    best = app.dataframe[0].value.iloc[:, -1].tolist()
    assert best == sorted(best)


def test_state_scope_from_the_sidebar_limits_the_map(demo_env):
    app = _open({"state": "S10"})
    assert "Bihar" in " ".join(c.value for c in app.caption)
    assert set(app.dataframe[0].value["State / UT"]) == {"Bihar"}


def test_delta_measure_uses_a_diverging_legend(demo_env):
    app = _open()
    app.selectbox(key="map-measure").select("delta").run()
    assert not app.exception
    assert any("Blue: improved" in c.value for c in app.caption)


def _query(app: AppTest, name: str):
    value = app.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_measure_and_classes_round_trip_through_the_url(demo_env):
    app = open_app(
        "pages/map.py",
        {
            MapKeys.MEASURE_QUERY: "indicator:low_birth_weight",
            MapKeys.SCHEME_QUERY: "equal_interval",
            MapKeys.CLASSES_QUERY: "7",
        },
    )
    assert app.selectbox(key=MapKeys.MEASURE).value == "indicator:low_birth_weight"
    assert app.selectbox(key=MapKeys.SCHEME).value == "equal_interval"
    assert app.slider(key=MapKeys.CLASSES).value == 7
    assert len(_legend(app)) >= 7
    # a change goes into the link; a return to the default takes it out
    app.selectbox(key=MapKeys.MEASURE).select("delta").run()
    assert _query(app, MapKeys.MEASURE_QUERY) == "delta"
    app.slider(key=MapKeys.CLASSES).set_value(5).run()
    assert _query(app, MapKeys.CLASSES_QUERY) is None
    assert _query(app, MapKeys.SCHEME_QUERY) == "equal_interval"


def test_a_bad_map_link_falls_back_to_the_defaults_with_a_warning(demo_env):
    app = open_app("pages/map.py", {MapKeys.MEASURE_QUERY: "indicator:no_such_kpi", MapKeys.CLASSES_QUERY: "12"})
    warnings = " ".join(w.value for w in app.warning)
    assert md("measure='indicator:no_such_kpi'") in warnings and "classes='12'" in warnings
    assert app.selectbox(key=MapKeys.MEASURE).value == "composite"
    assert app.slider(key=MapKeys.CLASSES).value == 5


# ---------------------------------------------------------------- one period, links, Play


def test_the_map_shows_the_apps_period_and_has_no_period_of_its_own(demo_env):
    """AppTest runs only the page after a switch (not app.py's sidebar): the period comes from the
    link through the shared filters; tests/test_browser_map.py watches the sidebar itself."""
    app = open_app("pages/map.py", {StateKeys.PERIOD: "2025-11"})
    assert len(app.select_slider) == 0, "the map must not have a period slider besides the sidebar's"
    assert MapKeys.PLAY in [t.key for t in app.toggle]  # Play stays, and steps the app's period
    assert any("· 2025-11 ·" in c.value for c in app.caption)
    assert app.selectbox(key=MapKeys.BASELINE).value == "2024-11"  # a year before the app's period


def test_a_map_link_reproduces_period_measure_classes_and_baseline(demo_env):
    link = {
        StateKeys.PERIOD: "2026-03",
        MapKeys.MEASURE_QUERY: "delta",
        MapKeys.SCHEME_QUERY: "fisher_jenks",
        MapKeys.CLASSES_QUERY: "6",
        MapKeys.BASELINE_QUERY: "2025-02",
    }
    app = open_app("pages/map.py", link)
    assert app.selectbox(key=MapKeys.MEASURE).value == "delta"
    assert app.selectbox(key=MapKeys.SCHEME).value == "fisher_jenks"
    assert app.slider(key=MapKeys.CLASSES).value == 6
    assert app.selectbox(key=MapKeys.BASELINE).value == "2025-02"
    assert any("2026-03 (baseline 2025-02)" in c.value for c in app.caption)
    assert {name: _query(app, name) for name in link} == link  # the link stays as it was opened
    # a change goes into the link; the default baseline (a year before) leaves it
    app.selectbox(key=MapKeys.BASELINE).select("2025-09").run()
    assert _query(app, MapKeys.BASELINE_QUERY) == "2025-09"
    app.selectbox(key=MapKeys.BASELINE).select("2025-03").run()
    assert _query(app, MapKeys.BASELINE_QUERY) is None


def test_a_baseline_not_before_the_period_falls_back_with_a_warning(demo_env):
    app = open_app("pages/map.py", {StateKeys.PERIOD: "2025-06", MapKeys.BASELINE_QUERY: "2025-09"})
    assert "baseline='2025-09'" in " ".join(w.value for w in app.warning)
    assert app.selectbox(key=MapKeys.BASELINE).value == "2024-06"


def test_the_profile_link_of_a_clicked_block_keeps_the_filters_and_period(demo_env):
    app = AppTest.from_file(APP, default_timeout=wait_s(120))
    app.query_params["state"] = "S10"
    app.query_params["period"] = "2025-06"
    app.run()
    app.switch_page("pages/map.py").run()
    app.session_state[MapKeys.SELECTED] = _a_block_in_bihar(demo_env)
    app.run()
    assert not app.exception
    link = next(link for link in app.get("page_link") if "profile" in link.proto.page)
    assert "state=S10" in link.proto.query_string and "period=2025-06" in link.proto.query_string
    assert "block=" in link.proto.query_string


def _a_block_in_bihar(demo_env) -> str:
    import duckdb

    with duckdb.connect(str(demo_env), read_only=True) as con:
        return con.execute(
            "SELECT unit_id FROM units WHERE aspirational AND state_id = 'S10' ORDER BY unit_id LIMIT 1"
        ).fetchone()[0]
