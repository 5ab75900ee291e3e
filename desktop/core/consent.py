"""SMS consent in a patient list: which columns speak of it, what they mean, and what each cell says.

Texting for direct care needs no recorded consent, but a recorded refusal must be honoured. So a
blank cell lets a patient be texted, a refusal never does, and a value that cannot be understood
is never taken as consent: that row is not accepted, with the value named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum, StrEnum

_WORDS = re.compile(r"[a-z0-9]+")
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


class ConsentMeaning(StrEnum):
    """What "yes" in the column means."""

    CONSENTS = "consents"  # yes: the patient agrees to texts
    OPTED_OUT = "opted-out"  # yes: the patient has opted out of texts

    @property
    def label(self) -> str:
        if self is ConsentMeaning.CONSENTS:
            return "Yes means the patient may be texted"
        return "Yes means the patient has opted out of texts"


class BlankConsent(StrEnum):
    """What to do with a patient whose consent cell is blank (nothing recorded)."""

    INCLUDE = "include"
    EXCLUDE = "exclude"


class Reading(Enum):
    """What one consent cell says."""

    MAY_TEXT = "may text"
    DECLINED = "declined"
    BLANK = "blank"
    NOT_UNDERSTOOD = "not understood"


# --- headers ------------------------------------------------------------------------------
# Words that say a column is about texts, and words that say it records a choice about them.
_ABOUT_TEXTS = frozenset({"sms", "text", "texts", "texting", "txt", "message", "messages", "messaging", "mobile"})
_AGREES = frozenset(
    {
        "consent", "consents", "consented", "preference", "preferences", "prefers", "receive", "receives",
        "receiving", "allow", "allows", "allowed", "permission", "permitted", "agree", "agrees", "agreed", "optin",
        "optedin", "accept", "accepts", "accepted", "wants", "happy", "status",
    }
)  # fmt: skip
_REFUSES = frozenset(
    {
        "optout", "optedout", "dissent", "dissents", "dissented", "decline", "declines", "declined", "refuse",
        "refuses", "refused", "refusal", "withdraw", "withdrawn", "unsubscribe", "unsubscribed", "block",
        "blocked", "donot", "dont", "nosms", "notext", "notexts",
    }
)  # fmt: skip
# Glued pairs people write as two words: "opt out", "do not".
_PAIRS = {("opt", "out"): "optout", ("opted", "out"): "optedout", ("opt", "in"): "optin", ("opted", "in"): "optedin"}
_PAIRS |= {("do", "not"): "donot", ("no", "sms"): "nosms", ("no", "text"): "notext", ("no", "texts"): "notexts"}


def header_words(header: object) -> list[str]:
    """The header's words, lower case, with "opt out" and the like joined: "SMS Opt-Out" -> [sms, optout]."""
    words = _WORDS.findall(str(header or "").lower())
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1], word) in _PAIRS:
            joined[-1] = _PAIRS[(joined[-1], word)]
        else:
            joined.append(word)
    return joined


def header_meaning(header: object) -> ConsentMeaning | None:
    """Whether a header names an SMS consent or opt-out column, and which, from its words.

    It must be about texts (SMS, text, message, mobile...) and say agreeing or refusing (consent,
    receive, allow, preference... or opt out, dissent, decline...), or be that word alone ("Consent",
    "Dissent"). "Consent to share records" is about something else; "Mobile number" records no choice.
    """
    words = header_words(header)
    if not words:
        return None
    choice = set(words) & (_AGREES | _REFUSES)
    alone = set(words) <= (_AGREES | _REFUSES) and choice - {"status"}
    if not (alone or (set(words) & _ABOUT_TEXTS and choice)):
        return None
    return ConsentMeaning.OPTED_OUT if set(words) & _REFUSES else ConsentMeaning.CONSENTS


# --- values -------------------------------------------------------------------------------
# Compared with letters and digits only: "Consent given" -> "consentgiven", "Opt-out" -> "optout".
_PLAIN_YES = frozenset({"y", "yes", "true", "t", "1"})
_PLAIN_NO = frozenset({"n", "no", "false", "f", "0"})
_AGREED = frozenset(
    {
        "consent", "consents", "consented", "consentgiven", "given", "agreed", "agree", "allowed", "allow",
        "optedin", "optin", "accepted", "accept", "permitted", "happytoreceive", "receive",
    }
)  # fmt: skip
_DECLINED = frozenset(
    {
        "dissent", "dissented", "declined", "decline", "refused", "refuse", "optedout", "optout", "withdrawn",
        "consentwithdrawn", "notconsented", "noconsent", "donotsms", "nosms", "donottext", "notext", "notexts",
        "notallowed", "disallowed", "notpermitted", "blocked", "unsubscribed",
    }
)  # fmt: skip
CONSENT_SHARE = 0.95  # of a column's filled cells, for an unnamed column to look like consent


def value_key(value: object) -> str:
    # Not columns.normalise_header, which reads any falsy cell as blank: here Excel's 0 is "no".
    return _NOT_LETTERS.sub("", str(value if value is not None else "").lower())


def read_value(value: object, means: ConsentMeaning) -> Reading:
    """What a consent cell says about texting the patient."""
    key = value_key(value)
    if not key:
        return Reading.BLANK
    if "?" in str(value):  # "Y?" is a question, not an answer
        return Reading.NOT_UNDERSTOOD
    if key in _DECLINED:
        return Reading.DECLINED
    if key in _AGREED:
        return Reading.MAY_TEXT
    if key in _PLAIN_YES:
        return Reading.MAY_TEXT if means is ConsentMeaning.CONSENTS else Reading.DECLINED
    if key in _PLAIN_NO:
        return Reading.DECLINED if means is ConsentMeaning.CONSENTS else Reading.MAY_TEXT
    return Reading.NOT_UNDERSTOOD


def is_consent_word(value: object) -> bool:
    key = value_key(value)
    return key in _PLAIN_YES or key in _PLAIN_NO or key in _AGREED or key in _DECLINED


def looks_like_consent(values: Iterable[object]) -> bool:
    """Whether a column's filled cells are nearly all consent words (Y/N, Consented/Dissent...).

    A Housebound Y/N column looks the same, so this only ever suggests a column to a person.
    """
    filled = consent_like = 0
    seen: dict[object, bool] = {}
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        filled += 1
        if value not in seen:
            seen[value] = is_consent_word(value)
        consent_like += seen[value]
    return filled > 0 and consent_like >= CONSENT_SHARE * filled
