"""The map colours in one place: the point map (geo.mapbuilder) and the area map (geo.choropleth) draw
from here, so a category has the same colour wherever it appears.

Okabe–Ito for categories and ColorBrewer YlGnBu for numbers: both stay distinguishable with every common
form of colour blindness.
"""
from __future__ import annotations

import bisect

from data.model import SIZE_CLASSES


def class_index(value: float, lower_bounds) -> int:
    """The class of `value` among classes that start at `lower_bounds` (ascending; below the first: class 0)."""
    return max(0, bisect.bisect_right(list(lower_bounds), value) - 1)


OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
SEQUENTIAL = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]  # YlGnBu, 7 classes

# Participation of a municipality (data.model.municipality_status) and its German label.
STATUS_LABELS = {"both": "Angemeldet und Fragebogen", "registered": "Angemeldet", "answered": "Fragebogen",
                 "none": "Nicht beteiligt"}
_STATUS_COLOURS = {"both": OKABE_ITO[0], "registered": OKABE_ITO[1], "answered": OKABE_ITO[2]}
# "Nicht beteiligt" is grey on both maps, in the shade each shape needs: a point must stand out against the
# white map (3.4:1, WCAG non-text contrast), while a filled area must recede so that the few participants
# stand out among 218 municipalities (a dark grey would cover most of the state).
NOT_INVOLVED_POINT = "#8C8C8C"
NOT_INVOLVED_AREA = "#F2F2F2"
POINT_STATUS = {**{k: (c, STATUS_LABELS[k]) for k, c in _STATUS_COLOURS.items()},
                "none": (NOT_INVOLVED_POINT, STATUS_LABELS["none"])}
AREA_STATUS = {**{k: (c, STATUS_LABELS[k]) for k, c in _STATUS_COLOURS.items()},
               "none": (NOT_INVOLVED_AREA, STATUS_LABELS["none"])}

# Points and areas outside the filters: light grey context.
FILTERED_OUT_POINT = "#D0D0D0"
NO_DATA = "#FFFFFF"  # an area without a value (outside the filters, no answers)
SUPPRESSED = "#BDBDBD"  # an area whose figure is withheld (fewer than three answers)
UNKNOWN_AREA = "#E0E0E0"  # an area the colouring does not know (boundaries newer than the data)

SIZE_COLOURS = dict(zip(SIZE_CLASSES, ["#253494", "#2c7fb8", "#7fcdbb", "#ffffcc"]))

# Outlines and labels.
OWN_MUNICIPALITY = "#D55E00"  # the profile's own municipality among its partners
PARTNER = "#0072B2"
