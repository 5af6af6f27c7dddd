"""Command line of bench/load.py: arguments, boundaries into a temporary GEO_DIR, app instances (and nginx),
the measurement, and cleaning up every process it started."""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import HARD_LIMIT_S, HOST, MB, REPO
from .procstat import Sampler
from .runs import measure
from .server import NGINX, free_port, log_tail, start_nginx, wait_health


def main(description: str) -> int:
    parser = argparse.ArgumentParser(description=description)
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
