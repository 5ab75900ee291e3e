"""A text as GOV.UK Notify sends and bills it: its spacing tidied, its characters made sendable, then counted.

Notify does not send what was typed (notifications-utils, SanitiseSMS): whitespace is normalised,
then each character outside GSM and the Welsh accented letters becomes its base letter (ç -> c),
a plain look-alike (curly quotes, dashes, the ellipsis) or "?" (emoji, other scripts). So with
Notify a text is UCS-2 only when it keeps a Welsh letter GSM lacks (ŵ, â...), and its length
limit is 918 characters whatever the encoding. Facts: ../shared/notify.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.core.sms import GSM_7, GSM_BASIC, GSM_EXTENSION, PART_LIMIT, SINGLE_LIMIT, UCS_2, Measurement

CHARACTER_LIMIT = 918  # Notify's SMS_CHAR_COUNT_LIMIT, "153 * 6", in characters for GSM and UCS-2 alike
_WELSH_LOWER = "àáâäèéêëìíîïòóôöùúûüẁẃŵẅỳýŷÿ"
WELSH = _WELSH_LOWER + _WELSH_LOWER.upper()  # the accented letters Welsh uses, kept as they are
_GSM = frozenset(GSM_BASIC + GSM_EXTENSION)
_KEPT = _GSM | frozenset(WELSH)
_FORCES_UCS2 = frozenset(WELSH) - _GSM
_NOT_KEPT = re.compile("[^" + re.escape("".join(sorted(_KEPT))) + "]")  # one scan in C for the usual text
_LOOKALIKES = {
    "\u2011": "-",  # non-breaking hyphen
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # ellipsis: one character becomes three
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\t": " ",
    "\u0141": "L",
    "\u0142": "l",
}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u180e"))
_NO_BREAK_SPACES = {ord("\u00a0"): " ", ord("\u202f"): " "}
_SPACES = re.compile(r"\s+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_SPACE_BEFORE_STOP = re.compile(r"[ \t]+(?=[,.])")


def normalise_whitespace(text: str) -> str:
    """Notify's tidying before it sends: each line's spaces collapsed and trimmed, invisible marks gone."""
    text = text.translate(_ZERO_WIDTH).translate(_NO_BREAK_SPACES)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _SPACE_BEFORE_STOP.sub("", _MANY_NEWLINES.sub("\n\n", "\n".join(lines))).strip()


def _sendable(character: str) -> str:
    if character in _KEPT:
        return character
    decomposition = unicodedata.decomposition(character)
    if decomposition and not decomposition.startswith("<"):  # canonical: a base letter and its accents
        base = chr(int(decomposition.split()[0], 16))
        if base in _KEPT:
            return base
    return _LOOKALIKES.get(character, "?")


def sanitise(text: str) -> str:
    """The text Notify will send for `text`."""
    tidied = normalise_whitespace(text)
    if _NOT_KEPT.search(tidied) is None:
        return tidied
    return "".join(map(_sendable, tidied))


def is_question_mark(character: str) -> bool:
    """Whether Notify sends this character as "?"."""
    return character != "?" and _sendable(character) == "?"


def forces_unicode(character: str) -> bool:
    """Whether this character (a Welsh letter GSM lacks) makes a Notify text UCS-2."""
    return character in _FORCES_UCS2


def sent_as_question_marks(text: str) -> tuple[str, ...]:
    """The characters of `text` Notify would send as "?", each once, in order of first use."""
    if _NOT_KEPT.search(text) is None:
        return ()
    return tuple(dict.fromkeys(ch for ch in normalise_whitespace(text) if _sendable(ch) == "?" and ch != "?"))


@dataclass(frozen=True, slots=True)
class NotifyMeasurement:
    """What one text costs with Notify, and what it will look like on the patient's phone."""

    measurement: Measurement  # as billed: the prefix (if any) and the sent text
    sent_text: str  # without the prefix
    question_marks: tuple[str, ...]  # characters that arrive as "?"

    @property
    def too_long(self) -> bool:
        """Over Notify's limit, which is on the sent text's characters, not its fragments."""
        return len(self.sent_text) > CHARACTER_LIMIT


def measure_for_notify(text: str, prefix: str = "") -> NotifyMeasurement:
    """Measure as Notify bills: the sanitised text, after the service-name prefix if the service adds one.

    The prefix ("Riverside Surgery: ") is sent and billed, so it counts in fragments; the
    918-character limit is on the message without it.
    """
    sent = sanitise(text)
    billed = "".join(map(_sendable, prefix)) + sent if sent else ""
    unicode_letters = tuple(dict.fromkeys(ch for ch in billed if ch in _FORCES_UCS2))
    encoding = UCS_2 if unicode_letters else GSM_7
    # Nothing outside the Basic Multilingual Plane survives (it is sent as "?"), so a character is
    # one UTF-16 unit; in GSM the extension characters take two septets.
    units = len(billed) + (sum(ch in GSM_EXTENSION for ch in billed) if encoding == GSM_7 else 0)
    fragments = 1 if units <= SINGLE_LIMIT[encoding] else -(-units // PART_LIMIT[encoding])
    return NotifyMeasurement(
        Measurement(encoding, units, fragments, unicode_letters, len(sent) > CHARACTER_LIMIT),
        sent,
        sent_as_question_marks(text),
    )
