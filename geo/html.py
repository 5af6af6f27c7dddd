"""Escaping for text that ends up in map HTML.

folium puts tooltip text into a JavaScript template literal (`...`) and popup text in as raw HTML, so a
value must be HTML-escaped and must not be able to close the template or open a ${...} placeholder.
"""
from __future__ import annotations

import html

_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def escape(value: object) -> str:
    """HTML-escape any value and make it inert inside a JavaScript template literal."""
    return html.escape(str(value), quote=True).translate(_JS_TEMPLATE)
