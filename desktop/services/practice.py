"""Reading and changing the practice's settings."""

from __future__ import annotations

import logging
from dataclasses import asdict

from desktop.core.practice import PracticeSettings, validate
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.settings import load_settings, save_settings

log = logging.getLogger(__name__)


def get_settings(workspace: Workspace) -> PracticeSettings:
    return load_settings(workspace.db)


def update_settings(workspace: Workspace, settings: PracticeSettings) -> PracticeSettings:
    """Validate and save; raises SettingsError with a plain-English reason and saves nothing."""
    tidy = validate(settings)
    before = asdict(load_settings(workspace.db))
    changed = sorted(key for key, value in asdict(tidy).items() if before.get(key) != value)
    with workspace.db.atomic():
        save_settings(workspace.db, tidy)
        audit.record(workspace.db, workspace.actor, "settings.updated", "settings", None, changed=changed)
    log.info("Practice settings saved (%s)", ", ".join(changed) or "no changes")
    return tidy
