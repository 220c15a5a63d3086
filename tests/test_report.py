"""Review material: the figures behind cards and decks (by hand), the PDF's text and the deck's slides
against the ranking engine on the demo, and the ``report`` CLI."""

from __future__ import annotations

import io
import re
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from lib import overview, profile, queries
from lib.cli import main
from lib.exports import figure
from lib.periods import label
from lib.report import card_pdf, content, deck
from lib.scoring.params import official_default
from lib.scoring.service import ranking_table
from tests.matrix_factory import make_matrix

INDICATORS = [("anc", "health", False), ("sam", "nutrition", True)]  # (id, group, lower is better)
CATALOGUE = pd.DataFrame(
    {
        "indicator_id": ["anc", "sam"],
        "short_name": ["ANC", "SAM"],
        "direction": ["higher", "lower"],
        "valid_min": [0.0, 0.0],
        "valid_max": [100.0, 100.0],
    }
)  # targets: the best end of the range, 100 and 0


def _table(rows: list[tuple]) -> pd.DataFrame:
    columns = ["unit_id", "district_id", "district", "composite", "rank", "delta_rank"]
    table = pd.DataFrame(rows, columns=columns).assign(state_id="S10", state="Bihar")
    return table.assign(unit_name="Block " + table.unit_id, lgd_code=table.unit_id)


def _hand_review(now: dict, before: dict | None = None) -> content.Review:
    """A review of three blocks (B1, B2 in Gaya; B3 in Nalanda) on two indicators, by hand."""
    table = _table(
        [("B1", "D1", "Gaya", 60.0, 2, 1), ("B2", "D1", "Gaya", 70.0, 1, 3), ("B3", "D2", "Nalanda", 66.0, 3, 2)]
    )
    previous = _table(
        [("B1", "D1", "Gaya", 55.0, 1, 2), ("B2", "D1", "Gaya", 50.0, 2, 1), ("B3", "D2", "Nalanda", 60.0, 3, 3)]
    )
    return content.Review(
        period=date(2026, 8, 1),
        baseline=date(2025, 8, 1),
        previous=date(2026, 7, 1) if before else None,
        params=official_default(date(2026, 8, 1)),
        table=table,
        previous_table=previous if before else None,
        catalogue=CATALOGUE,
        matrix=make_matrix(now, INDICATORS, date(2026, 8, 1)),
        previous_matrix=make_matrix(before, INDICATORS, date(2026, 7, 1)) if before else None,
        facts={"is_demo": False},
    )


NOW = {"B1": [80.0, 10.0], "B2": [60.0, 30.0], "B3": [90.0, np.nan]}
BEFORE = {"B1": [70.0, 15.0], "B2": [65.0, 30.0], "B3": [90.0, 5.0]}


def test_ranked_blocks_give_the_change_since_the_last_meeting():
    blocks = content.ranked_blocks(_hand_review(NOW, BEFORE), district="D1")
    assert blocks.unit_id.tolist() == ["B2", "B1"]  # best rank first
    assert blocks.composite_change.tolist() == [20.0, 5.0]  # 70 - 50, 60 - 55
    assert blocks.rank_change.tolist() == [1.0, -1.0]  # B2 from 2nd to 1st: up one
    assert blocks.delta_rank_change.tolist() == [-2.0, 1.0]  # B2's delta rank from 1 to 3: down two


def test_ranked_blocks_without_a_previous_period_have_no_change():
    blocks = content.ranked_blocks(_hand_review(NOW))
    assert blocks.unit_id.tolist() == ["B2", "B1", "B3"]
    assert blocks.rank_change.isna().all() and blocks.composite_change.isna().all()


def test_ranked_districts_by_the_mean_composite_of_their_blocks():
    districts = content.ranked_districts(_hand_review(NOW, BEFORE), "S10")
    assert districts.district.tolist() == ["Nalanda", "Gaya"]  # 66 beats (60 + 70) / 2 = 65
    assert districts.composite.tolist() == [66.0, 65.0]
    assert districts.best_rank.tolist() == [3, 1]
    assert districts.composite_change.tolist() == [6.0, 12.5]  # Gaya: mean of +20 and +5


def test_lagging_indicators_average_the_points_short_of_target():
    lagging = content.lagging_indicators(_hand_review(NOW), ["B1", "B2"])
    # ANC (target 100): 20 and 40 short in scope, 10 more for B3; SAM (target 0): 10 and 30, B3 no value
    assert lagging.short_name.tolist() == ["ANC", "SAM"]
    assert lagging.scope_gap.tolist() == [30.0, 20.0]
    assert lagging.abp_gap.tolist() == pytest.approx([70 / 3, 20.0])
    assert lagging.blocks_reporting.tolist() == [2, 2]


def test_an_indicator_at_target_everywhere_does_not_lag():
    reached = {"B1": [100.0, 10.0], "B2": [100.0, 0.0], "B3": [100.0, 0.0]}
    assert content.lagging_indicators(_hand_review(reached), ["B1", "B2"]).short_name.tolist() == ["SAM"]


