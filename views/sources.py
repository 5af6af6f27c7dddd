"""The source of what is shown, built once: the line under every export, the Steckbrief's source, the footer's
survey part. The survey is named as labelled for the answers shown (views.survey), sample data marked."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from data.formatting import date_short, sample_mark
from data.loading import Dataset, Survey

STATISTICS = "Statistisches Landesamt Sachsen-Anhalt"
COORDINATES = "Koordinaten: GeoNames, CC BY 4.0"
SERIES = "Workshopreihe 2023 des Kompetenzzentrums Stadtumbau und Smart Cities"
WORKSHOPS_SOURCE = f"Quelle: {SERIES}, Programm"  # the workshops' dates, places and themes


def store_version_text(survey: Survey) -> str:
    """", Umfragedaten Version 2 vom 27.11.2026, 14:05" with the survey store, else ""."""
    return f", Umfragedaten {survey.store_version}" if survey.store_version else ""


def survey_source(survey: Survey, sample_form: str = "paren") -> str:
    """"Kurzbefragung 2023 (Beispieldaten), Umfragedaten Version 2 vom …"."""
    return survey.name + sample_mark(survey.sample_data, sample_form) + store_version_text(survey)


def population_as_of(population_date: pd.Timestamp | None) -> str:
    return date_short(population_date) if population_date is not None else "unbekannt"


@dataclass(frozen=True)
class Source:
    """What an export names as its source: the survey (as labelled for the answers shown), the population's
    reference date and the data version."""

    survey: Survey
    population_date: pd.Timestamp | None
    data_version: str
    facts: str = ""  # a chart of facts (not survey answers) names its own source and is never sample data

    @classmethod
    def of(cls, ds: Dataset, survey: Survey | None = None) -> Source:
        return cls(survey if survey is not None else ds.survey, ds.population_date, ds.version)

    @classmethod
    def of_facts(cls, ds: Dataset, line: str) -> Source:
        return cls(ds.survey, ds.population_date, ds.version, facts=line)

    @property
    def sample_data(self) -> bool:
        return self.survey.sample_data and not self.facts

    def line(self, today: dt.date) -> str:
        """The source line under charts: "Quelle: … · erstellt am 03.12.2026"."""
        return f"Quelle: {self.text} · erstellt am {date_short(today)}"

    @property
    def text(self) -> str:
        """The sources without the "Quelle:" label and without a date – for reports and table headers, which
        write the label and the date once themselves."""
        if self.facts:
            return re.sub(r"^\s*Quellen?:\s*", "", self.facts)
        return f"{survey_source(self.survey)} · {STATISTICS}, Stand {population_as_of(self.population_date)}"

    @property
    def data_state(self) -> str:
        """The data version as people read it – dates and the survey data's version number, never the internal
        fingerprint (data_version): "Gemeindedaten: Stand 31.12.2023 · Umfragedaten: Kurzbefragung 2023,
        Version 2 vom 27.11.2026, 14:05 (Beispieldaten)"."""
        parts = []
        if self.population_date is not None:
            parts.append(f"Gemeindedaten: Stand {population_as_of(self.population_date)}")
        version = f", {self.survey.store_version}" if self.survey.store_version else ""
        parts.append(f"Umfragedaten: {self.survey.name}{version}{sample_mark(self.survey.sample_data, 'paren')}")
        return " · ".join(parts)

    @property
    def steckbrief(self) -> str:
        """The Steckbrief's source paragraph."""
        return (f"{STATISTICS}, Stand {population_as_of(self.population_date)}; {COORDINATES}; "
                + survey_source(self.survey, "dash"))
