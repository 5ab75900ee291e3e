"""Releases, their messages and who is sending them, in the store.

A text is written as queued, with its reference, before anything is sent; marked sending, and
committed, before its request leaves; and given its answer as soon as its group is done. Whatever
stops the sender, a text still "sending" is one whose outcome is not known, and its reference
finds it at the gateway.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from desktop.core.clock import UK, from_store, to_store


@dataclass(frozen=True)
class QueuedText:
    patient_id: int
    recipient: str  # E.164
    body: str
    fragments: int


@dataclass(frozen=True)
class OutgoingText:
    id: int
    recipient: str
    body: str
    reference: str
    attempts: int
    last_attempt_at: datetime | None


def new_release(
    db: Database,
    campaign_id: int,
    batch_id: int | None,
    due_at: datetime,
    now: datetime,
    left_out: Mapping[str, int] | None = None,
) -> int:
    """A new release, in the caller's transaction (with its texts, from queue()); `left_out`: reason -> patients."""
    cursor = db.execute(
        "INSERT INTO releases (campaign_id, batch_id, due_at, created_at, left_out) VALUES (?, ?, ?, ?, ?)",
        [campaign_id, batch_id, to_store(due_at), to_store(now), json.dumps(dict(left_out or {}))],
    )
    return int(cursor.lastrowid or 0)


def queue(db: Database, release_id: int, campaign_id: int, texts: Sequence[QueuedText]) -> None:
    """Write each text as queued with its own reference (no personal data in it), in one transaction."""
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO messages (release_id, campaign_id, patient_id, recipient, body, fragments, reference) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (release_id, campaign_id, t.patient_id, t.recipient, t.body, t.fragments, f"pm-{uuid.uuid4().hex}")
                for t in texts
            ],
        )


def take_lock(db: Database, release_id: int, holder: str, now: datetime, lease: timedelta) -> bool:
    """Hold the release for `lease`, unless another holder's lease has not run out."""
    with db.atomic():
        current = lock_holder(db, release_id, now)
        if current is not None and current != holder:
            return False
        db.execute(
            "INSERT INTO release_locks (release_id, holder, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (release_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at",
            [release_id, holder, to_store(now + lease)],
        )
    return True


