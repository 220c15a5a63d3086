"""AppTest for the review meeting's downloads: the profile's report card and the sidebar's deck and cards."""

from __future__ import annotations

import io

from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from app_support import open_app
from lib.ui import review
from lib.ui.state import ReviewKeys
from machine import wait_s


def test_the_profile_offers_the_blocks_report_card(demo_env, monkeypatch):
    made = {}
    real = review.st.download_button

    def capture(label_text, data, file_name=None, **kwargs):
        made[file_name] = data() if callable(data) else data  # a callable is run when clicked: run it here
        return real(label_text, data, file_name=file_name, **kwargs)

    monkeypatch.setattr(review.st, "download_button", capture)
    app = open_app("pages/profile.py", {"block": "B901946", "period": "2026-06"})
    [(name, pdf)] = [(name, data) for name, data in made.items() if name.endswith(".pdf")]
    assert name == "report_card_B901946_2026-06.pdf"
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert app.subheader[0].value.split(",")[0] in text and "period 2026-06" in text


def _sidebar_section():
    """The sidebar's review section alone (AppTest drops the entrypoint's sidebar on a rerun)."""
    from datetime import date

    import streamlit as st

    from lib import ui

    if "no-district" in st.query_params:  # a small state (one district): its deck is quick to make
        filters = {"state": "S11", "state_name": "Sikkim", "district": ui.ALL, "district_name": None}
    else:
        filters = {"state": "S10", "state_name": "Bihar", "district": "D222", "district_name": "Siwan"}
    ui.review_downloads(ui.db_key(), filters | {"period": date(2026, 6, 1)})


def test_the_sidebar_prepares_the_districts_deck_and_cards(demo_env):
    app = AppTest.from_function(_sidebar_section, default_timeout=wait_s(180)).run()
    assert ReviewKeys.DECK not in app.session_state
    app.sidebar.button(key=f"{ReviewKeys.DECK}-prepare").click().run()
    assert not app.exception
    _, deck_bytes = app.session_state[ReviewKeys.DECK]
    slides = Presentation(io.BytesIO(deck_bytes)).slides
    assert slides[0].shapes[0].text_frame.text == "District review: Siwan, Bihar"
    app.sidebar.button(key=f"{ReviewKeys.CARDS}-prepare").click().run()
    _, cards = app.session_state[ReviewKeys.CARDS]
    pages = PdfReader(io.BytesIO(cards)).pages
    assert len(pages) == len(slides) - 5  # a page per block; the deck: a slide per block and five more
    assert "period 2026-06" in pages[0].extract_text()
    assert not app.sidebar.button  # both made: their download buttons instead of the prepare buttons


def test_a_state_gets_a_state_deck_and_no_cards(demo_env):
    app = AppTest.from_function(_sidebar_section, default_timeout=wait_s(180))
    app.query_params["no-district"] = "1"
    app.run()
    assert [button.label for button in app.sidebar.button] == ["Prepare Sikkim review deck"]
    app.sidebar.button[0].click().run()
    _, deck_bytes = app.session_state[ReviewKeys.DECK]
    assert Presentation(io.BytesIO(deck_bytes)).slides[0].shapes[0].text_frame.text == "State review: Sikkim"


def test_without_a_state_the_sidebar_asks_for_one(demo_env):
    app = open_app()
    assert any("Choose a state or a district above" in c.value for c in app.sidebar.caption)
