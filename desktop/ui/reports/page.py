"""The Outcomes page: was the messaging worth it, and what did it cost? A campaign's outcome against its
objective, its texts and costs, the calls after each block; the practice's spend month by month; and the
exports for a practice meeting and for the patient record. Figures are worked out in a worker."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.campaign import CampaignError, CampaignStatus
from desktop.core.clock import UK
from desktop.core.cost import format_pounds
from desktop.core.outcomes import percent
from desktop.services import campaigns, hold_back, records, report_export, reports, retention
from desktop.services.practice import get_settings
from desktop.services.reports import CampaignReport, PracticeReport
from desktop.services.workspace import Workspace
from desktop.ui.help_texts import page_intro
from desktop.ui.reports.charts import (
    ReportChart,
    show_calls,
    show_delivery,
    show_outcome,
    show_purposes,
    show_spend,
)
from desktop.ui.reports.follow_up_dialog import FollowUpDialog
from desktop.ui.widgets import heading, message_label, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace

PERIODS = ("This financial year", "Last 12 months", "This month")


class OutcomesPage(QWidget):
    changed = Signal(str)  # a message for the status bar

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Outcomes")
        self._workspace = workspace
        self.report: CampaignReport | None = None
        self.practice: PracticeReport | None = None
        self.follow_up: FollowUpDialog | None = None
        self.campaign_job, self.practice_job, self.purge_job = JobSlot(self), JobSlot(self), JobSlot(self)

        self.campaign_combo = QComboBox()
        self.campaign_combo.setAccessibleName("Campaign")
        self.campaign_combo.currentIndexChanged.connect(lambda _: self.load_campaign())
        self.import_button = QPushButton("Import follow-up list…")
        self.import_button.setToolTip("Who was vaccinated, booked or attended, from the clinical system")
        self.import_button.clicked.connect(self.import_follow_up)
        self.export_button = QPushButton("Export report…")
        self.export_button.setToolTip("The campaign's outcome report as a spreadsheet (.xlsx) or one page (.pdf)")
        self.export_button.clicked.connect(lambda: self.export_campaign())
        self.coding_button = QPushButton("Record in clinical system…")
        self.coding_button.setToolTip(
            "The patients a text reached, with the SNOMED CT code chosen in Settings, for the clinical system's "
            "bulk coding"
        )
        self.coding_button.clicked.connect(lambda: self.export_coding())
        self.release_button = QPushButton("Text the held-back group…")
        self.release_button.setToolTip("Once the outcome is measured: plan the texts to those held back")
        self.release_button.clicked.connect(self.release_held_back)
        self.purge_button = QPushButton("Delete personal data…")
        self.purge_button.setToolTip(
            "Delete this campaign's names, dates of birth, mobiles and texts now, keeping counts, costs and "
            "outcomes (otherwise done after the retention period in Settings)"
        )
        self.purge_button.clicked.connect(self.purge)
        for button in (self.import_button, self.export_button, self.coding_button, self.release_button,
                       self.purge_button):  # fmt: skip
            button.setAccessibleName(button.text().rstrip("…"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("The campaign's outcome")
        self.message = message_label()
        self.outcome_chart = ReportChart("Chart of the outcome")
        self.delivery_chart = ReportChart("Chart of the texts")
        self.calls_chart = ReportChart("Chart of the calls after each block")

        campaign_tab = QWidget()
        top = QHBoxLayout()
        top.addWidget(QLabel("Campaign:"))
        top.addWidget(self.campaign_combo, 1)
        actions = QGridLayout()  # two rows: one is too narrow for five at the window's usual width
        for position, button in enumerate((self.import_button, self.export_button, self.coding_button,
                                           self.release_button, self.purge_button)):  # fmt: skip
            actions.addWidget(button, position // 3, position % 3)
        actions.setColumnStretch(3, 1)
        charts = QGridLayout()
        for column, chart in enumerate((self.outcome_chart, self.delivery_chart, self.calls_chart)):
            charts.addWidget(chart, 0, column)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.summary)
        inner_layout.addLayout(charts, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps instead
        scroll.setWidget(inner)
        layout = QVBoxLayout(campaign_tab)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        self.period_combo.addItems(PERIODS)
        self.period_combo.currentIndexChanged.connect(lambda _: self.load_practice())
        self.practice_export = QPushButton("Export practice view…")
        self.practice_export.setAccessibleName("Export practice view")
        self.practice_export.clicked.connect(lambda: self.export_practice())
        self.practice_summary = QLabel()
        self.practice_summary.setWordWrap(True)
        self.practice_summary.setAccessibleName("The practice's messaging")
        self.spend_chart = ReportChart("Chart of spend by month")
        self.purpose_chart = ReportChart("Chart of texts by purpose")
        practice_tab = QWidget()
        row = QHBoxLayout()
        row.addWidget(QLabel("Period:"))
        row.addWidget(self.period_combo)
        row.addWidget(self.practice_export)
        row.addStretch(1)
        practice_charts = QHBoxLayout()
        practice_charts.addWidget(self.spend_chart, 3)
        practice_charts.addWidget(self.purpose_chart, 2)
        practice_layout = QVBoxLayout(practice_tab)
        practice_layout.addLayout(row)
        practice_layout.addWidget(self.practice_summary)
        practice_layout.addLayout(practice_charts, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(campaign_tab, "Campaign")
        self.tabs.addTab(practice_tab, "Practice")
        self.tabs.currentChanged.connect(lambda index: self.load_practice() if index == 1 else None)
        outer = QVBoxLayout(self)
        outer.addWidget(heading("Outcomes"))
        outer.addWidget(page_intro("Outcomes"))
        outer.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """The campaigns that have been approved, newest first; the chosen one's report worked out again."""
        current = self.campaign_combo.currentData()
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        for campaign in campaigns.all_campaigns(self._workspace):
            if campaign.approved_at is not None or campaign.status is not CampaignStatus.DRAFT:
                self.campaign_combo.addItem(f"{campaign.name} ({campaign.status.label})", campaign.id)
        index = self.campaign_combo.findData(current)
        self.campaign_combo.setCurrentIndex(max(index, 0))
        self.campaign_combo.blockSignals(False)
        self.load_campaign()

    def selected_id(self) -> int | None:
        data = self.campaign_combo.currentData()
        return int(data) if data is not None else None

    def _run(self, slot: JobSlot, work: Callable[[Workspace], object], done: Callable[[object], None]) -> None:
        path, actor = self._workspace.path, self._workspace.actor
        worker = Worker(
            lambda progress, cancelled: in_workspace(path, work, actor), expected=(CampaignError, OSError, ValueError)
        )
        worker.finished.connect(done)
        worker.failed.connect(lambda message: show_message(self.message, message, "error"))
        slot.start(worker)

    def load_campaign(self) -> None:
        campaign_id = self.selected_id()
        self._enable(False)
        if campaign_id is None:
            self.report = None
            self.summary.setText("No campaign has been approved yet: outcomes are measured once texts have gone.")
            for chart in (self.outcome_chart, self.delivery_chart, self.calls_chart):
                chart.empty("Nothing to show yet")
            return
        self.summary.setText("Working out the campaign's figures…")
        self._run(self.campaign_job, lambda ws: reports.campaign_report(ws, campaign_id), self._show_campaign)

    def _show_campaign(self, report: object) -> None:
        assert isinstance(report, CampaignReport)
        self.report = report
        self.summary.setText(_campaign_html(report))
        show_outcome(self.outcome_chart, report)
        show_delivery(self.delivery_chart, report)
        show_calls(self.calls_chart, report)
        self._enable(True)

    def _enable(self, loaded: bool) -> None:
        report = self.report if loaded else None
        for button in (self.import_button, self.export_button, self.coding_button):
            button.setEnabled(report is not None)
        options = report.campaign.options if report else None
        self.release_button.setEnabled(bool(report and options and options.holding_back))
        self.purge_button.setEnabled(report is not None and report.campaign.status is not CampaignStatus.APPROVED)

    def load_practice(self) -> None:
        start, end = self.period()
        self.practice_summary.setText("Working out the practice's figures…")
        self._run(self.practice_job, lambda ws: reports.practice_report(ws, start, end), self._show_practice)

    def period(self) -> tuple[date, date]:
        today = datetime.now(UK).date()
        tomorrow = today + timedelta(days=1)
        choice = self.period_combo.currentIndex()
        if choice == 0:
            return get_settings(self._workspace).allocation.year_of(today)[0], tomorrow
        if choice == 1:
            return date(today.year - 1, today.month, 1) if today.month != 12 else date(today.year, 1, 1), tomorrow
        return today.replace(day=1), tomorrow

    def _show_practice(self, report: object) -> None:
        assert isinstance(report, PracticeReport)
        self.practice = report
        self.practice_summary.setText(_practice_html(report))
        show_spend(self.spend_chart, report)
        show_purposes(self.purpose_chart, report)

    def import_follow_up(self) -> None:
        campaign_id = self.selected_id()
        if campaign_id is None:
            return
        self.follow_up = FollowUpDialog(self._workspace, campaign_id, self)
        self.follow_up.accepted.connect(self._follow_up_imported)
        self.follow_up.open()

    def _follow_up_imported(self) -> None:
        dialog = self.follow_up
        if dialog is None or dialog.imported is None:
            return
        result = dialog.imported
        self.changed.emit(f"Follow-up list imported: {result.matched:,} of the campaign's patients matched.")
        self.load_campaign()

    def export_campaign(self, path: str | None = None) -> Path | None:
        report = self.report
        if report is None:
            return None
        chosen = (
            path
            or QFileDialog.getSaveFileName(
                self, "Export report", f"{report.campaign.name}.xlsx", "Spreadsheet (*.xlsx);;One page to print (*.pdf)"
            )[0]
        )
        if not chosen:
            return None
        target = Path(chosen)
        try:
            if target.suffix.lower() == ".pdf":
                from desktop.ui.reports.pdf import write_campaign_pdf

                write_campaign_pdf(report, get_settings(self._workspace).practice_name, target)
            else:
                report_export.write_campaign_workbook(report, target.with_suffix(".xlsx"))
                target = target.with_suffix(".xlsx")
        except OSError as error:
            show_message(self.message, f"The report could not be written: {error.strerror or error}.", "error")
            return None
        show_message(self.message, f"The report is in {target}.", "ok")
        return target

    def export_practice(self, path: str | None = None) -> Path | None:
        report = self.practice
        if report is None:
            return None
        chosen = (
            path
            or QFileDialog.getSaveFileName(
                self,
                "Export practice view",
                "Practice messaging.xlsx",
                "Spreadsheet (*.xlsx);;One page to print (*.pdf)",
            )[0]
        )
        if not chosen:
            return None
        target = Path(chosen)
        practice = get_settings(self._workspace).practice_name
        heading_text = f"{practice}: messaging, {self.period_combo.currentText().lower()}"
        try:
            if target.suffix.lower() == ".pdf":
                from desktop.ui.reports.pdf import write_practice_pdf

                write_practice_pdf(report, heading_text, practice, target)
            else:
                target = report_export.write_practice_workbook(report, heading_text, target.with_suffix(".xlsx"))
        except OSError as error:
            show_message(self.message, f"The practice view could not be written: {error.strerror or error}.", "error")
            return None
        self.changed.emit(f"The practice view is in {target}.")
        return target

    def export_coding(self, folder: str | None = None) -> None:
        campaign_id = self.selected_id()
        if campaign_id is None:
            return
        chosen = folder or QFileDialog.getExistingDirectory(self, "Folder for the coding list")
        if not chosen:
            return
        try:
            result = records.export_coding(self._workspace, campaign_id, Path(chosen))
        except (CampaignError, OSError) as error:
            show_message(self.message, str(error), "error")
            return
        show_message(
            self.message,
            f"{result.patients:,} patients to record, in {', '.join(p.name for p in result.files)} "
            "(import it with your clinical system's bulk coding).",
            "ok",
        )

    def release_held_back(self) -> None:
        campaign_id = self.selected_id()
        if campaign_id is None:
            return
        answer = QMessageBox.question(
            self, "Text the held-back group",
            "Plan texts to the patients held back for comparison? The campaign becomes a draft again, to approve. "
            "Measure the outcome first: once they are texted, there is nobody left to compare with.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            hold_back.release_held_back(self._workspace, campaign_id)
        except CampaignError as error:
            show_message(self.message, str(error), "error")
            return
        self.changed.emit("The held-back group is planned: approve the campaign on Campaigns (Continue draft…).")
        self.refresh()

    def purge(self) -> None:
        campaign_id = self.selected_id()
        if campaign_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete personal data",
            "Delete this campaign's patients' names, dates of birth, mobiles and texts now? Counts, costs and "
            "outcomes are kept. This cannot be undone.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.purge_button.setEnabled(False)
        show_message(self.message, "Deleting the personal data and cleaning the database file…", "ok")
        self._run(self.purge_job, lambda ws: retention.purge_campaign(ws, campaign_id), self._purged)

    def _purged(self, _: object) -> None:
        show_message(self.message, "The campaign's personal data has been deleted.", "ok")
        self.changed.emit("Personal data deleted.")
        self.load_campaign()


def _campaign_html(report: CampaignReport) -> str:
    o, c = report.outcome, report.campaign
    parts = [f"<b>{html.escape(c.name)}</b> ({html.escape(c.purpose.label)}, {c.status.label.lower()})"]
    if o.objective:
        parts.append(
            f"Objective: {html.escape(o.objective)}" + (f" (baseline {html.escape(o.baseline)})" if o.baseline else "")
        )
    parts.append(html.escape(o.said))
    if o.comparison is not None:
        parts.append(html.escape(o.comparison.describe()[:1].upper() + o.comparison.describe()[1:]))
    if any(share.total for share in o.by_lead_time.values()):
        parts.append(
            "Missed appointments by how far ahead they were booked: "
            + "; ".join(
                f"{bucket} {percent(s.rate)} ({s.count} of {s.total})"
                for bucket, s in o.by_lead_time.items()
                if s.total
            )
        )
    delivered = f"{report.delivered:,} of {report.texts:,} texts delivered"
    failed = ", ".join(f"{n:,} {reason[0].lower() + reason[1:]}" for reason, n in report.failed.items())
    parts.append(delivered + (f"; {failed}" if failed else "") + ".")
    cost = f"Cost so far {format_pounds(report.cost_pence)} against {format_pounds(report.estimate_pence)} estimated"
    if report.cost_per_delivered is not None:
        cost += f"; {format_pounds(report.cost_per_delivered)} a delivered text"
    parts.append(cost + ".")
    if report.survey is not None and report.survey.total:
        s = report.survey
        parts.append(
            f"Survey: YES {s.yes:,} ({percent(s.yes / s.total)}), NO {s.no:,} ({percent(s.no / s.total)}), "
            f"other {s.other:,} ({percent(s.other / s.total)})."
        )
    if report.concerns:
        parts.append("<span style='color:#d5281b'>Quick check: " + html.escape(" ".join(report.concerns)) + "</span>")
    return "<br>".join(parts)


def _practice_html(report: PracticeReport) -> str:
    texts = sum(m.texts for m in report.months)
    parts = [
        f"{texts:,} texts, {report.fragments:,} fragments, {format_pounds(report.pence)} with VAT; "
        f"{report.delivered:,} delivered"
        + (f", {format_pounds(report.cost_per_delivered)} a delivered text." if report.cost_per_delivered else ".")
    ]
    if report.monthly_budget:
        over = [m.label for m in report.months if m.pence > report.monthly_budget]
        parts.append(
            f"Monthly budget {format_pounds(report.monthly_budget)}"
            + (f": over in {', '.join(over)}." if over else ": no month over it.")
        )
    if report.allocation_a_month is not None:
        unit = (
            f"{report.allocation_a_month:,.0f} fragments"
            if report.allocation_in_fragments
            else format_pounds(report.allocation_a_month)
        )
        parts.append(f"The commissioner's allocation is {unit} a month (a twelfth of the year's).")
    if report.by_purpose:
        parts.append("By purpose: " + ", ".join(f"{p} {n:,}" for p, n in sorted(report.by_purpose.items())) + ".")
    for name, concerns in report.concerns:
        said = html.escape(" ".join(concerns))
        parts.append(f"<span style='color:#d5281b'>{html.escape(name)}: the quick check had a no. {said}</span>")
    return "<br>".join(parts)
