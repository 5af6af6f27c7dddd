"""A minimal HTTP/1.1 client (keep-alive, a browser's six connections) and what a page makes a browser load."""
from __future__ import annotations

import asyncio
import re
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from .common import CONNECTIONS_PER_SESSION, HOST

TAG_RE = re.compile(rb"<(script|link)\b([^>]*)>", re.I)
ATTR_RE = re.compile(rb"""([\w-]+)\s*=\s*["']([^"']*)["']""")
LINK_RELS = {b"stylesheet", b"modulepreload", b"preload", b"icon", b"shortcut icon"}
MEDIA_RE = re.compile(rb"/media/[0-9A-Za-z_.-]+")
MAPDEPS_FILES_RE = re.compile(r"m\.f=\[([^\]]*)\]")
LAZY_IMPORT_RE = re.compile(r"import\(`\./([^`]+)`\)(?:\.then\([^()]*\))?,__vite__mapDeps\(\[([\d,]*)\]\)")


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
