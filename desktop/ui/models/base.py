"""What the fixed-column table models share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class ColumnsModel(QAbstractTableModel):
    """A flat table with named columns; subclasses say how many rows and what each cell holds."""

    columns: tuple[str, ...] = ()
    column_tips: ClassVar[Mapping[int, str]] = {}  # a short heading's meaning in full, shown over the heading

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.column_tips.get(section)
        return None


class ItemsModel(ColumnsModel, Generic[T]):
    """A table of items, one a row: subclasses say each item's cells, and the column whose full
    text is its tooltip (a long message or reply cut short in its cell)."""

    tooltip_column: int | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []

    def set_items(self, items: list[T]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def item(self, row: int) -> T:
        return self._items[row]

    def row_count(self) -> int:
        return len(self._items)

    def cells(self, item: T) -> tuple[object, ...]:
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole or (
            role == Qt.ItemDataRole.ToolTipRole and index.column() == self.tooltip_column
        ):
            return self.cells(self._items[index.row()])[index.column()]
        return None
