"""The municipality profile as plain data: facts as sentences, the answers beside the peers, the partners
further along (table and map points), the development over the survey waves, the Steckbrief's input."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from data.compare import NOT_COMPARABLE, unit_development, waves_answered
from data.disclosure import NAMED, PUBLIC_VIEWER, SUMMARISED, Policy, Viewer, WaveDisclosure, wave_policy, why_not_named
from data.formatting import date_abbrev, date_short, distance, md_escape, number, percent, sample_mark
from data.loading import Dataset
from data.model import short_name
from data.profile import Facts, PeerGroup, nearby_workshops, peer_groups
from exports.steckbrief import QuestionComparison, SteckbriefInput
from geo.html import escape
from geo.palette import OWN_MUNICIPALITY, PARTNER
from views.sources import Source
from views.survey import wave_label


def member_note_md(chosen_members: list[str], unit_name: str) -> str:
    """Said when the Kommune filter chose member municipalities of the Verbandsgemeinde shown (markdown)."""
    return ("Gewählt: " + md_escape(", ".join(chosen_members)) + f" – gehört zur {md_escape(unit_name)}; das "
            "Profil zeigt die Verbandsgemeinde, die als Einheit an der Befragung teilnimmt.")


def own_visible(ds: Dataset, viewer: Viewer, unit_key: str) -> bool:
    """May this viewer see the unit's own answers (and whether it answered)? data.disclosure decides."""
    return viewer.may_name(wave_policy(ds), unit_key)


def facts_md(ds: Dataset, f: Facts, answered_visible: bool) -> str:
    """The profile's fact lines under the tiles (markdown, values escaped); whether the unit answered only
    where the viewer may see it."""
    as_of = f" am {date_short(f.population_date)}" if f.population_date is not None else ""
    where = "Landkreis" if not f.district_key.startswith("1500") else "Gebiet der kreisfreien Stadt"
    lines = [f"**{md_escape(f.kind)}** im {where} **{md_escape(f.district_name)}** · Bevölkerungsstand{as_of}"]
    if f.members:
        lines.append(f"Mitgliedsgemeinden ({len(f.members)}): " + md_escape(", ".join(f.members)))
    answered = (f" · Fragebogen beantwortet: **{'ja' if f.answered else 'nein'}**"
                + md_escape(sample_mark(ds.sample_data, "paren")) if answered_visible else "")
    lines.append(f"Angemeldet für die Workshopreihe: **{'ja' if f.registered else 'nein'}**{answered}")
    near = nearby_workshops(f, ds.workshops).head(3)
    if len(near):
        lines.append("Workshops in der Nähe: " + "; ".join(
            f"{md_escape(r.title)} in {md_escape(r.venue)} ({date_abbrev(r.date)}, {distance(r.km)})"
            for r in near.itertuples()))
    return "  \n".join(lines)


@dataclass(frozen=True)
class PeerComparison:
    """One question: the unit's own answer beside the shares of its peer groups."""

    question_id: str
    text: str
    own: tuple[str, ...] | None  # None: not for this viewer's eyes
    frame: pd.DataFrame  # Antwort (own marked), one column per peer group
    groups: tuple[PeerGroup, ...]
    options: tuple[str, ...]

    @property
    def hidden(self) -> str:
        """The peer groups not shown, with their reasons ("" when all are shown)."""
        return ", ".join(f"{g.label} ({g.reason})" for g in self.groups if g.table is None)

    @property
    def n_text(self) -> str:
        """What n is in each shown column, for an export's header block: "Kleinstädte: 19 · Kreis Börde: 4"."""
        return " · ".join(f"{g.label}: {number(g.n)}" for g in self.groups if g.table is not None)

    @property
    def notes(self) -> str:
        """Which larger groups are shown instead of a peer group ("" when none)."""
        return " ".join(g.note for g in self.groups if g.note)

    def for_steckbrief(self) -> QuestionComparison:
        return QuestionComparison(self.text, self.own or (), self.options, self.groups)


def peer_comparison(wd: WaveDisclosure, units: pd.DataFrame, f: Facts, question: pd.Series,
                    own: tuple[str, ...] | None) -> PeerComparison:
    """The unit's peer groups for one question (public figures, the same for everyone) and – `own`, where the
    viewer may see it – its own answer marked."""
    groups = peer_groups(wd, f.unit_key, question["id"], units)
    frame = pd.DataFrame({"Antwort": list(question["options"])})
    if own is not None:  # a column named for the unit: its own answer, where the viewer may see it
        frame[own_column(f)] = [OWN_MARK if o in own else "" for o in question["options"]]
    for g in groups:
        col = peer_column(g, f, own_counted=bool(own))
        if g.table is None:
            frame[col] = "–"
        else:
            frame[col] = [f"{percent(s)} ({number(c)})" for s, c in zip(g.table["share"], g.table["count"])]
    return PeerComparison(question["id"], str(question["text"]), own, frame, tuple(groups),
                          tuple(question["options"]))


OWN_MARK = "● eigene Antwort"


def own_column(f: Facts) -> str:
    """The column with the unit's own answer carries its name."""
    return short_name(f.name)


def peer_column(g: PeerGroup, f: Facts, own_counted: bool) -> str:
    """A peer group's column says what it compares: "Kleinstädte mit Barleben (n = 19)" where the viewer sees
    that the unit answered; otherwise the group as it is, "Kleinstädte (n = 19)" (comparison_note_md says
    who is counted)."""
    label = f"{g.label} mit {short_name(f.name)}" if own_counted else g.label
    return f"{label} (n\u00a0=\u00a0{number(g.n)})"


