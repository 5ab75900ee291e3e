"""The About box: version, libraries and where the data is."""

from __future__ import annotations

from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import APP_NAME, __version__


class AboutDialog(QDialog):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAccessibleName(f"About {APP_NAME}")
        title = QLabel(f"<h2>{APP_NAME}</h2><p>Version {__version__}</p>")
        title.setObjectName("aboutVersion")
        body = QLabel(
            "<p>Plan, cost and release outbound text messages for your practice, safely.</p>"
            "<p>Messages are outbound only: every text tells patients not to reply, and "
            "campaigns are released in stages at the pace your phones can answer.</p>"
            f"<p><b>Data file:</b> {database}</p>"
            f"<p style='color:#4c6272'>Qt {qVersion()} · PySide6 {pyside_version}</p>"
        )
        body.setObjectName("aboutBody")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
