"""Which unit does a cell of an upload name? Keys first (AGS, ARS, Verbandsgemeinde key), then names.

A name is accepted silently only when it is exact after normalisation (case, umlauts, ß, punctuation) in one
of the forms a municipality is officially or commonly written in:

- its common name ("Lutherstadt Wittenberg", "Halle (Saale)"),
- its official GV-ISys name ("Wittenberg, Lutherstadt", "Merseburg, Stadt") and the same designation in
  front ("Welterbestadt Quedlinburg") or in brackets ("Merseburg (Stadt)"),
- a general designation that fits the municipality: "Stadt …" only for towns, "Gemeinde …" and
  "Einheitsgemeinde …" only for municipalities that are not towns (or not in a Verbandsgemeinde),
  "Einheitsgemeinde Stadt …" for towns outside a Verbandsgemeinde, "Verbandsgemeinde …"/"VG …" only for
  Verbandsgemeinden,
- the name without its designation, unless another municipality, Verbandsgemeinde or district bears it
  ("Wittenberg" is also the Landkreis Wittenberg, so it is never taken for Lutherstadt Wittenberg).

Everything else gets suggestions ranked by a fuzzy matcher (rapidfuzz) and is never taken. A member of a
Verbandsgemeinde counts for its Verbandsgemeinde (with a note). Never imports streamlit.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

GENERIC_TOWN = ("stadt",)
GENERIC_MUNICIPALITY = ("gemeinde",)


def fold(text: str) -> str:
    """Lower case, umlauts and ß folded (also ae/oe/ue spellings), punctuation to single spaces."""
    t = unicodedata.normalize("NFC", str(text)).casefold().replace("ß", "ss")
    t = t.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    t = t.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return t.strip()


@dataclass(frozen=True)
class UnitMatch:
    unit_key: str | None
    note: str | None = None  # e.g. "gehört zur Verbandsgemeinde …"
    problem: str | None = None
    suggestions: tuple[tuple[str, str], ...] = ()  # (key, label) of close names, best first


@dataclass(frozen=True)
class _Target:
    ags: str | None  # the municipality named (None for a Verbandsgemeinde itself)
    unit_key: str
    label: str  # how we show it: "Barleben (15083040)"


def key_digits(value: str) -> str | None:
    """The digits of a key as spreadsheets write it: 15083040, "15083040.0", "15083040,0", "15.083.040",
    "150830040040"; None when the cell is not a number."""
    v = re.sub(r"\s+", "", str(value))
    v = re.sub(r"[.,]0+$", "", v)  # 15083040.0 / 15083040,0: a number stored as text
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", v):  # 15.083.040: thousands separators
        v = v.replace(".", "")
    return v if v.isdigit() else None


class UnitMatcher:
    """Built once per import from the municipality table and the units."""

    def __init__(self, municipalities: pd.DataFrame, units: pd.DataFrame):
        self.unit_keys = set(units["unit_key"]) if len(units) else set()
        self.unit_names = dict(zip(units["unit_key"], units["name"])) if len(units) else {}
        m = municipalities
        self.by_ags: dict[str, tuple[str, str, str | None, str | None]] = {}
        self.by_ars: dict[str, str] = {}
        forms: dict[str, set[_Target]] = {}
        bare: dict[str, set[_Target]] = {}
        taken_names: set[str] = set()
        if len(m):
            official = m["official_name"] if "official_name" in m else pd.Series([None] * len(m), index=m.index)
            ars = m["ars"] if "ars" in m else pd.Series([None] * len(m), index=m.index)
            for ags, name, off, town, vg_key, vg_name, a in zip(m["ags"], m["name"], official, m["is_town"],
                                                                  m["vg_key"], m["vg_name"], ars):
                vg_key = vg_key if isinstance(vg_key, str) and vg_key else None
                vg_name = vg_name if isinstance(vg_name, str) and vg_name else None
                unit = vg_key or ags
                self.by_ags[ags] = (name, unit, vg_key, vg_name)
                if isinstance(a, str) and a:
                    self.by_ars[a] = ags
                target = _Target(ags, unit, f"„{name}“ ({ags})")
                taken_names.add(fold(name))
                base = name
                designations: list[str] = []
                if isinstance(off, str) and off:
                    if ", " in off:
                        base, designation = off.rsplit(", ", 1)
                        designations.append(designation)
                    for f in _variants(off):
                        forms.setdefault(f, set()).add(target)
                forms.setdefault(fold(name), set()).add(target)
                town = bool(town) and str(town).lower() not in ("false", "0", "")
                generic = list(GENERIC_TOWN if town else GENERIC_MUNICIPALITY)
                if not vg_key:
                    generic.append("einheitsgemeinde stadt" if town else "einheitsgemeinde")
                for d in designations + generic:
                    for f in (f"{fold(d)} {fold(base)}", f"{fold(base)} {fold(d)}"):
                        forms.setdefault(f, set()).add(target)
                if fold(base) != fold(name):
                    bare.setdefault(fold(base), set()).add(target)
            for district in set(m["district_name"]):
                taken_names.add(fold(district))
        if len(units):
            for key, name, kind in zip(units["unit_key"], units["name"], units["kind"]):
                if kind != "Verbandsgemeinde":
                    continue
                target = _Target(None, key, f"„{name}“ ({key})")
                base = re.sub(r"^Verbandsgemeinde\s+", "", name)
                for d in ("verbandsgemeinde", "vg"):
                    for f in (f"{d} {fold(base)}", f"{fold(base)} {d}"):
                        forms.setdefault(f, set()).add(target)
                forms.setdefault(fold(name), set()).add(target)
                if fold(base) not in taken_names:
                    bare.setdefault(fold(base), set()).add(target)
        # a name without its designation only where nothing else bears that name
        for f, targets in bare.items():
            if f in taken_names or f in forms:
                continue
            forms[f] = targets
        self.forms = forms
        labels = {}
        for targets in forms.values():
            for t in targets:
                labels.setdefault(t.label, t)  # "„Halle (Saale)“ (15002000)"
        self._choices = list(labels)
        self._choice_targets = labels
        self._choice_folded = [fold(re.sub(r"\s*\(\d+\)$", "", c)) for c in self._choices]

    # --- matching ---------------------------------------------------------------------------------

    def match(self, raw: str) -> UnitMatch:
        value = str(raw).strip()
        if not value:
            return UnitMatch(None, problem="Die Kommune fehlt.")
        digits = key_digits(value)
        if digits is not None:
            return self._match_key(digits, value)
        targets = self.forms.get(fold(value))
        if targets:
            units = {t.unit_key for t in targets}
            if len(units) > 1:
                return UnitMatch(None, problem=f"„{short(value)}“ ist mehrdeutig: "
                                 + ", ".join(sorted(t.label for t in targets))
                                 + ". Bitte den Gemeindeschlüssel (AGS) angeben.")
            t = next(iter(targets))
            return UnitMatch(t.unit_key, note=self._member_note(t.ags, value))
        close = self.suggest(value)
        hint = ("Meinten Sie: " + ", ".join(label for _key, label in close) + "?") if close else \
            "Keine ähnliche Kommune gefunden."
        return UnitMatch(None, problem=f"Die Kommune „{short(value)}“ ist nicht bekannt. {hint}", suggestions=close)

    def _match_key(self, digits: str, value: str) -> UnitMatch:
        if digits in self.unit_keys and len(digits) == 9:
            return UnitMatch(digits)
        ags = digits if len(digits) == 8 else self.by_ars.get(digits) if len(digits) == 12 else None
        if ags in self.by_ags:
            name, unit, vg_key, _vg_name = self.by_ags[ags]
            if unit in self.unit_keys or not self.unit_keys:
                return UnitMatch(unit, note=self._member_note(ags, digits))
        return UnitMatch(None, problem=f"„{short(value)}“ ist kein Gemeindeschlüssel (AGS), Regionalschlüssel (ARS) "
                                       "oder Verbandsgemeinde-Schlüssel aus Sachsen-Anhalt.")

    def _member_note(self, ags: str | None, shown: str) -> str | None:
        if ags is None or ags not in self.by_ags:
            return None
        _name, _unit, vg_key, vg_name = self.by_ags[ags]
        if vg_key:
            return f"„{short(shown)}“ gehört zur {vg_name} ({vg_key})"
        return None

    def suggest(self, value: str, limit: int = 3) -> tuple[tuple[str, str], ...]:
        """The closest known names as (key, label), best first (rapidfuzz WRatio on folded names)."""
        q = fold(value)
        if not q:
            return ()
        found = process.extract(q, self._choice_folded, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=75)
        out: list[tuple[str, str]] = []
        for _text, _score, index in found:
            label = self._choices[index]
            target = self._choice_targets[label]
            item = (target.ags or target.unit_key, label)
            if item not in out:
                out.append(item)
        return tuple(out[:limit])

    def label(self, key: str) -> str:
        """"„Barleben“ (15083040)" for a unit or municipality key."""
        if key in self.by_ags:
            return f"„{self.by_ags[key][0]}“ ({key})"
        return f"„{self.unit_names.get(key, key)}“ ({key})"

    # --- which column names the unit? -------------------------------------------------------------

    def column_score(self, values: list[str]) -> tuple[float, float]:
        """(share of valid keys, share of exact names) among the non-empty values."""
        values = [v for v in values if v and v.strip()]
        if not values:
            return 0.0, 0.0
        keys = names = 0
        for v in values:
            digits = key_digits(v)
            if digits is not None:
                keys += self._match_key(digits, v).unit_key is not None
            elif fold(v) in self.forms:
                names += 1
        return keys / len(values), names / len(values)


def _variants(official: str) -> list[str]:
    """"Merseburg, Stadt" → merseburg stadt, stadt merseburg (also written "Merseburg (Stadt)")."""
    out = [fold(official)]
    if ", " in official:
        base, designation = official.rsplit(", ", 1)
        out.append(f"{fold(designation)} {fold(base)}")
    return out


def short(value: str, limit: int = 60) -> str:
    value = str(value).replace("\n", " ")
    return value if len(value) <= limit else value[:limit - 1] + "…"
