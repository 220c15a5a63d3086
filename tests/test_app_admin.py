"""AppTest for the Data admin page: hidden without a password, locked until it is entered,
and a checked upload shows its problems and loads only when clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from lib.ui import admin
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PASSWORD = "s3cret-for-tests"


@pytest.fixture()
def admin_env(demo_db, tmp_path, monkeypatch):
    """A private copy of the demo (loads change it) with an admin password configured."""
    target = tmp_path / "abp.duckdb"
    shutil.copy(demo_db, target)
    monkeypatch.setenv("ABP_DB", str(target))
    monkeypatch.setenv(admin.PASSWORD_ENV, PASSWORD)
    return target


def _open(unlocked: bool = False) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=wait_s(120))
    if unlocked:
        app.session_state[admin.UNLOCKED] = "tester"
    app.run()
    app.switch_page("pages/admin.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_without_a_password_the_page_is_not_in_the_navigation(demo_env, monkeypatch):
    monkeypatch.delenv(admin.PASSWORD_ENV, raising=False)
    app = AppTest.from_file(APP, default_timeout=wait_s(120)).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/admin.py").run()


def test_the_page_asks_for_the_password_and_refuses_a_wrong_one(admin_env):
    app = _open()
    assert [t.value for t in app.title] == ["Data admin"]
    assert not app.get("file_uploader")
    app.text_input(key="admin-password").input("wrong").run()
    app.button[0].click().run()
    assert any("do not match" in e.value for e in app.error)
    assert admin.UNLOCKED not in app.session_state


def test_the_right_password_unlocks_the_page(admin_env):
    app = _open()
    app.text_input(key="admin-password").input(PASSWORD).run()
    app.button[0].click().run()
    assert app.session_state[admin.UNLOCKED] == "admin"  # the shared password signs in as "admin"
    assert app.radio(key="admin-kind").options == [
        "Indicator values",
        "Boundaries",
        "Indicator catalogue",
        "Cohort list",
    ]


def test_unlocked_page_waits_for_a_file_and_says_what_it_accepts(admin_env):
    app = _open(unlocked=True)
    assert any(".csv" in i.value and ".xlsx" in i.value for i in app.info)
    app.radio(key="admin-kind").set_value("boundaries").run()
    assert any(".geojson" in i.value and ".zip" in i.value for i in app.info)


# AppTest cannot drive st.file_uploader; the page's check and load are the service calls below.


def test_the_check_and_load_steps_the_page_runs(admin_env, tmp_path):
    from lib.db import connect_reader, reader_cursor
    from lib.ingest import service

    bad = service.save_upload(
        "march.csv",
        b"Block Code,Indicator,Month,Value\n999999,anc_first_trimester,2025-03,80\n",
        "indicators",
        tmp_path,
    )
    with connect_reader(admin_env) as reader:
        check = service.check_file(reader_cursor(reader), "indicators", bad, service.Options())
    assert not check.ready and check.problem_count == 1
    assert check.report.line.tolist() == [2] and "unit not found" in check.report.problem.iloc[0]
    with pytest.raises(ValueError, match="nothing was loaded"):
        service.load_file(admin_env, "indicators", bad, service.Options(), loaded_by="Test Officer")
    with duckdb.connect(str(admin_env), read_only=True) as con:
        block, code = con.execute(
            "SELECT unit_id, lgd_code FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 1"
        ).fetchone()
    good = service.save_upload(
        "march.csv",
        f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,2025-03,42.5\n".encode(),
        "indicators",
        tmp_path,
    )
    outcome = service.load_file(admin_env, "indicators", good, service.Options(), loaded_by="Test Officer")
    assert outcome["status"] == "loaded" and outcome["rows"] == 1
    with duckdb.connect(str(admin_env), read_only=True) as con:
        value = con.execute(
            "SELECT value FROM observations WHERE unit_id = ? AND indicator_id = "
            "'anc_first_trimester' AND period = DATE '2025-03-01'",
            [block],
        ).fetchone()[0]
        who = con.execute("SELECT loaded_by, source FROM loads ORDER BY load_id DESC LIMIT 1").fetchone()
    assert value == 42.5 and who == ("Test Officer", "march.csv")


def test_an_upload_of_the_wrong_type_or_too_large_is_refused(tmp_path, monkeypatch):
    from lib.ingest import service

    with pytest.raises(ValueError, match="not a boundaries file"):
        service.save_upload("outlines.exe", b"MZ", "boundaries", tmp_path)
    monkeypatch.setattr(service, "MAX_UPLOAD_MB", 1)
    with pytest.raises(ValueError, match="files above 1 MB are refused"):
        service.save_upload("big.csv", b"x" * (1024 * 1024 + 1), "indicators", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_offers_only_the_data_admin_page(tmp_path, monkeypatch):
    from lib.cli import main

    empty = tmp_path / "fresh.duckdb"
    assert main(["import", "catalogue", "data/indicators.csv", "--db", str(empty)]) == 0  # no units yet
    monkeypatch.setenv("ABP_DB", str(empty))
    monkeypatch.setenv(admin.PASSWORD_ENV, PASSWORD)
    app = AppTest.from_file(APP, default_timeout=wait_s(120)).run()
    assert not app.exception, [e.message for e in app.exception]
    assert [t.value for t in app.title] == ["Data admin"]
    assert app.text_input(key="admin-password")  # the gate, as always
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/map.py")


def test_the_rest_loads_when_asked_and_the_only_problems_are_units_not_found(admin_env, tmp_path):
    from lib.db import connect_reader, reader_cursor
    from lib.ingest import service

    with duckdb.connect(str(admin_env), read_only=True) as con:
        block, code = con.execute(
            "SELECT unit_id, lgd_code FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 1"
        ).fetchone()
    mixed = service.save_upload(
        "mixed.csv",
        f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,2025-05,"
        "61\n999999,anc_first_trimester,2025-05,62\n".encode(),
        "indicators",
        tmp_path,
    )
    with connect_reader(admin_env) as reader:
        strict = service.check_file(reader_cursor(reader), "indicators", mixed, service.Options())
        lenient = service.check_file(reader_cursor(reader), "indicators", mixed, service.Options(skip_unmatched=True))
    assert strict.unmatched_only and not strict.ready
    assert lenient.ready and lenient.problem_count == 1  # still listed
    outcome = service.load_file(admin_env, "indicators", mixed, service.Options(skip_unmatched=True))
    assert outcome["rows"] == 1
    with duckdb.connect(str(admin_env), read_only=True) as con:
        assert con.execute(
            "SELECT value FROM observations WHERE unit_id = ? AND period = DATE '2025-05-01' AND "
            "indicator_id = 'anc_first_trimester'",
            [block],
        ).fetchone() == (61.0,)
        assert con.execute("SELECT rows_in, rows_rejected FROM loads ORDER BY load_id DESC LIMIT 1").fetchone() == (
            1,
            1,
        )


def test_upload_copies_older_than_a_day_are_deleted_and_newer_ones_kept(tmp_path):
    import os
    import time

    from lib.ingest import service

    old, new = tmp_path / "abp-upload-old", tmp_path / "abp-upload-new"
    for folder in (old, new):
        folder.mkdir()
        (folder / "file.csv").write_text("x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    assert service.discard_stale_uploads(folder=tmp_path) == 1
    assert not old.exists() and new.exists()


# --- the sign-in gate (issue 13 item 9) ---------------------------------------------------------------


@pytest.fixture()
def fake_clock(monkeypatch):
    """A limiter whose clock the test moves (no sleeping); attempts logged to a private file."""
    from lib import admin_gate

    now = [1000.0]
    monkeypatch.setattr(admin_gate, "LIMITER", admin_gate.AttemptLimiter(clock=lambda: now[0]))
    return now


def _sign_in(app: AppTest, password: str, account: str | None = None) -> AppTest:
    if account is not None:
        app.text_input(key="admin-account").input(account).run()
    app.text_input(key="admin-password").input(password).run()
    return app.button(key="admin-unlock").click().run()


def test_wrong_passwords_bring_a_growing_wait_and_every_attempt_is_logged(admin_env, fake_clock, tmp_path, monkeypatch):
    monkeypatch.setenv("ABP_ERROR_LOG", str(tmp_path / "errors.log"))
    app = _open()
    for _ in range(3):  # three free tries
        assert any(e.value == "That account and password do not match." for e in _sign_in(app, "wrong").error)
    assert any("Wait 2 seconds" in e.value for e in _sign_in(app, "wrong").error)
    # during the wait even the right password is not checked
    assert any("Too many wrong passwords: wait 2 seconds" in e.value for e in _sign_in(app, PASSWORD).error)
    assert admin.UNLOCKED not in app.session_state
    fake_clock[0] += 2.0
    assert any("Wait 4 seconds" in e.value for e in _sign_in(app, "wrong again").error)  # doubles
    fake_clock[0] += 4.0
    _sign_in(app, PASSWORD)
    assert app.session_state[admin.UNLOCKED] == "admin"
    log = (tmp_path / "abp-admin-attempts.log").read_text()
    assert log.count("admin sign-in failed") == 5 and log.count("refused (waiting)") == 1
    assert log.count("admin sign-in ok: account 'admin'") == 1
    assert "wrong" not in log and PASSWORD not in log  # never the password


def test_a_new_session_from_the_same_client_address_also_waits():
    from lib.admin_gate import AttemptLimiter

    now = [0.0]
    limiter = AttemptLimiter(clock=lambda: now[0])
    for _ in range(4):
        limiter.failed(("session:a", "client:10.0.0.7"))
    assert limiter.wait_seconds(("session:b", "client:10.0.0.7")) == 2.0  # a fresh session, the same address
    assert limiter.wait_seconds(("session:c", "client:10.0.0.8")) == 0.0  # another address
    now[0] = 2.0
    assert limiter.wait_seconds(("session:b", "client:10.0.0.7")) == 0.0


def test_named_accounts_sign_in_by_name_and_the_load_is_recorded_under_the_account(
    admin_env, fake_clock, monkeypatch, tmp_path
):
    from lib import admin_gate

    monkeypatch.delenv(admin.PASSWORD_ENV)
    app = AppTest.from_file(APP, default_timeout=wait_s(120))
    app.secrets["admin_accounts"] = {
        "a.sharma": admin_gate.hash_password("first-password-1", iterations=1000),
        "r.iyer": admin_gate.hash_password("second-password-2", iterations=1000),
    }
    app.run()
    app.switch_page("pages/admin.py").run()
    assert not app.exception
    assert any("do not match" in e.value for e in _sign_in(app, "second-password-2", "a.sharma").error)
    _sign_in(app, "second-password-2", "r.iyer")
    assert app.session_state[admin.UNLOCKED] == "r.iyer"
    assert any("Signed in as **r.iyer**" in c.value for c in app.caption)
    with duckdb.connect(str(admin_env), read_only=True) as con:
        code = con.execute(
            "SELECT lgd_code FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 1"
        ).fetchone()[0]
    app.file_uploader[0].set_value(
        (
            "april.csv",
            f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,2025-04,43.5\n".encode(),
            "text/csv",
        )
    ).run()
    app.button(key="admin-load").click().run()
    assert not app.exception and any("loaded" in s.value for s in app.success)
    with duckdb.connect(str(admin_env), read_only=True) as con:
        who = con.execute("SELECT loaded_by, source FROM loads ORDER BY load_id DESC LIMIT 1").fetchone()
    assert who == ("r.iyer", "april.csv")  # the signed-in account, not a name typed into a box


def test_hashes_verify_only_their_own_password_and_malformed_entries_never_match():
    from lib.admin_gate import Accounts, hash_password, verify_password

    stored = hash_password("a-long-password", iterations=1000)
    assert verify_password("a-long-password", stored) and not verify_password("a-long-passwore", stored)
    assert hash_password("a-long-password", iterations=1000) != stored  # a fresh salt each time
    for malformed in ("", "plain-text-password", "md5$1$00$00", "pbkdf2_sha256$x$zz$00"):
        assert not verify_password("plain-text-password", malformed)
    accounts = Accounts({"a.sharma": stored}, shared_password="shared-secret-123")
    assert accounts.check("a.sharma", "a-long-password") == "a.sharma"
    assert (
        accounts.check("", "shared-secret-123") == "admin" and accounts.check("admin", "shared-secret-123") == "admin"
    )
    assert accounts.check("a.sharma", "shared-secret-123") is None  # a named account needs its own password
    assert accounts.check("nobody", "a-long-password") is None


def test_boundary_attribute_names_can_be_given_on_the_page(admin_env):
    """The CLI's --code-column, on the page: a file whose code attribute has an unusual name."""
    import json

    with duckdb.connect(str(admin_env), read_only=True) as con:
        code = con.execute("SELECT lgd_code FROM units WHERE level = 'district' ORDER BY unit_id LIMIT 1").fetchone()[0]
    ring = [[80.9, 26.8], [81.0, 26.8], [81.0, 26.9], [80.9, 26.9], [80.9, 26.8]]
    outline = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"KOD": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
            ],
        }
    )
    app = _open(unlocked=True)
    app.radio(key="admin-kind").set_value("boundaries").run()
    app.radio(key="admin-level").set_value("district").run()
    app.file_uploader[0].set_value(("odd.geojson", outline.encode(), "application/geo+json")).run()
    shown = [e.value for e in app.error] + [m.value for m in app.markdown]
    assert any("no district code or name attribute found" in text for text in shown)
    app.text_input(key="admin-attribute-unit_code").input("KOD").run()
    assert not app.exception
    assert any("1 districts matched" in s.value for s in app.success), [e.value for e in app.error]
