"""Settings' patient record and data protection: the SNOMED CT concept and term each purpose's texts are
recorded with, and how long a campaign's personal data is kept after it ends."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from desktop.core.records import MAX_RETENTION_DAYS, Coding
from desktop.core.template import Purpose
from desktop.ui.widgets import note


class RecordsPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.retention_spin = QSpinBox()
        self.retention_spin.setAccessibleName("Days personal data is kept after a campaign ends")
        self.retention_spin.setRange(1, MAX_RETENTION_DAYS)
        self.retention_spin.setSuffix(" days")
        self.retention_spin.setMaximumWidth(160)
        self.retention_spin.setToolTip(
            "Then the campaign's patients' names, dates of birth, mobiles and texts are deleted; its counts, costs "
            "and outcomes are kept, and a later follow-up list still matches."
        )
        self.concepts: dict[Purpose, QLineEdit] = {}
        self.terms: dict[Purpose, QLineEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Keep personal data for:", self.retention_spin)
        form.addRow(
            note(
                "After a campaign ends, for this long; then it is deleted, from the database and the export "
                "folder. A practice manager can delete a campaign's data at once, from Outcomes."
            )
        )
        digits = QRegularExpression(r"^\d{0,18}$")
        for purpose in Purpose:
            concept, term = QLineEdit(), QLineEdit()
            concept.setAccessibleName(f"SNOMED CT concept for {purpose.label}")
            concept.setPlaceholderText("Concept ID")
            concept.setValidator(QRegularExpressionValidator(digits, concept))
            concept.setMaximumWidth(170)
            term.setAccessibleName(f"Term for {purpose.label}")
            term.setPlaceholderText("Its term, as the clinical system shows it")
            row = QHBoxLayout()
            row.addWidget(concept)
            row.addWidget(term, 1)
            form.addRow(f"{purpose.label}:", row)
            self.concepts[purpose], self.terms[purpose] = concept, term
        form.addRow(
            note(
                "The code each kind of text is recorded with in the patient record: Outcomes writes the patients "
                "a text reached, with it, for the clinical system's bulk coding. Your clinical system or ICB "
                "coding lead can say which concept to use."
            )
        )

    def show_records(self, retention_days: int, coding: dict[Purpose, Coding]) -> None:
        self.retention_spin.setValue(retention_days)
        for purpose in Purpose:
            chosen = coding.get(purpose, Coding())
            self.concepts[purpose].setText(chosen.concept)
            self.terms[purpose].setText(chosen.term)

    def entered_retention(self) -> int:
        return self.retention_spin.value()

    def entered_coding(self) -> dict[Purpose, Coding]:
        return {purpose: Coding(self.concepts[purpose].text(), self.terms[purpose].text()) for purpose in Purpose}
