"""Review decks as PowerPoint (python-pptx): a district's blocks, or a state's districts, for the
monthly review meeting. 16:9 slides; charts are the pages' Altair charts rendered offline at
projector resolution; every table is a real, editable PowerPoint table.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from lib import charts, profile
from lib.exports import figure
from lib.periods import label
from lib.report import content
from lib.report.content import Review

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
CHART_SCALE = 2.0  # a 560 px chart becomes ~1,400 px: sharp on a 1920 x 1080 projector
INK, GREY, WHITE = RGBColor(0x21, 0x21, 0x21), RGBColor(0x61, 0x61, 0x61), RGBColor(0xFF, 0xFF, 0xFF)
HEADER_FILL, DEMO_ORANGE = RGBColor(0x1F, 0x4E, 0x79), RGBColor(0xE6, 0x51, 0x00)
GOOD, BAD = RGBColor(0x2E, 0x7D, 0x32), RGBColor(0xC6, 0x28, 0x28)
ACTION_ROWS = 6


class _Deck:
    """A presentation with the slide furniture every slide shares (title, demo badge, source)."""

    def __init__(self, review: Review):
        self.review = review
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)

    def slide(self, title: str, subtitle: str = ""):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        _text_box(slide, 0.5, 0.3, SLIDE_W - 1.0, 0.7, title, 30, bold=True)
        if subtitle:
            _text_box(slide, 0.5, 0.95, SLIDE_W - 1.0, 0.45, subtitle, 16, colour=GREY)
        if self.review.is_demo:
            badge = _text_box(slide, SLIDE_W - 5.0, 0.12, 4.6, 0.4, "SYNTHETIC DEMO DATA: not real figures", 13)
            badge.fill.solid()
            badge.fill.fore_color.rgb = DEMO_ORANGE
            _style_runs(badge, colour=WHITE, bold=True)
        demo = "Synthetic demo data, not real ABP figures. " if self.review.is_demo else ""
        footer = f"{demo}ABP dashboard, {date.today():%d %b %Y}. {content.SOURCE}"
        _text_box(slide, 0.5, SLIDE_H - 0.45, SLIDE_W - 1.0, 0.35, footer, 9, colour=GREY)
        slide.notes_slide.notes_text_frame.text = footer
        return slide

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _text_box(slide, left, top, width, height, text: str, size: float, bold=False, colour=INK):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
    _style_runs(box, size=size, bold=bold, colour=colour)
    return box


def _style_runs(shape, size: float | None = None, bold: bool | None = None, colour=None) -> None:
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            if size is not None:
                run.font.size = Pt(size)
            if bold is not None:
                run.font.bold = bold
            if colour is not None:
                run.font.color.rgb = colour


def _table(slide, frame: pd.DataFrame, left, top, width, widths=None, size: float = 14, row_h: float = 0.4):
    """``frame`` (text cells) as a PowerPoint table with a dark header row; returns the table."""
    shape = slide.shapes.add_table(
        len(frame) + 1, len(frame.columns), Inches(left), Inches(top), Inches(width), Inches(row_h * (len(frame) + 1))
    )
    table = shape.table
    shares = widths or [1] * len(frame.columns)
    for j, share in enumerate(shares):
        table.columns[j].width = Inches(width * share / sum(shares))
    for j, header in enumerate(frame.columns):
        _cell(table.cell(0, j), str(header), size, bold=True, colour=WHITE, fill=HEADER_FILL)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            _cell(table.cell(i, j), str(value), size)
    return table


def _cell(cell, text: str, size: float, bold=False, colour=INK, fill=None) -> None:
    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill


def _picture(slide, chart, left, top, width, height) -> None:
    """The chart as a PNG, as large as fits in the box (width x height inches), keeping its shape."""
    png = charts.spec_png(charts.spec_json(chart), scale=CHART_SCALE)
    pixels_w, pixels_h = Image.open(io.BytesIO(png)).size
    fit = min(width / pixels_w, height / pixels_h)
    slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), Inches(pixels_w * fit), Inches(pixels_h * fit))


def _places(change) -> str:
    return "–" if pd.isna(change) else ("±0" if change == 0 else f"{int(change):+d}")


# ------------------------------------------------------------------ slides shared by both decks


def ranked_block_rows(blocks: pd.DataFrame, review: Review) -> pd.DataFrame:
    """The ranked-blocks table as a slide shows it (text cells)."""
    since = label(review.previous) if review.previous else "the last meeting"
    rows = pd.DataFrame(
        {
            "All-India rank": [_whole(r) for r in blocks["rank"]],
            "Block": blocks.unit_name.astype(str),
            "Composite": [figure(v) for v in blocks.composite],
            f"Change since {since}": [figure(v, sign=True) for v in blocks.composite_change],
            "Rank change (places)": [_places(v) for v in blocks.rank_change],
        }
    )
    if "delta_rank" in blocks:  # no baseline period loaded: no delta ranking
        rows["Delta rank"] = [_whole(r) for r in blocks.delta_rank]
    return rows


def _whole(value) -> str:
    return "–" if pd.isna(value) else str(int(value))


def _lagging_slide(deck: _Deck, unit_ids, scope: str) -> pd.DataFrame:
    lagging = content.lagging_indicators(deck.review, unit_ids)
    slide = deck.slide(
        f"Where {scope}'s blocks lag most",
        "Average points short of target (0 once reached), against the same average over all aspirational blocks",
    )
    rows = pd.DataFrame(
        {
            "Indicator": lagging.short_name,
            f"{scope}: points short": [figure(v) for v in lagging.scope_gap],
            "All ABP blocks: points short": [figure(v) for v in lagging.abp_gap],
            "Blocks reporting": lagging.blocks_reporting.astype(str),
        }
    )
    if rows.empty:
        _text_box(slide, 0.5, 1.8, 12, 1, "Every indicator the blocks report has reached its target.", 20)
    else:
        _table(slide, rows, 0.5, 1.6, 12.3, widths=[4, 2, 2, 1.5], size=16, row_h=0.5)
    return lagging


def _movers_slide(deck: _Deck, unit_ids) -> None:
    review = deck.review
    since = label(review.previous) if review.previous else "the last meeting"
    slide = deck.slide(
        f"Biggest moves since {since}",
        "Largest improvements and setbacks on single indicators (as-of values, clipped to the valid range)",
    )
    movers = content.biggest_movers(review, unit_ids)
    if movers.empty:
        _text_box(slide, 0.5, 1.8, 12, 1, f"No indicator value changed since {since}.", 20)
        return
    rows = pd.DataFrame(
        {
            "Block": movers.unit_name.astype(str),
            "Indicator": movers.short_name.astype(str),
            since: [figure(v) for v in movers.before],
            label(review.period): [figure(v) for v in movers.now],
            "Change (good direction)": [figure(v, sign=True) for v in movers.gain],
        }
    )
    table = _table(slide, rows, 0.5, 1.6, 12.3, widths=[3, 4, 1.3, 1.3, 2], size=14, row_h=0.42)
    for i, gain in enumerate(movers.gain, start=1):
        _cell(table.cell(i, 4), rows.iloc[i - 1, 4], 14, bold=True, colour=GOOD if gain > 0 else BAD)


def _action_slide(deck: _Deck, lagging: pd.DataFrame) -> None:
    slide = deck.slide("Actions agreed", "One row per action: what, who, by when. Review at the next meeting.")
    names = list(lagging.short_name.head(ACTION_ROWS))
    rows = pd.DataFrame(
        {
            "Indicator": names + [""] * (ACTION_ROWS - len(names)),
            "Action": "",
            "Owner": "",
            "Deadline": "",
        }
    )
    _table(slide, rows, 0.5, 1.6, 12.3, widths=[3, 5, 2, 1.5], size=16, row_h=0.62)


# ------------------------------------------------------------------ the district deck


def _block_slide(deck: _Deck, card: content.BlockCard) -> None:
    review, block = deck.review, card.block
    rank = "not ranked" if pd.isna(block["rank"]) else f"rank {int(block['rank'])} of {review.ranked}"
    slide = deck.slide(f"{block.unit_name}: {rank}", f"{block.district}, {block.state} · {label(review.period)}")
    _figures_box(slide, content.headline_figures(card, review))
    chart = charts.for_slide(charts.theme_comparison_chart(card.themes, str(block.unit_name)))
    _picture(slide, chart, 6.5, 1.45, 6.4, 2.95)
    lights = card.indicators.dropna(subset=["gap"]).sort_values(["gap", "short_name"], ascending=[False, True])
    lights = lights.head(5)
    rows = pd.DataFrame(
        {
            "Furthest from target": lights.short_name.astype(str),
            "Value": [figure(v) for v in lights.value],
            "Target": [figure(v, 0) for v in lights.target],
            "Status": lights.status.astype(str),
            "Trend": lights.trend.astype(str),
        }
    )
    table = _table(slide, rows, 0.5, 4.5, 8.4, widths=[3.3, 1, 1.2, 2.4, 2.3], size=13, row_h=0.36)
    for i, status in enumerate(lights.status, start=1):
        fill = RGBColor.from_string(profile.STATUS_COLOURS.get(status, "#eeeeee").lstrip("#"))
        _cell(table.cell(i, 3), status, 13, fill=fill)
    _text_box(slide, 9.1, 4.5, 3.8, 2.4, "What would it take: " + card.plan, 13)


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
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour


def district_deck(con, review: Review, district_id: str, progress: Callable[[float, str], None] | None = None) -> bytes:
    """The review deck of a district: title, blocks ranked, one slide per block, where the blocks
    lag most, the month's biggest moves and an action table to fill in."""
    blocks = content.ranked_blocks(review, district=district_id)
    if blocks.empty:
        raise ValueError(f"district {district_id!r} has no aspirational block in the {label(review.period)} ranking")
    name = f"{blocks.district.iloc[0]}, {blocks.state.iloc[0]}"
    deck = _Deck(review)
    _title_slide(deck, f"District review: {name}", len(blocks))
    since = label(review.previous) if review.previous else "the last meeting"
    slide = deck.slide(
        "Blocks ranked", f"All-India rank among aspirational blocks, {label(review.period)}; change since {since}"
    )
    _table(
        slide,
        ranked_block_rows(blocks, review),
        0.5,
        1.6,
        12.3,
        widths=[1.4, 3.3, 1.5, 2, 1.8, 1.3],
        size=16,
        row_h=0.5,
    )
    for i, block_id in enumerate(blocks.unit_id):
        if progress:
            progress(i / (len(blocks) + 1), f"Slide for {blocks.unit_name.iloc[i]} ({i + 1} of {len(blocks)})")
        _block_slide(deck, content.block_card(con, review, block_id))
    lagging = _lagging_slide(deck, blocks.unit_id, blocks.district.iloc[0])
    _movers_slide(deck, blocks.unit_id)
    _action_slide(deck, lagging)
    if progress:
        progress(1.0, "Deck ready")
    return deck.save()


