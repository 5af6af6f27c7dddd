"""The look of a slide, readable from the back of a room: type sizes, colours and their contrast.

Sizes are CSS pixels of the chart as drawn in the browser (Vega-Lite draws text at its own size, whatever the
chart's width), so at 1920×1080 nothing on a slide is smaller than MIN_TEXT_PX. Every colour that carries data
has at least MIN_CONTRAST against the slide's white background (WCAG 2 contrast ratio, the rule for graphical
objects), so a washed-out projector still shows every bar, segment and area.
"""
from __future__ import annotations

from geo.palette import class_index

BACKGROUND = "#ffffff"
INK = "#1b1b1b"  # text
MUTED_INK = "#4a4a4a"  # secondary text (8.9:1 on white)
PRIMARY = "#0b5394"  # single-colour bars
AXIS = "#6b6b6b"

MIN_TEXT_PX = 20
MIN_CONTRAST = 3.0
MAX_TICKS = 10

LABEL_PX = 24  # answer texts, axis labels, legend
VALUE_PX = 26  # values on bars and segments (bold)
SMALL_PX = 20  # the smallest text on a slide: axis titles, notes
MAP_LABEL_PX = 20

# Ordered answers from "not yet" to "done": vermillion for the first, then blues from light to dark.
# Every colour >= 3:1 against white, and white text on each of them >= 3:1 (values sit on the segments).
ORDINAL = {
    2: ["#c2510a", "#0b5394"],
    3: ["#c2510a", "#3a7fc1", "#0b3470"],
    4: ["#c2510a", "#7a5195", "#3a7fc1", "#0b3470"],
    5: ["#c2510a", "#a13b6b", "#7a5195", "#3a7fc1", "#0b3470"],
}
# Categories without an order (more than five options): Okabe–Ito colours that pass 3:1 on white, and black.
CATEGORICAL = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#0b3470", "#7a5195", "#000000"]

# Map: share of an answer per district in four classes, light to dark within two hues (low: vermillion,
# high: blue), so neighbouring classes differ in hue or in lightness; a district without enough answers is grey.
SHARE_BREAKS = (0.0, 0.25, 0.5, 0.75)
SHARE_COLOURS = ["#a84300", "#d4691c", "#3a7fc1", "#0b3470"]
SUPPRESSED = "#8a8a8a"
OUTLINE = "#ffffff"  # district borders between coloured areas
STATE_OUTLINE = INK


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as #rrggbb."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"Farbe {colour!r} ist nicht #rrggbb")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ordinal_colours(n: int) -> list[str]:
    """Colours for n ordered answers (n >= 1)."""
    if n <= 1:
        return [PRIMARY]
    if n in ORDINAL:
        return list(ORDINAL[n])
    return [CATEGORICAL[i % len(CATEGORICAL)] for i in range(n)]


def data_colours() -> list[str]:
    """Every colour a slide uses for data (for the contrast test)."""
    out = [PRIMARY, SUPPRESSED, *SHARE_COLOURS, *CATEGORICAL]
    for colours in ORDINAL.values():
        out += colours
    return list(dict.fromkeys(out))


def share_class(share: float) -> int:
    return class_index(share, SHARE_BREAKS)
