"""An outline around the municipalities' seats, for the point map when no official boundaries are imported: it
gives the points a shape to sit in. It is not the state border and is never called one (the map and the page
say "Umriss um die Gemeindesitze"); the official boundaries replace it once they are imported."""
from __future__ import annotations

import math
from collections.abc import Sequence

import shapely

CONCAVITY = 0.25  # shapely.concave_hull ratio: 0 hugs the points, 1 is the convex hull
PAD_KM = 5.0  # room around the outermost seats, so their circles stay inside
KM_PER_DEGREE = 111.32


def seat_outline(lats: Sequence[float], lons: Sequence[float]) -> list[tuple[float, float]]:
    """A closed ring of (lat, lon) around every seat, PAD_KM out; [] for fewer than three seats.
    Computed in a local equirectangular plane (kilometres), so the pad is even in every direction."""
    if len(lats) < 3:
        return []
    mid = math.radians(sum(lats) / len(lats))
    kx = KM_PER_DEGREE * math.cos(mid)
    points = shapely.MultiPoint([(lon * kx, lat * KM_PER_DEGREE) for lat, lon in zip(lats, lons, strict=True)])
    hull = shapely.concave_hull(points, ratio=CONCAVITY).buffer(PAD_KM, quad_segs=4).simplify(1.0)
    if hull.geom_type == "MultiPolygon":  # never after the buffer for a state's seats; keep the largest part
        hull = max(hull.geoms, key=lambda g: g.area)
    return [(round(y / KM_PER_DEGREE, 5), round(x / kx, 5)) for x, y in hull.exterior.coords]
