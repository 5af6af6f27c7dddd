"""Presentation mode (?modus=praesentation): no sidebar, no Streamlit chrome, large type, the active filters
and "Beispieldaten" as a caption, and a QR code that opens the same view on a phone.

What only the presenter needs (the button that ends the mode, notices such as a missing public address) sits
in the right-hand margin that the page keeps free for the QR code, above it, so it never covers content; it
appears while the mouse moves and fades out three seconds later (a small script, a Streamlit component served by
the app itself, notices the mouse). The presenter's clicker (components.clicker: PageDown/→/Space and PageUp/←)
moves between the pages in the navigation's order, with the filters and the mode kept (on /folien between
slides)."""
from __future__ import annotations

import functools
import io
import logging
import os
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from components import keys
from components.clicker import presenter_keys
from components.url_state import UrlSection, publish, restore
from data.formatting import md_escape
from views.presses import page_step
from views.url import MODE_PARAM, MODE_VALUE, mode_params, parse_mode

STATE_KEY = keys.PRESENTATION

# Constant CSS, no data values. Streamlit's own test ids; checked in the browser tests.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stAppDeployButton"],
[data-testid="stMainMenu"] { display: none !important; }
html { font-size: clamp(18px, 1.35vw, 28px); }
[data-testid="stMainBlockContainer"] { max-width: 96vw; padding-top: 1.2rem; padding-bottom: 2rem;
  padding-right: 11rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
.st-key-praesentation-qr { position: fixed; right: 1rem; bottom: 1rem; z-index: 1000; width: 9rem;
  background: #ffffff; padding: 0.4rem; border: 1px solid #d0d7de; border-radius: 0.5rem; }
.st-key-praesentation-qr p { font-size: 0.6rem; line-height: 1.2; margin: 0; }
/* The presenter's bar lies in the right-hand margin the content leaves free (padding-right above), as wide as the
   QR code below it: shown, it covers nothing of the page. */
.st-key-praesentation-ende { position: fixed; right: 1rem; top: 0.6rem; z-index: 1002; width: 9rem;
  max-height: calc(100vh - 13rem); overflow: hidden; background: #ffffff; padding: .3rem .4rem;
  border-radius: .5rem; gap: .3rem; }
.st-key-praesentation-ende button { font-size: 0.7rem; min-height: 0; padding: 0.2rem 0.4rem; line-height: 1.2; }
.st-key-praesentation-ende p { font-size: 0.6rem; line-height: 1.3; margin: 0; }
.st-key-praesentation-ende [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
.st-key-praesentation-tasten { display: none !important; }
/* Those containers lie over the page or are hidden: their wrappers take no room (and no gap) at the top. */
[data-testid="stLayoutWrapper"]:has(> .st-key-praesentation-ende),
[data-testid="stLayoutWrapper"]:has(> .st-key-praesentation-qr) { display: contents; }
[data-testid="stLayoutWrapper"]:has(> .st-key-praesentation-tasten) { display: none !important; }
/* Titles close to the top and a little smaller: the page's main chart or map belongs in the first screen. */
h1 { font-size: 2.3rem !important; line-height: 1.2 !important; padding-top: 0 !important;
  padding-bottom: .3rem !important; }
/* The presenter's controls: shown while the mouse moves (body class set by the component below), on hover
   and on keyboard focus; otherwise faded out, so the audience sees only the content. */
.st-key-praesentation-ende, .st-key-folien-steuerung { opacity: 0; }  /* no fade: never half-visible text */
body.sca-steuerung-an .st-key-praesentation-ende, body.sca-steuerung-an .st-key-folien-steuerung,
.st-key-praesentation-ende:hover, .st-key-folien-steuerung:hover,
.st-key-praesentation-ende:has(:focus-visible), .st-key-folien-steuerung:has(:focus-visible) { opacity: 1; }
</style>
"""


def _seed(presenting: bool) -> None:
    st.session_state[STATE_KEY] = presenting


URL = UrlSection("modus", (MODE_PARAM,), parse=parse_mode, seed=_seed, present=lambda: STATE_KEY in st.session_state)


def seed_from_url() -> None:
    """Before the page config: the mode decides whether the sidebar starts collapsed."""
    restore(URL)


def active() -> bool:
    return bool(st.session_state.get(STATE_KEY, False))


def write_url() -> None:
    publish(URL, mode_params(active()))


def _leave() -> None:
    st.session_state[STATE_KEY] = False


SHOW_MS = 3000
# Constant script, no data values: marks <body> while the mouse moved within the last SHOW_MS milliseconds.
_CONTROLS_JS = """
export default function (component) {
  const doc = document;
  const body = doc.body;
  const state = window.__scaSteuerung || (window.__scaSteuerung = {});
  if (state.off) state.off();
  let timer = null;
  const show = () => {
    body.classList.add("sca-steuerung-an");
    clearTimeout(timer);
    timer = setTimeout(() => body.classList.remove("sca-steuerung-an"), SHOW_MS);
  };
  doc.addEventListener("mousemove", show, {passive: true});
  doc.addEventListener("touchstart", show, {passive: true});
  state.off = () => {
    doc.removeEventListener("mousemove", show);
    doc.removeEventListener("touchstart", show);
    clearTimeout(timer);
    body.classList.remove("sca-steuerung-an");
  };
  return state.off;
}
""".replace("SHOW_MS", str(SHOW_MS))
_controls_fader = st.components.v2.component("sca_praesentation_steuerung", js=_CONTROLS_JS)

def public_url() -> str:
    return os.environ.get("DASHBOARD_PUBLIC_URL", "").strip()


def presenter_notices() -> list[str]:
    """What only the presenter must know in presentation mode."""
    if not active():
        return []
    out = []
    if not public_url():
        out.append("Keine öffentliche Adresse gesetzt: Der QR-Code zeigt auf diese Adresse "
                   f"({urlsplit(st.context.url or '').hostname or 'unbekannt'}), die Handys im Saal meist nicht "
                   "erreichen. Für den Saal eine öffentliche Adresse einrichten (Anleitung, „Im Saal präsentieren“).")
    return out


def apply() -> None:
    """Hide the chrome and enlarge the type; offer a way back (the sidebar is hidden)."""
    st.html(_CSS)


# Page titles scale with the screen (a 4-line title on a phone hides the content).
BASE_CSS = (
    "<style>h1 { font-size: clamp(1.9rem, 6.5vw, 2.75rem) !important; }"
    # Buttons that exist only for their keyboard shortcut (slides: PageDown, Space, PageUp, Home, End).
    " .st-key-folien-tasten { display: none !important; }"
    # A chart's own toolbar ("Show data", "Download as PNG", "Fullscreen") speaks English, shows the raw columns
    # and saves pictures without source, date or "Beispieldaten": each chart's export buttons do that instead.
    ' [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]) [data-testid="stElementToolbar"]'
    " { display: none !important; }</style>"  # spacing, band, 'Menü': components.frame
)


def base_style() -> None:
    st.html(BASE_CSS)


def exit_button(notices: bool = True) -> None:
    """The presenter's bar on every page: end the mode, and (besides on /folien, which shows its own) the
    presenter's notices; it mounts the script that shows the controls while the mouse moves."""
    with st.container(key="praesentation-ende"):
        st.button("Präsentation beenden", on_click=_leave, icon=":material/close_fullscreen:", key="praesentation_ende")
        if notices:
            for notice in presenter_notices():
                st.markdown(":material/info: " + md_escape(notice))
        _controls_fader(key="praesentation_steuerung")


PAGE_KEYS = "praesentation_tasten"  # the clicker's state (components.clicker)
_PRESSES = "_seiten_tasten"  # the presses the clicker handed over in this run: actions, in order
# The page switch the server made while the browser may still show the page before it: (from, to) url_paths
# (views.presses.page_step: a press sent from the old page continues from the new one).
_UNDERWAY = "_seite_unterwegs"


def _take(actions: list[str], continues: bool) -> None:
    # `continues` is for steps within one page (the slides); a page switch has its own record (_UNDERWAY).
    st.session_state.setdefault(_PRESSES, []).extend(actions)


def page_keys(order: list, current: str, query: dict[str, list[str]]) -> None:
    """PageDown/→/Space to the next page, PageUp/← to the previous one, with the filters and the mode kept –
    from a clicker or the keyboard, every press counted (components.clicker). `order`: the pages
    (app_pages.registry.PageSpec) in the navigation's order; `current`: the running page's url_path."""
    if not current:  # the default page runs at "/"
        current = next((p.url_path for p in order if getattr(p, "default", False)), "")
    paths = [p.url_path for p in order]
    if current not in paths:
        return
    with st.container(key="praesentation-tasten"):
        presenter_keys(PAGE_KEYS, _take)
    underway = st.session_state.get(_UNDERWAY)
    step = page_step(paths, current, st.session_state.pop(_PRESSES, None) or [], underway)
    st.session_state[_UNDERWAY] = step.underway
    if step.target is not None:
        target = order[paths.index(step.target)]
        st.switch_page(target.path, query_params={**query, MODE_PARAM: [MODE_VALUE]})


def share_url(query: dict[str, list[str]]) -> str | None:
    """The current view's address for a phone: the page URL with the filters, without presentation mode.
    DASHBOARD_PUBLIC_URL (e.g. https://dashboard.example.de) replaces scheme and host when set."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    public = os.environ.get("DASHBOARD_PUBLIC_URL", "").strip()
    if public:
        p = urlsplit(public)
        parts = parts._replace(scheme=p.scheme, netloc=p.netloc, path=p.path.rstrip("/") + parts.path)
    query = {k: v for k, v in query.items() if k != MODE_PARAM}
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True), fragment=""))


# Longer links make a code too dense to scan from the back row (and from about 2.300 characters segno cannot
# encode them at all): the code then opens the page without its filters, and the caption says so.
QR_MAX_CHARS = 300


@functools.lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=6, border=2)
    return buf.getvalue()


def qr_target(query: dict[str, list[str]]) -> tuple[str | None, str]:
    """The link the code carries and its caption: this view, else (too long) the page without filters, else
    nothing (None) with a notice."""
    url = share_url(query)
    if not url:
        return None, ""
    if len(url) <= QR_MAX_CHARS:
        return url, "Diese Ansicht auf dem Handy"
    page = share_url({})
    if page and len(page) <= QR_MAX_CHARS:
        return page, "Diese Seite auf dem Handy – ohne Filter: der Link mit allen Filtern ist zu lang für einen QR-Code"
    return None, "Kein QR-Code: die Adresse dieser Seite ist zu lang."


def qr_code(query: dict[str, list[str]]) -> None:
    """A small QR code pinned to the bottom right corner (presentation mode)."""
    url, caption = qr_target(query)
    if not caption:
        return
    host = urlsplit(url).hostname if url else ""
    if host in ("localhost", "127.0.0.1", "::1"):
        # Shown to the presenter's log, not to the room: phones cannot reach "localhost".
        logging.getLogger("dashboard").warning("QR-Code zeigt auf %s; für Handys DASHBOARD_PUBLIC_URL setzen.", host)
    png = None
    if url:
        try:
            png = qr_png(url)
        except (segno.DataOverflowError, ValueError):
            caption = "Kein QR-Code: die Adresse dieser Seite ist zu lang."
    with st.container(key="praesentation-qr"):
        if png is not None:
            st.image(png, width="stretch", alt=f"QR-Code mit dem Link {url}")
        st.markdown(caption)
