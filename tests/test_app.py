"""AppTest: the app shell and each page render on the demo, and interactions change what is shown.

Streamlit 1.67's AppTest drops the entrypoint's sidebar elements from its tree
after a rerun when ``st.navigation`` is used (session state survives), so the
sidebar filters are exercised by injecting session state into a fresh run, as
a user's selection would set it; tests/test_browser.py clicks the real widget.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_support import open_app
from lib.config import CATALOGUE_CSV
from lib.registry import PAGES
from machine import wait_s

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _run_app(query: dict | None = None, state: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    for name, value in (state or {}).items():
        app.session_state[name] = value
    return app.run()


def _badges(app: AppTest, where=None) -> list[str]:
    """Text of st.badge elements (AppTest shows them as ':color-badge[...]' markdown)."""
    elements = (where or app).markdown
    return [str(e.value) for e in elements if "-badge[" in str(e.value)]


def test_app_renders_overview_with_demo_badge(demo_env):
    app = _run_app()
    assert not app.exception
    assert [t.value for t in app.title] == ["Overview"]
    assert any("Synthetic demo data" in b for b in _badges(app.main)), "page must show the synthetic-data badge"
    assert any("Synthetic demo data" in b for b in _badges(app.sidebar)), "sidebar must show it too"
    assert {m.label for m in app.metric} >= {"Aspirational blocks", "Districts", "States / UTs", "Data completeness"}
    assert [m.value for m in app.metric if m.label == "Aspirational blocks"] == ["500"]
    assert len(app.dataframe) == 3  # top 10, bottom 10, improvers


def test_state_filter_narrows_overview_and_sets_url(demo_env):
    app = _run_app(state={"state": "S10"})
    assert not app.exception
    assert app.sidebar.selectbox(key="state").value == "S10"
    assert app.query_params["state"] in ("S10", ["S10"])
    blocks = [m.value for m in app.metric if m.label == "Aspirational blocks"][0]
    assert 0 < int(blocks) < 500
    top = app.dataframe[0].value
    assert set(top.state) == {"Bihar"}
    district_box = app.sidebar.selectbox(key="district")
    districts_metric = [m.value for m in app.metric if m.label == "Districts"][0]
    assert len(district_box.options) - 1 == int(districts_metric)  # "All districts" + Bihar's districts


def test_url_parameters_reproduce_view(demo_env):
    app = _run_app({"state": "S09", "period": "2025-06"})
    assert not app.exception
    assert app.sidebar.selectbox(key="state").value == "S09"
    assert app.sidebar.selectbox(key="period").value == "2025-06"
    assert "2025-06" in app.caption[0].value and "Uttar Pradesh" in app.caption[0].value


def test_invalid_url_value_falls_back_with_warning(demo_env):
    app = _run_app({"state": "S99"})
    assert not app.exception
    assert app.sidebar.selectbox(key="state").value == ""
    assert any("S99" in w.value for w in app.sidebar.warning)


def test_period_change_changes_ranking(demo_env):
    latest = _run_app()
    earlier = _run_app(state={"period": "2024-03"})
    assert not earlier.exception
    assert "2024-03" in earlier.caption[0].value
    assert earlier.dataframe[0].value.unit_name.tolist() != latest.dataframe[0].value.unit_name.tolist()


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_every_registered_page_renders(demo_env, spec, monkeypatch):
    monkeypatch.setenv("ABP_ADMIN_PASSWORD", "test")  # the Data admin page exists only with a password
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    app.switch_page(spec.path).run()
    assert not app.exception
    assert app.title[0].value.startswith(spec.title)
    assert any("Synthetic demo data" in b for b in _badges(app.main))


def test_indicators_page_theme_filter(demo_env):
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    app.switch_page("pages/indicators.py").run()
    full = len(app.dataframe[0].value)
    app.selectbox(key="indicators-theme").select("Education").run()
    education = app.dataframe[0].value
    assert len(education) == 11 < full
    assert set(education.theme) == {"Education"}
    app.toggle(key="indicators-sampoornata").set_value(True).run()
    assert app.info  # no Education KPI is a Sampoornata KPI: clear empty state


def test_first_run_without_database_builds_the_demo(tmp_path, monkeypatch):
    target = tmp_path / "fresh" / "abp.duckdb"
    monkeypatch.setenv("ABP_DB", str(target))
    app = AppTest.from_file(APP, default_timeout=wait_s(120)).run()
    assert not app.exception
    assert target.exists(), "the app must build the demo database on first run"
    assert not list(target.parent.glob("*.building-*")), "no partial build file may be left behind"
    assert [t.value for t in app.title] == ["Overview"]
    assert [m.value for m in app.metric if m.label == "Aspirational blocks"] == ["500"]


def test_existing_database_without_data_is_never_overwritten(tmp_path, monkeypatch):
    from lib.db import connect
    from lib.ingest.catalogue import import_catalogue

    target = tmp_path / "prepared.duckdb"
    with connect(target) as con:
        import_catalogue(con, CATALOGUE_CSV)
    before = target.read_bytes()
    monkeypatch.setenv("ABP_DB", str(target))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not app.exception
    assert any("no units or observations" in w.value for w in app.warning)
    assert target.read_bytes() == before, "the app must not replace a database the user is preparing"


def _theme_chart(app) -> pd.DataFrame:
    """The data the page's Themes chart draws (group, when, score), read from the chart element."""
    import pyarrow as pa

    chart = next(c for c in app.get("vega_lite_chart") if "Mean theme score" in c.proto.spec)
    return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()


