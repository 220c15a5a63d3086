"""Pilot cohorts: uploaded CSV lists (every problem reported at once), database
cohorts, cohorts picked on the page, and clashes between cohorts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.demo.simulate import small_demo
from lib.errors import InputError
from lib.evaluation.cohorts import (
    cohort_from_blocks,
    database_cohorts,
    find_cohorts,
    overlapping_members,
    slug,
)
from lib.evaluation.spec import Cohort
from lib.ingest.cohort_csv import parse_cohort_csv

BLOCKS = pd.DataFrame(
    {
        "unit_id": ["B900123", "B900124", "B000777", "B900200"],
        "lgd_code": ["900123", "900124", "000777", "900200"],
    }
)


def _problems(content: str | bytes, source: str = "pilots.csv") -> list:
    with pytest.raises(InputError) as caught:
        parse_cohort_csv(content, source, BLOCKS)
    return caught.value.problems


@pytest.fixture(scope="module")
def small_con():
    con = small_demo(seed=0, n_blocks=120)
    yield con
    con.close()


# ---------------------------------------------------------------- good files


def test_parse_accepts_unit_ids_lgd_codes_aliases_and_bom():
    text = (
        "Block Code,Cohort Name,Start Month\n"
        "900200.0,Round 2,2025-01\n"  # spreadsheet float
        "0777,Round 2,2025-01\n"  # LGD code 000777 typed with one leading zero
        "b900124,Round 1,2024-04\n"  # unit id in lower case
        "900123,Round 1,2024-04\n"  # bare LGD code
    )
    cohorts = parse_cohort_csv(b"\xef\xbb\xbf" + text.encode("utf-8"), "pilots.csv", BLOCKS)
    assert cohorts == (
        Cohort("round_1", "Round 1", date(2024, 4, 1), ("B900123", "B900124")),
        Cohort("round_2", "Round 2", date(2025, 1, 1), ("B000777", "B900200")),
    )


def test_parse_accepts_text_spaces_and_full_dates():
    text = "block_id, pilot, start_date\n 777 ,  Hill blocks , 2024-06-01\nB900123,Hill blocks,2024-06\n"
    assert parse_cohort_csv(text, "pilots.csv", BLOCKS) == (
        Cohort("hill_blocks", "Hill blocks", date(2024, 6, 1), ("B000777", "B900123")),
    )


def test_same_block_twice_in_one_file_via_code_and_id_is_a_duplicate():
    problems = _problems("block,cohort,start\nB900123,A,2024-04\n900123,A,2024-04\n")
    assert [(p.row, p.column) for p in problems] == [(3, "block")]
    assert "block B900123 is listed twice in cohort 'A' (first on line 2)" in problems[0].message


# ---------------------------------------------------------------- bad files

BAD_FILE = (
    "Block Code,Cohort Name,Start Month\n"  # line 1
    "B999999,A,2024-04\n"  # 2 unknown block
    ",A,2024-04\n"  # 3 empty block
    "B900123,A,2024-13\n"  # 4 month 13
    "B900124,A,April\n"  # 5 not YYYY-MM
    "B900200,,2024-04\n"  # 6 empty cohort name
    "B900200,A,2024-04\n"  # 7 fine
    "B900200,A,2024-04\n"  # 8 listed twice in A
    "B000777,A,2024-05\n"  # 9 A already starts 2024-04
    "900123,B,2024-06\n"  # 10 fine
    "900123,C,2024-07\n"  # 11 block also in B with another start
    "B888888,C,13/2024\n"  # 12 two problems on one row
)


def test_every_problem_is_reported_at_once_with_line_and_column():
    problems = _problems(BAD_FILE)
    assert [(p.source, p.row, p.column) for p in problems] == [
        ("pilots.csv", 2, "Block Code"),
        ("pilots.csv", 3, "Block Code"),
        ("pilots.csv", 4, "Start Month"),
        ("pilots.csv", 5, "Start Month"),
        ("pilots.csv", 6, "Cohort Name"),
        ("pilots.csv", 12, "Block Code"),
        ("pilots.csv", 12, "Start Month"),
        ("pilots.csv", 8, "Block Code"),
        ("pilots.csv", 9, "Start Month"),
        ("pilots.csv", 11, "Block Code"),
    ]
    messages = {(p.row, p.column): p.message for p in problems}
    assert "'B999999' is not a block in the database" in messages[2, "Block Code"]
    assert "empty block code" in messages[3, "Block Code"]
    assert "'2024-13' is not a month" in messages[4, "Start Month"]
    assert "'April' is not a month; write it as YYYY-MM" in messages[5, "Start Month"]
    assert messages[6, "Cohort Name"] == "empty cohort name"
    assert "listed twice in cohort 'A' (first on line 7)" in messages[8, "Block Code"]
    assert "cohort 'A' starts in 2024-04 on line 7 but 2024-05 here" in messages[9, "Start Month"]
    assert "block B900123 is also in cohort 'B' with a different start" in messages[11, "Block Code"]


def test_error_text_names_file_line_and_column():
    with pytest.raises(InputError) as caught:
        parse_cohort_csv(BAD_FILE, "pilots.csv", BLOCKS)
    text = str(caught.value)
    assert text.startswith("10 problem(s); nothing was loaded")
    assert "pilots.csv, line 5, column 'Start Month': 'April' is not a month" in text


def test_missing_columns_are_named_with_their_accepted_aliases():
    problems = _problems("code,name,start\nB900123,A,2024-04\n")
    assert [(p.row, p.column) for p in problems] == [(1, None), (1, None)]
    assert problems[0].message.startswith("no block column: name one of block_code, block, block_id, unit_id")
    assert "(the header has: code, name, start)" in problems[0].message
    assert problems[1].message.startswith("no cohort column: name one of cohort, cohort_name, cohort_id")


def test_header_without_rows_is_rejected():
    problems = _problems("block,cohort,start\n")
    assert len(problems) == 1
    assert "header but no rows" in problems[0].message


def test_empty_file_is_rejected():
    problems = _problems(b"")
    assert len(problems) == 1
    assert "not a readable CSV file" in problems[0].message


def test_file_that_is_not_utf8_gets_an_input_error():
    # A spreadsheet saved as Latin-1 ("Café" with byte 0xE9). Users need the same
    # actionable InputError as for any other bad file, not a UnicodeDecodeError.
    content = "block,cohort,start\nB900123,Café pilots,2024-04\n".encode("latin-1")
    problems = _problems(content)
    assert len(problems) == 1
    assert "UTF-8" in problems[0].message


def test_cohort_names_differing_only_in_case_do_not_share_an_id():
    # 'Round 1' and 'round 1' slug to the same id; two cohorts with one id and
    # different starts would be merged downstream (windows are keyed by cohort id).
    # Either reject the file or keep the ids distinct.
    content = "block,cohort,start\nB900123,Round 1,2024-04\nB900124,round 1,2025-04\n"
    try:
        cohorts = parse_cohort_csv(content, "pilots.csv", BLOCKS)
    except InputError:
        return
    ids = [c.cohort_id for c in cohorts]
    assert len(ids) == len(set(ids)), f"two cohorts share an id: {cohorts}"


# ---------------------------------------------------------------- database cohorts


def test_database_cohorts_in_start_order_with_sorted_members(small_con):
    cohorts = database_cohorts(small_con)
    assert [(c.cohort_id, c.start, len(c.members)) for c in cohorts] == [
        ("jica_phase_1", date(2024, 4, 1), 40),
        ("jica_phase_2", date(2026, 4, 1), 60),
    ]
    for cohort in cohorts:
        assert list(cohort.members) == sorted(cohort.members)
    assert not set(cohorts[0].members) & set(cohorts[1].members)


def test_find_cohorts_by_id_and_name_case_insensitively(small_con):
    by_id, by_name = find_cohorts(small_con, [" JICA_PHASE_2 ", "jica pilot phase i"])
    assert (by_id.cohort_id, by_name.cohort_id) == ("jica_phase_2", "jica_phase_1")
    assert by_name.name == "JICA pilot Phase I"


def test_find_cohorts_asked_twice_is_returned_once(small_con):
    assert [c.cohort_id for c in find_cohorts(small_con, ["jica_phase_1", "JICA pilot Phase I"])] == ["jica_phase_1"]


def test_unknown_cohort_lists_the_available_ones(small_con):
    with pytest.raises(ValueError) as caught:
        find_cohorts(small_con, ["jica_phase_1", "phase 3"])
    message = str(caught.value)
    assert "no cohort called 'phase 3'" in message
    assert "jica_phase_1 (JICA pilot Phase I, 40 blocks)" in message
    assert "jica_phase_2 (JICA pilot Phase II, 60 blocks)" in message


# ---------------------------------------------------------------- cohorts from the page


def test_slug():
    assert slug("District pilots: Round 2") == "district_pilots_round_2"
    assert slug("  Phase II (2025)  ") == "phase_ii_2025"
    assert slug("!!!") == "cohort"


def test_cohort_from_blocks():
    cohort = cohort_from_blocks(" District pilots: Round 2 ", "2025-01", ["B900200", "B900123", "B900200"], BLOCKS)
    assert cohort == Cohort(
        "district_pilots_round_2", "District pilots: Round 2", date(2025, 1, 1), ("B900123", "B900200")
    )
    assert cohort_from_blocks("X", date(2024, 7, 1), ["B900123"], BLOCKS).start == date(2024, 7, 1)


def test_cohort_from_blocks_rejects_unknown_and_empty():
    with pytest.raises(ValueError, match="unknown block id\\(s\\): B1, B2"):
        cohort_from_blocks("X", "2025-01", ["B900123", "B2", "B1"], BLOCKS)
    with pytest.raises(ValueError, match="choose at least one block"):
        cohort_from_blocks("X", "2025-01", [], BLOCKS)
    with pytest.raises(ValueError, match="give the cohort a name"):
        cohort_from_blocks("  ", "2025-01", ["B900123"], BLOCKS)
    with pytest.raises(ValueError, match="not a valid date"):
        cohort_from_blocks("X", "2025-13", ["B900123"], BLOCKS)


# ---------------------------------------------------------------- overlaps


def test_overlapping_members_flags_every_block_in_two_chosen_cohorts():
    # a block may start a pilot once per evaluation, whatever the start months (a block in two
    # cohorts with the same start would otherwise contribute each block-month twice)
    april = date(2024, 4, 1)
    cohorts = (
        Cohort("a", "A", april, ("B1", "B2")),
        Cohort("b", "B", april, ("B2", "B3")),  # B2 again, same start
        Cohort("c", "C", date(2025, 4, 1), ("B3", "B4", "B1")),  # B3 and B1 again, later start
    )
    assert overlapping_members(cohorts) == ["B1", "B2", "B3"]
    assert overlapping_members(cohorts[:2]) == ["B2"]
    assert overlapping_members((cohorts[0], Cohort("d", "D", april, ("B5",)))) == []


# --- bounded reading of viewers' uploads (issue 13 item 2) ---------------------------------------------


class EndlessCohortFile:
    """A file-like object that never ends (no size known), counting the bytes it handed out."""

    def __init__(self):
        self.handed_out = 0
        self.lines = 0

    def readline(self, limit: int = -1) -> bytes:
        line = b"block_code,cohort,start_month\n" if self.lines == 0 else b"B900001,Round,2025-01\n"
        line = line[:limit] if limit >= 0 else line
        self.lines += 1
        self.handed_out += len(line)
        return line


def test_reading_an_upload_stops_at_the_size_limit_without_reading_the_rest():
    from lib.ingest.cohort_csv import read_bounded

    endless = EndlessCohortFile()
    with pytest.raises(InputError, match="larger than 1,000 bytes"):
        read_bounded(endless, "endless.csv", max_bytes=1000, max_rows=10_000)
    assert endless.handed_out <= 1001 + 30  # the limit and at most one line more


def test_reading_an_upload_stops_at_the_row_limit():
    from lib.ingest.cohort_csv import read_bounded

    endless = EndlessCohortFile()
    with pytest.raises(InputError, match="more than 5 rows"):
        read_bounded(endless, "endless.csv", max_bytes=10_000, max_rows=5)
    assert endless.lines == 7  # the header, five rows and the one that was one too many


def test_a_file_within_limits_is_returned_whole_and_a_declared_size_is_refused_before_reading():
    import io

    from lib.ingest.cohort_csv import read_bounded

    content = b"block_code,cohort,start_month\nB900001,Round,2025-01\n"
    assert read_bounded(io.BytesIO(content), "c.csv", max_bytes=len(content), max_rows=1) == content
    declared = io.BytesIO(content)
    declared.size = 5_000_000  # an UploadedFile says its size up front
    with pytest.raises(InputError, match="larger than 1 MB"):
        read_bounded(declared, "c.csv")
    assert declared.tell() == 0


def test_a_cohort_name_longer_than_a_name_is_a_problem():

    blocks = pd.DataFrame({"unit_id": ["B900001"], "lgd_code": ["900001"]})
    with pytest.raises(InputError, match="a cohort name of 140,000 characters"):
        parse_cohort_csv("block,cohort,start\nB900001," + "x" * 140_000 + ",2025-01\n", "c.csv", blocks)
