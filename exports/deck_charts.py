"""A slide's chart rendered on the server for the deck exports (vl-convert, no browser): as a one-page vector
PDF for the PDF deck, as a high-resolution PNG for PowerPoint.

The chart is drawn at the size it has on a 1920×1080 screen (so its 24 px labels keep their proportion to the
slide) and scaled onto the page. Text is set in Bitstream Vera (shipped with reportlab, see exports.images).
"""
from __future__ import annotations

import copy
import json

import vl_convert as vlc

from exports.images import FONT_STACK, _register_fonts

# The chart area of a slide as drawn on a 1920×1080 screen (px); the exports scale it onto their page.
SCREEN_WIDTH = 1776
SCREEN_HEIGHT = 640


def sized_spec(spec: dict, width: int = SCREEN_WIDTH, height: int = SCREEN_HEIGHT) -> dict:
    """A private copy of a slide chart with fixed pixels instead of "container" and the export font."""
    out = copy.deepcopy(spec)
    out["width"], out["height"] = width, height
    config = out.setdefault("config", {})
    config["font"] = FONT_STACK
    config["background"] = "white"
    return out


def chart_pdf(spec: dict, width: int = SCREEN_WIDTH, height: int = SCREEN_HEIGHT) -> bytes:
    """One PDF page holding the chart, text as text (1 px = 1 pt)."""
    _register_fonts()
    # allowed_base_urls=[]: a spec never fetches anything from the network on the server.
    return bytes(vlc.vegalite_to_pdf(json.dumps(sized_spec(spec, width, height), ensure_ascii=False),
                                     allowed_base_urls=[]))


def chart_png(spec: dict, width: int = SCREEN_WIDTH, height: int = SCREEN_HEIGHT, scale: float = 2.0) -> bytes:
    """The chart as PNG, `scale` times the screen size (3552 px wide at scale 2: sharp on any projector)."""
    _register_fonts()
    return bytes(vlc.vegalite_to_png(json.dumps(sized_spec(spec, width, height), ensure_ascii=False),
                                     scale=scale, allowed_base_urls=[]))
