"""Data protection: a campaign's personal data is deleted once the retention period after it ends has
passed (or at once, by a practice manager), keeping its counts, costs and outcomes.

Deleted: the texts' numbers and words, replies' words, and, once no campaign still needs them, the
cohort's names, dates of birth, mobiles, appointments and other columns; NHS numbers become a keyed hash
(desktop.services.pseudonyms) so a later follow-up list still matches. Files the application wrote for
the campaign in the export folder go too. The database is then cleaned so nothing deleted can be read
back from it: SQLite overwrites what it deletes (secure_delete), the write-ahead log is emptied into the
file and truncated, and the file is rebuilt (VACUUM).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from desktop.core.campaign import CampaignError, CampaignStatus
from desktop.core.clock import from_store, to_store, utc_now
from desktop.gateways.table_files import file_stem
from desktop.services.campaigns import get
from desktop.services.pseudonyms import pseudonym, pseudonym_key
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.paths import default_export_folder
from desktop.store.settings import load_settings

log = logging.getLogger(__name__)
ENDED = (CampaignStatus.COMPLETED, CampaignStatus.CANCELLED)


@dataclass
class Purged:
    campaigns: list[int] = field(default_factory=list)
    cohorts: list[int] = field(default_factory=list)
    files: int = 0


def purge_campaign(workspace: Workspace, campaign_id: int, reason: str = "manager") -> Purged:
    """Delete the personal data of a campaign that has ended (and its cohort's, if nothing else uses it)."""
    campaign = get(workspace, campaign_id)
    if campaign.status not in ENDED and campaign.status is not CampaignStatus.DRAFT:
        raise CampaignError("A running campaign's data cannot be deleted: cancel the campaign first.")
    purged = Purged()
    with workspace.db.atomic():
        _purge_texts(workspace, campaign_id)
        purged.campaigns.append(campaign_id)
        if campaign.cohort_id is not None and not _still_needed(workspace, campaign.cohort_id, campaign_id):
            _purge_cohort_rows(workspace, campaign.cohort_id)
            purged.cohorts.append(campaign.cohort_id)
        audit.record(
            workspace.db, workspace.actor, "campaign.purged", "campaign", campaign_id,
            reason=reason, cohorts=purged.cohorts,
        )  # fmt: skip
    purged.files = _remove_files(workspace, [(campaign.id, campaign.name)])
    clean_database(workspace)
    return purged


def purge_cohort(workspace: Workspace, cohort_id: int) -> Purged:
    """Delete a cohort's personal data at once, and that of every campaign of it (none may be running)."""
    rows = workspace.db.execute("SELECT id, name, status FROM campaigns WHERE cohort_id = ?", [cohort_id]).fetchall()
    if any(CampaignStatus(status) in (CampaignStatus.APPROVED, CampaignStatus.PAUSED) for _, _, status in rows):
        raise CampaignError("A campaign of this cohort is running: cancel it before deleting the cohort's data.")
    purged = Purged()
    with workspace.db.atomic():
        for campaign_id, _, _ in rows:
            _purge_texts(workspace, campaign_id)
            purged.campaigns.append(campaign_id)
        _purge_cohort_rows(workspace, cohort_id)
        purged.cohorts.append(cohort_id)
        audit.record(workspace.db, workspace.actor, "cohort.purged", "cohort", cohort_id, campaigns=purged.campaigns)
    purged.files = _remove_files(workspace, [(campaign_id, name) for campaign_id, name, _ in rows])
    clean_database(workspace)
    return purged


def apply_retention(workspace: Workspace, now: datetime | None = None) -> Purged:
    """Purge every campaign that ended more than the retention period ago (the window at start-up and
    send-due both run this)."""
    days = load_settings(workspace.db).retention_days
    cutoff = (now or utc_now()) - timedelta(days=days)
    due = [
        campaign_id
        for campaign_id, updated in workspace.db.execute(
            "SELECT id, updated_at FROM campaigns WHERE (status = 'completed' OR status = 'cancelled') "
            "AND purged_at IS NULL"
        ).fetchall()
        if from_store(updated) < cutoff
    ]
    total = Purged()
    for campaign_id in due:
        done = purge_campaign(workspace, campaign_id, reason=f"retention ({days} days)")
        total.campaigns += done.campaigns
        total.cohorts += done.cohorts
        total.files += done.files
    if due:
        log.info("Retention: %d campaigns' personal data deleted", len(due))
    return total


def _still_needed(workspace: Workspace, cohort_id: int, campaign_id: int) -> bool:
    """Whether another campaign of the cohort still keeps its data (not yet purged)."""
    return (
        workspace.db.execute(
            "SELECT 1 FROM campaigns WHERE cohort_id = ? AND id != ? AND purged_at IS NULL", [cohort_id, campaign_id]
        ).fetchone()
        is not None
    )


def _purge_texts(workspace: Workspace, campaign_id: int) -> None:
    db = workspace.db
    now = to_store(utc_now())
    db.execute("UPDATE messages SET recipient = '', body = '' WHERE campaign_id = ?", [campaign_id])
    db.execute(
        "UPDATE replies SET body = NULL WHERE message_id IN (SELECT id FROM messages WHERE campaign_id = ?)",
        [campaign_id],
    )
    db.execute("UPDATE campaigns SET purged_at = ? WHERE id = ?", [now, campaign_id])


def _purge_cohort_rows(workspace: Workspace, cohort_id: int) -> None:
    """Names, dates of birth, mobiles, appointments and other columns deleted; NHS numbers hashed."""
    db = workspace.db
    key = pseudonym_key(workspace.path)
    db.conn.create_function("pm_pseudonym", 1, lambda nhs: pseudonym(key, nhs) if nhs else None, deterministic=True)
    db.execute("DELETE FROM patient_search WHERE cohort = ?", [f"c{cohort_id}"])
    db.execute(
        "UPDATE outcomes SET nhs_number = pm_pseudonym(nhs_number) WHERE nhs_number NOT LIKE 'h:%' AND campaign_id "
        "IN (SELECT id FROM campaigns WHERE cohort_id = ?)",
        [cohort_id],
    )
    db.execute(
        "UPDATE patients SET nhs_number = CASE WHEN nhs_number LIKE 'h:%' THEN nhs_number "
        "ELSE pm_pseudonym(nhs_number) END, title = NULL, first_name = NULL, surname = NULL, date_of_birth = NULL, "
        "mobile = NULL, fields = '{}', appointment = NULL, problem = NULL WHERE cohort_id = ?",
        [cohort_id],
    )
    db.execute("UPDATE cohorts SET longest_values = NULL, purged_at = ? WHERE id = ?", [to_store(utc_now()), cohort_id])


def clean_database(workspace: Workspace) -> None:
    """Leave nothing deleted readable in the file: it was overwritten as deleted (secure_delete is on for
    every connection); empty the write-ahead log into the file, then rebuild the file."""
    db = workspace.db
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as error:  # another connection is reading: the next purge cleans up
        log.warning("Database not rebuilt after a purge: %s", error)


def _remove_files(workspace: Workspace, campaigns: list[tuple[int, str]]) -> int:
    """The files written for these campaigns in the export folder (blocks for upload, coding lists, test
    message samples), by the names the application gave them."""
    setting = load_settings(workspace.db).export_folder
    folder = Path(setting) if setting else default_export_folder()
    if not folder.is_dir():
        return 0
    removed = 0
    for campaign_id, name in campaigns:
        for path in [*folder.glob(f"{file_stem(name)}-*"), folder / f"test-message-campaign-{campaign_id}.txt"]:
            if path.is_file():
                path.unlink()
                removed += 1
    return removed
