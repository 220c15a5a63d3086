"""Seconds per Map Play step against a real Streamlit server, printed, not asserted.

One simulated tab (Streamlit's websocket protocol, no browser) opens ``/map?period=<start>``,
switches Play on, and reads the runs Play chains with ``st.rerun()`` until it stops. For each step
it prints: the period the step showed (from the URL the server sets), seconds from the step's start
to its last element (the server's work for the step), seconds between step starts (what a viewer
sees; the promise is one second), and the bytes the server sent on the websocket for the step.

    python tests/benchmarks/bench_map_play.py [--project DIR] [--db PATH] [--start YYYY-MM] [--steps N]

``--project`` runs another copy of the code (a snapshot: the live tree's file watcher would
reload the server while others edit it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from lib.demo.build import build_demo  # noqa: E402
from streamlit_client import BrowserTab  # noqa: E402

PLAY_LABEL = "Play"
TIMEOUT_S = 600


@contextmanager
def server(project: Path, db: Path):
    """`streamlit run app.py` from ``project`` on a free port; yields its URL once healthy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=project,
        env={**os.environ, "ABP_DB": str(db), "PYTHONPATH": str(project)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def play_toggle_id(run) -> str:
    """The widget id of the Map's Play toggle, from the elements the run drew."""
    from streamlit.proto.Delta_pb2 import Delta

    for body in run.screen.values():
        element = Delta.FromString(body).new_element
        if element.WhichOneof("type") == "checkbox" and element.checkbox.label == PLAY_LABEL:
            return element.checkbox.id
    raise SystemExit("no Play toggle on the map page")


async def play(url: str, start: str, max_steps: int) -> list[dict]:
    """Open the map at ``start``, switch Play on, and time each step until Play stops."""
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with connect(stream, subprotocols=[Subprotocol("streamlit")], max_size=None, proxy=None) as connection:
        tab = BrowserTab(connection, TIMEOUT_S)
        tab.query_string = urllib.parse.urlencode({"period": start})
        await tab.run()
        shown = await tab.run(tab.pages["map"][0])
        request = BackMsg()
        request.rerun_script.query_string = tab.query_string
        request.rerun_script.page_script_hash = tab.page_hash
        request.rerun_script.widget_states.widgets.add(id=play_toggle_id(shown), bool_value=True)
        await connection.send(request.SerializeToString())
        return await _steps(connection, max_steps)


async def _steps(connection, max_steps: int) -> list[dict]:
    steps, current = [], None
    while True:
        raw = await asyncio.wait_for(connection.recv(), TIMEOUT_S)
        now = time.perf_counter()
        message = ForwardMsg.FromString(raw)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            current = {"start": now, "last_element": now, "bytes": 0, "period": None}
            steps.append(current)
        if current is None:
            continue
        current["bytes"] += len(raw)
        if kind == "delta":
            current["last_element"] = now
        elif kind == "page_info_changed":
            query = urllib.parse.parse_qs(message.page_info_changed.query_string)
            current["period"] = query.get("period", ["(default)"])[0]
        elif kind == "script_finished" and (
            message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN or len(steps) >= max_steps
        ):
            return steps


def report(label: str, steps: list[dict]) -> None:
    print(f"\n{label}: {len(steps)} runs after Play was switched on")
    print("  step  period    server s  interval s  websocket MB")
    for number, (step, following) in enumerate(zip(steps, [*steps[1:], None], strict=True)):
        interval = following["start"] - step["start"] if following else float("nan")
        print(
            f"  {number:4d}  {step['period'] or '-':8s}  {step['last_element'] - step['start']:8.2f}  "
            f"{interval:10.2f}  {step['bytes'] / 1e6:12.3f}"
        )
    intervals = [b["start"] - a["start"] for a, b in zip(steps, steps[1:], strict=False)]
    work = [s["last_element"] - s["start"] for s in steps]
    if intervals:
        print(
            f"  median seconds per step {statistics.median(intervals):.2f} (max {max(intervals):.2f}); "
            f"median server work per step {statistics.median(work):.2f} s (max {max(work):.2f}); "
            f"median websocket bytes per step {statistics.median(s['bytes'] for s in steps) / 1e6:.3f} MB; "
            f"last period shown {next((s['period'] for s in reversed(steps) if s['period']), '-')}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--db")
    parser.add_argument("--start", default="2025-08", help="the period Play starts from (demo: a year back)")
    parser.add_argument("--steps", type=int, default=40, help="stop reading after this many runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(args.db) if args.db else Path(build_demo(Path(folder) / "abp.duckdb")["path"])
        with server(Path(args.project), db) as url:
            report(f"{args.project}, ABP scale, Play from {args.start}", asyncio.run(play(url, args.start, args.steps)))


if __name__ == "__main__":
    main()
