"""Patients of one cohort as a Qt table model, fetched from the store a page at a time, in any order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.cohort import Patient, PatientStatus
from desktop.core.nhs_number import format_nhs_number
from desktop.core.phone import format_mobile
from desktop.services import cohorts
from desktop.services.cohorts import PatientOrder
from desktop.services.workspace import Workspace
from desktop.ui.models.base import ColumnsModel, Index

PAGE = 500
_COLUMNS = ("Row", "Status", "NHS number", "Name", "Date of birth", "Mobile", "Note")
_ORDERS = (
    PatientOrder.ROW,
    PatientOrder.STATUS,
    PatientOrder.NHS_NUMBER,
    PatientOrder.NAME,
    PatientOrder.DATE_OF_BIRTH,
    PatientOrder.MOBILE,
    PatientOrder.NOTE,
)
_STATUS_COLOURS = {
    PatientStatus.INVALID: "#d5281b",
    PatientStatus.DUPLICATE: "#8a2c00",
    PatientStatus.OPTED_OUT: "#4c6272",
}


class PatientsModel(ColumnsModel):
    columns = _COLUMNS

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._cohort_id: int | None = None
        self._status: PatientStatus | None = None
        self._search = ""
        self._order = PatientOrder.ROW
        self._descending = False
        self._rows: list[Patient] = []
        self._after: tuple[object, ...] | None = None
        self._total = 0
        self._busy = False  # announcing a reset or inserting a page: no fetching from inside that

    def show(self, cohort_id: int | None, status: PatientStatus | None = None, search: str = "") -> None:
        """Show a cohort's patients, filtered; the first page is fetched now, the rest as the view scrolls."""
        self._cohort_id, self._status, self._search = cohort_id, status, search.strip()
        self._reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Clicking a column's header: the database orders the rows (it never loads them all to sort)."""
        wanted = (_ORDERS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted == (self._order, self._descending):
            return
        self._order, self._descending = wanted
        self._reload(recount=False)

    @property
    def total(self) -> int:
        """How many patients match, including those not fetched yet."""
        return self._total

    def patient(self, row: int) -> Patient:
        return self._rows[row]

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        patient = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(patient, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and patient.status in _STATUS_COLOURS:
            return QBrush(QColor(_STATUS_COLOURS[patient.status]))
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return patient.problem
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def canFetchMore(self, parent: Index) -> bool:
        # Not while a change is being announced: a page inserted from a handler of that change
        # would be a change nested in a change, out of order (views fetch after laying out).
        return not parent.isValid() and len(self._rows) < self._total and not self._busy

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):  # callers may ask without checking first
            return
        page = self._page()
        if page:
            start = len(self._rows)
            self._busy = True
            try:
                self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()
            finally:
                self._busy = False

    def _reload(self, recount: bool = True) -> None:
        """The count, and the first page; a new order keeps the count it has (the same patients)."""
        self.beginResetModel()
        if recount:
            cohort_id = self._cohort_id
            counted = cohorts.count_patients(self._workspace, cohort_id, self._status, self._search) if cohort_id else 0
            self._total = counted
        self._rows, self._after = [], None
        self._rows = self._page()
        self._busy = True
        try:
            self.endResetModel()
        finally:
            self._busy = False

    def _page(self) -> list[Patient]:
        if self._cohort_id is None or len(self._rows) >= self._total:
            return []
        page = cohorts.patients(
            self._workspace,
            self._cohort_id,
            self._status,
            self._search,
            self._order,
            self._descending,
            self._after,
            PAGE,
        )
        self._after = page.after
        return page.patients


def _display(patient: Patient, column: int) -> str:
    if column == 0:
        return str(patient.source_row)
    if column == 1:
        return patient.status.label + (" · shared mobile" if patient.shares_mobile else "")
    if column == 2:
        return format_nhs_number(patient.nhs_number) if patient.nhs_number else ""
    if column == 3:
        return " ".join(part for part in (patient.title, patient.first_name, patient.surname) if part)
    if column == 4:
        return f"{patient.date_of_birth:%d/%m/%Y}" if patient.date_of_birth else ""
    if column == 5:
        return format_mobile(patient.mobile) if patient.mobile else ""
    return patient.problem or ""
