"""The Data admin page's steps for every kind of file: save the upload, check it (nothing written),
then load it (all or nothing).

Checking and loading are :mod:`lib.ingest.prepared`'s, the same functions the ``python -m lib
import`` commands call. Loads go through :func:`lib.db.staged_write`, so the dashboard's readers
keep their view until the new file is in place.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from lib import db
from lib.errors import InputError, report_unexpected
from lib.ingest import indicators
from lib.ingest.bootstrap import ensure_register, has_units
from lib.ingest.prepared import KINDS, REPORT_COLUMNS, Options, load_prepared, prepare

__all__ = [
    "KINDS",
    "REPORT_COLUMNS",
    "Check",
    "Options",
    "check_file",
    "load_file",
    "save_upload",
    "discard_upload",
    "discard_stale_uploads",
    "accepted_overrides",
    "accepted_indicator_overrides",
]
MAX_UPLOAD_MB = 200  # keep equal to server.maxUploadSize in .streamlit/config.toml


@dataclass
class Check:
    """The outcome of checking a file: what would load and what is wrong."""

    kind: str
    source: str
    summary: str
    report: pd.DataFrame  # kind (problem | note), line, column, value, problem
    suggestions: pd.DataFrame  # unmatched unit references with a suggested unit (indicators only)
    unmatched_only: bool = False  # every problem is a unit not found (the rest could load)
    skip_unmatched: bool = False
    # indicator names in the file that match no catalogue indicator but have a guarded suggestion
    indicator_suggestions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ready(self) -> bool:
        return not (self.report.kind == "problem").any() or (self.unmatched_only and self.skip_unmatched)

    @property
    def problem_count(self) -> int:
        return int((self.report.kind == "problem").sum())


def save_upload(name: str, content: bytes, kind: str, folder: str | Path | None = None) -> Path:
    """Write an uploaded file to a private temporary folder under a safe name, after checking its type and size.

    Examples
    --------
    >>> folder = tempfile.mkdtemp()
    >>> save_upload("../../etc/x.csv", b"a,b", "cohorts", folder).name
    'x.csv'
    >>> shutil.rmtree(folder)
    """
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    safe = re.sub(r"[^A-Za-z0-9._ -]+", "_", Path(name).name).strip() or "upload"
    if not safe.lower().endswith(KINDS[kind]):
        raise ValueError(f"'{Path(name).name}' is not a {kind} file: use one of {', '.join(KINDS[kind])}")
    if len(content) > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValueError(
            f"'{safe}' is {len(content) / 1e6:.0f} MB; files above {MAX_UPLOAD_MB} MB are refused: "
            "split it (by state or period) and load the parts"
        )
    target = Path(folder or tempfile.mkdtemp(prefix="abp-upload-")) / safe
    target.write_bytes(content)
    return target


def discard_upload(path: str | Path) -> None:
    """Delete an upload saved by :func:`save_upload` (its private folder too)."""
    path = Path(path)
    if path.parent.name.startswith("abp-upload-"):
        shutil.rmtree(path.parent, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def discard_stale_uploads(max_age_hours: float = 24.0, folder: str | Path | None = None) -> int:
    """Delete upload folders (see :func:`save_upload`) older than ``max_age_hours``; returns how many."""
    cutoff = time.time() - max_age_hours * 3600
    stale = [
        p
        for p in Path(folder or tempfile.gettempdir()).glob("abp-upload-*")
        if p.is_dir() and p.stat().st_mtime < cutoff
    ]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return len(stale)


def _problem_frame(error: InputError) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"kind": "problem", "line": p.row, "column": p.column, "value": "", "problem": p.message}
            for p in error.problems
        ],
        columns=REPORT_COLUMNS,
    )


def check_file(con: duckdb.DuckDBPyConnection, kind: str, path: str | Path, options: Options) -> Check:
    """Read and check a file against the database; nothing is written. Bad files give a report, not an error."""
    path = Path(path)
    if kind in ("indicators", "boundaries") and not has_units(con):
        with db.connect(":memory:") as scratch:  # what the load will do: register first (nothing is written)
            ensure_register(scratch)
            return check_file(scratch, kind, path, options)
    try:
        prepared = prepare(con, kind, path, options)
        return Check(
            kind,
            prepared.source,
            prepared.summary,
            prepared.report,
            prepared.suggestions,
            prepared.unmatched_only,
            options.skip_unmatched,
            prepared.indicator_suggestions,
        )
    except InputError as error:
        return Check(kind, path.name, "the file cannot be loaded as it is", _problem_frame(error), pd.DataFrame())
    except ValueError as error:
        return _refusal(kind, path.name, str(error))
    except Exception as error:  # a file no check anticipated (a truncated archive...): say so, log the details
        reference = report_unexpected(error, f"checking {kind} file {path.name}")
        return _refusal(
            kind,
            path.name,
            f"the file could not be read ({type(error).__name__}); check that it is "
            "complete and opens in a spreadsheet or GIS program, then upload it again "
            f"(reference {reference} in the server log)",
        )


def _refusal(kind: str, source: str, problem: str) -> Check:
    return Check(
        kind,
        source,
        "the file cannot be loaded as it is",
        pd.DataFrame(
            [{"kind": "problem", "line": None, "column": None, "value": "", "problem": problem}], columns=REPORT_COLUMNS
        ),
        pd.DataFrame(),
    )


def load_file(
    database: str | Path | None, kind: str, path: str | Path, options: Options, loaded_by: str | None = None
) -> dict:
    """Check and load a file into the database file in one staged write; raises ``InputError`` on any problem.
    A database with no units gets the built-in register, catalogue and outlines first."""
    with db.staged_write(database) as con:
        if kind in ("indicators", "boundaries"):
            ensure_register(con)
        return load_prepared(con, prepare(con, kind, path, options), options, loaded_by)


def accepted_overrides(reviewed: pd.DataFrame) -> dict:
    """Unit reference -> unit id for the suggestions a person ticked (``accept`` column).

    Examples
    --------
    >>> reviewed = pd.DataFrame({"unit_code": ["", ""], "unit_name": ["Nicobar", "Bareli"], "state_name": ["", ""],
    ...                          "state_code": ["AN", "UP"], "district_name": ["", ""], "district_code": ["", ""],
    ...                          "suggestion_id": ["D638", "D164"], "accept": [True, False]})
    >>> accepted_overrides(reviewed)
    {('', 'Nicobar', '', 'AN', '', ''): 'D638'}
    """
    ticked = reviewed[reviewed.accept.astype(bool)]
    return dict(zip(indicators.reference_keys(ticked), ticked.suggestion_id, strict=True))


def accepted_indicator_overrides(reviewed: pd.DataFrame) -> dict:
    """Indicator name in the file -> indicator id, for the suggestions a person ticked (``accept`` column).

    Examples
    --------
    >>> reviewed = pd.DataFrame({"indicator": ["Hypertention screening", "Live BharatNet"],
    ...                          "suggestion_id": ["hypertension_screening", "gp_bharatnet_live"],
    ...                          "accept": [True, False]})
    >>> accepted_indicator_overrides(reviewed)
    {'Hypertention screening': 'hypertension_screening'}
    """
    ticked = reviewed[reviewed.accept.astype(bool)]
    return dict(zip(ticked.indicator, ticked.suggestion_id, strict=True))
