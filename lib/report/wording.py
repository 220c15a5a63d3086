"""How a card, a slide and presentation mode say a block's figures, in English or Hindi: the
headline figures with their changes, and the source line."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.exports import figure
from lib.i18n import day, tr
from lib.periods import label
from lib.report.content import BlockCard, Review

SOURCE = (
    "Ranking: official default method (NITI's Most Balanced Performer), among aspirational blocks. Status "
    "and trend: the Block profile's rules (gap to target in points; slope of the last 12 reports). "
    "Units: LGD register (GODL-India)."
)


def source_line(review: Review, lang: str) -> str:
    """The source line of a card or a slide: the demo warning, when and by what it was made, the methods."""
    demo = tr(lang, "Synthetic demo data, not real ABP figures.") + " " if review.is_demo else ""
    made = tr(lang, "Made {date} by the ABP dashboard.", date=day(date.today()))
    return tr(lang, "Source: {text}", text=f"{demo}{made} {tr(lang, SOURCE)}")


def _places(change: float, since: str, lang: str) -> str:
    if pd.isna(change):
        return tr(lang, "no rank in {since}", since=since) if since else tr(lang, "no earlier rank")
    if change == 0:
        return tr(lang, "unchanged since {since}", since=since)
    places = abs(int(change))
    if change > 0:
        template = "up {places} place since {since}" if places == 1 else "up {places} places since {since}"
    else:
        template = "down {places} place since {since}" if places == 1 else "down {places} places since {since}"
    return tr(lang, template, places=places, since=since)


def headline_figures(card: BlockCard, review: Review, lang: str = "en") -> list[tuple[str, str, str]]:
    """(name, value, note) of a card's headline figures in ``lang``, also shown on the deck's block
    slides and in presentation mode: composite, rank, delta rank (each with its change since the
    last meeting), data completeness and the latest report. An unranked block says why."""
    block, last = card.block, label(review.previous) if review.previous else ""
    ranked, since_baseline = review.ranked, label(review.baseline)
    reported = tr(
        lang,
        "{present} of {included} indicators reported",
        present=int(block.indicators_present),
        included=int(block.indicators_included),
    )
    if pd.isna(block["rank"]):
        composite = (tr(lang, "Composite score"), "–", tr(lang, "not ranked this period"))
        rank = (
            tr(lang, "All-India rank"),
            tr(lang, "not ranked"),
            tr(
                lang,
                "more than {share} of indicators missing ({reported})",
                share=f"{review.params.max_missing_share:.0%}",
                reported=reported,
            ),
        )
    else:
        changes = [tr(lang, "{change} since {period}", change=figure(block.composite_change, sign=True), period=last)]
        changes = changes if review.previous else []
        if "delta" in block and review.baseline != review.previous:  # survey rounds: the same period, once
            changes.append(
                tr(lang, "{change} since {period}", change=figure(block.delta, sign=True), period=since_baseline)
            )
        composite = (tr(lang, "Composite score"), figure(block.composite), "; ".join(changes))
        rank_text = tr(lang, "{rank} of {ranked}", rank=int(block["rank"]), ranked=ranked)
        rank = (tr(lang, "All-India rank"), rank_text, _places(block.rank_change, last, lang))
    delta_rank = block.get("delta_rank")
    return [
        composite,
        rank,
        (
            tr(lang, "Delta rank (progress since {baseline})", baseline=since_baseline),
            "–" if pd.isna(delta_rank) else tr(lang, "{rank} of {ranked}", rank=int(delta_rank), ranked=ranked),
            "" if pd.isna(delta_rank) else _places(block.get("delta_rank_change"), last, lang),
        ),
        (
            tr(lang, "Data completeness"),
            "–" if np.isnan(card.completeness) else f"{card.completeness:.0%}",
            reported,
        ),
        (
            tr(lang, "Latest report"),
            label(card.latest_report) if card.latest_report else "–",
            tr(lang, "data loaded {date}", date=day(review.data_date)) if review.data_date else "",
        ),
    ]
