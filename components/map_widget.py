"""The map widget: a folium map through streamlit-folium, without reruns on pan and zoom."""
from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

MAP_KEY = "karte_map"


def show_map(m: folium.Map, height: int = 620, key: str = MAP_KEY) -> None:
    # No returned objects: panning and zooming never rerun the script.
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])
