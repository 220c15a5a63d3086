"""AppTest for the Block profile page: choosing a block and a peer group changes the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from lib.ui.state import ProfileKeys
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _open(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=wait_s(180))
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    app.switch_page("pages/profile.py").run()
    assert not app.exception, app.exception
    return app


def test_profile_renders_every_section_with_the_badge(demo_env):
    app = _open()
    assert app.title[0].value == "Block profile"
    assert any("Synthetic demo data" in str(m.value) for m in app.markdown)
    assert [s.value for s in app.subheader][1:] == ["Themes"]
    assert [tab.label for tab in app.tabs] == list(ProfileKeys.SECTIONS)
    indicators = app.dataframe[0].value
    assert len(indicators) == 39
    assert (
        indicators["Status"]
        .isin(["achieved", "challenges remain", "significant challenges", "major challenges", "no data"])
        .all()
    )


def test_choosing_a_block_changes_header_and_url(demo_env, demo_con):
    app = _open()
    first = app.subheader[0].value
    other = demo_con.execute(
        "SELECT unit_id, name FROM units WHERE aspirational ORDER BY unit_id DESC LIMIT 1"
    ).fetchone()
    app.selectbox(key="profile-block").select(other[0]).run()
    assert not app.exception
    assert app.subheader[0].value.startswith(other[1]) and app.subheader[0].value != first
    block = app.query_params["block"]
    assert (block[0] if isinstance(block, list) else block) == other[0]


def test_block_link_opens_that_block(demo_env, demo_con):
    block_id, name = demo_con.execute(
        "SELECT unit_id, name FROM units WHERE aspirational ORDER BY unit_id LIMIT 1 OFFSET 7"
    ).fetchone()
    app = _open({"block": block_id})
    assert app.subheader[0].value.startswith(name)


def test_only_the_open_section_runs_and_the_url_names_it(demo_env):
    """Closed tabs are not computed (the first view of a block waits for one section, not five); a
    link with ``section=`` opens that one."""
    first = _open()
    assert not any("Who to learn from" in d.value.columns for d in first.dataframe)  # Peers is closed
    assert len(first.dataframe) == 1  # the indicator table only
    peers = _open({ProfileKeys.SECTION: "Peers"})
    assert any("Who to learn from" in d.value.columns for d in peers.dataframe)
    assert not any("Indicator" in d.value.columns and "Status" in d.value.columns for d in peers.dataframe)


def test_a_choice_in_a_tab_survives_a_visit_to_another_tab(demo_env):
    app = _open({ProfileKeys.SECTION: "Peers"})
    app.radio(key=ProfileKeys.PEERS).set_value("similar").run()
    app.query_params[ProfileKeys.SECTION] = "Trends"  # the tab is bound to the URL: open Trends there
    app.run()
    assert not any("Who to learn from" in d.value.columns for d in app.dataframe)  # Peers is closed now
    app.query_params[ProfileKeys.SECTION] = "Peers"
    app.run()
    assert not app.exception
    assert app.radio(key=ProfileKeys.PEERS).value == "similar"


def test_peer_group_change_changes_the_peer_table(demo_env):
    app = _open({ProfileKeys.SECTION: "Peers"})
    peer_table = lambda: next(d.value for d in app.dataframe if "Who to learn from" in d.value.columns)  # noqa: E731
    default_group = peer_table()
    app.radio(key="profile-peers").set_value("similar").run()
    assert not app.exception
    similar = peer_table()
    assert not default_group.equals(similar)
    assert any("10 peers" in c.value for c in app.caption)


def test_unknown_block_in_link_warns_and_falls_back(demo_env):
    app = _open({"block": "B000000"})
    assert any("B000000" in w.value for w in app.warning)


def test_unranked_block_profile_explains_instead_of_crashing(demo_env, demo_con):
    from datetime import date

    from lib.scoring import service
    from lib.scoring.params import official_default

    table = service.ranking_table(demo_con, official_default(date(2026, 8, 1)))
    unranked = table.loc[table["rank"].isna(), "unit_id"]
    assert len(unranked) >= 1, "the demo should contain at least one block too sparse to rank"
    app = _open({"block": unranked.iloc[0]})
    assert [m.value for m in app.metric if m.label == "Composite"] == ["not ranked"]
    assert [m.value for m in app.metric if m.label == "All-India rank"] == ["–"]


PAGE_PERIOD = date(2026, 8, 1)  # the period the page opens on with the demo (its latest complete month)


def _displayed(frame) -> pd.DataFrame:
    """The cells as st.dataframe shows them: the Styler's display strings (``.value`` is the data underneath)."""
    return pa.ipc.open_stream(frame.proto.arrow_data.styler.display_values).read_all().to_pandas()


