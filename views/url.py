"""Every URL parameter of the dashboard in one place: names, parsing with German notices, and the URL form
of each selection. Pure functions; components.url_state keeps them in step with the widgets.

- shared filters: thema, groesse, kreis (5-digit key), kommune (AGS or VG key); repeated for several values
- presentation mode: modus=praesentation
- survey page: welle=2023 (one wave), vergleich=2023&vergleich=2025 (two compared), beide=ja
- survey page's Darstellung: darstellung=groessenklasse or darstellung=tabelle (the default, gesamt, needs none)
- map's colouring: faerben=groesse|einwohner|frage:<id> and antwort=<option> (the default, Beteiligung, needs none;
  the background map is never in a link: a link must not make a browser contact a tile server unasked)
- slides: satz (the theme of a slide sequence), folie (its number, from 1) – read on every run by views.slide_nav
  (the address decides, so the browser's Back and Forward move between slides)

Unknown or malformed values are dropped and reported as a German notice, never raised.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from data.filters import FILTER_NAMES, Choices, Filters
from data.model import SIZE_CLASSES
from views import slide_nav
from views.questions import BY_SIZE, TABLE, TOTAL

FILTER_PARAMS = FILTER_NAMES  # thema, groesse, kreis, kommune
MODE_PARAM = "modus"
MODE_VALUE = "praesentation"
WAVE_PARAMS = ("welle", "vergleich", "beide")
SLIDE_PARAMS = (slide_nav.SET_PARAM, slide_nav.SLIDE_PARAM)
# Parameters that belong to a page or mode rather than to the shared filters.
VIEW_PARAM = "darstellung"
VIEW_VALUES = {TOTAL: "gesamt", BY_SIZE: "groessenklasse", TABLE: "tabelle"}  # the survey page's Darstellung
COLOUR_PARAM, ANSWER_PARAM = "faerben", "antwort"
COLOUR_PARAMS = (COLOUR_PARAM, ANSWER_PARAM)
PAGE_PARAMS = (MODE_PARAM, VIEW_PARAM) + COLOUR_PARAMS + SLIDE_PARAMS + WAVE_PARAMS
MAX_VALUE_LENGTH = 100
MAX_VALUES = 300
YES = ("ja", "1", "true")

Params = Mapping[str, "Iterable[str] | str"]


# --- the shared filters ------------------------------------------------------------------------------

def filter_params(filters: Filters) -> dict[str, list[str]]:
    """The filters' URL form; empty filters need no parameter."""
    out = {"thema": list(filters.themes), "groesse": list(filters.sizes), "kreis": list(filters.districts),
           "kommune": list(filters.units)}
    return {k: v for k, v in out.items() if v}


@dataclass
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)


def _values(params: Mapping[str, Iterable[str] | str], name: str) -> list[str]:
    raw = params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    return [str(v) for v in list(raw)[:MAX_VALUES]]


def parse_query_params(params: Mapping[str, Iterable[str] | str], choices: Choices) -> Parsed:
    """Turn URL parameters into Filters, dropping anything unknown with a German notice."""
    notices: list[str] = []
    unknown_params = sorted(k for k in params if k not in FILTER_PARAMS and k not in PAGE_PARAMS)
    if unknown_params:
        shown = ", ".join(f"„{k[:30]}“" for k in unknown_params[:5])
        notices.append(f"Unbekannte URL-Parameter ignoriert: {shown}.")

    def pick(name: str, allowed: Iterable[str], label: str, known: Iterable[str] = ()) -> tuple[str, ...]:
        """The allowed values asked for; `known`: values that exist but have no unit in these data."""
        allowed, known = list(allowed), set(known)
        seen: list[str] = []
        bad: list[str] = []
        empty: list[str] = []
        for v in _values(params, name):
            v = v.strip()
            if v in known and v not in allowed:
                empty.append(v)
            elif len(v) > MAX_VALUE_LENGTH or v not in allowed:
                bad.append(v[:30] + ("…" if len(v) > 30 else ""))
            elif v not in seen:
                seen.append(v)
        if bad:
            notices.append(f"{label}: unbekannte Werte ignoriert ({', '.join(f'„{b}“' for b in bad[:5])}).")
        if empty:
            notices.append(f"{label}: {', '.join(f'„{e}“' for e in dict.fromkeys(empty))} ignoriert – in diesen "
                           "Daten gibt es keine Kommune dieser Größe.")
        return tuple(seen)

    filters = Filters(
        themes=pick("thema", choices.themes, "Themenfeld"),
        sizes=pick("groesse", choices.sizes, "Größenklasse", SIZE_CLASSES),
        districts=pick("kreis", choices.districts, "Landkreis"),
        units=pick("kommune", choices.units, "Kommune"),
    )
    return Parsed(filters, notices)



# --- presentation mode -------------------------------------------------------------------------------

def parse_mode(params: Params) -> bool:
    """True for ?modus=praesentation."""
    return MODE_VALUE in _values(params, MODE_PARAM)


def mode_params(presenting: bool) -> dict[str, list[str]]:
    return {MODE_PARAM: [MODE_VALUE]} if presenting else {}


