"""Widgets and result cache for the pilot evaluation page.

Database cohorts and every analysis choice live in the URL, so a link
reproduces the view; uploaded or hand-picked cohorts live in the session
(they are not saved to the database from this page).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from lib import ui
from lib.errors import InputError
from lib.evaluation import cohorts as cohort_io
from lib.evaluation.service import EvaluationResult, evaluate
from lib.plaintext import md
from lib.evaluation.spec import COMPARISONS, ESTIMATORS, MAX_WINDOW_MONTHS, Cohort, EvaluationSpec, MatchingOptions
from lib.periods import label, parse_period

CACHE_SIZE = 8
SOURCES = {"database": "Cohorts in the database", "upload": "Upload a CSV", "blocks": "Pick blocks"}


class EvalKeys:
    """URL query keys (and session keys of the matching widgets)."""

    SOURCE = "source"
    COHORTS = "cohort"
    UPLOAD = "cohort_upload"          # session only (widgets below); the uploader's key adds UPLOAD_ROUND
    UPLOAD_ROUND = "cohort_upload_round"  # a new uploader after each file, so the server lets the file go
    UPLOADED = "cohort_uploaded"      # (file name, cohorts, problems) of the last file read
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
    RESULTS = "evaluation_results"  # session only


@st.cache_data(show_spinner=False)
def database_cohorts(key: str) -> list[Cohort]:
    return cohort_io.database_cohorts(ui.cursor())


def url_value(key: str, default, parse):
    """The URL's value for ``key`` parsed, or ``default`` when absent or invalid (reported)."""
    text = st.query_params.get(key)
    if text is None:
        return default
    try:
        return parse(text)
    except (ValueError, KeyError):
        st.warning(f"The link's {key}='{md(text)}' is not valid here; using the default.")
        return default


def init_widget(key: str, default, parse) -> None:
    """Seed a widget's session value from the URL once per session."""
    if key not in st.session_state:
        st.session_state[key] = url_value(key, default, parse)


def write_url(values: dict[str, object], defaults: dict[str, object]) -> None:
    """Put non-default choices in the URL; drop the rest."""
    for key, value in values.items():
        text = ",".join(value) if isinstance(value, (list, tuple)) else str(value).lower() if isinstance(value, bool) else str(value)
        if value == defaults.get(key):
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = text


def _choices(options):
    def parse(text: str):
        if text not in options:
            raise ValueError(text)
        return text
    return parse


