"""Pilot evaluation: time at ABP scale (issue 17 targets: the single default estimate <= 1 s; one full
evaluation of both cohorts, every design x estimator, <= 3 s on this machine's 2 cores).

For each case prints the wall and CPU time of ``evaluate(..., designs=False)`` (the
headline design only: panel, matching, every estimator, randomisation inference)
and of the full ``evaluate`` (the other two designs too), with the headline
design's steps, and the placebo checks. The first call in a process also pays
for pyfixest's one-off compilation, printed separately. Asserts nothing.

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
from lib.evaluation.service import evaluate, run_placebos  # noqa: E402
from lib.evaluation.spec import EvaluationSpec  # noqa: E402

CASES = (
    ("Phase I, matched (default)", ["jica_phase_1"], "matched", "sunab"),
    ("Phase I + II (staggered), matched (default)", ["jica_phase_1", "jica_phase_2"], "matched", "sunab"),
    ("Phase I + II (staggered), all, did2s headline", ["jica_phase_1", "jica_phase_2"], "all", "did2s"),
)


def _timed(run, repeats: int) -> tuple[list[float], list[float], object]:
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def _line(title: str, walls: list[float], cpus: list[float]) -> str:
    return (
        f"{title}: wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f}), "
        f"CPU median {statistics.median(cpus):.2f} s"
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
                walls, cpus, result = _timed(lambda spec=spec: evaluate(con, spec, designs=False), args.repeats)
                detail = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.seconds.items())
                print(f"{title}\n  {_line('default estimate only', walls, cpus)}; {detail}")
                walls, cpus, result = _timed(lambda spec=spec: evaluate(con, spec), args.repeats)
                print(
                    f"  {_line('full (3 designs x 4 estimators)', walls, cpus)}; {len(result.panel.frame):,} block-months"
                )
                walls, cpus, _ = _timed(
                    lambda spec=spec: run_placebos(con, spec, "diabetes_screening"), max(1, args.repeats // 2)
                )
                print(f"  {_line('placebo checks (both)', walls, cpus)}")


if __name__ == "__main__":
    main()
