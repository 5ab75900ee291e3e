from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.practice import PracticeSettings, SettingsError
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import audit


def test_sample_data_is_installed_once_on_a_fresh_database(workspace: Workspace) -> None:
    assert install_sample_data(workspace)
    settings = get_settings(workspace)
    assert settings.practice_name == "Riverside Surgery (sample)"
    assert settings.is_complete
    assert not install_sample_data(workspace)
    assert [entry.action for entry in audit.recent(workspace.db)] == [
        "sample_data.installed",
        "templates.starters_installed",
        "cohort.imported",
        "cohort.imported",
    ]


def test_sample_data_never_overwrites_real_settings(workspace: Workspace) -> None:
    update_settings(workspace, PracticeSettings(practice_name="Real Practice", practice_phone="0113 243 4567"))
    assert not install_sample_data(workspace)
    assert get_settings(workspace).practice_name == "Real Practice"


def test_update_saves_and_audits_who_changed_what(workspace: Workspace) -> None:
    install_sample_data(workspace)
    before = get_settings(workspace)
    update_settings(workspace, replace(before, practice_name="Hillside Practice"))
    assert get_settings(workspace).practice_name == "Hillside Practice"
    entry = audit.recent(workspace.db, 1)[0]
    assert (entry.actor, entry.action, entry.detail) == (
        "test.user",
        "settings.updated",
        {"changed": ["practice_name"]},
    )


def test_invalid_settings_save_nothing(workspace: Workspace) -> None:
    install_sample_data(workspace)
    before = get_settings(workspace)
    entries = len(audit.recent(workspace.db))
    with pytest.raises(SettingsError, match="not a valid UK number"):
        update_settings(workspace, replace(before, practice_name="Changed", practice_phone="123"))
    assert get_settings(workspace) == before
    assert len(audit.recent(workspace.db)) == entries


def test_audit_entries_hold_no_patient_data_by_shape(workspace: Workspace) -> None:
    install_sample_data(workspace)
    details = [json.loads(row[0]) for row in workspace.db.execute("SELECT detail FROM audit_log")]
    assert details == [
        {
            "rows_read": 42,
            "accepted": 39,
            "rejected": 2,
            "duplicates": 0,
            "opted_out": 1,
            "shared_numbers": 1,
            "no_preference": 0,
        },
        {
            "rows_read": 80,
            "accepted": 64,
            "rejected": 12,
            "duplicates": 2,
            "opted_out": 2,
            "shared_numbers": 3,
            "no_preference": 0,
        },
        {"count": 6},
        {"source": "sample"},
    ]


def test_workspace_opens_the_default_path_when_none_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data" / "practice-messaging.db"
    monkeypatch.setattr("desktop.services.workspace.default_database_path", lambda: target)
    ws = Workspace.open()
    assert ws.path == target and target.exists()
    ws.close()


def test_a_failure_mid_save_rolls_back_the_whole_change(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    install_sample_data(workspace)
    before = get_settings(workspace)

    def broken_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("desktop.services.practice.audit.record", broken_audit)
    with pytest.raises(RuntimeError):
        update_settings(workspace, replace(before, practice_name="Half Written"))
    assert get_settings(workspace) == before
