"""Official boundaries (BKG VG250 and its smaller siblings) for the map: import, check, simplify, store.

    python -m geo.boundaries import PATH [--out DIR]
    python -m geo.boundaries fetch [--url URL] [--out DIR]
    python -m geo.boundaries status [--out DIR]

PATH may be the BKG zip, an unpacked folder, one of its .shp files, a GeoPackage or a GeoJSON of the
municipalities. The result is one file, GEO_DIR/grenzen.json (default geo/), written atomically:
a failed import leaves the previous boundaries untouched. The repository ships no boundary data.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.store import (DEFAULT_GEO_DIR, FILE_NAME, REPO, Boundaries, BoundaryError,
                       geo_dir_from_env, load)

STATE_PREFIX = "15"  # Saxony-Anhalt
LAND_GF = 9  # Geofaktor: land areas ("Gebiete mit Struktur") in current BKG editions
TOLERANCE_DEG = 0.0015  # about 100 to 170 m: invisible at state scale, keeps the map payload small
PRECISION_DEG = 0.0001  # about 7 to 11 m
DEFAULT_URL = ("https://daten.gdz.bkg.bund.de/produkte/vg/vg250_ebenen_0101/aktuell/"
               "vg250_01-01.utm32s.shape.ebenen.zip")
LAYERS = ("GEM", "VWG", "KRS", "LAN")


# --- reading the many forms of the BKG products ----------------------------------------------------

@dataclass
class Source:
    layers: dict[str, gpd.GeoDataFrame]  # GEM (required), VWG, KRS, LAN if present
    edition: dt.date | None
    product: str
    name: str


def _edition_from_text(text: str) -> dt.date | None:
    m = re.search(r"(\d{2})\.(\d{2})\.(\d{4})", text)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _product_of(names: list[str]) -> str:
    for n in names:
        m = re.search(r"(VG\d{3,4})", n, re.IGNORECASE)
        if m:
            return m.group(1).upper()
    return "VG"


def _read(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise BoundaryError(f"{path.name}{' (Ebene ' + layer + ')' if layer else ''} ist nicht lesbar: "
                            f"{type(exc).__name__}.") from None
    if frame.crs is None:
        if path.suffix.lower() in (".geojson", ".json"):
            frame = frame.set_crs(4326)
        else:
            raise BoundaryError(f"{path.name} hat kein Koordinatenbezugssystem (.prj fehlt).")
    return frame


def _from_folder(folder: Path, name: str, given: Path | None = None) -> Source:
    shapes = {p.stem.upper(): p for p in folder.rglob("*") if p.suffix.lower() == ".shp"}
    # A .shp named on the command line wins, and its siblings (same product prefix) before other products.
    prefix = re.sub(r"_(GEM|VWG|KRS|LAN)$", "", given.stem.upper()) + "_" if given else ""
    if given:
        shapes[given.stem.upper()] = given
    layers = {}
    chosen = []
    for layer in LAYERS:
        matches = sorted((k for k in shapes if k.endswith("_" + layer)),
                         key=lambda k: (not (prefix and k.startswith(prefix)), k))
        if matches:
            chosen.append(matches[0])
            layers[layer] = _read(shapes[matches[0]])
    if "GEM" not in layers:
        found = ", ".join(sorted(shapes)) or "keine Shapefiles"
        raise BoundaryError(f"In {name} fehlt die Gemeindeebene (…_GEM.shp); gefunden: {found}.")
    edition = None
    for txt in folder.rglob("aktualitaet.txt"):
        edition = _edition_from_text(txt.read_text(encoding="latin-1", errors="replace"))
        break
    return Source(layers, edition, _product_of(chosen), name)


def _from_gpkg(path: Path) -> Source:
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception:
        raise BoundaryError(f"{path.name} ist keine lesbare GeoPackage-Datei.") from None
    layers = {}
    for layer in LAYERS:
        match = sorted(n for n in names if n.upper().endswith("_" + layer))
        if match:
            layers[layer] = _read(path, match[0])
    if "GEM" not in layers:
        raise BoundaryError(f"In {path.name} fehlt die Gemeindeebene (…_gem); Ebenen: {', '.join(names)}.")
    return Source(layers, _edition_from_text(path.name), _product_of(names), path.name)


def read_source(path: Path, workdir: Path) -> Source:
    """Open any supported form; zips are unpacked into `workdir`."""
    if not path.exists():
        raise BoundaryError(f"{path} gibt es nicht.")
    if path.is_dir():
        return _from_folder(path, path.name)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                z.extractall(workdir)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise BoundaryError(f"{path.name} ist keine gültige ZIP-Datei (beschädigt oder unvollständig).") from None
        return _from_folder(workdir, path.name)
    if suffix == ".shp":
        return _from_folder(path.parent, path.name, path)
    if suffix == ".gpkg":
        return _from_gpkg(path)
    if suffix in (".geojson", ".json"):
        return Source({"GEM": _read(path)}, None, "VG", path.name)
    raise BoundaryError(f"{path.name}: unbekanntes Format; erwartet werden ZIP, Ordner, .shp, .gpkg oder GeoJSON.")


# --- preparing the layers --------------------------------------------------------------------------

def _column(frame: gpd.GeoDataFrame, name: str) -> pd.Series:
    for c in frame.columns:
        if c.upper() == name:
            return frame[c].astype(str)
    raise BoundaryError(f"Der Ebene fehlt die Spalte {name}.")


def _state_only(frame: gpd.GeoDataFrame, key_column: str, key_len: int, layer: str) -> gpd.GeoDataFrame:
    key = _column(frame, key_column).str.strip()
    out = frame.assign(key=key.str[:key_len], name=_column(frame, "GEN"))
    gf = [c for c in frame.columns if c.upper() == "GF"]
    if gf and (pd.to_numeric(frame[gf[0]], errors="coerce") == LAND_GF).any():
        out = out[pd.to_numeric(frame[gf[0]], errors="coerce") == LAND_GF]
    out = out[out["key"].str.startswith(STATE_PREFIX) & out["key"].str.fullmatch(r"\d+")]
    if out.empty:
        raise BoundaryError(f"Die Ebene {layer} enthält keine Gebiete in Sachsen-Anhalt (Schlüssel 15…).")
    out = out[["key", "name", "geometry"]].to_crs(4326)
    return out.dissolve(by="key", aggfunc="first", as_index=False)


def _vg_only(vwg: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Verbandsgemeinden only (the VWG layer also holds every Einheitsgemeinde)."""
    bez = [c for c in vwg.columns if c.upper() == "BEZ"]
    frame = _state_only(vwg, "ARS", 9, "VWG")
    if bez:
        kinds = vwg.assign(key=_column(vwg, "ARS").str[:9]).groupby("key")[bez[0]].first()
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


