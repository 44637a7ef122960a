"""The «Участники» tab: the searchable table of teachers and the actions on them."""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.errors import KuratorError
from app.services.pairs import pairs
from app.services.people import persons
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.people.person_dialog import PersonDialog
from app.ui.people.person_table_model import (
    COL_BIRTH,
    COL_CATEGORY,
    COL_EMAIL,
    COL_EXPERIENCE,
    COL_NAME,
    COL_PHONE,
    COL_POSITION,
    COL_ROLES,
    COL_SUBJECTS,
    ID_ROLE,
    ROLE_ALL,
    ROLE_MENTEES,
    ROLE_MENTORS,
    ROLE_NONE,
    PersonFilterProxy,
    PersonTableModel,
)

TEXTS = {
    "add": "Добавить…",
    "edit": "Изменить…",
    "archive": "В архив",
    "unarchive": "Вернуть из архива",
    "delete": "Удалить…",
    "consent": "Согласие на обработку персональных данных (Word)…",
    "import": "Импорт из Excel…",
    "search": "Поиск по ФИО…",
    "show_archive": "Показывать архив",
    "count": "Показано {shown} из {total}",
    "empty": "Пока никого нет: нажмите «Добавить…» или «Импорт из Excel…».",
    "delete_title": "Удаление участника",
    "delete_text": "Удалить «{name}» из базы совсем? Это нельзя отменить.\n\n"
    "Если человек просто ушёл из школы, лучше перевести его в архив.",
    "delete_yes": "Удалить",
    "delete_no": "Не удалять",
    "error_title": "Не получилось",
    "add_tip": "Добавить педагога (Ins)",
    "archive_tip": "Архив обратим: история сохраняется, человек скрывается из списков.",
    "archive_title": "Перевод в архив",
    "archive_pairs": (
        "{name} участвует в парах, которые ещё идут: {pairs}. В архиве участник "
        "остаётся в этих парах; прекратите их досрочно или замените участника на "
        "вкладке «Пары и группы». Перевести в архив?"
    ),
    "archive_yes": "В архив",
    "archive_no": "Не переводить",
    "delete_tip": "Удалить можно только того, кто нигде не упоминается (Del).",
}
ROLE_FILTERS = [
    (ROLE_ALL, "Все роли"),
    (ROLE_MENTORS, "Наставники"),
    (ROLE_MENTEES, "Наставляемые"),
    (ROLE_NONE, "Без роли"),
]
# A typical value per column: each column is as wide as its sample (or its header), so the
# table fits a 1200 px window; longer texts end in «…» and show in full as a tooltip. ФИО
# takes the width left over.
COLUMN_SAMPLES = {
    COL_ROLES: "Наставник, наставл.",
    COL_POSITION: "Учитель начальных",
    COL_SUBJECTS: "Русский язык; лит.",
    COL_EXPERIENCE: "00",
    COL_CATEGORY: "Без категории",
    COL_PHONE: "+7 913 000-00-00",
    COL_EMAIL: "ivanova.mp@mail.ru",
    COL_BIRTH: "00.00.0000",
}
_CELL_PADDING = 16


