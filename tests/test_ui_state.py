"""The URL-sync helper's readers (lib/ui/state.py): what a link may say, and how values are written back."""

from __future__ import annotations

import pytest

from lib.ui.state import UrlSync, bounded_float, bounded_int, choice, choice_list, flag, url_text


@pytest.mark.parametrize(
    "parse, text, expected",
    [
        (choice(["", "S10"]), "S10", "S10"),
        (choice_list(["jica_phase_1", "jica_phase_2"]), "jica_phase_2,jica_phase_1", ["jica_phase_2", "jica_phase_1"]),
        (bounded_int(5, 7), "7", 7),
        (bounded_float(0.05, 2.0), "0.25", 0.25),
        (flag, "TRUE", True),
        (flag, "false", False),
    ],
)
def test_a_valid_link_value_is_read(parse, text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "parse, text",
    [
        (choice(["", "S10"]), "S99"),
        (choice(["", "S10"]), "s10"),  # codes are case-sensitive
        (choice_list(["jica_phase_1"]), ""),  # an empty list is not a choice
        (choice_list(["jica_phase_1"]), "jica_phase_1,nope"),
        (bounded_int(5, 7), "8"),
        (bounded_int(5, 7), "5.5"),
        (bounded_float(0.05, 2.0), "nan"),
        (bounded_float(0.05, 2.0), "2.5"),
        (flag, "yes"),
    ],
)
def test_a_value_the_widget_cannot_take_is_refused(parse, text):
    with pytest.raises(ValueError):
        parse(text)


@pytest.mark.parametrize(
    "value, text",
    [(["a", "b"], "a,b"), (True, "true"), (False, "false"), (7, "7"), (0.25, "0.25"), ("2025-06", "2025-06")],
)
def test_values_are_written_as_a_link_reads_them(value, text):
    assert url_text(value) == text


def test_a_kept_value_is_allowed_only_while_it_is_an_option():
    district = UrlSync("district", "", choice(["", "D1", "D2"]), revalidate=True)
    assert district.allows("D1") and district.allows("")
    assert not district.allows("D9")  # a district of another state: back to the default
    assert UrlSync("caliper", 0.25, bounded_float(0.05, 2.0)).allows(0.3)
    assert UrlSync("k", 2, bounded_int(1, 10)).name == "k"
    assert UrlSync("map-k", 5, bounded_int(5, 7), query="classes").name == "classes"
