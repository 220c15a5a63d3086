"""Block profile: server time for a rerun after choosing a block (issue 5 target <= 500 ms at ABP scale).

Times the block-specific work the page does on the first visit to a block (everything that
does not depend on the block, such as the ranking table and indicator matrices, is cached
per period and shared). Prints figures; asserts nothing. The whole page script, measured
with AppTest over 13 blocks, took 263-443 ms (median 367 ms).

    python tests/benchmarks/bench_profile.py [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from lib import charts, peers, profile, rank_advice  # noqa: E402
from lib.db import connect  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.scoring import service  # noqa: E402
from lib.scoring.matrix import analysis_units, load_matrix  # noqa: E402
from lib.scoring.params import RankingParams, official_default  # noqa: E402

PERIOD, BASELINE = date(2026, 8, 1), date(2025, 8, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(args.db) if args.db else Path(build_demo(Path(folder) / "asp.duckdb")["path"])
        with connect(db, read_only=True) as con:
            units = analysis_units(con)
            table = service.ranking_table(con, official_default(PERIOD, BASELINE), units)  # shared, cached in the app
            current, before = (
                load_matrix(con, PERIOD, "aspirational", units),
                load_matrix(con, BASELINE, "aspirational", units),
            )
            catalogue = con.execute("SELECT * FROM indicators").df()
            blocks = units.loc[units.aspirational, "unit_id"].sample(10, random_state=1).tolist()
            timings = {
                "indicator table": [],
                "trend series + faceted chart (one theme)": [],
                "theme comparison": [],
                "peers (same district)": [],
                "what would it take": [],
                "total": [],
            }
            for block_id in blocks:
                started = time.perf_counter()
                for name, work in (
                    ("indicator table", lambda: profile.indicator_table(con, block_id, PERIOD, BASELINE)),
                    (
                        "trend series + faceted chart (one theme)",
                        lambda: charts.theme_trends_chart(
                            profile.block_series_many(con, block_id, list(catalogue.indicator_id[:7])), {}, [], "trends"
                        ).to_dict(),
                    ),
                    ("theme comparison", lambda: profile.theme_comparison(table, block_id)),
                    (
                        "peers (same district)",
                        lambda: peers.peer_positions(
                            current, before, catalogue, block_id, peers.same_district(units, block_id)
                        ),
                    ),
                    (
                        "what would it take",
                        lambda: rank_advice.marginal_gains(current, RankingParams(period=PERIOD), block_id, catalogue),
                    ),
                ):
                    step = time.perf_counter()
                    work()
                    timings[name].append(time.perf_counter() - step)
                timings["total"].append(time.perf_counter() - started)
    print("Block profile, first visit to a block, 500-block demo (median over 10 blocks):")
    for name, values in timings.items():
        print(f"  {name}: {statistics.median(values) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
