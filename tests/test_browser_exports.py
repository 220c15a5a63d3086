"""Every chart download on every page delivers that chart, as a PNG and an SVG that parse (issue 15,
items 1 and 2), clicked in Chromium as a user would: a download must not rerun the page, so the
next button clicked is still the button it was."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import pytest
from PIL import Image

from browser_support import settle
from machine import wait_ms

pytestmark = pytest.mark.browser

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def _open(browser, url: str, ready: str, chart: bool = True):
    page = browser.new_page(viewport={"width": 1366, "height": 2400}, accept_downloads=True)
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(ready).first.wait_for(timeout=wait_ms(90_000))
    _wait_for_the_run(page)
    if chart:
        page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=wait_ms(60_000))
    settle(page)
    return page


def _wait_for_the_run(page) -> None:
    """Until the page's script has finished (on a busy machine the last charts come seconds after the first)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=wait_ms(120_000))


def _visible(page, name: str) -> list:
    buttons = page.get_by_role("button", name=name)
    return [buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()]


def _check_png(content: bytes) -> None:
    image = Image.open(io.BytesIO(content))
    image.verify()
    assert image.format == "PNG" and min(image.size) > 100


def _check_svg(content: bytes) -> None:
    root = ElementTree.fromstring(content)
    texts = " ".join(t.text or "" for t in root.iter(SVG_TEXT))
    assert "ABP dashboard" in texts, "an exported chart carries its source line"
    assert "Synthetic demo data" in texts


def _export_every_visible_chart(page, tmp_path) -> list[str]:
    """Click every visible PNG and SVG chart download, one after another; return the file names."""
    names = []
    for label_text, check in (("Download chart (PNG)", _check_png), ("Download chart (SVG)", _check_svg)):
        for button in _visible(page, label_text):
            with page.expect_download(timeout=wait_ms(60_000)) as download:
                button.click()
            path = tmp_path / download.value.suggested_filename
            download.value.save_as(path)
            check(path.read_bytes())
            names.append(path.name)
    assert page.locator("[data-testid='stException']").count() == 0
    return names


def _expected(*stems: str) -> list[str]:
    return [f"{stem}.png" for stem in stems] + [f"{stem}.svg" for stem in stems]


def test_each_evaluation_tab_delivers_its_own_charts(server, browser, tmp_path):
    page = _open(
        browser, server + "/evaluation?cohort=jica_phase_1&outcome=anc_first_trimester&comparison=matched", "3. Result"
    )
    stem = "evaluation_jica_phase_1_anc_first_trimester"
    designs = f"{stem}_designs"  # the design comparison chart sits above the tabs
    tabs = {
        "Trends": _expected(designs, f"{stem}_trends", f"{stem}_difference"),
        "Event study": _expected(designs, f"{stem}_event_study"),
        "Balance": _expected(designs, f"{stem}_balance"),
    }
    # and back to the first: a tab opened again must not deliver the charts of the tab before it
    for tab in [*tabs, next(iter(tabs))]:
        page.get_by_role("tab", name=tab).click()  # a tab runs when it is opened
        page.wait_for_timeout(300)
        _wait_for_the_run(page)
        page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=wait_ms(60_000))
        page.wait_for_timeout(500)
        assert _export_every_visible_chart(page, tmp_path) == tabs[tab], tab


@pytest.mark.parametrize(
    "path, ready, stems",
    [
        ("/", "Themes", ["themes_2026-08"]),
        ("/indicators", "Reporting coverage", ["monthly_reporting"]),
        ("/map?measure=composite", "Legend", ["map_values_composite_2026-08"]),
        ("/what_if?m=zscore", "Theme weights", ["whatif_movers_2026-08"]),
    ],
)
def test_every_chart_on_a_page_exports(server, browser, tmp_path, path, ready, stems):
    page = _open(browser, server + path, ready)
    assert _export_every_visible_chart(page, tmp_path) == _expected(*stems)


def test_profile_charts_including_peers_export(server, browser, tmp_path):
    """The profile's sections are tabs that run when opened: each one's charts export from it."""
    page = _open(browser, server + "/profile?block=B900003", "Compare blocks")
    stems = {name.rsplit(".", 1)[0] for name in _export_every_visible_chart(page, tmp_path)}
    assert stems == {"profile_themes_B900003"}  # the headline's chart; the Indicators tab has a table
    expected = {
        "Trends": {"trends_B900003_health"},
        "Peers": {"peers_B900003_district"},
        "Compare blocks": {"compare_themes", "compare_composite"},
    }
    for tab, tab_stems in expected.items():
        page.get_by_role("tab", name=tab).click()
        _wait_for_the_run(page)
        page.locator("[data-testid='stVegaLiteChart']").nth(1).wait_for(timeout=wait_ms(60_000))
        page.wait_for_timeout(500)
        names = _export_every_visible_chart(page, tmp_path)
        assert {name.rsplit(".", 1)[0] for name in names} == {"profile_themes_B900003"} | tab_stems, tab
        assert f"section={tab.replace(' ', '+')}" in page.url or f"section={tab.replace(' ', '%20')}" in page.url


def test_monte_carlo_chart_exports(server, browser, tmp_path):
    page = _open(browser, server + "/what_if", "Theme weights", chart=False)
    page.get_by_role("button", name="Run Monte Carlo").click()
    page.get_by_text("cannot be told apart").wait_for(timeout=wait_ms(120_000))
    settle(page)
    names = _export_every_visible_chart(page, tmp_path)
    assert "whatif_uncertainty_2026-08.png" in names and "whatif_uncertainty_2026-08.svg" in names
