"""Campaigns: the list, the selected campaign's plan and chart, and what can be done with it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.campaign import Campaign, CampaignError, CampaignStatus
from desktop.core.clock import UK
from desktop.core.cost import format_pounds
from desktop.core.schedule import ReleasePlan
from desktop.core.template import Purpose
from desktop.services import campaigns, responses
from desktop.services.cohorts import all_cohorts
from desktop.services.practice import get_settings
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.calls_dialog import RecordCallsDialog
from desktop.ui.campaigns.hourly_chart import HourlyChart
from desktop.ui.campaigns.plan_view import PlanChart, PlanModel, plan_table
from desktop.ui.campaigns.wizard import CampaignWizard
from desktop.ui.help_texts import page_intro
from desktop.ui.models.base import ColumnsModel, Index
from desktop.ui.widgets import heading, note


class CampaignListModel(ColumnsModel):
    columns = ("Campaign", "Status", "Approved by", "Updated")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._campaigns: list[Campaign] = []

    def set_campaigns(self, found: list[Campaign]) -> None:
        self.beginResetModel()
        self._campaigns = found
        self.endResetModel()

    def campaign(self, row: int) -> Campaign:
        return self._campaigns[row]

    def row_of(self, campaign_id: int) -> int | None:
        return next((row for row, c in enumerate(self._campaigns) if c.id == campaign_id), None)

    def row_count(self) -> int:
        return len(self._campaigns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self._campaigns[index.row()]
        updated = f"{c.updated_at.astimezone(UK):%d/%m/%Y %H:%M}" if c.updated_at else ""
        return (c.name, c.status.label, c.approved_by, updated)[index.column()]


class CampaignsPage(QWidget):
    changed = Signal(str)  # a message for the status bar
    updated = Signal()  # the campaigns were reloaded (saved, approved, paused...)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Campaigns")
        self._workspace = workspace
        self.calls_dialog: RecordCallsDialog | None = None
        self.wizard: CampaignWizard | None = None
        self.new_button = QPushButton("New campaign…")
        self.new_button.setAccessibleName("New campaign")
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_campaign)
        self.open_button = QPushButton("Continue draft…")
        self.open_button.setAccessibleName("Continue draft")
        self.open_button.clicked.connect(self.open_selected)
        self.pause_button = QPushButton("Pause")
        self.pause_button.clicked.connect(lambda: self._act(campaigns.pause, "Paused"))
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(lambda: self._act(campaigns.resume, "Resumed"))
        self.cancel_button = QPushButton("Cancel campaign")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.calls_button = QPushButton("Record calls…")
        self.calls_button.setToolTip("After a block has gone out, record the calls it caused to re-plan the rest")
        self.calls_button.clicked.connect(self.record_calls)
        self.refreshed_button = QPushButton("Refreshed search…")
        self.refreshed_button.setToolTip(
            "You re-imported the campaign's search: from the next block, only patients still in it are texted"
        )
        self.refreshed_button.clicked.connect(lambda: self.use_refreshed_search())
        for button, name in (
            (self.pause_button, "Pause campaign"),
            (self.resume_button, "Resume campaign"),
            (self.cancel_button, "Cancel campaign"),
            (self.calls_button, "Record calls"),
            (self.refreshed_button, "Use a refreshed search"),
        ):
            button.setAccessibleName(name)
        top = QHBoxLayout()
        top.addWidget(heading("Campaigns"))
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        actions = QHBoxLayout()  # what can be done with a running campaign
        for button in (
            self.calls_button,
            self.refreshed_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)

        self.model = CampaignListModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Campaigns")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name takes what is left
        for column, width in ((1, 100), (2, 170), (3, 130)):
            self.view.setColumnWidth(column, width)
        self._selecting = False  # refresh() is choosing the row itself
        self.view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.view.doubleClicked.connect(lambda *_: self.open_selected())
        self.change_label = QLabel()
        self.change_label.setObjectName("warning")
        self.change_label.setAccessibleName("What changed in the plan")
        self.change_label.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.plan_model = PlanModel(self)
        self.plan_table = plan_table(self.plan_model)
        self.chart = PlanChart()
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.plan_table)
        self.hourly_chart = HourlyChart()
        self.charts = QTabWidget()
        self.charts.addTab(self.chart, "By day")
        self.charts.addTab(self.hourly_chart, "By hour")
        lower.addWidget(self.charts)
        lower.setSizes([470, 400])
        self.empty_note = note(
            "No campaigns yet. A campaign takes a cohort and a template through the quick "
            "check, the cost and a staged release plan to a practice manager's approval."
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details)
        details_layout.addWidget(self.change_label)
        details_layout.addLayout(actions)
        details_layout.addWidget(lower, 1)
        splitter.addWidget(details)
        splitter.setSizes([140, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(top)
        layout.addWidget(page_intro("Campaigns"))
        layout.addWidget(self.empty_note)
        layout.addWidget(splitter, 1)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        current = self.selected() if select is None else None
        self.model.set_campaigns(campaigns.all_campaigns(self._workspace))
        wanted = select if select is not None else (current.id if current else None)
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and self.model.row_count():
            row = 0
        if row is not None:
            self._selecting = True  # the selected campaign is shown once, below
            self.view.selectRow(row)
            self._selecting = False
        self.empty_note.setVisible(self.model.row_count() == 0)
        self._show_selected()
        self.updated.emit()

    def selected(self) -> Campaign | None:
        index = self.view.currentIndex()
        return self.model.campaign(index.row()) if index.isValid() else None

    def new_campaign(self) -> CampaignWizard | None:
        name, ok = QInputDialog.getText(self, "New campaign", "Name the campaign (e.g. Flu 65+ autumn 2026):")
        if not ok or not name.strip():
            return None
        campaign = campaigns.create_campaign(self._workspace, name, Purpose.CALL_TO_ACTION)
        self.refresh(select=campaign.id)
        return self.open_wizard(campaign)

    def open_selected(self) -> CampaignWizard | None:
        campaign = self.selected()
        if campaign is None or not campaign.editable:
            return None
        return self.open_wizard(campaign)

    def open_wizard(self, campaign: Campaign) -> CampaignWizard:
        if self.wizard is not None and not self.wizard.isVisible():
            self.wizard.deleteLater()  # one wizard at a time, not one per campaign opened
        self.wizard = CampaignWizard(self._workspace, campaign, self)
        self.wizard.changed.connect(lambda campaign_id: self.refresh(select=campaign_id))
        self.wizard.open()
        return self.wizard

    def cancel_selected(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        answer = QMessageBox.question(
            self,
            "Cancel campaign",
            f"Cancel '{campaign.name}'? Blocks not yet released will not be sent.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._act(campaigns.cancel, "Cancelled")

    def use_refreshed_search(self, cohort_id: int | None = None) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        if cohort_id is None:
            others = [c for c in all_cohorts(self._workspace) if c.id != campaign.cohort_id]
            if not others:
                QMessageBox.information(
                    self, "Refreshed search", "Import the refreshed search on the Cohorts page first."
                )
                return
            labels = [f"{c.name} ({c.counts.accepted:,} patients)" for c in others]
            label, ok = QInputDialog.getItem(
                self, "Refreshed search", "Which cohort is the refreshed search?", labels, 0, False
            )
            if not ok:
                return
            cohort_id = others[labels.index(label)].id
        try:
            campaigns.use_refreshed_search(self._workspace, campaign.id, cohort_id)
        except CampaignError as error:
            QMessageBox.warning(self, "Refreshed search", str(error))
            return
        self.changed.emit("From the next block, only patients still in the refreshed search are texted.")
        self.refresh(select=campaign.id)

    def record_calls(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        blocks = responses.blocks_awaiting_calls(self._workspace, campaign.id)
        if not blocks:
            self.change_label.setText(
                "No block of this campaign has gone out without its calls recorded. Record calls once a block "
                "has been sent (or exported and confirmed sent)."
            )
            return
        self.calls_dialog = RecordCallsDialog(
            self._workspace, campaign.id, blocks, get_settings(self._workspace).phone_hours, self
        )
        self.calls_dialog.finished.connect(lambda _: self._show_replanned(campaign.id))
        self.calls_dialog.open()

    def _show_replanned(self, campaign_id: int) -> None:
        """What was learned, and how the re-plan changes the rest."""
        dialog = self.calls_dialog
        replanned = dialog.replanned if dialog is not None else None
        if replanned is None:
            return
        self.refresh(select=campaign_id)
        self.change_label.setText(replanned.describe())
        if replanned.kept:
            self.changed.emit("Calls recorded.")
        elif replanned.plan is None:
            self.changed.emit("Every block has gone: the campaign is complete.")
        else:
            self.changed.emit("Re-planned from the calls recorded. Approve the new plan to continue: Continue draft…")

    def _act(self, action: object, done: str) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        try:
            action(self._workspace, campaign.id)  # type: ignore[operator]
        except CampaignError as error:
            QMessageBox.warning(self, "Campaign", str(error))
            return
        self.refresh(select=campaign.id)
        self.changed.emit(f"{done} '{campaign.name}'.")

    def _row_chosen(self) -> None:
        if not self._selecting:
            self._show_selected()

    def _show_selected(self) -> None:
        campaign = self.selected()
        status = campaign.status if campaign else None
        self.open_button.setEnabled(status is CampaignStatus.DRAFT)
        self.pause_button.setEnabled(status is CampaignStatus.APPROVED)
        self.resume_button.setEnabled(status is CampaignStatus.PAUSED)
        self.cancel_button.setEnabled(status in (CampaignStatus.DRAFT, CampaignStatus.APPROVED, CampaignStatus.PAUSED))
        self.calls_button.setEnabled(status in (CampaignStatus.APPROVED, CampaignStatus.PAUSED))
        self.refreshed_button.setEnabled(status in (CampaignStatus.APPROVED, CampaignStatus.PAUSED))
        plan: ReleasePlan | None = None
        text = ""
        if campaign is not None:
            # Approved plans are stored; a draft's plan means costing the whole cohort, which the
            # wizard does in a worker, so the list never stalls on a large cohort.
            if campaign.approved_plan:
                plan = campaigns.approved_plan(campaign)
            text = self._describe(campaign)
        self.details.setText(text)
        self.plan_model.set_plan(plan)
        self.chart.show_plan(plan)
        self.hourly_chart.show_plan(plan, get_settings(self._workspace).phone_hours)

    def _describe(self, campaign: Campaign) -> str:
        parts = [f"<b>{campaign.name}</b>: {campaign.status.label}"]
        if campaign.approved_by and campaign.approved_at:
            parts.append(f"approved by {campaign.approved_by} on {campaign.approved_at.astimezone(UK):%d/%m/%Y}")
        if campaign.approved_estimate:
            parts.append(
                f"{campaign.approved_estimate['messages']:,} messages, "
                f"{format_pounds(campaign.approved_estimate['cost_after_vat'])} with VAT"
            )
        elif campaign.status is CampaignStatus.DRAFT:
            parts.append("not approved yet: Continue draft… to cost, plan and approve it")
        concerns = campaign.quick_check.concerns()
        if concerns:
            parts.append(f"<span style='color:#8a2c00'>{len(concerns)} quick-check answer(s) were no</span>")
        return " · ".join(parts)
