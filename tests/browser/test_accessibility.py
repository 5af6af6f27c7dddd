"""Automated accessibility check: axe-core (pinned in package.json, installed by scripts/test.sh through
`npm ci`) runs on every page of the dashboard and inside the map frame, against WCAG 2.0/2.1 A and AA.
No violation of impact "serious" or "critical" may remain.

axe finds only part of the accessibility problems (contrast, names, labels, structure); keyboard use and
screen-reader wording still need a person.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REPO
from tests.pages import PAGES as REGISTRY
from tests.pages import address, heading

pytestmark = pytest.mark.browser

AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
EXPECT_MS = 15_000
SHOWN_TARGETS = 3

# Every page of the registry, some opened in a fuller state (a municipality, a question slide), plus the
# presentation mode.
QUERY = {"kommune": "?kommune=15083040", "folien": "?satz=Energie%20und%20Klima&folie=3"}
HEADING = {"folien": "Erfasst Ihre Kommune die Energieverbräuche ihrer Liegenschaften digital?"}
PAGES = {address(p) + QUERY.get(p.url_path, ""): HEADING.get(p.url_path, heading(p)) for p in REGISTRY}
PAGES["/umfrage?modus=praesentation"] = PAGES["/umfrage"]
PAGE_IDS = [p.url_path for p in REGISTRY] + ["praesentation"]

# Elements of Streamlit's own frontend (or its third-party widgets) that the app cannot change. Each entry is
# one exact selector, with the reason; never a whole rule or page.
EXCLUDED_SELECTORS: list[str] = []

_RUN_AXE = """async ([exclude, tags]) => {
  const context = exclude.length ? {exclude: exclude} : document;
  const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}});
  return {
    checked: result.passes.length + result.violations.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(' >>> ')),
    })),
  };
}"""


def _axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {REPO} (scripts/test.sh does this).", pytrace=False)
    return str(AXE_JS)


def run_axe(frame, where: str) -> None:
    """Inject axe-core into a page or frame, run the WCAG A/AA rules and fail on serious/critical violations."""
    # Streamlit fades elements of the previous run (data-stale) while a rerun is under way, e.g. the one a map
    # component asks for when it mounts; contrast is judged on the settled page.
    frame.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=EXPECT_MS)
    frame.add_script_tag(path=_axe_source())
    result = frame.evaluate(_RUN_AXE, [EXCLUDED_SELECTORS, WCAG_TAGS])
    assert result["checked"] > 0, f"axe checked no rule on {where}"
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    if blocking:
        lines = [f"{len(blocking)} serious/critical accessibility violation(s) on {where}:"]
        for v in blocking:
            targets = ", ".join(v["targets"][:SHOWN_TARGETS])
            more = f" (+{len(v['targets']) - SHOWN_TARGETS} more)" if len(v["targets"]) > SHOWN_TARGETS else ""
            lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} – {len(v['targets'])} element(s): "
                         f"{targets}{more}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.browser
@pytest.mark.parametrize("path", list(PAGES), ids=PAGE_IDS)
def test_page_has_no_serious_accessibility_violations(app, path):
    page = app.open(path, PAGES[path])
    run_axe(page, path)


@pytest.mark.browser
def test_map_frame_has_no_serious_accessibility_violations(app):
    page = app.open("/karte", PAGES["/karte"])
    frame_locator = app.map_frame()
    expect(frame_locator.locator("path.gemeinde").first).to_be_attached(timeout=EXPECT_MS)
    expect(frame_locator.locator(".sca-legend")).to_be_visible(timeout=EXPECT_MS)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    assert frame is not None, "the map frame has no document"
    run_axe(frame, "/karte (map frame)")
