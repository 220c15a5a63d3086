"""The Map's Play in Chromium against a real server: it steps the sidebar's period (the app's one
period, which AppTest cannot watch: after a page switch it runs the page without app.py's sidebar)
and stops at the latest complete month, never on the incomplete newest one."""

from __future__ import annotations

import time

import duckdb
import pytest

from lib import queries
from lib.periods import label
from machine import wait_ms, wait_s

pytestmark = pytest.mark.browser


def _months(demo_db) -> tuple[str, str]:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return label(queries.latest_complete_period(con)), label(queries.periods(con)[-1])


def test_play_steps_the_sidebar_period_and_stops_at_the_latest_complete_month(server, browser, demo_db, artifacts_dir):
    latest_complete, newest = _months(demo_db)
    assert newest > latest_complete, "the demo's newest month is incomplete: Play must not reach it"
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(server + "/map?period=2026-05&baseline=2026-04", wait_until="domcontentloaded")
    page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for(timeout=wait_ms(90_000))
    period_box = page.get_by_role("combobox", name="Period")
    assert period_box.input_value() == "2026-05"
    page.get_by_text("Play", exact=True).click()
    seen, deadline = [], time.monotonic() + wait_s(90)
    while time.monotonic() < deadline and (not seen or seen[-1] != latest_complete):
        value = period_box.input_value()
        if not seen or seen[-1] != value:
            seen.append(value)
        page.wait_for_timeout(100)
    assert seen[-1] == latest_complete, seen
    assert seen == sorted(seen) and seen[0] == "2026-05", seen  # the sidebar moved month by month
    page.get_by_text(f"All India · {latest_complete} ·").first.wait_for(timeout=wait_ms(30_000))  # the map too
    page.wait_for_timeout(wait_ms(3000))  # time for two more steps, were Play to go on
    page.screenshot(path=str(artifacts_dir / "map_play_end.png"))
    assert period_box.input_value() == latest_complete, "Play must stop at the latest complete month"
    assert not page.get_by_label("Play", exact=True).is_checked(), "Play switches itself off at the end"
    assert page.locator("[data-testid='stException']").count() == 0
    assert "baseline=2026-04" in page.url  # the baseline held still while the period moved
