"""One browser session as Streamlit's own frontend speaks to the server, and bursts of such sessions."""
from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

from .common import HOST
from .http import MEDIA_RE, HttpPool, Response, html_refs, lazy_chunks

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
