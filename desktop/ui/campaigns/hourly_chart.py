"""Expected calls in each open hour of the phones against that hour's spare capacity, for the first days
of a plan: the view that shows a morning swamped while the day as a whole looks fine."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarSet, QCategoryAxis, QChartView, QLineSeries, QStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.core.clock import UK
from desktop.core.phone_hours import HourLoad, PhoneHours, calls_by_hour, hourly_load
from desktop.core.schedule import ReleasePlan
from desktop.ui.campaigns.plan_view import fresh_chart

DAYS_SHOWN = 5


class HourlyChart(QChartView):
    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Chart of expected calls by the hour")
        self.setMinimumSize(320, 220)
        self.loads: list[HourLoad] = []  # what is drawn, for tests and screen readers
        self.show_plan(None)

    def show_plan(self, plan: ReleasePlan | None, hours: PhoneHours | None = None) -> None:
        chart = fresh_chart(self)
        self.loads = []
        if plan is None or not plan.blocks:
            chart.setTitle("No plan yet")
            return
        phones = hours or PhoneHours()
        calls = calls_by_hour(
            ((b.release_at, b.size) for b in plan.blocks), plan.inputs.response_rate, plan.inputs.curve, phones
        )
        loads = hourly_load(calls, phones)
        days = sorted({load.hour.astimezone(UK).date() for load in loads})[:DAYS_SHOWN]
        self.loads = [load for load in loads if load.hour.astimezone(UK).date() in days]
        over = sum(load.over for load in self.loads)
        chart.setTitle(f"{over} hour{'s' if over != 1 else ''} over capacity" if over else "Every hour within capacity")
        within, beyond = QBarSet("Expected calls"), QBarSet("Over capacity")
        within.setColor(QColor("#005eb8"))
        beyond.setColor(QColor("#d5281b"))
        capacity = QLineSeries()
        capacity.setName("Spare capacity")
        capacity.setPen(QPen(QColor("#007f3b"), 2, Qt.PenStyle.DashLine))
        for position, load in enumerate(self.loads):
            expected = float(load.expected)
            within.append(0 if load.over else expected)
            beyond.append(expected if load.over else 0)
            capacity.append(position - 0.5, load.capacity)
            capacity.append(position + 0.5, load.capacity)
        bars = QStackedBarSeries()  # one bar an hour: blue within capacity, red over it
        bars.setBarWidth(0.9)
        bars.append(within)
        bars.append(beyond)
        chart.addSeries(bars)
        chart.addSeries(capacity)
        x = self._day_axis(days)
        y = QValueAxis()
        y.setTitleText("Calls an hour")
        y.setLabelFormat("%g")
        top = max([load.capacity for load in self.loads] + [float(load.expected) for load in self.loads])
        y.setRange(0, top * 1.15 or 1)
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, capacity):
            series.attachAxis(x)
            series.attachAxis(y)

    def _day_axis(self, days: list[date]) -> QCategoryAxis:
        """Each day labelled at its first open hour."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, len(self.loads) - 0.5)
        axis.setGridLineVisible(False)
        for day in days:
            first = next(i for i, load in enumerate(self.loads) if load.hour.astimezone(UK).date() == day)
            axis.append(f"{day:%a %d}", first)
        return axis
