"""Form building blocks shared by every dialog: date fields, combo boxes that show long names
whole, messages next to fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from app.core.textutil import format_date, parse_date

ERROR_STYLE = "color: #b00020;"
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
ASK_TEXTS = {
    "title": "Несохранённые изменения",
    "text": "Сохранить изменения?",
    "save": "Сохранить",
    "discard": "Не сохранять",
    "back": "Вернуться",
}


def ask_save_changes(parent: QWidget, texts: dict[str, str] | None = None) -> str:
    """«Сохранить изменения?» with Russian buttons → SAVE, DISCARD or CANCEL; ``texts``
    replaces any of ``ASK_TEXTS`` (title, text, save, discard, back) for a particular case."""
    t = {**ASK_TEXTS, **(texts or {})}
    box = QMessageBox(QMessageBox.Icon.Question, t["title"], t["text"], parent=parent)
    save = box.addButton(t["save"], QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(t["discard"], QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(t["back"], QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


class GuardedDialog(QDialog):
    """A dialog that never drops typed data silently: Esc, ✕ and «Отмена» ask first.

    Subclasses implement ``is_modified()`` and ``save() -> bool`` (which accepts on success)."""

    # The contract every subclass fulfils (declared here, defined there).
    is_modified: Callable[[], bool]
    save: Callable[[], bool]

    def ask_save_changes(self) -> str:
        """The question; a method so tests can answer it."""
        return ask_save_changes(self)

    def reject(self) -> None:
        if self.is_modified():
            choice = self.ask_save_changes()
            if choice == CANCEL:
                return
            if choice == SAVE:
                self.save()  # stays open showing the errors if the data is invalid
                return
        super().reject()


WARNING_STYLE = "color: #8a5a00;"


class DateField(QLineEdit):
    """A date typed as ДД.ММ.ГГГГ; empty means "no date". ``date()`` raises ValueError
    with a Russian message for text that is not a real date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("ДД.ММ.ГГГГ")
        self.setMaxLength(10)
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(140)

    def date(self) -> dt.date | None:
        return parse_date(self.text())

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))


