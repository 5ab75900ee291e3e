"""Practice settings, kept as JSON values under a few keys so later settings need no migration."""

from __future__ import annotations

import json
from datetime import time
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from desktop.core.allocation import Allocation, AllocationKind
from desktop.core.bank_holidays import Region
from desktop.core.clock import to_store, utc_now
from desktop.core.cost import Tariff
from desktop.core.counting import Gateway
from desktop.core.passphrase import PassphraseHash
from desktop.core.phone_hours import PhoneHours
from desktop.core.phone_hours_text import format_capacity, format_closures, parse_capacity, parse_closures
from desktop.core.practice import PracticeSettings
from desktop.core.records import Coding
from desktop.core.template import Purpose

PRACTICE_KEY = "practice"
TARIFF_KEY = "tariff"
MESSAGES_KEY = "messages"
NOTIFY_KEY = "notify"  # never the API key: that lives in the credential store
PHONES_KEY = "phones"
ALLOCATION_KEY = "allocation"
RECORDS_KEY = "records"


def load_settings(db: Database) -> PracticeSettings:
    """The saved settings, with defaults for anything never saved."""
    return settings_from_json(
        {row["key"]: json.loads(row["value"]) for row in db.query("SELECT key, value FROM settings")}
    )


def save_settings(db: Database, settings: PracticeSettings) -> None:
    """Write every setting in one transaction (the caller may hold a wider one)."""
    now = to_store(utc_now())
    with db.atomic():
        for key, value in settings_to_json(settings).items():
            db.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                [key, json.dumps(value), now],
            )


def settings_from_json(values: dict[str, dict[str, Any]]) -> PracticeSettings:
    """Settings from their stored form (also the sample practice's file); defaults fill any gap."""
    practice: dict[str, Any] = values.get(PRACTICE_KEY, {})
    tariff: dict[str, Any] = values.get(TARIFF_KEY, {})
    messages: dict[str, Any] = values.get(MESSAGES_KEY, {})
    notify: dict[str, Any] = values.get(NOTIFY_KEY, {})
    phones: dict[str, Any] = values.get(PHONES_KEY, {})
    allocation: dict[str, Any] = values.get(ALLOCATION_KEY, {})
    records: dict[str, Any] = values.get(RECORDS_KEY, {})
    defaults = PracticeSettings()
    return PracticeSettings(
        practice_name=practice.get("name", defaults.practice_name),
        practice_phone=practice.get("phone", defaults.practice_phone),
        sending_start=_time(practice.get("sending_start"), defaults.sending_start),
        sending_end=_time(practice.get("sending_end"), defaults.sending_end),
        region=Region(practice.get("region", defaults.region.value)),
        tariff=Tariff(
            pence_per_fragment=Decimal(tariff.get("pence_per_fragment", defaults.tariff.pence_per_fragment)),
            vat_rate=Decimal(tariff.get("vat_rate", defaults.tariff.vat_rate)),
            annual_free_allowance=int(tariff.get("annual_free_allowance", 0)),
            allowance_used=int(tariff.get("allowance_used", 0)),
        ),
        monthly_budget=Decimal(tariff.get("monthly_budget_pence", defaults.monthly_budget)),
        footer=messages.get("footer", defaults.footer),
        survey_footer=messages.get("survey_footer", defaults.survey_footer),
        website=messages.get("website", defaults.website),
        allowed_domains=tuple(messages.get("allowed_domains", defaults.allowed_domains)),
        notify_template_id=notify.get("template_id", defaults.notify_template_id),
        gateway=Gateway(notify.get("gateway", defaults.gateway.value)),
        notify_prefix=notify.get("prefix", defaults.notify_prefix),
        export_folder=notify.get("export_folder", defaults.export_folder),
        staff_mobile=notify.get("staff_mobile", defaults.staff_mobile),
        phone_hours=_phone_hours(phones, defaults.phone_hours),
        allocation=_allocation(allocation, defaults.allocation),
        retention_days=int(records.get("retention_days", defaults.retention_days)),
        coding={
            purpose: Coding(records.get(f"{purpose.value}_concept", ""), records.get(f"{purpose.value}_term", ""))
            for purpose in Purpose
            if records.get(f"{purpose.value}_concept")
        },
    )


