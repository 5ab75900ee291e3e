"""The practice's own settings: who it is, when it may text, where its bank holidays fall, what texts cost."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import time

from desktop.core.bank_holidays import Region
from desktop.core.cost import Tariff
from desktop.core.phone import InvalidPhoneNumber, normalise_practice_phone

# The guidance's default sending window; texts outside working hours
# bring calls the practice cannot answer.
DEFAULT_SENDING_START = time(9, 0)
DEFAULT_SENDING_END = time(16, 0)
MAX_NAME_LENGTH = 60


class SettingsError(ValueError):
    """A practice setting that cannot be saved, with the reason in plain English."""


@dataclass(frozen=True)
class PracticeSettings:
    practice_name: str = ""
    practice_phone: str = ""
    sending_start: time = DEFAULT_SENDING_START
    sending_end: time = DEFAULT_SENDING_END
    region: Region = Region.ENGLAND_AND_WALES
    tariff: Tariff = field(default_factory=Tariff)

    @property
    def is_complete(self) -> bool:
        return bool(self.practice_name and self.practice_phone)


def validate(settings: PracticeSettings) -> PracticeSettings:
    """Check settings before they are saved; return them tidied (phone in national format)."""
    name = " ".join(settings.practice_name.split())
    if not name:
        raise SettingsError("Enter the practice name: it is used in messages to patients.")
    if len(name) > MAX_NAME_LENGTH:
        raise SettingsError(f"The practice name is too long: keep it to {MAX_NAME_LENGTH} characters or fewer.")
    try:
        phone = normalise_practice_phone(settings.practice_phone)
    except InvalidPhoneNumber as error:
        raise SettingsError(str(error)) from error
    if settings.sending_start >= settings.sending_end:
        raise SettingsError("The sending hours must start before they end.")
    return replace(settings, practice_name=name, practice_phone=phone)
