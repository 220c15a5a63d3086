"""Widgets for the Data admin page: the sign-in gate, uploads and suggestion confirmation.

The page exists only when admin accounts or a shared password are configured (see
:mod:`lib.admin_gate`); viewers' connections stay read-only, and loads write through
a staged copy under the signed-in account's name.
"""

from __future__ import annotations

import os
import secrets

import pandas as pd
import streamlit as st

from lib import admin_gate, ui
from lib.errors import report_unexpected
from lib.i18n import tr
from lib.ingest import service
from lib.plaintext import md
from lib.ui.state import AdminKeys

PASSWORD_ENV = "ABP_ADMIN_PASSWORD"
UNLOCKED = AdminKeys.UNLOCKED  # the account name signed in as
SESSION_TAG = AdminKeys.SESSION_TAG
LABELS = {
    "indicators": "Indicator values",
    "boundaries": "Boundaries",
    "catalogue": "Indicator catalogue",
    "cohorts": "Cohort list",
}


def admin_accounts() -> admin_gate.Accounts:
    """The configured ways in: ``[admin_accounts]`` in secrets (name = hash from ``python -m lib admin
    hash-password``) and/or one shared ``admin_password`` (secrets, or the ``ABP_ADMIN_PASSWORD`` variable)."""
    named, shared = {}, None
    try:
        named = dict(st.secrets.get("admin_accounts") or {})
        shared = st.secrets.get("admin_password")
    except FileNotFoundError:  # no secrets.toml: fine, fall back to the environment
        pass
    except Exception:  # a malformed secrets file must not take the app down
        pass
    return admin_gate.Accounts(named, shared or os.environ.get(PASSWORD_ENV) or None)


def admin_password() -> str | None:
    """Something that signs in (kept for the navigation: the Data admin page exists only when this is set)."""
    accounts = admin_accounts()
    return (accounts.shared_password or "named accounts") if accounts.configured else None


def signed_in_account() -> str | None:
    """The admin account this session signed in as (recorded as ``loaded_by`` on every load), or None."""
    account = st.session_state.get(UNLOCKED)
    return account if isinstance(account, str) else None


def _attempt_keys() -> tuple[str, str | None]:
    """This session and this client's address: wrong passwords slow down both."""
    session = st.session_state.setdefault(SESSION_TAG, secrets.token_hex(8))
    try:
        client = st.context.ip_address
    except Exception:  # no request context (tests, bare mode)
        client = None
    return f"session:{session}", (f"client:{client}" if client else None)


def admin_unlocked() -> bool:
    """Show the sign-in form until a configured account signs in (kept for the session)."""
    if signed_in_account():
        return True
    t = ui.translator()
    accounts = admin_accounts()
    if not accounts.configured:
        st.info(
            t(
                "Loading data from the app is switched off. Add admin accounts to `.streamlit/secrets.toml` "
                "(`[admin_accounts]`, hashes from `python -m lib admin hash-password`) or set `admin_password` "
                "there or the `{variable}` environment variable, then restart the app.",
                variable=PASSWORD_ENV,
            )
        )
        return False
    name = (
        st.text_input(
            t("Account"),
            key=AdminKeys.ACCOUNT,
            help=t(
                "Your admin account name (leave empty to use the shared password)"
                if accounts.shared_password
                else "Your admin account name"
            ),
        )
        if accounts.named
        else ""
    )
    entered = st.text_input(t("Admin password"), type="password", key=AdminKeys.PASSWORD)
    if st.button(t("Sign in"), key=AdminKeys.UNLOCK):
        _try_sign_in(accounts, name, entered)
    return False


def _try_sign_in(accounts: admin_gate.Accounts, name: str, entered: str) -> None:
    t = ui.translator()
    keys = _attempt_keys()
    session, client = keys
    waiting = admin_gate.LIMITER.wait_seconds(keys)
    if waiting > 0:
        admin_gate.log_attempt("refused (waiting)", name, client, session)
        st.error(t("Too many wrong passwords: wait {seconds:.0f} seconds before trying again.", seconds=waiting))
        return
    account = accounts.check(name, entered)
    if account is None:
        delay = admin_gate.LIMITER.failed(keys)
        admin_gate.log_attempt("failed", name, client, session)
        st.error(
            t("That account and password do not match. Wait {seconds:.0f} seconds before the next try.", seconds=delay)
            if delay
            else t("That account and password do not match.")
        )
        return
    admin_gate.LIMITER.succeeded(keys)
    admin_gate.log_attempt("ok", account, client, session)
    st.session_state[UNLOCKED] = account
    st.rerun()


def sign_out_button() -> None:
    """Who is signed in (the name the audit trail records) and a way out."""
    t = ui.translator()
    left, right = st.columns([4, 1])
    left.caption(
        t("Signed in as **{account}**: loads are recorded under this account.", account=md(signed_in_account()))
    )
    if right.button(t("Sign out"), key=AdminKeys.SIGN_OUT):
        st.session_state.pop(UNLOCKED, None)
        st.rerun()


def checked(key: str, kind: str, path: str, options: service.Options, lang: str = "en") -> service.Check:
    """The check of an uploaded file, once per database state, file and choices (not on every rerun)."""
    with st.spinner(tr(lang, "Checking the file...")):  # shown only when the check takes a while (not cached)
        return _checked(key, kind, path, options)


@st.cache_data(show_spinner=False, max_entries=4)
def _checked(key: str, kind: str, path: str, options: service.Options) -> service.Check:
    return service.check_file(ui.cursor(), kind, path, options)


def saved_upload(upload, kind: str):
    """The uploaded file on disk (written once per upload), or None with the reason shown."""
    stored = st.session_state.get(AdminKeys.UPLOAD)
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
    st.session_state[AdminKeys.UPLOAD] = ((upload.file_id, kind), path)
    return path


