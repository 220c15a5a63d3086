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
from lib.exports import neutralise


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
    assert image.format == "PNG" and image.size[0] > 200
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
