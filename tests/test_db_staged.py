"""Staged writes and read-only viewers (lib/db.py): loads never show half a file, viewers never write."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from lib import db


@pytest.fixture()
def db_file(tmp_path) -> Path:
    """A database file holding one dataset_meta row ('edition', 'one')."""
    path = tmp_path / "abp.duckdb"
    with db.staged_write(path) as con:
        db.set_meta(con, {"edition": "one"})
    return path


def meta_count(con) -> int:
    return con.execute("SELECT count(*) FROM dataset_meta").fetchone()[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".staged-" in p.name or p.name.endswith(".wal"))


def test_a_staged_write_puts_the_new_data_in_the_file(db_file):
    with db.staged_write(db_file) as con:
        db.set_meta(con, {"edition": "two"})
    with db.connect(db_file, read_only=True) as check:
        assert db.get_meta(check) == {"edition": "two"}
    assert leftovers(db_file.parent) == []


def test_an_error_in_a_staged_write_leaves_the_file_byte_for_byte_and_no_copy(db_file):
    before = db_file.read_bytes()
    with pytest.raises(RuntimeError, match="half way"), db.staged_write(db_file) as con:
        con.execute("DELETE FROM dataset_meta")
        raise RuntimeError("half way")
    assert db_file.read_bytes() == before
    assert leftovers(db_file.parent) == []


def test_an_interrupted_staged_write_leaves_the_file_unchanged(db_file):
    before = db_file.read_bytes()
    with pytest.raises(KeyboardInterrupt), db.staged_write(db_file) as con:
        db.set_meta(con, {"edition": "two"})
        raise KeyboardInterrupt
    assert db_file.read_bytes() == before and leftovers(db_file.parent) == []


def test_a_failed_first_load_creates_no_database_file(tmp_path):
    with pytest.raises(ValueError), db.staged_write(tmp_path / "new.duckdb") as con:
        db.set_meta(con, {"edition": "one"})
        raise ValueError("bad file")
    assert not (tmp_path / "new.duckdb").exists() and leftovers(tmp_path) == []


def test_a_file_that_is_not_a_database_is_refused_untouched_without_advice_to_delete_it(tmp_path):
    path = tmp_path / "abp.duckdb"
    path.write_bytes(b"these are someone's notes, not a database")
    with pytest.raises(ValueError, match="could not be opened as a DuckDB database") as refused, db.staged_write(path):
        pass
    assert "delete" not in str(refused.value)
    assert path.read_bytes() == b"these are someone's notes, not a database" and leftovers(tmp_path) == []


def test_a_reader_opened_before_a_load_keeps_the_old_data_and_a_new_reader_sees_the_new(db_file):
    before = db.reader_cursor(db.connect_reader(db_file))
    with db.staged_write(db_file) as con:
        db.set_meta(con, {"edition": "two", "extra": "x"})
        assert meta_count(before) == 1
    assert db.get_meta(before) == {"edition": "one"}
    after = db.reader_cursor(db.connect_reader(db_file))
    assert db.get_meta(after) == {"edition": "two", "extra": "x"}


def test_readers_keep_answering_with_the_old_count_during_a_long_load(db_file):
    reader = db.connect_reader(db_file)
    counts, errors, loaded = [], [], threading.Event()

    def read_until_loaded_and_a_little_after():
        cursor = db.reader_cursor(reader)
        deadline = time.monotonic() + 60
        while len(counts) < 100_000 and time.monotonic() < deadline:
            try:
                counts.append(meta_count(cursor))
            except Exception as error:  # any failure is what this test looks for
                errors.append(error)
            if loaded.is_set() and len(counts) >= 50:
                break

    viewer = threading.Thread(target=read_until_loaded_and_a_little_after)
    viewer.start()
    with db.staged_write(db_file) as con:
        con.execute("INSERT INTO dataset_meta SELECT 'key ' || i, 'value' FROM range(200000) t(i)")
        reads_during_load = len(counts)
    loaded.set()
    viewer.join(timeout=90)
    assert not viewer.is_alive() and errors == []
    assert reads_during_load > 0 and set(counts) == {1}
    assert meta_count(db.reader_cursor(db.connect_reader(db_file))) == 200_001


def test_a_viewer_cannot_write(db_file):
    viewer = db.reader_cursor(db.connect_reader(db_file))
    with pytest.raises(duckdb.Error, match="read-only"):
        viewer.execute("INSERT INTO dataset_meta VALUES ('edition2', 'two')")
    assert meta_count(viewer) == 1


def test_a_second_load_while_one_runs_is_refused_and_the_first_completes(db_file):
    refusals = []

    def second_load():
        try:
            with db.staged_write(db_file):
                pass
        except ValueError as error:
            refusals.append(str(error))

    with db.staged_write(db_file) as con:
        db.set_meta(con, {"edition": "two"})
        other = threading.Thread(target=second_load)
        other.start()
        other.join(timeout=30)
    assert len(refusals) == 1 and "another load into" in refusals[0] and "is running" in refusals[0]
    with db.connect(db_file, read_only=True) as check:
        assert db.get_meta(check) == {"edition": "two"}


def test_a_load_can_start_once_the_previous_one_finished(db_file):
    with db.staged_write(db_file) as con:
        db.set_meta(con, {"edition": "two"})
    with db.staged_write(db_file) as con:
        db.set_meta(con, {"edition": "three"})
    with db.connect(db_file, read_only=True) as check:
        assert db.get_meta(check) == {"edition": "three"}


def test_connect_to_a_file_another_process_writes_says_it_is_in_use_and_not_to_delete_it(
    db_file, held_by_another_process
):
    held_by_another_process("read_write")
    with pytest.raises(ValueError, match="is in use by another program") as refused:
        db.connect(db_file)
    assert "delete" not in str(refused.value) and "could not be opened as a DuckDB database" not in str(refused.value)


def test_a_viewer_of_a_file_another_process_writes_is_told_it_is_in_use(db_file, held_by_another_process):
    held_by_another_process("read_write")
    with pytest.raises(ValueError, match="is in use by another program") as refused:
        db.connect_reader(db_file)
    assert "delete" not in str(refused.value)


def test_a_staged_copy_left_by_a_killed_load_is_removed_by_the_next_load(tmp_path):
    target = tmp_path / "abp.duckdb"
    with db.staged_write(target) as con:
        db.set_meta(con, {"first": "load"})
    leftover = tmp_path / f".{target.name}.staged-999999"  # a load killed with kill -9 leaves these
    leftover.write_bytes(b"x" * 1024)
    (tmp_path / f"{leftover.name}.wal").write_bytes(b"x")
    with db.staged_write(target) as con:
        db.set_meta(con, {"second": "load"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abp.duckdb", "abp.duckdb.lock"]


def test_a_database_path_in_a_folder_that_does_not_exist_is_refused_not_created(tmp_path):
    from lib.cli import main

    missing = tmp_path / "no_such_folder" / "abp.duckdb"
    assert main(["import", "catalogue", "data/indicators.csv", "--db", str(missing)]) == 2
    assert main(["demo", "--db", str(missing)]) == 2
    assert not missing.parent.exists()


# --- loads that change nothing (issue 13 item 4) ---------------------------------------------------


def _cohort_file(path: Path, rows: str) -> Path:
    path.write_text("block_code,cohort,start_month\n" + rows)
    return path


def _file_identity(path: Path) -> tuple:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, path.read_bytes()


def test_an_already_loaded_file_leaves_the_database_file_untouched(tmp_path):
    from lib.ingest import service

    target = tmp_path / "abp.duckdb"
    from tests.app_support import small_demo_file

    small_demo_file(target)
    cohorts = _cohort_file(tmp_path / "c.csv", "5001,Round A,2024-04\n")
    first = service.load_file(target, "cohorts", cohorts, service.Options())
    published = _file_identity(target)
    again = service.load_file(target, "cohorts", cohorts, service.Options())
    assert first["status"] == "loaded" and again["status"] == "unchanged"
    assert _file_identity(target) == published  # same inode, same mtime, same bytes: readers keep their caches
    assert leftovers(tmp_path) == []


def test_a_write_that_is_told_unchanged_but_also_adds_a_load_is_published(db_file):
    with db.staged_write(db_file) as con, db.audited_load(con, "cohorts", "first.csv", "abc") as record:
        record["note"] = "first"
    with db.staged_write(db_file) as con:
        assert db.unchanged_outcome(con, "cohorts", "abc", "first.csv")["status"] == "unchanged"
        with db.audited_load(con, "catalogue", "cat.csv", "def"):
            pass
    with db.connect(db_file, read_only=True) as check:
        assert check.execute("SELECT kind FROM loads ORDER BY load_id").fetchall() == [("cohorts",), ("catalogue",)]