def prepare(source: Source, expected: pd.DataFrame | None, tolerance: float = TOLERANCE_DEG) -> Prepared:
    """Saxony-Anhalt, land areas, WGS84, coverage-simplified; missing layers are dissolved from GEM."""
    gem = _state_only(source.layers["GEM"], "AGS", 8, "GEM")
    if "KRS" in source.layers:
        krs = _state_only(source.layers["KRS"], "ARS", 5, "KRS")
    else:
        krs = gem.assign(key=gem["key"].str[:5]).dissolve(by="key", as_index=False)[["key", "name", "geometry"]]
    if "VWG" in source.layers:
        vwg = _vg_only(source.layers["VWG"])
    else:
        vwg = gem.iloc[0:0][["key", "name", "geometry"]]
    if "LAN" in source.layers:
        lan = _state_only(source.layers["LAN"], "ARS", 2, "LAN")
    else:
        lan = gem.assign(key=STATE_PREFIX).dissolve(by="key", as_index=False)[["key", "name", "geometry"]]
    gem, vwg, krs, lan = _simplify([gem, vwg, krs, lan], tolerance)

    missing, extra = [], []
    if expected is not None and len(expected):
        have = set(gem["key"])
        want = dict(zip(expected["ags"], expected["name"]))
        missing = sorted(a for a in want if a not in have)
        extra = sorted(a for a in have if a not in want)
    year = (source.edition or dt.date.today()).year
    meta = {
        "product": source.product,
        "edition": source.edition.isoformat() if source.edition else None,
        "attribution": f"© GeoBasis-DE / BKG {year} (Daten verändert)",
        "licence": "Datenlizenz Deutschland – Namensnennung 2.0",
        "source": source.name,
        "imported": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "simplified_tolerance_deg": tolerance,
        "counts": {"gemeinden": len(gem), "verbandsgemeinden": len(vwg), "kreise": len(krs)},
    }
    return Prepared(gem, vwg, krs, lan, meta, missing, extra)


# --- storing and loading ---------------------------------------------------------------------------

def _collection(frame: gpd.GeoDataFrame) -> dict:
    return json.loads(frame[["key", "name", "geometry"]].to_json(drop_id=True))


