"""Problems found in data files, worded in German for the people who maintain the files."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file. `line` is the line number in the file (header = line 1)."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"Zeile {self.line}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """Raised when a data file cannot be used. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or ""))
        super().__init__("\n".join(str(p) for p in self.problems))
