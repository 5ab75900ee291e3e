"""Releasing a block by export, for practices that send through their own messaging product or
Notify's web upload: the block's texts are queued (exclusions applied, each message rendered),
marked exported and written out in one go; staff later confirm they were sent, or that they were
not (the block then waits to be released again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.campaign import CampaignError, CampaignStatus
from desktop.core.clock import to_store, utc_now
from desktop.core.nhs_number import format_nhs_number
from desktop.core.phone import format_mobile
from desktop.gateways.table_files import file_stem
from desktop.gateways.upload_files import UploadRow, write_upload_files
from desktop.services import campaigns
from desktop.services.releases import queue_block
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as campaign_store


@dataclass(frozen=True)
class ExportResult:
    files: list[Path]
    texts: int


def export_block(
    workspace: Workspace, campaign_id: int, sequence: int, folder: Path, now: datetime | None = None
) -> ExportResult:
    """Queue block `sequence` and write it for upload into `folder`, all or nothing."""
    db = workspace.db
    moment = now or utc_now()
    block = _block(workspace, campaign_id, sequence)
    if block["status"] != "planned":
        raise CampaignError(f"Block {sequence} has already been released.")
    campaign = campaigns.get(workspace, campaign_id)
    written: list[Path] = []
    try:
        with db.atomic():
            release = queue_block(workspace, campaign_id, sequence, moment)
            db.execute(
                "UPDATE messages SET status = 'exported', status_at = ? WHERE release_id = ?",
                [to_store(moment), release],
            )
            db.execute(
                "UPDATE batches SET status = 'released', released_at = ? WHERE id = ?", [to_store(moment), block["id"]]
            )
            rows = _upload_rows(workspace, release)
            written = write_upload_files(folder, f"{file_stem(campaign.name)}-block-{sequence}", rows)
            audit.record(
                db, workspace.actor, "release.exported", "campaign", campaign_id, block=sequence, messages=len(rows)
            )
    except BaseException:
        for path in written:  # the store did not take it: no file may say it did
            path.unlink(missing_ok=True)
        raise
    return ExportResult(written, len(rows))


def confirm_export(
    workspace: Workspace, campaign_id: int, sequence: int, sent: bool, now: datetime | None = None
) -> int:
    """Staff say whether the exported block was sent. Sent: its texts count as sent (for the week's
    same-purpose rule and the reports). Not sent: the block goes back to planned, to export or send
    again. Returns the number of texts."""
    db = workspace.db
    moment = to_store(now or utc_now())
    block = _block(workspace, campaign_id, sequence)
    releases = [r[0] for r in db.execute("SELECT id FROM releases WHERE batch_id = ?", [block["id"]])]
    marks = ",".join("?" * len(releases))
    exported = (
        db.execute(
            f"SELECT count(*) FROM messages WHERE status = 'exported' AND release_id IN ({marks})", releases
        ).fetchone()[0]
        if releases
        else 0
    )
    if not exported:
        raise CampaignError(f"Block {sequence} has no exported texts waiting to be confirmed.")
    with db.atomic():
        if sent:
            db.execute(
                f"UPDATE messages SET status = 'sent', sent_at = ?, status_at = ? WHERE status = 'exported' "
                f"AND release_id IN ({marks})",
                [moment, moment, *releases],
            )
        else:
            db.execute(f"DELETE FROM messages WHERE status = 'exported' AND release_id IN ({marks})", releases)
            db.execute(
                f"DELETE FROM releases WHERE id IN ({marks}) AND id NOT IN (SELECT release_id FROM messages)", releases
            )
            db.execute("UPDATE batches SET status = 'planned', released_at = NULL WHERE id = ?", [block["id"]])
            if campaigns.get(workspace, campaign_id).status is CampaignStatus.COMPLETED:  # a block is to go again
                campaign_store.set_status(db, campaign_id, CampaignStatus.APPROVED)
        audit.record(
            db,
            workspace.actor,
            "release.export_confirmed" if sent else "release.export_not_sent",
            "campaign",
            campaign_id,
            block=sequence,
            messages=exported,
        )
        if sent:
            for finished in campaign_store.complete_finished(db):
                audit.record(db, workspace.actor, "campaign.completed", "campaign", finished)
    return int(exported)


def _block(workspace: Workspace, campaign_id: int, sequence: int) -> dict[str, object]:
    campaign = campaigns.get(workspace, campaign_id)
    campaign.require(CampaignStatus.APPROVED, CampaignStatus.PAUSED, CampaignStatus.COMPLETED, doing="exported")
    block = next((b for b in campaign_store.batches(workspace.db, campaign_id) if b["sequence"] == sequence), None)
    if block is None:
        raise CampaignError(f"The campaign has no block {sequence}.")
    return block


def _upload_rows(workspace: Workspace, release: int) -> list[UploadRow]:
    rows = workspace.db.execute(
        "SELECT p.nhs_number, trim(ifnull(p.title, '') || ' ' || ifnull(p.first_name, '') || ' ' || "
        "ifnull(p.surname, '')), ifnull(p.date_of_birth, ''), m.recipient, m.body FROM messages m "
        "JOIN patients p ON p.id = m.patient_id WHERE m.release_id = ? ORDER BY m.id",
        [release],
    )
    return [
        UploadRow(
            format_nhs_number(nhs) if nhs else "", " ".join(name.split()), _day(born), format_mobile(mobile), body
        )
        for nhs, name, born, mobile, body in rows
    ]


def _day(iso: str) -> str:
    """A stored date (2026-12-01) as staff write it (01/12/2026)."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if len(iso) == 10 else iso