def test_biggest_movers_count_gains_in_the_good_direction():
    movers = content.biggest_movers(_hand_review(NOW, BEFORE), ["B1", "B2"])
    # B1: ANC 70 -> 80 (+10), SAM 15 -> 10 (a fall in a lower-is-better rate: +5); B2: ANC 65 -> 60 (-5)
    assert list(zip(movers.unit_id, movers.short_name, movers.gain, strict=True)) == [
        ("B1", "ANC", 10.0),
        ("B1", "SAM", 5.0),
        ("B2", "ANC", -5.0),
    ]
    assert content.biggest_movers(_hand_review(NOW, BEFORE), ["B1", "B2"], top=1).gain.tolist() == [10.0, -5.0]
    assert content.biggest_movers(_hand_review(NOW), ["B1"]).empty  # no earlier period: no moves


def _mirrored(values: list[float]) -> dict:
    return {f"B{i + 1}": [v, 100.0 - v] for i, v in enumerate(values)}


TENTHS = st.lists(st.integers(0, 1000).map(lambda tenths: tenths / 10), min_size=3, max_size=3)


@given(TENTHS, TENTHS)
def test_mirroring_an_indicator_leaves_its_gaps_and_moves_unchanged(now, before):
    """A higher-is-better value v with target 100 is the same distance from target as a
    lower-is-better value 100 - v with target 0; so is every move."""
    review = _hand_review(_mirrored(now), _mirrored(before))
    gaps = content.lagging_indicators(review, ["B1", "B2"], top=2).set_index("short_name")
    if len(gaps) == 2:
        assert gaps.scope_gap["ANC"] == pytest.approx(gaps.scope_gap["SAM"], abs=1e-9)
    moves = content.biggest_movers(review, ["B1", "B2", "B3"], top=6)
    by_indicator = {name: sorted(group.gain) for name, group in moves.groupby("short_name")}
    assert by_indicator.get("ANC", []) == pytest.approx(by_indicator.get("SAM", []), abs=1e-9)


def test_scope_names_and_ids_resolve_and_unknown_ones_are_refused():
    review = _hand_review(NOW)
    assert content.district_id(review, "nalanda") == "D2"
    assert content.block_id(review, "B2") == "B2"
    with pytest.raises(ValueError, match="no aspirational district 'Patna'.*D1 \\(Gaya\\)"):
        content.district_id(review, "Patna")


# ------------------------------------------------------------------ the demo: PDF and PPTX


