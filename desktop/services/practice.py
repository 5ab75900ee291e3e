"""Reading and changing the practice's settings, and first-run sample data."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import time
from decimal import Decimal
from pathlib import Path

from desktop.core.bank_holidays import Region
from desktop.core.cost import Tariff
from desktop.core.practice import PracticeSettings, validate
from desktop.resources import resource_path
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.settings import has_settings, load_settings, save_settings

log = logging.getLogger(__name__)

SAMPLE_PRACTICE = resource_path("sample", "practice.json")


def get_settings(workspace: Workspace) -> PracticeSettings:
    return load_settings(workspace.db)


def update_settings(workspace: Workspace, settings: PracticeSettings) -> PracticeSettings:
    """Validate and save; raises SettingsError with a plain-English reason and saves nothing."""
    tidy = validate(settings)
    before = load_settings(workspace.db)
    changed = sorted(key for key, value in asdict(tidy).items() if asdict(before).get(key) != value)
    with workspace.db.atomic():
        save_settings(workspace.db, tidy)
        audit.record(workspace.db, workspace.actor, "settings.updated", "settings", None, changed=changed)
    log.info("Practice settings saved (%s)", ", ".join(changed) or "no changes")
    return tidy


def install_sample_data(workspace: Workspace, source: Path = SAMPLE_PRACTICE) -> bool:
    """On a fresh database, load the sample practice so the app opens ready to try.

    Returns True when sample data was installed. A database that already has
    settings is never touched.
    """
    if has_settings(workspace.db):
        return False
    raw = json.loads(source.read_text(encoding="utf-8"))
    tariff = raw.get("tariff", {})
    settings = PracticeSettings(
        practice_name=raw["practice_name"],
        practice_phone=raw["practice_phone"],
        sending_start=time.fromisoformat(raw["sending_start"]),
        sending_end=time.fromisoformat(raw["sending_end"]),
        region=Region(raw["region"]),
        tariff=Tariff(
            pence_per_fragment=Decimal(tariff.get("pence_per_fragment", "2.64")),
            vat_rate=Decimal(tariff.get("vat_rate", "0.20")),
            annual_free_allowance=int(tariff.get("annual_free_allowance", 0)),
            allowance_used=int(tariff.get("allowance_used", 0)),
        ),
    )
    with workspace.db.atomic():
        save_settings(workspace.db, validate(settings))
        audit.record(workspace.db, workspace.actor, "sample_data.installed", source=source.name)
    log.info("Sample practice settings installed")
    return True
