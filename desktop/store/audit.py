"""The audit log: who did what, when. Callers pass ids and counts, never patient data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from desktop.core.clock import from_store, to_store, utc_now


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    subject_type: str | None
    subject_id: int | None
    detail: dict[str, Any]


def record(
    db: Database,
    actor: str,
    action: str,
    subject_type: str | None = None,
    subject_id: int | None = None,
    **detail: Any,
) -> None:
    """Add an entry; inside the caller's transaction when there is one, so both stand or fall together."""
    db.execute(
        "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [to_store(utc_now()), actor, action, subject_type, subject_id, json.dumps(detail, default=str)],
    )


def recent(db: Database, limit: int = 50) -> list[AuditEntry]:
    rows = db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])
    return [
        AuditEntry(
            at=from_store(row["at"]),
            actor=row["actor"],
            action=row["action"],
            subject_type=row["subject_type"],
            subject_id=row["subject_id"],
            detail=json.loads(row["detail"]),
        )
        for row in rows
    ]
