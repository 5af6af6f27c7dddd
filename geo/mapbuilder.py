"""Folium maps of Saxony-Anhalt, built from tidy frames. Leaflet comes from the app (geo.assets).

Every value that reaches the map's HTML passes through geo.html.escape.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import branca.element
import folium
import jinja2
import numpy as np
import pandas as pd

from data.formatting import count_of, date_abbrev, number, plural, sample_mark
from data.model import ANSWERED, municipality_status
from geo import assets
from geo.html import escape
from geo.labels import NEVER, Box, Label, Obstacle, label_box, place
from geo.outline import seat_outline
from geo.palette import FILTERED_OUT_POINT, POINT_STATUS, UNKNOWN_AREA

CENTER = (51.95, 11.7)


@dataclass(frozen=True)
class MapLayerCounts:
    """What the legend tells: how many municipalities per status (matching the filters)."""

    by_status: dict[str, int]
    shown: int
    total: int


def radius_px(population: pd.Series) -> np.ndarray:
    """Marker radius: area proportional to population, between 3 and 16 px."""
    return np.clip(np.sqrt(population.to_numpy(dtype=float)) / 30.0, 3.0, 16.0)


def view_for_bounds(south: float, west: float, north: float, east: float, height_px: int,
                    width_px: int = 760, max_zoom: float = 11.0, padding_px: int = 30) -> tuple[tuple[float, float], float]:
    """Centre and (quarter-step) zoom that show the box in a map of the given size (Web Mercator).

    Computed here because Leaflet's fitBounds inside the streamlit-folium frame runs before the frame
    has its final size.
    """
    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dy = max(merc(north) - merc(south), 1e-6)
    dx = max(math.radians(east - west), 1e-6)
    zy = math.log2((height_px - 2 * padding_px) * 2 * math.pi / (256 * dy))
    zx = math.log2((width_px - 2 * padding_px) * 2 * math.pi / (256 * dx))
    zoom = min(max_zoom, math.floor(min(zx, zy) * 4) / 4)
    centre_lat = math.degrees(2 * math.atan(math.exp((merc(north) + merc(south)) / 2)) - math.pi / 2)
    return (centre_lat, (west + east) / 2), zoom


def base_map(height: int = 620, location=CENTER, zoom: float = 7.75) -> folium.Map:
    """An empty map without a tile basemap, loading Leaflet and our CSS from the app itself."""
    m = folium.Map(location=location, zoom_start=zoom, tiles=None, control_scale=False, prefer_canvas=False,
                   height=height, zoom_snap=0.25, zoom_delta=0.5)
    # Replace folium's CDN links (Leaflet, jQuery, Bootstrap, Font Awesome) by the app's own files.
    m.default_js = [("leaflet", assets.leaflet_js_url())]
    m.default_css = [("leaflet_css", assets.leaflet_css_url()), ("sca_map_css", assets.map_css_url())]
    return m


# The legend never covers the map: in a wide frame it stands in a column right of the map, in a narrow one
# (a phone) below it; the map's area shrinks by the legend's size. It is a <details> element, so it can be
# folded away (then the map takes the whole frame and only the "Legende" button remains). The map fits its
# bounds once its final size is known, until the user pans or zooms.
_LEGEND = jinja2.Template(
    """
{% macro html(this, kwargs) %}{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var div = L.DomUtil.create("details", "sca-legend");
  div.innerHTML = `{{ this.body }}`;
  var summary = document.createElement("summary");
  var heading = div.querySelector("h4");
  summary.appendChild(heading || document.createTextNode("Legende"));
  div.insertBefore(summary, div.firstChild);
  div.open = window.innerWidth >= {{ this.open_from }};
  document.body.appendChild(div);
  L.control.scale({imperial: false, position: "bottomleft"}).addTo(map);
  var bounds = {{ this.bounds }};
  var moved = false;
  ["mousedown", "touchstart", "wheel", "keydown"].forEach(function(type) {
    map.getContainer().addEventListener(type, function() { moved = true; }, {passive: true});
  });
  function fit() {
    if (!moved && bounds) {
      map.fitBounds(bounds, {padding: [18, 18], maxZoom: {{ this.max_zoom }}, animate: false});
    }
  }
  function layout() {
    var wide = window.innerWidth >= {{ this.wide_from }};
    document.body.classList.toggle("sca-wide", wide);
    var root = document.documentElement.style;
    root.setProperty("--sca-legend-w", (wide && div.open ? div.offsetWidth : 0) + "px");
    root.setProperty("--sca-legend-h", (wide ? 0 : div.offsetHeight) + "px");
    map.invalidateSize({animate: false});
    fit();
  }
  div.addEventListener("toggle", layout);
  window.addEventListener("resize", layout);
  layout();
})();
{% endmacro %}
"""
)

LEGEND_WIDE_FROM = 640  # px of frame width from which the legend stands beside the map
LEGEND_OPEN_FROM = 0  # frame width from which the legend starts unfolded (0: always; a phone has room below)


class Legend(branca.element.MacroElement):
    """The legend beside or below the map. `body` must be built from escaped values only; its first <h4>
    becomes the fold button. `bounds` ((south, west), (north, east)) is what the map shows first."""

    _template = _LEGEND

    def __init__(self, body: str, bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
                 max_zoom: float = 11.0):
        super().__init__()
        self._name = "Legend"
        self.body = body
        self.bounds = _script_json([list(bounds[0]), list(bounds[1])]) if bounds else "null"
        self.max_zoom = float(max_zoom)
        self.wide_from = LEGEND_WIDE_FROM
        self.open_from = LEGEND_OPEN_FROM


NOT_REGISTERED = "Nicht angemeldet"  # "none" when the questionnaire may not be shown: it says nothing about it


def status_label(status: str, questionnaire: bool = True) -> str:
    return NOT_REGISTERED if status == "none" and not questionnaire else POINT_STATUS[status][1]


def legend_body(counts: MapLayerCounts, sample_data: bool, venues: int, questionnaire: bool = True,
                outline: bool = False) -> str:
    rows = ["<h4>Beteiligung an der Workshopreihe</h4>"]
    for key, (colour, _) in POINT_STATUS.items():
        if not questionnaire and key in ANSWERED:
            continue
        label = status_label(key, questionnaire)
        extra = sample_mark(sample_data and key in ANSWERED, "paren")
        rows.append(
            f'<div><span class="swatch" style="background:{escape(colour)}"></span>{escape(label + extra)}: '
            f"{escape(number(counts.by_status.get(key, 0)))}</div>"
        )
    rows.append(f'<div><span class="venue">1</span>Workshop-Ort ({escape(number(venues))})</div>')
    if outline:
        rows.append(f'<div><span class="swatch umriss"></span>{escape(OUTLINE_LABEL)}</div>')
    if not questionnaire:
        rows.append("<small>Fragebögen nur zusammengefasst (Seite Umfrage)</small><br>")
    matching = count_of(counts.shown, counts.total, "Gemeinden", "Gemeinde")
    rows.append(f"<small>Punktgröße nach Einwohnerzahl · {escape(matching)} "
                f"{plural(counts.shown, 'entspricht', 'entsprechen')} den Filtern</small>")
    return "".join(rows)


def tooltip_html(row, status: str, unit_name: str | None, sample_data: bool, workshops_here: tuple[str, ...] = (),
                 questionnaire: bool = True) -> str:
    """Tooltip of one municipality; `row` is a mapping with name, district_name, population, size_class.
    `workshops_here`: the workshops held in it (the venue icons take no pointer, so the tooltip tells).
    `questionnaire` False: the status says nothing about the questionnaire (data.disclosure)."""
    label = status_label(status, questionnaire) + sample_mark(sample_data and status in ANSWERED, "paren")
    lines = [
        f"<b>{escape(row['name'])}</b>",
        f"{escape(row['district_name'])}",
        f"{escape(number(row['population']))} Einwohner · {escape(row['size_class'])}",
    ]
    if unit_name:
        lines.append(f"Teil der {escape(unit_name)} ({escape(row['unit_size_class'])})")
    lines.append(f"Beteiligung: {escape(label)}")
    lines += [f"Workshop {escape(w)}" for w in workshops_here]
    return '<div class="sca-tip">' + "<br>".join(lines) + "</div>"


def workshops_by_venue(workshops: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """AGS of the venue's municipality -> "4. Verkehr und Mobilität (14. Sep. 2023)" per workshop held there."""
    out: dict[str, list[str]] = {}
    for w in workshops.sort_values("number").itertuples():
        out.setdefault(str(w.venue_ags), []).append(f"{w.number}. {w.title} ({date_abbrev(w.date)})")
    return {k: tuple(v) for k, v in out.items()}