def comparison_note_md(f: Facts, own_visible_: bool) -> str:
    """Said once above the comparisons: the groups count the unit itself – a figure without it beside one with
    it would give its answer away (data.disclosure)."""
    name = md_escape(short_name(f.name))
    if own_visible_:
        return (f"Die Vergleichsspalten zählen alle antwortenden Kommunen der Gruppe, {name} eingeschlossen – eine "
                f"Zahl ohne {name} neben einer mit ließe die Antwort errechnen. Die Spalte „{name}“ zeigt die "
                "eigene Antwort.")
    return (f"Die Vergleichsspalten zählen alle antwortenden Kommunen der Gruppe – {name} eingeschlossen, falls sie "
            "geantwortet hat; ob sie das hat, wird hier nicht gezeigt.")


def partners_table(partners: pd.DataFrame, with_key: bool = False) -> pd.DataFrame:
    """The municipalities further along, nearest first; `with_key` adds the AGS / VG key (for exports)."""
    table = pd.DataFrame({"Kommune": [short_name(n) for n in partners["name"]],
                          "Landkreis": partners["district_name"], "Antwort": partners["answer"],
                          "Entfernung": [distance(k) for k in partners["km"]]})
    if with_key:
        table.insert(0, "AGS / VG-Schlüssel", list(partners["unit_key"]))
    return table


def partner_points(f: Facts, partners: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Points and name labels of the partner map (geo.mapbuilder.PointLayer): the unit itself and its partners;
    every text escaped."""
    points = [{"lat": f.lat, "lon": f.lon, "tip": f"<b>{escape(f.name)}</b>",
               "style": {"radius": 9, "color": "#000", "weight": 3, "fillColor": OWN_MUNICIPALITY, "fillOpacity": 1,
                         "className": "eigene-kommune"}}]
    points += [{"lat": float(r.lat), "lon": float(r.lon),
                "tip": f"<b>{escape(r.name)}</b><br>{escape(r.answer)} · {escape(distance(r.km))}",
                "style": {"radius": 7, "color": "#333", "weight": 1, "fillColor": PARTNER, "fillOpacity": 0.9,
                          "className": "partner"}} for r in partners.itertuples()]
    labels = [{"lat": float(r.lat), "lon": float(r.lon),
               "html": f'<div class="sca-label">{escape(short_name(r.name))}</div>',
               "cls": "sca-label-icon", "size": [160, 16], "anchor": [-9, 8], "tip": ""}
              for r in partners.itertuples()]
    labels.append({"lat": f.lat, "lon": f.lon,
                   "html": f'<div class="sca-label"><b>{escape(short_name(f.name))}</b></div>',
                   "cls": "sca-label-icon", "size": [180, 16], "anchor": [-11, 8], "tip": ""})
    return points, labels


def development_table(ds: Dataset, unit_key: str, questions: pd.DataFrame,
                      viewer: Viewer = PUBLIC_VIEWER) -> pd.DataFrame | None:
    """Per question the unit's answer in each wave it took part in, and how it moved; None unless the unit
    answered in more than one wave whose answers the viewer may see by name (data.disclosure)."""
    waves = [(w.key, w.responses) for w in ds.waves if viewer.may_name(wave_policy(ds, w.key), unit_key)]
    answered = waves_answered(unit_key, waves)
    if len(answered) < 2:
        return None
    rows = unit_development(unit_key, [w for w in waves if w[0] in answered], questions)
    frame = pd.DataFrame({"Frage": [r.text for r in rows]})
    for i, key in enumerate(answered):
        frame[wave_label(ds, key)] = [" · ".join(r.answers[i]) if r.answers[i] else "keine Angabe" for r in rows]
    frame["Entwicklung"] = [r.change if r.change != NOT_COMPARABLE else "nicht vergleichbar" for r in rows]
    return frame


def steckbrief_input(ds: Dataset, f: Facts, comparisons: list[PeerComparison], recs,
                     viewer: Viewer = PUBLIC_VIEWER) -> SteckbriefInput:
    near = nearby_workshops(f, ds.workshops).head(3)
    return SteckbriefInput(
        facts=f, comparisons=tuple(c.for_steckbrief() for c in comparisons), recommendations=tuple(recs),
        workshops=tuple((r.title, date_abbrev(r.date), float(r.km)) for r in near.itertuples()),
        sample_data=ds.sample_data, source=Source.of(ds).steckbrief, catalogue_draft=ds.catalogue.is_draft,
        created=dt.date.today(), own_visible=own_visible(ds, viewer, f.unit_key),
        own_note=why_not_named(wave_policy(ds)))


NO_NAMES = {SUMMARISED: "Die Befragung wird nur zusammengefasst veröffentlicht, ohne Namen einzelner Kommunen.",
            NAMED: "Keine andere Kommune hat der namentlichen Veröffentlichung ihrer Antworten zugestimmt."}
OWN_NOT_PUBLIC = ("Die eigene Antwort dieser Kommune ist nicht öffentlich; gezeigt werden Kommunen derselben "
                  "Größenklasse, die ihre Antworten freigegeben haben und über den ersten Schritt hinaus sind.")


def no_partners_named(policy: Policy) -> str:
    return NO_NAMES[policy.mode] + " Wer schon weiter ist, lässt sich deshalb nicht mit Namen zeigen."


def steckbrief_file_name(f: Facts) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in f.name).strip("-")
    return f"Steckbrief-{safe}.pdf"
