"""«Параметры страницы документов»: margins and font sizes of every printed document."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.reports.page_settings import PageSettings
from app.services.school.page_settings import load_page_settings, save_page_settings
from app.services.storage.workspace import Workspace
from app.ui.common.widgets import EditableCombo, GuardedDialog

TEXTS = {
    "title": "Параметры страницы документов",
    "intro": (
        "Поля и шрифт всех документов программы (приказы, приложения, таблицы). "
        "По умолчанию — как в ГОСТ Р 7.0.97-2025: поля 30, 10, 20, 20 мм, Times New "
        "Roman 14, в таблицах 12. Поля меньше 20/10/20/20 мм не допускаются."
    ),
    "left": "Левое поле, мм:",
    "right": "Правое поле, мм:",
    "top": "Верхнее поле, мм:",
    "bottom": "Нижнее поле, мм:",
    "font": "Шрифт:",
    "body": "Размер текста, пт:",
    "table": "Размер в таблицах, пт:",
    "save": "Сохранить",
    "cancel": "Отмена",
    "defaults": "По ГОСТ",
}
FONTS = ["Times New Roman", "PT Serif", "Liberation Serif"]
_FIELDS = (
    ("left_mm", "left", 20, 50),
    ("right_mm", "right", 10, 50),
    ("top_mm", "top", 20, 50),
    ("bottom_mm", "bottom", 20, 50),
    ("body_size", "body", 12, 14),
    ("table_size", "table", 10, 14),
)


class PageSettingsDialog(GuardedDialog):
    """Edits the stored page settings; the minimum margins are enforced by the spin boxes."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        layout = QVBoxLayout(self)
        intro = QLabel(TEXTS["intro"])
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.spins: dict[str, QDoubleSpinBox] = {}
        for key, label, low, high in _FIELDS:
            spin = QDoubleSpinBox()
            spin.setRange(low, high)
            spin.setDecimals(1 if key.endswith("_mm") else 0)
            spin.setSingleStep(1)
            form.addRow(TEXTS[label], spin)
            self.spins[key] = spin
        self.font_combo = EditableCombo(FONTS)
        form.addRow(TEXTS["font"], self.font_combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        buttons.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(TEXTS["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        reset = buttons.addButton(TEXTS["defaults"], QDialogButtonBox.ButtonRole.ResetRole)
        reset.clicked.connect(lambda: self._show(PageSettings()))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._saved = load_page_settings(ws.db)
        self._show(self._saved)
        self.setMinimumWidth(520)

    def _show(self, settings: PageSettings) -> None:
        values = asdict(settings)
        for key, spin in self.spins.items():
            spin.setValue(float(values[key]))
        self.font_combo.set_text(settings.font_name)

    def current(self) -> PageSettings:
        values: dict[str, object] = {k: s.value() for k, s in self.spins.items()}
        values["font_name"] = self.font_combo.text()
        return PageSettings.from_mapping(values)

    def is_modified(self) -> bool:
        return self.current() != self._saved

    def save(self) -> bool:
        settings = self.current()
        save_page_settings(self.ws.db, settings)
        self._saved = settings
        self.accept()
        return True