@pytest.mark.parametrize("state", [None, "S10"])
def test_overview_theme_chart_shows_each_themes_mean_now_and_a_year_before(demo_env, state):
    from datetime import date

    import duckdb

    from lib.scoring import service
    from lib.scoring.params import GROUP_LABELS, official_default

    app = open_app(query={"state": state} if state else None)
    shown = _theme_chart(app).set_index(["group", "when"]).score
    with duckdb.connect(str(demo_env), read_only=True) as con:
        table = service.ranking_table(con, official_default(date(2026, 8, 1), date(2025, 8, 1)))
    ranked = table.dropna(subset=["composite"])
    if state:
        ranked = ranked[ranked.state_id == state]
    for group, title in GROUP_LABELS.items():
        assert shown[(title, "2026-08")] == pytest.approx(ranked[f"{group}_score"].mean(), rel=1e-9)
        assert shown[(title, "2025-08")] == pytest.approx(ranked[f"{group}_score_baseline"].mean(), rel=1e-9)
    assert len(shown) == 2 * len(GROUP_LABELS)


def test_ranking_tables_link_each_block_to_its_profile(demo_env):
    import duckdb

    app = _run_app()
    top = app.dataframe[0].value
    with duckdb.connect(str(demo_env), read_only=True) as con:
        names = dict(con.execute("SELECT unit_id, name FROM units").fetchall())
    linked_blocks = top["profile"].str.removeprefix("/profile?block=")
    assert [names[b] for b in linked_blocks] == top.unit_name.tolist()


def test_headline_completeness_follows_the_filters(demo_env):
    from datetime import date

    import duckdb

    from lib import queries

    with duckdb.connect(str(demo_env), read_only=True) as con:
        district = con.execute(
            "SELECT district_id FROM units WHERE aspirational AND state_id = 'S10' ORDER BY district_id LIMIT 1"
        ).fetchone()[0]
        expected = {
            scope: queries.completeness(con, date(2026, 8, 1), *scope)
            for scope in [("", ""), ("S10", ""), ("S10", district)]
        }
    shown = {}
    for scope in expected:
        app = _run_app({"state": scope[0], "district": scope[1]} if scope[0] else None)
        assert not app.exception
        shown[scope] = next(m.value for m in app.metric if m.label == "Data completeness")
    assert shown == {scope: f"{value:.0%}" for scope, value in expected.items()}
    assert len(set(expected.values())) == 3  # the three scopes really differ on the demo


def test_links_to_a_profile_carry_the_filters_and_period(demo_env):
    app = _run_app({"state": "S10", "period": "2025-06"})
    assert not app.exception
    for frame in app.dataframe:
        links = frame.value["profile"]
        assert links.str.startswith("/profile?state=S10&period=2025-06&block=").all(), links.iloc[0]
    page_links = [link.proto.page for link in app.get("page_link")]
    assert page_links and all("state=S10" in link.proto.query_string for link in app.get("page_link")), page_links


def test_a_district_view_lists_each_block_once_with_its_ranks_in_state_and_district(demo_env):
    import duckdb

    with duckdb.connect(str(demo_env), read_only=True) as con:
        district, state = con.execute(
            "SELECT district_id, any_value(state_id) FROM units WHERE aspirational AND level = 'block' "
            "GROUP BY district_id HAVING count(*) = 2 ORDER BY district_id LIMIT 1"
        ).fetchone()
    app = _run_app({"state": state, "district": district})
    assert not app.exception
    ranked = app.dataframe[0].value
    assert [h.value for h in app.subheader][0].startswith("All ") and len(ranked) <= 2
    assert {"rank", "state_rank", "district_rank"} <= set(ranked.columns)
    assert sorted(ranked.district_rank.tolist()) == list(range(1, len(ranked) + 1))
    assert (ranked.state_rank <= ranked["rank"]).all()
    listed = [unit for frame in app.dataframe[:-1] for unit in frame.value.unit_name]
    assert len(listed) == len(set(listed))


def test_ranking_csvs_have_readable_headers_and_plain_numbers(demo_env, monkeypatch):
    """What the Overview hands to the download: readable headers, whole ranks, two-decimal scores."""
    from lib.ui import components

    sent = {}
    real = components.st.download_button

    def capture(label_text, data, file_name=None, **kwargs):
        if file_name and file_name.endswith(".csv"):  # a CSV is written when clicked: write it here
            sent[file_name] = (data() if callable(data) else data).decode("utf-8")
        return real(label_text, data, file_name=file_name, **kwargs)

    monkeypatch.setattr(components.st, "download_button", capture)
    app = _run_app({"state": "S10"})
    assert not app.exception
    top = next(text for name, text in sent.items() if name.startswith("top10_"))
    header, first = top.splitlines()[:2]
    assert header == "All-India rank,Rank in Bihar,Block,District,State / UT,Score (0-100)"
    rank, state_rank, *_, score = first.split(",")
    assert rank.isdigit() and state_rank == "1" and len(score.split(".")[-1]) <= 2
    improvers = next(text for name, text in sent.items() if name.startswith("improvers_"))
    assert improvers.splitlines()[0].startswith("Improvement rank,Improvement rank in Bihar,Block,")
