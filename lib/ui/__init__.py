"""The Streamlit layer (the one package in lib that imports Streamlit).

- :mod:`lib.ui.cached`: the database connection and version key, cached wrappers around lib calls;
- :mod:`lib.ui.components`: page chrome, the shared sidebar, downloads and chart export, shared widgets;
- :mod:`lib.ui.state`: one keys class per page and :class:`~lib.ui.state.UrlSync`, the one helper
  that keeps a widget, its session value and the URL in sync;
- :mod:`lib.ui.admin` and :mod:`lib.ui.evaluation`: the widgets of those two pages.

Pages write ``from lib import ui`` and ``ui.name``: the names below are re-exported from the
three modules.
"""

from lib.config import db_path
from lib.ui.cached import (
    block_units, catalogue, cohort_names, cohort_starts, compare_blocks, completeness, cursor,
    database_cohorts, db_key, ensure_database, indicator_matrix, loaded_unit_ids, loads, map_geometry,
    marginal_gains, monthly_reporting, peer_ids, peer_positions, periods, profile_indicators,
    profile_series, ranking_table, summary, units_not_in_register,
)
from lib.ui.components import (
    app_icon, block_choice, chart_with_downloads, demo_badge, download_table, filter_blocks,
    page_filters, profile_link_column, run_monte_carlo, run_page, scope_label, sidebar_filters,
    source_line, unit_words,
)
from lib.ui.state import (
    ALL, METHOD_DEFAULT, NO_FILTERS, AdminKeys, EvalKeys, IndicatorsKeys, MapKeys, ProfileKeys,
    StateKeys, UrlSync, WhatIfKeys, bounded_float, bounded_int, choice, choice_list, flag,
    init_scenario_from_url, scenario_from_widgets, write_scenario_to_url,
)

__all__ = [
    # cached
    "block_units", "catalogue", "cohort_names", "cohort_starts", "compare_blocks",
    "completeness", "cursor", "database_cohorts", "db_key", "db_path", "ensure_database",
    "indicator_matrix", "loaded_unit_ids", "loads", "map_geometry", "marginal_gains",
    "monthly_reporting", "peer_ids", "peer_positions", "periods", "profile_indicators",
    "profile_series", "ranking_table", "summary", "units_not_in_register",
    # components
    "app_icon", "block_choice", "chart_with_downloads", "demo_badge", "download_table",
    "filter_blocks", "page_filters", "profile_link_column", "run_monte_carlo", "run_page",
    "scope_label", "sidebar_filters", "source_line", "unit_words",
    # state
    "ALL", "METHOD_DEFAULT", "NO_FILTERS", "AdminKeys", "EvalKeys", "IndicatorsKeys", "MapKeys",
    "ProfileKeys", "StateKeys", "UrlSync", "WhatIfKeys", "bounded_float", "bounded_int", "choice",
    "choice_list", "flag", "init_scenario_from_url", "scenario_from_widgets", "write_scenario_to_url",
]
