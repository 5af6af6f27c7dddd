"""geo.boundaries: the BKG's packages as they ship (GeoPackage and shapefile zips, VG250 and VG250-EW, current
and older layouts), the edition and attribution, land areas by Geofaktor, bounded unpacking, sense checks and
backup/restore.

Every input is built here from synthetic polygons: one Voronoi cell per municipality of data/municipalities.csv
around its seat (so each seat lies in its own area), written with pyogrio in the coordinate systems the BKG uses
(EPSG:25832, EPSG:31467) or in WGS84, laid out in folders and zips the way the BKG's documentation and downloads
name them: `vg250_ebenen_0101/DE_VG250.gpkg` with layers vg250_gem, vg250_vwg, vg250_krs, vg250_lan, the edition
in `dokumentation/aktualitaet.txt`; older packages as `vg250_ebenen/…` with aktualitaet.txt one folder up.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import struct
import tempfile
import threading
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import CRS
from shapely.geometry import shape

from data.loading import load_municipalities
from geo import boundaries as gb
from geo import safezip, store
from tests.conftest import DATA

N_GEM, N_VWG, N_KRS = 218, 18, 14
UTM32, GK3 = 25832, 31467


# --- synthetic municipalities ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return load_municipalities(DATA / "municipalities.csv")


def _cells(expected: pd.DataFrame) -> gpd.GeoDataFrame:
    """One polygon per municipality (EPSG:25832): the Voronoi cell of its seat, clipped to the seats' hull."""
    seats = gpd.GeoSeries(gpd.points_from_xy(expected["lon"], expected["lat"]), crs=4326).to_crs(UTM32)
    hull = shapely.MultiPoint(list(seats)).convex_hull.buffer(8000)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(seats)), extend_to=hull)
    cell_of = {}
    for cell in cells.geoms:
        for i, p in enumerate(seats):
            if i not in cell_of and cell.contains(p):
                cell_of[i] = cell.intersection(hull)
                break
    assert len(cell_of) == len(expected)
    return gpd.GeoDataFrame(expected[["ags", "ars", "name", "vg_key", "district_key"]].reset_index(drop=True),
                            geometry=[cell_of[i] for i in range(len(expected))], crs=UTM32)


@pytest.fixture(scope="module")
def cells(expected) -> gpd.GeoDataFrame:
    return _cells(expected)


def bkg_layers(cells: gpd.GeoDataFrame, crs: int = UTM32, gf: int = 4, ew: bool = False,
               extras: bool = True) -> dict[str, gpd.GeoDataFrame]:
    """GEM, VWG, KRS, LAN with the BKG's columns (AGS, ARS, GEN, BEZ, GF; EWZ in VG250-EW)."""
    gem = gpd.GeoDataFrame({"AGS": cells["ags"], "ARS": cells["ars"], "GEN": cells["name"],
                            "BEZ": "Gemeinde", "GF": gf}, geometry=cells.geometry, crs=UTM32)
    if extras:
        # A municipality of Saxony (another state) and a lake (GF 2, water) inside Magdeburg's key: both dropped.
        mag = cells.loc[cells["ags"] == "15003000"].geometry.iloc[0]
        other = gpd.GeoDataFrame({"AGS": ["14713000"], "ARS": ["147130000000"], "GEN": ["Leipzig"],
                                  "BEZ": ["Stadt"], "GF": [gf]},
                                 geometry=[shapely.affinity.translate(mag, 120_000, -150_000)], crs=UTM32)
        parts = [gem, other]
        if gf == 4:
            lake = shapely.Point(mag.centroid.x + 40_000, mag.centroid.y).buffer(1500)
            parts.append(gpd.GeoDataFrame({"AGS": ["15003000"], "ARS": ["150030000000"], "GEN": ["Magdeburg"],
                                           "BEZ": ["Stadt"], "GF": [2]}, geometry=[lake], crs=UTM32))
        gem = pd.concat(parts, ignore_index=True).pipe(gpd.GeoDataFrame, crs=UTM32)
    vg = cells.assign(key=np.where(cells["vg_key"].notna(), cells["vg_key"], cells["ars"].str[:9]),
                      kind=np.where(cells["vg_key"].notna(), "Verbandsgemeinde", "Einheitsgemeinde"))
    vwg = vg.dissolve(by="key", aggfunc="first", as_index=False)
    vwg = gpd.GeoDataFrame({"AGS": vwg["key"].str[:5], "ARS": vwg["key"] + "000", "GEN": vwg["name"],
                            "BEZ": vwg["kind"], "GF": gf}, geometry=vwg.geometry, crs=UTM32)
    krs = cells.dissolve(by="district_key", aggfunc="first", as_index=False)
    krs = gpd.GeoDataFrame({"AGS": krs["district_key"], "ARS": krs["district_key"] + "0000000",
                            "GEN": krs["district_key"], "BEZ": "Landkreis", "GF": gf}, geometry=krs.geometry,
                           crs=UTM32)
    lan = gpd.GeoDataFrame({"AGS": ["15"], "ARS": ["150000000000"], "GEN": ["Sachsen-Anhalt"], "BEZ": ["Land"],
                            "GF": [gf]}, geometry=[shapely.union_all(cells.geometry.values)], crs=UTM32)
    layers = {"GEM": gem, "VWG": vwg, "KRS": krs, "LAN": lan}
    if ew:
        layers = {k: v.assign(EWZ=1000) for k, v in layers.items()}
    return {k: v.to_crs(crs) for k, v in layers.items()}


