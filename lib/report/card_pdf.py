"""Block report cards as PDF: one A4 landscape page per block, real text in embedded fonts.

fpdf2 writes the PDF (pure Python, no system libraries); HarfBuzz (``uharfbuzz``) shapes the text,
so Devanagari conjuncts and vowel signs come out right, and the fonts (Noto Sans, Noto Sans
Devanagari; SIL OFL, in ``lib/fonts/``) are embedded as subsets: nothing is fetched from the internet.
Lengths are millimetres from the page's top left.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
from fpdf import FPDF

from lib import profile
from lib.config import FONTS_DIR
from lib.exports import figure
from lib.i18n import indicator_names, tr
from lib.periods import label
from lib.report import content, wording
from lib.report.content import BlockCard, Review
from lib.scoring.params import GROUP_LABELS

PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 10.0
LEFT_W = 108.0  # themes, trend lines and the rank plan; the KPI table takes the rest
RIGHT_X = MARGIN + LEFT_W + 6.0
BODY_TOP, BODY_BOTTOM = 52.0, 190.0
INK, GREY, LIGHT, WHITE = (33, 33, 33), (110, 110, 110), (225, 225, 225), (255, 255, 255)
BLOCK_BLUE = (31, 119, 180)
REFERENCE_COLOURS = {"district_mean": (255, 127, 14), "state_mean": (44, 160, 44), "abp_mean": (90, 90, 90)}
REFERENCE_NAMES = {"district_mean": "District", "state_mean": "State", "abp_mean": "ABP"}
REFERENCE_LEGEND = {"district_mean": "District mean", "state_mean": "State mean", "abp_mean": "ABP mean"}
TARGET_GREEN = (46, 125, 50)
DEMO_ORANGE = (230, 81, 0)
MIN_ROW, MAX_ROW = 3.0, 4.6  # KPI table row heights: more rows than fit at 3 mm go on to a second page


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def new_document(title: str) -> FPDF:
    """An empty A4 landscape document with the shipped fonts, HarfBuzz shaping and Devanagari fallback."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    for family, stem in (("Sans", "NotoSans"), ("Devanagari", "NotoSansDevanagari")):
        pdf.add_font(family, "", str(FONTS_DIR / f"{stem}-Regular.ttf"))
        pdf.add_font(family, "B", str(FONTS_DIR / f"{stem}-Bold.ttf"))
    pdf.set_fallback_fonts(["Devanagari"])  # a glyph Noto Sans lacks (Devanagari) comes from here
    pdf.set_text_shaping(True)
    pdf.set_title(title)
    pdf.set_author("ABP dashboard")
    pdf.set_creator("ABP dashboard (fpdf2)")
    return pdf


def _text(pdf: FPDF, x: float, y: float, w: float, text: str, size: float, *, bold=False, colour=INK, align="L"):
    """One line in a box of width ``w``, shrunk (down to 5 pt) and then cut with an ellipsis to fit."""
    pdf.set_font("Sans", "B" if bold else "", size)
    while pdf.get_string_width(text) > w and size > 5.0:
        size -= 0.25
        pdf.set_font_size(size)
    if pdf.get_string_width(text) > w:
        while text and pdf.get_string_width(text + "…") > w:
            text = text[:-1]
        text += "…"
    pdf.set_text_color(*colour)
    pdf.set_xy(x, y)
    pdf.cell(w, size * 0.3528 * 1.25, text, align=align)


def _paragraph(pdf: FPDF, x: float, y: float, w: float, text: str, size: float, max_h: float, colour=INK) -> None:
    """Wrapped text from (x, y), in a smaller size if it would run past ``max_h``."""
    while size > 5.5:
        pdf.set_font("Sans", "", size)
        lines = pdf.multi_cell(w, size * 0.45, text, align="L", dry_run=True, output="LINES")
        if len(lines) * size * 0.45 <= max_h:
            break
        size -= 0.25
    pdf.set_text_color(*colour)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, size * 0.45, text, align="L")


# ------------------------------------------------------------------ header and figures


