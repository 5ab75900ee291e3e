"""A release plan as a table and as a chart of messages and expected calls against capacity."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCharts import (
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QTableView

from desktop.core.cost import format_pounds
from desktop.core.schedule import ReleasePlan
from desktop.ui.models.base import ColumnsModel, Index


class PlanModel(ColumnsModel):
    # short headings, so every column fits beside the chart at the window's smallest size
    columns = ("Block", "Release", "Texts", "Calls", "By then", "Cost")
    column_tips: ClassVar[Mapping[int, str]] = {
        3: "Expected calls: the texts times the share expected to phone",
        4: "Texts sent by the time this release has gone, counting the earlier ones",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._plan: ReleasePlan | None = None

    def set_plan(self, plan: ReleasePlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._plan.blocks) if self._plan else 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None:
            return None
        b = self._plan.blocks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                b.number,
                f"{b.release_at:%a %d %b %H:%M}",  # the year is in the summary above
                f"{b.size:,}",
                f"{b.expected_calls:,.1f}",
                f"{b.cumulative:,}",
                format_pounds(b.cost),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def plan_table(model: PlanModel) -> QTableView:
    """The release plan's table, as the wizard and the Campaigns page show it beside its charts."""
    table = QTableView()
    table.setAccessibleName("Release plan")
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    for column, width in enumerate((40, 132, 54, 46, 62)):  # the cost takes what is left
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fresh_chart(view: QChartView) -> QChart:
    """A new, empty chart in place of the view's old one: clearing one in place leaves old axes drawn
    under the new."""
    chart = QChart()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    old = view.chart()
    view.setChart(chart)
    if old is not None:
        old.deleteLater()
    return chart


class PlanChart(QChartView):
    """Messages per release day (bars) and expected calls per day (line) against the daily capacity."""

    MAX_DATE_LABELS = 6  # more run into each other at the width the chart usually has: label every few days

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Chart of the release plan")
        self.setMinimumSize(320, 220)
        self.date_labels: list[str] = []  # the dates shown under the chart, for tests and screen readers
        self.show_plan(None)

    def show_plan(self, plan: ReleasePlan | None) -> None:
        chart = fresh_chart(self)
        self.date_labels = []
        if plan is None or not plan.blocks:
            chart.setTitle("No plan yet")
            return
        chart.setTitle("")
        days = list(plan.calls_by_day().items())
        released: dict[date, int] = {}
        for block in plan.blocks:
            day = block.release_at.date()
            released[day] = released.get(day, 0) + block.size
        messages = QBarSet("Messages")
        messages.setColor(QColor("#005eb8"))
        messages.append([released.get(day, 0) for day, _ in days])
        bars = QBarSeries()
        bars.append(messages)
        calls = QLineSeries()
        calls.setName("Expected calls")
        calls.setPen(QPen(QColor("#d5281b"), 2))
        # one figure a day paces only a daily plan: the hourly chart shows the phones' hours, and reminders
        # are timed by their appointments
        daily = not plan.inputs.by_hour and plan.inputs.reminder_days_before is None
        capacity = QLineSeries()
        capacity.setName(f"Capacity ({plan.inputs.daily_capacity:,} a day)")
        capacity.setPen(QPen(QColor("#007f3b"), 2, Qt.PenStyle.DashLine))
        for position, (_, expected) in enumerate(days):
            calls.append(position, float(expected))
            capacity.append(position, plan.inputs.daily_capacity)
        lines = (calls, capacity) if daily else (calls,)
        for series in (bars, *lines):
            chart.addSeries(series)
        x = self._date_axis([day for day, _ in days])
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        messages_axis = QValueAxis()
        messages_axis.setTitleText("Messages")
        messages_axis.setLabelFormat("%d")
        messages_axis.setRange(0, max(released.values()))
        messages_axis.applyNiceNumbers()
        calls_axis = QValueAxis()
        calls_axis.setTitleText("Calls")
        calls_axis.setLabelFormat("%g")
        top = max(plan.inputs.daily_capacity if daily else 1, *(float(v) for _, v in days))
        calls_axis.setRange(0, top * 1.15)
        calls_axis.applyNiceNumbers()
        chart.addAxis(messages_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(calls_axis, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(x)
        bars.attachAxis(messages_axis)
        for line in lines:
            line.attachAxis(x)
            line.attachAxis(calls_axis)

    def _date_axis(self, days: list[date]) -> QCategoryAxis:
        """Days at 0, 1, 2...; a plan of many days labels every few, so the dates stay readable."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, len(days) - 0.5)
        axis.setGridLineVisible(False)
        every = max(1, -(-len(days) // self.MAX_DATE_LABELS))
        for position in range(0, len(days), every):
            label = f"{days[position]:%d %b}"
            axis.append(label, position)
            self.date_labels.append(label)
        return axis
