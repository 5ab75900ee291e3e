"""Small widgets shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

PRICE_PATTERN = QRegularExpression(r"^\d{0,3}(\.\d{0,4})?$")  # pence a fragment, as typed: 2.4, 2.33


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("pageTitle")
    label.setAccessibleName(text)
    return label


def note(text: str, parent: QWidget | None = None) -> QLabel:
    """A paragraph of explanation, wrapped, in the muted text colour."""
    label = QLabel(text, parent)
    label.setObjectName("note")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def message_label(parent: QWidget | None = None) -> QLabel:
    """An inline message (error or confirmation), hidden until there is something to say."""
    label = QLabel(parent)
    label.setObjectName("inlineMessage")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str, kind: str) -> None:
    """kind is 'error' or 'ok'; the stylesheet colours by the property."""
    label.setProperty("kind", kind)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
    label.setAccessibleDescription(text)
    label.setVisible(bool(text))


def scroll_contents(page: QWidget) -> None:
    """Put what the page's layout holds into a scroll area filling the page: it grows with a large window
    and scrolls on a small (or scaled) screen instead of pushing the dialog past the screen's edge."""
    layout = page.layout()
    assert layout is not None, "lay the page out first"
    inner = QWidget()
    inner.setObjectName("scrollContent")
    inner.setLayout(layout)  # Qt moves the layout, and reparents the widgets it holds
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to the size wanted, or to what the screen has room for, whichever is smaller."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width, height = min(width, room.width() - 20), min(height, room.height() - 40)  # the frame
    window.resize(width, height)
