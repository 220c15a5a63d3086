"""Concurrent sessions: N simulated users against a real Streamlit server, printed, not asserted.

No browser: each user speaks Streamlit's own websocket protocol (``/_stcore/stream``,
``BackMsg`` / ``ForwardMsg`` protobufs), as the browser does. A user opens the Overview,
then changes the sidebar State / UT filter ``--reruns`` times (a ``rerun_script`` carrying
the select box's new value), then visits the ``--pages``; each run is timed from the
request to its ``script_finished``. For every N a fresh server serves one fresh demo
database; one warm-up user walks the same path first (so the caches that every user
shares are filled) and stays connected, then RSS and CPU of the server are read before
and after the N users' work.

    python tests/benchmarks/bench_sessions.py [--sessions 10 50 100] [--reruns 3]
        [--pages map profile what_if] [--scale aspirational|all-india] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException
from websockets.typing import Subprotocol

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streamlit_client import STATE_LABEL, BrowserTab, ScriptRun, shows_new

PROJECT = Path(__file__).resolve().parents[2]
OPEN = "Overview (open)"
# Memory is read after the server has been idle this long, before and after the load alike, so
# that neither reading holds the last run's temporary objects.
SETTLE_SECONDS = 3.0


# --- the server -------------------------------------------------------------


class ServerDidNotStart(RuntimeError):
    """The Streamlit server exited or never answered its health check."""


@dataclass
class ServerProcess:
    url: str
    pid: int

    def rss_mb(self) -> float:
        """Resident memory of the server and any children, in MB (shared pages counted in each)."""
        return sum(_status_kb(pid, "VmRSS") for pid in _process_tree(self.pid)) / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU of the server, its live children and its reaped children."""
        ticks = 0
        for pid in _process_tree(self.pid):
            fields = _stat_fields(pid)
            ticks += sum(int(value) for value in fields[11:15]) if fields else 0
        return ticks / os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []  # the process ended between listing and reading


def _status_kb(pid: int, name: str) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(name + ":")), 0)


def _process_tree(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))):
            parents[int(entry.name)] = int(fields[1])
    tree = [root]
    for pid in tree:
        tree.extend(child for child, parent in parents.items() if parent == pid)
    return tree


