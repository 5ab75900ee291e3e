from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.store.database import StoreError, migrate, open_database, schema_version
from desktop.store.migrations import LATEST_VERSION, MIGRATIONS

TABLES = {
    "settings",
    "cohorts",
    "patients",
    "templates",
    "template_versions",
    "campaigns",
    "batches",
    "messages",
    "audit_log",
}


def test_new_database_has_the_latest_schema(db_path: Path) -> None:
    db = open_database(db_path)
    assert schema_version(db) == LATEST_VERSION
    assert set(db.table_names()) >= TABLES
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_creates_the_folder_it_lives_in(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "practice.db"
    open_database(path).close()
    assert path.exists()


def test_reopening_does_not_migrate_again(db_path: Path) -> None:
    db = open_database(db_path)
    db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')")
    db.close()
    db = open_database(db_path)
    assert db.execute("SELECT value FROM settings").fetchone()[0] == "1"
    db.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    db = open_database(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO patients (cohort_id, source_row, status) VALUES (999, 2, 'valid')")
    db.close()


def test_a_later_migration_applies_forward(db_path: Path) -> None:
    open_database(db_path).close()
    extra = [*MIGRATIONS, ("CREATE TABLE later_table (id INTEGER PRIMARY KEY, body TEXT)",)]
    db = open_database(db_path, extra)
    assert schema_version(db) == LATEST_VERSION + 1
    assert "later_table" in db.table_names()
    db.close()


def test_a_failing_migration_leaves_the_previous_state_intact(db_path: Path) -> None:
    db = open_database(db_path)
    db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')")
    broken = [
        *MIGRATIONS,
        (
            "CREATE TABLE later_table (id INTEGER PRIMARY KEY)",
            "ALTER TABLE settings ADD COLUMN note TEXT",
            "INSERT INTO no_such_table VALUES (1)",
        ),
    ]
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, broken)
    assert schema_version(db) == LATEST_VERSION
    assert "later_table" not in db.table_names()
    assert "note" not in db["settings"].columns_dict
    assert db.execute("SELECT value FROM settings").fetchone()[0] == "1"
    db.close()


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    db = open_database(db_path)
    db.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        open_database(db_path)


def test_a_file_that_is_not_a_database_gives_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "cohort.xlsx"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 100)
    with pytest.raises(StoreError, match="not a Practice Messaging database"):
        open_database(path)
    assert path.read_bytes().startswith(b"PK\x03\x04")  # untouched


def test_an_sqlite_without_a_needed_module_is_said_plainly(db_path: Path) -> None:
    lacking = [*MIGRATIONS, ("CREATE VIRTUAL TABLE x USING no_such_search_module(a)",)]
    with pytest.raises(StoreError, match=r"lacks a part this program needs \(no_such_search_module\)"):
        open_database(db_path, lacking)


def test_the_patient_status_rule_is_rewritten_in_place_and_still_holds(db_path: Path) -> None:
    db = open_database(db_path, MIGRATIONS[:3])
    db.execute("INSERT INTO cohorts (id, name, imported_at, imported_by, mapping) VALUES (1, 'c', 'now', 'me', '{}')")
    db.execute("INSERT INTO patients (cohort_id, source_row, status) VALUES (1, 2, 'opted_out')")
    db.close()
    db = open_database(db_path)  # migrates to the latest
    table_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'patients'").fetchone()[0]
    assert "status IN" not in table_sql and "status = 'opted_out'" in table_sql
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT source_row, status FROM patients").fetchall() == [(2, "opted_out")]
    for status in ("valid", "invalid", "duplicate", "opted_out"):
        db.execute("INSERT INTO patients (cohort_id, source_row, status) VALUES (1, 3, ?)", [status])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO patients (cohort_id, source_row, status) VALUES (1, 4, 'maybe')")
    db.close()


def test_a_database_from_before_sending_gains_releases_and_the_new_messages_table(db_path: Path) -> None:
    open_database(db_path, MIGRATIONS[:4]).close()
    db = open_database(db_path)
    assert {"releases", "release_locks", "messages"} <= set(db.table_names())
    assert {"release_id", "reference", "status"} <= set(db["messages"].columns_dict)
    assert "batch_id" not in db["messages"].columns_dict
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
