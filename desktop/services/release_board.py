"""What the Releases page shows and does: every block of the campaigns that have been approved, with
its texts' progress and cost; Send now; permanently failed numbers; and the look-up reception
needs ("was this patient texted, with what, when, and was it delivered?").
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from desktop.core import nhs_number
from desktop.core.campaign import CampaignError, CampaignStatus
from desktop.core.clock import UK, from_store, to_store, utc_now
from desktop.core.phone import InvalidMobile, normalise_mobile
from desktop.core.template import Purpose
from desktop.services import campaigns, first_release_test
from desktop.services.cohorts import all_cohorts
from desktop.services.releases import queue_block
from desktop.services.send_due import mark_blocks_released, record_sent, sending_allowed
from desktop.services.sending import SendReport, TextGateway, send_release
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as campaign_store
from desktop.store.settings import load_settings

SHOWN_DAYS = 14  # blocks finished longer ago than this leave the page (the campaign keeps them)

# Each status in the words reception would use.
STATUS_WORDS = {
    "queued": "Waiting to send",
    "sending": "Sent, waiting for Notify's answer",
    "sent": "Sent, not yet delivered",
    "delivered": "Delivered",
    "permanent-failure": "Not delivered: the number is not in use",
    "temporary-failure": "Not delivered: the phone was off or out of signal",
    "technical-failure": "Not delivered: a technical problem at Notify",
    "refused": "Refused by Notify",
    "unknown": "Outcome unknown (not sent again)",
    "exported": "Exported for upload",
    "cancelled": "Not sent",
}
FAILED = ("permanent-failure", "temporary-failure", "technical-failure", "refused", "unknown")
GONE = ("sent", "delivered", "permanent-failure", "temporary-failure")  # left us and billed
EXPORTED = "Exported: confirm"


@dataclass(frozen=True)
class BlockView:
    batch_id: int
    campaign_id: int
    campaign: str
    campaign_status: CampaignStatus
    sequence: int
    planned_at: datetime
    size: int
    block_status: str  # planned, releasing, released, cancelled
    state: str  # in words: Planned, Due now, Overdue, Sending, Paused, Sent, Cancelled
    counts: dict[str, int] = field(default_factory=dict)  # texts by status
    estimated_cost: Decimal = Decimal(0)  # as approved, VAT included
    real_cost: Decimal | None = None  # pence with VAT: Notify's own figure, once it has given it for every text
    left_out: dict[str, int] = field(default_factory=dict)
    needs_test: bool = False  # the campaign's first release waits for its test message
    test_sent: bool = False  # a test went (or was written) and waits for someone to confirm it
    is_survey: bool = False

    @property
    def sent(self) -> int:
        return sum(self.counts.get(status, 0) for status in GONE)

    @property
    def delivered(self) -> int:
        return self.counts.get("delivered", 0)

    @property
    def failed(self) -> int:
        return sum(self.counts.get(status, 0) for status in FAILED)

    @property
    def waiting(self) -> int:
        return self.counts.get("queued", 0) + self.counts.get("sending", 0)

    @property
    def exported(self) -> int:
        """Texts exported for upload that staff have not yet confirmed as sent (or not)."""
        return self.counts.get("exported", 0)

    @property
    def can_export(self) -> bool:
        return (
            self.campaign_status is CampaignStatus.APPROVED and self.block_status == "planned" and not self.needs_test
        )

    @property
    def can_send_now(self) -> bool:
        return self.campaign_status is CampaignStatus.APPROVED and (
            (self.block_status == "planned" and not self.needs_test)
            or (self.block_status == "releasing" and self.waiting > 0)
        )


def board(workspace: Workspace, now: datetime | None = None) -> list[BlockView]:
    """Every block of the approved, paused, completed or cancelled campaigns that is still to go,
    or went in the last two weeks, soonest first."""
    moment = now or utc_now()
    settings = load_settings(workspace.db)
    shown = []
    for campaign in campaigns.all_campaigns(workspace):
        if campaign.status is CampaignStatus.DRAFT or campaign.approved_plan is None:
            continue
        blocks = [b for b in campaign_store.batches(workspace.db, campaign.id) if _shown(b, moment)]
        if blocks:
            shown.append((campaign, blocks))
    batch_ids = [block["id"] for _, blocks in shown for block in blocks]
    # Only the shown blocks' texts are read: a year of texts is many times more.
    counts, pounds = _texts_by_batch(workspace, batch_ids)
    with_vat = 1 + settings.tariff.vat_rate
    costs = {batch: cost * 100 * with_vat for batch, cost in pounds.items()}
    left_out = _left_out_by_batch(workspace, batch_ids)
    samples = {c.id for c in all_cohorts(workspace) if c.is_sample}
    views: list[BlockView] = []
    for campaign, blocks in shown:
        assert campaign.approved_plan is not None
        estimated = {b["number"]: Decimal(b["cost"]) for b in campaign.approved_plan["blocks"]}
        needs_test = first_release_test.test_needed(workspace, campaign)
        test_sent = needs_test and campaign.test_sent_at is not None
        for block in blocks:
            planned = block["planned_at"]
            texts = counts.get(block["id"], {})
            window_end = datetime.combine(planned.astimezone(UK).date(), settings.sending_end, UK)
            views.append(
                BlockView(
                    block["id"],
                    campaign.id,
                    _marked(campaign.name, campaign.cohort_id in samples),
                    campaign.status,
                    block["sequence"],
                    planned,
                    block["size"],
                    block["status"],
                    _state(campaign.status, block["status"], planned, window_end, moment, texts, needs_test),
                    texts,
                    estimated.get(block["sequence"], Decimal(0)),
                    costs.get(block["id"]),
                    left_out.get(block["id"], {}),
                    needs_test,
                    test_sent,
                    campaign.purpose is Purpose.SURVEY,
                )
            )
    return sorted(views, key=lambda view: (view.planned_at, view.campaign_id, view.sequence))


def _marked(name: str, is_sample: bool) -> str:
    """A campaign to made-up patients says so wherever its blocks are listed."""
    return f"{name} (sample patients)" if is_sample and "(sample" not in name else name


def _state(
    campaign: CampaignStatus,
    block: str,
    planned: datetime,
    window_end: datetime,
    now: datetime,
    texts: dict[str, int],
    needs_test: bool = False,
) -> str:
    waiting = texts.get("queued", 0) + texts.get("sending", 0)
    if block == "cancelled" or (campaign is CampaignStatus.CANCELLED and block == "planned"):
        return "Cancelled"
    if block == "released" or (block == "releasing" and not waiting):
        return EXPORTED if texts.get("exported") else "Sent"
    if campaign is CampaignStatus.PAUSED:
        return "Paused"
    if block == "releasing":
        return "Sending"
    if needs_test:
        return "Needs test message"
    if planned > now:
        return "Planned"
    return "Due now" if now < window_end else "Overdue"


def _shown(block: dict[str, Any], now: datetime) -> bool:
    """Blocks still to go, or that went (or were cancelled) in the last two weeks."""
    cutoff = now - timedelta(days=SHOWN_DAYS)
    if block["released_at"] and from_store(block["released_at"]) < cutoff:
        return False
    return not (block["status"] == "cancelled" and block["planned_at"] < cutoff)


def _ids(ids: list[int]) -> str:
    """Whole numbers for an SQL IN list (ints only: never text from outside)."""
    return ",".join(str(int(number)) for number in ids) or "NULL"


def _texts_by_batch(workspace: Workspace, batch_ids: list[int]) -> tuple[dict[int, dict[str, int]], dict[int, Decimal]]:
    """Each shown block's texts by status, and Notify's cost of them in pounds before VAT (for blocks
    where every text it billed has its cost): one pass over those blocks' texts."""
    rows = workspace.db.execute(
        # CROSS JOIN keeps the releases outside: otherwise SQLite may scan every text of the year.
        "SELECT r.batch_id, m.status, count(*), count(m.cost), total(m.cost) FROM releases r "
        f"CROSS JOIN messages m ON m.release_id = r.id WHERE r.batch_id IN ({_ids(batch_ids)}) "
        "GROUP BY r.batch_id, m.status"
    )
    counts: dict[int, dict[str, int]] = {}
    costs: dict[int, Decimal] = {}
    incomplete: set[int] = set()
    for batch, status, number, costed, pounds in rows:
        counts.setdefault(batch, {})[status] = number
        if status in GONE:
            if costed < number:
                incomplete.add(batch)
            # Costs are a few decimal places each: the float sum, rounded, is the exact one.
            costs[batch] = costs.get(batch, Decimal(0)) + Decimal(f"{pounds:.6f}")
    return counts, {batch: cost for batch, cost in costs.items() if batch not in incomplete}


