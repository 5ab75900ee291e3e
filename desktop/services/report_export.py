"""The campaign report and the practice view as workbook sheets (real numbers and dates), for a practice
meeting or the commissioner; the PDF is drawn from the same figures by the window's report writer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from desktop.core.clock import UK
from desktop.gateways.table_files import MOMENT, PERCENT, POUNDS, WHOLE, Cell, Column, Sheet, write_workbook
from desktop.services.reports import CampaignReport, PracticeReport


@dataclass(frozen=True)
class Line:
    """One figure of a report: what it is, its value, and how a spreadsheet shows it."""

    label: str
    value: object
    number_format: str | None = None


def pounds(pence: Decimal) -> Decimal:
    return (pence / 100).quantize(Decimal("0.01"))


def campaign_lines(report: CampaignReport) -> list[Line]:
    """The report's headline figures, in order."""
    c = report.campaign
    lines = [
        Line("Campaign", c.name),
        Line("Purpose", c.purpose.label),
        Line("Status", c.status.label),
        Line("Approved by", c.approved_by or "—"),
        Line("Texts", report.texts, WHOLE),
        Line("Delivered", report.delivered, WHOLE),
        Line("Still to be confirmed delivered", report.waiting, WHOLE),
        *[Line(reason, count, WHOLE) for reason, count in report.failed.items()],
        Line("Not sent (cancelled or left out)", report.not_sent, WHOLE),
        Line("Fragments billed", report.fragments, WHOLE),
        Line("Cost estimated at approval", pounds(report.estimate_pence), POUNDS),
        Line("Cost so far", pounds(report.cost_pence), POUNDS),
    ]
    if report.cost_per_delivered is not None:
        lines.append(Line("Cost per delivered text", pounds(report.cost_per_delivered), POUNDS))
    if report.survey is not None and report.survey.total:
        s = report.survey
        for label, count in (("YES", s.yes), ("NO", s.no), ("Other replies", s.other)):
            lines.append(Line(f"Survey: {label}", count, WHOLE))
            lines.append(Line(f"Survey: {label} (share)", count / s.total, PERCENT))
    o = report.outcome
    lines += [Line("Objective", o.objective or "—"), Line("Baseline", o.baseline or "—"), Line("Outcome", o.said)]
    if o.imported:
        lines.append(Line(f"{o.measure.label.capitalize()} among those texted", o.texted.rate, PERCENT))
    if o.comparison is not None:
        lines.append(
            Line(f"{o.measure.label.capitalize()} among those held back", o.comparison.held_back.rate, PERCENT)
        )
        said = o.comparison.describe()
        lines.append(Line("Texted against held back", said[:1].upper() + said[1:]))
    for bucket, share in o.by_lead_time.items():
        if share.total:
            lines.append(Line(f"Missed appointments booked {bucket} ahead", share.rate, PERCENT))
    lines += [Line("Quick check: consider changes", concern) for concern in report.concerns]
    return lines


def campaign_sheets(report: CampaignReport) -> list[Sheet]:
    lines = campaign_lines(report)
    summary = Sheet(
        "Campaign",
        [Column("Figure", 44), Column("Value", 60)],
        [(line.label, Cell(line.value, line.number_format)) for line in lines],
        heading=f"{report.campaign.name}: outcome report, {datetime.now(UK):%d/%m/%Y}",
    )
    blocks = Sheet(
        "Calls by block",
        [
            Column("Block", 8, WHOLE),
            Column("Went out", 18, MOMENT),
            Column("Texts", 10, WHOLE),
            Column("Calls expected", 16, "0.0"),
            Column("Calls recorded", 16, WHOLE),
        ],
        [
            (
                b.block,
                b.released_at.astimezone(UK) if b.released_at else None,
                b.texts,
                b.expected_calls,
                b.recorded_calls,
            )
            for b in report.blocks
        ],
    )
    return [summary, blocks]


def practice_sheets(report: PracticeReport, heading: str) -> list[Sheet]:
    unit = "fragments" if report.allocation_in_fragments else "£"
    months = Sheet(
        "By month",
        [
            Column("Month", 12),
            Column("Texts", 10, WHOLE),
            Column("Fragments", 12, WHOLE),
            Column("Spend", 12, POUNDS),
            Column("Monthly budget", 16, POUNDS),
            Column(f"Allocation a month ({unit})", 22, WHOLE if report.allocation_in_fragments else POUNDS),
        ],
        [
            (
                m.label,
                m.texts,
                m.fragments,
                pounds(m.pence),
                pounds(report.monthly_budget) if report.monthly_budget else None,
                _allocation(report),
            )
            for m in report.months
        ],
        heading=heading,
    )
    totals = [
        ("Texts", sum(m.texts for m in report.months)),
        ("Fragments", report.fragments),
        ("Spend", pounds(report.pence)),
        ("Delivered", report.delivered),
        ("Cost per delivered text", pounds(report.cost_per_delivered) if report.cost_per_delivered else None),
        *[(f"Texts: {purpose}", count) for purpose, count in report.by_purpose.items()],
    ]
    summary = Sheet("Totals", [Column("Figure", 36), Column("Value", 16, "#,##0.##")], totals)
    concerns = Sheet(
        "Quick check",
        [Column("Campaign", 30), Column("Consider changes", 100)],
        [(name, concern) for name, found in report.concerns for concern in found],
    )
    return [months, summary, concerns]


def _allocation(report: PracticeReport) -> Decimal | None:
    if report.allocation_a_month is None:
        return None
    return report.allocation_a_month if report.allocation_in_fragments else pounds(report.allocation_a_month)


def write_campaign_workbook(report: CampaignReport, path: Path) -> Path:
    return write_workbook(path, campaign_sheets(report))


def write_practice_workbook(report: PracticeReport, heading: str, path: Path) -> Path:
    return write_workbook(path, practice_sheets(report, heading))
