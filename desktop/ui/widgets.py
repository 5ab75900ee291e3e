"""Small widgets shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


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
