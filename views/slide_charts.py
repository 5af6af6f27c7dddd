"""Chart specs for slides (Vega-Lite dicts with JSON data), readable from the back of a room.

Every chart fills the size it is given: `"container"` on screen (the page sizes the container from the
viewport), fixed pixels in exports. Text is at least views.slide_style.MIN_TEXT_PX, an axis has at most five
ticks, stacked segments carry their values, colours keep 3:1 against white. The map slide is a chart too
(district areas, or municipality points when no boundaries are imported): projected to fit the whole state into
any size, with its legend beside the map, never on it, and district labels placed so that none overlap.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from data.formatting import VEGA_LOCALE, number, percent
from views import slide_style as style

WRAP_CHARS = 26  # answer texts beside the bars break after about this many characters
FONT = "Source Sans Pro, Source Sans 3, Bitstream Vera Sans, DejaVu Sans, sans-serif"


def wrap(text: str, width: int = WRAP_CHARS) -> str:
    """Line breaks ("\\n") for a label beside a bar; Vega draws each line (lineBreak)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False) or [""])


# Altair's schema validation costs more than building the chart; the unit tests validate every slide chart
# (VALIDATE switched on there), the app and the exports build them without it.
VALIDATE = False


def _configure(chart: alt.TopLevelMixin, width: Any, height: Any) -> dict:
    chart = chart.properties(width=width, height=height)
    chart = chart.configure(locale=VEGA_LOCALE, font=globals()["FONT"], background=style.BACKGROUND, lineBreak="\n",
                            autosize=alt.AutoSizeParams(type="fit", contains="padding"),
                            padding={"left": 12, "right": 24, "top": 8, "bottom": 4})
    chart = chart.configure_axis(labelFontSize=style.LABEL_PX, titleFontSize=style.SMALL_PX, labelColor=style.INK,
                                 titleColor=style.MUTED_INK, domainColor=style.AXIS, tickColor=style.AXIS,
                                 grid=False, labelLineHeight=style.LABEL_PX + 4)
    chart = chart.configure_legend(labelFontSize=style.LABEL_PX, titleFontSize=style.SMALL_PX,
                                   labelColor=style.INK, titleColor=style.MUTED_INK, symbolSize=400,
                                   labelLimit=700)
    chart = chart.configure_view(stroke=None).configure_text(fontSize=style.VALUE_PX, color=style.INK)
    return chart.to_dict(validate=VALIDATE)


# --- one question: a bar per answer ---------------------------------------------------------------------

def question_bars(table: pd.DataFrame, *, multi: bool, description: str, width: Any = "container",
                  height: Any = "container") -> dict:
    """Horizontal bars: share of answering units per option, answers beside the bars (wrapped), the share
    and count at each bar's end, an axis with five ticks (0 to 100 %)."""
    t = pd.DataFrame({
        "option": [str(o) for o in table["option"]],
        "share": [float(s) for s in table["share"]],
        "count": [int(c) for c in table["count"]],
    })
    t["answer"] = [wrap(o) for o in t["option"]]
    t["value"] = [f"{percent(s)} ({number(c)})" for s, c in zip(t["share"], t["count"], strict=False)]
    order = list(t["answer"])
    y = alt.Y("answer:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=620, labelPadding=14, ticks=False, domain=False,
                            labelExpr="split(datum.label, '\\n')"),
              scale=alt.Scale(paddingInner=0.35, paddingOuter=0.2))
    x = alt.X("share:Q", scale=alt.Scale(domain=[0, 1]),
              title="Anteil der antwortenden Kommunen" + (" (Mehrfachnennung)" if multi else ""),
              axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1], grid=True, gridColor="#d9d9d9",
                            labelFontSize=style.SMALL_PX))
    base = alt.Chart(t).encode(y=y, tooltip=[alt.Tooltip("option:N", title="Antwort"),
                                             alt.Tooltip("value:N", title="Anteil (Anzahl)")])
    bars = base.mark_bar(color=style.PRIMARY, cornerRadiusEnd=4).encode(x=x)
    values = base.mark_text(align="left", dx=10, fontWeight="bold", fontSize=style.VALUE_PX).encode(
        x=alt.X("share:Q"), text="value:N")
    return _configure((bars + values).properties(description=description), width, height)


# --- one question by size class: 100 % stacked bars with the values on the segments -------------------

