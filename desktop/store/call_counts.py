"""Calls hour by hour, keyed by the hour's start (UTC): every inbound call the practice had, and the calls
staff counted as about a campaign. Counts only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlite_utils import Database

from desktop.core.clock import from_store, to_store, utc_now


def save(db: Database, counts: Mapping[datetime, int], source: str) -> None:
    """Each hour's inbound calls, replacing what was kept for that hour (the caller holds the transaction)."""
    now = to_store(utc_now())
    db.conn.executemany(
        "INSERT INTO call_counts (hour, calls, source, recorded_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (hour) DO UPDATE SET calls = excluded.calls, source = excluded.source, "
        "recorded_at = excluded.recorded_at",
        [(to_store(hour), calls, source, now) for hour, calls in counts.items()],
    )


def between(db: Database, start: datetime, end: datetime) -> dict[datetime, int]:
    """Every inbound call counted, by the hour, from `start` until `end`."""
    return {
        from_store(hour): calls
        for hour, calls in db.execute(
            "SELECT hour, calls FROM call_counts WHERE hour >= ? AND hour < ? ORDER BY hour",
            [to_store(start), to_store(end)],
        ).fetchall()
    }


def save_campaign(db: Database, campaign_id: int, counts: Mapping[datetime, int]) -> None:
    """The calls about a campaign in some hours, replacing those of the same hours."""
    now = to_store(utc_now())
    db.conn.executemany(
        "INSERT INTO campaign_calls (campaign_id, hour, calls, recorded_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (campaign_id, hour) DO UPDATE SET calls = excluded.calls, recorded_at = excluded.recorded_at",
        [(campaign_id, to_store(hour), calls, now) for hour, calls in counts.items()],
    )


def of_campaign(db: Database, campaign_id: int) -> dict[datetime, int]:
    return {
        from_store(hour): calls
        for hour, calls in db.execute(
            "SELECT hour, calls FROM campaign_calls WHERE campaign_id = ? ORDER BY hour", [campaign_id]
        ).fetchall()
    }
