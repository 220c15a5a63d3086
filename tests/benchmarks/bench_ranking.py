"""Ranking engine benchmarks (issue 3 targets), printed, not asserted.

Targets on a 2-core machine: re-ranking after a weight change <= 5 ms for 500
blocks and <= 20 ms for ~7,000 blocks x ~40 indicators; a Monte Carlo of
1,000 weight draws <= 1 s at ~7,000 blocks.

Run from the project root:
    python tests/benchmarks/bench_ranking.py [--all-india-db PATH]
Without --all-india-db it builds the all-India demo in a temporary folder (~20 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from lib.db import connect  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.scoring import load_matrix, rank_units  # noqa: E402
from lib.scoring.engine import min_rank, prepare, score  # noqa: E402
from lib.scoring.params import GROUPS, RankingParams  # noqa: E402
from lib.scoring.uncertainty import method_alternatives, monte_carlo  # noqa: E402
from support import median_ms  # noqa: E402

PERIOD = date(2026, 8, 1)


def bench(db: Path, scope: str, label: str) -> None:
    with connect(db, read_only=True) as con:
        started = time.perf_counter()
        matrix = load_matrix(con, PERIOD, scope)
        pull_ms = (time.perf_counter() - started) * 1000
    params = RankingParams(period=PERIOD, scope=scope)
    prepared = prepare(matrix, params)
    rng = np.random.default_rng(1)
    weight_sets = [
        params.with_weights(dict(zip(GROUPS, rng.uniform(0.5, 2.0, len(GROUPS)), strict=True))) for _ in range(200)
    ]
    cycle = iter(weight_sets * 10)

    def rerank():
        _, composite = score(prepared, next(cycle))
        min_rank(composite)

    print(
        f"{label}: {matrix.values.shape[0]:,} blocks x {matrix.values.shape[1]} indicators "
        f"(matrix pulled from DuckDB once in {pull_ms:.0f} ms)"
    )
    print(f"  re-rank after a weight change (aggregate + rank): median {median_ms(rerank, 200):.2f} ms")
    print(
        f"  same plus the full results table: median {median_ms(lambda: rank_units(matrix, next(cycle), prepared), 20):.1f} ms"
    )
    print(
        f"  normalisation (only when method, inclusion or period change): median {median_ms(lambda: prepare(matrix, params), 20):.1f} ms"
    )
    mc_ms = median_ms(lambda: monte_carlo(matrix, params, draws=1000, perturbation=0.25), 3)
    print(f"  Monte Carlo, 1,000 weight draws (+/-25%): median {mc_ms / 1000:.2f} s")
    mixed_ms = median_ms(lambda: monte_carlo(matrix, params, draws=1000, methods=method_alternatives(params)), 3)
    print(f"  Monte Carlo, 1,000 draws over weights and 7 method choices: median {mixed_ms / 1000:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--all-india-db", help="an existing all-India demo database (python -m lib demo --scale all-india)"
    )
    parser.add_argument("--db", help="the 500-block demo database (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = Path(args.db) if args.db else Path(build_demo(Path(folder) / "asp.duckdb")["path"])
        bench(small, "aspirational", "500 aspirational blocks")
        large = (
            Path(args.all_india_db)
            if args.all_india_db
            else Path(build_demo(Path(folder) / "all.duckdb", scale="all-india")["path"])
        )
        bench(large, "all", "all-India")


if __name__ == "__main__":
    main()
