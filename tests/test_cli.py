"""The command line (``python -m lib``): output on the demo database, and clean errors for bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from lib import db
from lib.catalogue import COLUMNS, read_catalogue
from lib.cli import main
from lib.config import CATALOGUE_CSV, PROJECT_ROOT
from lib.periods import label


def _aspirational_count(con, where: str = "", params: list | None = None) -> int:
    return con.execute(
        "SELECT count(*) FROM units b WHERE b.level = 'block' AND b.aspirational " + where, params or []
    ).fetchone()[0]


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def _assert_clean_error(capsys, argv: list[str]) -> str:
    """Run the CLI expecting exit code 2 and exactly one ``error:`` line, no traceback; return that line."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    assert err.strip().startswith("error: ")
    assert len(_error_lines(err)) == 1
    return err.strip()


# ---------------------------------------------------------------- entry point


def test_python_dash_m_lib_help_runs_from_the_project_root():
    done = subprocess.run(
        [sys.executable, "-m", "lib", "--help"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m lib")
    for command in ("demo", "info", "overview", "import"):
        assert re.search(rf"^\s+{command}\s", done.stdout, re.MULTILINE), command


# ---------------------------------------------------------------- info


def test_info_on_the_demo_says_synthetic_and_counts_blocks_and_rows(demo_db, demo_con, capsys):
    assert main(["info", "--db", str(demo_db)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{demo_db}: SYNTHETIC DEMO DATA"
    aspirational = _aspirational_count(demo_con)
    assert aspirational == 500  # the programme's 500 blocks, all in the demo
    assert f"  {aspirational} aspirational blocks in " in out
    first, last = demo_con.execute("SELECT min(period), max(period) FROM observations").fetchone()
    assert f"periods {label(first)} to {label(last)};" in out
    for table in db.TABLES:
        count = demo_con.execute("SELECT count(*) FROM " + table).fetchone()[0]
        assert re.search(rf"^  {table}\s+{count:,} rows$", out, re.MULTILINE), (table, count)
    assert demo_con.execute("SELECT count(*) FROM observations").fetchone()[0] > 0
    assert err == ""


# ---------------------------------------------------------------- overview


def _overview_csv(demo_db, tmp_path, capsys, *extra: str, name: str = "overview.csv") -> tuple[pd.DataFrame, str]:
    out_path = tmp_path / name
    assert main(["overview", "--db", str(demo_db), "--period", "2025-06", "--out", str(out_path), *extra]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    frame = pd.read_csv(out_path, dtype={"unit_id": str, "state_id": str})
    assert f"Wrote {len(frame)} rows to {out_path}" in out
    return frame, out


def test_overview_csv_has_one_row_per_aspirational_block(demo_db, demo_con, tmp_path, capsys):
    frame, _ = _overview_csv(demo_db, tmp_path, capsys)
    assert {"unit_id", "composite", "rank"} <= set(frame.columns)
    expected_ids = {
        row[0]
        for row in demo_con.execute("SELECT unit_id FROM units WHERE level = 'block' AND aspirational").fetchall()
    }
    assert len(expected_ids) == 500
    assert len(frame) == len(expected_ids)
    assert frame.unit_id.is_unique and set(frame.unit_id) == expected_ids
    ranked = frame.dropna(subset=["composite"])
    assert len(ranked) > 0 and ranked["rank"].min() == 1
    # rank 1 is the highest composite
    assert ranked.loc[ranked["rank"] == 1, "composite"].max() == ranked.composite.max()


def test_overview_rank_1_row_is_the_first_line_of_the_printed_top_10(demo_db, tmp_path, capsys):
    frame, out = _overview_csv(demo_db, tmp_path, capsys)
    assert "Official default ranking" in out and "2025-06" in out
    lines = out.splitlines()
    top_header = lines.index("Top 10")
    assert lines[top_header + 1].split() == ["rank", "block", "district", "state", "composite"]
    first = lines[top_header + 2]
    best = frame.dropna(subset=["composite"]).sort_values(["rank", "unit_name"]).iloc[0]
    assert best["rank"] == 1
    pattern = (
        rf"^\s*1\s+{re.escape(best.unit_name)}\s+{re.escape(best.district)}\s+"
        rf"{re.escape(best.state)}\s+{best.composite:.1f}$"
    )
    assert re.match(pattern, first), (first, best.to_dict())
    # the Top 10 block has ten ranked rows before the blank line and "Bottom 10"
    bottom_header = lines.index("Bottom 10")
    assert bottom_header - top_header == 13  # "Top 10", header, 10 rows, blank


def test_state_name_and_state_id_give_the_same_rows_and_only_that_state(demo_db, demo_con, tmp_path, capsys):
    bihar_id = demo_con.execute("SELECT unit_id FROM units WHERE level = 'state' AND name = 'Bihar'").fetchone()[0]
    assert bihar_id == "S10"
    by_name, _ = _overview_csv(demo_db, tmp_path, capsys, "--state", "Bihar", name="by_name.csv")
    by_id, _ = _overview_csv(demo_db, tmp_path, capsys, "--state", "S10", name="by_id.csv")
    pd.testing.assert_frame_equal(by_name, by_id)
    assert set(by_name.state) == {"Bihar"} and set(by_name.state_id) == {"S10"}
    assert len(by_name) == _aspirational_count(demo_con, "AND b.state_id = ?", ["S10"]) > 0
    # filtering by state keeps all-India ranks; it does not re-rank within the state
    everyone, _ = _overview_csv(demo_db, tmp_path, capsys, name="all.csv")
    all_india = everyone.set_index("unit_id").loc[by_name.unit_id, "rank"]
    assert by_name["rank"].tolist() == all_india.tolist()
    assert len(everyone) > len(by_name)


# ---------------------------------------------------------------- bad input: exit 2, one line, no traceback


def test_impossible_month_is_a_clean_error(demo_db, capsys):
    message = _assert_clean_error(capsys, ["overview", "--db", str(demo_db), "--period", "2027-13"])
    assert "'2027-13'" in message and "YYYY-MM" in message


def test_period_outside_the_data_names_the_covered_range(demo_db, demo_con, capsys):
    first, last = demo_con.execute("SELECT min(period), max(period) FROM observations").fetchone()
    assert (label(first), label(last)) == ("2023-01", "2026-09")
    message = _assert_clean_error(capsys, ["overview", "--db", str(demo_db), "--period", "2030-01"])
    assert "2030-01" in message
    assert f"{label(first)} to {label(last)}" in message


def test_unknown_state_is_a_clean_error_suggesting_a_name_or_id(demo_db, capsys):
    message = _assert_clean_error(
        capsys, ["overview", "--db", str(demo_db), "--period", "2025-06", "--state", "Narnia"]
    )
    assert "'Narnia'" in message and "state name or id" in message


@pytest.mark.parametrize("command", [["info"], ["overview", "--period", "2025-06"]])
def test_missing_database_is_a_clean_error_saying_how_to_build_it(command, capsys):
    missing = "/nonexistent/x.duckdb"
    message = _assert_clean_error(capsys, [command[0], "--db", missing, *command[1:]])
    assert missing in message and "does not exist" in message
    assert "python -m lib demo" in message


def test_bad_catalogue_file_names_file_line_and_column_and_loads_nothing(demo_db, tmp_path, capsys):
    target = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, target)
    lines = CATALOGUE_CSV.read_text().splitlines()
    fields = lines[2].split(",")
    fields[COLUMNS.index("direction")] = "sideways"
    bad = tmp_path / "edited.csv"
    bad.write_text("\n".join([lines[0], lines[1], ",".join(fields)]) + "\n")

    assert main(["import", "catalogue", str(bad), "--db", str(target)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and out == ""
    assert len(_error_lines(err)) == 1 and err.startswith("error: ")
    assert "edited.csv, line 3, column 'direction'" in err and "sideways" in err
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM loads WHERE source = 'edited.csv'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == len(read_catalogue())


# ---------------------------------------------------------------- catalogue reload


def test_catalogue_reload_on_a_copy_loads_every_indicator_and_audits_it(demo_db, tmp_path, capsys, monkeypatch):
    target = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, target)
    demo_sha = db.file_sha256(demo_db)
    with duckdb.connect(str(target), read_only=True) as con:
        loads_before = con.execute("SELECT count(*), max(load_id) FROM loads").fetchone()

    monkeypatch.chdir(PROJECT_ROOT)
    # The demo loaded this very file: loading it again changes nothing and adds no audit row.
    assert main(["import", "catalogue", "data/indicators.csv", "--db", str(target)]) == 0
    out, _ = capsys.readouterr()
    assert "already loaded" in out and "nothing changed" in out
    edited = tmp_path / "indicators.csv"
    edited.write_text(CATALOGUE_CSV.read_text().replace("ANC 1st trimester", "ANC in 1st trimester"))
    assert main(["import", "catalogue", str(edited), "--db", str(target)]) == 0
    out, err = capsys.readouterr()
    expected = len(read_catalogue())
    assert expected == 39
    assert out.strip() == f"loaded {expected} indicators from indicators.csv"
    assert err == ""

    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == expected
        count, last_id = con.execute("SELECT count(*), max(load_id) FROM loads").fetchone()
        assert count == loads_before[0] + 1 and last_id == loads_before[1] + 1
        kind, source, sha, rows_in = con.execute(
            "SELECT kind, source, sha256, rows_in FROM loads WHERE load_id = ?", [last_id]
        ).fetchone()
        short_name = con.execute(
            "SELECT short_name FROM indicators WHERE indicator_id = 'anc_first_trimester'"
        ).fetchone()[0]
    assert (kind, source, rows_in) == ("catalogue", CATALOGUE_CSV.name, expected)
    assert sha == db.file_sha256(edited) and short_name == "ANC in 1st trimester"
    assert db.file_sha256(demo_db) == demo_sha  # the shared demo database was not touched


@pytest.mark.parametrize("command", [["info"], ["overview"], ["overview", "--period", "2025-06"]])
def test_database_with_catalogue_only_is_a_clean_error(command, tmp_path, capsys):
    empty = tmp_path / "catalogue_only.duckdb"
    assert main(["import", "catalogue", str(CATALOGUE_CSV), "--db", str(empty)]) == 0
    capsys.readouterr()
    message = _assert_clean_error(capsys, [*command, "--db", str(empty)])
    assert "no units or observations" in message and "python -m lib demo" in message


def test_a_file_that_is_not_duckdb_is_a_clean_error(capsys):
    message = _assert_clean_error(capsys, ["info", "--db", str(CATALOGUE_CSV)])
    assert "could not be opened as a DuckDB database" in message and "indicators.csv" in message
