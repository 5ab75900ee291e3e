"""The consent part of matching the columns: what was understood, and the choices a person makes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.columns import Field
from desktop.core.consent import BlankConsent, ConsentMeaning
from desktop.services.cohort_import import SourceTable


class ConsentPanel(QWidget):
    """Says which column is read for SMS consent and what "yes" means there, or warns that none is."""

    changed = Signal()  # the table's mapping or blank handling was changed here

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: SourceTable | None = None
        self._candidate: int | None = None
        self.understood = QLabel()
        self.understood.setWordWrap(True)
        self.understood.setAccessibleName("SMS consent as understood")
        self.means_combo = QComboBox()
        self.means_combo.setAccessibleName("What yes means in the consent column")
        for means in ConsentMeaning:
            self.means_combo.addItem(means.label, means.value)
        self.means_combo.currentIndexChanged.connect(self._means_chosen)
        self.blanks_check = QCheckBox("Leave out patients with nothing recorded for SMS consent")
        self.blanks_check.setAccessibleName("Leave out patients with no SMS preference recorded")
        self.blanks_check.setToolTip(
            "Texting for care needs no recorded consent, so by default they are texted; a refusal is never texted."
        )
        self.blanks_check.toggled.connect(self._blanks_chosen)
        self.warning = QLabel()
        self.warning.setObjectName("consentWarning")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("No SMS consent column")
        self.use_button = QPushButton()
        self.use_button.setAccessibleName("Use the suggested column as SMS consent")
        self.use_button.clicked.connect(self._use_candidate)
        means_row = QHBoxLayout()
        means_row.addWidget(self.means_combo)
        means_row.addWidget(self.blanks_check, 1)
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.warning, 1)
        suggestion.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.understood)
        layout.addLayout(means_row)
        layout.addLayout(suggestion)

    def show_table(self, table: SourceTable) -> None:
        """Show what the mapping now reads for consent (called whenever it changes)."""
        self._table = table
        mapping = table.mapping
        column = mapping.column(Field.CONSENT)
        for widget in (self.understood, self.means_combo, self.blanks_check):
            widget.setVisible(column is not None)
        self.warning.setVisible(column is None)
        self._candidate = None
        if column is not None:
            also = "".join(f', and for refusals "{table.header_text(c)}"' for c in mapping.more_consent)
            self.understood.setText(f'SMS consent is read from "{table.header_text(column)}"{also}.')
            self.means_combo.blockSignals(True)
            self.means_combo.setCurrentIndex(self.means_combo.findData(mapping.consent_means.value))
            self.means_combo.blockSignals(False)
            self.blanks_check.blockSignals(True)
            self.blanks_check.setChecked(table.blank_consent is BlankConsent.EXCLUDE)
            self.blanks_check.blockSignals(False)
            self.use_button.setVisible(False)
            return
        candidates = table.consent_candidates()
        self._candidate = candidates[0] if candidates else None
        text = "No SMS consent column was found, so patients who declined texts cannot be left out."
        if self._candidate is not None:
            header = table.header_text(self._candidate)
            text += f' The column "{header}" holds yes/no values: if it records SMS consent, use it.'
            self.use_button.setText(f'Use "{header}" as SMS consent')
        else:
            text += " If the list has such a column, choose it above."
        self.warning.setText(text)
        self.use_button.setVisible(self._candidate is not None)

    def _means_chosen(self) -> None:
        if self._table is not None:
            means = ConsentMeaning(self.means_combo.currentData())
            self._table.mapping = self._table.mapping.with_consent_means(means)
            self.changed.emit()

    def _blanks_chosen(self, exclude: bool) -> None:
        if self._table is not None:
            self._table.blank_consent = BlankConsent.EXCLUDE if exclude else BlankConsent.INCLUDE

    def _use_candidate(self) -> None:
        table, column = self._table, self._candidate
        if table is not None and column is not None:
            table.mapping = table.mapping.with_field(Field.CONSENT, column, table.headers)
            self.changed.emit()
