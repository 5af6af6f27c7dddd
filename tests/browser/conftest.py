"""Browser tests: the real app (streamlit run app.py) driven by Debian's Chromium through Playwright.

No browser is ever downloaded: Chromium must be at /usr/bin/chromium (scripts/test.sh installs it). A
missing Chromium fails the tests instead of skipping them, so CI cannot pass without running them.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SERVER_START_TIMEOUT_S = 60
PAGE_TIMEOUT_MS = 30_000
POLL_S = 0.2

# ---------------------------------------------------------------------------------------------------
# The Streamlit server
# ---------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(server log unreadable: {exc})"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_server(log_dir: Path, env: dict | None = None) -> AppServer:
    """Start `streamlit run app.py` on a free port and wait until /_stcore/health answers "ok".

    GEO_DIR points to an empty folder unless `env` says otherwise: the tests never see boundaries that a
    developer imported into geo/.
    """
    port = free_port()
    server_env = dict(os.environ)
    empty_geo = log_dir / f"geo-empty-{port}"
    empty_geo.mkdir(exist_ok=True)
    server_env["GEO_DIR"] = str(empty_geo)
    server_env.update(env or {})
    log_path = log_dir / f"streamlit-{port}.log"
    log_file = log_path.open("wb")
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(cmd, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=server_env)
    log_file.close()  # the child holds its own handle
    server = AppServer(process, port, log_path)

    health = f"{server.base_url}/_stcore/health"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Streamlit exited with code {process.returncode} before it was healthy.\n"
                        f"Command: {' '.join(cmd)}\n--- server log ---\n{server.log()}", pytrace=False)
        try:
            with opener.open(health, timeout=2) as resp:
                body = resp.read().decode(errors="replace").strip()
            if body == "ok":
                return server
            last_error = f"health answered {body!r}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = repr(exc)
        time.sleep(POLL_S)
    server.stop()
    pytest.fail(f"Streamlit was not healthy after {SERVER_START_TIMEOUT_S} s ({last_error}).\n"
                f"Command: {' '.join(cmd)}\n--- server log ---\n{server.log()}", pytrace=False)


@pytest.fixture(scope="session")
def server_log_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("streamlit")


@pytest.fixture(scope="session")
def app_server(server_log_dir):
    server = start_server(server_log_dir)
    yield server
    server.stop()


@pytest.fixture
def fresh_app_server(server_log_dir):
    """A server of its own, for tests about the very first session after a start."""
    server = start_server(server_log_dir)
    yield server
    server.stop()


# ---------------------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Debian's Chromium is required at {CHROMIUM} for the browser tests but was not found. "
                    "Install it with `apt-get install chromium` (scripts/test.sh does this); the tests never "
                    "download a browser.", pytrace=False)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:
        pw.stop()
        pytest.fail(f"Chromium at {CHROMIUM} could not be started: {exc}", pytrace=False)
    yield browser
    browser.close()
    pw.stop()


@dataclass
class Traffic:
    """Every request and websocket the page (and its frames) opened."""

    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """URLs that leave the machine: any host other than 127.0.0.1/localhost."""
        out = []
        for url in self.requests + self.websockets:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


@pytest.fixture
def page(chromium, request):
    """A fresh browser context per test; a screenshot lands in test-artifacts/ when the test fails."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    traffic = Traffic()
    context.on("request", lambda r: traffic.requests.append(r.url))
    pg = context.new_page()
    pg.on("websocket", lambda ws: traffic.websockets.append(ws.url))
    pg.on("pageerror", lambda err: traffic.page_errors.append(str(err)))
    pg.traffic = traffic
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9._\[\]-]+", "_", request.node.name)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # a screenshot must never hide the real failure
            print(f"screenshot failed: {exc}", file=sys.stderr)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server.base_url


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------


def wait_ready(page, title: str | None = None, timeout_s: float = 30, quiet_s: float = 0.6) -> None:
    """Wait for the page title (h1), then until Streamlit's running indicator stays away for a moment."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    h1 = page.locator("h1", has_text=title) if title else page.locator("h1")
    try:
        h1.first.wait_for(state="visible", timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        headings = page.locator("h1").all_inner_texts()
        pytest.fail(f"{page.url}: no title {title or '(h1)'} after {timeout_s} s; h1 found: {headings}; "
                    f"errors shown: {error_elements(page)}", pytrace=False)
    wait_quiet(page, timeout_s, quiet_s)


def wait_quiet(page, timeout_s: float = 30, quiet_s: float = 0.6) -> None:
    """Wait until Streamlit's running indicator has stayed away for `quiet_s` (it flickers between reruns)."""
    status = page.locator("[data-testid='stStatusWidget']")
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        if status.count() == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_s:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    pytest.fail(f"{page.url}: Streamlit was still running after {timeout_s} s", pytrace=False)


def poll(predicate, timeout_s: float = 15, what: str = "condition", page=None):
    """Ask `predicate` every 100 ms until it answers something truthy and return that answer; fail after
    `timeout_s`. With a page, wait through Playwright (its events keep flowing), else sleep (no browser yet)."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        if page is not None:
            page.wait_for_timeout(100)
        else:
            time.sleep(0.1)
    pytest.fail(f"{what} not reached after {timeout_s} s (last value: {last!r})", pytrace=False)


def error_elements(page) -> list[str]:
    found = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    return [found.nth(i).inner_text() for i in range(found.count())]


class Driver:
    """Opens app pages in one browser page and answers what the tests ask about them."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url

    @property
    def traffic(self) -> Traffic:
        return self.page.traffic

    def open(self, path: str, title: str | None = None):
        self.page.goto(self.base_url + path, timeout=PAGE_TIMEOUT_MS)
        wait_ready(self.page, title)
        return self.page

    def wait_ready(self, title: str | None = None) -> None:
        wait_ready(self.page, title)

    def errors(self) -> list[str]:
        return error_elements(self.page)

    def map_frame(self):
        return self.page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def _require_running(server: AppServer) -> None:
    if server.process.poll() is not None:
        pytest.fail(f"The Streamlit server has exited (code {server.process.returncode}).\n"
                    f"--- server log ---\n{server.log()}", pytrace=False)


@pytest.fixture
def app(page, base_url, app_server) -> Driver:
    _require_running(app_server)
    yield Driver(page, base_url)
    _require_running(app_server)


@pytest.fixture
def fresh_app(fresh_app_server, page) -> Driver:
    """A driver for a server nobody has visited yet."""
    return Driver(page, fresh_app_server.base_url)