def forget_upload() -> None:
    """Delete the saved copy of the current upload (after it was loaded)."""
    stored = st.session_state.pop(AdminKeys.UPLOAD, None)
    if stored:
        service.discard_upload(stored[1])


def confirm_suggestions(suggestions: pd.DataFrame, upload_id: str) -> dict:
    """A table of near-miss unit names; the user ticks the suggestions to apply. Returns reference -> unit id.

    The table's widget key includes the upload, so ticks made for one file never carry over to the next.
    """
    if suggestions.empty:
        return {}
    t = ui.translator()
    st.markdown(
        t(
            "**{count} unit name(s) did not match exactly.** Tick a suggestion only after checking "
            "it is the same place; unticked names stay unmatched and block the load.",
            count=len(suggestions),
        )
    )
    shown = suggestions.assign(accept=False)
    edited = st.data_editor(
        shown,
        hide_index=True,
        key=AdminKeys.suggestions(upload_id),
        disabled=list(suggestions.columns),
        column_order=["accept", *suggestions.columns],
        column_config={
            "unit_code": t("Code in file"),
            "unit_name": t("Name in file"),
            "state_name": t("State in file"),
            "state_code": t("State code in file"),
            "district_name": t("District in file"),
            "district_code": t("District code in file"),
            "suggestion_id": t("Suggested id"),
            "suggestion": t("Suggested unit"),
            "score": t("Similarity"),
            "accept": t("Accept"),
        },
    )
    return service.accepted_overrides(edited)


def confirm_indicator_suggestions(suggestions: pd.DataFrame, upload_id: str) -> dict:
    """A table of indicator names that match no catalogue indicator, with the suggestion the guard allowed
    (boys never for girls, live never for connected); the user ticks the ones to apply."""
    if suggestions.empty:
        return {}
    t = ui.translator()
    st.markdown(
        t(
            "**{count} indicator name(s) are not in the catalogue** but look like one. Tick a "
            "suggestion only after checking it is the same KPI; unticked names block the load.",
            count=len(suggestions),
        )
    )
    edited = st.data_editor(
        suggestions.assign(accept=False),
        hide_index=True,
        key=AdminKeys.indicator_suggestions(upload_id),
        disabled=list(suggestions.columns),
        column_order=["accept", *suggestions.columns],
        column_config={
            "indicator": t("Indicator in file"),
            "suggestion_id": t("Suggested id"),
            "suggestion": t("Suggested KPI"),
            "accept": t("Accept"),
        },
    )
    return service.accepted_indicator_overrides(edited)


def load(kind: str, path, options: service.Options) -> dict | None:
    """Load the checked file; on any failure say that nothing was loaded (the reason, or a reference to
    the server log for a failure no check anticipated) and return None."""
    t = ui.translator()
    try:
        return service.load_file(None, kind, path, options, loaded_by=signed_in_account())
    except ValueError as error:
        st.error(t("Nothing was loaded: {reason}", reason=md(error)))
    except Exception as error:
        reference = report_unexpected(error, f"loading {kind} file {path}")
        st.error(
            t(
                "Nothing was loaded: the load stopped on a problem no check recognised (reference {reference} "
                "in the server log). The database is as it was; check the file and try again.",
                reference=reference,
            )
        )
    return None


def problem_lines(problems: pd.DataFrame, shown: int = 5, lang: str = "en") -> list[str]:
    """Markdown bullets for the first ``shown`` problems (line, column, value, what to do); the
    problems' own texts stay as the checks wrote them (English).

    Examples
    --------
    >>> problems = pd.DataFrame({"line": [2, None], "column": ["Block Code", None], "value": ["999999", ""],
    ...                          "problem": ["unit not found", "no rows"]})
    >>> problem_lines(problems, shown=1)
    ["- line 2, column 'Block Code': '999999': unit not found", '- ... and 1 more in the table below']
    >>> problem_lines(problems.head(1), lang="hi")
    ["- पंक्ति 2, स्तंभ 'Block Code': '999999': unit not found"]
    """
    lines = []
    for row in problems.head(shown).itertuples():
        where = ", ".join(
            part
            for part in (
                tr(lang, "line {line}", line=int(row.line)) if pd.notna(row.line) else "",
                tr(lang, "column '{column}'", column=row.column) if row.column else "",
            )
            if part
        )
        value = f"'{row.value}': " if row.value not in ("", None) else ""
        lines.append(f"- {md(where) + ': ' if where else ''}{md(value)}{md(row.problem)}")
    if len(problems) > shown:
        lines.append("- " + tr(lang, "... and {count} more in the table below", count=len(problems) - shown))
    return lines


ATTRIBUTE_ROLES = {
    "unit_code": "Unit code",
    "unit_name": "Unit name",
    "state_name": "State name",
    "state_code": "State code",
    "district_name": "District name (block files)",
}


def boundary_choices(options: service.Options) -> None:
    """The CLI's --code-column ... --district-column and --add-new for a boundary file, on ``options``."""
    t = ui.translator()
    with st.expander(t("Attribute names (only when the check does not recognise them)")):
        st.caption(t("Leave empty to recognise them from the file (e.g. DIST_LGD, DISTRICT, STATE_UT)."))
        columns = st.columns(len(ATTRIBUTE_ROLES))
        for column, (role, label_text) in zip(columns, ATTRIBUTE_ROLES.items(), strict=True):
            named = column.text_input(t(label_text), key=AdminKeys.attribute(role)).strip()
            if named:
                options.columns[role] = named
    options.add_new = st.checkbox(
        t(
            "Add features that match no unit as new units (created after the register's "
            "snapshot; listed as not in the register)"
        ),
        key=AdminKeys.ADD_NEW,
    )
