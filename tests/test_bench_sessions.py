"""Smoke test of the load generator (tests/benchmarks/bench_sessions.py) against a real server.

Two users each change the sidebar State / UT once. Asserts behaviour, never time: the reruns
finish without an error and each puts the chosen state's name on the page where it was not.
"""

from __future__ import annotations

import asyncio

from benchmarks.bench_sessions import Plan, drive_sessions, streamlit_server


def test_two_sessions_change_the_state_filter(demo_db, tmp_path):
    with streamlit_server(demo_db, tmp_path / "server.log", start_timeout=300) as server:
        plan = Plan(reruns=1, pages=(), think=0, timeout=300)
        logs = asyncio.run(drive_sessions(server.url, 2, plan))
    assert [log.errors for log in logs] == [[], []]
    assert [len(log.rerun_seconds) for log in logs] == [1, 1]
    assert [log.reruns_showing_choice for log in logs] == [1, 1]
