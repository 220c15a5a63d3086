"""Headless Chromium on the Data admin page: unlock, upload a bad file (problems shown, nothing
loaded), then a good one (loaded, recorded under the officer's signed-in account)."""

from __future__ import annotations

import shutil
import time

import duckdb
import pytest

from browser_support import chromium, streamlit_server
from machine import wait_ms, wait_s

pytestmark = pytest.mark.browser
PASSWORD = "browser-test-password"
OFFICER, OFFICER_PASSWORD = "b.officer", "officer-password-42"


@pytest.fixture(scope="module")
def admin_server(demo_db, tmp_path_factory):
    """A server with a shared password ("admin") and one named account in a secrets file."""
    from lib.admin_gate import hash_password

    folder = tmp_path_factory.mktemp("admin")
    target = folder / "abp.duckdb"
    shutil.copy(demo_db, target)
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[admin_accounts]\n"{OFFICER}" = "{hash_password(OFFICER_PASSWORD, iterations=1000)}"\n')
    with streamlit_server(target, {"ABP_ADMIN_PASSWORD": PASSWORD, "STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield url, target


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def _upload(page, path):
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))


def test_officer_unlocks_checks_a_bad_file_then_loads_a_good_one(admin_server, browser, tmp_path, artifacts_dir):
    url, db_file = admin_server
    with duckdb.connect(str(db_file), read_only=True) as con:
        block, code = con.execute(
            "SELECT unit_id, lgd_code FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 1"
        ).fetchone()
        loads_before = con.execute("SELECT count(*) FROM loads").fetchone()[0]
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    page.goto(url + "/admin", wait_until="domcontentloaded")
    page.get_by_role("textbox", name="Account").fill(OFFICER)
    page.get_by_label("Admin password").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {OFFICER}").wait_for(timeout=wait_ms(60_000))

    bad = tmp_path / "march_bad.csv"
    bad.write_text("Block Code,Indicator,Month,Value\n999999,anc_first_trimester,2025-03,80\n")
    _upload(page, bad)
    page.get_by_text("Nothing can be loaded until every problem is fixed").wait_for(timeout=wait_ms(60_000))
    page.screenshot(path=str(artifacts_dir / "admin_bad_file.png"))
    assert page.get_by_text("unit not found").count() >= 1
    assert page.get_by_role("button", name="Load into the database").count() == 0

    good = tmp_path / "march_good.csv"
    good.write_text(f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,2025-03,42.5\n")
    _upload(page, good)
    page.get_by_role("button", name="Load into the database").click(timeout=wait_ms(60_000))
    page.get_by_text("loaded 1 values from march_good.csv").wait_for(timeout=wait_ms(60_000))
    page.screenshot(path=str(artifacts_dir / "admin_loaded.png"))
    assert page.locator("[data-testid='stException']").count() == 0

    with duckdb.connect(str(db_file), read_only=True) as con:
        value = con.execute(
            "SELECT value FROM observations WHERE unit_id = ? AND indicator_id = "
            "'anc_first_trimester' AND period = DATE '2025-03-01'",
            [block],
        ).fetchone()[0]
        last = con.execute("SELECT kind, source, loaded_by FROM loads ORDER BY load_id DESC LIMIT 1").fetchone()
        loads_after = con.execute("SELECT count(*) FROM loads").fetchone()[0]
    assert value == 42.5
    assert last == ("observations", "march_good.csv", OFFICER) and loads_after == loads_before + 1


def _idle(page) -> bool:
    return page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").count() == 1


def _tick_first_suggestion(page, grid) -> None:
    """Tick the first row's Accept cell as a keyboard user would (select the cell, press Space).

    On a busy machine the grid may take a click before it listens; a tick that did not register
    leaves the app idle with no Load button, and is given again (a registered one shows the button).
    """
    load = page.get_by_role("button", name="Load into the database")
    for _attempt in range(3):
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=wait_ms(120_000))
        page.wait_for_timeout(1000)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # select the Accept cell of the first row
        page.keyboard.press("Space")
        idle_since = None
        deadline = time.monotonic() + wait_s(60)
        while time.monotonic() < deadline:
            if load.count():
                return
            idle_since = (idle_since or time.monotonic()) if _idle(page) else None
            if idle_since and time.monotonic() - idle_since > wait_s(5):
                break  # idle without the button: the tick did not register
            page.wait_for_timeout(250)
    raise AssertionError("ticking the suggestion never showed the Load button")


def test_a_ticked_suggestion_lets_a_misspelt_block_load(admin_server, browser, tmp_path, artifacts_dir):
    url, db_file = admin_server
    with duckdb.connect(str(db_file), read_only=True) as con:
        block, name, district, state = con.execute(
            "SELECT b.unit_id, b.name, d.name, s.name FROM units b JOIN units d ON d.unit_id = b.district_id "
            "JOIN units s ON s.unit_id = b.state_id WHERE b.level = 'block' AND b.aspirational "
            "ORDER BY b.unit_id LIMIT 1"
        ).fetchone()
    misspelt = name + name[-1]  # a near miss: the last character typed twice
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    page.goto(url + "/admin", wait_until="domcontentloaded")
    page.get_by_label("Admin password").fill(PASSWORD)  # the shared password, no account name: "admin"
    page.get_by_role("button", name="Sign in").click()
    path = tmp_path / "april.csv"
    path.write_text(
        f"State,District,Block,Indicator,Month,Value\n{state},{district},{misspelt},anc_first_trimester,2025-04,55.5\n"
    )
    _upload(page, path)
    page.get_by_text("did not match exactly").wait_for(timeout=wait_ms(60_000))
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=wait_ms(30_000))
    _tick_first_suggestion(page, grid)
    page.get_by_role("button", name="Load into the database").click(timeout=wait_ms(60_000))
    page.get_by_text("loaded 1 values from april.csv").wait_for(timeout=wait_ms(60_000))
    page.screenshot(path=str(artifacts_dir / "admin_suggestion_accepted.png"))
    with duckdb.connect(str(db_file), read_only=True) as con:
        value = con.execute(
            "SELECT value FROM observations WHERE unit_id = ? AND indicator_id = "
            "'anc_first_trimester' AND period = DATE '2025-04-01'",
            [block],
        ).fetchone()
    assert value == (55.5,)
