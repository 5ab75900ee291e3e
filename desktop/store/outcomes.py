"""A campaign's outcomes, as its follow-up list gave them: one row per patient of the campaign."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from desktop.core.clock import to_store, utc_now
from desktop.core.follow_up import FollowUp, Result


def replace_outcomes(db: Database, campaign_id: int, rows: Sequence[FollowUp]) -> None:
    """The campaign's outcomes are those of its latest follow-up list (the caller holds the transaction)."""
    db.execute("DELETE FROM outcomes WHERE campaign_id = ?", [campaign_id])
    db.conn.executemany(
        "INSERT INTO outcomes (campaign_id, nhs_number, result, day, booked, appointment) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (campaign_id, nhs_number) DO UPDATE SET result = excluded.result, day = excluded.day, "
        "booked = excluded.booked, appointment = excluded.appointment",
        [(campaign_id, r.nhs_number, r.result.value, _iso(r.day), _iso(r.booked), _iso(r.appointment)) for r in rows],
    )
    db.execute("UPDATE campaigns SET outcome_imported_at = ? WHERE id = ?", [to_store(utc_now()), campaign_id])


def outcomes_of(db: Database, campaign_id: int) -> dict[str, FollowUp]:
    """NHS number (or its keyed hash) -> what happened."""
    return {
        nhs: FollowUp(nhs, Result(result), _day(day), _day(booked), _day(appointment))
        for nhs, result, day, booked, appointment in db.execute(
            "SELECT nhs_number, result, day, booked, appointment FROM outcomes WHERE campaign_id = ?", [campaign_id]
        )
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
