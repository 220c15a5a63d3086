"""Catalogue imports (lib/ingest/catalogue.py) and cohort imports (lib/ingest/cohorts.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import db
from lib.config import CATALOGUE_CSV
from lib.errors import InputError
from lib.ingest.catalogue import import_catalogue
from lib.ingest.cohorts import import_cohorts

HEADER = (
    "indicator_id,name,short_name,theme,score_group,unit,direction,periodicity,sdg_goal,sdg_target,"
    "sampoornata,source,valid_min,valid_max,target\n"
)
ROWS = {
    "anc": "anc,ANC in first trimester,ANC,Health & Nutrition,health,%,higher,monthly,3,3.1,true,HMIS,0,100,\n",
    "lbw": "lbw,Low birth weight,LBW,Health & Nutrition,health,%,lower,monthly,2,2.2,false,HMIS,0,100,\n",
    "soil": "soil,Soil health cards,Soil cards,Agriculture,agriculture,%,higher,annual,2,2.4,false,MoA,0,100,\n",
    "pucca": "pucca,Pucca houses,Pucca,Basic Infrastructure,infrastructure,%,higher,annual,11,11.1,false,PMAY,0,100,\n",
}


def catalogue_file(path: Path, ids, lbw_direction: str = "lower") -> Path:
    path.write_text(HEADER + "".join(ROWS[i].replace(",lower,", f",{lbw_direction},") for i in ids))
    return path


def add_values(con, indicator_id: str, count: int) -> None:
    for number in range(count):
        con.execute(
            "INSERT INTO observations VALUES (?, ?, DATE '2024-01-01', 50, NULL, NULL, 1)", [f"B{number}", indicator_id]
        )


def table(con, name: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM {name} ORDER BY ALL").df()


@pytest.fixture()
def con():
    connection = db.connect(":memory:")
    yield connection
    connection.close()


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue_import_fills_indicators_and_audits_who_loaded_it(con, tmp_path):
    outcome = import_catalogue(con, catalogue_file(tmp_path / "cat.csv", ["anc", "lbw"]), loaded_by="asha")
    assert outcome["status"] == "loaded" and outcome["rows"] == 2
    assert con.execute(
        "SELECT indicator_id, direction, sampoornata, sdg_goal FROM indicators ORDER BY indicator_id"
    ).fetchall() == [("anc", "higher", True, 3), ("lbw", "lower", False, 2)]
    assert con.execute("SELECT kind, source, rows_in, loaded_by FROM loads").fetchall() == [
        ("catalogue", "cat.csv", 2, "asha")
    ]


def test_shipped_and_example_catalogues_load(con):
    assert import_catalogue(con, CATALOGUE_CSV)["rows"] == 39
    assert import_catalogue(con, CATALOGUE_CSV.parent / "catalogues" / "nfhs5_districts.csv")["rows"] == 18
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 18


def test_the_same_catalogue_again_is_unchanged(con, tmp_path):
    path = catalogue_file(tmp_path / "cat.csv", ["anc", "lbw"])
    first = import_catalogue(con, path)
    again = import_catalogue(con, path)
    assert again == {
        "status": "unchanged",
        "load_id": first["load_id"],
        "rows": 0,
        "message": "cat.csv was already loaded (load 1); nothing changed",
    }
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1


def test_an_earlier_catalogue_loads_again_after_another_replaced_it(con, tmp_path):
    both = catalogue_file(tmp_path / "both.csv", ["anc", "lbw"])
    import_catalogue(con, both)
    import_catalogue(con, catalogue_file(tmp_path / "one.csv", ["anc"]))
    assert import_catalogue(con, both)["status"] == "loaded"
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 2


def test_going_back_to_an_earlier_catalogue_with_the_same_ids_restores_it(con, tmp_path):
    original = catalogue_file(tmp_path / "original.csv", ["anc", "lbw"])
    import_catalogue(con, original)
    import_catalogue(con, catalogue_file(tmp_path / "flipped.csv", ["anc", "lbw"], lbw_direction="higher"))
    import_catalogue(con, original)
    assert con.execute("SELECT direction FROM indicators WHERE indicator_id = 'lbw'").fetchone() == ("lower",)


def test_catalogue_leaving_out_indicators_with_values_is_refused_naming_each(con, tmp_path):
    import_catalogue(con, catalogue_file(tmp_path / "all.csv", ["anc", "lbw", "soil"]))
    add_values(con, "lbw", 2)
    add_values(con, "soil", 3)
    before = table(con, "indicators"), table(con, "loads")
    with pytest.raises(InputError) as refused:
        import_catalogue(con, catalogue_file(tmp_path / "anc_only.csv", ["anc"]))
    assert [
        (p.column, p.message.split(" is missing")[0], "2 values" in p.message, "3 values" in p.message)
        for p in refused.value.problems
    ] == [("indicator_id", "'lbw'", True, False), ("indicator_id", "'soil'", False, True)]
    pd.testing.assert_frame_equal(table(con, "indicators"), before[0])
    pd.testing.assert_frame_equal(table(con, "loads"), before[1])


def test_catalogue_may_leave_out_an_indicator_without_values(con, tmp_path):
    import_catalogue(con, catalogue_file(tmp_path / "all.csv", ["anc", "lbw"]))
    add_values(con, "anc", 1)
    assert import_catalogue(con, catalogue_file(tmp_path / "anc.csv", ["anc"]))["rows"] == 1


def test_catalogue_with_a_bad_row_is_refused_and_the_old_one_kept(con, tmp_path):
    import_catalogue(con, catalogue_file(tmp_path / "good.csv", ["anc"]))
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + ROWS["anc"].replace(",higher,", ",up,"))
    with pytest.raises(InputError, match=r"bad.csv, line 2, column 'direction': 'up' is not one of higher, lower"):
        import_catalogue(con, bad)
    assert con.execute("SELECT indicator_id, direction FROM indicators").fetchall() == [("anc", "higher")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kept=st.sets(st.sampled_from(sorted(ROWS)), min_size=1), with_values=st.sets(st.sampled_from(sorted(ROWS))))
def test_a_catalogue_is_refused_exactly_when_it_drops_an_indicator_with_values(tmp_path, kept, with_values):
    con = db.connect(":memory:")
    import_catalogue(con, catalogue_file(tmp_path / "all.csv", sorted(ROWS)))
    for indicator_id in with_values:
        add_values(con, indicator_id, 1)
    path = catalogue_file(tmp_path / "subset.csv", sorted(kept))
    dropped_with_values = sorted(with_values - kept)
    if dropped_with_values:
        with pytest.raises(InputError) as refused:
            import_catalogue(con, path)
        assert [p.message.split("'")[1] for p in refused.value.problems] == dropped_with_values
        assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == len(ROWS)
    else:
        import_catalogue(con, path)
        assert sorted(r[0] for r in con.execute("SELECT indicator_id FROM indicators").fetchall()) == sorted(kept)


# --- cohorts ------------------------------------------------------------------------------------

BLOCKS = ["B900001", "B900002", "B900003", "B900004"]


def add_blocks(con) -> None:
    con.execute(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES ('S09', 'state', 'Uttar Pradesh', '09', NULL, 'S09', NULL, false), "
        "('D164', 'district', 'Alpha', '164', 'S09', 'S09', 'D164', true)"
    )
    for unit_id in BLOCKS:
        con.execute(
            "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
            "VALUES (?, 'block', ?, ?, 'D164', 'S09', 'D164', true)",
            [unit_id, f"Block {unit_id[-1]}", unit_id[1:]],
        )


@pytest.fixture()
def blocks_con(con):
    add_blocks(con)
    return con


def cohort_file(path: Path, *rows: str) -> Path:
    path.write_text("block_code,cohort,start_month\n" + "".join(row + "\n" for row in rows))
    return path


def members(con) -> list[tuple]:
    return con.execute("SELECT cohort_id, unit_id FROM cohort_members ORDER BY ALL").fetchall()


def test_cohorts_load_by_lgd_code_or_unit_id_and_are_audited(blocks_con, tmp_path):
    path = cohort_file(
        tmp_path / "c.csv", "900001,Round 1,2024-04", "B900002,Round 1,2024-04", "900003,Round 2,2024-07"
    )
    outcome = import_cohorts(blocks_con, path, loaded_by="asha")
    assert outcome["status"] == "loaded" and outcome["rows"] == 3
    assert blocks_con.execute(
        "SELECT cohort_id, name, CAST(start_period AS VARCHAR) FROM cohorts ORDER BY cohort_id"
    ).fetchall() == [("round_1", "Round 1", "2024-04-01"), ("round_2", "Round 2", "2024-07-01")]
    assert members(blocks_con) == [("round_1", "B900001"), ("round_1", "B900002"), ("round_2", "B900003")]
    assert blocks_con.execute("SELECT kind, rows_in, loaded_by FROM loads").fetchall() == [("cohorts", 3, "asha")]


def test_a_cohort_in_a_new_file_replaces_only_that_cohort(blocks_con, tmp_path):
    import_cohorts(
        blocks_con,
        cohort_file(
            tmp_path / "first.csv", "900001,Round 1,2024-04", "900002,Round 1,2024-04", "900003,Round 2,2024-07"
        ),
    )
    import_cohorts(blocks_con, cohort_file(tmp_path / "fix.csv", "900004,Round 1,2024-05"))
    assert blocks_con.execute(
        "SELECT cohort_id, CAST(start_period AS VARCHAR) FROM cohorts ORDER BY cohort_id"
    ).fetchall() == [("round_1", "2024-05-01"), ("round_2", "2024-07-01")]
    assert members(blocks_con) == [("round_1", "B900004"), ("round_2", "B900003")]


@pytest.mark.parametrize("spelling", ["round 1", "Round 1!", "ROUND-1"])
def test_a_differently_spelled_name_for_an_existing_cohort_is_refused_unless_explicit(blocks_con, tmp_path, spelling):
    import_cohorts(blocks_con, cohort_file(tmp_path / "first.csv", "900001,Round 1,2024-04", "900002,Round 1,2024-04"))
    typo = cohort_file(tmp_path / "typo.csv", f"900004,{spelling},2024-05")
    with pytest.raises(InputError, match="would replace the existing cohort 'Round 1' \\(2 blocks\\)") as refused:
        import_cohorts(blocks_con, typo)
    assert refused.value.problems[0].column == "cohort"
    assert members(blocks_con) == [("round_1", "B900001"), ("round_1", "B900002")]  # untouched
    assert blocks_con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    import_cohorts(blocks_con, typo, replace_renamed=True)
    assert members(blocks_con) == [("round_1", "B900004")]
    assert blocks_con.execute("SELECT name FROM cohorts").fetchall() == [(spelling,)]


def test_the_same_cohort_file_again_is_unchanged(blocks_con, tmp_path):
    path = cohort_file(tmp_path / "c.csv", "900001,Round 1,2024-04")
    import_cohorts(blocks_con, path)
    assert import_cohorts(blocks_con, path)["status"] == "unchanged"
    assert blocks_con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    assert members(blocks_con) == [("round_1", "B900001")]


def test_going_back_to_an_earlier_cohort_file_restores_its_members(blocks_con, tmp_path):
    original = cohort_file(tmp_path / "original.csv", "900001,Round 1,2024-04")
    import_cohorts(blocks_con, original)
    import_cohorts(blocks_con, cohort_file(tmp_path / "other.csv", "900002,Round 1,2024-04"))
    import_cohorts(blocks_con, original)
    assert members(blocks_con) == [("round_1", "B900001")]


def test_bad_cohort_rows_are_all_reported_and_nothing_changes(blocks_con, tmp_path):
    import_cohorts(blocks_con, cohort_file(tmp_path / "good.csv", "900001,Round 1,2024-04"))
    before = {name: table(blocks_con, name) for name in ("cohorts", "cohort_members", "loads")}
    path = cohort_file(tmp_path / "bad.csv", "999999,Round 1,2024-04", "900002,Round 1,April", "900003,,2024-04")
    with pytest.raises(InputError) as refused:
        import_cohorts(blocks_con, path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "block_code"), (3, "start_month"), (4, "cohort")]
    for name, frame in before.items():
        pd.testing.assert_frame_equal(table(blocks_con, name), frame)


def test_a_block_listed_twice_in_one_cohort_is_refused(blocks_con, tmp_path):
    path = cohort_file(tmp_path / "twice.csv", "900001,Round 1,2024-04", "B900001,Round 1,2024-04")
    with pytest.raises(InputError, match="line 3.*listed twice in cohort 'Round 1' \\(first on line 2\\)"):
        import_cohorts(blocks_con, path)
    assert members(blocks_con) == []


def test_cohorts_of_a_district_level_dataset_list_districts(con, tmp_path):
    con.execute(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES ('S09', 'state', 'Uttar Pradesh', '09', NULL, 'S09', NULL, false), "
        "('D164', 'district', 'Alpha', '164', 'S09', 'S09', 'D164', false), "
        "('D165', 'district', 'Beta', '165', 'S09', 'S09', 'D165', false)"
    )
    db.set_meta(con, {"unit_level": "district"})
    import_cohorts(con, cohort_file(tmp_path / "d.csv", "164,District pilots,2023-10"))
    assert members(con) == [("district_pilots", "D164")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Round A", "Round B", None]), min_size=4, max_size=4).filter(lambda picks: any(picks)))
def test_cohort_members_are_exactly_the_rows_of_the_file(tmp_path, picks):
    con = db.connect(":memory:")
    add_blocks(con)
    rows = [f"{block},{name},2024-04" for block, name in zip(BLOCKS, picks, strict=True) if name]
    import_cohorts(con, cohort_file(tmp_path / "c.csv", *rows))
    expected = sorted(
        (name.lower().replace(" ", "_"), block) for block, name in zip(BLOCKS, picks, strict=True) if name
    )
    assert members(con) == expected


def test_a_catalogue_whose_new_range_excludes_loaded_values_is_refused(con, tmp_path):
    import_catalogue(con, catalogue_file(tmp_path / "all.csv", ["anc", "lbw"]))
    add_values(con, "anc", 3)  # three values of 50
    narrowed = tmp_path / "narrow.csv"
    narrowed.write_text(HEADER + ROWS["anc"].replace(",0,100,", ",0,10,") + ROWS["lbw"])
    with pytest.raises(InputError) as refused:
        import_catalogue(con, narrowed)
    assert [p.message for p in refused.value.problems] == [
        "'anc': 3 loaded values lie outside the new valid range 0.0 to 10.0 (they run from 50 to 50); widen the "
        "range, or correct the values first"
    ]


@pytest.mark.parametrize(
    "row, column, says",
    [
        (ROWS["anc"].replace(",health,", ",wellbeing,"), "score_group", "'wellbeing' is not one of health"),
        (ROWS["anc"].replace("anc,", "anc:1,", 1), "indicator_id", "'anc:1' has characters other than"),
        (ROWS["anc"].replace("anc,", '"anc,x",', 1), "indicator_id", "'anc,x' has characters other than"),
        (ROWS["anc"].replace(",0,100,\n", ",0,100,120\n"), "target", "target 120 is outside the valid range 0 to 100"),
    ],
)
def test_a_catalogue_row_that_would_break_the_ranking_or_links_is_refused(con, tmp_path, row, column, says):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + row)
    with pytest.raises(InputError) as refused:
        import_catalogue(con, path)
    assert any(p.column == column and says in p.message for p in refused.value.problems), refused.value.problems
