"""Boundary imports (lib/ingest/boundaries.py) on small files drawn by hand.

Geometry facts used below, worked out on paper:
- At the equator one degree of longitude is 111.32 km and one of latitude 110.57 km
  (WGS84 ellipsoid), so a 0.1 x 0.1 degree square there is 11.132 x 11.057 = 123.09 km2
  (the spherical estimate, 123.6 km2, is 0.4 % higher).
- Web Mercator (EPSG:3857): x = R * lon_rad, y = R * ln(tan(pi/4 + lat_rad/2)), R = 6378137 m.
- UTM zone 43N (EPSG:32643): easting 500000 m, northing 0 m is exactly (75 E, 0 N); a
  10 km x 10 km grid square at the central meridian covers 100 / 0.9996^2 = 100.08 km2.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon, box

from lib import db
from lib.boundaries import read_boundaries
from lib.cli import main
from lib.errors import InputError
from lib.geometry import from_wkb
from lib.ingest import boundaries as boundaries_module
from lib.ingest.boundaries import attribute_roles, boundary_report, load_boundaries, prepare_boundaries

ALPHA = box(77.0, 0.0, 77.1, 0.1)
BETA = box(77.1, 0.0, 77.2, 0.1)
GAMMA = box(77.2, 0.0, 77.3, 0.1)
SQUARE_KM2 = 111.32 * 110.57 * 0.1 * 0.1  # 123.09


def districts_file(
    path: Path, geometries, codes=("164", "165"), names=("Alpha", "Beta"), state_codes=None, crs="EPSG:4326"
) -> Path:
    state_codes = state_codes if state_codes is not None else ["9"] * len(codes)
    frame = gpd.GeoDataFrame(
        {
            "DIST_LGD": list(codes),
            "DISTRICT": list(names),
            "STATE_LGD": list(state_codes),
            "STATE_UT": ["Uttar Pradesh"] * len(codes),
        },
        geometry=list(geometries),
        crs=crs,
    )
    if path.suffix in (".parquet", ".geoparquet"):
        frame.to_parquet(path)
    else:
        frame.to_file(path)
    return path


def load(con, path: Path, level: str = "district", loaded_by: str | None = None) -> dict:
    return load_boundaries(con, prepare_boundaries(con, path, level), loaded_by=loaded_by)


def stored(con, unit_id: str):
    return from_wkb([con.execute("SELECT geometry FROM boundaries WHERE unit_id = ?", [unit_id]).fetchone()[0]])[0]


def area(con, unit_id: str) -> float:
    return con.execute("SELECT area_km2 FROM boundaries WHERE unit_id = ?", [unit_id]).fetchone()[0]


def same_shape(a, b) -> bool:
    """Equal up to vertex order and the 1e-6 degree grid the state union snaps to."""
    return shapely.symmetric_difference(a, b).area < 1e-12


@pytest.fixture()
def con():
    connection = db.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture(autouse=True)
def equator_fixtures(request, monkeypatch):
    """Most files here sit on the equator, where areas are easy to compute by hand (module docstring);
    the India-extent check is switched to the whole globe for them, and tested with India's own
    extent by the tests marked ``india_extent``."""
    if "india_extent" not in request.keywords:
        monkeypatch.setattr(boundaries_module, "INDIA_EXTENT", (-180.0, -90.0, 180.0, 90.0))


@pytest.fixture()
def con_with_districts(con):
    """A database that already has state S09 with districts Alpha (D164), Beta (D165) and Gamma (D166)."""
    con.execute(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES ('S09', 'state', 'Uttar Pradesh', '09', NULL, 'S09', NULL, false), "
        "('D164', 'district', 'Alpha', '164', 'S09', 'S09', 'D164', true), "
        "('D165', 'district', 'Beta', '165', 'S09', 'S09', 'D165', true), "
        "('D166', 'district', 'Gamma', '166', 'S09', 'S09', 'D166', true)"
    )
    return con


# --- a fresh database: the file defines the units -------------------------------------------------


def test_two_squares_define_two_districts_and_their_state(con, tmp_path):
    outcome = load(con, districts_file(tmp_path / "two.geojson", [ALPHA, BETA]))
    assert outcome["status"] == "loaded" and outcome["rows"] == 2
    assert con.execute(
        "SELECT unit_id, level, name, parent_id, state_id, district_id FROM units ORDER BY unit_id"
    ).fetchall() == [
        ("D164", "district", "Alpha", "S09", "S09", "D164"),
        ("D165", "district", "Beta", "S09", "S09", "D165"),
        ("S09", "state", "Uttar Pradesh", None, "S09", None),
    ]
    assert con.execute("SELECT unit_id, level FROM boundaries ORDER BY unit_id").fetchall() == [
        ("D164", "district"),
        ("D165", "district"),
        ("S09", "state"),
    ]


def test_stored_geometry_is_the_input_polygon(con, tmp_path):
    load(con, districts_file(tmp_path / "two.geojson", [ALPHA, BETA]))
    assert shapely.equals(stored(con, "D164"), ALPHA) and shapely.equals(stored(con, "D165"), BETA)


# Before outlines were stored once, ``boundaries`` also held a simplified copy no page read, NOT NULL.
OLD_BOUNDARIES = """CREATE TABLE boundaries (unit_id VARCHAR PRIMARY KEY, level VARCHAR NOT NULL, geometry BLOB NOT NULL,
    geometry_display BLOB NOT NULL, area_km2 DOUBLE, centroid_lon DOUBLE, centroid_lat DOUBLE, source VARCHAR)"""


def test_a_database_made_before_takes_new_outlines_and_keeps_its_old_ones(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:
        old.execute(OLD_BOUNDARIES)
        for unit_id, outline in (("D166", BETA), ("D167", GAMMA)):
            old.execute(
                "INSERT INTO boundaries VALUES (?, 'district', ?, ?, 123.1, 77.25, 0.05, 'old file')",
                [unit_id, shapely.to_wkb(outline), shapely.to_wkb(outline)],
            )
    con = db.connect(path)  # writable: the schema drops the column that blocked inserts
    try:
        con.execute(
            "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, "
            "aspirational) VALUES ('S09', 'state', 'Uttar Pradesh', '09', NULL, 'S09', NULL, false), "
            "('D166', 'district', 'Gamma', '166', 'S09', 'S09', 'D166', true), "
            "('D167', 'district', 'Delta', '167', 'S09', 'S09', 'D167', true)"
        )
        load(con, districts_file(tmp_path / "one.geojson", [ALPHA], codes=("166",), names=("Gamma",)))
        assert "geometry_display" not in [row[0] for row in con.execute("DESCRIBE boundaries").fetchall()]
        outlines = read_boundaries(con, "district").set_index("unit_id").geometry
        assert shapely.equals(outlines["D166"], ALPHA)  # replaced by the file's outline
        assert shapely.equals(outlines["D167"], GAMMA)  # written before, still read
    finally:
        con.close()


def test_area_of_a_tenth_degree_square_at_the_equator(con, tmp_path):
    load(con, districts_file(tmp_path / "two.geojson", [ALPHA, BETA]))
    assert area(con, "D164") == pytest.approx(123.09, rel=0.01)
    assert area(con, "D164") == pytest.approx(SQUARE_KM2, rel=0.01)


def test_state_outline_is_the_union_of_its_districts(con, tmp_path):
    load(con, districts_file(tmp_path / "two.geojson", [ALPHA, BETA]))
    assert same_shape(stored(con, "S09"), box(77.0, 0.0, 77.2, 0.1))
    assert area(con, "S09") == pytest.approx(area(con, "D164") + area(con, "D165"), rel=1e-6)


def test_load_is_audited_with_who_loaded_it(con, tmp_path):
    load(con, districts_file(tmp_path / "two.geojson", [ALPHA, BETA]), loaded_by="district officer")
    assert con.execute("SELECT kind, source, rows_in, rows_rejected, loaded_by FROM loads").fetchall() == [
        ("boundaries", "two.geojson", 2, 0, "district officer")
    ]


def _write_zipped_shapefile(frame_path: Path) -> Path:
    folder = frame_path.parent / "shapefile"
    folder.mkdir()
    gpd.read_file(frame_path).to_file(folder / "districts.shp")
    return Path(shutil.make_archive(str(frame_path.parent / "districts"), "zip", folder))


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".fgb", ".zip", ".parquet"])
def test_every_supported_format_loads_the_same_outlines(con, tmp_path, suffix):
    if suffix == ".zip":
        path = _write_zipped_shapefile(districts_file(tmp_path / "source.gpkg", [ALPHA, BETA]))
    else:
        path = districts_file(tmp_path / f"districts{suffix}", [ALPHA, BETA])
    assert load(con, path)["rows"] == 2
    assert shapely.equals(stored(con, "D164"), ALPHA) and shapely.equals(stored(con, "D165"), BETA)


def test_z_coordinates_are_dropped(con, tmp_path):
    alpha_z = Polygon([(77.0, 0.0, 210.0), (77.1, 0.0, 215.0), (77.1, 0.1, 220.0), (77.0, 0.1, 205.0)])
    load(con, districts_file(tmp_path / "z.gpkg", [alpha_z], codes=["164"], names=["Alpha"]))
    geometry = stored(con, "D164")
    assert not geometry.has_z and shapely.equals(geometry, ALPHA)


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    radius = 6378137.0
    return radius * math.radians(lon), radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def test_web_mercator_file_is_reprojected_to_longitude_latitude(con, tmp_path):
    corners = [(77.0, 10.0), (77.1, 10.0), (77.1, 10.1), (77.0, 10.1)]
    square = Polygon([_mercator(lon, lat) for lon, lat in corners])
    load(con, districts_file(tmp_path / "mercator.gpkg", [square], codes=["164"], names=["Alpha"], crs="EPSG:3857"))
    assert stored(con, "D164").bounds == pytest.approx((77.0, 10.0, 77.1, 10.1), abs=1e-9)


def test_utm_file_is_reprojected_and_its_area_kept(con, tmp_path):
    square = box(500000, 0, 510000, 10000)  # metres, zone 43N: starts at the central meridian on the equator
    load(con, districts_file(tmp_path / "utm.gpkg", [square], codes=["164"], names=["Alpha"], crs="EPSG:32643"))
    corner = shapely.Point(75.0, 0.0)
    assert min(shapely.Point(xy).distance(corner) for xy in stored(con, "D164").exterior.coords) < 1e-9
    assert area(con, "D164") == pytest.approx(100.08, rel=0.005)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_in_longitude_latitude_is_taken_as_wgs84(con, tmp_path):
    path = districts_file(tmp_path / "nocrs.fgb", [ALPHA], codes=["164"], names=["Alpha"], crs=None)
    load(con, path)
    assert shapely.equals(stored(con, "D164"), ALPHA)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_in_metres_is_refused_asking_for_its_crs(con, tmp_path):
    path = districts_file(
        tmp_path / "nocrs.fgb", [box(500000, 0, 510000, 10000)], codes=["164"], names=["Alpha"], crs=None
    )
    with pytest.raises(InputError, match="no coordinate reference system"):
        prepare_boundaries(con, path, "district")


def test_bow_tie_is_repaired_into_two_triangles_and_noted(con, tmp_path):
    bow_tie = Polygon([(77.0, 20.0), (78.0, 21.0), (78.0, 20.0), (77.0, 21.0)])  # edges cross at (77.5, 20.5)
    prepared = prepare_boundaries(
        con, districts_file(tmp_path / "bow.geojson", [bow_tie], codes=["164"], names=["Alpha"]), "district"
    )
    assert prepared.notes[["feature", "column", "value"]].values.tolist() == [
        [1, "geometry", "Self-intersection[77.5 20.5]"]
    ]
    assert "make_valid" in prepared.notes.problem[0]
    load_boundaries(con, prepared)
    repaired = stored(con, "D164")
    assert repaired.geom_type == "MultiPolygon" and len(repaired.geoms) == 2
    assert repaired.area == pytest.approx(0.5)  # two triangles of base 1 and height 0.5, in square degrees


def test_point_and_empty_polygon_are_problems_and_nothing_is_loaded(con, tmp_path):
    path = districts_file(
        tmp_path / "bad.geojson",
        [ALPHA, Point(77.5, 0.5), Polygon()],
        codes=["164", "165", "166"],
        names=["Alpha", "Beta", "Gamma"],
    )
    prepared = prepare_boundaries(con, path, "district")
    assert prepared.problems[["feature", "value"]].values.tolist() == [[2, "Point"], [3, ""]]
    assert "not a polygon" in prepared.problems.problem[0] and "empty geometry" in prepared.problems.problem[1]
    with pytest.raises(InputError, match="feature 2"):
        load_boundaries(con, prepared)
    assert (
        con.execute(
            "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM boundaries) + (SELECT count(*) FROM loads)"
        ).fetchone()[0]
        == 0
    )


def test_null_geometry_is_reported_as_an_empty_geometry(con, tmp_path):
    path = districts_file(tmp_path / "null.geojson", [ALPHA, None], codes=["164", "165"])
    prepared = prepare_boundaries(con, path, "district")
    assert prepared.problems[["feature", "value"]].values.tolist() == [[2, ""]]


def test_features_without_a_code_are_noted_and_left_out(con, tmp_path):
    path = districts_file(
        tmp_path / "disputed.geojson",
        [ALPHA, BETA, box(78, 0, 78.1, 0.1), box(79, 0, 79.1, 0.1)],
        codes=["164", "NOT AVAILABLE", "NA", "-"],
        names=["Alpha", "Disputed", "Other", "Third"],
    )
    prepared = prepare_boundaries(con, path, "district")
    assert prepared.problems.empty
    assert prepared.notes.feature.tolist() == [2, 3, 4]
    assert load_boundaries(con, prepared)["rows"] == 1
    assert con.execute("SELECT unit_id FROM units WHERE level = 'district'").fetchall() == [("D164",)]
    assert con.execute("SELECT rows_rejected FROM loads").fetchone() == (3,)


def test_two_features_with_one_code_are_problems(con, tmp_path):
    path = districts_file(tmp_path / "dup.geojson", [ALPHA, BETA], codes=["164", "164"])
    prepared = prepare_boundaries(con, path, "district")
    assert prepared.problems[["feature", "column", "value"]].values.tolist() == [
        [1, "DIST_LGD", "164"],
        [2, "DIST_LGD", "164"],
    ]
    with pytest.raises(InputError, match="more than one feature"):
        load_boundaries(con, prepared)


def test_defining_districts_needs_a_code_attribute(con, tmp_path):
    path = tmp_path / "names.geojson"
    gpd.GeoDataFrame({"DISTRICT": ["Alpha"], "STATE_LGD": ["9"]}, geometry=[ALPHA], crs="EPSG:4326").to_file(path)
    with pytest.raises(InputError, match="needs a district code attribute"):
        prepare_boundaries(con, path, "district")


def test_defining_districts_needs_a_state_code_attribute(con, tmp_path):
    path = tmp_path / "nostate.geojson"
    gpd.GeoDataFrame({"DIST_LGD": ["164"], "DISTRICT": ["Alpha"]}, geometry=[ALPHA], crs="EPSG:4326").to_file(path)
    with pytest.raises(InputError, match="state code"):
        prepare_boundaries(con, path, "district")


def test_a_district_with_a_blank_state_code_is_reported_not_filed_under_an_invented_state(con, tmp_path):
    path = districts_file(tmp_path / "blank_state.geojson", [ALPHA, BETA], state_codes=["9", None])
    prepared = prepare_boundaries(con, path, "district")
    assert "S00" not in set(prepared.new_units.state_id)
    # no code, but the state's name (Uttar Pradesh, LGD 09) is on the feature: filed under it
    assert prepared.new_units.set_index("unit_id").state_id.to_dict() == {"D164": "S09", "D165": "S09"}
    nameless = tmp_path / "nameless.geojson"
    frame = gpd.read_file(path).assign(STATE_UT=["Uttar Pradesh", ""])
    frame.to_file(nameless)
    prepared = prepare_boundaries(con, nameless, "district")
    assert 2 in set(prepared.problems.feature) and "D165" not in set(prepared.new_units.unit_id)


# --- units already in the database: features are matched ---------------------------------------


def test_features_match_units_by_code_or_name_and_the_rest_are_listed(con_with_districts, tmp_path):
    path = districts_file(
        tmp_path / "match.geojson",
        [ALPHA, BETA, box(0, 0, 1, 1)],
        codes=["164", None, "777"],
        names=["Alpha", "Beta", "Nowhere"],
    )
    prepared = prepare_boundaries(con_with_districts, path, "district")
    assert not prepared.defines_units
    assert prepared.features.unit_id.tolist()[:2] == ["D164", "D165"] and pd.isna(prepared.features.unit_id[2])
    assert prepared.notes[["feature", "value"]].values.tolist() == [[3, "777 Nowhere"]]
    assert prepared.units_without_outline.values.tolist() == [["D166", "Gamma", "Uttar Pradesh"]]
    assert load_boundaries(con_with_districts, prepared)["rows"] == 2


def test_two_features_of_one_unit_are_joined_into_one_outline(con_with_districts, tmp_path):
    path = districts_file(
        tmp_path / "parts.geojson", [ALPHA, box(78.0, 0.0, 78.1, 0.1)], codes=["164", "164"], names=["Alpha", "Alpha"]
    )
    prepared = prepare_boundaries(con_with_districts, path, "district")
    assert prepared.notes[["feature", "value"]].values.tolist() == [[2, "D164"]]
    load_boundaries(con_with_districts, prepared)
    assert stored(con_with_districts, "D164").geom_type == "MultiPolygon"
    assert area(con_with_districts, "D164") == pytest.approx(2 * SQUARE_KM2, rel=0.01)


def test_reloading_one_district_redraws_its_state_from_all_its_districts(con, tmp_path):
    load(con, districts_file(tmp_path / "two.geojson", [ALPHA, BETA]))
    load(con, districts_file(tmp_path / "half.geojson", [box(77.0, 0.0, 77.05, 0.1)], codes=["164"], names=["Alpha"]))
    assert same_shape(stored(con, "S09"), box(77.0, 0.0, 77.2, 0.1).difference(box(77.05, 0.0, 77.1, 0.1)))
    assert area(con, "S09") == pytest.approx(1.5 * SQUARE_KM2, rel=0.01)
    assert con.execute("SELECT count(*) FROM boundaries").fetchone()[0] == 3


def test_the_same_file_again_is_unchanged_and_writes_nothing(con, tmp_path):
    path = districts_file(tmp_path / "two.geojson", [ALPHA, BETA])
    first = load(con, path)
    before = con.execute("SELECT * FROM boundaries ORDER BY unit_id").df()
    again = load(con, path)
    assert again["status"] == "unchanged" and again["load_id"] == first["load_id"] and again["rows"] == 0
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    pd.testing.assert_frame_equal(con.execute("SELECT * FROM boundaries ORDER BY unit_id").df(), before)


def test_going_back_to_an_earlier_file_restores_its_outlines(con, tmp_path):
    full = districts_file(tmp_path / "full.gpkg", [ALPHA], codes=["164"], names=["Alpha"])
    load(con, full)
    load(con, districts_file(tmp_path / "half.gpkg", [box(77.0, 0.0, 77.05, 0.1)], codes=["164"], names=["Alpha"]))
    load(con, full)
    assert shapely.equals(stored(con, "D164"), ALPHA)


# --- blocks ------------------------------------------------------------------------------------


def blocks_file(path: Path, district_codes, block_codes=("900001", "900002")) -> Path:
    gpd.GeoDataFrame(
        {"BLOCK_LGD": list(block_codes), "BLOCK": ["One", "Two"], "DIST_LGD": list(district_codes)},
        geometry=[box(77.0, 0.0, 77.05, 0.1), box(77.05, 0.0, 77.1, 0.1)],
        crs="EPSG:4326",
    ).to_file(path)
    return path


def test_blocks_are_defined_under_the_districts_in_the_database(con_with_districts, tmp_path):
    load(con_with_districts, blocks_file(tmp_path / "blocks.geojson", ["164", "164"]), level="block")
    assert con_with_districts.execute(
        "SELECT unit_id, parent_id, state_id, district_id FROM units WHERE level = 'block' ORDER BY unit_id"
    ).fetchall() == [("B900001", "D164", "S09", "D164"), ("B900002", "D164", "S09", "D164")]
    assert con_with_districts.execute("SELECT level, count(*) FROM boundaries GROUP BY level").fetchall() == [
        ("block", 2)
    ]


def test_a_block_whose_district_is_unknown_is_a_problem(con_with_districts, tmp_path):
    prepared = prepare_boundaries(con_with_districts, blocks_file(tmp_path / "b.geojson", ["999", "164"]), "block")
    assert prepared.problems[["feature", "value"]].values.tolist() == [[1, "999"]]
    with pytest.raises(InputError, match="district is not in the database"):
        load_boundaries(con_with_districts, prepared)


def test_a_block_with_a_known_district_keeps_its_unit_when_another_block_is_refused(con_with_districts, tmp_path):
    prepared = prepare_boundaries(con_with_districts, blocks_file(tmp_path / "b.geojson", ["999", "164"]), "block")
    assert prepared.features.unit_id.tolist()[1] == "B900002"


# --- the command line -----------------------------------------------------------------------


def run_cli(path: Path, db_file: Path, *extra: str) -> int:
    return main(["import", "boundaries", str(path), "--level", "district", "--db", str(db_file), *extra])


# Two real Uttar Pradesh districts of the shipped register (LGD codes), for the CLI, which puts the
# register in place on a new database and matches the file's features to it.
REGISTER_CODES, REGISTER_NAMES = ("118", "119"), ("Agra", "Aligarh")


def test_cli_loads_a_file_and_says_so(tmp_path, capsys):
    db_file = tmp_path / "abp.duckdb"
    path = districts_file(tmp_path / "two.geojson", [ALPHA, BETA], codes=REGISTER_CODES, names=REGISTER_NAMES)
    assert run_cli(path, db_file) == 0
    assert capsys.readouterr().out.strip() == "loaded 2 district outlines from two.geojson"
    with db.connect(db_file, read_only=True) as check:
        outlines = check.execute(
            "SELECT unit_id, source FROM boundaries WHERE unit_id IN ('D118', 'D119') ORDER BY unit_id"
        ).fetchall()
        assert outlines == [("D118", "two.geojson"), ("D119", "two.geojson")]


def _text_file(tmp_path: Path) -> Path:
    (tmp_path / "districts.txt").write_text("DIST_LGD,DISTRICT\n164,Alpha\n")
    return tmp_path / "districts.txt"


def _empty_collection(tmp_path: Path) -> Path:
    (tmp_path / "empty.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    return tmp_path / "empty.geojson"


def _only_points(tmp_path: Path) -> Path:
    return districts_file(tmp_path / "points.geojson", [Point(77.0, 0.0), Point(77.1, 0.0)])


@pytest.mark.parametrize(
    "make, says",
    [
        (_text_file, "unsupported boundary file type '.txt'"),
        (_empty_collection, "the file has no features"),
        (_only_points, "not a polygon"),
    ],
)
def test_cli_refuses_a_bad_file_with_an_error_message(tmp_path, capsys, make, says):
    assert run_cli(make(tmp_path), tmp_path / "abp.duckdb") == 2
    err = capsys.readouterr().err
    assert "error: " in err and says in err and "Traceback" not in err


def test_cli_problems_out_writes_every_problem_and_note(tmp_path, capsys):
    path = districts_file(
        tmp_path / "mixed.geojson",
        [ALPHA, Point(77.5, 0.5), BETA],
        codes=[*REGISTER_CODES, "NOT AVAILABLE"],
        names=[*REGISTER_NAMES, "Disputed"],
    )
    report = tmp_path / "problems.csv"
    assert run_cli(path, tmp_path / "abp.duckdb", "--problems-out", str(report)) == 2
    written = pd.read_csv(report)
    # the admin page's report: the feature number in the "line" column
    assert list(written.columns) == ["kind", "line", "column", "value", "problem"]
    features = written[written.line.notna()]
    assert features[["line", "kind"]].values.tolist() == [[2, "problem"], [3, "note"]]
    # the other direction: the register's districts this file has no outline for, all listed
    assert (written.line.isna() & written.problem.str.endswith("has no outline in this file")).sum() == 761


def test_cli_refused_load_leaves_the_database_file_unchanged(tmp_path, capsys):
    db_file = tmp_path / "abp.duckdb"
    path = districts_file(tmp_path / "two.geojson", [ALPHA, BETA], codes=REGISTER_CODES, names=REGISTER_NAMES)
    assert run_cli(path, db_file) == 0
    before = db_file.read_bytes()
    bad = districts_file(
        tmp_path / "bad.geojson", [box(0, 0, 1, 1), Point(5, 5)], codes=REGISTER_CODES, names=REGISTER_NAMES
    )
    assert run_cli(bad, db_file) == 2
    assert db_file.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".staged-" in p.name] == []


# --- attribute roles --------------------------------------------------------------------------


def test_attribute_roles_finds_lgd_export_columns():
    assert attribute_roles(["STATE_UT", "STATE_LGD", "DISTRICT", "DIST_LGD", "geometry"], "district") == {
        "unit_code": "DIST_LGD",
        "unit_name": "DISTRICT",
        "state_code": "STATE_LGD",
        "state_name": "STATE_UT",
    }


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.sampled_from([str.upper, str.lower, str.title]), min_size=4, max_size=4),
    st.sampled_from(["_", " ", "-"]),
)
def test_attribute_roles_ignore_case_and_separators(cases, separator):
    headers = [
        case(name).replace("_", separator)
        for case, name in zip(cases, ["dist_lgd", "district", "state_lgd", "state_ut"], strict=True)
    ]
    roles = attribute_roles([*headers, "geometry"], "district")
    assert roles == {
        "unit_code": headers[0],
        "unit_name": headers[1],
        "state_code": headers[2],
        "state_name": headers[3],
    }


# --- the pandera gate on rows about to be written -----------------------------------------------


def test_the_schema_gate_names_each_broken_boundary_row():
    import pandas as pd

    from lib.ingest.schemas import BOUNDARY_ROWS, UNITS, schema_problems

    rows = pd.DataFrame(
        {
            "unit_id": ["D1", "D2", "D2"],
            "level": ["district", "ward", "district"],
            "area_km2": [10.0, 0.0, 5.0],
            "centroid_lon": [77.0, 77.0, 200.0],
            "centroid_lat": [28.0, 95.0, 28.0],
        }
    )
    messages = sorted(p.message for p in schema_problems(rows, BOUNDARY_ROWS, "b.geojson"))
    assert messages == sorted(
        [
            "'D2': appears more than once; keep one",  # both rows, said once
            "'ward': isin(['state', 'district', 'block'])",
            "'0.0': the outline has no area",
            "'200.0': in_range(-180, 180)",
            "'95.0': in_range(-90, 90)",
        ]
    )
    units = pd.DataFrame({"unit_id": ["D1"], "level": ["district"], "name": [" "], "state_id": ["S09"]})
    assert [p.message for p in schema_problems(units, UNITS, "b.geojson")] == ["' ': the unit has no name"]


def test_the_report_lists_units_the_file_does_not_cover(con_with_districts, tmp_path):
    path = districts_file(tmp_path / "one.geojson", [ALPHA], codes=["164"], names=["Alpha"])
    report = boundary_report(prepare_boundaries(con_with_districts, path, "district"))
    uncovered = report[report.problem == "district in the database has no outline in this file"]
    assert uncovered.value.tolist() == ["D165 Beta", "D166 Gamma"]


# --- outlines outside India (issue 13 item 6) ----------------------------------------------------


@pytest.mark.india_extent
def test_outlines_with_latitude_and_longitude_swapped_are_refused_with_their_feature(con, tmp_path):
    lucknow = box(80.9, 26.8, 81.0, 26.9)
    swapped = box(26.8, 80.9, 26.9, 81.0)  # the same square with x and y exchanged: 81 N, 27 E
    path = districts_file(tmp_path / "swapped.geojson", [lucknow, swapped])
    prepared = prepare_boundaries(con, path, "district")
    assert prepared.problems[["feature", "value"]].values.tolist() == [[2, "80.95 N, 26.85 E"]]
    assert "latitude and longitude look swapped" in prepared.problems.problem.iloc[0]
    with pytest.raises(InputError, match="outside India"):
        load_boundaries(con, prepared)
    assert con.execute("SELECT count(*) FROM boundaries").fetchone()[0] == 0


@pytest.mark.india_extent
def test_an_outline_near_the_equator_is_refused_without_the_swap_hint_and_india_passes(con, tmp_path):
    path = districts_file(tmp_path / "equator.geojson", [ALPHA, box(92.7, 11.6, 92.8, 11.7)])  # 2nd: Andamans
    prepared = prepare_boundaries(con, path, "district")
    assert prepared.problems.feature.tolist() == [1]
    assert "coordinate system" in prepared.problems.problem.iloc[0]
    assert "swapped" not in prepared.problems.problem.iloc[0]
