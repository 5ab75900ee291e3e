"""First run: a sample practice, cohort and starter templates, so the app opens ready to try."""

from __future__ import annotations

import json
import logging
from datetime import time
from decimal import Decimal
from pathlib import Path

from desktop.core.bank_holidays import Region
from desktop.core.cost import Tariff
from desktop.core.practice import PracticeSettings, validate
from desktop.resources import resource_path
from desktop.services.cohort_import import load_table, save_cohort, validate_table
from desktop.services.templates import install_starter_templates
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.settings import has_settings, save_settings

log = logging.getLogger(__name__)

SAMPLE_FOLDER = resource_path("sample")
SAMPLE_PRACTICE = "practice.json"
SAMPLE_COHORT = "flu-clinic-65-plus.csv"
SAMPLE_COHORT_NAME = "Flu clinic 65+ (sample)"


def install_sample_data(workspace: Workspace, folder: Path = SAMPLE_FOLDER) -> bool:
    """On a fresh database only, install the sample practice and cohort in one transaction.

    Returns True when it did. A database that already has settings is never touched.
    """
    if has_settings(workspace.db):
        return False
    settings = _sample_settings(folder / SAMPLE_PRACTICE)
    table = load_table(folder / SAMPLE_COHORT)
    validated = validate_table(table)
    with workspace.db.atomic():
        save_settings(workspace.db, validate(settings))
        save_cohort(workspace, table, validated, SAMPLE_COHORT_NAME, is_sample=True)
        install_starter_templates(workspace)
        audit.record(workspace.db, workspace.actor, "sample_data.installed", source=folder.name)
    log.info("Sample practice and cohort installed")
    return True


def _sample_settings(path: Path) -> PracticeSettings:
    raw = json.loads(path.read_text(encoding="utf-8"))
    tariff = raw.get("tariff", {})
    return PracticeSettings(
        practice_name=raw["practice_name"],
        practice_phone=raw["practice_phone"],
        sending_start=time.fromisoformat(raw["sending_start"]),
        sending_end=time.fromisoformat(raw["sending_end"]),
        region=Region(raw["region"]),
        website=raw.get("website", ""),
        tariff=Tariff(
            pence_per_fragment=Decimal(tariff.get("pence_per_fragment", "2.64")),
            vat_rate=Decimal(tariff.get("vat_rate", "0.20")),
            annual_free_allowance=int(tariff.get("annual_free_allowance", 0)),
            allowance_used=int(tariff.get("allowance_used", 0)),
        ),
    )
