"""Who is left out of a campaign's texts, and why: the do-not-text list, a refreshed search, and
patients sent a message of the same purpose by another campaign in the last week.

Applied when a campaign is costed and again as each release is queued, so a patient added to the
list (or gone from a refreshed search) since approval is not texted; the release keeps the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from desktop.core import nhs_number
from desktop.core.campaign import Campaign
from desktop.core.clock import to_store, utc_now
from desktop.core.columns import Field, guess_mapping
from desktop.core.exclusions import REASONS, reason_label
from desktop.core.phone import InvalidMobile, normalise_mobile
from desktop.core.table import data_rows, find_header_row
from desktop.core.template import Purpose
from desktop.gateways.spreadsheets import read_sheet
from desktop.services.workspace import Workspace
from desktop.store import audit, do_not_text
from desktop.store.cohorts import NHS_NUMBER

SAME_PURPOSE_DAYS = 7
NOT_IN_SEARCH = "No longer in the refreshed search"
DECLINED_IN_SEARCH = "Declined texts (refreshed search)"
RECENTLY_SENT = "Sent a message of the same purpose in the last 7 days"
HELD_BACK = "Held back for comparison"


class ExclusionError(ValueError):
    """A value or file that cannot be added to the do-not-text list; the message says why."""


def classify(value: str) -> tuple[str, str]:
    """(kind, stored value) of an NHS number or a UK mobile typed by staff."""
    text = value.strip()
    if nhs_number.is_valid(text):
        return do_not_text.NHS_NUMBER, nhs_number.normalise(text)
    try:
        return do_not_text.MOBILE, normalise_mobile(text)
    except InvalidMobile:
        raise ExclusionError(
            "That is neither a valid NHS number (10 digits) nor a UK mobile number. Check it and try again."
        ) from None


def add(workspace: Workspace, value: str, reason: str) -> bool:
    """Put one NHS number or mobile on the list; False if it was there already."""
    if reason not in REASONS:
        raise ExclusionError(f"Choose a reason: {', '.join(REASONS)}.")
    kind, stored = classify(value)
    with workspace.db.atomic():
        added = do_not_text.add(workspace.db, [(kind, stored, reason)], workspace.actor, utc_now())
        audit.record(workspace.db, workspace.actor, "do_not_text.added", kind=kind, added=added)
    return added == 1


def remove(workspace: Workspace, value: str) -> bool:
    kind, stored = classify(value)
    with workspace.db.atomic():
        removed = do_not_text.remove(workspace.db, kind, stored)
        audit.record(workspace.db, workspace.actor, "do_not_text.removed", kind=kind, removed=removed)
    return removed


@dataclass(frozen=True)
class ListImport:
    added: int
    already: int
    not_understood: list[int]  # the file's row numbers whose values are neither


def import_list(workspace: Workspace, path: Path, reason: str) -> ListImport:
    """Add the NHS numbers and mobiles of a spreadsheet or CSV (columns found by their headings), all at once."""
    if reason not in REASONS:
        raise ExclusionError(f"Choose a reason: {', '.join(REASONS)}.")
    rows = read_sheet(path)
    header = find_header_row(rows) if rows else 0
    mapping = guess_mapping(rows[header] if rows else [])
    columns = {
        kind: mapping.column(f)
        for kind, f in ((do_not_text.NHS_NUMBER, Field.NHS_NUMBER), (do_not_text.MOBILE, Field.MOBILE))
    }
    if all(column is None for column in columns.values()):
        raise ExclusionError(
            "No column headed 'NHS number' or 'Mobile' was found. Give the column a heading and try again."
        )
    entries: list[tuple[str, str, str]] = []
    not_understood: list[int] = []
    for number, row in data_rows(rows, header):
        found = _values(row, columns)
        if found is None:
            not_understood.append(number)
        else:
            entries += [(kind, value, reason) for kind, value in found]
    with workspace.db.atomic():
        added = do_not_text.add(workspace.db, entries, workspace.actor, utc_now())
        audit.record(workspace.db, workspace.actor, "do_not_text.imported", added=added, rejected=len(not_understood))
    return ListImport(added, len(entries) - added, not_understood)


def _values(row: Sequence[object], columns: dict[str, int | None]) -> list[tuple[str, str]] | None:
    """The row's NHS number and mobile, each if present; None if one is present but not valid, or neither is."""
    found: list[tuple[str, str]] = []
    for kind, column in columns.items():
        cell = row[column] if column is not None and column < len(row) else None
        if cell is None or not str(cell).strip():
            continue
        try:
            found.append(
                (kind, nhs_number.normalise(cell) if kind == do_not_text.NHS_NUMBER else normalise_mobile(cell))
            )
        except ValueError:
            return None
    return found or None


