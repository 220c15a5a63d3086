"""Matching the units named in users' files to the database's units (lib.ingest.units).

The catalogues here are written by hand, so every expected unit id below can be
checked by reading the table at the top of this file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lib.ingest.units import UnitCatalogue, match_units, normalise_name

UNIT_COLUMNS = ["unit_id", "lgd_code", "name", "state_id", "state", "district_id", "district"]

# Blocks: two 'Rampur's in different districts of one state, so a name alone is ambiguous
# there; LGD codes with leading zeros, as published.
BLOCKS = pd.DataFrame(
    [
        ("B0801", "0801", "Rampur", "S09", "Uttar Pradesh", "D164", "Bareilly"),
        ("B0802", "0802", "Rampur", "S09", "Uttar Pradesh", "D165", "Budaun"),
        ("B0803", "0803", "Bhojipura", "S09", "Uttar Pradesh", "D164", "Bareilly"),
        ("B0804", "0804", "Fatehganj West", "S09", "Uttar Pradesh", "D164", "Bareilly"),
        ("B2801", "2801", "Pulivendula", "S28", "Andhra Pradesh", "D300", "Y.S.R. Kadapa"),
        ("B3501", "3501", "Car Nicobar", "S35", "Andaman and Nicobar Islands", "D400", "Nicobars"),
    ],
    columns=UNIT_COLUMNS,
)

# Districts: one 'Aurangabad' in Bihar and one in Maharashtra (as in LGD).
DISTRICTS = pd.DataFrame(
    [
        ("D164", "164", "Bareilly", "S09", "Uttar Pradesh", None, None),
        ("D165", "165", "Budaun", "S09", "Uttar Pradesh", None, None),
        ("D300", "300", "Y.S.R. Kadapa", "S28", "Andhra Pradesh", None, None),
        ("D400", "400", "Nicobars", "S35", "Andaman and Nicobar Islands", None, None),
        ("D500", "500", "Aurangabad", "S10", "Bihar", None, None),
        ("D501", "501", "Aurangabad", "S27", "Maharashtra", None, None),
    ],
    columns=UNIT_COLUMNS,
)

NO_SUGGESTION = {"suggestion_id": None, "suggestion": None, "score": None}


def match(level: str, units: pd.DataFrame, **columns) -> pd.DataFrame:
    """match_units on rows built from keyword columns of equal length."""
    return match_units(UnitCatalogue(level, units), pd.DataFrame(columns))


def match_one(level: str, units: pd.DataFrame, **cells) -> dict:
    result = match(level, units, **{key: [value] for key, value in cells.items()})
    assert len(result) == 1
    return {key: none_if_missing(value) for key, value in result.iloc[0].to_dict().items()}


def none_if_missing(value):
    """NaN and None both mean "nothing" in match_units' result (which one depends on the column's dtype)."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


# --- normalise_name -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Y.S.R. Kadapa District ", "y s r kadapa"),
        ("Andaman & Nicobar", "andaman and nicobar"),
        ("Andaman and Nicobar", "andaman and nicobar"),
        ("FATEHGANJ  WEST", "fatehganj west"),
        ("Fatehganj West Block", "fatehganj west"),
        ("Haveli Tehsil", "haveli"),
        ("Mulshi taluka", "mulshi"),
        ("Kadiri Mandal", "kadiri"),
        ("Block 1", "block 1"),  # only a trailing 'block' is a suffix
        ("District 101", "district 101"),
        ("State  1.", "state 1"),
        ("North-East", "north east"),
        ("Bareilly District District", "bareilly district"),  # one suffix is removed, not all
    ],
)
def test_normalise_name_ignores_case_punctuation_and_a_trailing_level_word(text, expected):
    assert normalise_name(text) == expected


def test_normalise_name_keeps_words_that_tell_places_apart():
    assert normalise_name("West Champaran") != normalise_name("East Champaran")
    assert normalise_name("Rampur") != normalise_name("Rampura")


# --- by code ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [
        ("0801", "B0801"),  # as published
        ("801", "B0801"),  # leading zeros lost (e.g. by a spreadsheet)
        ("801.0", "B0801"),  # a code that went through a float column
        (" 0803 ", "B0803"),
        ("B0802", "B0802"),  # our own unit id
        ("b0802", "B0802"),
    ],
)
def test_a_code_matches_by_lgd_code_or_unit_id(code, expected):
    row = match_one("block", BLOCKS, unit_code=code)
    assert (row["unit_id"], row["matched_by"]) == (expected, "code")


