"""What every view of the diagnostic grid shares: the palette of levels, the legend, texts."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QStyle, QStyleOptionHeader, QWidget

from app.services.grid.grid_state import DirectionInfo, LevelInfo

STRENGTH_COLOR = "#BDD7EE"  # light blue: readable with black text (contrast ≈ 14 : 1)
STRENGTH_MARK = "+"
CHANGE_COLORS = {"improved": "#B7E1A1", "worse": "#F4A6A6", "same": "#E7E6E6", "no_data": "#FFFFFF"}
CHANGE_MARKS = {"improved": "↓ лучше", "worse": "↑ хуже", "same": "=", "no_data": "?"}
TEXTS = {
    "strength_row": "Достижения\nи достоинства",
    "deficit_row": "Затруднения\nи дефициты",
    "strength_row_tip": "Профессиональные и личностные достижения и достоинства",
    "deficit_row_tip": "Профессиональные затруднения и дефициты; цвет — интенсивность "
    "(первоочерёдность)",
    "priority": "первоочередной",
    "priority_mark": "«!» — первоочередной",
    "legend": "Уровни:",
    "strength_legend": "есть сильная сторона",
    "empty_cell": "пусто",
}


class Palette:
    """Levels by id with their colours as ``QColor`` (built once per reload)."""

    def __init__(self, levels: list[LevelInfo]) -> None:
        self.levels = levels
        self.by_id = {lv.id: lv for lv in levels}
        self.colors = {lv.id: QColor(lv.color) for lv in levels}
        self.strength = QColor(STRENGTH_COLOR)
        self.change = {k: QColor(v) for k, v in CHANGE_COLORS.items()}
        known = [lv.severity for lv in levels if lv.severity is not None]
        self.top = max(known) if known else None

    def mark(self, level_id: int | None) -> str:
        lv = self.by_id.get(level_id) if level_id is not None else None
        return lv.mark if lv is not None else ""

    def name(self, level_id: int | None) -> str:
        lv = self.by_id.get(level_id) if level_id is not None else None
        return lv.name if lv is not None else ""

    def color(self, level_id: int | None) -> QColor | None:
        return self.colors.get(level_id) if level_id is not None else None


def direction_tip(d: DirectionInfo) -> str:
    """A column header's tooltip: the full name (the header shows the short one)."""
    return d.name


_VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")


def two_line(label: str, limit: int = 10, word_limit: int = 13) -> str:
    """A long column heading broken once: after a hyphen or at a space («Психолого-\nпед.»),
    or a single long word after a vowel near its middle («Воспита-\nтельная»)."""
    if len(label) <= limit:
        return label
    for sep in ("-", " "):
        pos = label.find(sep, 3)
        if 0 < pos < len(label) - 2:
            return label[: pos + 1].rstrip() + "\n" + label[pos + 1 :].lstrip()
    if len(label) <= word_limit:
        return label
    middle = len(label) / 2
    cuts = [
        i + 1
        for i, ch in enumerate(label)
        if ch in _VOWELS and 3 <= i + 1 <= len(label) - 3 and label[i + 1] not in _VOWELS
    ]
    if not cuts:
        return label
    cut = min(cuts, key=lambda c: abs(c - middle))
    return label[:cut] + "-\n" + label[cut:]


class RotatedHeader(QHeaderView):
    """A horizontal header whose sections from ``first_rotated`` on are written bottom-up,
    so eleven directions fit a 1200 px window with their short names in full."""

    def __init__(self, first_rotated: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.first_rotated = first_rotated
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def sectionSizeFromContents(self, logical_index: int) -> QSize:  # noqa: N802 (Qt API)
        size = super().sectionSizeFromContents(logical_index)
        if logical_index < self.first_rotated:
            return size
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        width = self.fontMetrics().horizontalAdvance(text) + 16
        return QSize(self.fontMetrics().height() + 12, max(width, size.height()))

    def paintSection(
        self,
        painter: QPainter,
        rect: QRect,  # noqa: N802 (Qt API)
        logical_index: int,
    ) -> None:
        if logical_index < self.first_rotated:
            super().paintSection(painter, rect, logical_index)
            return
        opt = QStyleOptionHeader()
        self.initStyleOptionForIndex(opt, logical_index)
        opt.rect = rect
        opt.text = ""
        opt.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        if self.sortIndicatorSection() == logical_index and self.isSortIndicatorShown():
            text = (
                "▼ " if self.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder else "▲ "
            ) + text
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            QRect(6, 0, rect.height() - 10, rect.width()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        painter.restore()


def swatch(text: str, color: str, tip: str = "") -> QLabel:
    """A small coloured label with black text, as the cells look."""
    label = QLabel(text)
    label.setStyleSheet(
        f"background: {color}; color: black; border: 1px solid #9a9a9a; padding: 1px 6px;"
    )
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if tip:
        label.setToolTip(tip)
    return label


class Legend(QWidget):
    """«Уровни: [В] выраженный дефицит [Ч] частичный …» — every colour with its mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.items: list[str] = []

    def set_levels(
        self, levels: list[LevelInfo], strengths: bool = False, priority_mark: bool = False
    ) -> None:
        """Show the levels (or, with ``strengths``, the strength colour); ``priority_mark``
        explains the «!» after a mark (the school view's short form of «первоочередной»)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater acts on the next loop turn; hide it now
                widget.deleteLater()
        self.items = []
        self._layout.addWidget(QLabel(TEXTS["legend"]))
        entries = (
            [(STRENGTH_MARK, STRENGTH_COLOR, TEXTS["strength_legend"])]
            if strengths
            else [(lv.mark, lv.color, lv.name) for lv in levels]
        )
        for mark, color, name in entries:
            self._layout.addWidget(swatch(mark, color))
            self._layout.addWidget(QLabel(name))
            self.items.append(f"{mark} {name}")
        if priority_mark and not strengths:
            note = TEXTS["priority_mark"]
            self._layout.addWidget(QLabel(note))
            self.items.append(note)
        self._layout.addStretch(1)
