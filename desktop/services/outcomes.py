"""A campaign's outcome, measured: a follow-up list imported from the clinical system and matched to the
campaign's patients by NHS number, then uptake or missed appointments among those texted against the
baseline and against those held back, and missed appointments by how far ahead they were booked."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.campaign import Campaign, CampaignError
from desktop.core.follow_up import FollowUp, FollowUpColumns, FollowUpError, guess_columns, read_follow_up
from desktop.core.outcomes import (
    Comparison,
    Measure,
    Share,
    against_baseline,
    baseline_rate,
    dna_by_lead_time,
    measure_for,
    share_of,
)
from desktop.core.table import HEADER_SCAN_ROWS, data_rows, find_header_row
from desktop.gateways.spreadsheets import read_sheet
from desktop.services.campaigns import get
from desktop.services.pseudonyms import pseudonym, pseudonym_key
from desktop.services.spend import BILLED
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as campaign_store
from desktop.store import outcomes as store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FollowUpFile:
    """A follow-up list read, before its rows are: its headings and the columns guessed."""

    headers: list[str]
    rows: list[list[Any]]
    header_index: int
    guessed: FollowUpColumns | None


@dataclass(frozen=True)
class OutcomeImport:
    read: int  # rows read as follow-ups
    matched: int  # of them, patients of the campaign
    problems: list[tuple[int, str]]  # rows not read, and why


@dataclass(frozen=True)
class Groups:
    """The campaign's patients by what the campaign did to them, as the store keeps their NHS numbers."""

    texted: set[str]
    held_back: set[str]


@dataclass(frozen=True)
class CampaignOutcome:
    measure: Measure
    texted: Share
    objective: str
    baseline: str
    said: str  # against the baseline, in words
    comparison: Comparison | None = None  # against those held back
    by_lead_time: dict[str, Share] = field(default_factory=dict)  # missed appointments, for reminders
    imported: bool = True  # False: no follow-up list yet


def read_follow_up_file(path: Path) -> FollowUpFile:
    """The list's first sheet, its heading row (the first that names an NHS number column) and the columns."""
    rows = read_sheet(path)
    header = next(
        (i for i, row in enumerate(rows[:HEADER_SCAN_ROWS]) if guess_columns(row) is not None), find_header_row(rows)
    )
    headers = ["" if cell is None else str(cell) for cell in rows[header]]
    return FollowUpFile(headers, rows, header, guess_columns(headers))


def import_outcome(
    workspace: Workspace, campaign_id: int, file: FollowUpFile, columns: FollowUpColumns
) -> OutcomeImport:
    """Read the list and keep, for the campaign's patients only, what happened: all of it, or none."""
    campaign = get(workspace, campaign_id)
    read = read_follow_up(data_rows(file.rows, file.header_index), file.headers, columns)
    kept = _as_stored(workspace, campaign, read.rows)
    groups = campaign_groups(workspace, campaign)
    ours = [row for row in kept if row.nhs_number in groups.texted or row.nhs_number in groups.held_back]
    with workspace.db.atomic():
        store.replace_outcomes(workspace.db, campaign.id, ours)
        audit.record(
            workspace.db, workspace.actor, "campaign.outcome_imported", "campaign", campaign.id,
            rows=len(read.rows), matched=len(ours), problems=len(read.problems),
        )  # fmt: skip
    log.info("Outcome for campaign %d: %d rows, %d matched", campaign.id, len(read.rows), len(ours))
    return OutcomeImport(len(read.rows), len(ours), read.problems)


def _as_stored(workspace: Workspace, campaign: Campaign, rows: list[FollowUp]) -> list[FollowUp]:
    """The rows with NHS numbers as the campaign's patients are kept: as they are, or, once the cohort's
    personal data has gone, as their keyed hash."""
    purged = workspace.db.execute(
        "SELECT purged_at IS NOT NULL FROM cohorts WHERE id = ?", [campaign.cohort_id]
    ).fetchone()
    if not purged or not purged[0]:
        return rows
    key = pseudonym_key(workspace.path)
    return [FollowUp(pseudonym(key, r.nhs_number), r.result, r.day, r.booked, r.appointment) for r in rows]


def campaign_groups(workspace: Workspace, campaign: Campaign) -> Groups:
    """Patients the campaign texted (a text went out to them), and those it held back and never texted."""
    texted = {
        nhs
        for (nhs,) in workspace.db.execute(
            "SELECT DISTINCT p.nhs_number FROM messages m JOIN patients p ON p.id = m.patient_id "
            f"WHERE m.campaign_id = ? AND m.status IN ({', '.join('?' * len(BILLED))}) AND p.nhs_number IS NOT NULL",
            [campaign.id, *BILLED],
        )
    }
    return Groups(texted, campaign_store.held_back_nhs_numbers(workspace.db, campaign.id) - texted)


def campaign_outcome(workspace: Workspace, campaign_id: int) -> CampaignOutcome:
    """The outcome among those texted, against the baseline and those held back."""
    campaign = get(workspace, campaign_id)
    outcomes = store.outcomes_of(workspace.db, campaign.id)
    groups = campaign_groups(workspace, campaign)
    measure = measure_for(outcomes.values())
    texted = share_of(groups.texted, outcomes, measure)
    check = campaign.quick_check
    if not outcomes:
        return CampaignOutcome(
            measure, texted, check.objective, check.baseline,
            "No follow-up list has been imported yet: import one from the clinical system to measure the outcome.",
            imported=False,
        )  # fmt: skip
    said = against_baseline(texted, baseline_rate(check.baseline), measure)
    comparison = None
    if groups.held_back:
        comparison = Comparison(measure, texted, share_of(groups.held_back, outcomes, measure))
    lead_times = dna_by_lead_time(groups.texted, outcomes) if measure is Measure.DNA_RATE else {}
    return CampaignOutcome(measure, texted, check.objective, check.baseline, said, comparison, lead_times)


def require_follow_up_columns(file: FollowUpFile, columns: FollowUpColumns | None) -> FollowUpColumns:
    if columns is None:
        raise FollowUpError(
            "The list needs a column of NHS numbers. The headings are: " + ", ".join(h for h in file.headers if h) + "."
        )
    return columns


def check_campaign(workspace: Workspace, campaign_id: int) -> Campaign:
    campaign = get(workspace, campaign_id)
    if campaign.cohort_id is None:
        raise CampaignError("The campaign has no cohort, so no patients to match a follow-up list to.")
    return campaign
