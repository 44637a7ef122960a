"""«С чего начать» on the «Сегодня» tab: the nine steps of the year with their states, what is
overdue, a button per step opening the place where it is done, and «Посмотреть на примере»."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.agenda.start_path import Place, StartPath, State, Step

TEXTS = {
    "title": "С чего начать",
    "lead": "Шаги учебного года по порядку. Кнопка справа от шага открывает место, "
    "где он делается.",
    "progress": "Готово шагов: {done} из {total}. Следующий шаг: {next}.",
    "overdue": "Просрочено по плану года: {steps}.",
    "no_overdue": "Просроченных шагов нет.",
    "complete": "Все шаги «С чего начать» пройдены.",
    "show": "Показать шаги",
    "hide": "Свернуть",
    "demo": "Посмотреть на примере…",
    "demo_tip": "Открыть в отдельном окне вымышленную школу, где все шаги уже пройдены. "
    "Ваши данные при этом не меняются.",
    "school": "Заполнить реквизиты…",
    "school_done": "Открыть реквизиты…",
    "import_staff": "Загрузить из Excel…",
    "add_person": "Добавить вручную…",
    "order_new": "Составить приказ…",
    "order_open": "Открыть приказ…",
    "order_draft": "Открыть проект приказа…",
    "grid": "Открыть «Диагностику»",
    "pairs": "Открыть «Пары и группы»",
    "programs": "Открыть «Программы»",
    "answers": "Ввести анкеты…",
    "report": "Справка за полугодие…",
}
# The background of a step's state (the same colours as the severities of the list below).
STATE_COLORS = {
    State.DONE: "#D7EFD4",
    State.IN_PROGRESS: "#FFF0C2",
    State.NOT_STARTED: "#E8EEF7",
    State.OVERDUE: "#F8D0D0",
}
# The order kind (``Order.kind``) each order step is about.
ORDER_KINDS = {
    Place.ORDER_IMPLEMENTATION: "implementation",
    Place.ORDER_PAIRS: "pairs",
    Place.ORDER_PROGRAMS: "programs",
}


def step_actions(step: Step, drafts: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The buttons of a step: (action key for the window's navigator, Russian label).
    ``drafts``: the order kinds with an unsigned order. An order step opens that draft;
    else, not done, it makes a new order; done, it opens the signed one."""
    place = step.place
    if place == Place.STAFF:
        return [("import_staff", TEXTS["import_staff"]), ("add_person", TEXTS["add_person"])]
    if place == Place.MONITORING:
        return [("answers", TEXTS["answers"]), ("report", TEXTS["report"])]
    if place in ORDER_KINDS:
        if ORDER_KINDS[place] in drafts:
            label = "order_draft"
        else:
            label = "order_open" if step.state == State.DONE else "order_new"
        return [(place.value, TEXTS[label])]
    if place == Place.SCHOOL:
        return [(place.value, TEXTS["school_done" if step.state == State.DONE else "school"])]
    label = {Place.GRID: "grid", Place.PAIRS: "pairs"}.get(place, "programs")
    return [(place.value, TEXTS[label])]


