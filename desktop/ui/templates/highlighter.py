"""Marks, as the user types, the characters that make a text Unicode or that GOV.UK Notify would send
as "?", and the ((placeholders))."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from desktop.core.counting import QUESTION_MARK, UNICODE, Counting
from desktop.core.template import PLACEHOLDER


class MessageHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, counting: Counting | None = None) -> None:
        super().__init__(document)
        self.counting = counting or Counting()
        self.question_format = QTextCharFormat()
        self.question_format.setBackground(QColor("#ffc7c2"))
        self.question_format.setForeground(QColor("#8a1538"))
        self.question_format.setToolTip("GOV.UK Notify cannot send this character: patients would see ?")
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
        formats = {UNICODE: self.unicode_format, QUESTION_MARK: self.question_format}
        for index, ch in enumerate(text):
            flag = self.counting.flag(ch)
            if flag is not None:
                self.setFormat(at[index], at[index + 1] - at[index], formats[flag])

    def set_counting(self, counting: Counting) -> None:
        self.counting = counting
        self.rehighlight()
