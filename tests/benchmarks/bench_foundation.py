"""Foundation benchmarks: demo build time and size, query times, app cold start.

Run from the project root:  python tests/benchmarks/bench_foundation.py [--all-india] [--no-browser]
Prints figures; asserts nothing (targets are judged by people, on this machine).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import overview, queries  # noqa: E402
from lib.db import connect  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.scoring import service  # noqa: E402
from lib.scoring.params import RankingParams  # noqa: E402
from support import CHROMIUM_ARGS, median_ms, streamlit_server  # noqa: E402


def bench_build(workdir: Path, scale: str, repeats: int) -> Path:
    seconds = []
    for attempt in range(repeats):
        path = workdir / f"{scale}-{attempt}.duckdb"
        summary = build_demo(path, scale=scale)
        seconds.append(summary["seconds"])
    print(
        f"demo build ({scale}): median {statistics.median(seconds):.1f} s over {repeats} "
        f"(runs: {', '.join(f'{s:.1f}' for s in seconds)}); DB {summary['bytes'] / 1e6:.1f} MB; "
        f"{summary['observations']:,} observations for {summary['blocks']:,} blocks"
    )
    return path


def bench_queries(path: Path, scope: str) -> None:
    with connect(path, read_only=True) as con:
        period = queries.latest_complete_period(con)
        params = RankingParams(period=period, baseline=overview.year_before(period), scope=scope)
        print(f"  dataset_summary: median {median_ms(lambda: queries.dataset_summary(con)):.0f} ms")
        print(f"  asof_values: median {median_ms(lambda: queries.asof_values(con, period, scope != 'all')):.0f} ms")
        print(
            f"  ranking table with delta (Overview), scope {scope}: "
            f"median {median_ms(lambda: service.ranking_table(con, params)):.0f} ms"
        )


def bench_cold_start(db_file: Path, label: str) -> None:
    """Seconds from `streamlit run` to the Overview's tables visible in headless Chromium."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with streamlit_server(db_file) as (url, healthy), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "/")
        page.get_by_text("Top 10 blocks").wait_for(timeout=180_000)
        rendered = time.perf_counter() - started
        browser.close()
    print(f"app cold start ({label}): server healthy {healthy:.1f} s, Overview rendered {rendered:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all-india", action="store_true", help="also build the ~7,000-block scale")
    parser.add_argument("--no-browser", action="store_true", help="skip the cold-start measurement")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        demo = bench_build(workdir, "aspirational", args.repeats)
        bench_queries(demo, "aspirational")
        if args.all_india:
            bench_queries(bench_build(workdir, "all-india", 1), "all")
        if not args.no_browser and shutil.which("chromium"):
            bench_cold_start(demo, "existing demo database")
            bench_cold_start(workdir / "missing" / "abp.duckdb", "no database: builds the demo first")


if __name__ == "__main__":
    main()
