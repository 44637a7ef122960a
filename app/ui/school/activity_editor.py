"""The «Мероприятия программы» page of «Справочники»: the school's library of roadmap
activities (by direction and kind) a new program's draft is built from."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.programs.activity_library import Activity

TEXTS = {
    "intro": "Из этих мероприятий составляется дорожная карта новой программы: для каждого "
    "дефицита наставляемого — мероприятия его направления, затем общие (направление "
    "«любое»), разных видов, по этапам от начала к концу программы.",
    "filter": "Показать:",
    "all": "все направления",
    "any": "любое направление",
    "direction": "Направление",
    "kind": "Вид",
    "focus": "Назначение",
    "stage": "Этап программы",
    "activity_kind": "Мероприятие",
    "event_form": "Форма",
    "participation": "Участие наставляемого",
    "expected_result": "Ожидаемый результат",
    "reporting": "Отчётность",
    "add": "Добавить",
    "remove": "Удалить",
    "new": "новое мероприятие",
    "count": "Мероприятий: {n}",
}
HEADERS = ["Направление", "Вид", "Назначение", "Этап", "Мероприятие"]
FOCUS = {"deficit": "устранение дефицита", "strength": "развитие сильной стороны"}
STAGES = {0: "в начале", 1: "в середине", 2: "в конце"}
ANY = ""  # an activity without a direction suits every direction


class ActivityLibraryEditor(QWidget):
    """A table of the library with a form for the chosen row; ``activities()`` is the
    edited library (rows with neither an activity nor a form are left out)."""

    changed = Signal()

    def __init__(
        self,
        items: list[Activity],
        kinds: dict[str, str],
        directions: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._items = list(items)
        self._kinds = dict(kinds)
        self._directions = list(dict.fromkeys([*directions, *(a.direction for a in items)]))
        self._directions = [d for d in self._directions if d]
        self._filling = False

        intro = QLabel(TEXTS["intro"])
        intro.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.addItem(TEXTS["all"], None)
        self.filter.addItem(TEXTS["any"], ANY)
        for name in self._directions:
            self.filter.addItem(name, name)
        self.filter.setMinimumContentsLength(30)
        self.filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter.currentIndexChanged.connect(self._apply_filter)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col, width in ((0, 170), (1, 150), (2, 110), (3, 80)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_row(row))

        self.direction = QComboBox()
        self.direction.addItem(TEXTS["any"], ANY)
        for name in self._directions:
            self.direction.addItem(name, name)
        self.kind = QComboBox()
        for key, name in self._kinds.items():
            self.kind.addItem(name, key)
        self.focus = QComboBox()
        for key, name in FOCUS.items():
            self.focus.addItem(name, key)
        self.stage = QComboBox()
        for stage, label in STAGES.items():
            self.stage.addItem(label, stage)
        for combo in (self.direction, self.kind):
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.texts = {
            key: QLineEdit()
            for key in (
                "activity_kind",
                "event_form",
                "participation",
                "expected_result",
                "reporting",
            )
        }
        for combo in (self.direction, self.kind, self.focus, self.stage):
            combo.currentIndexChanged.connect(self._store_row)
        for edit in self.texts.values():
            edit.textEdited.connect(self._store_row)

        self.add_button = QPushButton(TEXTS["add"])
        self.remove_button = QPushButton(TEXTS["remove"])
        self.add_button.clicked.connect(self.add_activity)
        self.remove_button.clicked.connect(self.remove_activity)
        self.count = QLabel()
        self._build_layout(intro)
        self._fill_table()

    def _build_layout(self, intro: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(TEXTS["filter"]))
        top.addWidget(self.filter, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        row1 = QHBoxLayout()
        for label, combo in (("direction", self.direction), ("kind", self.kind)):
            row1.addWidget(QLabel(TEXTS[label]))
            row1.addWidget(combo, 1)
        row2 = QHBoxLayout()
        for label, combo in (("focus", self.focus), ("stage", self.stage)):
            row2.addWidget(QLabel(TEXTS[label]))
            row2.addWidget(combo, 1)
        form = QFormLayout()
        form.addRow(row1)
        form.addRow(row2)
        for key, edit in self.texts.items():
            form.addRow(TEXTS[key], edit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(intro)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        lay.addLayout(form)

    # --- state -------------------------------------------------------------------------
    def activities(self) -> list[Activity]:
        """The library as edited, in the table's order, blank rows left out."""
        return [a for a in self._items if a.activity_kind.strip() or a.event_form.strip()]

    def current_row(self) -> int:
        return self.table.currentRow()

    def _cells(self, a: Activity) -> list[str]:
        return [
            a.direction or TEXTS["any"],
            self._kinds.get(a.kind, a.kind),
            FOCUS.get(a.focus, a.focus),
            STAGES.get(a.stage, str(a.stage)),
            a.activity_kind or a.event_form,
        ]

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._items))
        for row, a in enumerate(self._items):
            self._set_cells(row, a)
        self._apply_filter()
        self.table.setCurrentCell(0 if self._items else -1, 0)
        self._show_row(self.table.currentRow())

    def _set_cells(self, row: int, a: Activity) -> None:
        for col, text in enumerate(self._cells(a)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, col, item)

    def _apply_filter(self) -> None:
        wanted = self.filter.currentData()
        for row, a in enumerate(self._items):
            self.table.setRowHidden(row, wanted is not None and a.direction != wanted)
        self.count.setText(TEXTS["count"].format(n=len(self.activities())))

    def _show_row(self, row: int) -> None:
        """Put the row's fields into the form (disabled when no row is chosen)."""
        has = 0 <= row < len(self._items)
        for w in (self.direction, self.kind, self.focus, self.stage, *self.texts.values()):
            w.setEnabled(has)
        self.remove_button.setEnabled(has)
        if not has:
            return
        a = self._items[row]
        self._filling = True
        try:
            if self.direction.findData(a.direction) < 0:
                self.direction.addItem(a.direction, a.direction)
            self.direction.setCurrentIndex(self.direction.findData(a.direction))
            if self.kind.findData(a.kind) < 0:
                self.kind.addItem(a.kind, a.kind)
            self.kind.setCurrentIndex(self.kind.findData(a.kind))
            self.focus.setCurrentIndex(max(self.focus.findData(a.focus), 0))
            self.stage.setCurrentIndex(max(self.stage.findData(a.stage), 0))
            for key, edit in self.texts.items():
                edit.setText(str(getattr(a, key)))
        finally:
            self._filling = False

    def _store_row(self, *_: object) -> None:
        row = self.table.currentRow()
        if self._filling or not 0 <= row < len(self._items):
            return
        a = replace(
            self._items[row],
            direction=str(self.direction.currentData() or ""),
            kind=str(self.kind.currentData()),
            focus=str(self.focus.currentData()),
            stage=int(self.stage.currentData()),
            **{key: edit.text().strip() for key, edit in self.texts.items()},
        )
        self._items[row] = a
        self._set_cells(row, a)
        self.count.setText(TEXTS["count"].format(n=len(self.activities())))
        self.changed.emit()

    # --- editing -----------------------------------------------------------------------
    def add_activity(self) -> None:
        """A new row after the current one, for the direction the filter shows; the
        cursor goes to its «Мероприятие» field."""
        wanted = self.filter.currentData()
        kind = next(iter(self._kinds), "consultation")
        a = Activity(kind, "", "", direction=wanted or ANY)
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(self._items)
        self._items.insert(row, a)
        self.table.insertRow(row)
        self._set_cells(row, a)
        self._apply_filter()
        self.table.setCurrentCell(row, 0)
        self._show_row(row)
        self.texts["activity_kind"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def remove_activity(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._items):
            return
        del self._items[row]
        self.table.removeRow(row)
        self._apply_filter()
        self._show_row(self.table.currentRow())
        self.changed.emit()
