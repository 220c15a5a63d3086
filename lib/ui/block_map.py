"""The Map page's map: deck.gl in a Streamlit component that keeps a scope's outlines.

``st.pydeck_chart`` sends the whole deck spec (~0.9 MB of polygons at ABP scale) on every change of
colour, so each measure, period or Play step cost a second or more. This component is sent a
scope's outlines once (``lib.maps.deck.scope_payload``) and on later runs only the style. The page
and script are ``lib/maps/web``; deck.gl is the build the pydeck package ships, served by the app's
own server (no network).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pydeck
import streamlit as st
import streamlit.components.v1 as components

from lib.maps import deck as deckspec
from lib.maps.view import MapView

WEB = Path(deckspec.__file__).resolve().parent / deckspec.WEB_FOLDER
DECK_BUNDLE = Path(pydeck.__file__).parent / "nbextension" / "static" / "index.js"
FILES = {"index.html": WEB / "index.html", "map.js": WEB / "map.js", "deckgl.js": DECK_BUNDLE}


def component_folder() -> Path:
    """One folder with the component's files (Streamlit serves a component from one folder): the
    page and script from ``lib/maps/web`` and pydeck's deck.gl, copied once per version of them."""
    digest = hashlib.sha1()
    for source in FILES.values():
        digest.update(source.read_bytes())
    folder = Path(tempfile.gettempdir()) / f"abp-map-{digest.hexdigest()[:12]}"
    if not (folder / "index.html").exists():
        staging = Path(tempfile.mkdtemp(prefix="abp-map-staging-"))
        for name, source in FILES.items():
            shutil.copyfile(source, staging / name)
        try:
            staging.rename(folder)  # whole or not at all; another process may have won the race
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return folder


_component = components.declare_component("abp_block_map", path=str(component_folder()))


def block_map(view: MapView, basemap: bool, key: str, selected_key: str, height: int = 620) -> None:
    """Draw ``view``; a click on a unit stores its id in ``st.session_state[selected_key]`` (outlined on
    the map, shown in the side panel).

    The outlines go with the first run that shows their scope in this session, and again when the
    browser asks (its value's ``ask``: the component frame was rebuilt without them).
    """
    value = st.session_state.get(key) or {}
    if value.get("picked"):
        st.session_state[selected_key] = value["picked"]
    sent = st.session_state.setdefault(key + "-sent", {})  # scope token -> the browser ask it answered
    ask = value.get("ask") or {}
    token = view.scope.token
    asked_again = ask.get("token") == token and ask.get("at") != sent.get(token)
    resend = token not in sent or asked_again
    if resend:
        sent[token] = ask.get("at") if ask.get("token") == token else None
    _component(
        token=token,
        geometry=view.scope.json if resend else None,  # JSON text, parsed by the browser
        style=view.style,
        selected=st.session_state.get(selected_key),
        basemap=basemap,
        height=height,
        key=key,
        default=None,
    )
