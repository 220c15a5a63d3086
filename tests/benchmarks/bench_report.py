"""Review material: time at ABP scale (issue 18 targets: a report card <= 2 s per block; a district's
cards, up to 25 blocks, <= 20 s; a district deck <= 15 s).

Prints wall times (median of ``--repeats``) for: the period's review (rankings now and at the last
meeting, shared by everything below); one block's card; the cards of the largest district and of
25 blocks in one PDF (no demo district has 25 aspirational blocks: the first 25 of the largest
state stand in); the largest district's deck and the largest state's deck. Writes the samples to
``tests/artifacts/review/`` (the README's sample card and deck). Asserts nothing.

    python tests/benchmarks/bench_report.py [--db PATH] [--repeats 3]
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
from lib.report import card_pdf, content, deck  # noqa: E402

SAMPLES = PROJECT / "tests" / "artifacts" / "review"


def _timed(make, repeats: int):
    seconds, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = make()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), min(seconds), max(seconds), result


def _report(title: str, timing, size: str = "") -> None:
    median, low, high, _ = timing
    print(f"{title}: median {median:.2f} s (min {low:.2f}, max {high:.2f}){size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing demo database (default: build one in a temporary folder)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    SAMPLES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "bench.duckdb"
        if not args.db:
            build_demo(path)
        with connect(path, read_only=True) as con:
            timing = _timed(lambda: content.review(con), args.repeats)
            _report("Review of the period (shared by cards and decks)", timing)
            review = timing[3]
            table = review.table.sort_values("rank")
            district = table.district_id.value_counts().index[0]
            state = table.state_id.value_counts().index[0]
            in_district = content.ranked_blocks(review, district=district).unit_id.tolist()
            twenty_five = content.ranked_blocks(review, state=state).unit_id.head(25).tolist()
            cases = (
                ("One report card", lambda: card_pdf.cards_pdf(con, review, in_district[:1]), "card.pdf"),
                (
                    f"Cards of the largest district ({len(in_district)} blocks)",
                    lambda: card_pdf.cards_pdf(con, review, in_district),
                    "district_cards.pdf",
                ),
                ("Cards of 25 blocks in one PDF", lambda: card_pdf.cards_pdf(con, review, twenty_five), None),
                (
                    f"Deck of the largest district ({len(in_district)} blocks)",
                    lambda: deck.district_deck(con, review, district),
                    "district_deck.pptx",
                ),
                (
                    f"Deck of the largest state ({review.table.state_id.eq(state).sum()} blocks, "
                    f"{review.table[review.table.state_id == state].district_id.nunique()} districts)",
                    lambda: deck.state_deck(con, review, state),
                    "state_deck.pptx",
                ),
            )
            for title, make, sample in cases:
                timing = _timed(make, args.repeats)
                _report(title, timing, f", {len(timing[3]) / 1e3:.0f} kB")
                if sample:
                    (SAMPLES / sample).write_bytes(timing[3])
    print(f"Samples written to {SAMPLES}")


if __name__ == "__main__":
    main()