@contextmanager
def streamlit_server(db: Path, log_path: Path, start_timeout: float):
    """`streamlit run app.py` on a free port serving ``db``; yields a ServerProcess once healthy."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT, env={**os.environ, "ABP_DB": str(db)}, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(process, url, start_timeout, log_path)
        yield ServerProcess(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(process: subprocess.Popen, url: str, start_timeout: float, log_path: Path) -> None:
    # A local server: never through a proxy that the environment may name.
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + start_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"the server exited with code {process.returncode}:\n" + _tail(log_path))
        try:
            if no_proxy.open(url + "/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise ServerDidNotStart(f"no answer from {url}/_stcore/health within {start_timeout:g} s:\n" + _tail(log_path))


def _tail(log_path: Path, lines: int = 30) -> str:
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


def build_demo_database(folder: Path, scale: str) -> Path:
    """A fresh demo database through the CLI, as a deployment would build it."""
    path = folder / "abp.duckdb"
    command = [sys.executable, "-m", "lib", "demo", "--db", str(path), "--scale", scale]
    built = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    if built.returncode != 0:
        raise ServerDidNotStart(f"`python -m lib demo` failed:\n{built.stderr[-3000:]}")
    return path


# --- one simulated user -----------------------------------------------------


@dataclass
class Plan:
    reruns: int
    pages: tuple[str, ...]  # url paths, e.g. ("map", "profile", "what_if")
    think: float  # seconds between a finished run and the next request
    timeout: float  # seconds allowed for one run (and for opening the socket)


@dataclass
class SessionLog:
    rerun_seconds: list[float] = field(default_factory=list)
    reruns_showing_choice: int = 0
    page_seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


async def user_journey(tab: BrowserTab, number: int, plan: Plan, log: SessionLog) -> None:
    """Open the Overview, change State / UT ``plan.reruns`` times, then visit ``plan.pages``."""
    shown = await tab.run()
    log.page_seconds[OPEN].append(shown.seconds)
    log.errors += shown.errors
    if tab.state_select is None:
        log.errors.append(f"no '{STATE_LABEL}' select box on the first page")
        return
    for step in range(plan.reruns):
        await asyncio.sleep(plan.think)
        shown = await change_state(tab, number + step, shown, log)
    for url_path in plan.pages:
        await asyncio.sleep(plan.think)
        if url_path not in tab.pages:
            log.errors.append(f"page '{url_path}' is not in the navigation")
            continue
        page_hash, title = tab.pages[url_path]
        visit = await tab.run(page_hash)
        log.page_seconds[title].append(visit.seconds)
        log.errors += visit.errors


async def change_state(tab: BrowserTab, turn: int, before: ScriptRun, log: SessionLog) -> ScriptRun:
    """Pick another state, as a user would in the select box; users spread over the states."""
    select = tab.state_select
    choice = select.options[1 + (turn * 7) % (len(select.options) - 1)]  # option 0 is "All states"
    tab.widget_values[select.id] = choice
    after = await tab.run()
    log.rerun_seconds.append(after.seconds)
    log.reruns_showing_choice += shows_new(choice, before, after)
    log.errors += after.errors
    return after


async def simulated_user(
    url: str, number: int, plan: Plan, log: SessionLog, worked: asyncio.Event, leave: asyncio.Event
) -> None:
    """One websocket session: the journey, then connected until ``leave`` (memory is read then)."""
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        # The server pings and the client library answers; no client pings, which a busy server
        # could answer late. Maps and profiles exceed the library's 1 MiB default message size.
        async with connect(
            stream,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            proxy=None,
            ping_interval=None,
            open_timeout=plan.timeout,
        ) as connection:
            try:
                await user_journey(BrowserTab(connection, plan.timeout), number, plan, log)
            finally:
                worked.set()
            await leave.wait()
    except (WebSocketException, OSError, TimeoutError) as failure:
        log.errors.append(f"socket: {type(failure).__name__}")
    finally:
        worked.set()


class Crowd:
    """Users started together and kept connected until ``leave()``."""

    def __init__(self, url: str, numbers, plan: Plan):
        self.logs = [SessionLog() for _ in numbers]
        self._worked = [asyncio.Event() for _ in numbers]
        self._leave = asyncio.Event()
        self._tasks = [
            asyncio.create_task(simulated_user(url, number, plan, log, worked, self._leave))
            for number, log, worked in zip(numbers, self.logs, self._worked, strict=True)
        ]

    async def work_done(self) -> None:
        await asyncio.gather(*(worked.wait() for worked in self._worked))

    async def leave(self) -> None:
        self._leave.set()
        await asyncio.gather(*self._tasks)


async def drive_sessions(url: str, sessions: int, plan: Plan) -> list[SessionLog]:
    """``sessions`` users against ``url`` to the end of their journeys (no measuring: tests)."""
    crowd = Crowd(url, range(sessions), plan)
    await crowd.work_done()
    await crowd.leave()
    return crowd.logs


# --- measuring a load -------------------------------------------------------


@dataclass
class LoadResult:
    sessions: int
    logs: list[SessionLog]
    warmup_errors: list[str]
    rss_before: float
    rss_peak: float
    rss_after: float
    cpu_seconds: float
    wall_seconds: float
    client_cpu_seconds: float


async def _sample_peak(server: ServerProcess, peak: list[float]) -> None:
    while True:
        peak[0] = max(peak[0], server.rss_mb())
        await asyncio.sleep(0.5)


async def measure_load(server: ServerProcess, sessions: int, plan: Plan) -> LoadResult:
    warmup = Crowd(server.url, [0], plan)
    await warmup.work_done()
    await asyncio.sleep(SETTLE_SECONDS)
    rss_before, cpu_before = server.rss_mb(), server.cpu_seconds()
    client_before = time.process_time()
    peak = [rss_before]
    sampler = asyncio.create_task(_sample_peak(server, peak))
    started = time.perf_counter()
    crowd = Crowd(server.url, range(1, sessions + 1), plan)
    await crowd.work_done()
    wall = time.perf_counter() - started
    await asyncio.sleep(SETTLE_SECONDS)
    result = LoadResult(
        sessions,
        crowd.logs,
        warmup.logs[0].errors,
        rss_before,
        0.0,
        server.rss_mb(),
        server.cpu_seconds() - cpu_before,
        wall,
        time.process_time() - client_before,
    )
    sampler.cancel()
    result.rss_peak = max(peak[0], result.rss_after)
    await crowd.leave()
    await warmup.leave()
    return result


# --- report -----------------------------------------------------------------


def _spread(values: list[float]) -> str:
    if not values:
        return f"{'-':>7}{'-':>7}{'-':>7}"
    p50, p95 = np.percentile(values, [50, 95])
    return f"{p50:7.2f}{p95:7.2f}{max(values):7.2f}"


def print_report(results: list[LoadResult]) -> None:
    print(
        f"{'sessions':>8}{'reruns':>8}{'shown':>7}{'errors':>7}{'p50 s':>7}{'p95 s':>7}"
        f"{'max s':>7}{'RSS before':>11}{'peak':>7}{'after':>7}{'MB/sess':>8}{'CPU s':>8}"
        f"{'wall s':>8}"
    )
    for result in results:
        reruns = [seconds for log in result.logs for seconds in log.rerun_seconds]
        shown = sum(log.reruns_showing_choice for log in result.logs)
        errors = sum(len(log.errors) for log in result.logs)
        per_session = (result.rss_after - result.rss_before) / result.sessions
        print(
            f"{result.sessions:8d}{len(reruns):8d}{shown:7d}{errors:7d}{_spread(reruns)}"
            f"{result.rss_before:11.0f}{result.rss_peak:7.0f}{result.rss_after:7.0f}"
            f"{per_session:8.1f}{result.cpu_seconds:8.1f}{result.wall_seconds:8.1f}"
        )
    print(f"\n{'sessions':>8}  {'page':<18}{'runs':>6}{'p50 s':>7}{'p95 s':>7}{'max s':>7}")
    for result in results:
        pages = defaultdict(list)
        for log in result.logs:
            for title, seconds in log.page_seconds.items():
                pages[title] += seconds
        for title, seconds in pages.items():
            print(f"{result.sessions:8d}  {title:<18}{len(seconds):6d}{_spread(seconds)}")
    for result in results:
        kinds = Counter(error for log in result.logs for error in log.errors)
        for error, count in kinds.most_common(5):
            print(f"N={result.sessions}: {count} x {error}")
        if result.warmup_errors:
            print(f"N={result.sessions}: warm-up user saw {result.warmup_errors[:3]}")
        print(f"N={result.sessions}: load generator CPU {result.client_cpu_seconds:.1f} s (same machine)")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sessions",
        type=int,
        nargs="+",
        default=[10, 50, 100],
        help="concurrent users (a fresh server for each number)",
    )
    parser.add_argument("--reruns", type=int, default=3, help="State / UT changes per user on the Overview")
    parser.add_argument(
        "--pages",
        nargs="*",
        default=["map", "profile", "what_if"],
        help="url paths each user visits afterwards (none: --pages alone)",
    )
    parser.add_argument(
        "--scale",
        choices=["aspirational", "all-india"],
        default="aspirational",
        help="demo scale (python -m lib demo --scale)",
    )
    parser.add_argument("--db", type=Path, help="serve this database instead of a fresh demo")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a user waits per step")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed for one run")
    parser.add_argument("--start-timeout", type=float, default=120.0, help="seconds allowed for the server to start")
    return parser.parse_args()


def main() -> None:
    args = parse_arguments()
    plan = Plan(args.reruns, tuple(args.pages), args.think, args.timeout)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_sessions_") as folder:
        try:
            db = args.db or build_demo_database(Path(folder), args.scale)
            for sessions in args.sessions:
                print(f"{sessions} sessions: a fresh server...", file=sys.stderr, flush=True)
                log_path = Path(folder) / f"server-{sessions}.log"
                with streamlit_server(db, log_path, args.start_timeout) as server:
                    results.append(asyncio.run(measure_load(server, sessions, plan)))
        except ServerDidNotStart as failure:
            sys.exit(f"bench_sessions: {failure}")
    print(
        f"Demo: {args.db or args.scale}; {args.reruns} State / UT changes per user, then pages "
        f"{', '.join(args.pages) or '(none)'}; think time {args.think:g} s.\n"
        "reruns: State / UT changes completed; shown: of those, reruns whose page newly showed "
        "the chosen state's name;\nRSS in MB of the server process tree; "
        "MB/sess = (after - before) / sessions."
    )
    print_report(results)


if __name__ == "__main__":
    main()
