"""The participating units as a table: the map's text alternative and export."""
from __future__ import annotations

import pandas as pd

from data.disclosure import PUBLIC_VIEWER, Viewer, wave_policy
from data.filters import Filters, filter_units
from data.formatting import number, sample_mark
from data.loading import Dataset
from data.model import sort_key

KEY_COLUMN = "AGS / VG-Schlüssel"


def participants_frame(ds: Dataset, filters: Filters, viewer: Viewer = PUBLIC_VIEWER,
                       with_key: bool = False) -> pd.DataFrame:
    """Registered units (a public fact) and – only where the viewer may see it by name (data.disclosure) –
    who returned a questionnaire, within the filters, in German alphabetical order. `with_key` adds the AGS
    (or the Verbandsgemeinde's key) in front, as every exported table by municipality carries it."""
    u = filter_units(ds.units, filters, ds.municipalities)
    named = viewer.named_units(wave_policy(ds), u["unit_key"])
    answered = u["answered"] & u["unit_key"].isin(named)
    u = u.assign(answered=answered)[u["registered"] | answered]
    answered_label = "ja" + sample_mark(ds.sample_data, "paren")
    not_shown = "–" if len(named) == len(ds.units) else "nicht öffentlich"
    out = pd.DataFrame({
        KEY_COLUMN: u["unit_key"],
        "Kommune": u["name"],
        "Art": u["kind"],
        "Landkreis": u["district_name"],
        "Einwohner": [number(int(v)) for v in u["population"]],
        "Größenklasse": u["size_class"],
        "Angemeldet": u["registered"].map({True: "ja", False: "–"}),
        "Fragebogen": [answered_label if a else ("–" if k in named else not_shown)
                       for a, k in zip(u["answered"], u["unit_key"])],
    })
    out = out.sort_values("Kommune", key=lambda s: s.map(sort_key)).reset_index(drop=True)
    return out if with_key else out.drop(columns=[KEY_COLUMN])
