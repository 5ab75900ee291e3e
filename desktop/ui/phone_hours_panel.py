"""Settings' phone hours: a small grid of the extra calls an hour reception can take, by weekday and hour
(blank: the phones are closed), and the days or part days they are shut."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QPlainTextEdit, QTableView, QVBoxLayout, QWidget

from desktop.core.phone_hours import PhoneHours, PhoneHoursError, ResponseCurve
from desktop.core.phone_hours_text import format_closures, parse_closures
from desktop.core.practice import SettingsError
from desktop.core.schedule import DAY_NAMES
from desktop.ui.widgets import note

FIRST_HOUR, LAST_HOUR = 7, 20  # the grid's columns, widened to any hour a practice has set outside them
Index = QModelIndex | QPersistentModelIndex


class CapacityModel(QAbstractTableModel):
    """Rows are weekdays, columns hours; a cell holds the extra calls that hour, or nothing when closed."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[int, int], int] = {}
        self.hours = list(range(FIRST_HOUR, LAST_HOUR + 1))

    def show_capacity(self, capacity: dict[int, dict[int, int]]) -> None:
        self.beginResetModel()
        self.cells = {(day, hour): calls for day, hours in capacity.items() for hour, calls in hours.items()}
        set_hours = [hour for _, hour in self.cells]
        self.hours = list(range(min([FIRST_HOUR, *set_hours]), max([LAST_HOUR, *set_hours]) + 1))
        self.endResetModel()

    def capacity(self) -> dict[int, dict[int, int]]:
        found: dict[int, dict[int, int]] = {}
        for (day, hour), calls in sorted(self.cells.items()):
            found.setdefault(day, {})[hour] = calls
        return found

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else 7

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hours)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        calls = self.cells.get((index.row(), self.hours[index.column()]))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if calls is None else str(calls)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.AccessibleTextRole:
            hour = self.hours[index.column()]
            state = "closed" if calls is None else f"{calls} extra calls"
            return f"{DAY_NAMES[index.row()]} {hour:02d}:00, {state}"
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        text = str(value).strip()
        key = (index.row(), self.hours[index.column()])
        if not text:
            self.cells.pop(key, None)
        elif text.isdigit() and int(text) <= 1000:
            self.cells[key] = int(text)
        else:
            return False  # the cell keeps what it had
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return f"{self.hours[section]:02d}" if orientation == Qt.Orientation.Horizontal else DAY_NAMES[section]


class PhoneHoursPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model = CapacityModel()
        self.grid = QTableView()
        self.grid.setAccessibleName("Extra calls an hour reception can take")
        self.grid.setModel(self.model)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setDefaultSectionSize(24)
        self.grid.setFixedHeight(24 * 7 + 30)
        self.closures_edit = QPlainTextEdit()
        self.closures_edit.setAccessibleName("Days the phones are closed")
        self.closures_edit.setPlaceholderText("One a line: 24/12/2026 (the whole day) or 10/03/2027 13-18 (hours)")
        self.closures_edit.setFixedHeight(70)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            note(
                "How many extra calls each hour reception can take on top of the usual, by weekday and hour "
                "(blank: the phones are closed). Hourly plans keep the calls a release is expected to bring "
                f"within these. Calls are expected to arrive {ResponseCurve().describe()}, in the hours the "
                "phones are open, until a campaign's recorded calls show otherwise."
            )
        )
        layout.addWidget(self.grid)
        layout.addWidget(QLabel("Closed (training afternoons, Christmas Eve):"))
        layout.addWidget(self.closures_edit)

    def show_hours(self, hours: PhoneHours) -> None:
        self.model.show_capacity({day: dict(h) for day, h in hours.capacity.items()})
        self.closures_edit.setPlainText("\n".join(format_closures(hours)))

    def entered_hours(self) -> PhoneHours:
        """The grid and closures as phone hours; raises SettingsError for a closure that cannot be read."""
        try:
            closed_days, closed_hours = parse_closures(self.closures_edit.toPlainText().splitlines())
            return PhoneHours(self.model.capacity(), closed_days, closed_hours)
        except PhoneHoursError as error:
            raise SettingsError(f"Phone hours: {error}") from error
