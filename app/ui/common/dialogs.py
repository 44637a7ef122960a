"""Generic message boxes with Russian buttons: a yes/no question, a warning, an error."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

TEXTS = {
    "ok": "Понятно",
    "error_title": "Не получилось",
    "reload": "Загрузить заново",
    "keep": "Остаться",
}


# Module functions, called as ``dialogs.ask_yes_no(...)``, so tests can replace them.
def ask_yes_no(
    parent: QWidget, title: str, text: str, yes: str, no: str, warning: bool = False
) -> bool:
    """A question with Russian buttons, ``no`` by default and on Esc; True when ``yes`` was
    pressed. ``warning`` shows the warning icon (deleting something)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def ask_reload(parent: QWidget, title: str, message: str, question: str) -> bool:
    """Another user saved the record first: ``message`` says what changed, ``question``
    offers to show their version (the typing is dropped); True for «Загрузить заново»."""
    return ask_yes_no(
        parent, title, f"{message}\n\n{question}", TEXTS["reload"], TEXTS["keep"], warning=True
    )


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """A warning with a single Russian «Понятно» button."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.addButton(TEXTS["ok"], QMessageBox.ButtonRole.AcceptRole)
    box.exec()
