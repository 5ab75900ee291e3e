"""The page for an area whose tools are still to come: what it is for, in the guidance's words."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui.widgets import heading, note


class AreaPage(QWidget):
    def __init__(self, title: str, purpose: str, points: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(heading(title))
        layout.addWidget(note(purpose))
        bullet_list = QLabel("<ul>" + "".join(f"<li>{point}</li>" for point in points) + "</ul>")
        bullet_list.setWordWrap(True)
        layout.addWidget(bullet_list)
        status = QLabel("Not available in this version yet.")
        status.setObjectName("comingSoon")
        layout.addWidget(status)
        layout.addStretch(1)
