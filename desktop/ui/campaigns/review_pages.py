"""The quick check and the cost up front."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from desktop.core.allocation import AllocationUse
from desktop.core.campaign import Campaign, CampaignError
from desktop.core.cost import format_pounds
from desktop.core.costing import CohortCosting
from desktop.core.holdback import MAX_SHARE, new_seed
from desktop.core.quickcheck import ADVICE, QUESTIONS, QuickCheck
from desktop.core.template import TemplateError
from desktop.services import campaigns
from desktop.services.allocation import allocation_use
from desktop.services.practice import get_settings
from desktop.services.workspace import Workspace
from desktop.ui.costing_summary import costing_lines
from desktop.ui.widgets import message_label
from desktop.ui.workers import JobSlot, Worker, in_workspace

if TYPE_CHECKING:
    from desktop.ui.campaigns.wizard import CampaignWizard


class QuickCheckPage(QWizardPage):
    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Quick check")
        self.setSubTitle("Asked of every campaign. A 'no' means: consider changes before going ahead.")
        self.groups: dict[str, QButtonGroup] = {}
        self.advice: dict[str, QLabel] = {}
        grid = QGridLayout()
        for row, (key, question, advice) in enumerate(QUESTIONS):
            label = QLabel(question)
            label.setWordWrap(True)
            yes, no = QRadioButton("Yes"), QRadioButton("No")
            yes.setAccessibleName(f"{question} Yes")
            no.setAccessibleName(f"{question} No")
            group = QButtonGroup(self)
            group.addButton(yes, 1)
            group.addButton(no, 0)
            group.idToggled.connect(self._changed)
            tip = QLabel(f"{advice} {ADVICE}")
            tip.setObjectName("warning")
            tip.setWordWrap(True)
            tip.setVisible(False)
            self.groups[key], self.advice[key] = group, tip
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(yes, row * 2, 1)
            grid.addWidget(no, row * 2, 2)
            grid.addWidget(tip, row * 2 + 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        self.objective_edit = QLineEdit()
        self.objective_edit.setAccessibleName("Outcome objective")
        self.objective_edit.setPlaceholderText("e.g. Reduce DNAs at the flu clinics")
        self.objective_edit.textChanged.connect(self._changed)
        self.baseline_edit = QLineEdit()
        self.baseline_edit.setAccessibleName("Baseline figure")
        self.baseline_edit.setPlaceholderText("e.g. 12% did not attend in 2025")
        self.hold_back_spin = QSpinBox()
        self.hold_back_spin.setAccessibleName("Hold back for a fair comparison")
        self.hold_back_spin.setRange(0, int(MAX_SHARE * 100))
        self.hold_back_spin.setSuffix(" % of the patients")
        self.hold_back_spin.setSpecialValueText("Nobody (no comparison)")
        self.hold_back_spin.setToolTip(
            "A share of the patients, chosen at random and recorded, is not texted, so the outcome can be "
            "compared fairly between those texted and those not. They can be texted later, from Outcomes."
        )
        self.message = message_label()
        self.missing = QLabel()
        self.missing.setObjectName("warning")
        self.missing.setWordWrap(True)
        self.missing.setAccessibleName("What is still needed")
        form = QFormLayout()
        form.addRow("Outcome objective:", self.objective_edit)
        form.addRow("Baseline figure:", self.baseline_edit)
        form.addRow("Hold back:", self.hold_back_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.missing)

    def initializePage(self) -> None:
        check = self._wizard.campaign.quick_check
        for key, group in self.groups.items():
            answer = check.answers.get(key)
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
            if answer is not None:
                group.button(1 if answer else 0).setChecked(True)
        self.objective_edit.setText(check.objective)
        self.baseline_edit.setText(check.baseline)
        self.hold_back_spin.setValue(int(self._wizard.campaign.options.hold_back * 100))
        self._changed()

    def collect(self) -> Campaign:
        answers: dict[str, bool | None] = {
            key: None if group.checkedId() < 0 else group.checkedId() == 1 for key, group in self.groups.items()
        }
        check = QuickCheck(answers, self.objective_edit.text().strip(), self.baseline_edit.text().strip())
        campaign = self._wizard.campaign
        share = Decimal(self.hold_back_spin.value()) / 100
        # the seed that picks who is held back is made once, so the same patients stay held back
        seed = campaign.options.hold_back_seed or (new_seed() if share else "")
        options = replace(campaign.options, hold_back=share, hold_back_seed=seed)
        return replace(campaign, quick_check=check, options=options)

    def isComplete(self) -> bool:
        return self.collect().quick_check.is_complete

    def validatePage(self) -> bool:
        return self._wizard.save(self.collect())

    def _changed(self, *_: object) -> None:
        for key, group in self.groups.items():
            self.advice[key].setVisible(group.checkedId() == 0)
        self.missing.setText(_still_needed(self.collect().quick_check))
        self.completeChanged.emit()


class CostPage(QWizardPage):
    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.job = JobSlot(self)
        self.setTitle("Cost up front")
        self.setSubTitle("Every patient's message rendered and measured at the practice's tariff.")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.result = QLabel()
        self.result.setAccessibleName("Cost of the campaign")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setObjectName("warning")
        self.warnings.setWordWrap(True)
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.left_out.setAccessibleName("Patients left out")
        self.keep_recent = QCheckBox("Text them anyway (they will get two messages of this kind within a week)")
        self.keep_recent.setAccessibleName("Text them anyway")
        self.keep_recent.setVisible(False)
        self.keep_recent.toggled.connect(self._keep_recent)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addWidget(self.warnings)
        layout.addWidget(self.left_out)
        layout.addWidget(self.keep_recent)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self._wizard.costing = None
        self.progress.setVisible(True)
        self.result.setText("Rendering and measuring every patient's message…")
        self.warnings.setText("")
        path, campaign = self._wizard.workspace.path, self._wizard.campaign

        def job(
            progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]
        ) -> tuple[CohortCosting, campaigns.LeftOut, AllocationUse | None]:
            def work(workspace: Workspace) -> tuple[CohortCosting, campaigns.LeftOut, AllocationUse | None]:
                costing = campaigns.cost(workspace, campaign, cancelled)
                use = allocation_use(workspace, get_settings(workspace), costing.estimate, campaign.id)
                return costing, campaigns.left_out(workspace, campaign), use

            return in_workspace(path, work)

        worker = Worker(job, expected=(CampaignError, TemplateError))
        worker.finished.connect(self._costed)
        worker.failed.connect(self._failed)
        self.job.start(worker)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        self.job.supersede()  # back a step: the options may change, so this cost is no longer wanted

    def isComplete(self) -> bool:
        return self._wizard.costing is not None and self._wizard.costing.estimate.messages > 0

    def _costed(self, result: tuple[CohortCosting, campaigns.LeftOut, AllocationUse | None]) -> None:
        costing, left_out, use = result
        self._show_left_out(left_out)
        self._wizard.costing = costing
        self._wizard.allocation = use
        self.progress.setVisible(False)
        settings = get_settings(self._wizard.workspace)
        e = costing.estimate
        lines = costing_lines(costing, settings.current_tariff)
        if settings.monthly_budget:
            lines.append(f"Monthly budget: {format_pounds(settings.monthly_budget)}")
        if use is not None:
            lines.append(use.describe())
        self.result.setText("<br>".join(lines))
        warnings = campaigns.budget_warnings(settings, e)
        if use is not None and use.overspend:
            warnings.append("This campaign would go over this year's allocation: the approver must accept that.")
        self.warnings.setText("\n".join(warnings))
        if e.messages == 0:
            self.warnings.setText("No patient would be texted: go back and check the cohort and options.")
        self.completeChanged.emit()

    def _show_left_out(self, left_out: campaigns.LeftOut) -> None:
        lines = [f"Left out: {count:,} ({reason.lower()})" for reason, count in left_out.reasons.items()]
        recent = left_out.recent_by_campaign
        if recent:
            names = "; ".join(f"{count:,} by '{name}'" for name, count in recent.items())
            verb = "are texted anyway" if self._wizard.campaign.options.keep_recent_same_purpose else "are left out"
            lines.append(
                f"{sum(recent.values()):,} patients were sent a message of the same purpose in the last 7 days "
                f"({names}): they {verb}."
            )
        self.left_out.setText("\n".join(lines))
        self.keep_recent.setVisible(bool(recent))
        self.keep_recent.blockSignals(True)
        self.keep_recent.setChecked(self._wizard.campaign.options.keep_recent_same_purpose)
        self.keep_recent.blockSignals(False)

    def _keep_recent(self, keep: bool) -> None:
        campaign = self._wizard.campaign
        changed = replace(campaign, options=replace(campaign.options, keep_recent_same_purpose=keep))
        if self._wizard.save(changed):
            self.initializePage()  # cost again, with or without them

    def _failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.result.setText("")
        self.warnings.setText(message)


def _still_needed(check: QuickCheck) -> str:
    """What the quick check lacks before Next, in words beside it (not only a greyed-out button)."""
    unanswered = sum(1 for key, _, _ in QUESTIONS if check.answers.get(key) is None)
    said = []
    if unanswered:
        said.append(f"answer the {unanswered} questions left" if unanswered > 1 else "answer the question left")
    if not check.objective.strip():
        said.append("enter the outcome objective")
    return f"To go on, {' and '.join(said)}." if said else ""
