"""Data admin: check a file, confirm near-miss names, then load it all or nothing (password protected)."""

from __future__ import annotations

import streamlit as st

from lib import ui
from lib.ingest import service
from lib.plaintext import md
from lib.ui import admin

K = ui.AdminKeys
ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
lang = ui.language()
t = ui.translator()

st.title(t("Data admin"))
ui.demo_badge(facts, lang)
if not admin.admin_unlocked():
    st.stop()

st.caption(
    t(
        "Files are checked first and nothing is written until you press Load. A load is all or nothing; "
        "re-loading the same file changes nothing; values for the same unit, indicator and period are replaced. "
        "Every load is recorded under Indicators & data."
    )
)
admin.sign_out_button()
kind = st.radio(
    t("What are you loading?"),
    list(service.KINDS),
    format_func=lambda k: t(admin.LABELS[k]),
    horizontal=True,
    key=K.KIND,
)
options = service.Options()
if kind in ("indicators", "boundaries"):
    options.level = st.radio(
        t("Units"),
        ["block", "district"],
        format_func=lambda level: t("block") if level == "block" else t("district"),
        horizontal=True,
        key=K.LEVEL,
        help=t("District level suits district programmes and surveys such as NFHS."),
    )
if kind == "boundaries":
    admin.boundary_choices(options)
if kind == "indicators":
    layouts = {
        "auto": t("Recognise from the header"),
        "long": t("Long (unit, indicator, period, value)"),
        "wide_indicators": t("Wide: one column per indicator"),
        "wide_periods": t("Wide: one column per period"),
    }
    chosen = st.selectbox(t("Layout"), list(layouts), format_func=layouts.get, key=K.LAYOUT)
    options.layout = None if chosen == "auto" else chosen
    options.sheet = st.text_input(t("Sheet (workbooks with several sheets)"), key=K.SHEET) or None
    options.only_catalogued = st.checkbox(
        t("Leave out indicators the catalogue does not have (listed as notes)"), key=K.ONLY_CATALOGUED
    )
    options.skip_unmatched = st.checkbox(
        t("Load the rest when the only problems are units not found (they are listed and counted as rejected)"),
        key=K.SKIP_UNMATCHED,
    )

if kind == "cohorts":
    options.replace_renamed = st.checkbox(
        t("Replace cohorts of the same id even when the file spells the name differently"),
        key=K.REPLACE_RENAMED,
        help=t("Off: 'JICA Phase 1!' cannot replace the cohort 'JICA Phase 1'."),
    )

upload = st.file_uploader(
    t("{what} file", what=t(admin.LABELS[kind])),
    type=[s.lstrip(".") for s in service.KINDS[kind]],
    key=K.file(kind),
)
if upload is None:
    st.info(
        t(
            "Choose a file to check. Accepted: {types} up to {megabytes} MB.",
            types=", ".join(service.KINDS[kind]),
            megabytes=service.MAX_UPLOAD_MB,
        )
    )
    st.stop()
path = admin.saved_upload(upload, kind)
if path is None:
    st.stop()

check = admin.checked(key, kind, str(path), options, lang)
options.accepted = admin.confirm_suggestions(check.suggestions, upload.file_id)
options.accepted_indicators = admin.confirm_indicator_suggestions(check.indicator_suggestions, upload.file_id)
if options.accepted or options.accepted_indicators:
    check = admin.checked(key, kind, str(path), options, lang)

(st.success if check.ready else st.error)(
    t(
        "**{source}**: {summary}. {problems} problem(s), {notes} note(s).",
        source=md(check.source),
        summary=md(check.summary),
        problems=check.problem_count,
        notes=len(check.report) - check.problem_count,
    )
)
if lang != "en":  # the checker's and the loader's own messages (lib.ingest) are not translated yet
    st.caption(
        t(
            "The messages of the file check and the load (the summary, each problem's description) are in English for now."
        )
    )
problems = check.report[check.report.kind == "problem"]
if len(problems):  # the first few in words, so nobody has to search the table
    st.markdown("\n".join(admin.problem_lines(problems, shown=5, lang=lang)))
if len(check.report):
    st.dataframe(
        check.report,
        hide_index=True,
        column_config={
            "kind": t("Kind"),
            "line": t("Line / feature"),
            "column": t("Column"),
            "value": t("Value"),
            "problem": st.column_config.TextColumn(t("What is wrong, and what to do"), width="large"),
        },
    )
    ui.download_table(check.report, f"{upload.name}.problems.csv", "Download the problem report (CSV)")

if not check.ready:
    st.warning(
        t(
            "Nothing can be loaded until every problem is fixed: correct the file and upload it again, "
            "or tick 'Load the rest' above."
            if check.unmatched_only
            else "Nothing can be loaded until every problem is fixed: correct the file and upload it again."
        )
    )
    st.stop()
if st.button(t("Load into the database"), type="primary", key=K.LOAD):
    with st.spinner(t("Loading (the dashboard keeps showing the current data until the load is complete)...")):
        outcome = admin.load(kind, path, options)
    if outcome is None:
        st.stop()
    admin.forget_upload()  # the file is in the database now: no copy of it stays on the server
    st.success(t("{message}. Other pages show the new data on their next refresh.", message=md(outcome["message"])))
