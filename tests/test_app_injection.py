"""Text from links and from data is shown as plain text: no link, image or formatting can be injected
through a URL value or a name (issue 13, item 3). Table-driven: each case is a page, its URL and
what a hostile value does there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app_support import open_app

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LINK = "[Click here to re-login](https://evil.example/login)"
IMAGE = "![x](http://127.0.0.2/x.png)"
PAYLOAD = f"{LINK} {IMAGE} **bold** <b>html</b>"
# Markdown that would render as a link or an image: '[' not escaped, then '](' not escaped; or a bare address.
ACTIVE = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<![\\/])https?://|(?<!\\)<b>|(?<!\\)\*\*bold")

CASES = [  # (page, query)
    (None, {"state": PAYLOAD}),
    (None, {"district": PAYLOAD, "period": IMAGE}),
    ("pages/profile.py", {"block": PAYLOAD}),
    ("pages/what_if.py", {"sc": f"cohort={PAYLOAD}"}),
    ("pages/what_if.py", {"w": f"health:{IMAGE}"}),
    ("pages/evaluation.py", {"cohort": PAYLOAD, "outcome": LINK, "pre": IMAGE}),
    ("pages/map.py", {"state": IMAGE}),
    ("pages/map.py", {"measure": PAYLOAD, "scheme": LINK, "classes": IMAGE}),
    ("pages/what_if.py", {"w": "health:100"}),  # beyond the slider: was a traceback
    ("pages/what_if.py", {"iw": "anc_first_trimester:99", "mm": "0.9"}),
    ("pages/what_if.py", {"sc": "cohort=nonexistent"}),  # selects no block: was a traceback
]


def rendered_markdown(app: AppTest) -> list[str]:
    """The Markdown source of every element that renders Markdown, main area and sidebar."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title", "header")
    return [str(element.value) for kind in kinds for element in app.get(kind)]


def open_page(page: str | None, query: dict) -> AppTest:
    return open_app(page, query)


@pytest.mark.parametrize("page, query", CASES)
def test_a_hostile_link_value_is_shown_as_text(demo_env, page, query):
    texts = rendered_markdown(open_page(page, query))
    assert [t for t in texts if ACTIVE.search(t)] == []


@pytest.fixture()
def hostile_names(demo_db, tmp_path, monkeypatch):
    """A copy of the demo in which a block, its district, a KPI and a cohort carry hostile names."""
    path = tmp_path / "hostile.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as con:
        block, district = con.execute(
            "SELECT unit_id, district_id FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 1"
        ).fetchone()
        con.execute("UPDATE units SET name = ? WHERE unit_id = ?", [f"Block {PAYLOAD}", block])
        con.execute("UPDATE units SET name = ? WHERE unit_id = ?", [f"District {LINK}", district])
        con.execute("UPDATE indicators SET short_name = ? WHERE indicator_id = 'anc_first_trimester'", [IMAGE])
        con.execute("UPDATE cohorts SET name = ? WHERE cohort_id = 'jica_phase_1'", [f"Cohort {PAYLOAD}"])
    monkeypatch.setenv("ABP_DB", str(path))
    return block


@pytest.mark.parametrize("page", ["pages/profile.py", "pages/evaluation.py", "pages/map.py", "pages/what_if.py", None])
def test_hostile_names_in_the_data_are_shown_as_text(hostile_names, page):
    query = {"block": hostile_names} if page == "pages/profile.py" else {}
    texts = rendered_markdown(open_page(page, query))
    assert [t for t in texts if ACTIVE.search(t)] == []
    if page == "pages/profile.py":  # the name is there, escaped
        assert any("Block \\[Click here to re-login\\]" in t for t in texts)


def test_viewers_never_see_tracebacks_or_exception_messages():
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"  # details go to the server's console only
