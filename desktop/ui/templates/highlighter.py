"""Marks, as the user types, the characters that make a text Unicode, and the ((placeholders))."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from desktop.core.sms import GSM_BASIC, GSM_EXTENSION
from desktop.core.template import PLACEHOLDER

_GSM = frozenset(GSM_BASIC + GSM_EXTENSION)


class MessageHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.unicode_format = QTextCharFormat()
        self.unicode_format.setBackground(QColor("#ffc7c2"))
        self.unicode_format.setForeground(QColor("#8a1538"))
        self.unicode_format.setToolTip("This character makes the whole text Unicode: 70 characters a fragment")
        self.placeholder_format = QTextCharFormat()
        self.placeholder_format.setForeground(QColor("#005eb8"))
        self.placeholder_format.setFontWeight(600)

    def highlightBlock(self, text: str) -> None:
        # Qt counts UTF-16 units (an emoji is two), Python counts characters: map one to the other.
        at = [0]
        for ch in text:
            at.append(at[-1] + (2 if ord(ch) > 0xFFFF else 1))
        for match in PLACEHOLDER.finditer(text):
            self.setFormat(at[match.start()], at[match.end()] - at[match.start()], self.placeholder_format)
        for index, ch in enumerate(text):
            if ch not in _GSM:
                self.setFormat(at[index], at[index + 1] - at[index], self.unicode_format)
