"""AppTest for the Pilot evaluation page: cohorts, choices, results and bad uploads."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib.exports import signed
from lib.plaintext import md
from lib.ui.state import EvalKeys
from machine import wait_s

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/evaluation.py"


def _open(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=wait_s(120))
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def _metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def _query(app: AppTest, key: str):
    value = app.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_default_view_estimates_phase_one_against_matched_blocks_under_every_design(demo_env):
    app = _open()
    assert app.title[0].value == "Pilot evaluation"
    assert any("Synthetic demo data" in str(m.value) for m in app.markdown)
    headline = app.info[0].value
    assert headline.startswith("Design: matched comparison blocks. Averaged over the first 12 months from the start,")
    assert "in pilot blocks (JICA pilot Phase I) was" in headline and "(95% CI" in headline
    assert "The other comparison designs" in headline or "The comparison designs disagree" in headline
    # the minimum detectable effect is said before the estimate
    assert any(re.match(r"With \d+ pilot blocks and matched comparison blocks", c.value) for c in app.caption)
    table = app.dataframe[0].value
    assert list(table.design.unique()) == [
        "Matched comparison blocks",
        "Non-pilot blocks in the same states",
        "All non-pilot blocks",
    ]
    assert list(table.method[:4]) == [
        "Sun-Abraham (interaction-weighted)",
        "Two-stage DiD (Gardner)",
        "Two-way fixed effects",
        "Naive (not causal)",
    ]
    # the headline metric is the first row, and its interval is the table's
    first = table.iloc[0]
    assert _metric(app, "Estimated effect") == signed(first.estimate)
    assert _metric(app, "95% interval") == f"{signed(first['95% CI low'])} to {signed(first['95% CI high'])}"
    assert _metric(app, "Pilot / comparison blocks").startswith(f"{first['pilot blocks']} / ")
    assert not any(m.label == "Randomisation p" for m in app.metric)  # 38 pilot blocks: 30 or more
    effects = app.dataframe[1].value
    assert list(effects.effect) == ["average over the first 12 months", "month 3", "month 6", "month 12"]


def test_placebo_checks_run_on_request_into_the_same_table(demo_env):
    app = _open({"placebo": "diabetes_screening"})
    assert len(app.dataframe[0].value) == 12
    app.button[0].click().run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    assert list(table.design.unique())[-2:] == [
        "Placebo: start 12 months earlier",
        "Placebo: Diabetes screening (not targeted)",
    ]
    assert len(table) == 20
    assert _query(app, "placebo") == "diabetes_screening"


def test_changing_outcome_comparison_and_cohort_changes_the_estimate_and_url(demo_env):
    app = _open({EvalKeys.VIEW: "Balance", "comparison": "all"})  # the result tabs run when open
    # no balance table without matching: the tab says how to get one
    assert any("Choose 'Matched'" in i.value for i in app.info)
    before = app.dataframe[0].value.iloc[0].estimate
    app.selectbox(key="outcome").set_value("diabetes_screening").run()
    app.radio(key="comparison").set_value("matched").run()
    assert not app.exception
    after = app.dataframe[0].value.iloc[0].estimate
    assert after != before
    assert app.info[0].value.startswith("Design: matched comparison blocks.")
    assert _query(app, "outcome") == "diabetes_screening"
    assert _query(app, "comparison") is None  # the default is not written into the link
    assert not any("Choose 'Matched'" in i.value for i in app.info)
    # the cohort choice is in the link too
    app.multiselect(key="cohort").set_value(["jica_phase_2"]).run()
    assert "in pilot blocks (JICA pilot Phase II) was" in app.info[0].value
    assert _query(app, "cohort") == "jica_phase_2"


def test_only_the_open_result_tab_runs(demo_env):
    trends = _open()
    assert [tab.label for tab in trends.tabs] == list(EvalKeys.VIEWS)
    assert not any("Choose 'Matched'" in i.value for i in trends.info)  # the Balance tab is closed
    panel = _open({EvalKeys.VIEW: "Panel used"})
    assert any("block-months: pilot blocks within their window" in c.value for c in panel.caption)
    assert not any("Choose 'Matched'" in i.value for i in panel.info)


def test_staggered_cohorts_from_the_url(demo_env):
    app = _open(
        {
            "cohort": "jica_phase_1,jica_phase_2",
            "outcome": "anc_first_trimester",
            "comparison": "all",
            "estimator": "twfe",
        }
    )
    headline = app.info[0].value
    assert headline.startswith("Design: all non-pilot aspirational blocks.")
    assert "in pilot blocks (JICA pilot Phase I, JICA pilot Phase II) was" in headline
    assert app.dataframe[0].value.iloc[0].method == "Two-way fixed effects"
    effects = app.dataframe[1].value
    assert list(effects.cohort.unique()) == [
        "JICA pilot Phase I",
        "JICA pilot Phase II",
        "Pooled (all cohorts)",
    ]
    assert _metric(app, "Pilot / comparison blocks") == "100 / 400"
    assert any("different months: two-way fixed effects can be biased" in w.value for w in app.warning)


def test_a_bad_link_value_falls_back_to_the_default(demo_env):
    app = _open({"outcome": "no_such_indicator", "pre": "99"})
    # the link's value is shown as plain text (Markdown escaped: 'no\\_such\\_indicator' reads no_such_indicator)
    assert any(md("outcome='no_such_indicator'") in w.value for w in app.warning)
    assert any("pre='99'" in w.value for w in app.warning)
    assert app.selectbox(key="outcome").value == "anc_first_trimester"


def test_picking_blocks_defines_a_cohort(demo_env, demo_con):
    app = _open({"source": "blocks", "comparison": "all"})
    assert any("Choose the blocks that started the pilot." in i.value for i in app.info)
    blocks = [
        r[0]
        for r in demo_con.execute(
            "SELECT unit_id FROM units WHERE level = 'block' AND aspirational AND unit_id NOT IN "
            "(SELECT unit_id FROM cohort_members) ORDER BY unit_id LIMIT 25"
        ).fetchall()
    ]
    app.multiselect(key="picked_blocks").set_value(blocks).run()
    app.selectbox(key="picked_start").set_value("2025-01").run()
    assert not app.exception, app.exception
    assert "in pilot blocks (My pilot blocks) was" in app.info[0].value
    assert _metric(app, "Pilot / comparison blocks").startswith("25 / ")
    # fewer than 30 pilot blocks: the randomisation p-value is shown beside the analytic one
    assert _metric(app, "Randomisation p") == f"{app.dataframe[0].value.iloc[0]['randomisation p']:.3f}"


# --- viewer uploads (issue 13 item 2) ---------------------------------------------------------------


def test_a_viewer_upload_is_read_within_limits_and_the_file_is_let_go(demo_env, demo_con):
    app = _open({"source": "upload"})
    blocks = [
        row[0]
        for row in demo_con.execute(
            "SELECT unit_id FROM units WHERE level = 'block' AND aspirational ORDER BY unit_id LIMIT 3"
        ).fetchall()
    ]
    good = "block_code,cohort,start_month\n" + "".join(f"{b},Viewer round,2025-01\n" for b in blocks)
    app.file_uploader[0].set_value(("mine.csv", good.encode(), "text/csv")).run()
    assert not app.exception
    assert any("Read 1 cohort(s) with 3 blocks from mine.csv" in s.value for s in app.success)
    assert app.file_uploader[0].value is None  # a fresh uploader: the server no longer holds the file
    assert app.file_uploader[0].key != "cohort_upload-0"


def test_a_viewer_upload_over_the_limit_is_refused_before_it_is_parsed(demo_env, monkeypatch):
    from lib.ingest import cohort_csv as cohorts

    parsed = []
    monkeypatch.setattr(cohorts, "parse_cohort_csv", lambda *args: parsed.append(args) or ())
    app = _open({"source": "upload"})
    huge = b"block_code,cohort,start_month\n" + b"B900001,Round,2025-01\n" * 60_000  # 1.3 MB
    app.file_uploader[0].set_value(("huge.csv", huge, "text/csv")).run()
    assert not app.exception
    assert any("huge.csv: 1 problem(s); no cohort was taken" in e.value for e in app.error)
    assert app.dataframe[0].value.problem.iloc[0].startswith("larger than 1 MB")
    assert parsed == []