def test_a_code_whose_unit_contradicts_the_rows_names_is_a_problem_naming_both_readings():
    # 0803 is Bhojipura (Bareilly); the row says Rampur in Budaun, which is B0802. Neither is trusted.
    row = match_one("block", BLOCKS, unit_code="0803", unit_name="Rampur", district_name="Budaun")
    assert (row["unit_id"], row["matched_by"]) == (None, None)
    assert row["problem"] == (
        "code and names disagree: as a LGD code, '0803' is Bhojipura (Bareilly, Uttar Pradesh) (its district is "
        "Bareilly), but the row names Rampur, Budaun; by its names it is Rampur (Budaun, Uttar Pradesh) "
        "(LGD code 0802); correct the code or the names"
    )


def test_a_code_whose_unit_agrees_with_the_rows_names_is_matched_by_code():
    row = match_one("block", BLOCKS, unit_code="0803", unit_name="BHOJIPURA", district_name="Bareilly")
    assert (row["unit_id"], row["matched_by"], row["note"]) == ("B0803", "code", None)
    # a spelling the register does not have is matched by the code, with a note
    row = match_one("block", BLOCKS, unit_code="0803", unit_name="Bhojpura", district_name="Bareilly")
    assert (row["unit_id"], row["matched_by"]) == ("B0803", "code")
    assert "spelt 'Bhojipura' in the database" in row["note"]


def test_an_unknown_code_falls_back_to_the_name():
    row = match_one("block", BLOCKS, unit_code="9999", unit_name="Bhojipura", district_name="Bareilly")
    assert (row["unit_id"], row["matched_by"]) == ("B0803", "name")


def test_an_unknown_code_without_a_name_is_unmatched_without_a_suggestion():
    row = match_one("block", BLOCKS, unit_code="9999")
    assert row["unit_id"] is None and row["matched_by"] is None
    assert {k: row[k] for k in NO_SUGGESTION} == NO_SUGGESTION


# --- by name within the parent ----------------------------------------------------------------


@pytest.mark.parametrize("district, expected", [("Bareilly", "B0801"), ("Budaun", "B0802")])
def test_a_block_name_is_matched_within_its_district(district, expected):
    row = match_one("block", BLOCKS, unit_name="Rampur", district_name=district)
    assert (row["unit_id"], row["matched_by"]) == (expected, "name")


def test_block_and_district_names_are_compared_after_normalising():
    row = match_one("block", BLOCKS, unit_name="FATEHGANJ  WEST block", district_name="bareilly district")
    assert (row["unit_id"], row["matched_by"]) == ("B0804", "name")
    row = match_one("block", BLOCKS, unit_name="pulivendula", district_name="YSR Kadapa")  # fuzzy parent
    assert (row["unit_id"], row["matched_by"]) == ("B2801", "name")


def test_a_block_named_with_its_state_only_matches_when_the_name_is_unique_in_the_state():
    row = match_one("block", BLOCKS, unit_name="Bhojipura", state_name="Uttar Pradesh")
    assert (row["unit_id"], row["matched_by"]) == ("B0803", "name")
    # Two Rampurs in Uttar Pradesh: refusing is right, a guess would put values on the wrong block.
    row = match_one("block", BLOCKS, unit_name="Rampur", state_name="Uttar Pradesh")
    assert row["unit_id"] is None and row["matched_by"] is None


@pytest.mark.parametrize("state, expected", [("Bihar", "D500"), ("Maharashtra", "D501"), ("maharashtra", "D501")])
def test_a_district_name_is_matched_within_its_state(state, expected):
    row = match_one("district", DISTRICTS, unit_name="Aurangabad", state_name=state)
    assert (row["unit_id"], row["matched_by"]) == (expected, "name")


def test_ampersand_and_and_are_the_same_in_a_parent_name():
    row = match_one("district", DISTRICTS, unit_name="Nicobars District", state_name="Andaman & Nicobar Islands")
    assert (row["unit_id"], row["matched_by"]) == ("D400", "name")
    assert row["parent_as"] is None  # an exact (normalised) match is not a re-spelling


def test_a_parent_spelt_slightly_differently_is_resolved_and_the_database_spelling_recorded():
    row = match_one("district", DISTRICTS, unit_name="Nicobars", state_name="Andaman and Nicobar Island")
    assert (row["unit_id"], row["matched_by"], row["parent_as"]) == ("D400", "name", "Andaman and Nicobar Islands")
    row = match_one("block", BLOCKS, unit_name="Bhojipura", district_name="Bareily")  # WRatio 93 >= 90
    assert (row["unit_id"], row["parent_as"]) == ("B0803", "Bareilly")


def test_a_parent_that_is_not_close_enough_is_not_resolved():
    # 'Badaun' is a common spelling of Budaun, but WRatio('badaun', 'budaun') is 83 < 90.
    row = match_one("block", BLOCKS, unit_name="Rampur", district_name="Badaun")
    assert row["unit_id"] is None and row["parent_as"] is None


