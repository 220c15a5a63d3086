"""The deployment (deploy/): the loader, two replicas and nginx, run on this machine without Docker.

deploy/run_local.py starts what deploy/compose.yaml starts, with deploy/nginx.conf itself: the
loader's command builds the shared database, two Streamlit processes read it, nginx proxies to
them with sticky sessions. Checked here: health through the proxy; one browser's requests,
websocket included, stay on one replica; a browser session works through the proxy under a
host name that is not localhost; a load with the CLI shows on both running replicas without a
restart. Skipped where nginx is not installed, failed instead in CI (``CI=true``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import duckdb
import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS
from deploy.run_local import local_topology, nginx_executable
from machine import require, wait_ms

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[1]
# Streamlit accepts a websocket from any origin whose host equals the request's Host, and otherwise
# only localhost's: a name that is not localhost checks that nginx passes the browser's Host on.
HOST = "abp-dashboard.test"
LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ upstream=(?P<upstream>.*) route=(?P<route>\S+)$')
PAGE_TIMEOUT = wait_ms(180_000)  # ms: first render on a busy two-core machine with two replicas and Chromium


@pytest.fixture(scope="module", autouse=True)
def _tools():
    """Skipped locally without nginx or Chromium, failed in CI (``CI=true``), where .ci/run installs both."""
    for present, what, install in (
        (nginx_executable() is not None, "nginx", "apt-get install -y nginx-light"),
        (CHROMIUM is not None, "Debian's chromium", "apt-get install -y chromium"),
    ):
        require(present, f"{what} is not installed ({install}; .ci/run does this): the deployment test needs it")


def _loader(db: Path) -> subprocess.CompletedProcess:
    """The compose loader service's command."""
    return subprocess.run(
        [sys.executable, "deploy/prepare_database.py", "--db", str(db)],
        cwd=PROJECT,
        check=False,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("deploy") / "abp.duckdb"
    done = _loader(db)
    assert done.returncode == 0, done.stderr
    assert "building the synthetic demo" in done.stdout and "Built the synthetic demo" in done.stdout
    return db


@pytest.fixture(scope="module")
def topology(shared_db, artifacts_dir):
    with local_topology(shared_db, replicas=2) as running:
        try:
            yield running
        finally:  # CI keeps the artifacts folder: the logs show which replica served what
            kept = artifacts_dir / "deploy"
            kept.mkdir(exist_ok=True)
            for log in running.logs:
                if log.exists():
                    shutil.copyfile(log, kept / log.name)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
        )
        try:
            yield instance
        finally:
            instance.close()


def _open(browser, url: str):
    """A page in a fresh context (its own cookies: a new visitor), loaded until the catalogue heading shows."""
    page = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Indicator catalogue").wait_for(timeout=PAGE_TIMEOUT)
    return page


def _access_log(topology, wanted, count: int, timeout: float = 120) -> list[dict]:
    """The access log's entries for which ``wanted(entry)`` holds, once there are ``count`` of them
    (nginx writes an entry when the response, or the websocket, has ended)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = topology.access_log.read_text().splitlines() if topology.access_log.exists() else []
        entries = [m.groupdict() for m in map(LOG_LINE.search, lines) if m]
        found = [entry for entry in entries if wanted(entry)]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def _replica_addresses(topology) -> set[str]:
    return {url.removeprefix("http://") for url in topology.replica_urls}


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def test_running_the_loader_again_keeps_the_database(shared_db):
    before = shared_db.stat()
    done = _loader(shared_db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"kept {shared_db}")
    after = shared_db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_health_answers_through_the_proxy_which_sets_a_route_cookie(topology):
    with urllib.request.urlopen(topology.proxy_url + "/_stcore/health", timeout=30) as response:
        assert response.status == 200 and response.read() == b"ok"
        cookies = response.headers.get_all("Set-Cookie")
    assert any(re.fullmatch(r"abp_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", c) for c in cookies), cookies


def test_each_route_cookie_stays_on_one_replica_and_both_replicas_get_some(topology):
    routes = [f"visitor-{number}" for number in range(20)]
    for route in routes:
        for _ in range(3):
            request = urllib.request.Request(
                topology.proxy_url + "/_stcore/health", headers={"Cookie": f"abp_route={route}"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200
                assert not any(c.startswith("abp_route=") for c in response.headers.get_all("Set-Cookie") or [])
    entries = _access_log(topology, lambda entry: entry["route"] in routes, 3 * len(routes))
    assert len(entries) == 3 * len(routes), topology.log_tails()
    upstream_of = {route: {e["upstream"] for e in entries if e["route"] == route} for route in routes}
    assert all(len(upstreams) == 1 for upstreams in upstream_of.values()), upstream_of
    # 20 routes on 2 replicas: all on one would happen about twice in a million runs
    assert set().union(*upstream_of.values()) == _replica_addresses(topology), upstream_of


def test_the_proxy_refuses_an_upload_over_the_viewers_limit(topology):
    """Streamlit checks a widget's max_upload_size in the browser only: nginx refuses a crafted body
    over 2 MB (from its Content-Length, before reading it), so it never reaches a replica, whose own
    server limit is 1 MB (STREAMLIT_SERVER_MAX_UPLOAD_SIZE, as in compose.yaml)."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(topology.proxy_url)
    for size, refused in ((3 * 1024 * 1024, True), (1024, False)):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        connection.putrequest("PUT", "/_stcore/upload_file/some-session/some-file")
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        if not refused:
            connection.send(b"x" * size)
        status = connection.getresponse().status
        connection.close()
        # over the limit: nginx answers 413 itself; under it: the replica answers (400, no such session)
        assert (status == 413) is refused, (size, status)


