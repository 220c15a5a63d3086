"""The one-shot loader's start command (deploy/compose.yaml): make sure the shared database exists.

Builds the synthetic demo with ``python -m lib demo`` when the file is absent, or
when it is a demo built by an earlier version of the app (the replicas mount the
volume read-only and cannot rebuild it themselves, as a single instance does at
first start). Any other file, a real dataset above all, is left untouched, so
running the loader again never replaces loaded data.

    python deploy/prepare_database.py --db /srv/abp/abp.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from any folder

from lib import db
from lib.cli import main as lib_cli
from lib.config import db_path
from lib.demo.build import demo_is_outdated


def reason_to_build(path: Path) -> str | None:
    """Why the demo must be built at ``path`` (absent, or an outdated demo), or None to keep the file."""
    if not path.exists():
        return f"no database at {path} yet"
    with db.connect(path, read_only=True) as con:
        if demo_is_outdated(con):
            return f"{path} is a demo built by an earlier version"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file (default: $ABP_DB or data/abp.duckdb)")
    path = db_path(parser.parse_args(argv).db)
    try:
        reason = reason_to_build(path)
    except ValueError as error:  # not a DuckDB file, or held by a program writing to it
        print(f"error: {error}", file=sys.stderr)
        return 2
    if reason is None:
        print(f"kept {path}: it already holds a database (loads go through `python -m lib import ...`)")
        return 0
    print(f"{reason}: building the synthetic demo")
    return lib_cli(["demo", "--db", str(path)])


if __name__ == "__main__":
    sys.exit(main())
