"""Campaigns and their planned batches in the store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from desktop.core.campaign import Campaign, CampaignOptions, CampaignStatus
from desktop.core.clock import from_store, to_store, utc_now
from desktop.core.quickcheck import QuickCheck
from desktop.core.schedule import Block, PlanInputs
from desktop.core.template import Purpose


def insert_campaign(db: Database, name: str, purpose: Purpose, actor: str) -> int:
    now = to_store(utc_now())
    cursor = db.execute(
        "INSERT INTO campaigns (name, purpose, status, created_at, created_by, updated_at) "
        "VALUES (?, ?, 'draft', ?, ?, ?)",
        [name, purpose.value, now, actor, now],
    )
    return int(cursor.lastrowid or 0)


def save_draft(db: Database, campaign: Campaign) -> None:
    """Write what a draft holds. Approval fields are cleared: any change needs approving again."""
    db.execute(
        "UPDATE campaigns SET name = ?, purpose = ?, status = 'draft', cohort_id = ?, template_version_id = ?, "
        "options = ?, quick_check = ?, plan = ?, estimate = NULL, approved_by = NULL, approved_at = NULL, "
        "prepared_by = ?, updated_at = ? WHERE id = ?",
        [
            campaign.name,
            campaign.purpose.value,
            campaign.cohort_id,
            campaign.template_version_id,
            json.dumps(campaign.options.to_json()),
            json.dumps(campaign.quick_check.to_json()),
            json.dumps({"inputs": campaign.plan_inputs.to_json()}) if campaign.plan_inputs else None,
            campaign.prepared_by or None,
            to_store(utc_now()),
            campaign.id,
        ],
    )


def mark_approved(
    db: Database,
    campaign_id: int,
    inputs: PlanInputs,
    blocks: Sequence[Block],
    notes: Sequence[str],
    estimate: dict[str, Any],
    approver: str,
) -> None:
    plan = {"inputs": inputs.to_json(), "blocks": [_block_json(b) for b in blocks], "notes": list(notes)}
    now = to_store(utc_now())
    db.execute(
        "UPDATE campaigns SET status = 'approved', plan = ?, estimate = ?, approved_by = ?, approved_at = ?, "
        "updated_at = ? WHERE id = ?",
        [json.dumps(plan), json.dumps(estimate), approver, now, now, campaign_id],
    )
    # Blocks already released stay; the planned ones are replaced (a re-plan numbers on from the last).
    db.execute("DELETE FROM batches WHERE campaign_id = ? AND status = 'planned'", [campaign_id])
    db.conn.executemany(
        "INSERT INTO batches (campaign_id, sequence, planned_at, size, status) VALUES (?, ?, ?, ?, 'planned')",
        [(campaign_id, b.number, to_store(b.release_at), b.size) for b in blocks],
    )


def set_status(db: Database, campaign_id: int, status: CampaignStatus) -> None:
    db.execute(
        "UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ?", [status.value, to_store(utc_now()), campaign_id]
    )
    if status is CampaignStatus.CANCELLED:
        db.execute(
            "UPDATE batches SET status = 'cancelled' WHERE campaign_id = ? AND status = 'planned'", [campaign_id]
        )
        # Texts not yet sent never will be; one already on its way is settled as usual.
        db.execute(
            "UPDATE messages SET status = 'cancelled', status_at = ? WHERE campaign_id = ? AND status = 'queued'",
            [to_store(utc_now()), campaign_id],
        )
        db.execute(  # a block none of whose texts went is cancelled too
            "UPDATE batches SET status = 'cancelled' WHERE campaign_id = ? AND status = 'releasing' AND id NOT IN "
            "(SELECT r.batch_id FROM releases r JOIN messages m ON m.release_id = r.id "
            "WHERE r.batch_id IS NOT NULL AND m.status != 'cancelled')",
            [campaign_id],
        )


def complete_finished(db: Database) -> list[int]:
    """Approved campaigns none of whose blocks is still to go are completed; returns their ids."""
    finished = [
        row[0]
        for row in db.execute(
            "SELECT c.id FROM campaigns c WHERE c.status = 'approved' AND EXISTS (SELECT 1 FROM batches b "
            "WHERE b.campaign_id = c.id) AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.campaign_id = c.id "
            "AND (b.status = 'planned' OR b.status = 'releasing'))"
        ).fetchall()
    ]
    for campaign_id in finished:
        set_status(db, campaign_id, CampaignStatus.COMPLETED)
    return finished


def record_held_back(db: Database, campaign_id: int, patient_ids: Sequence[int]) -> None:
    """The campaign's held-back group, as chosen at approval (the caller holds the transaction)."""
    db.execute("DELETE FROM held_back WHERE campaign_id = ?", [campaign_id])
    db.conn.executemany(
        "INSERT INTO held_back (campaign_id, patient_id) VALUES (?, ?)", [(campaign_id, p) for p in patient_ids]
    )


