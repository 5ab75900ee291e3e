"""How long an SMS is, in the units a gateway bills: encoding, characters and fragments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

GSM_7 = "GSM-7"
UCS_2 = "UCS-2"

# GSM 03.38 default alphabet (ESC at 0x1B is not a character of its own).
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Reached through ESC, so each costs two septets.
GSM_EXTENSION = "\f^{}\\[~]|€"

SINGLE_LIMIT = {GSM_7: 160, UCS_2: 70}
PART_LIMIT = {GSM_7: 153, UCS_2: 67}  # the rest of each part carries the concatenation header
MAX_FRAGMENTS = 6
MAX_CHARACTERS = {GSM_7: MAX_FRAGMENTS * PART_LIMIT[GSM_7], UCS_2: MAX_FRAGMENTS * PART_LIMIT[UCS_2]}

_NOT_GSM = re.compile("[^" + re.escape(GSM_BASIC + GSM_EXTENSION) + "]")
_EXTENSION = re.compile("[" + re.escape(GSM_EXTENSION) + "]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each


@dataclass(frozen=True, slots=True)
class Measurement:
    """What one message costs to send."""

    encoding: str
    characters: int
    fragments: int
    non_gsm: tuple[str, ...] = ()  # the characters that forced UCS-2, in order of first use
    over_limit: bool | None = None  # a gateway's own length rule (Notify: 918 characters); None: six fragments

    @property
    def is_unicode(self) -> bool:
        return self.encoding == UCS_2

    @property
    def too_long(self) -> bool:
        return self.fragments > MAX_FRAGMENTS if self.over_limit is None else self.over_limit

    @property
    def remaining(self) -> int:
        """Characters that still fit before the message needs another fragment."""
        if self.fragments <= 1:
            return SINGLE_LIMIT[self.encoding] - self.characters
        return max(self.fragments * PART_LIMIT[self.encoding] - self.characters, 0)


class MessageTooLong(ValueError):
    """The message is over the longest text the practice may send."""

    def __init__(self, measurement: Measurement) -> None:
        limit = MAX_CHARACTERS[measurement.encoding]
        over = max(measurement.characters - limit, 1)
        why = ""
        if measurement.is_unicode:
            why = " because it contains special characters such as " + " ".join(measurement.non_gsm[:3])
        super().__init__(
            f"This message is too long to send. It is {measurement.characters} characters and "
            f"the limit is {limit}{why} ({MAX_FRAGMENTS} texts). "
            f"Shorten it by at least {over} characters."
        )
        self.measurement = measurement


def measure(text: str) -> Measurement:
    """Measure a message as a gateway bills it.

    This runs once per patient when a cohort is costed, so the common case
    (all GSM, one fragment) takes two regex scans and no Python loop.
    """
    if not text:
        return Measurement(GSM_7, 0, 0)
    if _NOT_GSM.search(text) is None:
        extension = len(_EXTENSION.findall(text))
        characters = len(text) + extension
        if characters <= SINGLE_LIMIT[GSM_7]:
            return Measurement(GSM_7, characters, 1)
        if not extension:
            return Measurement(GSM_7, characters, -(-characters // PART_LIMIT[GSM_7]))
        units = (2 if ch in GSM_EXTENSION else 1 for ch in text)
        return Measurement(GSM_7, characters, _pack(units, PART_LIMIT[GSM_7]))

    non_gsm = tuple(dict.fromkeys(_NOT_GSM.findall(text)))
    astral = len(_ASTRAL.findall(text))
    characters = len(text) + astral
    if characters <= SINGLE_LIMIT[UCS_2]:
        fragments = 1
    elif not astral:
        fragments = -(-characters // PART_LIMIT[UCS_2])
    else:
        fragments = _pack((2 if ord(ch) > 0xFFFF else 1 for ch in text), PART_LIMIT[UCS_2])
    return Measurement(UCS_2, characters, fragments, non_gsm)


def _pack(units: Iterable[int], part_limit: int) -> int:
    """Count parts when two-unit characters may not straddle a part boundary."""
    parts, used = 1, 0
    for unit in units:
        if used + unit > part_limit:
            parts += 1
            used = unit
        else:
            used += unit
    return parts


def check_length(text: str) -> Measurement:
    """Measure the text, raising MessageTooLong when it is over the limit."""
    measurement = measure(text)
    if measurement.too_long:
        raise MessageTooLong(measurement)
    return measurement


@dataclass(frozen=True, slots=True)
class Replacement:
    original: str
    replacement: str
    count: int

    @property
    def description(self) -> str:
        names = _LOOKALIKE_NAMES.get(self.original, repr(self.original))
        shown = repr(self.replacement) if self.replacement else "nothing"
        return f"{names} replaced by {shown} ({self.count}×)"


@dataclass(frozen=True, slots=True)
class SafeText:
    text: str
    changes: tuple[Replacement, ...]


# Look-alikes that word processors and Outlook slip in. Only punctuation and
# spacing: letters (é, á, ŵ in a name) are never changed behind the user's back.
_LOOKALIKES: dict[str, tuple[str, str]] = {
    "\u2018": ("'", "left single quote ‘"),
    "\u2019": ("'", "right single quote ’"),
    "\u201a": ("'", "low single quote ‚"),
    "\u201b": ("'", "reversed single quote ‛"),
    "\u2032": ("'", "prime ′"),
    "\u00b4": ("'", "acute accent ´"),
    "`": ("'", "backtick `"),
    "\u201c": ('"', "left double quote “"),
    "\u201d": ('"', "right double quote ”"),
    "\u201e": ('"', "low double quote „"),
    "\u201f": ('"', "reversed double quote ‟"),
    "\u2033": ('"', "double prime ″"),
    "\u00ab": ('"', "left guillemet «"),
    "\u00bb": ('"', "right guillemet »"),
    "\u2010": ("-", "hyphen ‐"),
    "\u2011": ("-", "non-breaking hyphen"),
    "\u2012": ("-", "figure dash ‒"),
    "\u2013": ("-", "en dash –"),
    "\u2014": ("-", "em dash —"),
    "\u2015": ("-", "horizontal bar ―"),
    "\u2212": ("-", "minus sign −"),
    "\u2026": ("...", "ellipsis …"),
    "\u00a0": (" ", "non-breaking space"),
    "\u2002": (" ", "en space"),
    "\u2003": (" ", "em space"),
    "\u2007": (" ", "figure space"),
    "\u2009": (" ", "thin space"),
    "\u200a": (" ", "hair space"),
    "\u202f": (" ", "narrow non-breaking space"),
    "\u3000": (" ", "wide space"),
    "\t": (" ", "tab"),
    "\u200b": ("", "zero-width space"),
    "\u200c": ("", "zero-width non-joiner"),
    "\u200d": ("", "zero-width joiner"),
    "\u2060": ("", "word joiner"),
    "\ufeff": ("", "byte order mark"),
    "\u00ad": ("", "soft hyphen"),
}
_TRANSLATION = {ord(k): v for k, (v, _) in _LOOKALIKES.items()}
_LOOKALIKE_NAMES = {k: name for k, (_, name) in _LOOKALIKES.items()}
_FINDER = re.compile("[" + re.escape("".join(_LOOKALIKES)) + "]")


def gsm_safe(text: str) -> SafeText:
    """Replace look-alike punctuation and spacing with GSM equivalents, saying what changed."""
    found = _FINDER.findall(text)
    if not found:
        return SafeText(text, ())
    counts: dict[str, int] = {}
    for ch in found:
        counts[ch] = counts.get(ch, 0) + 1
    changes = tuple(Replacement(ch, _LOOKALIKES[ch][0], n) for ch, n in counts.items())
    return SafeText(text.translate(_TRANSLATION), changes)
