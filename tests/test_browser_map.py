"""The Map in Chromium against a real server.

Play steps the sidebar's period (the app's one period, which AppTest cannot watch: after a page
switch it runs the page without app.py's sidebar) and stops at the latest complete month, never on
the incomplete newest one. A change of measure, period or selection sends the map's style, never its
outlines again (counted on the websocket)."""

from __future__ import annotations

import re
import time

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser_support import map_canvas, map_point, wait_map_drawn
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
    wait_map_drawn(page)
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


def _idle(page) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=wait_ms(60_000))


def test_a_change_of_measure_period_or_selection_does_not_resend_the_outlines(server, browser):
    received, errors = [], []
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: received.append(len(payload))))
    # script errors (the map's script reports its own on the console); Streamlit's frontend itself asks
    # for /map/_stcore/health and gets 404s, which are not the map's
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "/map", wait_until="domcontentloaded")
    drawn = wait_map_drawn(page)
    _idle(page)
    caption = page.get_by_text("Map outlines sent to the browser once per scope").inner_text()
    outline_bytes = float(re.search(r"scope: ([0-9.]+) MB", caption).group(1)) * 1e6
    assert sum(received) > outline_bytes, "the first view sends the outlines"
    assert map_canvas(page).get_attribute("data-outlines") == "1"

    changes = {  # the change, and the caption over the map once the page shows it
        "measure": (lambda: _choose(page, "Measure", "Rank (1 = best)"), "Rank (1 = best) · All India · 2026-08"),
        "period": (lambda: _choose(page, "Period", "2026-05"), "Rank (1 = best) · All India · 2026-05"),
    }
    for name, (change, caption_text) in changes.items():
        received.clear()
        change()
        page.get_by_text(caption_text).first.wait_for(timeout=wait_ms(60_000))
        drawn = wait_map_drawn(page, drawn)
        _idle(page)
        assert sum(received) < outline_bytes / 3, (name, sum(received), outline_bytes)
        assert map_canvas(page).get_attribute("data-outlines") == "1", f"a new {name} resent the outlines"

    received.clear()
    x, y, unit = map_point(page)
    page.mouse.click(x, y)
    page.get_by_text("Composite (official default)").wait_for(timeout=wait_ms(30_000))
    _idle(page)
    assert sum(received) < outline_bytes / 3 and map_canvas(page).get_attribute("data-outlines") == "1"

    _choose(page, "State / UT", "Bihar")  # another scope: its outlines, once
    page.get_by_text("Rank (1 = best) · Bihar · 2026-05").first.wait_for(timeout=wait_ms(60_000))
    wait_map_drawn(page, drawn)
    _idle(page)
    assert map_canvas(page).get_attribute("data-outlines") == "2"
    assert page.locator("[data-testid='stException']").count() == 0
    assert errors == []


def _choose(page, label_text: str, option: str) -> None:
    """Pick ``option``; again if a rerun redrew the box while its list was open (seen on a busy machine)."""
    box = page.get_by_role("combobox", name=label_text)
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=wait_ms(10_000))
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        if box.input_value() == option:
            return
    assert box.input_value() == option, f"could not choose {option!r} in {label_text!r}"
