"""The presenter's keys: PageDown, → and Space go on, PageUp and ← back, Home and End to the first and last slide
– from a clicker or the keyboard, with no press lost (views/presses.py says why buttons lose them).

A small script (a Streamlit component, constant, no data values) numbers each press in the browser and hands the
recent ones to the server as one state value; `on_presses` then takes the presses not yet taken. Keys typed
into a field, a select box or with a modifier are left alone, and Space on a focused button stays that button's.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from views.presses import MAX_EVENTS, new_presses

TAKEN = "_tasten_genommen"  # session state: window id -> number of the last press taken
LAST_WINDOW = "_tasten_fenster"  # session state: the window of the last press taken

_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const doc = document;
  const own = window.__scaTasten || (window.__scaTasten = {
    id: Math.random().toString(36).slice(2, 12), seq: 0, events: [], shown: 0 });
  // The last press whose step this window has: the server says it with each run, in the same run that wrote the
  // step into the address (views/presses.py).
  if (data && data.id === own.id && Number.isInteger(data.n)) own.shown = Math.max(own.shown, data.n);
  if (own.off) own.off();
  const ACTIONS = { PageDown: "weiter", ArrowRight: "weiter", " ": "weiter", Spacebar: "weiter",
                    PageUp: "zurueck", ArrowLeft: "zurueck", Home: "erste", End: "letzte" };
  const typing = (t) => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)
    || (t.closest && t.closest('[role="listbox"], [role="combobox"], [role="slider"], [role="menu"]')));
  const onKey = (e) => {
    const action = ACTIONS[e.key];
    if (!action || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || typing(e.target)) return;
    if (e.key === " " && e.target && e.target.closest && e.target.closest("button, a")) return;
    e.preventDefault();
    own.seq += 1;
    own.events.push([own.seq, action, own.shown]);
    if (own.events.length > MAX_EVENTS) own.events.shift();
    setStateValue("presses", { id: own.id, events: own.events.slice() });
  };
  doc.addEventListener("keydown", onKey);
  own.off = () => doc.removeEventListener("keydown", onKey);
  return own.off;
}
""".replace("MAX_EVENTS", str(MAX_EVENTS))

_component = st.components.v2.component("sca_tasten", js=_JS)


def presenter_keys(key: str, on_presses: Callable[[list[str], bool], None]) -> None:
    """Mount the key listener; `on_presses(actions, continues)` runs (as a callback, before the page) with the
    actions of the presses not taken yet, in order, and whether they continue from the last step taken rather
    than from the address (views.presses.Presses.continues)."""
    def taken() -> None:
        result = st.session_state.get(key)
        value = getattr(result, "presses", None) if result is not None else None
        if value is None and isinstance(result, dict):
            value = result.get("presses")
        seen = st.session_state.setdefault(TAKEN, {})
        presses = new_presses(value, seen)
        if presses is None or not presses.new:
            return
        if len(seen) > 20 and presses.source not in seen:  # old windows of this session: keep the state small
            seen.clear()
        # Recorded before on_presses: it may be cut short only at its last step, the write to the address
        # (components.slides._move), when its session state is complete.
        seen[presses.source] = presses.new[-1][0]
        st.session_state[LAST_WINDOW] = presses.source
        on_presses([action for _, action in presses.new], presses.continues)

    window = st.session_state.get(LAST_WINDOW)
    shown = {"id": window, "n": st.session_state.get(TAKEN, {}).get(window, 0)} if window else None
    _component(key=key, data=shown, on_presses_change=taken, height=0, width="content")
