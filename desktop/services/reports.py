"""Was the messaging worth it, and what did it cost: a campaign's outcome report, and the practice's view
of every campaign month by month. Plain figures, for the Outcomes page, the exports and the commands."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from desktop.core.campaign import Campaign, CampaignStatus
from desktop.core.clock import UK, to_store
from desktop.core.template import Purpose
from desktop.services import campaigns
from desktop.services.outcomes import CampaignOutcome, campaign_outcome
from desktop.services.release_board import FAILED, STATUS_WORDS
from desktop.services.replies import SurveyResults, survey_results
from desktop.services.spend import BILLED, spend_by_day
from desktop.services.workspace import Workspace
from desktop.store import campaigns as campaign_store
from desktop.store.settings import load_settings


@dataclass(frozen=True)
class BlockCalls:
    block: int
    released_at: datetime | None
    texts: int
    expected_calls: Decimal
    recorded_calls: int | None  # None: not recorded


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    texts: int  # queued or more
    delivered: int
    failed: dict[str, int]  # reason in words -> texts
    waiting: int  # sent, not yet known delivered
    not_sent: int  # cancelled
    estimate_pence: Decimal  # approved, with VAT
    cost_pence: Decimal  # of the texts that went: Notify's cost where known, with VAT
    fragments: int
    blocks: list[BlockCalls]
    survey: SurveyResults | None
    outcome: CampaignOutcome

    @property
    def cost_per_delivered(self) -> Decimal | None:
        return (self.cost_pence / self.delivered).quantize(Decimal("0.01")) if self.delivered else None

    @property
    def concerns(self) -> list[str]:
        return self.campaign.quick_check.concerns()


def campaign_report(workspace: Workspace, campaign_id: int) -> CampaignReport:
    campaign = campaigns.get(workspace, campaign_id)
    counts: Counter[str] = Counter(
        dict(
            workspace.db.execute(
                "SELECT status, count(*) FROM messages WHERE campaign_id = ? GROUP BY status", [campaign.id]
            ).fetchall()
        )
    )
    settings = load_settings(workspace.db)
    days = spend_by_day(workspace, settings, campaign_id=campaign.id).values()
    estimate = campaign.approved_estimate or {}
    return CampaignReport(
        campaign,
        texts=sum(counts.values()),
        delivered=counts["delivered"],
        failed={STATUS_WORDS[status]: counts[status] for status in FAILED if counts[status]},
        waiting=counts["sent"] + counts["sending"] + counts["queued"] + counts["exported"],
        not_sent=counts["cancelled"],
        estimate_pence=Decimal(estimate.get("cost_after_vat", "0")),
        cost_pence=sum((day.pence for day in days), Decimal(0)).quantize(Decimal("0.01")),
        fragments=sum(day.fragments for day in days),
        blocks=_block_calls(workspace, campaign),
        survey=survey_results(workspace, campaign.id) if campaign.purpose is Purpose.SURVEY else None,
        outcome=campaign_outcome(workspace, campaign.id),
    )


def _block_calls(workspace: Workspace, campaign: Campaign) -> list[BlockCalls]:
    """Each released block's texts, the calls its plan expected and the calls recorded."""
    rate = campaign.plan_inputs.response_rate if campaign.plan_inputs else Decimal(0)
    went = {sequence: (at, texts) for sequence, at, texts in campaign_store.went_out(workspace.db, campaign.id)}
    found = []
    for batch in campaign_store.batches(workspace.db, campaign.id):
        if batch["sequence"] not in went:
            continue
        at, texts = went[batch["sequence"]]
        found.append(BlockCalls(batch["sequence"], at, texts, texts * rate, batch["observed_responses"]))
    return found


@dataclass(frozen=True)
class Month:
    start: date  # its first day
    texts: int
    fragments: int
    pence: Decimal

    @property
    def label(self) -> str:
        return f"{self.start:%b %Y}"


@dataclass(frozen=True)
class PracticeReport:
    months: list[Month]
    monthly_budget: Decimal  # pence; 0: none set
    allocation_a_month: Decimal | None  # pence or fragments, a twelfth of the year's; None: none set
    allocation_in_fragments: bool
    by_purpose: dict[str, int]  # texts sent, by purpose in words
    delivered: int
    concerns: list[tuple[str, list[str]]] = field(default_factory=list)  # campaign, its quick check's "no"s

    @property
    def pence(self) -> Decimal:
        return sum((m.pence for m in self.months), Decimal(0))

    @property
    def fragments(self) -> int:
        return sum(m.fragments for m in self.months)

    @property
    def cost_per_delivered(self) -> Decimal | None:
        return (self.pence / self.delivered).quantize(Decimal("0.01")) if self.delivered else None


def practice_report(workspace: Workspace, start: date, end: date) -> PracticeReport:
    """Every campaign's texts from `start` until `end` (UK days), month by month."""
    settings = load_settings(workspace.db)
    by_month: dict[date, list[int | Decimal]] = defaultdict(lambda: [0, 0, Decimal(0)])
    for day, spent in spend_by_day(workspace, settings, start, end).items():
        month = by_month[day.replace(day=1)]
        month[0] += spent.texts
        month[1] += spent.fragments
        month[2] += spent.pence
    months = []
    first = start.replace(day=1)
    while first < end:
        texts, fragments, pence = by_month.get(first, [0, 0, Decimal(0)])
        months.append(Month(first, int(texts), int(fragments), Decimal(pence).quantize(Decimal("0.01"))))
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    allocation = settings.allocation
    purposes = {c.id: c.purpose.label for c in campaigns.all_campaigns(workspace)}
    by_purpose: Counter[str] = Counter()
    for campaign_id, texts in workspace.db.execute(
        f"SELECT campaign_id, count(*) FROM messages WHERE status IN ({', '.join('?' * len(BILLED))}) "
        "AND coalesce(sent_at, status_at) >= ? AND coalesce(sent_at, status_at) < ? GROUP BY campaign_id",
        [*BILLED, _store_day(start), _store_day(end)],
    ):
        by_purpose[purposes.get(campaign_id, "Other")] += texts
    delivered = workspace.db.execute(
        "SELECT count(*) FROM messages WHERE status = 'delivered' AND sent_at >= ? AND sent_at < ?",
        [_store_day(start), _store_day(end)],
    ).fetchone()[0]
    concerns = [
        (c.name, c.quick_check.concerns())
        for c in campaigns.all_campaigns(workspace)
        if c.status is not CampaignStatus.DRAFT and c.quick_check.concerns()
    ]
    return PracticeReport(
        months,
        settings.monthly_budget,
        (allocation.total / 12).quantize(Decimal("0.01")) if allocation.is_set else None,
        allocation.kind.value == "fragments",
        dict(by_purpose),
        int(delivered),
        concerns,
    )


def _store_day(day: date) -> str:
    return to_store(datetime.combine(day, time(0), UK))
