"""The Streamlit layer (the one package in lib that imports Streamlit).

- :mod:`lib.ui.cached`: the database connection and version key, cached wrappers around lib calls;
- :mod:`lib.ui.components`: page chrome, the shared sidebar, downloads and chart export, shared widgets;
- :mod:`lib.ui.state`: one keys class per page and :class:`~lib.ui.state.UrlSync`, the one helper
  that keeps a widget, its session value and the URL in sync;
- :mod:`lib.ui.admin` and :mod:`lib.ui.evaluation`: the widgets of those two pages;
- :mod:`lib.ui.block_map`: the Map page's map component (outlines sent once per scope);
- :mod:`lib.ui.review`: the review meeting's downloads (report cards, review decks);
- :mod:`lib.ui.presentation`: presentation mode (the scope's blocks one at a time, large type).

Pages write ``from lib import ui`` and ``ui.name``: the names below are re-exported from the
three modules.
"""

import gc

from streamlit import runtime

from lib.config import db_path
from lib.ui.block_map import block_map
from lib.ui.cached import (
    block_units,
    catalogue,
    cohort_names,
    cohort_starts,
    compare_blocks,
    completeness,
    cursor,
    database_cohorts,
    db_key,
    ensure_database,
    indicator_matrix,
    loaded_unit_ids,
    loads,
    map_geometry,
    map_view,
    monthly_reporting,
    peer_ids,
    peer_positions,
    periods,
    profile_indicators,
    profile_series,
    rank_plan,
    ranking_table,
    summary,
    units_not_in_register,
)
from lib.ui.components import (
    LANGUAGE_SWITCH_TEXT,
    FigureRow,
    app_icon,
    block_choice,
    chart_with_downloads,
    demo_badge,
    download_table,
    filter_blocks,
    language,
    language_switch,
    page_filters,
    profile_link_column,
    run_monte_carlo,
    run_page,
    scope_label,
    sidebar_filters,
    sidebar_query,
    source_line,
    translator,
    unit_words,
    wrapping_row,
)
from lib.ui.presentation import presentation, presenting
from lib.ui.review import report_card_button, review_downloads
from lib.ui.state import (
    ALL,
    METHOD_DEFAULT,
    NO_FILTERS,
    AdminKeys,
    EvalKeys,
    IndicatorsKeys,
    MapKeys,
    ProfileKeys,
    ReviewKeys,
    StateKeys,
    UrlSync,
    WhatIfKeys,
    bounded_float,
    bounded_int,
    choice,
    choice_list,
    flag,
    init_scenario_from_url,
    scenario_from_widgets,
    write_scenario_to_url,
)

__all__ = [
    "FigureRow",
    "presentation",
    "presenting",
    "report_card_button",
    "review_downloads",
    "wrapping_row",
    "block_map",
    # cached
    "block_units",
    "catalogue",
    "cohort_names",
    "cohort_starts",
    "compare_blocks",
    "completeness",
    "cursor",
    "database_cohorts",
    "db_key",
    "db_path",
    "ensure_database",
    "indicator_matrix",
    "loaded_unit_ids",
    "loads",
    "map_geometry",
    "map_view",
    "monthly_reporting",
    "peer_ids",
    "peer_positions",
    "periods",
    "profile_indicators",
    "profile_series",
    "rank_plan",
    "ranking_table",
    "summary",
    "units_not_in_register",
    # components
    "app_icon",
    "block_choice",
    "chart_with_downloads",
    "demo_badge",
    "download_table",
    "filter_blocks",
    "language",
    "language_switch",
    "LANGUAGE_SWITCH_TEXT",
    "translator",
    "page_filters",
    "profile_link_column",
    "sidebar_query",
    "run_monte_carlo",
    "run_page",
    "scope_label",
    "sidebar_filters",
    "source_line",
    "unit_words",
    # state
    "ALL",
    "METHOD_DEFAULT",
    "NO_FILTERS",
    "AdminKeys",
    "EvalKeys",
    "IndicatorsKeys",
    "MapKeys",
    "ProfileKeys",
    "ReviewKeys",
    "StateKeys",
    "UrlSync",
    "WhatIfKeys",
    "bounded_float",
    "bounded_int",
    "choice",
    "choice_list",
    "flag",
    "init_scenario_from_url",
    "scenario_from_widgets",
    "write_scenario_to_url",
]

# Streamlit runs a full garbage collection after every script run; it walked the ~250,000 objects of
# the imported libraries each time (0.2 s per click). They live as long as the server: move them out
# of the collector's way, once, when this package is first imported by a running server (not in a
# test process, where frozen objects would be reported as leaks at exit).
if runtime.exists() and type(runtime.Runtime.instance()) is runtime.Runtime:  # AppTest installs a mock
    gc.freeze()