# --- which waves the survey page shows -----------------------------------------------------------------

YES = ("ja", "1", "true")


@dataclass(frozen=True)
class WaveSelection:
    """One wave alone (`wave`), or wave `a` compared with wave `b`."""

    wave: str | None = None
    a: str | None = None
    b: str | None = None
    both_only: bool = False

    @property
    def compare(self) -> bool:
        return self.wave is None

    def to_query_params(self, newest: str) -> dict[str, list[str]]:
        """URL parameters; the default (the newest wave alone) needs none."""
        if not self.compare:
            return {} if self.wave == newest else {"welle": [self.wave]}
        out = {"vergleich": [self.a, self.b]}
        if self.both_only:
            out["beide"] = ["ja"]
        return out


def default_selection(keys: Sequence[str]) -> WaveSelection:
    return WaveSelection(wave=keys[-1])


def default_comparison(keys: Sequence[str], both_only: bool = False) -> WaveSelection:
    return WaveSelection(a=keys[0], b=keys[-1], both_only=both_only)


def parse_wave_params(params: Mapping[str, Iterable[str] | str], keys: Sequence[str]) -> WaveSelection:
    """?welle=2023 shows one wave; ?vergleich=2023&vergleich=2025[&beide=ja] compares two. Unknown values
    fall back to the default, the newest wave alone. `keys`: the waves, oldest first."""
    def values(name: str) -> list[str]:
        raw = params.get(name, [])
        return [str(v).strip() for v in ([raw] if isinstance(raw, str) else list(raw))[:10]]

    known = list(keys)
    both_only = any(v.lower() in YES for v in values("beide"))
    compared = list(dict.fromkeys(v for v in values("vergleich") if v in known))
    if len(compared) >= 2:
        return WaveSelection(a=compared[0], b=compared[1], both_only=both_only)
    if len(compared) == 1 and len(known) > 1:
        other = known[-1] if compared[0] != known[-1] else known[0]
        return WaveSelection(a=compared[0], b=other, both_only=both_only)
    wave = next((v for v in values("welle") if v in known), None)
    return WaveSelection(wave=wave) if wave else default_selection(known)


# --- the survey page's Darstellung ---------------------------------------------------------------------

def view_params(mode: str) -> dict[str, list[str]]:
    """The Darstellung's URL form; the default (Gesamt) needs none."""
    return {} if mode == TOTAL or mode not in VIEW_VALUES else {VIEW_PARAM: [VIEW_VALUES[mode]]}


def parse_view_param(params: Params) -> str:
    """?darstellung=tabelle -> "Tabelle"; a missing or unknown value gives the default (see view_notice)."""
    values = [v.lower() for v in _few(params, VIEW_PARAM)]
    by_value = {v: mode for mode, v in VIEW_VALUES.items()}
    return next((by_value[v] for v in values if v in by_value), TOTAL)


def view_notice(params: Params) -> str | None:
    """A German notice when the address names a Darstellung that does not exist (None otherwise)."""
    unknown = [v for v in _few(params, VIEW_PARAM) if v.lower() not in VIEW_VALUES.values()]
    if not unknown or parse_view_param(params) != TOTAL:
        return None
    return (f"Die Darstellung „{unknown[0]}“ aus dem Link gibt es nicht; gezeigt wird die Gesamtverteilung "
            f"(möglich: {', '.join(VIEW_VALUES.values())}).")


# --- the map's colouring -------------------------------------------------------------------------------

def _few(params: Params, name: str) -> list[str]:
    """The first ten values of a one-value parameter, trimmed and bounded."""
    return [v.strip()[:MAX_VALUE_LENGTH] for v in _values(params, name)[:10]]


def colour_params(variable: str, option: str, default: str) -> dict[str, list[str]]:
    """The colouring's URL form; the default variable needs none, an answer only goes with its question."""
    if variable == default:
        return {}
    return {COLOUR_PARAM: [variable], **({ANSWER_PARAM: [option]} if option else {})}


def parse_colour_params(params: Params, choices: Sequence[str], default: str,
                        options_of) -> tuple[tuple[str, str], str | None]:
    """?faerben=frage:digitalstrategie&antwort=Ja -> ((variable, option), notice). `choices`: the variables the
    map offers; `options_of(variable)`: its answers ([] for variables without). Unknown values give the
    default (an unknown answer: the question's last, most advanced one) and a German notice."""
    asked = _few(params, COLOUR_PARAM)
    variable = next((v for v in asked if v in choices), default)
    notice = None
    if asked and variable == default and asked[0] != default:
        notice = f"Die Färbung „{asked[0]}“ aus dem Link gibt es nicht; die Karte zeigt die Beteiligung."
    options = list(options_of(variable))
    wanted = _few(params, ANSWER_PARAM)
    option = next((o for o in wanted if o in options), options[-1] if options else "")
    if options and wanted and option not in wanted:
        notice = f"Die Antwort „{wanted[0]}“ aus dem Link gibt es bei dieser Frage nicht; gezeigt wird „{option}“."
    return (variable, option), notice
