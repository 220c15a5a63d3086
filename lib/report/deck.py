"""Review decks as PowerPoint (python-pptx): a district's blocks, or a state's districts, for the
monthly review meeting, in English or Hindi. 16:9 slides; charts are the pages' Altair charts
rendered offline at projector resolution; every table is a real, editable PowerPoint table.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import altair as alt
import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches

from lib import charts, profile
from lib.exports import figure
from lib.i18n import indicator_names, tr
from lib.periods import label
from lib.report import content, wording
from lib.report.content import Review
from lib.report.slides import GREY, INK, WHITE, cell, picture, style_runs, styled, table, text_box

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
DEMO_ORANGE = RGBColor(0xE6, 0x51, 0x00)
GOOD, BAD = RGBColor(0x2E, 0x7D, 0x32), RGBColor(0xC6, 0x28, 0x28)
ACTION_ROWS = 6


class _Deck:
    """A presentation in one language with the furniture every slide shares (title, demo badge, source)."""

    def __init__(self, review: Review, lang: str):
        self.review, self.lang = review, lang
        self.names = indicator_names(review.catalogue, lang)
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)

    def tr(self, template: str, /, **values) -> str:
        return tr(self.lang, template, **values)

    @property
    def since(self) -> str:
        return label(self.review.previous) if self.review.previous else self.tr("the last meeting")

    def slide(self, title: str, subtitle: str = ""):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        text_box(slide, 0.5, 0.3, SLIDE_W - 1.0, 0.7, title, 30, bold=True)
        if subtitle:
            text_box(slide, 0.5, 0.95, SLIDE_W - 1.0, 0.45, subtitle, 16, colour=GREY)
        if self.review.is_demo:
            badge = text_box(slide, SLIDE_W - 5.0, 0.12, 4.6, 0.4, self.tr("SYNTHETIC DEMO DATA: not real figures"), 13)
            badge.fill.solid()
            badge.fill.fore_color.rgb = DEMO_ORANGE
            style_runs(badge, colour=WHITE, bold=True)
        footer = wording.source_line(self.review, self.lang)
        text_box(slide, 0.5, SLIDE_H - 0.45, SLIDE_W - 1.0, 0.35, footer, 9, colour=GREY)
        slide.notes_slide.notes_text_frame.text = footer
        return slide

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _places(change) -> str:
    return "–" if pd.isna(change) else ("±0" if change == 0 else f"{int(change):+d}")


def _whole(value) -> str:
    return "–" if pd.isna(value) else str(int(value))


# ------------------------------------------------------------------ slides shared by both decks


def ranked_block_rows(blocks: pd.DataFrame, deck: _Deck) -> pd.DataFrame:
    """The ranked-blocks table as a slide shows it (text cells)."""
    rows = pd.DataFrame(
        {
            deck.tr("All-India rank"): [_whole(r) for r in blocks["rank"]],
            deck.tr("Block"): blocks.unit_name.astype(str),
            deck.tr("Composite"): [figure(v) for v in blocks.composite],
            deck.tr("Change since {period}", period=deck.since): [
                figure(v, sign=True) for v in blocks.composite_change
            ],
            deck.tr("Rank change (places)"): [_places(v) for v in blocks.rank_change],
        }
    )
    if "delta_rank" in blocks:  # no baseline period loaded: no delta ranking
        rows[deck.tr("Delta rank")] = [_whole(r) for r in blocks.delta_rank]
    return rows


def _lagging_slide(deck: _Deck, unit_ids, scope: str) -> pd.DataFrame:
    lagging = content.lagging_indicators(deck.review, unit_ids)
    slide = deck.slide(
        deck.tr("Where the blocks of {scope} lag most", scope=scope),
        deck.tr(
            "Average points short of target (0 once reached), against the same average over all aspirational blocks"
        ),
    )
    rows = pd.DataFrame(
        {
            deck.tr("Indicator"): lagging.indicator_id.map(deck.names),
            deck.tr("{scope}: points short", scope=scope): [figure(v) for v in lagging.scope_gap],
            deck.tr("All ABP blocks: points short"): [figure(v) for v in lagging.abp_gap],
            deck.tr("Blocks reporting"): lagging.blocks_reporting.astype(str),
        }
    )
    if rows.empty:
        text_box(slide, 0.5, 1.8, 12, 1, deck.tr("Every indicator the blocks report has reached its target."), 20)
    else:
        table(slide, rows, 0.5, 1.6, 12.3, widths=[4, 2, 2, 1.5], size=16, row_h=0.5)
    return lagging


def _movers_slide(deck: _Deck, unit_ids) -> None:
    review = deck.review
    slide = deck.slide(
        deck.tr("Biggest moves since {period}", period=deck.since),
        deck.tr("Largest improvements and setbacks on single indicators (as-of values, clipped to the valid range)"),
    )
    movers = content.biggest_movers(review, unit_ids)
    if movers.empty:
        text_box(slide, 0.5, 1.8, 12, 1, deck.tr("No indicator value changed since {period}.", period=deck.since), 20)
        return
    rows = pd.DataFrame(
        {
            deck.tr("Block"): movers.unit_name.astype(str),
            deck.tr("Indicator"): movers.indicator_id.map(deck.names),
            deck.since: [figure(v) for v in movers.before],
            label(review.period): [figure(v) for v in movers.now],
            deck.tr("Change (good direction)"): [figure(v, sign=True) for v in movers.gain],
        }
    )
    grid = table(slide, rows, 0.5, 1.6, 12.3, widths=[3, 4, 1.3, 1.3, 2], size=14, row_h=0.42)
    for i, gain in enumerate(movers.gain, start=1):
        cell(grid.cell(i, 4), rows.iloc[i - 1, 4], 14, bold=True, colour=GOOD if gain > 0 else BAD)


def _action_slide(deck: _Deck, lagging: pd.DataFrame) -> None:
    slide = deck.slide(
        deck.tr("Actions agreed"), deck.tr("One row per action: what, who, by when. Review at the next meeting.")
    )
    names = list(lagging.indicator_id.map(deck.names).head(ACTION_ROWS))
    rows = pd.DataFrame(
        {
            deck.tr("Indicator"): names + [""] * (ACTION_ROWS - len(names)),
            deck.tr("Action"): "",
            deck.tr("Owner"): "",
            deck.tr("Deadline"): "",
        }
    )
    table(slide, rows, 0.5, 1.6, 12.3, widths=[3, 5, 2, 1.5], size=16, row_h=0.62)


def _title_slide(deck: _Deck, title: str, count: int) -> None:
    review = deck.review
    slide = deck.slide(title)
    period = deck.tr(
        "Period {period} (baseline {baseline})", period=label(review.period), baseline=label(review.baseline)
    )
    if review.previous:
        period = deck.tr(
            "Period {period} (baseline {baseline}; last meeting {previous})",
            period=label(review.period),
            baseline=label(review.baseline),
            previous=label(review.previous),
        )
    lines = [
        deck.tr("Monthly review of {count} aspirational blocks", count=count),
        period,
        deck.tr("Official default ranking among {ranked} ranked blocks", ranked=review.ranked),
    ]
    text_box(slide, 0.5, 2.3, 12.3, 2.5, "\n".join(lines), 24)


# ------------------------------------------------------------------ the district deck


def _block_slide(deck: _Deck, card: content.BlockCard) -> None:
    card = content.named(card, deck.names)
    review, block = deck.review, card.block
    rank = (
        deck.tr("not ranked")
        if pd.isna(block["rank"])
        else deck.tr("rank {rank} of {ranked}", rank=int(block["rank"]), ranked=review.ranked)
    )
    slide = deck.slide(f"{block.unit_name}: {rank}", f"{block.district}, {block.state} · {label(review.period)}")
    _figures_box(slide, wording.headline_figures(card, review, deck.lang))
    chart = charts.for_slide(charts.theme_comparison_chart(card.themes, str(block.unit_name), deck.lang))
    picture(slide, chart, 6.5, 1.45, 6.4, 2.95)
    lights = card.indicators.dropna(subset=["gap"]).sort_values(["gap", "short_name"], ascending=[False, True])
    lights = lights.head(5)
    rows = pd.DataFrame(
        {
            deck.tr("Furthest from target"): lights.short_name.astype(str),
            deck.tr("Value"): [figure(v) for v in lights.value],
            deck.tr("Target"): [figure(v, 0) for v in lights.target],
            deck.tr("Status"): [deck.tr(status) for status in lights.status],
            deck.tr("Trend"): [deck.tr(trend) for trend in lights.trend],
        }
    )
    grid = table(slide, rows, 0.5, 4.5, 8.4, widths=[3.3, 1, 1.2, 2.4, 2.3], size=13, row_h=0.36)
    for i, status in enumerate(lights.status, start=1):
        fill = RGBColor.from_string(profile.STATUS_COLOURS.get(status, "#eeeeee").lstrip("#"))
        cell(grid.cell(i, 3), deck.tr(status), 13, fill=fill)
    plan = deck.tr("What would it take: {plan}", plan=card.plan(deck.lang, deck.names))
    text_box(slide, 9.1, 4.5, 3.8, 2.4, plan, 13)


def _figures_box(slide, figures: list[tuple[str, str, str]]) -> None:
    """Headline figures: the name and the value in bold on one line, the note in grey below it."""
    box = slide.shapes.add_textbox(Inches(0.5), Inches(1.45), Inches(5.8), Inches(2.9))
    frame = box.text_frame
    frame.word_wrap = True
    first = True
    for name, value, note in figures:
        for parts in (((f"{name}: ", 14, False, GREY), (value, 18, True, INK)), ((note, 11, False, GREY),)):
            paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            for text, size, bold, colour in parts:
                run = paragraph.add_run()
                run.text = text
                styled(run, size, bold, colour)


def district_deck(
    con, review: Review, district_id: str, progress: Callable[[float, str], None] | None = None, lang: str = "en"
) -> bytes:
    """The review deck of a district in ``lang``: title, blocks ranked, one slide per block, where
    the blocks lag most, the month's biggest moves and an action table to fill in."""
    blocks = content.ranked_blocks(review, district=district_id)
    if blocks.empty:
        raise ValueError(f"district {district_id!r} has no aspirational block in the {label(review.period)} ranking")
    deck = _Deck(review, lang)
    district = blocks.district.iloc[0]
    _title_slide(deck, deck.tr("District review: {name}", name=f"{district}, {blocks.state.iloc[0]}"), len(blocks))
    slide = deck.slide(
        deck.tr("Blocks ranked"),
        deck.tr(
            "All-India rank among aspirational blocks, {period}; change since {since}",
            period=label(review.period),
            since=deck.since,
        ),
    )
    widths = [1.4, 3.3, 1.5, 2, 1.8, 1.3]
    table(slide, ranked_block_rows(blocks, deck), 0.5, 1.6, 12.3, widths=widths, size=16, row_h=0.5)
    for i, block_id in enumerate(blocks.unit_id):
        if progress:
            message = deck.tr(
                "Slide for {name} ({number} of {count})", name=blocks.unit_name.iloc[i], number=i + 1, count=len(blocks)
            )
            progress(i / (len(blocks) + 1), message)
        _block_slide(deck, content.block_card(con, review, block_id))
    _closing_slides(deck, blocks.unit_id, district)
    if progress:
        progress(1.0, deck.tr("Deck ready"))
    return deck.save()


