"""AppTest for the Data admin page: hidden without a password, locked until it is entered,
and a checked upload shows its problems and loads only when clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from lib.ui import admin

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
    app = AppTest.from_file(APP, default_timeout=120)
    if unlocked:
        app.session_state[admin.UNLOCKED] = True
    app.run()
    app.switch_page("pages/admin.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_without_a_password_the_page_is_not_in_the_navigation(demo_env, monkeypatch):
    monkeypatch.delenv(admin.PASSWORD_ENV, raising=False)
    app = AppTest.from_file(APP, default_timeout=120).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/admin.py").run()


def test_the_page_asks_for_the_password_and_refuses_a_wrong_one(admin_env):
    app = _open()
    assert [t.value for t in app.title] == ["Data admin"]
    assert not app.get("file_uploader")
    app.text_input(key="admin-password").input("wrong").run()
    app.button[0].click().run()
    assert any("not right" in e.value for e in app.error)
    assert admin.UNLOCKED not in app.session_state


def test_the_right_password_unlocks_the_page(admin_env):
    app = _open()
    app.text_input(key="admin-password").input(PASSWORD).run()
    app.button[0].click().run()
    assert app.session_state[admin.UNLOCKED] is True
    assert app.radio(key="admin-kind").options == ["Indicator values", "Boundaries", "Indicator catalogue",
                                                   "Cohort list"]


def test_unlocked_page_waits_for_a_file_and_says_what_it_accepts(admin_env):
    app = _open(unlocked=True)
    assert any(".csv" in i.value and ".xlsx" in i.value for i in app.info)
    app.radio(key="admin-kind").set_value("boundaries").run()
    assert any(".geojson" in i.value and ".zip" in i.value for i in app.info)


# AppTest cannot drive st.file_uploader; the page's check and load are the service calls below.

def test_the_check_and_load_steps_the_page_runs(admin_env, tmp_path):
    from lib.db import connect_reader, reader_cursor
    from lib.ingest import service

    bad = service.save_upload("march.csv", b"Block Code,Indicator,Month,Value\n999999,anc_first_trimester,2025-03,80\n",
                              "indicators", tmp_path)
    with connect_reader(admin_env) as reader:
        check = service.check_file(reader_cursor(reader), "indicators", bad, service.Options())
    assert not check.ready and check.problem_count == 1
    assert check.report.line.tolist() == [2] and "unit not found" in check.report.problem.iloc[0]
    with pytest.raises(ValueError, match="nothing was loaded"):
        service.load_file(admin_env, "indicators", bad, service.Options(), loaded_by="Test Officer")
    with duckdb.connect(str(admin_env), read_only=True) as con:
        block, code = con.execute("SELECT unit_id, lgd_code FROM units WHERE level = 'block' AND aspirational "
                                  "ORDER BY unit_id LIMIT 1").fetchone()
    good = service.save_upload("march.csv", f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,"
                               "2025-03,42.5\n".encode(), "indicators", tmp_path)
    outcome = service.load_file(admin_env, "indicators", good, service.Options(), loaded_by="Test Officer")
    assert outcome["status"] == "loaded" and outcome["rows"] == 1
    with duckdb.connect(str(admin_env), read_only=True) as con:
        value = con.execute("SELECT value FROM observations WHERE unit_id = ? AND indicator_id = "
                            "'anc_first_trimester' AND period = DATE '2025-03-01'", [block]).fetchone()[0]
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
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception, [e.message for e in app.exception]
    assert [t.value for t in app.title] == ["Data admin"]
    assert app.text_input(key="admin-password")  # the gate, as always
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/map.py")


def test_the_rest_loads_when_asked_and_the_only_problems_are_units_not_found(admin_env, tmp_path):
    from lib.db import connect_reader, reader_cursor
    from lib.ingest import service

    with duckdb.connect(str(admin_env), read_only=True) as con:
        block, code = con.execute("SELECT unit_id, lgd_code FROM units WHERE level = 'block' AND aspirational "
                                  "ORDER BY unit_id LIMIT 1").fetchone()
    mixed = service.save_upload("mixed.csv", f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,2025-05,"
                                "61\n999999,anc_first_trimester,2025-05,62\n".encode(), "indicators", tmp_path)
    with connect_reader(admin_env) as reader:
        strict = service.check_file(reader_cursor(reader), "indicators", mixed, service.Options())
        lenient = service.check_file(reader_cursor(reader), "indicators", mixed, service.Options(skip_unmatched=True))
    assert strict.unmatched_only and not strict.ready
    assert lenient.ready and lenient.problem_count == 1  # still listed
    outcome = service.load_file(admin_env, "indicators", mixed, service.Options(skip_unmatched=True))
    assert outcome["rows"] == 1
    with duckdb.connect(str(admin_env), read_only=True) as con:
        assert con.execute("SELECT value FROM observations WHERE unit_id = ? AND period = DATE '2025-05-01' AND "
                           "indicator_id = 'anc_first_trimester'", [block]).fetchone() == (61.0,)
        assert con.execute("SELECT rows_in, rows_rejected FROM loads ORDER BY load_id DESC LIMIT 1").fetchone() \
            == (1, 1)


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