def test_a_block_is_not_matched_in_a_same_named_district_of_another_state():
    blocks = pd.DataFrame(
        [
            ("B100", "100", "Aurangabad", "S10", "Bihar", "D500", "Aurangabad"),
            ("B200", "200", "Aurangabad", "S27", "Maharashtra", "D501", "Aurangabad"),
        ],
        columns=UNIT_COLUMNS,
    )
    result = match(
        "block",
        blocks,
        unit_name=["Aurangabad", "Aurangabad"],
        state_name=["Bihar", "Maharashtra"],
        district_name=["Aurangabad", "Aurangabad"],
    )
    assert result.unit_id.tolist() == ["B100", "B200"]


def test_a_misspelt_district_is_not_resolved_to_a_district_of_another_state():
    row = match_one("block", BLOCKS, unit_name="Bhojipura", district_name="Bareily", state_name="Bihar")
    assert row["unit_id"] is None


def test_a_district_is_only_looked_for_in_the_rows_state():
    # Bareilly is in Uttar Pradesh; named with Andhra Pradesh, its blocks are not matched.
    row = match_one("block", BLOCKS, unit_name="Bhojipura", district_name="Bareilly", state_name="Andhra Pradesh")
    assert row["unit_id"] is None
    row = match_one("block", BLOCKS, unit_name="Bhojipura", district_name="Bareilly", state_name="Uttar Pradesh")
    assert (row["unit_id"], row["parent_as"], row["state_as"]) == ("B0803", None, None)


def test_a_misspelt_state_is_resolved_among_states_and_its_spelling_recorded():
    # WRatio('utar pradesh', 'uttar pradesh') = 96 >= 90.
    row = match_one("block", BLOCKS, unit_name="Rampur", district_name="Budaun", state_name="Utar Pradesh")
    assert (row["unit_id"], row["matched_by"], row["state_as"], row["parent_as"]) == (
        "B0802",
        "name",
        "Uttar Pradesh",
        None,
    )
    row = match_one("block", BLOCKS, unit_name="Rampur", district_name="Bareily", state_name="Utar Pradesh")
    assert (row["unit_id"], row["state_as"], row["parent_as"]) == ("B0801", "Uttar Pradesh", "Bareilly")


def test_a_parent_equally_close_to_two_names_is_not_resolved():
    # WRatio('district 125', 'district 121') = WRatio('district 125', 'district 122') = 91.7: a guess.
    blocks = pd.DataFrame(
        [
            ("B1", "1", "Block 1", "S06", "State 6", "D121", "District 121"),
            ("B2", "2", "Block 2", "S06", "State 6", "D122", "District 122"),
        ],
        columns=UNIT_COLUMNS,
    )
    row = match_one("block", blocks, unit_name="Block 2", district_name="District 125", state_name="State 6")
    assert (row["unit_id"], row["parent_as"]) == (None, None)
    # The state was found, so the suggestion comes from it.
    assert (row["suggestion_id"], row["suggestion"], row["score"]) == ("B2", "Block 2 (District 122)", 100)


# --- a name that fits two units -----------------------------------------------------------------


def test_a_block_name_found_twice_in_the_state_is_ambiguous_and_says_to_give_the_district():
    row = match_one("block", BLOCKS, unit_name="Rampur", state_name="Uttar Pradesh")
    assert (row["unit_id"], row["matched_by"], row["suggestion_id"]) == (None, None, None)
    assert row["problem"] == (
        "unit name is ambiguous: 2 units have it (Rampur (Bareilly, Uttar Pradesh), "
        "Rampur (Budaun, Uttar Pradesh)); give the district or the code"
    )


def test_a_block_name_alone_found_twice_is_ambiguous():
    row = match_one("block", BLOCKS, unit_name="rampur")
    assert row["unit_id"] is None
    assert row["problem"] == (
        "unit name is ambiguous: 2 units have it (Rampur (Bareilly, Uttar Pradesh), "
        "Rampur (Budaun, Uttar Pradesh)); give the district or the code"
    )
    assert match_one("block", BLOCKS, unit_name="Bhojipura")["unit_id"] == "B0803"  # unique anywhere


def test_a_district_name_used_in_two_states_without_a_state_is_ambiguous_and_says_to_give_the_state():
    row = match_one("district", DISTRICTS, unit_name="Aurangabad")
    assert row["unit_id"] is None
    assert row["problem"] == (
        "unit name is ambiguous: 2 units have it (Aurangabad (Bihar), Aurangabad "
        "(Maharashtra)); give the state or the code"
    )


