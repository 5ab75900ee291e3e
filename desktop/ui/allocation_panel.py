"""Settings' messaging allocation: what the commissioner funds a registered patient each financial year
(an amount or a number of fragments), the list size, when the year starts, and the spend so far elsewhere."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from desktop.core.allocation import Allocation, AllocationError, AllocationKind
from desktop.core.practice import SettingsError
from desktop.ui.widgets import note

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
_NUMBER = QRegularExpression(r"^\d{0,9}(\.\d{0,2})?$")


class AllocationPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Allocation is")
        for kind in AllocationKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.currentIndexChanged.connect(self._show_unit)
        self.per_patient_edit = self._number("Allocation for each registered patient")
        self.list_size_spin = QSpinBox()
        self.list_size_spin.setAccessibleName("Registered patients")
        self.list_size_spin.setRange(0, 1_000_000)
        self.list_size_spin.setGroupSeparatorShown(True)
        self.start_day_spin = QSpinBox()
        self.start_day_spin.setAccessibleName("Financial year starts on day")
        self.start_day_spin.setRange(1, 31)
        self.start_month_combo = QComboBox()
        self.start_month_combo.setAccessibleName("Financial year starts in month")
        self.start_month_combo.addItems(MONTHS)
        self.spent_edit = self._number("Spent this year outside Practice Messaging")
        for widget in (self.kind_combo, self.per_patient_edit, self.list_size_spin, self.spent_edit):
            widget.setMaximumWidth(200)
        start = QHBoxLayout()
        start.addWidget(self.start_day_spin)
        start.addWidget(self.start_month_combo)
        start.addStretch(1)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Allocation is:", self.kind_combo)
        self.form.addRow("For each registered patient:", self.per_patient_edit)
        self.form.addRow("Registered patients:", self.list_size_spin)
        self.form.addRow("Financial year starts:", start)
        self.form.addRow("Spent this year elsewhere:", self.spent_edit)
        self.form.addRow(
            note(
                "What your commissioner (the ICB) funds for messaging, e.g. 30p or 10 fragments a patient a year. "
                "Every estimate shows the campaign against what is left this year, counting what Practice Messaging "
                "sent and has planned, and the spend elsewhere (texts sent another way). An amount is compared "
                "with costs including VAT. Blank: no allocation."
            )
        )

    def show_allocation(self, allocation: Allocation) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(allocation.kind.value))
        pence = allocation.kind is AllocationKind.PENCE
        self.per_patient_edit.setText(_shown(allocation.per_patient, pence))
        self.list_size_spin.setValue(allocation.list_size)
        self.start_month_combo.setCurrentIndex(allocation.year_start[0] - 1)
        self.start_day_spin.setValue(allocation.year_start[1])
        self.spent_edit.setText(_shown(allocation.spent_outside, pence))
        self._show_unit()

    def entered_allocation(self) -> Allocation:
        kind = AllocationKind(self.kind_combo.currentData())
        scale = 100 if kind is AllocationKind.PENCE else 1  # pounds typed, pence kept
        try:
            per_patient = Decimal(self.per_patient_edit.text().strip() or "0") * scale
            spent = Decimal(self.spent_edit.text().strip() or "0") * scale
            return Allocation(
                kind,
                per_patient,
                self.list_size_spin.value(),
                (self.start_month_combo.currentIndex() + 1, self.start_day_spin.value()),
                spent,
            )
        except InvalidOperation as error:
            raise SettingsError("Enter the allocation and the spend so far as numbers, e.g. 0.30.") from error
        except AllocationError as error:
            raise SettingsError(str(error)) from error

    def _show_unit(self) -> None:
        pence = self.kind_combo.currentData() == AllocationKind.PENCE.value
        self.per_patient_edit.setPlaceholderText("£ a patient, e.g. 0.30" if pence else "fragments, e.g. 10")
        self.spent_edit.setPlaceholderText("£, e.g. 120.00" if pence else "fragments, e.g. 4000")

    def _number(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setClearButtonEnabled(True)
        edit.setValidator(QRegularExpressionValidator(_NUMBER, edit))
        return edit


def _shown(value: Decimal, pence: bool) -> str:
    """Pence as pounds to the penny, fragments as they are; nothing for none."""
    if not value:
        return ""
    return f"{value / 100:.2f}" if pence else f"{value.normalize():f}"
