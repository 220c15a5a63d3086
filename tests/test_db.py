"""The DuckDB store: the load audit, transactional loads, frame hashes, the database path."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from lib import db
from lib.config import DB_ENV_VAR, DEFAULT_DB, db_path


def _insert_units(con, ids):
    for unit_id in ids:
        con.execute(
            "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
            "VALUES (?, 'block', ?, '1', 'D1', 'S1', 'D1', TRUE)",
            [unit_id, unit_id],
        )


def test_connect_memory_creates_every_table_empty():
    con = db.connect(":memory:")
    present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert set(db.TABLES) <= present
    assert not db.is_built(con)


def test_audited_load_writes_one_audit_row_with_rows_in():
    con = db.connect(":memory:")
    with db.audited_load(con, "units", "hand.csv", sha256="abc123") as record:
        _insert_units(con, ["B1", "B2", "B3"])
        record["rows_in"] = 3
        record["rows_rejected"] = 1
        record["note"] = "one duplicate dropped"
    rows = con.execute(
        "SELECT load_id, kind, source, sha256, rows_in, rows_rejected, note, finished_at >= started_at FROM loads"
    ).fetchall()
    assert rows == [(1, "units", "hand.csv", "abc123", 3, 1, "one duplicate dropped", True)]
    assert con.execute("SELECT count(*) FROM units").fetchone()[0] == 3


def test_audited_load_ids_increase_with_each_load():
    con = db.connect(":memory:")
    seen = []
    for batch in (["B1"], ["B2", "B3"]):
        with db.audited_load(con, "units", "batch") as record:
            _insert_units(con, batch)
            record["rows_in"] = len(batch)
            seen.append(record["load_id"])
    assert seen == [1, 2]
    assert con.execute("SELECT load_id, rows_in FROM loads ORDER BY 1").fetchall() == [(1, 1), (2, 2)]


def test_error_inside_audited_load_rolls_back_data_and_audit_row():
    con = db.connect(":memory:")
    with db.audited_load(con, "units", "first") as record:
        _insert_units(con, ["B1"])
        record["rows_in"] = 1
    with pytest.raises(RuntimeError, match="disk on fire"), db.audited_load(con, "units", "second") as record:
        _insert_units(con, ["B2", "B3"])
        record["rows_in"] = 2
        raise RuntimeError("disk on fire")
    assert con.execute("SELECT unit_id FROM units ORDER BY 1").fetchall() == [("B1",)]
    assert con.execute("SELECT source FROM loads").fetchall() == [("first",)]
    # the connection is usable afterwards and the next load takes the next free id
    with db.audited_load(con, "units", "third") as record:
        assert record["load_id"] == 2


def test_database_error_inside_audited_load_rolls_back_earlier_inserts():
    con = db.connect(":memory:")
    with pytest.raises(Exception, match="(?i)constraint|duplicate"), db.audited_load(con, "units", "dupes"):
        _insert_units(con, ["B1", "B2"])
        _insert_units(con, ["B1"])  # primary key violation
    assert con.execute("SELECT count(*) FROM units").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 0


FRAME = pd.DataFrame({"unit_id": ["B1", "B2", "B3"], "value": [1.5, 2.5, None], "n": [1, 2, 3]})


def test_frame_sha256_is_stable_for_equal_contents():
    first = db.frame_sha256(FRAME)
    assert first == db.frame_sha256(FRAME.copy())
    assert first == db.frame_sha256(FRAME.set_axis([10, 11, 12]))  # the index is not content
    assert re.fullmatch(r"[0-9a-f]{64}", first)  # SHA-256 as lower-case hex, as the loads table stores it


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.assign(value=[1.5, 2.5000001, None]),
        lambda f: f.assign(unit_id=["B1", "B2", "B4"]),
        lambda f: f.assign(value=[1.5, 2.5, 0.0]),
        lambda f: f.iloc[::-1],
        lambda f: f.iloc[:2],
    ],
    ids=["value-nudged", "id-changed", "null-filled", "row-order", "row-dropped"],
)
def test_frame_sha256_changes_with_content(change):
    assert db.frame_sha256(change(FRAME)) != db.frame_sha256(FRAME)


def test_file_sha256_matches_known_digest(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc")
    # SHA-256("abc") from FIPS 180-2, appendix B.1
    assert db.file_sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_db_path_uses_abp_db_env_var(monkeypatch, tmp_path):
    target = tmp_path / "elsewhere" / "my.duckdb"
    monkeypatch.setenv(DB_ENV_VAR, str(target))
    assert DB_ENV_VAR == "ABP_DB"
    assert db_path() == target


def test_db_path_explicit_path_beats_env_var(monkeypatch, tmp_path):
    monkeypatch.setenv("ABP_DB", str(tmp_path / "env.duckdb"))
    assert db_path(tmp_path / "cli.duckdb") == tmp_path / "cli.duckdb"


def test_db_path_defaults_to_project_data_when_env_unset(monkeypatch):
    monkeypatch.delenv("ABP_DB", raising=False)
    assert db_path() == DEFAULT_DB
    assert DEFAULT_DB.parent.name == "data"


def test_connect_without_path_opens_the_env_database(monkeypatch, tmp_path):
    target = tmp_path / "sub" / "env.duckdb"
    monkeypatch.setenv("ABP_DB", str(target))
    con = db.connect()
    con.close()
    assert target.exists()


def test_read_only_connect_to_missing_file_explains_how_to_build(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m lib demo"):
        db.connect(tmp_path / "absent.duckdb", read_only=True)
    assert not Path(tmp_path / "absent.duckdb").exists()


def test_set_meta_upserts_values_as_text():
    con = db.connect(":memory:")
    db.set_meta(con, {"seed": 7, "dataset_kind": "x"})
    db.set_meta(con, {"seed": 8})
    assert db.get_meta(con) == {"seed": "8", "dataset_kind": "x"}