def write(prepared: Prepared, out_dir: Path) -> Path:
    """One JSON file, replaced atomically: readers see the old or the new edition, never a mix."""
    out_dir.mkdir(parents=True, exist_ok=True)
    document = {
        "meta": prepared.meta,
        "gemeinden": _collection(prepared.gemeinden),
        "verbandsgemeinden": _collection(prepared.verbandsgemeinden),
        "kreise": _collection(prepared.kreise),
        "land": _collection(prepared.land),
    }
    target = out_dir / FILE_NAME
    fd, tmp = tempfile.mkstemp(prefix=".grenzen-", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(document, fh, ensure_ascii=False, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def import_path(path: Path, out_dir: Path, expected: pd.DataFrame | None,
                tolerance: float = TOLERANCE_DEG) -> tuple[Path, Prepared]:
    with tempfile.TemporaryDirectory(prefix="grenzen-import-") as work:
        source = read_source(path, Path(work))
        prepared = prepare(source, expected, tolerance)
    return write(prepared, out_dir), prepared


def download(url: str, target: Path, timeout: float = 30.0) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "smart-city-dashboard-sachsen-anhalt"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, target.open("wb") as fh:
            shutil.copyfileobj(response, fh)
    except urllib.error.HTTPError as exc:
        raise BoundaryError(f"Download nicht möglich: Der Server antwortet mit {exc.code} ({exc.reason}); die Karte "
                            "zeigt Punkte statt Flächen (später erneut: python -m geo.boundaries fetch).") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BoundaryError(f"Download nicht möglich, keine Verbindung zum BKG ({reason}); die Karte zeigt "
                            "Punkte statt Flächen (später erneut: python -m geo.boundaries fetch).") from None


# --- command line ----------------------------------------------------------------------------------

def _expected() -> pd.DataFrame | None:
    try:
        from data.loading import data_dir_from_env, load_municipalities
        return load_municipalities(data_dir_from_env() / "municipalities.csv")
    except Exception:
        return None


def _report(target: Path, prepared: Prepared, expected: pd.DataFrame | None) -> None:
    meta = prepared.meta
    edition = meta["edition"] or "unbekannt"
    print(f"Grenzen importiert: {meta['counts']['gemeinden']} Gemeinden, {meta['counts']['verbandsgemeinden']} "
          f"Verbandsgemeinden, {meta['counts']['kreise']} Kreise ({meta['product']}, Stand {edition}) -> {target}")
    print(f"Quellenvermerk: {meta['attribution']}")
    if prepared.missing_ags:
        names = dict(zip(expected["ags"], expected["name"])) if expected is not None else {}
        listed = ", ".join(f"{a} {names.get(a, '')}".strip() for a in prepared.missing_ags[:20])
        print(f"Hinweis: {len(prepared.missing_ags)} Gemeinden aus municipalities.csv haben keine Fläche "
              f"(Gebietsstand der Grenzen älter oder neuer?): {listed}")
    if prepared.extra_ags:
        print(f"Hinweis: {len(prepared.extra_ags)} Flächen gehören zu keiner Gemeinde in municipalities.csv: "
              + ", ".join(prepared.extra_ags[:20]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.boundaries", description="Amtliche Grenzen (BKG) einlesen")
    sub = parser.add_subparsers(dest="command", required=True)
    p_import = sub.add_parser("import", help="Grenzen aus einer Datei oder einem Ordner importieren")
    p_import.add_argument("path", type=Path)
    p_fetch = sub.add_parser("fetch", help="aktuelle VG250 beim BKG laden und importieren")
    p_fetch.add_argument("--url", default=os.environ.get("BKG_VG250_URL", DEFAULT_URL))
    p_fetch.add_argument("--timeout", type=float, default=30.0)
    p_status = sub.add_parser("status", help="zeigen, welche Grenzen importiert sind")
    for p in (p_import, p_fetch, p_status):
        p.add_argument("--out", type=Path, default=None, help="Zielordner (Standard: $GEO_DIR bzw. geo/)")
    args = parser.parse_args(argv)
    out_dir = (args.out or geo_dir_from_env()).resolve()
    try:
        if args.command == "status":
            b = load(out_dir)
            if b is None:
                print(f"Keine Grenzen importiert ({out_dir / FILE_NAME} fehlt).")
            else:
                print(f"{b.meta['product']}, Stand {b.meta.get('edition') or 'unbekannt'}, importiert "
                      f"{b.meta['imported']}: {b.meta['attribution']}")
            return 0
        expected = _expected()
        if args.command == "import":
            target, prepared = import_path(args.path.expanduser().resolve(), out_dir, expected)
        else:
            with tempfile.TemporaryDirectory(prefix="grenzen-download-") as work:
                archive = Path(work) / "vg250.zip"
                print(f"Lade {args.url} …")
                download(args.url, archive, args.timeout)
                target, prepared = import_path(archive, out_dir, expected)
        _report(target, prepared, expected)
        return 0
    except BoundaryError as exc:
        print(f"Import abgebrochen: {exc} Die bisherigen Grenzen bleiben unverändert.", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for the person running the import
        print(f"Import abgebrochen: unerwarteter Fehler ({type(exc).__name__}: {exc}). "
              "Die bisherigen Grenzen bleiben unverändert.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["Boundaries", "BoundaryError", "DEFAULT_GEO_DIR", "FILE_NAME", "REPO", "Prepared", "Source", "download",
           "geo_dir_from_env", "import_path", "load", "main", "prepare", "read_source", "write"]
