"""What `main.py send-due` does: queue the blocks whose time has come, send every open release, then
ask Notify what became of the texts sent in the last week, and fetch the replies (Notify keeps them
for a week, so a daily run reads them all).

A block is due from its planned time until the end of that day's sending window; one whose window
closed while nothing ran (the PC was off) is overdue and never sent late by itself: a person sends
it now or re-plans. Nothing is sent outside the sending window or on a bank holiday.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from desktop.core.bank_holidays import bank_holidays
from desktop.core.campaign import CampaignStatus
from desktop.core.clock import UK, to_store, utc_now
from desktop.gateways.notify import NotifyError, ReceivedText, TextStatus
from desktop.services import campaigns, first_release_test
from desktop.services.releases import queue_block
from desktop.services.replies import fetch_replies
from desktop.services.sending import LOOK_UP_AFTER, SendReport, TextGateway, send_release
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as campaign_store
from desktop.store.settings import load_settings

log = logging.getLogger(__name__)

STATUS_DAYS = 7  # Notify answers for a week
_FINAL = {"delivered", "permanent-failure", "temporary-failure", "technical-failure"}


class StatusGateway(TextGateway, Protocol):
    """A gateway that also lists what became of its texts, and the replies (NotifyClient is one)."""

    def texts_page(self, older_than: str | None = None) -> list[TextStatus]: ...

    def received_texts(self, older_than: str | None = None) -> list[ReceivedText]: ...


@dataclass(frozen=True)
class DueBlock:
    campaign_id: int
    campaign: str
    sequence: int
    size: int
    planned_at: datetime


@dataclass
class DueRun:
    due: list[DueBlock] = field(default_factory=list)
    overdue: list[DueBlock] = field(default_factory=list)
    releases: int = 0
    sent: int = 0
    refused: int = 0
    unsettled: int = 0
    refreshed: int = 0
    stopped: str | None = None
    needs_a_person: bool = False  # the key, the clock, the account or the template: see SendReport
    outside_window: bool = False
    held: list[str] = field(default_factory=list)  # campaigns whose first block waits for its test message
    replies: dict[str, int] = field(default_factory=dict)  # new replies by answer (yes, no, other, not-read, stop)
    exported: int = 0  # texts written for upload (when the practice exports instead of using Notify)
    files: list[Path] = field(default_factory=list)
    purged: int = 0  # campaigns whose personal data the retention period deleted


def find_due(workspace: Workspace, now: datetime) -> tuple[list[DueBlock], list[DueBlock]]:
    """Planned blocks of approved campaigns whose time has come: (due now, overdue). A first block
    held for its test message is neither (held_for_test lists them)."""
    settings = load_settings(workspace.db)
    due: list[DueBlock] = []
    overdue: list[DueBlock] = []
    for campaign in campaigns.all_campaigns(workspace):
        if campaign.status is not CampaignStatus.APPROVED or first_release_test.test_needed(workspace, campaign):
            continue
        for block in campaign_store.batches(workspace.db, campaign.id):
            planned = block["planned_at"]
            if block["status"] != "planned" or planned > now:
                continue
            window_end = datetime.combine(planned.astimezone(UK).date(), settings.sending_end, UK)
            found = DueBlock(campaign.id, campaign.name, block["sequence"], block["size"], planned)
            (due if now < window_end else overdue).append(found)
    return due, overdue


@dataclass(frozen=True)
class ReleaseState:
    release_id: int
    campaign_id: int
    campaign: str
    block: int | None
    counts: dict[str, int]  # texts by status


def release_states(workspace: Workspace, since: datetime, campaign_id: int | None = None) -> list[ReleaseState]:
    """Releases made since `since`, or with texts still to send, and their texts by status."""
    rows = workspace.db.execute(
        "SELECT r.id, r.campaign_id, c.name, b.sequence, m.status, count(*) FROM releases r "
        "JOIN campaigns c ON c.id = r.campaign_id LEFT JOIN batches b ON b.id = r.batch_id "
        "JOIN messages m ON m.release_id = r.id "
        "WHERE (? IS NULL OR r.campaign_id = ?) AND (r.created_at >= ? OR r.id IN "
        "(SELECT release_id FROM messages WHERE status = 'queued' OR status = 'sending')) "
        "GROUP BY r.id, m.status ORDER BY r.id",
        [campaign_id, campaign_id, to_store(since)],
    ).fetchall()
    states: dict[int, ReleaseState] = {}
    for release_id, campaign, name, block, status, count in rows:
        state = states.setdefault(release_id, ReleaseState(release_id, campaign, name, block, {}))
        state.counts[status] = count
    return list(states.values())


def sending_allowed(workspace: Workspace, now: datetime) -> bool:
    """Within the practice's sending hours, on a day that is not a bank holiday."""
    settings = load_settings(workspace.db)
    local = now.astimezone(UK)
    if local.date() in bank_holidays(settings.region, [local.year]):
        return False
    return settings.sending_start <= local.time() < settings.sending_end


def export_due(workspace: Workspace, now: datetime, dry_run: bool = False) -> DueRun:
    """For a practice that exports: write every due block for upload (into Settings' export folder)."""
    from desktop.services.export import export_block
    from desktop.store.paths import default_export_folder

    run = DueRun()
    run.due, run.overdue = find_due(workspace, now)
    run.held = held_for_test(workspace, now)
    if dry_run:
        return run
    if not sending_allowed(workspace, now):
        run.outside_window = True
        return run
    chosen = load_settings(workspace.db).export_folder
    folder = Path(chosen) if chosen else default_export_folder()
    if not chosen:
        folder.mkdir(parents=True, exist_ok=True)
    for block in run.due:
        result = export_block(workspace, block.campaign_id, block.sequence, folder, now)
        run.releases += 1
        run.exported += result.texts
        run.files += result.files
    return run


