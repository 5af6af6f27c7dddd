"""The map as a picture, rendered on the server (Vega-Lite through vl-convert, like every chart image): title,
the filters and n, the points or areas in the map's colours, the legend, the name labels that fit, and source
and date below. No browser and no tiles are needed, so it works offline.

Built from the map's own layer data (geo.mapbuilder), so the picture shows what the page shows.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import shapely

from data.formatting import number, sample_mark
from data.model import ANSWERED
from exports.images import chart_png
from geo.palette import POINT_STATUS

WIDTH = 900  # px of the picture (times the scale)
MAP_HEIGHT = 980  # the state is taller than wide
LABEL_ZOOM = 8.25  # the labels drawn on the screen map at about this zoom (geo.labels: none overlap there)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str


def _text(fragment: str) -> str:
    """Plain text of an escaped HTML fragment (the map's labels are built as HTML)."""
    return html.unescape(_TAGS.sub("", fragment)).strip()


def _labels(icons: list[dict], zoom: float) -> list[dict]:
    return [{"lat": i["lat"], "lon": i["lon"], "name": _text(i["html"])}
            for i in icons if isinstance(i.get("minZoom"), (int, float)) and i["minZoom"] <= zoom]


def _venues(icons: list[dict]) -> list[dict]:
    return [{"lat": i["lat"], "lon": i["lon"], "numbers": _text(i["html"])}
            for i in icons if "workshop-ort" in i.get("html", "")]


def _legend_encoding(items: list[LegendItem], title: str, symbol: str = "circle") -> dict:
    return {"field": "legend", "type": "nominal", "title": title,
            "scale": {"domain": [i.label for i in items], "range": [i.colour for i in items]},
            "legend": {"orient": "bottom", "columns": 2, "labelLimit": 420, "symbolStrokeColor": "#333333",
                       "symbolStrokeWidth": 0.5, "titleLimit": 860, "symbolType": symbol}}


def _geo(extra: dict | None = None) -> dict:
    return {"longitude": {"field": "lon", "type": "quantitative"}, "latitude": {"field": "lat", "type": "quantitative"},
            **(extra or {})}


def _venue_layers() -> list[dict]:
    """The workshop numbers above and left of their place, white on a dark patch (a wide dark outline of the
    same text, drawn first), as on the screen map."""
    where = {"align": "right", "baseline": "bottom", "dx": -5, "dy": -5, "fontSize": 12, "fontWeight": "bold"}
    return [
        {"data": {"name": "venues"}, "mark": {"type": "text", **where, "color": "#1b1b1b", "stroke": "#1b1b1b",
                                              "strokeWidth": 11, "strokeJoin": "round"},
         "encoding": _geo({"text": {"field": "numbers"}})},
        {"data": {"name": "venues"}, "mark": {"type": "text", **where, "color": "#ffffff"},
         "encoding": _geo({"text": {"field": "numbers"}})},
    ]


def _label_layers() -> list[dict]:
    """Names right of their points, on a white halo."""
    where = {"align": "left", "baseline": "middle", "dx": 7, "fontSize": 11, "fontWeight": "bold"}
    return [
        {"data": {"name": "labels"}, "mark": {"type": "text", **where, "color": "#ffffff", "stroke": "#ffffff",
                                              "strokeWidth": 3, "strokeJoin": "round"},
         "encoding": _geo({"text": {"field": "name"}})},
        {"data": {"name": "labels"}, "mark": {"type": "text", **where, "color": "#333333"},
         "encoding": _geo({"text": {"field": "name"}})},
    ]


def _outline_layer(ring) -> dict:
    """The dashed outline around the seats (geo.outline), clockwise as d3-geo wants a polygon's outer ring."""
    coords = [[lon, lat] for lat, lon in ring]
    if shapely.LinearRing(coords).is_ccw:
        coords.reverse()
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [coords]}, "properties": {}}
    return {"data": {"values": [feature]},
            "mark": {"type": "geoshape", "fill": "#eef1f5", "stroke": "#6b7280", "strokeWidth": 1.5,
                     "strokeDash": [6, 5]}}


def point_map_spec(points: list[dict], icons: list[dict], legend: list[LegendItem], legend_title: str,
                   height: int = MAP_HEIGHT, label_zoom: float = LABEL_ZOOM, outline=()) -> dict:
    """The point map: `points`, `icons` and the seats' `outline` as geo.mapbuilder.MapData holds them."""
    colours = {i.colour.lower(): i.label for i in legend}
    rows = []
    for p in points:
        style = p["style"]
        fill = str(style.get("fillColor", "")).lower()
        rows.append({"lat": p["lat"], "lon": p["lon"], "legend": colours.get(fill, "nicht in der Auswahl"),
                     "area": round(float(style.get("radius", 3)) ** 2 * 3.14159 * 1.6, 1),
                     "faded": 0.35 if "ausgeblendet" in style.get("className", "") else 0.9,
                     "selected": style.get("weight", 1) >= 3})
    items = legend + ([LegendItem("nicht in der Auswahl", "#D0D0D0")]
                      if any(r["legend"] == "nicht in der Auswahl" for r in rows) else [])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "height": height,
        "projection": {"type": "mercator"},
        "datasets": {"points": rows, "labels": _labels(icons, label_zoom), "venues": _venues(icons)},
        "layer": [
            *([_outline_layer(outline)] if outline else []),
            {"data": {"name": "points"},
             "mark": {"type": "circle", "stroke": "#333333", "strokeWidth": 0.6},
             "encoding": {**_geo(),
                          "size": {"field": "area", "type": "quantitative", "scale": None, "legend": None},
                          "opacity": {"field": "faded", "type": "quantitative", "scale": None, "legend": None},
                          "strokeWidth": {"condition": {"test": "datum.selected", "value": 3}, "value": 0.6},
                          "color": _legend_encoding(items, legend_title)}},
            *_label_layers(),
            *_venue_layers(),
        ],
        "config": {"view": {"stroke": None}},
    }


