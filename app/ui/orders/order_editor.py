"""The order editor: requisites, preamble, points, acquaintance, appendices, declined forms."""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError, StaleRecordError, ValidationError
from app.services.orders import orders
from app.services.orders.orders import ACQUAINTANCE_MODES, KIND_NAMES, STATUS_NAMES, OrderData
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import (
    DateField,
    EditableCombo,
    FieldMessages,
    GuardedDialog,
    fit_combo,
)
from app.ui.orders.order_appendices import AppendicesTab
from app.ui.orders.order_forms_tab import FormsTab
from app.ui.orders.order_people import AcquaintanceEditor
from app.ui.orders.order_print import PrintPanel
from app.ui.orders.order_widgets import PointsEditor, TextListEditor
from app.ui.school.school_dialog import DIRECTOR_POSITIONS

TEXTS = {
    "stale_hint": "Закройте окно приказа (изменения в нём не сохранятся) и откройте приказ "
    "заново: будет показан вариант другого пользователя.",
    "title_new": "Новый приказ",
    "title": "{caption}",
    "tab_main": "Реквизиты приказа",
    "tab_points": "Пункты",
    "tab_people": "Ознакомление",
    "tab_appendices": "Приложения",
    "tab_forms": "Падежи",
    "kind": "Вид:",
    "number": "Номер:",
    "number_hint": "в проекте можно без номера",
    "date": "Дата:",
    "place": "Место издания:",
    "place_hint": "с. Знаменка",
    "status": "Состояние:",
    "order_title": "Заголовок:",
    "group_signature": "Подпись",
    "signer_position": "Должность:",
    "signer_name": "И.О. Фамилия:",
    "signer_name_hint": "Т.В. Соколова",
    "group_preamble": "Преамбула",
    "basis": "Основание — правовые акты (печатаются после слов «На основании»):",
    "basis_text": "Текст выбранного акта:",
    "basis_add": "Добавить акт",
    "goal": "Цель (продолжает фразу «На основании …,»):",
    "mode": "Ознакомление:",
    "people_hint": (
        "Каждый, кто назван в приказе и приложениях, расписывается, что ознакомлен. "
        "Строки печатаются в этом порядке."
    ),
    "print": "Сохранить и напечатать…",
    "save": "Сохранить",
    "cancel": "Отмена",
    "error_title": "Не получилось",
}
_TAB_OF_FIELD = {"title": 0, "number": 0, "date": 0, "status": 0, "kind": 0, "acquaintance_mode": 2}


