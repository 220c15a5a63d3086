"""The DuckDB store: connections, schema and the load audit."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from lib.config import db_path

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
TABLES = (
    "units", "indicators", "loads", "observations", "cohorts", "cohort_members",
    "boundaries", "dataset_meta", "demo_true_effects", "demo_planted_errors",
)


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the project database (creating the schema when writable).

    Parameters
    ----------
    path : file path; default from :func:`lib.config.db_path`. ``":memory:"`` works for tests.
    read_only : open without write access (the app's viewers).
    """
    target = str(path) if str(path) == ":memory:" else str(db_path(path))
    if read_only and not Path(target).exists():
        raise FileNotFoundError(f"database {target} does not exist; build it with `python -m lib demo`")
    if not read_only and target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as error:
        raise ValueError(f"{target} could not be opened as a DuckDB database ({error}); "
                         "point --db or ABP_DB at a .duckdb file, or delete it and run `python -m lib demo`") from None
    if not read_only:
        con.execute(SCHEMA_SQL.read_text())
    return con


def is_built(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds units and observations (a usable dataset)."""
    present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not {"units", "observations"} <= present:
        return False
    return con.execute("SELECT (SELECT count(*) FROM units) > 0 AND (SELECT count(*) FROM observations) > 0").fetchone()[0]


def require_data(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """Raise a clear error when the database holds no units or observations yet."""
    if not is_built(con):
        raise ValueError(f"database {path} has no units or observations yet; "
                         "build the demo with `python -m lib demo` or load data first")


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, for the load audit."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def frame_sha256(frame: pd.DataFrame) -> str:
    """Stable SHA-256 of a data frame's contents (generated data has no file)."""
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone()[0]


@contextmanager
def audited_load(con: duckdb.DuckDBPyConnection, kind: str, source: str, sha256: str | None = None):
    """Run a load inside one transaction and write its audit row.

    Yields a dict: set ``rows_in``, ``rows_rejected`` and ``note`` on it; read
    ``load_id`` to stamp loaded rows. On any error the transaction is rolled
    back, so nothing is half-loaded.
    """
    record = {"load_id": next_load_id(con), "rows_in": 0, "rows_rejected": 0, "note": None}
    started = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        yield record
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record["load_id"], kind, source, sha256, record["rows_in"], record["rows_rejected"],
             started, datetime.now(), record["note"]],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def set_meta(con: duckdb.DuckDBPyConnection, values: dict[str, object]) -> None:
    """Upsert dataset metadata (e.g. ``dataset_kind``, ``seed``)."""
    for key, value in values.items():
        con.execute(
            "INSERT INTO dataset_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, str(value)],
        )


def get_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM dataset_meta").fetchall())