def held_back_nhs_numbers(db: Database, campaign_id: int) -> set[str]:
    """The held-back group's NHS numbers, as kept (or their keyed hash)."""
    return {
        nhs
        for (nhs,) in db.execute(
            "SELECT p.nhs_number FROM held_back h JOIN patients p ON p.id = h.patient_id "
            "WHERE h.campaign_id = ? AND p.nhs_number IS NOT NULL",
            [campaign_id],
        )
    }


def set_observed(db: Database, campaign_id: int, sequence: int, calls: int) -> None:
    """The calls a block that has gone out caused, as staff counted them."""
    db.execute(
        "UPDATE batches SET observed_responses = ? WHERE campaign_id = ? AND sequence = ?",
        [calls, campaign_id, sequence],
    )


def went_out(db: Database, campaign_id: int | None) -> list[tuple[int, datetime, int]]:
    """(sequence, when it went, texts that went) of each released block of a campaign (or of every
    campaign): when Notify first took one of its texts (exported blocks: when written for upload, else
    when planned), and its texts not cancelled or refused (its planned size, for a block released
    before texts were kept)."""
    rows = db.execute(
        "SELECT b.sequence, coalesce(min(CASE WHEN m.provider_id IS NOT NULL THEN m.sent_at END), b.released_at, "
        "b.planned_at), count(m.id), sum(m.status != 'cancelled' AND m.status != 'refused' AND m.status != 'queued'), "
        "b.size FROM batches b LEFT JOIN releases r ON r.batch_id = b.id LEFT JOIN messages m ON m.release_id = r.id "
        "WHERE (b.campaign_id = ? OR ? IS NULL) AND b.status = 'released' GROUP BY b.id ORDER BY b.campaign_id, "
        "b.sequence",
        [campaign_id, campaign_id],
    ).fetchall()
    return [(sequence, from_store(at), went if kept else size) for sequence, at, kept, went, size in rows]


def batches(db: Database, campaign_id: int) -> list[dict[str, Any]]:
    return [
        {**row, "planned_at": from_store(row["planned_at"])}
        for row in db.query("SELECT * FROM batches WHERE campaign_id = ? ORDER BY sequence", [campaign_id])
    ]


def list_campaigns(db: Database) -> list[Campaign]:
    return [_campaign(row) for row in db.query("SELECT * FROM campaigns ORDER BY updated_at DESC, id DESC")]


def get_campaign(db: Database, campaign_id: int) -> Campaign | None:
    rows = list(db.query("SELECT * FROM campaigns WHERE id = ?", [campaign_id]))
    return _campaign(rows[0]) if rows else None


def _block_json(block: Block) -> dict[str, Any]:
    return {
        "number": block.number,
        "size": block.size,
        "release_at": block.release_at.isoformat(),
        "expected_calls": str(block.expected_calls),
        "cumulative": block.cumulative,
        "cost": str(block.cost),
    }


def _campaign(row: dict[str, Any]) -> Campaign:
    plan = json.loads(row["plan"]) if row["plan"] else None
    return Campaign(
        id=row["id"],
        name=row["name"],
        purpose=Purpose(row["purpose"]),
        status=CampaignStatus(row["status"]),
        cohort_id=row["cohort_id"],
        template_version_id=row["template_version_id"],
        options=CampaignOptions.from_json(json.loads(row["options"])),
        quick_check=QuickCheck.from_json(json.loads(row["quick_check"])),
        plan_inputs=PlanInputs.from_json(plan["inputs"]) if plan else None,
        approved_plan=plan if row["status"] != "draft" and plan and "blocks" in plan else None,
        approved_estimate=json.loads(row["estimate"]) if row["estimate"] else None,
        approved_by=row["approved_by"] or "",
        approved_at=_time(row["approved_at"]),
        created_by=row["created_by"],
        prepared_by=row["prepared_by"] or "",
        updated_at=_time(row["updated_at"]),
        test_sent_at=_time(row["test_sent_at"]),
        test_confirmed_at=_time(row["test_confirmed_at"]),
        test_confirmed_by=row["test_confirmed_by"] or "",
    )


def _time(value: str | None) -> datetime | None:
    return from_store(value) if value else None


def record_test_sent(db: Database, campaign_id: int, at: datetime) -> None:
    """A test message went (or a sample was written): it waits for a person to confirm it."""
    db.execute(
        "UPDATE campaigns SET test_sent_at = ?, test_confirmed_at = NULL, test_confirmed_by = NULL WHERE id = ?",
        [to_store(at), campaign_id],
    )


def record_test_confirmed(db: Database, campaign_id: int, by: str, at: datetime) -> None:
    db.execute(
        "UPDATE campaigns SET test_confirmed_at = ?, test_confirmed_by = ? WHERE id = ?",
        [to_store(at), by, campaign_id],
    )


def set_options(db: Database, campaign_id: int, options: CampaignOptions) -> None:
    """Change the options of a campaign that is running (only what narrows who is texted)."""
    db.execute(
        "UPDATE campaigns SET options = ?, updated_at = ? WHERE id = ?",
        [json.dumps(options.to_json()), to_store(utc_now()), campaign_id],
    )