def area_map_spec(gemeinden: dict, kreise: dict, land: dict | None, fills: dict[str, str], level: str,
                  icons: list[dict], legend: list[LegendItem], legend_title: str, height: int = MAP_HEIGHT,
                  label_zoom: float = LABEL_ZOOM) -> dict:
    """The area map: boundary GeoJSON (imported, geo.store), the fill colour per area key of the colouring
    and its legend. `level` "gemeinden" or "kreise" says which areas carry the colour."""
    labels = {i.colour.lower(): i.label for i in legend}
    coloured = kreise if level == "kreise" else gemeinden
    features = []
    extra: dict[str, str] = {}
    for f in coloured.get("features", []):
        key = f["properties"]["key"]
        fill = fills.get(key, "#E0E0E0")
        label = labels.get(fill.lower())
        if label is None:
            label = "ohne Wert"
            extra[label] = fill
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": {"key": key, "legend": label}})
    items = legend + [LegendItem(k, v) for k, v in extra.items()]
    layers: list[dict] = []
    if land and land.get("features"):
        layers.append({"data": {"values": land["features"]}, "mark": {"type": "geoshape", "fill": "#f4f6f8",
                                                                     "stroke": "#1b1b1b", "strokeWidth": 2.4}})
    layers.append({"data": {"values": features, "format": {"type": "json"}},
                   "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
                   "encoding": {"color": {**_legend_encoding(items, legend_title, "square"),
                                          "field": "properties.legend"}}})
    if level != "kreise":
        layers.append({"data": {"values": kreise.get("features", [])},
                       "mark": {"type": "geoshape", "filled": False, "stroke": "#1b1b1b", "strokeWidth": 1.6}})
    layers += [*_label_layers(), *_venue_layers()]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "height": height,
        "projection": {"type": "mercator"},
        "datasets": {"labels": _labels(icons, label_zoom), "venues": _venues(icons)},
        "layer": layers,
        "config": {"view": {"stroke": None}},
    }


VENUE_NOTE = "Schwarze Marken: Orte der Workshops, mit ihrer Nummer"
OUTLINE_NOTE = "Gestrichelt: Umriss um die Gemeindesitze (keine amtliche Grenze)"


def map_png(spec: dict, *, title: str, subtitle_lines: list[str], footer: str, scale: float = 2.0) -> bytes:
    """The picture: title and n lines above, the map with its legend, source and date below."""
    return chart_png(spec, title=title, subtitle_lines=subtitle_lines, footer=footer, scale=scale, width=WIDTH)


def participant_map_png(data, *, title: str, subtitle_lines: list[str], footer: str) -> bytes:
    """The point map (geo.mapbuilder.MapData) as a picture, with the screen legend's entries and counts."""
    shown = getattr(data, "questionnaire", True)  # False: nobody's questionnaire may be named (data.disclosure)
    items = [LegendItem(f"{'Nicht angemeldet' if key == 'none' and not shown else label}"
                        f"{sample_mark(data.sample_data and key in ANSWERED, 'paren')}: "
                        f"{number(data.counts.by_status.get(key, 0))}", colour)
             for key, (colour, label) in POINT_STATUS.items() if shown or key not in ANSWERED]
    outline = getattr(data, "outline", ())
    spec = point_map_spec(data.points, data.icons, items, "Beteiligung an der Workshopreihe (Punktgröße nach "
                                                           "Einwohnerzahl)", outline=outline)
    notes = [VENUE_NOTE] + ([OUTLINE_NOTE] if outline else [])
    return map_png(spec, title=title, subtitle_lines=[*subtitle_lines, *notes], footer=footer)


def area_map_png(boundaries, data, colouring, *, title: str, subtitle_lines: list[str], footer: str) -> bytes:
    """The area map (geo.mapbuilder.AreaMapData with its geo.choropleth.Colouring) as a picture."""
    items = [LegendItem(e.label + ("" if e.count is None else f": {number(e.count)}"), e.colour)
             for e in colouring.legend]
    spec = area_map_spec(boundaries.gemeinden, boundaries.kreise, boundaries.land, colouring.fill, colouring.level,
                         data.icons, items, colouring.title)
    notes = [VENUE_NOTE] + ([colouring.note] if colouring.note else [])
    return map_png(spec, title=title, subtitle_lines=[*subtitle_lines, *notes], footer=footer)


__all__ = ["LegendItem", "area_map_png", "area_map_spec", "map_png", "participant_map_png", "point_map_spec"]
