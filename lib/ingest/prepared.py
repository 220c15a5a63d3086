"""The one import path: read and check a file of any kind (:func:`prepare`), then load it
(:func:`load_prepared`). The Data admin page (through :mod:`lib.ingest.service`) and every
``python -m lib import`` command call these two, so both say the same things about a file and
accept the same choices (:class:`Options`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from lib.catalogue import read_catalogue
from lib.ingest import boundaries, indicators
from lib.ingest.catalogue import import_catalogue
from lib.ingest.cohorts import import_cohorts, read_cohort_file

KINDS = {
    "indicators": (".csv", ".txt", ".xlsx", ".xlsm", ".parquet"),
    "boundaries": boundaries.SUFFIXES,
    "catalogue": (".csv",),
    "cohorts": (".csv",),
}
REPORT_COLUMNS = ["kind", "line", "column", "value", "problem"]


@dataclass
class Options:
    """What the user said about a file: the CLI's flags and the admin page's choices alike."""

    level: str = "block"
    layout: str | None = None  # None: recognised from the header; "wide": either wide layout
    sheet: str | None = None
    accepted: dict = field(default_factory=dict)  # unit reference (tuple) -> unit_id the user confirmed
    accepted_indicators: dict = field(default_factory=dict)  # indicator name in the file -> indicator_id accepted
    accept_all_suggestions: bool = False  # take every guarded unit suggestion (--accept-suggestions)
    accept_all_indicator_suggestions: bool = False  # and indicator suggestions (--accept-indicator-suggestions)
    skip_unmatched: bool = False  # load the rest when the only problems are units not found
    only_catalogued: bool = False  # leave out (with a note) indicators the catalogue lacks
    replace_renamed: bool = False  # a cohort may replace an existing one spelled differently (same id)
    columns: dict = field(default_factory=dict)  # boundary attribute overrides: role -> attribute name
    add_new: bool = False  # boundary features matching no unit become new units (not in the register)


@dataclass
class Prepared:
    """A file read and checked against the database; nothing written yet."""

    kind: str
    source: str
    summary: str  # one line: what would load
    details: list[str]  # what a person should read before loading (matches, accepted suggestions)
    report: pd.DataFrame  # REPORT_COLUMNS: every problem and note
    content: object = field(repr=False, default=None)  # the importer's own prepared object, or the path
    suggestions: pd.DataFrame = field(default_factory=pd.DataFrame)  # unmatched units with a suggestion
    indicator_suggestions: pd.DataFrame = field(default_factory=pd.DataFrame)
    unmatched_only: bool = False  # every problem is a unit not found (the rest could load)


def prepare(con: duckdb.DuckDBPyConnection, kind: str, path: str | Path, options: Options) -> Prepared:
    """Read and check ``path`` as ``kind``; raises ``InputError`` / ``ValueError`` when it cannot be read at all."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    path = Path(path)
    return {"indicators": _indicators, "boundaries": _boundaries, "catalogue": _catalogue, "cohorts": _cohorts}[kind](
        con, path, options
    )


def load_prepared(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, options: Options, loaded_by: str | None = None
) -> dict:
    """Write what :func:`prepare` read, all or nothing (the importer's own transaction and audit row)."""
    if prepared.kind == "indicators":
        return indicators.load_indicators(
            con, prepared.content, loaded_by=loaded_by, skip_unmatched=options.skip_unmatched
        )
    if prepared.kind == "boundaries":
        return boundaries.load_boundaries(con, prepared.content, loaded_by=loaded_by)
    if prepared.kind == "catalogue":
        return import_catalogue(con, prepared.content, loaded_by=loaded_by)
    return import_cohorts(con, prepared.content, loaded_by=loaded_by, replace_renamed=options.replace_renamed)


