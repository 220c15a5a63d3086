"""Pilot evaluation: time for one estimation at ABP scale (issue 6 target <= 2 s for 500 blocks x 45 months).

Runs ``lib.evaluation.service.evaluate`` (panel, matching when asked, TWFE, event
study, Sun-Abraham, naive; did2s when it is the headline) on the demo database
and prints the time of each step. The first call in a process also pays for
pyfixest's one-off compilation, printed separately. Asserts nothing.

    python tests/benchmarks/bench_evaluation.py [--db PATH] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from lib.db import connect  # noqa: E402
from lib.demo.build import build_demo  # noqa: E402
from lib.evaluation.cohorts import find_cohorts  # noqa: E402
from lib.evaluation.service import evaluate  # noqa: E402
from lib.evaluation.spec import EvaluationSpec  # noqa: E402

CASES = (
    ("Phase I, all comparison blocks", ["jica_phase_1"], "all", "sunab"),
    ("Phase I, matched", ["jica_phase_1"], "matched", "sunab"),
    ("Phase I + II (staggered), all", ["jica_phase_1", "jica_phase_2"], "all", "sunab"),
    ("Phase I + II (staggered), matched", ["jica_phase_1", "jica_phase_2"], "matched", "sunab"),
    ("Phase I + II (staggered), all, did2s headline", ["jica_phase_1", "jica_phase_2"], "all", "did2s"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing demo database (default: build one in a temporary folder)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "bench.duckdb"
        if not args.db:
            build_demo(path)
        with connect(path, read_only=True) as con:
            blocks, months = con.execute(
                "SELECT count(DISTINCT unit_id), count(DISTINCT period) FROM observations"
            ).fetchone()
            print(f"Database: {blocks} blocks with data x {months} months")
            spec = EvaluationSpec(find_cohorts(con, ["jica_phase_1"]), "anc_first_trimester")
            started = time.perf_counter()
            evaluate(con, spec)
            print(
                f"First estimation in this process (includes pyfixest's one-off compilation): "
                f"{time.perf_counter() - started:.2f} s"
            )
            for title, cohorts, comparison, estimator in CASES:
                spec = EvaluationSpec(
                    find_cohorts(con, cohorts), "anc_first_trimester", comparison=comparison, estimator=estimator
                )
                totals, steps = [], []
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    result = evaluate(con, spec)
                    totals.append(time.perf_counter() - started)
                    steps.append(result.seconds)
                median_steps = {k: statistics.median(s[k] for s in steps) for k in steps[0]}
                detail = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in median_steps.items())
                print(
                    f"{title}: median {statistics.median(totals):.2f} s (min {min(totals):.2f}, max {max(totals):.2f}); "
                    f"{len(result.panel.frame):,} block-months; {detail}"
                )


if __name__ == "__main__":
    main()
