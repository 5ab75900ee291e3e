"""Templates and their versions. A version never changes once written: campaigns point at one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from desktop.core.clock import from_store, to_store, utc_now
from desktop.core.template import Purpose


@dataclass(frozen=True)
class TemplateVersion:
    id: int
    template_id: int
    version: int
    body: str
    approving_clinician: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Template:
    id: int
    name: str
    purpose: Purpose
    archived: bool
    latest: TemplateVersion


def insert_template(db: Database, name: str, purpose: Purpose, body: str, clinician: str, actor: str) -> int:
    now = to_store(utc_now())
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO templates (name, purpose, created_at, created_by) VALUES (?, ?, ?, ?)",
            [name, purpose.value, now, actor],
        )
        template_id = int(cursor.lastrowid or 0)
        add_version(db, template_id, body, clinician, actor)
    return template_id


def add_version(db: Database, template_id: int, body: str, clinician: str, actor: str) -> int:
    with db.atomic():
        row = db.execute(
            "SELECT coalesce(max(version), 0) FROM template_versions WHERE template_id = ?", [template_id]
        ).fetchone()
        cursor = db.execute(
            "INSERT INTO template_versions (template_id, version, body, approving_clinician, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [template_id, int(row[0]) + 1, body, clinician or None, to_store(utc_now()), actor],
        )
    return int(cursor.lastrowid or 0)


def update_details(db: Database, template_id: int, name: str, purpose: Purpose) -> None:
    db.execute("UPDATE templates SET name = ?, purpose = ? WHERE id = ?", [name, purpose.value, template_id])


def set_archived(db: Database, template_id: int, archived: bool) -> None:
    db.execute(
        "UPDATE templates SET archived_at = ? WHERE id = ?",
        [to_store(utc_now()) if archived else None, template_id],
    )


_SELECT = (
    "SELECT t.id, t.name, t.purpose, t.archived_at, v.id AS version_id, v.version, v.body, v.approving_clinician, "
    "v.created_at, v.created_by FROM templates t JOIN template_versions v ON v.template_id = t.id "
    "AND v.version = (SELECT max(version) FROM template_versions WHERE template_id = t.id)"
)


def list_templates(db: Database, include_archived: bool = False) -> list[Template]:
    where = "" if include_archived else " WHERE t.archived_at IS NULL"
    return [_template(row) for row in db.query(f"{_SELECT}{where} ORDER BY t.purpose, lower(t.name)")]


def get_template(db: Database, template_id: int) -> Template | None:
    rows = list(db.query(f"{_SELECT} WHERE t.id = ?", [template_id]))
    return _template(rows[0]) if rows else None


def get_version(db: Database, version_id: int) -> TemplateVersion | None:
    rows = list(db.query("SELECT * FROM template_versions WHERE id = ?", [version_id]))
    return _version(rows[0]) if rows else None


def count_templates(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM templates").fetchone()[0])


def _template(row: dict[str, Any]) -> Template:
    return Template(
        id=row["id"],
        name=row["name"],
        purpose=Purpose(row["purpose"]),
        archived=row["archived_at"] is not None,
        latest=_version({**row, "id": row["version_id"], "template_id": row["id"]}),
    )


def _version(row: dict[str, Any]) -> TemplateVersion:
    return TemplateVersion(
        id=row["id"],
        template_id=row["template_id"],
        version=row["version"],
        body=row["body"],
        approving_clinician=row["approving_clinician"] or "",
        created_at=from_store(row["created_at"]),
        created_by=row["created_by"],
    )
