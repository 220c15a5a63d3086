"""The indicator catalogue: the shipped file, and bad files reported by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib import db
from lib.catalogue import COLUMNS, read_catalogue
from lib.config import CATALOGUE_CSV
from lib.errors import InputError
from lib.ingest.catalogue import import_catalogue

SHIPPED_LINES = CATALOGUE_CSV.read_text().splitlines()
HEADER = SHIPPED_LINES[0]


def _row(indicator_id: str, direction: str = "higher", **overrides: str) -> str:
    """One catalogue line with sensible values, overridable per column."""
    values = {
        "indicator_id": indicator_id,
        "name": f"Indicator {indicator_id}",
        "short_name": indicator_id,
        "theme": "Health & Nutrition",
        "score_group": "health",
        "unit": "%",
        "direction": direction,
        "periodicity": "monthly",
        "sdg_goal": "3",
        "sdg_target": "3.1",
        "sampoornata": "false",
        "source": "HMIS",
        "valid_min": "0",
        "valid_max": "100",
        "target": "",
        "official_name": "",
        "aliases": "",
        "name_hi": "",
        "short_name_hi": "",
    }
    values.update(overrides)
    return ",".join(values[c] for c in COLUMNS)


def _write(tmp_path: Path, lines: list[str], name: str = "bad_catalogue.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _problems(path: Path) -> list:
    with pytest.raises(InputError) as caught:
        read_catalogue(path)
    return caught.value.problems


# ---------------------------------------------------------------- shipped file


def test_shipped_catalogue_has_39_indicators_with_unique_ids():
    cat = read_catalogue()
    assert len(cat) == 39
    assert cat.indicator_id.is_unique


def test_shipped_catalogue_score_group_counts():
    counts = read_catalogue().score_group.value_counts().to_dict()
    assert counts == {"health": 7, "nutrition": 7, "education": 11, "agriculture": 5, "infrastructure": 5, "social": 4}


def test_exactly_the_six_sampoornata_kpis_are_flagged():
    cat = read_catalogue()
    flagged = set(cat.loc[cat.sampoornata, "indicator_id"])
    assert flagged == {
        "anc_first_trimester",
        "diabetes_screening",
        "hypertension_screening",
        "pw_supplementary_nutrition",
        "soil_health_cards",
        "shg_revolving_fund",
    }
    assert cat.sampoornata.dtype == bool


def test_lower_is_better_indicators_are_exactly_the_four_expected():
    cat = read_catalogue()
    lower = set(cat.loc[cat.direction == "lower", "indicator_id"])
    assert lower == {"low_birth_weight", "sam_children", "mam_children", "groundwater_extraction"}
    assert set(cat.direction) == {"higher", "lower"}


def test_importing_the_catalogue_fills_indicators_table_and_writes_one_audit_row():
    con = db.connect(":memory:")
    assert import_catalogue(con, CATALOGUE_CSV)["rows"] == 39
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 39
    kind, source, sha, rows_in = con.execute("SELECT kind, source, sha256, rows_in FROM loads").fetchall()[0]
    assert (kind, source, rows_in) == ("catalogue", CATALOGUE_CSV.name, 39)
    assert sha == db.file_sha256(CATALOGUE_CSV)
    gw = con.execute(
        "SELECT valid_max, direction FROM indicators WHERE indicator_id = 'groundwater_extraction'"
    ).fetchone()
    assert gw == (400.0, "lower")


# ---------------------------------------------------------------- bad files


def test_bad_direction_on_line_3_is_reported_with_file_line_and_column(tmp_path):
    path = _write(tmp_path, [HEADER, _row("a"), _row("b", direction="sideways"), _row("c")])
    problems = _problems(path)
    assert [(p.source, p.row, p.column) for p in problems] == [("bad_catalogue.csv", 3, "direction")]
    assert "sideways" in problems[0].message
    with pytest.raises(InputError, match=r"bad_catalogue\.csv, line 3, column 'direction'"):
        read_catalogue(path)


def test_duplicate_id_is_reported_on_the_line_of_the_second_occurrence(tmp_path):
    path = _write(tmp_path, [HEADER, _row("a"), _row("b"), _row("c"), _row("b")])
    problems = _problems(path)
    assert [(p.source, p.row, p.column) for p in problems] == [("bad_catalogue.csv", 5, "indicator_id")]
    assert "'b'" in problems[0].message


def test_missing_column_is_reported_on_the_header_line(tmp_path):
    header = HEADER.replace(",periodicity", "")
    row = _row("a").split(",")
    del row[COLUMNS.index("periodicity")]
    path = _write(tmp_path, [header, ",".join(row)])
    problems = _problems(path)
    assert [(p.source, p.row, p.column) for p in problems] == [("bad_catalogue.csv", 1, "periodicity")]


def test_empty_required_field_is_reported_with_its_column(tmp_path):
    path = _write(tmp_path, [HEADER, _row("a"), _row("b"), _row("c", score_group="")])
    problems = _problems(path)
    assert [(p.row, p.column) for p in problems] == [(4, "score_group")]
    assert "empty" in problems[0].message


def test_every_problem_in_a_file_is_reported_in_one_pass(tmp_path):
    path = _write(
        tmp_path,
        [
            HEADER,
            _row("a", unit="kg"),  # line 2: unit not allowed
            _row("b", periodicity="weekly", valid_max="x"),  # line 3: two problems
            _row("c", sampoornata="maybe"),  # line 4
        ],
    )
    found = {(p.row, p.column) for p in _problems(path)}
    assert found == {(2, "unit"), (3, "periodicity"), (3, "valid_max"), (4, "sampoornata")}


def test_optional_columns_may_be_empty(tmp_path):
    path = _write(
        tmp_path, [HEADER, _row("a", sdg_goal="", sdg_target="", source="", valid_min="", valid_max="", sampoornata="")]
    )
    cat = read_catalogue(path)
    assert cat.sdg_goal.isna().item() and cat.valid_max.isna().item()
    assert not cat.sampoornata.item()


def test_line_numbers_stay_true_after_a_blank_line(tmp_path):
    # header (1), a (2), blank (3), bad (4): the bad row is on line 4 of the file.
    path = _write(tmp_path, [HEADER, _row("a"), "", _row("b", direction="up")])
    assert [(p.row, p.column) for p in _problems(path)] == [(4, "direction")]


def test_fractional_sdg_goal_is_an_input_error_not_a_crash(tmp_path):
    path = _write(tmp_path, [HEADER, _row("a"), _row("b", sdg_goal="3.5")])
    assert [(p.row, p.column) for p in _problems(path)] == [(3, "sdg_goal")]


def test_failed_load_keeps_previous_indicators_and_writes_no_audit_row(tmp_path):
    con = db.connect(":memory:")
    import_catalogue(con, CATALOGUE_CSV)
    before = con.execute("SELECT * FROM indicators ORDER BY indicator_id").fetchall()
    bad = _write(tmp_path, [HEADER, _row("new_one"), _row("other", direction="sideways")])
    with pytest.raises(InputError):
        import_catalogue(con, bad)
    assert con.execute("SELECT * FROM indicators ORDER BY indicator_id").fetchall() == before
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1


def test_good_replacement_catalogue_replaces_the_table(tmp_path):
    con = db.connect(":memory:")
    import_catalogue(con, CATALOGUE_CSV)
    small = _write(tmp_path, [HEADER, _row("a"), _row("b", direction="lower")], name="small.csv")
    assert import_catalogue(con, small)["rows"] == 2
    rows = con.execute("SELECT indicator_id, direction FROM indicators ORDER BY 1").fetchall()
    assert rows == [("a", "higher"), ("b", "lower")]
    assert con.execute("SELECT load_id, source, rows_in FROM loads ORDER BY load_id").fetchall() == [
        (1, CATALOGUE_CSV.name, 39),
        (2, "small.csv", 2),
    ]


# ---------------------------------------------------------------- range and goal checks


def test_valid_min_above_valid_max_is_reported_on_valid_max(tmp_path):
    path = _write(tmp_path, [HEADER, _row("a"), _row("b", valid_min="80", valid_max="20")])
    problems = _problems(path)
    assert [(p.source, p.row, p.column) for p in problems] == [("bad_catalogue.csv", 3, "valid_max")]
    assert "20" in problems[0].message and "80" in problems[0].message
    with pytest.raises(InputError, match=r"bad_catalogue\.csv, line 3, column 'valid_max'"):
        read_catalogue(path)


def test_valid_min_equal_to_valid_max_is_allowed(tmp_path):
    path = _write(tmp_path, [HEADER, _row("a", valid_min="5", valid_max="5")])
    cat = read_catalogue(path)
    assert (cat.valid_min.item(), cat.valid_max.item()) == (5.0, 5.0)


@pytest.mark.parametrize("goal", ["0", "18", "-3"])
def test_sdg_goal_outside_1_to_17_is_an_input_error(tmp_path, goal):
    path = _write(tmp_path, [HEADER, _row("a"), _row("b", sdg_goal=goal)])
    problems = _problems(path)
    assert [(p.row, p.column) for p in problems] == [(3, "sdg_goal")]
    assert f"'{goal}'" in problems[0].message and "1-17" in problems[0].message


@pytest.mark.parametrize("goal", ["1", "17"])
def test_sdg_goals_1_and_17_are_accepted(tmp_path, goal):
    cat = read_catalogue(_write(tmp_path, [HEADER, _row("a", sdg_goal=goal)]))
    assert cat.sdg_goal.item() == int(goal)


# ---------------------------------------------------------------- unreadable files


def test_empty_file_is_an_input_error_saying_what_it_needs(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].source == "empty.csv"
    assert "empty" in problems[0].message and "header" in problems[0].message


def test_non_utf8_file_is_an_input_error_saying_to_save_as_utf8(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"indicator_id,name\n\xff\xfe\n")
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].source == "latin.csv"
    assert "UTF-8" in problems[0].message and "save it as" in problems[0].message


def test_missing_file_is_an_input_error_naming_the_path(tmp_path):
    path = tmp_path / "no_such_dir" / "indicators.csv"
    problems = _problems(path)
    assert len(problems) == 1
    assert str(path) in problems[0].message and "not found" in problems[0].message


def test_utf8_file_with_a_bom_as_excel_writes_it_loads_like_the_shipped_file(tmp_path):
    shipped = CATALOGUE_CSV.read_bytes()
    assert not shipped.startswith(b"\xef\xbb\xbf")
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + shipped)
    cat = read_catalogue(path)
    assert cat.columns[0] == "indicator_id"
    assert len(cat) == 39
    pd.testing.assert_frame_equal(cat, read_catalogue())


def test_target_column_is_optional_and_numeric(tmp_path):
    without_target = ",".join(c for c in COLUMNS if c != "target")
    row = _row("a").rsplit(",", 1)[0]  # drop the empty target value
    assert read_catalogue(_write(tmp_path, [without_target, row], "old.csv")).target.isna().all()
    assert read_catalogue(_write(tmp_path, [HEADER, _row("b", target="90")], "t.csv")).target.item() == 90.0
    with pytest.raises(InputError, match="target"):
        read_catalogue(_write(tmp_path, [HEADER, _row("c", target="ninety")], "bad.csv"))


def test_shipped_catalogue_sets_the_groundwater_target():
    catalogue = read_catalogue()
    assert catalogue.set_index("indicator_id").target["groundwater_extraction"] == 70.0


def test_a_catalogue_with_two_indicators_whose_names_read_alike_is_refused(tmp_path):
    # "SAM children" and "SAM - Children" differ only in case and punctuation: a file's name could mean either
    path = _write(tmp_path, [",".join(COLUMNS), _row("sam", name="SAM children"), _row("mam", name="SAM - Children")])
    with pytest.raises(InputError) as caught:
        read_catalogue(path)
    assert "name 'SAM - Children' of mam reads the same as name 'SAM children' of sam" in str(caught.value)
