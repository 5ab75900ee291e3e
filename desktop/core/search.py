"""Finding a patient the way staff type: names by their start, numbers in any written form.

A patient is indexed under name tokens (each part of the forename and surname, folded to lower
case without accents, and multi-part names also squashed: "O'Brien" -> "o", "brien", "obrien")
and number tokens (the NHS number, and the mobile's national significant number: 7911123456).
What is typed becomes terms that must all match the start of a token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_SEPARATORS = re.compile(r"[\W_]+")
_NUMBER_TYPED = re.compile(r"^[\d\s+()\-./]+$")  # "07700 900", "+44 (0)7700", "0044-7700"
_UK_MOBILE_PREFIX = "+44"


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case without accents: "Siân" -> "sian", "ZOË" -> "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _parts(text: str) -> list[str]:
    return [part for part in _SEPARATORS.split(fold(text)) if part]


def name_tokens(*names: str | None) -> str:
    """The tokens a patient's names are found by, space-separated (the search index splits on spaces)."""
    tokens: list[str] = []
    for name in names:
        tokens += _name_tokens(name or "")
    return " ".join(dict.fromkeys(tokens))


def name_token_column(first_names: Sequence[str], surnames: Sequence[str]) -> list[str]:
    """name_tokens(first, surname) for every patient of a list, a column at a time."""
    pairs = zip(map(_name_tokens, first_names), map(_name_tokens, surnames), strict=True)
    return [" ".join(dict.fromkeys(first + surname)) for first, surname in pairs]


@lru_cache(maxsize=65_536)  # names repeat a great deal in a practice's list
def _name_tokens(name: str) -> tuple[str, ...]:
    parts = _parts(name)
    return (*parts, "".join(parts)) if len(parts) > 1 else tuple(parts)


def mobile_key(mobile: str | None) -> str:
    """The national significant number of a stored (E.164) UK mobile: +447911123456 -> 7911123456."""
    if not mobile:
        return ""
    return mobile[len(_UK_MOBILE_PREFIX) :] if mobile.startswith(_UK_MOBILE_PREFIX) else mobile.lstrip("+")


def number_tokens(nhs_number: str | None, mobile: str | None) -> str:
    return " ".join(token for token in (nhs_number or "", mobile_key(mobile)) if token)


def number_token_column(nhs_numbers: Sequence[str | None], mobiles: Sequence[str | None]) -> list[str]:
    """number_tokens(nhs_number, mobile) for every patient of a list, a column at a time."""
    uk = _UK_MOBILE_PREFIX
    # What mobile_key does, inline: a call a patient is a tenth of an import's storing time.
    keys = [m[3:] if m and m[:3] == uk else mobile_key(m) for m in mobiles]
    return [f"{nhs} {key}" if nhs and key else nhs or key for nhs, key in zip(nhs_numbers, keys, strict=True)]


@dataclass(frozen=True)
class SearchTerms:
    """Every name term must start a name token; every number term must start one of its alternatives."""

    names: tuple[str, ...] = ()
    numbers: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.numbers)


def parse_search(typed: str) -> SearchTerms:
    """Terms for what was typed: all digits (spaces ignored) is one number, otherwise words."""
    text = typed.strip()
    if not text:
        return SearchTerms()
    if _NUMBER_TYPED.match(text):
        digits = re.sub(r"\D", "", text)
        return SearchTerms(numbers=(_number_alternatives(digits),)) if digits else SearchTerms()
    names: list[str] = []
    numbers: list[tuple[str, ...]] = []
    for word in text.split():
        if _NUMBER_TYPED.match(word):
            digits = re.sub(r"\D", "", word)
            if digits:
                numbers.append(_number_alternatives(digits))
            continue
        squashed = "".join(_parts(word))
        if squashed:
            names.append(squashed)
    return SearchTerms(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(numbers)))


def _number_alternatives(digits: str) -> tuple[str, ...]:
    """The start of an NHS number as typed, and of a mobile however it was written (07.., +447.., 00447..)."""
    national = digits
    for prefix in ("0044", "44", "0"):
        if national.startswith(prefix):
            national = national[len(prefix) :]
            break
    if national != digits and national.startswith("7"):  # every UK mobile's national number does
        return (digits, national)
    return (digits,)
