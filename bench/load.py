"""Load on a running server: many browser sessions at once, as Streamlit's own frontend speaks to it.

    python bench/load.py --sessions N --page PATH [--boundaries PATH] [--ttl 10] [--timeout 120]
    python bench/load.py --soak --page PATH [--waves 10] [--sessions 50]
    python bench/load.py --sessions N --page PATH --proxy [--instances 2]

--proxy puts nginx (Debian package nginx-light) in front, configured by the repository's own
deploy/nginx-dashboard.conf: static files from disk, compressed; the WebSocket passed through; sessions
bound to an instance by a cookie. --instances K starts K app processes behind it (the README's "Betrieb").

The boundaries (default: the generated test layers in tests/fixtures/boundaries) are imported into a temporary
GEO_DIR, never into the repository. The app is started with `streamlit run app.py` on 127.0.0.1 and a free
port, with a short `server.disconnectedSessionTTL`, so that the release of memory after the sessions close
can be watched. Only 127.0.0.1 is contacted; links to other hosts are counted, never fetched.

One session does what a browser's first visit does, in this order:
  1. GET /_stcore/health and /_stcore/host-config (the frontend's ping; health sets the XSRF cookie),
  2. opens ws://127.0.0.1:P/_stcore/stream with the subprotocols ["streamlit", <XSRF cookie>] and the
     cookie, sends a BackMsg rerun_script (page_name = the URL path, as the frontend does on first load)
     and reads ForwardMsgs until script_finished                      -> "Skript fertig"
  3. fetches over HTTP what the page needs: the page HTML, every script/stylesheet/preload it names, the
     lazily loaded frontend chunks of the element types the script sent (with their dependencies), media
     files the messages refer to, and for a component (the st_folium map) its iframe index.html, the
     iframe's scripts and every js_links/css_links entry of its json_args  -> "vollständig"
Nothing is cached between sessions: each counts as a first visit. Fonts and images that CSS refers to are
not fetched (a browser loads them only when drawn).

Server memory is the RSS of the app processes (all instances, without nginx), read from /proc every 100 ms.
Memory targets are measured from a warm server: one warm-up session has run (imports, caches filled),
closed, and its TTL has passed; the cold RSS right after start is printed as well.

Targets: 50 sessions p95 <= 5 s and all served; 100 sessions p95 <= 15 s and all served; memory growth
<= 300 MB for 100 sessions and back within 50 MB of the start once the sessions closed and the TTL passed.
--soak opens and closes --waves waves of --sessions sessions (default 10 x 50) and prints the memory after
each wave; it levels off if the last three waves lie within +-20 MB of their median.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

HOST = "127.0.0.1"
MB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")
CONNECTIONS_PER_SESSION = 6  # what a browser opens per origin over HTTP/1.1
HARD_LIMIT_S = 3600  # the whole run, whatever happens
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}

# Element type (Element.type oneof) -> the frontend chunk React.lazy loads for it (name before the hash).
# Types not listed (markdown, heading, alert, text, ...) live in the entry bundle.
ELEMENT_CHUNKS = {
    "dataframe": "DataFrame", "table": "Table", "vega_lite_chart": "ArrowVegaLiteChart", "audio": "Audio",
    "audio_input": "AudioInput", "balloons": "Balloons", "bidi_component": "BidiComponent", "button": "Button",
    "button_group": "ButtonGroup", "download_button": "DownloadButton", "camera_input": "CameraInput",
    "chat_input": "ChatInput", "checkbox": "Checkbox", "color_picker": "ColorPicker",
    "component_instance": "ComponentInstance", "date_input": "DateInput", "deck_gl_json_chart": "DeckGlJsonChart",
    "feedback": "Feedback", "file_uploader": "FileUploader", "graphviz_chart": "GraphVizChart", "html": "Html",
    "iframe": "IFrame", "imgs": "ImageList", "json": "Json", "link_button": "LinkButton", "metric": "Metric",
    "multiselect": "Multiselect", "number_input": "NumberInput", "page_link": "PageLink",
    "plotly_chart": "PlotlyChart", "progress": "Progress", "radio": "Radio", "selectbox": "Selectbox",
    "slider": "Slider", "snow": "Snow", "spinner": "Spinner", "text_area": "TextArea", "text_input": "TextInput",
    "time_input": "TimeInput", "date_time_input": "DateTimeInput", "toast": "Toast", "video": "Video",
    "code": "StreamlitSyntaxHighlighter", "menu_button": "MenuButton", "pagination": "Pagination",
    "echarts_chart": "EChartsChart",
}
TAG_RE = re.compile(rb"<(script|link)\b([^>]*)>", re.I)
ATTR_RE = re.compile(rb"""([\w-]+)\s*=\s*["']([^"']*)["']""")
LINK_RELS = {b"stylesheet", b"modulepreload", b"preload", b"icon", b"shortcut icon"}
MEDIA_RE = re.compile(rb"/media/[0-9A-Za-z_.-]+")
MAPDEPS_FILES_RE = re.compile(r"m\.f=\[([^\]]*)\]")
LAZY_IMPORT_RE = re.compile(r"import\(`\./([^`]+)`\)(?:\.then\([^()]*\))?,__vite__mapDeps\(\[([\d,]*)\]\)")


# --- server memory and CPU from /proc -------------------------------------------------------------

def _proc_stat(pid: int) -> tuple[int, float, int, int] | None:
    """(ppid, cpu seconds, threads, rss bytes) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2:].split()  # fields[0] is field 3 (state)
    return (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK, int(fields[17]),
            int(fields[21]) * PAGE_SIZE)


