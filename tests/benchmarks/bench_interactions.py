"""How long each page takes to load and each click takes to settle, in headless Chromium, against
a minimal Streamlit app measured in the same run (the floor). Printed, not asserted.

    python tests/benchmarks/bench_interactions.py [--project DIR] [--db PATH]
        [--all-india-db PATH | --no-all-india] [--repeat N] [--only PAGE,...]

The floor is a Streamlit app doing the same kind of work as a page: a sidebar select box, a
500-row table, a metric and an Altair histogram. Each page is loaded ``--repeat`` times in a new
tab (a new session; the server is warm after one untimed visit), and each interaction is done
``--repeat`` times; the table shows medians.

Times are taken with the browser's clock, from the moment the page receives the click or key press
(the driver's own checks before it clicks are left out). A script in the page watches Streamlit's run state
(``data-test-script-state`` on the app root): an action has settled when the app has gone from
running back to idle and stayed idle for 0.6 s, and two animation frames have passed (the browser
has painted what arrived). ``server`` is the time until the last run finished, ``render`` what
followed; ``/ floor`` divides by the floor's load or interaction time (for a map interaction, the
later of settled and map drawn). ``kB`` is what the server sent on the websocket for the action. For the map, ``painted``
is when the map canvas has drawn (``load`` is the widgets).

``--project`` runs another copy of the code (a snapshot: the live tree's file watcher would reload
the server while others edit it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib.demo.build import build_demo  # noqa: E402
from support import CHROMIUM_ARGS  # noqa: E402

QUIET_MS = 600
TIMEOUT_MS = 120_000
FLOOR_APP = """
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

rng = np.random.default_rng(0)
frame = pd.DataFrame({"block": [f"Block {i}" for i in range(500)], "state": rng.choice(list("ABCDE"), 500),
                      "score": rng.uniform(0, 100, 500).round(1)})