def test_a_block_in_a_district_name_used_in_two_states_needs_the_state():
    blocks = pd.DataFrame(
        [
            ("B100", "100", "Aurangabad", "S10", "Bihar", "D500", "Aurangabad"),
            ("B200", "200", "Aurangabad", "S27", "Maharashtra", "D501", "Aurangabad"),
            ("B300", "300", "Kannad", "S27", "Maharashtra", "D501", "Aurangabad"),
        ],
        columns=UNIT_COLUMNS,
    )
    row = match_one("block", blocks, unit_name="Aurangabad", district_name="Aurangabad")
    assert row["unit_id"] is None
    assert row["problem"] == (
        "unit name is ambiguous: 2 units have it (Aurangabad (Aurangabad, Bihar), "
        "Aurangabad (Aurangabad, Maharashtra)); give the state or the code"
    )
    # A block whose name is unique in the two Aurangabads needs no state.
    assert match_one("block", blocks, unit_name="Kannad", district_name="Aurangabad")["unit_id"] == "B300"


def test_a_matched_or_not_found_name_has_no_problem():
    assert match_one("block", BLOCKS, unit_name="Rampur", district_name="Budaun")["problem"] is None
    assert match_one("block", BLOCKS, unit_name="Rampurr", district_name="Budaun")["problem"] is None


# --- suggestions ------------------------------------------------------------------------------


def test_a_misspelt_name_is_unmatched_with_the_closest_name_in_its_parent_as_a_suggestion():
    row = match_one("block", BLOCKS, unit_name="Bhojpura", district_name="Bareilly")
    assert row["unit_id"] is None and row["matched_by"] is None
    assert (row["suggestion_id"], row["suggestion"]) == ("B0803", "Bhojipura (Bareilly)")
    assert row["score"] == 94  # WRatio('bhojpura', 'bhojipura') = 94.1, rounded


def test_the_suggestion_comes_from_the_named_parent():
    # 'Rampurr' is equally close to both Rampurs; the district decides which is suggested.
    row = match_one("block", BLOCKS, unit_name="Rampurr", district_name="Budaun")
    assert (row["unit_id"], row["suggestion_id"], row["suggestion"]) == (None, "B0802", "Rampur (Budaun)")


def test_a_name_with_no_near_match_gets_no_suggestion():
    row = match_one("block", BLOCKS, unit_name="Qwertyuiop", district_name="Bareilly")
    assert row["unit_id"] is None
    assert {k: row[k] for k in NO_SUGGESTION} == NO_SUGGESTION


def test_a_suggestion_is_never_applied():
    row = match_one("district", DISTRICTS, unit_name="Bareli", state_name="Uttar Pradesh")
    assert row["unit_id"] is None  # whatever is suggested, nothing is matched


# --- shape of the result ----------------------------------------------------------------------


def test_one_result_row_per_distinct_reference_with_missing_columns_as_empty():
    result = match("block", BLOCKS, unit_code=["0801", "0801", "0803", "7777"])
    assert result.unit_code.tolist() == ["0801", "0803", "7777"]
    assert [none_if_missing(u) for u in result.unit_id] == ["B0801", "B0803", None]
    assert result.unit_name.tolist() == ["", "", ""]
    assert result.state_name.tolist() == ["", "", ""]
    assert result.district_name.tolist() == ["", "", ""]
    assert list(result.columns) == [
        "unit_code",
        "unit_name",
        "state_name",
        "state_code",
        "district_name",
        "district_code",
        "unit_id",
        "matched_by",
        "suggestion_id",
        "suggestion",
        "score",
        "parent_as",
        "state_as",
        "problem",
        "note",
    ]


def test_catalogue_load_reads_units_with_their_parents_names():
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE units (unit_id VARCHAR, level VARCHAR, name VARCHAR, lgd_code VARCHAR, "
        "parent_id VARCHAR, state_id VARCHAR, district_id VARCHAR)"
    )
    con.execute(
        "INSERT INTO units VALUES ('S09', 'state', 'Uttar Pradesh', '9', NULL, 'S09', NULL), "
        "('D164', 'district', 'Bareilly', '164', 'S09', 'S09', 'D164'), "
        "('B0803', 'block', 'Bhojipura', '0803', 'D164', 'S09', 'D164')"
    )
    blocks = UnitCatalogue.load(con, "block").units
    assert blocks.to_dict("records") == [
        {
            "unit_id": "B0803",
            "lgd_code": "0803",
            "name": "Bhojipura",
            "state_id": "S09",
            "state": "Uttar Pradesh",
            "district_id": "D164",
            "district": "Bareilly",
            "census2011_code": None,
            "census2001_code": None,
        }
    ]
    assert UnitCatalogue.load(con, "district").units.unit_id.tolist() == ["D164"]
    with pytest.raises(ValueError, match="level 'state' is not one of district, block"):
        UnitCatalogue.load(con, "state")
