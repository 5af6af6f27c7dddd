"""Official boundaries (BKG VG250, VG250-EW and their smaller siblings) for the map: import, check, simplify,
store, restore.

    python -m geo.boundaries import PATH [--out DIR] [--min-share PERCENT]
    python -m geo.boundaries fetch [--url URL] [--out DIR]
    python -m geo.boundaries status [--out DIR]
    python -m geo.boundaries restore [--out DIR]

PATH may be the BKG zip (GeoPackage or shapefiles, "ebenen"), an unpacked folder, one of its .shp files, its
.gpkg or a GeoJSON of the municipalities. Before anything is replaced the import checks that the result makes
sense: a declared and plausible coordinate reference system, every area within Saxony-Anhalt, at least a share
(default 90 %) of the municipalities in data/municipalities.csv present, and their seats inside their areas.
The result is one file, GEO_DIR/grenzen.json (default geo/), written atomically; the file it replaces is kept
as GEO_DIR/grenzen.vorher.json, which `restore` puts back. The repository ships no boundary data.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer

from data.formatting import number, percent
from geo import safezip, store
from geo.store import (
    BACKUP_NAME,
    DEFAULT_GEO_DIR,
    FILE_NAME,
    REPO,
    RESTORE_COMMAND,
    Boundaries,
    BoundaryError,
    geo_dir_from_env,
    load,
)

STATE_PREFIX = "15"  # Saxony-Anhalt
# Saxony-Anhalt's extent in WGS84 (lon, lat; VG5000 2021: 10.561 50.934 13.187 53.042) and the margin allowed.
STATE_EXTENT = (10.56, 50.93, 13.19, 53.05)
EXTENT_MARGIN_DEG = 0.3
GERMANY_EXTENT = (5.5, 47.0, 15.5, 55.2)  # for guessing a coordinate system from a whole-Germany file
DEFAULT_MIN_SHARE = 0.9  # share of municipalities.csv that must have an area
SEAT_TOLERANCE_M = 3000  # a municipality's seat (municipalities.csv) lies in or this close to its area
# Geofaktor (GF) of the BKG's area layers. VG250 and VG1000: 1 water without structure, 2 water with structure,
# 3 land without structure, 4 land with structure – only 4 is kept, so lakes and coastal waters do not double
# the municipalities. VG250-EW, VG1000-EW and VG5000 hold only areas with structure, coded 9.
GF_LAND = 4
GF_AREAS_WITH_STRUCTURE = 9
TOLERANCE_DEG = 0.0015  # about 100 to 170 m: invisible at state scale, keeps the map payload small
PRECISION_DEG = 0.0001  # about 7 to 11 m
DEFAULT_URL = ("https://daten.gdz.bkg.bund.de/produkte/vg/vg250_ebenen_0101/aktuell/"
               "vg250_01-01.utm32s.shape.ebenen.zip")
LAYERS = ("GEM", "VWG", "KRS", "LAN")
LAYER_WORDS = {"GEM": "Gemeindeebene", "VWG": "Ebene der Verwaltungsgemeinschaften", "KRS": "Kreisebene",
               "LAN": "Landesebene"}
SHAPE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
EDITION_FILES = ("aktualitaet.txt", "aktualität.txt")
COLUMNS = ("AGS", "ARS", "GEN", "NAME", "GF", "BEZ", "EWZ")
SHAPE_LAYER = re.compile(r"^(?P<prefix>.*)_(?P<layer>GEM|VWG|KRS|LAN)$", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """Bounds on every input, checked before it is read whole."""
    max_file_bytes: int = 1 << 30  # one .gpkg, .shp/.dbf or zip
    max_geojson_bytes: int = 256 << 20  # GDAL reads a GeoJSON whole into memory
    max_features: int = 200_000  # per layer; VG250 GEM for all of Germany has about 11,000
    max_download_bytes: int = 1 << 30
    max_scan_entries: int = 10_000  # files and folders looked at in a folder given to import
    max_scan_depth: int = 6
    zip: safezip.ZipLimits = field(default_factory=safezip.ZipLimits)


# --- reading the many forms of the BKG products ----------------------------------------------------

@dataclass
class Source:
    layers: dict[str, gpd.GeoDataFrame]  # GEM (required), VWG, KRS, LAN if present
    edition: dt.date | None
    product: str
    name: str
    labels: dict[str, str] = field(default_factory=dict)  # layer -> where it was read ("VG250_GEM.shp")
    edition_from: str | None = None  # where the edition was found


def _edition_from_text(text: str) -> dt.date | None:
    for m in re.finditer(r"(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2})", text):
        try:
            if m.group(1):
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
        except ValueError:
            continue
    return None


def _child(folder: Path, names: tuple[str, ...], want_dir: bool = False) -> Path | None:
    """The entry of `folder` whose name is one of `names`, ignoring case (BKG zips vary)."""
    try:
        with os.scandir(folder) as it:
            for i, entry in enumerate(it):
                if i > 2000:
                    break
                if entry.name.lower() in names and (entry.is_dir() if want_dir else entry.is_file()):
                    return Path(entry.path)
    except OSError:
        pass
    return None


def _edition_near(data_file: Path, stop: Path | None = None) -> tuple[dt.date | None, Path | None]:
    """aktualitaet.txt beside the data, in a sibling dokumentation/ folder, or up to two folders higher –
    the BKG packs it in each of these places, depending on product and year."""
    folder = data_file.parent
    for _ in range(3):
        for place in (folder, _child(folder, ("dokumentation",), want_dir=True)):
            if place is None:
                continue
            txt = _child(place, EDITION_FILES)
            if txt is not None:
                try:
                    with txt.open("rb") as fh:
                        edition = _edition_from_text(fh.read(4096).decode("latin-1"))
                except OSError:
                    edition = None
                if edition:
                    return edition, txt
        if stop is not None and folder.resolve() == stop.resolve():
            break
        folder = folder.parent
    return None, None


def _edition_from_names(names: list[str]) -> dt.date | None:
    """Older BKG names carry the full date ("vg250_2019-01-01.utm32s.shape.ebenen")."""
    for n in names:
        m = re.search(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", n)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _product_of(names: list[str], columns: list[str] = ()) -> str:
    base = ""
    for n in names:
        m = re.search(r"(VG\d{3,4})", n, re.IGNORECASE)
        if m:
            base = m.group(1).upper()
            break
    if not base:
        return "VG"
    ew = any(re.search(r"VG\d{3,4}[-_]EW", n, re.IGNORECASE) for n in names) or \
        any(c.upper() == "EWZ" for c in columns)
    return base + "-EW" if ew else base


CRS_NAMES = {
    25832: "ETRS89 / UTM Zone 32N", 25833: "ETRS89 / UTM Zone 33N", 31466: "DHDN / Gauß-Krüger Zone 2",
    31467: "DHDN / Gauß-Krüger Zone 3", 31468: "DHDN / Gauß-Krüger Zone 4", 31469: "DHDN / Gauß-Krüger Zone 5",
    4326: "WGS 84 in Grad", 4258: "ETRS89 in Grad", 3857: "Web-Mercator", 3035: "ETRS89 / LAEA Europa",
}


def _crs_text(crs) -> str:
    if isinstance(crs, int) and crs in CRS_NAMES:
        return f"{CRS_NAMES[crs]} (EPSG:{crs})"
    try:
        c = CRS.from_user_input(crs)
    except Exception:
        return str(crs)
    code = c.to_epsg(min_confidence=70)
    return f"{CRS_NAMES.get(code, c.name)} (EPSG:{code})" if code else c.name


# Coordinate systems the BKG and others ship German data in; tried in this order when guessing.
CRS_CANDIDATES = (25832, 25833, 31467, 31468, 31466, 31469, 4326, 3857, 3035)


def _crs_hint(frame: gpd.GeoDataFrame, extent: tuple[float, float, float, float]) -> str:
    """A German sentence naming the systems in which these raw coordinates would land in `extent`."""
    xmin, ymin, xmax, ymax = frame.total_bounds
    if not np.all(np.isfinite([xmin, ymin, xmax, ymax])):
        return ""
    xs = np.array([xmin, xmin, xmax, xmax, (xmin + xmax) / 2])
    ys = np.array([ymin, ymax, ymin, ymax, (ymin + ymax) / 2])
    declared = None
    if frame.crs is not None:
        declared = frame.crs.to_epsg(min_confidence=70)
    lo_x, lo_y, hi_x, hi_y = _with_margin(extent)
    fits = []
    for code in CRS_CANDIDATES:
        if code == declared:
            continue
        try:
            lon, lat = Transformer.from_crs(code, 4326, always_xy=True).transform(xs, ys)
        except Exception:
            continue
        lon, lat = np.asarray(lon), np.asarray(lat)
        if np.all(np.isfinite(lon)) and np.all(np.isfinite(lat)) and lon.min() >= lo_x and lon.max() <= hi_x \
                and lat.min() >= lo_y and lat.max() <= hi_y:
            fits.append(_crs_text(code))
    if not fits:
        return ""
    return f"Zu den Koordinaten passen würde {' oder '.join(fits[:2])}."


def _with_margin(extent):
    x0, y0, x1, y1 = extent
    m = EXTENT_MARGIN_DEG
    return x0 - m, y0 - m, x1 + m, y1 + m


def _coord(value: float) -> str:
    return number(value, 1) if math.isfinite(value) else "ungültig"


def _check_declared_crs(frame: gpd.GeoDataFrame, label: str, how: str) -> None:
    """The declared system must fit the numbers: degrees stay within ±180/±90, metres are not all tiny."""
    xmin, ymin, xmax, ymax = frame.total_bounds
    if not np.all(np.isfinite([xmin, ymin, xmax, ymax])):
        raise BoundaryError(f"{label} enthält ungültige Koordinaten (leer oder unendlich).")
    crs = frame.crs
    looks_like_degrees = -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90
    if crs.is_geographic and not looks_like_degrees:
        raise BoundaryError(
            f"{label}: {how} nennt {_crs_text(crs)} mit Koordinaten in Grad, die Koordinaten reichen aber bis "
            f"x = {number(xmax)} und y = {number(ymax)} – das sind Meterangaben eines projizierten Systems. "
            f"{_crs_hint(frame, GERMANY_EXTENT)} Bitte die zur Datei gehörende Projektionsangabe verwenden.")
    if crs.is_projected and looks_like_degrees and max(abs(xmin), abs(xmax), abs(ymin), abs(ymax)) < 1000:
        raise BoundaryError(
            f"{label}: {how} nennt {_crs_text(crs)} mit Koordinaten in Metern, die Koordinaten liegen aber "
            f"zwischen {_coord(xmin)} und {_coord(xmax)} – das sind Grad. {_crs_hint(frame, GERMANY_EXTENT)} "
            "Bitte die zur Datei gehörende Projektionsangabe verwenden.")


def _read(path: Path, layer: str | None = None, limits: Limits = Limits()) -> gpd.GeoDataFrame:
    label = f"{path.name} (Ebene {layer})" if layer else path.name
    geojson = path.suffix.lower() in (".geojson", ".json")
    try:
        size = path.stat().st_size
    except OSError:
        raise BoundaryError(f"{label} ist nicht lesbar.") from None
    if size == 0:
        raise BoundaryError(f"{label} ist leer (0 Bytes).")
    limit = limits.max_geojson_bytes if geojson else limits.max_file_bytes
    if size > limit:
        raise BoundaryError(f"{label} ist {safezip.size_text(size)} groß; erlaubt sind höchstens "
                            f"{safezip.size_text(limit)}.")
    if path.suffix.lower() == ".shp":
        dbf = _sibling(path, ".dbf")
        if dbf is not None and dbf.stat().st_size > limits.max_file_bytes:
            raise BoundaryError(f"{dbf.name} ist {safezip.size_text(dbf.stat().st_size)} groß; erlaubt sind "
                                f"höchstens {safezip.size_text(limits.max_file_bytes)}.")
    try:
        info = pyogrio.read_info(path, layer=layer)
    except Exception:  # pyogrio raises several error types for unreadable files
        kind = "GeoJSON" if geojson else "GeoPackage" if path.suffix.lower() == ".gpkg" else "Shapefile"
        raise BoundaryError(f"{label} ist nicht lesbar (keine gültige {kind}-Datei oder unvollständig).") from None
    count = int(info.get("features", -1))
    if count > limits.max_features:
        raise BoundaryError(f"{label} enthält {number(count)} Objekte; erlaubt sind höchstens "
                            f"{number(limits.max_features)} je Ebene.")
    if count == 0:
        raise BoundaryError(f"{label} enthält keine Flächen (0 Objekte).")
    kind = str(info.get("geometry_type") or "Unknown")
    if "polygon" not in kind.lower() and kind.lower() != "unknown":
        raise BoundaryError(f"{label} enthält {kind}-Geometrien statt Flächen.")
    wanted = [f for f in info["fields"] if str(f).upper() in COLUMNS]
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio", columns=wanted)
    except MemoryError:
        raise BoundaryError(f"{label}: zu wenig Arbeitsspeicher zum Lesen.") from None
    except Exception:
        raise BoundaryError(f"{label} ist nicht lesbar (beschädigt oder unvollständig).") from None
    if frame.empty:
        raise BoundaryError(f"{label} enthält keine Flächen (0 Objekte).")
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        raise BoundaryError(f"{label} enthält nur leere Geometrien.")
    if frame.crs is None:
        if geojson:  # RFC 7946: GeoJSON without a "crs" member is WGS84
            frame = frame.set_crs(4326)
        else:
            hint = _crs_hint(frame, GERMANY_EXTENT)
            raise BoundaryError(f"{label} hat kein Koordinatenbezugssystem (.prj fehlt)."
                                + (f" {hint} Die .prj aus dem BKG-Paket gehört neben die .shp." if hint else ""))
    how = "Das Format (GeoJSON)" if geojson else "Die .prj" if path.suffix.lower() == ".shp" else "Die Datei"
    _check_declared_crs(frame, label, how)
    frame.attrs["label"] = label
    return frame


def _sibling(path: Path, suffix: str) -> Path | None:
    for s in (suffix, suffix.upper()):
        p = path.with_suffix(s)
        if p.exists():
            return p
    return None


def _scan(folder: Path, limits: Limits) -> list[Path]:
    """Files below `folder`, bounded in depth and number; hidden entries are skipped."""
    files, seen = [], 0
    root_depth = len(folder.parts)
    for dirpath, dirnames, filenames in os.walk(folder):
        seen += len(dirnames) + len(filenames)
        if seen > limits.max_scan_entries:
            raise BoundaryError(f"{folder.name} enthält mehr als {number(limits.max_scan_entries)} Dateien und "
                                "Ordner; bitte den Ordner mit den Grenzdaten selbst angeben.")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and len(Path(dirpath).parts) - root_depth < limits.max_scan_depth)
        files.extend(Path(dirpath) / f for f in sorted(filenames) if not f.startswith("."))
    return files


def _gpkg_layers(path: Path) -> list[str]:
    try:
        return [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception:
        raise BoundaryError(f"{path.name} ist keine lesbare GeoPackage-Datei.") from None


def _layer_names(names: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in names:
        for layer in LAYERS:
            if n.upper().endswith("_" + layer):
                out.setdefault(layer, []).append(n)
    return out


def _listing(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" und {number(len(names) - limit)} weitere" if len(names) > limit else "")


def _missing_gpkg_layer(path: Path, names: list[str]) -> str:
    prefix = next((n[:-4] for n in names if n.upper()[-4:] in ("_KRS", "_LAN", "_VWG", "_STA", "_RBZ")),
                  "vg250")
    return (f"Gefunden: {path.name} mit den Ebenen {_listing(names, 12) or '(keine)'}; es fehlt die Ebene "
            f"{prefix}_gem (Gemeinden).")


def _from_gpkg(path: Path, name: str | None = None, stop: Path | None = None, limits: Limits = Limits(),
               context: list[str] = ()) -> Source:
    names = _gpkg_layers(path)
    by_layer = _layer_names(names)
    if "GEM" not in by_layer:
        raise BoundaryError(_missing_gpkg_layer(path, names))
    for layer, found in by_layer.items():
        if len(found) > 1:
            raise BoundaryError(f"{path.name} enthält mehrere {LAYER_WORDS[layer]}n ({', '.join(found)}); "
                                "unklar, welche gemeint ist.")
    layers, labels = {}, {}
    for layer, (layer_name,) in by_layer.items():
        layers[layer] = _read(path, layer_name, limits)
        labels[layer] = f"{path.name} (Ebene {layer_name})"
    edition, txt = _edition_near(path, stop)
    names_for_product = [*names, path.name, path.parent.name, *context]  # the data's own names first
    if edition is None:
        edition = _edition_from_names([*context, path.parent.parent.name, path.parent.name, path.name])
    return Source(layers, edition, _product_of(names_for_product, list(layers["GEM"].columns)), name or path.name,
                  labels, str(txt) if txt else None)


def _from_shapes(paths: dict[str, Path], name: str, stop: Path | None, limits: Limits,
                 context: list[str] = ()) -> Source:
    layers = {layer: _read(p, None, limits) for layer, p in paths.items()}
    gem = paths["GEM"]
    edition, txt = _edition_near(gem, stop)
    if edition is None:
        edition = _edition_from_names([*context, gem.parent.parent.name, gem.parent.name, gem.name])
    names = [*(p.stem for p in paths.values()), gem.parent.name, *context]  # the data's own names first
    return Source(layers, edition, _product_of(names, list(layers["GEM"].columns)), name,
                  {layer: p.name for layer, p in paths.items()}, str(txt) if txt else None)


def _from_shp(path: Path, limits: Limits) -> Source:
    """A named .shp is the municipality layer itself – never another file of its folder. Its siblings of the
    same product (VG250_KRS.shp beside VG250_GEM.shp) add the other levels."""
    m = SHAPE_LAYER.match(path.stem)
    if m and m.group("layer").upper() != "GEM":
        raise BoundaryError(f"{path.name} ist die {LAYER_WORDS[m.group('layer').upper()]}; bitte die Gemeindeebene "
                            f"angeben ({m.group('prefix')}_GEM.shp).")
    paths = {"GEM": path}
    if m:
        for layer in ("VWG", "KRS", "LAN"):
            sibling = _child(path.parent, (f"{m.group('prefix')}_{layer}.shp".lower(),))
            if sibling is not None:
                paths[layer] = sibling
    return _from_shapes(paths, path.name, None, limits)


def _from_geojson(path: Path, limits: Limits, name: str | None = None) -> Source:
    frame = _read(path, None, limits)
    return Source({"GEM": frame}, None, "VG", name or path.name, {"GEM": path.name})


def _from_folder(folder: Path, name: str, limits: Limits, stop: Path | None = None,
                 listing: list[str] | None = None, context: list[str] = ()) -> Source:
    """Whatever the folder holds (any depth): exactly one set of municipality boundaries, or a message that
    names what was found."""
    files = _scan(folder, limits)
    candidates, notes = [], []
    groups: dict[tuple[Path, str], dict[str, Path]] = {}
    for f in files:
        suffix = f.suffix.lower()
        if suffix == ".shp":
            m = SHAPE_LAYER.match(f.stem)
            if m:
                groups.setdefault((f.parent, m.group("prefix").upper()), {})[m.group("layer").upper()] = f
    for _key, paths in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if "GEM" in paths:
            candidates.append(("shp", paths))
        else:
            notes.append(", ".join(sorted(p.name for p in paths.values())))
    gpkgs = [f for f in files if f.suffix.lower() == ".gpkg"]
    if len(gpkgs) > 20:
        raise BoundaryError(f"{name} enthält {len(gpkgs)} GeoPackage-Dateien; bitte die gewünschte angeben.")
    gpkg_notes = []
    for g in gpkgs:
        layer_names = _gpkg_layers(g)
        if "GEM" in _layer_names(layer_names):
            candidates.append(("gpkg", g))
        else:
            gpkg_notes.append(_missing_gpkg_layer(g, layer_names))
    if not candidates:
        geojsons = [f for f in files if f.suffix.lower() in (".geojson",)]
        candidates.extend(("geojson", g) for g in geojsons)
    if len(candidates) > 1:
        found = [_relative(c[1]["GEM"] if c[0] == "shp" else c[1], folder) for c in candidates]
        raise BoundaryError(f"In {name} gibt es mehrere Gemeindeebenen ({_listing(found)}); bitte die gewünschte "
                            "Datei angeben.")
    if not candidates:
        if gpkg_notes:
            raise BoundaryError(f"In {name} fehlt die Gemeindeebene. " + " ".join(gpkg_notes))
        if notes:
            raise BoundaryError(f"In {name} fehlt die Gemeindeebene (…_GEM.shp); gefunden: "
                                f"{'; '.join(n.replace('.shp', '') for n in notes)}.")
        seen = listing if listing is not None else [_relative(f, folder) for f in files]
        zips = [f.name for f in files if f.suffix.lower() == ".zip"]
        hint = f" Die ZIP-Datei bitte selbst angeben ({_listing(zips, 3)})." if zips else ""
        raise BoundaryError(f"{name} enthält weder eine GeoPackage-Datei (.gpkg) noch Shapefiles (…_GEM.shp) noch "
                            f"GeoJSON; gefunden: {_listing(seen) or 'nichts'}.{hint}")
    kind, what = candidates[0]
    context = [*context, name]
    if kind == "gpkg":
        return _from_gpkg(what, name, stop, limits, context)
    if kind == "geojson":
        return _from_geojson(what, limits, name)
    return _from_shapes(what, name, stop, limits, context)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name


def _zip_member_wanted(names: list[str]):
    """The members worth unpacking: GeoPackages, GeoJSON, aktualitaet.txt, and the shapefile parts of the four
    levels (all shapefile parts only if none is named like a BKG level)."""
    def base(n: str) -> str:
        return n.rsplit("/", 1)[-1]

    shape_names = [n for n in names if Path(n).suffix.lower() in SHAPE_PARTS]
    levels = [n for n in shape_names if SHAPE_LAYER.match(Path(base(n)).stem)]
    chosen = set(levels if levels else shape_names)
    for n in names:
        if Path(n).suffix.lower() in (".gpkg", ".geojson") or base(n).lower() in EDITION_FILES:
            chosen.add(n)
    return lambda n: n in chosen


def _from_zip(path: Path, workdir: Path, limits: Limits) -> Source:
    try:
        size = path.stat().st_size
    except OSError:
        raise BoundaryError(f"{path.name} ist nicht lesbar.") from None
    if size > limits.max_file_bytes:
        raise BoundaryError(f"{path.name} ist {safezip.size_text(size)} groß; erlaubt sind höchstens "
                            f"{safezip.size_text(limits.max_file_bytes)}.")
    try:
        names = safezip.names(path, limits.zip)
        infos = safezip.inspect(path, _zip_member_wanted(names), limits.zip)
        data = [i for i in infos if Path(i.filename).suffix.lower() in (".gpkg", ".geojson", ".shp")]
        if not data:
            seen = _listing([n for n in names if not n.endswith("/")]) or "nichts"
            raise BoundaryError(f"{path.name} enthält weder eine GeoPackage-Datei (.gpkg) noch Shapefiles (.shp) "
                                f"noch GeoJSON; gefunden: {seen}.")
        safezip.extract(path, infos, workdir, limits.zip)
    except safezip.ArchiveError as exc:
        raise BoundaryError(f"{path.name} {exc}") from None
    source = _from_folder(workdir, path.name, limits, stop=workdir, listing=names, context=[path.name])
    if source.edition is None:  # an aktualitaet.txt anywhere in the zip, if it is the only one
        found = {_edition_from_text((workdir / i.filename).read_bytes()[:4096].decode("latin-1"))
                 for i in infos if i.filename.rsplit("/", 1)[-1].lower() in EDITION_FILES}
        found.discard(None)
        if len(found) == 1:
            source.edition = found.pop()
            source.edition_from = "aktualitaet.txt"
    return source


def read_source(path: Path, workdir: Path, limits: Limits = Limits()) -> Source:
    """Open any supported form; zips are checked, then unpacked into `workdir` with a running byte limit."""
    if not path.exists():
        raise BoundaryError(f"{path} gibt es nicht.")
    if path.is_dir():
        return _from_folder(path, path.name, limits)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _from_zip(path, workdir, limits)
    if suffix == ".shp":
        return _from_shp(path, limits)
    if suffix == ".gpkg":
        return _from_gpkg(path, limits=limits)
    if suffix in (".geojson", ".json"):
        return _from_geojson(path, limits)
    raise BoundaryError(f"{path.name}: unbekanntes Format; erwartet werden ZIP, Ordner, .shp, .gpkg oder GeoJSON.")


# --- preparing and checking the layers -------------------------------------------------------------

def _column(frame: gpd.GeoDataFrame, names: tuple[str, ...], label: str) -> pd.Series:
    for name in names:
        for c in frame.columns:
            if c.upper() == name:
                return frame[c].astype(str)
    found = ", ".join(c for c in frame.columns if c != frame.geometry.name) or "keine"
    raise BoundaryError(f"{label}: Die Spalte {' oder '.join(names)} fehlt (vorhanden: {found}).")


def land_code(frame: gpd.GeoDataFrame, product: str, label: str) -> int | None:
    """The GF value of land areas in this product, or None when the layer has no GF column (keep all)."""
    gf = [c for c in frame.columns if c.upper() == "GF"]
    if not gf:
        return None
    values = set(pd.to_numeric(frame[gf[0]], errors="coerce").dropna().astype(int))
    preferred = (GF_AREAS_WITH_STRUCTURE if product.endswith("-EW") or product == "VG5000"
                 else GF_LAND if product in ("VG250", "VG1000") else None)
    if preferred in values:
        return preferred
    land = values & {GF_LAND, GF_AREAS_WITH_STRUCTURE}
    if len(land) == 1:
        return land.pop()
    found = ", ".join(str(v) for v in sorted(values)) or "keine Werte"
    if not land:
        raise BoundaryError(f"{label} enthält keine Landflächen (Geofaktor GF 4 oder 9); gefunden: GF {found}.")
    raise BoundaryError(f"{label} enthält Flächen nach zwei Zählweisen (GF {found}); bitte die Datei des BKG "
                        "unverändert verwenden.")


def _state_only(frame: gpd.GeoDataFrame, key_column: str, key_len: int, layer: str,
                product: str = "VG") -> gpd.GeoDataFrame:
    label = frame.attrs.get("label", f"Ebene {layer}")
    keys = _column(frame, (key_column,), label).str.strip()
    out = frame.assign(key=keys.str[:key_len], name=_column(frame, ("GEN", "NAME"), label))
    code = land_code(frame, product, label)
    if code is not None:
        out = out[pd.to_numeric(out[[c for c in frame.columns if c.upper() == "GF"][0]], errors="coerce") == code]
    out = out[out["key"].str.startswith(STATE_PREFIX) & out["key"].str.fullmatch(r"\d+")]
    if out.empty:
        prefixes = keys.str[:2].value_counts()
        found = ", ".join(f"{p}… ({number(n)})" for p, n in prefixes.head(4).items())
        raise BoundaryError(f"Die Ebene {layer} enthält keine Gebiete in Sachsen-Anhalt (Schlüssel 15…); "
                            f"gefunden in {label}: Schlüssel {found}.")
    raw = out[["key", "name", "geometry"]]
    try:
        wgs = raw.to_crs(4326)
    except Exception:
        raise BoundaryError(f"{label}: Die Koordinaten lassen sich nicht nach WGS 84 umrechnen "
                            f"({_crs_text(raw.crs)}).") from None
    _check_extent(wgs, raw, layer, label)
    invalid = ~wgs.geometry.is_valid
    if invalid.any():
        wgs = wgs.assign(geometry=wgs.geometry.where(~invalid, shapely.make_valid(wgs.geometry.values)))
    try:
        return wgs.dissolve(by="key", aggfunc="first", as_index=False)
    except Exception:
        raise BoundaryError(f"{label}: Die Flächen der Ebene {layer} sind geometrisch fehlerhaft und lassen sich "
                            "nicht zusammenfassen.") from None


def _check_extent(wgs: gpd.GeoDataFrame, raw: gpd.GeoDataFrame, layer: str, label: str) -> None:
    """Every area of the state lies within Saxony-Anhalt's extent (with margin) – else the coordinates or
    their declared system are wrong, and nothing may be replaced."""
    lo_x, lo_y, hi_x, hi_y = _with_margin(STATE_EXTENT)
    b = wgs.geometry.bounds
    finite = np.isfinite(b.to_numpy()).all(axis=1)
    inside = finite & (b["minx"] >= lo_x) & (b["maxx"] <= hi_x) & (b["miny"] >= lo_y) & (b["maxy"] <= hi_y)
    if inside.all():
        return
    outside = wgs[~inside.to_numpy()]
    examples = ", ".join(f"{k} {n}" for k, n in zip(outside["key"].head(3), outside["name"].head(3), strict=True))
    xmin, ymin, xmax, ymax = (b[~inside.to_numpy()][c].replace([np.inf, -np.inf], np.nan) for c in
                              ("minx", "miny", "maxx", "maxy"))
    found = (f"Längengrad {_coord(xmin.min())} bis {_coord(xmax.max())}, Breitengrad {_coord(ymin.min())} bis "
             f"{_coord(ymax.max())}")
    x0, y0, x1, y1 = STATE_EXTENT
    hint = _crs_hint(raw, STATE_EXTENT)
    raise BoundaryError(
        f"{label}: {number(len(outside))} von {number(len(wgs))} Gebieten der Ebene {layer} liegen nicht in "
        f"Sachsen-Anhalt (z. B. {examples}): {found}; erwartet etwa Längengrad {_coord(x0)} bis {_coord(x1)} und "
        f"Breitengrad {_coord(y0)} bis {_coord(y1)}. Angegebenes Koordinatensystem: {_crs_text(raw.crs)}."
        + (f" {hint}" if hint else " Sind die Koordinaten verschoben?"))


def check_coverage(gem: gpd.GeoDataFrame, expected: pd.DataFrame, min_share: float, label: str) -> tuple[int, int]:
    """At least `min_share` of the known municipalities (by AGS) must have an area."""
    want = set(expected["ags"])
    matched = len(want & set(gem["key"]))
    needed = math.ceil(min_share * len(want) - 1e-9)
    if matched < needed:
        raise BoundaryError(
            f"{label} enthält Flächen für {number(matched)} der {number(len(want))} Gemeinden aus "
            f"municipalities.csv ({_share(matched / len(want))}); verlangt sind mindestens "
            f"{_share(min_share)} ({number(needed)}). Ist das die Gemeindeebene für ganz Sachsen-Anhalt und "
            "ein passender Gebietsstand?")
    return matched, len(want)


def _share(value: float) -> str:
    """35 % – with a decimal where rounding would hide something (0,5 %, 99,5 %)."""
    whole = round(value * 100)
    exact = abs(value * 100 - whole) < 1e-9
    return percent(value, 0 if exact or 1 <= whole <= 99 else 1)


def check_seats(gem: gpd.GeoDataFrame, expected: pd.DataFrame, min_share: float) -> None:
    """Each municipality's seat (lat/lon in municipalities.csv) lies in or near the area with its key; when more
    than the allowed share do not, areas and keys do not belong together (shifted or swapped)."""
    if not {"lat", "lon"} <= set(expected.columns):
        return
    seats = expected.dropna(subset=["lat", "lon"]).drop_duplicates("ags").set_index("ags")
    matched = gem[gem["key"].isin(seats.index)]
    if matched.empty:
        return
    areas = matched.to_crs(25832).geometry.to_numpy()
    points = gpd.GeoSeries(gpd.points_from_xy(seats.loc[matched["key"], "lon"], seats.loc[matched["key"], "lat"]),
                           crs=4326).to_crs(25832).to_numpy()
    distance = shapely.distance(areas, points)
    far = distance > SEAT_TOLERANCE_M
    allowed = math.floor((1 - min_share) * len(matched) + 1e-9)
    if far.sum() <= allowed:
        return
    order = np.argsort(-distance)[:3]
    examples = ", ".join(f"{matched['key'].iloc[i]} {seats.loc[matched['key'].iloc[i], 'name']} "
                         f"({number(distance[i] / 1000)} km)" for i in order)
    raise BoundaryError(
        f"Bei {number(int(far.sum()))} von {number(len(matched))} Gemeinden liegt der Verwaltungssitz laut "
        f"municipalities.csv nicht in der Fläche mit ihrem Schlüssel, sondern weiter als "
        f"{number(SEAT_TOLERANCE_M / 1000)} km entfernt (z. B. {examples}). Flächen und Schlüssel passen nicht "
        "zusammen – sind die Koordinaten verschoben oder die Schlüssel vertauscht?")


def _vg_only(vwg: gpd.GeoDataFrame, product: str = "VG") -> gpd.GeoDataFrame:
    """Verbandsgemeinden only (the VWG layer also holds every Einheitsgemeinde)."""
    bez = [c for c in vwg.columns if c.upper() == "BEZ"]
    frame = _state_only(vwg, "ARS", 9, "VWG", product)
    if bez:
        label = vwg.attrs.get("label", "Ebene VWG")
        kinds = vwg.assign(key=_column(vwg, ("ARS",), label).str[:9]).groupby("key")[bez[0]].first()
        frame = frame[frame["key"].map(kinds).fillna("").str.startswith("Verbandsgemeinde")]
    return frame


def _simplify(frames: list[gpd.GeoDataFrame], tolerance: float) -> list[gpd.GeoDataFrame]:
    """Simplify each layer as a coverage: shared edges stay shared, so no gaps or overlaps appear."""
    out = []
    for f in frames:
        geoms = shapely.coverage_simplify(f.geometry.values, tolerance, simplify_boundary=True)
        geoms = shapely.set_precision(geoms, PRECISION_DEG)
        out.append(f.set_geometry(gpd.GeoSeries(geoms, crs=4326, index=f.index)))
    return out


@dataclass
class Prepared:
    gemeinden: gpd.GeoDataFrame
    verbandsgemeinden: gpd.GeoDataFrame
    kreise: gpd.GeoDataFrame
    land: gpd.GeoDataFrame
    meta: dict
    missing_ags: list[str]
    extra_ags: list[str]
    previous: Boundaries | None = None  # set by write(): the import kept as the backup
    unchanged: bool = False  # set by write(): the same boundaries as before (backup left as it was)


def prepare(source: Source, expected: pd.DataFrame | None, tolerance: float = TOLERANCE_DEG,
            min_share: float = DEFAULT_MIN_SHARE) -> Prepared:
    """Saxony-Anhalt, land areas, WGS84, checked for sense, coverage-simplified; missing layers are dissolved
    from GEM. Raises BoundaryError (German) when the result cannot be right."""
    product = source.product
    gem = _state_only(source.layers["GEM"], "AGS", 8, "GEM", product)
    gem_label = source.labels.get("GEM", source.name)
    coverage = None
    if expected is not None and len(expected):
        coverage = check_coverage(gem, expected, min_share, gem_label)
        check_seats(gem, expected, min_share)
    if "KRS" in source.layers:
        krs = _state_only(source.layers["KRS"], "ARS", 5, "KRS", product)
    else:
        krs = gem.assign(key=gem["key"].str[:5]).dissolve(by="key", as_index=False)[["key", "name", "geometry"]]
    if "VWG" in source.layers:
        vwg = _vg_only(source.layers["VWG"], product)
    else:
        vwg = gem.iloc[0:0][["key", "name", "geometry"]]
    if "LAN" in source.layers:
        lan = _state_only(source.layers["LAN"], "ARS", 2, "LAN", product)
    else:
        lan = gem.assign(key=STATE_PREFIX).dissolve(by="key", as_index=False)[["key", "name", "geometry"]]
    gem, vwg, krs, lan = _simplify([gem, vwg, krs, lan], tolerance)

    missing, extra = [], []
    if expected is not None and len(expected):
        have = set(gem["key"])
        want = dict(zip(expected["ags"], expected["name"], strict=True))
        missing = sorted(a for a in want if a not in have)
        extra = sorted(a for a in have if a not in want)
    # The BKG asks for the year of the data in the attribution; without a known edition, the import's year.
    year = (source.edition or dt.date.today()).year
    meta = {
        "product": product,
        "edition": source.edition.isoformat() if source.edition else None,
        "attribution": f"© GeoBasis-DE / BKG {year} (Daten verändert)",
        "licence": "Datenlizenz Deutschland – Namensnennung 2.0",
        "source": source.name,
        "imported": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "simplified_tolerance_deg": tolerance,
        "counts": {"gemeinden": len(gem), "verbandsgemeinden": len(vwg), "kreise": len(krs)},
    }
    if coverage:
        meta["coverage"] = {"matched": coverage[0], "expected": coverage[1], "min_share": min_share}
    return Prepared(gem, vwg, krs, lan, meta, missing, extra)


# --- storing ---------------------------------------------------------------------------------------

def _collection(frame: gpd.GeoDataFrame) -> dict:
    return json.loads(frame[["key", "name", "geometry"]].to_json(drop_id=True))


def _same_boundaries(a: dict, b: Boundaries) -> bool:
    """Equal apart from when and from which file name they were imported."""
    ignore = {"imported", "source"}
    return ({k: v for k, v in a["meta"].items() if k not in ignore}
            == {k: v for k, v in b.meta.items() if k not in ignore}
            and all(a[level] == getattr(b, level) for level in store.LEVELS))


def write(prepared: Prepared, out_dir: Path) -> Path:
    """One JSON file, replaced atomically: readers see the old or the new edition, never a mix. The file it
    replaces (if it is a readable import of other boundaries) becomes the backup."""
    out_dir.mkdir(parents=True, exist_ok=True)
    document = {
        "meta": prepared.meta,
        "gemeinden": _collection(prepared.gemeinden),
        "verbandsgemeinden": _collection(prepared.verbandsgemeinden),
        "kreise": _collection(prepared.kreise),
        "land": _collection(prepared.land),
    }
    target = out_dir / FILE_NAME
    with store.locked(out_dir):
        fd, tmp = tempfile.mkstemp(prefix=".grenzen-", suffix=".tmp", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(document, fh, ensure_ascii=False, separators=(",", ":"))
            os.chmod(tmp, 0o644)
            try:
                current = load(out_dir)
            except BoundaryError:
                current = None
            if current is not None and _same_boundaries(document, current):
                prepared.unchanged = True
            else:
                prepared.previous = store.keep_as_backup(out_dir)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target


def import_path(path: Path, out_dir: Path, expected: pd.DataFrame | None, tolerance: float = TOLERANCE_DEG,
                min_share: float = DEFAULT_MIN_SHARE, limits: Limits = Limits()) -> tuple[Path, Prepared]:
    with tempfile.TemporaryDirectory(prefix="grenzen-import-") as work:
        source = read_source(path, Path(work), limits)
        prepared = prepare(source, expected, tolerance, min_share)
    return write(prepared, out_dir), prepared


def download(url: str, target: Path, timeout: float = 30.0, limit: int = Limits().max_download_bytes) -> None:
    later = "die Karte zeigt Punkte statt Flächen (später erneut: python -m geo.boundaries fetch)."
    request = urllib.request.Request(url, headers={"User-Agent": "smart-city-dashboard-sachsen-anhalt"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, target.open("wb") as fh:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise BoundaryError(f"Download abgelehnt: Die Datei ist {safezip.size_text(int(declared))} groß; "
                                    f"erlaubt sind höchstens {safezip.size_text(limit)}.")
            received = 0
            while chunk := response.read(safezip.CHUNK):
                received += len(chunk)
                if received > limit:
                    raise BoundaryError(f"Download abgebrochen: mehr als {safezip.size_text(limit)} (erlaubt sind "
                                        f"höchstens {safezip.size_text(limit)}).")
                fh.write(chunk)
    except urllib.error.HTTPError as exc:
        raise BoundaryError(f"Download nicht möglich: Der Server antwortet mit {exc.code}; {later}") from None
    except (urllib.error.URLError, OSError, TimeoutError, ValueError) as exc:
        reason = getattr(exc, "reason", None)
        why = ("Zeitüberschreitung" if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError)
               else "keine Verbindung")
        raise BoundaryError(f"Download nicht möglich ({why} zum Server); {later}") from None


# --- command line ----------------------------------------------------------------------------------

def _expected() -> pd.DataFrame:
    """municipalities.csv: without it the import cannot check that the boundaries fit, so it refuses."""
    from data.loading import data_dir_from_env, load_municipalities
    path = data_dir_from_env() / "municipalities.csv"
    try:
        return load_municipalities(path)
    except Exception as exc:  # DataError, OSError, parser errors
        detail = "; ".join(str(exc).splitlines()[:3]) if str(exc).strip() else "nicht lesbar"
        raise BoundaryError(f"{path} ist nicht verwendbar ({detail}); ohne die Liste der Gemeinden lässt sich "
                            "nicht prüfen, ob die Grenzen passen.") from None


def _min_share(value: str) -> float:
    try:
        pct = float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine Zahl (Prozent, z. B. 90)") from None
    if not 1 <= pct <= 100:
        raise argparse.ArgumentTypeError(f"{value} liegt nicht zwischen 1 und 100 (Prozent)")
    return pct / 100


def _report(target: Path, prepared: Prepared, expected: pd.DataFrame | None) -> None:
    meta = prepared.meta
    edition = meta["edition"] or "unbekannt"
    print(f"Grenzen importiert: {meta['counts']['gemeinden']} Gemeinden, {meta['counts']['verbandsgemeinden']} "
          f"Verbandsgemeinden, {meta['counts']['kreise']} Kreise ({meta['product']}, Stand {edition}) -> {target}")
    print(f"Quellenvermerk: {meta['attribution']}")
    if not meta["edition"]:
        print("Hinweis: Der Stand ist unbekannt (keine aktualitaet.txt neben den Daten oder im Ordner "
              "„dokumentation“ gefunden); der Quellenvermerk nennt deshalb das Jahr des Imports.")
    if prepared.missing_ags:
        names = dict(zip(expected["ags"], expected["name"], strict=True)) if expected is not None else {}
        listed = ", ".join(f"{a} {names.get(a, '')}".strip() for a in prepared.missing_ags[:20])
        print(f"Hinweis: {len(prepared.missing_ags)} Gemeinden aus municipalities.csv haben keine Fläche "
              f"(Gebietsstand der Grenzen älter oder neuer?): {listed}")
    if prepared.extra_ags:
        print(f"Hinweis: {len(prepared.extra_ags)} Flächen gehören zu keiner Gemeinde in municipalities.csv: "
              + ", ".join(prepared.extra_ags[:20]))
    if prepared.previous is not None:
        print(f"Die bisherigen Grenzen ({store.describe(prepared.previous.meta)}) sind als {BACKUP_NAME} "
              f"gesichert; zurück zu ihnen mit „{RESTORE_COMMAND}“.")
    elif prepared.unchanged:
        print("Die Grenzen sind dieselben wie bisher; die Sicherung bleibt, wie sie war.")


def _status(out_dir: Path) -> None:
    try:
        b = load(out_dir)
    except BoundaryError as exc:
        print(f"Die importierten Grenzen sind nicht lesbar: {exc}")
        b = None
    else:
        if b is None:
            print(f"Keine Grenzen importiert ({out_dir / FILE_NAME} fehlt).")
        else:
            print(f"{b.meta.get('product', 'Grenzen')}, Stand {b.meta.get('edition') or 'unbekannt'}, importiert "
                  f"{b.meta.get('imported', 'unbekannt')}: {b.meta.get('attribution', '')}")
    try:
        backup = store.load_backup(out_dir)
    except BoundaryError as exc:
        print(f"{exc}")
        return
    if backup is not None:
        print(f"Sicherung der vorigen Grenzen: {store.describe(backup.meta)}; wiederherstellen mit "
              f"„{RESTORE_COMMAND}“.")


def _restore(out_dir: Path) -> None:
    result = store.restore(out_dir)
    print(f"Wiederhergestellt: {store.describe(result.restored.meta)}.")
    if result.replaced is not None:
        print(f"Die ersetzten Grenzen ({store.describe(result.replaced.meta)}) sind jetzt die Sicherung; "
              f"„{RESTORE_COMMAND}“ noch einmal macht den Schritt rückgängig.")


class _Parser(argparse.ArgumentParser):
    """argparse with its refusals in German (its own texts are English)."""

    def error(self, message: str):
        patterns = [
            (r"the following arguments are required: (.*)", r"es fehlt die Angabe \1"),
            (r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)",
             r"unbekannter Befehl „\2“ (möglich: \3)"),
            (r"argument (\S+): expected one argument", r"nach \1 fehlt der Wert"),
            (r"argument (\S+): invalid (\S+) value: '(.*)'", r"\1: „\3“ ist kein gültiger Wert"),
            (r"argument (\S+): (.*)", r"\1: \2"),
            (r"unrecognized arguments: (.*)", r"unbekannte Angaben: \1"),
        ]
        for pattern, german in patterns:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, german, message).replace("'", "")
                break
        self.exit(2, f"{self.prog}: Aufruf nicht verstanden – {message}. Hilfe: {self.prog} --help\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m geo.boundaries", description="Amtliche Grenzen (BKG) einlesen")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="BEFEHL",
                               title="Befehle")
    p_import = sub.add_parser("import", help="Grenzen aus einer Datei oder einem Ordner importieren")
    p_import.add_argument("path", type=Path, metavar="PFAD",
                          help="ZIP des BKG, entpackter Ordner, .gpkg, .shp (Gemeindeebene) oder GeoJSON")
    p_fetch = sub.add_parser("fetch", help="aktuelle VG250 beim BKG laden und importieren")
    p_fetch.add_argument("--url", default=os.environ.get("BKG_VG250_URL", DEFAULT_URL))
    p_fetch.add_argument("--timeout", type=float, default=30.0)
    p_status = sub.add_parser("status", help="zeigen, welche Grenzen importiert und gesichert sind")
    p_restore = sub.add_parser("restore", help="die vorigen Grenzen aus der Sicherung zurückholen")
    for p in (p_import, p_fetch):
        p.add_argument("--min-share", type=_min_share, default=None,
                       help="Mindestanteil der Gemeinden aus municipalities.csv, die eine Fläche haben müssen, in "
                            "Prozent (Standard: $BOUNDARY_MIN_SHARE bzw. 90)")
    for p in (p_import, p_fetch, p_status, p_restore):
        p.add_argument("--out", type=Path, default=None, help="Zielordner (Standard: $GEO_DIR bzw. geo/)")
    args = parser.parse_args(argv)
    out_dir = (args.out or geo_dir_from_env()).resolve()
    if args.command in ("import", "fetch") and args.min_share is None:
        value = os.environ.get("BOUNDARY_MIN_SHARE", "").strip()
        try:
            args.min_share = _min_share(value) if value else DEFAULT_MIN_SHARE
        except argparse.ArgumentTypeError as exc:
            print(f"Import abgebrochen: BOUNDARY_MIN_SHARE: {exc}. Die bisherigen Grenzen bleiben unverändert.",
                  file=sys.stderr)
            return 2
    try:
        if args.command == "status":
            _status(out_dir)
            return 0
        if args.command == "restore":
            _restore(out_dir)
            return 0
        expected = _expected()
        if args.command == "import":
            target, prepared = import_path(args.path.expanduser().resolve(), out_dir, expected,
                                           min_share=args.min_share)
        else:
            with tempfile.TemporaryDirectory(prefix="grenzen-download-") as work:
                archive = Path(work) / "vg250.zip"
                print(f"Lade {args.url} …", flush=True)
                download(args.url, archive, args.timeout)
                target, prepared = import_path(archive, out_dir, expected, min_share=args.min_share)
        _report(target, prepared, expected)
        return 0
    except BoundaryError as exc:
        if args.command == "restore":
            print(f"Wiederherstellen nicht möglich: {exc}", file=sys.stderr)
        elif args.command == "status":
            print(f"Status nicht lesbar: {exc}", file=sys.stderr)
        else:
            print(f"Import abgebrochen: {_sentence(exc)} Die bisherigen Grenzen bleiben unverändert.",
                  file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Abgebrochen (Strg+C). Die bisherigen Grenzen bleiben unverändert.", file=sys.stderr)
        return 130
    except MemoryError:
        print("Import abgebrochen: zu wenig Arbeitsspeicher. Die bisherigen Grenzen bleiben unverändert.",
              file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Abgebrochen: Dateifehler ({safezip.os_reason(exc)}). Die bisherigen Grenzen bleiben unverändert.",
              file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for the person running the import
        print(f"Abgebrochen: unerwarteter Fehler ({type(exc).__name__}). Die bisherigen Grenzen bleiben "
              "unverändert.", file=sys.stderr)
        return 2


def _sentence(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if text.endswith((".", "?", "!")) else text + "."


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["BACKUP_NAME", "Boundaries", "BoundaryError", "DEFAULT_GEO_DIR", "FILE_NAME", "Limits", "REPO",
           "Prepared", "Source", "check_coverage", "check_seats", "download", "geo_dir_from_env", "import_path",
           "land_code", "load", "main", "prepare", "read_source", "write"]