state = st.sidebar.selectbox("State / UT", ["All", *"ABCDE"])
shown = frame if state == "All" else frame[frame.state == state]
st.title("Floor")
st.metric("Mean score", f"{shown.score.mean():.1f}")
st.altair_chart(alt.Chart(shown).mark_bar().encode(alt.X("score:Q", bin=True), y="count()"))
st.dataframe(shown, hide_index=True)
"""

# Records, in the browser's clock, each change of Streamlit's run state and each paint after one.
WATCH_SCRIPT = """
(() => {
  window.__abp = {states: [], painted: 0, input: 0};
  // the moment the app receives the user's input (not when the test driver starts to act)
  for (const type of ['click', 'keydown']) {
    document.addEventListener(type, () => { window.__abp.input = performance.now(); }, true);
  }
  const log = (state) => {
    window.__abp.states.push([state, performance.now()]);
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__abp.painted = performance.now(); }));
  };
  const attach = () => {
    const root = document.querySelector('[data-testid=stApp]');
    if (!root) { setTimeout(attach, 20); return; }
    log(root.getAttribute('data-test-script-state'));
    new MutationObserver(() => log(root.getAttribute('data-test-script-state')))
      .observe(root, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  attach();
})();
"""


@dataclass
class Timing:
    total: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)
    kilobytes: list[float] = field(default_factory=list)
    painted: list[float] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(folder: Path, script: str, db: Path | None):
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "PYTHONPATH": str(folder)}
    if db:
        env["ABP_DB"] = str(db)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


class Tab:
    """One browser tab on one server, with the run-state watcher and a websocket byte counter."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1366, "height": 900})
        self.page.add_init_script(WATCH_SCRIPT)
        self.received = 0
        self.page.on("websocket", self._count)
        self.url = url

    def _count(self, socket_) -> None:
        socket_.on("framereceived", lambda payload: setattr(self, "received", self.received + len(payload)))

    def now(self) -> float:
        return self.page.evaluate("performance.now()")

    def settle(self, since: float) -> tuple[float, float]:
        """Wait until a run that began after ``since`` has finished and the app stayed idle; returns
        (ms to the last run's end, ms to the paint after it)."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            states = self.page.evaluate("window.__abp.states")
            ran = [t for state, t in states if state == "running" and t >= since]
            finished = [t for state, t in states if state == "notRunning" and t >= since]
            now = self.now()
            if ran and finished and states[-1][0] == "notRunning" and now - states[-1][1] >= QUIET_MS:
                self.page.wait_for_function(f"window.__abp.painted >= {states[-1][1]}", timeout=TIMEOUT_MS)
                painted = self.page.evaluate("window.__abp.painted")
                return states[-1][1] - since, painted - since
            self.page.wait_for_timeout(50)
        raise TimeoutError("the app did not settle")

    def load(self, path: str, ready: str, canvas: str | None = None) -> tuple[float, float, float, float | None]:
        """Open ``path`` in this tab; returns (ms to settled, ms server, kB, ms until a canvas drew)."""
        self.received = 0
        self.page.goto(self.url + path, wait_until="commit")
        start = 0.0  # the new document's clock starts at navigation
        self.page.locator(ready).first.wait_for(timeout=TIMEOUT_MS)
        server, total = self.settle(start)
        painted = None
        if canvas:
            painted = self.wait_painted(canvas, start)
        return total, server, self.received / 1000, painted

    def wait_painted(self, canvas: str, since: float) -> float | None:
        """ms from ``since`` until the map's canvas (in the page or a component frame) has drawn: its
        ``data-painted`` (epoch ms, set by the app's map after each draw); None for a canvas without it
        (``st.pydeck_chart``'s)."""
        probe = """([selector, since]) => {
          const docs = [document, ...[...document.querySelectorAll('iframe')].map(f => {
            try { return f.contentDocument; } catch (e) { return null; } }).filter(Boolean)];
          for (const doc of docs) {
            const el = doc.querySelector(selector);
            if (!el || el.width === 0) continue;
            if (!el.dataset.painted) return el.id === 'abp-map' ? null : -1;  // -1: a canvas that never says
            const at = Number(el.dataset.painted) - performance.timeOrigin;
            if (at >= since) return at;
          }
          return null;
        }"""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            at = self.page.evaluate(probe, [canvas, since])
            if at == -1:
                return None
            if at is not None:
                return at - since
            self.page.wait_for_timeout(30)
        raise TimeoutError(f"no map canvas ({canvas}) drew")

    def act(self, action, canvas: str | None = None) -> tuple[float, float, float, float | None]:
        """Do ``action`` (a callable given the page); returns (ms settled, ms server, kB, ms until the
        map's canvas drew, when there is one)."""
        self.received = 0
        start = self.now()
        action(self.page)
        start = max(start, self.page.evaluate("window.__abp.input"))  # a click in a frame is not seen: then the earlier
        server, total = self.settle(start)
        return total, server, self.received / 1000, self.wait_painted(canvas, start) if canvas else None


def pick(label: str, index: int):
    """An action choosing the ``index``-th option of the select box whose label starts with ``label``
    (the list is opened untimed)."""

    def prepare(page):
        page.get_by_role("combobox", name=label).first.click()
        return lambda page: page.get_by_role("option").nth(index).click()

    return prepare


def key_on_slider(label: str, key: str):
    def prepare(page):
        page.locator("[data-testid='stSlider']").filter(has_text=label).get_by_role("slider").first.focus()
        return lambda page: page.keyboard.press(key)

    return prepare


def click_block(nth: int):
    """An action clicking the ``nth`` block that can be picked on the app's map (component frame)."""

    def prepare(page):
        frame_element = page.locator("iframe[title='lib.ui.block_map.abp_block_map']")
        if frame_element.count():
            frame = frame_element.first.element_handle().content_frame()
            point = frame.evaluate("n => abpMapPoint(undefined, n)", nth)
            box = frame_element.first.bounding_box()
            x, y = box["x"] + point["x"], box["y"] + point["y"]
        else:  # st.pydeck_chart (the code before issue 16): a coloured pixel of its canvas
            x, y = coloured_pixel(page.locator("[data-testid='stDeckGlJsonChart'] canvas").first, nth)
        return lambda page: page.mouse.click(x, y)

    return prepare


def coloured_pixel(canvas, nth: int) -> tuple[float, float]:
    """Page coordinates of a strongly coloured pixel (a block's fill, not grey, white or a line)."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("RGB"), dtype=float)
    rows, columns = np.nonzero(pixels.max(axis=2) - pixels.min(axis=2) > 60)
    pick = (len(rows) // 2 + nth * 97) % len(rows)
    box = canvas.bounding_box()
    return box["x"] + float(columns[pick]), box["y"] + float(rows[pick])


@dataclass
class Scenario:
    name: str
    path: str
    ready: str  # a selector present when the page has drawn its main content
    interactions: list[tuple[str, list]]  # (name, [prepare functions cycled through the repeats])
    canvas: str | None = None


def scenarios() -> list[Scenario]:
    # each repeat asks for something not yet seen in the tab (a view seen before is in the browser's cache)
    sidebar = ("sidebar state filter", [pick("State / UT", n) for n in (1, 2, 3, 4, 5)])
    period = ("sidebar period step", [pick("Period", n) for n in (2, 3, 4, 5, 6)])
    map_canvas = "[data-testid='stDeckGlJsonChart'] canvas, canvas#abp-map"
    return [
        Scenario("Overview", "/", "h1", [sidebar, period]),
        Scenario(
            "Map",
            "/map",
            "h1",
            [
                sidebar,
                period,
                ("map measure", [pick("Measure", n) for n in (1, 2, 3, 4, 5)]),
                ("block pick (click)", [click_block(n) for n in (0, 3, 6, 9, 12)]),
            ],
            canvas=map_canvas,
        ),
        Scenario(
            "Block profile",
            "/profile",
            "h1",
            [sidebar, ("block pick", [pick("Block", n) for n in (3, 4, 5, 6, 7)])],
        ),
        Scenario(
            "What-if",
            "/what_if",
            "h1",
            [
                sidebar,
                (
                    "weight slider",
                    [key_on_slider("Health", key) for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft")],
                ),
            ],
        ),
        Scenario(
            "Evaluation",
            "/evaluation",
            "h1",
            [("outcome change", [pick("Outcome", n) for n in (1, 2, 3, 4, 5)])],
        ),
    ]


def measure(browser, url: str, scenario: Scenario, repeat: int) -> dict[str, Timing]:
    results: dict[str, Timing] = {"load": Timing()}
    warm = Tab(browser, url)
    warm.load(scenario.path, scenario.ready)  # warm the server's caches, untimed
    warm.page.close()
    for _ in range(repeat):
        tab = Tab(browser, url)
        total, server, kilobytes, painted = tab.load(scenario.path, scenario.ready, scenario.canvas)
        results["load"].total.append(total)
        results["load"].server.append(server)
        results["load"].kilobytes.append(kilobytes)
        if painted is not None:
            results["load"].painted.append(painted)
        tab.page.close()
    for name, prepares in scenario.interactions:
        timing = results.setdefault(name, Timing())
        tab = Tab(browser, url)  # each kind of action starts from the page as it first opens
        tab.load(scenario.path, scenario.ready)
        for index in range(repeat):
            try:
                action = prepares[index % len(prepares)](tab.page)
                total, server, kilobytes, painted = tab.act(action, scenario.canvas)
            except Exception as error:  # noqa: BLE001 - report, go on with the others
                print(f"  {scenario.name}: {name} failed: {str(error).splitlines()[0]}", file=sys.stderr)
                break
            timing.total.append(total)
            timing.server.append(server)
            timing.kilobytes.append(kilobytes)
            if painted is not None:
                timing.painted.append(painted)
        tab.page.close()
    return results


def fmt(ms: float | None) -> str:
    return "–" if ms is None else f"{ms / 1000:.2f}"


def print_table(title: str, rows: list[tuple[str, str, Timing]], floor_load: float, floor_change: float) -> None:
    print(f"\n{title}")
    print("| page | action | settled (s) | server (s) | render (s) | kB sent | / floor | map drawn (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for page_name, action, timing in rows:
        total, server = timing.median("total"), timing.median("server")
        floor = floor_load if action == "load" else floor_change
        painted = timing.median("painted")
        # an interaction on the map has settled when the map has drawn too
        effective = total if total is None or action == "load" or painted is None else max(total, painted)
        ratio = "–" if effective is None else f"{effective / floor:.1f}"
        render = None if total is None else total - server
        kilobytes = timing.median("kilobytes")
        print(
            f"| {page_name} | {action} | {fmt(total)} | {fmt(server)} | {fmt(render)} | "
            f"{'–' if kilobytes is None else f'{kilobytes:,.0f}'} | {ratio} | {fmt(timing.median('painted'))} |"
        )


def run(project: Path, databases: list[tuple[str, Path]], repeat: int, only: set[str] | None) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright, ExitStack() as stack:
        floor_dir = Path(folder)
        (floor_dir / "floor.py").write_text(FLOOR_APP)
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        floor_url = stack.enter_context(streamlit_server(floor_dir, "floor.py", None))
        floor_scenario = Scenario(
            "minimal app (floor)", "/", "h1", [("sidebar select", [pick("State / UT", 1), pick("State / UT", 2)])]
        )
        floor = measure(browser, floor_url, floor_scenario, repeat)
        floor_load, floor_change = floor["load"].median("total"), floor["sidebar select"].median("total")
        for title, db in databases:
            url = stack.enter_context(streamlit_server(project, "app.py", db))
            rows = [("minimal app (floor)", name, timing) for name, timing in floor.items()]
            for scenario in scenarios():
                if only and scenario.name.lower() not in only:
                    continue
                print(f"measuring {scenario.name} ({title})", file=sys.stderr, flush=True)
                rows += [
                    (scenario.name, name, timing) for name, timing in measure(browser, url, scenario, repeat).items()
                ]
            print_table(title, rows, floor_load, floor_change)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--all-india-db", type=Path)
    parser.add_argument("--no-all-india", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", help="comma-separated page names, e.g. map,overview")
    args = parser.parse_args()
    only = {name.strip().lower() for name in args.only.split(",")} if args.only else None
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(build_demo(Path(folder) / "abp.duckdb")["path"])
        databases = [("ABP scale (demo, 500 blocks)", db)]
        if not args.no_all_india:
            large = args.all_india_db or Path(build_demo(Path(folder) / "all.duckdb", scale="all-india")["path"])
            databases.append(("all-India scale (~7,000 blocks)", large))
        print(f"machine load average at start: {os.getloadavg()[0]:.2f}")
        run(args.project, databases, args.repeat, only)


if __name__ == "__main__":
    main()