def settings_to_json(settings: PracticeSettings) -> dict[str, dict[str, Any]]:
    return {
        PRACTICE_KEY: {
            "name": settings.practice_name,
            "phone": settings.practice_phone,
            "sending_start": settings.sending_start.isoformat("minutes"),
            "sending_end": settings.sending_end.isoformat("minutes"),
            "region": settings.region.value,
        },
        TARIFF_KEY: {
            "pence_per_fragment": str(settings.tariff.pence_per_fragment),
            "vat_rate": str(settings.tariff.vat_rate),
            "annual_free_allowance": settings.tariff.annual_free_allowance,
            "allowance_used": settings.tariff.allowance_used,
            "monthly_budget_pence": str(settings.monthly_budget),
        },
        MESSAGES_KEY: {
            "footer": settings.footer,
            "survey_footer": settings.survey_footer,
            "website": settings.website,
            "allowed_domains": list(settings.allowed_domains),
        },
        NOTIFY_KEY: {
            "template_id": settings.notify_template_id,
            "gateway": settings.gateway.value,
            "prefix": settings.notify_prefix,
            "export_folder": settings.export_folder,
            "staff_mobile": settings.staff_mobile,
        },
        PHONES_KEY: {
            "capacity": format_capacity(settings.phone_hours.capacity),
            "closures": format_closures(settings.phone_hours),
        },
        ALLOCATION_KEY: {
            "kind": settings.allocation.kind.value,
            "per_patient": str(settings.allocation.per_patient),
            "list_size": settings.allocation.list_size,
            "year_start": "{:02d}-{:02d}".format(*settings.allocation.year_start),
            "spent_outside": str(settings.allocation.spent_outside),
        },
        RECORDS_KEY: {
            "retention_days": settings.retention_days,
            **{
                f"{purpose.value}_{part}": getattr(settings.coding_for(purpose), part)
                for purpose in Purpose
                for part in ("concept", "term")
            },
        },
    }


def has_settings(db: Database) -> bool:
    return db.execute("SELECT 1 FROM settings WHERE key = ?", [PRACTICE_KEY]).fetchone() is not None


def _phone_hours(phones: dict[str, Any], default: PhoneHours) -> PhoneHours:
    capacity = parse_capacity(phones["capacity"]) if "capacity" in phones else default.capacity
    closed_days, closed_hours = parse_closures(phones.get("closures", []))
    return PhoneHours(capacity, closed_days, closed_hours)


def _allocation(values: dict[str, Any], default: Allocation) -> Allocation:
    month, _, day = values.get("year_start", "").partition("-")
    return Allocation(
        kind=AllocationKind(values.get("kind", default.kind.value)),
        per_patient=Decimal(values.get("per_patient", default.per_patient)),
        list_size=int(values.get("list_size", default.list_size)),
        year_start=(int(month), int(day)) if day else default.year_start,
        spent_outside=Decimal(values.get("spent_outside", default.spent_outside)),
    )


def _time(value: str | None, default: time) -> time:
    return time.fromisoformat(value) if value else default


APPROVAL_KEY = "approval"  # the manager passphrase's salted scrypt hash: never the passphrase


def passphrase_hash(db: Database) -> PassphraseHash | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [APPROVAL_KEY]).fetchone()
    return PassphraseHash.from_json(json.loads(row[0])) if row else None


def save_passphrase_hash(db: Database, kept: PassphraseHash) -> None:
    db.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [APPROVAL_KEY, json.dumps(kept.to_json()), to_store(utc_now())],
    )
