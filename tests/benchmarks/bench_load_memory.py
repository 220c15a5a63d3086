"""Memory over repeated loads (issue 13 item 4): does the app keep old database versions?

Run from the project root:  python tests/benchmarks/bench_load_memory.py [--loads 20]

Builds the demo (ABP scale) in a temporary folder, opens the Overview, Map and Block profile pages in
one AppTest session (the same process-wide caches a server uses), then repeats: load a file (every
fourth load a new cohort list, the others the same file again, i.e. "already loaded"), rerun the three
pages, print the process's resident memory. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import db  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.ingest import service  # noqa: E402
from lib.scoring.matrix import analysis_units  # noqa: E402

PAGES = ("pages/overview.py", "pages/map.py", "pages/profile.py")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def browse(app: AppTest) -> None:
    """One pass over the pages a viewer would look at after a load."""
    for page in PAGES:
        app.switch_page(page).run()
        if app.exception:
            raise RuntimeError(f"{page}: {app.exception[0].message}")


def cohort_file(folder: Path, blocks: list[str], round_number: int) -> Path:
    path = folder / f"cohort-{round_number}.csv"
    path.write_text(
        "block_code,cohort,start_month\n"
        + "".join(f"{block},Bench round {round_number},2024-04\n" for block in blocks[round_number : round_number + 5])
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="abp-bench-memory-"))
    target = folder / "abp.duckdb"
    build_demo(target)
    os.environ["ABP_DB"] = str(target)
    with db.connect(target, read_only=True) as con:
        blocks = analysis_units(con).unit_id.tolist()
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=300)
    app.run()
    browse(app)
    gc.collect()
    start = rss_mb()
    print(f"after the first visit: {start:.0f} MB")
    print("load | kind      | outcome   | seconds | RSS MB | vs first visit")
    current = cohort_file(folder, blocks, 0)
    for number in range(1, args.loads + 1):
        if number % 4 == 1:
            current = cohort_file(folder, blocks, number)
        started = time.perf_counter()
        outcome = service.load_file(target, "cohorts", current, service.Options())
        seconds = time.perf_counter() - started
        browse(app)
        gc.collect()
        now = rss_mb()
        print(
            f"{number:4d} | cohorts   | {outcome['status']:9s} | {seconds:7.2f} | {now:6.0f} | "
            f"{(now / start - 1) * 100:+.1f}%"
        )


if __name__ == "__main__":
    main()