def _left_out_by_batch(workspace: Workspace, batch_ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, Counter[str]] = {}
    query = f"SELECT batch_id, left_out FROM releases WHERE batch_id IN ({_ids(batch_ids)})"
    for batch, left_out in workspace.db.execute(query):
        found.setdefault(batch, Counter()).update(json.loads(left_out))
    return {batch: dict(counts) for batch, counts in found.items()}


def send_now(
    workspace: Workspace,
    campaign_id: int,
    sequence: int,
    gateway: TextGateway,
    template_id: str,
    now: Callable[[], datetime] = utc_now,
    progress: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """Send a block now, a person having confirmed it (from the Releases page or `campaign send-now`).

    A block whose time has not come, or whose day passed (overdue), goes when a person says so;
    the sending hours and bank holidays still hold. A block already queued carries on where it
    stopped.
    """
    if not sending_allowed(workspace, now()):
        raise CampaignError(
            "Texts are sent only within the practice's sending hours, and not on bank holidays. "
            "Send it then, or change the sending hours in Settings."
        )
    campaign = campaigns.get(workspace, campaign_id)
    campaign.require(CampaignStatus.APPROVED, doing="released")
    block = next((b for b in campaign_store.batches(workspace.db, campaign_id) if b["sequence"] == sequence), None)
    if block is None:
        raise CampaignError(f"The campaign has no block {sequence}.")
    if block["status"] not in ("planned", "releasing"):
        raise CampaignError(f"Block {sequence} has already been released.")
    if block["status"] == "planned":
        queue_block(workspace, campaign_id, sequence, now())
    releases = [
        row[0]
        for row in workspace.db.execute(
            "SELECT DISTINCT r.id FROM releases r JOIN messages m ON m.release_id = r.id WHERE r.batch_id = ? "
            "AND (m.status = 'queued' OR m.status = 'sending') ORDER BY r.id",
            [block["id"]],
        )
    ]
    total = SendReport()
    for release in releases:
        report = send_release(workspace.db, release, gateway, template_id, now=now, progress=progress)
        total.sent += report.sent
        total.refused += report.refused
        total.unsettled += report.unsettled
        total.repeats += report.repeats
        if report.stopped:
            total.stopped, total.needs_a_person = report.stopped, report.needs_a_person
            break
    mark_blocks_released(workspace, now())
    record_sent(workspace, campaign_id, sequence, "by Send now", total)
    return total


@dataclass(frozen=True)
class PatientText:
    campaign: str
    nhs_number: str
    name: str
    mobile: str
    body: str
    status: str  # in words
    when: datetime | None  # sent (or last changed)
    reason: str


def look_up(workspace: Workspace, query: str) -> list[PatientText]:
    """Every text to the patient with this NHS number, or to this mobile, newest first."""
    text = query.strip()
    if nhs_number.is_valid(text):
        # The patients with this NHS number, in any cohort, found through the search index.
        found = workspace.db.execute(
            "SELECT rowid FROM patient_search WHERE patient_search MATCH ?",
            [f'numbers:"{nhs_number.normalise(text)}"'],
        )
        where, value = f"m.patient_id IN ({_ids([row[0] for row in found])})", None
    else:
        try:
            where, value = "m.recipient = ?", normalise_mobile(text)
        except InvalidMobile:
            raise CampaignError("Type an NHS number (10 digits) or a UK mobile number.") from None
    rows = workspace.db.execute(
        "SELECT c.name, p.nhs_number, trim(ifnull(p.first_name, '') || ' ' || ifnull(p.surname, '')), m.recipient, "
        "m.body, m.status, coalesce(m.sent_at, m.status_at, r.created_at), m.failure_reason "
        "FROM messages m JOIN patients p ON p.id = m.patient_id JOIN campaigns c ON c.id = m.campaign_id "
        f"JOIN releases r ON r.id = m.release_id WHERE {where} ORDER BY m.id DESC",
        [] if value is None else [value],
    )
    return [
        PatientText(name, number or "", who, mobile, body, STATUS_WORDS.get(status, status), _when(at), reason or "")
        for name, number, who, mobile, body, status, at, reason in rows
    ]


def _when(value: str | None) -> datetime | None:
    return from_store(value) if value else None


@dataclass(frozen=True)
class FailedNumber:
    campaign: str
    nhs_number: str
    name: str
    mobile: str
    when: datetime | None


def failed_numbers(workspace: Workspace, days: int = 90) -> list[FailedNumber]:
    """Numbers Notify said are not in use, so the practice can correct its records."""
    since = utc_now() - timedelta(days=days)
    rows = workspace.db.execute(
        "SELECT c.name, p.nhs_number, trim(ifnull(p.first_name, '') || ' ' || ifnull(p.surname, '')), m.recipient, "
        "m.status_at FROM messages m JOIN patients p ON p.id = m.patient_id JOIN campaigns c ON c.id = m.campaign_id "
        "WHERE m.status = 'permanent-failure' AND m.status_at >= ? ORDER BY m.status_at DESC",
        [to_store(since)],
    )
    return [FailedNumber(c, n or "", who, mobile, _when(at)) for c, n, who, mobile, at in rows]


def failures_by_reason(counts: dict[str, int]) -> dict[str, int]:
    """A block's failed texts in words."""
    return {STATUS_WORDS[status]: counts[status] for status in FAILED if counts.get(status)}


# What the log says for each audited action about releases (ids and counts only, never patients).
_LOG_WORDS = {
    "campaign.approved": "approved by {approved_by}, prepared by {prepared_by} on the account {prepared_on_account}",
    "campaign.test_sent": "test message {how}",
    "campaign.test_confirmed": "test message checked by {by}",
    "campaign.paused": "paused",
    "campaign.resumed": "resumed",
    "campaign.cancelled": "cancelled",
    "release.queued": "block {block} queued: {messages} texts",
    "release.sent": "block {block} sent {how}: {sent} texts went, {refused} refused, {unknown} not yet known",
    "release.exported": "block {block} exported for upload: {messages} texts",
    "release.export_confirmed": "block {block} confirmed as sent from the exported file: {messages} texts",
    "release.export_not_sent": "block {block} not sent from the exported file: it waits to be released again",
}


def activity(workspace: Workspace, limit: int = 40) -> list[str]:
    """A log of what happened to releases, in plain English, newest first."""
    names = {c.id: c.name for c in campaigns.all_campaigns(workspace)}
    lines = []
    for entry in audit.recent(workspace.db, 400):
        words = _LOG_WORDS.get(entry.action)
        if words is None:
            continue
        try:
            said = words.format(**entry.detail)
        except KeyError:
            said = words
        left = entry.detail.get("left_out")
        if left:
            said += f", {left} left out"
        if entry.detail.get("stopped"):
            said += f". Stopped: {entry.detail['stopped']}"
        when = entry.at.astimezone(UK).strftime("%d/%m %H:%M")
        lines.append(f"{when}  {names.get(entry.subject_id or 0, 'A campaign')}: {said} ({entry.actor})")
        if len(lines) == limit:
            break
    return lines
