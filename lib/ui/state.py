"""Session-state keys (one class per page) and the one helper that keeps a widget, its session
value and a URL query parameter in sync, so a link reproduces a view and a bad link never
breaks a page.

Widget keys are the session-state keys Streamlit gives widgets; ``*_QUERY`` names are URL
query parameters. Keys live here and nowhere else: pages and tests use these names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import streamlit as st

from lib import scenario
from lib.i18n import DEFAULT_LANGUAGE, tr
from lib.periods import label, parse_period
from lib.plaintext import md
from lib.scoring.params import GROUPS, RankingParams

ALL = ""  # the "no filter" option in selectboxes and the URL
NO_FILTERS = {"state": ALL, "district": ALL, "period": None, "state_name": None, "district_name": None}
METHOD_DEFAULT = "method default"  # What-if aggregation option: the method's own aggregation


class StateKeys:
    """The shared sidebar: its selectboxes (URL query keys too) and the filters it hands to pages."""

    STATE = "state"
    DISTRICT = "district"
    PERIOD = "period"
    NEXT_PERIOD = "period-next"  # session only: set by the Map's Play, moved into PERIOD before the sidebar draws it
    FILTERS = "filters"  # session only: the dict :func:`lib.ui.components.page_filters` returns
    LANG = "lang"  # the interface's language (lib.i18n.LANGUAGES), in the URL as ?lang=hi


class IndicatorsKeys:
    """Widgets of the Indicators & data page (session only)."""

    THEME = "indicators-theme"
    SAMPOORNATA = "indicators-sampoornata"


class WhatIfKeys:
    """Widgets of the What-if page (the scenario's URL keys are :data:`lib.scenario.QUERY_KEYS`)."""

    INITIALISED = "whatif-initialised"
    LAST = "whatif-last-scenario"  # the scenario of the last run, kept when the page is left
    METHOD = "whatif-method"
    INDICATOR_AGGREGATION = "whatif-indicator-aggregation"
    THEME_AGGREGATION = "whatif-theme-aggregation"
    SCOPE = "whatif-scope"
    BASELINE = "whatif-baseline"
    MAX_MISSING = "whatif-max-missing"
    MONTE_CARLO = "whatif-monte-carlo"
    UNCERTAINTY_FORM = "whatif-uncertainty"
    SCENARIOS = "whatif-scenarios"
    SCENARIO_NAME = "whatif-scenario-name"
    PRESET_EQUAL = "whatif-preset-equal"
    PRESET_ADP = "whatif-preset-adp"

    @staticmethod
    def theme_weight(group: str) -> str:
        return f"whatif-weight-{group}"

    @staticmethod
    def include(indicator_id: str) -> str:
        return f"whatif-include-{indicator_id}"

    @staticmethod
    def indicator_weight(indicator_id: str) -> str:
        return f"whatif-iweight-{indicator_id}"

    @staticmethod
    def save(slot: str) -> str:
        return f"whatif-save-{slot}"


class MapKeys:
    """Widgets of the Map page; measure, classification, number of classes and baseline are in the
    URL. The period is the app's (:attr:`StateKeys.PERIOD`): Play steps it."""

    MEASURE = "map-measure"
    MEASURE_QUERY = "measure"
    SCHEME = "map-scheme"
    SCHEME_QUERY = "scheme"
    CLASSES = "map-k"
    CLASSES_QUERY = "classes"
    BASELINE = "map-baseline"
    BASELINE_QUERY = "baseline"
    PLAY = "map-play"
    PLAY_CLOCK = "map-play-clock"  # session only: when Play's last step started (time.monotonic)
    PLAY_DONE = "map-play-done"  # session only: Play reached its last month; the toggle goes off before it is drawn
    BASEMAP = "map-basemap"
    CHART = "map-chart"
    SELECTED = "map-selected"  # the unit last clicked on the map
    PNG = "map-png"


class ProfileKeys:
    """Widgets of the Block profile page; the block is in the URL."""

    BLOCK = "profile-block"
    BLOCK_QUERY = "block"
    SECTION = "section"  # the open tab, in the URL under this name (st.tabs binds its key)
    SECTIONS = ("Indicators", "Trends", "Peers", "What would it take", "Compare blocks")
    THEME = "profile-theme"
    PEERS = "profile-peers"
    CUSTOM = "profile-custom"
    COMPARE = "profile-compare"


class ReviewKeys:
    """The review meeting: presentation mode and its slide (in the URL), and the sidebar's downloads
    (session only: (what was made, bytes) of the last one)."""

    PRESENT = "present"  # the toggle, in the URL as ?present=true
    SLIDE = "slide"  # the block shown, 1 = the scope's best ranked, in the URL
    DECK = "review-deck"
    CARDS = "review-cards"


class EvalKeys:
    """Pilot evaluation: URL query keys (and session keys of the matching widgets)."""

    SOURCE = "source"
    COHORTS = "cohort"
    UPLOAD = "cohort_upload"  # session only (widgets below); the uploader's key adds UPLOAD_ROUND
    UPLOAD_ROUND = "cohort_upload_round"  # a new uploader after each file, so the server lets the file go
    UPLOADED = "cohort_uploaded"  # (file name, cohorts, problems) of the last file read
    PICKED_NAME = "picked_name"
    PICKED_START = "picked_start"
    PICKED_BLOCKS = "picked_blocks"
    OUTCOME = "outcome"
    COMPARISON = "comparison"
    ESTIMATOR = "estimator"
    PRE = "pre"
    POST = "post"
    NEIGHBOURS = "k"
    REPLACEMENT = "replace"
    CALIPER = "caliper"
    EXACT_STATE = "exact_state"
    VIEW = "view"  # the open tab of results, in the URL (st.tabs binds its key)
    VIEWS = ("Trends", "Event study", "Sensitivity", "Balance", "Panel used")
    PLACEBO_OUTCOME = "placebo"  # the outcome of the placebo check, in the URL once chosen


class AdminKeys:
    """Data admin page: the sign-in gate, the kept upload and the load options (session only)."""

    UNLOCKED = "admin-unlocked"  # the account name signed in as
    SESSION_TAG = "admin-session-tag"  # a random tag counting this session's wrong passwords
    ACCOUNT = "admin-account"
    PASSWORD = "admin-password"
    UNLOCK = "admin-unlock"
    SIGN_OUT = "admin-sign-out"
    UPLOAD = "admin-upload"  # ((file id, kind), saved path) of the file being checked
    KIND = "admin-kind"
    LEVEL = "admin-level"
    LAYOUT = "admin-layout"
    SHEET = "admin-sheet"
    ONLY_CATALOGUED = "admin-only-catalogued"
    SKIP_UNMATCHED = "admin-skip-unmatched"
    REPLACE_RENAMED = "admin-replace-renamed"
    ADD_NEW = "admin-add-new"
    LOAD = "admin-load"

    @staticmethod
    def attribute(role: str) -> str:
        """The text box naming a boundary file's attribute for ``role`` (unit_code, state_name ...)."""
        return f"admin-attribute-{role}"

    @staticmethod
    def file(kind: str) -> str:
        return f"admin-file-{kind}"

    @staticmethod
    def suggestions(upload_id: str) -> str:
        return f"admin-suggestions-{upload_id}"

    @staticmethod
    def indicator_suggestions(upload_id: str) -> str:
        return f"admin-indicator-suggestions-{upload_id}"


# --- reading values from a link: each raises ValueError for a value that is not allowed -------

Parse = Callable[[str], Any]


def choice(options) -> Parse:
    """One of ``options`` (strings), as written."""
    allowed = set(options)

    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(text)
        return text

    return parse


def choice_list(options) -> Parse:
    """A non-empty comma-separated list, every item one of ``options``."""
    allowed = set(options)

    def parse(text: str) -> list[str]:
        items = [item for item in text.split(",") if item]
        if not items or any(item not in allowed for item in items):
            raise ValueError(text)
        return items

    return parse


def bounded_int(low: int, high: int) -> Parse:
    """A whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse


def bounded_float(low: float, high: float) -> Parse:
    """A number from ``low`` to ``high``."""

    def parse(text: str) -> float:
        value = float(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse


def flag(text: str) -> bool:
    """``true`` or ``false`` (any case)."""
    if text.lower() not in ("true", "false"):
        raise ValueError(text)
    return text.lower() == "true"


def url_text(value) -> str:
    """How a value is written in the URL: lists comma-separated, booleans in lower case."""
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def put_query(name: str, text: str | None) -> None:
    """Set the URL's ``name`` to ``text``, or remove it (``None``); unchanged values are not rewritten."""
    if text is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


# --- the one widget <-> session state <-> URL helper ------------------------------------------


@dataclass(frozen=True)
class UrlSync:
    """One widget's value kept in session state and in the URL (``?name=value``), validated.

    :meth:`seed` gives the widget its value before it is drawn: on the page's first run in a
    session the link's value, or the default (with a plain-text warning) when the link's value is
    not allowed; with ``revalidate``, a kept value that is no longer allowed (options that depend
    on another choice) goes back to the default. :meth:`publish` writes the value to the URL, or
    removes it when it is the default (unless ``keep_default``). :meth:`widget` does both around
    drawing the widget.
    """

    key: str  # the widget's session-state key
    default: Any
    parse: Parse  # URL text -> value; ValueError or KeyError when it is not allowed
    query: str = ""  # the URL's name for it; the key when empty
    revalidate: bool = False
    keep_default: bool = False
    where: Any = st  # where a warning about the link shows (``st.sidebar`` for the sidebar)

    @property
    def name(self) -> str:
        return self.query or self.key

    def seed(self) -> None:
        state = st.session_state
        if self.key not in state:
            state[self.key] = self.from_url()
        elif self.revalidate and not self.allows(state[self.key]):
            state[self.key] = self.default

    def from_url(self):
        """The link's value, parsed; the default when the link has none or one not allowed (said)."""
        text = st.query_params.get(self.name)
        if text is None:
            return self.default
        try:
            return self.parse(text)
        except (ValueError, KeyError):
            self.where.warning(f"The link's {md(f'{self.name}={text!r}')} is not valid here; showing the default.")
            return self.default

    def allows(self, value) -> bool:
        try:
            self.parse(url_text(value))
        except (ValueError, KeyError):
            return False
        return True

    def publish(self, value) -> None:
        at_default = value == self.default and not self.keep_default
        put_query(self.name, None if at_default else url_text(value))

    def widget(self, make: Callable, *args, **kwargs):
        """Draw ``make(*args, key=self.key, **kwargs)`` (a Streamlit widget) seeded and published."""
        self.seed()
        value = make(*args, key=self.key, **kwargs)
        self.publish(value)
        return value


# --- the What-if scenario: several widgets <-> one encoded scenario in the URL -----------------


def load_scenario_into_widgets(params: RankingParams, indicator_ids) -> None:
    """Set every What-if widget's state from a parameter set (URL, preset or saved scenario)."""
    keys, state = WhatIfKeys, st.session_state
    state[keys.METHOD] = params.method
    state[keys.INDICATOR_AGGREGATION] = params.indicator_aggregation or METHOD_DEFAULT
    state[keys.THEME_AGGREGATION] = params.theme_aggregation or METHOD_DEFAULT
    state[keys.SCOPE] = params.scope
    state[keys.BASELINE] = label(params.baseline) if params.baseline else ALL
    state[keys.MAX_MISSING] = int(round(params.max_missing_share * 100))
    for group, weight in params.theme_weight_map().items():
        state[keys.theme_weight(group)] = float(weight)
    weights = params.indicator_weight_map()
    for indicator_id in indicator_ids:
        weight = weights.get(indicator_id, 1.0)
        state[keys.include(indicator_id)] = weight > 0
        state[keys.indicator_weight(indicator_id)] = float(weight if weight > 0 else 1.0)


def init_scenario_from_url(period: date, indicator_ids) -> None:
    """On the page's first run in a session, take the scenario from the URL (or defaults); on a
    later visit, put back the scenario the user left.

    The scenario's URL keys are read together (:func:`lib.scenario.decode` checks them against
    each other), so this is not a :class:`UrlSync`. Streamlit forgets a widget's state when its
    page is not shown: after a visit to another page the widgets are refilled from the last
    scenario (kept under a key no widget owns).
    """
    if st.session_state.get(WhatIfKeys.INITIALISED):
        if WhatIfKeys.SCOPE in st.session_state:
            return
        last = st.session_state.get(WhatIfKeys.LAST)
        if last is not None:
            load_scenario_into_widgets(replace(last, period=period), indicator_ids)
            return
    query = {k: st.query_params.get(k) for k in scenario.QUERY_KEYS.values() if k in st.query_params}
    try:
        params = scenario.decode(query, period, set(indicator_ids))
    except ValueError as error:
        lang = st.session_state.get(StateKeys.LANG, DEFAULT_LANGUAGE)
        st.warning(
            tr(
                lang,
                "The link's scenario could not be used ({error}); showing the official default.",
                error=md(error),
            )
        )
        params = RankingParams(period=period)
    load_scenario_into_widgets(params, indicator_ids)
    # kept now, not only at the end of the run: a user who leaves before the page has finished
    # (a click on another page interrupts the run) finds the link's scenario on coming back
    st.session_state[WhatIfKeys.LAST] = params
    st.session_state[WhatIfKeys.INITIALISED] = True


def scenario_from_widgets(period: date, indicator_ids) -> RankingParams:
    """The parameter set the widgets describe (raises ValueError for impossible combinations)."""
    keys, state = WhatIfKeys, st.session_state
    aggregation = {
        name: (None if state[key] == METHOD_DEFAULT else state[key])
        for name, key in (
            ("indicator_aggregation", keys.INDICATOR_AGGREGATION),
            ("theme_aggregation", keys.THEME_AGGREGATION),
        )
    }
    indicator_weights = {
        i: (float(state[keys.indicator_weight(i)]) if state[keys.include(i)] else 0.0) for i in indicator_ids
    }
    params = RankingParams(
        period=period,
        method=state[keys.METHOD],
        **aggregation,
        scope=state[keys.SCOPE],
        baseline=parse_period(state[keys.BASELINE]) if state[keys.BASELINE] else None,
        max_missing_share=state[keys.MAX_MISSING] / 100.0,
    )
    return params.with_weights({g: state[keys.theme_weight(g)] for g in GROUPS}, indicator_weights)


def write_scenario_to_url(params: RankingParams) -> None:
    """Keep the scenario in the URL (only non-default parts), so a link reproduces it, and in the
    session, so a later visit to the page finds it again."""
    st.session_state[WhatIfKeys.LAST] = params
    wanted = scenario.encode(params)
    for query_key in scenario.QUERY_KEYS.values():
        put_query(query_key, wanted.get(query_key))
