"""Map labels that never collide: for each label the lowest zoom from which it is drawn.

A greedy placement by priority (larger municipalities first). In Web Mercator every distance doubles with
each zoom level while a label keeps its size in pixels, so two labels that do not overlap at one zoom do not
overlap at any larger zoom (their boxes are anchored the same way, so the set of offsets at which they
overlap is convex and contains zero). A label therefore gets the lowest zoom at which it overlaps neither a
fixed obstacle (a workshop icon) nor any label of higher priority that is drawn at that zoom – and then no
two drawn labels overlap at any zoom: fewer labels when zoomed out, more when zoomed in.

Pure functions; geo.mapbuilder hands the result to the browser, which shows a label from its zoom on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TILE = 256  # px per world width at zoom 0
FONT_SIZE = 12
LABEL_HEIGHT = 16
PADDING = 3  # px kept free around each label
# Zoom levels the map can show (zoomSnap 0.25); a label from "never" is left out.
ZOOM_STEPS = tuple(z / 4 for z in range(6 * 4, 13 * 4 + 1))
NEVER = math.inf


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels relative to an anchor point (x to the right, y downwards)."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Label:
    key: str
    text: str
    lat: float
    lon: float
    priority: float  # larger first (e.g. population)
    box: Box  # where the text is drawn, relative to the point


@dataclass(frozen=True)
class Obstacle:
    lat: float
    lon: float
    box: Box


@lru_cache(maxsize=1)
def _font() -> str:
    """Bitstream Vera Sans Bold from reportlab's package: wider than most sans-serif fonts, so a label measured
    with it is never wider on screen than measured."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "SCA-Label-Bold"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf")))
    return name


def text_width(text: str, size: float = FONT_SIZE) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, _font(), size)


def label_box(text: str, offset_px: float, size: float = FONT_SIZE) -> Box:
    """A label to the right of its point, vertically centred, starting `offset_px` from the point."""
    return Box(offset_px, -LABEL_HEIGHT / 2, offset_px + text_width(text, size) + 2, LABEL_HEIGHT / 2)


def project(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom`."""
    scale = TILE * 2 ** zoom
    x = (lon + 180.0) / 360.0 * scale
    s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def _rect(lat: float, lon: float, box: Box, zoom: float, pad: float) -> tuple[float, float, float, float]:
    x, y = project(lat, lon, zoom)
    return x + box.left - pad, y + box.top - pad, x + box.right + pad, y + box.bottom + pad


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlaps(a_lat: float, a_lon: float, a_box: Box, b_lat: float, b_lon: float, b_box: Box, zoom: float,
             pad: float = PADDING) -> bool:
    """Whether two boxes anchored at two points overlap at `zoom` (each with `pad` px of room around it)."""
    return _overlap(_rect(a_lat, a_lon, a_box, zoom, pad / 2), _rect(b_lat, b_lon, b_box, zoom, pad / 2))


def _axis(v: float, lo: float, hi: float) -> tuple[float, float]:
    """Scales s > 0 with lo < s·v < hi, as an open interval (empty: lo >= hi)."""
    if v == 0:
        return (0.0, math.inf) if lo < 0 < hi else (0.0, 0.0)
    a, b = (lo / v, hi / v) if v > 0 else (hi / v, lo / v)
    return max(a, 0.0), b


def _zoom_interval(v: tuple[float, float], a_box: Box, b_box: Box, pad: float) -> tuple[float, float]:
    # rect_a = pa + a_box and rect_b = pb + b_box overlap iff v = pb - pa lies strictly inside this range:
    sx = _axis(v[0], a_box.left - b_box.right - pad, a_box.right - b_box.left + pad)
    sy = _axis(v[1], a_box.top - b_box.bottom - pad, a_box.bottom - b_box.top + pad)
    s_lo, s_hi = max(sx[0], sy[0]), min(sx[1], sy[1])
    if s_hi <= s_lo or s_hi <= 0:
        return math.inf, -math.inf
    return (math.log2(s_lo) if s_lo > 0 else -math.inf), (math.log2(s_hi) if s_hi < math.inf else math.inf)


def overlap_zooms(a_lat: float, a_lon: float, a_box: Box, b_lat: float, b_lon: float, b_box: Box,
                  pad: float = PADDING) -> tuple[float, float]:
    """The open interval of zoom levels at which the two boxes overlap (lo >= hi: never).

    At zoom z the offset between the points is 2^z times the offset at zoom 0, so per axis the boxes
    overlap for the scales in an interval; both axes at once, for the intersection."""
    ax, ay = project(a_lat, a_lon, 0)
    bx, by = project(b_lat, b_lon, 0)
    return _zoom_interval((bx - ax, by - ay), a_box, b_box, pad)


def place(labels: list[Label], obstacles: list[Obstacle] = (), zooms: tuple[float, ...] = ZOOM_STEPS,
          pad: float = PADDING) -> dict[str, float]:
    """Label key -> lowest zoom (from `zooms`) from which it is drawn, or NEVER.

    Labels are taken by priority (ties: by key, so the result is stable). At every zoom up to the largest
    of `zooms`, the labels drawn there overlap neither each other nor an obstacle: a label waits until it
    has passed every overlap with an obstacle or with a label of higher priority that is already drawn.
    """
    top = max(zooms)
    drawn = [(project(o.lat, o.lon, 0), o.box, -math.inf) for o in obstacles]
    out: dict[str, float] = {}
    for label in sorted(labels, key=lambda lb: (-lb.priority, lb.key)):
        px, py = project(label.lat, label.lon, 0)
        need = -math.inf
        for (ox, oy), box, z_other in drawn:
            lo, hi = _zoom_interval((ox - px, oy - py), label.box, box, pad)
            # Both are drawn from max(z, z_other) on; they must not overlap anywhere from there to the top.
            if lo < hi and lo < top and z_other < hi:
                need = max(need, hi)
        chosen = next((z for z in zooms if z >= need), NEVER)
        out[label.key] = chosen
        if chosen != NEVER:
            drawn.append(((px, py), label.box, chosen))
    return out


def visible_at(min_zooms: dict[str, float], zoom: float) -> set[str]:
    """The labels drawn at `zoom`."""
    return {k for k, z in min_zooms.items() if z <= zoom}


__all__ = ["Box", "Label", "NEVER", "Obstacle", "ZOOM_STEPS", "label_box", "overlap_zooms", "overlaps", "place",
           "project", "text_width", "visible_at"]
