"""Exports: CSV cells cannot run as spreadsheet formulas (lib/exports.py; issue 13, item 10) and chart images render (issue 15)."""

from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree

import altair as alt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from lib import charts
from lib.cli import main
from lib.exports import csv_text, neutralise, plain_number, readable_table
from lib.scenario import compare


@given(
    st.lists(st.text(max_size=12), min_size=1, max_size=8), st.lists(st.floats(allow_nan=False), min_size=1, max_size=8)
)
def test_no_text_cell_starts_a_formula_and_numbers_are_untouched(texts, numbers):
    frame = pd.DataFrame({"text": pd.Series(texts, dtype=object)}).join(pd.Series(numbers, name="number"), how="outer")
    safe = neutralise(frame)
    assert not any(
        isinstance(v, str) and v.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"[+-]?[\d.,]+%?", v)
        for v in safe.text
    )
    assert safe.number.equals(frame.number)
    # a cell is changed only by the apostrophe in front
    assert all(s == t or s == "'" + t for s, t in zip(safe.text.dropna(), frame.text.dropna(), strict=True))


def test_a_problem_report_neutralises_a_formula_from_the_users_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        'State,District,Block,Indicator,Month,Value\nBihar,Gaya,"=HYPERLINK(""http://x"",""y"")",'
        "anc_first_trimester,2025-03,80\n"
    )
    report = tmp_path / "report.csv"
    assert (
        main(["import", "indicators", str(path), "--db", str(tmp_path / "new.duckdb"), "--problems-out", str(report)])
        == 2
    )
    values = pd.read_csv(report).value.dropna().tolist()
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert not any(v.startswith("=") for v in values)


# ------------------------------------------------------------------ chart images


def _peer_frames():
    positions = pd.DataFrame(
        {
            "indicator_id": ["anc", "fpo"],
            "short_name": ["ANC", "FPOs"],
            "block_value": [40.0, 35.1],
            "percentile": [50.0, 0.0],
            # Nobody to learn from on FPOs: NaN in an object column, as lib.peers builds it.
            "learn_from_id": pd.Series(["B2", float("nan")], dtype=object),
            "learn_from_name": pd.Series(["Block two", float("nan")], dtype=object),
            "learn_from_gain": [3.0, float("nan")],
        }
    )
    peer_values = pd.DataFrame({"short_name": ["ANC", "FPOs"], "unit_name": ["Block two"] * 2, "value": [44.0, 59.0]})
    return positions, peer_values


def test_a_chart_with_nan_in_a_text_column_exports_to_png_and_svg():
    positions, peer_values = _peer_frames()
    chart = charts.with_source(charts.peer_dot_plot(positions, peer_values, "Block one"), "Source: test")
    with pytest.raises(ValueError, match="JSON"):  # what the export did before: Altair writes a bare NaN
        charts.spec_png(chart.to_json())
    spec = charts.spec_json(chart)
    assert "NaN" not in spec
    png = charts.spec_png(spec)
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.format == "PNG"
    assert image.size[0] >= 2 * charts.EXPORT_WIDTH  # a page-wide chart is exported slide-wide (at scale 2)
    svg = ElementTree.fromstring(charts.spec_svg(spec))
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "Block one (red) among its peers (grey)" in texts and "Source: test" in texts
    assert "FPOs" in texts and "ANC" in texts


def test_spec_json_turns_every_non_finite_number_into_null_and_keeps_the_rest():
    frame = pd.DataFrame(
        {"label": pd.Series(["a", float("nan"), "c"], dtype=object), "value": [1.5, float("inf"), -float("inf")]}
    )
    data = json.loads(charts.spec_json(alt.Chart(frame).mark_bar()))
    rows = next(iter(data["datasets"].values()))
    assert [row["label"] for row in rows] == ["a", None, "c"]
    assert [row["value"] for row in rows] == [1.5, None, None]


