"""Export builders – chart images (PNG, SVG), tables (CSV, xlsx), PDF report and Steckbrief: plain Python,
no streamlit, built from view models only when a download is clicked."""
from __future__ import annotations

import re


def file_stem(text: str) -> str:
    """A file name for a download from its title: letters (umlauts too) and digits, at most 60 characters."""
    stem = re.sub(r"[^0-9A-Za-zÄÖÜäöüß]+", "-", text).strip("-")
    return stem[:60] or "Export"