def _closing_slides(deck: _Deck, unit_ids, scope: str) -> None:
    lagging = _lagging_slide(deck, unit_ids, scope)
    _movers_slide(deck, unit_ids)
    _action_slide(deck, lagging)


# ------------------------------------------------------------------ the state deck


def _district_slide(deck: _Deck, row, blocks: pd.DataFrame) -> None:
    review = deck.review
    slide = deck.slide(
        deck.tr(
            "{district}: {count} blocks, mean composite {composite}",
            district=row.district,
            count=len(blocks),
            composite=figure(row.composite),
        ),
        deck.tr(
            "Change since {period}: {change} points (mean of its blocks)",
            period=deck.since,
            change=figure(row.composite_change, sign=True),
        ),
    )
    shown = ranked_block_rows(blocks, deck).iloc[:, :5]
    table(slide, shown, 0.5, 1.6, 6.5, widths=[1.1, 2.2, 1.6, 1.6, 1.5], size=13, row_h=0.42)
    shown_ids = blocks.unit_id.head(6)
    scores = profile.compare_theme_scores(review.table, shown_ids).dropna(subset=["score"])
    if scores.empty:  # nothing reported this period: no chart to draw
        text_box(slide, 7.2, 1.6, 5.7, 1.0, deck.tr("No theme scores this period: its blocks reported no values."), 16)
        return
    scores["label"] = [deck.tr(theme) for theme in scores.label]
    bars = charts.compare_themes_chart(scores, deck.lang).properties(height=alt.Step(max(10, 42 // len(shown_ids))))
    picture(slide, charts.for_slide(bars, width=440), 7.2, 1.5, 5.7, 5.2)


def state_deck(
    con, review: Review, state_id: str, progress: Callable[[float, str], None] | None = None, lang: str = "en"
) -> bytes:
    """The review deck of a state in ``lang``: title, districts ranked (mean composite of their
    aspirational blocks), one slide per district, where the blocks lag most, the biggest moves, actions."""
    districts = content.ranked_districts(review, state_id)
    if districts.empty:
        raise ValueError(f"state {state_id!r} has no aspirational block in the {label(review.period)} ranking")
    blocks = content.ranked_blocks(review, state=state_id)
    state = blocks.state.iloc[0]
    deck = _Deck(review, lang)
    _title_slide(deck, deck.tr("State review: {name}", name=state), len(blocks))
    rows = pd.DataFrame(
        {
            deck.tr("District"): districts.district.astype(str),
            deck.tr("Blocks"): districts.blocks.astype(str),
            deck.tr("Mean composite"): [figure(v) for v in districts.composite],
            deck.tr("Change (points)"): [figure(v, sign=True) for v in districts.composite_change],
            deck.tr("Best block rank"): [_whole(r) for r in districts.best_rank],
        }
    )
    subtitle = deck.tr("By the mean composite of their aspirational blocks, {period}", period=label(review.period))
    for start in range(0, len(rows), 12):  # a long list continues on the next slide
        slide = deck.slide(deck.tr("Districts ranked"), subtitle)
        widths = [3.5, 1, 1.6, 1.6, 1.6]
        table(slide, rows.iloc[start : start + 12], 0.5, 1.6, 12.3, widths=widths, size=14, row_h=0.42)
    for i, row in enumerate(districts.itertuples()):
        if progress:
            message = deck.tr(
                "Slide for {name} ({number} of {count})", name=row.district, number=i + 1, count=len(districts)
            )
            progress(i / (len(districts) + 1), message)
        _district_slide(deck, row, blocks[blocks.district_id == row.district_id])
    _closing_slides(deck, blocks.unit_id, state)
    if progress:
        progress(1.0, deck.tr("Deck ready"))
    return deck.save()
