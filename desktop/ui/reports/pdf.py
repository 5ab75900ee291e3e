"""A report on one A4 page, as a PDF, by Qt's own PDF writer: the figures as a table and the charts the
Outcomes page shows, for a practice meeting."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, Qt, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from desktop.core.clock import UK
from desktop.gateways.table_files import write_atomically
from desktop.services.report_export import Line, campaign_lines, pounds
from desktop.services.reports import CampaignReport, PracticeReport
from desktop.ui.reports.charts import ReportChart, show_calls, show_delivery, show_outcome, show_purposes, show_spend

CHART_SIZE = (720, 520)  # pixels each chart is drawn at before it is scaled onto the page
CHART_WIDTH = 660  # the charts' row across the page, in the document's pixels (96 an inch)


def write_campaign_pdf(report: CampaignReport, practice: str, path: Path) -> Path:
    charts: list[tuple[Callable[[ReportChart, CampaignReport], None], str]] = [
        (show_outcome, "Outcome"),
        (show_delivery, "Texts"),
        (show_calls, "Calls"),
    ]
    images = [_chart_image(_drawing(show, report), name) for show, name in charts]
    title = f"{report.campaign.name}: outcome report"
    return _write(path, title, practice, campaign_lines(report), images)


def write_practice_pdf(report: PracticeReport, heading: str, practice: str, path: Path) -> Path:
    lines = [
        Line("Texts", f"{sum(m.texts for m in report.months):,}"),
        Line("Fragments", f"{report.fragments:,}"),
        Line("Spend, with VAT", f"£{pounds(report.pence):,.2f}"),
        Line("Delivered", f"{report.delivered:,}"),
        Line(
            "Cost per delivered text",
            f"£{pounds(report.cost_per_delivered):,.2f}" if report.cost_per_delivered is not None else "—",
        ),
        *[Line(f"{m.label}", f"£{pounds(m.pence):,.2f} ({m.fragments:,} fragments)") for m in report.months],
        *[Line(f"Quick check: {name}", "; ".join(found)) for name, found in report.concerns],
    ]
    images = [
        _chart_image(lambda v: show_spend(v, report), "Spend"),
        _chart_image(lambda v: show_purposes(v, report), "Purposes"),
    ]
    return _write(path, heading, practice, lines, images)


def _drawing(
    show: Callable[[ReportChart, CampaignReport], None], report: CampaignReport
) -> Callable[[ReportChart], None]:
    return lambda view: show(view, report)


def _chart_image(show: Callable[[ReportChart], None], name: str) -> QImage:
    """The chart as the page shows it: laid out by being shown (never on the screen), then grabbed."""
    view = ReportChart(name)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(*CHART_SIZE)
    show(view)
    view.show()
    QCoreApplication.sendPostedEvents()  # the chart's layout, which a shown view does on its first paint
    image = view.grab().toImage()
    view.close()
    view.deleteLater()
    return image


def _write(path: Path, title: str, practice: str, lines: Sequence[Line], images: Sequence[QImage]) -> Path:
    def write(tmp: Path) -> None:
        writer = QPdfWriter(str(tmp))
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(12, 12, 12, 12))
        )
        writer.setResolution(150)
        writer.setTitle(title)
        writer.setCreator("Practice Messaging")
        document = QTextDocument()
        document.documentLayout().setPaintDevice(writer)  # laid out at the page's resolution, not the screen's
        document.setDocumentMargin(0)
        font = document.defaultFont()
        font.setPointSizeF(9)
        document.setDefaultFont(font)
        for number, image in enumerate(images):
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart{number}"), image)
        document.setHtml(_html(title, practice, lines, len(images)))
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(page.width(), page.height()))
        _fit_one_page(document, page.width())
        painter = QPainter(writer)
        document.drawContents(painter)
        painter.end()

    return write_atomically(path, write)


def _fit_one_page(document: QTextDocument, width: float) -> None:
    """Shrink the text until the whole report fits on its page (a long report keeps every line)."""
    height = document.pageSize().height()
    size = document.defaultFont().pointSizeF()
    while size > 5 and document.size().height() > height:
        size -= 0.5
        font = document.defaultFont()
        font.setPointSizeF(size)
        document.setDefaultFont(font)
        document.setTextWidth(width)


def _html(title: str, practice: str, lines: Sequence[Line], charts: int) -> str:
    rows = "".join(
        f"<tr><td style='padding:2px 8px 2px 0;color:#425563'>{html.escape(line.label)}</td>"
        f"<td style='padding:2px 0'>{html.escape(_shown(line))}</td></tr>"
        for line in lines
    )
    cells = "".join(f"<td><img src='chart{n}' width='{CHART_WIDTH // charts}'></td>" for n in range(charts))
    return (
        f"<h2 style='color:#005eb8;margin:0'>{html.escape(title)}</h2>"
        f"<p style='color:#425563'>{html.escape(practice)} · {datetime.now(UK):%d %B %Y}</p>"
        f"<table cellspacing='0'>{rows}</table><br><table><tr>{cells}</tr></table>"
    )


def _shown(line: Line) -> str:
    value = line.value
    if line.number_format == "0.0%" and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if line.number_format and "£" in line.number_format:
        return f"£{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
