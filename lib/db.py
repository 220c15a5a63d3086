"""The DuckDB store: connections, schema and the load audit."""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from lib.config import db_path

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
TABLES = (
    "units",
    "indicators",
    "loads",
    "observations",
    "cohorts",
    "cohort_members",
    "boundaries",
    "dataset_meta",
    "demo_true_effects",
    "demo_planted_errors",
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
        raise _open_error(target, error) from None
    if not read_only:
        con.execute(SCHEMA_SQL.read_text())
    return con


def _open_error(target: str, error: Exception) -> ValueError:
    """A message for a database that could not be opened: in use by another program, or not a database."""
    if "lock" in str(error).lower():
        return ValueError(
            f"{target} is in use by another program ({error}); close that program (or wait for its "
            "load to finish) and try again. Loads through `python -m lib import` and the Data admin "
            "page work while the dashboard is running."
        )
    return ValueError(
        f"{target} could not be opened as a DuckDB database ({error}); point --db or ABP_DB at a "
        ".duckdb file, or move it aside and run `python -m lib demo`"
    )


READER_CATALOG = "abp"


def connect_reader(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only view of the database file for the dashboard's viewers.

    The file is attached ``READ_ONLY`` to a private in-memory database rather
    than opened with ``duckdb.connect``: DuckDB keeps one instance per path in
    a process, so after a load replaced the file (:func:`staged_write`) a new
    ``connect`` would still see the old one. Use :func:`reader_cursor` for
    each query thread.
    """
    target = db_path(path)
    if not target.exists():
        raise FileNotFoundError(f"database {target} does not exist; build it with `python -m lib demo`")
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS abp (READ_ONLY)", [str(target)])  # the catalogue name READER_CATALOG
    except duckdb.Error as error:
        con.close()
        raise _open_error(str(target), error) from None
    return con


def reader_cursor(reader: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor on a :func:`connect_reader` connection whose default catalogue is the database file."""
    cursor = reader.cursor()
    cursor.execute("USE abp")  # READER_CATALOG
    return cursor


@contextmanager
def staged_write(path: str | Path | None = None):
    """Write to a copy of the database and put it in place only when everything succeeded.

    Yields a writable connection on a copy next to the file. When the block
    ends without error the copy is checkpointed and renamed over the file in
    one step (``os.replace``), so readers never see half a load: connections
    opened before keep reading the old file until they reconnect. On any error
    the copy is deleted and the file is untouched. One staged write runs at a
    time per database (a lock file next to it).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.duckdb"
    >>> with staged_write(target) as con:
    ...     set_meta(con, {"note": "hello"})
    >>> with connect(target, read_only=True) as con:
    ...     get_meta(con)["note"]
    'hello'
    """
    target = db_path(path)
    require_folder(target)
    try:
        lock_file = open(target.with_name(target.name + ".lock"), "w")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise ValueError(
            f"cannot write in {target.parent} ({error.strerror}); a load needs write access to the "
            "database's folder: run it where the database is writable (with the container setup, "
            "through the loader service)"
        ) from None
    with lock_file as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ValueError(f"another load into {target} is running; wait for it to finish and try again") from None
        _remove_stale_copies(target)
        staged = target.with_name(f".{target.name}.staged-{os.getpid()}")
        _copy_for_staging(target, staged)
        try:
            con = connect(staged)
        except Exception:
            _remove(staged)
            raise
        _NOTHING_CHANGED.discard(id(con))  # an id left by a connection outside a staged write
        loads_before = _latest_load_id(con)
        try:
            yield con
            if id(con) in _NOTHING_CHANGED and _latest_load_id(con) == loads_before:
                con.close()  # an "already loaded" file: the published file stays byte for byte as it was
                _remove(staged)
                return
            con.execute("CHECKPOINT")
            con.close()
            os.replace(staged, target)
        except BaseException:
            con.close()
            _remove(staged)
            raise
        finally:
            _NOTHING_CHANGED.discard(id(con))


# Staged connections whose load found nothing to change (see :func:`unchanged_outcome`): their copy is
# dropped rather than published, so a repeated load leaves the file, its inode and the readers' caches alone.
_NOTHING_CHANGED: set[int] = set()


def _latest_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(load_id), 0) FROM loads").fetchone()[0]


def require_folder(target: Path) -> None:
    """Refuse a database path whose folder does not exist (a mistyped --db), rather than create folders."""
    if not target.parent.is_dir():
        raise ValueError(
            f"the folder {target.parent} does not exist; check the database path ({target}), or create the folder first"
        )


def _remove_stale_copies(target: Path) -> None:
    """Staged copies a killed load left behind (with their WAL). Called holding the load lock, so no other
    load can be writing one."""
    for leftover in target.parent.glob(f".{target.name}.staged-*"):
        leftover.unlink(missing_ok=True)


def _copy_for_staging(target: Path, staged: Path) -> None:
    _remove(staged)
    if not target.exists():
        return
    try:  # a program writing to the file directly (not staged) would lose its work at the swap: refuse
        duckdb.connect(str(target), read_only=True).close()
    except duckdb.IOException as error:
        raise _open_error(str(target), error) from None
    except duckdb.Error:
        pass  # e.g. this process has it open with another configuration; the copy below is still consistent
    if target.with_name(target.name + ".wal").exists():
        # Committed changes not yet checkpointed (a writer crashed or is still open): fold them in
        # first, which fails with a clear message while another program holds the file.
        connect(target).close()
    shutil.copyfile(target, staged)


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def current_user() -> str:
    """Who a command-line load is recorded as in the audit table."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (some containers)
        return f"uid {os.getuid()}"


def is_built(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds units and observations (a usable dataset)."""
    present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not {"units", "observations"} <= present:
        return False
    return con.execute(
        "SELECT (SELECT count(*) FROM units) > 0 AND (SELECT count(*) FROM observations) > 0"
    ).fetchone()[0]


UNIT_COLUMNS = (
    "unit_id",
    "level",
    "name",
    "lgd_code",
    "parent_id",
    "state_id",
    "district_id",
    "aspirational",
    "census2011_code",
    "census2001_code",
    "in_register",
)


def insert_units(con: duckdb.DuckDBPyConnection, units: pd.DataFrame) -> None:
    """Append rows to ``units`` (the caller owns the transaction); columns of :data:`UNIT_COLUMNS` the
    frame lacks are left empty. The one place that writes units (register, demo, boundary files)."""
    columns = ", ".join(c for c in UNIT_COLUMNS if c in units.columns)  # names from a fixed list, not input
    con.register("units_in", units)
    con.execute("INSERT INTO units (" + columns + ") SELECT " + columns + " FROM units_in")
    con.unregister("units_in")


def require_data(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """Raise a clear error when the database holds no units or observations yet."""
    if not is_built(con):
        raise ValueError(
            f"database {path} has no units or observations yet; "
            "build the demo with `python -m lib demo` or load data first"
        )


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
def audited_load(
    con: duckdb.DuckDBPyConnection, kind: str, source: str, sha256: str | None = None, loaded_by: str | None = None
):
    """Run a load inside one transaction and write its audit row.

    Yields a dict: set ``rows_in``, ``rows_rejected`` and ``note`` on it; read
    ``load_id`` to stamp loaded rows. On any error the transaction is rolled
    back, so nothing is half-loaded. ``loaded_by`` defaults to the system user.
    """
    record = {
        "load_id": next_load_id(con),
        "rows_in": 0,
        "rows_rejected": 0,
        "note": None,
        "loaded_by": loaded_by or current_user(),
        "content_sha256": None,
    }
    started = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        yield record
        con.execute(
            "INSERT INTO loads (load_id, kind, source, sha256, rows_in, rows_rejected, started_at, finished_at, "
            "note, loaded_by, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record["load_id"],
                kind,
                source,
                sha256,
                record["rows_in"],
                record["rows_rejected"],
                started,
                datetime.now(),
                record["note"],
                record["loaded_by"],
                record["content_sha256"],
            ],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def earlier_load(
    con: duckdb.DuckDBPyConnection, kind: str, sha256: str, content_sha256: str | None = None
) -> tuple | None:
    """``(load_id, finished_at)`` when the latest load of this kind was this very file (and, when
    ``content_sha256`` is given, wrote these very rows), else None.

    Only the latest counts: after a corrected file, loading the original again must
    put its values back, not be skipped as "already loaded".
    """
    latest = con.execute(
        "SELECT load_id, finished_at, sha256, content_sha256 FROM loads WHERE kind = ? ORDER BY load_id DESC LIMIT 1",
        [kind],
    ).fetchone()
    if latest is None or latest[2] != sha256 or (content_sha256 is not None and latest[3] != content_sha256):
        return None
    return latest[:2]


def unchanged_outcome(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    sha256: str,
    source: str,
    with_time: bool = False,
    content_sha256: str | None = None,
) -> dict | None:
    """The importers' answer when this file is the latest load of its kind (see :func:`earlier_load`):
    ``{"status": "unchanged", ...}`` with a message saying so, or None when the file should load.

    Inside :func:`staged_write` an unchanged answer also keeps the staged copy from being published
    (unless something else in the same write added an audited load)."""
    earlier = earlier_load(con, kind, sha256, content_sha256)
    if earlier is None:
        return None
    _NOTHING_CHANGED.add(id(con))
    when = f", {earlier[1]:%Y-%m-%d %H:%M}" if with_time else ""
    return {
        "status": "unchanged",
        "load_id": earlier[0],
        "rows": 0,
        "message": f"{source} was already loaded (load {earlier[0]}{when}); nothing changed",
    }


def set_meta(con: duckdb.DuckDBPyConnection, values: dict[str, object]) -> None:
    """Upsert dataset metadata (e.g. ``dataset_kind``, ``seed``)."""
    for key, value in values.items():
        con.execute(
            "INSERT INTO dataset_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, str(value)],
        )


def get_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM dataset_meta").fetchall())
