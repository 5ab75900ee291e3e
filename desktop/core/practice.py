"""The practice's own settings: who it is, when it may text, where its bank holidays fall, what texts cost."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal

from desktop.core.allocation import Allocation
from desktop.core.bank_holidays import Region
from desktop.core.clock import UK
from desktop.core.cost import Tariff
from desktop.core.counting import Counting, Gateway, notify_price_on
from desktop.core.links import DEFAULT_ALLOWED_DOMAINS, normalise_domain
from desktop.core.phone import InvalidPhoneNumber, normalise_mobile, normalise_practice_phone
from desktop.core.phone_hours import PhoneHours
from desktop.core.records import DEFAULT_RETENTION_DAYS, Coding, RecordsError, check_coding, check_retention
from desktop.core.template import DEFAULT_FOOTER, DEFAULT_SURVEY_FOOTER, Purpose, TemplateError, check_footer

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
    footer: str = DEFAULT_FOOTER
    survey_footer: str = DEFAULT_SURVEY_FOOTER
    website: str = ""
    allowed_domains: tuple[str, ...] = DEFAULT_ALLOWED_DOMAINS
    monthly_budget: Decimal = Decimal(0)  # pence with VAT; 0 when the practice has not set one
    notify_template_id: str = ""  # the GOV.UK Notify text template whose whole body is ((message))
    gateway: Gateway = Gateway.NOTIFY  # whose rules count and price the texts
    notify_prefix: str = ""  # the service name Notify puts before every text, if the service does so
    export_folder: str = ""  # where send-due writes blocks for upload (blank: Documents)
    staff_mobile: str = ""  # E.164: where a campaign's test message goes before its first release
    phone_hours: PhoneHours = field(default_factory=PhoneHours)  # extra calls an hour reception can take
    allocation: Allocation = field(default_factory=Allocation)  # the commissioner's, per patient per year
    retention_days: int = DEFAULT_RETENTION_DAYS  # personal data kept after a campaign ends
    coding: Mapping[Purpose, Coding] = field(default_factory=dict)  # what a delivered text is recorded as

    @property
    def counting(self) -> Counting:
        return Counting(self.gateway, self.notify_prefix if self.gateway is Gateway.NOTIFY else "")

    def tariff_on(self, day: date) -> Tariff:
        """The price per fragment on `day`: Notify's own on that day, or the supplier's set here."""
        if self.gateway is Gateway.NOTIFY:
            return replace(self.tariff, pence_per_fragment=notify_price_on(day))
        return self.tariff

    @property
    def current_tariff(self) -> Tariff:
        """The price per fragment today (UK date)."""
        return self.tariff_on(datetime.now(UK).date())

    @property
    def is_complete(self) -> bool:
        return bool(self.practice_name and self.practice_phone)

    def coding_for(self, purpose: Purpose) -> Coding:
        return self.coding.get(purpose, Coding())

    def footer_for(self, purpose: Purpose) -> str:
        """The wording every message of this purpose ends with."""
        return self.survey_footer if purpose.is_survey else self.footer

    @property
    def link_domains(self) -> tuple[str, ...]:
        """Domains links may point to without a warning: the allow-list and the practice's own site."""
        own = normalise_domain(self.website)
        return (*self.allowed_domains, own) if own else self.allowed_domains

    @property
    def standard_values(self) -> dict[str, str]:
        return {"practice_name": self.practice_name, "practice_phone": self.practice_phone}


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
    try:
        footer = check_footer(settings.footer, survey=False)
        survey_footer = check_footer(settings.survey_footer, survey=True)
    except TemplateError as error:
        raise SettingsError(str(error)) from error
    if not any(calls for hours in settings.phone_hours.capacity.values() for calls in hours.values()):
        raise SettingsError(
            "Give at least one hour in which reception can take extra calls: with none, no plan can release texts."
        )
    if settings.monthly_budget < 0:
        raise SettingsError("The monthly budget cannot be negative.")
    domains = tuple(dict.fromkeys(d for d in map(normalise_domain, settings.allowed_domains) if d))
    if any("." not in d for d in domains):
        raise SettingsError("Each allowed website should be a domain such as nhs.uk.")
    template_id = settings.notify_template_id.strip()
    if template_id:
        try:
            template_id = str(uuid.UUID(template_id))
        except ValueError as error:
            raise SettingsError(
                "The GOV.UK Notify template ID is the long code on the template's page in Notify, "
                "such as 8e3c1f9a-5b2d-4c7e-9f10-2a6b4d8c0e13."
            ) from error
    try:
        retention = check_retention(settings.retention_days)
        coding = {purpose: check_coding(c) for purpose, c in settings.coding.items()}
    except RecordsError as error:
        raise SettingsError(str(error)) from error
    return replace(
        settings,
        retention_days=retention,
        coding={purpose: c for purpose, c in coding.items() if c.is_set},
        practice_name=name,
        practice_phone=phone,
        footer=footer,
        survey_footer=survey_footer,
        website=settings.website.strip(),
        allowed_domains=domains,
        notify_template_id=template_id,
        notify_prefix=" ".join(settings.notify_prefix.split()).removesuffix(":"),
        export_folder=settings.export_folder.strip(),
        staff_mobile=_staff_mobile(settings.staff_mobile),
    )


def _staff_mobile(raw: str) -> str:
    if not raw.strip():
        return ""
    try:
        return normalise_mobile(raw)
    except InvalidPhoneNumber as error:
        raise SettingsError(f"The staff mobile for test texts: {error}") from error
