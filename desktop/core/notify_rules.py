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


# Whitespace other than a space or a newline (tabs, other line breaks, no-break spaces), and
# invisible marks: with the pairs normalise_whitespace looks for, anything it would change. A text with
# none is returned as it is after a few scans in C: costing 100,000 texts tidied each took 2 s.
_ODD_SPACE = re.compile(
    "["
    + re.escape("".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in " \n"))  # to U+3000
    + "\u200b\u200c\u200d\u2060\ufeff\u180e]"
)
_EXTENSION = re.compile("[" + re.escape(GSM_EXTENSION) + "]")
# Not a plain GSM character: an extension one (two septets), or whitespace other than space and newline.
_NOT_PLAIN = re.compile("[^" + re.escape("".join(sorted(set(GSM_BASIC) - set("\r\x0c")))) + "]")
_UNICODE_LETTERS = re.compile("[" + "".join(sorted(_FORCES_UCS2)) + "]")


def normalise_whitespace(text: str) -> str:
    """Notify's tidying before it sends: each line's spaces collapsed and trimmed, invisible marks gone."""
    return _tidy(text) if _untidy(text) else text


def _untidy(text: str) -> bool:
    return (
        text.startswith((" ", "\n"))
        or text.endswith((" ", "\n"))
        or "  " in text
        or " \n" in text
        or "\n " in text
        or " ," in text
        or " ." in text
        or "\n\n\n" in text
        or _ODD_SPACE.search(text) is not None
    )


def _tidy(text: str) -> str:
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
    return NotifyMeasurement(_measure_sent(sent, prefix), sent, sent_as_question_marks(text))


def notify_measurement(text: str, prefix: str = "") -> Measurement:
    """measure_for_notify(...).measurement, without listing the lost characters (once per patient).

    The usual text (plain GSM letters, single spaces, no extension characters) is sent as it is
    and counted in one scan; any other goes through sanitise.
    """
    if not prefix and is_plain(text):
        return plain_measurement(text)
    return _measure_sent(sanitise(text), prefix)


def is_plain(text: str) -> bool:
    """Sent by Notify exactly as it is, each character one septet: plain GSM letters, tidy spacing."""
    return _NOT_PLAIN.search(text) is None and not _untidy(text)


def is_plain_value(value: str) -> bool:
    """A placeholder value that keeps a plain message plain wherever it is put: plain itself (so no
    space or line break at its edges), and not starting with a comma or full stop, which a space
    before it would make untidy."""
    return is_plain(value) and not value.startswith((",", "."))


def plain_measurement(text: str, prefix_length: int = 0) -> Measurement:
    """The measurement of a text known to be plain (is_plain), after a plain prefix of that length."""
    units = prefix_length + len(text)
    fragments = 1 if units <= SINGLE_LIMIT[GSM_7] else -(-units // PART_LIMIT[GSM_7])
    return Measurement(GSM_7, units, fragments, (), len(text) > CHARACTER_LIMIT)


def _measure_sent(sent: str, prefix: str) -> Measurement:
    billed = ("".join(map(_sendable, prefix)) + sent if prefix else sent) if sent else ""
    unicode_letters = tuple(dict.fromkeys(_UNICODE_LETTERS.findall(billed))) if _UNICODE_LETTERS.search(billed) else ()
    encoding = UCS_2 if unicode_letters else GSM_7
    # Nothing outside the Basic Multilingual Plane survives (it is sent as "?"), so a character is
    # one UTF-16 unit; in GSM the extension characters take two septets.
    extension = encoding == GSM_7 and _EXTENSION.search(billed) is not None
    units = len(billed) + (len(_EXTENSION.findall(billed)) if extension else 0)
    fragments = 1 if units <= SINGLE_LIMIT[encoding] else -(-units // PART_LIMIT[encoding])
    return Measurement(encoding, units, fragments, unicode_letters, len(sent) > CHARACTER_LIMIT)
