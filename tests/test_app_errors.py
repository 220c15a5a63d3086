"""An error no page anticipated becomes a message with a reference, never a traceback (issue 13 item 5)."""

from __future__ import annotations

from lib import overview
from tests.app_support import open_app


def test_a_page_that_fails_unexpectedly_says_so_with_a_reference_and_logs_the_details(demo_env, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret path /srv/abp/x.duckdb in a bug")

    monkeypatch.setattr(overview, "comparison_period", broken)
    monkeypatch.setenv("ABP_ERROR_LOG", str(tmp_path / "errors.log"))
    app = open_app()  # fails the test on any exception element
    messages = [e.value for e in app.error]
    assert len(messages) == 1 and messages[0].startswith("This view could not be completed (reference ")
    assert "/srv/abp" not in messages[0] and "RuntimeError" not in messages[0]
    reference = messages[0].split("reference ")[1].split(")")[0]
    log = (tmp_path / "errors.log").read_text()
    assert f"--- {reference} page Overview" in log and "RuntimeError: secret path" in log
    assert app.sidebar.selectbox(key="state")  # the sidebar and navigation are still there
