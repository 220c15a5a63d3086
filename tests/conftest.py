"""Shared fixtures: one demo database per test session (built in ~8 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from lib.demo.build import build_demo
from machine import in_ci, require

# Property tests: no wall-clock deadline (a busy machine is not a failure); in CI the examples are
# derandomised, so a run is repeatable and a failure reproduces.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if in_ci() else "dev")

# Longest modules first (measured with --durations), the simulation study and its helper at the head so
# they start together on the two pytest-xdist workers and split the seeds (tests/shared_work.py). With
# --dist loadfile --no-loadscope-reorder (pyproject.toml) a worker takes whole modules in this order;
# xdist's default reorder (most tests first) left the long browser modules, which have few tests, to the
# end, where one ran alone while the other worker sat idle.
LONGEST_FIRST = (
    "test_evaluation_simulation.py",
    "test_evaluation_simulation_helper.py",
    "test_browser.py",
    "test_browser_exports.py",
    "test_browser_views.py",
    "test_browser_map.py",
    "test_register.py",
    "test_deploy.py",
    "test_realdata_register.py",
    "test_ingest_indicators.py",
    "test_app_evaluation.py",
    "test_demo.py",
    "test_app_navigation.py",
    "test_cli_evaluate.py",
    "test_app.py",
    "test_app_review.py",
    "test_report.py",
    "test_app_hindi.py",
    "test_browser_admin.py",
    "test_ingest_boundaries.py",
    "test_scoring_properties.py",
    "test_maps.py",
    "test_evaluation_estimators.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: other modules keep their order


REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def _require_realdata() -> None:
    """../shared/realdata is needed: skip with the reason locally, fail in CI (``CI=true``, set by
    ``.ci/run``), so a missing folder never passes silently there."""
    require(REALDATA.exists(), f"{REALDATA} is absent: the real-data tests need it")


@pytest.fixture(autouse=True, scope="module")
def _realdata_module(request):
    """Before a ``realdata`` module's own module-scoped fixtures read the files."""
    marks = getattr(request.module, "pytestmark", [])
    if any(m.name == "realdata" for m in (marks if isinstance(marks, list) else [marks])):
        _require_realdata()


@pytest.fixture(autouse=True)
def _realdata_test(request):
    """A single test marked ``realdata``."""
    if request.node.get_closest_marker("realdata"):
        _require_realdata()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """Path of a demo database built with the default seed (aspirational scale)."""
    path = tmp_path_factory.mktemp("demo") / "abp.duckdb"
    build_demo(path)
    return path


@pytest.fixture()
def demo_con(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def demo_env(demo_db, monkeypatch):
    """Point the app (``ABP_DB``) at the session's demo database."""
    monkeypatch.setenv("ABP_DB", str(demo_db))
    return demo_db


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser tests save screenshots (CI keeps ``tests/artifacts``)."""
    path = Path(os.environ.get("ABP_TEST_ARTIFACTS", Path(__file__).parent / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# A child process that opens a database file as another program would, until told to stop.
HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
print("holding", flush=True)
sys.stdin.readline()
"""


@pytest.fixture()
def held_by_another_process(db_file):
    """Keep the test's ``db_file`` open in a child process (``read_only``, as the dashboard's connection,
    or ``read_write``, as a program writing to it) until the test ends."""
    children = []

    def hold(mode: str):
        child = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(db_file), mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        children.append(child)
        assert child.stdout.readline().strip() == "holding"
        return child

    yield hold
    for child in children:
        child.communicate("\n", timeout=30)


# --- browser tests: one server per test worker, one Chromium per module --------------------------------


@pytest.fixture(scope="session")
def server(demo_db):
    """A Streamlit server on a free local port, serving the session's demo database.

    Shared by the browser modules a worker runs (each page is a new browser session); a test that
    needs a server nobody has used yet starts its own with ``browser_support.streamlit_server``."""
    from browser_support import streamlit_server

    with streamlit_server(demo_db) as url:
        yield url


@pytest.fixture(autouse=True)
def _close_pages(request):
    """After a browser test, close the pages it opened: the browser and server outlive the test."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            for page in context.pages:
                page.close()


@pytest.fixture(scope="module")  # not per session: Playwright's sync API holds an event loop while it runs
def browser():
    """Debian's Chromium (skipped where it is absent, a failure in CI)."""
    from browser_support import chromium

    with chromium() as instance:
        yield instance
