"""Shared by the tests: open the app on a page (AppTest), and write the reduced demo to a file."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib.demo.simulate import small_demo
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_app(page: str | None = None, query: dict | None = None) -> AppTest:
    """The app (database from ``ABP_DB``) opened with a link's ``query``, then switched to ``page``;
    fails the test on any exception."""
    app = AppTest.from_file(APP, default_timeout=wait_s(180))
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def small_demo_file(path: Path, *statements: str) -> Path:
    """The reduced demo (120 blocks, codes 5001..) with ``statements`` run on it, written to ``path``."""
    con = small_demo(seed=0, n_blocks=120)
    for statement in statements:
        con.execute(statement)
    con.execute("ATTACH ? AS f", [str(path)])
    con.execute("COPY FROM DATABASE memory TO f")
    con.execute("DETACH f")
    con.close()
    return path
