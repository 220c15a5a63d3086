"""Importing indicator values: read, reshape, match, check, then load all or nothing.

``prepare_indicators`` reads a file and returns what would be loaded with
every problem found (line, column, value, what to do); ``load_indicators``
writes it in one transaction, replacing the values the file covers, or
refuses. Loading the same file twice changes nothing: its SHA-256 is in the
``loads`` audit table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from lib import db
from lib.config import PERIOD_SPAN_ENV_VAR, period_span
from lib.errors import InputError, Problem
from lib.ingest import tables
from lib.ingest.indicator_names import RESULT_COLUMNS as INDICATOR_COLUMNS
from lib.ingest.indicator_names import IndicatorNames, match_indicators, suggestion_overrides
from lib.ingest.indicator_names import normalise_indicator as normalise_indicator  # re-exported: callers import it here
from lib.ingest.parse import parse_periods, parse_values
from lib.ingest.schemas import OBSERVATIONS, schema_failures
from lib.ingest.units import AMBIGUOUS, CONTRADICTS, REFERENCE_COLUMNS, UNKNOWN_PLACE, UnitCatalogue, match_and_read
from lib.periods import label

PROBLEM_COLUMNS = ["line", "column", "value", "problem"]
# the problems skip_unmatched may leave out: the row is not loaded and is counted as rejected
UNMATCHED = ("unit not found", AMBIGUOUS, CONTRADICTS, UNKNOWN_PLACE)


@dataclass
class IndicatorImport:
    """What a file would load, and everything wrong or worth knowing about it."""

    source: str
    sha256: str
    level: str
    layout: str
    observations: pd.DataFrame  # unit_id, indicator_id, period, value, numerator, denominator
    problems: pd.DataFrame  # line, column, value, problem: these block the load
    notes: pd.DataFrame  # line, column, value, problem: loaded or skipped, for information
    units: pd.DataFrame = field(repr=False)  # one row per unit reference and how it matched
    # one row per distinct indicator name in the file and how it matched, with any guarded suggestion
    indicators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDICATOR_COLUMNS), repr=False)
    code_readings: list = field(default_factory=list)  # how each code column was read (units.CodeReading)

    @property
    def unmatched_only(self) -> bool:
        """Are all problems unmatched units, not found or ambiguous (which ``skip_unmatched`` may leave out)?"""
        return len(self.problems) > 0 and self.problems.problem.str.startswith(UNMATCHED).all()


def _long_rows(frame: pd.DataFrame, layout: str, roles: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """Reshape to one row per unit, indicator and period: columns unit_code, unit_name, state_name,
    district_name, indicator, period, value[, numerator, denominator], _line, _column. Also the
    columns that were not used. ``roles`` is :func:`tables.column_roles` of the frame."""
    ids = {role: roles[role] for role in REFERENCE_COLUMNS if role in roles}
    renamed = {column: role for role, column in ids.items()}
    if layout == "long":
        keep = {roles[r]: r for r in ("indicator", "period", "value", "numerator", "denominator") if r in roles}
        long = frame.rename(columns=renamed | keep)
        long["_column"] = roles["value"]
        used = set(ids.values()) | set(keep)
    elif layout == "wide_indicators":
        values = [c for c in frame.columns if c not in roles.values() and c != "_line"]
        long = frame.melt(
            id_vars=[*ids.values(), roles["period"], "_line"],
            value_vars=values,
            var_name="indicator",
            value_name="value",
        ).rename(columns=renamed | {roles["period"]: "period"})
        long["_column"] = long.indicator
        used = set(ids.values()) | {roles["period"], *values}
    else:
        periods = [c for c in frame.columns if c not in roles.values() and c != "_line" and tables.is_period_header(c)]
        long = frame.melt(
            id_vars=[*ids.values(), roles["indicator"], "_line"],
            value_vars=periods,
            var_name="period",
            value_name="value",
        ).rename(columns=renamed | {roles["indicator"]: "indicator"})
        long["_column"] = long.period
        used = set(ids.values()) | {roles["indicator"], *periods}
    unused = [c for c in frame.columns if c not in used and c != "_line" and c not in roles.values()]
    return long, unused


def _problems(
    rows: pd.DataFrame, mask: pd.Series, value_column: str, message, column: str | None = None
) -> pd.DataFrame:
    """Problem rows for ``rows[mask]``: the line, the file's column (``column``, or the cell's own
    column in a wide table), the offending text and the message (a string, or a Series aligned with ``rows``)."""
    picked = rows[mask]
    text = message if isinstance(message, str) else message[mask].to_numpy()
    return pd.DataFrame(
        {
            "line": picked._line.to_numpy(),
            "column": column if column else picked._column.to_numpy(),
            "value": picked[value_column].astype(str).to_numpy(),
            "problem": text,
        }
    )


def prepare_indicators(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    level: str = "block",
    layout: str | None = None,
    sheet: str | None = None,
    unit_overrides: dict | None = None,
    only_catalogued: bool = False,
    indicator_overrides: dict | None = None,
) -> IndicatorImport:
    """Read ``path`` and work out what it would load; nothing is written.

    ``unit_overrides`` maps a unit reference (the tuple of :data:`REFERENCE_COLUMNS`)
    to the unit id a person confirmed (a suggestion accepted on the admin page).
    ``only_catalogued`` leaves out, with a note, indicators the catalogue does not have
    (a survey file with more indicators than are scored) instead of refusing the file.
    ``indicator_overrides`` maps an indicator name in the file to the indicator id a person accepted
    (``--accept-indicator-suggestions``); an id the catalogue lacks raises ``ValueError``.
    """
    path = Path(path)
    frame = tables.read_table(path, sheet)
    catalogue = con.execute("SELECT * FROM indicators").df()  # official_name and aliases too, where the table has them
    names = IndicatorNames.from_catalogue(catalogue)
    layout = layout or tables.detect_format(frame.columns, level)
    if layout not in tables.FORMATS:
        raise ValueError(f"format {layout!r} is not one of {', '.join(tables.FORMATS)}")
    roles = tables.column_roles(frame.columns, level)
    tables.require_unit_column(roles, level, path.name)
    rows, unused = _long_rows(frame, layout, roles)
    rows = rows.reset_index(drop=True)
    known = UnitCatalogue.load(con, level)
    if known.units.empty:
        raise _no_units(path.name, level)
    matched, readings = match_and_read(known, rows)
    units = confirm_units(matched, unit_overrides or {}, set(known.units.unit_id))
    readings = [replace(r, column=roles.get(r.role)) for r in readings]
    rows = _attach_units(rows, units)
    indicators = match_indicators(names, rows.indicator, indicator_overrides)
    rows["indicator_id"] = rows.indicator.astype(str).map(
        dict(zip(indicators.indicator, indicators.indicator_id, strict=True))
    )
    periods = parse_periods(rows.period)
    rows["period_date"] = periods.period.to_numpy()
    values = parse_values(rows.value)
    rows["number"] = values.value.to_numpy()
    problems = _file_problems(rows, roles, indicators, periods, values, catalogue, only_catalogued)
    notes = _file_notes(rows, roles, level, readings, unused, values, only_catalogued)
    observations = _observations(rows)
    problems = pd.concat([problems, _schema_problems(observations, roles)], ignore_index=True)
    return IndicatorImport(
        path.name,
        db.file_sha256(path),
        level,
        layout,
        observations,
        problems.sort_values("line", kind="stable", ignore_index=True),
        notes,
        units,
        indicators,
        readings,
    )


def _no_units(source: str, level: str) -> InputError:
    return InputError(
        [
            Problem(
                source,
                None,
                None,
                (
                    f"the database has no {level}s yet, so no value can be matched: load {level} boundaries first "
                    f"(python -m lib import boundaries FILE --level {level}, or the Data admin page), which define the {level}s"
                ),
            )
        ]
    )


def _file_problems(rows, roles: dict, indicators, periods, values, catalogue, only_catalogued: bool) -> pd.DataFrame:
    """Everything that blocks the load, one row per cell at fault (line, column, value, problem)."""
    unit_column = " / ".join(roles[r] for r in ("unit_code", "unit_name") if r in roles)
    found = [
        _problems(
            rows.assign(unit_text=(rows.unit_code + " " + rows.unit_name).str.strip()),
            rows.unit_id.isna(),
            "unit_text",
            rows.unit_problem,
            unit_column,
        ),
        _problems(
            rows,
            rows.indicator_id.isna() & (not only_catalogued),
            "indicator",
            _unknown_indicator_messages(rows.indicator, indicators),
            roles.get("indicator"),
        ),
        _problems(rows, periods.problem.notna(), "period", periods.problem, roles.get("period")),
        _problems(rows, values.value_status == "invalid", "value", values.value_note),
        _range_problems(rows, catalogue),
        _span_problems(rows, roles.get("period")),
        _ratio_problems(rows, catalogue),
        _duplicates(rows),
        *_count_problems(rows, roles),
    ]
    return (
        pd.concat([f for f in found if len(f)], ignore_index=True)
        if any(len(f) for f in found)
        else pd.DataFrame(columns=PROBLEM_COLUMNS)
    )


def _file_notes(
    rows, roles: dict, level: str, readings: list, unused: list, values, only_catalogued: bool
) -> pd.DataFrame:
    """What was loaded or left out that a person should know: unused columns, re-spelt places, code
    readings, indicators left out, values read as missing or flagged."""
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "line": None,
                    "column": unused,
                    "value": "",
                    "problem": "column not used (not a unit, indicator, period or value column)",
                }
            ),
            _respelt_places(rows, roles, level),
            _code_notes(rows, roles, readings),
            _problems(
                rows,
                rows.indicator_id.isna() & only_catalogued,
                "indicator",
                "indicator not in the catalogue; not loaded (only catalogued indicators were asked for)",
                roles.get("indicator"),
            ),
            _problems(rows, values.value_status.isin(["missing", "flagged"]), "value", values.value_note),
        ],
        ignore_index=True,
    )


UNKNOWN_INDICATOR = (
    "indicator not in the catalogue: add it, with its theme and direction so it can be scored, to "
    "the catalogue and import that first; or correct the name"
)


def _unknown_indicator_messages(texts: pd.Series, indicators: pd.DataFrame) -> pd.Series:
    """UNKNOWN_INDICATOR for each row, naming the guarded suggestion where there is one: it is only
    a suggestion (never applied unless accepted), so the message says how to accept it."""
    hinted = indicators[indicators.suggestion_id.notna()]
    hints = dict(
        zip(
            hinted.indicator,
            "; did you mean '"
            + hinted.suggestion
            + "' ("
            + hinted.suggestion_id
            + ")? accept it with --accept-indicator-suggestions after checking",
            strict=True,
        )
    )
    return texts.astype(str).map(lambda text: UNKNOWN_INDICATOR + hints.get(text, ""))


def suggested_indicator_overrides(prepared: IndicatorImport) -> dict:
    """Every guarded suggestion for an unknown indicator name, as overrides (``--accept-indicator-suggestions``),
    except those naming an indicator another name in the file has or is also suggested for.

    Examples
    --------
    >>> found = pd.DataFrame({"indicator": ["Hypertention screening"], "indicator_id": [None],
    ...                       "matched_by": [None], "suggestion_id": ["hypertension_screening"], "suggestion": ["..."]})
    >>> suggested_indicator_overrides(IndicatorImport("f.csv", "", "block", "long", *[pd.DataFrame()] * 4, found))
    {'Hypertention screening': 'hypertension_screening'}
    """
    return suggestion_overrides(prepared.indicators)


def confirm_units(units: pd.DataFrame, overrides: dict, known_ids: set) -> pd.DataFrame:
    """Apply the unit ids a person confirmed for references that did not match by themselves.

    Examples
    --------
    ``overrides`` maps a reference, the tuple of its :data:`REFERENCE_COLUMNS` (the state code too,
    so that two rows spelt alike in two states never share a confirmation), to a unit id.

    >>> refs = pd.DataFrame({"unit_code": [""], "unit_name": ["Nicobar"], "state_name": [""], "state_code": ["AN"],
    ...                      "district_name": [""], "district_code": [""], "unit_id": [None], "matched_by": [None]})
    >>> confirm_units(refs, {("", "Nicobar", "", "AN", "", ""): "D603"}, {"D603"})[["unit_id", "matched_by"]].values.tolist()
    [['D603', 'confirmed']]
    """
    unknown = sorted(set(overrides.values()) - known_ids)
    if unknown:
        raise ValueError(f"confirmed unit id(s) {', '.join(unknown)} are not in the database; check again")
    units = units.copy()
    keys = reference_keys(units)
    confirmed = pd.Series([overrides.get(k) for k in keys], index=units.index)
    use = confirmed.notna() & units.unit_id.isna()
    units.loc[use, "unit_id"] = confirmed[use]
    units.loc[use, "matched_by"] = "confirmed"
    return units


def suggested_overrides(prepared: IndicatorImport) -> dict:
    """Every suggestion for an unmatched unit, as overrides (``--accept-suggestions``), except those
    naming a unit another reference already has or is also suggested for (e.g. 'Warangal Rural' and
    'Warangal Urban' both nearest to 'Warangal'): those stay unmatched and reported."""
    units = prepared.units
    picked = units[units.unit_id.isna() & units.suggestion_id.notna()]
    claimed = pd.concat([units.unit_id.dropna(), picked.suggestion_id])
    picked = picked[~picked.suggestion_id.isin(claimed[claimed.duplicated(keep=False)])]
    return dict(zip(reference_keys(picked), picked.suggestion_id, strict=True))


def reference_keys(units: pd.DataFrame) -> list[tuple]:
    """Each unit reference as the tuple overrides are keyed by (all :data:`REFERENCE_COLUMNS`)."""
    return list(units.reindex(columns=REFERENCE_COLUMNS).fillna("").itertuples(index=False, name=None))


def _attach_units(rows: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    keys = REFERENCE_COLUMNS
    rows = rows.copy()
    for key in keys:
        rows[key] = rows[key].fillna("").astype(str) if key in rows else ""
    matched = rows.merge(units, on=keys, how="left")
    where = np.where(
        matched.state_name != "",
        " in " + matched.state_name,
        np.where(matched.state_code != "", " in state " + matched.state_code, ""),
    )
    hint = np.where(
        matched.suggestion.notna(),
        "; did you mean " + matched.suggestion.astype(str) + "? Use its code, or "
        "accept suggestions after checking them",
        "; check the spelling or give the LGD code",
    )
    not_found = "unit not found" + where + hint
    matched["unit_problem"] = np.where(matched.problem.notna(), matched.problem, not_found)
    return matched


def _code_notes(rows: pd.DataFrame, roles: dict[str, str], readings: list) -> pd.DataFrame:
    """Which code system each code column was read as, then each matched unit worth a look (a name
    spelt apart from the register's, a place filed under its former state), at its first line."""
    notes = [
        {"line": None, "column": roles.get(r.role), "value": "", "problem": r.describe(roles.get(r.role))}
        for r in readings
        if r.noteworthy
    ]
    noted = rows[rows.note.notna()] if "note" in rows else rows.iloc[:0]
    for note, lines in noted.groupby("note", sort=False)._line:
        count = lines.nunique()
        notes.append(
            {
                "line": lines.min(),
                "column": roles.get("unit_code") or roles.get("unit_name"),
                "value": "",
                "problem": note + (f" ({count} rows with this; the first is shown)" if count > 1 else ""),
            }
        )
    return pd.DataFrame(notes, columns=PROBLEM_COLUMNS)


def _respelt_places(rows: pd.DataFrame, roles: dict[str, str], level: str) -> pd.DataFrame:
    """A note for each state or district spelling taken as a different name in the database, at its first
    line: the match is near-certain, not certain, so the user should see it (and may correct the file)."""
    places = [("state", "state_name", "state_as")] + (
        [("district", "district_name", "parent_as")] if level == "block" else []
    )
    notes = []
    for place, role, spelt_as in places:
        respelt = rows[rows[spelt_as].notna()]
        for (text, database), lines in respelt.groupby([role, spelt_as], sort=False)._line:
            count = lines.nunique()
            notes.append(
                {
                    "line": lines.min(),
                    "column": roles.get(role),
                    "value": text,
                    "problem": (
                        f"{place} '{text}' taken as '{database}' (closest name in the database); correct the file if "
                        "that is wrong" + (f" ({count} rows with this; the first is shown)" if count > 1 else "")
                    ),
                }
            )
    return pd.DataFrame(notes, columns=PROBLEM_COLUMNS)


def _range_problems(rows: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    bounds = catalogue.set_index("indicator_id")
    low = rows.indicator_id.map(bounds.valid_min)
    high = rows.indicator_id.map(bounds.valid_max)
    outside = (rows.number < low) | (rows.number > high)
    message = (
        "outside the indicator's valid range "
        + low.astype(str)
        + " to "
        + high.astype(str)
        + "; correct the value (a percentage cannot exceed 100)"
    )
    return _problems(rows, outside.fillna(False), "value", message)


def _span_problems(rows: pd.DataFrame, period_column: str | None) -> pd.DataFrame:
    """Periods outside the plausible span (:func:`lib.config.period_span`): a typed 2099 or 1950."""
    first, last = period_span()
    dated = pd.to_datetime(rows.period_date)
    outside = dated.notna() & ((dated < pd.Timestamp(first)) | (dated > pd.Timestamp(last)))
    message = (
        f"dated outside {label(first)} to {label(last)}, the span a value can be reported for; correct the "
        f"period (or, for planned figures dated ahead, set {PERIOD_SPAN_ENV_VAR} to a wider span)"
    )
    return _problems(rows, outside, "period", message, period_column)


RATIO_TOLERANCE = 0.5  # percentage points: a value rounded to a whole percent is at most 0.5 from the exact ratio
RATIO_SCALES = {"%": 100.0}  # the catalogue's unit -> value = scale x numerator / denominator


def _ratio_problems(rows: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Rows giving a value, a numerator and a denominator that disagree beyond rounding
    (80 where 50 of 100 were registered), for indicators whose unit says how they relate."""
    if "numerator" not in rows or "denominator" not in rows:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    scale = rows.indicator_id.map(catalogue.set_index("indicator_id")["unit"].map(RATIO_SCALES))
    numerator = parse_values(rows.numerator).value
    denominator = parse_values(rows.denominator).value
    # counts the schema gate refuses on their own (negative, zero denominator, numerator above it) are left to it
    usable = (numerator >= 0) & (denominator > 0) & (numerator <= denominator)
    implied = pd.Series(
        scale.to_numpy() * numerator.where(usable).to_numpy() / denominator.where(usable).to_numpy(), index=rows.index
    )
    wrong = ((rows.number - implied).abs() > RATIO_TOLERANCE + 1e-9).fillna(False)
    message = pd.Series(
        [
            f"does not match its numerator and denominator ({n:g} / {d:g} = {v:.2f}); correct the value or the counts"
            if bad
            else ""
            for n, d, v, bad in zip(numerator, denominator, implied, wrong, strict=True)
        ],
        index=rows.index,
        dtype=object,
    )
    return _problems(rows, wrong, "value", message)


def _duplicates(rows: pd.DataFrame) -> pd.DataFrame:
    keyed = rows.dropna(subset=["unit_id", "indicator_id", "period_date"])
    repeated = keyed.duplicated(["unit_id", "indicator_id", "period_date"], keep="first")
    first_line = keyed.groupby(["unit_id", "indicator_id", "period_date"])._line.transform("first")
    message = "the same unit, indicator and period again (first on line " + first_line.astype(str) + "); keep one"
    return _problems(keyed, repeated, "value", message)


def _observations(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that would be loaded: everything resolved and a number present."""
    good = rows.unit_id.notna() & rows.indicator_id.notna() & rows.period_date.notna() & rows.number.notna()
    picked = rows[good]
    counts = {}
    for part in ("numerator", "denominator"):
        counts[part] = parse_values(picked[part]).value.to_numpy() if part in picked else np.nan
    return pd.DataFrame(
        {
            "unit_id": picked.unit_id.to_numpy(),
            "indicator_id": picked.indicator_id.to_numpy(),
            "period": pd.to_datetime(picked.period_date).dt.date.to_numpy(),
            "value": picked.number.to_numpy(),
            **counts,
            "line": picked._line.to_numpy(),
        }
    )


def _count_problems(rows: pd.DataFrame, roles: dict) -> list[pd.DataFrame]:
    """Numerator and denominator cells that are not numbers (empty is fine: they are optional)."""
    found = []
    for part in ("numerator", "denominator"):
        if part in rows:
            parsed = parse_values(rows[part])
            found.append(_problems(rows, parsed.value_status == "invalid", part, parsed.value_note, roles.get(part)))
    return found


def _schema_problems(observations: pd.DataFrame, roles: dict) -> pd.DataFrame:
    """The pandera gate on the rows about to load, in the file's column names."""
    failures = schema_failures(observations, OBSERVATIONS, "line")
    # the one row-level rule compares the numerator with the denominator: show it under the numerator
    return failures.assign(column=failures.column.map(lambda c: roles.get(c or "numerator", c or "numerator")))


def grouped_problems(prepared: IndicatorImport) -> list[Problem]:
    """One entry per distinct problem (the same unknown district on 104 rows is one entry, with
    its first line and row count), in file order; the full list is ``prepared.problems``."""
    grouped = (
        prepared.problems.assign(line=prepared.problems.line.astype(float))
        .groupby(["column", "value", "problem"], dropna=False, sort=False)
        .agg(first=("line", "min"), rows=("line", "size"))
        .reset_index()
        .sort_values("first", kind="stable")
    )
    return [
        Problem(
            prepared.source,
            None if pd.isna(g.first) else int(g.first),
            g.column,
            f"'{g.value}': {g.problem}" + (f" ({g.rows} rows with this; the first is shown)" if g.rows > 1 else ""),
        )
        for g in grouped.itertuples()
    ]


def load_indicators(
    con: duckdb.DuckDBPyConnection,
    prepared: IndicatorImport,
    skip_unmatched: bool = False,
    loaded_by: str | None = None,
) -> dict:
    """Write a prepared import in one transaction, or raise ``InputError`` with every problem.

    ``skip_unmatched`` loads the rest when the only problems are units not found
    (they are counted as rejected rows in the audit). Loading a file whose
    SHA-256 was loaded before changes nothing. Values already in the database
    for the same unit, indicator and period are replaced.
    """
    if len(prepared.problems) and not (skip_unmatched and prepared.unmatched_only):
        raise InputError(grouped_problems(prepared))
    # the same file read with other options or against another catalogue writes other rows: not a no-op
    content = db.frame_sha256(prepared.observations.drop(columns="line", errors="ignore"))
    unchanged = db.unchanged_outcome(
        con, "observations", prepared.sha256, prepared.source, with_time=True, content_sha256=content
    )
    if unchanged is not None:
        return unchanged
    if prepared.observations.empty:
        raise InputError([Problem(prepared.source, None, None, "no value in the file can be loaded; see the notes")])
    with db.audited_load(con, "observations", prepared.source, prepared.sha256, loaded_by) as record:
        con.register("observations_in", prepared.observations)
        replaced = con.execute(
            "DELETE FROM observations o USING observations_in n WHERE o.unit_id = n.unit_id "
            "AND o.indicator_id = n.indicator_id AND o.period = CAST(n.period AS DATE)"
        ).fetchone()[0]
        con.execute(
            "INSERT INTO observations SELECT unit_id, indicator_id, CAST(period AS DATE), value, "
            "CAST(numerator AS DOUBLE), CAST(denominator AS DOUBLE), ? FROM observations_in",
            [record["load_id"]],
        )
        con.unregister("observations_in")
        record["rows_in"] = len(prepared.observations)
        record["content_sha256"] = content
        record["rows_rejected"] = len(prepared.problems)
        record["note"] = f"{prepared.level} level, {prepared.layout} layout; {replaced:,} earlier value(s) replaced"
        db.set_meta(con, {"unit_level": _dominant_level(con)})
    return {
        "status": "loaded",
        "load_id": record["load_id"],
        "rows": len(prepared.observations),
        "message": f"loaded {len(prepared.observations):,} values from {prepared.source}",
    }


def _dominant_level(con: duckdb.DuckDBPyConnection) -> str:
    """The level most values are at: what the pages rank and map (see ``queries.analysis_level``)."""
    return con.execute(
        "SELECT u.level FROM observations o JOIN units u USING (unit_id) "
        "GROUP BY u.level ORDER BY count(*) DESC, u.level LIMIT 1"
    ).fetchone()[0]


def indicator_report(prepared: IndicatorImport) -> pd.DataFrame:
    """Every problem and note in one table, for the downloadable problem report."""
    return pd.concat([prepared.problems.assign(kind="problem"), prepared.notes.assign(kind="note")], ignore_index=True)
