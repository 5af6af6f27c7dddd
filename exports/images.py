"""Chart images rendered on the server, without a browser (vl-convert): PNG for slides and reports, SVG for
print. Every image carries its title, its n (subtitle lines) and its source and date (footer), so that a
picture copied out of context still says what it shows.

Text is set in Bitstream Vera Sans, the font shipped inside the reportlab package: it exists wherever the
dashboard is installed, so the image looks the same on every machine (vl-convert draws only fonts it knows).
The German number locale of the chart (config.locale) is kept as it is.
"""
from __future__ import annotations

import copy
import json
import re
import threading
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
import reportlab
import vl_convert as vlc
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from data.formatting import VEGA_LOCALE

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT_FAMILY = "Bitstream Vera Sans"
# Vera first (vl-convert finds it, see _register_fonts); an SVG opened elsewhere falls back to Vera's
# descendant DejaVu, then to any sans-serif font instead of a browser's serif default.
FONT_STACK = f"'{FONT_FAMILY}', 'DejaVu Sans', Verdana, sans-serif"
WIDTH = 900  # px; "container" has no meaning off-screen
DEFAULT_HEIGHT = 300  # plot height when the spec has none (or "container")

TITLE_SIZE = 17
SUBTITLE_SIZE = 14
FOOTER_SIZE = 11
FOOTER_LEADING = 15
FOOTER_COLOUR = "#4a4a4a"
MARGIN_X = 8  # the charts' left padding, so that the footer lines up with the title

_lock = threading.Lock()
_fonts_registered = False


def _register_fonts() -> None:
    """vl-convert: once per process. reportlab (used only to measure text for line breaks): once as well."""
    global _fonts_registered
    with _lock:
        if _fonts_registered:
            return
        vlc.register_font_directory(str(FONT_DIR))
        if "SCA-Regular" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("SCA-Regular", str(FONT_DIR / "Vera.ttf")))
        if "SCA-Bold" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("SCA-Bold", str(FONT_DIR / "VeraBd.ttf")))
        _fonts_registered = True