def size_breakdown(table: pd.DataFrame, options: Sequence[str], *, description: str, width: Any = "container",
                   height: Any = "container") -> dict:
    """One 100 % bar per size-class group (data.survey.breakdown_by_size), each segment with its share
    written on it (white, bold); hidden groups appear as a line of text, never as numbers."""
    options = [str(o) for o in options]
    colours = style.ordinal_colours(len(options))
    rows, notes = [], []
    for group, part in table.groupby("size_class", sort=False):
        n = int(part["n"].iloc[0]) if len(part) else 0
        label = wrap(f"{group} (n = {number(n)})" if n else str(group), 22)
        if not bool(part["shown"].iloc[0]):
            notes.append({"group": label, "reason": f"nicht ausgewiesen: {part['reason'].iloc[0]}"})
            continue
        start = 0.0
        for option in options:
            row = part[part["option"] == option]
            share = float(row["share"].iloc[0]) if len(row) else 0.0
            count = int(row["count"].iloc[0]) if len(row) else 0
            rows.append({"group": label, "option": option, "start": start, "end": start + share,
                         "mid": start + share / 2, "share": share, "count": count,
                         "value": percent(share) if share >= 0.08 else "",
                         "tip": f"{option}: {percent(share)} ({number(count)})"})
            start += share
    groups = list(dict.fromkeys([r["group"] for r in rows] + [n["group"] for n in notes]))
    y = alt.Y("group:N", sort=groups, title=None, scale=alt.Scale(domain=groups, paddingInner=0.3,
                                                                  paddingOuter=0.15),
              axis=alt.Axis(labelLimit=420, labelPadding=14, ticks=False, domain=False,
                            labelExpr="split(datum.label, '\\n')"))
    colour = alt.Color("option:N", sort=options, title=None,
                       scale=alt.Scale(domain=options, range=colours),
                       legend=alt.Legend(orient="top", direction="horizontal", columns=min(len(options), 3),
                                         symbolType="square"))
    data = pd.DataFrame(rows, columns=["group", "option", "start", "end", "mid", "share", "count", "value", "tip"])
    x = alt.X("start:Q", scale=alt.Scale(domain=[0, 1]), title="Anteil der antwortenden Kommunen",
              axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1], labelFontSize=style.SMALL_PX))
    bars = alt.Chart(data).mark_bar(stroke=style.BACKGROUND, strokeWidth=2).encode(
        y=y, x=x, x2="end:Q", color=colour, tooltip=[alt.Tooltip("tip:N", title="Antwort")])
    values = alt.Chart(data).mark_text(fontWeight="bold", color=style.BACKGROUND, fontSize=style.VALUE_PX).encode(
        y=y, x=alt.X("mid:Q"), text="value:N")
    layers = [bars, values]
    if notes:
        hidden = alt.Chart(pd.DataFrame(notes)).mark_text(align="left", fontSize=style.SMALL_PX, fontStyle="italic",
                                                          color=style.MUTED_INK, x=0).encode(y=y, text="reason:N")
        layers.append(hidden)
    return _configure(alt.layer(*layers).properties(description=description), width, height)


# --- the map: districts coloured by an answer's share ---------------------------------------------------

@dataclass(frozen=True)
class DistrictShare:
    key: str
    name: str
    share: float | None  # None: not shown (too few answers)
    n: int  # answering units (only used to tell "keine Antworten" from "zu wenige")


def share_labels() -> list[str]:
    breaks = list(style.SHARE_BREAKS) + [1.0]
    out = []
    for i, lower in enumerate(style.SHARE_BREAKS):
        upper = breaks[i + 1]
        out.append(f"{percent(lower)} bis {'unter ' if i + 1 < len(style.SHARE_BREAKS) else ''}{percent(upper)}")
    return out


NOT_SHOWN = "zu wenige Antworten"


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lonlat(x: float, y: float) -> tuple[float, float]:
    return math.degrees(x), math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _text_box(x: float, y: float, lines: Sequence[str], px: float, font_px: float) -> tuple[float, float, float,
                                                                                           float]:
    """A label's box in projected units (x right, y up) at `px` pixels per unit, centred on (x, y)."""
    w = max(len(line) for line in lines) * font_px * 0.6 / px
    h = len(lines) * (font_px + 2) / px
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def _overlaps(a, b, gap: float) -> bool:
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1])


# Map heights (px) at which labels are placed: a label appears from the smallest of them at which it fits.
LABEL_HEIGHTS = (360, 460, 580, 720, 900)


def map_scale(extent: tuple[float, float, float, float], size_px: tuple[float, float]) -> float:
    """Pixels per projected unit when the extent is fitted into size_px (as Vega's projection fit does)."""
    west, south, east, north = extent
    x0, y0 = _mercator(west, south)
    x1, y1 = _mercator(east, north)
    return min(size_px[0] / max(x1 - x0, 1e-9), size_px[1] / max(y1 - y0, 1e-9))