def write_gpkg(path: Path, layers: dict, prefix: str = "vg250", only=("GEM", "VWG", "KRS", "LAN")) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    for layer in only:
        layers[layer].to_file(path, layer=f"{prefix}_{layer.lower()}", driver="GPKG", engine="pyogrio")
    return path


def write_shapes(folder: Path, layers: dict, prefix: str = "VG250", only=("GEM", "VWG", "KRS", "LAN")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for layer in only:
        layers[layer].to_file(folder / f"{prefix}_{layer}.shp", encoding="utf-8", engine="pyogrio")
    return folder


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("latin-1"))
    return path


def zip_tree(root: Path, target: Path) -> Path:
    """Zip everything below `root` with paths relative to it (as the BKG's downloads are packed)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(root).as_posix())
    return target


def keys(collection: dict) -> list[str]:
    return [f["properties"]["key"] for f in collection["features"]]


def doc_of(target: Path) -> dict:
    return json.loads(target.read_text(encoding="utf-8"))


# --- the BKG's packages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def packages(cells, tmp_path_factory) -> dict[str, Path]:
    """Each package form once, in tmp: name -> path to import."""
    base = tmp_path_factory.mktemp("bkg")
    vg250 = bkg_layers(cells)
    ew = bkg_layers(cells, gf=9, ew=True)
    out = {}

    # Current GeoPackage zip: vg250_ebenen_0101/DE_VG250.gpkg beside dokumentation/aktualitaet.txt.
    root = base / "gpkg_current"
    write_gpkg(root / "vg250_ebenen_0101" / "DE_VG250.gpkg", vg250)
    write_text(root / "dokumentation" / "aktualitaet.txt", "01.01.2023\r\n")
    write_text(root / "dokumentation" / "vg250.pdf", "%PDF-1.4 Dokumentation")
    out["gpkg_zip"] = zip_tree(root, base / "vg250_01-01.utm32s.gpkg.ebenen.zip")

    # The same wrapped in a top folder named like the download (as unpacked by hand and zipped again).
    wrapped = base / "gpkg_wrapped"
    shutil.copytree(root, wrapped / "vg250_01-01.utm32s.gpkg.ebenen")
    (base / "wrapped").mkdir()
    out["gpkg_zip_wrapped"] = zip_tree(wrapped, base / "wrapped" / "vg250_01-01.utm32s.gpkg.ebenen.zip")
    out["folder_top"] = wrapped / "vg250_01-01.utm32s.gpkg.ebenen"
    out["folder_inner"] = wrapped / "vg250_01-01.utm32s.gpkg.ebenen" / "vg250_ebenen_0101"
    out["gpkg_bare"] = out["folder_inner"] / "DE_VG250.gpkg"

    # Older layout: vg250_ebenen/ (no date in the folder), aktualitaet.txt at the package's top.
    old = base / "gpkg_old"
    write_gpkg(old / "vg250_ebenen" / "DE_VG250.gpkg", vg250)
    write_text(old / "aktualitaet.txt", "01.01.2019\n")
    out["gpkg_zip_old"] = zip_tree(old, base / "vg250_2019.gpkg.ebenen.zip")

    # VG250-EW: areas coded GF 9, population column EWZ, edition 31.12.
    ew_root = base / "ew" / "vg250-ew_12-31.utm32s.gpkg.ebenen"
    write_gpkg(ew_root / "vg250-ew_ebenen_1231" / "DE_VG250.gpkg", ew)
    write_text(ew_root / "dokumentation" / "aktualitaet.txt", "31.12.2022")
    out["ew_zip"] = zip_tree(base / "ew", base / "vg250-ew_12-31.utm32s.gpkg.ebenen.zip")

    # Shapefile zip (current) and an old Gauss-Krüger shapefile zip.
    shp = base / "shape_current"
    write_shapes(shp / "vg250_ebenen_0101", vg250)
    write_text(shp / "dokumentation" / "aktualitaet.txt", "01.01.2024")
    out["shape_zip"] = zip_tree(shp, base / "vg250_01-01.utm32s.shape.ebenen.zip")
    gk = base / "shape_gk3" / "vg250_2018-01-01.gk3.shape.ebenen"
    write_shapes(gk / "vg250_ebenen", bkg_layers(cells, crs=GK3))
    out["shape_zip_gk3"] = zip_tree(base / "shape_gk3", base / "vg250_2018-01-01.gk3.shape.ebenen.zip")
    return out


@pytest.fixture(scope="module")
def imported(packages, expected, tmp_path_factory) -> dict[str, tuple[Path, gb.Prepared, dict]]:
    base = tmp_path_factory.mktemp("imported")
    out = {}
    for name, path in packages.items():
        target, prepared = gb.import_path(path, base / name, expected)
        out[name] = (target, prepared, doc_of(target))
    return out


EDITIONS = {
    "gpkg_zip": ("VG250", "2023-01-01"),
    "gpkg_zip_wrapped": ("VG250", "2023-01-01"),
    "folder_top": ("VG250", "2023-01-01"),
    "folder_inner": ("VG250", "2023-01-01"),  # aktualitaet.txt in the sibling dokumentation/
    "gpkg_bare": ("VG250", "2023-01-01"),  # likewise
    "gpkg_zip_old": ("VG250", "2019-01-01"),  # one folder above the data
    "ew_zip": ("VG250-EW", "2022-12-31"),
    "shape_zip": ("VG250", "2024-01-01"),
    "shape_zip_gk3": ("VG250", "2018-01-01"),  # no aktualitaet.txt: the date in the package's name
}


@pytest.mark.parametrize("form", sorted(EDITIONS))
def test_every_package_form_imports_all_municipalities(imported, expected, form):
    _, prepared, doc = imported[form]
    assert sorted(keys(doc["gemeinden"])) == sorted(expected["ags"])
    assert prepared.missing_ags == [] and prepared.extra_ags == []
    assert sorted(keys(doc["verbandsgemeinden"])) == sorted(expected["vg_key"].dropna().unique())
    assert len(keys(doc["kreise"])) == N_KRS and keys(doc["land"]) == ["15"]
    assert doc["meta"]["counts"] == {"gemeinden": N_GEM, "verbandsgemeinden": N_VWG, "kreise": N_KRS}
    assert doc["meta"]["coverage"] == {"matched": N_GEM, "expected": N_GEM, "min_share": gb.DEFAULT_MIN_SHARE}


@pytest.mark.parametrize("form", sorted(EDITIONS))
def test_product_edition_and_attribution_year_come_from_the_package(imported, form):
    product, edition = EDITIONS[form]
    meta = imported[form][2]["meta"]
    assert meta["product"] == product
    assert meta["edition"] == edition
    assert meta["attribution"] == f"© GeoBasis-DE / BKG {edition[:4]} (Daten verändert)"


def test_all_forms_give_the_same_areas(imported):
    """GeoPackage or shapefile, UTM or Gauss-Krüger, zipped or not: the same municipalities (within the
    stored precision)."""
    reference = {f["properties"]["key"]: shape(f["geometry"]) for f in imported["gpkg_zip"][2]["gemeinden"]["features"]}
    for form in EDITIONS:
        doc = imported[form][2]
        for f in doc["gemeinden"]["features"]:
            g = shape(f["geometry"])
            assert shapely.hausdorff_distance(g, reference[f["properties"]["key"]]) < 3 * gb.PRECISION_DEG, form


def test_water_areas_and_other_states_are_left_out(imported, cells):
    """VG250 codes land as GF 4: the GF 2 lake filed under Magdeburg's key must not join Magdeburg."""
    doc = imported["gpkg_zip"][2]
    mag = next(shape(f["geometry"]) for f in doc["gemeinden"]["features"] if f["properties"]["key"] == "15003000")
    cell = cells.loc[cells["ags"] == "15003000"].to_crs(4326).geometry.iloc[0]
    assert abs(mag.area - cell.area) / cell.area < 0.01
    assert isinstance(mag, shapely.Polygon), "no second part (the lake)"
    assert "14713000" not in keys(doc["gemeinden"])
    assert all(k.startswith("15") for k in keys(doc["kreise"]))


