"""Shared by the browser tests: a throwaway Streamlit server and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from machine import require, wait_ms, wait_s

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(db: Path, extra_env: dict | None = None):
    """`streamlit run app.py` on a free local port serving ``db``; yields its URL once healthy.

    The server's output goes to a file, not a pipe: nobody reads a pipe while the tests run, and once
    its buffer filled a server blocked on its next log line (fontTools logs every subset it makes)."""
    port = _free_port()
    env = {**os.environ, "ABP_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    with tempfile.TemporaryFile(prefix="abp-streamlit-", suffix=".log") as log:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + wait_s(60)
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            process.kill()
            process.wait()
            log.seek(0)
            pytest.fail("Streamlit server did not become healthy within 60 s:\n" + log.read().decode()[-3000:])
        try:
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=wait_s(20))
            except subprocess.TimeoutExpired:  # a loaded machine can be slow to shut a server down: not a failure
                process.kill()
                process.wait()


@contextmanager
def chromium():
    """Debian's Chromium through Playwright (skipped where it is not installed, failed in CI)."""
    require(CHROMIUM is not None, "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


# --- the Map page's map (a component frame: lib/ui/block_map.py, lib/maps/web/map.js) ---------------

MAP_FRAME = "iframe[title='lib.ui.block_map.abp_block_map']"
MAP_CANVAS = "canvas#abp-map"


def map_canvas(page):
    """The map's canvas, inside its component frame."""
    return page.frame_locator(MAP_FRAME).locator(MAP_CANVAS)


def wait_map_drawn(page, previous: str | None = None, timeout_ms: float = 90_000) -> str:
    """Wait until the map has drawn a style other than ``previous``; returns the style's key."""
    canvas = map_canvas(page)
    canvas.wait_for(timeout=wait_ms(timeout_ms))
    deadline = time.monotonic() + wait_ms(timeout_ms) / 1000
    while time.monotonic() < deadline:
        drawn = canvas.get_attribute("data-drawn")
        if drawn and drawn != previous:
            return drawn
        page.wait_for_timeout(50)
    raise AssertionError(f"the map did not draw a new style within {timeout_ms / 1000:.0f} s (still {previous})")


def map_point(page, unit: str | None = None) -> tuple[float, float, str]:
    """Page coordinates of a point that picks ``unit`` (or some coloured unit) on the map, and the unit."""
    frame_element = page.locator(MAP_FRAME).first
    frame = frame_element.element_handle().content_frame()
    point = frame.evaluate("unit => abpMapPoint(unit === null ? undefined : unit)", unit)
    assert point, f"no point on the map picks {unit or 'a coloured unit'}"
    box = frame_element.bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"], point["unit"]


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
  .every(chart => chart.querySelector('canvas, svg'))"""


def settle(page) -> None:
    """Wait until the script has finished and every chart has drawn (not a fixed sleep: a busy machine
    needs longer, an idle one much less), then a moment for the last paint."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=wait_ms(60_000))
    page.wait_for_function(CHARTS_DRAWN, timeout=wait_ms(60_000))
    page.wait_for_timeout(300)
