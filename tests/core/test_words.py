from __future__ import annotations

import pytest

from desktop.core.words import counted


@pytest.mark.parametrize(
    ("count", "one", "many", "said"),
    [
        (1, "call", None, "1 call"),
        (0, "call", None, "0 calls"),
        (2, "call", None, "2 calls"),
        (1_000, "text", None, "1,000 texts"),
        (1, "day", None, "1 day"),
        (3, "reply", "replies", "3 replies"),
        (1, "reply", "replies", "1 reply"),
    ],
)
def test_a_count_takes_the_word_for_one_or_many(count: int, one: str, many: str | None, said: str) -> None:
    assert counted(count, one, many) == said
