"""Approval of exactly what will be sent: template version, cohort, plan, cost and this year's allocation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop.core.campaign import Campaign, CampaignError
from desktop.core.clock import UK, format_day
from desktop.core.cost import format_pounds
from desktop.core.schedule import PlanError, PlanInputs
from desktop.services import approval_rules, campaigns, cohorts, templates
from desktop.services.sample_data import SAMPLE_WARNING
from desktop.ui.widgets import message_label, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace

if TYPE_CHECKING:
    from desktop.ui.campaigns.wizard import CampaignWizard


def _pace(inputs: PlanInputs | None) -> str:
    if inputs is None:
        return "?"
    if inputs.by_hour:
        return "every hour within the phones' spare calls (Settings)"
    return f"at most {inputs.daily_capacity:,} extra calls a day"


class ApprovalPage(QWizardPage):
    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Approval")
        self.setSubTitle(
            "A practice manager approves exactly this: the template version, the cohort, the plan "
            "and the cost. Any later change needs approving again."
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.concerns = QLabel()
        self.concerns.setObjectName("warning")
        self.concerns.setWordWrap(True)
        self.overspend_check = QCheckBox("I accept that this campaign goes over this year's allocation")
        self.overspend_check.setAccessibleName("Accept going over the allocation")
        self.approver_edit = QLineEdit()
        self.approver_edit.setAccessibleName("Approved by")
        self.approver_edit.setPlaceholderText("The practice manager's name")
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setAccessibleName("Manager passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText("Set in Settings by the practice manager")
        self.passphrase_label = QLabel("Manager passphrase:")
        self.approve_button = QPushButton("Approve campaign")
        self.approve_button.setAccessibleName("Approve campaign")
        self.approve_button.clicked.connect(self.approve)
        self.job = JobSlot(self)
        self.message = message_label()
        row = QHBoxLayout()
        row.addWidget(self.approver_edit, 1)
        row.addWidget(self.approve_button)
        form = QFormLayout()
        form.addRow("Approved by:", row)
        form.addRow(self.passphrase_label, self.passphrase_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.concerns)
        layout.addWidget(self.overspend_check)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self._wizard
        c, plan, costing = wizard.campaign, wizard.plan_page.plan, wizard.costing
        assert plan is not None and costing is not None
        cohort = cohorts.cohort(wizard.workspace, c.cohort_id) if c.cohort_id else None
        version = templates.version(wizard.workspace, c.template_version_id) if c.template_version_id else None
        owner = templates.template(wizard.workspace, version.template_id) if version else None
        e = costing.estimate
        first, last = plan.blocks[0].release_at, plan.blocks[-1].release_at
        self.summary.setText(
            f"<b>{c.name}</b> ({c.purpose.label})<br>"
            f"Cohort: {cohort.name if cohort else '?'}; {e.messages:,} patients<br>"
            + (f"<b>{SAMPLE_WARNING}</b><br>" if cohort and cohort.is_sample else "")
            + f"Template: {owner.name if owner else '?'}, version {version.version if version else '?'}<br>"
            f"Cost: <b>{format_pounds(e.cost_after_vat)}</b> with VAT, {e.fragments:,} fragments<br>"
            f"Plan: {len(plan.blocks)} releases from {format_day(first.date())} to {format_day(last.date())}, "
            f"{_pace(c.plan_inputs)}<br>"
            f"Prepared by: {c.prepared_by or 'not recorded'} (on the account {c.created_by}); "
            "approved by someone else<br>"
            f"Objective: {c.quick_check.objective} (baseline: {c.quick_check.baseline or 'not given'})"
            + (
                f"<br>Held back for a fair comparison: {c.options.hold_back * 100:.0f}% of the patients, chosen at "
                "random and recorded; they are not texted (Outcomes can text them later)"
                if c.options.holding_back
                else ""
            )
        )
        use = wizard.allocation
        if use is not None:
            self.summary.setText(self.summary.text() + f"<br>{use.describe()}")
        concerns = c.quick_check.concerns()
        self.concerns.setText("Quick check:\n" + "\n".join(concerns) if concerns else "")
        self.overspend_check.setVisible(use is not None and bool(use.overspend))
        self.overspend_check.setChecked(False)
        needed = approval_rules.passphrase_is_set(wizard.workspace)
        self.passphrase_label.setVisible(needed)
        self.passphrase_edit.setVisible(needed)
        self.passphrase_edit.clear()
        approving = self.job.busy  # back and on again while an approval was still stopping
        self.approver_edit.setEnabled(not approving)
        self.approve_button.setEnabled(not approving)
        show_message(self.message, "", "ok")

    def approve(self) -> None:
        """Approval costs every message again, to approve what would be sent now: in a worker."""
        wizard = self._wizard
        path, actor, campaign_id, approver = (
            wizard.workspace.path,
            wizard.workspace.actor,
            wizard.campaign.id,
            self.approver_edit.text(),
        )
        accept = self.overspend_check.isChecked()
        passphrase = self.passphrase_edit.text()

        def job(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> Campaign:
            return in_workspace(
                path, lambda ws: campaigns.approve(ws, campaign_id, approver, cancelled, accept, passphrase), actor
            )

        worker = Worker(job, expected=(CampaignError, PlanError))
        worker.finished.connect(self._approved)
        worker.failed.connect(self._not_approved)
        worker.cancelled.connect(lambda: self._not_approved("Stopped: the campaign was not approved."))
        for widget in (self.approver_edit, self.approve_button, self.overspend_check, self.passphrase_edit):
            widget.setEnabled(False)
        show_message(self.message, "Approving: checking the cost of every message once more…", "ok")
        self.job.start(worker)

    def cleanupPage(self) -> None:
        self.job.cancel()

    def _approved(self, campaign: Campaign) -> None:
        wizard = self._wizard
        wizard.campaign = campaign
        when = campaign.approved_at.astimezone(UK) if campaign.approved_at else None
        show_message(
            self.message,
            f"Approved by {campaign.approved_by}" + (f" at {when:%H:%M on %d/%m/%Y}" if when else "") + ".",
            "ok",
        )
        wizard.changed.emit(campaign.id)

    def _not_approved(self, message: str) -> None:
        for widget in (self.approver_edit, self.approve_button, self.overspend_check, self.passphrase_edit):
            widget.setEnabled(True)
        show_message(self.message, message, "error")