def test_indicator_table_shows_dashes_and_no_data_never_none(demo_env, demo_con):
    # a block with a monthly KPI it did not report for the period, but did report before
    block_id = demo_con.execute(
        """
        SELECT o.unit_id FROM observations o JOIN indicators i USING (indicator_id) JOIN units u USING (unit_id)
        WHERE u.aspirational AND i.periodicity = 'monthly' AND o.period < ?
          AND NOT EXISTS (SELECT 1 FROM observations n WHERE n.unit_id = o.unit_id
                          AND n.indicator_id = o.indicator_id AND n.period = ?)
        ORDER BY o.unit_id LIMIT 1""",
        [PAGE_PERIOD, PAGE_PERIOD],
    ).fetchone()[0]
    app = _open({"block": block_id})
    # The browser draws a missing number with the element's placeholder, whatever the Styler says
    # (Streamlit's default placeholder is the word "None": seen in Chromium before this was set).
    assert app.dataframe[0].proto.placeholder == "–"
    shown = _displayed(app.dataframe[0])
    assert not shown.isin(["None", "none", "nan", "NaN", "<NA>", "NaT"]).any().any()
    trend = "Trend (last 12 reports)"
    assert {"Change since 2025-08", trend, "Trend over", "Note"} <= set(shown.columns)
    no_data = shown[shown.Status == "no data"]
    assert len(no_data) > 0
    assert (no_data[trend] == "· no data").all() and (no_data.Value == "–").all()
    assert (no_data["Trend over"] == "–").all()
    assert shown.loc[shown.Status != "no data", "Trend over"].str.contains("report").all()
    assert any(c.value.startswith("Change: the value as of 2026-08 minus") for c in app.caption)


def test_what_would_it_take_speaks_in_ranks_and_names_within_the_valid_range(demo_env, demo_con):
    from lib import queries
    from lib.scoring import service
    from lib.scoring.params import official_default

    table = service.ranking_table(demo_con, official_default(PAGE_PERIOD))
    block_id, rank = table.loc[table["rank"] > 100, ["unit_id", "rank"]].iloc[0]
    app = _open({"block": block_id, ProfileKeys.SECTION: "What would it take"})
    advice = next(i.value for i in app.info if i.value.startswith("Rank ")).replace("\\", "")  # Markdown escapes
    target = (rank - 1) // 50 * 50
    assert advice.startswith(f"Rank {rank} now. To reach rank {target} or better")
    catalogue = queries.catalogue(demo_con)
    assert "band" not in advice and not any(i in advice for i in catalogue.indicator_id)
    from lib.rank_advice import PLAN_HEADERS  # here, so that the advice above is checked first

    shown = next(d for d in app.dataframe if "Suggested value" in d.value.columns)
    assert shown.proto.placeholder == "–"  # indicators the plan leaves alone show a dash, not "None"
    plan = shown.value
    assert plan.columns.tolist() == list(PLAN_HEADERS.values())
    limits = catalogue.set_index("short_name").valid_max
    suggested = plan.dropna(subset=["Suggested value"])
    assert len(suggested) >= 1
    assert suggested["Suggested value"].between(0, suggested.Indicator.map(limits)).all()
    assert all(f"{name} by" in advice for name in suggested.Indicator)
