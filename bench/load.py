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

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loadgen.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(__doc__.splitlines()[0]))
