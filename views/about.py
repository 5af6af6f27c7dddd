"""What the page "Über diese Daten" says and what the footer says in one line: where every piece of data comes
from, how current it is, under which licence it may be passed on, which software draws it, what "Beispieldaten"
means and which figures are shown at all. Built from the dataset as loaded (the same source information the
exports name), the imported boundaries' metadata and the installed packages; plain text, escaped where drawn."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from data.disclosure import NAMED, POLICY_LABELS, THRESHOLD, wave_policy
from data.formatting import SAMPLE_LABEL, SAMPLE_MEANING, count_noun, date_short, number, period
from data.loading import Dataset
from geo import store as geo_store
from geo.assets import LEAFLET_VERSION
from geo.mapbuilder import BASEMAPS
from views.sources import COORDINATES, STATISTICS, Source, population_as_of, store_version_text

DL_DE_BY = "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)"
GV_ISYS = "Statistisches Bundesamt, Gemeindeverzeichnis GV-ISys"
POPULATION_NOTE = "Bevölkerung: Fortschreibung auf Basis des Zensus 2011"
# Each optional basemap's licence: (as its attribution abbreviates it, in full).
BASEMAP_LICENCES = {"topplus": ("dl-de/by-2-0", DL_DE_BY), "osm": ("ODbL", "Open Database License (ODbL)")}
QUESTIONNAIRE = "Fragebogen 2023"
ORIGIN_LABELS = {QUESTIONNAIRE: "Fragebogen der Kurzbefragung 2023", "Beispielfrage": "Beispielfragen je Themenfeld"}

# The software that draws what a visitor sees, with its licence (the full, pinned list: requirements.txt).
# (name, distribution for the installed version, licence, what it does here)
SOFTWARE = (
    ("Streamlit", "streamlit", "Apache-2.0", "die Oberfläche"),
    ("Leaflet", None, "BSD-2-Clause", "die Karte; vom Dashboard selbst ausgeliefert, nicht von fremden Servern"),
    ("folium", "folium", "MIT", "baut die Karte"),
    ("streamlit-folium", "streamlit-folium", "MIT", "zeigt die Karte in der Oberfläche"),
    ("Vega-Altair", "altair", "BSD-3-Clause", "die Diagramme (mit Vega-Lite, BSD-3-Clause)"),
    ("pandas", "pandas", "BSD-3-Clause", "liest und rechnet die Tabellen"),
    ("segno", "segno", "BSD-3-Clause", "die QR-Codes im Präsentationsmodus"),
)


@dataclass(frozen=True)
class Entry:
    """One line of a list: what, from whom, how current, under which licence ("" where nothing applies)."""

    what: str
    source: str
    as_of: str = ""
    licence: str = ""


@dataclass(frozen=True)
class FooterLine:
    """The footer's one line: the sources with their reference date and the data version; `sample` marks the
    answers as Beispieldaten."""

    sources: str  # "Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023"
    survey: str  # "Kurzbefragung der Kommunen 2023"
    sample: bool
    version: str  # ", Umfragedaten Version 2 vom 27.11.2026, 14:05" or ""


@dataclass(frozen=True)
class About:
    data_state: str
    data: tuple[Entry, ...]
    map: tuple[Entry, ...]
    map_note: str
    software: tuple[Entry, ...]
    sample_data: bool
    sample_text: str
    disclosure_text: str


def footer_line(ds: Dataset) -> FooterLine:
    return FooterLine(f"{STATISTICS}, Stand {population_as_of(ds.population_date)}", ds.survey.name,
                      ds.survey.sample_data, store_version_text(ds.survey))


def _installed(distribution: str | None) -> str:
    if distribution is None:
        return LEAFLET_VERSION
    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def _stand(value: str) -> str:
    """"2026-11-26" -> "Stand 26.11.2026"; other text as written."""
    try:
        return f"Stand {date_short(dt.date.fromisoformat(value))}"
    except (TypeError, ValueError):
        return value


def _respondents(ds: Dataset) -> int:
    return int(ds.responses["unit_key"].nunique()) if "unit_key" in ds.responses else 0


def data_entries(ds: Dataset) -> tuple[Entry, ...]:
    as_of = f"Stand {population_as_of(ds.population_date)}"
    program = ds.program or {}
    series = str(program.get("series_title") or "Workshopreihe")
    organiser = str(program.get("organiser") or "Kompetenzzentrum Stadtumbau und Smart Cities")
    out = [
        Entry(f"Gemeinden: {count_noun(len(ds.municipalities), 'Gemeinde', 'Gemeinden')} mit Schlüssel, Name, "
              "Einwohnern und Fläche", f"{GV_ISYS}; {STATISTICS} ({POPULATION_NOTE})", as_of, DL_DE_BY),
        Entry(f"Landkreise und kreisfreie Städte ({number(len(ds.districts))})", STATISTICS, as_of, DL_DE_BY),
        Entry("Lage der Gemeinden und Workshop-Orte (Koordinaten)", "GeoNames", "",
              COORDINATES.removeprefix("Koordinaten: GeoNames, ")),
        Entry(f"Workshops ({number(len(ds.workshops))}): Datum, Themenfeld, Ort", f"Workshopreihe „{series}“",
              period(ds.workshops)),
        Entry("Angemeldete Kommunen und Eckdaten der Reihe (eingeladen, angemeldet, Fragebögen)", organiser,
              str(program.get("year") or "")),
    ]
    origins = ds.questions["origin"].value_counts() if "origin" in ds.questions else {}
    asked = [f"{ORIGIN_LABELS.get(origin, origin)} ({count_noun(int(n), 'Frage', 'Fragen')})"
             for origin, n in sorted(origins.items(), key=lambda item: item[0] != QUESTIONNAIRE)]
    out.append(Entry("Fragen der Kurzbefragung", "; ".join(asked) or "keine Fragen geladen"))
    survey = ds.survey
    answers = f"{SAMPLE_LABEL} ({SAMPLE_MEANING})" if survey.sample_data else "echte Antworten der Kommunen"
    units = count_noun(_respondents(ds), "antwortende Einheit", "antwortende Einheiten")
    out.append(Entry(f"Antworten: {survey.name}, {units}", answers, survey.store_version or ""))
    if ds.regions is not None and ds.regions.regions and ds.regions.regions[0].source:
        out.append(Entry(f"Planungsregionen ({number(len(ds.regions.regions))}) für die Gruppen der Auswertung",
                         ds.regions.regions[0].source))
    catalogue = ds.catalogue
    if catalogue.blocks:
        out.append(Entry(f"Baukasten ({count_noun(len(catalogue.blocks), 'Baustein', 'Bausteine')})",
                         f"{organiser} ({catalogue.status}); öffentliche Leitfäden, je Baustein genannt",
                         _stand(catalogue.as_of)))
    return tuple(out)


def map_entries(boundaries_meta: dict | None) -> tuple[Entry, ...]:
    out = []
    if boundaries_meta:
        out.append(Entry("Amtliche Grenzen der Gemeinden, Verbandsgemeinden und Kreise",
                         str(boundaries_meta.get("attribution") or "GeoBasis-DE / BKG"),
                         geo_store.describe(boundaries_meta),
                         str(boundaries_meta.get("licence") or DL_DE_BY)))
    for key, spec in BASEMAPS.items():
        if spec is None:
            continue
        short, licence = BASEMAP_LICENCES.get(key, ("", ""))
        attribution = spec["attribution"].removeprefix("Hintergrund: ")
        out.append(Entry(f"Hintergrundkarte „{spec['label']}“ (nur wenn auf der Karte gewählt)",
                         attribution.removesuffix(f", {short}") if short else attribution, "", licence))
    return tuple(out)


def map_note(boundaries_meta: dict | None) -> str:
    shape = ("Die Karte zeigt die amtlichen Grenzen, die eingelesen wurden." if boundaries_meta else
             "Amtliche Grenzen sind nicht eingelesen: Die Karte zeigt die Gemeinden als Punkte an ihrer Lage.")
    return (f"{shape} Ohne gewählte Hintergrundkarte lädt die Karte nichts von fremden Servern; erst eine "
            "gewählte Hintergrundkarte holt ihre Kacheln beim genannten Anbieter.")


def software_entries() -> tuple[Entry, ...]:
    out = []
    for name, distribution, licence, role in SOFTWARE:
        installed = _installed(distribution)
        out.append(Entry(f"{name} {installed}".strip(), role, "", licence))
    return tuple(out)


def sample_text(ds: Dataset) -> str:
    n = count_noun(_respondents(ds), "Einheit", "Einheiten")
    now = (f"Zurzeit sind {SAMPLE_LABEL} geladen: erzeugte Antworten von {n}, keine echten Angaben der Kommunen. "
           if ds.survey.sample_data else
           f"Zurzeit sind echte Antworten geladen ({n}); das Kennzeichen erscheint daher nicht. ")
    return (f"Die Antworten der {ds.survey.name} sind nicht öffentlich. Solange sie nicht geladen sind, zeigt das "
            f"Dashboard erzeugte Antworten und kennzeichnet jede Auswertung, jede Folie und jeden Export, der auf "
            f"ihnen beruht, als „{SAMPLE_LABEL}“. {now}Echt sind in jedem Fall die Gemeinden, die Workshops und "
            "die Eckdaten der Reihe (eingeladene und angemeldete Kommunen, zurückgesandte Fragebögen).")


def disclosure_text(ds: Dataset) -> str:
    policy = wave_policy(ds)
    named = (" Für diese Befragung sind Kommunen freigegeben, die der Veröffentlichung zugestimmt haben."
             if policy.mode == NAMED and policy.released else "")
    return (f"Jede Zahl zur Befragung beschreibt mindestens {number(THRESHOLD)} antwortende Kommunen. Dafür sind "
            "alle Kommunen fest in Gruppen eingeteilt – nach Größenklasse, dann nach Landkreis oder Planungsregion "
            "–, und jede Zahl fasst ganze Gruppen zusammen; passt eine Filterauswahl nicht genau auf solche "
            "Gruppen, nennt die Seite in einem Satz die größere Gruppe, die stattdessen gezeigt wird. So lässt sich "
            "auch aus zwei Zahlen nie die Antwort einer einzelnen Kommune ausrechnen. Antworten mit Namen sehen "
            "angemeldete Mitarbeitende des Kompetenzzentrums und eine Kommune ihre eigenen über ihren persönlichen "
            "Link; alle anderen nur von Kommunen, die der Veröffentlichung zugestimmt haben, und nur, wenn die "
            "Befragung namentlich veröffentlicht ist. "
            f"Die {ds.survey.name} ist {POLICY_LABELS[policy.mode]} veröffentlicht.{named}")


def about(ds: Dataset, boundaries_meta: dict | None) -> About:
    return About(
        data_state=Source.of(ds).data_state,
        data=data_entries(ds),
        map=map_entries(boundaries_meta),
        map_note=map_note(boundaries_meta),
        software=software_entries(),
        sample_data=ds.survey.sample_data,
        sample_text=sample_text(ds),
        disclosure_text=disclosure_text(ds),
    )

