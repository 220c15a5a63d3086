"""Indicators & data: the KPI catalogue, reporting coverage and the load audit."""

from __future__ import annotations

import streamlit as st

from lib import charts, ui

ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)

st.title("Indicators & data")
ui.demo_badge(facts)

catalogue = ui.catalogue(key)
st.subheader(f"Indicator catalogue ({len(catalogue)} KPIs)")
themes = ["All themes", *sorted(catalogue.theme.unique())]
theme = st.selectbox("Theme", themes, key=ui.IndicatorsKeys.THEME)
sampoornata_only = st.toggle("Only Sampoornata Abhiyan KPIs", key=ui.IndicatorsKeys.SAMPOORNATA)
shown = catalogue if theme == themes[0] else catalogue[catalogue.theme == theme]
if sampoornata_only:
    shown = shown[shown.sampoornata]
columns = [
    "short_name",
    "name",
    "theme",
    "score_group",
    "unit",
    "direction",
    "periodicity",
    "sdg_goal",
    "sdg_target",
    "sampoornata",
    "source",
]
if shown.empty:
    st.info("No indicator matches these filters.")
else:
    st.dataframe(
        shown[columns],
        hide_index=True,
        column_config={
            "short_name": "KPI",
            "name": st.column_config.TextColumn("Definition", width="large"),
            "theme": "Theme",
            "score_group": "Scoring group",
            "unit": "Unit",
            "direction": "Better when",
            "periodicity": "Reported",
            "sdg_goal": "SDG",
            "sdg_target": "SDG target",
            "sampoornata": "Sampoornata",
            "source": "Source",
        },
    )
    ui.download_table(shown[columns], "indicator_catalogue.csv")
st.caption(
    "The catalogue is the editable file `data/indicators.csv`; periodicity and SDG mapping are this "
    "project's reading of public ABP material."
)

st.subheader("Reporting coverage")
reporting = ui.monthly_reporting(key)
ui.chart_with_downloads(charts.reporting_chart(reporting), reporting, "monthly_reporting")

st.subheader("Units not in the register")
added = ui.units_not_in_register(key)
if added.empty:
    st.caption("Every district and block is in the built-in LGD register (2022 snapshot).")
else:
    st.caption(
        f"{len(added)} districts or blocks were added from a file (`import boundaries --add-new`): they "
        "were created after the register's 2022 snapshot, or the register spells them differently."
    )
    st.dataframe(added, hide_index=True)
    ui.download_table(added, "units_not_in_register.csv")

st.subheader("Loads (audit trail)")
st.dataframe(ui.loads(key), hide_index=True)
ui.download_table(ui.loads(key), "loads.csv")
