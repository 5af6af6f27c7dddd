"""What the frame (app.py) reads once per run and hands to the page it runs: the dataset, the active filters
and their choices, and who is looking. Pages take it with `page_context()` – no page loads the data or reads
the filter widgets itself."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data.disclosure import Viewer
from data.filters import Choices, FilterPart, Filters, describe, filter_line
from data.loading import Dataset
from views.sources import Source

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    dataset: Dataset
    filters: Filters
    choices: Choices
    presenting: bool  # presentation mode: large type for the projector
    viewer: Viewer  # staff, a municipality through its access link, or the public (components.access)
    ignored: Filters = Filters()  # chosen filters this page does not apply (app_pages.registry); `filters` has the rest

    @property
    def source(self) -> Source:
        """The source every export names (the survey as loaded; the survey page relabels it for a wave)."""
        return Source.of(self.dataset)

    @property
    def filters_text(self) -> str:
        """The active filters in a short German line."""
        return describe(self.filters, self.choices)

    @property
    def filter_line(self) -> list[FilterPart]:
        """The page's filter line: the filters it applies, then the chosen ones it does not."""
        return filter_line(self.filters, self.ignored, self.choices)


def provide(context: PageContext) -> None:
    """Called by app.py once per run, before the page runs."""
    st.session_state[_KEY] = context


def page_context() -> PageContext:
    return st.session_state[_KEY]


# --- the band at the top of every page (not in presentation mode) -------------------------------------------

APP_NAME = "Smart-City-Dashboard Sachsen-Anhalt"
BAND_HEIGHT_REM = 3.75  # the height of Streamlit's header row, which lies transparent on top of the band
STATE_BLACK = "#000000"
STATE_YELLOW = "#FFCC00"  # black on this yellow (and this yellow on black): 13.9:1

# Constant CSS and markup, no data values. Streamlit's own test ids; checked in tests/browser/test_frame_band.py.
# The band is the first element of the page; Streamlit's header row (with the button that opens the sidebar)
# lies on top of it, transparent. The band reaches the window's edges by its border image (ink overflow: no
# scrollbar).
FRAME_CSS = f"""
<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 0; }}
[data-testid="stHeader"] {{ background: transparent; }}
.sca-kopf {{ min-height: {BAND_HEIGHT_REM}rem; display: flex; align-items: center; padding-bottom: 0.3rem;
  background: {STATE_BLACK};  /* under the border image; what contrast checkers read */
  border-image: linear-gradient(to bottom, {STATE_BLACK} calc(100% - 0.3rem), {STATE_YELLOW} 0) fill 0 // 0 100vmax; }}
.sca-kopf p {{ margin: 0; padding: 0.35rem 0; font-weight: 700; font-size: 1.05rem; line-height: 1.25;
  color: #ffffff; letter-spacing: 0.01em; }}
.sca-kopf p span {{ color: {STATE_YELLOW}; white-space: nowrap; }}
/* While the sidebar is closed its button sits at the band's left end: the name starts after it. */
body:has([data-testid="stExpandSidebarButton"]) .sca-kopf p {{ padding-left: 7.2rem; }}
/* The button that opens the sidebar says what it opens: on a phone it is the way to pages and filters. */
[data-testid="stExpandSidebarButton"] {{ background: {STATE_YELLOW}; border-radius: 0.4rem;
  padding: 0.2rem 0.55rem 0.2rem 0.3rem; }}
[data-testid="stExpandSidebarButton"], [data-testid="stExpandSidebarButton"] span {{ color: {STATE_BLACK} !important; }}
[data-testid="stExpandSidebarButton"]::after {{ content: "Menü"; margin-left: 0.3rem; font-size: 0.95rem;
  font-weight: 700; }}
[data-testid="stExpandSidebarButton"]:focus-visible {{ outline: 3px solid #ffffff; outline-offset: 2px; }}
h1 {{ padding-top: 0.75rem !important; }}
</style>
"""
BAND_HTML = '<div class="sca-kopf"><p>Smart-City-Dashboard <span>Sachsen-Anhalt</span></p></div>'

# Constant script, no data values: Streamlit names the sidebar button in English ("Expand sidebar"); its
# accessible name becomes the word the button shows. Streamlit draws the button anew when the sidebar closes.
_MENU_LABEL_JS = """
export default function () {
  const label = () => {
    for (const b of document.querySelectorAll('[data-testid="stExpandSidebarButton"]')) {
      if (b.getAttribute("aria-label") !== "Menü") b.setAttribute("aria-label", "Menü");
    }
  };
  label();
  const observer = new MutationObserver(label);
  observer.observe(document.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}
"""
_menu_label = st.components.v2.component("sca_menue", js=_MENU_LABEL_JS)


def header_band() -> None:
    """The band with the dashboard's name on top of every page, and the frame's spacing (app.py, first)."""
    st.html(FRAME_CSS + BAND_HTML)


def menu_label() -> None:
    """Names the sidebar button "Menü" for screen readers too (mounted once, in the sidebar)."""
    _menu_label(key="sca_menue", height=0, width="content")
