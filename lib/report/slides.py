"""Slide furniture for the review decks (python-pptx): text boxes, tables, chart pictures.

Devanagari: PowerPoint cannot carry fonts the way a PDF does. Every run names Noto Sans Devanagari
as its complex-script font (shipped in ``lib/fonts/``; install it where PowerPoint shows
boxes), and PowerPoint falls back to the system's Devanagari font (Nirmala UI on Windows) otherwise.
"""

from __future__ import annotations

import io

import pandas as pd
from PIL import Image
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from lib import charts

CHART_SCALE = 2.0  # a 560 px chart becomes ~1,400 px: sharp on a 1920 x 1080 projector
DEVANAGARI_FONT = "Noto Sans Devanagari"
INK, GREY, WHITE = RGBColor(0x21, 0x21, 0x21), RGBColor(0x61, 0x61, 0x61), RGBColor(0xFF, 0xFF, 0xFF)
HEADER_FILL = RGBColor(0x1F, 0x4E, 0x79)


def styled(run, size: float | None = None, bold: bool | None = None, colour=None) -> None:
    """Size, weight and colour of a run, and the Devanagari font for complex-script text."""
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    properties = run._r.get_or_add_rPr()
    if properties.find(qn("a:cs")) is None:
        properties.append(properties.makeelement(qn("a:cs"), {"typeface": DEVANAGARI_FONT}))


def text_box(slide, left, top, width, height, text: str, size: float, bold=False, colour=INK):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
    style_runs(box, size=size, bold=bold, colour=colour)
    return box


def style_runs(shape, size: float | None = None, bold: bool | None = None, colour=None) -> None:
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            styled(run, size, bold, colour)


def table(slide, frame: pd.DataFrame, left, top, width, widths=None, size: float = 14, row_h: float = 0.4):
    """``frame`` (text cells) as a PowerPoint table with a dark header row; returns the table."""
    shape = slide.shapes.add_table(
        len(frame) + 1, len(frame.columns), Inches(left), Inches(top), Inches(width), Inches(row_h * (len(frame) + 1))
    )
    grid = shape.table
    shares = widths or [1] * len(frame.columns)
    for j, share in enumerate(shares):
        grid.columns[j].width = Inches(width * share / sum(shares))
    for j, header in enumerate(frame.columns):
        cell(grid.cell(0, j), str(header), size, bold=True, colour=WHITE, fill=HEADER_FILL)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            cell(grid.cell(i, j), str(value), size)
    return grid


def cell(target, text: str, size: float, bold=False, colour=INK, fill=None) -> None:
    target.text = text
    for paragraph in target.text_frame.paragraphs:
        for run in paragraph.runs:
            styled(run, size, bold, colour)
    if fill is not None:
        target.fill.solid()
        target.fill.fore_color.rgb = fill


def picture(slide, chart, left, top, width, height) -> None:
    """The chart as a PNG, as large as fits in the box (width x height inches), keeping its shape."""
    png = charts.spec_png(charts.spec_json(chart), scale=CHART_SCALE)
    pixels_w, pixels_h = Image.open(io.BytesIO(png)).size
    fit = min(width / pixels_w, height / pixels_h)
    slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), Inches(pixels_w * fit), Inches(pixels_h * fit))