def held_for_test(workspace: Workspace, now: datetime) -> list[str]:
    """Approved campaigns whose first block's time has come but which wait for their test message."""
    held = []
    for campaign in campaigns.all_campaigns(workspace):
        if campaign.status is CampaignStatus.APPROVED and first_release_test.test_needed(workspace, campaign):
            blocks = campaign_store.batches(workspace.db, campaign.id)
            if blocks and blocks[0]["planned_at"] <= now:
                held.append(campaign.name)
    return held


def send_due(
    workspace: Workspace,
    gateway: StatusGateway,
    template_id: str,
    now: Callable[[], datetime] = utc_now,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    look_up_after: timedelta = LOOK_UP_AFTER,
) -> DueRun:
    """Queue what is due and send every open release (within the sending window), then refresh statuses."""
    run = DueRun()
    run.due, run.overdue = find_due(workspace, now())
    run.held = held_for_test(workspace, now())
    if dry_run:
        return run
    if not sending_allowed(workspace, now()):
        run.outside_window = True
    else:
        for block in run.due:
            queue_block(workspace, block.campaign_id, block.sequence, now())
        for release in _open_releases(workspace):
            report = send_release(
                workspace.db, release, gateway, template_id, now=now, sleep=sleep, look_up_after=look_up_after
            )
            run.releases += 1
            _log_release(workspace, release, report)
            run.sent += report.sent
            run.refused += report.refused
            run.unsettled += report.unsettled
            if report.stopped:
                run.stopped, run.needs_a_person = report.stopped, report.needs_a_person
                break
    run.refreshed = refresh_statuses(workspace, gateway, now())
    run.replies = fetch_replies(workspace, gateway, now).counts
    mark_blocks_released(workspace, now())
    return run


def _log_release(workspace: Workspace, release: int, report: SendReport) -> None:
    campaign_id, block = workspace.db.execute(
        "SELECT r.campaign_id, b.sequence FROM releases r LEFT JOIN batches b ON b.id = r.batch_id WHERE r.id = ?",
        [release],
    ).fetchone()
    record_sent(workspace, campaign_id, block, "by send-due", report)


def record_sent(workspace: Workspace, campaign_id: int, block: int | None, how: str, report: SendReport) -> None:
    """The audit log's entry for a block sent (counts only): what the Releases page's log shows."""
    with workspace.db.atomic():
        audit.record(
            workspace.db,
            workspace.actor,
            "release.sent",
            "campaign",
            campaign_id,
            block=block,
            how=how,
            sent=report.sent,
            refused=report.refused,
            unknown=report.unsettled,
            stopped=report.stopped or "",
        )


def _open_releases(workspace: Workspace) -> list[int]:
    rows = workspace.db.execute(
        "SELECT DISTINCT m.release_id FROM messages m JOIN campaigns c ON c.id = m.campaign_id "
        "WHERE (m.status = 'queued' OR m.status = 'sending') AND c.status = 'approved' ORDER BY m.release_id"
    )
    return [row[0] for row in rows]


def refresh_statuses(workspace: Workspace, gateway: StatusGateway, now: datetime) -> int:
    """Ask Notify what became of the texts it took in the last week that have no final status yet.

    Read as Notify lists them, 250 a page newest first, back to the oldest text still waiting:
    a week of 50,000 texts is 200 requests, not 50,000.
    """
    since = to_store(now - timedelta(days=STATUS_DAYS))
    waiting = dict(
        workspace.db.execute(
            "SELECT provider_id, id FROM messages WHERE status = 'sent' AND provider_id IS NOT NULL AND sent_at >= ?",
            [since],
        ).fetchall()
    )
    changed = 0
    older_than: str | None = None
    while waiting:
        try:
            page = gateway.texts_page(older_than)
        except NotifyError as error:
            log.warning("Statuses not refreshed: %s", type(error).__name__)
            break
        final = [(t, waiting.pop(t.id)) for t in page if t.id in waiting and t.status in _FINAL]
        with workspace.db.atomic():
            workspace.db.conn.executemany(
                "UPDATE messages SET status = ?, status_at = ?, cost = ? WHERE id = ? AND status = 'sent'",
                [(t.status, to_store(now), _pounds(t.cost_in_pounds), message_id) for t, message_id in final],
            )
        changed += len(final)
        for text in page:
            waiting.pop(text.id, None)  # seen, and not final yet: asked again on the next run
        if not page:
            break
        older_than = page[-1].id
    return changed


def _pounds(cost: float | None) -> str | None:
    """Notify's cost as decimal text (it gives pounds as a JSON number, e.g. 0.0288)."""
    return None if cost is None else str(Decimal(str(cost)))


def mark_blocks_released(workspace: Workspace, now: datetime) -> None:
    """A block is released once none of its texts waits to be sent."""
    with workspace.db.atomic():
        workspace.db.execute(
            "UPDATE batches SET status = 'released', released_at = ? WHERE status = 'releasing' AND id NOT IN "
            "(SELECT r.batch_id FROM releases r JOIN messages m ON m.release_id = r.id "
            "WHERE r.batch_id IS NOT NULL AND (m.status = 'queued' OR m.status = 'sending'))",
            [to_store(now)],
        )
        for campaign_id in campaign_store.complete_finished(workspace.db):
            audit.record(workspace.db, workspace.actor, "campaign.completed", "campaign", campaign_id)
