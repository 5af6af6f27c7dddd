"""A table as cards, for narrow screens: one card per row, the title column on top, every other column as a
"Spalte: Wert" line. A phone shows these instead of a table wider than the screen (components.narrow)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.formatting import md_escape, number

EMPTY = "–"


def cell_text(value: object) -> str:
    """A cell as German text: numbers with German separators, gaps as a dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value, 0 if value.is_integer() else 1)
    text = str(value).strip()
    return text or EMPTY


@dataclass(frozen=True)
class Card:
    title: str
    lines: tuple[tuple[str, str], ...]  # (column, value), in the table's order

    def markdown(self) -> str:
        """The card as markdown, every value escaped; the column names bold-free, the values plain."""
        head = f"**{md_escape(self.title)}**"
        body = [f"{md_escape(col)}: {md_escape(val)}" for col, val in self.lines]
        return "  \n".join([head, *body])


def rows_md(frame: pd.DataFrame, title_column: str | None = None) -> str:
    """A short table as one markdown list, a line per row: "**Nein** · Anzahl: 11 · Anteil: 32 %" (escaped)."""
    return "\n".join(f"- **{md_escape(c.title)}** · " + " · ".join(f"{md_escape(k)}: {md_escape(v)}" for k, v in c.lines)
                     for c in cards(frame, title_column))


def cards(frame: pd.DataFrame, title_column: str | None = None, skip: tuple[str, ...] = ()) -> list[Card]:
    """One card per row. `title_column`: the column that names the row (default: the first); `skip`: columns a
    narrow screen does without (the card's markdown never drops a column silently otherwise)."""
    if frame.empty or not len(frame.columns):
        return []
    title = title_column if title_column is not None else str(frame.columns[0])
    others = [c for c in frame.columns if c != title and c not in skip]
    out = []
    for _, row in frame.iterrows():
        out.append(Card(cell_text(row[title]), tuple((str(c), cell_text(row[c])) for c in others)))
    return out
