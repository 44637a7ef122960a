"""«Подобрать наставника»: ranked candidates with the reason in words, and reverse mentoring.

The data is read once when the dialog opens (``matching.load_index``); both lists are ranked
on it. Candidates at the limit stay in the list, last and greyed, with the reason saying so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.pairs import matching
from app.services.pairs.matching import ReverseSuggestion, Suggestion
from app.services.storage.workspace import Workspace
from app.ui.common.row_model import RowTableModel
from app.ui.pairs.suggestions_settings import WeightsDialog

TEXTS = {
    "title": "Подбор наставника",
    "mentors": "Наставники",
    "reverse": "Реверсивное наставничество",
    "intro": "Кандидаты упорядочены по баллам (0–100): сильные стороны там, где у "
    "наставляемого дефицит, тот же предмет и должность, стаж, свободные места "
    "(не больше 4 программ одновременно). Занятые до предела — в конце, серым.",
    "reverse_intro": "{name} может стать наставником для коллег ниже: у них дефицит там, "
    "где по диагностике у этого педагога сильные стороны (реверсивное "
    "наставничество).",
    "reverse_group": "Для группы реверсивный подбор не делается: выберите одного наставляемого.",
    "choose": "Выбрать",
    "cancel": "Отмена",
    "settings": "Веса подбора…",
    "empty": "Подходящих кандидатов нет.",
    "at_limit": "нет мест",
    "one": "Наставляемый: {name}.",
    "group": "Группа из {n} наставляемых: общие дефициты считаются по всей группе.",
    "everyone": "Показать и сотрудников не педагогических должностей",
    "everyone_tip": "Должности, которые не предлагаются в наставники (секретарь, бухгалтер, "
    "…), школа правит в «Справочниках» → «Должности, не предлагаемые в наставники».",
}
NOTICE_STYLE = "background: #fff3cd; border: 1px solid #e0c36a; padding: 6px;"
HEADERS = ["Баллы", "ФИО", "Должность", "Стаж", "Почему"]
_GREY = QColor("#8a8a8a")
_INDEX = QModelIndex | QPersistentModelIndex


class SuggestionModel(RowTableModel[Suggestion | ReverseSuggestion]):
    """Rows of suggestions (either kind); at-limit rows greyed with «нет мест» in the score."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, parent)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = [
                f"{r.score}" + (f" ({TEXTS['at_limit']})" if r.at_limit else ""),
                r.full_name,
                r.position,
                "" if r.experience_years is None else str(r.experience_years),
                r.reason,
            ]
            return values[col]
        if role == Qt.ItemDataRole.ForegroundRole and r.at_limit:
            return QBrush(_GREY)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _table(model: SuggestionModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    for col, width in ((0, 80), (1, 220), (2, 150), (3, 50)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(col, width)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class SuggestionsDialog(QDialog):
    """Ranked mentors for ``mentee_ids`` and, for one mentee, reverse mentoring.

    After «Выбрать» ``chosen`` is ``("mentor", id)`` or ``("reverse", colleague id)``."""

    def __init__(
        self,
        ws: Workspace,
        mentee_ids: list[int],
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        exclude_pair_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.mentee_ids = mentee_ids
        self.chosen: tuple[str, int] | None = None
        self._period = (start, end, exclude_pair_id)
        self.setWindowTitle(TEXTS["title"])
        self.resize(1100, 620)
        self.mentor_model = SuggestionModel(self)
        self.reverse_model = SuggestionModel(self)
        self.mentor_view = _table(self.mentor_model)
        self.reverse_view = _table(self.reverse_model)
        self.tabs = QTabWidget()
        self.intro = QLabel(TEXTS["intro"])
        self.intro.setWordWrap(True)
        # Why the ranking is weak (no strengths recorded, no deficits): said above the list.
        self.notice = QLabel()
        self.notice.setObjectName("weak_notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        self.everyone = QCheckBox(TEXTS["everyone"])
        self.everyone.setObjectName("include_non_teaching")
        self.everyone.setToolTip(TEXTS["everyone_tip"])
        self.everyone.toggled.connect(self._rank)
        self.reverse_intro = QLabel()
        self.reverse_intro.setWordWrap(True)
        for view, intro, title in (
            (self.mentor_view, self.intro, ""),
            (self.reverse_view, self.reverse_intro, TEXTS["reverse"]),
        ):
            page = QWidget()
            lay = QVBoxLayout(page)
            lay.addWidget(intro)
            if view is self.mentor_view:
                lay.addWidget(self.notice)
            lay.addWidget(view, 1)
            if view is self.mentor_view:
                lay.addWidget(self.everyone, 0, Qt.AlignmentFlag.AlignLeft)
            self.tabs.addTab(page, title)
            view.doubleClicked.connect(self._choose)
        settings = QPushButton(TEXTS["settings"])
        settings.setObjectName("weights")
        settings.clicked.connect(self.edit_weights)
        buttons = QDialogButtonBox()
        self.choose_button = buttons.addButton(
            TEXTS["choose"], QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(TEXTS["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(settings)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        """Read the data once and rank both lists."""
        start, end, exclude = self._period
        index = matching.load_index(self.ws.db, start=start, end=end, exclude_pair_id=exclude)
        self._index = index
        self._rank()
        notice = matching.weak_notice(index, self.mentee_ids)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        names = {t.id: t.name for t in index.teachers.values()}
        if len(self.mentee_ids) == 1:
            whom = TEXTS["one"].format(name=names.get(self.mentee_ids[0], ""))
            self.reverse_model.set_rows(matching.rank_reverse(index, self.mentee_ids[0]))
            self.reverse_intro.setText(
                TEXTS["reverse_intro"].format(name=names.get(self.mentee_ids[0], ""))
            )
        else:
            whom = TEXTS["group"].format(n=len(self.mentee_ids))
            self.reverse_model.set_rows([])
            self.reverse_intro.setText(TEXTS["reverse_group"])
        self.tabs.setTabText(0, TEXTS["mentors"])
        self.intro.setText(f"{whom} {TEXTS['intro']}")
        if self.reverse_model.rows == [] and len(self.mentee_ids) == 1:
            self.reverse_intro.setText(self.reverse_intro.text() + " " + TEXTS["empty"])

    def _rank(self) -> None:
        """Rank the mentors on the data read (non-teaching staff only when asked)."""
        self.mentor_model.set_rows(
            matching.rank_mentors(
                self._index, self.mentee_ids, include_non_teaching=self.everyone.isChecked()
            )
        )
        self.mentor_view.selectRow(0)

    def _choose(self) -> None:
        reverse = self.tabs.currentIndex() == 1
        view, model = (
            (self.reverse_view, self.reverse_model)
            if reverse
            else (self.mentor_view, self.mentor_model)
        )
        rows = view.selectionModel().selectedRows()
        if not rows:
            return
        self.choose_row("reverse" if reverse else "mentor", rows[0].row())

    def choose_row(self, kind: str, row: int) -> None:
        """Accept with the candidate in ``row`` of the mentors or the reverse list."""
        model = self.reverse_model if kind == "reverse" else self.mentor_model
        self.chosen = (kind, model.rows[row].person_id)
        self.accept()

    def edit_weights(self) -> None:
        if WeightsDialog(self.ws, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()
