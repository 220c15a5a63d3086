"""Indicator names in imported files: official names and aliases, and guarded suggestions
(lib.ingest.indicator_names, wired into ``prepare_indicators`` and ``--accept-indicator-suggestions``).

The catalogues are written by hand below, with official names and aliases in the style of NITI's ABP
dashboard, so that these tests do not depend on what ``data/indicators.csv`` holds. The near-identical
families (boys/girls, the two school transitions, live/connected BharatNet, SAM/MAM, hypertension/
diabetes, Class X/XII, pregnant women/children, toilets/drinking water) are the point: a suggestion
must never cross from one member of a family to another.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app_support import small_demo_file
from lib.catalogue import read_catalogue
from lib.cli import main
from lib.config import DATA_DIR
from lib.errors import InputError
from lib.ingest.indicator_names import (
    IndicatorNames,
    match_indicators,
    name_clashes,
    normalise_indicator,
    suggestion_overrides,
)
from lib.ingest.indicators import load_indicators, prepare_indicators, suggested_indicator_overrides
from lib.ingest.service import Options, check_file

COLUMNS = ["indicator_id", "name", "short_name", "official_name", "aliases"]
ROWS = [
    (
        "transition_up_sec_boys",
        "Transition rate from upper primary to secondary level (boys)",
        "Transition UP-Sec (boys)",
        "Transition Rate - Percentage of boys transitioned from Upper Primary to Secondary level",
        None,
    ),
    (
        "transition_up_sec_girls",
        "Transition rate from upper primary to secondary level (girls)",
        "Transition UP-Sec (girls)",
        None,
        None,
    ),  # official name not filled in yet
    (
        "transition_sec_hs_boys",
        "Transition rate from secondary to higher secondary level (boys)",
        "Transition Sec-HS (boys)",
        "Transition Rate - Percentage of boys transitioned from Secondary to Higher Secondary level",
        None,
    ),
    (
        "transition_sec_hs_girls",
        "Transition rate from secondary to higher secondary level (girls)",
        "Transition Sec-HS (girls)",
        "Transition Rate - Percentage of girls transitioned from Secondary to Higher Secondary level",
        None,
    ),
    (
        "gp_bharatnet_connected",
        "Percentage of Gram Panchayats connected by BharatNet",
        "GPs on BharatNet",
        "Percentage of GPs connected with BharatNet",
        "BharatNet connected GPs",
    ),
    (
        "gp_bharatnet_live",
        "Percentage of Gram Panchayats with live BharatNet connectivity",
        "GPs with live BharatNet",
        "Percentage of GPs with Live BharatNet connection",
        None,
    ),
    (
        "sam_children",
        "Percentage of children identified as severely acutely malnourished (SAM)",
        "SAM children",
        "Percentage of Severe Acute Malnourished (SAM) children",
        None,
    ),
    (
        "mam_children",
        "Percentage of children identified as moderately acutely malnourished (MAM)",
        "MAM children",
        "Percentage of Moderate Acute Malnourished (MAM) children",
        None,
    ),
    (
        "hypertension_screening",
        "Percentage of persons screened for hypertension against the targeted population",
        "Hypertension screening",
        "Percentage of persons screened for Hypertension in the block",
        "HTN screening",
    ),
    (
        "diabetes_screening",
        "Percentage of persons screened for diabetes against the targeted population",
        "Diabetes screening",
        "Percentage of persons screened for Diabetes in the block",
        "DM screening",
    ),
    (
        "class_x_60pct_girls",
        "Percentage of Class X students scoring 60% or more (girls)",
        "Class X >= 60% (girls)",
        "Percentage of girls scoring 60% or more in Class X board examination",
        None,
    ),
    (
        "class_xii_60pct_girls",
        "Percentage of Class XII students scoring 60% or more (girls)",
        "Class XII >= 60% (girls)",
        "Percentage of girls scoring 60% or more in Class XII board examination",
        None,
    ),
    (
        "pw_supplementary_nutrition",
        "Percentage of pregnant women regularly taking supplementary nutrition under ICDS",
        "Pregnant women on SNP",
        "Percentage of Pregnant Women taking Supplementary Nutrition regularly",
        None,
    ),
    (
        "child_supplementary_nutrition",
        "Percentage of children aged 6 months to 6 years regularly taking supplementary nutrition under ICDS",
        "Children on SNP",
        "Percentage of Children (6 months - 6 years) taking Supplementary Nutrition regularly",
        None,
    ),
    (
        "awc_functional_toilets",
        "Percentage of Anganwadi centres with functional toilets",
        "AWC toilets",
        "Percentage of AWCs with functional toilets",
        None,
    ),
    (
        "awc_drinking_water",
        "Percentage of Anganwadi centres with drinking water facilities",
        "AWC drinking water",
        "Percentage of AWCs with drinking water facilities",
        "AWCs with drinking water & sanitation",
    ),
    # two NFHS-5 names, whose neighbours in the survey are other indicators a suggestion must not reach
    ("wasted_children", "Children under 5 years who are wasted (weight-for-height)", "Wasting", None, None),
    ("institutional_births", "Institutional births", "Institutional births", None, None),
]
CATALOGUE = pd.DataFrame(ROWS, columns=COLUMNS)
GIRLS_TEXT = "Transition Rate - Percentage of girls transitioned from Upper Primary to Secondary level"
HYPERTENSION_TYPO = "Percentage of person screened for Hypertention against targeted population"
NFHS = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "nfhs5" / "NFHS-5-Districts.csv"


def names_without(*left_out: str) -> IndicatorNames:
    """The hand catalogue's names, less some indicators: what a suggestion may fall back on when the
    indicator a name means is missing."""
    return IndicatorNames.from_catalogue(CATALOGUE[~CATALOGUE.indicator_id.isin(left_out)])


NAMES = names_without()


# --- exact matches after normalising -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Transition Rate - Percentage of boys transitioned from Upper Primary to Secondary level",
            ("transition_up_sec_boys", "official_name"),
        ),
        (
            "TRANSITION RATE – percentage of BOYS transitioned from upper-primary to secondary level",
            ("transition_up_sec_boys", "official_name"),
        ),  # case, en dash, hyphen
        (
            "Percentage of Person screened for Hypertension in the Block (%)",
            ("hypertension_screening", "official_name"),
        ),
        ("% of persons screened for hypertension", ("hypertension_screening", "official_name")),
        ("HTN screening", ("hypertension_screening", "alias")),
        ("bharatnet-connected GPs", ("gp_bharatnet_connected", "alias")),
        ("AWCs with drinking water and sanitation", ("awc_drinking_water", "alias")),  # '&' in the catalogue
        ("3. Percentage of Anganwadi  Centres with drinking water facilities1", ("awc_drinking_water", "name")),
        ("Pregnant women on SNP", ("pw_supplementary_nutrition", "short_name")),
        ("GP_BharatNet_Live", ("gp_bharatnet_live", "id")),
    ],
)
def test_official_names_aliases_and_their_spelling_variants_match(text, expected):
    assert NAMES.match(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Percentage of Persons screened for Hypertension in the block", "person screened for hypertension"),
        ("% of AWCs with toilets & drinking-water", "awcs with toilets and drinking water"),
        ("Transition Rate — girls (Upper Primary–Secondary)", "transition rate girls upper primary secondary"),
        ("  Live   BharatNet   of the block ", "live bharatnet"),
        ("12) Percentage of GPs (%)", "gps"),
    ],
)
def test_normalise_indicator_ignores_what_official_names_vary_in(text, expected):
    assert normalise_indicator(text) == expected


def test_the_label_is_the_official_name_else_the_catalogue_name():
    assert NAMES.labels["sam_children"] == "Percentage of Severe Acute Malnourished (SAM) children"
    assert NAMES.labels["transition_up_sec_girls"] == "Transition rate from upper primary to secondary level (girls)"


# --- guarded suggestions -------------------------------------------------------------------------


def test_girls_upper_primary_to_secondary_is_suggested_only_its_own_indicator():
    assert NAMES.match(GIRLS_TEXT) is None
    assert NAMES.suggest(GIRLS_TEXT) == "transition_up_sec_girls"
    # with that indicator missing, neither the boys' one nor the girls' secondary-to-higher-secondary one
    # (each one word away) is offered instead
    assert names_without("transition_up_sec_girls").suggest(GIRLS_TEXT) is None


@pytest.mark.parametrize(
    "text, expected, left_out",
    [
        ("Live BharatNet", "gp_bharatnet_live", None),
        ("Live BharatNet", None, "gp_bharatnet_live"),  # never 'connected' instead
        ("BharatNet connected", "gp_bharatnet_connected", None),
        ("BharatNet connected", None, "gp_bharatnet_connected"),  # never 'live' instead
        ("BharatNet", None, None),  # says neither: no suggestion
        ("Percentage of GPs with BharatNet connectivity", None, None),
    ],
)
def test_live_and_connected_bharatnet_are_never_confused(text, expected, left_out):
    assert names_without(left_out).suggest(text) == expected


@pytest.mark.parametrize(
    "text, expected, left_out",
    [
        ("Severe acute malnourished children (%)", "sam_children", None),
        ("Severe acute malnourished children (%)", None, "sam_children"),
        ("Moderately acute malnourished children", "mam_children", None),
        ("Moderately acute malnourished children", None, "mam_children"),
        ("Children with moderate acute malnutrition", None, None),  # 'malnutrition' is no word of either
        ("Acutely malnourished children", None, None),  # severe or moderate? not said
    ],
)
def test_sam_and_mam_are_never_confused(text, expected, left_out):
    assert names_without(left_out).suggest(text) == expected


@pytest.mark.parametrize(
    "text, expected, left_out",
    [
        (HYPERTENSION_TYPO, "hypertension_screening", None),  # misspelt, still suggested
        (HYPERTENSION_TYPO, None, "hypertension_screening"),  # never diabetes instead
        ("Persons screened for Diabetis", "diabetes_screening", None),
        ("Persons screened for Diabetis", None, "diabetes_screening"),
        ("Persons screened for NCDs", None, None),
    ],
)
def test_hypertension_and_diabetes_are_never_confused(text, expected, left_out):
    assert names_without(left_out).suggest(text) == expected


@pytest.mark.parametrize(
    "text, expected, left_out",
    [
        ("Girls scoring 60% or more in Class 10 board examinations", "class_x_60pct_girls", None),
        ("Girls scoring 60% or more in Class 10 board examinations", None, "class_x_60pct_girls"),
        ("Pregnant women taking supplementary nutrition", "pw_supplementary_nutrition", None),
        ("Pregnant women taking supplementary nutrition", None, "pw_supplementary_nutrition"),
        ("Supplementary nutrition taken regularly", None, None),
        ("Anganwadi centres with toilets", "awc_functional_toilets", None),
        ("Anganwadi centres with toilets", None, "awc_functional_toilets"),
    ],
)
def test_other_contrast_groups_keep_families_apart(text, expected, left_out):
    assert names_without(left_out).suggest(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Childern under 5 years who are wasted (weight for height)", "wasted_children"),
        ("Children under 5 years who are overweight (weight-for-height)", None),  # NFHS-5's next indicator
        ("Instituional births", "institutional_births"),
        ("Institutional births in public facility", None),  # a narrower NFHS-5 indicator
        ("Malaria cases", None),
    ],
)
def test_a_word_the_indicator_does_not_have_makes_another_indicator(text, expected):
    assert NAMES.suggest(text) == expected


@pytest.mark.realdata
def test_no_nfhs5_indicator_outside_the_catalogue_is_suggested_one_inside_it():
    catalogue = read_catalogue(DATA_DIR / "catalogues" / "nfhs5_districts.csv")
    texts = pd.read_csv(NFHS, dtype=str, usecols=["Indicator"]).Indicator.dropna().unique()
    found = match_indicators(IndicatorNames.from_catalogue(catalogue), texts)
    assert len(texts) == 104 and found.indicator_id.notna().sum() == len(catalogue) == 18
    # the other 86 are other indicators (overweight beside wasted, births in public facilities beside
    # all institutional births, vaccination by card only beside card or recall): none is suggested
    assert found.suggestion_id.dropna().tolist() == []


# --- the file's names as a table, overrides --------------------------------------------------------


def test_match_indicators_gives_one_row_per_distinct_name_and_how_it_matched():
    found = match_indicators(NAMES, ["HTN screening", HYPERTENSION_TYPO, "HTN screening", "Malaria cases"])
    assert found.values.tolist() == [
        ["HTN screening", "hypertension_screening", "alias", None, None],
        [
            HYPERTENSION_TYPO,
            None,
            None,
            "hypertension_screening",
            "Percentage of persons screened for Hypertension in the block",
        ],
        ["Malaria cases", None, None, None, None],
    ]


def test_an_accepted_override_applies_to_its_name_and_its_spellings_only():
    overrides = {HYPERTENSION_TYPO: "hypertension_screening", "HTN screening": "diabetes_screening"}
    found = match_indicators(NAMES, [HYPERTENSION_TYPO.upper(), "HTN screening", "Malaria cases"], overrides)
    assert found[["indicator_id", "matched_by"]].values.tolist() == [
        ["hypertension_screening", "confirmed"],
        ["hypertension_screening", "alias"],  # a name that matches by itself keeps its match
        [None, None],
    ]


def test_an_override_naming_an_indicator_the_catalogue_lacks_is_refused():
    with pytest.raises(ValueError, match="accepted indicator id.* malaria_cases are not in the catalogue"):
        match_indicators(NAMES, ["Malaria cases"], {"Malaria cases": "malaria_cases"})


def test_two_names_suggested_the_same_indicator_or_one_already_matched_are_not_accepted():
    found = match_indicators(
        NAMES,
        [
            "Live BharatNet",
            "Live BharatNet GPs (%)",
            "HTN screening",
            "Persons screened for Hypertention",
            HYPERTENSION_TYPO,
            "Diabetis screening",
        ],
    )
    assert found.suggestion_id.tolist() == [
        "gp_bharatnet_live",
        "gp_bharatnet_live",
        None,
        "hypertension_screening",
        "hypertension_screening",
        "diabetes_screening",
    ]
    # live: two names want it; hypertension: 'HTN screening' already has it
    assert suggestion_overrides(found) == {"Diabetis screening": "diabetes_screening"}


# --- catalogue errors ------------------------------------------------------------------------------


def test_two_indicators_whose_names_read_the_same_is_a_catalogue_error():
    clashing = CATALOGUE.copy()
    clashing.loc[clashing.indicator_id == "mam_children", "aliases"] = "SAM-children"
    with pytest.raises(InputError) as error:
        IndicatorNames.from_catalogue(clashing)
    [problem] = error.value.problems
    assert (problem.source, problem.column) == ("indicator catalogue", "alias")
    assert problem.message.startswith(
        "alias 'SAM-children' of mam_children reads the same as id 'sam_children' "
        "of sam_children once case, punctuation and numbering are ignored"
    )


def test_names_of_one_indicator_may_read_the_same():
    alike = CATALOGUE.copy()
    alike.loc[alike.indicator_id == "sam_children", "aliases"] = "sam children|SAM_children"
    assert name_clashes(alike) == []
    assert IndicatorNames.from_catalogue(alike).match("sam-children") == ("sam_children", "id")


# --- properties ------------------------------------------------------------------------------------

SWAPS = [
    ("boys", "girls"),
    ("girls", "boys"),
    ("live", "connected"),
    ("connected", "live"),
    ("sam", "mam"),
    ("mam", "sam"),
    ("severe", "moderate"),
    ("moderate", "severe"),
    ("severely", "moderately"),
    ("moderately", "severely"),
    ("hypertension", "diabetes"),
    ("diabetes", "hypertension"),
    ("class x", "class xii"),
    ("class xii", "class x"),
    ("pregnant women", "children"),
    ("children", "pregnant women"),
    ("toilets", "drinking water"),
    ("drinking water", "toilets"),
    ("upper primary to secondary", "secondary to higher secondary"),
    ("secondary to higher secondary", "upper primary to secondary"),
]
NAMED = [
    (row.indicator_id, text)
    for row in CATALOGUE.itertuples()
    for text in (row.official_name, row.name)
    if isinstance(text, str)
]
SWAPPED = [
    (indicator_id, text, old, new)
    for indicator_id, text in NAMED
    for old, new in SWAPS
    if re.search(rf"\b{old}\b", text, re.IGNORECASE)
]


def decorate(text: str, case: str, numbered: bool, percent: bool, typo: int | None, keep: str = "") -> str:
    """``text`` as files spell it: another case, a number in front, '(%)' after, and optionally one
    letter dropped from a long word (not from ``keep``, the word just swapped in)."""
    if typo is not None:
        long_words = [w for w in re.findall(r"[A-Za-z]{8,}", text) if w.lower() not in keep.lower()]
        if long_words:
            word = long_words[typo % len(long_words)]
            text = text.replace(word, word[:3] + word[4:], 1)
    text = {"lower": text.lower(), "upper": text.upper(), "title": text.title(), "as is": text}[case]
    return ("7. " if numbered else "") + text + (" (%)" if percent else "")


DECORATIONS = dict(
    case=st.sampled_from(["lower", "upper", "title", "as is"]), numbered=st.booleans(), percent=st.booleans()
)


@settings(max_examples=300, deadline=None)
@given(swap=st.sampled_from(SWAPPED), typo=st.none() | st.integers(0, 20), **DECORATIONS)
def test_swapping_a_contrast_word_never_yields_the_original_indicator(swap, typo, case, numbered, percent):
    indicator_id, text, old, new = swap
    swapped = decorate(re.sub(rf"\b{old}\b", new, text, flags=re.IGNORECASE), case, numbered, percent, typo, new)
    # with its siblings present, and as the only indicator (the strongest temptation a fuzzy match has)
    alone = IndicatorNames.from_catalogue(CATALOGUE[CATALOGUE.indicator_id == indicator_id])
    for names in (NAMES, alone):
        assert (names.match(swapped) or (None,))[0] != indicator_id
        assert names.suggest(swapped) != indicator_id


@settings(max_examples=200, deadline=None)
@given(named=st.sampled_from(NAMED), **DECORATIONS)
def test_an_official_or_catalogue_name_matches_its_indicator_whatever_its_case_numbering_or_percent_sign(
    named, case, numbered, percent
):
    indicator_id, text = named
    assert NAMES.match(decorate(text, case, numbered, percent, None))[0] == indicator_id


# --- in the import ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:
    """The reduced demo (blocks 5001.. as in test_ingest_indicators), with official names and an alias
    set by hand on two indicators."""
    return small_demo_file(
        tmp_path_factory.mktemp("names") / "template.duckdb",
        "UPDATE indicators SET official_name = 'Percentage of persons screened for Hypertension in the block' "
        "WHERE indicator_id = 'hypertension_screening'",
        "UPDATE indicators SET official_name = 'Percentage of persons screened for Diabetes in the block', "
        "aliases = 'DM screening|NCD diabetes screening' WHERE indicator_id = 'diabetes_screening'",
    )


@pytest.fixture()
def db_file(template_db, tmp_path) -> Path:
    path = tmp_path / "abp.duckdb"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture()
def con(db_file):
    con = duckdb.connect(str(db_file))
    yield con
    con.close()


MISSPELT = f"""Block Code,Indicator,Month,Value
5001,DM screening,2025-03,41
5001,{HYPERTENSION_TYPO},2025-04,42
5002,Percentage of persons screened for Diabetes in the block,2025-04,30
"""
HINT = (
    "indicator not in the catalogue: add it, with its theme and direction so it can be scored, to the catalogue "
    "and import that first; or correct the name; did you mean 'Percentage of persons screened for Hypertension "
    "in the block' (hypertension_screening)? accept it with --accept-indicator-suggestions after checking"
)


def test_an_unknown_name_with_a_suggestion_says_what_it_means_and_loads_only_once_accepted(con, tmp_path):
    path = tmp_path / "misspelt.csv"
    path.write_text(MISSPELT)
    prepared = prepare_indicators(con, path)
    assert prepared.problems[["line", "column", "value", "problem"]].values.tolist() == [
        [3, "Indicator", HYPERTENSION_TYPO, HINT]
    ]
    assert prepared.indicators[["indicator_id", "matched_by"]].values.tolist() == [
        ["diabetes_screening", "alias"],
        [None, None],
        ["diabetes_screening", "official_name"],
    ]
    with pytest.raises(InputError):
        load_indicators(con, prepared)
    accepted = suggested_indicator_overrides(prepared)
    assert accepted == {HYPERTENSION_TYPO: "hypertension_screening"}
    confirmed = prepare_indicators(con, path, indicator_overrides=accepted)
    assert confirmed.problems.empty
    assert sorted(
        zip(
            confirmed.observations.unit_id,
            confirmed.observations.indicator_id,
            confirmed.observations.value,
            strict=True,
        )
    ) == [
        ("B5001", "diabetes_screening", 41.0),
        ("B5001", "hypertension_screening", 42.0),
        ("B5002", "diabetes_screening", 30.0),
    ]


def test_an_accepted_indicator_the_catalogue_lacks_is_refused_before_anything_is_read_as_matched(con, tmp_path):
    path = tmp_path / "misspelt.csv"
    path.write_text(MISSPELT)
    with pytest.raises(ValueError, match="hypertension_scr .*not in the catalogue"):
        prepare_indicators(con, path, indicator_overrides={HYPERTENSION_TYPO: "hypertension_scr"})


def test_the_data_admin_service_passes_accepted_indicators(con, tmp_path):
    path = tmp_path / "misspelt.csv"
    path.write_text(MISSPELT)
    assert check_file(con, "indicators", path, Options()).problem_count == 1
    accepted = Options(accepted_indicators={HYPERTENSION_TYPO: "hypertension_screening"})
    assert check_file(con, "indicators", path, accepted).ready


def test_cli_accepts_indicator_suggestions_printing_each_pair(db_file, tmp_path, capsys):
    path = tmp_path / "misspelt.csv"
    path.write_text(MISSPELT)
    assert main(["import", "indicators", str(path), "--db", str(db_file)]) == 2
    assert "--accept-indicator-suggestions" in capsys.readouterr().err
    assert main(["import", "indicators", str(path), "--db", str(db_file), "--accept-indicator-suggestions"]) == 0
    out, err = capsys.readouterr()
    assert f"accepted indicator suggestion: '{HYPERTENSION_TYPO}' -> hypertension_screening" in err.splitlines()
    assert out == "loaded 3 values from misspelt.csv\n"


def test_the_admin_service_offers_a_guarded_indicator_suggestion_and_loads_it_only_when_ticked(tmp_path):
    from lib.cli import main
    from lib.db import connect, connect_reader, reader_cursor
    from lib.ingest import service

    database = tmp_path / "fresh.duckdb"
    assert main(["import", "catalogue", "data/indicators.csv", "--db", str(database)]) == 0
    upload = service.save_upload(
        "export.csv",
        (
            b"State,District,Block,KPI,Month,Value\n"
            b"Maharashtra,Amravati,Achalpur,Percentage of person screened for Hypertention against targeted "
            b"population in the Block,2025-06,41.5\n"
            b"Maharashtra,Amravati,Achalpur,Live BharatNet,2025-06,60\n"
        ),
        "indicators",
        tmp_path,
    )
    with connect_reader(database) as reader:
        check = service.check_file(reader_cursor(reader), "indicators", upload, service.Options())
    assert not check.ready
    assert check.indicator_suggestions[["indicator", "suggestion_id"]].values.tolist() == [
        [
            "Percentage of person screened for Hypertention against targeted population in the Block",
            "hypertension_screening",
        ],
        ["Live BharatNet", "gp_bharatnet_live"],
    ]
    # the person ticks the first only; the second stays unknown and is left out with a note
    ticked = check.indicator_suggestions.assign(accept=[True, False])
    options = service.Options(accepted_indicators=service.accepted_indicator_overrides(ticked), only_catalogued=True)
    assert service.load_file(database, "indicators", upload, options)["rows"] == 1
    with connect(database, read_only=True) as con:
        stored = con.execute("SELECT unit_id, indicator_id, value FROM observations").fetchall()
    assert stored == [("B4298", "hypertension_screening", 41.5)]
