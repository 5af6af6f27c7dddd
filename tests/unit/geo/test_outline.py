"""geo.outline: the outline around the seats that the point map draws without imported boundaries."""
from __future__ import annotations

import shapely

from data.loading import load_dataset
from geo.outline import seat_outline
from tests.conftest import DATA


def test_the_outline_holds_every_seat_with_room_and_stays_close():
    m = load_dataset(DATA).municipalities
    ring = seat_outline(list(m["lat"]), list(m["lon"]))
    assert ring[0] == ring[-1] and len(ring) < 400  # closed, and small enough to send
    polygon = shapely.Polygon([(lon, lat) for lat, lon in ring])
    assert polygon.is_valid
    seats = shapely.MultiPoint(list(zip(m["lon"], m["lat"])))
    assert polygon.contains(seats)
    assert all(polygon.exterior.distance(shapely.Point(x, y)) > 0.03 for x, y in zip(m["lon"], m["lat"]))  # ≈ 2+ km
    # close to the seats: well inside the seats' bounding box grown by the pad, and smaller than that box
    minx, miny, maxx, maxy = seats.bounds
    box = shapely.box(minx - 0.1, miny - 0.06, maxx + 0.1, maxy + 0.06)
    assert box.contains(polygon) and polygon.area < box.area * 0.9


def test_too_few_seats_give_no_outline():
    assert seat_outline([52.1, 52.2], [11.6, 11.7]) == []


def test_the_point_map_draws_the_outline_under_the_points_and_names_it_in_the_legend():
    import pandas as pd

    from geo.mapbuilder import OUTLINE_LABEL, build_map, map_html, participant_layers

    ds = load_dataset(DATA)
    mask = pd.Series(True, index=ds.municipalities.index)
    data = participant_layers(ds.municipalities, ds.units, ds.workshops, ds.districts, mask)
    assert len(data.outline) > 10
    html = map_html(build_map(data))
    assert '"className": "sitz-umriss"' in html and '"interactive": false' in html
    assert html.index("sitz-umriss") < html.index("gemeinde status-")  # under the points
    assert OUTLINE_LABEL in html
