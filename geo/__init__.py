"""Spatial layer: local map assets, escaping for map HTML, and folium map building. No streamlit here."""
