"""Sending one rendered folium map to streamlit-folium's component, rendered once and shared by all sessions.

`st_folium(m, ...)` renders the folium map on every call – for the area map that is seconds of work per
rerun and per visitor. The dashboard instead renders each view's map once (`render_map`, kept in
st.cache_resource by components.map_widget) and `send`s the stored strings to the same component.

This is the one place that relies on streamlit-folium's internals (pinned: streamlit-folium 0.27.4):
`render_map` repeats the steps of `st_folium` up to its component call, for a plain folium.Map without
feature groups or layer control, and `send` makes that call with st_folium's arguments.
tests/app/test_map_render.py compares both with what st_folium itself sends, so an upgrade that changes
them fails there, not in front of an audience.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium


@dataclass(frozen=True)
class RenderedMap:
    """What streamlit-folium's component needs for one map: plain strings, shared read-only."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    hash_key: str


def render_map(m: folium.Map, key: str) -> RenderedMap:
    """The arguments st_folium(m, key=key) would pass to the component, computed once."""
    sf = streamlit_folium
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    map_id = sf.get_full_id(m)
    css_links: list[str] = []
    js_links: list[str] = []
    stack = [m]
    while stack:  # the same walk as st_folium's (depth first, children in order)
        elem = stack.pop()
        if isinstance(elem, folium.elements.JSCSSMixin):
            css_links.extend(href for _, href in getattr(elem, "default_css", []))
            js_links.extend(src for _, src in getattr(elem, "default_js", []))
        stack.extend(reversed(list(getattr(elem, "_children", {}).values())))
    return RenderedMap(script, header, html, map_id, tuple(dict.fromkeys(css_links)), tuple(dict.fromkeys(js_links)),
                       sf.generate_js_hash(script, key, False))


def send(r: RenderedMap, key: str, height: int, returned: list[str], on_change: Callable[[], None]) -> None:
    """The component call of st_folium(m, key=key, height=height, returned_objects=returned) for a rendered
    map. As in st_folium, the component's value is copied to `key` before `on_change` runs."""
    def changed() -> None:
        st.session_state[key] = st.session_state.get(r.hash_key, {})
        on_change()

    streamlit_folium._component_func(
        script=r.script, header=r.header, html=r.html, id=r.map_id, key=r.hash_key, height=height,
        width=None, returned_objects=returned, default={k: None for k in returned},
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(r.css_links), js_links=list(r.js_links), on_change=changed, wrap_longitude=False)
