"""Message templates: purposes, ((placeholders)), and the reply wording every message must end with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

PLACEHOLDER = re.compile(r"\(\(\s*([A-Za-z0-9_]+)\s*\)\)")
STANDARD_PLACEHOLDERS = ("title", "first_name", "surname", "practice_name", "practice_phone")
PRACTICE_PLACEHOLDERS = ("practice_name", "practice_phone")


class Purpose(StrEnum):
    """The good uses of practice messaging. There is deliberately no purpose for two-way chat."""

    APPOINTMENT_REMINDER = "appointment_reminder"
    CALL_TO_ACTION = "call_to_action"
    ONLINE_CONSULTATION = "online_consultation"
    IMAGE_UPLOAD = "image_upload"
    SURVEY = "survey"
    HEALTH_INFORMATION = "health_information"

    @property
    def label(self) -> str:
        return _PURPOSE_LABELS[self][0]

    @property
    def description(self) -> str:
        return _PURPOSE_LABELS[self][1]

    @property
    def is_survey(self) -> bool:
        return self is Purpose.SURVEY


_PURPOSE_LABELS = {
    Purpose.APPOINTMENT_REMINDER: ("Appointment reminder", "Reminds patients of a booked appointment to reduce DNAs."),
    Purpose.CALL_TO_ACTION: ("Campaign or recall", "Asks patients to do one thing, such as book a flu jab."),
    Purpose.ONLINE_CONSULTATION: ("Online consultation invitation", "Invites patients to an online consultation."),
    Purpose.IMAGE_UPLOAD: ("Secure image upload link", "Links to a secure portal to upload a photo."),
    Purpose.SURVEY: ("Yes/no survey", "Asks a very short question answered YES or NO."),
    Purpose.HEALTH_INFORMATION: (
        "Health information link",
        "Links to a health website; sent only when a clinician has approved it.",
    ),
}

DEFAULT_FOOTER = "Please do not reply to this message; replies are not read."
DEFAULT_SURVEY_FOOTER = "Reply with your answer only. Never send medical information by text."

# Wording that tells the patient replies go unread, and for surveys that medical issues must not be sent.
_NOT_READ = re.compile(
    r"\b(?:repl(?:y|ies)|messages?|responses?|texts?)\b[^.;]{0,40}?"
    r"(?:\bnot\b|\bnever\b|n't\b|\bcannot\b)[^.;]{0,20}?\b(?:read|monitored|seen|checked)\b"
    r"|\b(?:do not|don't|cannot|can't|never|not)\b[^.;]{0,20}?\b(?:read|monitor|check)\w*\b[^.;]{0,20}?\brepl",
    re.IGNORECASE,
)
_NO_MEDICAL = re.compile(
    r"\b(?:do not|don't|never|not|no)\b[^.;]{0,60}?\bmedical\b|\bmedical\b[^.;]{0,60}?\b(?:not|never)\b",
    re.IGNORECASE,
)


class TemplateError(ValueError):
    """A template that cannot be used as it stands; the message says why."""


class UnknownPlaceholder(TemplateError):
    pass


class MissingValue(TemplateError):
    pass


def check_footer(wording: str, survey: bool) -> str:
    """Tidy and check reply wording set in Settings; raise TemplateError if it no longer protects patients."""
    text = " ".join(wording.split())
    if not text:
        raise TemplateError("The reply wording cannot be empty.")
    if survey:
        if not _NO_MEDICAL.search(text):
            raise TemplateError(
                "The survey wording must tell patients not to send medical questions or information by text."
            )
    elif not _NOT_READ.search(text):
        raise TemplateError(f"The wording must tell patients that replies are not read, e.g. '{DEFAULT_FOOTER}'")
    return text


def placeholders(body: str) -> list[str]:
    """The placeholder names in a body, once each, in order of use."""
    return list(dict.fromkeys(name.lower() for name in PLACEHOLDER.findall(body)))


def check_placeholders(body: str, available: Iterable[str]) -> None:
    """Raise UnknownPlaceholder naming any placeholder that nothing can fill."""
    known = set(STANDARD_PLACEHOLDERS) | set(available)
    unknown = [name for name in placeholders(body) if name not in known]
    if unknown:
        names = ", ".join(f"(({name}))" for name in unknown)
        raise UnknownPlaceholder(
            f"{names} {'is' if len(unknown) == 1 else 'are'} not a column of this cohort or a standard field. "
            "Check the spelling, or choose from the list of placeholders."
        )


@dataclass(frozen=True)
class CompiledTemplate:
    """A body split once into text and placeholders, so rendering 100,000 messages is a join each."""

    parts: tuple[str, ...]  # text at even positions, placeholder names at odd
    footer: str

    @classmethod
    def compile(cls, body: str, footer: str) -> CompiledTemplate:
        split = PLACEHOLDER.split(body.strip())
        parts = tuple(part.lower() if i % 2 else part for i, part in enumerate(split))
        return cls(parts, footer)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.parts[1::2]))

    def render(self, values: Mapping[str, str]) -> str:
        """The message as sent: text with values in, then the footer. Values are plain text, never code."""
        out = []
        for i, part in enumerate(self.parts):
            if i % 2 == 0:
                out.append(part)
                continue
            value = values.get(part)
            if value is None or value == "":
                raise MissingValue(f"There is no value for (({part})).")
            out.append(value)
        return join_footer("".join(out), self.footer)


def join_footer(body: str, footer: str) -> str:
    body = body.rstrip()
    return f"{body}\n{footer}" if body else footer
