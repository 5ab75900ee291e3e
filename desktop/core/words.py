"""Numbers in sentences: "1 call", "2 calls", "1,000 texts"."""

from __future__ import annotations


def counted(count: int, one: str, many: str | None = None) -> str:
    """`count` with the word for one or for many (the word with an s, unless given)."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"
