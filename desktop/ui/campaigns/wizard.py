"""The campaign wizard: each step saved as a draft, so a campaign can be left and resumed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core.allocation import AllocationUse
from desktop.core.campaign import Campaign, CampaignError
from desktop.core.costing import CohortCosting
from desktop.core.template import Purpose
from desktop.services import campaigns, cohorts, templates
from desktop.services.sample_data import SAMPLE_WARNING
from desktop.services.workspace import Workspace
from desktop.ui.help_texts import add_tips
from desktop.ui.widgets import fit_to_screen, message_label, scroll_contents, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace


class CampaignWizard(QWizard):
    changed = Signal(int)  # the campaign was saved or approved

    def __init__(self, workspace: Workspace, campaign: Campaign, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.ui.campaigns.approval_page import ApprovalPage
        from desktop.ui.campaigns.plan_pages import PlanPage
        from desktop.ui.campaigns.review_pages import CostPage, QuickCheckPage

        self.workspace = workspace
        self.campaign = campaign
        self.costing: CohortCosting | None = None
        self.allocation: AllocationUse | None = None  # this year's allocation, worked out with the cost
        self.setWindowTitle(f"Campaign: {campaign.name}")
        self.setAccessibleName("Campaign")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Close")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Save draft and close")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._save_and_close)
        self.basics_page = BasicsPage(self)
        self.quick_check_page = QuickCheckPage(self)
        self.cost_page = CostPage(self)
        self.plan_page = PlanPage(self)
        self.approval_page = ApprovalPage(self)
        for page in (self.basics_page, self.quick_check_page, self.cost_page, self.plan_page, self.approval_page):
            scroll_contents(page)
            self.addPage(page)
        fit_to_screen(self, 940, 700)
        add_tips(self)

    def save(self, campaign: Campaign) -> bool:
        """Save the draft; False (with the reason shown on the page) if it cannot be."""
        try:
            self.campaign = campaigns.save_draft(self.workspace, campaign)
        except CampaignError as error:
            page = self.currentPage()
            if hasattr(page, "message"):
                show_message(page.message, str(error), "error")
            return False
        self.changed.emit(self.campaign.id)
        return True

    def _save_and_close(self) -> None:
        page = self.currentPage()
        collect = getattr(page, "collect", None)
        if self.save(collect() if collect else self.campaign):
            self.accept()


class BasicsPage(QWizardPage):
    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("The campaign")
        self.setSubTitle("Who it is for and what it says.")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Campaign name")
        self.name_edit.setMaxLength(80)
        self.preparer_edit = QLineEdit()
        self.preparer_edit.setAccessibleName("Prepared by")
        self.preparer_edit.setPlaceholderText("Your name: a different person approves the campaign")
        self.preparer_edit.setToolTip(
            "Staff may share one computer login, so the person preparing a campaign says who they are; its "
            "approval needs someone else, with the manager passphrase."
        )
        self.preparer_edit.setMaxLength(80)
        self.preparer_edit.textChanged.connect(lambda _: self._show_missing())
        self.missing = QLabel()
        self.missing.setObjectName("warning")
        self.missing.setAccessibleName("What is still needed")
        self.purpose_combo = QComboBox()
        self.purpose_combo.setAccessibleName("Purpose")
        for purpose in Purpose:
            self.purpose_combo.addItem(purpose.label, purpose.value)
        self.cohort_combo = QComboBox()
        self.cohort_combo.setAccessibleName("Cohort")
        self.once_check = QCheckBox("Text each mobile number once (families sharing a phone get one message)")
        self.once_check.setAccessibleName("Once per shared mobile number")
        self.recent_spin = QSpinBox()
        self.recent_spin.setAccessibleName("Leave out numbers texted in the last days")
        self.recent_spin.setRange(0, 365)
        self.recent_spin.setSuffix(" days")
        self.recent_spin.setSpecialValueText("No")
        self.recent_spin.setMaximumWidth(120)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Template")
        self.recipients_label = QLabel()
        self.recipients_label.setObjectName("note")
        self.recipients_label.setAccessibleName("Patients who would be texted")
        self.sample_label = QLabel(SAMPLE_WARNING)
        self.sample_label.setObjectName("warning")
        self.sample_label.setWordWrap(True)
        self.sample_label.setAccessibleName("Sample patients")
        self._samples: set[int] = set()  # the sample cohorts' ids
        self.count_job = JobSlot(self)
        self.message = message_label()
        form = QFormLayout(self)
        form.addRow("Name:", self.name_edit)
        form.addRow("Prepared by:", self.preparer_edit)
        form.addRow("Purpose:", self.purpose_combo)
        form.addRow("Cohort:", self.cohort_combo)
        form.addRow("", self.once_check)
        form.addRow("Leave out numbers texted in the last:", self.recent_spin)
        form.addRow("Template:", self.template_combo)
        form.addRow("", self.recipients_label)
        form.addRow("", self.sample_label)
        form.addRow(self.message)
        form.addRow(self.missing)
        for signal in (
            self.cohort_combo.currentIndexChanged,
            self.template_combo.currentIndexChanged,
            self.once_check.toggled,
            self.recent_spin.valueChanged,
        ):
            signal.connect(self._count)
        self.purpose_combo.currentIndexChanged.connect(self._fill_templates)
        self.purpose_combo.activated.connect(self._purpose_chosen)

    def initializePage(self) -> None:
        c = self._wizard.campaign
        ws = self._wizard.workspace
        self.name_edit.setText(c.name)
        self.preparer_edit.setText(c.prepared_by)
        self.purpose_combo.setCurrentIndex(self.purpose_combo.findData(c.purpose.value))
        self.cohort_combo.blockSignals(True)
        self.cohort_combo.clear()
        found = cohorts.all_cohorts(ws)
        self._samples = {summary.id for summary in found if summary.is_sample}
        for summary in found:
            self.cohort_combo.addItem(f"{summary.name} ({summary.counts.accepted:,} ready to text)", summary.id)
        self.cohort_combo.setCurrentIndex(max(self.cohort_combo.findData(c.cohort_id), 0))
        self.cohort_combo.blockSignals(False)
        for widget in (self.once_check, self.recent_spin):
            widget.blockSignals(True)
        self.once_check.setChecked(c.options.once_per_mobile)
        self.recent_spin.setValue(c.options.exclude_recent_days)
        for widget in (self.once_check, self.recent_spin):
            widget.blockSignals(False)
        self._fill_templates()  # and counts the patients, once (saying what is missing)

    def collect(self) -> Campaign:
        c = self._wizard.campaign
        return replace(
            c,
            name=" ".join(self.name_edit.text().split()) or c.name,
            prepared_by=" ".join(self.preparer_edit.text().split()),
            purpose=Purpose(self.purpose_combo.currentData()),
            cohort_id=self.cohort_combo.currentData(),
            template_version_id=self.template_combo.currentData(),
            options=replace(
                c.options, once_per_mobile=self.once_check.isChecked(), exclude_recent_days=self.recent_spin.value()
            ),
        )

    def isComplete(self) -> bool:
        return not self.missing_items()

    def missing_items(self) -> list[str]:
        """What the page still needs before Next, in words (said beside it, not only by a greyed button)."""
        missing = []
        if not self.preparer_edit.text().strip():
            missing.append("your name (Prepared by)")
        if self.cohort_combo.currentData() is None:
            missing.append("a cohort (import one on Cohorts)")
        if self.template_combo.currentData() is None:
            missing.append("a template of this purpose (Templates)")
        return missing

    def _show_missing(self) -> None:
        missing = self.missing_items()
        self.missing.setText(f"To go on, enter {' and '.join(missing)}." if missing else "")
        self.completeChanged.emit()

    def validatePage(self) -> bool:
        return self._wizard.save(self.collect())

    def _purpose_chosen(self) -> None:
        """Each appointment has its own reminder, even for patients who share a phone."""
        self.once_check.setChecked(Purpose(self.purpose_combo.currentData()) is not Purpose.APPOINTMENT_REMINDER)

    def _fill_templates(self) -> None:
        """Templates of the chosen purpose; the version a campaign uses is fixed when it is approved."""
        purpose = Purpose(self.purpose_combo.currentData())
        current = self._wizard.campaign.template_version_id
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for t in templates.all_templates(self._wizard.workspace):
            if t.purpose is purpose:
                self.template_combo.addItem(f"{t.name} (version {t.latest.version})", t.latest.id)
        found = self.template_combo.findData(current)
        if found < 0 and current is not None:  # an older version this draft was saved with
            version = templates.version(self._wizard.workspace, current)
            if version is not None:
                self.template_combo.addItem(f"Version {version.version} saved earlier", current)
                found = self.template_combo.count() - 1
        self.template_combo.setCurrentIndex(max(found, 0))
        self.template_combo.blockSignals(False)
        self._count()

    def cleanupPage(self) -> None:
        self.count_job.supersede()

    def _count(self) -> None:
        """How many patients the options leave, counted in a worker: a large cohort takes a moment."""
        self._show_missing()
        draft = self.collect()
        self.sample_label.setVisible(draft.cohort_id in self._samples)
        self.count_job.supersede()
        if draft.cohort_id is None:
            self.recipients_label.setText("Import a cohort first (Cohorts).")
        elif draft.template_version_id is None:
            self.recipients_label.setText("There is no template for this purpose yet (Templates).")
        else:
            self.recipients_label.setText("Counting the patients who would be texted…")
            path = self._wizard.workspace.path
            worker = Worker(
                lambda progress, cancelled: in_workspace(path, lambda ws: campaigns.recipient_count(ws, draft))
            )
            worker.finished.connect(self._counted)
            self.count_job.start(worker)
        self.completeChanged.emit()

    def _counted(self, count: int) -> None:
        self.recipients_label.setText(f"{count:,} patients would be texted.")
