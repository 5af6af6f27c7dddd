"""Label placement: no two drawn labels overlap at any zoom, fewer labels when zoomed out."""
from __future__ import annotations

import itertools
import math

import pytest

from geo.labels import (
    NEVER,
    ZOOM_STEPS,
    Box,
    Label,
    Obstacle,
    label_box,
    overlap_zooms,
    overlaps,
    place,
    project,
    text_width,
    visible_at,
)
from tests.conftest import DATA


def _label(key, lat, lon, priority, text=None, offset=6.0):
    text = text or key
    return Label(key, text, lat, lon, priority, label_box(text, offset))


def _check(labels, obstacles, result, zooms=ZOOM_STEPS, pad=3):
    by_key = {lb.key: lb for lb in labels}
    for z in zooms:
        shown = sorted(visible_at(result, z))
        for a, b in itertools.combinations(shown, 2):
            la, lb = by_key[a], by_key[b]
            assert not overlaps(la.lat, la.lon, la.box, lb.lat, lb.lon, lb.box, z, pad), (a, b, z)
        for k in shown:
            lb = by_key[k]
            for o in obstacles:
                assert not overlaps(lb.lat, lb.lon, lb.box, o.lat, o.lon, o.box, z, pad), (k, z)


def test_projection_doubles_with_each_zoom():
    x0, y0 = project(52.0, 11.6, 7)
    x1, y1 = project(52.0, 11.6, 8)
    assert x1 == pytest.approx(2 * x0) and y1 == pytest.approx(2 * y0)
    assert project(0, -180, 0) == pytest.approx((0, 128))


def test_text_width_grows_with_the_text():
    assert 0 < text_width("Ilsenburg") < text_width("Lutherstadt Wittenberg")
    box = label_box("Halle (Saale)", 10)
    assert box.left == 10 and box.right > 10 + 60 and box.bottom - box.top == 16


def test_overlap_interval_matches_the_direct_check():
    a = _label("Magdeburg", 52.1313, 11.6319, 10)
    b = _label("Barleben", 52.2019, 11.6177, 1)
    lo, hi = overlap_zooms(a.lat, a.lon, a.box, b.lat, b.lon, b.box)
    assert lo < hi
    for z in [z / 8 for z in range(4 * 8, 14 * 8)]:
        expected = lo < z < hi
        assert overlaps(a.lat, a.lon, a.box, b.lat, b.lon, b.box, z) == expected, z


def test_two_close_labels_the_smaller_waits_for_more_zoom():
    big = _label("Großstadt", 52.0, 11.6, 200_000)
    small = _label("Nachbarort", 52.02, 11.62, 5_000)
    result = place([small, big])
    assert result["Großstadt"] == min(ZOOM_STEPS)
    assert min(ZOOM_STEPS) < result["Nachbarort"] < NEVER
    _check([big, small], [], result)


def test_far_apart_labels_are_all_drawn_from_the_start():
    labels = [_label("A", 51.0, 11.0, 3), _label("B", 52.5, 11.0, 2), _label("C", 51.8, 12.6, 1)]
    assert set(place(labels).values()) == {min(ZOOM_STEPS)}


def test_identical_points_the_second_is_never_drawn():
    labels = [_label("A", 52.0, 11.0, 2), _label("B", 52.0, 11.0, 1)]
    assert place(labels) == {"A": min(ZOOM_STEPS), "B": NEVER}


def test_an_obstacle_keeps_a_label_back():
    label = _label("Ort", 52.0, 11.0, 1)
    icon = Obstacle(52.0, 11.0 + 0.05, Box(-12, -8, 12, 8))  # a workshop icon just east of the point
    result = place([label], [icon])
    assert result["Ort"] > min(ZOOM_STEPS)
    _check([label], [icon], result)


def test_order_of_input_does_not_change_the_result():
    labels = [_label(f"L{i}", 52.0 + i * 0.01, 11.0 + (i % 3) * 0.02, i % 4) for i in range(12)]
    assert place(labels) == place(list(reversed(labels)))


def test_saxony_anhalt_no_collision_at_any_zoom_and_fewer_when_zoomed_out():
    from data.loading import load_dataset
    from geo.mapbuilder import radius_px

    m = load_dataset(DATA).municipalities
    radius = radius_px(m["population"])
    labels = [Label(a, n, float(la), float(lo), float(p), label_box(n, float(r) + 3))
              for a, n, la, lo, p, r in zip(m["ags"], m["name"], m["lat"], m["lon"], m["population"], radius)]
    result = place(labels)
    _check(labels, [], result)
    counts = [len(visible_at(result, z)) for z in ZOOM_STEPS]
    assert counts == sorted(counts), counts  # monotone: zooming in never hides a label
    assert counts[0] < 40 < counts[-1], counts
    # The largest towns come first.
    first = visible_at(result, 7.5)
    assert {"15003000", "15002000"} <= first  # Magdeburg, Halle (Saale)
    assert all(math.isfinite(z) or z == NEVER for z in result.values())
