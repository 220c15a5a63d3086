"""AppTest for the Block profile page: choosing a block and a peer group changes the page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _open(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=180)
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
    assert [s.value for s in app.subheader][1:] == [
        "Themes",
        "Indicators",
        "Trends",
        "Peers",
        "What would it take",
        "Compare blocks",
    ]
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


def test_peer_group_change_changes_the_peer_table(demo_env):
    app = _open()
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
