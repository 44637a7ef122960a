"""Entering paper questionnaires per program, and the results of the program's answers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date
from app.errors import KuratorError, ValidationError
from app.services.monitoring import questionnaire_results as results
from app.services.monitoring import questionnaires as qs
from app.services.programs import programs
from app.services.storage.workspace import Workspace
from app.ui.common.dialogs import ask_yes_no
from app.ui.common.widgets import (
    DISCARD,
    SAVE,
    DateField,
    FieldMessages,
    GuardedDialog,
    ask_save_changes,
)

TEXTS = {
    "title": "Анкеты участников программы",
    "program": "Программа:",
    "questionnaire": "Анкета:",
    "respondent": "Кто заполнил:",
    "anonymous": "анонимно",
    "date": "Дата заполнения:",
    "no_answer": "—",
    "yes": "да",
    "no": "нет",
    "save": "Сохранить анкету",
    "new": "Новая анкета",
    "delete": "Удалить выбранную",
    "entered": "Введённые анкеты программы:",
    "results": "Итоги по программе",
    "results_school": "Итоги по всей школе",
    "saved": "Анкета сохранена. Можно вводить следующую.",
    "no_programs": "Программ пока нет: сначала создайте программу на вкладке «Программы».",
    "edit_questions": "Вопросы анкет…",
    "keep_title": "Несохранённые ответы",
    "keep": "Сохранить введённые ответы?",
    "keep_save": "Сохранить",
    "keep_discard": "Не сохранять",
    "keep_cancel": "Отмена",
    "delete_title": "Удаление анкеты",
    "delete_ask": "Удалить анкету «{title}» — {respondent}, заполнена {date}? "
    "Её ответы будут удалены.",
}
ID_ROLE = 256


def program_label(row: programs.ProgramRow) -> str:
    return (
        f"{row.mentor} → {row.mentees} ({format_date(row.start_date)}–{format_date(row.end_date)})"
    )


class AnswerWidget(QWidget):
    """The input for one question; ``value()`` is None when left unanswered."""

    def __init__(self, question: qs.QuestionData) -> None:
        super().__init__()
        self.question = question
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.editor: QSpinBox | QComboBox | QPlainTextEdit
        if question.kind == "score":
            spin = QSpinBox()
            spin.setRange(qs.SCORE_MIN - 1, qs.SCORE_MAX)
            spin.setSpecialValueText(TEXTS["no_answer"])
            spin.setMaximumWidth(90)
            self.editor = spin
        elif question.kind in ("yesno", "choice"):
            combo = QComboBox()
            combo.addItems(
                [TEXTS["no_answer"]]
                + ([TEXTS["yes"], TEXTS["no"]] if question.kind == "yesno" else question.options)
            )
            self.editor = combo
        else:
            text = QPlainTextEdit()
            text.setFixedHeight(54)
            self.editor = text
        lay.addWidget(self.editor)

    def value(self) -> int | str | None:
        e = self.editor
        if isinstance(e, QSpinBox):
            return e.value() if e.value() >= qs.SCORE_MIN else None
        if isinstance(e, QComboBox):
            i = e.currentIndex()
            if i <= 0:
                return None
            if self.question.kind == "yesno":
                return 1 if i == 1 else 0
            return e.currentText()
        return e.toPlainText().strip() or None

    def set_value(self, value: int | str | None) -> None:
        e = self.editor
        if isinstance(e, QSpinBox):
            e.setValue(int(value) if isinstance(value, int) else 0)
        elif isinstance(e, QComboBox):
            if self.question.kind == "yesno":
                e.setCurrentIndex(0 if value is None else 1 if value == 1 else 2)
            else:
                i = e.findText(str(value)) if value else 0
                e.setCurrentIndex(max(0, i))
        else:
            e.setPlainText(str(value or ""))


class AnswersDialog(GuardedDialog):
    """Pick a program and a questionnaire, type the answers from paper, save; the list of the
    program's entered questionnaires and their results are beside the form."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, program_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.resize(1100, 680)  # a 768-pixel screen with a taskbar and a title bar
        self.editing_id: int | None = None
        self.answers: list[AnswerWidget] = []
        self._rows: dict[int, qs.ResponseRow] = {}
        # (program index, questionnaire index) the form was built for; what an edited
        # saved questionnaire looked like when loaded
        self._shown = (-1, -1)
        self._baseline: tuple[object, ...] = ()
        self.program = QComboBox()
        for row in programs.list_programs(ws.db):
            self.program.addItem(program_label(row), row.id)
        self.questionnaire = QComboBox()
        for q in qs.list_questionnaires(ws.db):
            self.questionnaire.addItem(f"{q.title} ({q.role_name})", q.id)
        self.respondent = QComboBox()
        self.date = DateField()
        self.date.set_date(dt.date.today())
        self.messages = FieldMessages()
        head = QFormLayout()
        head.addRow(TEXTS["program"], self.program)
        head.addRow(TEXTS["questionnaire"], self.questionnaire)
        head.addRow(TEXTS["respondent"], self.respondent)
        self.messages.add_row(head, "date", TEXTS["date"], self.date)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.status = QLabel()
        self.save_button = QPushButton(TEXTS["save"])
        self.save_button.clicked.connect(self.store)
        new = QPushButton(TEXTS["new"])
        new.clicked.connect(self._new_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addLayout(head)
        ll.addWidget(scroll, 1)
        ll.addWidget(self.error)
        ll.addWidget(self.status)
        ll.addLayout(buttons)

        self.entered = QListWidget()
        self.entered.setWordWrap(True)
        self.entered.itemActivated.connect(self._load_item)
        self.entered.itemDoubleClicked.connect(self._load_item)
        delete = QPushButton(TEXTS["delete"])
        delete.clicked.connect(self.delete_selected)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(QLabel(TEXTS["entered"]))
        rl.addWidget(self.entered, 1)
        rl.addWidget(delete)
        self.scope = QComboBox()
        self.scope.addItems([TEXTS["results"], TEXTS["results_school"]])
        self.scope.currentIndexChanged.connect(lambda _i: self.show_results())
        rl.addWidget(self.scope)
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setWidget(self.summary)
        rl.addWidget(summary_scroll, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([640, 420])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        if self.program.count() == 0:
            self.error.setText(TEXTS["no_programs"])
            self.save_button.setEnabled(False)
        if program_id is not None:
            self.program.setCurrentIndex(max(0, self.program.findData(program_id)))
        self.program.currentIndexChanged.connect(lambda _i: self._switched())
        self.questionnaire.currentIndexChanged.connect(lambda _i: self._switched())
        self._program_changed()

    # -- building ---------------------------------------------------------------------------
    def program_id(self) -> int | None:
        data = self.program.currentData()
        return int(data) if data is not None else None

    def _set_choice(self, choice: tuple[int, int]) -> None:
        for combo, index in zip((self.program, self.questionnaire), choice, strict=True):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _switched(self) -> None:
        """Another program or questionnaire was chosen: the typed answers are saved or
        dropped only as the curator says; «Отмена» puts the previous choice back."""
        new = (self.program.currentIndex(), self.questionnaire.currentIndex())
        old = self._shown
        if new == old:
            return
        self._set_choice(old)  # typed answers belong to the previous choice (saving uses it)
        if not self.leave_form():
            return
        self._set_choice(new)
        if new[0] != old[0]:
            self._program_changed()
        else:
            self._build_form()

    def leave_form(self) -> bool:
        """Before the form is emptied or replaced: ask about typed answers. False: stay."""
        if not self.is_modified():
            return True
        choice = self.ask_keep_answers()
        if choice == SAVE:
            return self.store()  # invalid: the errors are shown and the form stays
        return choice == DISCARD

    def ask_keep_answers(self) -> str:
        """«Сохранить введённые ответы?» → SAVE, DISCARD or CANCEL (a method so tests can
        answer it)."""
        return ask_save_changes(
            self,
            {
                "title": TEXTS["keep_title"],
                "text": TEXTS["keep"],
                "save": TEXTS["keep_save"],
                "discard": TEXTS["keep_discard"],
                "back": TEXTS["keep_cancel"],
            },
        )

    def _program_changed(self) -> None:
        self.respondent.clear()
        self.respondent.addItem(TEXTS["anonymous"], None)
        pid = self.program_id()
        if pid is not None:
            data = programs.get_program(self.ws.db, pid)
            self.respondent.addItem(f"{data.mentor.name} (наставник)", data.mentor.id)
            for m in data.mentees:
                self.respondent.addItem(f"{m.name} (наставляемый)", m.id)
        self._build_form()
        self.reload_entered()

    def _build_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.answers = []
        self.editing_id = None
        self._shown = (self.program.currentIndex(), self.questionnaire.currentIndex())
        qid = self.questionnaire.currentData()
        if qid is None:
            return
        q = qs.get_questionnaire(self.ws.db, int(qid))
        for n, question in enumerate(q.questions, start=1):
            w = AnswerWidget(question)
            label = QLabel(f"{n}. {question.text}")
            label.setWordWrap(True)
            label.setMinimumWidth(320)
            self.form.addRow(label, w)
            self.answers.append(w)

    def reload_entered(self) -> None:
        self.entered.clear()
        self._rows = {}
        pid = self.program_id()
        if pid is None:
            self.summary.clear()
            return
        for r in qs.list_responses(self.ws.db, pid):
            item = QListWidgetItem(
                f"{format_date(r.date)} · {r.role}: {r.respondent} · ответов: {r.answered}"
            )
            item.setToolTip(r.questionnaire)
            item.setData(ID_ROLE, r.id)
            self._rows[r.id] = r
            self.entered.addItem(item)
        self.show_results()

    def show_results(self) -> None:
        """Means and distributions of the program's answers, or of the whole school's."""
        pid = self.program_id()
        scope = None if self.scope.currentIndex() == 1 or pid is None else [pid]
        lines = []
        for res in results.aggregate(self.ws.db, scope):
            lines.append(f"<b>{res.title}</b>: анкет {res.responses}")
            for x in res.questions:
                if x.kind == "score" and x.count:
                    lines.append(
                        f"• {x.text} — среднее {results.format_mean(x.mean)} (ответов {x.count})"
                    )
                elif x.kind in ("yesno", "choice") and x.count:
                    parts = ", ".join(f"{k}: {v}" for k, v in x.distribution if v)
                    lines.append(f"• {x.text} — {parts}")
        self.summary.setText("<br>".join(lines))

    # -- actions ------------------------------------------------------------------------------
    def _new_clicked(self) -> None:
        if self.leave_form():
            self.new_response()

    def new_response(self) -> None:
        for w in self.answers:
            w.set_value(None)
        self.editing_id = None
        self.error.clear()
        self.status.clear()

    def _load_item(self, item: QListWidgetItem) -> None:
        rid = int(item.data(ID_ROLE))
        if rid == self.editing_id or not self.leave_form():
            return
        data = qs.get_response(self.ws.db, rid)
        self.questionnaire.blockSignals(True)
        self.questionnaire.setCurrentIndex(self.questionnaire.findData(data.questionnaire_id))
        self.questionnaire.blockSignals(False)
        self._build_form()
        self.respondent.setCurrentIndex(max(0, self.respondent.findData(data.respondent_id)))
        self.date.set_date(data.date)
        for w in self.answers:
            w.set_value(data.answers.get(w.question.id or 0))
        self.editing_id = data.id
        self._baseline = self._snapshot()

    def _snapshot(self) -> tuple[object, ...]:
        return (
            tuple(w.value() for w in self.answers),
            self.respondent.currentData(),
            self.date.text(),
        )

    def is_modified(self) -> bool:
        """Answers typed into a new form, or a saved questionnaire changed since loaded."""
        if self.editing_id is not None:
            return self._snapshot() != self._baseline
        return any(w.value() is not None for w in self.answers)

    def save(self) -> bool:
        """Save the typed questionnaire and close (the «Сохранить изменения?» answer)."""
        if self.store():
            self.accept()
            return True
        return False

    def store(self) -> bool:
        """Save the typed questionnaire; the form is cleared for the next one."""
        self.error.clear()
        self.messages.clear()
        pid, qid = self.program_id(), self.questionnaire.currentData()
        if pid is None or qid is None:
            return False
        try:
            day = self.date.date()
        except ValueError as exc:
            self.messages.show({"date": str(exc)})
            return False
        data = qs.ResponseData(
            int(qid),
            pid,
            self.respondent.currentData(),
            day or dt.date.today(),
            {w.question.id or 0: w.value() for w in self.answers},
            id=self.editing_id,
        )
        if day is None:
            self.messages.show({"date": "Укажите дату заполнения анкеты."})
            return False
        try:
            qs.save_response(self.ws.db, data)
        except ValidationError as exc:
            self.messages.show(exc.errors)
            number = {f"q{w.question.id}": n for n, w in enumerate(self.answers, start=1)}
            self.error.setText(
                "\n".join(
                    (f"Вопрос {number[k]}: {v}" if k in number else v)
                    for k, v in exc.errors.items()
                    if k != "date"
                )
            )
            return False
        except KuratorError as exc:
            self.error.setText(str(exc))
            return False
        self.reload_entered()
        self.new_response()
        self.status.setText(TEXTS["saved"])
        return True

    def delete_selected(self) -> None:
        """Delete the selected entered questionnaire after the curator confirms it."""
        item = self.entered.currentItem()
        if item is None:
            return
        row = self._rows[int(item.data(ID_ROLE))]
        if not self.confirm_delete(
            TEXTS["delete_ask"].format(
                title=row.questionnaire, respondent=row.respondent, date=format_date(row.date)
            )
        ):
            return
        qs.delete_response(self.ws.db, row.id)
        if self.editing_id == row.id:
            self.editing_id = None  # the answers still in the form are now a new, unsaved one
        self.reload_entered()

    def confirm_delete(self, text: str) -> bool:
        """Yes/No with «Нет» by default (a method so tests can answer it)."""
        return ask_yes_no(self, TEXTS["delete_title"], text, "Удалить", "Не удалять", warning=True)
