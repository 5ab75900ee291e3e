"""The message as a patient will see it, and what the template costs over a whole cohort."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.costing import CohortCosting
from desktop.core.practice import PracticeSettings
from desktop.core.template import CompiledTemplate, TemplateError
from desktop.services import cohorts, templates
from desktop.services.templates import TemplateDraft
from desktop.services.workspace import Workspace
from desktop.ui.costing_summary import costing_lines
from desktop.ui.workers import JobSlot, Worker, in_workspace

LONGEST = -1
RECOST_AFTER_MS = 600  # a pause in typing before the cohort's cost is worked out again


class PreviewPanel(QWidget):
    cohort_changed = Signal(object, object)  # longest values {name: value}, cohort fields [names] or None

    def __init__(self, workspace: Workspace, settings: PracticeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._settings = settings
        self._draft: TemplateDraft | None = None
        self._patients: list[dict[str, str]] = []
        self._longest: dict[str, str] = {}
        self.cost_job = JobSlot(self)
        self.longest_job = JobSlot(self)
        self.costing: CohortCosting | None = None
        self._costed_cohort: int | None = None  # once costed, the cost follows the edits for that cohort
        self._recost_timer = QTimer(self)
        self._recost_timer.setSingleShot(True)
        self._recost_timer.setInterval(RECOST_AFTER_MS)
        self._recost_timer.timeout.connect(self.cost_cohort)

        self.cohort_combo = QComboBox()
        self.cohort_combo.setAccessibleName("Cohort for preview and cost")
        self.cohort_combo.currentIndexChanged.connect(self._cohort_chosen)
        self.patient_combo = QComboBox()
        self.patient_combo.setAccessibleName("Patient to preview")
        self.patient_combo.currentIndexChanged.connect(self._show_message)
        self.bubble = QLabel()
        self.bubble.setObjectName("smsBubble")
        self.bubble.setAccessibleName("Message as the patient sees it")
        self.bubble.setWordWrap(True)
        self.bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bubble.setTextFormat(Qt.TextFormat.PlainText)
        self.bubble_note = QLabel()
        self.bubble_note.setObjectName("note")
        self.bubble_note.setWordWrap(True)
        phone = QGroupBox("On the phone")
        phone_layout = QVBoxLayout(phone)
        phone_layout.addWidget(self.bubble)
        phone_layout.addWidget(self.bubble_note)

        self.cost_button = QPushButton("Cost for the whole cohort")
        self.cost_button.setAccessibleName("Cost for the whole cohort")
        self.cost_button.clicked.connect(self.cost_cohort)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cost_result = QLabel()
        self.cost_result.setObjectName("costResult")
        self.cost_result.setAccessibleName("Cost for the cohort")
        self.cost_result.setWordWrap(True)
        self.cost_result.setTextFormat(Qt.TextFormat.RichText)
        cost = QGroupBox("Cost for the cohort")
        cost_layout = QVBoxLayout(cost)
        cost_layout.addWidget(self.cost_button)
        cost_layout.addWidget(self.progress)
        # The costing can run to many lines (placeholders that push messages over): it scrolls
        # within the space left, rather than being cut off at the foot of the window.
        self.cost_result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        cost_scroll = QScrollArea()
        cost_scroll.setWidget(self.cost_result)
        cost_scroll.setWidgetResizable(True)
        cost_scroll.setFrameShape(QFrame.Shape.NoFrame)
        cost_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cost_layout.addWidget(cost_scroll, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Preview and cost for the cohort:"))
        layout.addWidget(self.cohort_combo)
        layout.addWidget(QLabel("Show the message for:"))
        layout.addWidget(self.patient_combo)
        layout.addWidget(phone)
        layout.addWidget(cost, 1)

    def refresh_cohorts(self) -> None:
        current = self.cohort_combo.currentData()
        self.cohort_combo.blockSignals(True)
        self.cohort_combo.clear()
        self.cohort_combo.addItem("None: use long sample names", None)
        for summary in cohorts.all_cohorts(self._workspace):
            self.cohort_combo.addItem(f"{summary.name} ({summary.counts.accepted:,} ready)", summary.id)
        index = self.cohort_combo.findData(current) if current is not None else -1
        self.cohort_combo.setCurrentIndex(index if index >= 0 else min(1, self.cohort_combo.count() - 1))
        self.cohort_combo.blockSignals(False)
        self._cohort_chosen()

    def set_settings(self, settings: PracticeSettings) -> None:
        self._settings = settings
        self._show_message()

    def show_draft(self, draft: TemplateDraft) -> None:
        changed = self._draft is not None and (draft.body, draft.purpose) != (self._draft.body, self._draft.purpose)
        self._draft = draft
        self._show_message()
        if not changed:
            return
        self.costing = None
        if self._costed_cohort is not None and self._costed_cohort == self.cohort_id():
            self.cost_result.setText("The message changed: working out the cost again…")
            self._recost_timer.start()
        else:
            self.cost_result.setText("")

    def cohort_id(self) -> int | None:
        value = self.cohort_combo.currentData()
        return int(value) if value is not None else None

    def cost_cohort(self) -> None:
        """Render and measure every patient's message in a worker; a newer request supersedes it."""
        self._recost_timer.stop()
        cohort_id, draft = self.cohort_id(), self._draft
        if cohort_id is None or draft is None:
            return
        path, body, purpose = self._workspace.path, draft.body, draft.purpose

        def job(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> CohortCosting:
            return in_workspace(
                path,
                lambda workspace: templates.cost_for_cohort(
                    workspace, cohort_id, body, purpose, lambda done: progress("Costing", done, 0), cancelled
                ),
            )

        worker = Worker(job, expected=(TemplateError,))
        worker.finished.connect(self._costed)
        worker.failed.connect(self._cost_failed)
        self._costed_cohort = cohort_id
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cost_button.setEnabled(False)
        self.cost_result.setText("Rendering and measuring every patient's message…")
        self.cost_job.start(worker)

    def _cohort_chosen(self) -> None:
        cohort_id = self.cohort_id()
        self._recost_timer.stop()
        self.cost_job.supersede()
        self.progress.setVisible(False)
        self.costing = None
        self._costed_cohort = None
        self._patients = templates.sample_patients(self._workspace, cohort_id) if cohort_id else []
        fields = templates.cohort_fields(self._workspace, cohort_id) if cohort_id else None
        # Long sample names until the cohort's own longest values are known (stored once worked out).
        stored = templates.stored_longest_values(self._workspace, cohort_id) if cohort_id else None
        self._longest = stored or {}
        self.longest_job.supersede()
        if cohort_id is not None and stored is None:
            self._find_longest(cohort_id, fields)
        self.patient_combo.blockSignals(True)
        self.patient_combo.clear()
        self.patient_combo.addItem("Longest realistic names and values", LONGEST)
        for index, patient in enumerate(self._patients):
            name = " ".join(p for p in (patient.get("title"), patient.get("first_name"), patient.get("surname")) if p)
            self.patient_combo.addItem(name or f"Patient {index + 1}", index)
        self.patient_combo.blockSignals(False)
        self.cost_button.setEnabled(cohort_id is not None)
        self.cost_result.setText("" if cohort_id else "Choose a cohort to see what this message costs for it.")
        self.cohort_changed.emit(self._longest, fields)
        self._show_message()

    def _find_longest(self, cohort_id: int, fields: list[str] | None) -> None:
        """A cohort imported before they were stored: read every patient once, off the UI thread."""
        path = self._workspace.path

        def job(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> dict[str, str]:
            return in_workspace(path, lambda workspace: templates.longest_values(workspace, cohort_id))

        def found(longest: dict[str, str]) -> None:
            if self.cohort_id() == cohort_id:  # the user may have chosen another cohort meanwhile
                self._longest = longest
                self.cohort_changed.emit(longest, fields)
                self._show_message()

        worker = Worker(job)
        worker.finished.connect(found)
        self.longest_job.start(worker)

    def _show_message(self) -> None:
        draft = self._draft
        if draft is None or not draft.body.strip():
            self.bubble.setText("")
            self.bubble_note.setText("The message appears here as you type.")
            return
        chosen = self.patient_combo.currentData()
        if chosen in (None, LONGEST):
            values = templates.sample_values(self._settings, self._longest, draft.body)
            who = "At its longest"
        else:
            values = {**self._patients[chosen], **self._settings.standard_values}
            who = "For this patient"
        compiled = CompiledTemplate.compile(draft.body, self._settings.footer_for(draft.purpose))
        try:
            text = compiled.render(values)
        except TemplateError as error:
            self.bubble.setText("")
            self.bubble_note.setText(f"{error} This patient would not be sent this message.")
            return
        counting = self._settings.counting
        m = counting.measure(text)
        self.bubble.setText((f"{counting.prefix}: " if counting.prefix else "") + counting.sent_text(text))
        self.bubble_note.setText(
            f"{who}: {m.characters} characters, {m.fragments} fragment{'s' if m.fragments != 1 else ''}, {m.encoding}."
        )

    def _costed(self, costing: CohortCosting) -> None:
        self.costing = costing
        self.progress.setVisible(False)
        self.cost_button.setEnabled(True)
        lines = costing_lines(costing, self._settings.current_tariff)
        self.cost_result.setText("<br>".join(lines))

    def _cost_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.cost_button.setEnabled(True)
        self.cost_result.setText(message)