def place_labels(anchors: Sequence[dict], extent: tuple[float, float, float, float],
                 heights: Sequence[int] = LABEL_HEIGHTS, font_px: float = style.MAP_LABEL_PX) -> list[dict]:
    """Labels that never overlap, however large the map is drawn.

    `anchors`: dicts with lon, lat, lines (label lines), priority (higher first) and optionally `forms` (shorter
    alternatives to `lines`, tried in order) and `inside`, a function (lon, lat) -> bool that a moved label's centre
    must satisfy (it stays on its own district). For each map height, smallest first, every label not yet placed
    tries its anchor, then just above, below, left and right of it, in each of its forms. A label keeps the place
    and form it got at the smallest height where it fitted, and carries that scale as `min_scale` (pixels per
    projected unit): shown only when the map is drawn at least that large. Labels only shrink relative to the map
    as it grows, so at any size the labels shown do not overlap."""
    placed: list[tuple[tuple, dict]] = []
    out: list[dict] = []
    remaining = sorted(anchors, key=lambda a: -a["priority"])
    for height in heights:
        px = map_scale(extent, (height * 4, height))  # a slide's map is limited by its height
        boxes = [(_text_box(lab["_x"], lab["_y"], lab["lines"], px, font_px), lab) for _, lab in placed]
        still = []
        for a in remaining:
            x, y = _mercator(a["lon"], a["lat"])
            inside = a.get("inside")
            label = None
            for lines in a.get("forms") or (list(a["lines"]),):
                step = (len(lines) * (font_px + 2) + 6) / px
                side = (max(len(line) for line in lines) * font_px * 0.6 + 10) / px
                for dx, dy in ((0, 0), (0, step / 2), (0, -step / 2), (0, step), (0, -step), (-side / 2, 0),
                               (side / 2, 0)):
                    cx, cy = x + dx, y + dy
                    if (dx or dy) and inside is not None and not inside(*_lonlat(cx, cy)):
                        continue
                    box = _text_box(cx, cy, lines, px, font_px)
                    if any(_overlaps(box, other, 3 / px) for other, _ in boxes):
                        continue
                    lon, lat = _lonlat(cx, cy)
                    label = {k: v for k, v in a.items() if k not in ("inside", "forms")}
                    label.update(lines=lines, lon=lon, lat=lat, text="\n".join(lines), min_scale=px, _x=cx, _y=cy)
                    break
                if label:
                    break
            if label:
                boxes.append((_text_box(label["_x"], label["_y"], label["lines"], px, font_px), label))
                placed.append((None, label))
                out.append(label)
            else:
                still.append(a)
        remaining = still
    return [{k: v for k, v in lab.items() if not k.startswith("_")} for lab in out]


def _name_lines(name: str) -> list[str]:
    """A district name on one or two lines ("Jerichower\nLand", "Mansfeld-\nSüdharz")."""
    if len(name) <= 12:
        return [name]
    for sep in (" ", "-"):
        if sep in name:
            head, tail = name.split(sep, 1)
            return [head + ("-" if sep == "-" else ""), tail]
    return [name]


