"""The staff import dialog: preview of a messy file, mapping changes, import, cancel, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QThreadPool
from PySide6.QtWidgets import QStyle

from app.errors import KuratorError
from app.services.people import persons, staff_import
from app.services.people.persons import PersonData
from app.services.storage.workspace import Workspace
from app.ui.people.import_dialog import PREVIEW_COLUMNS, StaffImportDialog, rows_word
from tests.xlsx_samples import (
    make_no_header_xlsx,
    make_three_column_xlsx,
    make_titled_staff_xlsx,
    make_two_sheet_xlsx,
    write_table,
)

TIMEOUT = 15000


@pytest.fixture
def dialog(qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> StaffImportDialog:  # type: ignore[no-untyped-def]
    d = StaffImportDialog(ws)
    qtbot.addWidget(d)
    d.errors = []  # type: ignore[attr-defined]
    monkeypatch.setattr(d, "show_error", d.errors.append)  # type: ignore[attr-defined]
    return d


def _load(qtbot, dialog: StaffImportDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        dialog.load_file(path)


def _column(dialog: StaffImportDialog, title: str) -> list[str]:
    model, col = dialog.preview_model, PREVIEW_COLUMNS.index(title)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def _problems(dialog: StaffImportDialog) -> list[str]:
    return [dialog.problems.item(i).text() for i in range(dialog.problems.count())]


def _names(ws: Workspace) -> list[str]:
    return [r.full_name for r in persons.list_persons(ws.db)]


def test_messy_file_preview_and_skipped_rows(
    qtbot, dialog: StaffImportDialog, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a list with a title, initials, a blank line and a total row
    path = make_titled_staff_xlsx(tmp_path / "список.xlsx")

    # WHEN it is loaded
    _load(qtbot, dialog, path)

    # THEN the preview has the four good rows, cleaned up
    assert _column(dialog, "Строка") == ["5", "6", "8", "10"]
    assert _column(dialog, "ФИО") == [
        "Иванова Мария Петровна",
        "Петров Иван Сергеевич",
        "Кузнецова Ольга Николаевна",
        "Смирнов Алексей Викторович",
    ]
    assert _column(dialog, "Дата рождения")[0] == "12.03.1980"
    # AND every skipped row is listed with its number and reason
    problems = _problems(dialog)
    assert [p.split(" — ")[0] for p in problems] == ["Строка 7", "Строка 9", "Строка 11"]
    assert problems[0].startswith("Строка 7 — не загружена: вместо имени и отчества инициалы")
    assert problems[1] == "Строка 9 — пропущена: пустая строка"
    assert problems[2] == "Строка 11 — пропущена: строка итогов"
    # AND only the person not loaded counts as a loss; blank and total rows are greyed
    assert dialog.summary_label.text() == (
        "Будет загружено: 4. Не загружены: 1 (см. список). "
        "Уже в базе: 0. Пустых и служебных строк: 2."
    )
    colors = [dialog.problems.item(i).foreground().color().name() for i in range(3)]
    assert colors[0] == "#8a3b00" and colors[1] == colors[2] == "#9aa0a6"
    assert dialog.import_button.text() == "Загрузить 4 строки"
    assert dialog.import_button.isEnabled()
    assert dialog.header_label.text() == "Заголовки таблицы — в строке 4."
    # the detected mapping is shown: «Ф.И.О. (полностью)» → the full-name field
    assert dialog.mapping_table.item(1, 0).text() == "B: Ф.И.О. (полностью)"
    assert dialog.mapping_combos[1].currentText() == "ФИО (в одном столбце)"
    assert dialog.mapping_combos[0].currentText() == "— не загружать —"
    assert dialog.sheet_combo.isHidden()
    assert dialog.errors == []  # type: ignore[attr-defined]


def test_remarks_are_readable_in_full_at_1000_px(
    qtbot, dialog: StaffImportDialog, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a list whose rows carry long remarks (bad dates, a short phone, an odd e-mail)
    path = write_table(
        tmp_path / "замечания.xlsx",
        [
            ["ФИО", "Должность", "Предметы", "Телефон", "E-mail", "Дата рождения"],
            [
                "Сидорова Анна Викторовна",
                "Учитель начальных классов",
                "Начальные классы",
                "12-34",
                "sidorova-at-mail",
                "32.01.1995",
            ],
            [
                "Иванова Мария Петровна",
                "Учитель",
                "Русский язык, литература",
                "89131234567",
                "ivanova@mail.ru",
                "12.03.1980",
            ],
        ],
    )
    # WHEN it is loaded in the dialog at its default 1000 px width
    dialog.resize(1000, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    _load(qtbot, dialog, path)

    # THEN the bad date is a remark on a loaded row, not a reason to skip it
    remark = _column(dialog, "Замечание")[0]
    assert remark == (
        "Дата рождения «32.01.1995» не распознана — оставлена пустой; похоже, "
        "в номере телефона не хватает или лишние цифры; адрес e-mail выглядит "
        "неправильно (нужно имя@домен.ru)"
    )
    assert _column(dialog, "Дата рождения") == ["", "12.03.1980"]
    # AND the remark column takes the width left over, with no horizontal scrolling
    view, col = dialog.preview, PREVIEW_COLUMNS.index("Замечание")
    assert view.columnWidth(col) >= 220
    assert view.horizontalHeader().length() <= view.viewport().width()
    # AND the row is tall enough for the whole remark wrapped in its column
    margins = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)

    def needed() -> int:
        room = QRect(0, 0, view.columnWidth(col) - margins, 10_000)
        return view.fontMetrics().boundingRect(room, flags, remark).height()

    qtbot.waitUntil(lambda: view.rowHeight(0) >= needed())
    assert needed() > 2 * view.fontMetrics().height()  # the remark does wrap
    assert view.rowHeight(1) < needed()  # rows without a remark stay low
    # WHEN the dialog is made narrower THEN the remark wraps again and its row grows
    width, height = view.columnWidth(col), view.rowHeight(0)
    dialog.resize(900, 640)
    qtbot.waitUntil(lambda: view.columnWidth(col) < width and view.rowHeight(0) > height)
    assert view.rowHeight(0) >= needed()
    # AND the tooltip holds the full text
    model = dialog.preview_model
    assert model.data(model.index(0, col), Qt.ItemDataRole.ToolTipRole) == remark


def test_changing_the_mapping_reanalyzes(qtbot, dialog: StaffImportDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a loaded file with Фамилия/Имя/Отчество in columns A–C and «Должность» in D
    _load(qtbot, dialog, make_three_column_xlsx(tmp_path / "три.xlsx"))
    assert _column(dialog, "Должность")[0] == "Учитель"
    assert dialog.summary_label.text() == (
        "Будет загружено: 6. Не загружены: 2 (см. список). "
        "Уже в базе: 0. Пустых и служебных строк: 1."
    )

    # WHEN «Должность» is set not to be loaded
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        dialog.set_mapping(3, None)
    # THEN the new plan has no positions, and the same rows
    assert dialog.plan is not None and 3 not in dialog.plan.mapping
    assert _column(dialog, "Должность") == [""] * 6

    # WHEN the «Имя» column is mapped as «Фамилия» (one column per name part)
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        dialog.set_mapping(1, "last_name")
    # THEN the former «Фамилия» column is freed; without a name column nothing can be loaded
    assert dialog.mapping_combos[0].currentText() == "— не загружать —"
    assert dialog.plan is None
    assert dialog.summary_label.text().startswith("Не выбран столбец с именами")
    assert not dialog.import_button.isEnabled()
    assert dialog.errors == []  # type: ignore[attr-defined]

    # WHEN the user puts the names back
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        dialog.set_mapping(0, "last_name")
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        dialog.set_mapping(1, "first_name")
    # THEN the six rows are back
    assert dialog.import_button.text() == "Загрузить 6 строк"


def test_import_writes_persons_and_reimport_adds_nothing(
    qtbot, dialog: StaffImportDialog, ws: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a loaded messy file
    path = make_titled_staff_xlsx(tmp_path / "список.xlsx")
    _load(qtbot, dialog, path)

    # WHEN «Загрузить 4 строки» is pressed
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    # THEN the four persons are in the database and the result is kept for the caller
    assert _names(ws) == [
        "Иванова Мария Петровна",
        "Кузнецова Ольга Николаевна",
        "Петров Иван Сергеевич",
        "Смирнов Алексей Викторович",
    ]
    assert dialog.import_result is not None and dialog.import_result.created == 4

    # WHEN the same file is loaded again in a new dialog
    again = StaffImportDialog(ws)
    qtbot.addWidget(again)
    _load(qtbot, again, path)
    # THEN every row is reported as already in the base and nothing can be imported
    assert again.summary_label.text() == (
        "Будет загружено: 0. Не загружены: 1 (см. список). "
        "Уже в базе: 4. Пустых и служебных строк: 2."
    )
    assert "Строка 5 — уже в базе: Иванова Мария Петровна, 12.03.1980 г. р." in _problems(again)
    assert again.import_button.text() == "Загрузить 0 строк"
    assert not again.import_button.isEnabled()
    assert len(_names(ws)) == 4


def test_cancel_imports_nothing(
    qtbot, dialog: StaffImportDialog, ws: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a loaded file, one of its people already in the base
    persons.save_person(
        ws.db,
        PersonData(
            last_name="Орлова",
            first_name="Елена",
            middle_name="Игоревна",
            birth_date=dt.date(1978, 2, 14),
        ),
    )
    _load(qtbot, dialog, make_three_column_xlsx(tmp_path / "три.xlsx"))
    assert "Строка 2 — уже в базе: Орлова Елена Игоревна, 14.02.1978 г. р." in _problems(dialog)
    assert dialog.import_button.text() == "Загрузить 5 строк"

    # WHEN «Отмена» is pressed
    with qtbot.waitSignal(dialog.rejected, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    # THEN only the person who was there before is in the database
    assert _names(ws) == ["Орлова Елена Игоревна"]
    assert dialog.import_result is None


def test_cancel_while_reading_ignores_the_late_result(
    qtbot, dialog: StaffImportDialog, ws: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a file being read in the background
    dialog.load_file(make_titled_staff_xlsx(tmp_path / "список.xlsx"))
    assert dialog.is_busy() and not dialog.import_button.isEnabled()
    assert dialog.summary_label.text() == "Читаю файл…"

    # WHEN the user cancels before the reading ends
    dialog.reject()
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=TIMEOUT)
    qtbot.wait(0)  # let the queued "finished" signal arrive

    # THEN the late plan is dropped and nothing was imported
    assert dialog.plan is None and not dialog.is_busy()
    assert dialog.result() == dialog.DialogCode.Rejected
    assert _names(ws) == []


def test_broken_file_shows_russian_error(qtbot, dialog: StaffImportDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a file named .xlsx that is not a workbook
    broken = tmp_path / "сотрудники.xlsx"
    broken.write_bytes(b"this is not a zip archive")

    # WHEN it is chosen with «Файл…»
    dialog.choose_file = lambda: broken  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)

    # THEN the Russian message is shown and nothing can be imported
    assert dialog.errors == [  # type: ignore[attr-defined]
        "Не удалось прочитать «сотрудники.xlsx»: это не книга Excel (.xlsx) или файл повреждён."
    ]
    assert dialog.plan is None
    assert dialog.path_label.text() == "Файл не выбран."
    assert not dialog.import_button.isEnabled()
    assert dialog.preview_model.rowCount() == 0


def test_file_without_header_is_refused(qtbot, dialog: StaffImportDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a list without a header row WHEN it is loaded
    _load(qtbot, dialog, make_no_header_xlsx(tmp_path / "без заголовка.xlsx"))
    # THEN the user is told what was expected
    assert len(dialog.errors) == 1  # type: ignore[attr-defined]
    assert dialog.errors[0].startswith("Не удалось найти строку заголовков")  # type: ignore[attr-defined]
    assert dialog.plan is None


def test_sheet_choice(qtbot, dialog: StaffImportDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a workbook whose list is on the second sheet
    _load(qtbot, dialog, make_two_sheet_xlsx(tmp_path / "два листа.xlsx"))
    # THEN the sheet combo appears with the found sheet chosen
    assert not dialog.sheet_combo.isHidden()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "Инструкция",
        "Сотрудники",
    ]
    assert dialog.sheet_combo.currentText() == "Сотрудники"
    assert dialog.import_button.text() == "Загрузить 2 строки"

    # WHEN the instructions sheet is chosen
    with qtbot.waitSignal(dialog.analysis_finished, timeout=TIMEOUT):
        dialog.sheet_combo.setCurrentIndex(0)
    # THEN the user learns it has no table, and the list of the other sheet stays
    assert dialog.errors[0].startswith("Не удалось найти строку заголовков")  # type: ignore[attr-defined]
    assert dialog.errors[0].endswith("Проверьте, что у таблицы есть строка с названиями столбцов.")  # type: ignore[attr-defined]
    assert dialog.sheet_combo.currentText() == "Сотрудники"
    assert dialog.import_button.text() == "Загрузить 2 строки"


def test_failed_import_writes_nothing_and_says_why(
    qtbot, dialog: StaffImportDialog, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a loaded file and a database that refuses the write
    _load(qtbot, dialog, make_titled_staff_xlsx(tmp_path / "список.xlsx"))

    def refuse(db: object, plan: object) -> None:
        raise KuratorError("Не удалось записать сотрудников в базу — ничего не загружено.")

    monkeypatch.setattr(staff_import, "apply_plan", refuse)

    # WHEN «Загрузить» is pressed
    dialog.start_import()
    qtbot.waitUntil(lambda: bool(dialog.errors), timeout=TIMEOUT)  # type: ignore[attr-defined]

    # THEN the message is shown, the dialog stays open and usable, the base is empty
    assert dialog.errors == [  # type: ignore[attr-defined]
        "Не удалось записать сотрудников в базу — ничего не загружено."
    ]
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.import_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert _names(ws) == []


def test_rows_word() -> None:
    # GIVEN counts WHEN phrased THEN the Russian plural is right
    assert [rows_word(n) for n in (0, 1, 2, 5, 11, 12, 21, 23, 111, 122)] == [
        "0 строк",
        "1 строку",
        "2 строки",
        "5 строк",
        "11 строк",
        "12 строк",
        "21 строку",
        "23 строки",
        "111 строк",
        "122 строки",
    ]
