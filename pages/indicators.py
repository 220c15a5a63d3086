"""Indicators & data: the KPI catalogue, reporting coverage and the load audit."""

from __future__ import annotations

import streamlit as st

from lib import charts, ui
from lib.i18n import indicator_names
from lib.scoring.params import GROUP_LABELS

ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
lang = ui.language()
t = ui.translator()

st.title(t("Indicators & data"))
ui.demo_badge(facts, lang)

catalogue = ui.catalogue(key)
st.subheader(t("Indicator catalogue ({count} KPIs)", count=len(catalogue)))
themes = ["", *sorted(catalogue.theme.unique())]
theme = st.selectbox(
    t("Theme"), themes, format_func=lambda name: t(name) if name else t("All themes"), key=ui.IndicatorsKeys.THEME
)
sampoornata_only = st.toggle(t("Only Sampoornata Abhiyan KPIs"), key=ui.IndicatorsKeys.SAMPOORNATA)
shown = catalogue if not theme else catalogue[catalogue.theme == theme]
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
    st.info(t("No indicator matches these filters."))
else:
    display = shown[columns].assign(
        short_name=shown.indicator_id.map(indicator_names(shown, lang)),
        name=shown.indicator_id.map(indicator_names(shown, lang, "name")),
        theme=[t(name) for name in shown.theme],
        score_group=[t(GROUP_LABELS.get(group, group)) for group in shown.score_group],
        unit=shown.unit.map({"%": "%", "count": t("count"), "ratio": t("ratio")}),
        direction=shown.direction.map({"higher": t("higher is better"), "lower": t("lower is better")}),
        periodicity=shown.periodicity.map(
            {"monthly": t("monthly"), "quarterly": t("quarterly"), "annual": t("annual")}
        ),
    )
    headers = {
        "short_name": t("KPI"),
        "name": t("Definition"),
        "theme": t("Theme"),
        "score_group": t("Scoring group"),
        "unit": t("Unit"),
        "direction": t("Better when"),
        "periodicity": t("Reported"),
        "sdg_goal": t("SDG"),
        "sdg_target": t("SDG target"),
        "sampoornata": t("Sampoornata"),
        "source": t("Source"),
    }
    st.dataframe(
        display,
        hide_index=True,
        column_config=headers | {"name": st.column_config.TextColumn(headers["name"], width="large")},
    )
    ui.download_table(display, "indicator_catalogue.csv", columns={c: (h, None) for c, h in headers.items()})
st.caption(
    t(
        "The catalogue is the editable file `data/indicators.csv`; periodicity and SDG mapping are this project's "
        "reading of public ABP material."
    )
)

st.subheader(t("Reporting coverage"))
reporting = ui.monthly_reporting(key)
ui.chart_with_downloads(charts.reporting_chart(reporting, lang), reporting, "monthly_reporting")

st.subheader(t("Units not in the register"))
added = ui.units_not_in_register(key)
if added.empty:
    st.caption(t("Every district and block is in the built-in LGD register (2022 snapshot)."))
else:
    st.caption(
        t(
            "{count} districts or blocks were added from a file (`import boundaries --add-new`): they were created "
            "after the register's 2022 snapshot, or the register spells them differently.",
            count=len(added),
        )
    )
    st.dataframe(added, hide_index=True)
    ui.download_table(added, "units_not_in_register.csv")

st.subheader(t("Loads (audit trail)"))
loads = ui.loads(key)
load_headers = {
    "load_id": t("Load"),
    "kind": t("What"),
    "source": t("Source"),
    "sha256": t("File checksum (SHA-256)"),
    "rows_in": t("Rows read"),
    "rows_rejected": t("Rows rejected"),
    "started_at": t("Started"),
    "finished_at": t("Finished"),
    "note": t("Note"),
    "loaded_by": t("Loaded by"),
    "content_sha256": t("Content checksum (SHA-256)"),
}
kinds = {
    "units": t("units"),
    "catalogue": t("catalogue"),
    "boundaries": t("boundaries"),
    "observations": t("indicator values"),
    "cohorts": t("cohorts"),
}
loads = loads.assign(kind=loads.kind.map(kinds).fillna(loads.kind))
st.dataframe(loads, hide_index=True, column_config={c: h for c, h in load_headers.items() if c in loads})
ui.download_table(loads, "loads.csv", columns={c: (h, None) for c, h in load_headers.items() if c in loads})