def district_map(districts: Sequence[DistrictShare], option: str, *, description: str,
                 areas: dict | None = None, points: pd.DataFrame | None = None, width: Any = "container",
                 height: Any = "container") -> dict:
    """The state with each district's share of `option`: district areas (`areas`: GeoJSON FeatureCollection
    with properties key and name) or, without boundaries, every municipality as a point in its district's
    colour (`points`: lon, lat, district_key). The projection fits the whole state into any size; the legend
    stands beside the map; district names (and shares) are placed without overlap (place_labels)."""
    import shapely

    by_key = {d.key: d for d in districts}
    any_hidden = any(d.share is None for d in districts)
    labels = share_labels()
    domain = labels + ([NOT_SHOWN] if any_hidden else [])
    colours = list(style.SHARE_COLOURS) + ([style.SUPPRESSED] if any_hidden else [])
    legend = alt.Legend(orient="right", symbolType="square", symbolStrokeColor=style.INK, symbolStrokeWidth=1)

    def klass(d: DistrictShare | None) -> str:
        if d is None or d.share is None:
            return NOT_SHOWN
        return labels[style.share_class(d.share)]

    def forms(d: DistrictShare) -> list[list[str]]:
        """Name and share; the name alone; the name on one line – never a cut name."""
        value = [percent(d.share)] if d.share is not None else []
        out = [_name_lines(d.name) + value, [d.name] + value, _name_lines(d.name), [d.name]]
        return [f for i, f in enumerate(out) if f not in out[:i]]

    anchors = []
    if areas is not None:
        features, bounds = [], []
        for f in areas.get("features", []):
            key = str(f.get("properties", {}).get("key", ""))
            d = by_key.get(key) or DistrictShare(key, str(f.get("properties", {}).get("name", key)), None, 0)
            geom = shapely.geometry.shape(f["geometry"])
            bounds.append(geom.bounds)
            largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
            inner = shapely.ops.polylabel(largest, 0.002) if largest.geom_type == "Polygon" else largest.centroid
            features.append({"type": "Feature", "geometry": f["geometry"],
                             "properties": {"key": key, "name": d.name, "klasse": klass(d),
                                            "wert": percent(d.share) if d.share is not None else NOT_SHOWN}})
            anchors.append({"lon": inner.x, "lat": inner.y, "priority": geom.area, "lines": forms(d)[0],
                            "forms": forms(d),
                            "inside": (lambda g: lambda lon, lat: g.contains(shapely.Point(lon, lat)))(geom)})
        extent = (min(b[0] for b in bounds), min(b[1] for b in bounds), max(b[2] for b in bounds),
                  max(b[3] for b in bounds)) if bounds else (10.5, 50.9, 13.2, 53.1)
        base = alt.Chart(alt.Data(values=features)).mark_geoshape(stroke=style.BACKGROUND, strokeWidth=1.5).encode(
            color=alt.Color("properties.klasse:N", title=f"Anteil „{option}“",
                            scale=alt.Scale(domain=domain, range=colours), legend=legend),
            tooltip=[alt.Tooltip("properties.name:N", title="Kreis"), alt.Tooltip("properties.wert:N", title="Anteil")])
    else:
        pts = points if points is not None else pd.DataFrame(columns=["lon", "lat", "district_key"])
        frame = pd.DataFrame({"lon": pts["lon"].astype(float), "lat": pts["lat"].astype(float),
                              "klasse": [klass(by_key.get(k)) for k in pts["district_key"]]})
        extent = (float(frame["lon"].min()), float(frame["lat"].min()), float(frame["lon"].max()),
                  float(frame["lat"].max())) if len(frame) else (10.5, 50.9, 13.2, 53.1)
        base = alt.Chart(frame).mark_circle(size=160, opacity=1, stroke=style.BACKGROUND, strokeWidth=0.8).encode(
            longitude="lon:Q", latitude="lat:Q",
            color=alt.Color("klasse:N", title=f"Anteil „{option}“", scale=alt.Scale(domain=domain, range=colours),
                            legend=legend))
        for key, part in pts.groupby("district_key"):
            d = by_key.get(key)
            if d is None:
                continue
            hull = shapely.MultiPoint(list(zip(part["lon"], part["lat"], strict=False))).convex_hull.buffer(0.02)
            anchors.append({"lon": float(part["lon"].mean()), "lat": float(part["lat"].mean()),
                            "priority": hull.area, "lines": forms(d)[0], "forms": forms(d),
                            "inside": (lambda g: lambda lon, lat: g.contains(shapely.Point(lon, lat)))(hull)})
    layers = [base]
    placed = place_labels(anchors, extent)
    if placed:
        x0, y0 = _mercator(extent[0], extent[1])
        x1, y1 = _mercator(extent[2], extent[3])
        frame = pd.DataFrame({"lon": [p["lon"] for p in placed], "lat": [p["lat"] for p in placed],
                              "text": [p["text"] for p in placed],
                              "min_scale": [round(p["min_scale"], 1) for p in placed]})
        # Shown from the map size at which the label was placed (the projection's scale, as Vega fits it).
        shown = alt.condition(f"min(width / {x1 - x0:.6f}, height / {y1 - y0:.6f}) >= datum.min_scale",
                              alt.value(1), alt.value(0))
        for halo in (True, False):
            mark = dict(fontSize=style.MAP_LABEL_PX, fontWeight="bold", lineHeight=style.MAP_LABEL_PX + 2)
            if halo:
                mark.update(stroke=style.BACKGROUND, strokeWidth=5, strokeJoin="round", color=style.BACKGROUND)
            else:
                mark.update(color=style.INK)
            layers.append(alt.Chart(frame).mark_text(**mark).encode(longitude="lon:Q", latitude="lat:Q",
                                                                     text="text:N", opacity=shown))
    chart = alt.layer(*layers).properties(description=description).project(type="mercator")
    return _configure(chart, width, height)


__all__ = ["DistrictShare", "district_map", "place_labels", "question_bars", "share_labels", "size_breakdown",
           "wrap"]
