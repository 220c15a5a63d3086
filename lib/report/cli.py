"""``python -m lib report card|deck``: report cards (PDF) and review decks (PPTX) from the command line."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from lib import db
from lib.config import db_path
from lib.i18n import LANGUAGES
from lib.periods import label, parse_period
from lib.report import card_pdf, content, deck


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder: a failed run leaves
    no half-written file, and an existing file is replaced only by a complete one."""
    target = require_out_folder(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def require_out_folder(path: str) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"--out {path}: folder {target.parent} does not exist; create it or choose another")
    return target


def _review(con, args) -> content.Review:
    require_out_folder(args.out)  # before any work
    db.require_data(con, db_path(args.db))
    return content.review(con, parse_period(args.period) if args.period else None)


def cmd_card(args) -> int:
    started = time.perf_counter()
    with db.connect(args.db, read_only=True) as con:
        review = _review(con, args)
        if args.block:
            block_ids = [content.block_id(review, args.block)]
        else:
            block_ids = list(content.ranked_blocks(review, district=content.district_id(review, args.district)).unit_id)
        pdf = card_pdf.cards_pdf(con, review, block_ids, progress=_progress, lang=args.lang)
    write_atomically(args.out, pdf)
    print(
        f"Wrote {len(block_ids)} report card(s) for {label(review.period)} to {args.out} "
        f"({len(pdf) / 1e3:.0f} kB) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def cmd_deck(args) -> int:
    started = time.perf_counter()
    with db.connect(args.db, read_only=True) as con:
        review = _review(con, args)
        if args.district:
            district = content.district_id(review, args.district)
            pptx = deck.district_deck(con, review, district, progress=_progress, lang=args.lang)
        else:
            pptx = deck.state_deck(
                con, review, content.state_id(review, args.state), progress=_progress, lang=args.lang
            )
    write_atomically(args.out, pptx)
    print(
        f"Wrote the review deck for {label(review.period)} to {args.out} ({len(pptx) / 1e3:.0f} kB) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def add_report_parser(sub) -> argparse.ArgumentParser:
    """The ``report`` command and its ``card`` and ``deck`` subcommands."""
    report = sub.add_parser("report", help="report cards (PDF) and review decks (PPTX) for the monthly review")
    kinds = report.add_subparsers(dest="kind", required=True)
    card = kinds.add_parser("card", help="block report cards, one A4 landscape page per block, as one PDF")
    who = card.add_mutually_exclusive_group(required=True)
    who.add_argument("--block", help="block unit id (e.g. B901946), LGD code or exact name")
    who.add_argument("--district", help="every aspirational block of this district (id such as D222, or name)")
    card.set_defaults(run=cmd_card)
    slides = kinds.add_parser("deck", help="a district's or a state's review deck (PowerPoint)")
    scope = slides.add_mutually_exclusive_group(required=True)
    scope.add_argument("--district", help="district id (e.g. D222) or name: one slide per block")
    scope.add_argument("--state", help="state id (e.g. S10) or name: one slide per district")
    slides.set_defaults(run=cmd_deck)
    for command in (card, slides):
        command.add_argument("--period", help="YYYY-MM (default: latest period with >= 75%% of reports)")
        command.add_argument("--out", required=True, help="the file to write (.pdf for cards, .pptx for decks)")
        command.add_argument("--lang", choices=list(LANGUAGES), default="en", help="en (default) or hi (Hindi)")
        command.add_argument("--db", help="database file (default: $ABP_DB or data/abp.duckdb)")
    return report
