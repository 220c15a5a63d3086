"""Work shared by the pytest-xdist workers of one run: each item is computed once, by whichever
worker claims it first, and every worker can read every result.

The simulation study's seeds are the use: its module and a helper module start together on the two
workers (``tests/conftest.py`` orders them first), and the seeds split between them instead of one
worker running all 30 while the other has finished its share of the suite.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def run_folder(name: str, fallback: Path) -> Path:
    """A folder shared by this run's workers (pytest-xdist gives them one run id); ``fallback`` without xdist."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    folder = Path(tempfile.gettempdir()) / f"abp-{name}-{run_id}" if run_id else fallback
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _claim(folder: Path, key: str) -> bool:
    try:
        os.close(os.open(folder / f"{key}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def compute_unclaimed(folder: Path, keys: Iterable[str], compute: Callable[[str], object]) -> dict[str, object]:
    """Compute every key no worker has claimed yet; returns the results computed here."""
    done = {}
    for key in keys:
        if not _claim(folder, key):
            continue
        result = compute(key)
        partial = folder / f"{key}.{os.getpid()}.partial"
        partial.write_bytes(pickle.dumps(result))
        os.replace(partial, folder / f"{key}.result")  # readers never see half a file
        done[key] = result
    return done


def collect(folder: Path, keys: list[str], compute: Callable[[str], object], wait_s: float) -> dict[str, object]:
    """Every key's result: computed here when unclaimed, else read once the claiming worker has written it.

    A result still missing after ``wait_s`` (its worker died) is computed here.
    """
    compute_unclaimed(folder, keys, compute)
    results, deadline = {}, time.monotonic() + wait_s
    for key in keys:
        path = folder / f"{key}.result"
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        results[key] = pickle.loads(path.read_bytes()) if path.exists() else compute(key)
    return results
