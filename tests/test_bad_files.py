"""Bad files, one table (issue 13 items 5 and 6): each is refused with a message that says what is
wrong, by the CLI (exit code 2, one ``error:`` line, no traceback) and by the Data admin page's check
(a problem in the report, never an exception), and the database file is left byte for byte."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from app_support import small_demo_file
from lib import db
from lib.cli import main
from lib.ingest import service

CATALOGUE_HEADER = Path(__file__).resolve().parents[1].joinpath("data", "indicators.csv").read_text().splitlines()[0]
INDICATORS_HEADER = "Block Code,Indicator,Month,Value"


def square_geojson(lon: float, lat: float) -> bytes:
    ring = [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"DIST_LGD": "164", "DISTRICT": "Lucknow", "STATE_LGD": "9"},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
        }
    ).encode()


def truncated_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("districts.shp", b"\0" * 5000)
    return buffer.getvalue()[:300]  # cut off: the central directory is missing


# kind, file name, content, words the refusal must contain
CASES = [
    ("indicators", "header_only.csv", f"{INDICATORS_HEADER}\n".encode(), "header but no data rows"),
    ("indicators", "empty.csv", b"", "the file is empty"),
    (
        "indicators",
        "huge_cell.csv",
        f"{INDICATORS_HEADER}\n5001,anc_first_trimester,2025-03,{'9' * 140_000}\n".encode(),
        "140,000 characters",
    ),
    (
        "indicators",
        "twice.csv",
        f"{INDICATORS_HEADER},Value\n5001,anc_first_trimester,2025-03,80,90\n".encode(),
        "appears twice",
    ),
    (
        "indicators",
        "year_2099.csv",
        f"{INDICATORS_HEADER}\n5001,anc_first_trimester,2099-12,80\n".encode(),
        "dated outside 2005-04",
    ),
    (
        "indicators",
        "year_1950.csv",
        f"{INDICATORS_HEADER}\n5001,anc_first_trimester,1950-01,80\n".encode(),
        "dated outside 2005-04",
    ),
    (
        "indicators",
        "counts.csv",
        f"{INDICATORS_HEADER},Numerator,Denominator\n5001,anc_first_trimester,2025-03,80,50,100\n".encode(),
        "does not match its numerator and denominator",
    ),
    (
        "indicators",
        "latin1.csv",
        f"{INDICATORS_HEADER}\n5001,anc_first_trimester,2025-03,80\nBl\xf6ck".encode("latin-1"),
        "not UTF-8",
    ),
    ("indicators", "broken.xlsx", b"PK\x03\x04" + b"\0" * 100, "cannot read this workbook"),
    ("boundaries", "broken.zip", truncated_zip(), "cannot read this as a boundary file"),
    ("boundaries", "swapped.geojson", square_geojson(26.8, 80.9), "latitude and longitude look swapped"),
    ("cohorts", "header_only.csv", b"block_code,cohort,start_month\n", "header but no rows"),
    (
        "cohorts",
        "long_name.csv",
        b"block_code,cohort,start_month\n5001," + b"x" * 140_000 + b",2024-04\n",
        "a cohort name of 140,000 characters",
    ),
    ("catalogue", "header_only.csv", f"{CATALOGUE_HEADER}\n".encode(), "header but no indicators"),
]
IDS = [f"{kind}-{name}" for kind, name, _, _ in CASES]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return small_demo_file(tmp_path_factory.mktemp("bad-files") / "template.duckdb")


@pytest.fixture()
def database(template, tmp_path) -> Path:
    path = tmp_path / "abp.duckdb"
    shutil.copyfile(template, path)
    return path


def _cli_args(kind: str, path: Path, database: Path) -> list[str]:
    level = ["--level", "district"] if kind == "boundaries" else []
    return ["import", kind, str(path), *level, "--db", str(database)]


@pytest.mark.parametrize(("kind", "name", "content", "words"), CASES, ids=IDS)
def test_the_cli_refuses_a_bad_file_in_one_line_and_changes_nothing(
    kind, name, content, words, database, tmp_path, capsys
):
    path = tmp_path / name
    path.write_bytes(content)
    before = database.read_bytes()
    assert main(_cli_args(kind, path, database)) == 2
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert "Traceback" not in err + out and len(errors) == 1  # what was read may come first, on its own lines
    assert words in err
    assert database.read_bytes() == before


@pytest.mark.parametrize(("kind", "name", "content", "words"), CASES, ids=IDS)
def test_the_admin_check_reports_a_bad_file_as_a_problem(kind, name, content, words, database, tmp_path):
    path = tmp_path / name
    path.write_bytes(content)
    options = service.Options(level="district") if kind == "boundaries" else service.Options()
    with db.connect_reader(database) as reader:
        check = service.check_file(db.reader_cursor(reader), kind, path, options)
    assert not check.ready and check.problem_count >= 1
    assert any(words in problem for problem in check.report.problem)


def test_an_error_no_check_anticipated_is_one_line_with_a_reference_and_logged(database, tmp_path, capsys, monkeypatch):
    from lib.ingest import cohorts

    def crash(*args, **kwargs):
        raise RuntimeError("a bug, say")

    monkeypatch.setattr(cohorts, "parse_cohort_csv", crash)
    monkeypatch.setenv("ABP_ERROR_LOG", str(tmp_path / "errors.log"))
    path = tmp_path / "c.csv"
    path.write_text("block_code,cohort,start_month\n5001,Round,2024-04\n")
    assert main(["import", "cohorts", str(path), "--db", str(database)]) == 1
    _, err = capsys.readouterr()
    assert "Traceback" not in err and err.startswith("error: the command stopped on a problem no check recognised")
    reference = err.split("under reference ")[1].rstrip().rstrip(".")
    log = (tmp_path / "errors.log").read_text()
    assert f"--- {reference} python -m lib import cohorts" in log and "RuntimeError: a bug, say" in log


def test_a_load_into_a_folder_that_cannot_be_written_is_refused_with_a_message(database, tmp_path, monkeypatch):
    real_open = open

    def read_only_open(file, mode="r", *args, **kwargs):
        if str(file).endswith(".lock") and "w" in mode:
            raise OSError(30, "Read-only file system")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only_open)
    with pytest.raises(ValueError, match="cannot write in .* a load needs write access"), db.staged_write(database):
        pass
