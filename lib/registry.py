"""The app's pages, kept as data: ``app.py`` builds navigation from this list,
the Overview links to the other pages, and a test checks each is in the README."""

from __future__ import annotations

from typing import NamedTuple


class PageSpec(NamedTuple):
    path: str  # file under pages/
    title: str
    icon: str
    url_path: str  # must equal the file's stem: see tests/test_docs.py
    summary: str  # one line, shown on the Overview as a link description


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "Overview",
        ":material/dashboard:",
        "overview",
        "Headline figures, latest provisional ranking, biggest improvers and theme summary.",
    ),
    PageSpec(
        "pages/map.py",
        "Map",
        ":material/map:",
        "map",
        "Block choropleth of any indicator, theme score, rank or change, with legend, selection and PNG export.",
    ),
    PageSpec(
        "pages/profile.py",
        "Block profile",
        ":material/location_city:",
        "profile",
        "One block's story: scores against references, indicator status and trends, peers, what would it take.",
    ),
    PageSpec(
        "pages/what_if.py",
        "What-if",
        ":material/tune:",
        "what_if",
        "Change methods and weights, see who moves, how certain ranks are, and compare two scenarios.",
    ),
    PageSpec(
        "pages/evaluation.py",
        "Pilot evaluation",
        ":material/science:",
        "evaluation",
        "Did pilot blocks improve more than comparable blocks? Matching, DiD estimates and event studies.",
    ),
    PageSpec(
        "pages/indicators.py",
        "Indicators & data",
        ":material/table_chart:",
        "indicators",
        "The KPI catalogue with SDG mapping, reporting coverage by period, and the load audit.",
    ),
    PageSpec(
        "pages/admin.py",
        "Data admin",
        ":material/upload_file:",
        "admin",
        "Load indicator tables, boundaries, catalogues and cohorts: checked first, then all or nothing.",
    ),
)
ADMIN_PAGE = "pages/admin.py"  # listed only when an admin password is configured
