"""Navigation round trips: every page survives a visit to another page and back (AppTest).

Streamlit forgets a widget's state when its page is not shown; a page that keeps
its own flags in session state must not assume its widgets' keys are still there.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.registry import ADMIN_PAGE, PAGES
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")
VIEWER_PAGES = [spec.path for spec in PAGES if spec.path != ADMIN_PAGE]


@pytest.fixture(scope="module")
def app_env(demo_db):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ABP_DB", str(demo_db))
        yield demo_db


def _errors(app: AppTest) -> list[str]:
    return [e.message for e in app.exception]


@pytest.mark.parametrize("page, other", list(permutations(VIEWER_PAGES, 2)))
def test_a_page_then_another_then_the_first_again(app_env, page, other):
    app = AppTest.from_file(APP, default_timeout=wait_s(180)).run()
    for visit in (page, other, page):
        app.switch_page(visit).run()
        assert not app.exception, (visit, _errors(app))


def test_the_what_if_scenario_is_still_there_after_a_visit_elsewhere(app_env):
    app = AppTest.from_file(APP, default_timeout=wait_s(180)).run()
    app.switch_page("pages/what_if.py").run()
    app.selectbox(key="whatif-method").set_value("zscore").run()
    app.switch_page("pages/overview.py").run()
    app.switch_page("pages/what_if.py").run()
    assert not app.exception, _errors(app)
    assert app.selectbox(key="whatif-method").value == "zscore"
