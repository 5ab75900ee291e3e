"""Looking at and removing stored cohorts."""

from __future__ import annotations

from desktop.core.cohort import PatientStatus
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import cohorts as store
from desktop.store.cohorts import CohortInUse, CohortSummary, PatientOrder, PatientPage

__all__ = [
    "CohortInUse",
    "CohortSummary",
    "PatientOrder",
    "PatientPage",
    "all_cohorts",
    "cohort",
    "count_patients",
    "patients",
    "remove_cohort",
]


def all_cohorts(workspace: Workspace) -> list[CohortSummary]:
    return store.list_cohorts(workspace.db)


def cohort(workspace: Workspace, cohort_id: int) -> CohortSummary | None:
    return store.get_cohort(workspace.db, cohort_id)


def count_patients(workspace: Workspace, cohort_id: int, status: PatientStatus | None = None, search: str = "") -> int:
    return store.count_patients(workspace.db, cohort_id, status, search)


def patients(
    workspace: Workspace,
    cohort_id: int,
    status: PatientStatus | None = None,
    search: str = "",
    order: PatientOrder = PatientOrder.ROW,
    descending: bool = False,
    after: tuple[object, ...] | None = None,
    limit: int = 500,
) -> PatientPage:
    """A page of a cohort's patients, filtered and in order; pass the last page's `after` for the next."""
    return store.fetch_patients(workspace.db, cohort_id, status, search, order, descending, after, limit)


def remove_cohort(workspace: Workspace, cohort_id: int) -> None:
    """Delete a cohort and its patients (refused while a campaign uses it), and audit it."""
    with workspace.db.atomic():
        store.delete_cohort(workspace.db, cohort_id)
        audit.record(workspace.db, workspace.actor, "cohort.deleted", "cohort", cohort_id)