def _header(pdf: FPDF, card: BlockCard, review: Review, lang: str) -> None:
    block = card.block
    districts = review.facts.get("level") == "district"  # district-level data: the units are districts
    title = tr(lang, "District report card") if districts else tr(lang, "Block report card")
    _text(pdf, MARGIN, MARGIN, 150, title, 9, colour=GREY)
    _text(pdf, MARGIN, MARGIN + 4.5, 190, str(block.unit_name), 18, bold=True)
    where = {"district": block.district, "state": block.state, "code": block.lgd_code}
    when = {"period": label(review.period), "baseline": label(review.baseline)}
    subtitle = (
        tr(lang, "{state} · district code {code} · period {period}, baseline {baseline}", **where, **when)
        if districts
        else tr(
            lang,
            "{district} district, {state} · block code {code} · period {period}, baseline {baseline}",
            **where,
            **when,
        )
    )
    if review.previous:
        subtitle += tr(lang, " · last meeting {period}", period=label(review.previous))
    _text(pdf, MARGIN, MARGIN + 13, 200, subtitle, 9, colour=GREY)
    if review.is_demo:
        pdf.set_fill_color(*DEMO_ORANGE)
        pdf.rect(PAGE_W - MARGIN - 72, MARGIN, 72, 11, style="F")
        _text(
            pdf,
            PAGE_W - MARGIN - 70,
            MARGIN + 0.8,
            68,
            tr(lang, "SYNTHETIC DEMO DATA"),
            10,
            bold=True,
            colour=WHITE,
            align="C",
        )
        _text(pdf, PAGE_W - MARGIN - 70, MARGIN + 5.6, 68, tr(lang, "not real ABP figures"), 8, colour=WHITE, align="C")


def _figures(pdf: FPDF, card: BlockCard, review: Review, lang: str) -> None:
    boxes = wording.headline_figures(card, review, lang)
    width = (PAGE_W - 2 * MARGIN - 4 * 3) / len(boxes)
    for i, (name, value, note) in enumerate(boxes):
        x = MARGIN + i * (width + 3)
        pdf.set_fill_color(245, 245, 245)
        pdf.rect(x, 29, width, 20, style="F")
        _text(pdf, x + 2, 30, width - 4, name, 7.5, colour=GREY)
        _text(pdf, x + 2, 33.5, width - 4, value, 15, bold=True)
        _paragraph(pdf, x + 2, 41.5, width - 4, note, 7, 6.5, colour=GREY)  # a reason may take two lines


# ------------------------------------------------------------------ themes


def _themes(pdf: FPDF, themes: pd.DataFrame, top: float, lang: str) -> float:
    """Theme scores: the block's bar on a 0-100 scale with ticks for its district, state and the
    ABP mean, and the four numbers. Returns the y below it."""
    title = tr(lang, "Theme scores (0-100) against district, state and ABP means")
    _text(pdf, MARGIN, top, LEFT_W, title, 9, bold=True)
    columns = [(tr(lang, "Block"), "block"), *((tr(lang, REFERENCE_NAMES[c]), c) for c in REFERENCE_COLOURS)]
    name_w, bar_w, number_w = 30.0, 38.0, (LEFT_W - 30.0 - 38.0 - 2) / 4
    y = top + 5
    for j, (name, _) in enumerate(columns):
        _text(pdf, MARGIN + name_w + bar_w + 2 + j * number_w, y, number_w, name, 6.5, colour=GREY, align="R")
    for row in themes.itertuples():
        y += 5
        _text(pdf, MARGIN, y, name_w, tr(lang, GROUP_LABELS.get(row.group, row.label)), 7.5)
        _theme_bar(pdf, MARGIN + name_w, y + 0.6, bar_w, row)
        for j, (_, column) in enumerate(columns):
            value = getattr(row, column)
            _text(
                pdf, MARGIN + name_w + bar_w + 2 + j * number_w, y, number_w, figure(value), 7.5, bold=j == 0, align="R"
            )
    y += 6
    _legend(pdf, MARGIN + name_w, y, lang)
    return y + 5


def _theme_bar(pdf: FPDF, x: float, y: float, width: float, row) -> None:
    pdf.set_fill_color(*LIGHT)
    pdf.rect(x, y, width, 3, style="F")
    if pd.notna(row.block):
        pdf.set_fill_color(*BLOCK_BLUE)
        pdf.rect(x, y, width * min(max(row.block, 0), 100) / 100, 3, style="F")
    pdf.set_line_width(0.5)
    for column, colour in REFERENCE_COLOURS.items():
        value = getattr(row, column)
        if pd.notna(value):
            pdf.set_draw_color(*colour)
            tick = x + width * min(max(value, 0), 100) / 100
            pdf.line(tick, y - 0.8, tick, y + 3.8)


def _legend(pdf: FPDF, x: float, y: float, lang: str) -> None:
    pdf.set_fill_color(*BLOCK_BLUE)
    pdf.rect(x, y + 0.8, 4, 2, style="F")
    _text(pdf, x + 5, y, 12, tr(lang, "block"), 6.5, colour=GREY)
    x += 16
    pdf.set_line_width(0.5)
    for column, colour in REFERENCE_COLOURS.items():
        pdf.set_draw_color(*colour)
        pdf.line(x, y + 0.2, x, y + 3.2)
        _text(pdf, x + 1.5, y, 22, tr(lang, REFERENCE_LEGEND[column]), 6.5, colour=GREY)
        x += 22


