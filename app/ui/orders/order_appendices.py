"""The «Приложения» tab of the order editor: one page per appendix with its own editor."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.sections import sections_to_text, text_to_sections
from app.core.textutil import format_date, parse_date
from app.models.db import Database
from app.services.orders import order_prefill
from app.services.orders.appendix_data import BaseForm, Regulation, Roadmap, RoadmapRow, Section
from app.services.orders.orders import AppendixData
from app.services.pairs import bases
from app.ui.common.widgets import ERROR_STYLE, DateField
from app.ui.orders.order_columns import ColumnsDialog
from app.ui.orders.order_pairs_editor import PairsEditor
from app.ui.orders.order_results_editor import ResultsEditor
from app.ui.orders.order_widgets import RowsTable

TEXTS = {
    "appendix": "Приложение {n}",
    "title": "Заголовок приложения:",
    "event": "Мероприятие",
    "deadline": "Сроки",
    "responsible": "Ответственные",
    "text_hint": (
        "Раздел — это заголовок на первой строке и абзацы на следующих строках "
        "(по одному абзацу в строке); разделы отделяются пустой строкой."
    ),
    "load_docx": "Загрузить документ школы (.docx)…",
    "drop_docx": "Убрать документ",
    "docx_loaded": (
        "Печатается документ школы «{name}» ({size} КБ) с его собственным "
        "оформлением; текст ниже не печатается."
    ),
    "docx_none": "Печатается текст ниже. Можно вместо него загрузить положение школы в Word.",
    "pick_docx": "Документ школы",
    "docx_filter": "Документ Word (*.docx)",
    "not_docx": "Файл «{name}» — не документ Word в формате .docx. Откройте его в Word и "
    "сохраните как «Документ Word (*.docx)».",
    "unreadable": "Не удалось прочитать файл «{name}»: {error}",
    "council": "Согласование с педагогическим советом",
    "council_date": "Протокол от:",
    "council_number": "№ протокола:",
    "with_data": "Заполнить из базы (напечатать сведения о нынешних участниках)",
    "blank_rows": "Пустых строк для заполнения от руки:",
    "columns": "Столбцы…",
    "columns_now": "Столбцы таблицы (кроме «№»): {names}.",
    "other": "Это приложение печатается из своего раздела программы (например, программа "
    "наставничества — с вкладки «Программы», с номером и датой этого приказа в грифе "
    "«УТВЕРЖДЕНО»); здесь меняется только заголовок в списке приложений.",
}
BASE_OF_KIND = {"mentors_base": "mentors", "mentees_base": "mentees"}


class HeadingHighlighter(QSyntaxHighlighter):
    """Bold for the first line of each section, so headings stand out from paragraphs."""

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt API)
        # State 1 marks a blank line; a change of it makes Qt re-highlight the next line.
        self.setCurrentBlockState(0 if text.strip() else 1)
        if text.strip() and self.previousBlockState() in (-1, 1):
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            self.setFormat(0, len(text), bold)


class RoadmapEditor(QWidget):
    """Appendix 1: Мероприятие | Сроки | Ответственные."""

    KEYS = RoadmapRow.FIELDS

    def __init__(self, data: AppendixData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = RowsTable([TEXTS[k] for k in self.KEYS], stretch=(0,))
        self.rows.table.setColumnWidth(1, 150)
        self.rows.table.setColumnWidth(2, 170)
        self.changed = self.rows.changed
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rows)
        assert isinstance(data.content, Roadmap)
        self.rows.set_rows([r.cells() for r in data.content.rows])

    def apply(self, data: AppendixData) -> None:
        data.content = Roadmap(
            [
                RoadmapRow.from_cells([v.strip() for v in row])
                for row in self.rows.rows()
                if any(v.strip() for v in row)
            ]
        )

    def error(self) -> str:
        return ""


class RegulationEditor(QWidget):
    """Appendix 2: the starter text or the school's own .docx, and the council's protocol."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, data: AppendixData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docx, self._docx_name = data.docx, data.docx_name
        assert isinstance(data.content, Regulation)
        self._sections = list(data.content.sections)
        self._initial_text = sections_to_text([s.to_json() for s in self._sections])
        self.docx_note = QLabel()
        self.docx_note.setWordWrap(True)
        self.load_button = QPushButton(TEXTS["load_docx"])
        self.load_button.clicked.connect(self.load_docx)
        self.drop_button = QPushButton(TEXTS["drop_docx"])
        self.drop_button.clicked.connect(self.drop_docx)
        self.text = QPlainTextEdit(self._initial_text)
        self._headings = HeadingHighlighter(self.text.document())
        self.text.textChanged.connect(self.changed)
        hint = QLabel(TEXTS["text_hint"])
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.docx_note, 1)
        top.addWidget(self.load_button)
        top.addWidget(self.drop_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(hint)
        lay.addWidget(self.text, 1)

        self.council_date = DateField()
        self.council_number = QLineEdit()
        self.council_number.setMaximumWidth(120)
        self.council_error = QLabel()
        self.council_error.setStyleSheet(ERROR_STYLE)
        self.council_error.setObjectName("msg_council_date")
        self.council_error.setVisible(False)
        self.council = QGroupBox(TEXTS["council"])
        row = QHBoxLayout(self.council)
        row.addWidget(QLabel(TEXTS["council_date"]))
        row.addWidget(self.council_date)
        row.addWidget(QLabel(TEXTS["council_number"]))
        row.addWidget(self.council_number)
        row.addWidget(self.council_error)
        row.addStretch(1)
        self.council.setVisible(data.stamp == "approved")
        self.council_date.setText(data.content.council_date)
        self.council_number.setText(data.content.council_number)
        self.council_date.textChanged.connect(self.changed)
        self.council_number.textChanged.connect(self.changed)
        lay.addWidget(self.council)
        self._show_docx_state()

    def choose_docx(self) -> Path | None:
        """The file chooser; a method so tests can answer it."""
        name, _ = QFileDialog.getOpenFileName(self, TEXTS["pick_docx"], "", TEXTS["docx_filter"])
        return Path(name) if name else None

    def load_docx(self) -> None:
        path = self.choose_docx()
        if path is None:
            return
        try:
            raw = path.read_bytes()
            with zipfile.ZipFile(path) as z:
                is_docx = "word/document.xml" in z.namelist()
        except zipfile.BadZipFile:
            is_docx = False
        except OSError as exc:
            self.failed.emit(TEXTS["unreadable"].format(name=path.name, error=exc.strerror))
            return
        if not is_docx:
            self.failed.emit(TEXTS["not_docx"].format(name=path.name))
            return
        self._docx, self._docx_name = raw, path.name
        self._show_docx_state()
        self.changed.emit()

    def drop_docx(self) -> None:
        self._docx, self._docx_name = None, ""
        self._show_docx_state()
        self.changed.emit()

    def _show_docx_state(self) -> None:
        loaded = self._docx is not None
        self.docx_note.setText(
            TEXTS["docx_loaded"].format(
                name=self._docx_name, size=max(1, len(self._docx or b"") // 1024)
            )
            if loaded
            else TEXTS["docx_none"]
        )
        self.drop_button.setVisible(loaded)
        self.text.setEnabled(not loaded)

    def error(self) -> str:
        """A council date that is not a date, else ''."""
        try:
            parse_date(self.council_date.text())
        except ValueError as exc:
            self.council_error.setText(str(exc))
            self.council_error.setVisible(True)
            return str(exc)
        self.council_error.setVisible(False)
        return ""

    def apply(self, data: AppendixData) -> None:
        assert isinstance(data.content, Regulation)
        content = data.content
        text = self.text.toPlainText()
        if text != self._initial_text:
            content = dataclasses.replace(
                content, sections=[Section.from_json(s) for s in text_to_sections(text)]
            )
        data.docx, data.docx_name = self._docx, self._docx_name
        if data.stamp == "approved":
            try:
                date = format_date(parse_date(self.council_date.text()))
            except ValueError:
                date = self.council_date.text().strip()
            content = dataclasses.replace(
                content,
                council_date=date,
                council_number=self.council_number.text().strip().lstrip("№ "),
            )
        data.content = content


class BaseEditor(QWidget):
    """Appendices 3 and 4: the form of a base, blank or filled with the current data."""

    changed = Signal()

    def __init__(self, db: Database, data: AppendixData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.base = BASE_OF_KIND[data.kind]
        assert isinstance(data.content, BaseForm)
        self.with_data = QCheckBox(TEXTS["with_data"])
        self.with_data.setChecked(data.content.with_data)
        self.blank_rows = QSpinBox()
        self.blank_rows.setRange(1, 100)
        self.blank_rows.setMaximumWidth(90)
        self.blank_rows.setValue(data.content.blank_rows or 3)
        self.columns_note = QLabel()
        self.columns_note.setWordWrap(True)
        self.columns_button = QPushButton(TEXTS["columns"])
        self.columns_button.clicked.connect(self.edit_columns)
        self.with_data.toggled.connect(self._sync)
        self.with_data.toggled.connect(self.changed)
        self.blank_rows.valueChanged.connect(self.changed)
        form = QFormLayout()
        form.addRow(self.with_data)
        form.addRow(TEXTS["blank_rows"], self.blank_rows)
        cols = QHBoxLayout()
        cols.addWidget(self.columns_note, 1)
        cols.addWidget(self.columns_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(form)
        lay.addLayout(cols)
        lay.addStretch(1)
        self._sync()
        self.show_columns()

    def _sync(self) -> None:
        self.blank_rows.setEnabled(not self.with_data.isChecked())

    def show_columns(self) -> None:
        names = ", ".join(f"«{c.heading}»" for c in bases.field_choices(self.db, self.base))
        self.columns_note.setText(TEXTS["columns_now"].format(names=names))

    def edit_columns(self) -> None:
        ColumnsDialog(self.db, self.base, self).exec()
        self.show_columns()

    def apply(self, data: AppendixData) -> None:
        data.content = BaseForm(self.with_data.isChecked(), self.blank_rows.value())

    def error(self) -> str:
        return ""


AppendixEditor = RoadmapEditor | RegulationEditor | BaseEditor | PairsEditor | ResultsEditor


class AppendicesTab(QWidget):
    """The appendices in order on the left; the selected one's title and editor on the right."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._data: list[AppendixData] = []
        self.pages: list[tuple[QPlainTextEdit, AppendixEditor | None]] = []
        self.list = QListWidget()
        self.list.setMaximumWidth(260)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.stack = QStackedWidget()
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        lay = QHBoxLayout(self)
        lay.addWidget(self.list)
        lay.addWidget(self.stack, 1)

    def set_appendices(self, appendices: list[AppendixData]) -> None:
        current = max(self.list.currentRow(), 0)
        self._data = [
            AppendixData(
                a.kind, a.title, a.stamp, copy.deepcopy(a.content), a.docx, a.docx_name, a.id
            )
            for a in appendices
        ]
        self.list.clear()
        while (page := self.stack.widget(0)) is not None:
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = []
        for n, a in enumerate(self._data, start=1):
            self.list.addItem(TEXTS["appendix"].format(n=n) + "\n" + a.title)
            self.stack.addWidget(self._page(a))
        if self._data:
            self.list.setCurrentRow(min(current, len(self._data) - 1))

    def _page(self, a: AppendixData) -> QWidget:
        page = QWidget()
        title = QPlainTextEdit(a.title)
        title.setTabChangesFocus(True)
        title.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)
        title.textChanged.connect(self.changed)
        index = len(self.pages)
        title.textChanged.connect(lambda: self._relabel(index, title.toPlainText()))
        editor: AppendixEditor | None
        if a.kind == "roadmap":
            editor = RoadmapEditor(a)
        elif a.kind in ("regulation", "text"):
            editor = RegulationEditor(a)
            editor.failed.connect(self.failed)
        elif a.kind in BASE_OF_KIND:
            editor = BaseEditor(self.db, a)
        elif a.kind == "pairs":
            editor = PairsEditor(self.db, a)
            editor.failed.connect(self.failed)
        elif a.kind == "results":
            editor = ResultsEditor(a)
        else:
            editor = None
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(TEXTS["title"]))
        lay.addWidget(title)
        if editor is not None:
            editor.changed.connect(self.changed)
            lay.addWidget(editor, 1)
        else:
            note = QLabel(TEXTS["other"])
            note.setWordWrap(True)
            lay.addWidget(note)
            lay.addStretch(1)
        self.pages.append((title, editor))
        return page

    def _relabel(self, index: int, title: str) -> None:
        item = self.list.item(index)
        if item is not None:
            item.setText(TEXTS["appendix"].format(n=index + 1) + "\n" + " ".join(title.split()))

    def editor(self, index: int) -> AppendixEditor | None:
        return self.pages[index][1]

    def redate_roadmap(self, old: dt.date, new: dt.date) -> None:
        """The order's date changed: the roadmap's default terms follow it (see
        ``order_prefill.redate_roadmap``); terms the curator typed stay."""
        for _title, editor in self.pages:
            if not isinstance(editor, RoadmapEditor):
                continue
            rows = [RoadmapRow.from_cells(r) for r in editor.rows.rows()]
            moved = order_prefill.redate_roadmap(self.db, rows, old, new)
            if moved != rows:
                editor.rows.set_rows([r.cells() for r in moved])
                self.changed.emit()

    def appendices(self) -> list[AppendixData]:
        out = []
        for a, (title, editor) in zip(self._data, self.pages, strict=True):
            data = AppendixData(
                a.kind,
                title.toPlainText(),
                a.stamp,
                copy.deepcopy(a.content),
                a.docx,
                a.docx_name,
                a.id,
            )
            if editor is not None:
                editor.apply(data)
            out.append(data)
        return out

    def first_error(self) -> int:
        """Show the first appendix whose fields are wrong; its index, or -1 when all is well."""
        for i, (_title, editor) in enumerate(self.pages):
            if editor is not None and editor.error():
                self.list.setCurrentRow(i)
                return i
        return -1
