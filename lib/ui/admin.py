"""Widgets for the Data admin page: the password gate, uploads and suggestion confirmation.

The page exists only when an admin password is configured (``admin_password``
in Streamlit secrets, or the ``ABP_ADMIN_PASSWORD`` environment variable);
viewers' connections stay read-only, and loads write through a staged copy.
"""

from __future__ import annotations

import hmac
import os

import pandas as pd
import streamlit as st

from lib import ui
from lib.ingest import service
from lib.plaintext import md

PASSWORD_ENV = "ABP_ADMIN_PASSWORD"
UNLOCKED = "admin-unlocked"
LABELS = {"indicators": "Indicator values", "boundaries": "Boundaries", "catalogue": "Indicator catalogue",
          "cohorts": "Cohort list"}


def admin_password() -> str | None:
    """The configured admin password, or None when data loading through the app is switched off."""
    try:
        configured = st.secrets.get("admin_password")
    except FileNotFoundError:  # no secrets.toml: fine, fall back to the environment
        configured = None
    except Exception:  # a malformed secrets file must not take the app down
        configured = None
    return configured or os.environ.get(PASSWORD_ENV) or None


def admin_unlocked() -> bool:
    """Show the password form until the right password is entered (kept for the session)."""
    if st.session_state.get(UNLOCKED):
        return True
    password = admin_password()
    if password is None:
        st.info(f"Loading data from the app is switched off. Set `admin_password` in `.streamlit/secrets.toml` "
                f"or the `{PASSWORD_ENV}` environment variable, then restart the app.")
        return False
    entered = st.text_input("Admin password", type="password", key="admin-password")
    if st.button("Unlock", key="admin-unlock"):
        if hmac.compare_digest(entered.encode(), password.encode()):
            st.session_state[UNLOCKED] = True
            st.rerun()
        st.error("That password is not right.")
    return False


@st.cache_data(show_spinner="Checking the file...", max_entries=4)
def checked(key: str, kind: str, path: str, options: service.Options) -> service.Check:
    """The check of an uploaded file, once per database state, file and choices (not on every rerun)."""
    return service.check_file(ui.cursor(), kind, path, options)


def saved_upload(upload, kind: str):
    """The uploaded file on disk (written once per upload), or None with the reason shown."""
    stored = st.session_state.get("admin-upload")
    if stored and stored[0] == (upload.file_id, kind):
        return stored[1]
    if stored:  # a new file replaces the last one: do not leave copies of users' files behind
        service.discard_upload(stored[1])
    service.discard_stale_uploads()  # copies a stopped server or a closed session left behind
    try:
        path = service.save_upload(upload.name, upload.getvalue(), kind)
    except ValueError as error:
        st.error(md(error))
        return None
    st.session_state["admin-upload"] = ((upload.file_id, kind), path)
    return path


def forget_upload() -> None:
    """Delete the saved copy of the current upload (after it was loaded)."""
    stored = st.session_state.pop("admin-upload", None)
    if stored:
        service.discard_upload(stored[1])


def confirm_suggestions(suggestions: pd.DataFrame, upload_id: str) -> dict:
    """A table of near-miss unit names; the user ticks the suggestions to apply. Returns reference -> unit id.

    The table's widget key includes the upload, so ticks made for one file never carry over to the next.
    """
    if suggestions.empty:
        return {}
    st.markdown(f"**{len(suggestions)} unit name(s) did not match exactly.** Tick a suggestion only after checking "
                "it is the same place; unticked names stay unmatched and block the load.")
    shown = suggestions.assign(accept=False)
    edited = st.data_editor(shown, hide_index=True, key=f"admin-suggestions-{upload_id}", disabled=list(suggestions.columns),
                            column_order=["accept", *suggestions.columns],
                            column_config={"unit_code": "Code in file", "unit_name": "Name in file",
                                           "state_name": "State in file", "state_code": "State code in file",
                                           "district_name": "District in file",
                                           "district_code": "District code in file",
                                           "suggestion_id": "Suggested id", "suggestion": "Suggested unit",
                                           "score": "Similarity", "accept": "Accept"})
    return service.accepted_overrides(edited)


def confirm_indicator_suggestions(suggestions: pd.DataFrame, upload_id: str) -> dict:
    """A table of indicator names that match no catalogue indicator, with the suggestion the guard allowed
    (boys never for girls, live never for connected); the user ticks the ones to apply."""
    if suggestions.empty:
        return {}
    st.markdown(f"**{len(suggestions)} indicator name(s) are not in the catalogue** but look like one. Tick a "
                "suggestion only after checking it is the same KPI; unticked names block the load.")
    edited = st.data_editor(suggestions.assign(accept=False), hide_index=True,
                            key=f"admin-indicator-suggestions-{upload_id}", disabled=list(suggestions.columns),
                            column_order=["accept", *suggestions.columns],
                            column_config={"indicator": "Indicator in file", "suggestion_id": "Suggested id",
                                           "suggestion": "Suggested KPI", "accept": "Accept"})
    return service.accepted_indicator_overrides(edited)


def problem_lines(problems: pd.DataFrame, shown: int = 5) -> list[str]:
    """Markdown bullets for the first ``shown`` problems (line, column, value, what to do)."""
    lines = []
    for row in problems.head(shown).itertuples():
        where = ", ".join(part for part in (
            f"line {int(row.line)}" if pd.notna(row.line) else "", f"column '{row.column}'" if row.column else "")
            if part)
        value = f"'{row.value}': " if row.value not in ("", None) else ""
        lines.append(f"- {md(where) + ': ' if where else ''}{md(value)}{md(row.problem)}")
    if len(problems) > shown:
        lines.append(f"- ... and {len(problems) - shown} more in the table below")
    return lines
