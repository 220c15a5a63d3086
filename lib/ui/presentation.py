"""Presentation mode for the review meeting: the scope's blocks one at a time, full screen, in type
legible from the back of a room (body text at least 20 px on a 1920 x 1080 projector).

The toggle (``?present=true``) and the block shown (``&slide=3``) are in the URL, so a link opens
the meeting where it was. Next and previous: the buttons, or the right and left arrow keys.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from lib import charts, profile
from lib.exports import figure
from lib.i18n import indicator_names, tr
from lib.periods import label
from lib.plaintext import md
from lib.report import content, wording
from lib.scoring.params import GROUP_LABELS
from lib.ui import cached
from lib.ui.components import demo_badge, language
from lib.ui.state import ReviewKeys, UrlSync, bounded_int, flag

PRESENT = UrlSync(ReviewKeys.PRESENT, False, flag, where=st.sidebar)
BODY_PX = 22  # the smallest type on a slide

# Streamlit sizes its type in rem: a larger root size enlarges every label, button and table alike,
# as browser zoom would. The sidebar and its button are hidden (the filters still apply).
STYLE = f"""
<style>
html {{ font-size: {BODY_PX}px; }}
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] {{ display: none; }}
.block-container {{ padding-top: 1rem; max-width: 100%; }}
[data-testid="stMain"] h1 {{ padding: 0.25rem 0 0; }}
[data-testid="stMain"] button, [data-testid="stMain"] button *,
[data-testid="stMain"] .stMarkdownBadge {{ font-size: {BODY_PX}px !important; }}
.abp-figures {{ display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; margin: 0 0 0.5rem; }}
.abp-figure .name, .abp-figure .note {{ color: #555; font-size: {BODY_PX}px; }}
.abp-figure .value {{ font-size: {2 * BODY_PX}px; font-weight: 700; line-height: 1.2; }}
.abp-lights {{ display: grid; grid-template-columns: auto 1fr; gap: 0.35rem 1rem; font-size: {BODY_PX}px;
  line-height: 1.3; }}
.abp-lights .theme {{ font-weight: 700; }}
.abp-lights .chips {{ display: flex; flex-wrap: wrap; gap: 0 1.2rem; }}
.abp-light {{ display: inline-flex; gap: 0.4rem; align-items: center; white-space: nowrap; }}
.abp-light .dot {{ width: 0.8em; height: 0.8em; border-radius: 50%; flex: none; }}
.abp-light .value {{ color: #555; font-variant-numeric: tabular-nums; }}
</style>
"""


def presenting() -> bool:
    """Whether presentation mode is on (from the URL on a session's first run); call before drawing."""
    PRESENT.seed()
    if not st.session_state[ReviewKeys.PRESENT]:
        st.query_params.pop(ReviewKeys.SLIDE, None)  # kept in the session: presenting again resumes there
    return bool(st.session_state[ReviewKeys.PRESENT])


def presentation_toggle() -> None:
    lang = language()
    PRESENT.widget(
        st.toggle,
        tr(lang, "Presentation mode"),
        help=tr(
            lang,
            "Full screen, large type: the blocks of the district (or state) chosen above, one at a time. Arrow "
            "keys step through them; Esc leaves.",
        ),
    )


def _step(by: int, count: int) -> None:
    st.session_state[ReviewKeys.SLIDE] = min(max(st.session_state[ReviewKeys.SLIDE] + by, 1), count)


def _leave() -> None:
    st.session_state[ReviewKeys.PRESENT] = False


def _controls(where: str, position: int, count: int, lang: str) -> None:
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    with row:
        demo_badge(cached.summary(cached.db_key()), lang)
    row.markdown(f"**{md(where)}** · " + tr(lang, "block {number} of {count}", number=position, count=count))
    row.space("stretch")
    for text, icon, shortcut, by, at_end in (
        (tr(lang, "Previous"), ":material/arrow_back:", "Left", -1, position == 1),
        (tr(lang, "Next"), ":material/arrow_forward:", "Right", 1, position == count),
    ):
        row.button(
            text,
            icon=icon,
            shortcut=shortcut,
            disabled=at_end,
            on_click=_step,
            args=(by, count),
            key=f"present-{by}",
        )
    row.button(tr(lang, "Exit"), icon=":material/close:", shortcut="Esc", on_click=_leave, key="present-exit")


def _figures_html(figures: list[tuple[str, str, str]]) -> str:
    cells = "".join(
        f'<div class="abp-figure"><div class="name">{escape(name)}</div>'
        f'<div class="value">{escape(value)}</div><div class="note">{escape(note)}</div></div>'
        for name, value, note in figures
    )
    return f'<div class="abp-figures">{cells}</div>'


def _lights_html(indicators, lang: str) -> str:
    """Every KPI with its status light and value, theme by theme (the card's order), one row a theme."""
    rows = []
    for group, kpis in content.kpi_rows(indicators).groupby("score_group", sort=False):
        chips = "".join(
            f'<span class="abp-light" title="{escape(tr(lang, str(kpi.status)))}">'
            f'<span class="dot" style="background:{profile.STATUS_LIGHTS.get(kpi.status, "#9e9e9e")}"></span>'
            f'{escape(str(kpi.short_name))} <span class="value">{figure(kpi.value)}</span></span>'
            for kpi in kpis.itertuples()
        )
        theme = escape(tr(lang, GROUP_LABELS.get(group, str(group))))
        rows.append(f'<div class="theme">{theme}</div><div class="chips">{chips}</div>')
    return f'<div class="abp-lights">{"".join(rows)}</div>'


def _status_legend_html(lang: str) -> str:
    lights = "".join(
        f'<span class="abp-light"><span class="dot" style="background:{colour}"></span>{escape(tr(lang, status))}</span>'
        for status, colour in profile.STATUS_LIGHTS.items()
    )
    heading = escape(tr(lang, "Status"))
    return f'<div class="abp-lights"><div class="theme">{heading}</div><div class="chips">{lights}</div></div>'


def presentation(key: str, filters: dict, lang: str = "en") -> None:
    """The presentation in ``lang``: the sidebar scope's blocks in rank order, one at a time."""
    st.html(STYLE)  # the Devanagari web font, for Hindi, comes with the app (app.py)
    period = filters["period"]
    review = cached.review(key, period)
    district = filters["district"] if filters["district_name"] else None
    state = filters["state"] if filters["state_name"] else None
    blocks = content.ranked_blocks(review, district=district, state=state)
    where = f"{filters['district_name'] or filters['state_name'] or tr(lang, 'All India')} · {label(period)}"
    if blocks.empty:
        st.info(
            tr(lang, "No aspirational block in this scope has a ranking this period. Choose another scope or period.")
        )
        st.button(tr(lang, "Exit"), on_click=_leave, key="present-exit")
        return
    slide = UrlSync(ReviewKeys.SLIDE, 1, bounded_int(1, len(blocks)), revalidate=True)
    slide.seed()
    position = st.session_state[ReviewKeys.SLIDE]
    slide.publish(position)
    _controls(where, position, len(blocks), lang)
    names = indicator_names(review.catalogue, lang)
    card = content.named(cached.block_card(key, period, blocks.unit_id.iloc[position - 1]), names)
    st.title(f"{card.block.unit_name}", anchor=False)
    st.html(_figures_html(wording.headline_figures(card, review, lang)))
    left, right = st.columns([5, 7], gap="large")
    chart = charts.theme_comparison_chart(card.themes, str(card.block.unit_name), lang)
    left.altair_chart(charts.for_slide(chart, width=None, font_size=BODY_PX, legend_columns=2))
    left.html(_status_legend_html(lang))
    right.html(_lights_html(card.indicators, lang))
