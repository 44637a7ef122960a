"""Combo boxes show long names whole: a wide popup, the middle elided, the full text as tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from app.services.storage.workspace import Workspace
from app.ui.common.widgets import fit_combo
from app.ui.school.school_dialog import SchoolDialog

LONG = "Константинопольская Александра Вячеславовна — заместитель директора по учебно-воспитательной работе"


def test_long_name_has_a_wide_popup_and_the_full_text_as_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a combo fitted to at most 30 characters, holding a short and a very long name
    combo = QComboBox()
    qtbot.addWidget(combo)
    fit_combo(combo, 30)
    combo.addItems(["Белова М. Ю. — учитель", LONG])
    combo.show()
    # WHEN the long name is chosen
    combo.setCurrentIndex(1)
    # THEN the combo did not grow to the whole name, the popup is as wide as its text
    # and the tooltip tells it whole
    text_width = combo.view().fontMetrics().horizontalAdvance(LONG)
    assert combo.width() < text_width
    assert combo.view().minimumWidth() >= text_width
    assert LONG in combo.toolTip()
    # and a short name fits: no tooltip repeats it
    combo.setCurrentIndex(0)
    assert combo.toolTip() == ""


def test_short_names_widen_the_combo_to_fit_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a fitted combo whose items arrive later (as a filter is refilled)
    combo = QComboBox()
    qtbot.addWidget(combo)
    fit_combo(combo, 40)
    before = combo.sizeHint().width()
    # WHEN a name of 30 characters is added
    combo.addItem("Лебедева И. Н. — заместитель д")
    combo.show()
    # THEN the combo asks for room to show it whole
    assert combo.sizeHint().width() > before
    assert combo.width() >= combo.fontMetrics().horizontalAdvance(combo.itemText(0))


def test_a_tooltip_set_by_the_dialog_is_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a fitted combo whose dialog explains it in a tooltip
    combo = QComboBox()
    qtbot.addWidget(combo)
    fit_combo(combo, 20)
    combo.setToolTip("Кто подписывает приказы")
    # WHEN a long name is chosen
    combo.addItem(LONG)
    combo.setCurrentIndex(0)
    combo.show()
    # THEN the tooltip gives the full name and keeps the explanation
    assert combo.toolTip() == f"{LONG}\nКто подписывает приказы"


def test_school_dialog_shows_the_curator_with_the_position(qtbot, demo_school) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the demo school, whose curator is a deputy director
    ws: Workspace = demo_school()
    dialog = SchoolDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    # WHEN the requisites are opened, THEN the curator's name and position are not cut
    combo = dialog.person_combos["curator_id"]
    text = combo.currentText()
    assert "— Заместитель" in text
    assert combo.width() > combo.fontMetrics().horizontalAdvance(text)
