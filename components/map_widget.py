"""The map widget: a folium map through streamlit-folium, without reruns on pan and zoom."""
from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from data.filters import Filters, municipality_mask, selected_unit_keys
from data.loading import Dataset
from geo.mapbuilder import MapData, build_map, participant_layers

MAP_KEY = "karte_map"
MAP_HEIGHT = 620


@st.cache_data(show_spinner=False, max_entries=256)
def _layers(version: str, themes: tuple, sizes: tuple, districts: tuple, units: tuple, _ds: Dataset) -> MapData:
    filters = Filters(themes, sizes, districts, units)
    ds = _ds
    mask = municipality_mask(ds.municipalities, filters)
    selected = set(filters.units) | selected_unit_keys(filters, ds.municipalities)
    return participant_layers(ds.municipalities, ds.units, ds.workshops, ds.districts, mask, selected,
                              sample_data=ds.sample_data, height=MAP_HEIGHT)


def participant_layers_for(ds: Dataset, filters: Filters) -> MapData:
    """The map's layers, computed once per data version and filter selection."""
    return _layers(ds.version, filters.themes, filters.sizes, filters.districts, filters.units, ds)


def show_map(m: folium.Map, height: int = MAP_HEIGHT, key: str = MAP_KEY) -> None:
    # No returned objects: panning and zooming never rerun the script.
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


def show_participant_map(ds: Dataset, filters: Filters) -> MapData:
    data = participant_layers_for(ds, filters)
    show_map(build_map(data, MAP_HEIGHT))
    return data
