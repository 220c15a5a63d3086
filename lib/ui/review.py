"""The review meeting's downloads: a block's report card (profile page) and, in the sidebar, the
review deck of the sidebar's district or state and a district's report cards in one PDF."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib.i18n import tr
from lib.periods import label
from lib.report import card_pdf, content, deck
from lib.ui import cached
from lib.ui.components import language
from lib.ui.presentation import presentation_toggle
from lib.ui.state import ReviewKeys

PDF, PPTX = "application/pdf", "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def report_card_button(key: str, block_id: str, period: date) -> None:
    """One click: the block's report card (one A4 page, PDF, in the review language), made when clicked."""
    lang = language()
    st.download_button(
        tr(lang, "Download report card (PDF)"),
        lambda: cached.report_card_pdf(key, block_id, period, lang),
        file_name=f"report_card_{block_id}_{label(period)}{'' if lang == 'en' else '_' + lang}.pdf",
        mime=PDF,
        key=f"download-card-{block_id}",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help=tr(
            lang,
            "One A4 landscape page: headline figures, themes, every indicator with its status and trend, trend "
            "lines for the indicators furthest from target, and what it would take to reach the next rank band.",
        ),
    )


def _made_here(state_key: str, identity: tuple, make, labels: tuple[str, str], file_name: str, mime: str) -> None:
    """A "prepare" button that makes the file with a progress bar, then its download button; the file
    is kept for this session until the scope or period changes."""
    made = st.session_state.get(state_key)
    slot = st.empty()  # the prepare button, replaced in place by the download button once made
    if made is None or made[0] != identity:
        if not slot.button(labels[0], key=f"{state_key}-prepare", icon=":material/build:"):
            return
        bar = slot.progress(0.0, text=tr(language(), "Starting..."))
        data = make(lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))
        st.session_state[state_key] = made = (identity, data)
    slot.download_button(
        labels[1],
        made[1],
        file_name=file_name,
        mime=mime,
        key=f"{state_key}-download",
        icon=":material/download:",
        on_click="ignore",
    )


def review_downloads(key: str, filters: dict) -> None:
    """Sidebar section: the review deck of the chosen district (or state) and a district's cards."""
    period, district, state = filters["period"], filters["district_name"], filters["state_name"]
    lang = language()
    with st.sidebar.expander(tr(lang, "For the review meeting"), icon=":material/co_present:"):
        presentation_toggle()
        if not state:
            st.caption(tr(lang, "Choose a state or a district above for its review deck and report cards."))
            return
        scope_id = filters["district"] if district else filters["state"]
        name = district or state
        stem = f"{name.replace(' ', '_')}_{label(period)}{'' if lang == 'en' else '_' + lang}"

        def make_deck(progress):
            build = deck.district_deck if district else deck.state_deck
            return build(cached.cursor(), cached.review(key, period), scope_id, progress=progress, lang=lang)

        _made_here(
            ReviewKeys.DECK,
            (key, scope_id, period, lang),
            make_deck,
            (tr(lang, "Prepare {name} review deck", name=name), tr(lang, "Download {name} review deck", name=name)),
            f"review_deck_{stem}.pptx",
            PPTX,
        )
        if district:

            def make_cards(progress):
                review = cached.review(key, period)
                blocks = content.ranked_blocks(review, district=scope_id).unit_id
                return card_pdf.cards_pdf(cached.cursor(), review, blocks, progress=progress, lang=lang)

            _made_here(
                ReviewKeys.CARDS,
                (key, scope_id, period, lang),
                make_cards,
                (
                    tr(lang, "Prepare {name} report cards", name=name),
                    tr(lang, "Download {name} report cards", name=name),
                ),
                f"report_cards_{stem}.pdf",
                PDF,
            )
        st.caption(
            tr(
                lang,
                "Period {period}: the sidebar's. One slide or page per block, from the same ranking as the pages.",
                period=label(period),
            )
        )
