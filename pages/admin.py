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

st.title("Data admin")
ui.demo_badge(facts)
if not admin.admin_unlocked():
    st.stop()

st.caption(
    "Files are checked first and nothing is written until you press Load. A load is all or nothing; "
    "re-loading the same file changes nothing; values for the same unit, indicator and period are replaced. "
    "Every load is recorded under Indicators & data."
)
admin.sign_out_button()
kind = st.radio("What are you loading?", list(service.KINDS), format_func=admin.LABELS.get, horizontal=True, key=K.KIND)
options = service.Options()
if kind in ("indicators", "boundaries"):
    options.level = st.radio(
        "Units",
        ["block", "district"],
        horizontal=True,
        key=K.LEVEL,
        help="District level suits district programmes and surveys such as NFHS.",
    )
if kind == "boundaries":
    admin.boundary_choices(options)
if kind == "indicators":
    layouts = {
        "auto": "Recognise from the header",
        "long": "Long (unit, indicator, period, value)",
        "wide_indicators": "Wide: one column per indicator",
        "wide_periods": "Wide: one column per period",
    }
    chosen = st.selectbox("Layout", list(layouts), format_func=layouts.get, key=K.LAYOUT)
    options.layout = None if chosen == "auto" else chosen
    options.sheet = st.text_input("Sheet (workbooks with several sheets)", key=K.SHEET) or None
    options.only_catalogued = st.checkbox(
        "Leave out indicators the catalogue does not have (listed as notes)", key=K.ONLY_CATALOGUED
    )
    options.skip_unmatched = st.checkbox(
        "Load the rest when the only problems are units not found (they are listed and counted as rejected)",
        key=K.SKIP_UNMATCHED,
    )

if kind == "cohorts":
    options.replace_renamed = st.checkbox(
        "Replace cohorts of the same id even when the file spells the name differently",
        key=K.REPLACE_RENAMED,
        help="Off: 'JICA Phase 1!' cannot replace the cohort 'JICA Phase 1'.",
    )

upload = st.file_uploader(
    f"{admin.LABELS[kind]} file", type=[s.lstrip(".") for s in service.KINDS[kind]], key=K.file(kind)
)
if upload is None:
    st.info(
        "Choose a file to check. Accepted: " + ", ".join(service.KINDS[kind]) + f" up to {service.MAX_UPLOAD_MB} MB."
    )
    st.stop()
path = admin.saved_upload(upload, kind)
if path is None:
    st.stop()

check = admin.checked(key, kind, str(path), options)
options.accepted = admin.confirm_suggestions(check.suggestions, upload.file_id)
options.accepted_indicators = admin.confirm_indicator_suggestions(check.indicator_suggestions, upload.file_id)
if options.accepted or options.accepted_indicators:
    check = admin.checked(key, kind, str(path), options)

(st.success if check.ready else st.error)(
    f"**{md(check.source)}**: {md(check.summary)}. "
    f"{check.problem_count} problem(s), "
    f"{len(check.report) - check.problem_count} note(s)."
)
problems = check.report[check.report.kind == "problem"]
if len(problems):  # the first few in words, so nobody has to search the table
    st.markdown("\n".join(admin.problem_lines(problems, shown=5)))
if len(check.report):
    st.dataframe(
        check.report,
        hide_index=True,
        column_config={
            "kind": "Kind",
            "line": "Line / feature",
            "column": "Column",
            "value": "Value",
            "problem": st.column_config.TextColumn("What is wrong, and what to do", width="large"),
        },
    )
    ui.download_table(check.report, f"{upload.name}.problems.csv", "Download the problem report (CSV)")

if not check.ready:
    st.warning(
        "Nothing can be loaded until every problem is fixed: correct the file and upload it again"
        + (", or tick 'Load the rest' above." if check.unmatched_only else ".")
    )
    st.stop()
if st.button("Load into the database", type="primary", key=K.LOAD):
    with st.spinner("Loading (the dashboard keeps showing the current data until the load is complete)..."):
        outcome = admin.load(kind, path, options)
    if outcome is None:
        st.stop()
    admin.forget_upload()  # the file is in the database now: no copy of it stays on the server
    st.success(md(outcome["message"]) + ". Other pages show the new data on their next refresh.")
