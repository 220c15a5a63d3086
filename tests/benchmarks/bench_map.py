"""Map benchmarks (issue 4 budgets), printed, not asserted.

Budgets: deck spec <= 1 MB for the 500 aspirational blocks and <= 3 MB at
all-India scale; server rebuild after a measure change <= 300 ms (ABP) and
<= 1 s (all-India); page load to painted map in headless Chromium: reported.

    python tests/benchmarks/bench_map.py [--db PATH] [--all-india-db PATH] [--no-browser]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import boundaries  # noqa: E402
from lib.db import connect  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.maps import geometry, measures  # noqa: E402
from lib.maps.view import build_map  # noqa: E402
from lib.scoring import service  # noqa: E402
from lib.scoring.matrix import analysis_units, load_matrix  # noqa: E402
from lib.scoring.params import official_default  # noqa: E402
from support import CHROMIUM_ARGS, median_ms, streamlit_server  # noqa: E402

PERIOD, BASELINE = date(2026, 8, 1), date(2025, 8, 1)


def bench_server(db: Path, label: str) -> None:
    with connect(db, read_only=True) as con:
        units = analysis_units(con)
        started = time.perf_counter()
        levels = {lv: boundaries.read_boundaries(con, lv) for lv in ("block", "district", "state")}
        prepared = {detail: geometry.prepare(levels, units, detail) for detail in geometry.DETAIL}
        prepare_s = time.perf_counter() - started
        params = official_default(PERIOD, BASELINE)
        table = service.ranking_table(con, params, units)
        matrix = load_matrix(con, PERIOD, params.scope, units)
        options = measures.measure_options(con.execute("SELECT * FROM indicators").df())
        loaded = {row[0] for row in con.execute("SELECT DISTINCT unit_id FROM observations").fetchall()}
    print(f"{label}: geometry prepared once for 3 detail levels in {prepare_s:.1f} s")
    cycle = iter(options * 50)
    for scope, state_id, district_id in (
        ("all of India", None, None),
        ("Bihar", "S10", None),
        ("one district", "S10", "D236"),
    ):
        detail = "district" if district_id else ("state" if state_id else "india")
        build = lambda: build_map(
            prepared[detail],
            table,
            matrix,
            next(cycle),
            "quantiles",
            5,
            "2026-08",  # noqa: E731
            loaded,
            state_id,
            district_id,
        )
        view = build_map(
            prepared[detail], table, matrix, options[0], "quantiles", 5, "2026-08", loaded, state_id, district_id
        )
        print(
            f"  {scope}: outlines {view.scope.bytes / 1e6:.2f} MB, once ({len(view.scope.parts):,} coloured parts, "
            f"{len(view.scope.other_blocks):,} grey parts); style {view.style_bytes / 1e3:.0f} kB per change; "
            f"rebuild after a measure change: median {median_ms(build, 10):.0f} ms"
        )


def bench_browser(db: Path, label: str) -> None:
    """Seconds from opening /map (server warm) to a painted deck.gl canvas."""
    import io

    import numpy as np
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with streamlit_server(db) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for attempt in ("cold (first map request prepares geometry)", "warm"):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            page.goto(url + "/map")
            canvas = page.frame_locator("iframe[title='lib.ui.block_map.abp_block_map']").locator("canvas#abp-map")
            canvas.wait_for(timeout=180_000)
            while np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("L"), dtype=float).std() <= 10:
                pass  # painted = the canvas is no longer uniform
            print(f"  {label}, {attempt}: page load to painted map {time.perf_counter() - started:.1f} s")
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db")
    parser.add_argument("--all-india-db")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = Path(args.db) if args.db else Path(build_demo(Path(folder) / "asp.duckdb")["path"])
        large = (
            Path(args.all_india_db)
            if args.all_india_db
            else Path(build_demo(Path(folder) / "all.duckdb", scale="all-india")["path"])
        )
        for db, label in (
            (small, "ABP scale (500 blocks with data)"),
            (large, "all-India scale (6,999 blocks with data)"),
        ):
            bench_server(db, label)
            if not args.no_browser and shutil.which("chromium"):
                bench_browser(db, label)


if __name__ == "__main__":
    main()