def _indicators(con, path: Path, options: Options) -> Prepared:
    layout = None if options.layout in (None, "wide") else options.layout
    read = dict(level=options.level, layout=layout, sheet=options.sheet, only_catalogued=options.only_catalogued)
    overrides = {"unit_overrides": options.accepted, "indicator_overrides": options.accepted_indicators}
    content = indicators.prepare_indicators(con, path, **read, **overrides)
    accepted = []
    if options.accept_all_suggestions or options.accept_all_indicator_suggestions:
        overrides, accepted = _accept_all(content, options, overrides)
        content = indicators.prepare_indicators(con, path, **read, **overrides)  # every check on the final matches
    if options.layout == "wide" and content.layout == "long":
        raise ValueError("--format wide was given but the file has indicator, period and value columns (long)")
    matched = content.units.unit_id.notna()
    by = content.units.matched_by.value_counts()
    details = accepted + [
        f"{content.source}: {content.layout} layout, {len(content.observations):,} values ready, "
        f"{len(content.problems):,} problem(s), {len(content.notes):,} note(s)",
        f"units: {int(matched.sum())} of {len(matched)} matched ({by.get('code', 0)} by code, "
        f"{by.get('name', 0)} by name, {by.get('confirmed', 0)} by accepted suggestion)",
        *(f"codes: {reading.describe()}" for reading in content.code_readings),
    ]
    summary = (
        f"{content.layout} layout at {content.level} level: {len(content.observations):,} values ready; "
        f"{int(matched.sum())} of {len(matched)} units matched"
    )
    units = content.units
    suggested = units[units.unit_id.isna() & units.suggestion_id.notna()]
    found = content.indicators
    return Prepared(
        "indicators",
        content.source,
        summary,
        details,
        indicators.indicator_report(content)[REPORT_COLUMNS],
        content,
        suggested[[*indicators.REFERENCE_COLUMNS, "suggestion_id", "suggestion", "score"]].reset_index(drop=True),
        found[found.indicator_id.isna() & found.suggestion_id.notna()][
            ["indicator", "suggestion_id", "suggestion"]
        ].reset_index(drop=True),
        content.unmatched_only,
    )


def _accept_all(content, options: Options, overrides: dict) -> tuple[dict, list[str]]:
    """Every guarded suggestion as an override, and a line per accepted suggestion for the person to check."""
    overrides = dict(overrides)
    lines = []
    if options.accept_all_suggestions:
        accepted = indicators.suggested_overrides(content)
        overrides["unit_overrides"] = {**options.accepted, **accepted}
        for (code, name, state, state_code, district, district_code), unit_id in accepted.items():
            named = " ".join(filter(None, (code, name, district, district_code, state, state_code)))
            lines.append(f"accepted suggestion: '{named}' -> {unit_id}")
    if options.accept_all_indicator_suggestions:
        accepted = indicators.suggested_indicator_overrides(content)
        overrides["indicator_overrides"] = {**options.accepted_indicators, **accepted}
        lines += [
            f"accepted indicator suggestion: '{text}' -> {indicator_id}" for text, indicator_id in accepted.items()
        ]
    return overrides, lines


def _boundaries(con, path: Path, options: Options) -> Prepared:
    content = boundaries.prepare_boundaries(
        con, path, level=options.level, columns=options.columns or None, add_new=options.add_new
    )
    matched = content.matched
    verb = "defined" if content.defines_units else "matched"
    details = [
        f"{content.source}: {len(content.features)} features, {matched.unit_id.nunique()} "
        f"{content.level}s {verb}, {len(content.features) - len(matched)} not loaded, "
        f"{len(content.problems)} problem(s); {len(content.units_without_outline)} {content.level}s in the "
        "database without an outline"
    ]
    summary = (
        f"{len(content.features)} features; {matched.unit_id.nunique()} {content.level}s {verb}; "
        f"{len(content.units_without_outline)} {content.level}s in the database have no outline in this file"
    )
    report = boundaries.boundary_report(content).rename(columns={"feature": "line"})
    return Prepared("boundaries", content.source, summary, details, report[REPORT_COLUMNS], content)


def _catalogue(con, path: Path, options: Options) -> Prepared:
    catalogue = read_catalogue(path)
    summary = f"{len(catalogue)} indicators in {catalogue.theme.nunique()} themes"
    return Prepared("catalogue", path.name, summary, [], _empty_report(), path)


def _cohorts(con, path: Path, options: Options) -> Prepared:
    cohorts = read_cohort_file(con, path, options.replace_renamed)
    summary = "; ".join(f"{c.name}: {len(c.members)} units from {c.start:%b %Y}" for c in cohorts)
    return Prepared("cohorts", path.name, summary, [], _empty_report(), path)


def _empty_report() -> pd.DataFrame:
    return pd.DataFrame(columns=REPORT_COLUMNS)