def test_land_code_per_product(cells):
    vg250 = bkg_layers(cells)["GEM"]
    assert gb.land_code(vg250, "VG250", "x") == 4
    ew = bkg_layers(cells, gf=9, ew=True)["GEM"]
    assert gb.land_code(ew, "VG250-EW", "x") == 9
    assert gb.land_code(ew.assign(GF=9), "VG5000", "x") == 9
    assert gb.land_code(vg250.drop(columns=["GF"]), "VG250", "x") is None
    with pytest.raises(gb.BoundaryError) as info:
        gb.land_code(vg250.assign(GF=[1, 2] * (len(vg250) // 2) + [2] * (len(vg250) % 2)), "VG250", "DE_VG250.gpkg")
    assert str(info.value) == "DE_VG250.gpkg enthält keine Landflächen (Geofaktor GF 4 oder 9); gefunden: GF 1, 2."


def test_an_ew_package_with_gf_4_rows_keeps_only_its_areas_with_structure(cells, expected, tmp_path):
    """VG250-EW holds GF 9; a GF 4 row in it is not one of its areas and must not double a municipality."""
    layers = bkg_layers(cells, gf=9, ew=True)
    mag = layers["GEM"][layers["GEM"]["AGS"] == "15003000"].copy()
    mag["GF"] = 4
    mag["geometry"] = mag.geometry.translate(30_000, 0)
    layers["GEM"] = pd.concat([layers["GEM"], mag]).pipe(gpd.GeoDataFrame, crs=UTM32)
    root = tmp_path / "vg250-ew_12-31.utm32s.gpkg.ebenen"
    write_gpkg(root / "vg250-ew_ebenen_1231" / "DE_VG250.gpkg", layers)
    target, prepared = gb.import_path(root, tmp_path / "out", expected)
    mag_area = prepared.gemeinden.set_index("key").geometry["15003000"]
    cell = cells.loc[cells["ags"] == "15003000"].to_crs(4326).geometry.iloc[0]
    assert abs(mag_area.area - cell.area) / cell.area < 0.01
    assert prepared.meta["product"] == "VG250-EW"


# --- messages that name what was found -------------------------------------------------------------

def refused(path: Path, expected, out: Path, **kw) -> str:
    with pytest.raises(gb.BoundaryError) as info:
        gb.import_path(path, out, expected, **kw)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_geopackage_without_municipality_layer_names_its_layers(cells, expected, tmp_path):
    root = tmp_path / "pkg"
    write_gpkg(root / "vg250_ebenen_0101" / "DE_VG250.gpkg", bkg_layers(cells), only=("VWG", "KRS", "LAN"))
    archive = zip_tree(root, tmp_path / "vg250_01-01.utm32s.gpkg.ebenen.zip")
    message = refused(archive, expected, tmp_path / "out")
    assert "Gefunden: DE_VG250.gpkg mit den Ebenen vg250_vwg, vg250_krs, vg250_lan; es fehlt die Ebene vg250_gem" \
        in message, message
    assert "_GEM.shp" not in message, "no misleading shapefile name for a GeoPackage"
    assert not (tmp_path / "out").exists()
    message = refused(root / "vg250_ebenen_0101" / "DE_VG250.gpkg", expected, tmp_path / "out")
    assert message.startswith("Gefunden: DE_VG250.gpkg mit den Ebenen vg250_vwg, vg250_krs, vg250_lan; "
                              "es fehlt die Ebene vg250_gem")


def test_zip_without_geodata_lists_what_it_holds(tmp_path, expected):
    archive = tmp_path / "falsch.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("dokumentation/vg250.pdf", "%PDF")
        z.writestr("liesmich.txt", "hallo")
    message = refused(archive, expected, tmp_path / "out")
    assert message == ("falsch.zip enthält weder eine GeoPackage-Datei (.gpkg) noch Shapefiles (.shp) noch GeoJSON; "
                       "gefunden: dokumentation/vg250.pdf, liesmich.txt.")


def test_folder_with_two_products_asks_which(cells, expected, tmp_path):
    folder = tmp_path / "downloads"
    layers = bkg_layers(cells)
    write_shapes(folder / "a", layers, prefix="VG250")
    write_shapes(folder / "b", layers, prefix="VG1000")
    message = refused(folder, expected, tmp_path / "out")
    assert message.startswith("In downloads gibt es mehrere Gemeindeebenen (a/VG250_GEM.shp, b/VG1000_GEM.shp); "
                              "bitte die gewünschte Datei angeben."), message


def test_unknown_edition_falls_back_to_the_import_year_and_says_so(cells, expected, tmp_path, capsys):
    path = write_gpkg(tmp_path / "ohne_stand" / "DE_VG250.gpkg", bkg_layers(cells))
    assert gb.main(["import", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "(VG250, Stand unbekannt)" in out
    assert f"© GeoBasis-DE / BKG {dt.date.today().year} (Daten verändert)" in out
    assert "Hinweis: Der Stand ist unbekannt (keine aktualitaet.txt" in out


# --- shapefiles: the named file and nothing else ---------------------------------------------------

def test_an_empty_shp_does_not_pick_up_another_file(cells, expected, tmp_path):
    folder = write_shapes(tmp_path / "ordner", bkg_layers(cells))
    (folder / "gemeinden.shp").write_bytes(b"")
    message = refused(folder / "gemeinden.shp", expected, tmp_path / "out")
    assert message == "gemeinden.shp ist leer (0 Bytes)."
    assert not (tmp_path / "out").exists()


def test_a_shp_without_features_is_refused(cells, expected, tmp_path):
    folder = write_shapes(tmp_path / "ordner", bkg_layers(cells))
    empty = bkg_layers(cells)["GEM"].iloc[0:0]
    empty.to_file(folder / "VG250_GEM.shp", encoding="utf-8", engine="pyogrio")
    assert refused(folder / "VG250_GEM.shp", expected, tmp_path / "out") == \
        "VG250_GEM.shp enthält keine Flächen (0 Objekte)."
    assert refused(folder, expected, tmp_path / "out") == "VG250_GEM.shp enthält keine Flächen (0 Objekte)."


def test_a_named_shp_is_imported_alone_even_beside_a_bkg_set(cells, expected, tmp_path):
    folder = write_shapes(tmp_path / "ordner", bkg_layers(cells))
    subset = bkg_layers(cells, extras=False)["GEM"].iloc[:200]
    subset.to_file(folder / "gemeinden.shp", encoding="utf-8", engine="pyogrio")
    _, prepared = gb.import_path(folder / "gemeinden.shp", tmp_path / "out", expected)
    assert len(prepared.gemeinden) == 200, "gemeinden.shp itself, not VG250_GEM.shp from its folder"
    assert len(prepared.verbandsgemeinden) == 0
    assert len(prepared.missing_ags) == N_GEM - 200


def test_a_named_district_layer_is_refused(cells, expected, tmp_path):
    folder = write_shapes(tmp_path / "ordner", bkg_layers(cells))
    assert refused(folder / "VG250_KRS.shp", expected, tmp_path / "out") == \
        "VG250_KRS.shp ist die Kreisebene; bitte die Gemeindeebene angeben (VG250_GEM.shp)."


# --- sense checks: nothing is replaced -------------------------------------------------------------

@pytest.fixture()
def previous(imported, tmp_path) -> Path:
    """An output folder holding good boundaries (and a backup), to show that refusals replace nothing."""
    out = tmp_path / "geo"
    out.mkdir()
    shutil.copy(imported["shape_zip"][0], out / store.FILE_NAME)
    shutil.copy(imported["ew_zip"][0], out / store.BACKUP_NAME)
    return out


def assert_unchanged(out: Path, imported) -> None:
    assert (out / store.FILE_NAME).read_bytes() == imported["shape_zip"][0].read_bytes()
    assert (out / store.BACKUP_NAME).read_bytes() == imported["ew_zip"][0].read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [store.FILE_NAME, store.BACKUP_NAME]


def prj(epsg: int) -> str:
    return CRS.from_epsg(epsg).to_wkt("WKT1_ESRI")


def test_prj_saying_wgs84_for_utm_coordinates_is_refused(cells, expected, tmp_path, previous, imported):
    folder = write_shapes(tmp_path / "shp", bkg_layers(cells))
    (folder / "VG250_GEM.prj").write_text(prj(4326))
    message = refused(folder, expected, previous)
    assert message.startswith("VG250_GEM.shp: Die .prj nennt WGS 84 in Grad (EPSG:4326) mit Koordinaten in Grad, "
                              "die Koordinaten reichen aber bis x = "), message
    assert "das sind Meterangaben eines projizierten Systems" in message
    assert "ETRS89 / UTM Zone 32N (EPSG:25832)" in message
    assert_unchanged(previous, imported)


def test_gauss_krueger_declared_as_utm_is_refused(cells, expected, tmp_path, previous, imported):
    folder = write_shapes(tmp_path / "shp", bkg_layers(cells, crs=GK3))
    for layer in ("GEM", "VWG", "KRS", "LAN"):
        (folder / f"VG250_{layer}.prj").write_text(prj(UTM32))
    message = refused(folder, expected, previous)
    assert f"{N_GEM} von {N_GEM} Gebieten der Ebene GEM liegen nicht in Sachsen-Anhalt" in message, message
    assert "Angegebenes Koordinatensystem: ETRS89 / UTM Zone 32N (EPSG:25832)." in message
    assert "Zu den Koordinaten passen würde DHDN / Gauß-Krüger Zone 3 (EPSG:31467)" in message
    assert_unchanged(previous, imported)


def test_degrees_declared_as_metres_are_refused(cells, expected, tmp_path, previous, imported):
    folder = write_shapes(tmp_path / "shp", bkg_layers(cells, crs=4326))
    (folder / "VG250_GEM.prj").write_text(prj(UTM32))
    message = refused(folder, expected, previous)
    assert "mit Koordinaten in Metern, die Koordinaten liegen aber zwischen" in message, message
    assert "das sind Grad" in message and "WGS 84 in Grad (EPSG:4326)" in message
    assert_unchanged(previous, imported)


def test_shapefile_without_prj_is_refused_with_a_hint(cells, expected, tmp_path, previous, imported):
    folder = write_shapes(tmp_path / "shp", bkg_layers(cells, crs=GK3))
    (folder / "VG250_GEM.prj").unlink()
    message = refused(folder / "VG250_GEM.shp", expected, previous)
    assert message.startswith("VG250_GEM.shp hat kein Koordinatenbezugssystem (.prj fehlt). Zu den Koordinaten "
                              "passen würde DHDN / Gauß-Krüger Zone 3 (EPSG:31467)"), message
    assert_unchanged(previous, imported)


def test_shifted_geojson_is_refused(cells, expected, tmp_path, previous, imported):
    path = tmp_path / "gemeinden.geojson"
    gem = bkg_layers(cells, extras=False)["GEM"].to_crs(4326)
    gem.set_geometry(gem.geometry.translate(10, 0)).to_file(path, driver="GeoJSON", engine="pyogrio")
    message = refused(path, expected, previous)
    assert message.startswith(f"gemeinden.geojson: {N_GEM} von {N_GEM} Gebieten der Ebene GEM liegen nicht in "
                              "Sachsen-Anhalt"), message
    assert "Längengrad 20," in message and "erwartet etwa Längengrad 10,6 bis 13,2" in message
    assert "Sind die Koordinaten verschoben?" in message
    assert_unchanged(previous, imported)


def test_one_area_out_of_the_state_is_enough_to_refuse(cells, expected, tmp_path, previous, imported):
    path = tmp_path / "gemeinden.geojson"
    gem = bkg_layers(cells, extras=False)["GEM"].to_crs(4326)
    moved = gem.geometry.where(gem["AGS"] != "15003000", gem.geometry.translate(0, 3))
    gem.set_geometry(moved).to_file(path, driver="GeoJSON", engine="pyogrio")
    message = refused(path, expected, previous)
    assert f"1 von {N_GEM} Gebieten der Ebene GEM liegen nicht in Sachsen-Anhalt (z. B. 15003000 Magdeburg)" \
        in message, message
    assert_unchanged(previous, imported)


def test_geojson_with_a_single_municipality_is_refused(cells, expected, tmp_path, previous, imported):
    path = tmp_path / "eine.geojson"
    bkg_layers(cells, extras=False)["GEM"].to_crs(4326).iloc[[0]].to_file(path, driver="GeoJSON", engine="pyogrio")
    message = refused(path, expected, previous)
    assert message == (f"eine.geojson enthält Flächen für 1 der {N_GEM} Gemeinden aus municipalities.csv (0,5\u202f%); "
                       f"verlangt sind mindestens 90\u202f% (197). Ist das die Gemeindeebene für ganz Sachsen-Anhalt "
                       "und ein passender Gebietsstand?")
    assert_unchanged(previous, imported)


def test_the_required_share_is_configurable(cells, expected, tmp_path):
    path = tmp_path / "teil.geojson"
    bkg_layers(cells, extras=False)["GEM"].to_crs(4326).iloc[:170].to_file(path, driver="GeoJSON", engine="pyogrio")
    message = refused(path, expected, tmp_path / "out")
    assert f"170 der {N_GEM} Gemeinden" in message and "mindestens 90\u202f% (197)" in message
    _, prepared = gb.import_path(path, tmp_path / "out", expected, min_share=0.75)
    assert len(prepared.gemeinden) == 170 and len(prepared.missing_ags) == N_GEM - 170
    assert prepared.meta["coverage"] == {"matched": 170, "expected": N_GEM, "min_share": 0.75}


def test_areas_under_swapped_keys_are_refused(cells, expected, tmp_path, previous, imported):
    layers = bkg_layers(cells, extras=False)
    gem = layers["GEM"]
    order = np.random.default_rng(7).permutation(len(gem))
    gem = gem.set_geometry(gpd.GeoSeries(gem.geometry.values[order], crs=UTM32))
    path = tmp_path / "vertauscht.gpkg"
    write_gpkg(path, {**layers, "GEM": gem})
    message = refused(path, expected, previous)
    assert "liegt der Verwaltungssitz laut municipalities.csv nicht in der Fläche mit ihrem Schlüssel" in message
    assert "Flächen und Schlüssel passen nicht zusammen" in message
    assert_unchanged(previous, imported)


# --- bounded unpacking -----------------------------------------------------------------------------

def _patch_sizes(archive: Path, member: str, declared: int) -> None:
    """Rewrite the declared unpacked size of `member` in its local header and the central directory."""
    data = bytearray(archive.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        n_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30:local + 30 + n_len] == name:
            struct.pack_into("<I", data, local + 22, declared)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        n_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + n_len] == name:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    archive.write_bytes(bytes(data))


@pytest.fixture()
def no_extraction(monkeypatch):
    calls = []
    monkeypatch.setattr(safezip, "extract", lambda *a, **k: calls.append(a))
    return calls


def test_a_3_mb_zip_declaring_3_gb_is_refused_before_unpacking(tmp_path, expected, previous, imported,
                                                                no_extraction):
    archive = tmp_path / "vg250_01-01.utm32s.gpkg.ebenen.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("vg250_ebenen_0101/DE_VG250.gpkg", b"\0" * (3 << 20))
    _patch_sizes(archive, "vg250_ebenen_0101/DE_VG250.gpkg", 3 << 30)
    assert zipfile.ZipFile(archive).getinfo("vg250_ebenen_0101/DE_VG250.gpkg").file_size == 3 << 30
    message = refused(archive, expected, previous)
    assert message.startswith("vg250_01-01.utm32s.gpkg.ebenen.zip enthält „vg250_ebenen_0101/DE_VG250.gpkg“, das von ")
    assert "auf 3,0 GB anwachsen würde (mehr als das 100-Fache)" in message, message
    assert "nichts wurde entpackt" in message
    assert no_extraction == []
    assert_unchanged(previous, imported)


def test_the_declared_total_is_limited(tmp_path, expected, no_extraction):
    archive = tmp_path / "gross.zip"
    rng = np.random.default_rng(0)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a/DE_VG250.gpkg", rng.bytes(3 << 20))  # incompressible, ratio about 1
    limits = gb.Limits(zip=safezip.ZipLimits(max_unpacked_bytes=2 << 20))
    message = refused(archive, expected, tmp_path / "out", limits=limits)
    assert message == "gross.zip würde entpackt 3 MB belegen; erlaubt sind höchstens 2 MB. Nichts wurde entpackt."
    assert no_extraction == []


def test_an_archive_lying_about_its_sizes_stops_at_the_declared_size(tmp_path):
    archive = tmp_path / "luege.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("DE_VG250.gpkg", b"\0" * (8 << 20))
    _patch_sizes(archive, "DE_VG250.gpkg", 1 << 20)  # claims 1 MB, holds 8 MB
    infos = safezip.inspect(archive, lambda n: True)
    target = tmp_path / "entpackt"
    target.mkdir()
    with pytest.raises(safezip.ArchiveError) as info:
        safezip.extract(archive, infos, target)
    assert "ist größer als angegeben" in str(info.value) or "keine gültige ZIP-Datei" in str(info.value)
    written = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    assert written <= 1 << 20, "never more than declared"


def test_extraction_itself_counts_and_stops_at_the_limit(tmp_path):
    """The running byte count in extract() holds even for entries that passed no inspection."""
    archive = tmp_path / "viele.zip"
    rng = np.random.default_rng(1)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for i in range(4):
            z.writestr(f"t{i}.gpkg", rng.bytes(1 << 20))
    infos = zipfile.ZipFile(archive).infolist()
    target = tmp_path / "x"
    target.mkdir()
    with pytest.raises(safezip.ArchiveError) as info:
        safezip.extract(archive, infos, target, safezip.ZipLimits(max_unpacked_bytes=(2 << 20) + 10))
    assert str(info.value) == "würde entpackt mehr als 2,0 MB belegen (mehr als erlaubt). Entpacken abgebrochen."
    assert sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) <= (2 << 20) + 10


@pytest.mark.parametrize("member", ["../../boese.gpkg", "/etc/boese.gpkg", "a/../../boese.gpkg", "a\\..\\boese.gpkg"])
def test_paths_outside_the_target_are_refused(tmp_path, expected, member, no_extraction):
    archive = tmp_path / "pfad.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("vg250_ebenen_0101/DE_VG250.gpkg", b"x")
        z.writestr(member, b"x")
    message = refused(archive, expected, tmp_path / "out")
    assert message.startswith(f"pfad.zip enthält einen Eintrag mit unzulässigem Pfad („{member}“"), message
    assert no_extraction == []
    assert not (tmp_path.parent / "boese.gpkg").exists()


def test_links_in_the_archive_are_refused(tmp_path, expected, no_extraction):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as z:
        info = zipfile.ZipInfo("vg250_ebenen_0101/DE_VG250.gpkg")
        info.external_attr = (0o120777 << 16)
        z.writestr(info, "/etc/passwd")
    message = refused(archive, expected, tmp_path / "out")
    assert message == ("link.zip enthält eine Verknüpfung („vg250_ebenen_0101/DE_VG250.gpkg“) statt einer Datei. "
                       "Nichts wurde entpackt.")


def test_too_many_entries_are_refused_before_the_directory_is_parsed(tmp_path, expected, monkeypatch):
    archive = tmp_path / "eintraege.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for i in range(30):
            z.writestr(f"d/{i}.txt", b"")
    opened = []
    real = zipfile.ZipFile
    monkeypatch.setattr(safezip.zipfile, "ZipFile", lambda *a, **k: opened.append(a) or real(*a, **k))
    limits = gb.Limits(zip=safezip.ZipLimits(max_entries=20))
    message = refused(archive, expected, tmp_path / "out", limits=limits)
    assert message == "eintraege.zip enthält 30 Einträge; erlaubt sind höchstens 20. Nichts wurde entpackt."
    assert opened == [], "counted from the end record, before zipfile reads the directory"


@pytest.mark.parametrize("cut", [0.5, 0.999])
def test_a_truncated_zip_is_refused(packages, tmp_path, expected, cut):
    whole = packages["gpkg_zip"].read_bytes()
    archive = tmp_path / "abgebrochen.zip"
    archive.write_bytes(whole[: int(len(whole) * cut)])
    assert refused(archive, expected, tmp_path / "out") == \
        "abgebrochen.zip ist keine gültige ZIP-Datei (beschädigt oder unvollständig)."


def test_large_single_files_are_refused_before_reading(cells, expected, tmp_path):
    path = tmp_path / "gemeinden.geojson"
    bkg_layers(cells, extras=False)["GEM"].to_crs(4326).to_file(path, driver="GeoJSON", engine="pyogrio")
    size = path.stat().st_size
    message = refused(path, expected, tmp_path / "out", limits=gb.Limits(max_geojson_bytes=size - 1))
    assert message.startswith("gemeinden.geojson ist ") and "; erlaubt sind höchstens " in message, message


def test_too_many_features_are_refused(cells, expected, tmp_path):
    path = write_gpkg(tmp_path / "DE_VG250.gpkg", bkg_layers(cells))
    message = refused(path, expected, tmp_path / "out", limits=gb.Limits(max_features=100))
    assert message == "DE_VG250.gpkg (Ebene vg250_gem) enthält 220 Objekte; erlaubt sind höchstens 100 je Ebene."


def test_size_text():
    assert safezip.size_text(3 << 30) == "3,0 GB"
    assert safezip.size_text(512 << 20) == "512 MB"
    assert safezip.size_text(1536 << 10) == "1,5 MB"
    assert safezip.size_text(800 << 10) == "800 KB"
    assert safezip.size_text(12) == "12 Bytes"


# --- download limit --------------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/ohne-laenge":
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.end_headers()
            self.wfile.write(b"\0" * 5000)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    (root / "gross.zip").write_bytes(b"\0" * 5000)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_download_declaring_too_much_is_refused(server, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    for var in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(gb.BoundaryError) as info:
        gb.download(f"{server}/gross.zip", tmp_path / "x.zip", limit=1000)
    assert str(info.value) == "Download abgelehnt: Die Datei ist 5 KB groß; erlaubt sind höchstens 1.000 Bytes."
    assert (tmp_path / "x.zip").stat().st_size == 0


def test_download_without_length_stops_at_the_limit(server, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    for var in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(gb.BoundaryError) as info:
        gb.download(f"{server}/ohne-laenge", tmp_path / "x.zip", limit=1000)
    assert "Download abgebrochen: mehr als 1.000 Bytes" in str(info.value)
    assert (tmp_path / "x.zip").stat().st_size <= 1000


# --- backup and restore ----------------------------------------------------------------------------

def test_import_keeps_the_previous_as_backup_and_restore_swaps(packages, expected, tmp_path, capsys):
    out = tmp_path / "geo"
    assert gb.main(["import", str(packages["gpkg_zip"]), "--out", str(out)]) == 0
    first = (out / store.FILE_NAME).read_bytes()
    assert not (out / store.BACKUP_NAME).exists(), "nothing to back up on the first import"
    capsys.readouterr()

    assert gb.main(["import", str(packages["ew_zip"]), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    second = (out / store.FILE_NAME).read_bytes()
    assert (out / store.BACKUP_NAME).read_bytes() == first
    assert "Die bisherigen Grenzen (VG250, Stand 01.01.2023, importiert am " in text
    assert "sind als grenzen.vorher.json gesichert; zurück zu ihnen mit „python -m geo.boundaries restore“." in text

    assert gb.main(["status", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "VG250-EW, Stand 2022-12-31" in text
    assert "Sicherung der vorigen Grenzen: VG250, Stand 01.01.2023, importiert am " in text
    assert "wiederherstellen mit „python -m geo.boundaries restore“" in text

    assert gb.main(["restore", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert (out / store.FILE_NAME).read_bytes() == first
    assert (out / store.BACKUP_NAME).read_bytes() == second
    assert text.startswith("Wiederhergestellt: VG250, Stand 01.01.2023, importiert am ")
    assert "Die ersetzten Grenzen (VG250-EW, Stand 31.12.2022, " in text
    assert "noch einmal macht den Schritt rückgängig" in text
    assert store.load(out).meta["product"] == "VG250"

    assert gb.main(["restore", "--out", str(out)]) == 0
    assert (out / store.FILE_NAME).read_bytes() == second
    assert (out / store.BACKUP_NAME).read_bytes() == first
    assert sorted(p.name for p in out.iterdir()) == [store.FILE_NAME, store.BACKUP_NAME], "no temp files"


def test_reimporting_the_same_boundaries_keeps_the_older_backup(packages, expected, tmp_path):
    out = tmp_path / "geo"
    gb.import_path(packages["ew_zip"], out, expected)
    gb.import_path(packages["gpkg_zip"], out, expected)
    backup = (out / store.BACKUP_NAME).read_bytes()
    _, prepared = gb.import_path(packages["gpkg_zip_wrapped"], out, expected)  # same data, other file name
    assert prepared.unchanged and prepared.previous is None
    assert (out / store.BACKUP_NAME).read_bytes() == backup, "the distinct older import stays the backup"


def test_an_unreadable_current_file_never_replaces_a_good_backup(packages, expected, tmp_path):
    out = tmp_path / "geo"
    gb.import_path(packages["ew_zip"], out, expected)
    gb.import_path(packages["gpkg_zip"], out, expected)
    backup = (out / store.BACKUP_NAME).read_bytes()
    (out / store.FILE_NAME).write_text('{"meta": {"kaputt', encoding="utf-8")
    with pytest.raises(store.BoundaryError) as info:
        store.load(out)
    assert str(info.value) == ("grenzen.json ist nicht lesbar (kein vollständiges JSON in UTF-8); bitte neu "
                               "importieren oder die vorige Fassung zurückholen („python -m geo.boundaries restore“).")
    _, prepared = gb.import_path(packages["shape_zip"], out, expected)
    assert prepared.previous is None
    assert (out / store.BACKUP_NAME).read_bytes() == backup


def test_restore_without_backup_changes_nothing(packages, expected, tmp_path, capsys):
    out = tmp_path / "geo"
    gb.import_path(packages["gpkg_zip"], out, expected)
    before = (out / store.FILE_NAME).read_bytes()
    assert gb.main(["restore", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (f"Wiederherstellen nicht möglich: Es gibt keine Sicherung (grenzen.vorher.json fehlt in "
                           f"{out}); sie entsteht, wenn ein Import lesbare Grenzen ersetzt.")
    assert (out / store.FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [store.FILE_NAME]


def test_restore_over_an_unreadable_file(packages, expected, tmp_path):
    out = tmp_path / "geo"
    gb.import_path(packages["ew_zip"], out, expected)
    gb.import_path(packages["gpkg_zip"], out, expected)
    good = (out / store.BACKUP_NAME).read_bytes()
    (out / store.FILE_NAME).write_bytes(b"\0\0")
    result = store.restore(out)
    assert result.replaced is None and result.restored.meta["product"] == "VG250-EW"
    assert (out / store.FILE_NAME).read_bytes() == good
    assert sorted(p.name for p in out.iterdir()) == [store.FILE_NAME]


# --- the command line speaks German ----------------------------------------------------------------

def test_unexpected_errors_are_one_german_line(packages, tmp_path, capsys, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("internal detail in English")

    monkeypatch.setattr(gb, "prepare", boom)
    assert gb.main(["import", str(packages["gpkg_zip"]), "--out", str(tmp_path / "geo")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "Abgebrochen: unerwarteter Fehler (RuntimeError). Die bisherigen Grenzen bleiben unverändert."
    assert not (tmp_path / "geo").exists()


def test_refusal_is_one_line_naming_the_file(packages, cells, tmp_path, capsys):
    path = tmp_path / "eine.geojson"
    bkg_layers(cells, extras=False)["GEM"].to_crs(4326).iloc[[0]].to_file(path, driver="GeoJSON", engine="pyogrio")
    assert gb.main(["import", str(path), "--out", str(tmp_path / "geo")]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Import abgebrochen: eine.geojson enthält Flächen für 1 der 218 Gemeinden")
    assert lines[0].endswith("Die bisherigen Grenzen bleiben unverändert.")


@pytest.mark.parametrize("args, message", [
    (["import"], "Aufruf nicht verstanden – es fehlt die Angabe PFAD."),
    (["imprt", "x"], "Aufruf nicht verstanden – unbekannter Befehl „imprt“ (möglich: import, fetch, status, restore)."),
    (["import", "x", "--min-share", "120"], "--min-share: 120 liegt nicht zwischen 1 und 100 (Prozent)."),
    (["import", "x", "--min-share", "viel"], "--min-share: „viel“ ist keine Zahl (Prozent, z. B. 90)."),
])
def test_command_line_mistakes_are_explained_in_german(args, message, capsys):
    with pytest.raises(SystemExit) as info:
        gb.main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert "usage" not in err and "error" not in err


def test_min_share_from_the_environment(cells, tmp_path, capsys, monkeypatch):
    path = tmp_path / "teil.geojson"
    bkg_layers(cells, extras=False)["GEM"].to_crs(4326).iloc[:170].to_file(path, driver="GeoJSON", engine="pyogrio")
    monkeypatch.setenv("BOUNDARY_MIN_SHARE", "75")
    assert gb.main(["import", str(path), "--out", str(tmp_path / "geo")]) == 0
    assert "Hinweis: 48 Gemeinden aus municipalities.csv haben keine Fläche" in capsys.readouterr().out
    monkeypatch.setenv("BOUNDARY_MIN_SHARE", "neunzig")
    assert gb.main(["import", str(path), "--out", str(tmp_path / "geo2")]) == 2
    assert "BOUNDARY_MIN_SHARE: „neunzig“ ist keine Zahl" in capsys.readouterr().err


def test_import_leaves_no_temporary_files(packages, expected, tmp_path, monkeypatch):
    tmp_root = tmp_path / "systmp"
    tmp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_root))
    gb.import_path(packages["shape_zip"], tmp_path / "out", expected)
    with pytest.raises(gb.BoundaryError):
        gb.import_path(tmp_path / "fehlt.zip", tmp_path / "out", expected)
    assert list(tmp_root.iterdir()) == []
