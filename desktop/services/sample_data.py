"""First run: a sample practice, cohort and starter templates, so the app opens ready to try."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from desktop.core.practice import PracticeSettings, validate
from desktop.resources import resource_path
from desktop.services.cohort_import import load_table, save_cohort, validate_table
from desktop.services.templates import install_starter_templates
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.settings import has_settings, save_settings, settings_from_json

log = logging.getLogger(__name__)

SAMPLE_FOLDER = resource_path("sample")
SAMPLE_PRACTICE = "practice.json"
SAMPLE_COHORT = "flu-clinic-65-plus.csv"
SAMPLE_COHORT_NAME = "Flu clinic 65+ (sample)"


def install_sample_data(workspace: Workspace, folder: Path = SAMPLE_FOLDER) -> bool:
    """On a fresh database only, install the sample practice, cohort and templates in one transaction.

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
    return settings_from_json(json.loads(path.read_text(encoding="utf-8")))