# ------------------------------------------------------------------ trend lines


def _trend_lines(pdf: FPDF, card: BlockCard, top: float, lang: str) -> float:
    """Small trend charts of the KPIs furthest from target (2 x 2). Returns the y below them."""
    title = tr(lang, "Furthest from target: the block's reports (blue), ABP mean (grey)")
    _text(pdf, MARGIN, top, LEFT_W, title, 9, bold=True)
    width, height = (LEFT_W - 4) / 2, 27.0
    for i, row in enumerate(card.furthest.itertuples()):
        x = MARGIN + (i % 2) * (width + 4)
        y = top + 5 + (i // 2) * (height + 3)
        _sparkline(pdf, (x, y, width, height), row, card.series.get(row.indicator_id), lang)
    rows = (len(card.furthest) + 1) // 2
    if not rows:
        reached = tr(lang, "Every reported indicator has reached its target.")
        _text(pdf, MARGIN, top + 5, LEFT_W, reached, 7.5, colour=GREY)
        return top + 11
    return top + 5 + rows * (height + 3)


def _sparkline(pdf: FPDF, box: tuple, row, series: pd.DataFrame | None, lang: str) -> None:
    x, y, w, h = box
    _text(pdf, x, y, w, str(row.short_name), 7.5, bold=True)
    note = tr(
        lang,
        "now {value} · target {target} · {trend}",
        value=figure(row.value),
        target=figure(row.target, 0),
        trend=tr(lang, row.trend),
    )
    _text(pdf, x, y + 3.4, w, note, 6.5, colour=GREY)
    plot_x, plot_y, plot_w, plot_h = x + 7, y + 7.5, w - 8, h - 11
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.2)
    pdf.rect(plot_x, plot_y, plot_w, plot_h)
    if series is None or series.block.notna().sum() < 1:
        _text(pdf, plot_x, plot_y + plot_h / 2 - 1.5, plot_w, tr(lang, "no reports"), 6.5, colour=GREY, align="C")
        return
    months = pd.to_datetime(series.period)
    t = ((months.dt.year - months.dt.year.min()) * 12 + months.dt.month).to_numpy(dtype=float)
    values = np.concatenate([series.block.to_numpy(float), series.abp_mean.to_numpy(float), [row.target]])
    low, high = np.nanmin(values), np.nanmax(values)

    def scale_x(month: float) -> float:
        return plot_x + plot_w * (month - t.min()) / ((t.max() - t.min()) or 1.0)

    def scale_y(value: float) -> float:
        return plot_y + plot_h - plot_h * (value - low) / ((high - low) or 1.0)

    pdf.set_draw_color(*TARGET_GREEN)
    pdf.set_dash_pattern(dash=1, gap=0.7)
    pdf.line(plot_x, scale_y(row.target), plot_x + plot_w, scale_y(row.target))
    pdf.set_dash_pattern()
    for column, colour, width in (("abp_mean", (150, 150, 150), 0.3), ("block", BLOCK_BLUE, 0.5)):
        points = [(scale_x(m), scale_y(v)) for m, v in zip(t, series[column], strict=True) if pd.notna(v)]
        pdf.set_draw_color(*colour)
        pdf.set_line_width(width)
        if len(points) > 1:
            pdf.polyline(points)
        if column == "block" and points:
            pdf.set_fill_color(*colour)
            pdf.circle(points[-1][0], points[-1][1], 0.7, style="F")
    _text(pdf, x, plot_y - 1, 6.5, figure(high, 0), 5.5, colour=GREY, align="R")
    _text(pdf, x, plot_y + plot_h - 2, 6.5, figure(low, 0), 5.5, colour=GREY, align="R")
    _text(pdf, plot_x, plot_y + plot_h + 0.2, 20, label(series.period.iloc[0]), 5.5, colour=GREY)
    _text(
        pdf, plot_x + plot_w - 20, plot_y + plot_h + 0.2, 20, label(series.period.iloc[-1]), 5.5, colour=GREY, align="R"
    )


# ------------------------------------------------------------------ every indicator

KPI_COLUMNS = (  # header, width (mm), alignment
    ("Indicator", 48.0, "L"),
    ("Theme", 24.0, "L"),
    ("Value", 13.0, "R"),
    ("Change", 14.0, "R"),
    ("Target", 12.0, "R"),
    ("Status", 27.0, "L"),
    ("Trend", 25.0, "L"),
)


