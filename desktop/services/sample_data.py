"""First run: a sample practice, cohorts and starter templates, so the app opens ready to try: a flu clinic
list to invite, and next week's appointments to remind."""

from __future__ import annotations

import csv
import json
import logging
import tempfile
from datetime import date, datetime, timedelta
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
SAMPLE_APPOINTMENTS = "appointments-next-week.csv"
SAMPLE_APPOINTMENTS_NAME = "Appointments next week (sample)"
SAMPLE_WARNING = (
    "Sample patients, made up for trying the program: their mobiles may belong to real people, so they are "
    "never sent through GOV.UK Notify (export a block to see what would go, or try the demo)."
)
_SAMPLE_WEEK = date(2026, 12, 7)  # the Monday the sample's appointments were written for


def install_sample_data(workspace: Workspace, folder: Path = SAMPLE_FOLDER) -> bool:
    """On a fresh database only, install the sample practice, cohort and templates in one transaction.

    Returns True when it did. A database that already has settings is never touched.
    """
    if has_settings(workspace.db):
        return False
    settings = _sample_settings(folder / SAMPLE_PRACTICE)
    with tempfile.TemporaryDirectory() as scratch:
        appointments = load_table(_next_week(folder / SAMPLE_APPOINTMENTS, Path(scratch), date.today()))
    table = load_table(folder / SAMPLE_COHORT)
    with workspace.db.atomic():
        save_settings(workspace.db, validate(settings))
        # the flu list last, so it is the newest and the one pages show first
        save_cohort(workspace, appointments, validate_table(appointments), SAMPLE_APPOINTMENTS_NAME, is_sample=True)
        save_cohort(workspace, table, validate_table(table), SAMPLE_COHORT_NAME, is_sample=True)
        install_starter_templates(workspace)
        audit.record(workspace.db, workspace.actor, "sample_data.installed", source=folder.name)
    log.info("Sample practice and cohort installed")
    return True


def _next_week(path: Path, folder: Path, today: date) -> Path:
    """The sample appointments moved to the week after this one, so their reminders can be planned."""
    monday = today + timedelta(days=7 - today.weekday())
    shift = monday - _SAMPLE_WEEK
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))

    def moved(cell: str) -> str:
        try:
            return f"{datetime.strptime(cell, '%d/%m/%Y').date() + shift:%d/%m/%Y}"
        except ValueError:
            return cell  # not a date ("tbc"): kept, and refused by the importer as a real list's would be

    heading = next(i for i, row in enumerate(rows) if "Appointment Date" in row)
    column = rows[heading].index("Appointment Date")
    rows[0] = [rows[0][0].replace(f"{_SAMPLE_WEEK:%d/%m/%Y}", f"{monday:%d/%m/%Y}")]
    for row in rows[heading + 1 :]:
        row[column] = moved(row[column])
    written = folder / path.name
    with written.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return written


def _sample_settings(path: Path) -> PracticeSettings:
    return settings_from_json(json.loads(path.read_text(encoding="utf-8")))
