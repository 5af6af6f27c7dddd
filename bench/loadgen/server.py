"""Starting the app instances and the nginx proxy, waiting until they answer, reading their logs."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from .common import HOST, REPO


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