def _kpi_table(pdf: FPDF, rows: pd.DataFrame, baseline: date, top: float, row_h: float, lang: str) -> None:
    title = tr(
        lang, "Every indicator: value now, change since {baseline}, target, status and trend", baseline=label(baseline)
    )
    _text(pdf, RIGHT_X, top, PAGE_W - MARGIN - RIGHT_X, title, 9, bold=True)
    y, size = top + 5, min(7.5, row_h * 2.0)
    x = RIGHT_X
    for header, width, align in KPI_COLUMNS:
        _text(pdf, x, y, width - 1, tr(lang, header), size, colour=GREY, align=align)
        x += width
    for i, row in enumerate(rows.itertuples()):
        y += row_h
        if i % 2 == 0:
            pdf.set_fill_color(248, 248, 248)
            pdf.rect(RIGHT_X, y - 0.3, sum(w for _, w, _ in KPI_COLUMNS), row_h, style="F")
        cells = (
            str(row.short_name),
            tr(lang, GROUP_LABELS.get(row.score_group, str(row.theme))),
            figure(row.value),
            figure(row.change, sign=True, digits=1),
            figure(row.target, 0),
            None,  # the status light, drawn below
            tr(lang, str(row.trend)),
        )
        x = RIGHT_X
        for (_, width, align), cell in zip(KPI_COLUMNS, cells, strict=True):
            if cell is None:
                pdf.set_fill_color(*_hex(profile.STATUS_LIGHTS.get(row.status, "#9e9e9e")))
                pdf.circle(x + 1.3, y + row_h / 2 - 0.3, min(1.1, row_h / 3), style="F")
                cell, x, width = tr(lang, str(row.status)), x + 3, width - 3
            _text(pdf, x, y, width - 1, cell, size, align=align)
            x += width


def _footer(pdf: FPDF, review: Review, page_note: str, lang: str) -> None:
    _paragraph(pdf, MARGIN, BODY_BOTTOM + 2, PAGE_W - 2 * MARGIN - 30, wording.source_line(review, lang), 6.5, 8)
    _text(pdf, PAGE_W - MARGIN - 28, BODY_BOTTOM + 2, 28, page_note, 6.5, colour=GREY, align="R")


# ------------------------------------------------------------------ pages


def _card_pages(pdf: FPDF, card: BlockCard, review: Review, lang: str = "en") -> None:
    names = indicator_names(review.catalogue, lang)
    card = content.named(card, names)
    rows = content.kpi_rows(card.indicators)
    available = BODY_BOTTOM - (BODY_TOP + 5) - 1
    row_h = min(MAX_ROW, max(MIN_ROW, available / (len(rows) + 1)))
    per_page = int(available // row_h) - 1
    chunks = [rows.iloc[i : i + per_page] for i in range(0, max(len(rows), 1), per_page)]
    for number, chunk in enumerate(chunks, start=1):
        pdf.add_page()
        _header(pdf, card, review, lang)
        if number == 1:
            _figures(pdf, card, review, lang)
            below = _themes(pdf, card.themes, BODY_TOP, lang)
            below = _trend_lines(pdf, card, below + 1, lang)
            heading = tr(lang, "What would it take to reach the next rank band")
            _text(pdf, MARGIN, below + 1, LEFT_W, heading, 9, bold=True)
            _paragraph(pdf, MARGIN, below + 6, LEFT_W, card.plan(lang, names), 7.5, BODY_BOTTOM - below - 7)
        _kpi_table(pdf, chunk, review.baseline, BODY_TOP if number == 1 else 29, row_h, lang)
        page = tr(lang, "{name}: page {number} of {pages}", name=card.block.unit_name, number=number, pages=len(chunks))
        _footer(pdf, review, page, lang)


def cards_pdf(
    con, review: Review, block_ids, progress: Callable[[float, str], None] | None = None, lang: str = "en"
) -> bytes:
    """The report cards of ``block_ids`` (in that order) as one PDF in ``lang``; ``progress(fraction,
    message)`` is called before each block."""
    block_ids = list(block_ids)
    if not block_ids:
        raise ValueError("no blocks to make cards for: the chosen district or state has no ranked block")
    names = review.table.set_index("unit_id").unit_name
    pdf = new_document(tr(lang, "Block report cards, {period}", period=label(review.period)))
    pdf.set_lang(lang)
    for i, block_id in enumerate(block_ids):
        if progress:
            message = tr(
                lang,
                "Card {number} of {count}: {name}",
                number=i + 1,
                count=len(block_ids),
                name=names.get(block_id, block_id),
            )
            progress(i / len(block_ids), message)
        _card_pages(pdf, content.block_card(con, review, block_id), review, lang)
    if progress:
        progress(1.0, tr(lang, "{count} report cards ready", count=len(block_ids)))
    return bytes(pdf.output())