class StepRow:
    """The widgets of one step in the panel's grid (kept for tests and for the screenshot)."""

    def __init__(self, step: Step, parent: StartPathPanel, drafts: frozenset[str]) -> None:
        self.step = step
        self.number = QLabel(f"{step.number}.")
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(
            f"<b>{_escape(step.title)}</b><br><span style='color:#444'>{_escape(step.detail)}</span>"
        )
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # the wrapped lines decide the height at a width
        self.text.setSizePolicy(policy)
        self.state = QLabel(step.state_name)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setFixedWidth(110)
        self.state.setStyleSheet(
            f"background: {STATE_COLORS[step.state]}; border-radius: 3px; padding: 2px 6px;"
        )
        self.buttons: dict[str, QPushButton] = {}
        self.buttons_box = QWidget()
        buttons = QHBoxLayout(self.buttons_box)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(4)
        for key, label in step_actions(step, drafts):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, k=key: parent.step_requested.emit(k))
            self.buttons[key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.box = QWidget()
        line = QHBoxLayout(self.box)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(10)
        top = Qt.AlignmentFlag.AlignTop
        self.number.setFixedWidth(self.number.fontMetrics().horizontalAdvance("00."))
        line.addWidget(self.number, 0, top)
        line.addWidget(self.text, 1)
        line.addWidget(self.state, 0, top)
        line.addWidget(self.buttons_box, 0, top)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class StartPathPanel(QWidget):
    """Shows a ``StartPath``. While it is incomplete all steps show; once complete it
    collapses to one line with «Показать шаги». ``step_requested`` carries an action key
    (see ``step_actions``), ``demo_requested`` asks for the demo school."""

    step_requested = Signal(str)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: StartPath | None = None
        self.rows: list[StepRow] = []
        self._expanded_by_hand = False

        self.title = QLabel(TEXTS["title"])
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.demo_button = QPushButton(TEXTS["demo"])
        self.demo_button.setToolTip(TEXTS["demo_tip"])
        self.demo_button.clicked.connect(self.demo_requested.emit)
        self.toggle_button = QPushButton(TEXTS["show"])
        self.toggle_button.setFlat(True)
        self.toggle_button.setStyleSheet("color: #1a4f9c; text-decoration: underline;")
        self.toggle_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle_button.clicked.connect(self._toggle)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.toggle_button)
        top.addStretch(1)
        top.addWidget(self.demo_button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.overdue = QLabel()
        self.overdue.setWordWrap(True)
        self.steps_box = QWidget()
        self.steps_layout = QVBoxLayout(self.steps_box)
        self.steps_layout.setContentsMargins(0, 4, 0, 0)
        self.steps_layout.setSpacing(6)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.overdue)
        lay.addWidget(self.steps_box)
        lay.addStretch(1)

    @property
    def expanded(self) -> bool:
        return self.steps_box.isVisibleTo(self)

    def set_path(self, path: StartPath, drafts: frozenset[str] = frozenset()) -> None:
        """Show ``path``: every step with its state, count and buttons (``drafts``: the
        order kinds with an unsigned order, see ``step_actions``)."""
        self.path = path
        while self.steps_layout.count():
            item = self.steps_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # out of sight now; deleted when the event loop runs
                widget.setParent(None)
                widget.deleteLater()
        self.rows = [StepRow(step, self, drafts) for step in path.steps]
        # the buttons line up in one column, as wide as the widest pair of them
        width = max(r.buttons_box.sizeHint().width() for r in self.rows)
        for row in self.rows:
            row.buttons_box.setFixedWidth(width)
            self.steps_layout.addWidget(row.box)
        done = sum(1 for s in path.steps if s.state == State.DONE)
        nxt = path.next_step
        if path.complete or nxt is None:
            self.summary.setText(TEXTS["complete"])
        else:
            self.summary.setText(
                TEXTS["progress"].format(
                    done=done, total=len(path.steps), next=f"{nxt.number}. {nxt.title}"
                )
            )
        late = path.overdue
        if late:
            self.overdue.setText(
                TEXTS["overdue"].format(steps="; ".join(f"{s.number}. {s.title}" for s in late))
            )
            self.overdue.setStyleSheet("color: #a01818; font-weight: bold;")
        else:
            self.overdue.setText(TEXTS["no_overdue"])
            self.overdue.setStyleSheet("")
        self._apply_visibility()

    def expand(self) -> None:
        """Show every step even when the path is complete («Справка → С чего начать»)."""
        self._expanded_by_hand = True
        self._apply_visibility()

    def _toggle(self) -> None:
        self._expanded_by_hand = not self._expanded_by_hand
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        complete = self.path is not None and self.path.complete
        show = not complete or self._expanded_by_hand
        self.steps_box.setVisible(show)
        self.overdue.setVisible(show)
        # only a complete path can be folded: until then the steps stay in view
        self.toggle_button.setVisible(complete)
        self.toggle_button.setText(TEXTS["hide"] if show else TEXTS["show"])
        self.updateGeometry()

    def row(self, place: Place) -> StepRow:
        return next(r for r in self.rows if r.step.place == place)