@pytest.fixture(scope="module")
def demo(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    yield con, content.review(con)
    con.close()


def _engine_table(con, period: date) -> pd.DataFrame:
    """The official ranking as the profile page computes it, independently of lib.report."""
    compared = overview.comparison_period(period, queries.periods(con))
    return ranking_table(con, official_default(period, compared))


def _district_with_blocks(review: content.Review, at_least: int = 3) -> str:
    sizes = review.table.groupby("district_id").size()
    return sizes[sizes >= at_least].index[0]


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_card_says_what_the_engine_says(demo):
    con, review = demo
    engine = _engine_table(con, review.period).set_index("unit_id")
    block_id = engine.sort_values("rank").index[7]
    [text] = _pdf_pages(card_pdf.cards_pdf(con, review, [block_id]))
    row = engine.loc[block_id]
    assert row.unit_name in text and "SYNTHETIC DEMO DATA" in text
    assert f"{int(row['rank'])} of {int(engine['rank'].notna().sum())}" in text
    assert f"\n{row.composite:.1f}\n" in text  # the composite, one decimal, on its own line
    kpis = profile.indicator_table(con, block_id, review.period, review.baseline).dropna(subset=["value"])
    lines = text.splitlines()
    for kpi in kpis[kpis.short_name.str.len() < 22].head(3).itertuples():
        line = next(line for line in lines if line.startswith(kpi.short_name + " "))
        assert f" {kpi.value:.1f} " in line, line  # the KPI row shows the block's value now


def test_a_districts_cards_come_one_page_each_in_rank_order(demo):
    con, review = demo
    district = _district_with_blocks(review)
    engine = _engine_table(con, review.period)
    expected = engine[engine.district_id == district].sort_values(["rank", "unit_name"]).unit_name.tolist()
    steps = []
    pages = _pdf_pages(
        card_pdf.cards_pdf(
            con, review, content.ranked_blocks(review, district=district).unit_id, lambda *step: steps.append(step)
        )
    )
    assert len(pages) == len(expected)
    assert [fraction for fraction, _ in steps] == [i / len(expected) for i in range(len(expected))] + [1.0]
    assert [next(name for name in expected if f"\n{name}\n" in page) for page in pages] == expected


def test_a_card_with_more_indicators_than_fit_continues_on_a_second_page(demo):
    con, review = demo
    card = content.block_card(con, review, review.table.unit_id.iloc[0])
    many = pd.concat(
        [
            card.indicators.assign(
                indicator_id=card.indicators.indicator_id + f"_{copy}",  # ids unknown to the catalogue: own names
                short_name=card.indicators.short_name + f" #{copy}",
            )
            for copy in range(3)
        ],
        ignore_index=True,
    )  # 117 rows: more than one page's table holds
    pdf = card_pdf.new_document("test")
    card_pdf._card_pages(pdf, content.BlockCard(**{**card.__dict__, "indicators": many}), review)
    text = "\n".join(_pdf_pages(bytes(pdf.output())))
    assert len(PdfReader(io.BytesIO(bytes(pdf.output()))).pages) >= 2
    shown = set(re.findall(r"#\d", text))
    assert shown == {"#0", "#1", "#2"} and all(f"{name} " in text for name in many.short_name.head(5))
    assert sum(text.count(name + " ") for name in many.short_name) >= len(many)  # no row lost


def test_the_district_deck_ranks_blocks_as_the_engine_does(demo):
    con, review = demo
    district = _district_with_blocks(review)
    engine = _engine_table(con, review.period)
    ranked = engine[engine.district_id == district].sort_values(["rank", "unit_name"])
    slides = list(Presentation(io.BytesIO(deck.district_deck(con, review, district))).slides)
    assert len(slides) == 1 + 1 + len(ranked) + 3  # title, ranking, blocks, lagging, movers, actions
    table = next(shape.table for shape in slides[1].shapes if shape.has_table)
    assert [table.cell(i, 1).text for i in range(1, len(table.rows))] == ranked.unit_name.tolist()
    assert [table.cell(i, 2).text for i in range(1, len(table.rows))] == [figure(v) for v in ranked.composite]
    for slide in slides[2 : 2 + len(ranked)]:
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == 1 and pictures[0].image.size[0] >= 1200  # projector resolution
    texts = " ".join(shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame)
    assert "SYNTHETIC DEMO DATA" in texts


def test_the_state_deck_has_a_slide_per_district(demo):
    con, review = demo
    state = review.table.state_id.value_counts().index[-1]  # a small state keeps the test quick
    districts = review.table[review.table.state_id == state].district_id.nunique()
    slides = list(Presentation(io.BytesIO(deck.state_deck(con, review, state))).slides)
    assert len(slides) == 1 + -(-districts // 12) + districts + 3


# ------------------------------------------------------------------ CLI


def test_cli_writes_a_card_and_refuses_bad_input_without_writing(demo_db, tmp_path, capsys):
    out = tmp_path / "card.pdf"
    with duckdb.connect(str(demo_db), read_only=True) as con:
        review = content.review(con)
    block = review.table.sort_values("rank").iloc[0]
    assert main(["report", "card", "--block", str(block.lgd_code), "--out", str(out), "--db", str(demo_db)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and block.unit_name in _pdf_pages(out.read_bytes())[0]
    assert f"for {label(review.period)}" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "card.pdf"
    assert main(["report", "card", "--block", "B900001", "--out", str(missing), "--db", str(demo_db)]) == 2
    assert "folder" in capsys.readouterr().err and not missing.parent.exists()
    bad = tmp_path / "bad.pdf"
    assert main(["report", "deck", "--district", "Atlantis", "--out", str(bad), "--db", str(demo_db)]) == 2
    assert "no aspirational district 'Atlantis'" in capsys.readouterr().err and not bad.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["card.pdf"]  # no temporary file left behind


def test_a_hindi_card_speaks_hindi_with_the_engines_numbers(demo):
    con, review = demo
    engine = _engine_table(con, review.period).set_index("unit_id")
    block_id = engine.sort_values("rank").index[3]
    [text] = _pdf_pages(card_pdf.cards_pdf(con, review, [block_id], lang="hi"))
    row = engine.loc[block_id]
    ranked = int(engine["rank"].notna().sum())
    assert "समग्र स्कोर" in text and "डेल्टा रैंक" in text  # headings in Hindi
    assert f"{ranked} में {int(row['rank'])}" in text and f"\n{row.composite:.1f}\n" in text  # international digits
    assert "संस्थागत प्रसव" in text  # a KPI by its Hindi name from the catalogue
    assert "Every indicator" not in text and "Composite score" not in text
    assert "Institutional deliveries" not in text


def test_a_hindi_deck_names_its_slides_in_hindi_and_asks_for_a_devanagari_font(demo):
    con, review = demo
    district = _district_with_blocks(review)
    slides = list(Presentation(io.BytesIO(deck.district_deck(con, review, district, lang="hi"))).slides)
    titles = [slide.shapes[0].text_frame.text for slide in slides]
    assert titles[0].startswith("ज़िला समीक्षा: ") and titles[1] == "ब्लॉकों की रैंकिंग"
    assert titles[-1] == "तय की गई कार्रवाइयां"
    runs = [
        run for shape in slides[2].shapes if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs
    ]
    assert runs and all(run._r.rPr.find(qn("a:cs")).get("typeface") == "Noto Sans Devanagari" for run in runs)
