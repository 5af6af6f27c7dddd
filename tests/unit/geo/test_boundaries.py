"""geo.boundaries: importing boundaries in the BKG's shipping format (VG5000 layout, Saxony-Anhalt, 01.01.2021).

The input is the generated fixture tests/fixtures/boundaries/ (synthetic areas around the municipal seats,
see tests/fixtures/README.md). Every variant derived from it (zip, GeoPackage, GeoJSON, modified shapefiles)
is built in tmp_path.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from data.loading import load_municipalities
from geo import boundaries as gb
from tests.conftest import BOUNDARIES, DATA, REPO

N_GEM, N_VWG, N_KRS = 218, 18, 14
LON_RANGE, LAT_RANGE = (10.5, 13.3), (50.9, 53.1)
ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
LICENCE = "Datenlizenz Deutschland – Namensnennung 2.0"
LAYER_NAMES = ("GEM", "VWG", "KRS", "LAN")
FORMS = ("folder", "zip", "shp", "gpkg", "geojson")


def test_fixture_is_present():
    folder = BOUNDARIES
    for layer in LAYER_NAMES:
        assert (folder / f"VG5000_{layer}.shp").is_file(), layer
    assert (folder / "aktualitaet.txt").read_text(encoding="latin-1").strip().startswith("01.01.2021")


# --- building the input forms in tmp_path ----------------------------------------------------------

@pytest.fixture(scope="module")
def ref() -> Path:
    return BOUNDARIES


@pytest.fixture(scope="module")
def ref_layers(ref) -> dict[str, gpd.GeoDataFrame]:
    return {layer: gpd.read_file(ref / f"VG5000_{layer}.shp") for layer in LAYER_NAMES}


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return load_municipalities(DATA / "municipalities.csv")


def make_zip(ref: Path, target: Path, inner: str = "vg5000_ebenen_0101") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(ref.iterdir()):
            z.write(p, f"{inner}/{p.name}")
    return target


def copy_layers(ref: Path, target: Path, layers=LAYER_NAMES, texts: bool = True) -> Path:
    """A private, modifiable copy of some of the reference layers (in tmp_path only)."""
    target.mkdir(parents=True, exist_ok=True)
    for p in ref.iterdir():
        is_layer = any(p.stem.upper() == f"VG5000_{layer}" for layer in layers)
        if is_layer or (texts and p.suffix == ".txt"):
            shutil.copy(p, target / p.name)
    return target


def make_inputs(ref: Path, layers: dict, base: Path) -> dict[str, Path]:
    base.mkdir(parents=True, exist_ok=True)
    gpkg = base / "x.gpkg"
    for layer in LAYER_NAMES:
        layers[layer].to_file(gpkg, layer=f"vg5000_{layer.lower()}", driver="GPKG")
    geojson = base / "gemeinden.geojson"
    layers["GEM"].to_crs(4326).to_file(geojson, driver="GeoJSON")
    return {
        "folder": ref,
        "zip": make_zip(ref, base / "vg5000.zip"),
        "shp": ref / "VG5000_GEM.shp",
        "gpkg": gpkg,
        "geojson": geojson,
    }


@pytest.fixture(scope="module")
def imported(ref, ref_layers, expected, tmp_path_factory):
    """Each input form imported once: form -> (path, Prepared, document read back from grenzen.json)."""
    base = tmp_path_factory.mktemp("forms")
    inputs = make_inputs(ref, ref_layers, base / "in")
    out = {}
    for form, path in inputs.items():
        target, prepared = gb.import_path(path, base / "out" / form, expected)
        doc = json.loads(target.read_text(encoding="utf-8"))
        out[form] = (target, prepared, doc)
    return out


def keys(collection: dict) -> list[str]:
    return [f["properties"]["key"] for f in collection["features"]]


def geoms(collection: dict) -> list:
    return [shape(f["geometry"]) for f in collection["features"]]


def coord_count(doc: dict) -> int:
    return sum(len(shapely.get_coordinates(g)) for level in ("gemeinden", "verbandsgemeinden", "kreise", "land")
               for g in geoms(doc[level]))


# --- every input form ------------------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
def test_every_form_imports_all_municipalities(imported, expected, form):
    _, prepared, doc = imported[form]
    assert prepared.missing_ags == [], prepared.missing_ags
    assert prepared.extra_ags == [], prepared.extra_ags
    gem = keys(doc["gemeinden"])
    assert len(gem) == N_GEM
    assert len(set(gem)) == N_GEM, "one feature per municipality"
    assert set(gem) == set(expected["ags"])
    assert all(re.fullmatch(r"15\d{6}", k) for k in gem)
    krs = keys(doc["kreise"])
    assert len(krs) == N_KRS and set(krs) == set(expected["district_key"])
    assert keys(doc["land"]) == ["15"]
    assert doc["meta"]["counts"] == {"gemeinden": N_GEM, "kreise": N_KRS,
                                     "verbandsgemeinden": len(doc["verbandsgemeinden"]["features"])}
    names = {f["properties"]["key"]: f["properties"]["name"] for f in doc["gemeinden"]["features"]}
    assert names["15003000"] == "Magdeburg"
    assert names["15002000"] == "Halle (Saale)"


@pytest.mark.parametrize("form", ["folder", "zip", "shp", "gpkg"])
def test_forms_with_all_layers_have_the_verbandsgemeinden(imported, expected, form):
    _, prepared, doc = imported[form]
    vwg = keys(doc["verbandsgemeinden"])
    assert len(vwg) == N_VWG
    # Only true Verbandsgemeinden, no Einheitsgemeinden: exactly the VGs of municipalities.csv.
    assert set(vwg) == set(expected["vg_key"].dropna())
    assert prepared.meta["counts"]["verbandsgemeinden"] == N_VWG


def test_geojson_of_municipalities_only_dissolves_districts_and_has_no_verbandsgemeinden(imported, expected):
    _, prepared, doc = imported["geojson"]
    assert doc["verbandsgemeinden"] == {"type": "FeatureCollection", "features": []}
    assert prepared.meta["counts"]["verbandsgemeinden"] == 0
    # Districts and the state come from dissolving the municipalities and match the official layers.
    _, _, full = imported["folder"]
    official = dict(zip(keys(full["kreise"]), geoms(full["kreise"])))
    dissolved = dict(zip(keys(doc["kreise"]), geoms(doc["kreise"])))
    assert set(dissolved) == set(official)
    for key, geom in dissolved.items():
        assert shapely.hausdorff_distance(geom, official[key]) < 0.01, key
        assert abs(geom.area - official[key].area) / official[key].area < 0.01, key
    land = geoms(doc["land"])[0]
    assert abs(land.area - geoms(full["land"])[0].area) / land.area < 0.001


@pytest.mark.parametrize("form", ["zip", "shp", "gpkg"])
def test_forms_give_the_same_geometry_as_the_folder(imported, form):
    _, _, doc = imported[form]
    _, _, ref_doc = imported["folder"]
    for level in ("gemeinden", "verbandsgemeinden", "kreise", "land"):
        assert doc[level] == ref_doc[level], level


def test_geojson_gives_the_same_municipalities_as_the_folder(imported):
    _, _, doc = imported["geojson"]
    _, _, ref_doc = imported["folder"]
    a = dict(zip(keys(doc["gemeinden"]), geoms(doc["gemeinden"])))
    b = dict(zip(keys(ref_doc["gemeinden"]), geoms(ref_doc["gemeinden"])))
    assert a.keys() == b.keys()
    for key in a:
        assert shapely.hausdorff_distance(a[key], b[key]) <= 3 * gb.PRECISION_DEG, key


@pytest.mark.parametrize("form", ["folder", "zip", "shp", "gpkg"])
def test_meta_of_the_official_product(imported, form):
    _, _, doc = imported[form]
    meta = doc["meta"]
    assert meta["product"] == "VG5000"
    assert meta["licence"] == LICENCE
    if form == "gpkg":  # a GeoPackage carries no aktualitaet.txt: the edition is unknown
        assert meta["edition"] is None
        assert meta["attribution"] == f"© GeoBasis-DE / BKG {dt.date.today().year} (Daten verändert)"
    else:
        assert meta["edition"] == "2021-01-01"
        assert meta["attribution"] == ATTRIBUTION


def test_meta_of_a_bare_geojson(imported):
    meta = imported["geojson"][2]["meta"]
    assert meta["product"] == "VG"
    assert meta["edition"] is None
    assert meta["source"] == "gemeinden.geojson"
    assert re.fullmatch(r"© GeoBasis-DE / BKG \d{4} \(Daten verändert\)", meta["attribution"])


# --- reprojection ----------------------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
def test_coordinates_are_wgs84_within_saxony_anhalt(imported, form):
    _, _, doc = imported[form]
    for level in ("gemeinden", "verbandsgemeinden", "kreise", "land"):
        collection = doc[level]
        assert "crs" not in collection or "4326" in json.dumps(collection["crs"]) or "CRS84" in \
            json.dumps(collection["crs"]), level
        if not collection["features"]:
            continue
        xy = shapely.get_coordinates(geoms(collection))
        assert LON_RANGE[0] <= xy[:, 0].min() and xy[:, 0].max() <= LON_RANGE[1], (level, xy[:, 0].min(),
                                                                                    xy[:, 0].max())
        assert LAT_RANGE[0] <= xy[:, 1].min() and xy[:, 1].max() <= LAT_RANGE[1], (level, xy[:, 1].min(),
                                                                                    xy[:, 1].max())
    # Magdeburg's area contains its centre as listed in municipalities.csv (lon/lat order, not swapped).
    mag = next(shape(f["geometry"]) for f in doc["gemeinden"]["features"] if f["properties"]["key"] == "15003000")
    assert mag.contains(shapely.Point(11.63, 52.13))


# --- only Saxony-Anhalt, only land areas -----------------------------------------------------------

def _translated(geom, dx: float, dy: float):
    return shapely.transform(geom, lambda xy: xy + [dx, dy])


def test_keeps_only_saxony_anhalt_and_land_areas(ref, ref_layers, expected, tmp_path):
    folder = copy_layers(ref, tmp_path / "mod", layers=("VWG", "KRS", "LAN"))
    gem = ref_layers["GEM"]
    magdeburg = gem[gem["AGS"] == "15003000"].iloc[0]
    other_state = magdeburg.copy()
    other_state[["AGS", "ARS", "GEN", "GF"]] = ["14713000", "147130000000", "Leipzig (fremdes Land)", 9]
    other_state["geometry"] = _translated(magdeburg.geometry, 60_000, -180_000)
    water = magdeburg.copy()
    water[["AGS", "ARS", "GEN", "GF"]] = ["15999999", "159999999999", "Wasserfläche", 4]
    water["geometry"] = _translated(magdeburg.geometry, 0, -40_000)
    rows = gpd.GeoDataFrame([other_state, water], geometry="geometry", crs=gem.crs)
    modified = pd.concat([gem, rows], ignore_index=True)
    assert modified.crs == gem.crs
    modified.to_file(folder / "VG5000_GEM.shp", encoding="utf-8")
    assert len(gpd.read_file(folder / "VG5000_GEM.shp")) == N_GEM + 2

    target, prepared = gb.import_path(folder, tmp_path / "out", expected)
    doc = json.loads(target.read_text(encoding="utf-8"))
    gem_keys = keys(doc["gemeinden"])
    assert "14713000" not in gem_keys, "a municipality of another state is dropped"
    assert "15999999" not in gem_keys, "a GF=4 (water) area is dropped"
    assert set(gem_keys) == set(expected["ags"]) and len(gem_keys) == N_GEM
    assert prepared.extra_ags == [] and prepared.missing_ags == []
    assert all(k.startswith("15") for level in ("gemeinden", "verbandsgemeinden", "kreise", "land")
               for k in keys(doc[level]))
    assert not any("14713" in k for k in keys(doc["kreise"]))


def test_without_gf_column_every_saxony_anhalt_row_is_kept(ref_layers, expected, tmp_path):
    gem = ref_layers["GEM"].drop(columns=["GF"]).to_crs(4326)
    extra = gem[gem["AGS"] == "15003000"].copy()
    extra[["AGS", "GEN"]] = ["15999999", "Ohne Geofaktor"]
    extra["geometry"] = _translated(extra.geometry.iloc[0], 0.0, -0.5)
    path = tmp_path / "ohne_gf.geojson"
    pd.concat([gem, extra]).pipe(gpd.GeoDataFrame, crs=4326).to_file(path, driver="GeoJSON")
    _, prepared = gb.import_path(path, tmp_path / "out", expected)
    assert len(prepared.gemeinden) == N_GEM + 1
    assert prepared.extra_ags == ["15999999"]
    assert prepared.missing_ags == []


def test_municipalities_csv_without_an_area_is_reported(imported, expected, ref, tmp_path):
    fewer = expected[expected["ags"] != "15003000"]
    _, prepared = gb.import_path(ref, tmp_path / "out", fewer)
    assert prepared.extra_ags == ["15003000"]
    more = pd.concat([expected, expected.iloc[[0]].assign(ags="15003999", name="Neu")])
    _, prepared = gb.import_path(ref, tmp_path / "out2", more)
    assert prepared.missing_ags == ["15003999"]


# --- simplification --------------------------------------------------------------------------------

def _check_coverage(doc: dict, rel_area: float = 1e-5) -> None:
    for level in ("gemeinden", "verbandsgemeinden", "kreise"):
        g = geoms(doc[level])
        assert all(x.is_valid and not x.is_empty for x in g), level
        assert shapely.coverage_is_valid(g), f"{level}: overlaps or edges that do not match"
    land = geoms(doc["land"])[0]
    for level in ("gemeinden", "kreise"):
        union = shapely.union_all(geoms(doc[level]))
        assert land.difference(union).area <= rel_area * land.area, f"{level}: gaps inside the state"
        assert union.difference(land).area <= rel_area * land.area, f"{level}: areas outside the state"
        # No holes in the union: the state has no enclaves of other states.
        assert all(len(p.interiors) == 0 for p in getattr(union, "geoms", [union])), level


def test_simplified_municipalities_have_no_gaps_or_overlaps(imported):
    _check_coverage(imported["folder"][2])


def test_stronger_simplification_still_has_no_gaps_or_overlaps(ref, tmp_path):
    target, _ = gb.import_path(ref, tmp_path / "out", None, tolerance=0.01)
    doc = json.loads(target.read_text(encoding="utf-8"))
    # Within each layer: no overlaps, no gaps (holes). Between layers the outer outline is simplified
    # independently, so at this coarse tolerance the state polygon and the union differ a little more.
    _check_coverage(doc, rel_area=1e-3)
    # Control: simplifying each municipality on its own at the same tolerance would break the coverage,
    # so the check above can tell a coverage simplification from a naive one.
    raw = gb._state_only(gpd.read_file(ref / "VG5000_GEM.shp"), "AGS", 8, "GEM")
    naive = shapely.simplify(raw.geometry.values, 0.01)
    assert not shapely.coverage_is_valid(naive)


def test_simplified_file_is_smaller_than_the_unsimplified(imported, ref, tmp_path):
    target, _ = imported["folder"][:2]
    unsimplified, prepared0 = gb.import_path(ref, tmp_path / "raw", None, tolerance=0)
    assert prepared0.meta["simplified_tolerance_deg"] == 0
    assert target.stat().st_size < unsimplified.stat().st_size
    simplified_doc = imported["folder"][2]
    raw_doc = json.loads(unsimplified.read_text(encoding="utf-8"))
    assert coord_count(simplified_doc) < coord_count(raw_doc)
    coarse, _ = gb.import_path(ref, tmp_path / "coarse", None, tolerance=0.01)
    assert coarse.stat().st_size < 0.8 * target.stat().st_size
    assert simplified_doc["meta"]["simplified_tolerance_deg"] == gb.TOLERANCE_DEG


# --- writing ---------------------------------------------------------------------------------------

def test_written_file_is_complete_json(imported):
    target, _, _ = imported["zip"]
    assert target.name == "grenzen.json"
    doc = json.loads(target.read_text(encoding="utf-8"))  # valid UTF-8 JSON
    meta = doc["meta"]
    assert meta["attribution"] == ATTRIBUTION
    assert meta["edition"] == "2021-01-01"
    assert meta["product"] == "VG5000"
    assert meta["licence"] == LICENCE
    assert meta["source"] == "vg5000.zip"
    assert dt.datetime.fromisoformat(meta["imported"]).tzinfo is not None
    for level in ("gemeinden", "verbandsgemeinden", "kreise", "land"):
        assert doc[level]["type"] == "FeatureCollection"
        for f in doc[level]["features"]:
            assert set(f["properties"]) == {"key", "name"}
            assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert "Daten verändert" in target.read_text(encoding="utf-8"), "stored as UTF-8, not \\u-escaped"
    assert (target.stat().st_mode & 0o777) == 0o644


def test_import_leaves_no_temporary_files(ref, expected, tmp_path, monkeypatch):
    tmp_root = tmp_path / "systmp"
    tmp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_root))
    archive = make_zip(ref, tmp_path / "vg.zip")
    out = tmp_path / "out"
    gb.import_path(archive, out, expected)
    gb.import_path(archive, out, expected)  # replacing an existing file
    assert sorted(p.name for p in out.iterdir()) == ["grenzen.json"]
    assert list(tmp_root.iterdir()) == [], "unpacked zip removed"
    with pytest.raises(gb.BoundaryError):
        gb.import_path(tmp_path / "missing.zip", out, expected)
    assert list(tmp_root.iterdir()) == []


def test_a_failing_write_keeps_the_previous_file(imported, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    previous = imported["folder"][0].read_bytes()
    (out / "grenzen.json").write_bytes(previous)

    def broken_dump(obj, fh, **kw):
        fh.write('{"meta": {')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gb.json, "dump", broken_dump)
    with pytest.raises(OSError):
        gb.write(imported["zip"][1], out)
    assert (out / "grenzen.json").read_bytes() == previous
    assert sorted(p.name for p in out.iterdir()) == ["grenzen.json"], "half-written temp file removed"


# --- the command line ------------------------------------------------------------------------------
# Every CLI case runs as its own process (sys.executable -m geo.boundaries, cwd=REPO); they are started
# together from one module fixture because each process spends a second importing geopandas.

PROXY_VARS = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def http_root(tmp_path_factory):
    """A local HTTP server (ThreadingHTTPServer on 127.0.0.1, free port) serving a folder in tmp."""
    root = tmp_path_factory.mktemp("www")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class CliRun:
    proc: subprocess.CompletedProcess
    out: Path  # the --out folder
    tmp: Path  # TMPDIR of the process
    before: bytes | None  # grenzen.json before the run


def run_cli(args: list[str], tmp: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    tmp.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in PROXY_VARS and k not in ("DATA_DIR", "GEO_DIR", "BKG_VG250_URL")}
    env.update(TMPDIR=str(tmp), NO_PROXY="127.0.0.1,localhost", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "geo.boundaries", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="module")
def cli(ref, ref_layers, imported, http_root, tmp_path_factory) -> dict[str, CliRun]:
    base = tmp_path_factory.mktemp("cli")
    good = imported["folder"][0]
    www, url = http_root
    make_zip(ref, www / "vg.zip")

    broken = base / "vg250.zip"
    broken.write_bytes(os.urandom(4096))
    no_gem = copy_layers(ref, base / "ohne_gem", layers=("VWG", "KRS", "LAN"))
    other = copy_layers(ref, base / "sachsen", layers=("VWG", "KRS", "LAN"))
    gem = ref_layers["GEM"].copy()
    gem["AGS"] = "14" + gem["AGS"].str[2:]
    gem["ARS"] = "14" + gem["ARS"].str[2:]
    gem.to_file(other / "VG5000_GEM.shp", encoding="utf-8")

    cases = {
        "broken_zip": ["import", str(broken)],
        "no_gem": ["import", str(no_gem)],
        "no_state": ["import", str(other / "VG5000_GEM.shp")],
        "missing": ["import", str(base / "gibt-es-nicht.zip")],
        "fetch_404": ["fetch", "--url", f"{url}/nicht-da.zip"],
        "fetch_closed": ["fetch", "--url", f"http://127.0.0.1:{closed_port()}/vg.zip", "--timeout", "10"],
        "fetch": ["fetch", "--url", f"{url}/vg.zip"],
        "import": ["import", str(ref)],
        "status": ["status"],
    }
    runs: dict[str, tuple[list[str], Path, Path, bytes | None]] = {}
    for name, args in cases.items():
        out = base / name / "geo"
        if name != "import":
            out.mkdir(parents=True)
            if name == "fetch":  # recognisably different, so that the test sees it replaced
                (out / "grenzen.json").write_text('{"meta": {}, "alt": true}', encoding="utf-8")
            else:
                shutil.copy(good, out / "grenzen.json")
        before = (out / "grenzen.json").read_bytes() if (out / "grenzen.json").exists() else None
        runs[name] = (args + ["--out", str(out)], out, base / name / "tmp", before)
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(run_cli, args, tmp) for name, (args, _, tmp, _) in runs.items()}
        return {name: CliRun(futures[name].result(), out, tmp, before)
                for name, (_, out, tmp, before) in runs.items()}


def _assert_refused(run: CliRun, message: str) -> None:
    proc = run.proc
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Import abgebrochen:"), lines[0]
    assert message in lines[0], lines[0]
    assert "Die bisherigen Grenzen bleiben unverändert." in lines[0]
    assert (run.out / "grenzen.json").read_bytes() == run.before, "previous boundaries untouched"
    assert sorted(p.name for p in run.out.iterdir()) == ["grenzen.json"], "no temp files in the output folder"
    assert list(run.tmp.iterdir()) == [], "no temporary folders left"


@pytest.mark.parametrize("case, message", [
    ("broken_zip", "vg250.zip ist keine gültige ZIP-Datei"),
    ("no_gem", "fehlt die Gemeindeebene (…_GEM.shp)"),
    ("no_state", "Die Ebene GEM enthält keine Gebiete in Sachsen-Anhalt"),
    ("missing", "gibt-es-nicht.zip gibt es nicht"),
])
def test_cli_failed_import_keeps_the_previous_boundaries(cli, case, message):
    _assert_refused(cli[case], message)


def test_cli_folder_without_municipality_layer_names_what_it_found(cli):
    assert "VG5000_KRS" in cli["no_gem"].proc.stderr


def test_cli_import_reports_success(cli):
    run = cli["import"]
    assert run.proc.returncode == 0, run.proc.stderr
    assert run.before is None
    assert "Traceback" not in run.proc.stderr
    assert f"Grenzen importiert: {N_GEM} Gemeinden, {N_VWG} Verbandsgemeinden, {N_KRS} Kreise " \
           f"(VG5000, Stand 2021-01-01)" in run.proc.stdout
    assert f"Quellenvermerk: {ATTRIBUTION}" in run.proc.stdout
    assert "Hinweis" not in run.proc.stdout, "every AGS of municipalities.csv has an area"
    assert sorted(p.name for p in run.out.iterdir()) == ["grenzen.json"]
    assert list(run.tmp.iterdir()) == []
    assert len(gb.load(run.out).gemeinden["features"]) == N_GEM


def test_cli_fetch_downloads_and_imports(cli, http_root):
    run = cli["fetch"]
    _, url = http_root
    assert run.proc.returncode == 0, run.proc.stderr
    assert f"Lade {url}/vg.zip" in run.proc.stdout
    assert f"Grenzen importiert: {N_GEM} Gemeinden, {N_VWG} Verbandsgemeinden, {N_KRS} Kreise" in run.proc.stdout
    assert (run.out / "grenzen.json").read_bytes() != run.before, "the previous file was replaced"
    b = gb.load(run.out)
    assert b is not None
    assert b.meta["product"] == "VG5000" and b.meta["edition"] == "2021-01-01"
    assert b.meta["attribution"] == ATTRIBUTION
    assert len(b.gemeinden["features"]) == N_GEM and len(b.kreise["features"]) == N_KRS
    assert len(b.verbandsgemeinden["features"]) == N_VWG
    assert sorted(p.name for p in run.out.iterdir()) == ["grenzen.json"]
    assert list(run.tmp.iterdir()) == [], "downloaded archive removed"


def test_cli_fetch_without_connection(cli):
    _assert_refused(cli["fetch_closed"], "Download nicht möglich")


def test_cli_fetch_of_a_missing_file(cli):
    _assert_refused(cli["fetch_404"], "Download nicht möglich")


def test_cli_status(cli):
    run = cli["status"]
    assert run.proc.returncode == 0, run.proc.stderr
    assert "VG5000" in run.proc.stdout
    assert "Stand 2021-01-01" in run.proc.stdout
    assert ATTRIBUTION in run.proc.stdout
    assert (run.out / "grenzen.json").read_bytes() == run.before, "status changes nothing"


# The same entry point in-process (cheaper than another interpreter): a truncated download, an empty folder.

def test_main_truncated_zip_keeps_the_previous(ref, imported, tmp_path, capsys):
    out = tmp_path / "geo"
    out.mkdir()
    shutil.copy(imported["folder"][0], out / "grenzen.json")
    before = (out / "grenzen.json").read_bytes()
    whole = make_zip(ref, tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "abgebrochen.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    assert gb.main(["import", str(cut), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Import abgebrochen: abgebrochen.zip ist keine gültige ZIP-Datei")
    assert "Die bisherigen Grenzen bleiben unverändert." in lines[0]
    assert (out / "grenzen.json").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["grenzen.json"]


def test_main_status_without_boundaries(tmp_path, capsys):
    assert gb.main(["status", "--out", str(tmp_path)]) == 0
    assert "Keine Grenzen importiert" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == [], "status writes nothing"



# --- loading and status ----------------------------------------------------------------------------

def test_load_of_an_empty_folder_is_none(tmp_path):
    assert gb.load(tmp_path) is None


def test_load_of_imported_boundaries(imported):
    target = imported["folder"][0]
    b = gb.load(target.parent)
    assert isinstance(b, gb.Boundaries)
    assert b.meta["attribution"] == ATTRIBUTION
    assert len(b.gemeinden["features"]) == N_GEM
    assert len(b.verbandsgemeinden["features"]) == N_VWG
    assert len(b.kreise["features"]) == N_KRS
    assert len(b.land["features"]) == 1


@pytest.mark.parametrize("content", [
    b'{"meta": {"product": "VG5000"}, "gemeinden": {"type": "Feature',  # cut off
    b"\x00\x01garbage",
    b'{"meta": {}}',  # valid JSON, collections missing
    b"[1, 2, 3]",
    "{\"meta\": \"ä\"}".encode("latin-1"),  # not UTF-8
], ids=["truncated", "binary", "incomplete", "list", "latin-1"])
def test_load_of_a_corrupt_file_raises_a_german_error(tmp_path, content):
    (tmp_path / "grenzen.json").write_bytes(content)
    with pytest.raises(gb.BoundaryError) as info:
        gb.load(tmp_path)
    message = str(info.value)
    assert "grenzen.json ist nicht lesbar" in message
    assert "bitte neu importieren" in message


def test_a_single_shp_path_imports_that_file_even_beside_other_products(ref, ref_layers, expected, tmp_path):
    """Downloads often hold several BKG products side by side: the .shp named is the one imported."""
    folder = copy_layers(ref, tmp_path / "downloads")
    other = ref_layers["GEM"].copy()
    other["AGS"] = "14" + other["AGS"].str[2:]  # another product, another state: must not be picked
    other.to_file(folder / "VG250_GEM.shp", encoding="utf-8")
    target, prepared = gb.import_path(folder / "VG5000_GEM.shp", tmp_path / "out", expected)
    assert len(prepared.gemeinden) == N_GEM
    assert prepared.missing_ags == []
    assert prepared.meta["product"] == "VG5000"
    assert len(prepared.verbandsgemeinden) == N_VWG and len(prepared.kreise) == N_KRS
