"""Recording a campaign in the patient record: the patients a text was delivered to, with the SNOMED CT
concept and term chosen in Settings for its purpose, as a file the clinical system's bulk coding takes
(EMIS Web and SystmOne both import a list of NHS numbers with the date and the code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.core.campaign import CampaignError
from desktop.core.clock import UK
from desktop.core.nhs_number import format_nhs_number
from desktop.gateways.table_files import DAY, Column, Sheet, file_stem, write_csv, write_workbook
from desktop.services.campaigns import get
from desktop.services.pseudonyms import is_pseudonym
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.settings import load_settings

HEADINGS = ("NHS Number", "Date", "SNOMED CT Concept ID", "Term", "Campaign")


@dataclass(frozen=True)
class CodingExport:
    files: list[Path]
    patients: int


def delivered_patients(workspace: Workspace, campaign_id: int) -> list[tuple[str, date]]:
    """(NHS number, the day it was delivered) of each patient a text of the campaign reached: delivered,
    or sent from an exported file the practice confirmed (no delivery receipt comes back from those)."""
    rows = workspace.db.execute(
        "SELECT p.nhs_number, min(CASE WHEN m.status = 'delivered' THEN coalesce(m.status_at, m.sent_at) "
        "ELSE m.sent_at END) FROM messages m JOIN patients p ON p.id = m.patient_id WHERE m.campaign_id = ? "
        "AND (m.status = 'delivered' OR (m.status = 'sent' AND m.provider_id IS NULL)) "
        "AND p.nhs_number IS NOT NULL GROUP BY p.nhs_number ORDER BY p.nhs_number",
        [campaign_id],
    )
    return [(nhs, datetime.fromisoformat(at).astimezone(UK).date()) for nhs, at in rows if at]


def export_coding(workspace: Workspace, campaign_id: int, folder: Path) -> CodingExport:
    """Write the campaign's delivered patients, coded, as .csv and .xlsx into `folder`."""
    campaign = get(workspace, campaign_id)
    coding = load_settings(workspace.db).coding_for(campaign.purpose)
    if not coding.is_set:
        raise CampaignError(
            f"Choose the SNOMED CT concept that records a {campaign.purpose.label.lower()} in the patient record "
            "first (Settings, Recording in the patient record)."
        )
    patients = delivered_patients(workspace, campaign.id)
    if any(is_pseudonym(nhs) for nhs, _ in patients):
        raise CampaignError("This campaign's personal data has been deleted: its patients can no longer be listed.")
    if not patients:
        raise CampaignError("No text of this campaign has been delivered yet: there is nothing to record.")
    if not folder.is_dir():
        raise CampaignError(f"The folder {folder} does not exist. Choose another.")
    rows = [(format_nhs_number(nhs), day, coding.concept, coding.term, campaign.name) for nhs, day in patients]
    stem = folder / f"{file_stem(campaign.name)}-record-in-clinical-system"
    written = [write_csv(stem.with_suffix(".csv"), HEADINGS, rows)]
    try:
        columns = [Column("NHS Number", 14), Column("Date", 12, DAY), Column("SNOMED CT Concept ID", 22),
                   Column("Term", 50), Column("Campaign", 30)]  # fmt: skip
        written.append(write_workbook(stem.with_suffix(".xlsx"), [Sheet("Record", columns, rows)]))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    audit.record(workspace.db, workspace.actor, "campaign.coding_exported", "campaign", campaign.id, patients=len(rows))
    return CodingExport(written, len(rows))