def _lines_edit(widget: QWidget, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(widget.fontMetrics().lineSpacing() * lines + 14)
    return edit


class OrderEditor(GuardedDialog):
    """Edits one ``OrderData`` (new when its id is None); ``saved(order_id)`` after storing."""

    saved = Signal(int)

    def __init__(self, ws: Workspace, data: OrderData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.kind = data.kind
        self.order_id = data.id
        self._params = dict(data.params)
        self.messages = FieldMessages()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._main_tab(), TEXTS["tab_main"])
        self.points = PointsEditor()
        points_page = QWidget()
        QVBoxLayout(points_page).addWidget(self.points)
        self.tabs.addTab(points_page, TEXTS["tab_points"])
        self.tabs.addTab(self._people_tab(), TEXTS["tab_people"])
        self.appendices = AppendicesTab(ws.db)
        self.appendices.failed.connect(self.show_error)
        self.tabs.addTab(self.appendices, TEXTS["tab_appendices"])
        self.forms = FormsTab(ws.db)
        self.forms.form_changed.connect(self.replace_form)
        self.tabs.addTab(self.forms, TEXTS["tab_forms"])

        self.printer = PrintPanel(ws, TEXTS["print"])
        self.printer.button.clicked.connect(self.save_and_print)
        self.save_button = QPushButton(TEXTS["save"])
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(TEXTS["cancel"])
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.printer)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        root = QVBoxLayout(self)
        root.addWidget(self.tabs, 1)
        root.addLayout(bottom)
        self.load(data)
        self.resize(1000, 660)

    # --- layout ------------------------------------------------------------------------
    def _main_tab(self) -> QWidget:
        self.kind_label = QLabel()
        self.kind_label.setWordWrap(True)
        self.number = QLineEdit()
        self.number.setMaximumWidth(260)
        self.number.setPlaceholderText(TEXTS["number_hint"])
        self.date = DateField()
        self.date.editingFinished.connect(self._redate_roadmap)
        self.place = QLineEdit()
        self.place.setPlaceholderText(TEXTS["place_hint"])
        self.status = QComboBox()
        for key, name in STATUS_NAMES.items():
            self.status.addItem(name, key)
        self.title_edit = _lines_edit(self, 3)
        self.signer_position = fit_combo(EditableCombo(DIRECTOR_POSITIONS))
        self.signer_name = QLineEdit()
        self.signer_name.setPlaceholderText(TEXTS["signer_name_hint"])
        form = QFormLayout()
        for key, label, widget in (
            ("kind", TEXTS["kind"], self.kind_label),
            ("number", TEXTS["number"], self.number),
            ("date", TEXTS["date"], self.date),
            ("place", TEXTS["place"], self.place),
            ("status", TEXTS["status"], self.status),
            ("title", TEXTS["order_title"], self.title_edit),
        ):
            self.messages.add_row(form, key, label, widget)
        signature = QGroupBox(TEXTS["group_signature"])
        sign_form = QFormLayout(signature)
        sign_form.addRow(TEXTS["signer_position"], self.signer_position)
        sign_form.addRow(TEXTS["signer_name"], self.signer_name)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(signature)
        left.addStretch(1)

        preamble = QGroupBox(TEXTS["group_preamble"])
        self.basis = TextListEditor(lambda i: "• ", TEXTS["basis_text"], TEXTS["basis_add"])
        self.goal = _lines_edit(self, 4)
        basis_label = QLabel(TEXTS["basis"])
        basis_label.setWordWrap(True)
        right = QVBoxLayout(preamble)
        right.addWidget(basis_label)
        right.addWidget(self.basis, 1)
        right.addWidget(QLabel(TEXTS["goal"]))
        right.addWidget(self.goal)

        page = QWidget()
        lay = QHBoxLayout(page)
        lay.addLayout(left, 1)
        lay.addWidget(preamble, 1)
        return page

    def _people_tab(self) -> QWidget:
        self.mode_group = QButtonGroup(self)
        modes = QWidget()
        mode_row = QHBoxLayout(modes)
        mode_row.setContentsMargins(0, 0, 0, 0)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for key, name in ACQUAINTANCE_MODES.items():
            button = QRadioButton(name)
            self.mode_group.addButton(button)
            self.mode_buttons[key] = button
            mode_row.addWidget(button)
        mode_row.addStretch(1)
        form = QFormLayout()
        self.messages.add_row(form, "acquaintance_mode", TEXTS["mode"], modes)
        hint = QLabel(TEXTS["people_hint"])
        hint.setWordWrap(True)
        self.people = AcquaintanceEditor(self.ws.db)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(self.people, 1)
        return page

    # --- data in and out ---------------------------------------------------------------
    def load(self, data: OrderData) -> None:
        """Show ``data`` in every tab."""
        self.kind, self.order_id, self._params = data.kind, data.id, dict(data.params)
        self.kind_label.setText(KIND_NAMES.get(data.kind, data.kind))
        self.number.setText(data.number)
        self.date.set_date(data.date)
        self._terms_date = data.date
        self.place.setText(data.place)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))
        self.title_edit.setPlainText(data.title)
        self.signer_position.set_text(data.signer_position)
        self.signer_name.setText(data.signer_name)
        self.basis.set_values(data.basis)
        self.goal.setPlainText(data.goal)
        self.points.set_points(data.points)
        for key, button in self.mode_buttons.items():
            button.setChecked(key == data.acquaintance_mode)
        self.people.set_people(data.acquaintance)
        self.appendices.set_appendices(data.appendices)
        self._loaded = orders.normalize(copy.deepcopy(data))
        self.messages.clear()
        self._show_title()

    def _redate_roadmap(self) -> None:
        """A new date of the implementation order moves the roadmap's default terms with it,
        so no term lies before the order's date."""
        try:
            new = self.date.date()
        except ValueError:
            return  # the date field shows its own message on saving
        old = self._terms_date
        if self.kind != "implementation" or new is None or old is None or new == old:
            return
        self._terms_date = new
        self.appendices.redate_roadmap(old, new)

    def _show_title(self) -> None:
        if self.order_id is None:
            self.setWindowTitle(TEXTS["title_new"])
        else:
            self.setWindowTitle(self._loaded.caption + " — " + self._loaded.title)

    def collect(self) -> OrderData:
        """The form as ``OrderData``; ``ValueError`` (Russian) for a date that is not a date."""
        mode = next((k for k, b in self.mode_buttons.items() if b.isChecked()), "")
        return OrderData(
            kind=self.kind,
            number=self.number.text(),
            date=self.date.date(),
            place=self.place.text(),
            title=self.title_edit.toPlainText(),
            status=str(self.status.currentData()),
            basis=self.basis.values(),
            goal=self.goal.toPlainText(),
            points=self.points.get_points(),
            signer_position=self.signer_position.text(),
            signer_name=self.signer_name.text(),
            acquaintance_mode=mode,
            acquaintance=self.people.people(),
            params=dict(self._params),
            appendices=self.appendices.appendices(),
            id=self.order_id,
            version=self._seen_version(),
        )

    def _seen_version(self) -> int | None:
        """The order's version this editor read or last saved (None for a new order)."""
        loaded = getattr(self, "_loaded", None)  # collect() also runs while the form fills
        return loaded.version if loaded is not None and self.order_id is not None else None

    def is_modified(self) -> bool:
        try:
            return orders.normalize(self.collect()) != self._loaded
        except ValueError:
            return True

    def replace_form(self, old: str, new: str) -> None:
        """A corrected declined form replaces the old one in the points and the goal."""
        pairs = [(old, new), (old[:1].upper() + old[1:], new[:1].upper() + new[1:])]

        def fix(text: str) -> str:
            for a, b in pairs:
                text = text.replace(a, b)
            return text

        row = self.points.points.current_row()
        points = self.points.get_points()
        for p in points:
            p.text, p.items = fix(p.text), [fix(i) for i in p.items]
        self.points.set_points(points)
        self.points.points.select(row)
        self.goal.setPlainText(fix(self.goal.toPlainText()))

    def store(self) -> bool:
        """Validate and save without closing; errors appear next to their fields."""
        self.messages.clear()
        try:
            data = self.collect()
        except ValueError as exc:
            self._show_errors({"date": str(exc)})
            return False
        if self.appendices.first_error() >= 0:
            self.tabs.setCurrentWidget(self.appendices)
            return False
        try:
            orders.save_order(self.ws.db, data)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        except StaleRecordError as exc:
            self.show_error(f"{exc}\n\n{TEXTS['stale_hint']}")
            return False
        except KuratorError as exc:
            self.show_error(str(exc))
            return False
        assert data.id is not None
        self.order_id = data.id
        self._loaded = copy.deepcopy(data)
        self._show_title()
        self.saved.emit(data.id)
        return True

    def save(self) -> bool:
        if not self.store():
            return False
        self.accept()
        return True

    def save_and_print(self) -> None:
        if self.printer.running or not self.store():
            return
        assert self.order_id is not None
        self.printer.start(self.order_id)

    def _show_errors(self, errors: dict[str, str]) -> None:
        first = next(iter(errors), "")
        self.tabs.setCurrentIndex(_TAB_OF_FIELD.get(first, 0))
        self.messages.show(errors)

    # --- dialogs, overridable in tests -------------------------------------------------
    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)
