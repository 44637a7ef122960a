"""The weights of mentor suggestions: a small dialog over ``matching.MatchWeights``."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.pairs import matching
from app.services.pairs.matching import WEIGHT_LABELS, MatchWeights
from app.ui.common.widgets import ERROR_STYLE

TEXTS = {
    "title": "Веса подбора наставника",
    "intro": "Чем больше вес, тем сильнее признак влияет на баллы кандидата. Важно "
    "соотношение весов, а не сами числа.",
    "defaults": "По умолчанию",
    "save": "Сохранить",
    "cancel": "Отмена",
}


class WeightsDialog(QDialog):
    """Edit and store the weights; «По умолчанию» restores the shipped values."""

    def __init__(self, ws: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(TEXTS["title"])
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        for f in fields(MatchWeights):
            spin = QDoubleSpinBox()
            spin.setObjectName(f.name)
            spin.setDecimals(2 if f.name == "yellow_share" else 0)
            spin.setRange(0, 1 if f.name == "yellow_share" else 1000)
            spin.setSingleStep(0.1 if f.name == "yellow_share" else 5)
            self.spins[f.name] = spin
            form.addRow(WEIGHT_LABELS[f.name], spin)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        intro = QLabel(TEXTS["intro"])
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton(TEXTS["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(TEXTS["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        defaults = QPushButton(TEXTS["defaults"])
        buttons.addButton(defaults, QDialogButtonBox.ButtonRole.ResetRole)
        defaults.clicked.connect(lambda: self._show(MatchWeights()))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show(matching.load_weights(self.ws.db))  # type: ignore[attr-defined]

    def _show(self, weights: MatchWeights) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(weights, name))

    def weights(self) -> MatchWeights:
        return MatchWeights(**{name: spin.value() for name, spin in self.spins.items()})

    def save(self) -> bool:
        try:
            matching.save_weights(self.ws.db, self.weights())  # type: ignore[attr-defined]
        except ValidationError as exc:
            self.error.setText(" ".join(exc.errors.values()))
            return False
        self.accept()
        return True
