"""Nothing lost on an upgrade or a damaged file: a copy before a migration, a copy a day kept for a week,
a copy now and a restore from one, each checked; a damaged file found and replaced by its latest copy."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.services import backups
from desktop.services.backups import BackupError
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.backups import KEEP_DAILY, backup_folder, daily_backups, damage, keep_last_week
from desktop.store.database import open_database, schema_version
from desktop.store.migrations import LATEST_VERSION, MIGRATIONS

TODAY = date(2026, 12, 3)


def names(database: Path) -> list[str]:
    return sorted(path.name for path in backup_folder(database).iterdir())


def test_an_older_database_is_copied_as_it_was_before_its_schema_changes(tmp_path: Path) -> None:
    path = tmp_path / "practice.db"
    open_database(path, MIGRATIONS[:-1]).close()  # as the last version left it
    db = open_database(path)
    assert schema_version(db) == LATEST_VERSION
    db.close()
    [copy] = daily_backups(path)
    assert copy.path.name.startswith(f"before-schema-{LATEST_VERSION - 1}-")
    with sqlite3.connect(copy.path) as kept:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION - 1
    open_database(path).close()  # already up to date: no copy
    assert len(daily_backups(path)) == 1


def test_a_fresh_database_needs_no_copy(tmp_path: Path) -> None:
    open_database(tmp_path / "practice.db").close()
    assert not backup_folder(tmp_path / "practice.db").exists()


def test_a_copy_a_day_and_only_the_last_weeks_kept(workspace: Workspace) -> None:
    install_sample_data(workspace)
    made = backups.daily_backup(workspace, TODAY)
    assert made is not None and made.name == "daily-2026-12-03.db"
    assert backups.daily_backup(workspace, TODAY) is None  # one a day
    for days in range(1, 10):
        backups.daily_backup(workspace, TODAY + timedelta(days=days))
    kept = [b.day for b in daily_backups(workspace.path)]
    assert len(kept) == KEEP_DAILY and kept[0] == TODAY + timedelta(days=9)
    assert min(kept) == TODAY + timedelta(days=3)
    assert backups.latest_backup(workspace.path) == backup_folder(workspace.path) / "daily-2026-12-12.db"


def test_copies_over_a_week_old_go_whatever_they_are(workspace: Workspace) -> None:
    backups.daily_backup(workspace, TODAY)
    folder = backup_folder(workspace.path)
    (folder / "before-schema-7-2026-11-20T101010.db").write_bytes(b"")
    (folder / "before-schema-8-2026-12-01T101010.db").write_bytes(b"")
    (folder / "my own copy.db").write_bytes(b"")  # not one of ours: left alone
    keep_last_week(workspace.path, TODAY)
    assert names(workspace.path) == ["before-schema-8-2026-12-01T101010.db", "daily-2026-12-03.db", "my own copy.db"]
    keep_last_week(workspace.path, TODAY + timedelta(days=8))
    assert names(workspace.path) == ["my own copy.db"]


def test_a_copy_now_is_checked_and_restored_with_the_data_kept_aside(workspace: Workspace, tmp_path: Path) -> None:
    install_sample_data(workspace)
    copy = backups.back_up_now(workspace, tmp_path / "usb" / "copy.db")
    assert backups.check_backup(copy) == LATEST_VERSION
    workspace.db.execute("DELETE FROM templates WHERE id NOT IN (SELECT template_id FROM template_versions)")
    workspace.db.execute("UPDATE settings SET value = '{}' WHERE key = 'practice'")
    restored = backups.restore(workspace, copy)
    assert restored.kept_aside.exists() and restored.kept_aside.parent == backup_folder(workspace.path)
    practice = workspace.db.execute("SELECT value FROM settings WHERE key = 'practice'").fetchone()[0]
    assert "Riverside" in practice
    assert audit.recent(workspace.db, 1)[0].action == "data.restored"
    with pytest.raises(BackupError, match="that is the data file itself"):
        backups.back_up_now(workspace, workspace.path)


def test_an_older_copy_is_restored_and_brought_up_to_date(workspace: Workspace, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    open_database(old, MIGRATIONS[:-1]).close()
    assert backups.check_backup(old) == LATEST_VERSION - 1
    backups.restore(workspace, old)
    assert schema_version(workspace.db) == LATEST_VERSION


def test_what_is_not_a_sound_copy_is_refused_and_nothing_changes(workspace: Workspace, tmp_path: Path) -> None:
    install_sample_data(workspace)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE notes (x)")
    newer = tmp_path / "newer.db"
    open_database(newer).close()
    with sqlite3.connect(newer) as later:
        later.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    for path, reason in (
        (tmp_path / "missing.db", "cannot be found"),
        (garbage, "is damaged or is not a database"),
        (foreign, "is not a copy of Practice Messaging's data"),
        (newer, "made by a newer version of Practice Messaging"),
    ):
        with pytest.raises(BackupError, match=reason):
            backups.restore(workspace, path)
    assert workspace.db.execute("SELECT count(*) FROM cohorts").fetchone()[0] == 2


def test_a_damaged_file_is_found_and_replaced_by_its_latest_copy(tmp_path: Path) -> None:
    path = tmp_path / "practice.db"
    workspace = Workspace.open(path)
    install_sample_data(workspace)
    backups.daily_backup(workspace, TODAY)
    workspace.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    workspace.close()
    assert damage(path) is None
    content = bytearray(path.read_bytes())
    content[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)  # pages of the file overwritten
    path.write_bytes(bytes(content))
    assert damage(path) is not None
    latest = backups.latest_backup(path)
    assert latest is not None
    aside = backups.replace_damaged(path, latest)
    assert aside.exists() and aside.name.startswith("practice.db.damaged-")
    assert damage(path) is None
    reopened = Workspace.open(path)
    assert reopened.db.execute("SELECT count(*) FROM cohorts").fetchone()[0] == 2
    reopened.close()
