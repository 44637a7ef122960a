"""A long message under a field of a small dialog is shown whole: the dialog grows for it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.ui.common.widgets import FieldMessages


def test_dialog_grows_for_a_three_line_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a small two-field dialog at its natural size
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout()
    msgs = FieldMessages()
    msgs.add_row(form, "end", "Окончание", QLineEdit())
    msgs.add_row(form, "next", "Ещё поле", QLineEdit())
    lay = QVBoxLayout(dialog)
    lay.addLayout(form)
    dialog.resize(420, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    # WHEN a long refusal is shown under the first field
    msgs.show(
        {
            "end": "Программа не может закончиться позже пары: срок пары 01.10.2026 – "
            "31.05.2027. Чтобы выйти за этот срок, сначала продлите пару на вкладке "
            "«Пары и группы» (там проверяются правило 3–12 месяцев и лимиты)."
        }
    )
    qtbot.wait(10)
    # THEN the dialog got taller and the label has the height its text needs
    shown = next(w for w in dialog.findChildren(QLabel) if w.objectName() == "msg_end")
    assert dialog.height() > before
    assert shown.height() >= shown.heightForWidth(shown.width())
