"""Filtering and full-text search over the Baukasten catalogue."""
from __future__ import annotations

from data.baukasten import Block, Catalogue
from data.profile import MAX_QUERY, normalise


def block_text(block: Block) -> str:
    parts = [block.title, block.description, block.theme, block.prerequisites, block.source,
             " ".join(block.funding), " ".join(block.addressees)]
    return normalise(" ".join(parts))


def filter_blocks(catalogue: Catalogue, themes=(), sizes=(), addressees=(), query: str = "") -> list[Block]:
    """Blocks matching every given criterion; the query matches all its words anywhere in the entry."""
    words = normalise(query[:MAX_QUERY]).split()
    out = []
    for b in catalogue.blocks:
        if themes and b.theme not in themes:
            continue
        if sizes and not set(sizes) & set(b.size_classes):
            continue
        if addressees and not set(addressees) & set(b.addressees):
            continue
        if words:
            text = block_text(b)
            if not all(w in text for w in words):
                continue
        out.append(b)
    return out