class Sampler(threading.Thread):
    """Samples RSS, CPU time and threads of process trees (the app instances) every `interval` seconds."""

    def __init__(self, roots: list[int], interval: float = 0.1, limit_s: float = HARD_LIMIT_S):
        super().__init__(daemon=True)
        self.roots, self.interval, self.limit_s = list(roots), interval, limit_s
        self.samples: list[tuple[float, int, float, int]] = []  # (monotonic, rss, cpu s, threads)
        self._halt = threading.Event()
        self._pids = list(roots)
        self._tree_at = 0.0

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                st = _proc_stat(int(name))
                if st:
                    children.setdefault(st[0], []).append(int(name))
        pids, todo = [], list(self.roots)
        while todo:
            pid = todo.pop()
            pids.append(pid)
            todo.extend(children.get(pid, []))
        return pids

    def run(self) -> None:
        start = time.monotonic()
        while not self._halt.is_set() and time.monotonic() - start < self.limit_s:
            now = time.monotonic()
            if now - self._tree_at > 1.0:  # new children are rare: look for them once a second
                self._pids, self._tree_at = self._tree(), now
            rss = cpu = threads = 0
            for pid in self._pids:
                st = _proc_stat(pid)
                if st:
                    cpu += st[1]
                    threads += st[2]
                    rss += st[3]
            if rss:
                self.samples.append((now, rss, cpu, threads))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()

    def now(self) -> tuple[float, int, float, int]:
        deadline = time.monotonic() + 2
        while not self.samples and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.samples[-1]

    def since(self, t0: float) -> list[tuple[float, int, float, int]]:
        return [s for s in self.samples if s[0] >= t0]

    def peak_since(self, t0: float) -> int:
        return max((s[1] for s in self.since(t0)), default=self.now()[1])


async def settle(sampler: Sampler, min_wait: float, max_wait: float, window: float = 3.0,
                 tol: int = 5 * MB) -> tuple[int, float, bool]:
    """Wait at least min_wait, then until RSS moved less than tol during `window` seconds (at most max_wait).
    Returns (RSS, seconds waited, levelled off)."""
    start = time.monotonic()
    while True:
        await asyncio.sleep(0.5)
        waited = time.monotonic() - start
        if waited >= min_wait:
            recent = [s[1] for s in sampler.since(time.monotonic() - window)]
            if len(recent) >= window / sampler.interval * 0.8 and max(recent) - min(recent) <= tol:
                return sampler.now()[1], waited, True
        if waited >= max_wait:
            return sampler.now()[1], waited, False


# --- a minimal HTTP/1.1 client (keep-alive, a browser's six connections) ----------------------------

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes
    wire: int  # bytes received for this response: head + body as sent (compressed if so)

    def text(self) -> bytes:
        if self.headers.get("content-encoding") == "gzip":
            return zlib.decompress(self.body, 16 + zlib.MAX_WBITS)
        if self.headers.get("content-encoding") == "deflate":
            return zlib.decompress(self.body)
        return self.body


class HttpConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> HttpConnection:
        reader, writer = await asyncio.open_connection(HOST, port, limit=1 << 20)
        return cls(reader, writer)

    async def get(self, target: str, port: int, cookie: str | None) -> tuple[Response, bool]:
        head = (f"GET {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: bench-load\r\nAccept: */*\r\n"
                f"Accept-Encoding: gzip, deflate\r\nAccept-Language: de-DE\r\nConnection: keep-alive\r\n"
                + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n")
        self.writer.write(head.encode("latin-1"))
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        wire = len(raw)
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                k, v = k.strip().lower(), v.strip()
                if k == "set-cookie":
                    cookies.append(v)
                headers[k] = v
        keep_alive = headers.get("connection", "").lower() != "close"
        if status in (204, 304) or 100 <= status < 200:
            body = b""
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                line = await self.reader.readuntil(b"\r\n")
                wire += len(line)
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    while True:  # trailers, then the empty line
                        t = await self.reader.readuntil(b"\r\n")
                        wire += len(t)
                        if t == b"\r\n":
                            break
                    break
                chunk = await self.reader.readexactly(size + 2)
                wire += len(chunk)
                parts.append(chunk[:-2])
            body = b"".join(parts)
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
            wire += len(body)
        else:
            body = await self.reader.read()
            wire += len(body)
            keep_alive = False
        return Response(status, headers, cookies, body, wire), keep_alive

    def close(self) -> None:
        self.writer.close()


class HttpPool:
    """At most six connections to the server, reused like a browser's."""

    def __init__(self, port: int, size: int = CONNECTIONS_PER_SESSION):
        self.port = port
        self.idle: list[HttpConnection] = []
        self.all: list[HttpConnection] = []
        self.slots = asyncio.Semaphore(size)
        self.jar: dict[str, str] = {}  # cookies the server set (XSRF; behind the proxy also the instance)
        self.bytes = 0
        self.files = 0
        self.failed: list[str] = []

    async def get(self, target: str) -> Response | None:
        async with self.slots:
            for attempt in range(2):
                reused = attempt == 0 and bool(self.idle)
                conn = self.idle.pop() if reused else None
                if conn is None:
                    conn = await HttpConnection.open(self.port)
                    self.all.append(conn)
                try:
                    resp, keep = await conn.get(target, self.port, self.cookie)
                    break
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                    conn.close()
                    if reused and attempt == 0:
                        continue  # the server closed an idle keep-alive connection: a browser retries once
                    self.failed.append(f"{target}: {type(exc).__name__}")
                    return None
            if keep:
                self.idle.append(conn)
            else:
                conn.close()
        for c in resp.cookies:
            name, _, rest = c.partition("=")
            self.jar.setdefault(name.strip(), rest.split(";", 1)[0])  # the first value, as for the instance
        self.bytes += resp.wire
        self.files += 1
        if resp.status != 200:
            self.failed.append(f"{target}: HTTP {resp.status}")
        return resp

    @property
    def cookie(self) -> str | None:
        return "; ".join(f"{k}={v}" for k, v in self.jar.items()) or None

    async def get_all(self, targets: list[str]) -> list[Response | None]:
        return list(await asyncio.gather(*(self.get(t) for t in targets)))

    def close(self) -> None:
        for c in self.all:
            c.close()


def html_refs(body: bytes) -> list[str]:
    """The scripts, stylesheets, preloads and icons an HTML page makes the browser load."""
    refs = []
    for tag, attrs in TAG_RE.findall(body):
        a = {k.lower(): v for k, v in ATTR_RE.findall(attrs)}
        if tag.lower() == b"script" and a.get(b"src"):
            refs.append(a[b"src"].decode())
        elif tag.lower() == b"link" and a.get(b"href") and a.get(b"rel", b"").lower() in LINK_RELS:
            refs.append(a[b"href"].decode())
    return refs


_CHUNKS: dict[str, dict[str, list[str]]] = {}


def lazy_chunks(entry_url: str, entry_js: bytes) -> dict[str, list[str]]:
    """Chunk name -> URLs (chunk first, then its dependencies) from the entry bundle's React.lazy imports."""
    if entry_url not in _CHUNKS:
        text = entry_js.decode("utf-8", "replace")
        m = MAPDEPS_FILES_RE.search(text)
        files = re.findall(r'"([^"]+)"', m.group(1)) if m else []
        table: dict[str, list[str]] = {}
        for name, deps in LAZY_IMPORT_RE.findall(text):
            urls = [urljoin(entry_url, "./" + name)]
            for i in (int(x) for x in deps.split(",") if x):
                if i < len(files):
                    urls.append(urljoin(entry_url, files[i]))
            table.setdefault(name.split(".")[0], urls)
        _CHUNKS[entry_url] = table
    return _CHUNKS[entry_url]


# --- one browser session ---------------------------------------------------------------------------

class CountingConnection(ClientConnection):
    """Counts the bytes that arrive on the websocket's TCP connection (handshake and frames, as sent)."""

    wire_in = 0

    def data_received(self, data: bytes) -> None:
        self.wire_in += len(data)
        super().data_received(data)


@dataclass
class Session:
    port: int
    page: str
    timeout: float
    t_script: float | None = None
    t_complete: float | None = None
    ws_bytes: int = 0
    ws_messages: int = 0
    http_bytes: int = 0
    http_files: int = 0
    external_links: list[str] = field(default_factory=list)
    error: str | None = None
    elements: Counter = field(default_factory=Counter)
    ws: ClientConnection | None = None
    http: HttpPool | None = None
    drain: asyncio.Task | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.t_complete is not None

    async def run(self) -> None:
        t0 = time.perf_counter()
        try:
            async with asyncio.timeout(self.timeout):
                await self._run(t0)
        except TimeoutError:
            self.error = f"Zeitüberschreitung nach {self.timeout:.0f} s"
        except Exception as exc:  # noqa: BLE001 - every failure is a result, not a crash of the benchmark
            self.error = f"{type(exc).__name__}: {exc}"[:200]
        finally:
            if self.http is not None:
                self.http_bytes, self.http_files = self.http.bytes, self.http.files

    async def _run(self, t0: float) -> None:
        origin = f"http://{HOST}:{self.port}"
        path, _, query = self.page.partition("?")
        page_url = origin + self.page
        http = self.http = HttpPool(self.port)

        # 1. the frontend's ping; health sets the XSRF cookie (double submit: cookie and subprotocol); behind
        # the proxy the first response also sets the instance cookie, so health goes first, alone
        await http.get("/_stcore/health")
        await http.get("/_stcore/host-config")
        xsrf = http.jar.get("_streamlit_xsrf")

        # 2. websocket, rerun_script for the page, ForwardMsgs until script_finished
        self.ws = await connect(
            f"ws://{HOST}:{self.port}/_stcore/stream", subprotocols=["streamlit", xsrf or "PLACEHOLDER_AUTH_TOKEN"],
            origin=origin, additional_headers={"Cookie": http.cookie} if http.cookie else None, proxy=None,
            open_timeout=self.timeout, ping_interval=None, max_size=None, create_connection=CountingConnection)
        back = BackMsg()
        rs = back.rerun_script
        rs.query_string = query
        rs.page_script_hash = ""
        rs.page_name = path.strip("/")
        rs.widget_states.SetInParent()
        ci = rs.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "Europe/Berlin", -60, "de-DE"
        ci.url, ci.is_embedded, ci.color_scheme = page_url, False, "light"
        await self.ws.send(back.SerializeToString())

        media: set[str] = set()
        components: list[tuple[str, dict]] = []
        finished = None
        async for raw in self.ws:
            self.ws_messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                el = msg.delta.new_element
                etype = el.WhichOneof("type")
                self.elements[etype] += 1
                if etype == "exception":
                    raise RuntimeError(f"Ausnahme im Skript: {el.exception.type}: {el.exception.message[:80]}")
                if etype == "component_instance":
                    components.append((el.component_instance.component_name,
                                       json.loads(el.component_instance.json_args or "{}")))
            elif kind == "page_not_found":
                raise RuntimeError(f"Seite nicht gefunden: {msg.page_not_found.page_name!r}")
            elif kind == "script_finished":
                finished = msg.script_finished
                if finished in DONE:
                    break
            if b"/media/" in raw:
                media.update(m.decode() for m in MEDIA_RE.findall(raw))
        if finished is None:
            raise RuntimeError("Verbindung ohne script_finished beendet")
        if finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            raise RuntimeError("Skript mit Kompilierfehler beendet")
        self.t_script = time.perf_counter() - t0
        self.ws_bytes = self.ws.wire_in
        self.drain = asyncio.create_task(self._drain())

        # 3. what the browser loads for the page: HTML, its assets, lazy chunks, media, component iframes
        (page,) = await http.get_all([self.page])
        if page is None or page.status != 200:
            raise RuntimeError("Seiten-HTML nicht geladen")
        shell = [urljoin(page_url, r) for r in html_refs(page.text())]
        done = {page_url}
        responses = dict(zip(shell, await self._fetch(shell, done)))
        entry = next((u for u in shell if "/static/js/index." in u), None)
        chunks = lazy_chunks(entry, responses[entry].text()) if entry and responses.get(entry) else {}
        wanted = [u for t in self.elements for u in chunks.get(ELEMENT_CHUNKS.get(t, ""), [])]
        wanted += [urljoin(origin, m) for m in sorted(media)]
        frames = [urljoin(origin, f"/component/{name}/index.html?streamlitUrl={quote(page_url, safe='')}")
                  for name, _ in components]
        got = dict(zip(wanted + frames, await self._fetch(wanted + frames, done)))
        frame_assets = []
        for url in frames:
            if got.get(url) is not None:
                frame_assets += [urljoin(url, r) for r in html_refs(got[url].text())]
        await self._fetch(frame_assets, done)  # the iframe's own bundle; it then adds the map's links
        links = []
        for url, (_, args) in zip(frames, components):
            links += [urljoin(url, x) for x in list(args.get("css_links", [])) + list(args.get("js_links", []))]
        await self._fetch(links, done)
        if http.failed:
            raise RuntimeError(f"{len(http.failed)} Dateien nicht geladen, z. B. {http.failed[0]}")
        self.t_complete = time.perf_counter() - t0

    async def _fetch(self, urls: list[str], done: set[str]) -> list[Response | None]:
        """GET each same-origin URL once per session; other hosts are only counted."""
        targets, index = [], []
        for i, url in enumerate(urls):
            parts = urlsplit(url)
            if parts.netloc != f"{HOST}:{self.port}":
                self.external_links.append(url)
                continue
            if url in done:
                continue
            done.add(url)
            targets.append(parts.path + (f"?{parts.query}" if parts.query else ""))
            index.append(i)
        out: list[Response | None] = [None] * len(urls)
        for i, resp in zip(index, await self.http.get_all(targets)):
            out[i] = resp
        return out

    async def _drain(self) -> None:
        try:
            async for _ in self.ws:
                pass
        except Exception:  # noqa: BLE001 - the connection ends when we close it
            pass

    async def close(self) -> None:
        try:
            if self.ws is not None:
                await asyncio.wait_for(self.ws.close(), 10)
        except Exception:  # noqa: BLE001
            pass
        if self.drain is not None:
            self.drain.cancel()
        if self.http is not None:
            self.http.close()


async def burst(port: int, page: str, n: int, timeout: float) -> tuple[list[Session], float, float]:
    """Open n sessions at once; they stay connected. Returns (sessions, wall seconds, client CPU seconds)."""
    sessions = [Session(port, page, timeout) for _ in range(n)]
    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.gather(*(s.run() for s in sessions))
    return sessions, time.perf_counter() - t0, time.process_time() - cpu0


async def close_all(sessions: list[Session]) -> None:
    await asyncio.gather(*(s.close() for s in sessions))


# --- reporting -------------------------------------------------------------------------------------

def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def summary(sessions: list[Session]) -> dict:
    ok = [s for s in sessions if s.ok]
    script = [s.t_script for s in ok]
    complete = [s.t_complete for s in ok]
    return {
        "served": len(ok), "failed": len(sessions) - len(ok),
        "script": (pct(script, .5), pct(script, .95), max(script, default=float("nan"))),
        "complete": (pct(complete, .5), pct(complete, .95), max(complete, default=float("nan"))),
        "ws": statistics.median([s.ws_bytes for s in ok]) if ok else 0,
        "http": statistics.median([s.http_bytes for s in ok]) if ok else 0,
        "files": statistics.median([s.http_files for s in ok]) if ok else 0,
        "messages": statistics.median([s.ws_messages for s in ok]) if ok else 0,
        "errors": Counter(s.error for s in sessions if s.error),
        "external": sorted({u for s in sessions for u in s.external_links}),
        "elements": ok[0].elements if ok else Counter(),
    }


def print_sessions(page: str, n: int, sm: dict, wall: float, client_cpu: float, server_cpu: float) -> None:
    a, b = sm["script"], sm["complete"]
    print(f"Seite {page}: {n} Sitzungen gleichzeitig, bedient {sm['served']}, fehlgeschlagen {sm['failed']}")
    print(f"  bis script_finished:  p50 {a[0]:6.2f} s   p95 {a[1]:6.2f} s   max {a[2]:6.2f} s")
    print(f"  bis vollständig:      p50 {b[0]:6.2f} s   p95 {b[1]:6.2f} s   max {b[2]:6.2f} s")
    print(f"  Bytes je Sitzung (Median): {(sm['ws'] + sm['http']) / 1024:8.1f} KiB  = Websocket "
          f"{sm['ws'] / 1024:.1f} KiB ({sm['messages']:.0f} Nachrichten) + HTTP {sm['http'] / 1024:.1f} KiB "
          f"({sm['files']:.0f} Dateien)")
    print(f"  Dauer des Ansturms {wall:.1f} s; CPU Server {server_cpu:.1f} s ({server_cpu / max(n, 1):.2f} s je "
          f"Sitzung, {server_cpu / max(wall, 1e-9) / os.cpu_count() * 100:.0f} % von {os.cpu_count()} Kernen), "
          f"CPU Lastgenerator {client_cpu:.1f} s")
    for err, count in sm["errors"].most_common(5):
        print(f"  Fehler ×{count}: {err}")
    if sm["external"]:
        print(f"  Links zu fremden Hosts (nicht geladen): {', '.join(sm['external'])}")


# --- server ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_health(port: int, server: subprocess.Popen, limit: float = 120) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"Server beendet mit Code {server.returncode} vor dem Start.")
        try:
            if opener.open(f"http://{HOST}:{port}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"Server nicht bereit nach {limit:.0f} s.")


NGINX = "/usr/sbin/nginx"
DEPLOY_CONF = REPO / "deploy" / "nginx-dashboard.conf"


def start_nginx(tmp: Path, port: int, upstream_ports: list[int]) -> subprocess.Popen:
    """nginx in the foreground with the repository's deployment file, in a private prefix."""
    import streamlit

    site = DEPLOY_CONF.read_text(encoding="utf-8")
    for key, value in {
        "@LISTEN@": f"{HOST}:{port}", "@SERVER_NAME@": HOST,
        "@UPSTREAM_SERVERS@": "\n".join(f"    server {HOST}:{p};" for p in upstream_ports),
        "@STREAMLIT_STATIC@": str(Path(streamlit.__file__).parent / "static"),
        "@APP_STATIC@": str(REPO / "static"),
    }.items():  # the header comment names the placeholders too: replace them in directives only
        site = "\n".join(ln if ln.lstrip().startswith("#") else ln.replace(key, value) for ln in site.splitlines())
    prefix = tmp / "nginx"
    (prefix / "logs").mkdir(parents=True)
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    temp = {name: prefix / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main_conf = prefix / "nginx.conf"
    main_conf.write_text(
        "daemon off;\nworker_processes auto;\n"
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n  sendfile on;\n  client_body_temp_path {temp['body']};\n"
        f"  proxy_temp_path {temp['proxy']};\n  fastcgi_temp_path {temp['fastcgi']};\n"
        f"  uwsgi_temp_path {temp['uwsgi']};\n  scgi_temp_path {temp['scgi']};\n"
        f"  include {prefix}/site.conf;\n}}\n", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-q", "-p", str(prefix), "-c", str(main_conf)], capture_output=True,
                           text=True)
    if check.returncode:
        raise SystemExit(f"nginx-Konfiguration ungültig: {check.stderr.strip()}")
    return subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(main_conf)], stdout=subprocess.DEVNULL,
                            stderr=open(prefix / "logs" / "stderr.log", "wb"))


def log_tail(log: Path, lines: int = 25) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


async def measure(args, port: int, sampler: Sampler, cold: int, instance_ports: list[int]) -> bool:
    mb = lambda b: b / MB  # noqa: E731
    # Warm-up: one first visitor per instance, directly on its port (imports, caches); the sessions close
    # and their TTL passes.
    for instance in instance_ports:
        warm, _, _ = await burst(instance, args.page, 1, args.timeout)
        await close_all(warm)
        if not warm[0].ok:
            print(f"Aufwärmsitzung fehlgeschlagen: {warm[0].error}")
            return False
    start, waited, level = await settle(sampler, args.ttl + 2, args.ttl + 30)
    print(f"Speicher (RSS Server + Kinder): kalt nach Start {mb(cold):.0f} MB, nach einer Aufwärmsitzung je Instanz "
          f"(geschlossen, TTL abgelaufen) {mb(start):.0f} MB = Start")

    if args.soak:
        return await soak(args, port, sampler, start)

    t0 = time.monotonic()
    cpu0 = sampler.now()[2]
    sessions, wall, client_cpu = await burst(port, args.page, args.sessions, args.timeout)
    after_burst = sampler.now()[1]
    server_cpu = sampler.now()[2] - cpu0
    peak = sampler.peak_since(t0)
    threads = max((s[3] for s in sampler.since(t0)), default=0)
    sm = summary(sessions)
    await close_all(sessions)
    after_close, waited, level = await settle(sampler, args.ttl + 2, args.ttl + 90)
    # The session store reaps expired sessions only on its next write: one more visitor does that.
    nudge, _, _ = await burst(port, args.page, 1, args.timeout)
    await close_all(nudge)
    after_nudge, _, _ = await settle(sampler, 3, 30)

    print_sessions(args.page, args.sessions, sm, wall, client_cpu, server_cpu)
    print(f"  Speicher: Start {mb(start):.0f} MB, Spitze {mb(peak):.0f} MB (+{mb(peak - start):.0f}), nach dem "
          f"Ansturm {mb(after_burst):.0f} MB (+{mb(after_burst - start):.0f}), {threads} Threads in der Spitze")
    print(f"  Speicher nach dem Schließen + TTL {args.ttl} s: {mb(after_close):.0f} MB "
          f"({mb(after_close - start):+.0f}; {'eingependelt' if level else 'nicht eingependelt'} nach "
          f"{waited:.0f} s); nach einer weiteren "
          f"Sitzung (räumt abgelaufene Sitzungen ab): {mb(after_nudge):.0f} MB ({mb(after_nudge - start):+.0f})")
    all_served = sm["failed"] == 0
    limit = 5.0 if args.sessions <= 50 else 15.0
    label = "50 Sitzungen" if args.sessions <= 50 else "100 Sitzungen"
    print(f"Ziele ({label}):")
    print(f"  {mark(all_served)} alle bedient ({sm['served']}/{args.sessions})")
    print(f"  {mark(sm['script'][1] <= limit)} p95 bis script_finished ≤ {limit:.0f} s ({sm['script'][1]:.2f} s)")
    print(f"  {mark(sm['complete'][1] <= limit)} p95 bis vollständig ≤ {limit:.0f} s ({sm['complete'][1]:.2f} s)")
    growth_ok = peak - start <= 300 * MB
    back_ok = after_close - start <= 50 * MB
    print(f"  {mark(growth_ok)} Speicherzuwachs ≤ 300 MB (Ziel für 100 Sitzungen): +{mb(peak - start):.0f} MB")
    print(f"  {mark(back_ok)} nach dem Schließen ≤ 50 MB über dem Start: {mb(after_close - start):+.0f} MB")
    return all_served


async def soak(args, port: int, sampler: Sampler, start: int) -> bool:
    mb = lambda b: b / MB  # noqa: E731
    size = args.sessions or 50
    print(f"Dauerlast {args.page}: {args.waves} Wellen zu {size} Sitzungen, jede Welle geöffnet, geladen, "
          f"geschlossen; Speicher {args.settle:.0f} s nach dem Schließen")
    print(f"{'Welle':>5} {'Sitzungen':>10} {'RSS MB':>8} {'Spitze MB':>10} {'p95 Skript s':>13} "
          f"{'p95 vollst. s':>14} {'Fehler':>7}")
    print(f"{0:>5} {0:>10} {mb(start):>8.0f}")
    curve, total, failed = [], 0, 0
    for w in range(1, args.waves + 1):
        t0 = time.monotonic()
        sessions, _, _ = await burst(port, args.page, size, args.timeout)
        sm = summary(sessions)
        await close_all(sessions)
        await asyncio.sleep(args.settle)
        rss = sampler.now()[1]
        total += size
        failed += sm["failed"]
        curve.append(rss)
        print(f"{w:>5} {total:>10} {mb(rss):>8.0f} {mb(sampler.peak_since(t0)):>10.0f} {sm['script'][1]:>13.2f} "
              f"{sm['complete'][1]:>14.2f} {sm['failed']:>7}", flush=True)
        for err, count in sm["errors"].most_common(3):
            print(f"      Fehler ×{count}: {err}")
    after, waited, level = await settle(sampler, args.ttl + 2, args.ttl + 90)
    nudge, _, _ = await burst(port, args.page, 1, args.timeout)
    await close_all(nudge)
    after_nudge, _, _ = await settle(sampler, 3, 30)
    last = curve[-3:]
    mid = statistics.median(last)
    flat = len(last) == 3 and all(abs(x - mid) <= 20 * MB for x in last)
    print(f"Nach {total} Sitzungen, geschlossen + TTL {args.ttl} s: {mb(after):.0f} MB ({mb(after - start):+.0f} "
          f"gegenüber dem Start; {'eingependelt' if level else 'nicht eingependelt'}); nach einer weiteren "
          f"Sitzung: {mb(after_nudge):.0f} MB ({mb(after_nudge - start):+.0f})")
    print(f"  {mark(flat)} pendelt sich ein: die letzten 3 Wellen {', '.join(f'{mb(x):.0f}' for x in last)} MB "
          f"liegen {'' if flat else 'nicht '}innerhalb ±20 MB ihres Medians")
    print(f"  {mark(failed == 0)} alle bedient ({total - failed}/{total})")
    print(f"  {mark(after - start <= 50 * MB)} nach dem Schließen ≤ 50 MB über dem Start: {mb(after - start):+.0f} MB")
    return failed == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, help="Sitzungen gleichzeitig (bei --soak: je Welle, Standard 50)")
    parser.add_argument("--page", default="/karte", help="Pfad der Seite, z. B. /karte oder / oder /umfrage?kreis=15083")
    parser.add_argument("--soak", action="store_true", help="Dauerlast in Wellen")
    parser.add_argument("--waves", type=int, default=10)
    parser.add_argument("--settle", type=float, default=2.0, help="Sekunden nach jeder Welle bis zur Messung")
    parser.add_argument("--boundaries", type=Path, default=REPO / "tests" / "fixtures" / "boundaries")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL in Sekunden")
    parser.add_argument("--timeout", type=float, default=120, help="Höchstdauer einer Sitzung in Sekunden")
    parser.add_argument("--instances", type=int, default=1, help="App-Instanzen (mehr als eine nur mit --proxy)")
    parser.add_argument("--proxy", action="store_true",
                        help="nginx mit deploy/nginx-dashboard.conf davor: statische Dateien, Sitzungsbindung")
    args = parser.parse_args()
    if not args.soak and not args.sessions:
        parser.error("--sessions N oder --soak angeben")
    if not args.page.startswith("/"):
        parser.error("--page beginnt mit /")
    if not (1 <= (args.sessions or 50) <= 1000 and 1 <= args.waves <= 100):
        parser.error("höchstens 1000 Sitzungen und 100 Wellen")

    if args.instances > 1 and not args.proxy:
        parser.error("mehrere Instanzen nur mit --proxy (nginx verteilt die Sitzungen)")
    if args.proxy and not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} fehlt: apt-get install -y nginx-light (nur für --proxy nötig).")

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        geo_dir = Path(tmp) / "geo"
        geo_dir.mkdir()
        subprocess.run([sys.executable, "-m", "geo.boundaries", "import", str(args.boundaries), "--out",
                        str(geo_dir)], cwd=REPO, check=True, stdout=subprocess.DEVNULL, timeout=600)
        env = dict(os.environ, GEO_DIR=str(geo_dir))
        servers: list[tuple[subprocess.Popen, Path]] = []
        proxy: subprocess.Popen | None = None
        sampler: Sampler | None = None
        ok = False
        try:
            ports = [free_port() for _ in range(args.instances)]
            for i, port in enumerate(ports):
                log = Path(tmp) / f"server-{i + 1}.log"
                cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                       "--server.address", HOST, "--server.headless", "true",
                       "--server.disconnectedSessionTTL", str(args.ttl)]
                with open(log, "wb") as out:
                    servers.append((subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT),
                                    log))
            for (server, _), port in zip(servers, ports):
                wait_health(port, server)
            front = ports[0]
            if args.proxy:
                front = free_port()
                proxy = start_nginx(Path(tmp), front, ports)
                wait_health(front, proxy)
            sampler = Sampler([server.pid for server, _ in servers])
            sampler.start()
            cold = sampler.now()[1]
            print(f"Server: {args.instances} × {' '.join(cmd[1:3])} --server.disconnectedSessionTTL {args.ttl}"
                  + (f", davor nginx (deploy/nginx-dashboard.conf) auf Port {front}" if args.proxy else "")
                  + f" (GEO_DIR={geo_dir})")

            async def bounded():
                return await asyncio.wait_for(measure(args, front, sampler, cold, ports), HARD_LIMIT_S)

            ok = asyncio.run(bounded())
            print(f"Server-Spitze über den ganzen Lauf: {max(s[1] for s in sampler.samples) / MB:.0f} MB"
                  + (f" (alle {args.instances} Instanzen)" if args.instances > 1 else ""))
            for _, log in servers:
                problems = [ln for ln in log.read_text(errors="replace").splitlines()
                            if "Traceback" in ln or " ERROR " in ln or "Exception" in ln]
                if problems:
                    print(f"Serverlog {log.name}: {len(problems)} Fehlerzeilen, z. B.: {problems[0][:160]}")
        finally:
            if sampler is not None:
                sampler.stop()
            for proc in ([proxy] if proxy else []) + [server for server, _ in servers]:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            if not ok:
                for _, log in servers:
                    tail = log_tail(log)
                    if tail:
                        print(f"--- {log.name} (Ende) ---\n" + tail)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
