"""Paths and settings shared by the CLI, the app and the tests."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
CATALOGUE_CSV = DATA_DIR / "indicators.csv"
DEFAULT_DB = DATA_DIR / "abp.duckdb"
# Noto Sans and Noto Sans Devanagari (SIL OFL): embedded in report cards, given to the chart renderer
# and served to the browser for Hindi (lib.fonts), so no font is ever fetched from the internet.
FONTS_DIR = PROJECT_ROOT / "lib" / "fonts"
DB_ENV_VAR = "ABP_DB"
PERIOD_SPAN_ENV_VAR = "ABP_PERIOD_SPAN"
# The earliest period a value may carry: April 2005, when NFHS-3 (the oldest survey round the importer
# knows) began fieldwork. Administrative ABP data start with the programme in 2023.
FIRST_PLAUSIBLE_PERIOD = date(2005, 4, 1)


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """Return the database file to use.

    Order: an explicit path (CLI ``--db``), then the ``ABP_DB`` environment
    variable, then ``data/abp.duckdb`` in the project.

    Examples
    --------
    >>> db_path("/tmp/x.duckdb").name
    'x.duckdb'
    """
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_DB


def period_span(today: date | None = None) -> tuple[date, date]:
    """The first and last month a loaded value may be dated: April 2005 to the current month, or
    ``ABP_PERIOD_SPAN`` written ``YYYY-MM:YYYY-MM`` (e.g. to load planned targets dated ahead).

    A value dated 2099 or 1950 is a typing error, and one dated after this month cannot have been
    reported yet; either would stretch the dashboard's period range ("data to Dec 2099").

    Examples
    --------
    >>> period_span(date(2026, 12, 6))
    (datetime.date(2005, 4, 1), datetime.date(2026, 12, 1))
    """
    configured = os.environ.get(PERIOD_SPAN_ENV_VAR, "").strip()
    if configured:
        try:
            first, last = (date(int(part[:4]), int(part[5:7]), 1) for part in configured.split(":"))
        except ValueError:
            raise ValueError(
                f"{PERIOD_SPAN_ENV_VAR}={configured!r} is not two months written YYYY-MM:YYYY-MM, e.g. 2015-04:2027-03"
            ) from None
        if first > last:
            raise ValueError(f"{PERIOD_SPAN_ENV_VAR}={configured!r} starts after it ends")
        return first, last
    today = today or date.today()
    return FIRST_PLAUSIBLE_PERIOD, date(today.year, today.month, 1)
