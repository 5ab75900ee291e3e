"""The staged release plan: blocks, pace and charts, worked out as the inputs change."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.core.appointments import LONGEST_LEAD
from desktop.core.campaign import Campaign
from desktop.core.clock import UK, format_day
from desktop.core.cost import format_pounds
from desktop.core.schedule import DAY_NAMES, PlanError, PlanInputs, ReleasePlan, SendingWindow
from desktop.core.template import Purpose
from desktop.services import campaigns
from desktop.services.practice import get_settings
from desktop.ui.campaigns.hourly_chart import HourlyChart
from desktop.ui.campaigns.plan_view import PlanChart, PlanModel, plan_table
from desktop.ui.widgets import message_label, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace

if TYPE_CHECKING:
    from desktop.ui.campaigns.wizard import CampaignWizard


def _spin(name: str, low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setAccessibleName(name)
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    return spin


class PlanPage(QWizardPage):
    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.plan: ReleasePlan | None = None
        self.planning = False  # a plan for the choices shown is being made
        self.plan_job = JobSlot(self)
        self.setTitle("Release plan")
        self.setSubTitle(
            "Start small to learn the response, then release faster, never beyond the calls the practice can answer."
        )
        self.start_edit = QDateTimeEdit()
        self.start_edit.setAccessibleName("First release no earlier than")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.first_spin = _spin("First block", 1, 1_000_000)
        self.growth_spin = QDoubleSpinBox()
        self.growth_spin.setAccessibleName("Growth of each block")
        self.growth_spin.setRange(1.0, 5.0)
        self.growth_spin.setSingleStep(0.1)
        self.growth_spin.setDecimals(1)
        self.growth_spin.setPrefix("× ")
        self.max_spin = _spin("Largest block", 1, 1_000_000)
        self.interval_spin = _spin("Hours between releases", 1, 24 * 14, " hours")
        self.rate_spin = QDoubleSpinBox()
        self.rate_spin.setAccessibleName("Expected response rate")
        self.rate_spin.setRange(0, 100)
        self.rate_spin.setDecimals(1)
        self.rate_spin.setSuffix(" %")
        self.capacity_spin = _spin("Extra calls a day the practice can answer", 0, 100_000)
        self.by_hour_check = QCheckBox("Follow the phones hour by hour (the spare calls an hour set in Settings)")
        self.by_hour_check.setAccessibleName("Follow the phones hour by hour")
        self.by_hour_check.toggled.connect(self._show_pace)
        self.curve_note = QLabel()
        self.curve_note.setObjectName("note")
        self.curve_note.setWordWrap(True)
        self.day_checks = [QCheckBox(name) for name in DAY_NAMES]
        for check, name in zip(self.day_checks, DAY_NAMES, strict=True):
            check.setAccessibleName(f"Send on {name}")
        self.from_edit, self.to_edit = QTimeEdit(), QTimeEdit()
        for edit, name in ((self.from_edit, "Sending from"), (self.to_edit, "Sending until")):
            edit.setAccessibleName(name)
            edit.setDisplayFormat("HH:mm")

        self.lead_spin = _spin("Days before the appointment", 0, LONGEST_LEAD, " days before")
        self.lead_spin.setToolTip(
            "Each reminder goes this many days before its patient's appointment, at the start of the sending "
            "hours (on the sending day before, if that day is a weekend or bank holiday); never after it."
        )
        self.form = QGridLayout()
        pairs = [
            ("First release from:", self.start_edit),
            ("First block:", self.first_spin),
            ("Each block grows:", self.growth_spin),
            ("Largest block:", self.max_spin),
            ("Release every:", self.interval_spin),
            ("Expected to phone:", self.rate_spin),
            ("Extra calls a day we can answer:", self.capacity_spin),
            ("Send each reminder:", self.lead_spin),
        ]
        self._labels: dict[QWidget, QLabel] = {widget: QLabel(label) for label, widget in pairs}
        self._lay_out(False)
        days = QHBoxLayout()
        for check in self.day_checks:
            days.addWidget(check)
        days.addSpacing(12)
        days.addWidget(QLabel("from"))
        days.addWidget(self.from_edit)
        days.addWidget(QLabel("to"))
        days.addWidget(self.to_edit)
        days.addStretch(1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("warning")
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("Why days send less")
        self.message = message_label()
        self.model = PlanModel(self)
        self.table = plan_table(self.model)
        self.chart = PlanChart()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        self.hourly_chart = HourlyChart()
        self.charts = QTabWidget()
        self.charts.addTab(self.chart, "By day")
        self.charts.addTab(self.hourly_chart, "By hour")
        split.addWidget(self.charts)
        split.setSizes([460, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(days)
        layout.addWidget(self.by_hour_check)
        layout.addWidget(self.curve_note)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        for spin in (self.first_spin, self.max_spin, self.interval_spin, self.capacity_spin, self.lead_spin):
            spin.valueChanged.connect(self.recompute)
        for double in (self.growth_spin, self.rate_spin):
            double.valueChanged.connect(self.recompute)
        for check in (*self.day_checks, self.by_hour_check):
            check.toggled.connect(self.recompute)
        for edit in (self.from_edit, self.to_edit):
            edit.timeChanged.connect(self.recompute)
        self.start_edit.dateTimeChanged.connect(self.recompute)

    def initializePage(self) -> None:
        wizard = self._wizard
        costing = wizard.costing
        assert costing is not None
        e = costing.estimate
        per_message = e.cost_after_vat / e.messages if e.messages else Decimal(0)
        reminding = wizard.campaign.purpose is Purpose.APPOINTMENT_REMINDER
        inputs = wizard.campaign.plan_inputs
        if inputs is None or (inputs.reminder_days_before is not None) != reminding:  # new, or its purpose changed
            inputs = campaigns.default_plan_inputs(
                get_settings(wizard.workspace), e.messages, per_message, wizard.campaign.purpose
            )
        self._inputs = replace(inputs, cohort_size=e.messages, cost_per_message=per_message)
        widgets = [
            self.start_edit,
            self.first_spin,
            self.growth_spin,
            self.max_spin,
            self.interval_spin,
            self.rate_spin,
            self.capacity_spin,
            self.from_edit,
            self.to_edit,
            self.by_hour_check,
            self.lead_spin,
            *self.day_checks,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        local = inputs.start.astimezone(UK)
        self.start_edit.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
        self.first_spin.setValue(inputs.first_block)
        self.growth_spin.setValue(float(inputs.growth))
        self.max_spin.setValue(inputs.max_block)
        self.interval_spin.setValue(max(int(inputs.interval.total_seconds() // 3600), 1))
        self.rate_spin.setValue(float(inputs.response_rate * 100))
        self.capacity_spin.setValue(inputs.daily_capacity)
        self.from_edit.setTime(QTime(inputs.window.start.hour, inputs.window.start.minute))
        self.to_edit.setTime(QTime(inputs.window.end.hour, inputs.window.end.minute))
        for day, check in enumerate(self.day_checks):
            check.setChecked(day in inputs.window.days)
        self.by_hour_check.setChecked(inputs.by_hour)
        self.lead_spin.setValue(inputs.reminder_days_before or 0)
        for widget in widgets:
            widget.blockSignals(False)
        self._show_reminders(reminding)
        self._show_pace(inputs.by_hour)
        self.recompute()

    def _show_reminders(self, reminding: bool) -> None:
        """Reminders are timed by their appointments: no blocks, growth or pace to choose."""
        self.setSubTitle(
            "Each patient is reminded a few days before their appointment, never after it; reminders bring "
            "cancellations rather than bookings, so they are not paced by the phones."
            if reminding
            else "Start small to learn the response, then release faster, never beyond the calls the practice "
            "can answer."
        )
        self._lay_out(reminding)
        self.by_hour_check.setVisible(not reminding)
        self._labels[self.start_edit].setText("No reminder before:" if reminding else "First release from:")

    def _lay_out(self, reminding: bool) -> None:
        """Two choices a row, only those that shape this kind of plan."""
        paced = (self.first_spin, self.growth_spin, self.max_spin, self.interval_spin, self.capacity_spin)
        shown = [self.start_edit, self.lead_spin, self.rate_spin] if reminding else [self.start_edit, *paced[:4]]
        if not reminding:
            shown += [self.rate_spin, self.capacity_spin]
        for widget, label in self._labels.items():
            self.form.removeWidget(label)
            self.form.removeWidget(widget)
            label.setVisible(widget in shown)
            widget.setVisible(widget in shown)
        for i, widget in enumerate(shown):
            self.form.addWidget(self._labels[widget], i // 2, (i % 2) * 2)
            self.form.addWidget(widget, i // 2, (i % 2) * 2 + 1)

    def inputs(self) -> PlanInputs:
        chosen = self.start_edit.dateTime()
        on, clock = chosen.date(), chosen.time()
        start = datetime(on.year(), on.month(), on.day(), clock.hour(), clock.minute(), tzinfo=UK)
        window = SendingWindow(
            tuple(day for day, check in enumerate(self.day_checks) if check.isChecked()),
            time(self.from_edit.time().hour(), self.from_edit.time().minute()),
            time(self.to_edit.time().hour(), self.to_edit.time().minute()),
        )
        return replace(
            self._inputs,
            start=start,
            first_block=self.first_spin.value(),
            growth=Decimal(f"{self.growth_spin.value():.1f}"),
            max_block=self.max_spin.value(),
            interval=timedelta(hours=self.interval_spin.value()),
            window=window,
            response_rate=Decimal(f"{self.rate_spin.value():.1f}") / 100,
            daily_capacity=self.capacity_spin.value(),
            by_hour=self.by_hour_check.isChecked() and self._inputs.reminder_days_before is None,
            reminder_days_before=self.lead_spin.value() if self._inputs.reminder_days_before is not None else None,
        )

    def _show_pace(self, by_hour: bool) -> None:
        """Hourly pacing releases every sending day against the phones' hours: no daily figure or interval."""
        by_hour = by_hour and self._inputs.reminder_days_before is None
        self.capacity_spin.setEnabled(not by_hour)
        self.interval_spin.setEnabled(not by_hour)
        self.curve_note.setText(
            f"Calls are expected to arrive {self._inputs.curve.describe()}, counted in the hours the phones are "
            "open; each day's block is split into releases every half hour so that no hour goes over its spare "
            "calls."
            if by_hour
            else ""
        )
        self.curve_note.setVisible(by_hour)

    def recompute(self) -> None:
        """Plan again for the choices shown, in a worker: by the hour, a 100,000-patient cohort takes a few
        hundred milliseconds, which would stop the window at every click of a spin box."""
        wizard = self._wizard
        draft = replace(wizard.campaign, plan_inputs=self.inputs())
        costing, path = wizard.costing, wizard.workspace.path
        # through the service, so blocks already released are counted as they will be at approval
        worker = Worker(
            lambda progress, cancelled: in_workspace(path, lambda ws: campaigns.plan(ws, draft, costing)),
            expected=(PlanError,),
        )
        worker.finished.connect(self._planned)
        worker.failed.connect(self._not_planned)
        self.planning = True
        self.completeChanged.emit()
        self.plan_job.start(worker)  # a plan still being made for older choices is dropped

    def _planned(self, plan: ReleasePlan) -> None:
        show_message(self.message, "", "ok")
        self._show(plan)

    def _not_planned(self, message: str) -> None:
        show_message(self.message, message, "error")
        self._show(None)

    def _show(self, plan: ReleasePlan | None) -> None:
        self.plan, self.planning = plan, False
        self.model.set_plan(plan)
        self.chart.show_plan(plan)
        self.hourly_chart.show_plan(plan, get_settings(self._wizard.workspace).phone_hours)
        if plan is None or not plan.blocks:
            self.summary.setText("")
            self.notes.setText("")
        else:
            peak = max(plan.calls_by_day().values())
            first, last = plan.blocks[0].release_at, plan.blocks[-1].release_at
            days = len({b.release_at.date() for b in plan.blocks})
            what = "reminders" if plan.inputs.reminder_days_before is not None else "messages"
            self.summary.setText(
                f"{plan.total_messages:,} {what} in {len(plan.blocks)} releases on {days} days from "
                f"{format_day(first.date())} "
                f"to {format_day(last.date())}; at most {peak:,.1f} extra calls on any day; "
                f"{format_pounds(plan.total_cost)} with VAT."
            )
            self.notes.setText(_shortened(plan.notes))
            self.notes.setToolTip("\n".join(plan.notes) if len(plan.notes) > _NOTES_SHOWN else "")
        self.completeChanged.emit()

    def collect(self) -> Campaign:
        return replace(self._wizard.campaign, plan_inputs=self.inputs())

    def isComplete(self) -> bool:
        return not self.planning and self.plan is not None and bool(self.plan.blocks)

    def validatePage(self) -> bool:
        return self._wizard.save(self.collect())


_NOTES_SHOWN = 3  # a long plan can fall short on many days: the rest are in the tooltip


def _shortened(notes: tuple[str, ...]) -> str:
    """The first few days that fall short, and how many more (a plan's notes would fill the page)."""
    if len(notes) <= _NOTES_SHOWN:
        return "\n".join(notes)
    more = len(notes) - _NOTES_SHOWN + 1
    return (
        "\n".join(notes[: _NOTES_SHOWN - 1]) + f"\n…and {more} more days held back the same way (point here for all)."
    )
