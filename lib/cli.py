"""Command line over the same lib functions the pages use: ``python -m lib --help``."""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

from lib import db, overview, queries
from lib.catalogue import load_catalogue
from lib.config import CATALOGUE_CSV, db_path
from lib.demo.build import DEFAULT_SEED, SCALES, build_demo
from lib.errors import InputError
from lib.periods import label, parse_period


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def cmd_demo(args) -> int:
    started = time.perf_counter()
    summary = build_demo(args.db, scale=args.scale, seed=args.seed, progress=_progress)
    print(f"Built the synthetic demo ({args.scale}, seed {args.seed}) at {summary['path']} "
          f"in {time.perf_counter() - started:.1f} s: {summary['blocks']} blocks "
          f"({summary['aspirational_blocks']} aspirational) in {summary['districts']} districts, "
          f"{summary['observations']:,} observations, {summary['bytes'] / 1e6:.1f} MB.")
    return 0


def _label_or_none(period) -> str:
    return label(period) if period else "none yet"


def cmd_info(args) -> int:
    with db.connect(args.db, read_only=True) as con:
        db.require_data(con, db_path(args.db))
        facts = queries.dataset_summary(con)
        counts = {table: con.execute("SELECT count(*) FROM " + table).fetchone()[0] for table in db.TABLES}
    kind = "SYNTHETIC DEMO DATA" if facts["is_demo"] else facts["meta"].get("dataset_kind", "loaded data")
    print(f"{db_path(args.db)}: {kind}")
    print(f"  {facts['aspirational_blocks']} aspirational blocks in {facts['districts']} districts, "
          f"{facts['states']} states/UTs ({facts['all_blocks']} blocks with boundaries)")
    print(f"  periods {label(facts['first_period'])} to {label(facts['last_period'])}; "
          f"latest with >= 75% of monthly reports: {_label_or_none(facts['latest_complete_period'])}")
    for table, count in counts.items():
        print(f"  {table:<20} {count:>10,} rows")
    return 0


def cmd_overview(args) -> int:
    with db.connect(args.db, read_only=True) as con:
        db.require_data(con, db_path(args.db))
        available = queries.periods(con)
        period = parse_period(args.period) if args.period else (queries.latest_complete_period(con) or available[-1])
        if period not in available:
            raise ValueError(f"no data for {label(period)}; the database covers "
                             f"{label(available[0])} to {label(available[-1])}")
        blocks = queries.aspirational_blocks(con)
        cat = queries.catalogue(con)
        scores = overview.with_names(overview.provisional_scores(queries.asof_values(con, period), cat), blocks)
    if args.state:
        scores = scores[(scores.state_id == args.state) | (scores.state.str.lower() == args.state.lower())]
        if scores.empty:
            raise ValueError(f"no aspirational blocks in state {args.state!r}; use a state name or id such as S09")
    if args.out:
        scores.to_csv(args.out, index=False)
        print(f"Wrote {len(scores)} rows to {args.out}")
    top, bottom = overview.top_and_bottom(scores)
    columns = ["rank", "block", "district", "state", "composite"]
    with pd.option_context("display.width", 160, "display.precision", 1):
        print(f"Provisional composite, {label(period)} (all-India ranks among aspirational blocks)\n")
        print("Top 10\n" + top[columns].to_string(index=False) + "\n\nBottom 10\n" + bottom[columns].to_string(index=False))
    return 0


def cmd_catalogue(args) -> int:
    with db.connect(args.db) as con:
        count = load_catalogue(con, args.file)
    print(f"Loaded {count} indicators from {args.file} into {db_path(args.db)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib", description="ABP dashboard data tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the synthetic demo database")
    demo.add_argument("--scale", choices=SCALES, default="aspirational",
                      help="series for the 500 aspirational blocks (default) or all ~7,000 blocks")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    demo.set_defaults(run=cmd_demo)

    info = sub.add_parser("info", help="describe the database: what is loaded, periods, row counts")
    info.set_defaults(run=cmd_info)

    over = sub.add_parser("overview", help="provisional composite: top and bottom 10 blocks")
    over.add_argument("--period", help="YYYY-MM (default: latest period with >= 75%% of reports)")
    over.add_argument("--state", help="state name or id (e.g. Bihar or S10)")
    over.add_argument("--out", help="write every block's scores to this CSV")
    over.set_defaults(run=cmd_overview)

    cat = sub.add_parser("catalogue", help="reload an edited indicator catalogue CSV")
    cat.add_argument("--file", default=str(CATALOGUE_CSV), help="catalogue CSV (default data/indicators.csv)")
    cat.set_defaults(run=cmd_catalogue)

    for command in (demo, info, over, cat):
        command.add_argument("--db", help="database file (default: $ABP_DB or data/abp.duckdb)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (InputError, ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
