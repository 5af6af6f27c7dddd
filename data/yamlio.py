"""Reading YAML data files: UTF-8 text (data.csvio.read_text), safe loading, German problems with the line."""
from __future__ import annotations

from pathlib import Path

import yaml

from data.csvio import read_text
from data.problems import DataError, Problem


def parse_yaml(text: str, file_name: str) -> object:
    """The document in `text`. Invalid YAML raises a DataError naming the file and the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError([Problem(file_name, line, None, "Die Datei ist kein gültiges YAML.")]) from None


def read_yaml(path: Path) -> object:
    """The YAML document of a file (missing, unreadable or wrongly encoded files raise a DataError too)."""
    return parse_yaml(read_text(path), path.name)