def _title_slide(deck: _Deck, title: str, count: int) -> None:
    review = deck.review
    slide = deck.slide(title)
    last = f"; last meeting {label(review.previous)}" if review.previous else ""
    lines = (
        f"Monthly review of {count} aspirational block{'s' * (count != 1)}\n"
        f"Period {label(review.period)} (baseline {label(review.baseline)}{last})\n"
        f"Official default ranking among {review.ranked} ranked blocks"
    )
    _text_box(slide, 0.5, 2.3, 12.3, 2.5, lines, 24)


# ------------------------------------------------------------------ the state deck


def _district_slide(deck: _Deck, row, blocks: pd.DataFrame) -> None:
    review = deck.review
    slide = deck.slide(
        f"{row.district}: {len(blocks)} block{'s' * (len(blocks) != 1)}, mean composite {figure(row.composite)}",
        f"Change since {label(review.previous) if review.previous else 'the last meeting'}: "
        f"{figure(row.composite_change, sign=True)} points (mean of its blocks)",
    )
    shown = ranked_block_rows(blocks, review).iloc[:, :5]
    _table(slide, shown, 0.5, 1.6, 6.5, widths=[1.1, 2.2, 1.6, 1.6, 1.5], size=13, row_h=0.42)
    shown_ids = blocks.unit_id.head(6)
    scores = profile.compare_theme_scores(review.table, shown_ids).dropna(subset=["score"])
    if scores.empty:  # nothing reported this period: no chart to draw
        _text_box(slide, 7.2, 1.6, 5.7, 1.0, "No theme scores this period: its blocks reported no values.", 16)
        return
    bars = charts.compare_themes_chart(scores).properties(height=alt.Step(max(10, 42 // len(shown_ids))))
    _picture(slide, charts.for_slide(bars, width=440), 7.2, 1.5, 5.7, 5.2)


def state_deck(con, review: Review, state_id: str, progress: Callable[[float, str], None] | None = None) -> bytes:
    """The review deck of a state: title, districts ranked (mean composite of their aspirational
    blocks), one slide per district, where the blocks lag most, the biggest moves, actions."""
    districts = content.ranked_districts(review, state_id)
    if districts.empty:
        raise ValueError(f"state {state_id!r} has no aspirational block in the {label(review.period)} ranking")
    blocks = content.ranked_blocks(review, state=state_id)
    state = blocks.state.iloc[0]
    deck = _Deck(review)
    _title_slide(deck, f"State review: {state}", len(blocks))
    rows = pd.DataFrame(
        {
            "District": districts.district.astype(str),
            "Blocks": districts.blocks.astype(str),
            "Mean composite": [figure(v) for v in districts.composite],
            "Change (points)": [figure(v, sign=True) for v in districts.composite_change],
            "Best block rank": [_whole(r) for r in districts.best_rank],
        }
    )
    for start in range(0, len(rows), 12):  # a long list continues on the next slide
        slide = deck.slide(
            "Districts ranked", f"By the mean composite of their aspirational blocks, {label(review.period)}"
        )
        _table(
            slide, rows.iloc[start : start + 12], 0.5, 1.6, 12.3, widths=[3.5, 1, 1.6, 1.6, 1.6], size=14, row_h=0.42
        )
    for i, row in enumerate(districts.itertuples()):
        if progress:
            progress(i / (len(districts) + 1), f"Slide for {row.district} ({i + 1} of {len(districts)})")
        _district_slide(deck, row, blocks[blocks.district_id == row.district_id])
    lagging = _lagging_slide(deck, blocks.unit_id, state)
    _movers_slide(deck, blocks.unit_id)
    _action_slide(deck, lagging)
    if progress:
        progress(1.0, "Deck ready")
    return deck.save()