@dataclass
class Chosen:
    rows: list[dict[str, str]]
    left_out: dict[str, int] = field(default_factory=dict)  # reason in words -> patients


def apply(workspace: Workspace, campaign: Campaign, rows: list[dict[str, str]], now: datetime | None = None) -> Chosen:
    """Leave out of `rows` (message values with NHS_NUMBER, "mobile", PATIENT_ID) whoever must not be texted."""
    by_nhs, by_mobile = do_not_text.reasons_by_value(workspace.db)
    refreshed = _refreshed_search(workspace, campaign)
    recent = {} if campaign.options.keep_recent_same_purpose else recent_same_purpose(workspace, campaign, now)
    left_out: Counter[str] = Counter()
    kept = []
    for row in rows:
        nhs, mobile = row.get(NHS_NUMBER, ""), row["mobile"]
        reason = by_nhs.get(nhs) or by_mobile.get(mobile)
        if reason is not None:
            left_out[reason_label(reason)] += 1
        elif refreshed is not None and refreshed.get(nhs) != "valid":
            left_out[DECLINED_IN_SEARCH if refreshed.get(nhs) == "opted_out" else NOT_IN_SEARCH] += 1
        elif nhs in recent or mobile in recent:
            left_out[RECENTLY_SENT] += 1
        else:
            kept.append(row)
    return Chosen(kept, dict(left_out))


def _refreshed_search(workspace: Workspace, campaign: Campaign) -> dict[str, str] | None:
    """{NHS number: status} in the cohort the practice re-imported for this campaign, if it did."""
    cohort_id = campaign.options.refreshed_cohort_id
    if cohort_id is None:
        return None
    rows = workspace.db.execute(
        "SELECT nhs_number, status FROM patients WHERE cohort_id = ? AND nhs_number IS NOT NULL", [cohort_id]
    )
    found: dict[str, str] = {}
    for number, status in rows:
        if found.get(number) != "opted_out":  # a refusal on any row wins
            found[number] = status
    return found


def recent_same_purpose(workspace: Workspace, campaign: Campaign, now: datetime | None = None) -> dict[str, str]:
    """{NHS number or mobile: campaign name} sent a message of this campaign's purpose by another
    campaign in the last 7 days (shown at approval; left out unless the approver keeps them in). Not for
    appointment reminders: each appointment has its own."""
    if campaign.purpose is Purpose.APPOINTMENT_REMINDER:
        return {}
    since = (now or utc_now()) - timedelta(days=SAME_PURPOSE_DAYS)
    rows = workspace.db.execute(
        "SELECT p.nhs_number, m.recipient, c.name FROM messages m JOIN campaigns c ON c.id = m.campaign_id "
        "JOIN patients p ON p.id = m.patient_id WHERE c.purpose = ? AND c.id != ? AND m.sent_at >= ? "
        "AND m.status IN ('sent', 'delivered', 'permanent-failure', 'temporary-failure')",
        [campaign.purpose.value, campaign.id, to_store(since)],
    )
    found: dict[str, str] = {}
    for number, mobile, name in rows:
        if number:
            found[number] = name
        found[mobile] = name
    return found


def recently_sent_by_campaign(
    workspace: Workspace, campaign: Campaign, rows: list[dict[str, str]], now: datetime | None = None
) -> dict[str, int]:
    """How many of `rows` another campaign of the same purpose texted in the last week, by that campaign."""
    recent = recent_same_purpose(workspace, campaign, now)
    counts: Counter[str] = Counter()
    for row in rows:
        name = recent.get(row.get(NHS_NUMBER, "")) or recent.get(row["mobile"])
        if name is not None:
            counts[name] += 1
    return dict(counts)
