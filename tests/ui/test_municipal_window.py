"""The municipal window: the schools, the heat map in the grid's colours, a school's grid on
double-click, the severe-deficit list, adding files (a renamed school asked about), and the
school window's «Отправить в методический кабинет…»."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.services.municipal import store as municipal
from app.services.municipal.store import MunicipalStore, open_store
from app.services.municipal.views import Period
from app.services.storage import exchange
from app.ui.municipal.municipal_window import GridDialog, MunicipalWindow, PeriodDialog
from app.ui.window.main_window import MainWindow
from tests.municipal_files import OTHER_NAME, school_file, variant
from tests.prebuilt import DemoSchool

TIMEOUT = 20_000


@pytest.fixture
def two_schools(demo_school: DemoSchool, tmp_path: Path) -> tuple[MunicipalStore, dict]:  # type: ignore[type-arg]
    base = school_file(demo_school, tmp_path)
    store = open_store(tmp_path / "gmk")
    municipal.add_file(store, variant(base, tmp_path / "a.json", inn="3801000001"))
    municipal.add_file(
        store,
        variant(base, tmp_path / "b.json", name=OTHER_NAME, short="Знаменская", inn="3801000002"),
    )
    yield store, base
    store.dispose()


def test_views_show_the_schools_heat_map_and_severe_list(
    qtbot,
    two_schools,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN a store with two schools
    store, _ = two_schools
    # WHEN the municipal window opens
    window = MunicipalWindow(store)
    qtbot.addWidget(window)
    # THEN the schools table has both, sortable and filterable by name
    assert window.schools.rowCount() == 2
    window.filter.setText("знамен")
    assert window.schools_proxy.rowCount() == 1
    assert window.schools_proxy.index(0, 0).data() == "Знаменская"
    window.filter.setText("")
    window.schools_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.schools_proxy.index(0, 0).data() == "Знаменская"
    # AND the heat map has a row per school and the municipal total, cells in level colours
    heat = window.heat.heat
    assert heat is not None and window.heat.rowCount() == 3
    total = window.heat.index(2, 1)
    assert window.heat.index(2, 0).data() == "Итого по муниципалитету"
    assert total.data() == heat.total.cells[0].text
    colour = total.data(Qt.ItemDataRole.BackgroundRole)
    assert colour.name().upper() == "#" + heat.total.cells[0].fill
    # AND a double-click on a school opens its grid read-only, the total opens nothing
    dialog = window.open_grid(window.heat.index(0, 1))
    assert isinstance(dialog, GridDialog) and dialog.model.rowCount() > 0
    assert "только просмотр" in dialog.windowTitle()
    assert not dialog.view.editTriggers() & dialog.view.EditTrigger.DoubleClicked
    assert window.open_grid(window.heat.index(2, 1)) is None
    dialog.close()
    # AND the severe list of the direction most in need lists teachers of both schools
    worst = max(range(len(heat.directions)), key=lambda i: heat.total.cells[i].severe)
    window.direction.setCurrentIndex(window.direction.findText(heat.directions[worst]))
    assert window.severe.rowCount() == heat.total.cells[worst].severe > 0
    schools = {window.severe.index(r, 1).data() for r in range(window.severe.rowCount())}
    assert schools == {"Знаменская", "МБОУ «Берёзовская СОШ»"}
    # AND it is saved to Excel with the same rows
    told: list[str] = []
    target = tmp_path / "группа.xlsx"
    monkeypatch.setattr(window, "choose_save", lambda *_: target)
    monkeypatch.setattr(window, "inform", told.append)
    monkeypatch.setattr(window, "fail", told.append)
    window.write_severe()
    qtbot.waitUntil(lambda: bool(told), timeout=TIMEOUT)
    assert "Файл сохранён" in told[0]
    sheet = load_workbook(target).active
    assert sheet is not None
    names = [sheet.cell(row=r, column=3).value for r in range(5, 5 + window.severe.rowCount())]
    assert names == [window.severe.index(r, 2).data() for r in range(window.severe.rowCount())]


def test_adding_a_renamed_school_asks_then_merges(
    qtbot,
    two_schools,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN the window and the next file of the first school under a new name
    store, base = two_schools
    window = MunicipalWindow(store)
    qtbot.addWidget(window)
    renamed = variant(
        base, tmp_path / "new.json", stamp="2027-05-30T09:00:00", name="МБОУ «Новая школа»",
        inn="3801000001",
    )  # fmt: skip
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(window, "ask", lambda text: asked.append(text) or True)
    monkeypatch.setattr(window, "inform", told.append)
    # WHEN it is added and the methodist answers «yes»
    window.add_files([renamed])
    qtbot.waitUntil(lambda: bool(told), timeout=TIMEOUT)
    # THEN the question named both names, and the school is merged under the new name
    assert "МБОУ «Новая школа»" in asked[0] and "Берёзовская" in asked[0]
    assert "прежнее название" in told[0]
    labels = sorted(window.schools.index(r, 0).data() for r in range(window.schools.rowCount()))
    assert labels == ["Знаменская", "МБОУ «Новая школа»"]


def test_school_window_sends_a_minimised_file(
    qtbot,
    demo_school: DemoSchool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN the demo school's window
    window = MainWindow(demo_school())
    qtbot.addWidget(window)
    fa = window.file_actions
    target = tmp_path / "для-ГМК.json"
    told: list[str] = []
    monkeypatch.setattr(fa, "choose_save", lambda *_: target)
    monkeypatch.setattr(fa, "inform", told.append)
    monkeypatch.setattr(fa, "fail", told.append)
    # WHEN «Файл → Отправить в методический кабинет…» is chosen
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Отправить в методический кабинет…" in texts
    fa.send_municipal_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=TIMEOUT)
    # THEN the file is minimised: no phones in it
    assert "методического кабинета записан" in told[0]
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["minimised"] == "municipality"
    assert all("phone" not in p for p in doc["tables"]["persons"])


def test_summary_is_written_for_the_chosen_period(
    qtbot,
    two_schools,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN the window; the period dialog refuses a period that ends before it starts
    store, _ = two_schools
    window = MunicipalWindow(store)
    qtbot.addWidget(window)
    dialog = PeriodDialog(window, dt.date(2027, 3, 10))
    assert dialog.date_from.text() == "01.01.2027" and dialog.date_to.text() == "31.08.2027"
    dialog.date_from.setText("31.12.2026")
    dialog.date_to.setText("01.09.2026")
    dialog.accept()
    assert "позже его конца" in dialog.message.text() and dialog.result() == 0
    target = tmp_path / "справка.docx"
    told: list[str] = []
    monkeypatch.setattr(window, "choose_save", lambda *_: target)
    monkeypatch.setattr(
        window, "choose_period", lambda: Period(dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    )
    monkeypatch.setattr(window, "inform", told.append)
    monkeypatch.setattr(window, "fail", told.append)
    # WHEN «Сводная справка…» is chosen
    window.summary_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=TIMEOUT)
    # THEN the document is written for that period
    assert "Файл сохранён" in told[0]
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Период: с 01.09.2026 по 31.12.2026." in text


def test_school_window_refuses_a_minimised_file_before_asking(
    qtbot,
    demo_school: DemoSchool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # GIVEN a file minimised for the office and the demo school's window
    ws = demo_school()
    minimised = tmp_path / "для-ГМК.json"
    exchange.export_data(ws.db, minimised, for_municipality=True)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    fa = window.file_actions
    asked: list[str] = []
    failed: list[str] = []
    monkeypatch.setattr(fa, "choose_open", lambda *_: minimised)
    monkeypatch.setattr(fa, "confirm", lambda text: asked.append(text) or True)
    monkeypatch.setattr(fa, "fail", failed.append)
    # WHEN «Загрузить файл обмена…» is given that file
    job = fa.import_data()
    # THEN it is refused at once, nothing asked, no job started
    assert job is None and asked == []
    assert "выгружен для методического кабинета" in failed[0]
