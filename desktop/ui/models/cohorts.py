"""The stored cohorts as a Qt table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.core.clock import to_uk
from desktop.services.cohorts import CohortSummary
from desktop.ui.models.base import ColumnsModel, Index

_COLUMNS = ("Cohort", "Imported", "By", "Patients", "Ready to text", "Not accepted", "Declined SMS")


class CohortListModel(ColumnsModel):
    columns = _COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cohorts: list[CohortSummary] = []

    def set_cohorts(self, cohorts: list[CohortSummary]) -> None:
        self.beginResetModel()
        self._cohorts = cohorts
        self.endResetModel()

    def cohort(self, row: int) -> CohortSummary:
        return self._cohorts[row]

    def row_of(self, cohort_id: int) -> int | None:
        return next((row for row, c in enumerate(self._cohorts) if c.id == cohort_id), None)

    def row_count(self) -> int:
        return len(self._cohorts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._cohorts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            counts = c.counts
            values = (
                c.name,
                f"{to_uk(c.imported_at):%d/%m/%Y %H:%M}",
                c.imported_by,
                f"{counts.rows_read:,}",
                f"{counts.accepted:,}",
                f"{counts.rejected + counts.duplicates:,}",
                f"{counts.opted_out:,}",
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"{c.name}\nfrom {c.source_file or 'an unknown file'}"
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
