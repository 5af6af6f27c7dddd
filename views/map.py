"""The map page as plain data: the layers of the point map and the area map for a filter selection, the
colouring chosen (choropleth dispatch), the municipality under a click, and the map's captions."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from data.disclosure import Selection, WaveDisclosure
from data.filters import Filters, municipality_mask, selected_unit_keys
from data.loading import Dataset
from geo import choropleth
from geo.mapbuilder import AreaMapData, MapData, area_layers, participant_layers

MAX_POINT_DISTANCE_KM = 4  # a click without boundaries selects the nearest seat within this distance


def chosen(ds: Dataset, filters: Filters) -> set[str]:
    """AGS or unit keys to ring in black: the Kommune filter's choices and the units behind them."""
    return set(filters.units) | selected_unit_keys(filters, ds.municipalities)


def units_for_map(ds: Dataset, staff: bool) -> pd.DataFrame:
    """Whether a unit answered is itself an answer: the maps show it to signed-in staff only."""
    return ds.units if staff or not len(ds.units) else ds.units.assign(answered=False)


def point_layers(ds: Dataset, filters: Filters, height: int, staff: bool = False) -> MapData:
    """The point map (no boundaries): every municipality's seat coloured by registration – and, for staff,
    by whether its unit answered."""
    mask = municipality_mask(ds.municipalities, filters)
    return participant_layers(ds.municipalities, units_for_map(ds, staff), ds.workshops, ds.districts, mask,
                              chosen(ds, filters), sample_data=ds.sample_data, height=height, questionnaire=staff)


def colouring_for(ds: Dataset, variable: str, option: str, mask: pd.Series, wd: WaveDisclosure,
                  selection: Selection, staff: bool = False) -> choropleth.Colouring:
    """What the area map colours: participation (default; who answered for staff only), size class,
    population, or the share of one answer to a question per district (on the cover of the selection)."""
    if variable == choropleth.SIZE:
        return choropleth.by_size(ds.municipalities, mask)
    if variable == choropleth.POPULATION:
        return choropleth.by_population(ds.municipalities, mask)
    if variable.startswith(choropleth.QUESTION_PREFIX):
        qid = variable[len(choropleth.QUESTION_PREFIX):]
        q = ds.questions[ds.questions["id"] == qid]
        if len(q):
            return choropleth.by_question(wd, q.iloc[0], option, ds.districts, selection, ds.sample_data)
    return choropleth.by_participation(ds.municipalities, ds.units, mask, ds.sample_data,
                                       None if staff else frozenset())


def area_layers_for(ds: Dataset, filters: Filters, boundaries, variable: str, option: str, height: int,
                    wd: WaveDisclosure, selection: Selection,
                    staff: bool = False) -> tuple[AreaMapData, choropleth.Colouring]:
    """The area map's styles, tooltips and legend for a colouring, and the colouring itself."""
    mask = municipality_mask(ds.municipalities, filters)
    colouring = colouring_for(ds, variable, option, mask, wd, selection, staff)
    return area_layers(boundaries, colouring, ds.municipalities, ds.districts, ds.workshops, mask,
                       chosen(ds, filters), height), colouring


def question_options(ds: Dataset, variable: str) -> list[str]:
    """The answers of the question a variable colours by ([] for the other variables)."""
    if not variable.startswith(choropleth.QUESTION_PREFIX):
        return []
    q = ds.questions[ds.questions["id"] == variable[len(choropleth.QUESTION_PREFIX):]]
    return list(q.iloc[0]["options"]) if len(q) else []


# --- clicks ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaIndex:
    """The municipality areas with a spatial index, for hit tests (shared read-only)."""

    tree: shapely.STRtree
    keys: tuple[str, ...]

    @classmethod
    def of(cls, boundaries) -> AreaIndex:
        features = boundaries.gemeinden["features"]
        polygons = [shapely.geometry.shape(f["geometry"]) for f in features]
        return cls(shapely.STRtree(polygons), tuple(f["properties"]["key"] for f in features))


def municipality_at(lat: float, lon: float, municipalities: pd.DataFrame, areas: AreaIndex | None) -> str | None:
    """The AGS of the municipality at a clicked point: its area if boundaries exist, else the nearest
    seat within MAX_POINT_DISTANCE_KM."""
    if areas is not None:
        for i in areas.tree.query(shapely.Point(lon, lat), predicate="intersects"):
            return areas.keys[int(i)]
    m = municipalities
    if not len(m):
        return None
    d = (m["lat"] - lat) ** 2 + ((m["lon"] - lon) * np.cos(np.radians(lat))) ** 2
    i = int(np.argmin(d.to_numpy()))
    return m["ags"].iloc[i] if d.iloc[i] ** 0.5 * 111 < MAX_POINT_DISTANCE_KM else None


# --- captions --------------------------------------------------------------------------------------

def boundaries_caption(meta: dict) -> str:
    """Attribution and edition of the boundaries under the area map."""
    edition = meta.get("edition")
    return (f"Grenzen: {meta.get('attribution', '')}, {meta.get('product', '')}"
            + (f", Stand {edition[8:10]}.{edition[5:7]}.{edition[:4]}" if edition else "")
            + ". Ein Klick auf eine Gemeinde wählt sie im Filter „Kommune“ aus.")
