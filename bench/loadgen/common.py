"""Shared constants of the load generator."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
MB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")
CONNECTIONS_PER_SESSION = 6  # what a browser opens per origin over HTTP/1.1
HARD_LIMIT_S = 3600  # the whole run, whatever happens