def wrap_px(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Break `text` at spaces into lines no wider than `max_width` px at font size `size` (Vera metrics)."""
    _register_fonts()
    font = "SCA-Bold" if bold else "SCA-Regular"
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        candidate = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(candidate, font, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


# --- the spec ----------------------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "isoformat"):  # date, datetime, Timestamp
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        return _json_value(value.item())
    return value


def _records(values: Any) -> Any:
    """A dataset as plain JSON records: Arrow bytes (as to_spec() prepares them for Streamlit) and
    DataFrames are turned back into rows (full float precision); JSON rows pass through."""
    if isinstance(values, (bytes, bytearray, memoryview)):
        import pyarrow as pa

        rows = pa.ipc.open_stream(pa.py_buffer(bytes(values))).read_all().to_pylist()
    elif isinstance(values, pd.DataFrame):
        rows = values.to_dict(orient="records")
    else:
        return copy.deepcopy(values)
    return [{str(k): _json_value(v) for k, v in row.items()} for row in rows]


def spec_dict(chart: Any) -> dict:
    """The Vega-Lite dict of an Altair chart, a SizedChart, a ChartSpec or a dict – always a private copy
    with JSON datasets, so the caller's (cached) spec is never changed."""
    inner = getattr(chart, "chart", None)  # SizedChart
    if inner is not None and hasattr(inner, "to_dict"):
        chart = inner
    if hasattr(chart, "to_dict") and not isinstance(chart, dict):  # Altair
        chart = chart.to_dict()
    elif not isinstance(chart, dict) and isinstance(getattr(chart, "spec", None), dict):  # ChartSpec
        chart = chart.spec
    if not isinstance(chart, dict):
        raise TypeError(f"kein Vega-Lite-Diagramm: {type(chart).__name__}")
    datasets = chart.get("datasets") or {}
    spec = copy.deepcopy({k: v for k, v in chart.items() if k != "datasets"})
    if datasets:
        spec["datasets"] = {name: _records(values) for name, values in datasets.items()}
    return spec


def export_spec(chart: Any, *, title: str, subtitle_lines: list[str], width: int = WIDTH) -> dict:
    """The chart as it is printed: fixed width, Vera everywhere, the given title and n lines."""
    spec = spec_dict(chart)
    composite = any(k in spec for k in ("vconcat", "hconcat", "concat", "facet", "repeat"))
    if "width" in spec or not composite:
        spec["width"] = width
    if not composite and spec.get("height") in (None, "container"):
        spec["height"] = DEFAULT_HEIGHT
    # fit-x: the whole image (axes, labels, padding) is exactly `width` wide; the height follows the plot.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.setdefault("padding", {"left": MARGIN_X, "right": 16, "top": 6, "bottom": 6})
    config = spec.setdefault("config", {})
    config.setdefault("locale", copy.deepcopy(VEGA_LOCALE))  # keep the chart's own locale when it has one
    config["font"] = FONT_STACK
    config["background"] = "white"
    title_config = config.setdefault("title", {})
    title_config.setdefault("anchor", "start")
    title_config.setdefault("fontSize", TITLE_SIZE)
    title_config.setdefault("subtitleFontSize", SUBTITLE_SIZE)
    title_config.setdefault("subtitleColor", FOOTER_COLOUR)
    usable = width - MARGIN_X - 16
    old = spec.get("title")
    title_props = dict(old) if isinstance(old, dict) else {}
    title_props["text"] = wrap_px(title, title_config["fontSize"], usable, bold=True)
    subtitle = [line for s in subtitle_lines for line in wrap_px(s, title_config["subtitleFontSize"], usable)]
    if subtitle:
        title_props["subtitle"] = subtitle
    else:
        title_props.pop("subtitle", None)
    title_props["limit"] = usable
    spec["title"] = title_props
    return spec


# --- rendering ---------------------------------------------------------------------------------------

_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def _svg_size(svg: str) -> tuple[float, float]:
    match = _SVG_SIZE.search(svg)
    if not match:
        raise ValueError("vl-convert lieferte ein SVG ohne Größe")
    return float(match.group(1)), float(match.group(2))


def _compose(chart_svg: str, footer: str) -> str:
    """The chart's SVG with the footer (source and date) below it, in one SVG."""
    width, height = _svg_size(chart_svg)
    lines = wrap_px(footer, FOOTER_SIZE, width - 2 * MARGIN_X) if footer else []
    extra = (len(lines) * FOOTER_LEADING + 12) if lines else 0
    total = height + extra
    body = re.sub(r"^\s*<\?xml[^>]*>\s*", "", chart_svg)
    texts = "".join(
        f'<text x="{MARGIN_X}" y="{height + 4 + (i + 1) * FOOTER_LEADING - 3:.0f}">{escape(line)}</text>'
        for i, line in enumerate(lines))
    rule = (f'<path d="M{MARGIN_X},{height + 2:.0f}H{width - MARGIN_X:.0f}" stroke="#c8c8c8" stroke-width="1"/>'
            if lines else "")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="{width:g}" height="{total:g}" viewBox="0 0 {width:g} {total:g}">'
            f'<rect width="{width:g}" height="{total:g}" fill="white"/>{body}{rule}'
            f'<g font-family="{escape(FONT_STACK)}" font-size="{FOOTER_SIZE}" fill="{FOOTER_COLOUR}">'
            f"{texts}</g></svg>")


def chart_svg(spec: Any, *, title: str, subtitle_lines: list[str], footer: str, width: int = WIDTH) -> str:
    """The chart as a standalone SVG (text as text): title, n lines, chart, source and date."""
    _register_fonts()
    vl = export_spec(spec, title=title, subtitle_lines=subtitle_lines, width=width)
    # allowed_base_urls=[]: a spec never fetches anything from the network on the server.
    svg = vlc.vegalite_to_svg(json.dumps(vl, ensure_ascii=False), allowed_base_urls=[])
    return _compose(svg, footer)


def chart_png(spec: Any, *, title: str, subtitle_lines: list[str], footer: str, scale: float = 3.0,
              width: int = WIDTH) -> bytes:
    """The same picture as chart_svg() as PNG, `width × scale` pixels wide (scale 3: sharp on a projector)."""
    svg = chart_svg(spec, title=title, subtitle_lines=subtitle_lines, footer=footer, width=width)
    return bytes(vlc.svg_to_png(svg, scale=scale))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("keine PNG-Datei")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


__all__ = ["FONT_FAMILY", "FONT_STACK", "WIDTH", "chart_png", "chart_svg", "export_spec", "png_size", "spec_dict",
           "wrap_px"]
