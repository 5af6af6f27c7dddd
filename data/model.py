"""The municipality model: units (a Gemeinde or a whole Verbandsgemeinde), size classes, distances."""
from __future__ import annotations

import numpy as np
import pandas as pd

# Gemeindegrößenklasse nach Einwohnerzahl, after the BBSR city and municipality types (population only).
SIZE_CLASSES = ["Großstadt", "Mittelstadt", "Kleinstadt", "Landgemeinde"]
SIZE_CLASS_LABELS = {
    "Großstadt": "Großstadt (ab 100.000 Einw.)",
    "Mittelstadt": "Mittelstadt (20.000 bis 99.999 Einw.)",
    "Kleinstadt": "Kleinstadt (5.000 bis 19.999 Einw.)",
    "Landgemeinde": "Landgemeinde (unter 5.000 Einw.)",
}
SIZE_CLASS_TITLE = "Gemeindegrößenklasse nach Einwohnerzahl"


def size_class(population: int | float) -> str:
    if population >= 100_000:
        return "Großstadt"
    if population >= 20_000:
        return "Mittelstadt"
    if population >= 5_000:
        return "Kleinstadt"
    return "Landgemeinde"


def present_size_classes(classes) -> tuple[str, ...]:
    """The size classes that occur in `classes` (any iterable of class names), in the classes' order. Filter
    options, legends and colour domains offer only these: a class no unit falls into would always be empty
    (no unit of Saxony-Anhalt – Einheitsgemeinde or whole Verbandsgemeinde – has fewer than 5.000 inhabitants,
    so "Landgemeinde" never occurs in the shipped data)."""
    present = set(classes)
    return tuple(c for c in SIZE_CLASSES if c in present)


def size_classes(population: pd.Series) -> pd.Series:
    bins = [-np.inf, 5_000, 20_000, 100_000, np.inf]
    labels = ["Landgemeinde", "Kleinstadt", "Mittelstadt", "Großstadt"]
    return pd.cut(population, bins=bins, labels=labels, right=False).astype(str)


def unit_key_of(municipalities: pd.DataFrame) -> pd.Series:
    """The unit each municipality belongs to: its Verbandsgemeinde if it has one, else itself."""
    return municipalities["vg_key"].where(municipalities["vg_key"].notna(), municipalities["ags"])


def build_units(municipalities: pd.DataFrame) -> pd.DataFrame:
    """One row per unit: the 104 municipalities outside a Verbandsgemeinde and the 18 Verbandsgemeinden.

    A Verbandsgemeinde's population and area are the sums of its members; its position is the mean of
    its members' positions (only used to place a marker, never shown as a fact).
    """
    m = municipalities.assign(unit_key=unit_key_of(municipalities))
    single = m[m["vg_key"].isna()]
    single_units = pd.DataFrame(
        {
            "unit_key": single["ags"],
            "name": single["name"],
            "kind": np.where(single["is_town"], "Stadt", "Gemeinde"),
            "district_key": single["district_key"],
            "district_name": single["district_name"],
            "population": single["population"],
            "area_km2": single["area_km2"],
            "lat": single["lat"],
            "lon": single["lon"],
            "members": 1,
        }
    )
    in_vg = m[m["vg_key"].notna()]
    vg_units = (
        in_vg.groupby("vg_key", sort=True)
        .agg(
            name=("vg_name", "first"),
            district_key=("district_key", "first"),
            district_name=("district_name", "first"),
            population=("population", "sum"),
            area_km2=("area_km2", "sum"),
            lat=("lat", "mean"),
            lon=("lon", "mean"),
            members=("ags", "count"),
        )
        .reset_index()
        .rename(columns={"vg_key": "unit_key"})
        .assign(kind="Verbandsgemeinde")
    )
    units = pd.concat([single_units, vg_units[single_units.columns]], ignore_index=True)
    units["population"] = units["population"].astype("int64")
    units["size_class"] = size_classes(units["population"])
    return units.sort_values("name", key=lambda s: s.map(sort_key)).reset_index(drop=True)


def short_name(name: str) -> str:
    """A VG's name without the word "Verbandsgemeinde", for compact labels: "VG An der Finne"."""
    if name.startswith("Verbandsgemeinde "):
        return "VG " + name[len("Verbandsgemeinde "):]
    return name


# --- participation in the workshop series --------------------------------------------------------------

STATUSES = ("both", "registered", "answered", "none")
ANSWERED = ("both", "answered")  # the statuses that rest on survey answers (and so may be sample data)


def status_of(registered: bool, answered: bool) -> str:
    if registered and answered:
        return "both"
    if registered:
        return "registered"
    if answered:
        return "answered"
    return "none"


def municipality_status(municipalities: pd.DataFrame, units: pd.DataFrame) -> pd.Series:
    """Status of each municipality through its unit: a VG member shares its Verbandsgemeinde's status."""
    u = units.set_index("unit_key")
    reg = municipalities["unit_key"].map(u["registered"]).fillna(False).astype(bool)
    ans = municipalities["unit_key"].map(u["answered"]).fillna(False).astype(bool)
    return pd.Series([status_of(r, a) for r, a in zip(reg, ans)], index=municipalities.index)


def sort_key(name: str) -> str:
    """German alphabetical order (DIN 5007 variant 1: ä sorts like a)."""
    return name.casefold().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on scalars and numpy arrays."""
    r = 6371.0088
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(a))


__all__ = [
    "SIZE_CLASSES", "SIZE_CLASS_LABELS", "SIZE_CLASS_TITLE", "size_class", "size_classes", "present_size_classes",
    "unit_key_of",
    "build_units", "short_name", "sort_key", "haversine_km", "STATUSES", "ANSWERED", "status_of",
    "municipality_status",
]
