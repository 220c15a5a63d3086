"""CSV exports cannot run as spreadsheet formulas (lib/exports.py; issue 13, item 10)."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

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
