"""Widgets and result cache for the pilot evaluation page.

Database cohorts and every analysis choice live in the URL, so a link
reproduces the view; uploaded or hand-picked cohorts live in the session
(they are not saved to the database from this page).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.evaluation import cohorts as cohort_io
from lib.evaluation.service import EvaluationResult, evaluate, run_placebos
from lib.evaluation.spec import (
    COMPARISONS,
    DEFAULT_COMPARISON,
    ESTIMATORS,
    MAX_WINDOW_MONTHS,
    Cohort,
    EvaluationSpec,
    MatchingOptions,
)
from lib.ingest import cohort_csv
from lib.periods import label, parse_period
from lib.plaintext import md
from lib.ui import cached
from lib.ui.components import download_table, language
from lib.ui.components import interface_text as _t
from lib.ui.state import EvalKeys, UrlSync, bounded_float, bounded_int, choice, choice_list, flag

CACHE_SIZE = 16  # evaluation results kept by the server (a panel of up to ~20,000 block-months each)
SOURCES = {"database": "Cohorts in the database", "upload": "Upload a CSV", "blocks": "Pick blocks"}


def _cohort_choice(cohort: Cohort) -> str:
    """How a cohort reads in a list: its name, start and size."""
    return _t(
        "{name} (starts {start}, {count} blocks)",
        name=cohort.name,
        start=label(cohort.start),
        count=len(cohort.members),
    )


def cohort_source(available: list[Cohort]) -> str:
    """Where the cohorts come from (in the URL when not the default)."""
    sync = UrlSync(EvalKeys.SOURCE, "database" if available else "upload", choice(SOURCES))
    sync.seed()
    source = (
        st.segmented_control(
            _t("Where the cohorts come from"),
            list(SOURCES),
            format_func={s: _t(text) for s, text in SOURCES.items()}.get,
            key=EvalKeys.SOURCE,
        )
        or sync.default
    )  # no choice: the default
    sync.publish(source)
    return source


def cohorts_from_database(available: list[Cohort]) -> tuple[Cohort, ...]:
    by_id = {c.cohort_id: c for c in available}
    sync = UrlSync(EvalKeys.COHORTS, [available[0].cohort_id], choice_list(by_id))
    chosen = sync.widget(
        st.multiselect,
        _t("Pilot cohorts (choose several for staggered starts)"),
        list(by_id),
        format_func={i: _cohort_choice(c) for i, c in by_id.items()}.get,
    )
    return tuple(by_id[i] for i in chosen)


def cohorts_from_upload(blocks: pd.DataFrame) -> tuple[Cohort, ...]:
    st.caption(
        _t(
            "One row per block with three columns: block code (LGD code or unit id such as B900123), "
            "cohort name, start month (YYYY-MM). Nothing is used unless the whole file is clean."
        )
    )
    upload_key = f"{EvalKeys.UPLOAD}-{st.session_state.get(EvalKeys.UPLOAD_ROUND, 0)}"
    upload = st.file_uploader(
        _t("Cohort list (CSV, up to {megabytes} MB)", megabytes=cohort_csv.VIEWER_UPLOAD_MB),
        type=["csv"],
        key=upload_key,
        max_upload_size=cohort_csv.VIEWER_UPLOAD_MB,
    )
    if upload is not None:  # read once, then let go of the file: the server keeps only the cohorts
        st.session_state[EvalKeys.UPLOADED] = _read_upload(upload, blocks)
        st.session_state[EvalKeys.UPLOAD_ROUND] = st.session_state.get(EvalKeys.UPLOAD_ROUND, 0) + 1
        st.rerun()
    read = st.session_state.get(EvalKeys.UPLOADED)
    if read is None:
        return ()
    source, parsed, error = read
    if error is not None:
        st.error(
            _t(
                "{file}: {count} problem(s); no cohort was taken from this file. Fix them and upload again.",
                file=md(source),
                count=len(error.problems),
            )
        )
        problems = pd.DataFrame([{"line": p.row, "column": p.column, "problem": p.message} for p in error.problems])
        st.dataframe(
            problems,
            hide_index=True,
            column_config={"line": _t("Line"), "column": _t("Column"), "problem": _t("What is wrong, and what to do")},
        )
        download_table(problems, "cohort_problems.csv", _t("Download the problem report (CSV)"))
        return ()
    st.success(
        _t(
            "Read {cohorts} cohort(s) with {blocks} blocks from {file}.",
            cohorts=len(parsed),
            blocks=sum(len(c.members) for c in parsed),
            file=md(source),
        )
    )
    names = {c.cohort_id: c for c in parsed}
    chosen = st.multiselect(
        _t("Cohorts from the file"),
        list(names),
        default=list(names),
        format_func={i: _cohort_choice(c) for i, c in names.items()}.get,
    )
    return tuple(names[i] for i in chosen)


def _read_upload(upload, blocks: pd.DataFrame) -> tuple:
    """(file name, cohorts, None) or (file name, (), InputError): bounded reading, then parsing."""
    try:
        content = cohort_csv.read_bounded(upload, upload.name)
        return upload.name, cohort_csv.parse_cohort_csv(content, upload.name, blocks), None
    except InputError as error:
        return upload.name, (), error


def cohort_from_picked_blocks(blocks: pd.DataFrame, months: list[date]) -> tuple[Cohort, ...]:
    aspirational = blocks[blocks.aspirational]
    names = dict(
        zip(
            aspirational.unit_id,
            aspirational.unit_name + ", " + aspirational.district + ", " + aspirational.state,
            strict=True,
        )
    )
    name_col, start_col = st.columns(2)
    name = name_col.text_input(_t("Cohort name"), value=_t("My pilot blocks"), key=EvalKeys.PICKED_NAME)
    start = start_col.selectbox(_t("Start month"), [label(m) for m in months[1:]][::-1], key=EvalKeys.PICKED_START)
    chosen = st.multiselect(
        _t("Pilot blocks"),
        list(names),
        format_func=names.get,
        key=EvalKeys.PICKED_BLOCKS,
        placeholder=_t("Type a block, district or state name"),
    )
    if not chosen:
        st.info(_t("Choose the blocks that started the pilot."))
        return ()
    return (cohort_io.cohort_from_blocks(name, parse_period(start), chosen, blocks),)


def analysis_choices(outcome_options: dict[str, str], default_outcome: str) -> dict:
    """Outcome, comparison, estimator, window and matching widgets (URL-synced)."""
    synced = [
        UrlSync(EvalKeys.OUTCOME, default_outcome, choice(outcome_options)),
        UrlSync(EvalKeys.COMPARISON, DEFAULT_COMPARISON, choice(COMPARISONS)),
        UrlSync(EvalKeys.ESTIMATOR, "sunab", choice(ESTIMATORS)),
        UrlSync(EvalKeys.PRE, 12, bounded_int(2, MAX_WINDOW_MONTHS)),
        UrlSync(EvalKeys.POST, 12, bounded_int(1, MAX_WINDOW_MONTHS)),
        UrlSync(EvalKeys.NEIGHBOURS, 2, bounded_int(1, 10)),
        UrlSync(EvalKeys.REPLACEMENT, False, flag),
        UrlSync(EvalKeys.CALIPER, 0.25, bounded_float(0.05, 2.0)),
        UrlSync(EvalKeys.EXACT_STATE, False, flag),
    ]
    for sync in synced:  # the matching options are drawn only for matching, but always kept and linked
        sync.seed()
    st.selectbox(_t("Outcome"), list(outcome_options), key=EvalKeys.OUTCOME, format_func=outcome_options.get)
    left, right = st.columns(2)
    left.radio(
        _t("Comparison blocks"),
        list(COMPARISONS),
        key=EvalKeys.COMPARISON,
        format_func={c: _t(text).capitalize() for c, text in COMPARISONS.items()}.get,
        help=_t(
            "Every option compares changes, not levels. 'Matched' (the default) keeps only blocks with similar "
            "pre-start levels and trends; the design comparison table shows the answer under every option."
        ),
    )
    right.radio(
        _t("Headline estimator"),
        list(ESTIMATORS),
        key=EvalKeys.ESTIMATOR,
        format_func={e: _t(text) for e, text in ESTIMATORS.items()}.get,
        help=_t("Every estimator is shown in the table; this one writes the headline sentence."),
    )
    pre_col, post_col = st.columns(2)
    pre_col.slider(_t("Months before the start (baseline)"), 2, MAX_WINDOW_MONTHS, key=EvalKeys.PRE)
    post_col.slider(_t("Months from the start (effect window)"), 1, MAX_WINDOW_MONTHS, key=EvalKeys.POST)
    if st.session_state[EvalKeys.COMPARISON] == "matched":
        with st.expander(_t("Matching options"), expanded=False):
            neighbours_col, caliper_col, replacement_col, state_col = st.columns(4)
            neighbours_col.number_input(_t("Comparison blocks per pilot block"), 1, 10, key=EvalKeys.NEIGHBOURS)
            caliper_col.slider(
                _t("Caliper (SD of the outcome's baseline level)"), 0.05, 2.0, step=0.05, key=EvalKeys.CALIPER
            )
            replacement_col.checkbox(_t("With replacement"), key=EvalKeys.REPLACEMENT)
            state_col.checkbox(_t("Same state only"), key=EvalKeys.EXACT_STATE)
    values = {sync.key: st.session_state[sync.key] for sync in synced}
    for sync in synced:
        sync.publish(values[sync.key])
    return values


def build_spec(cohorts: tuple[Cohort, ...], choices: dict) -> EvaluationSpec:
    matching = MatchingOptions(
        neighbours=int(choices[EvalKeys.NEIGHBOURS]),
        replacement=choices[EvalKeys.REPLACEMENT],
        caliper=float(choices[EvalKeys.CALIPER]),
        exact_state=choices[EvalKeys.EXACT_STATE],
    )
    return EvaluationSpec(
        cohorts,
        choices[EvalKeys.OUTCOME],
        comparison=choices[EvalKeys.COMPARISON],
        estimator=choices[EvalKeys.ESTIMATOR],
        pre_months=int(choices[EvalKeys.PRE]),
        post_months=int(choices[EvalKeys.POST]),
        matching=matching,
    )


class _SharedResults:
    """The last results of a long computation, kept for every session of this server, oldest dropped first.

    (``st.cache_data`` would replay the progress bar; this keeps the bar live. Shared by sessions:
    opening a link to an evaluation someone has run shows it at once. Results are read, never
    changed, by the page.)
    """

    def __init__(self, size: int):
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key):
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def compute(self, key, text: str, work):
        """``work(con, progress)`` under a progress bar, then kept under ``key``."""
        bar = st.progress(0.0, text=text)
        try:
            with cached.cursor() as con:
                value = work(con, lambda fraction, message: bar.progress(fraction, text=message))
        finally:
            bar.empty()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


_RESULTS = _SharedResults(CACHE_SIZE)  # (database version, spec) -> evaluation result
_PLACEBOS = _SharedResults(CACHE_SIZE)  # (database version, spec, placebo outcome) -> placebo rows


def run_evaluation(spec: EvaluationSpec) -> EvaluationResult:
    """Evaluate with a progress bar, its texts in the interface's language; the last results are kept
    for every session of this server (per language: a result's sentences are written in one)."""
    lang = language()
    key = (cached.db_key(), spec, lang)
    done = _RESULTS.get(key)
    if done is not None:
        return done
    return _RESULTS.compute(
        key, _t("Starting the evaluation"), lambda con, progress: evaluate(con, spec, progress, lang=lang)
    )


def placebo_checks(spec: EvaluationSpec, outcome_options: dict[str, str]) -> pd.DataFrame | None:
    """A placebo outcome picker and a button; the placebo rows once run (kept for every session)."""
    choices = [o for o in outcome_options if o != spec.outcome]
    sync = UrlSync(EvalKeys.PLACEBO_OUTCOME, choices[0] if choices else "", choice(dict.fromkeys(choices)))
    sync.seed()
    placebo = st.selectbox(
        _t("Placebo outcome (one the pilot did not target)"),
        choices,
        key=EvalKeys.PLACEBO_OUTCOME,
        format_func=outcome_options.get,
    )
    sync.publish(placebo)
    lang = language()
    key = (cached.db_key(), spec, placebo, lang)
    done = _PLACEBOS.get(key)
    if done is not None or not st.button(_t("Run placebo checks"), icon=":material/science:"):
        return done
    return _PLACEBOS.compute(
        key,
        _t("Starting the placebo checks"),
        lambda con, progress: run_placebos(con, spec, placebo, progress, lang),
    )