def test_a_browser_session_runs_through_the_proxy_on_one_replica(topology, browser, artifacts_dir):
    port = topology.proxy_url.rsplit(":", 1)[1]
    page = _open(browser, f"http://{HOST}:{port}/indicators")
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts_dir / "deploy_through_proxy.png"))
    assert page.locator("[data-testid='stException']").count() == 0
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "abp_route")
    page.context.close()  # ends the websocket, so nginx logs it
    entries = _access_log(topology, lambda entry: entry["route"] == route and "/_stcore/stream" in entry["request"], 1)
    assert [entry["status"] for entry in entries] == ["101"], topology.log_tails()
    session = _access_log(topology, lambda entry: entry["route"] == route, 1)
    assert len({entry["upstream"] for entry in session}) == 1, session
    assert session[0]["upstream"] in _replica_addresses(topology)


def test_a_load_with_the_cli_shows_on_both_running_replicas(topology, browser, shared_db, tmp_path, artifacts_dir):
    with duckdb.connect(str(shared_db), read_only=True) as con:
        last = con.execute("SELECT max(period) FROM observations").fetchone()[0]
        codes = [
            code
            for (code,) in con.execute(
                "SELECT lgd_code FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 2"
            ).fetchall()
        ]
    new = _month_after(last)
    pids = [process.pid for process in topology.replicas]
    pages = [_open(browser, url + "/indicators") for url in topology.replica_urls]
    for page in pages:
        page.locator("[data-testid='stSidebar']").get_by_text(f"data to {last:%b %Y}").wait_for(timeout=PAGE_TIMEOUT)

    values = tmp_path / "next_month.csv"
    values.write_text(
        "block_code,indicator,month,value\n" + "".join(f"{code},anc_first_trimester,{new:%Y-%m},80\n" for code in codes)
    )
    done = subprocess.run(
        [sys.executable, "-m", "lib", "import", "indicators", str(values), "--db", str(shared_db)],
        cwd=PROJECT,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded 2 values from next_month.csv"

    for number, page in enumerate(pages, start=1):
        page.get_by_text("Only Sampoornata Abhiyan KPIs").click()  # a rerun of the open session
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text(f"data to {new:%b %Y}").wait_for(timeout=PAGE_TIMEOUT)
        page.screenshot(path=str(artifacts_dir / f"deploy_replica_{number}_after_load.png"))
        assert sidebar.get_by_text(f"data to {last:%b %Y}").count() == 0
        assert page.locator("[data-testid='stException']").count() == 0
        page.context.close()
    fresh = _open(browser, topology.proxy_url + "/indicators")
    fresh.locator("[data-testid='stSidebar']").get_by_text(f"data to {new:%b %Y}").wait_for(timeout=PAGE_TIMEOUT)
    fresh.context.close()
    assert [process.pid for process in topology.replicas] == pids
    assert all(process.poll() is None for process in topology.replicas), "a replica stopped"
