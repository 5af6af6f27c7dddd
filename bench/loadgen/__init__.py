"""The load generator behind bench/load.py, in small modules:

    common.py    the host, units, limits and the repository root
    procstat.py  server memory and CPU of the app processes, sampled from /proc
    http.py      a minimal HTTP/1.1 client with a browser's six keep-alive connections; HTML and chunk parsing
    session.py   one browser session speaking Streamlit's protocol (websocket + assets); bursts of sessions
    server.py    starting and waiting for app instances and the nginx proxy
    report.py    percentiles, summaries and the printed lines
    runs.py      the measurements: one burst (measure) and waves (soak)
    cli.py       command line and process lifecycle

See bench/load.py and bench/README.md for what is measured and how.
"""