def _bounded_int(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value
    return parse


def _flag(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError(text)
    return text.lower() == "true"


def cohort_source(available: list[Cohort]) -> str:
    """Where the cohorts come from (in the URL when not the default)."""
    default = "database" if available else "upload"
    init_widget(EvalKeys.SOURCE, default, _choices(SOURCES))
    source = st.segmented_control("Where the cohorts come from", list(SOURCES), format_func=SOURCES.get,
                                  key=EvalKeys.SOURCE) or default
    write_url({EvalKeys.SOURCE: source}, {EvalKeys.SOURCE: default})
    return source


def cohorts_from_database(available: list[Cohort]) -> tuple[Cohort, ...]:
    by_id = {c.cohort_id: c for c in available}

    def parse(text: str) -> list[str]:
        ids = [i for i in text.split(",") if i]
        if not ids or any(i not in by_id for i in ids):
            raise ValueError(text)
        return ids

    default = [available[0].cohort_id]
    init_widget(EvalKeys.COHORTS, default, parse)
    chosen = st.multiselect("Pilot cohorts (choose several for staggered starts)", list(by_id), key=EvalKeys.COHORTS,
                            format_func=lambda i: f"{by_id[i].name} (starts {label(by_id[i].start)}, "
                                                  f"{len(by_id[i].members)} blocks)")
    write_url({EvalKeys.COHORTS: chosen}, {EvalKeys.COHORTS: default})
    return tuple(by_id[i] for i in chosen)


def cohorts_from_upload(blocks: pd.DataFrame) -> tuple[Cohort, ...]:
    st.caption("One row per block with three columns: block code (LGD code or unit id such as B900123), "
               "cohort name, start month (YYYY-MM). Nothing is used unless the whole file is clean.")
    upload_key = f"{EvalKeys.UPLOAD}-{st.session_state.get(EvalKeys.UPLOAD_ROUND, 0)}"
    upload = st.file_uploader(f"Cohort list (CSV, up to {cohort_io.VIEWER_UPLOAD_MB} MB)", type=["csv"],
                              key=upload_key, max_upload_size=cohort_io.VIEWER_UPLOAD_MB)
    if upload is not None:  # read once, then let go of the file: the server keeps only the cohorts
        st.session_state[EvalKeys.UPLOADED] = _read_upload(upload, blocks)
        st.session_state[EvalKeys.UPLOAD_ROUND] = st.session_state.get(EvalKeys.UPLOAD_ROUND, 0) + 1
        st.rerun()
    read = st.session_state.get(EvalKeys.UPLOADED)
    if read is None:
        return ()
    source, parsed, error = read
    if error is not None:
        st.error(f"{md(source)}: {len(error.problems)} problem(s); no cohort was taken from this file. "
                 "Fix them and upload again.")
        problems = pd.DataFrame([{"line": p.row, "column": p.column, "problem": p.message} for p in error.problems])
        st.dataframe(problems, hide_index=True)
        ui.download_table(problems, "cohort_problems.csv", "Download the problem report (CSV)")
        return ()
    st.success(f"Read {len(parsed)} cohort(s) with {sum(len(c.members) for c in parsed)} blocks from "
               f"{md(source)}.")
    names = {c.cohort_id: c for c in parsed}
    chosen = st.multiselect("Cohorts from the file", list(names), default=list(names),
                            format_func=lambda i: f"{names[i].name} (starts {label(names[i].start)}, {len(names[i].members)} blocks)")
    return tuple(names[i] for i in chosen)


def _read_upload(upload, blocks: pd.DataFrame) -> tuple:
    """(file name, cohorts, None) or (file name, (), InputError): bounded reading, then parsing."""
    try:
        content = cohort_io.read_bounded(upload, upload.name)
        return upload.name, cohort_io.parse_cohort_csv(content, upload.name, blocks), None
    except InputError as error:
        return upload.name, (), error


def cohort_from_picked_blocks(blocks: pd.DataFrame, months: list[date]) -> tuple[Cohort, ...]:
    aspirational = blocks[blocks.aspirational]
    names = dict(zip(aspirational.unit_id, aspirational.unit_name + ", " + aspirational.district + ", " + aspirational.state))
    name_col, start_col = st.columns(2)
    name = name_col.text_input("Cohort name", value="My pilot blocks", key=EvalKeys.PICKED_NAME)
    start = start_col.selectbox("Start month", [label(m) for m in months[1:]][::-1], key=EvalKeys.PICKED_START)
    chosen = st.multiselect("Pilot blocks", list(names), format_func=names.get, key=EvalKeys.PICKED_BLOCKS,
                            placeholder="Type a block, district or state name")
    if not chosen:
        st.info("Choose the blocks that started the pilot.")
        return ()
    return (cohort_io.cohort_from_blocks(name, parse_period(start), chosen, blocks),)


def analysis_choices(outcome_options: dict[str, str], default_outcome: str) -> dict:
    """Outcome, comparison, estimator, window and matching widgets (URL-synced)."""
    defaults = {EvalKeys.OUTCOME: default_outcome, EvalKeys.COMPARISON: "all",
                EvalKeys.ESTIMATOR: "sunab", EvalKeys.PRE: 12, EvalKeys.POST: 12, EvalKeys.NEIGHBOURS: 2,
                EvalKeys.REPLACEMENT: False, EvalKeys.CALIPER: 0.25, EvalKeys.EXACT_STATE: False}
    parsers = {EvalKeys.OUTCOME: _choices(outcome_options), EvalKeys.COMPARISON: _choices(COMPARISONS),
               EvalKeys.ESTIMATOR: _choices(ESTIMATORS), EvalKeys.PRE: _bounded_int(2, MAX_WINDOW_MONTHS),
               EvalKeys.POST: _bounded_int(1, MAX_WINDOW_MONTHS), EvalKeys.NEIGHBOURS: _bounded_int(1, 10),
               EvalKeys.REPLACEMENT: _flag, EvalKeys.CALIPER: lambda t: _caliper(float(t)), EvalKeys.EXACT_STATE: _flag}
    for key, default in defaults.items():
        init_widget(key, default, parsers[key])
    st.selectbox("Outcome", list(outcome_options), key=EvalKeys.OUTCOME, format_func=outcome_options.get)
    left, right = st.columns(2)
    left.radio("Comparison blocks", list(COMPARISONS), key=EvalKeys.COMPARISON,
               format_func=lambda c: COMPARISONS[c].capitalize(),
               help="Every option compares changes, not levels. 'Matched' keeps only blocks with similar "
                    "pre-start levels and trends; check the Balance tab, and compare with the other pools.")
    right.radio("Headline estimator", list(ESTIMATORS), key=EvalKeys.ESTIMATOR, format_func=ESTIMATORS.get,
                help="Every estimator is shown in the table; this one writes the headline sentence.")
    pre_col, post_col = st.columns(2)
    pre_col.slider("Months before the start (baseline)", 2, MAX_WINDOW_MONTHS, key=EvalKeys.PRE)
    post_col.slider("Months from the start (effect window)", 1, MAX_WINDOW_MONTHS, key=EvalKeys.POST)
    if st.session_state[EvalKeys.COMPARISON] == "matched":
        with st.expander("Matching options", expanded=False):
            neighbours_col, caliper_col, replacement_col, state_col = st.columns(4)
            neighbours_col.number_input("Comparison blocks per pilot block", 1, 10, key=EvalKeys.NEIGHBOURS)
            caliper_col.slider("Caliper (SD of the outcome's baseline level)", 0.05, 2.0, step=0.05, key=EvalKeys.CALIPER)
            replacement_col.checkbox("With replacement", key=EvalKeys.REPLACEMENT)
            state_col.checkbox("Same state only", key=EvalKeys.EXACT_STATE)
    values = {key: st.session_state[key] for key in defaults}
    write_url(values, defaults)
    return values


def _caliper(value: float) -> float:
    if not 0.05 <= value <= 2.0:
        raise ValueError(value)
    return value


def build_spec(cohorts: tuple[Cohort, ...], choices: dict) -> EvaluationSpec:
    matching = MatchingOptions(neighbours=int(choices[EvalKeys.NEIGHBOURS]), replacement=choices[EvalKeys.REPLACEMENT],
                               caliper=float(choices[EvalKeys.CALIPER]), exact_state=choices[EvalKeys.EXACT_STATE])
    return EvaluationSpec(cohorts, choices[EvalKeys.OUTCOME], comparison=choices[EvalKeys.COMPARISON],
                          estimator=choices[EvalKeys.ESTIMATOR], pre_months=int(choices[EvalKeys.PRE]),
                          post_months=int(choices[EvalKeys.POST]), matching=matching)


def run_evaluation(spec: EvaluationSpec) -> EvaluationResult:
    """Evaluate with a progress bar; the last few results are kept for this session.

    (``st.cache_data`` would replay the progress bar; a per-session cache keeps
    the bar live and is enough: one estimation takes well under two seconds.)
    """
    key = (ui.db_key(), spec)
    cache: dict = st.session_state.setdefault(EvalKeys.RESULTS, {})
    if key in cache:
        return cache[key]
    bar = st.progress(0.0, text="Starting the evaluation")
    try:
        with ui.cursor() as con:
            result = evaluate(con, spec, progress=lambda fraction, message: bar.progress(fraction, text=message))
    finally:
        bar.empty()
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = result
    return result
