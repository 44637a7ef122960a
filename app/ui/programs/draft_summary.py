"""The panel above a just-created program: what its roadmap was drafted from, and where."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.programs.program_draft import DraftSummary

TEXTS = {
    "title": "Что составлено автоматически",
    "hide": "Скрыть",
    "hint": "Проверьте мероприятия на вкладке «Дорожная карта»: их можно изменить, "
    "удалить или добавить свои. Библиотеку мероприятий школа правит в меню «Школа» → «Справочники…» → «Мероприятия программы».",
}
STYLE = "QFrame#draft_summary { background: #fff8e1; border: 1px solid #e0c36a; }"


class DraftSummaryPanel(QFrame):
    """Hidden until ``show_summary``; «Скрыть» closes it. ``text()`` is what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draft_summary")
        self.setStyleSheet(STYLE)
        title = QLabel(f"<b>{TEXTS['title']}</b>")
        self.hide_button = QPushButton(TEXTS["hide"])
        self.hide_button.clicked.connect(self.hide)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.hide_button)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidget(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # A long summary scrolls inside the panel instead of squeezing the roadmap away.
        scroll.setMaximumHeight(170)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addLayout(head)
        lay.addWidget(scroll)
        self._lines: list[str] = []
        self.hide()

    def show_summary(self, summary: DraftSummary, remark: str = "") -> None:
        """Show the summary's lines (and a remark about template rows left out)."""
        self._lines = [*summary.lines, *([remark] if remark else []), TEXTS["hint"]]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self._lines)
        self.body.setText(f"<ul style='margin-left:-20px; margin-top:0'>{items}</ul>")
        self.show()

    def text(self) -> str:
        """The lines shown, one a line (for tests and for copying)."""
        return "\n".join(self._lines)
