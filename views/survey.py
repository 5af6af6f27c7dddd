"""Which answers the survey views show: one wave alone, or two waves compared – as small value objects
(the answers and the survey as labelled for them) instead of relabelled copies of the whole Dataset.

The wave selection itself and its URL form live in views.url (WaveSelection).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from data.disclosure import Scope, Selection, WaveDisclosure, both_waves_scope
from data.formatting import md_escape, number, plural, sample_mark
from data.loading import Dataset, Survey
from data.model import short_name
from views.url import WaveSelection


@dataclass(frozen=True)
class Answers:
    """The answers a view shows and the survey as labelled for them (wave, sample flag, store version).
    `key`: their wave (the Dataset's own wave for its own answers, with or without the survey store)."""

    key: str
    responses: pd.DataFrame  # unit_key, question_id, answer (one row per chosen option)
    survey: Survey

    @property
    def sample_data(self) -> bool:
        return self.survey.sample_data


def wave_keys(ds: Dataset) -> list[str]:
    return [w.key for w in ds.waves]


def wave_label(ds: Dataset, key: str) -> str:
    """"2023 (Beispieldaten)" for a wave of sample answers, else the key."""
    wave = next((w for w in ds.waves if w.key == key), None)
    return str(key) + sample_mark(wave is not None and wave.sample_data, "paren")


def answers_of(ds: Dataset, key: str | None = None) -> Answers:
    """Wave `key`'s answers (None: the newest, which are the Dataset's own responses)."""
    if key is None or not ds.waves or ds.waves[-1].key == key:
        return Answers(ds.survey.wave, ds.responses, ds.survey)
    wave = next(w for w in ds.waves if w.key == key)
    survey = dataclasses.replace(ds.survey, wave=wave.key, sample_data=wave.sample_data,
                                 store_version=wave.version.label if wave.version is not None
                                 else ds.survey.store_version)
    return Answers(wave.key, wave.responses, survey)


def comparison_survey(ds: Dataset, sel: WaveSelection) -> Survey:
    """The survey as a comparison of two waves is labelled: "2023 und 2025", sample data if either wave
    is, both waves' store versions."""
    waves = {w.key: w for w in ds.waves}
    first, second = waves[sel.a], waves[sel.b]
    labels = [w.version.label for w in (first, second) if w.version is not None]
    return dataclasses.replace(ds.survey, wave=f"{sel.a} und {sel.b}",
                               sample_data=first.sample_data or second.sample_data,
                               store_version=" und ".join(labels) if labels else ds.survey.store_version)


def answering(units: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """The units among `units` that answered at least one question in `responses`."""
    return units[units["unit_key"].isin(set(responses["unit_key"]))]


def respondents_md(counted: Scope, total: Scope) -> str:
    """The survey page's first sentence: how many answering units match the filters – counted, like every
    figure, on the cover of the selection (data.disclosure), so a larger group is named (markdown)."""
    if counted.exact:
        matching = plural(counted.n, "antwortende Kommune entspricht", "antwortende Kommunen entsprechen")
        count = f"**{number(counted.n)}** {matching} den Filtern (von {number(total.n)} insgesamt). "
    else:
        count = f"{md_escape(counted.note)} Insgesamt haben {number(total.n)} Kommunen geantwortet. "
    return (count + "Fragen aus dem Fragebogen 2023 sind als solche gekennzeichnet, die übrigen sind Beispielfragen "
            "für die Themenfelder der Workshops.")


def comparison_intro_md(ds: Dataset, da: WaveDisclosure, db: WaveDisclosure, both_only: bool,
                        chosen: Selection) -> str:
    """How many of the filtered units answered in each wave and in both – counted like every figure, on the
    cover of the selection (markdown, values escaped)."""
    in_a, in_b = da.respondents(chosen), db.respondents(chosen)
    both, _, why = both_waves_scope(da.participation, db.participation, chosen)
    counts = (f"{number(in_a.n)} und {number(in_b.n)} antwortende Kommunen entsprechen den Filtern"
              if in_a.exact and in_b.exact else
              f"gezählt werden {number(in_a.n)} und {number(in_b.n)} antwortende Kommunen einer größeren Gruppe "
              "als der Auswahl (je Frage steht, welche)")
    if not why and both.exact and in_a.exact and in_b.exact:
        counts += f", {number(both.n)} davon haben in beiden Wellen geantwortet"
    return (f"Vergleich der Welle **{md_escape(wave_label(ds, da.key))}** mit **{md_escape(wave_label(ds, db.key))}**: "
            f"{counts}. Die Veränderung steht in Prozentpunkten (Anteil {md_escape(db.key)} minus Anteil "
            f"{md_escape(da.key)})."
            + (" Gezählt werden je Frage nur Kommunen, die sie in beiden Wellen beantwortet haben." if both_only
               else ""))


SINGLE_UNIT = ("Für eine einzelne Kommune zeigt die Umfrage keine Zahlen: Einzelne Antworten werden nicht "
               "veröffentlicht. Das Kommunenprofil ordnet die Kommune in ihre Gruppen ein.")
# What the other pages say when the Kommune filter chose one unit, each above the way to its profile.
SINGLE_UNIT_ON = {
    "uebersicht": "Eine einzelne Kommune ist gewählt: Die Eckdaten zählen ihre Anmeldung; Zahlen aus der Befragung "
                  "gibt es für sie allein nicht. Ihr Profil zeigt, wo sie steht und wer in der Nähe schon weiter ist.",
    "workshops": "Eine einzelne Kommune ist gewählt: Die Workshops stehen hier ohne Befragungsergebnisse, denn "
                 "einzelne Antworten werden nicht veröffentlicht. Ihr Profil ordnet die Kommune in ihre Gruppen ein.",
    "folien": "Eine einzelne Kommune ist gewählt: Die Folien zeigen Zahlen aus der Befragung nur für Gruppen von "
              "mindestens drei Kommunen. Ihr Profil ordnet die Kommune in ihre Gruppen ein.",
}


def profile_label(units: pd.DataFrame, selection: Selection) -> str:
    """The link to the one chosen unit's profile (markdown, escaped)."""
    key = next(iter(selection.units))
    names = units.loc[units["unit_key"] == key, "name"]
    return f"Profil von {md_escape(short_name(str(names.iloc[0])))} öffnen" if len(names) else "Zum Kommunenprofil"