class EditableCombo(QComboBox):
    """A combo box that offers reference values and accepts free text."""

    def __init__(self, values: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(values)
        self.setCurrentIndex(-1)
        self.setEditText("")

    def text(self) -> str:
        return self.currentText().strip()

    def set_text(self, value: str) -> None:
        self.setEditText(value or "")


Combo = TypeVar("Combo", bound=QComboBox)
# A combo never asks for more than this many characters of width; longer names are elided in
# the middle (the tooltip and the wide popup show them whole).
COMBO_MAX_CHARS = 40
# The popup may be wider than its combo, but not wider than a 1366-pixel screen.
POPUP_MAX_WIDTH = 1300


class _ComboFit(QObject):
    """Keeps a combo as wide as its longest item (up to ``max_chars``), its popup as wide as
    that item's text, the shown text elided in the middle and the full text in the tooltip."""

    def __init__(self, combo: QComboBox, max_chars: int) -> None:
        super().__init__(combo)
        self.combo = combo
        self.max_chars = max_chars
        self._base_tip = combo.toolTip()  # a tooltip someone else set is kept under the name
        self._our_tip = ""
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._longest = 0  # the widest item's text, in pixels
        model = combo.model()
        model.rowsInserted.connect(lambda _parent, first, last: self._measure(first, last))
        for signal in (model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self.refit)
        combo.currentIndexChanged.connect(self.update_tip)
        combo.editTextChanged.connect(self.update_tip)
        combo.installEventFilter(self)
        self.refit()

    def refit(self) -> None:
        """Measure every item again (after items were removed or changed)."""
        self._longest = 0
        self._measure(0, self.combo.count() - 1)

    def _measure(self, first: int, last: int) -> None:
        """Take the items ``first``…``last`` into account (a refilled list adds them one by
        one, so only the new ones are measured)."""
        combo = self.combo
        metrics = combo.fontMetrics()
        self._longest = max(
            [self._longest]
            + [metrics.horizontalAdvance(combo.itemText(i)) for i in range(first, last + 1)]
        )
        # Qt counts the width in «x»es; Cyrillic letters are wider, so count the pixels.
        chars = -(-self._longest // max(1, metrics.horizontalAdvance("x")))
        combo.setMinimumContentsLength(max(4, min(chars, self.max_chars)))
        view = combo.view()
        # item padding, the frame and a vertical scroll bar around the text
        extra = (
            2 * view.frameWidth()
            + 24
            + combo.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        )
        view.setMinimumWidth(min(self._longest + extra, POPUP_MAX_WIDTH))
        self.update_tip()

    def _text_width(self) -> int:
        option = QStyleOptionComboBox()
        self.combo.initStyleOption(option)
        return (
            self.combo.style()
            .subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                option,
                QStyle.SubControl.SC_ComboBoxEditField,
                self.combo,
            )
            .width()
        )

    def update_tip(self) -> None:
        combo = self.combo
        if combo.toolTip() != self._our_tip:
            self._base_tip = combo.toolTip()
        text = combo.currentText()
        cut = bool(text) and combo.fontMetrics().horizontalAdvance(text) > self._text_width()
        self._our_tip = "\n".join(t for t in (text if cut else "", self._base_tip) if t)
        combo.setToolTip(self._our_tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.combo:
            if event.type() == QEvent.Type.Resize:
                self.update_tip()
            elif event.type() == QEvent.Type.Paint and not self.combo.isEditable():
                self._paint()
                return True
        return False

    def _paint(self) -> None:
        """What QComboBox paints, with the current text elided in the middle."""
        combo = self.combo
        painter = QStylePainter(combo)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = combo.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideMiddle, self._text_width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()


def fit_combo(combo: Combo, max_chars: int = COMBO_MAX_CHARS) -> Combo:
    """Make ``combo`` show long names whole where it can: as wide as its longest item up to
    ``max_chars`` characters, beyond that the text elided in the middle with the full text as
    tooltip; its popup as wide as the longest item. Follows later changes of the items."""
    _ComboFit(combo, max_chars)
    return combo


def scrolled(content: QWidget, sideways: bool = False) -> QScrollArea:
    """``content`` in a frameless area that scrolls down (and sideways if asked) when the
    window is smaller than it: a long form keeps its buttons on a 768-pixel screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


class FieldMessages:
    """A message label under each form field; errors in red, warnings in brown."""

    def __init__(self) -> None:
        self._rows: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> QLabel:
        """Add «label: widget» with an (initially hidden) message label under the widget."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        msg = QLabel()
        msg.setObjectName(f"msg_{key}")
        msg.setWordWrap(True)
        msg.setVisible(False)
        msg.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(msg)
        form.addRow(label, box)
        self._rows[key] = box
        self._labels[key] = msg
        self._widgets[key] = widget
        return msg

    def row(self, key: str) -> QWidget:
        """The field of ``key`` with its message under it: what ``QFormLayout`` shows or hides."""
        return self._rows[key]

    def clear(self) -> None:
        for msg in self._labels.values():
            msg.clear()
            msg.setVisible(False)

    def show(self, errors: dict[str, str], warnings: dict[str, str] | None = None) -> None:
        """Show ``errors`` (and ``warnings``) next to their fields; focus the first error."""
        self.clear()
        for key, text in (warnings or {}).items():
            if key in self._labels:
                self._set(key, text, WARNING_STYLE)
        first: QWidget | None = None
        for key, text in errors.items():
            if key in self._labels:
                self._set(key, text, ERROR_STYLE)
                first = first or self._widgets[key]
        if first is not None:
            first.setFocus()
        self._grow_dialog()

    def _grow_dialog(self) -> None:
        """A small dialog grows so a long message is read whole, never cut under the field
        below (a main window's page has room and scrolls instead)."""
        labels = [m for m in self._labels.values() if not m.isHidden()]
        if not labels:
            return
        window = labels[0].window()
        layout = window.layout() if isinstance(window, QDialog) else None
        if layout is not None:
            layout.activate()
            hint = window.sizeHint()
            window.resize(
                max(window.width(), hint.width()),
                max(
                    window.height(),
                    window.heightForWidth(window.width())
                    if window.hasHeightForWidth()
                    else hint.height(),
                ),
            )

    def _set(self, key: str, text: str, style: str) -> None:
        msg = self._labels[key]
        msg.setText(text)
        msg.setStyleSheet(style)
        msg.setVisible(True)

    def text(self, key: str) -> str:
        """The message shown for ``key`` ('' when none) — for tests and screen readers."""
        msg = self._labels.get(key)
        return msg.text() if msg is not None and not msg.isHidden() else ""

    def is_shown(self, key: str) -> bool:
        msg = self._labels.get(key)
        return bool(msg is not None and not msg.isHidden() and msg.text())


def refill_filter(combo: QComboBox, first: str, items: list[tuple[str, object]]) -> None:
    """Refill a filter combo (``first`` = «все …» with no data, then ``items``) keeping the
    current choice when it is still offered; no change signals while refilling."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for label, value in items:
        combo.addItem(label, value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