def focus_bounds(municipalities: pd.DataFrame, mask: pd.Series) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of the municipalities that match the filters (all if none does)."""
    focus = municipalities[mask] if mask.any() else municipalities
    return ((float(focus["lat"].min()), float(focus["lon"].min())),
            (float(focus["lat"].max()), float(focus["lon"].max())))


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element (no "</script>" or "<!--" can form)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_POINTS = jinja2.Template(
    """
{% macro html(this, kwargs) %}{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var layer = L.featureGroup();
  // A click on a circle travels on to the map, which reports it to the app; the map's listeners share one
  // event object, and this one runs first (registered before streamlit-folium's), so the app receives the
  // centre of the circle drawn under the pointer and selects exactly that municipality.
  var snap = null;
  var icons = [];
  map.on("click", function(e) {
    if (snap) { e.latlng = snap; snap = null; return; }
    // No circle under the pointer: a click on a name label or a workshop badge means its municipality (the
    // icon's own position), not whichever seat happens to lie nearest to the pointer.
    var o = e.originalEvent;
    if (!o || typeof o.clientX !== "number") { return; }
    for (var i = icons.length - 1; i >= 0; i--) {
      var el = layer.hasLayer(icons[i]) && icons[i].getElement();
      if (!el) { continue; }
      var r = el.getBoundingClientRect();
      if (o.clientX >= r.left && o.clientX <= r.right && o.clientY >= r.top && o.clientY <= r.bottom) {
        e.latlng = icons[i].getLatLng();
        return;
      }
    }
  });
  {{ this.points }}.forEach(function(p) {
    var marker = L.circleMarker([p.lat, p.lon], p.style);
    if (p.tip) { marker.bindTooltip(p.tip, {sticky: true}); }
    marker.on("click", function() { snap = marker.getLatLng(); });
    marker.addTo(layer);
  });
  // Icons (workshop venues, name labels) never take the pointer: clicks and hovers reach the municipality
  // beneath them; a click that meets no circle goes to the icon's own municipality (above). A label with
  // minZoom is drawn from that zoom on (geo.labels: then it overlaps no other).
  var labels = [];
  {{ this.icons }}.forEach(function(p) {
    var marker = L.marker([p.lat, p.lon], {
      icon: L.divIcon({html: p.html, className: p.cls, iconSize: p.size, iconAnchor: p.anchor}),
      interactive: false, keyboard: false
    });
    icons.push(marker);
    if (typeof p.minZoom === "number") { labels.push([p.minZoom, marker]); } else { marker.addTo(layer); }
  });
  function showLabels() {
    var z = map.getZoom() + 1e-6;
    labels.forEach(function(l) {
      var shown = layer.hasLayer(l[1]);
      if (z >= l[0] && !shown) { layer.addLayer(l[1]); } else if (z < l[0] && shown) { layer.removeLayer(l[1]); }
    });
  }
  layer.addTo(map);
  showLabels();
  map.on("zoomend", showLabels);
})();
{% endmacro %}
"""
)


class PointLayer(branca.element.MacroElement):
    """Many circle markers and div icons in one script: one template instead of one per marker.

    Every text in `points` and `icons` must already be HTML-escaped (geo.html.escape); the data travels
    as script-safe JSON. Icons are never interactive; an icon with "minZoom" is drawn from that zoom on.
    """

    _template = _POINTS

    def __init__(self, points: list[dict], icons: list[dict]):
        super().__init__()
        self._name = "PointLayer"
        self.points = _script_json(points)
        self.icons = _script_json(icons)


@dataclass(frozen=True)
class MapData:
    """Everything the participant map draws, as plain data (cheap to cache and to pickle)."""

    points: list[dict]
    icons: list[dict]
    counts: MapLayerCounts
    centre: tuple[float, float]
    zoom: float
    venues: int
    sample_data: bool
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    questionnaire: bool = True  # False: no unit's questionnaire may be named (data.disclosure)
    outline: tuple[tuple[float, float], ...] = ()  # around the seats (geo.outline); drawn under the points


SELECTED_RADIUS = 9.0  # pixels: the smallest circle of a chosen municipality

OUTLINE_STYLE = {"color": "#6b7280", "weight": 1.5, "dash_array": "6 5", "fill": True, "fill_color": "#eef1f5",
                 "fill_opacity": 0.55, "class_name": "sitz-umriss"}
OUTLINE_LABEL = "Umriss um die Gemeindesitze (keine amtliche Grenze)"


def participant_layers(
    municipalities: pd.DataFrame,
    units: pd.DataFrame,
    workshops: pd.DataFrame,
    districts: pd.DataFrame,
    mask: pd.Series,
    selected: set[str] = frozenset(),
    sample_data: bool = True,
    height: int = 620,
    questionnaire: bool = True,
) -> MapData:
    """Points coloured by participation, workshop venues and name labels that never collide.

    `mask` marks the municipalities that match the filters; the others stay as light grey context.
    `selected` holds AGS or unit keys to ring in black (and to label first). `units["answered"]` must hold only
    what may be named (data.disclosure); `questionnaire` False leaves the questionnaire out of the legend.
    """
    bounds = focus_bounds(municipalities, mask)
    centre, zoom = view_for_bounds(bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1], height)
    status = municipality_status(municipalities, units)
    radius = radius_px(municipalities["population"])
    vg_names = dict(zip(units["unit_key"], units["name"]))
    here = workshops_by_venue(workshops)

    frame = municipalities.assign(map_status=status.to_numpy(), map_match=mask.to_numpy(), map_radius=radius)
    frame = frame.iloc[np.argsort(-frame["population"].to_numpy(), kind="stable")]  # small points on top
    chosen = (frame["ags"].isin(selected) | frame["unit_key"].isin(selected)).to_numpy()
    frame = pd.concat([frame[~chosen], frame[chosen]])  # the chosen ones on top of all
    points = []
    for row in frame.itertuples(index=False):
        status_key, matches = row.map_status, bool(row.map_match)
        is_selected = row.ags in selected or row.unit_key in selected
        unit_name = vg_names.get(row.unit_key) if row.unit_key != row.ags else None
        points.append({
            "lat": float(row.lat),
            "lon": float(row.lon),
            "tip": tooltip_html(row._asdict(), status_key, unit_name, sample_data, here.get(row.ags, ()),
                                questionnaire),
            "style": {
                # a chosen municipality stands out: at least SELECTED_RADIUS, ringed in black, drawn last
                "radius": round(max(float(row.map_radius) + 3, SELECTED_RADIUS) if is_selected
                                else float(row.map_radius), 2),
                "color": "#000000" if is_selected else ("#333333" if matches else "#B0B0B0"),
                "weight": 3 if is_selected else (1 if matches else 0.5),
                "fillColor": POINT_STATUS[status_key][0] if matches else FILTERED_OUT_POINT,
                "fillOpacity": 0.85 if matches else 0.35,
                "className": f"gemeinde status-{status_key}" + ("" if matches else " ausgeblendet"),
            },
        })

    venue_icons = _venue_icons(workshops)
    icons = name_labels(municipalities, venue_icons, selected, radius) + venue_icons

    matched = status[mask]
    counts = MapLayerCounts(by_status={k: int(v) for k, v in matched.value_counts().items()},
                            shown=int(mask.sum()), total=len(municipalities))
    # The legend counts places (markers), not workshops: one venue can host several workshops.
    venues = workshops.groupby(["lat", "lon"]).ngroups
    outline = tuple(seat_outline(list(municipalities["lat"]), list(municipalities["lon"])))
    return MapData(points, icons, counts, centre, zoom, venues, sample_data, bounds, questionnaire, outline)


def build_map(data: MapData, height: int = 620, basemap: str = "keine") -> folium.Map:
    """A fresh folium map from prepared layer data (a map object is never shared between sessions)."""
    m = base_map(height, data.centre, data.zoom)
    add_basemap(m, basemap)
    if data.outline:  # gives the points a shape when no boundaries are imported; takes no pointer
        outline = folium.Polygon(list(data.outline), tooltip=None, **OUTLINE_STYLE)
        outline.options["interactive"] = False  # folium's path options do not pass this Leaflet option on
        outline.add_to(m)
    PointLayer(data.points, data.icons).add_to(m)
    Legend(legend_body(data.counts, data.sample_data, data.venues, data.questionnaire, bool(data.outline)),
           data.bounds).add_to(m)
    return m


def participant_map(municipalities, units, workshops, districts, mask, selected=frozenset(), sample_data=True,
                    height: int = 620) -> tuple[folium.Map, MapLayerCounts]:
    """participant_layers + build_map in one call."""
    data = participant_layers(municipalities, units, workshops, districts, mask, selected, sample_data, height)
    return build_map(data, height), data.counts


def map_html(m: folium.Map) -> str:
    """The standalone HTML of a map, for tests and export."""
    return m.get_root().render()


# --- the area map (with imported boundaries) -------------------------------------------------------

BASEMAPS = {
    "keine": None,
    "topplus": {
        "label": "TopPlusOpen grau (BKG)",
        "url": "https://sgx.geodatenzentrum.de/wmts_topplus_open/tile/1.0.0/web_grau/default/WEBMERCATOR/{z}/{y}/{x}.png",
        "attribution": "Hintergrund: © BKG, TopPlusOpen, dl-de/by-2-0",
    },
    "osm": {
        "label": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "Hintergrund: © OpenStreetMap-Mitwirkende, ODbL",
    },
}
BASEMAP_LABELS = {"keine": "Kein Hintergrund (offline)", "topplus": "TopPlusOpen grau (BKG)", "osm": "OpenStreetMap"}

_AREAS = jinja2.Template(
    """
{% macro html(this, kwargs) %}{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var styles = {{ this.styles }};
  var tips = {{ this.tips }};
  function layer(data, name, base) {
    return L.geoJSON(data, {
      style: function(f) { return Object.assign({}, base, styles[name][f.properties.key] || {}); },
      onEachFeature: function(f, l) {
        var t = tips[name][f.properties.key];
        if (t) { l.bindTooltip(t, {sticky: true}); }
      }
    });
  }
  var geometry = {{ this.geometry }};
  var group = L.featureGroup([
    layer(geometry.gemeinden, "gemeinden", {className: "gemeinde-flaeche", weight: 0.6, color: "#ffffff",
                                              fillOpacity: 0.9}),
    layer(geometry.verbandsgemeinden, "verbandsgemeinden", {className: "verbandsgemeinde", weight: 1.6,
                                              color: "#4a4a4a", dashArray: "4 3", fill: false, interactive: false}),
    layer(geometry.kreise, "kreise", {className: "kreis", weight: 2.2, color: "#1b1b1b", fillOpacity: 0.85})
  ]);
  group.addTo(map);
})();
{% endmacro %}
"""
)


class AreaLayer(branca.element.MacroElement):
    """Municipality areas, Verbandsgemeinde outlines and districts in one script.

    `styles` and `tips` map layer name -> area key -> Leaflet style / escaped tooltip HTML.
    """

    _template = _AREAS

    def __init__(self, geometry: str, styles: dict, tips: dict):
        super().__init__()
        self._name = "AreaLayer"
        self.geometry = geometry  # a JS expression: inline JSON, or window.SCA_GRENZEN from a static file
        self.styles = _script_json(styles)
        self.tips = _script_json(tips)


def legend_html(title: str, entries, note: str = "", attribution: str = "") -> str:
    """Legend body from escaped values: title, one swatch per class with its count, note, attribution."""
    rows = [f"<h4>{escape(title)}</h4>"]
    for e in entries:
        count = "" if e.count is None else f": {escape(number(e.count))}"
        rows.append(f'<div><span class="swatch square" style="background:{escape(e.colour)}"></span>'
                    f"{escape(e.label)}{count}</div>")
    rows.append('<div><span class="venue">1</span>Workshop-Ort</div>')
    if note:
        rows.append(f"<div><small>{escape(note)}</small></div>")
    if attribution:
        rows.append(f"<div><small>Grenzen: {escape(attribution)}</small></div>")
    return "".join(rows)


@dataclass(frozen=True)
class AreaMapData:
    styles: dict
    tips: dict
    legend: str
    icons: list[dict]
    centre: tuple[float, float]
    zoom: float
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None


def area_layers(boundaries, colouring, municipalities: pd.DataFrame, districts: pd.DataFrame,
                workshops: pd.DataFrame, mask: pd.Series, selected: set[str], height: int = 620) -> AreaMapData:
    """Styles and tooltips per area for a choropleth; geometry stays in `boundaries` (shared, read-only)."""
    by_ags = municipalities.set_index("ags")
    chosen = set(municipalities.loc[municipalities["ags"].isin(selected) | municipalities["unit_key"].isin(selected),
                                    "ags"])
    styles = {"gemeinden": {}, "verbandsgemeinden": {}, "kreise": {}}
    tips = {"gemeinden": {}, "verbandsgemeinden": {}, "kreise": {}}
    on_districts = colouring.level == "kreise"
    matching = set(municipalities.loc[mask, "ags"])
    here = workshops_by_venue(workshops)
    for f in boundaries.gemeinden["features"]:
        ags = f["properties"]["key"]
        style = {}
        if on_districts:
            style = {"fill": False, "color": "#9e9e9e", "weight": 0.4}
        else:
            style["fillColor"] = colouring.fill.get(ags, UNKNOWN_AREA)
            if ags not in matching:
                style["fillOpacity"] = 0.35
        if ags in chosen:
            style.update({"color": "#000000", "weight": 3})
        styles["gemeinden"][ags] = style
        if ags in by_ags.index:
            row = by_ags.loc[ags]
            lines = [f"<b>{escape(row['name'])}</b>", escape(row["district_name"]),
                     f"{escape(number(row['population']))} Einwohner · {escape(row['unit_size_class'])}"]
            if row["unit_key"] != ags:
                lines.append(f"Teil der {escape(row['vg_name'])}")
            if not on_districts and ags in colouring.values:
                lines.append(escape(colouring.values[ags]))
            lines += [f"Workshop {escape(w)}" for w in here.get(ags, ())]
            tips["gemeinden"][ags] = '<div class="sca-tip">' + "<br>".join(lines) + "</div>"
        else:
            tips["gemeinden"][ags] = f"<b>{escape(f['properties'].get('name', ags))}</b>"
    district_names = dict(zip(districts["district_key"], districts["name"]))
    for f in boundaries.kreise["features"]:
        key = f["properties"]["key"]
        if on_districts:
            styles["kreise"][key] = {"fillColor": colouring.fill.get(key, UNKNOWN_AREA), "fill": True}
            text = colouring.values.get(key, "")
            tips["kreise"][key] = (f'<div class="sca-tip"><b>{escape(district_names.get(key, key))}</b><br>'
                                   f"{escape(text)}</div>")
        else:
            styles["kreise"][key] = {"fill": False, "interactive": False}
    bounds = focus_bounds(municipalities, mask)
    centre, zoom = view_for_bounds(bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1], height)
    venue_icons = _venue_icons(workshops)
    icons = name_labels(municipalities, venue_icons, selected) + venue_icons  # venues drawn on top
    legend = legend_html(colouring.title, colouring.legend, colouring.note, boundaries.meta.get("attribution", ""))
    return AreaMapData(styles, tips, legend, icons, centre, zoom, bounds)


def _venue_icons(workshops: pd.DataFrame) -> list[dict]:
    """One numbered icon per venue, above and left of its point: the point stays visible, and the place to
    the right stays free for the name label. Icons take no pointer; the venue municipality's tooltip names the
    workshops."""
    icons = []
    for (lat, lon), group in workshops.groupby(["lat", "lon"], sort=False):
        numbers = " · ".join(str(n) for n in group["number"])
        width = 14 + 10 * len(group)
        icons.append({"lat": float(lat), "lon": float(lon),
                      "html": f'<div class="sca-venue workshop-ort">{escape(numbers)}</div>',
                      "cls": "sca-venue-icon", "size": [width, 22], "anchor": [width + 2, 24], "tip": ""})
    return icons


def name_labels(municipalities: pd.DataFrame, obstacles: list[dict], selected: set[str] = frozenset(),
                radius: np.ndarray | None = None) -> list[dict]:
    """A name label for every municipality, each with the zoom from which it is drawn (geo.labels: none
    overlaps another or a workshop icon; the larger towns first, selected ones before all). Labels that would
    never fit are left out. `radius` (px per municipality) moves each label clear of its point."""
    offsets = (radius + 3.0) if radius is not None else np.full(len(municipalities), 6.0)
    chosen = set(selected)
    labels = []
    for (ags, name, unit, lat, lon, pop), offset in zip(
            municipalities[["ags", "name", "unit_key", "lat", "lon", "population"]].itertuples(index=False), offsets):
        priority = float(pop) + (1e12 if ags in chosen or unit in chosen else 0.0)
        labels.append(Label(ags, name, float(lat), float(lon), priority, label_box(name, float(offset))))
    blocked = [Obstacle(o["lat"], o["lon"], Box(-o["anchor"][0], -o["anchor"][1], o["size"][0] - o["anchor"][0],
                                                o["size"][1] - o["anchor"][1])) for o in obstacles]
    from_zoom = place(labels, blocked)
    return [{"lat": lb.lat, "lon": lb.lon, "html": f'<div class="sca-label">{escape(lb.text)}</div>',
             "cls": "sca-label-icon", "size": [round(lb.box.right - lb.box.left), 16],
             "anchor": [round(-lb.box.left), 8], "tip": "", "minZoom": from_zoom[lb.key]}
            for lb in labels if from_zoom[lb.key] != NEVER]


GEOMETRY_GLOBAL = "window.SCA_GRENZEN"


def geometry_json(boundaries) -> str:
    """The three boundary layers as one script-safe JSON object."""
    return _script_json({"gemeinden": boundaries.gemeinden, "verbandsgemeinden": boundaries.verbandsgemeinden,
                         "kreise": boundaries.kreise})


def geometry_script(boundaries) -> str:
    """A static JavaScript file that defines the geometry once; browsers cache it across reruns."""
    return f"{GEOMETRY_GLOBAL} = {geometry_json(boundaries)};\n"


def build_area_map(boundaries, data: AreaMapData, basemap: str = "keine", height: int = 620,
                   geometry_url: str | None = None) -> folium.Map:
    """The area map. With `geometry_url` (a file written by geometry_script and served by the app) the
    geometry is loaded once by the browser instead of travelling with every rerun."""
    m = base_map(height, data.centre, data.zoom)
    add_basemap(m, basemap)
    if geometry_url:
        m.default_js = m.default_js + [("sca_grenzen", geometry_url)]
        geometry = GEOMETRY_GLOBAL
    else:
        geometry = geometry_json(boundaries)
    AreaLayer(geometry, data.styles, data.tips).add_to(m)
    PointLayer([], data.icons).add_to(m)
    Legend(data.legend, data.bounds).add_to(m)
    return m


def add_basemap(m: folium.Map, basemap: str) -> None:
    """Only the chosen basemap's tiles are requested; "keine" adds nothing and contacts no one."""
    spec = BASEMAPS.get(basemap)
    if spec:
        folium.TileLayer(tiles=spec["url"], attr=spec["attribution"], name=spec["label"], max_zoom=18,
                         control=False).add_to(m)