def drop_lock(db: Database, release_id: int, holder: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM release_locks WHERE release_id = ? AND holder = ?", [release_id, holder])


def lock_holder(db: Database, release_id: int, now: datetime) -> str | None:
    """Who holds the release's lease now (None: nobody, or a lease that ran out)."""
    row = db.execute("SELECT holder, expires_at FROM release_locks WHERE release_id = ?", [release_id]).fetchone()
    return row[0] if row is not None and from_store(row[1]) > now else None


def next_queued(db: Database, release_id: int, limit: int = 100) -> list[OutgoingText]:
    return _texts(db, "release_id = ? AND status = 'queued' ORDER BY id LIMIT ?", [release_id, limit])


LATE_REMINDER = "The appointment was too soon for its reminder by the time it could be sent."


def cancel_late_reminders(db: Database, release_id: int, cutoff: datetime) -> int:
    """Cancel the queued reminders of a release whose appointments start before `cutoff`."""
    local = cutoff.astimezone(UK).strftime("%Y-%m-%dT%H:%M")  # as appointments are kept, UK time
    with db.atomic():
        cursor = db.execute(  # from the release's queued texts (an index), not from every patient kept
            "UPDATE messages SET status = 'cancelled', status_at = ?, failure_reason = ? WHERE id IN ("
            "SELECT m.id FROM messages m JOIN campaigns c ON c.id = m.campaign_id "
            "JOIN patients p ON p.id = m.patient_id WHERE m.release_id = ? AND m.status = 'queued' "
            "AND c.purpose = 'appointment_reminder' "
            "AND p.appointment < ?)",
            [to_store(cutoff), LATE_REMINDER, release_id, local],
        )
    return cursor.rowcount


def unsettled(db: Database, release_id: int) -> list[OutgoingText]:
    """Texts whose request went out with no answer recorded: sending, outcome unknown."""
    return _texts(db, "release_id = ? AND status = 'sending' ORDER BY id", [release_id])


def _texts(db: Database, where: str, params: list[object]) -> list[OutgoingText]:
    rows = db.execute(
        f"SELECT id, recipient, body, reference, attempts, last_attempt_at FROM messages WHERE {where}", params
    ).fetchall()
    return [OutgoingText(r[0], r[1], r[2], r[3], r[4], from_store(r[5]) if r[5] else None) for r in rows]


SENT, REFUSED, NOT_SENT, UNKNOWN, REPEAT = "sent", "refused", "not sent", "unknown", "repeat"
REPEAT_REASON = "Not sent: the same text went to this number today."


@dataclass(frozen=True)
class Outcome:
    """What became of one text: SENT (detail: its id), REFUSED (detail: why), NOT_SENT, UNKNOWN, or
    REPEAT (never asked: the same text had gone to the number that day)."""

    message_id: int
    kind: str
    detail: str | None = None


def mark_sending_all(db: Database, message_ids: Sequence[int], now: datetime) -> str:
    """Said, and committed, before any of their requests leaves. Returns the mark (the time written),
    so the answers are written only over this mark, never over another sender's."""
    mark = to_store(now)
    with db.atomic():
        changed = db.conn.executemany(
            "UPDATE messages SET status = 'sending', attempts = attempts + 1, last_attempt_at = ? "
            "WHERE id = ? AND status = 'queued'",
            [(mark, message_id) for message_id in message_ids],
        ).rowcount
    if changed != len(message_ids):
        raise RuntimeError("Some texts were no longer queued: another sender changed them.")
    return mark


def record(db: Database, outcomes: Sequence[Outcome], mark: str, now: datetime) -> None:
    """Write a group's answers in one commit; an UNKNOWN stays sending, to be looked up."""
    at = to_store(now)
    mine = "WHERE id = ? AND status = 'sending' AND last_attempt_at = ?"
    with db.atomic():
        for outcome in outcomes:
            key = [outcome.message_id, mark]
            if outcome.kind == SENT:
                db.execute(
                    f"UPDATE messages SET status = 'sent', provider_id = ?, sent_at = ?, status_at = ? {mine}",
                    [outcome.detail, at, at, *key],
                )
            elif outcome.kind == REFUSED:
                db.execute(
                    f"UPDATE messages SET status = 'refused', failure_reason = ?, status_at = ? {mine}",
                    [outcome.detail, at, *key],
                )
            elif outcome.kind == NOT_SENT:
                db.execute(f"UPDATE messages SET status = 'queued' {mine}", key)
            elif outcome.kind == REPEAT:
                db.execute(
                    f"UPDATE messages SET status = 'cancelled', failure_reason = ?, status_at = ? {mine}",
                    [REPEAT_REASON, at, *key],
                )


def mark_sent(db: Database, message_id: int, provider_id: str, status: str, now: datetime) -> None:
    _update(
        db,
        message_id,
        "status = ?, provider_id = ?, sent_at = ?, status_at = ?",
        [status, provider_id, to_store(now), to_store(now)],
        "sending",
    )


def mark_not_sent(db: Database, message_id: int) -> None:
    """The gateway did not take it (it said so): it may go again."""
    _update(db, message_id, "status = 'queued'", [], "sending")


def mark_unknown(db: Database, message_id: int, reason: str, now: datetime) -> None:
    _update(db, message_id, "status = 'unknown', failure_reason = ?, status_at = ?", [reason, to_store(now)], "sending")


def sent_since(db: Database, recipient: str, body: str, since: datetime, other_than: int, group: str = "") -> bool:
    """Whether this text went (or may have gone) to this number since `since`, from any campaign.

    Texts of the sender's own group (marked sending together, under the mark `group`) are left
    out: most have not been tried yet, and the sender knows which of them it has sent.
    """
    row = db.execute(
        "SELECT 1 FROM messages WHERE recipient = ? AND body = ? AND id != ? AND (sent_at >= ? OR "
        "(status = 'sending' AND last_attempt_at >= ? AND last_attempt_at != ?)) "
        "AND status != 'refused' AND status != 'cancelled' LIMIT 1",
        [recipient, body, other_than, to_store(since), to_store(since), group],
    ).fetchone()
    return row is not None


def is_sample_release(db: Database, release_id: int) -> bool:
    """Whether the release's patients come from a sample cohort (made-up people)."""
    row = db.execute(
        "SELECT h.is_sample FROM releases r JOIN campaigns c ON c.id = r.campaign_id "
        "JOIN cohorts h ON h.id = c.cohort_id WHERE r.id = ?",
        [release_id],
    ).fetchone()
    return bool(row and row[0])


def campaign_status(db: Database, release_id: int) -> str | None:
    """The status of the release's campaign (approved, paused, cancelled...)."""
    row = db.execute(
        "SELECT c.status FROM releases r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = ?", [release_id]
    ).fetchone()
    return row[0] if row else None


def counts(db: Database, release_id: int) -> dict[str, int]:
    rows = db.execute("SELECT status, count(*) FROM messages WHERE release_id = ? GROUP BY status", [release_id])
    return {status: number for status, number in rows}


def _update(db: Database, message_id: int, assignments: str, params: list[object], expected: str) -> None:
    """Change one message from the state `expected`; each change is committed at once."""
    with db.atomic():
        changed = db.execute(
            f"UPDATE messages SET {assignments} WHERE id = ? AND status = ?", [*params, message_id, expected]
        ).rowcount
    if changed != 1:
        raise RuntimeError(f"Message {message_id} was not {expected}: another sender changed it.")