class ElidedTextTips(QStyledItemDelegate):
    """Adds a cell's full text to its tooltip when the column is too narrow to show it all."""

    def tooltip(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> str:
        """The tooltip of ``index`` drawn in ``option.rect``: the text if it is cut off, and
        whatever the model adds (the full role, the archive note)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        tips = []
        if opt.text and opt.fontMetrics.horizontalAdvance(opt.text) > room.width() - 2 * margin:
            tips.append(opt.text)
        extra = index.data(Qt.ItemDataRole.ToolTipRole)
        if extra:
            tips.append(str(extra))
        return "\n".join(tips)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,  # noqa: N802 (Qt API)
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        text = self.tooltip(option, index)
        if text:
            QToolTip.showText(event.globalPos(), text, view)
        else:
            QToolTip.hideText()
            event.ignore()
        return True


def _import_dialog_available() -> bool:
    """Whether the Excel staff import ships in this build (the module is optional here)."""
    try:
        return importlib.util.find_spec("app.ui.people.import_dialog") is not None
    except (ImportError, ValueError):
        return False


class ParticipantsTab(QWidget):
    """Table of participants with search, role/archive filters, add/edit/archive/delete."""

    data_changed = Signal()
    consent_requested = Signal(int, str)  # person id, full name: print the consent form

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.dialog: PersonDialog | None = None
        self.model = PersonTableModel(self)
        self.proxy = PersonFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.reload()

    # --- building ----------------------------------------------------------------------
    def _button(self, key: str, slot: object, tip: str = "") -> QPushButton:
        button = QPushButton(TEXTS[key])
        button.setObjectName(f"btn_{key}")
        button.clicked.connect(slot)
        if tip:
            button.setToolTip(tip)
        return button

    def _build(self) -> None:
        self.add_button = self._button("add", self.add_person, TEXTS["add_tip"])
        self.edit_button = self._button("edit", self.edit_selected)
        self.archive_button = self._button("archive", self.toggle_archive, TEXTS["archive_tip"])
        self.delete_button = self._button("delete", self.delete_selected, TEXTS["delete_tip"])
        self.import_button = self._button("import", self.import_staff)
        self.import_button.setVisible(_import_dialog_available())

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(TEXTS["search"])
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.textChanged.connect(self._search_changed)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role_filter")
        for key, label in ROLE_FILTERS:
            self.role_combo.addItem(label, key)
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.archive_check = QCheckBox(TEXTS["show_archive"])
        self.archive_check.setObjectName("show_archive")
        self.archive_check.toggled.connect(self._archive_toggled)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.empty_label = QLabel(TEXTS["empty"])
        self.empty_label.setObjectName("empty_hint")
        self.empty_label.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("persons_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.tips = ElidedTextTips(self.table)  # cut texts end in «…»: show them on hover
        self.table.setItemDelegate(self.tips)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self._set_column_widths()
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vheader.setVisible(False)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self._add_shortcuts()

        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.archive_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.role_combo)
        filters.addWidget(self.archive_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

    def _set_column_widths(self) -> None:
        """Each column as wide as its sample value or its header lines, whichever is wider."""
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(
                [metrics.horizontalAdvance(sample)]
                + [header_metrics.horizontalAdvance(line) for line in title.split("\n")]
            )
            self.table.setColumnWidth(column, width + _CELL_PADDING)

    def cell_tooltip(self, row: int, column: int) -> str:
        """The tooltip the shown cell at (``row``, ``column``) gives on hover ('' for none)."""
        index = self.proxy.index(row, column)
        option = QStyleOptionViewItem()
        self.table.initViewItemOption(option)
        option.rect = self.table.visualRect(index)
        return self.tips.tooltip(option, index)

    def _add_shortcuts(self) -> None:
        shortcut = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.Delete, self.delete_selected),
            (QKeySequence(Qt.Key.Key_Return), self.edit_selected),
            (QKeySequence(Qt.Key.Key_Enter), self.edit_selected),
            (QKeySequence(Qt.Key.Key_Insert), self.add_person),
        ):
            action = QAction(self.table)
            action.setShortcut(keys)
            action.setShortcutContext(shortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(shortcut)
        find.triggered.connect(lambda: self.search_edit.setFocus())
        self.addAction(find)

    # --- data --------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the participants from the current database, keeping the selection."""
        self._reload(select_id=self.selected_id())

    def _reload(self, select_id: int | None) -> None:
        self.model.set_rows(persons.list_persons(self.ws.db))
        if select_id is not None:
            self.select_person(select_id)
        self._update_count()
        self._update_actions()

    def set_search_text(self, text: str) -> None:
        """Type ``text`` into the search box (filters at once)."""
        self.search_edit.setText(text)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(ID_ROLE)
        return int(value) if value is not None else None

    def selected_row(self) -> persons.PersonRow | None:
        pid = self.selected_id()
        if pid is None:
            return None
        row = self.model.row_of_id(pid)
        return self.model.row_at(row) if row >= 0 else None

    def select_person(self, person_id: int) -> bool:
        """Select and show a person's row; False when it is filtered out or missing."""
        source_row = self.model.row_of_id(person_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def visible_ids(self) -> list[int]:
        """Ids of the rows shown, top to bottom."""
        return [int(self.proxy.index(r, 0).data(ID_ROLE)) for r in range(self.proxy.rowCount())]

    # --- filters -----------------------------------------------------------------------
    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._filter_changed()

    def _role_changed(self) -> None:
        self.proxy.set_role_filter(str(self.role_combo.currentData()))
        self._filter_changed()

    def _archive_toggled(self, show: bool) -> None:
        self.proxy.set_show_archived(show)
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._update_count()
        self._update_actions()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        self.empty_label.setVisible(total == 0)
        self.count_label.setText(TEXTS["count"].format(shown=self.proxy.rowCount(), total=total))

    def _update_actions(self) -> None:
        row = self.selected_row()
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(row is not None)
        archived = row is not None and row.archived
        self.archive_button.setText(TEXTS["unarchive"] if archived else TEXTS["archive"])

    # --- actions -----------------------------------------------------------------------
    def _double_clicked(self, index: QModelIndex) -> None:
        value = index.data(ID_ROLE)
        if value is not None:
            self.open_dialog(int(value))

    def add_person(self) -> None:
        self.open_dialog(None)

    def edit_selected(self) -> None:
        pid = self.selected_id()
        if pid is not None:
            self.open_dialog(pid)

    def open_dialog(self, person_id: int | None) -> PersonDialog | None:
        """Open the add/edit dialog window-modally; the table reloads when it saves."""
        try:
            dialog = PersonDialog(self.ws, self, person_id)
        except KuratorError as exc:  # deleted meanwhile
            self._warn(str(exc))
            self.reload()
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dialog_saved(dialog.person_id))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_saved(self, person_id: int | None) -> None:
        self._reload(select_id=person_id)
        self.data_changed.emit()

    def _dialog_closed(self) -> None:
        self.dialog = None

    def toggle_archive(self) -> None:
        """«В архив» / «Вернуть из архива» for the selected person; asks only when the person
        is in a planned or running pair (they stay in it, and the curator should know)."""
        row = self.selected_row()
        if row is None:
            return
        if not row.archived:
            running = [
                p
                for p in pairs.list_pairs(self.ws.db, person_id=row.id)
                if p.status in ("planned", "active")
            ]
            if running and not self._confirm(
                TEXTS["archive_title"],
                TEXTS["archive_pairs"].format(
                    name=row.full_name,
                    pairs="; ".join(
                        f"№ {p.id} ({p.mentor_name} → {p.mentee_names}, {p.status_label})"
                        for p in running
                    ),
                ),
                TEXTS["archive_yes"],
                TEXTS["archive_no"],
            ):
                return
        try:
            persons.set_archived(self.ws.db, row.id, not row.archived)
        except KuratorError as exc:
            self._warn(str(exc))
        self._reload(select_id=row.id)
        self.data_changed.emit()

    def print_consent_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.consent_requested.emit(row.id, row.full_name)

    def delete_selected(self) -> None:
        """Delete after confirmation; a person in use stays, with the reason shown."""
        row = self.selected_row()
        if row is None:
            return
        if not self._confirm(
            TEXTS["delete_title"],
            TEXTS["delete_text"].format(name=row.full_name),
            TEXTS["delete_yes"],
            TEXTS["delete_no"],
        ):
            return
        try:
            persons.delete_person(self.ws.db, row.id)
        except KuratorError as exc:
            self._warn(str(exc))
            return
        self._reload(select_id=None)
        self.data_changed.emit()

    def import_staff(self) -> None:
        # deferred: the import dialog brings openpyxl, kept out of start-up
        from app.ui.people.import_dialog import StaffImportDialog

        dialog = StaffImportDialog(self.ws, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.data_changed.emit()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        row = self.selected_row()
        if row is not None:
            menu.addAction(TEXTS["edit"], self.edit_selected)
            menu.addAction(
                TEXTS["unarchive"] if row.archived else TEXTS["archive"], self.toggle_archive
            )
            menu.addAction(TEXTS["delete"], self.delete_selected)
            menu.addSeparator()
            menu.addAction(TEXTS["consent"], self.print_consent_selected)
            menu.addSeparator()
        menu.addAction(TEXTS["add"], self.add_person)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # --- message boxes (methods so tests can replace them) ------------------------------
    def _confirm(self, title: str, text: str, yes: str, no: str) -> bool:
        return dialogs.ask_yes_no(self, title, text, yes, no)

    def _warn(self, text: str) -> None:
        dialogs.show_warning(self, TEXTS["error_title"], text)
