"""Rows of cells as they are in a file, for previews and the problems table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.cohort import cell_text

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: Sequence[Sequence[Any]] = []
        self._row_labels: list[str] | None = None
        self._highlight: int | None = None

    def set_rows(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        row_labels: list[str] | None = None,
        highlight: int | None = None,
    ) -> None:
        """Show rows; `row_labels` number them (sheet row numbers), `highlight` marks one (the header)."""
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = rows
        self._row_labels = row_labels
        self._highlight = highlight
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else ""
        return self._row_labels[section] if self._row_labels else section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row[index.column()]) if index.column() < len(row) else ""
        if index.row() == self._highlight:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#fff2cc"))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None