def test_a_layered_chart_keeps_its_title_and_gains_the_source_line():
    movers = pd.DataFrame(
        {
            "unit_name": ["Block A", "Block B"],
            "state": ["Bihar", "Bihar"],
            "district": ["Gaya", "Gaya"],
            "rank_default": [5, 1],
            "rank_scenario": [1, 5],
            "shift": [4, -4],
        }
    )
    chart = charts.with_source(charts.movers_chart(movers), "Source: test")
    svg = ElementTree.fromstring(charts.spec_svg(charts.spec_json(chart)))
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "Biggest movers: rank under the official default" in texts
    assert "Source: test" in texts  # the layers' own titles used to hide it


# ------------------------------------------------------------------ readable downloads (issue 15, item 14)


def test_a_readable_table_has_headers_signed_whole_changes_and_two_decimal_scores():
    # default ranks Gaya 1, Nalanda 2, Banka 3; the scenario puts Banka first: Banka +2, Gaya -1, Nalanda -1
    default = pd.DataFrame(
        {
            "unit_id": ["B1", "B2", "B3", "B4"],
            "unit_name": ["Gaya", "Nalanda", "Banka", "Jamui"],
            "district": ["Gaya", "Nalanda", "Banka", "Jamui"],
            "state": "Bihar",
            "composite": [61.23456789012345, 55.5, 40.0, float("nan")],
            "rank": pd.array([1, 2, 3, None], dtype="Int64"),
        }
    )
    scenario_ranks = default.assign(
        composite=[50.004, 49.0, 70.126, float("nan")], rank=pd.array([2, 3, 1, None], dtype="Int64")
    )
    columns = {
        "rank_scenario": ("Scenario rank", 0),
        "shift": ("Change in rank (+ = up)", 0),
        "unit_name": ("Block", None),
        "composite_scenario": ("Scenario score", 2),
        "composite_default": ("Default score", 2),
    }
    table = readable_table(compare(default, scenario_ranks), columns)
    assert csv_text(table) == (
        "Scenario rank,Change in rank (+ = up),Block,Scenario score,Default score\n"
        "1,2,Banka,70.13,40\n"  # whole numbers without ".0"
        "2,-1,Gaya,50,61.23\n"
        "3,-1,Nalanda,49,55.5\n"
        ",,Jamui,,\n"  # not ranked: empty cells, not "not ranked" in a number column
    )


def test_a_readable_table_refuses_to_round_text():
    movement = pd.DataFrame({"movement": ["▲ 4"], "unit_name": ["Gaya"]})
    with pytest.raises(ValueError, match="movement holds"):
        readable_table(movement, {"movement": ("Change in rank", 0)})
    with pytest.raises(ValueError, match="shift"):
        readable_table(movement, {"shift": ("Change in rank", 0)})


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20), st.integers(0, 2))
def test_readable_numbers_have_at_most_the_decimals_asked_for(values, decimals):
    text = csv_text(readable_table(pd.DataFrame({"score": values}), {"score": ("Score", decimals)}))
    cells = text.splitlines()[1:]
    number = r"-?\d+" + (rf"(\.\d{{1,{decimals}}})?" if decimals else "")
    assert all(re.fullmatch(number, c) for c in cells), cells
    assert all(abs(float(c) - v) <= 0.5 * 10**-decimals + 1e-6 for c, v in zip(cells, values, strict=True))


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_number_in_a_csv_is_short_and_still_the_number(value):
    text = plain_number(value)
    assert float(text) == pytest.approx(value, abs=5e-5, rel=5e-3)
    if abs(value) >= 0.01 and "." in text:
        assert len(text.split(".")[1]) <= 4 and not text.endswith("0")


def test_csv_numbers_by_hand():
    frame = pd.DataFrame({"Score": [61.234567891234, 70.1], "p": [0.000123456, 0.5], "Rank": [1, 2]})
    assert csv_text(frame) == "Score,p,Rank\n61.2346,0.000123,1\n70.1,0.5,2\n"
