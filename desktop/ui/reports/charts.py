"""Charts of what messaging achieved and cost: a campaign's outcome beside its baseline and its held-back
group, its texts by what happened to them, its calls by block against the plan; the practice's spend by
month against the budget and the allocation, and its texts by purpose."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.core.outcomes import baseline_rate
from desktop.services.report_export import pounds
from desktop.services.reports import CampaignReport, PracticeReport
from desktop.ui.campaigns.plan_view import fresh_chart

BLUE, GREEN, RED, GREY, DARK = "#005eb8", "#007f3b", "#d5281b", "#768692", "#41b6e6"
DARK_TEXT = "#212b32"
# the reasons a text was not delivered, as short as a chart's labels must be
_SHORT = {
    "Not delivered: the number is not in use": "Number not in use",
    "Not delivered: the phone was off or out of signal": "Phone off",
    "Not delivered: a technical problem at Notify": "Notify fault",
    "Refused by Notify": "Refused",
    "Outcome unknown (not sent again)": "Unknown",
}


class ReportChart(QChartView):
    """A chart that says what it shows, for tests and screen readers, as well as drawing it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(name)
        self.setMinimumSize(240, 260)
        self.shown: list[tuple[str, float]] = []  # (label, value) of what is drawn
        self.empty("Nothing to show yet")

    def empty(self, title: str) -> None:
        chart = fresh_chart(self)
        chart.setTitle(title)
        self.shown = []

    def bars(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[float],
        axis_title: str,
        colour: str = BLUE,
        percent: bool = False,
        horizontal: bool = False,
    ) -> QChart:
        chart = fresh_chart(self)
        chart.setTitle(title)
        chart.legend().setVisible(False)
        bar_set = QBarSet(axis_title)
        bar_set.setColor(QColor(colour))
        bar_set.setLabelColor(QColor(DARK_TEXT))
        bar_set.append([round(v * 100) if percent else v for v in values])  # whole percentages read best
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value%" if percent else "@value")
        series.setLabelsPrecision(6)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(labels))
        value_axis = QValueAxis()
        value_axis.setTitleText(axis_title)
        value_axis.setLabelFormat("%d%%" if percent else "%g")
        top = max([v * 100 if percent else v for v in values] + [1.0])
        value_axis.setRange(0, 100 if percent and top <= 100 else top * 1.2)
        value_axis.applyNiceNumbers()
        if horizontal:
            chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(value_axis)
        self.shown = list(zip(labels, values, strict=True))
        return chart


def show_outcome(view: ReportChart, report: CampaignReport) -> None:
    """The measure among those texted, the baseline, and those held back."""
    outcome = report.outcome
    if not outcome.imported:
        view.empty("Import a follow-up list to see the outcome")
        return
    labels, values = ["Texted"], [outcome.texted.rate]
    if outcome.comparison is not None:
        labels.append("Held back")
        values.append(outcome.comparison.held_back.rate)
    baseline = baseline_rate(outcome.baseline)
    if baseline is not None:
        labels.append("Baseline")
        values.append(float(baseline))
    view.bars(outcome.measure.label.capitalize(), labels, values, "Patients", GREEN, percent=True)


def show_delivery(view: ReportChart, report: CampaignReport) -> None:
    """The texts by what happened to them."""
    rows = [("Delivered", report.delivered), ("Waiting", report.waiting), ("Not sent", report.not_sent)]
    rows += [(_SHORT.get(reason, reason), n) for reason, n in report.failed.items()]
    rows = [(label, count) for label, count in rows if count]
    if not rows:
        view.empty("No texts yet")
        return
    view.bars("Texts", [label for label, _ in rows], [float(n) for _, n in rows], "Texts")


def show_calls(view: ReportChart, report: CampaignReport) -> None:
    """Calls recorded after each block against the calls its plan expected."""
    blocks = [b for b in report.blocks if b.recorded_calls is not None]
    if not blocks:
        view.empty("No calls recorded yet")
        return
    chart = fresh_chart(view)
    chart.setTitle("Calls after each block")
    expected, recorded = QBarSet("Expected"), QBarSet("Recorded")
    expected.setColor(QColor(GREY))
    recorded.setColor(QColor(BLUE))
    expected.append([float(b.expected_calls) for b in blocks])
    recorded.append([float(b.recorded_calls or 0) for b in blocks])
    series = QBarSeries()
    series.append(expected)
    series.append(recorded)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([f"Block {b.block}" for b in blocks])
    value_axis = QValueAxis()
    value_axis.setTitleText("Calls")
    value_axis.setLabelFormat("%g")
    top = max([float(b.expected_calls) for b in blocks] + [float(b.recorded_calls or 0) for b in blocks] + [1.0])
    value_axis.setRange(0, top * 1.2)
    value_axis.applyNiceNumbers()
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(value_axis)
    view.shown = [(f"Block {b.block}", float(b.recorded_calls or 0)) for b in blocks]


def show_spend(view: ReportChart, report: PracticeReport) -> None:
    """Spend by month (bars) against the monthly budget and a twelfth of the allocation (lines)."""
    if not report.months:
        view.empty("No months to show")
        return
    first, last = report.months[0].start, report.months[-1].start
    chart = view.bars(
        f"Spend by month, {first:%b %Y} to {last:%b %Y}", [f"{m.start:%b}" for m in report.months],
        [float(pounds(m.pence)) for m in report.months], "Pounds, with VAT",
    )  # fmt: skip
    chart.legend().setVisible(True)
    value_axis = next(a for a in chart.axes(Qt.Orientation.Vertical) if isinstance(a, QValueAxis))
    limits = []
    if report.monthly_budget:
        limits.append(("Monthly budget", float(pounds(report.monthly_budget)), RED))
    if report.allocation_a_month is not None and not report.allocation_in_fragments:
        limits.append(("Allocation a month", float(pounds(report.allocation_a_month)), GREEN))
    top = max([float(pounds(m.pence)) for m in report.months] + [value for _, value, _ in limits] + [1.0])
    value_axis.setRange(0, top * 1.2)
    value_axis.applyNiceNumbers()
    for name, value, colour in limits:
        line = QLineSeries()
        line.setName(f"{name} (£{value:,.2f})")
        line.setPen(QPen(QColor(colour), 2, Qt.PenStyle.DashLine))
        line.append(-0.5, value)
        line.append(len(report.months) - 0.5, value)
        chart.addSeries(line)
        line.attachAxis(value_axis)
        hidden = QValueAxis()  # the line spans the bars' categories, which are numbered from 0
        hidden.setRange(-0.5, len(report.months) - 0.5)
        hidden.setVisible(False)
        chart.addAxis(hidden, Qt.AlignmentFlag.AlignBottom)
        line.attachAxis(hidden)


def show_purposes(view: ReportChart, report: PracticeReport) -> None:
    if not report.by_purpose:
        view.empty("No texts in these months")
        return
    rows = sorted(report.by_purpose.items(), key=lambda item: item[1])
    view.bars("Texts by purpose", [p for p, _ in rows], [float(n) for _, n in rows], "Texts", DARK, horizontal=True)
