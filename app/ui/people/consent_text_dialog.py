"""«Текст согласия на обработку ПДн…»: the school's own wording of the consent form."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.sections import sections_to_text as plain_sections_to_text
from app.core.sections import text_to_sections as plain_text_to_sections
from app.errors import KuratorError
from app.services.people import consent
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import ERROR_STYLE, GuardedDialog

TEXTS = {
    "title": "Текст согласия на обработку персональных данных",
    "intro": (
        "Так согласие печатается для каждого участника. Подстановки в фигурных скобках "
        "программа заменяет данными: {full_name} — ФИО, {position_clause} — должность с "
        "запятой, {school_full} и {school_short} — наименование школы, {locality} — "
        "населённый пункт. Разделы пишутся так: заголовок на первой строке, дальше "
        "абзацы по одному в строке; строка, начинающаяся с «–», — пункт списка; разделы "
        "отделяются пустой строкой."
    ),
    "heading": "Заголовок:",
    "lines": "Начало (строки от левого края):",
    "consent": "Основной абзац:",
    "sections": "Разделы:",
    "closing": "Заключение:",
    "defaults": "Вернуть текст программы",
    "save": "Сохранить",
    "cancel": "Отмена",
}
DASH = "–"


def sections_to_text(sections: list[dict[str, Any]]) -> str:
    """The regulation's plain-text form, with list items as «– …» lines after the paragraphs."""
    return plain_sections_to_text(
        [
            {
                "heading": sec.get("heading", ""),
                "paragraphs": [
                    *sec.get("paragraphs", []),
                    *(f"{DASH} {i}" for i in sec.get("items", [])),
                ],
            }
            for sec in sections
        ]
    )


def text_to_sections(text: str) -> list[dict[str, Any]]:
    """Back from the text: lines starting with a dash are the section's list items."""
    out = []
    for sec in plain_text_to_sections(text):
        lines = [str(p) for p in sec["paragraphs"]]
        out.append(
            {
                "heading": sec["heading"],
                "paragraphs": [ln for ln in lines if ln[:1] not in "–-—"],
                "items": [ln.lstrip("–-— ").strip() for ln in lines if ln[:1] in "–-—"],
            }
        )
    return out


def canonical(t: dict[str, Any]) -> dict[str, Any]:
    """A template as this dialog writes it, to tell the shipped text from an edited one."""
    return {
        "title": "\n".join(p.strip() for p in str(t.get("title", "")).split("\n") if p.strip()),
        "intro": [str(x).strip() for x in t.get("intro", []) if str(x).strip()],
        "consent": " ".join(str(t.get("consent", "")).split()),
        "sections": text_to_sections(sections_to_text(list(t.get("sections", [])))),
        "closing": " ".join(str(t.get("closing", "")).split()),
    }


class ConsentTextDialog(GuardedDialog):
    """Edits the stored wording; «Вернуть текст программы» drops the school's version."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.resize(820, 680)
        intro = QLabel(TEXTS["intro"])
        intro.setWordWrap(True)
        self.heading = QPlainTextEdit()  # one or two lines, as printed
        self.heading.setFixedHeight(52)
        self.lines = QPlainTextEdit()
        self.lines.setFixedHeight(90)
        self.consent = QPlainTextEdit()
        self.consent.setFixedHeight(90)
        self.sections = QPlainTextEdit()
        self.closing = QPlainTextEdit()
        self.closing.setFixedHeight(60)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(TEXTS["heading"], self.heading)
        form.addRow(TEXTS["lines"], self.lines)
        form.addRow(TEXTS["consent"], self.consent)
        form.addRow(TEXTS["sections"], self.sections)
        form.addRow(TEXTS["closing"], self.closing)
        buttons = QDialogButtonBox()
        buttons.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(TEXTS["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        defaults = QPushButton(TEXTS["defaults"])
        buttons.addButton(defaults, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        defaults.clicked.connect(lambda: self.show_template(consent.load_template()))
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form, 1)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._stored = consent.school_template(ws.db)
        self.show_template(self._stored)
        self._loaded = self.template()

    def show_template(self, t: dict[str, Any]) -> None:
        self.heading.setPlainText(str(t.get("title", "")))
        self.lines.setPlainText("\n".join(str(x) for x in t.get("intro", [])))
        self.consent.setPlainText(str(t.get("consent", "")))
        self.sections.setPlainText(sections_to_text(list(t.get("sections", []))))
        self.closing.setPlainText(str(t.get("closing", "")))

    def template(self) -> dict[str, Any]:
        """The form as a template."""
        return {
            "title": "\n".join(
                ln.strip() for ln in self.heading.toPlainText().splitlines() if ln.strip()
            ),
            "intro": [ln.strip() for ln in self.lines.toPlainText().splitlines() if ln.strip()],
            "consent": " ".join(self.consent.toPlainText().split()),
            "sections": text_to_sections(self.sections.toPlainText()),
            "closing": " ".join(self.closing.toPlainText().split()),
        }

    def is_modified(self) -> bool:
        return self.template() != self._loaded

    def save(self) -> bool:
        new = self.template()
        try:
            if new == canonical(consent.load_template()):
                consent.save_school_template(self.ws.db, None)
            else:
                consent.save_school_template(self.ws.db, new)
        except KuratorError as exc:
            self.error.setText(str(exc))
            return False
        self._loaded = new
        self.accept()
        return True
